"""The answers in other languages, run in-process with rasa-sdk's CollectingDispatcher."""

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language import TRANSLATED, ActionAnswerOtherLanguage, ActionEmergencyInLanguage
from scripts.train import ROOT

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def run(action, language=None) -> list:
    message = {"text": "…", "intent": {"name": "other_language", "confidence": 1.0}, "entities": []}
    if language:
        message["language"] = language
    tracker = Tracker("test-language", {}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_we_answer_in_has_both_texts_in_the_domain(language):
    assert "112" in RESPONSES[f"utter_emergency_{language}"][0]["text"]
    assert "0365 838-1900" in RESPONSES[f"utter_german_only_{language}"][0]["text"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_emergency_notice_follows_in_the_citizens_language(language):
    assert run(ActionEmergencyInLanguage(), language) == [f"utter_emergency_{language}"]


def test_german_emergency_gets_no_second_notice():
    assert run(ActionEmergencyInLanguage(), "de") == []
    assert run(ActionEmergencyInLanguage()) == []


def test_a_language_without_texts_of_its_own_gets_the_english_ones():
    assert run(ActionAnswerOtherLanguage(), "other") == ["utter_german_only_en"]
    assert run(ActionEmergencyInLanguage(), "other") == ["utter_emergency_en"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_other_language_is_answered_in_it(language):
    assert run(ActionAnswerOtherLanguage(), language) == [f"utter_german_only_{language}"]
