"""actions/clarify.py in-process: asking back with buttons instead of guessing."""

from rasa_sdk.events import UserUtteranceReverted

from actions.clarify import ActionClarify
from tests.fast.rasa.conftest import run, tracker

UNSURE = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "greet", "confidence": 0.3},
          {"name": "report_issue", "confidence": 0.25}, {"name": "ask_service", "confidence": 0.2},
          {"name": "help", "confidence": 0.02}]


def buttons(messages) -> list:
    return [(b["title"], b["payload"]) for m in messages for b in m["buttons"]]


def test_unsure_message_offers_the_likeliest_meanings_with_what_was_understood():
    events, messages = run(ActionClarify(), tracker("baum umgefalln?", "nlu_fallback", 0.7,
                                                    entities=[("category", "tree")], ranking=UNSURE))
    assert events == []
    (message,) = messages
    assert message["text"] == ("Ich bin nicht sicher, was Sie meinen.\n"
                               "Meinten Sie: Mangel melden oder Frage zu einer Leistung?")
    assert buttons(messages) == [("Mangel melden", '/report_issue{"category":"tree"}'),
                                 ("Frage zu einer Leistung", '/ask_service{"category":"tree"}')]


def test_without_likely_meanings_the_two_main_tasks_are_offered():
    ranking = [{"name": "nlu_fallback", "confidence": 0.9}, {"name": "goodbye", "confidence": 0.1}]
    _, messages = run(ActionClarify(), tracker("hmm", "nlu_fallback", 0.9, ranking=ranking))
    assert buttons(messages) == [("Mangel melden", "/report_issue"), ("Frage zu einer Leistung", "/ask_service")]


def test_a_possible_emergency_gets_the_emergency_numbers_before_the_question():
    ranking = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "emergency", "confidence": 0.15},
               {"name": "report_issue", "confidence": 0.1}]
    _, messages = run(ActionClarify(), tracker("es riecht komisch im keller", "nlu_fallback", 0.7, ranking=ranking))
    assert messages[0]["response"] == "utter_emergency"
    assert [title for title, _ in buttons(messages)] == ["Mangel melden", "Frage zu einer Leistung"]


def test_as_core_fallback_the_message_is_forgotten_so_the_assistant_waits():
    events, messages = run(ActionClarify(), tracker("Sorge 12", "inform", 0.8, ranking=UNSURE[1:]))
    assert events == [UserUtteranceReverted()]
    assert len(messages) == 1 and messages[0]["buttons"]
