"""No citizen waits in silence (bot/handlers.py waiting_signs): a quick answer comes without any
"schreibt …" (no Bot API call spent on it), a slow one shows "schreibt …" and, past a limit, a short note
that the message arrived; the answer still comes, and nothing is shown after it."""

import asyncio

import httpx
import pytest

from bot import config, handlers, texts
from tests.fast.app.test_telegram_handlers import chat  # noqa: F401  (the fixture)

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def short_waits(monkeypatch):
    monkeypatch.setattr(config, "TYPING_AFTER", 0.1)
    monkeypatch.setattr(config, "TYPING_EVERY", 0.1)
    monkeypatch.setattr(config, "SLOW_NOTE_AFTER", 0.3)


def answering_after(chat, seconds: float) -> None:  # noqa: F811
    """The assistant answers each turn after `seconds`."""
    quick = chat.assistant.handle

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(seconds)
        return quick(request)
    chat.application.bot_data["rasa"].client = httpx.AsyncClient(transport=httpx.MockTransport(slow))


def typing_count(chat) -> int:  # noqa: F811
    return len(chat.api.sent("sendChatAction"))


async def test_a_quick_answer_comes_without_typing_or_a_note(chat, short_waits):  # noqa: F811
    await chat.send(handlers.text, chat.message(text="Hallo"))
    await asyncio.sleep(0.4)  # longer than every waiting sign would take: none may come late
    assert chat.api.texts() == ["Antwort auf Hallo"]
    assert typing_count(chat) == 0


async def test_a_slow_answer_shows_typing_then_the_note_then_the_answer_and_nothing_after(chat, short_waits,  # noqa: F811
                                                                                          caplog):
    answering_after(chat, 0.6)
    await chat.send(handlers.text, chat.message(text="Hallo"))
    assert chat.api.texts() == [texts.SLOW_ANSWER, "Antwort auf Hallo"]
    shown = typing_count(chat)
    assert shown >= 3 and {p["action"] for p in chat.api.sent("sendChatAction")} == {"typing"}
    await asyncio.sleep(0.4)
    assert typing_count(chat) == shown and len(chat.api.texts()) == 2, "nothing after the answer"
    assert "longer than" in caplog.text and "Hallo" not in caplog.text


async def test_a_short_wait_shows_typing_only(chat, short_waits):  # noqa: F811
    answering_after(chat, 0.2)
    await chat.send(handlers.text, chat.message(text="Hallo"))
    assert chat.api.texts() == ["Antwort auf Hallo"]
    assert typing_count(chat) >= 1
