"""The outbox: a report that meets a stopped backend waits, is filed once when the backend is back, never twice.

The outage test starts its own backend (free port, own data dir and key) so
it can stop and start it; the other tests use the shared session backend and
their own outbox file. Time moves by passing `now` to deliver_due, never by
sleeping; servers and the background loop are awaited by polling with a
deadline.
"""

import asyncio
import os
import subprocess
import time
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from actions import config
from actions.clients.open311 import Open311Client
from actions.outbox import DELIVERED, FAILED, PENDING, Outbox, start_delivery_loop, stop_delivery_loop
from scripts.stack import APP_PYTHON, free_port, stop, wait_until_ready
from tests.backend_fixtures import ROOT, START_TIMEOUT, backend  # noqa: F401

pytestmark = pytest.mark.anyio
LATER = timedelta(days=365)


@pytest.fixture
def anyio_backend():
    return "asyncio"


def new_id() -> str:
    return uuid.uuid4().hex


def a_report(sender: str, **fields) -> dict:
    """A streetlight report at the Markt with a description no other test uses."""
    return {"service_code": "streetlight", "lat": 50.8763, "long": 12.0836, "account_id": sender,
            "description": f"Laterne am Markt ist aus ({new_id()})", **fields}


def settings_for(url: str, api_key: str, data_dir, **env):
    return config.load({"BACKEND_URL": url, "OPEN311_API_KEY": api_key, "STADTBOT_DATA_DIR": str(data_dir), **env})


@pytest.fixture
def settings(backend, tmp_path):  # noqa: F811
    return settings_for(backend.url, backend.api_key, tmp_path)


def reports_with(backend, description: str) -> list:
    """The backend's reports with exactly this description (its own GET /requests.json, the key in the header:
    without it the description is not public)."""
    response = httpx.get(f"{backend.url}/open311/v2/requests.json", params={"page_size": "200"},
                         headers={"X-Api-Key": backend.api_key}, timeout=10)
    response.raise_for_status()
    return [r for r in response.json() if r["description"] == description]


class OwnBackend:
    """A backend for one test alone, started and stopped at will."""

    def __init__(self, data_dir):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.api_key = "outbox-test-key"
        self.data_dir = data_dir
        self.log = data_dir / "backend.log"
        self.process = None

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "STADTBOT_DATA_DIR": str(self.data_dir),
               "BACKEND_URL": self.url, "OPEN311_API_KEY": self.api_key, "GERA_BBOX": "50.80,11.96,50.96,12.23"}
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([APP_PYTHON, "-m", "backend"], cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_ready(f"{self.url}/health", self.process, self.log, START_TIMEOUT)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@pytest.fixture
def stopped_backend(tmp_path):
    own = OwnBackend(tmp_path / "backend")
    yield own
    own.stop()


async def test_report_waits_while_the_backend_is_down_and_is_filed_once_when_it_is_back(stopped_backend, tmp_path):
    settings = settings_for(stopped_backend.url, stopped_backend.api_key, tmp_path / "actions")
    outbox, sender = Outbox.from_settings(settings), new_id()
    report = a_report(sender)
    stored = outbox.put(report, new_id(), sender)
    async with Open311Client.from_settings(settings) as client:
        [waiting] = await outbox.deliver_due(client)
        assert (waiting.state, waiting.attempts) == (PENDING, 1)
        assert waiting.next_try_at > stored.next_try_at and waiting.last_error
        assert outbox.pending_for(sender) == [waiting]

        stopped_backend.start()
        [filed] = await outbox.deliver_due(client, now=waiting.next_try_at)
        assert (filed.state, filed.attempts) == (DELIVERED, 2) and filed.service_request_id
        assert await outbox.deliver_due(client, now=waiting.next_try_at + LATER) == []
    assert [r["service_request_id"] for r in reports_with(stopped_backend, report["description"])] \
        == [filed.service_request_id]
    assert outbox.pending_for(sender) == []


async def test_delivery_after_a_lost_answer_files_no_second_report(settings, backend):  # noqa: F811
    outbox, sender, key = Outbox.from_settings(settings), new_id(), new_id()
    report = a_report(sender)
    outbox.put(report, key, sender)
    async with Open311Client.from_settings(settings) as client:
        # The backend stored the report, but the outbox "crashed" before it recorded the number.
        number = await client.create_request(**report, idempotency_key=key)
        [filed] = await outbox.deliver_due(client)
    assert (filed.state, filed.service_request_id) == (DELIVERED, number)
    assert len(reports_with(backend, report["description"])) == 1


async def test_rejected_report_ends_as_failed_with_the_german_reason(settings):
    outbox, sender = Outbox.from_settings(settings), new_id()
    outbox.put(a_report(sender, lat=51.3397, long=12.3731), new_id(), sender)  # Leipzig
    async with Open311Client.from_settings(settings) as client:
        [refused] = await outbox.deliver_due(client)
        assert refused.state == FAILED and "außerhalb von Gera" in refused.failed_reason
        assert await outbox.deliver_due(client, now=datetime.now(timezone.utc) + LATER) == []  # never retried
    assert outbox.pending_for(sender) == []


async def test_retry_delay_doubles_up_to_the_maximum(tmp_path):
    settings = settings_for(f"http://127.0.0.1:{free_port()}", "k", tmp_path)  # nobody listens there
    outbox, sender = Outbox.from_settings(settings), new_id()
    entry = outbox.put(a_report(sender), new_id(), sender)
    delays = []
    async with Open311Client.from_settings(settings) as client:
        for _ in range(10):
            [tried] = await outbox.deliver_due(client, now=entry.next_try_at)
            delays.append((tried.next_try_at - entry.next_try_at).total_seconds())
            entry = tried
    assert delays == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert entry.attempts == 10 and entry.state == PENDING


async def test_two_action_servers_deliver_each_report_once(settings, backend, tmp_path):  # noqa: F811
    first, second, sender = Outbox.from_settings(settings), Outbox.from_settings(settings), new_id()
    reports = [a_report(sender) for _ in range(3)]
    for report in reports:
        first.put(report, new_id(), sender)
    async with Open311Client.from_settings(settings) as client:
        rounds = await asyncio.gather(first.deliver_due(client), second.deliver_due(client))
    assert sum(len(tried) for tried in rounds) == 3  # each entry claimed by one of them only
    for report in reports:
        assert len(reports_with(backend, report["description"])) == 1


def test_the_same_confirmation_twice_keeps_one_entry(tmp_path):
    outbox, sender, key = Outbox(tmp_path / "outbox.db"), new_id(), new_id()
    first = outbox.put(a_report(sender), key, sender)
    assert outbox.put(a_report(sender), key, sender) == first
    assert len(outbox.pending_for(sender)) == 1


def test_report_with_unknown_fields_is_refused_at_once(tmp_path):
    with pytest.raises(ValueError, match="unknown report fields"):
        Outbox(tmp_path / "outbox.db").put({"service_code": "tree", "colour": "grün"}, new_id(), "s")


def notifications_for(backend, account_id: str) -> list:  # noqa: F811
    response = httpx.get(f"{backend.url}/notifications.json", params={"limit": "200"},
                         headers={"X-Api-Key": backend.api_key}, timeout=10)
    response.raise_for_status()
    return [n for n in response.json() if n["account_id"] == account_id]


async def test_backend_tells_the_citizen_the_number_of_a_report_filed_late(settings, backend):  # noqa: F811
    outbox, sender = Outbox.from_settings(settings), new_id()
    entry = outbox.put(a_report(sender), new_id(), sender)
    async with Open311Client.from_settings(settings) as client:
        [filed] = await outbox.deliver_due(client)
    assert filed.state == DELIVERED and filed.announced_at is not None
    assert outbox.unannounced(sender) == [], "Meine Meldungen does not repeat the number"
    [news] = notifications_for(backend, sender)
    assert news["service_request_id"] == filed.service_request_id
    assert news["text"].startswith(f"Ihre gespeicherte Meldung ist jetzt bei der Stadt eingegangen: "
                                   f"Nr. {filed.service_request_id} (")
    assert outbox.get(entry.idempotency_key) == filed


async def test_report_filed_at_once_is_not_notified_again(settings, backend):  # noqa: F811
    sender = new_id()
    async with Open311Client.from_settings(settings) as client:
        number = await client.create_request(**a_report(sender), idempotency_key=new_id())
    assert number and notifications_for(backend, sender) == []


async def test_citizen_without_an_account_is_told_the_number_once_when_asking(settings):
    """No account_id (or a server without notifications): the assistant announces the number when asked."""
    outbox, sender = Outbox.from_settings(settings), new_id()
    before = datetime.now(timezone.utc)
    entry = outbox.put(a_report(sender, account_id=None), new_id(), sender)
    async with Open311Client.from_settings(settings) as client:
        await outbox.deliver_due(client)
    [filed] = outbox.unannounced(sender)
    assert filed.idempotency_key == entry.idempotency_key and filed.service_request_id
    assert outbox.delivered_since(before, sender) == [filed]
    assert outbox.delivered_since(datetime.now(timezone.utc) + timedelta(seconds=1), sender) == []
    outbox.mark_announced(entry.idempotency_key)
    assert outbox.unannounced(sender) == []


async def test_background_loop_files_a_waiting_report(settings):
    outbox, sender = Outbox.from_settings(settings), new_id()
    key = outbox.put(a_report(sender), new_id(), sender).idempotency_key
    task = start_delivery_loop(settings)
    try:
        deadline = time.monotonic() + 15
        while outbox.get(key).state == PENDING and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert outbox.get(key).state == DELIVERED
        assert not task.done()
    finally:
        await stop_delivery_loop()
    assert task.cancelled()


def my_reports(url: str, api_key: str, account_id: str) -> list:
    response = httpx.get(f"{url}/open311/v2/requests.json", params={"account_id": account_id},
                         headers={"X-Api-Key": api_key}, timeout=10)
    response.raise_for_status()
    return response.json()


async def test_forgotten_citizen_report_is_still_filed_but_not_linked_to_the_chat(settings, backend):  # noqa: F811
    """/loeschen while a report waits: the city still gets it, without the chat id; older entries go."""
    outbox, sender = Outbox.from_settings(settings), new_id()
    waiting, earlier = a_report(sender), a_report(sender)
    outbox.put(earlier, new_id(), sender)
    async with Open311Client.from_settings(settings) as client:
        await outbox.deliver_due(client)  # the earlier one is filed (and would be announced in the chat)
        outbox.put(waiting, new_id(), sender)
        assert outbox.forget(sender) == 2
        assert outbox.pending_for(sender) == [] and outbox.unannounced(sender) == []
        [filed] = await outbox.deliver_due(client)
    assert filed.state == DELIVERED and filed.sender_id == ""
    assert [r["service_request_id"] for r in reports_with(backend, waiting["description"])] \
        == [filed.service_request_id]
    linked = [r["description"] for r in my_reports(backend.url, backend.api_key, sender)]
    assert waiting["description"] not in linked


def test_forgetting_a_citizen_without_entries_changes_nothing(tmp_path):
    outbox, other = Outbox(tmp_path / "outbox.db"), new_id()
    outbox.put(a_report(other), new_id(), other)
    assert outbox.forget(new_id()) == 0
    assert len(outbox.pending_for(other)) == 1
