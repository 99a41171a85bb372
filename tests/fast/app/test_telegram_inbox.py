"""bot/inbox.py in-process: what a citizen wrote survives the adapter being killed, and is answered once.

The Application runs as in bot/__main__.py (the inbox, ChatOrderedProcessor, the guards, the text callback,
the error handler); getUpdates goes through the adapter's TolerantUpdates to a stub of the Bot API, the
assistant is a stub of Rasa's REST channel that can hold its answers (tests/fast/app/test_telegram_flood.py).
A "restart" is a second Inbox and Application on the same file, as after a SIGKILL.
"""

import asyncio
import json
import logging
import time
from pathlib import Path

import httpx
import pytest
from telegram import Update
from telegram.ext import Application, MessageHandler, TypeHandler, filters

from bot import config, handlers, privacy, texts
from bot.__main__ import replay
from bot.guards import ChatOrderedProcessor, RateLimit, SeenUpdates, TolerantUpdates
from bot.inbox import Inbox
from bot.rasa import Rasa
from bot.web import SECRET_HEADER, create_app
from tests.fast.app.test_telegram_handlers import CHAT_ID, CITIZEN, TOKEN, BotApi, chat  # noqa: F401 (fixture)

pytestmark = pytest.mark.anyio

OTHER_CHAT = 5559876
DAY = 24 * 3600.0
SECRET = "inbox-test-secret"


@pytest.fixture
def anyio_backend():
    return "asyncio"


def raw(update_id: int, text: str, chat_id: int = CHAT_ID) -> dict:
    """An update as the Bot API sends it (JSON)."""
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": text,
        "chat": {"id": chat_id, "type": "private"}, "from": {**CITIZEN, "id": chat_id}}}


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Assistant:
    """Rasa's REST channel: answers "Antwort auf …", fails on "kaputt", waits while `hold` is clear."""

    def __init__(self):
        self.messages = []
        self.hold = asyncio.Event()
        self.hold.set()

    async def handle(self, request: httpx.Request) -> httpx.Response:
        turn = json.loads(request.content)
        self.messages.append(turn["message"])
        if turn["message"] == "kaputt":
            raise RuntimeError("a bug in the adapter")  # not an httpx error: it reaches the error handler
        await self.hold.wait()
        return httpx.Response(200, json=[{"recipient_id": turn["sender"], "text": f"Antwort auf {turn['message']}"}])


class Adapter:
    """One run of the adapter on an inbox file; `poll` is one getUpdates answered with the given updates."""

    def __init__(self, application: Application, api: BotApi, assistant: Assistant, inbox: Inbox):
        self.application, self.api, self.assistant, self.inbox = application, api, assistant, inbox
        self.batch = []
        self.updates = TolerantUpdates(inbox=inbox)
        self.updates._client = httpx.AsyncClient(transport=httpx.MockTransport(
            lambda request: httpx.Response(200, json={"ok": True, "result": self.batch})))

    async def poll(self, *batch: dict) -> list:
        """What the Updater does with a getUpdates answer: every update into the queue."""
        self.batch = list(batch)
        result = await self.updates.post(f"https://api.telegram.invalid/bot{TOKEN}/getUpdates")
        for data in result:
            await self.application.update_queue.put(Update.de_json(data, self.application.bot))
        return result

    async def settled(self) -> None:
        await asyncio.wait_for(self.application.update_queue.join(), 5)

    def answers(self, chat_id: int = CHAT_ID) -> list:
        return [params["text"] for params in self.api.sent() if params["chat_id"] == chat_id]


def application_on(inbox: Inbox, api: BotApi, assistant: Assistant, per_chat: int = 16) -> Application:
    rasa = Rasa("http://rasa.invalid", timeout=5)
    rasa.client = httpx.AsyncClient(transport=httpx.MockTransport(assistant.handle))
    application = (Application.builder().token(TOKEN).request(api).get_updates_request(BotApi()).updater(None)
                   .concurrent_updates(ChatOrderedProcessor(8, per_chat=per_chat, inbox=inbox)).build())
    application.bot_data.update(rasa=rasa, seen=SeenUpdates(), rate=RateLimit(burst=50, per_second=1), inbox=inbox)
    application.add_handler(TypeHandler(Update, handlers.drop_duplicates), group=-2)
    application.add_handler(TypeHandler(Update, handlers.limit_rate), group=-1)
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT, handlers.text))
    application.add_error_handler(handlers.error_handler)
    return application


@pytest.fixture
def run_adapter(tmp_path):
    """Start an adapter on the data directory's inbox (again after a "kill": the same file)."""
    started = []

    async def start(per_chat: int = 16, before_start=None) -> Adapter:
        inbox = Inbox(tmp_path / "inbox.db", config.INBOX_MAX_AGE)
        api, assistant = BotApi(), Assistant()
        application = application_on(inbox, api, assistant, per_chat)
        if before_start:
            before_start(application)
        await application.initialize()
        await application.start()
        started.append(Adapter(application, api, assistant, inbox))
        return started[-1]

    yield start
    for adapter in started:
        adapter.assistant.hold.set()


async def stop(adapter: Adapter) -> None:
    if adapter.application.running:
        await adapter.application.stop()
    await adapter.application.shutdown()
    adapter.inbox.close()


def rows(path: Path) -> list:
    inbox = Inbox(path, DAY)
    try:
        return [update_id for (update_id,) in inbox.db.execute("SELECT update_id FROM updates ORDER BY update_id")]
    finally:
        inbox.close()


# --- the file ----------------------------------------------------------------------------------------------


def test_inbox_file_is_private_and_keeps_an_update_until_it_is_done(tmp_path):
    inbox = Inbox(tmp_path / "data" / "inbox.db", DAY)
    assert inbox.accept([raw(1, "Laterne Sorge 12 ist aus"), raw(2, "Danke")]) == [True, True]
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in (tmp_path / "data").iterdir()} == {
        "inbox.db": "0o600", "inbox.db-wal": "0o600", "inbox.db-shm": "0o600"}
    assert inbox.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    inbox.done(1)
    assert rows(tmp_path / "data" / "inbox.db") == [2]
    inbox.close()


def test_inbox_keeps_no_copy_of_a_processed_message_in_its_files_after_tidying(tmp_path):
    inbox = Inbox(tmp_path / "inbox.db", DAY)
    inbox.accept([raw(1, "Meine Nummer ist 0365 123456")])
    inbox.done(1)
    inbox.tidy()
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert b"0365 123456" not in stored and b"5551234" not in stored
    inbox.close()


def test_inbox_file_made_with_other_rights_becomes_private(tmp_path):
    path = tmp_path / "inbox.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    Inbox(path, DAY).close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"


# --- write before confirming -------------------------------------------------------------------------------


async def test_inbox_has_a_polled_batch_before_ptb_sees_it(run_adapter):
    adapter = await run_adapter()
    adapter.assistant.hold.clear()
    batch = [raw(11, "Schlagloch in der Sorge 3"), raw(12, "Ampel Markt kaputt", chat_id=OTHER_CHAT)]
    adapter.batch = batch
    result = await adapter.updates.post(f"https://api.telegram.invalid/bot{TOKEN}/getUpdates")
    assert result == batch
    assert [json.loads(data) for (data,) in adapter.inbox.db.execute("SELECT data FROM updates ORDER BY 1")] == batch
    await stop(adapter)


async def test_inbox_has_a_webhook_update_before_the_200_and_a_repeat_is_not_queued_again(run_adapter, tmp_path):
    adapter = await run_adapter()
    adapter.assistant.hold.clear()  # the first delivery is still being answered when Telegram repeats it
    settings = config.Settings(token=TOKEN, api_url="https://api.telegram.invalid",
                               webhook_url="https://stadtbot.invalid/telegram", webhook_secret=SECRET,
                               listen_url="http://127.0.0.1:8081", rasa_url="http://rasa.invalid",
                               backend_url="http://backend.invalid", data_dir=tmp_path,
                               media_max_bytes=10_000_000, media_max_pixels=40_000_000)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(adapter.application, settings)),
                                 base_url="http://127.0.0.1:8081") as web:
        for _ in range(2):
            response = await web.post("/telegram", json=raw(21, "Bank im Park kaputt"), headers={SECRET_HEADER: SECRET})
            assert response.status_code == 200
            assert rows(tmp_path / "inbox.db") == [21]
    adapter.assistant.hold.set()
    await adapter.settled()
    assert adapter.answers() == ["Antwort auf Bank im Park kaputt"]
    assert rows(tmp_path / "inbox.db") == []
    await stop(adapter)


# --- replay after a kill -----------------------------------------------------------------------------------


async def test_inbox_replays_what_a_killed_adapter_left_oldest_first_and_says_so_once(tmp_path, caplog):
    killed = Inbox(tmp_path / "inbox.db", DAY)
    killed.accept([raw(33, "drei", chat_id=OTHER_CHAT)])
    killed.accept([raw(31, "eins"), raw(32, "zwei")])
    killed.close()  # as after SIGKILL: rows written, nothing processed
    inbox = Inbox(tmp_path / "inbox.db", DAY)
    application = application_on(inbox, BotApi(), Assistant())
    with caplog.at_level(logging.INFO, logger="bot"):
        replay(application)
    queued = [application.update_queue.get_nowait() for _ in range(application.update_queue.qsize())]
    assert [(u.update_id, u.message.text) for u in queued] == [(31, "eins"), (32, "zwei"), (33, "drei")]
    assert [r.getMessage() for r in caplog.records] == ["3 Nachrichten aus der Zeit vor dem Neustart werden nachgeholt"]
    inbox.close()


# The killed adapter's held turns end when the test releases them, after its Application stopped.
@pytest.mark.filterwarnings("ignore:Tasks created via")
async def test_inbox_answers_each_message_once_when_telegram_repeats_what_was_replayed(run_adapter, tmp_path):
    first = await run_adapter()
    first.assistant.hold.clear()  # the assistant is still thinking when the adapter is killed
    batch = [raw(41, "Baum umgestürzt"), raw(42, "am Markt"), raw(43, "Hallo", chat_id=OTHER_CHAT)]
    await first.poll(*batch)
    assert first.answers() == [] and rows(tmp_path / "inbox.db") == [41, 42, 43]
    # SIGKILL: the process is gone, its tasks with it; only the file remains.

    second = await run_adapter(before_start=replay)
    await second.poll(*batch)  # Telegram repeats what the killed adapter had not confirmed
    await second.settled()
    assert second.answers() == ["Antwort auf Baum umgestürzt", "Antwort auf am Markt"]
    assert second.answers(OTHER_CHAT) == ["Antwort auf Hallo"]
    assert second.assistant.messages.count("Baum umgestürzt") == 1
    assert rows(tmp_path / "inbox.db") == []
    await second.poll(raw(41, "Baum umgestürzt"))  # once more, after the replay was processed: still a repeat
    await second.settled()
    assert second.assistant.messages.count("Baum umgestürzt") == 1
    await stop(second)
    first.assistant.hold.set()
    await stop(first)


async def test_inbox_drops_what_is_older_than_a_day_at_start_and_says_so(tmp_path, caplog):
    clock = Clock()
    old = Inbox(tmp_path / "inbox.db", DAY, clock=clock)
    old.accept([raw(51, "gestern")])
    clock.now += DAY - 60
    old.accept([raw(52, "vor einer Minute")])
    old.close()
    clock.now += 120
    inbox = Inbox(tmp_path / "inbox.db", DAY, clock=clock)
    application = application_on(inbox, BotApi(), Assistant())
    with caplog.at_level(logging.INFO, logger="bot"):
        replay(application)
    assert [application.update_queue.get_nowait().update_id] == [52] and application.update_queue.empty()
    assert rows(tmp_path / "inbox.db") == [52]
    assert caplog.records[0].levelname == "WARNING" and caplog.records[0].getMessage().startswith(
        "1 Nachrichten aus der Zeit vor dem Neustart sind älter als 24 h")
    inbox.close()


# --- a row leaves when the update's processing ended -------------------------------------------------------


async def test_inbox_row_leaves_when_answered_dropped_in_a_flood_or_failed(run_adapter, tmp_path):
    adapter = await run_adapter(per_chat=2)
    adapter.assistant.hold.clear()
    await adapter.poll(*[raw(60 + n, f"Weitergeleitet {n}") for n in range(5)], raw(70, "kaputt", chat_id=OTHER_CHAT))
    await asyncio.wait_for(_until(lambda: texts.ERROR in adapter.answers(OTHER_CHAT)), 5)
    await asyncio.wait_for(_until(lambda: rows(tmp_path / "inbox.db") == [60, 61]), 5)  # 62-64 dropped, 70 failed
    assert adapter.answers() == [texts.TOO_FAST]
    adapter.assistant.hold.set()
    await adapter.settled()
    assert rows(tmp_path / "inbox.db") == []
    assert adapter.answers() == [texts.TOO_FAST, "Antwort auf Weitergeleitet 0", "Antwort auf Weitergeleitet 1"]
    await stop(adapter)


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.01)


# --- /loeschen ---------------------------------------------------------------------------------------------


async def test_inbox_no_longer_names_the_chat_when_loeschen_says_erledigt(chat, monkeypatch, tmp_path):  # noqa: F811
    async def delete_conversation(rasa_url, token, sender_id):
        return 3

    monkeypatch.setattr(privacy, "delete_conversation", delete_conversation)
    inbox = Inbox(tmp_path / "inbox.db", DAY)
    chat.application.bot_data["inbox"] = inbox
    press = chat.press(handlers.DELETE_YES, shown=texts.DELETE_QUESTION)
    inbox.accept([press.to_dict()])
    pending_when_sent = []
    send = chat.api.do_request

    async def recording(url, method, request_data=None, **kwargs):
        if url.endswith("/sendMessage"):
            pending_when_sent.append((request_data.parameters["text"], inbox.pending()))
        return await send(url, method, request_data, **kwargs)

    monkeypatch.setattr(chat.api, "do_request", recording)
    await chat.send(handlers.delete_answer, press)
    assert pending_when_sent == [(texts.DELETED.format(count=0), 0)]
    inbox.close()


def test_inbox_keeps_nothing_of_an_entry_without_an_update_id_and_takes_the_rest(tmp_path):
    """A broken relay's batch: the entries that are no update are left to the guards, never kept or refused."""
    inbox = Inbox(tmp_path / "inbox.db", max_age=3600)
    batch = [{"message": {"text": "ohne Nummer"}}, {"update_id": "7"}, "kaputt", {"update_id": 8, "message": {}}]
    assert inbox.accept(batch) == [True, True, True, True]
    assert inbox.pending() == 1
