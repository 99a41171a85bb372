"""The staff web's conversations and corrections, against the real stack (Rasa, actions, backend).

A citizen talks to Rasa over REST; Rasa writes the tracker store and its
conversation feed sends the backend a copy; the staff member reads it through
the backend's pages under a pseudonym, corrects what
was misunderstood and downloads the corrections as Rasa NLU training data.
"""

import json
import os
import re
import sqlite3
import subprocess
import uuid
from types import SimpleNamespace

import httpx
import pytest
from rasa.shared.nlu.training_data.loading import load_data

from backend import pseudonyms
from backend.staff import conversations, teaching
from backend.conversation_copy import SqliteCopy
from backend.storage import Storage
from scripts.stack import APP_PYTHON
from tests.conftest import Citizen
from tests.staff_fixtures import ROOT, conversation_copy, copied_events, csrf_from, jpeg_bytes, rasa_events, wait_for_copy

pytest_plugins = ["tests.staff_fixtures"]

EXTERNAL_PHOTO = "https://fremd.example.org/bild.jpg"


# --- fixtures: the stack's backend with a staff account ----------------------------------------

@pytest.fixture(scope="module")
def site(stack_backend):
    return stack_backend


@pytest.fixture
def staff(stack_staff_client):
    return stack_staff_client


def photo_url(site) -> str:
    """A photo stored by the backend itself (as the Telegram adapter uploads it)."""
    response = httpx.post(f"{site.url}/media", data={"api_key": site.api_key},
                          files={"file": ("foto.jpg", jpeg_bytes(), "image/jpeg")}, timeout=30)
    assert response.status_code in (200, 201), response.text
    return response.json()["media_url"]


@pytest.fixture(scope="module")
def talk(stack, site, store):
    """One citizen's conversation with something to check: unclear text, script, place, photos, a cancel."""
    citizen = Citizen(stack.settings)
    # "🤷" is asked back by any model (the classifier sees no word in it); "blubb fasel" is what staff correct.
    for text in ["Hallo", "blubb fasel", "🤷", "<script>alert(1)</script>",
                 "Die Laterne in der Heinrichstraße 35 ist kaputt",
                 '/share_location{"latitude": 50.8801, "longitude": 12.0822}',
                 f'/send_photo{{"media_url": "{photo_url(site)}"}}',
                 f'/send_photo{{"media_url": "{EXTERNAL_PHOTO}"}}',
                 "abbrechen"]:
        citizen.says(text)
    wait_for_copy(stack.settings, citizen.sender)
    return SimpleNamespace(citizen=citizen, sender=citizen.sender, pseudonym=store.pseudonym(citizen.sender),
                           store=store)


@pytest.fixture(scope="module")
def polite(stack, site):
    """A conversation that went well: only a greeting, understood with confidence."""
    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    wait_for_copy(stack.settings, citizen.sender)
    return citizen


@pytest.fixture(scope="module")
def store(stack):
    """A store on the backend's copy (backend.db, or PostgreSQL when scaled), as the staff web has it."""
    with conversation_copy(stack.settings) as copy:
        yield conversations.ConversationStore(copy, stack.settings.data_dir)


def events_of(stack, sender: str) -> list:
    """(type, action name, event) of the conversation as Rasa, its owner, has it."""
    return [(event["event"], event.get("name") if event["event"] == "action" else None, event)
            for event in rasa_events(stack.settings, sender)]


def message_id(html: str, text: str) -> str:
    """The event id of the transcript line showing `text` (its anchor m<id>)."""
    match = re.search(r'id="m(\d+)"[^<]*>\s*<p class="meta">[^<]*</p>\s*<p class="text said">' + re.escape(text), html)
    assert match, f"no citizen message {text!r} in the transcript"
    return match.group(1)


# --- the list ----------------------------------------------------------------------------------

def test_the_conversation_is_listed_under_a_pseudonym_and_marked_for_review(staff, talk, polite):
    page = staff.get("/staff/conversations")
    assert page.status_code == 200
    assert f'href="/staff/conversations/{talk.pseudonym}"' in page.text
    assert talk.sender not in page.text and polite.sender not in page.text
    row = re.search(rf'<tr class="review">\s*<td><a href="/staff/conversations/{talk.pseudonym}">.*?</tr>',
                    page.text, re.DOTALL)
    assert row, "the conversation with an unclear message is not marked for review"
    assert "Meldung abgebrochen" in row.group(0)


def test_the_review_filter_keeps_unclear_conversations_and_drops_understood_ones(staff, talk, polite, store):
    page = staff.get("/staff/conversations", params={"pruefen": "1"})
    assert page.status_code == 200
    assert talk.pseudonym in page.text
    assert store.pseudonym(polite.sender) not in page.text
    assert store.pseudonym(polite.sender) in staff.get("/staff/conversations").text


@pytest.mark.parametrize("query", [{"pruefen": "ja"}, {"seite": "0"}, {"seite": "zwei"}, {"seite": "-1"}])
def test_nonsense_in_the_query_is_a_german_400(staff, query):
    page = staff.get("/staff/conversations", params=query)
    assert page.status_code == 400
    assert "muss" in page.text or "darf" in page.text


def test_a_page_beyond_the_last_is_empty_not_an_error(staff, talk):
    page = staff.get("/staff/conversations", params={"seite": "999"})
    assert page.status_code == 200 and "Keine Gespräche für diese Auswahl." in page.text


# --- the transcript ----------------------------------------------------------------------------

def test_the_transcript_shows_what_was_understood_and_answered(staff, talk):
    page = staff.get(f"/staff/conversations/{talk.pseudonym}")
    assert page.status_code == 200
    html = page.text
    assert talk.sender not in html
    assert '<span class="intent">greet</span>' in html
    assert re.search(r"Sicherheit \d{1,3} %", html)
    assert "Guten Tag! Ich bin der Stadtbot der Stadt Gera." in html
    assert '<span class="button-title">Mangel melden</span>' in html
    assert '<span class="entity">location: Heinrichstraße 35</span>' in html
    assert "nicht verstanden" in html or "niedrig" in html, "the unclear message is not pointed out"


def test_citizen_text_is_shown_as_text_never_as_html(staff, talk):
    html = staff.get(f"/staff/conversations/{talk.pseudonym}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_places_link_to_the_map_and_only_our_own_photos_are_loaded(staff, talk):
    html = staff.get(f"/staff/conversations/{talk.pseudonym}").text
    assert "50.880100, 12.082200" in html
    assert "https://www.openstreetmap.org/?mlat=50.880100&amp;mlon=12.082200" in html
    own = re.search(r'<img src="(/media/[A-Za-z0-9_-]{32}\.jpg)"', html)
    assert own, "the backend's own photo is not shown"
    assert staff.get(own.group(1)).status_code == 200
    assert f'src="{EXTERNAL_PHOTO}"' not in html
    assert "Foto an fremder Adresse (nicht geladen)" in html and EXTERNAL_PHOTO in html


def test_an_unknown_pseudonym_is_a_german_404(staff):
    for pseudonym in ["0123456789ab", "nicht-da", "%3Cb%3E"]:
        page = staff.get(f"/staff/conversations/{pseudonym}")
        assert page.status_code == 404
        assert "Gespräch nicht gefunden" in page.text


# --- corrections -------------------------------------------------------------------------------

def correct(staff, pseudonym: str, event_id: str, intent: str, *entities, token: str = None):
    html = staff.get(f"/staff/conversations/{pseudonym}").text
    data = {"csrf_token": token if token is not None else csrf_from(html), "event_id": event_id, "intent": intent}
    for n, (kind, value) in enumerate(entities, start=1):
        data.update({f"entity_{n}": kind, f"value_{n}": value})
    return staff.post(f"/staff/conversations/{pseudonym}/corrections", data=data)


def test_a_correction_is_listed_and_exported_as_rasa_training_data(staff, talk, site, tmp_path):
    event_id = message_id(staff.get(f"/staff/conversations/{talk.pseudonym}").text,
                          "Die Laterne in der Heinrichstraße 35 ist kaputt")
    response = correct(staff, talk.pseudonym, event_id, "report_issue", ("location", "Heinrichstraße 35"))
    assert response.status_code == 303, response.text
    transcript = staff.get(response.headers["location"]).text
    assert "Die Korrektur ist gespeichert." in transcript
    listing = staff.get("/staff/corrections").text
    assert "Die Laterne in der Heinrichstraße 35 ist kaputt" in listing
    assert '<span class="entity">location: Heinrichstraße 35</span>' in listing
    export = staff.get("/staff/corrections/export.yml")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert "- Die Laterne in der [Heinrichstraße 35](location) ist kaputt" in export.text
    (tmp_path / "corrections.yml").write_text(export.text, encoding="utf-8")
    example = next(m for m in load_data(str(tmp_path / "corrections.yml")).intent_examples
                   if m.get("text") == "Die Laterne in der Heinrichstraße 35 ist kaputt")
    assert example.get("intent") == "report_issue"
    assert [(e["entity"], e["value"]) for e in example.get("entities")] == [("location", "Heinrichstraße 35")]
    assert audit_actions(site, "correction")


def test_tricky_texts_still_make_valid_training_data(staff, talk, tmp_path):
    html = staff.get(f"/staff/conversations/{talk.pseudonym}").text
    response = correct(staff, talk.pseudonym, message_id(html, "&lt;script&gt;alert(1)&lt;/script&gt;"),
                       "out_of_scope")
    assert response.status_code == 303, response.text
    response = correct(staff, talk.pseudonym, message_id(html, "blubb fasel"), "out_of_scope", ("location", "fasel"))
    assert response.status_code == 303, response.text
    (tmp_path / "corrections.yml").write_text(staff.get("/staff/corrections/export.yml").text, encoding="utf-8")
    examples = {m.get("text"): m for m in load_data(str(tmp_path / "corrections.yml")).intent_examples}
    assert examples["<script>alert(1)</script>"].get("intent") == "out_of_scope"
    assert [e["value"] for e in examples["blubb fasel"].get("entities")] == ["fasel"]


def test_a_correction_without_the_form_token_is_refused(staff, talk):
    event_id = message_id(staff.get(f"/staff/conversations/{talk.pseudonym}").text, "Hallo")
    before = staff.get("/staff/corrections").text.count("<tr>")
    response = correct(staff, talk.pseudonym, event_id, "greet", token="")
    assert response.status_code == 403
    assert staff.get("/staff/corrections").text.count("<tr>") == before


def test_a_correction_without_login_goes_to_the_login(site, talk, staff):
    event_id = message_id(staff.get(f"/staff/conversations/{talk.pseudonym}").text, "Hallo")
    with httpx.Client(base_url=site.url, timeout=30) as anonymous:
        token = csrf_from(anonymous.get("/staff/login").text)
        response = anonymous.post(f"/staff/conversations/{talk.pseudonym}/corrections",
                                  data={"csrf_token": token, "event_id": event_id, "intent": "greet"})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/login")


def test_a_place_that_is_not_in_the_message_is_refused_in_german(staff, talk):
    event_id = message_id(staff.get(f"/staff/conversations/{talk.pseudonym}").text,
                          "Die Laterne in der Heinrichstraße 35 ist kaputt")
    response = correct(staff, talk.pseudonym, event_id, "report_issue", ("location", "Schloßstraße 1"))
    assert response.status_code == 400
    assert "„Schloßstraße 1“ kommt in der Nachricht nicht vor" in response.text
    assert "Schloßstraße 1" not in staff.get("/staff/corrections/export.yml").text


@pytest.mark.parametrize("intent, entity", [("order_pizza", ()), ("", ()), ("report_issue", ("category", "Laterne")),
                                             ("report_issue", ("location", ""))])
def test_an_unknown_intent_or_entity_is_refused(staff, talk, intent, entity):
    event_id = message_id(staff.get(f"/staff/conversations/{talk.pseudonym}").text,
                          "Die Laterne in der Heinrichstraße 35 ist kaputt")
    response = correct(staff, talk.pseudonym, event_id, intent, *([entity] if entity else []))
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "Bitte" in response.text


def test_only_typed_messages_of_this_conversation_can_be_corrected(staff, stack, talk, polite):
    other = events_of_ids(stack.settings, polite.sender)
    html = staff.get(f"/staff/conversations/{talk.pseudonym}").text
    for event_id in [str(other[0]), "abc", "999999999"]:
        response = staff.post(f"/staff/conversations/{talk.pseudonym}/corrections",
                              data={"csrf_token": csrf_from(html), "event_id": event_id, "intent": "greet"})
        assert response.status_code == 400
        assert "Diese Nachricht gibt es in dem Gespräch nicht." in response.text


def test_deleting_a_correction_is_audited(staff, talk, site):
    event_id = message_id(staff.get(f"/staff/conversations/{talk.pseudonym}").text, "Hallo")
    assert correct(staff, talk.pseudonym, event_id, "greet").status_code == 303
    listing = staff.get("/staff/corrections").text
    number = re.search(r'action="/staff/corrections/(\d+)/delete"', listing).group(1)
    response = staff.post(f"/staff/corrections/{number}/delete", data={"csrf_token": csrf_from(listing)})
    assert response.status_code == 303
    assert "Die Korrektur ist gelöscht." in staff.get(response.headers["location"]).text
    assert f'action="/staff/corrections/{number}/delete"' not in staff.get("/staff/corrections").text
    assert any(d["correction_id"] == int(number) for d in audit_actions(site, "correction_delete"))
    again = staff.post(f"/staff/corrections/{number}/delete", data={"csrf_token": csrf_from(listing)})
    assert again.status_code == 404 and "Korrektur nicht gefunden" in again.text
    assert staff.post(f"/staff/corrections/{number}/delete", data={}).status_code == 403


def test_a_citizens_deletion_removes_the_corrections_of_their_conversation(stack, staff, site):
    citizen = Citizen(stack.settings)
    citizen.says("Wie spät ist es auf dem Mond?")
    wait_for_copy(stack.settings, citizen.sender)
    pseudonym = pseudonyms.pseudonym_for(site.data_dir, citizen.sender)
    event_id = message_id(staff.get(f"/staff/conversations/{pseudonym}").text, "Wie spät ist es auf dem Mond?")
    assert correct(staff, pseudonym, event_id, "out_of_scope").status_code == 303
    assert "Wie spät ist es auf dem Mond?" in staff.get("/staff/corrections").text
    response = httpx.post(f"{site.url}/accounts/unlink.json", timeout=30,
                          data={"api_key": site.api_key, "account_id": citizen.sender})
    assert response.status_code == 200, response.text
    assert response.json()["corrections_deleted"] == 1
    assert "Wie spät ist es auf dem Mond?" not in staff.get("/staff/corrections").text
    assert "Wie spät ist es auf dem Mond?" not in staff.get("/staff/corrections/export.yml").text


def test_the_export_command_writes_the_file_for_review(site, staff, talk, tmp_path):
    out = tmp_path / "corrections.yml"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STADTBOT_DATA_DIR": str(site.data_dir)}
    result = subprocess.run([APP_PYTHON, "-m", "backend.staff.corrections", "export", "--out", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    count = len(load_data(str(out)).intent_examples)
    assert f"{count} Beispiele nach {out} geschrieben." in result.stdout
    assert "nlu/data/" in result.stdout and "make train" in result.stdout


# --- reports and the summary logic on the stack's real events ----------------------------------

def test_a_report_of_the_conversation_is_linked_both_ways(stack, staff, site, store):
    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    response = httpx.post(f"{site.api}/requests.json", timeout=30, data={
        "api_key": site.api_key, "service_code": "streetlight", "lat": "50.8765", "long": "12.0812",
        "description": "Laterne aus", "account_id": citizen.sender})
    assert response.status_code == 201, response.text
    number = response.json()[0]["service_request_id"]
    wait_for_copy(stack.settings, citizen.sender)
    pseudonym = conversations.conversation_for_account(store, citizen.sender)
    assert pseudonym == store.pseudonym(citizen.sender)
    assert f'href="/staff/reports/{number}"' in staff.get(f"/staff/conversations/{pseudonym}").text
    assert conversations.conversation_for_account(store, "nie-gesehen") is None
    assert conversations.conversation_for_account(store, None) is None


def test_the_summary_matches_the_stored_events(stack, talk, site):
    storage = Storage(site.data_dir / "backend.db")
    summary = next(s for s in talk.store.summaries(storage) if s.pseudonym == talk.pseudonym)
    assert talk.store.summaries(storage, talk.sender) == [summary]
    events = events_of(stack, talk.sender)
    users = [data for kind, _, data in events if kind == "user"]
    typed = [d for d in users if not d["text"].startswith("/")]
    assert summary.messages == len(users) == 9
    assert summary.lowest_confidence == min(conversations.guess(d["parse_data"])[1] for d in typed)
    actions = [action for kind, action, _ in events if kind == "action"]
    assert summary.clarifications == actions.count("action_clarify")
    assert summary.cancelled == ("action_cancel_report" in actions)
    assert summary.needs_review


def test_understanding_counts_typed_messages_and_the_unclear_ones(stack, talk, polite):
    first = min(d["timestamp"] for _, _, d in events_of(stack, talk.sender))
    figures = conversations.understanding(talk.store, first)
    assert figures["messages"] >= 6  # the talk's typed messages; photo and place payloads do not count
    assert 1 <= figures["not_understood"] < figures["messages"]
    assert conversations.understanding(talk.store, first, until=first) == {"messages": 0, "not_understood": 0}


def test_a_backend_the_feed_never_reached_reads_as_empty(tmp_path):
    store = conversations.ConversationStore(SqliteCopy(Storage(tmp_path / "backend.db")), tmp_path)
    assert store.summaries() == [] and store.sender_for("0123456789ab") is None
    assert conversations.understanding(store, 0) == {"messages": 0, "not_understood": 0}


def test_the_copy_is_the_conversation_rasa_has(stack, talk, site):
    """The feed sends every user, bot and action event, in order and whole."""
    copy = copied_events(stack.settings, talk.sender)
    sent = [(kind, action, {k: v for k, v in event.items() if k != "sender_id"}) for _id, kind, action, event in copy]
    assert sent == events_of(stack, talk.sender)
    assert all(event["sender_id"] == talk.sender for *_rest, event in copy)


def test_the_pseudonym_key_is_private_and_stable(site, talk):
    key = site.data_dir / pseudonyms.KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600
    assert pseudonyms.pseudonym_for(site.data_dir, talk.sender) == talk.pseudonym
    assert re.fullmatch(r"[0-9a-f]{12}", talk.pseudonym)


# --- helpers reading the backend's own tables ---------------------------------------------------

def audit_actions(site, action: str) -> list:
    db = sqlite3.connect(str(site.data_dir / "backend.db"))
    try:
        rows = db.execute("SELECT details FROM staff_audit WHERE action = ?", [action]).fetchall()
    finally:
        db.close()
    return [json.loads(details) for (details,) in rows]


def events_of_ids(settings, sender: str) -> list:
    """Ids of the citizen messages in the backend's copy (what the transcript's anchors name)."""
    return [event_id for event_id, kind, _action, _event in copied_events(settings, sender) if kind == "user"]
