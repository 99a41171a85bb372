"""GET /metrics of the adapter (bot/metrics.py, bot/web.py) and of the backend (backend/metrics.py).

The adapter runs as in bot/__main__.py (its handlers, ChatOrderedProcessor, the counting Bot API request)
with the stubs of tests/fast/app/test_telegram_handlers.py; updates go through the processor as PTB hands
them over. The counters are process-wide, so the tests compare before and after.
"""

import json

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram.ext import Application

from bot import config, metrics
from bot.__main__ import add_handlers
from bot.guards import ChatOrderedProcessor, RateLimit, SeenUpdates
from bot.inbox import Inbox
from bot.rasa import Rasa
from bot.web import create_app
from tests.fast.app.conftest import file_report
from tests.fast.app.test_telegram_handlers import CHAT_ID, TOKEN, Assistant, BotApi, Chat

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


class CountedBotApi(metrics.CountedCalls, BotApi):
    """The Bot API stub behind the adapter's counting request class; `refuse` makes a method fail as Telegram would."""

    def __init__(self):
        super().__init__()
        self.refuse = {}  # method -> (status, description)

    async def do_request(self, url, method, request_data=None, **timeouts):
        name = url.rsplit("/", 1)[-1]
        if name in self.refuse:
            status, description = self.refuse[name]
            return status, json.dumps({"ok": False, "error_code": status, "description": description}).encode()
        return await super().do_request(url, method, request_data, **timeouts)


class Adapter(Chat):
    """The citizen's chat, with every update taken through the processor, and the adapter's /metrics."""

    async def handle(self, update) -> None:
        processor = self.application.update_processor
        await processor.process_update(update, self.application.process_update(update))

    async def figures(self) -> str:
        app = create_app(self.application, self.application.bot_data["settings"])
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://adapter") as client:
            response = await client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
        return response.text


@pytest.fixture
async def adapter(tmp_path, chat_settings):
    api, assistant = CountedBotApi(), Assistant()
    rasa = Rasa(chat_settings.rasa_url, timeout=5)
    rasa.client = httpx.AsyncClient(transport=httpx.MockTransport(assistant.handle))
    inbox = Inbox(tmp_path / "inbox.db", max_age=3600)
    application = (Application.builder().token(TOKEN).request(api).get_updates_request(BotApi()).updater(None)
                   .concurrent_updates(ChatOrderedProcessor(8, inbox=inbox)).build())
    application.bot_data.update(settings=chat_settings, rasa=rasa, seen=SeenUpdates(), inbox=inbox,
                                rate=RateLimit(burst=3, per_second=0.5, clock=lambda: 0.0))
    add_handlers(application)
    async with application:
        yield Adapter(application, api, assistant, city=None)
    await rasa.close()
    inbox.close()


@pytest.fixture
def chat_settings(tmp_path):
    return config.Settings(token=TOKEN, api_url="https://api.telegram.invalid", webhook_url="", webhook_secret="",
                           listen_url="http://127.0.0.1:8081", rasa_url="http://rasa.invalid",
                           backend_url="http://backend.invalid", data_dir=tmp_path, media_max_bytes=1024 * 1024,
                           media_max_pixels=40_000_000, configured_api_key="key", configured_rasa_token="token")


def value(name: str, **labels) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def label_values(text: str) -> set:
    """Every label value of an exposition text (numbers elsewhere are measurements, which may hold any digits)."""
    return {value for family in text_string_to_metric_families(text) for s in family.samples
            for value in s.labels.values()}


def samples(text: str) -> dict:
    """{(name, frozenset(labels)): value} of an exposition text (which must parse)."""
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


# --- the adapter -------------------------------------------------------------------------------------------


async def test_handled_messages_and_button_presses_show_as_counts_and_turn_times(adapter):
    before = {kind: value("stadtbot_adapter_updates_received_total", kind=kind) for kind in ("message", "callback")}
    replies, turns = value("stadtbot_adapter_replies_sent_total"), value("stadtbot_adapter_turn_seconds_count")
    adapter.assistant.replies = lambda text: [{"text": "Worum geht es?", "buttons": [
        {"title": "Graffiti", "payload": '/inform{"category":"graffiti"}'}]}]
    await adapter.handle(adapter.message(text="Schaden melden"))
    await adapter.handle(adapter.message(text="Noch etwas"))
    (((_, data),),) = adapter.buttons()
    await adapter.handle(adapter.press(data))

    shown = samples(await adapter.figures())
    received = "stadtbot_adapter_updates_received_total"
    assert shown[(received, frozenset({("kind", "message")}))] == before["message"] + 2
    assert shown[(received, frozenset({("kind", "callback")}))] == before["callback"] + 1
    assert shown[("stadtbot_adapter_replies_sent_total", frozenset())] == replies + 3
    assert shown[("stadtbot_adapter_turn_seconds_count", frozenset())] == turns + 3
    assert ("stadtbot_adapter_turn_seconds_bucket", frozenset({("le", "0.1")})) in shown
    assert shown[("stadtbot_adapter_updates_in_flight", frozenset())] == 0
    assert shown[("stadtbot_adapter_updates_waiting", frozenset())] == 0
    assert shown[("stadtbot_adapter_inbox_pending", frozenset())] == 0


async def test_a_flood_shows_in_the_dropped_counter_and_not_as_a_turn(adapter):
    dropped = value("stadtbot_adapter_updates_dropped_total", reason="rate")
    for number in range(3):  # the burst the rate limit allows
        await adapter.handle(adapter.message(text=f"Nachricht {number}"))
    turns = value("stadtbot_adapter_turn_seconds_count")
    await adapter.handle(adapter.message(text="eine zu viel"))
    text = await adapter.figures()
    assert samples(text)[("stadtbot_adapter_updates_dropped_total", frozenset({("reason", "rate")}))] == dropped + 1
    assert value("stadtbot_adapter_turn_seconds_count") == turns  # the calm note is no answer to time


async def test_an_update_delivered_twice_counts_as_a_duplicate(adapter):
    duplicates = value("stadtbot_adapter_updates_dropped_total", reason="duplicate")
    update = adapter.message(text="Hallo")
    await adapter.handle(update)
    await adapter.handle(update)
    assert value("stadtbot_adapter_updates_dropped_total", reason="duplicate") == duplicates + 1


async def test_rasa_down_and_a_blocked_bot_show_as_failures(adapter):
    down = value("stadtbot_adapter_rasa_failures_total", reason="down")
    refused = value("stadtbot_adapter_bot_api_errors_total", method="sendMessage", error="Forbidden")
    adapter.assistant.down = True
    adapter.api.refuse["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    await adapter.handle(adapter.message(text="Hallo?"))
    assert value("stadtbot_adapter_rasa_failures_total", reason="down") == down + 1
    assert value("stadtbot_adapter_bot_api_errors_total", method="sendMessage", error="Forbidden") > refused


async def test_updates_kept_in_the_inbox_show_as_pending(adapter):
    adapter.application.bot_data["inbox"].accept([{"update_id": 991, "message": {"text": "später"}}])
    assert samples(await adapter.figures())[("stadtbot_adapter_inbox_pending", frozenset())] == 1


async def test_the_adapter_figures_name_no_chat_and_no_text(adapter):
    await adapter.handle(adapter.message(text="Sperrmüll in der Wiesestraße"))
    text = await adapter.figures()
    assert not any(str(CHAT_ID) in value for value in label_values(text))
    assert "Wiesestraße" not in text and TOKEN not in text


# --- the backend -------------------------------------------------------------------------------------------


def test_backend_figures_without_the_key_are_refused_in_german(backend):
    response = backend.client.get("/metrics")
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "API-Schlüssel fehlt oder ist falsch."}]
    assert backend.client.get("/metrics", headers={"X-Api-Key": "falsch"}).status_code == 403


def test_backend_figures_refuse_a_key_in_the_url(backend):
    response = backend.client.get("/metrics", params={"api_key": backend.api_key})
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_backend_figures_count_requests_by_route_template_without_report_numbers(backend):
    number = file_report(backend)
    assert backend.client.get(f"{backend.api}/requests/{number}.json").status_code == 200
    assert backend.client.get("/staff/conversations/tg-abcdef123456").status_code in (303, 401, 403)
    assert backend.client.get("/gibt-es-nicht").status_code == 404
    response = backend.client.get("/metrics", headers={"X-Api-Key": backend.api_key})
    assert response.status_code == 200
    shown = samples(response.text)
    template = "/open311/v2/requests/{service_request_id}.json"
    assert shown[("stadtbot_backend_requests_total",
                  frozenset({("route", template), ("method", "GET"), ("status", "2xx")}))] >= 1
    assert shown[("stadtbot_backend_requests_total",
                  frozenset({("route", "/open311/v2/requests.json"), ("method", "POST"), ("status", "2xx")}))] >= 1
    assert shown[("stadtbot_backend_requests_total",
                  frozenset({("route", "unmatched"), ("method", "GET"), ("status", "4xx")}))] >= 1
    assert shown[("stadtbot_backend_request_seconds_count", frozenset({("route", template)}))] >= 1
    assert ("stadtbot_backend_photos_processing", frozenset()) in shown
    assert ("stadtbot_backend_photos_waiting", frozenset()) in shown
    assert not any(number in value for value in label_values(response.text))
    assert "abcdef123456" not in response.text and "gibt-es-nicht" not in response.text


def test_backend_failures_count_as_errors(backend, monkeypatch):
    class BrokenStorage:
        class db:
            @staticmethod
            def execute(sql):
                raise RuntimeError("database gone")

    errors = backend.new_client()
    errors._transport.raise_server_exceptions = False  # answered as Starlette answers a real client: 500
    monkeypatch.setattr(backend.client.app.state, "storage", BrokenStorage())
    assert errors.get("/health").status_code == 500
    assert errors.request("BREW", "/health").status_code in (400, 405)
    monkeypatch.undo()
    shown = samples(backend.client.get("/metrics", headers={"X-Api-Key": backend.api_key}).text)
    assert shown[("stadtbot_backend_errors_total", frozenset({("route", "/health")}))] >= 1
    assert shown[("stadtbot_backend_requests_total",
                  frozenset({("route", "/health"), ("method", "GET"), ("status", "5xx")}))] >= 1
    assert not any(("method", "BREW") in labels for _, labels in shown)  # an invented method is no label
