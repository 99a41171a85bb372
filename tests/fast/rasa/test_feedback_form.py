"""After "Nein, noch nicht" (actions/feedback.py): remark_form reads a photo and/or words in any order (a
caption arrives as words before its photo), "Nichts weiter" ends it, and a cancel or emergency is left to rules."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import NOTHING, ValidateRemarkForm, rating_buttons
from tests.fast.rasa.conftest import DOMAIN, tracker

PHOTO = "http://127.0.0.1:8000/media/abc.jpg"


def extracted(message) -> dict:
    form, dispatcher = ValidateRemarkForm(), CollectingDispatcher()
    out = {}
    for extract in (form.extract_remark, form.extract_remark_photo):
        out.update(asyncio.run(extract(dispatcher, message, DOMAIN)))
    return out


def test_words_first_then_the_photo_of_the_caption():
    words = tracker("Das Loch ist nur halb zu", "inform", requested_slot="remark_photo", remark_report="12")
    assert extracted(words) == {"remark": "Das Loch ist nur halb zu"}
    photo = tracker(f'/send_photo{{"media_url": "{PHOTO}"}}', "send_photo", entities=[("media_url", PHOTO)],
                    requested_slot="remark_photo", remark="Das Loch ist nur halb zu", remark_report="12")
    assert extracted(photo) == {"remark_photo": PHOTO}


def test_a_photo_first_then_words():
    photo = tracker(f'/send_photo{{"media_url": "{PHOTO}"}}', "send_photo", entities=[("media_url", PHOTO)],
                    requested_slot="remark_photo", remark_report="12")
    assert extracted(photo) == {"remark_photo": PHOTO}
    words = tracker("immer noch kaputt", "inform", requested_slot="remark", remark_photo=PHOTO)
    assert extracted(words) == {"remark": "immer noch kaputt"}


def test_nothing_more_answers_both():
    assert extracted(tracker("/deny", "deny", requested_slot="remark_photo")) == {"remark": NOTHING,
                                                                                   "remark_photo": NOTHING}
    assert extracted(tracker("/deny", "deny", requested_slot="remark", remark_photo=PHOTO)) == {
        "remark": NOTHING, "remark_photo": PHOTO}


@pytest.mark.parametrize("intent", ["cancel", "emergency", "other_language", "delete_my_data"])
def test_cancel_emergency_and_other_languages_are_no_remark(intent):
    assert extracted(tracker("Es brennt!", intent, requested_slot="remark_photo")) == {}


def test_outside_the_form_nothing_is_read():
    assert extracted(tracker("Hallo", "greet")) == {}


def test_the_rating_buttons_name_report_and_answer():
    buttons = rating_buttons("12", 7)
    assert [b["title"] for b in buttons] == ["1 – gar nicht", "2 – wenig", "3 – mittel", "4 – gut", "5 – sehr"]
    assert buttons[3]["payload"] == '/rate_report{"report_id": "12", "feedback_id": "7", "rating": "4"}'


def test_closed_too_long_ago_starts_a_new_report_with_category_and_place():
    from rasa_sdk.events import FollowupAction, SlotSet

    from actions.feedback import ActionFixFeedback
    from actions.report import PIN, UNKNOWN

    message = tracker('/fix_feedback{"report_id": "12", "fixed": "nein"}', "fix_feedback", privacy_noted=True)
    dispatcher = CollectingDispatcher()
    events = ActionFixFeedback.new_report(dispatcher, message, "12", {
        "service_code": "road_damage", "lat": 50.87, "long": 12.08, "address": "Sorge 12"})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["category"] == "road_damage" and slots["place"] == "Sorge 12" and slots["place_check"] == PIN
    assert (slots["latitude"], slots["longitude"]) == (50.87, 12.08) and slots["photo"] is None
    assert events[-1] == FollowupAction("report_form")
    assert [m["response"] for m in dispatcher.messages] == ["utter_fix_too_late"]  # the privacy note came before
    events = ActionFixFeedback.new_report(CollectingDispatcher(), message, "12", {
        "service_code": "road_damage", "lat": None, "long": None, "address": "Sorge 12"})
    assert SlotSet("place_check", UNKNOWN) in events
