"""Streetlights as assets, in the conversation (issue 17, item 2): the city's register imported with the command
a city uses, a citizen's pin near two lamps, the lamps as buttons, and the report naming the chosen lamp; a
typed mast number with a typo gets "Meinen Sie …?"."""

import math
import subprocess

import pytest

from scripts.stack import APP_PYTHON
from tests.telegram_fixtures import backend_report, filed_number, texts_of

pytest_plugins = ["tests.telegram_fixtures"]

# Far from where the other tests pin (50.84–50.92, 12.00–12.18), so that their streetlights meet no lamp.
LAMP_0815 = (50.94000, 12.20000)
LAMP_0816 = (50.94020, 12.20000)  # 22 m north
# Two more, over 50 m apart, so that each test's report is no duplicate of another's (the 50 m hint).
LAMP_0900 = (50.94100, 12.20000)
LAMP_0950 = (50.94200, 12.20000)
METRES_PER_DEGREE = 111_320.0


@pytest.fixture(scope="module")
def register(telegram, tmp_path_factory):
    """The register as a city imports it: a CSV export and `python -m backend.assets import`."""
    export = tmp_path_factory.mktemp("assets") / "lampen.csv"
    export.write_text("id;lat;lon;street;operator;type\n"
                      f"0815;{LAMP_0815[0]};{LAMP_0815[1]};Testweg;Stadtwerke;LED\n"
                      f"0816;{LAMP_0816[0]};{LAMP_0816[1]};Testweg;Stadtwerke;LED\n"
                      f"0900;{LAMP_0900[0]};{LAMP_0900[1]};Testweg;Stadtwerke;LED\n"
                      f"0950;{LAMP_0950[0]};{LAMP_0950[1]};Testweg;Stadtwerke;LED\n", encoding="utf-8")
    result = subprocess.run([APP_PYTHON, "-m", "backend.assets", "import", str(export)], capture_output=True,
                            text=True, env=telegram.settings.process_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "neu" in result.stdout
    return export


def pin_near(lamp: tuple) -> dict:
    """5 m south of a lamp (of 0815: 27 m from 0816)."""
    return {"latitude": round(lamp[0] - 5 / METRES_PER_DEGREE, 6), "longitude": lamp[1]}


def test_a_pin_near_two_lamps_offers_both_and_the_report_names_the_chosen_one(register, telegram, telegram_citizen):
    telegram_citizen.says("Die Straßenlampe ist kaputt", expect="Wo ist das")
    asked = telegram_citizen.sends(expect="Welche Lampe", location=pin_near(LAMP_0815))
    titles = [t for m in asked for t in m.button_titles]
    assert titles[:2] == ["Lampe 0815, 5 m entfernt", "Lampe 0816, 27 m entfernt"] and "Weiß ich nicht" in titles
    telegram_citizen.presses("Lampe 0815, 5 m entfernt", expect="Ohne Foto")
    summary = telegram_citizen.presses("Ohne Foto", expect="Absenden")
    assert "(Lampe 0815)" in texts_of(summary)
    report = backend_report(telegram.settings, filed_number(telegram_citizen.presses("Absenden", expect="Nr.")))
    assert report["service_code"] == "streetlight"
    assert report["extended_attributes"]["attributes"]["pole_number"] == "0815"


def test_a_typed_number_with_a_typo_is_asked_back(register, telegram, telegram_citizen):
    telegram_citizen.says("Die Laterne hier flackert seit gestern ständig", expect="Wo ist das")
    telegram_citizen.sends(expect="Welche Lampe", location=pin_near(LAMP_0900))
    asked = telegram_citizen.says("0951", expect="Meinen Sie")
    assert "Lampe 0950" in [t for m in asked for t in m.button_titles]
    telegram_citizen.presses("Lampe 0950", expect="Ohne Foto")
    summary = telegram_citizen.presses("Ohne Foto", expect="Absenden")
    assert "(Lampe 0950)" in texts_of(summary)


def test_a_lamp_nobody_knows_is_no_obstacle(register, telegram, telegram_citizen):
    telegram_citizen.says("Die Straßenlampe hier ist seit Tagen aus", expect="Wo ist das")
    telegram_citizen.sends(expect="Welche Lampe", location=pin_near(LAMP_0950))
    telegram_citizen.presses("Weiß ich nicht", expect="Ohne Foto")
    summary = telegram_citizen.presses("Ohne Foto", expect="Absenden")
    assert "Lampe" not in texts_of(summary).split("Foto:")[0]
