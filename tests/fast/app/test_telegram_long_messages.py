"""Texts over Telegram's 4,096 characters reach the citizen as several messages, notifications included.

The Bot API is the stub of tests/fast/app/test_telegram_handlers.py (here it can also fail a call); the
backend's notifications come from a stub with the same two calls as bot/backend.py.
"""

from typing import List, Optional

import pytest
from telegram.error import NetworkError
from telegram.ext import Application, CallbackContext

from bot import texts
from bot.notifications import deliver_notifications
from bot.render import split_text, telegram_length
from tests.fast.app.test_telegram_handlers import CHAT_ID, TOKEN, BotApi

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def long_note(length: int) -> str:
    """A staff note of about `length` characters in paragraphs, as someone would paste it."""
    paragraph = ("Die Straßenmeisterei hat den Schaden am Montag begutachtet und die Reparatur beauftragt. "
                 * 9).strip()
    text = "\n\n".join(f"{number}. {paragraph}" for number in range(1, length // len(paragraph) + 2))
    return text[:length].rstrip()


class FlakyBotApi(BotApi):
    """The Bot API stub; `fail_at` makes that sendMessage call (counted from 1) fail like a network error."""

    def __init__(self):
        super().__init__()
        self.fail_at: Optional[int] = None
        self.send_count = 0

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        if url.endswith("/sendMessage"):
            self.send_count += 1
            if self.send_count == self.fail_at:
                raise NetworkError("connection reset")
        return await super().do_request(url, method, request_data, *args, **kwargs)


class CityNotifications:
    """GET /notifications.json and POST /notifications/ack.json of the backend, in memory."""

    def __init__(self, notifications: List[dict]):
        self.waiting = notifications
        self.acknowledged: List[List[int]] = []

    async def notifications(self, after: int) -> List[dict]:
        done = {number for ids in self.acknowledged for number in ids}
        return [n for n in self.waiting if n["id"] > after and n["id"] not in done]

    async def acknowledge(self, ids: List[int]) -> None:
        self.acknowledged.append(list(ids))


def notification(number: int, text: str, account_id: str = str(CHAT_ID)) -> dict:
    return {"id": number, "account_id": account_id, "service_request_id": "1234", "role": "reporter",
            "state_code": "in_progress", "state": "in Bearbeitung", "note": "", "text": text,
            "datetime": "2026-12-01T10:00:00+01:00"}


@pytest.fixture
async def notifying():
    api = FlakyBotApi()
    application = Application.builder().token(TOKEN).request(api).get_updates_request(BotApi()).updater(None).build()
    async with application:
        yield application, api


async def test_a_10000_character_notification_arrives_as_three_messages_in_order_and_is_acked_once(notifying):
    application, api = notifying
    text = "Neuigkeiten zu Ihrer Meldung Nr. 1234 (Straßenschaden):\nStand jetzt: in Bearbeitung.\n" + long_note(9900)
    assert len(text) > 9950
    city = CityNotifications([notification(1, text)])
    application.bot_data["backend"] = city
    await deliver_notifications(CallbackContext(application))
    parts = api.sent()
    assert len(parts) == 3 and all(part["chat_id"] == CHAT_ID and len(part["text"]) <= 4096 for part in parts)
    assert parts[0]["text"].startswith("Neuigkeiten zu Ihrer Meldung Nr. 1234")
    assert "\n\n".join(part["text"] for part in parts) == text, "in order, cut between paragraphs"
    assert [bool(part.get("reply_markup")) for part in parts] == [False, False, True], "the button under the last"
    assert city.acknowledged == [[1]]


async def test_a_notification_whose_second_part_failed_is_not_acked_and_comes_again_in_full(notifying):
    application, api = notifying
    text = long_note(6000)
    city = CityNotifications([notification(1, text), notification(2, "Neuigkeiten zu Ihrer Meldung Nr. 1235")])
    application.bot_data["backend"] = city
    api.fail_at = 2
    await deliver_notifications(CallbackContext(application))
    assert city.acknowledged == [], "half a notification is not delivered"
    assert len(api.sent()) == 1
    await deliver_notifications(CallbackContext(application))
    assert city.acknowledged == [[1, 2]]
    assert [part["text"] for part in api.sent()][1:] == split_text(text) + ["Neuigkeiten zu Ihrer Meldung Nr. 1235"]


def test_a_text_is_cut_between_paragraphs_before_lines_before_words():
    paragraph, line, words = "a" * 3000, "b" * 500, "c" * 1000
    assert split_text(f"{paragraph}\n\n{line}\n{line} {line}") == [paragraph, f"{line}\n{line} {line}"]
    assert split_text(f"{paragraph}\n{line} {words}") == [paragraph, f"{line} {words}"]
    assert split_text(f"{paragraph} {line} {words}") == [f"{paragraph} {line}", words]


def test_emoji_count_twice_as_telegram_counts_them():
    text = "🚧" * 3000  # 6,000 UTF-16 code units
    pieces = split_text(text)
    assert [telegram_length(piece) for piece in pieces] == [4096, 1904] and "".join(pieces) == text


def test_every_text_of_the_adapter_fits_one_message_and_a_button_answer_fits_a_callback_answer():
    fixed = [value for name, value in vars(texts).items() if name.isupper() and isinstance(value, str)]
    assert fixed and all(telegram_length(value) <= 4096 for value in fixed)
    assert all(telegram_length(value) <= 200 for value in (texts.TOO_FAST, texts.STALE_BUTTON))
