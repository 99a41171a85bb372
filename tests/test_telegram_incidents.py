"""Known incidents end to end (issue 17, item 3): the lighting operator's system posts a fault for lamp 0816, a
citizen reporting that lamp on Telegram is told "Das ist bekannt" and asks to be notified instead of filing,
and hears of it when staff close the incident in the staff web; a second citizen reporting a lamp already
reported becomes a supporter of that report instead of filing it again."""

import subprocess
import uuid

import httpx
import pytest

from scripts.stack import APP_PYTHON
from tests.staff_fixtures import csrf_from
from tests.telegram_fixtures import api_key, filed_number, texts_of

pytest_plugins = ["tests.telegram_fixtures", "tests.staff_fixtures"]

# The lamps of tests/test_telegram_lamps.py (a re-import updates them, never duplicates), and 0817 for this
# module alone, over 100 m from every other test's pin.
LAMP_0815 = (50.94000, 12.20000)
LAMP_0816 = (50.94020, 12.20000)  # 22 m north of 0815
LAMP_0817 = (50.94300, 12.20000)
METRES_PER_DEGREE = 111_320.0


@pytest.fixture(scope="module")
def register(telegram, tmp_path_factory):
    """The register as a city imports it (`python -m backend.assets import`)."""
    export = tmp_path_factory.mktemp("assets") / "lampen.csv"
    export.write_text("id;lat;lon;street\n" + "".join(
        f"{number};{lat};{lon};Testweg\n" for number, (lat, lon) in
        (("0815", LAMP_0815), ("0816", LAMP_0816), ("0817", LAMP_0817))), encoding="utf-8")
    result = subprocess.run([APP_PYTHON, "-m", "backend.assets", "import", str(export)], capture_output=True,
                            text=True, env=telegram.settings.process_env(), timeout=60)
    assert result.returncode == 0, result.stderr


def pin_north_of(lamp: tuple, metres: float = 5) -> dict:
    return {"latitude": round(lamp[0] + metres / METRES_PER_DEGREE, 6), "longitude": lamp[1]}


def operator_posts(settings, body: dict) -> httpx.Response:
    """The lighting operator's system, with its own key (generated into the data directory)."""
    key = (settings.data_dir / "operator-api-key").read_text().strip()
    return httpx.post(f"{settings.backend_url}/incidents/operator.json", json=body,
                      headers={"Authorization": f"Bearer {key}"}, timeout=10)


def test_a_fault_the_operator_posted_is_known_and_the_citizen_is_told_when_staff_close_it(
        register, telegram, telegram_citizen, stack_staff_client):
    settings = telegram.settings
    fault = {"lamp": "0816", "fault": "Leuchtmittel defekt", "time": "2026-12-06T20:15:00+01:00",
             "message_id": f"lsa-{uuid.uuid4().hex[:8]}"}
    posted = operator_posts(settings, fault)
    assert posted.status_code == 201, posted.text
    assert operator_posts(settings, fault).status_code == 200  # the same message again: no second incident
    bad = operator_posts(settings, {**fault, "lamp": "9999", "message_id": "x"})
    assert bad.status_code == 400 and "9999" in bad.json()[0]["description"]

    telegram_citizen.says("Die Straßenlampe ist kaputt", expect="Wo ist das")
    asked = telegram_citizen.sends(expect="Welche Lampe", location=pin_north_of(LAMP_0816))
    assert [t for m in asked for t in m.button_titles][:2] == ["Lampe 0816, 5 m entfernt", "Lampe 0815, 27 m entfernt"]
    known = telegram_citizen.presses("Lampe 0816, 5 m entfernt", expect="Das ist bekannt")
    assert "Das ist bekannt: Lampe 0816: Leuchtmittel defekt, Stand 06.12.2026." in texts_of(known)
    assert [t for m in known for t in m.button_titles] == ["Benachrichtigen, wenn behoben", "Trotzdem melden",
                                                          "Abbrechen"]
    telegram_citizen.presses("Benachrichtigen, wenn behoben", expect="sobald es behoben ist")

    page = stack_staff_client.get("/staff/stoerungen").text
    incident = posted.json()["incident"]["id"]
    closed = stack_staff_client.post(f"/staff/stoerungen/{incident}/schliessen",
                                     data={"csrf_token": csrf_from(page), "note": "Leuchtmittel getauscht."})
    assert closed.status_code == 303
    news = texts_of(telegram_citizen.waits_for("Die Störung ist vorbei"))
    assert "Lampe 0816: Leuchtmittel defekt" in news and "Leuchtmittel getauscht." in news


def report_lamp_0817(citizen, expect: str):
    citizen.says("Die Straßenlampe hier ist seit Tagen aus", expect="Wo ist das")
    citizen.sends(expect="Welche Lampe", location=pin_north_of(LAMP_0817))
    return citizen.presses("Lampe 0817, 5 m entfernt", expect=expect)


def test_a_second_citizen_reporting_the_same_lamp_supports_the_first_report(register, telegram, new_citizen):
    first, second = new_citizen(), new_citizen()
    report_lamp_0817(first, expect="Ohne Foto")
    first.presses("Ohne Foto", expect="Absenden")
    number = filed_number(first.presses("Absenden", expect="Nr."))

    known = report_lamp_0817(second, expect="Das ist bekannt")
    assert f"Lampe 0817 ist schon gemeldet (Nr. {number})" in texts_of(known)
    supported = second.presses("Benachrichtigen, wenn behoben", expect="unterstützen")
    assert f"Meldung Nr. {number}" in texts_of(supported)

    httpx.post(f"{telegram.settings.backend_url}/open311/v2/requests/{number}/status.json", timeout=10,
               data={"api_key": api_key(telegram.settings), "state": "solved", "note": "Lampe repariert."}
               ).raise_for_status()
    assert "Lampe repariert." in texts_of(second.waits_for("die Sie unterstützen"))
    assert "Lampe repariert." in texts_of(first.waits_for("Neuigkeiten zu Ihrer Meldung"))
