"""A typed place becomes a point the citizen confirmed (actions/report.py, issue 14): the geocoder's candidates
are shown, the answer picks one, keeps the text, or a pin replaces them."""

import pytest
from rasa_sdk.events import SlotSet

from actions.report import ActionAskPlaceCheck, ActionChangeReport, ValidateReportForm
from tests.fast.rasa.conftest import DOMAIN, run, tracker


def candidate(name: str, lat: float, lon: float, **address) -> dict:
    return {"place_id": 1, "lat": str(lat), "lon": str(lon), "display_name": f"{name}, Gera", "name": name,
            "category": "place", "type": "square", "address": {"city": "Gera", **address}}


JOHANNISPLATZ = {"label": "Johannisplatz", "latitude": 50.8794, "longitude": 12.0789, "address": "", "precise": False,
                 "district": ""}
STATIONS = [{"label": "Gera Hauptbahnhof", "latitude": 50.8846, "longitude": 12.0765, "address": "", "precise": True, "district": ""},
            {"label": "Gera Süd", "latitude": 50.8628, "longitude": 12.0874, "address": "", "precise": True, "district": ""},
            {"label": "Gera-Zwötzen", "latitude": 50.8462, "longitude": 12.0958, "address": "", "precise": True, "district": ""}]


def slots(events) -> dict:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def answer(text: str, intent: str, entities=(), **state):
    state = {"requested_slot": "place_check", "category": "tree", "place": "am Johannisplatz", **state}
    return run(ValidateReportForm(), tracker(text, intent, entities=entities, **state))


def test_a_typed_place_is_looked_up_and_waits_for_the_citizen(nominatim):
    nominatim.places = [candidate("Johannisplatz", 50.8794, 12.0789)]  # a square's one point: not precise
    events, _ = run(ValidateReportForm(), tracker("am Johannisplatz", "inform", entities=[("location", "am Johannisplatz")],
                                                  requested_slot="place", category="tree"))
    assert slots(events) == {"place": "am Johannisplatz", "place_check": None, "latitude": None, "longitude": None,
                             "place_options": [JOHANNISPLATZ]}
    assert nominatim.requests[0][1]["q"] == "am Johannisplatz"


def test_one_point_is_shown_as_a_map_pin_to_confirm():
    _, messages = run(ActionAskPlaceCheck(), tracker("am Johannisplatz", "inform", place_options=[JOHANNISPLATZ]))
    assert messages[0]["custom"] == {"venue": {"latitude": 50.8794, "longitude": 12.0789, "title": "Johannisplatz",
                                               "address": "Gera"}}
    assert messages[1]["response"] == "utter_place_found" and messages[1]["place"] == "Johannisplatz"


@pytest.mark.parametrize("text, intent, entities", [("/affirm", "affirm", []), ("ja genau", "affirm", []),
                                                    ('/inform{"place_choice": "0"}', "inform", [("place_choice", "0")])])
def test_yes_or_the_choice_confirms_the_point(text, intent, entities):
    events, _ = answer(text, intent, entities, place_options=[JOHANNISPLATZ])
    # "am Johannisplatz" names the point and says no less: it stays as typed
    assert slots(events) == {"place_check": "approximate", "place": "am Johannisplatz", "latitude": 50.8794,
                             "longitude": 12.0789, "place_options": [JOHANNISPLATZ], "lamp": "none",
                             "incident": "none"}


def test_several_points_become_buttons_and_the_chosen_one_counts():
    _, messages = run(ActionAskPlaceCheck(), tracker("Bahnhof", "inform", place_options=STATIONS))
    assert messages[0]["response"] == "utter_place_choose"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Gera Hauptbahnhof", "Gera Süd", "Gera-Zwötzen",
                                                           "Weiß ich nicht genau"]
    events, _ = answer('/inform{"place_choice": "1"}', "inform", [("place_choice", "1")], place_options=STATIONS)
    assert slots(events)["place"] == "Gera Süd" and slots(events)["latitude"] == 50.8628
    assert slots(events)["place_check"] == "confirmed", "a station is where it is"


@pytest.mark.parametrize("text, intent, entities", [
    ("ja", "affirm", []),  # yes to three candidates says nothing
    ('/inform{"place_choice": "7"}', "inform", [("place_choice", "7")]),
    ('/inform{"place_choice": "x"}', "inform", [("place_choice", "x")]),
    ("blubb", "nlu_fallback", []),
])
def test_an_answer_that_picks_nothing_is_asked_again(text, intent, entities):
    events, _ = answer(text, intent, entities, place_options=STATIONS)
    assert slots(events).get("place_check") is None and slots(events).get("latitude") is None


@pytest.mark.parametrize("text, intent", [("/deny", "deny"), ("weiß ich nicht genau", "inform"),
                                          ("keine Ahnung ehrlich", "out_of_scope"), ("weiss nicht", "nlu_fallback")])
def test_not_sure_keeps_the_text_and_files_without_a_point(text, intent):
    events, _ = answer(text, intent, place_options=[JOHANNISPLATZ])
    assert slots(events) == {"place_check": "unknown", "latitude": None, "longitude": None,
                             "place_options": [JOHANNISPLATZ], "lamp": "none",
                             "incident": "none"}


def test_a_pin_wins_over_the_typed_place(nominatim):
    events, _ = answer('/share_location{"latitude": 50.8801, "longitude": 12.0822}', "share_location",
                       [("latitude", 50.8801), ("longitude", 12.0822)], place_options=STATIONS)
    assert slots(events) | {"place_check": "pin", "latitude": 50.8801, "place_options": None} == slots(events)


def test_another_typed_place_is_looked_up_instead(nominatim):
    nominatim.places = [candidate("Markt", 50.8789, 12.0807)]
    events, _ = answer("nein, am Markt", "deny", [("location", "am Markt")], place_options=STATIONS)
    assert slots(events)["place"] == "am Markt" and slots(events)["place_check"] is None
    assert slots(events)["place_options"] == [{"label": "Markt", "latitude": 50.8789, "longitude": 12.0807,
                                               "address": "", "precise": False, "district": ""}]


def test_a_place_the_geocoder_does_not_know_asks_for_a_pin_never_guesses(nominatim):
    events, _ = run(ValidateReportForm(), tracker("hinterm Gartenhaus von Oma", "inform", requested_slot="place",
                                                  category="tree"))
    assert slots(events)["place_options"] == [] and slots(events)["place_check"] is None
    _, messages = run(ActionAskPlaceCheck(), tracker("x", "inform", place="hinterm Gartenhaus von Oma",
                                                     place_options=[]))
    assert messages[0]["response"] == "utter_place_not_found" and messages[0]["place"] == "hinterm Gartenhaus von Oma"


def test_without_a_geocoder_the_typed_place_is_kept_without_a_question(nominatim):
    nominatim.down = True
    events, _ = run(ValidateReportForm(), tracker("am Johannisplatz", "inform", entities=[("location", "am Johannisplatz")],
                                                  requested_slot="place", category="tree"))
    assert slots(events)["place"] == "am Johannisplatz" and slots(events)["place_check"] == "unchecked"


def test_changing_the_place_from_the_summary_forgets_the_point_and_its_check():
    events, _ = run(ActionChangeReport(), tracker('/deny{"report_field": "place"}', "deny",
                                                  entities=[("report_field", "place")], report_step="summary",
                                                  place="Johannisplatz", latitude=50.8794, longitude=12.0789,
                                                  place_check="confirmed", place_options=[JOHANNISPLATZ]))
    assert slots(events) | {"place": None, "latitude": None, "place_check": None, "place_options": None} == slots(events)



def test_a_short_answer_the_nlu_found_unclear_is_a_place_when_asked_where(nominatim):
    nominatim.places = [candidate("Gera Hbf", 50.8846, 12.0765)]
    events, _ = run(ValidateReportForm(), tracker("Bahnhof", "nlu_fallback", requested_slot="place", category="tree"))
    assert slots(events)["place"] == "Bahnhof" and len(slots(events)["place_options"]) == 1
    events, _ = run(ValidateReportForm(), tracker("blubb fasel bla bla bla", "nlu_fallback", requested_slot="place",
                                                  category="tree"))
    assert events == [], "a longer unclear message is left to the clarification"


# --- without the map (issue 18, item 5): the place in words, and corrected by typing --------------------------

def test_the_found_place_is_said_in_words_with_its_district(nominatim):
    """A screen reader reads the question, not the map pin: "Johannisplatz in Zentrum Süd – stimmt das?"."""
    nominatim.places = [candidate("Johannisplatz", 50.8794, 12.0789, suburb="Zentrum Süd")]
    events, _ = run(ValidateReportForm(), tracker("am Johannisplatz", "inform", entities=[("location", "am Johannisplatz")],
                                                  requested_slot="place", category="tree"))
    options = slots(events)["place_options"]
    assert options[0]["district"] == "Zentrum Süd"
    _, messages = run(ActionAskPlaceCheck(), tracker("am Johannisplatz", "inform", place_options=options))
    assert messages[1]["response"] == "utter_place_found" and messages[1]["place"] == "Johannisplatz in Zentrum Süd"
    template = DOMAIN["responses"]["utter_place_found"][0]["text"]
    assert template.format(place=messages[1]["place"]).startswith("Johannisplatz in Zentrum Süd – stimmt das?")


def test_several_places_are_buttons_that_name_their_district():
    options = [dict(JOHANNISPLATZ, district="Zentrum Süd"), dict(STATIONS[0], district="Zentrum Nord")]
    _, messages = run(ActionAskPlaceCheck(), tracker("x", "inform", place_options=options))
    assert [b["title"] for b in messages[0]["buttons"]][:2] == ["Johannisplatz in Zentrum Süd",
                                                                 "Gera Hauptbahnhof in Zentrum Nord"]


def test_another_place_typed_without_a_recognised_place_is_looked_up(nominatim):
    """No pin needed: the answer to "– stimmt das?" may be another place in words, even one the NLU missed."""
    nominatim.places = [candidate("Markt", 50.8789, 12.0807)]
    events, _ = answer("Markt", "nlu_fallback", place_options=STATIONS)
    assert slots(events)["place"] == "Markt" and slots(events)["place_options"][0]["label"] == "Markt"
    events, _ = answer("weiß ich nicht", "nlu_fallback", place_options=STATIONS)
    assert slots(events)["place_check"] == "unknown"


def test_a_whole_report_by_text_alone(nominatim):
    """Every step of a report answered by typing: category, place (confirmed in words), no photo, description;
    what is filed has the point the citizen confirmed without ever seeing the map."""
    from actions.report import report_fields
    nominatim.places = [candidate("Gagarinstraße", 50.8840, 12.0852, road="Gagarinstraße", suburb="Zentrum Nord")]
    state = {"category": None, "place": None, "place_check": None, "lamp": None, "photo": None, "description": None}

    def typed(text, intent, entities=(), asked=None):
        events, messages = run(ValidateReportForm(), tracker(text, intent, entities=entities, requested_slot=asked,
                                                             **state))
        state.update(slots(events))
        return messages

    typed("Ein Schlagloch", "inform", [("category", "road_damage")], asked="category")
    typed("Gagarinstraße", "nlu_fallback", asked="place")
    _, asked = run(ActionAskPlaceCheck(), tracker("Gagarinstraße", "nlu_fallback", **state))
    question = DOMAIN["responses"]["utter_place_found"][0]["text"].format(place=asked[1]["place"])
    assert question.startswith("Gagarinstraße in Zentrum Nord – stimmt das?")
    typed("ja", "affirm", asked="place_check")
    typed("ohne Foto", "deny", asked="photo")
    typed("Das Loch ist einen halben Meter breit", "inform", asked="description")
    assert state["category"] == "road_damage" and state["place_check"] == "approximate"
    assert state["photo"] == "none" and state["description"] == "Das Loch ist einen halben Meter breit"
    filed = report_fields(tracker("ja", "affirm", **state))
    assert (filed["lat"], filed["long"]) == (50.8840, 12.0852) and filed["address_string"] == "Gagarinstraße"
