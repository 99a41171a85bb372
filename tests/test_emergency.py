"""Emergencies: 112 / 110 at once, in every state of the conversation, and no report form."""

import pytest

from tests.conftest import texts

EMERGENCIES = [
    "Es brennt im Hinterhof, überall Rauch!",
    "hier riecht es extrem nach gas im hausflur",
    "Unfall an der Kreuzung, ein Radfahrer blutet stark",
    "Da liegt ein Mann regungslos auf dem Gehweg",
    "HILFE ein kind ist in die elster gefallen",
]


@pytest.mark.parametrize("message", EMERGENCIES)
def test_emergency_gets_the_emergency_numbers_first(citizen, message):
    replies = citizen.says(message)
    first = replies[0]["text"]
    assert "112" in first and "110" in first
    assert not any("Meinten Sie" in r.get("text", "") for r in replies)


def test_emergency_after_small_talk_still_gets_the_numbers(citizen):
    citizen.says("Hallo")
    assert "112" in texts(citizen.says("Gasgeruch im Keller, was soll ich tun?"))


@pytest.mark.parametrize("message", ["Die Laterne brennt den ganzen Tag", "Der Baum droht umzufallen"])
def test_ordinary_report_is_not_treated_as_emergency(citizen, message):
    assert "112" not in texts(citizen.says(message))
