"""/datenschutz and /loeschen: what is stored, and deleting it for real."""

import uuid
from datetime import datetime, timedelta, timezone

import httpx

from actions.config import OUTBOX_FILE
from actions.outbox import PENDING, Outbox
from tests.conftest import stored_events
from tests.staff_fixtures import copied_events, wait_for_copy
from tests.telegram_fixtures import backend_report, filed_number, reports_of

pytest_plugins = ["tests.telegram_fixtures"]


def rasa_user_messages(settings, chat_id: int) -> list:
    response = httpx.get(f"{settings.rasa_url}/conversations/{chat_id}/tracker",
                         headers={"Authorization": f"Bearer {settings.rasa_api_token}"}, timeout=30)
    response.raise_for_status()
    return [event for event in response.json()["events"] if event["event"] == "user"]


def test_privacy_notice_says_what_is_stored_how_long_and_who_sees_it(telegram_citizen):
    """In a few short messages (a screen reader reads one at a time), the accessibility statement last."""
    messages = telegram_citizen.says("/datenschutz", expect="Erklärung zur Barrierefreiheit")
    notice = "\n".join(message.text for message in messages)
    assert messages[0].text.startswith("Gespeichert werden") and len(messages) >= 3
    assert "Meldungen" in notice and "/loeschen" in notice and "Mitarbeitende der Stadt Gera" in notice
    assert "/barrierefreiheit" in messages[-1].text


def test_start_explains_privacy_in_one_sentence(telegram_citizen):
    replies = telegram_citizen.says("/start", expect="/datenschutz")
    assert "Stadtbot" in replies[0].text
    assert replies[-1].text.count(".") == 1, "one sentence"


def test_delete_needs_confirmation_and_no_keeps_everything(telegram, telegram_citizen):
    telegram_citizen.says("Gully verstopft in der Talstraße 4", expect="Weiß ich nicht genau")
    telegram_citizen.presses("Weiß ich nicht genau", expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Absenden")
    telegram_citizen.presses("Absenden", expect="Nr.")
    telegram_citizen.says("/loeschen", expect="Ja, löschen")
    telegram_citizen.presses("Nein", expect="nichts gelöscht")
    assert len(reports_of(telegram.settings, telegram_citizen)) == 1
    assert stored_events(telegram.settings, telegram_citizen.chat_id) > 0


def test_delete_removes_the_conversation_and_unlinks_the_reports(telegram, telegram_citizen):
    telegram_citizen.says("Graffiti an der Schulstraße 3 an der Wand", expect="Weiß ich nicht genau")
    telegram_citizen.presses("Weiß ich nicht genau", expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Absenden")
    number = filed_number(telegram_citizen.presses("Absenden", expect="Nr."))
    assert stored_events(telegram.settings, telegram_citizen.chat_id) > 0
    assert wait_for_copy(telegram.settings, str(telegram_citizen.chat_id)), "the staff web has the conversation"

    telegram_citizen.says("/loeschen", expect="Ja, löschen")
    done = telegram_citizen.presses("Ja, löschen", expect="Erledigt")
    assert "(1)" in done[-1].text

    assert stored_events(telegram.settings, telegram_citizen.chat_id) == 0
    assert copied_events(telegram.settings, str(telegram_citizen.chat_id)) == [], "the staff web's copy"
    assert rasa_user_messages(telegram.settings, telegram_citizen.chat_id) == []
    assert reports_of(telegram.settings, telegram_citizen) == []
    assert backend_report(telegram.settings, number)["service_code"] == "graffiti", "the report stays with the city"
    # The assistant starts afresh: the privacy note comes again before a new report.
    telegram_citizen.says("Schlagloch vor dem Haus", expect="Datenschutz")


def test_delete_takes_the_chat_id_off_a_report_still_waiting_in_the_outbox(telegram, telegram_citizen):
    """A report waiting for the backend is still filed after /loeschen, but no longer names the chat."""
    outbox = Outbox(telegram.settings.data_dir / OUTBOX_FILE)
    chat = str(telegram_citizen.chat_id)
    key = uuid.uuid4().hex
    # Due in an hour, so the action server's delivery loop leaves it alone during the test.
    outbox.put({"service_code": "drain", "lat": 50.8763, "long": 12.0836, "account_id": chat,
                "description": "Gully verstopft am Markt"}, key, chat, now=datetime.now(timezone.utc) + timedelta(hours=1))

    telegram_citizen.says("/loeschen", expect="Ja, löschen")
    telegram_citizen.presses("Ja, löschen", expect="Erledigt")

    entry = outbox.get(key)
    assert entry.state == PENDING and entry.sender_id == "" and "account_id" not in entry.report
    assert entry.report["description"] == "Gully verstopft am Markt"
    assert outbox.pending_for(chat) == []
