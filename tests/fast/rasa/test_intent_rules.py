"""Where nlu/components.py overrules the classifier by words, on hand-made classifier readings (no trained model).

A rule that only settles what the classifier was unsure of keeps the
classifier's confidence (never more), so that the staff web still lists the
message for review; only certain rules (an emergency, a payload, a
pictograph answer) give full confidence.
"""

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components import CanonicalValues
from nlu.lexicon import Lexicon

# The fallback of config.yml: below the threshold, or with the runner-up this close, the citizen is asked back.
FALLBACK_THRESHOLD, AMBIGUITY = 0.4, 0.08
# backend/staff/settings.py: a message understood with less confidence marks its conversation "needs review".
STAFF_REVIEW_CONFIDENCE = 0.6


@pytest.fixture(scope="module")
def component():
    return CanonicalValues({}, Lexicon.load())


def processed(component, text, ranking, entities=()):
    """The message after our component, given the classifier's ranking [(name, confidence), ...]."""
    message = Message(data={TEXT: text})
    ranking = [{"name": n, "confidence": c} for n, c in ranking]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    message.set(ENTITIES, list(entities))
    component.process([message])
    return message


def parsed(component, text, ranking):
    return processed(component, text, ranking).get(INTENT)


def asked_back(message) -> bool:
    """What Rasa's FallbackClassifier (after our component) would do with the message."""
    ranking = message.get(INTENT_RANKING_KEY)
    if message.get(INTENT)["confidence"] < FALLBACK_THRESHOLD:
        return True
    return len(ranking) > 1 and ranking[0]["confidence"] - ranking[1]["confidence"] < AMBIGUITY


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # A defect in a named place is never out of scope.
        ("loch in der strase, tinz, beim konsum", [("out_of_scope", 0.6), ("report_issue", 0.3)], "report_issue"),
        ("Wie wird das Wetter morgen?", [("out_of_scope", 0.9), ("ask_service", 0.1)], "out_of_scope"),
        # A pothole in general, or a toilet at home, without a place of the city's: the classifier's reading stands.
        ("Wie entstehen eigentlich Schlaglöcher?", [("out_of_scope", 0.6), ("report_issue", 0.3)], "out_of_scope"),
        # A thing of the public space said to be broken is a report, even without a place ...
        ("Pflastersteine lose", [("out_of_scope", 0.9), ("report_issue", 0.05)], "report_issue"),
        ("Der Trinkbrunnen funktioniert nicht", [("help", 0.6), ("report_issue", 0.3)], "report_issue"),
        ("herrenloses Fahrzeug seit Wochen kaputt", [("out_of_scope", 0.85), ("report_issue", 0.1)], "report_issue"),
        # ... but not one's own thing, a question with "aus" in it, or a typo that only looks like a defect.
        ("Mein WLAN geht nicht, kannst du mir helfen?", [("out_of_scope", 0.7), ("report_issue", 0.2)], "out_of_scope"),
        ("Was ist die Wurzel aus 144?", [("out_of_scope", 0.7), ("report_issue", 0.2)], "out_of_scope"),
        ("Mein Handy ist kaputt", [("out_of_scope", 0.8), ("report_issue", 0.1)], "out_of_scope"),
        # What is wrong, with the kind of defect, is a report; a detail of it stays an answer.
        ("Die Laterne vor der Schloßstraße 7 ist seit drei Tagen aus", [("inform", 0.6), ("report_issue", 0.4)], "report_issue"),
        ("Die Laterne in der Sorge 12 ist seit Tagen aus", [("report_issue", 0.51), ("inform", 0.49)], "report_issue"),
        ("die lampn am johannisplatz sin ni an seit montag", [("inform", 0.55), ("report_issue", 0.4)], "report_issue"),
        ("die Laterne direkt vor Hausnummer 12", [("inform", 0.8), ("report_issue", 0.2)], "inform"),
        ("es ist die dritte Lampe nach der Kreuzung", [("inform", 0.7), ("report_issue", 0.2)], "inform"),
        ("ein Sack aus Plastik", [("inform", 0.7), ("report_issue", 0.2)], "inform"),
        # Out of scope first and nothing of the city's in it: no asking back.
        ("Kannst du rappen", [("out_of_scope", 0.51), ("help", 0.47)], "out_of_scope"),
        # ... but a place, a service or a report number in it leaves the doubt to the fallback.
        ("Was ist in der Sorge 12 los", [("out_of_scope", 0.51), ("inform", 0.47)], "out_of_scope"),
        # A city service named by its own word is a service question; a dog or a lost parcel is not enough.
        ("Wie lange hat die Kfz-Zulassung heute auf?", [("out_of_scope", 0.6), ("ask_service", 0.35)], "ask_service"),
        ("Wo kann ich meinen Hund Gassi führen lassen", [("out_of_scope", 0.6), ("ask_service", 0.35)], "out_of_scope"),
        ("Wie lange hat die Kfz-Zulassung heute auf?", [("ask_service", 0.52), ("out_of_scope", 0.48)], "ask_service"),
        # A follow-up about an errand's deadline, papers or appointment is a service question (the service is the
        # conversation's); opening hours alone are not, a zoo has them too.
        ("Wie lange habe ich Zeit?", [("out_of_scope", 0.41), ("ask_service", 0.19)], "ask_service"),
        ("Was muss ich mitbringen?", [("out_of_scope", 0.5), ("ask_service", 0.3)], "ask_service"),
        ("Wie lange hat der Zoo offen?", [("out_of_scope", 0.6), ("ask_service", 0.3)], "out_of_scope"),
        ("Wie lange habe ich Zeit?", [("out_of_scope", 0.9), ("ask_service", 0.05)], "out_of_scope"),
        # A pictograph answer; pictographs that mean nothing here are left to the classifier and the fallback.
        ("👍", [("affirm", 0.33), ("out_of_scope", 0.2)], "affirm"),
        ("🙏", [("out_of_scope", 0.33), ("thank", 0.2)], "thank"),
        ("🍺🍺", [("affirm", 0.33), ("out_of_scope", 0.2)], "affirm"),
    ],
)
def test_words_overrule_the_classifier(component, text, ranking, expected):
    assert parsed(component, text, ranking)["name"] == expected


def test_out_of_scope_settled_by_a_rule_keeps_the_classifiers_doubt_for_the_staff(component):
    message = processed(component, "Kannst du rappen", [("out_of_scope", 0.51), ("help", 0.47)])
    assert message.get(INTENT) == {"name": "out_of_scope", "confidence": 0.51}
    assert message.get(INTENT)["confidence"] < STAFF_REVIEW_CONFIDENCE
    assert not asked_back(message)


def test_a_report_settled_by_a_rule_never_gets_more_confidence_than_the_classifier_gave(component):
    text = "Die Laterne in der Sorge 12 ist seit Tagen aus"
    message = processed(component, text, [("inform", 0.51), ("report_issue", 0.49)])
    assert message.get(INTENT) == {"name": "report_issue", "confidence": 0.51}
    assert not asked_back(message)  # the report starts, and the staff still see the doubt


@pytest.mark.parametrize(
    "text, ranking",
    [
        ("Kannst du rappen", [("out_of_scope", 0.31), ("help", 0.3)]),
        ("loch in der strase, tinz", [("out_of_scope", 0.35), ("report_issue", 0.3)]),
        ("Die Laterne in der Sorge 12 ist seit Tagen aus", [("inform", 0.38), ("report_issue", 0.36)]),
    ],
)
def test_a_rule_cannot_lift_an_unclear_message_over_the_fallback(component, text, ranking):
    message = processed(component, text, ranking)
    assert message.get(INTENT)["confidence"] <= ranking[0][1]
    assert asked_back(message)


def test_a_service_question_close_to_out_of_scope_keeps_the_classifiers_confidence(component):
    intent = parsed(component, "Wann kommt die Biotonne?", [("out_of_scope", 0.45), ("ask_service", 0.44)])
    assert intent == {"name": "out_of_scope", "confidence": 0.45}  # short service word: the fallback asks back


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # A lamp that does not burn, which the classifier took for a fire: the report, at the classifier's confidence.
        ("Laterne brennt nicht mehr", [("emergency", 0.7), ("cancel", 0.15), ("report_issue", 0.1)], ("report_issue", 0.7)),
        # A defect named, and the classifier not sure of an emergency: the report.
        ("die Ampel ist tot", [("emergency", 0.6), ("report_issue", 0.3)], ("report_issue", 0.6)),
        # A service named by its own word: an urgent errand.
        ("Notfall, mein Personalausweis ist weg und ich fliege morgen", [("emergency", 0.6), ("ask_service", 0.3)], ("ask_service", 0.6)),
        # A short service word is not enough to rule out a danger: asked back, 112 / 110 first.
        ("Bitte schnell kommen, mein Hund", [("emergency", 0.6), ("ask_service", 0.3)], ("nlu_fallback", 1.0)),
        # No defect named and no words of an emergency: the citizen is asked back, with 112 / 110 shown first.
        ("Da ist was ganz Schlimmes passiert", [("emergency", 0.6), ("report_issue", 0.3)], ("nlu_fallback", 1.0)),
    ],
)
def test_an_emergency_only_the_classifier_saw(component, text, ranking, expected):
    message = processed(component, text, ranking)
    assert (message.get(INTENT)["name"], message.get(INTENT)["confidence"]) == expected
    if expected[0] in ("report_issue", "ask_service"):
        assert "emergency" not in [r["name"] for r in message.get(INTENT_RANKING_KEY)]


def test_an_emergency_keeps_full_confidence(component):
    intent = parsed(component, "Es brennt im Keller, Sorge 12!", [("report_issue", 0.5), ("emergency", 0.4)])
    assert intent == {"name": "emergency", "confidence": 1.0}


@pytest.mark.parametrize(
    "text, ranking, place",
    [
        # In an answer, a thing next to the place is a landmark and part of it ...
        ("der Sack liegt direkt neben der Bank am Teich im Hofwiesenpark", [("inform", 0.9), ("report_issue", 0.1)],
         "Bank am Teich im Hofwiesenpark"),
        # ... in a report about that thing, it is the defect and not part of the place.
        ("Die Bank am Teich im Hofwiesenpark ist kaputt", [("report_issue", 0.9), ("inform", 0.1)], "Teich im Hofwiesenpark"),
    ],
)
def test_things_named_in_an_answer_belong_to_the_place(component, text, ranking, place):
    message = processed(component, text, ranking)
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "location"] == [place]


@pytest.mark.parametrize("text", ["Bahnhof", "am Bahnhof", "Hauptbahnhof", "beim Südbahnhof"])
def test_a_bare_station_is_an_answer_naming_a_place_never_an_emergency(component, text):
    message = processed(component, text, [("emergency", 0.3), ("goodbye", 0.2), ("inform", 0.17)])
    assert message.get(INTENT)["name"] == "inform"
    assert [e["entity"] for e in message.get(ENTITIES)] == ["location"]
