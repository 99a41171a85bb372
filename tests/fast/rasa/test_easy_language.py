"""Easy language (actions/easy.py, issue 18, item 4): /einfach switches, /normal switches off, and the main flows'
responses have their easy variation chosen by the slot (Rasa's conditional response variations)."""

from rasa_sdk.events import SlotSet

from actions.easy import ActionSwitchLanguageLevel
from actions.report import NOT_AN_ANSWER
from tests.fast.rasa.conftest import DOMAIN, run, tracker


def test_einfach_switches_easy_language_on_and_says_how_to_go_back():
    events, messages = run(ActionSwitchLanguageLevel(), tracker("/easy_language", "easy_language"))
    assert events == [SlotSet("easy_language", True)]
    assert [m["response"] for m in messages] == ["utter_easy_on"]
    assert "/normal" in DOMAIN["responses"]["utter_easy_on"][0]["text"]


def test_einfach_again_switches_it_off():
    events, messages = run(ActionSwitchLanguageLevel(), tracker("/easy_language", "easy_language", easy_language=True))
    assert events == [SlotSet("easy_language", False)] and messages[0]["response"] == "utter_easy_off"


def test_normal_switches_it_off_and_never_on():
    normal = [("language_level", "normal")]
    for state in (True, False, None):
        events, messages = run(ActionSwitchLanguageLevel(),
                               tracker('/easy_language{"language_level": "normal"}', "easy_language", entities=normal,
                                       easy_language=state))
        assert events == [SlotSet("easy_language", False)] and messages[0]["response"] == "utter_easy_off"


def test_the_switch_is_no_answer_to_the_report_forms_question():
    assert "easy_language" in NOT_AN_ANSWER


def test_the_easy_variation_is_chosen_by_the_slot():
    variations = DOMAIN["responses"]["utter_ask_place"]
    easy = [v for v in variations if v.get("condition")]
    assert easy[0]["condition"] == [{"type": "slot", "name": "easy_language", "value": True}]
    assert easy[0]["custom"] == variations[0]["custom"], "the location keyboard stays"
    slot = DOMAIN["slots"]["easy_language"]
    assert slot["type"] == "bool" and slot["influence_conversation"] is False


def test_asking_back_is_in_easy_language_too():
    from actions.clarify import ActionClarify
    ranking = [{"name": "report_issue", "confidence": 0.4}, {"name": "ask_service", "confidence": 0.3}]
    _, usual = run(ActionClarify(), tracker("hmm", "nlu_fallback", ranking=ranking))
    _, easy = run(ActionClarify(), tracker("hmm", "nlu_fallback", ranking=ranking, easy_language=True))
    assert usual[0]["text"].startswith("Ich bin nicht sicher, was Sie meinen.")
    assert easy[0]["text"].startswith("Ich habe Sie nicht sicher verstanden.\nMeinen Sie: Mangel melden")
    assert easy[0]["buttons"] == usual[0]["buttons"]
