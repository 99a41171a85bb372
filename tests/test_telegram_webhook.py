"""Webhook mode: only Telegram (with the secret) gets in; updates are answered as in polling mode."""

import time

import httpx
import pytest

from scripts.stack import free_port
from tests.telegram_fixtures import TelegramCitizen, start_extra_bot, texts_of

pytest_plugins = ["tests.telegram_fixtures"]

TOKEN = "5151:webhook-test"
SECRET = "gera-webhook_S3cret"


@pytest.fixture(scope="module")
def webhook_bot(telegram):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"TELEGRAM_BOT_URL": url, "TELEGRAM_WEBHOOK_URL": f"{url}/telegram/hook", "TELEGRAM_WEBHOOK_SECRET": SECRET,
           # Not the backend's key: this second adapter must not take the main adapter's notifications.
           "OPEN311_API_KEY": "not-the-backend-key"}
    with start_extra_bot(telegram.settings, "bot-webhook", TOKEN, env):
        yield url


def update_for(citizen: TelegramCitizen, text: str, update_id: int) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "chat": citizen.chat, "from": citizen.user, "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}] if text.startswith("/") else []}}


def test_health_says_webhook_mode(webhook_bot):
    assert httpx.get(f"{webhook_bot}/health").json() == {"status": "ok", "mode": "webhook"}


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "guessed"}])
def test_webhook_without_the_right_secret_is_refused(webhook_bot, new_citizen, headers):
    citizen = new_citizen(token=TOKEN)
    response = httpx.post(f"{webhook_bot}/telegram/hook", json=update_for(citizen, "/datenschutz", 90_001),
                          headers=headers)
    assert response.status_code == 403
    citizen.says("/hilfe", expect="Befehle:")  # through the emulator, with the secret: answered ...
    assert "Gespeichert werden" not in texts_of(citizen.received)  # ... and the refused update never was


def test_updates_through_the_emulators_webhook_are_answered(webhook_bot, new_citizen):
    citizen = new_citizen(token=TOKEN)
    citizen.says("/start", expect="/datenschutz")
    assert "Guten Tag" in texts_of(citizen.received)


def test_a_repeated_webhook_delivery_is_answered_once(webhook_bot, new_citizen):
    citizen = new_citizen(token=TOKEN)
    update = update_for(citizen, "/datenschutz", 90_100 + citizen.chat_id % 1000)
    for _ in range(2):
        response = httpx.post(f"{webhook_bot}/telegram/hook", json=update,
                              headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 200
    citizen.says("/hilfe", expect="Befehle:")
    assert texts_of(citizen.received).count("Gespeichert werden") == 1
