"""A chat that floods the adapter is told once to slow down; every other chat keeps its full speed.

The Application runs as in bot/__main__.py (ChatOrderedProcessor, the duplicate and rate guards, the text
callback) with a small global capacity, so that the flood of one chat would fill it without the per-chat
queue. The Bot API and the assistant are stubs (tests/fast/app/test_telegram_handlers.py); the assistant
keeps the flooding chat's first turn waiting until the test lets it go.
"""

import asyncio
import json
import logging
import time

import httpx
import pytest
from telegram import Update
from telegram.ext import Application, MessageHandler, TypeHandler, filters

from bot import handlers, texts
from bot.guards import ChatOrderedProcessor, RateLimit, SeenUpdates
from bot.rasa import Rasa
from tests.fast.app.test_telegram_handlers import BOT, TOKEN, BotApi

pytestmark = pytest.mark.anyio

FLOODER, NEIGHBOUR = 5550001001, 5550002002
GLOBAL_SLOTS, PER_CHAT, BURST = 4, 5, 3


@pytest.fixture
def anyio_backend():
    return "asyncio"


class SlowAssistant:
    """Rasa's REST channel as a stub: the flooding chat's turns wait for `go`, everyone else is answered at once."""

    def __init__(self):
        self.turns = []
        self.go = asyncio.Event()

    async def handle(self, request: httpx.Request) -> httpx.Response:
        turn = json.loads(request.content)
        self.turns.append(turn)
        await asyncio.sleep(0.01)  # a round trip: the chat's next updates arrive meanwhile
        if turn["sender"] == str(FLOODER):
            await self.go.wait()
        return httpx.Response(200, json=[{"recipient_id": turn["sender"], "text": f"Antwort auf {turn['message']}"}])

    def senders(self):
        return [turn["sender"] for turn in self.turns]


class Adapter:
    def __init__(self, application: Application, api: BotApi, assistant: SlowAssistant, now: list):
        self.application, self.api, self.assistant, self.now = application, api, assistant, now
        self.update_id = 0

    async def receive(self, chat_id: int, text: str) -> None:
        """An update as polling or the webhook hands it to the Application."""
        self.update_id += 1
        message = {"message_id": self.update_id, "date": int(time.time()), "text": text,
                   "chat": {"id": chat_id, "type": "private"},
                   "from": {"id": chat_id, "is_bot": False, "first_name": "Bürger"}}
        update = Update.de_json({"update_id": self.update_id, "message": message}, self.application.bot)
        await self.application.update_queue.put(update)

    def texts_to(self, chat_id: int):
        return [params["text"] for params in self.api.sent() if params["chat_id"] == chat_id]

    async def wait_for(self, condition, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"waited in vain; sent so far: {self.api.texts()}"
            await asyncio.sleep(0.01)


@pytest.fixture
async def adapter():
    api, assistant, now = BotApi(), SlowAssistant(), [0.0]
    rasa = Rasa("http://rasa.invalid", timeout=30)
    rasa.client = httpx.AsyncClient(transport=httpx.MockTransport(assistant.handle))
    processor = ChatOrderedProcessor(GLOBAL_SLOTS, per_chat=PER_CHAT, clock=lambda: now[0])
    application = (Application.builder().token(TOKEN).request(api).get_updates_request(BotApi()).updater(None)
                   .concurrent_updates(processor).build())
    application.bot_data.update(rasa=rasa, seen=SeenUpdates(),
                                rate=RateLimit(burst=BURST, per_second=0.5, clock=lambda: 0.0))
    application.add_handler(TypeHandler(Update, handlers.drop_duplicates), group=-2)
    application.add_handler(TypeHandler(Update, handlers.limit_rate), group=-1)
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT, handlers.text))
    async with application:
        await application.start()
        yield Adapter(application, api, assistant, now)
        assistant.go.set()
        await application.stop()
    await rasa.close()


async def test_a_flooding_chat_is_told_once_to_slow_down_and_another_chat_is_answered_meanwhile(adapter):
    for number in range(300):
        await adapter.receive(FLOODER, f"Weitergeleitet {number}")
    await adapter.receive(NEIGHBOUR, "Laterne Sorge 12 ist aus")

    await adapter.wait_for(lambda: adapter.texts_to(NEIGHBOUR))
    assert adapter.texts_to(NEIGHBOUR) == ["Antwort auf Laterne Sorge 12 ist aus"]
    assert adapter.texts_to(FLOODER) == [texts.TOO_FAST], "the flood hears once, at once, that it is too much"
    assert texts.TOO_FAST.startswith("Bitte langsamer")

    adapter.assistant.go.set()
    await asyncio.wait_for(adapter.application.update_queue.join(), 5)
    answered = [text for text in adapter.texts_to(FLOODER) if text.startswith("Antwort auf")]
    assert answered == [f"Antwort auf Weitergeleitet {number}" for number in range(BURST)], "in order, the rest dropped"
    assert adapter.texts_to(FLOODER).count(texts.TOO_FAST) == 1, "the rate limit does not note the same flood again"
    assert adapter.assistant.senders().count(str(FLOODER)) == BURST


async def test_a_flood_in_several_waves_hears_it_once_a_minute(adapter):
    adapter.assistant.go.set()
    for wave, seconds in enumerate((0, 30, 61)):
        adapter.now[0] = seconds
        for number in range(PER_CHAT + 3):
            await adapter.receive(FLOODER, f"Welle {wave}.{number}")
        await asyncio.wait_for(adapter.application.update_queue.join(), 5)
        adapter.application.bot_data["rate"].buckets.clear()  # the bucket refilled meanwhile
    assert adapter.texts_to(FLOODER).count(texts.TOO_FAST) == 2, "once in the first minute, once in the second"


async def test_dropped_updates_are_logged_under_a_pseudonym_never_the_chat_id(adapter, caplog):
    adapter.assistant.go.set()
    with caplog.at_level(logging.INFO, logger="bot.guards"):
        for number in range(PER_CHAT + 10):
            await adapter.receive(FLOODER, f"Flut {number}")
        await asyncio.wait_for(adapter.application.update_queue.join(), 5)
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("bot"))
    name = adapter.application.update_processor.log_name(FLOODER)
    assert f"chat {name} floods" in logged and "10 updates dropped" in logged
    assert str(FLOODER) not in logged


async def test_a_flood_in_a_group_is_dropped_without_a_note(adapter):
    group = {"id": -100777, "type": "supergroup", "title": "Gera"}
    for number in range(PER_CHAT + 5):
        adapter.update_id += 1
        update = Update.de_json({"update_id": adapter.update_id, "message": {
            "message_id": number, "date": int(time.time()), "chat": group, "from": BOT, "text": "x"}},
            adapter.application.bot)
        await adapter.application.update_queue.put(update)
    await asyncio.wait_for(adapter.application.update_queue.join(), 5)
    assert adapter.texts_to(group["id"]) == []
