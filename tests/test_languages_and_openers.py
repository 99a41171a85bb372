"""First messages as citizens write them, through the real Rasa server and action server.

The lists in tests/data/openers.yml and tests/data/languages.yml were written
by someone who never saw the training data: generic openers that name no
defect or service, emergencies in the languages Gera's residents write,
ordinary messages in those languages, and German near misses that share a
word with an emergency.
"""

import pytest
import yaml

from scripts.train import ROOT
from tests.conftest import button_titles, texts

DATA = ROOT / "tests/data"
OPENERS = yaml.safe_load((DATA / "openers.yml").read_text(encoding="utf-8"))
LANGUAGES = yaml.safe_load((DATA / "languages.yml").read_text(encoding="utf-8"))
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def response_text(name: str) -> str:
    return DOMAIN["responses"][name][0]["text"]


def cases(group: dict, skip=()):
    return [(language, text) for language, messages in group.items() if language not in skip for text in messages]


@pytest.mark.parametrize("message", OPENERS["report"])
def test_generic_report_opener_starts_the_report_form(citizen, message):
    replies = citizen.says(message)
    assert "Worum geht es?" in texts(replies)
    assert "112" not in texts(replies)


@pytest.mark.parametrize("message", OPENERS["service"])
def test_generic_service_question_asks_which_service(citizen, message):
    replies = citizen.says(message)
    assert response_text("utter_which_service") in texts(replies)
    assert "Personalausweis" in " ".join(button_titles(replies))


@pytest.mark.parametrize("language, message", cases(LANGUAGES["emergency"]))
def test_emergency_in_any_language_gets_the_numbers_at_once(citizen, language, message):
    replies = citizen.says(message)
    first = replies[0]["text"]
    assert "112" in first and "110" in first
    assert "Worum geht es?" not in texts(replies)
    if language == "de":
        # German gets the German notice only, none of the translations.
        assert response_text("utter_emergency") in texts(replies)
        assert not any(response_text(name) in texts(replies) for name in DOMAIN["responses"] if name.startswith("utter_emergency_"))
    elif language != "de_broken":
        assert response_text(f"utter_emergency_{language}") in texts(replies)


@pytest.mark.parametrize("language, message", cases(LANGUAGES["not_emergency"]))
def test_other_language_gets_a_short_answer_in_that_language(citizen, language, message):
    replies = citizen.says(message)
    assert texts(replies) == response_text(f"utter_german_only_{language}")


@pytest.mark.parametrize("message", LANGUAGES["german_near_misses"])
def test_german_near_miss_is_no_emergency(citizen, message):
    replies = citizen.says(message)
    assert not replies or "112" not in replies[0].get("text", "")
    assert response_text("utter_emergency") not in texts(replies)


def test_other_language_during_a_report_keeps_the_report(citizen):
    citizen.says("Ich möchte einen Schaden melden")
    replies = texts(citizen.says("Sorry, I do not speak German well"))
    assert response_text("utter_german_only_en") in replies
    assert replies.endswith(response_text("utter_ask_category"))
    assert "Wo ist das?" in texts(citizen.says("Schlagloch"))
