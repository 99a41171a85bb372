"""The figures of the Rasa server (channels/metrics.py) and of the action server (actions/metrics.py), in-process.

Both routes are served by one real Sanic app on a free loopback port, in a thread of this process: Sanic
21.12 has no test client without an extra package, and it starts one app per process only (its TouchUp
rewrites shared classes at the first start). The app gets the channel as Rasa registers the channels of
credentials.yml, and `add_metrics` as scripts/action_server.py calls it. Rasa's internals are called as Rasa
calls them, on small stand-ins. The counters are process-wide, so the tests compare before and after.
"""

import asyncio
import socket
import threading
import uuid
from typing import Optional
from types import SimpleNamespace

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage, register
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionNotFoundException
from sanic import Sanic

from actions import metrics as action_metrics
from channels import metrics

RASA_TOKEN, ACTION_TOKEN = "rasa-test-token", "action-test-token"
SENDER = "5551234"


@pytest.fixture(scope="module")
def instrumented():
    """Rasa's internals wrapped as the channel wraps them when Rasa reads credentials.yml; restored after."""
    originals = {(owner, name): owner.__dict__[name] for owner, name in (
        (Agent, "handle_message"), (RemoteAction, "run"), (FailSafeTrackerStore, "save"),
        (FailSafeTrackerStore, "retrieve"), (FailSafeTrackerStore, "retrieve_full_tracker"),
        (FailSafeTrackerStore, "on_tracker_store_error"), (FailSafeTrackerStore, "on_tracker_store_retrieve_error"))}
    executor_run = ActionExecutor.run
    channel = metrics.MetricsChannel.from_credentials(None)
    metrics.instrument_rasa()  # a second time changes nothing
    yield channel
    for (owner, name), original in originals.items():
        setattr(owner, name, original)
    ActionExecutor.run = executor_run


@pytest.fixture(scope="module")
def server(instrumented):
    """The Rasa server's channel and the action server's /metrics on one Sanic app; yields its base URL."""
    app = Sanic(f"metrics_{uuid.uuid4().hex[:8]}")
    register([instrumented], app, "/webhooks/")  # as rasa/core/run.py registers the channels of credentials.yml
    action_metrics.add_metrics(app, ACTION_TOKEN)  # as scripts/action_server.py build_app calls it
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    loop = asyncio.new_event_loop()

    async def serve():
        running = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
        await running.startup()
        return running

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    running = asyncio.run_coroutine_threadsafe(serve(), loop).result(timeout=30)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RASA_API_TOKEN", RASA_TOKEN)  # read per request by channels/privacy.py's check
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    running.close()
    asyncio.run_coroutine_threadsafe(running.wait_closed(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)


def get(url: str, authorization: Optional[str] = None) -> httpx.Response:
    return httpx.get(url, headers={"Authorization": authorization} if authorization else {}, timeout=10)


def value(registry, name: str, **labels) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def label_values(text: str) -> set:
    """Every label value (numbers elsewhere are measurements, which may hold any digits)."""
    return {value for family in text_string_to_metric_families(text) for s in family.samples
            for value in s.labels.values()}


def names(text: str) -> set:
    return {family.name for family in text_string_to_metric_families(text)}


# --- the Rasa server ---------------------------------------------------------------------------------------


def test_rasa_figures_need_the_api_token_as_bearer_header(server):
    assert get(f"{server}/webhooks/metrics/").status_code == 401
    assert get(f"{server}/webhooks/metrics/", "Bearer falsch").status_code == 401
    assert get(f"{server}/webhooks/metrics/", f"Bearer {ACTION_TOKEN}").status_code == 401
    assert get(f"{server}/webhooks/metrics/?token={RASA_TOKEN}").status_code == 400


def test_rasa_figures_name_turns_actions_and_the_tracker_store(server):
    response = get(f"{server}/webhooks/metrics/", f"Bearer {RASA_TOKEN}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert {"stadtbot_rasa_turns", "stadtbot_rasa_turn_seconds", "stadtbot_rasa_action_calls",
            "stadtbot_rasa_action_failures", "stadtbot_rasa_tracker_store_seconds"} <= names(response.text)
    assert 'worker="' in response.text


class StandInAgent:
    """What Agent.handle_message uses: readiness, the lock store and the processor (which answers `replies`)."""

    def __init__(self, replies):
        self.replies = replies
        self.lock_store = SimpleNamespace(lock=lambda sender: NoLock())

    def is_ready(self):
        return True

    @property
    def processor(self):
        async def handle_message(message):
            for text in self.replies:
                await message.output_channel.send_text_message(message.sender_id, text)
            return message.output_channel.messages
        return SimpleNamespace(handle_message=handle_message)


class NoLock:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


def turn(replies) -> None:
    agent = StandInAgent(replies)
    message = UserMessage("Straßenlaterne kaputt", CollectingOutputChannel(), SENDER)
    asyncio.run(Agent.handle_message(agent, message))


def test_turns_are_counted_by_outcome_and_timed(instrumented):
    registry = metrics.REGISTRY
    answered = value(registry, "stadtbot_rasa_turns_total", outcome="answered")
    nothing = value(registry, "stadtbot_rasa_turns_total", outcome="nothing")
    timed = value(registry, "stadtbot_rasa_turn_seconds_count")
    turn(["Wo ist das?"])
    turn([])
    assert value(registry, "stadtbot_rasa_turns_total", outcome="answered") == answered + 1
    assert value(registry, "stadtbot_rasa_turns_total", outcome="nothing") == nothing + 1
    assert value(registry, "stadtbot_rasa_turn_seconds_count") == timed + 2


def test_a_failed_custom_action_is_counted_by_its_name(instrumented):
    registry = metrics.REGISTRY
    calls = value(registry, "stadtbot_rasa_action_calls_total", action="action_file_report")
    failures = value(registry, "stadtbot_rasa_action_failures_total", action="action_file_report")
    tracker = DialogueStateTracker(SENDER, [])
    with pytest.raises(Exception):  # no action endpoint: Rasa's "action server down"
        asyncio.run(RemoteAction("action_file_report", None).run(CollectingOutputChannel(), None, tracker,
                                                                 Domain.empty()))
    assert value(registry, "stadtbot_rasa_action_calls_total", action="action_file_report") == calls + 1
    assert value(registry, "stadtbot_rasa_action_failures_total", action="action_file_report") == failures + 1


def test_tracker_store_saves_and_reads_are_timed(instrumented):
    registry = metrics.REGISTRY
    saves = value(registry, "stadtbot_rasa_tracker_store_seconds_count", operation="save")
    reads = value(registry, "stadtbot_rasa_tracker_store_seconds_count", operation="retrieve")
    store = FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))

    async def save_and_read():
        await store.save(DialogueStateTracker(SENDER, []))
        return await store.retrieve(SENDER)

    assert asyncio.run(save_and_read()).sender_id == SENDER
    assert value(registry, "stadtbot_rasa_tracker_store_seconds_count", operation="save") == saves + 1
    assert value(registry, "stadtbot_rasa_tracker_store_seconds_count", operation="retrieve") == reads + 1


def test_rasa_figures_name_no_sender_and_no_text(server):
    turn(["Danke!"])
    text = get(f"{server}/webhooks/metrics/", f"Bearer {RASA_TOKEN}").text
    assert not any(SENDER in value for value in label_values(text)) and "Straßenlaterne" not in text


# --- the action server -------------------------------------------------------------------------------------


class ActionGreet(Action):
    def name(self):
        return "action_greet_for_test"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="Hallo")
        return []


def call(executor: ActionExecutor, name: str):
    tracker = {"sender_id": SENDER, "slots": {}, "latest_message": {}, "events": [], "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": None}
    return asyncio.run(executor.run({"next_action": name, "tracker": tracker, "domain": {}}))


def test_action_figures_need_the_action_server_token(server):
    assert get(f"{server}/metrics").status_code == 401
    assert get(f"{server}/metrics", f"Bearer {RASA_TOKEN}").status_code == 401
    response = get(f"{server}/metrics", f"Bearer {ACTION_TOKEN}")
    assert response.status_code == 200
    assert {"stadtbot_actions_calls", "stadtbot_actions_seconds", "stadtbot_actions_failures"} <= names(response.text)


def test_action_calls_are_counted_by_name_and_an_unknown_name_is_no_label(server):
    executor = ActionExecutor()
    executor.register_action(ActionGreet)
    registry = action_metrics.REGISTRY
    calls = value(registry, "stadtbot_actions_calls_total", action="action_greet_for_test")
    unknown = value(registry, "stadtbot_actions_failures_total", action="unknown", reason="not_found")
    assert call(executor, "action_greet_for_test")["responses"][0]["text"] == "Hallo"
    with pytest.raises(ActionNotFoundException):
        call(executor, "action_5551234")
    assert value(registry, "stadtbot_actions_calls_total", action="action_greet_for_test") == calls + 1
    assert value(registry, "stadtbot_actions_seconds_count", action="action_greet_for_test") >= 1
    assert value(registry, "stadtbot_actions_failures_total", action="unknown", reason="not_found") == unknown + 1
    text = get(f"{server}/metrics", f"Bearer {ACTION_TOKEN}").text
    assert not any(SENDER in value for value in label_values(text))
