"""Reminders end to end (issue 16): staff set a category's deadline in the staff web, a report waits longer,
and the adapter's daily summary reaches the staff's Telegram group with the report's number and link."""

import datetime as dt
import sqlite3
import uuid
from zoneinfo import ZoneInfo

import httpx

from tests.staff_fixtures import csrf_from
from tests.telegram_fixtures import api_key, start_extra_bot
from tests.test_telegram_failures import Switch

pytest_plugins = ["tests.telegram_fixtures", "tests.staff_fixtures"]

TOKEN = "6464:summary-test"
GROUP = -1009876543210
STAFF_WEB = "https://stadtbot.gera.example"


def test_the_staff_group_gets_the_overdue_report_with_its_link(telegram, new_citizen, stack_staff_client):
    settings = telegram.settings
    response = httpx.post(f"{settings.backend_url}/open311/v2/requests.json", data={
        "api_key": api_key(settings), "service_code": "litter_bin", "lat": "50.8765", "long": "12.0812",
        "description": f"Papierkorb quillt über {uuid.uuid4().hex[:6]}"})
    number = response.json()[0]["service_request_id"]
    with sqlite3.connect(settings.data_dir / "backend.db") as db:  # it came in four days ago
        db.execute("UPDATE requests SET updated_datetime = datetime('now', '-4 days') || '+00:00' "
                   "WHERE service_request_id = ?", [number])
    page = stack_staff_client.get("/staff/fristen").text
    saved = stack_staff_client.post("/staff/fristen", data={"csrf_token": csrf_from(page),
                                                           "litter_bin.received_days": "2"})
    assert saved.status_code == 303

    group = new_citizen(token=TOKEN, chat_id=GROUP, chat={"id": GROUP, "type": "group", "title": "Team Meldungen"})
    soon = (dt.datetime.now(ZoneInfo("Europe/Berlin")) + dt.timedelta(seconds=25)).strftime("%H:%M:%S")
    backend = Switch(settings.backend_url, always_off=("/notifications",))  # those stay with the main adapter
    try:
        with start_extra_bot(settings, "bot-summary", TOKEN, {
                "BACKEND_URL": backend.url, "STAFF_GROUP_CHAT_ID": str(GROUP), "STAFF_SUMMARY_TIME": soon,
                "STAFF_WEB_URL": STAFF_WEB}):
            summary = group.waits_for("Überfällige Meldungen", timeout=90)
    finally:
        backend.close()
    text = "\n".join(m.text for m in summary)
    line = next(line for line in text.splitlines() if f"Nr. {number} " in line)
    assert "Papierkorb" in line and "eingegangen seit 4 Tagen (Frist 2)" in line
    assert line.endswith(f"{STAFF_WEB}/staff/reports/{number}")
    assert "quillt" not in text, "no citizen's words in the group"
