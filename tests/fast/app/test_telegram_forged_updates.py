"""Updates with fields of the wrong type, as only a forged webhook call (with the secret) or a broken relay sends.

PTB reads `"chat": null`, `"text": 1.5` or a chat id `[1]` without complaint; the filters, the text
callback and the per-chat queue then failed on them with a traceback (bench/fuzz_telegram.py). They
are ignored at the door (bot/guards.py `readable`): no exception, no answer, no turn for the assistant,
and the log names the update and the field, never the chat. The Application runs with the adapter's
processor and guards and the callbacks for texts, buttons and everything else; the Bot API and the
assistant are the stubs of tests/fast/app/test_telegram_handlers.py.
"""

import asyncio
import json
import logging
import time
from pathlib import Path

import httpx
import pytest
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, TypeHandler, filters

from bot import config, handlers
from bot.guards import ChatOrderedProcessor, RateLimit, SeenUpdates, readable
from bot.rasa import Rasa
from bot.web import SECRET_HEADER, create_app
from tests.fast.app.test_telegram_handlers import CHAT_ID, CITIZEN, TOKEN, Assistant, BotApi

pytestmark = pytest.mark.anyio

SECRET = "forged-updates-test-secret"


@pytest.fixture
def anyio_backend():
    return "asyncio"


def message(**fields) -> dict:
    """A citizen's text message; `fields` replace its fields (None: the field is left out)."""
    sent = {"message_id": 7, "date": int(time.time()), "text": "Laterne Sorge 12 ist aus",
            "chat": {"id": CHAT_ID, "type": "private"}, "from": CITIZEN}
    sent.update(fields)
    return {key: value for key, value in sent.items() if value is not None}


FORGED = {
    "chat null": {"message": {**message(), "chat": None}},
    "no chat": {"message": message(chat=None)},
    "text a number": {"message": message(text=1.5)},
    "text true": {"message": message(text=True)},
    "chat id a list": {"message": message(chat={"id": [1], "type": "private"})},
    "chat id text": {"message": message(chat={"id": "5551234", "type": "private"})},
    "chat type a number": {"message": message(chat={"id": CHAT_ID, "type": 1})},
    "from id a list": {"message": message(**{"from": {"id": [1], "is_bot": False, "first_name": "X"}})},
    "message a list": {"message": [1]},
    "caption a dict": {"message": message(text=None, caption={"a": 1})},
    "edited text a number": {"edited_message": message(text=2.5)},
    "button data a number": {"callback_query": {"id": "1", "from": CITIZEN, "chat_instance": "1", "data": 5,
                                                "message": message(text="Worum geht es?")}},
    # PTB cannot read it, and it carries no message whose chat could get the "unknown message" answer.
    "poll answer PTB cannot read": {"poll_answer": {"poll_id": "1", "user": CITIZEN}},
    "button from a chat id list": {"callback_query": {"id": "1", "from": {"id": [1], "is_bot": False,
                                                                           "first_name": "X"},
                                                       "chat_instance": "1", "data": "b:/affirm"}},
}


class Adapter:
    """The Application with the adapter's processor, guards and callbacks, and its webhook (bot/web.py)."""

    def __init__(self, application: Application, api: BotApi, assistant: Assistant, errors: list):
        self.application, self.api, self.assistant, self.errors = application, api, assistant, errors
        settings = config.Settings(token=TOKEN, api_url="https://api.telegram.invalid",
                                   webhook_url="https://stadtbot.invalid/telegram", webhook_secret=SECRET,
                                   listen_url="http://127.0.0.1:8081", rasa_url="http://rasa.invalid",
                                   backend_url="http://backend.invalid", data_dir=Path("/nonexistent"),
                                   media_max_bytes=10_000_000, media_max_pixels=40_000_000)
        self.web = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(application, settings)),
                                     base_url="http://127.0.0.1:8081")
        self.update_id = 0

    async def deliver(self, update: dict) -> int:
        """Posts the update to the webhook with the right secret and waits until the Application handled it."""
        self.update_id += 1
        response = await self.web.post("/telegram", content=json.dumps({"update_id": self.update_id, **update}),
                                       headers={SECRET_HEADER: SECRET})
        await asyncio.wait_for(self.application.update_queue.join(), 5)
        for _ in range(50):  # the processor runs the update as a task of its own
            await asyncio.sleep(0.01)
        return response.status_code


@pytest.fixture
async def adapter():
    api, assistant, errors = BotApi(), Assistant(), []
    rasa = Rasa("http://rasa.invalid", timeout=30)
    rasa.client = httpx.AsyncClient(transport=httpx.MockTransport(assistant.handle))
    application = (Application.builder().token(TOKEN).request(api).get_updates_request(BotApi()).updater(None)
                   .concurrent_updates(ChatOrderedProcessor(8)).build())
    application.bot_data.update(rasa=rasa, seen=SeenUpdates(), rate=RateLimit(burst=5, per_second=1))
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, handlers.drop_duplicates), group=-2)
    application.add_handler(TypeHandler(Update, handlers.limit_rate), group=-1)
    application.add_handler(MessageHandler(filters.ChatType.GROUPS, handlers.group_message))
    application.add_handler(MessageHandler(private & filters.UpdateType.EDITED, handlers.edited))
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.text))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, handlers.anything_else))
    application.add_handler(CallbackQueryHandler(handlers.button, pattern=r"^b:"))
    application.add_handler(CallbackQueryHandler(handlers.stale_button))

    async def record(update, context):
        errors.append(context.error)

    application.add_error_handler(record)
    async with application:
        await application.start()
        adapter = Adapter(application, api, assistant, errors)
        yield adapter
        await adapter.web.aclose()
        await application.stop()
    await rasa.close()


@pytest.mark.parametrize("kind", FORGED)
async def test_an_update_with_a_field_of_the_wrong_type_is_ignored_without_an_error(adapter, kind, caplog):
    with caplog.at_level(logging.DEBUG):
        assert await adapter.deliver(FORGED[kind]) == 200  # Telegram would repeat anything else forever
    assert adapter.errors == []
    assert [record for record in caplog.records if record.exc_info] == [], "no traceback"
    assert [name for name, _ in adapter.api.calls if name != "getMe"] == [], "nothing answered"
    assert adapter.assistant.turns == []
    assert str(CHAT_ID) not in caplog.text and "[1]" not in caplog.text, "the log never names the chat"
    assert "ignored" in caplog.text


async def test_a_well_formed_message_still_reaches_the_assistant(adapter):
    assert await adapter.deliver({"message": message()}) == 200
    assert adapter.errors == []
    assert [turn["message"] for turn in adapter.assistant.turns] == ["Laterne Sorge 12 ist aus"]
    assert adapter.api.texts() == ["Antwort auf Laterne Sorge 12 ist aus"]


def test_polling_ignores_the_same_updates():
    """getUpdates goes through `readable` too (bot/guards.py TolerantUpdates): only the id stays."""
    for update_id, update in enumerate(FORGED.values(), start=1):
        assert readable({"update_id": update_id, **update}) == {"update_id": update_id}
    button = {"update_id": 99, "callback_query": {"id": "1", "from": CITIZEN, "chat_instance": "1",
                                                  "data": "b:/affirm", "message": message()}}
    assert readable(button) == button
