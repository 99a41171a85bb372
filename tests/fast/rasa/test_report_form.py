"""actions/report.py in-process: what the first message already says, and how the form reads each answer.

The exact events are asserted, as in Rasa's demos: they are what the conversation remembers.
"""

import pytest
from rasa_sdk.events import SlotSet

from actions.report import MAX_DESCRIPTION, NO_LAMP, NO_PHOTO, ActionStartReport, ValidateReportForm
from tests.fast.rasa.conftest import run, tracker


@pytest.fixture(autouse=True)
def gera(monkeypatch):
    """The default bounding box, whatever a local .env says."""
    monkeypatch.setenv("GERA_BBOX", "50.80,11.96,50.96,12.23")


def slots(events) -> dict:
    return {event["name"]: event["value"] for event in events}


def test_report_in_one_message_fills_category_place_and_description_after_the_privacy_note():
    message = tracker("Laterne Sorge 12 ist aus", "report_issue",
                      entities=[("category", "streetlight"), ("location", "Sorge 12")])
    events, messages = run(ActionStartReport(), message)
    assert [m["response"] for m in messages] == ["utter_privacy_note"]
    assert events == [SlotSet("category", "streetlight"), SlotSet("place", "Sorge 12"), SlotSet("latitude", None),
                      SlotSet("longitude", None), SlotSet("place_check", None), SlotSet("place_options", []),
                      SlotSet("lamp", None), SlotSet("incident", None), SlotSet("known_issue", None),
                      SlotSet("photo", None), SlotSet("more_photos", None),
                      SlotSet("description", "Laterne Sorge 12 ist aus"),
                      SlotSet("report_step", None), SlotSet("duplicate_id", None), SlotSet("report_key", None),
                      SlotSet("privacy_noted", True)]


def test_a_new_report_forgets_the_last_one_and_the_privacy_note_comes_once():
    message = tracker("/report_issue", "report_issue", category="graffiti", place="Markt", description="alt",
                      report_step="summary", privacy_noted=True)
    events, messages = run(ActionStartReport(), message)
    assert messages == []
    assert slots(events) == {"category": None, "place": None, "latitude": None, "longitude": None,
                             "place_check": None, "place_options": None, "lamp": None, "incident": None,
                             "known_issue": None, "photo": None, "more_photos": None,
                             "description": None,
                             "report_step": None, "duplicate_id": None, "report_key": None, "privacy_noted": True}


def test_a_place_the_nlu_did_not_recognise_is_kept_as_typed():
    events, _ = run(ValidateReportForm(), tracker("hinterm Bahnhof links", "inform", requested_slot="place",
                                                  category="tree"))
    assert slots(events) == {"place": "hinterm Bahnhof links", "place_check": None, "latitude": None, "longitude": None,
                             "place_options": []}


def test_a_shared_location_in_gera_is_the_place_with_its_coordinates():
    message = tracker('/share_location{"latitude": 50.8763, "longitude": 12.0836}', "share_location",
                      entities=[("latitude", 50.8763), ("longitude", 12.0836)], requested_slot="place", category="tree")
    events, messages = run(ValidateReportForm(), message)
    assert messages == []
    assert slots(events) == {"place": "Standort 50.87630, 12.08360", "place_check": "pin", "latitude": 50.8763,
                             "longitude": 12.0836, "place_options": None, "lamp": NO_LAMP,  # a tree has no lamp
                             "incident": "none"}  # nothing known there (the backend cannot be asked)


HEINRICHSTRASSE_35 = {"place_id": 1, "lat": "50.87640", "lon": "12.08370", "display_name": "Heinrichstraße 35, Gera",
                      "name": "", "category": "place", "type": "house",
                      "address": {"road": "Heinrichstraße", "house_number": "35", "city": "Gera"}}


def test_a_pin_is_named_by_the_nearest_address(nominatim):
    nominatim.nearest = HEINRICHSTRASSE_35
    message = tracker('/share_location{"latitude": 50.8763, "longitude": 12.0836}', "share_location",
                      entities=[("latitude", 50.8763), ("longitude", 12.0836)], requested_slot="place", category="tree")
    events, _ = run(ValidateReportForm(), message)
    assert slots(events) | {"place": "bei Heinrichstraße 35", "place_check": "pin", "latitude": 50.8763} == slots(events)
    assert nominatim.requests[0][0] == "/reverse"
    assert nominatim.requests[0][1] | {"lat": "50.876300", "lon": "12.083600"} == nominatim.requests[0][1]


def test_a_pin_keeps_its_coordinates_as_name_when_the_geocoder_is_down(nominatim):
    nominatim.down = True
    message = tracker('/share_location{"latitude": 50.8763, "longitude": 12.0836}', "share_location",
                      entities=[("latitude", 50.8763), ("longitude", 12.0836)], requested_slot="place", category="tree")
    events, messages = run(ValidateReportForm(), message)
    assert slots(events)["place"] == "Standort 50.87630, 12.08360" and messages == []


def test_a_named_pin_is_filed_with_its_coordinates_and_the_address_staff_can_read():
    from actions.report import report_fields

    filed = report_fields(tracker("/affirm", "affirm", category="tree", place="bei Heinrichstraße 35",
                                  latitude=50.8763, longitude=12.0836, photo=NO_PHOTO, description="Ast"))
    assert filed | {"lat": 50.8763, "long": 12.0836, "address_string": "bei Heinrichstraße 35"} == filed
    unnamed = report_fields(tracker("/affirm", "affirm", category="tree", place="Standort 50.87630, 12.08360",
                                    latitude=50.8763, longitude=12.0836, photo=NO_PHOTO, description="Ast"))
    assert "address_string" not in unnamed


def test_a_location_outside_gera_is_refused_and_asked_again(nominatim):
    message = tracker('/share_location{"latitude": 52.52, "longitude": 13.405}', "share_location",
                      entities=[("latitude", 52.52), ("longitude", 13.405)], requested_slot="place", category="tree")
    events, messages = run(ValidateReportForm(), message)
    assert [m["response"] for m in messages] == ["utter_outside_gera"]
    assert slots(events) == {"place": None, "latitude": None, "longitude": None, "place_check": None,
                             "place_options": None}
    assert nominatim.requests == [], "a pin outside Gera is not looked up"


@pytest.mark.parametrize("text, intent", [("ohne Foto", "inform"), ("nein", "deny"), ("Überspringen", "inform")])
def test_saying_no_to_the_photo_skips_it(text, intent):
    message = tracker(text, intent, requested_slot="photo", category="tree", place="Markt")
    events, _ = run(ValidateReportForm(), message)
    assert events == [SlotSet("photo", NO_PHOTO)]


def test_a_cancel_while_asked_for_the_place_is_no_answer():
    message = tracker("abbrechen", "cancel", requested_slot="place", category="tree")
    events, messages = run(ValidateReportForm(), message)
    assert events == [] and messages == []


def test_a_description_over_4000_characters_is_shortened_with_a_note():
    text = "Sehr lange Beschreibung. " * 200
    events, messages = run(ValidateReportForm(), tracker(text, "inform", requested_slot="description",
                                                         category="tree", place="Markt", photo=NO_PHOTO))
    (description,) = [event["value"] for event in events if event["name"] == "description"]
    assert len(description) == MAX_DESCRIPTION and description.endswith("…")
    assert [m["response"] for m in messages] == ["utter_description_shortened"]


def test_an_album_keeps_its_further_photos_and_files_them_with_the_first():
    from actions.report import photo_summary, report_fields

    album = ["http://b/media/2.jpg", "http://b/media/3.jpg"]
    message = tracker('/send_photo{"media_url": "http://b/media/1.jpg", "more_media": [...]}', "send_photo",
                      entities=[("media_url", "http://b/media/1.jpg"), *(("more_media", url) for url in album)],
                      requested_slot="photo", category="graffiti", place="Markt")
    events, _ = run(ValidateReportForm(), message)
    assert slots(events)["photo"] == "http://b/media/1.jpg" and slots(events)["more_photos"] == album
    filed = tracker("/affirm", "affirm", category="graffiti", place="Markt", photo="http://b/media/1.jpg",
                    more_photos=album, description="bunt")
    assert report_fields(filed)["more_media_url"] == album
    assert photo_summary("http://b/media/1.jpg", album) == "ja (3 Fotos)" and photo_summary(NO_PHOTO, None) == "nein"


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback", "deny", "inform"])
def test_ohne_foto_typed_instead_of_pressed_skips_the_photo_whatever_the_nlu_thought(intent):
    events, _ = run(ValidateReportForm(), tracker("ohne Foto", intent, requested_slot="photo", category="tree",
                                                  place="Markt", place_check="unknown", lamp=NO_LAMP))
    assert slots(events)["photo"] == NO_PHOTO


def test_ohne_foto_inside_a_cancel_still_cancels():
    events, _ = run(ValidateReportForm(), tracker("abbrechen, ohne Foto geht es nicht", "cancel",
                                                  requested_slot="photo", category="tree", place="Markt",
                                                  place_check="unknown", lamp=NO_LAMP))
    assert "photo" not in slots(events)
