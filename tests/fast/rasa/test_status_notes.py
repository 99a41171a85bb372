""""Was ist mit meiner Meldung?" (actions/status.py) tells the citizen the newest note written for them,
never a note staff wrote for colleagues only (the keyed Open311 view holds both, marked `for_citizen`)."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions import status
from actions.clients.open311 import Report

KEYED = {"service_request_id": "4711", "status": "open", "service_code": "streetlight",
         "extended_attributes": {"state": "in Bearbeitung"},
         "status_notes": "Der Bauhof ist informiert.",
         "notes": [{"datetime": "2026-12-01T09:00:00+01:00", "state": "eingegangen", "note": "Meldung eingegangen."},
                   {"datetime": "2026-12-02T09:00:00+01:00", "state": "in Bearbeitung",
                    "note": "Der Bauhof ist informiert.", "for_citizen": True},
                   {"datetime": "2026-12-03T09:00:00+01:00", "state": "in Bearbeitung",
                    "note": "Anwohner ist schwierig, nicht anrufen", "for_citizen": False}]}


def status_answer(monkeypatch, body: dict) -> str:
    async def name(_open311, _code):
        return "Straßenbeleuchtung"
    monkeypatch.setattr(status, "category_name", name)
    dispatcher = CollectingDispatcher()
    asyncio.run(status.ActionReportStatus().one(dispatcher, None, [Report.from_open311(body)], "4711"))
    [message] = dispatcher.messages
    return message["note"]


def test_the_citizen_hears_the_newest_note_written_for_them_and_never_an_internal_one(monkeypatch):
    note = status_answer(monkeypatch, KEYED)
    assert note == "\nHinweis der Stadt: Der Bauhof ist informiert."
    assert "schwierig" not in note


def test_a_server_without_the_flag_shows_its_notes_as_written_for_the_citizen(monkeypatch):
    body = {**KEYED, "notes": [{k: v for k, v in n.items() if k != "for_citizen"} for n in KEYED["notes"][:2]]}
    assert status_answer(monkeypatch, body) == "\nHinweis der Stadt: Der Bauhof ist informiert."


def test_only_internal_notes_fall_back_to_the_status_notes(monkeypatch):
    body = {**KEYED, "status_notes": "In Bearbeitung.", "notes": [KEYED["notes"][2]]}
    assert status_answer(monkeypatch, body) == "\nHinweis der Stadt: In Bearbeitung."
