"""A status change made by staff reaches the citizen's chat, also when the adapter was down meanwhile."""

import time

import httpx

from bot.texts import MY_REPORTS_BUTTON
from tests.telegram_fixtures import api_key, filed_number, texts_of

pytest_plugins = ["tests.telegram_fixtures"]


def file_report(citizen) -> str:
    citizen.says("Die Ampel an der Heinrichstraße 40 ist ausgefallen", expect="Ja, genau da")
    citizen.presses("Ja, genau da", expect="Ohne Foto")
    citizen.presses("Ohne Foto", expect="Absenden")
    return filed_number(citizen.presses("Absenden", expect="Nr."))


def change_status(settings, number: str, state: str, note: str) -> None:
    response = httpx.post(f"{settings.backend_url}/open311/v2/requests/{number}/status.json",
                          data={"api_key": api_key(settings), "state": state, "note": note})
    response.raise_for_status()


def pending_notifications(settings) -> list:
    response = httpx.get(f"{settings.backend_url}/notifications.json", headers={"X-Api-Key": api_key(settings)})
    response.raise_for_status()
    return response.json()


def acknowledged(settings, chat_id: str, timeout: float = 15) -> bool:
    """Wait until no notification for the chat is pending (the adapter acks right after sending)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(n["account_id"] != chat_id for n in pending_notifications(settings)):
            return True
        time.sleep(0.2)
    return False


def test_status_change_reaches_the_chat(telegram, telegram_citizen):
    number = file_report(telegram_citizen)
    change_status(telegram.settings, number, "in_progress", "Die Techniker kommen am Montag.")
    news = telegram_citizen.waits_for("Neuigkeiten zu Ihrer Meldung")
    text = texts_of(news)
    assert f"Nr. {number}" in text and "in Bearbeitung" in text and "Die Techniker kommen am Montag." in text
    status = telegram_citizen.presses("Meine Meldungen", expect=number)
    assert "in Bearbeitung" in texts_of(status)
    assert acknowledged(telegram.settings, str(telegram_citizen.chat_id)), "the adapter acknowledges what it sent"


def test_a_note_longer_than_a_telegram_message_arrives_in_two_parts(telegram, telegram_citizen):
    number = file_report(telegram_citizen)
    # 4,000 characters, the most staff may write; with the header and the emoji (two units each for Telegram)
    # the text is over Telegram's 4,096.
    note = "\n\n".join(f"🚧 Abschnitt {n}: Die Straßenmeisterei hat den Schaden begutachtet und die Reparatur "
                       "beauftragt." for n in range(60))[:4000].rstrip()
    change_status(telegram.settings, number, "in_progress", note)
    news = telegram_citizen.waits_for(lambda got: any(MY_REPORTS_BUTTON in m.button_titles for m in got))
    parts = news[next(i for i, m in enumerate(news) if "Neuigkeiten zu Ihrer Meldung" in m.text):]
    assert len(parts) == 2 and f"Nr. {number}" in parts[0].text and parts[1].button_titles == [MY_REPORTS_BUTTON]
    assert f"{parts[0].text}\n\n{parts[1].text}".endswith(f"Hinweis der Stadt: {note}"), "cut between paragraphs"
    assert acknowledged(telegram.settings, str(telegram_citizen.chat_id)), "acknowledged after the last part"


def test_status_change_while_the_adapter_is_down_arrives_when_it_is_back(telegram, telegram_citizen):
    number = file_report(telegram_citizen)
    telegram.stop()
    try:
        change_status(telegram.settings, number, "solved", "Die Ampel ist repariert.")
        waiting = [n for n in pending_notifications(telegram.settings)
                   if n["account_id"] == str(telegram_citizen.chat_id)]
        assert [n["state_code"] for n in waiting] == ["solved"], "the backend keeps it for the adapter"
    finally:
        telegram.start()
    news = telegram_citizen.waits_for("Die Ampel ist repariert.")
    assert "erledigt" in texts_of(news)
    telegram_citizen.presses("Meine Meldungen", expect=number)  # the chat's buttons survive the restart


def test_report_confirmed_while_the_backend_is_down_gets_its_number_in_the_chat_without_asking(
        stack, telegram, telegram_citizen):
    """The outbox files the report when the backend is back; the backend tells the chat the number once."""
    from scripts.stack import backend

    telegram_citizen.says("Die Ampel an der Heinrichstraße 40 ist ausgefallen", expect="Ja, genau da")
    telegram_citizen.presses("Ja, genau da", expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Absenden")
    stack.stop("backend")
    try:
        telegram_citizen.presses("Absenden", expect="wird automatisch übermittelt")
    finally:
        stack.start("backend", backend)
    news = telegram_citizen.waits_for("Ihre gespeicherte Meldung ist jetzt bei der Stadt eingegangen", timeout=60)
    number = filed_number(news)
    assert f"Nr. {number} (" in texts_of(news)
    assert acknowledged(telegram.settings, str(telegram_citizen.chat_id)), "the adapter acknowledges what it sent"
    # The button under the notification; its message comes back edited ("Ihre Wahl: …"), so look for the
    # assistant's own announcement (utter_report_delivered_later: the number without the category).
    status = telegram_citizen.presses("Meine Meldungen", expect=number)
    assert f"eingegangen: Nr. {number}." not in texts_of(status), "the number is not announced a second time"
