"""Known issues in the report form (actions/known_issues.py): "Das ist bekannt: …, Stand …", waiting for the fix
instead of filing, supporting the open report of the same lamp, and nothing lost when the backend fails."""

import pytest
from rasa_sdk.events import SlotSet

from actions import known_issues, report
from actions.clients.incidents import IncidentClient, IncidentsUnavailable
from actions.clients.open311 import BackendUnavailable, Open311Client, Support
from tests.fast.rasa.conftest import DOMAIN, run, tracker

FAULT = {"id": 7, "description": "Lampe 0816: Leuchtmittel defekt", "updated": "2026-12-06T20:15:00+01:00",
         "same_lamp": True, "distance": 4.0}
PINNED = dict(category="streetlight", place="bei Testweg 3", latitude=50.9402, longitude=12.2, place_check="pin")


@pytest.fixture(autouse=True)
def gera(monkeypatch):
    monkeypatch.setenv("GERA_BBOX", "50.80,11.96,50.96,12.23")


@pytest.fixture
def backend(monkeypatch):
    """What the backend knows and what the actions asked of it."""
    state = {"known": {"incidents": [], "reports": []}, "asked": [], "watched": [], "supported": [], "down": False}

    async def known(self, category, latitude, longitude, lamp=None):
        if state["down"]:
            raise IncidentsUnavailable("down")
        state["asked"].append((category, latitude, longitude, lamp))
        return state["known"]

    async def watch(self, incident_id, account_id):
        if state["down"]:
            raise IncidentsUnavailable("down")
        state["watched"].append((incident_id, account_id))
        return {"watchers": 1, "created": True}

    async def support(self, number, account_id=None, device_id=None):
        if state["down"]:
            raise BackendUnavailable("down")
        state["supported"].append((number, account_id))
        return Support(number, 2, True)

    monkeypatch.setattr(IncidentClient, "known", known)
    monkeypatch.setattr(IncidentClient, "watch", watch)
    monkeypatch.setattr(Open311Client, "support", support)
    return state


def slots(events) -> dict:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def chosen_lamp(number="0816"):
    return tracker(f'/inform{{"lamp_choice": "{number}"}}', "inform", entities=[("lamp_choice", number)],
                   requested_slot="lamp", **PINNED)


def said(messages) -> list:
    return [m.get("response") for m in messages]


def test_a_known_lamp_fault_is_told_with_its_stand_and_two_choices(backend):
    backend["known"] = {"incidents": [FAULT], "reports": []}
    events, _ = run(report.ValidateReportForm(), chosen_lamp())
    assert backend["asked"] == [("streetlight", 50.9402, 12.2, "0816")]
    assert slots(events)["known_issue"] == {"kind": "incident", "id": 7, "description": FAULT["description"],
                                            "date": "06.12.2026"}
    assert "incident" not in slots(events)  # the form asks for it next
    issue = slots(events)["known_issue"]
    _, messages = run(known_issues.ActionAskIncident(), tracker("", "inform", known_issue=issue, **PINNED))
    text = DOMAIN["responses"]["utter_ask_incident"][0]["text"].format(**messages[0])
    assert text.startswith("Das ist bekannt: Lampe 0816: Leuchtmittel defekt, Stand 06.12.2026.")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Benachrichtigen, wenn behoben", "Trotzdem melden",
                                                           "Abbrechen"]


def test_nothing_known_asks_nothing(backend):
    events, _ = run(report.ValidateReportForm(), chosen_lamp())
    assert slots(events)["incident"] == known_issues.NONE and "known_issue" not in slots(events)


def test_the_backend_down_asks_nothing_and_the_report_goes_on(backend):
    backend["down"] = True
    events, _ = run(report.ValidateReportForm(), chosen_lamp())
    assert slots(events)["incident"] == known_issues.NONE


def test_a_place_without_an_exact_point_asks_nothing(backend):
    message = tracker("/deny", "deny", requested_slot="place_check", category="road_damage", place="Sorge",
                      place_options=[], latitude=None, longitude=None)
    events, _ = run(report.ValidateReportForm(), message)
    assert slots(events)["incident"] == known_issues.NONE and backend["asked"] == []


@pytest.mark.parametrize("text, intent, value", [
    ("/affirm", "affirm", "watch"), ("ja bitte benachrichtigen", "inform", "watch"),
    ("/deny", "deny", "report"), ("ich will trotzdem melden", "report_issue", "report"),
    ("blubb", "nlu_fallback", None)])
def test_the_answer_to_known_is_watch_report_or_asked_again(backend, text, intent, value):
    issue = {"kind": "incident", "id": 7, "description": "x", "date": "06.12.2026"}
    message = tracker(text, intent, requested_slot="incident", lamp="0816", known_issue=issue, **PINNED)
    events, _ = run(report.ValidateReportForm(), message)
    assert slots(events)["incident"] == value


def test_cancel_at_known_is_left_to_the_rules(backend):
    message = tracker("/cancel", "cancel", requested_slot="incident", lamp="0816",
                      known_issue={"kind": "incident", "id": 7}, **PINNED)
    events, _ = run(report.ValidateReportForm(), message)
    assert "incident" not in slots(events)


def test_waiting_ends_the_form_without_photo_or_description(backend):
    issue = {"kind": "incident", "id": 7, "description": "x", "date": "06.12.2026"}
    message = tracker("/affirm", "affirm", requested_slot="incident", lamp="0816", known_issue=issue, **PINNED)
    events, _ = run(report.ValidateReportForm(), message)
    assert events[-1] == SlotSet("requested_slot", None)


def test_waiting_for_a_fault_is_recorded_for_this_chat_and_nothing_is_filed(backend):
    issue = {"kind": "incident", "id": 7, "description": "x", "date": "06.12.2026"}
    events, messages = run(report.ActionReviewReport(), tracker("/affirm", "affirm", incident="watch", lamp="0816",
                                                                known_issue=issue, **PINNED))
    assert backend["watched"] == [(7, "5551234")]
    assert said(messages) == ["utter_incident_watching"]
    assert slots(events)["category"] is None and slots(events)["incident"] is None  # the report is over


def test_an_open_report_of_the_same_lamp_is_supported_instead_of_filed_again(backend):
    backend["known"] = {"incidents": [], "reports": [{"service_request_id": "1234", "requested_datetime":
                                                      "2026-12-05T10:00:00+01:00", "state": "received"}]}
    events, _ = run(report.ValidateReportForm(), chosen_lamp())
    issue = slots(events)["known_issue"]
    assert issue["kind"] == "report" and issue["description"] == "Lampe 0816 ist schon gemeldet (Nr. 1234)"
    events, messages = run(report.ActionReviewReport(), tracker("/affirm", "affirm", incident="watch", lamp="0816",
                                                                known_issue=issue, **PINNED))
    assert backend["supported"] == [("1234", "5551234")] and said(messages) == ["utter_report_supported"]
    # Two supporters and whoever filed it: three people report the lamp ("melden 3 Menschen").
    assert messages[0]["people"] == 3


def test_waiting_that_fails_says_so_and_goes_on_with_the_report(backend):
    backend["down"] = True
    issue = {"kind": "incident", "id": 7, "description": "x", "date": "06.12.2026"}
    events, messages = run(report.ActionReviewReport(), tracker("/affirm", "affirm", incident="watch", lamp="0816",
                                                                known_issue=issue, **PINNED))
    assert said(messages) == ["utter_incident_watch_failed"]
    assert slots(events)["incident"] == "report" and events[-1]["event"] == "followup"
    assert events[-1]["name"] == "report_form"


def test_report_anyway_to_the_same_lamp_skips_the_duplicate_hint(backend, monkeypatch):
    async def nearby(_tracker):
        raise AssertionError("the citizen answered this already")
    monkeypatch.setattr(report, "_open_report_nearby", nearby)
    async def category_name(_client, code):
        return "Straßenbeleuchtung"
    monkeypatch.setattr(report, "category_name", category_name)
    issue = {"kind": "report", "number": "1234", "lamp": "0816", "description": "x", "date": "05.12.2026"}
    _, messages = run(report.ActionReviewReport(), tracker("ohne", "deny", incident="report", lamp="0816",
                                                           known_issue=issue, description="aus", photo="none",
                                                           **PINNED))
    assert said(messages) == ["utter_report_summary"]


def test_a_new_place_asks_anew_what_is_known(backend):
    message = tracker("/deny", "deny", entities=[("report_field", "place")], report_step="summary", incident="report",
                      known_issue={"kind": "incident", "id": 7}, **PINNED)
    events, _ = run(report.ActionChangeReport(), message)
    assert slots(events)["incident"] is None and slots(events)["known_issue"] is None


def test_the_same_lamp_comes_first_and_other_answers_are_ignored():
    body = {"incidents": [{"id": 3, "description": "Baustelle", "updated": "bad"}, {"nonsense": 1}], "reports": "x"}
    assert known_issues.issue_of(body, None) == {"kind": "incident", "id": 3, "description": "Baustelle", "date": "–"}
    assert known_issues.issue_of({"incidents": [], "reports": [{"service_request_id": "9"}]}, None) is None
    assert known_issues.issue_of({}, "0816") is None


def test_a_case_cleared_up_is_told_as_done_and_yes_ends_the_report(backend):
    backend["known"] = {"incidents": [{**FAULT, "cleared": True, "description": "Leuchte getauscht"}], "reports": []}
    events, _ = run(report.ValidateReportForm(), chosen_lamp())
    issue = slots(events)["known_issue"]
    assert issue["kind"] == "cleared"
    _, messages = run(known_issues.ActionAskIncident(), tracker("", "inform", known_issue=issue, **PINNED))
    assert said(messages) == ["utter_ask_incident_cleared"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Gut, danke", "Ist es nicht: melden"]
    events, messages = run(report.ActionReviewReport(), tracker("/affirm", "affirm", incident="watch", lamp="0816",
                                                                known_issue=issue, **PINNED))
    assert said(messages) == ["utter_incident_cleared_thanks"] and backend["watched"] == []
    assert slots(events)["category"] is None


def test_a_corrected_place_asks_anew_but_a_new_photo_does_not(backend):
    issue = {"kind": "incident", "id": 7}
    moved = tracker("nein, Heinrichstraße 35", "deny", entities=[("location", "Heinrichstraße 35")],
                    report_step="summary", incident="report", known_issue=issue, **PINNED)
    events, _ = run(report.ActionChangeReport(), moved)
    assert slots(events)["incident"] is None and slots(events)["known_issue"] is None
    photo = tracker('/send_photo{"media_url": "http://127.0.0.1:8000/media/a.jpg"}', "send_photo",
                    entities=[("media_url", "http://127.0.0.1:8000/media/a.jpg")], report_step="summary",
                    incident="report", known_issue=issue, **PINNED)
    events, _ = run(report.ActionChangeReport(), photo)
    assert "incident" not in slots(events) and slots(events)["photo"].endswith("a.jpg")
