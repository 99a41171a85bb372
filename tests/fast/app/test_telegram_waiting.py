"""No citizen waits in silence (bot/handlers.py waiting_signs): a quick answer comes without any
"schreibt …" (no Bot API call spent on it), a slow one shows "schreibt …" and, past a limit, a short note
that the message arrived; the answer still comes, and nothing is shown after it.

The assistant stub answers when the test lets it (an event), so a busy machine cannot reorder what the
tests look at; only the waiting signs' own timers run on the clock."""

import asyncio

import httpx
import pytest

from bot import config, handlers, texts
from tests.fast.app.test_telegram_handlers import chat  # noqa: F401  (the fixture)

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def waits(monkeypatch, typing_after: float, slow_note_after: float) -> None:
    monkeypatch.setattr(config, "TYPING_AFTER", typing_after)
    monkeypatch.setattr(config, "TYPING_EVERY", 0.1)
    monkeypatch.setattr(config, "SLOW_NOTE_AFTER", slow_note_after)


def answering_when_released(chat) -> asyncio.Event:  # noqa: F811
    """The assistant answers each turn once the returned event is set."""
    release, quick = asyncio.Event(), chat.assistant.handle

    async def held(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return quick(request)
    chat.application.bot_data["rasa"].client = httpx.AsyncClient(transport=httpx.MockTransport(held))
    return release


def typing_count(chat) -> int:  # noqa: F811
    return len(chat.api.sent("sendChatAction"))


async def until(condition, timeout: float = 10.0) -> None:
    async def poll():
        while not condition():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout)


async def test_a_quick_answer_comes_without_typing_or_a_note(chat, monkeypatch):  # noqa: F811
    waits(monkeypatch, typing_after=5.0, slow_note_after=10.0)
    await chat.send(handlers.text, chat.message(text="Hallo"))
    await asyncio.sleep(0.3)  # a waiting sign left running would show now
    assert chat.api.texts() == ["Antwort auf Hallo"]
    assert typing_count(chat) == 0


async def test_a_slow_answer_shows_typing_then_the_note_then_the_answer_and_nothing_after(chat, monkeypatch,  # noqa: F811
                                                                                          caplog):
    waits(monkeypatch, typing_after=0.05, slow_note_after=0.2)
    release = answering_when_released(chat)
    turn = asyncio.create_task(chat.send(handlers.text, chat.message(text="Hallo")))
    await until(lambda: texts.SLOW_ANSWER in chat.api.texts())
    release.set()
    await turn
    assert chat.api.texts() == [texts.SLOW_ANSWER, "Antwort auf Hallo"]
    shown = typing_count(chat)
    assert shown >= 2 and {p["action"] for p in chat.api.sent("sendChatAction")} == {"typing"}
    await asyncio.sleep(0.3)
    assert typing_count(chat) == shown and len(chat.api.texts()) == 2, "nothing after the answer"
    assert "longer than" in caplog.text and "Hallo" not in caplog.text


async def test_a_short_wait_shows_typing_only(chat, monkeypatch):  # noqa: F811
    waits(monkeypatch, typing_after=0.05, slow_note_after=30.0)
    release = answering_when_released(chat)
    turn = asyncio.create_task(chat.send(handlers.text, chat.message(text="Hallo")))
    await until(lambda: typing_count(chat) >= 1)
    release.set()
    await turn
    assert chat.api.texts() == ["Antwort auf Hallo"]
