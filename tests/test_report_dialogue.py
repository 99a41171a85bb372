"""Reporting a defect through the real Rasa server, action server and Open311 backend.

Each test is one citizen (fresh sender id) typing or pressing buttons the way
the Telegram adapter forwards them; the result is checked where staff will
see it: in the backend over its Open311 API.
"""

import csv
import io
import json
import re
import time
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.conftest import Citizen, button_titles, texts

GERA = {"latitude": 50.8806, "longitude": 12.0833}
UNSURE = "Weiß ich nicht genau"  # the place check's button: the typed place stays, without a point
GAZETTEER = Path(__file__).resolve().parents[1] / "backend" / "geocoder" / "gazetteer.csv"
BERLIN = {"latitude": 52.52, "longitude": 13.405}


def gazetteer_point(street: str) -> tuple:
    """(lat, lon) of a street in the shipped gazetteer, as its source gives it."""
    with open(GAZETTEER, encoding="utf-8") as file:
        row = next(r for r in csv.DictReader(file) if r["kind"] == "street" and r["name"] == street)
    return float(row["lat"]), float(row["lon"])


def location(point: dict) -> str:
    return f"/share_location{json.dumps(point)}"


def backend_request(stack, number: str) -> dict:
    """The report in full, as the city's systems read it (the key in the header; without it: the public view)."""
    key = (stack.settings.data_dir / "open311-api-key").read_text().strip()
    response = httpx.get(f"{stack.settings.backend_url}/open311/v2/requests/{number}.json",
                         params={"extensions": "true"}, headers={"X-Api-Key": key})
    response.raise_for_status()
    return response.json()[0]


def confirmed_in_words(place: str, replies: list) -> bool:
    """The place found, said in words a screen reader reads: "Gagarinstraße in Lusan – stimmt das?"."""
    return bool(re.search(rf"^{re.escape(place)}( in [^–\n]+)? – stimmt das\?", texts(replies), re.MULTILINE))


def filed_number(replies: list) -> str:
    text = texts(replies)
    assert "Nr. " in text, text
    return text.split("Nr. ")[1].split(".")[0].split()[0]


def upload_photo(stack) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 30)).save(buffer, "JPEG")
    key = (stack.settings.data_dir / "open311-api-key").read_text().strip()
    response = httpx.post(
        f"{stack.settings.backend_url}/media",
        data={"api_key": key},
        files={"file": ("baum.jpg", buffer.getvalue(), "image/jpeg")},
    )
    response.raise_for_status()
    return response.json()["media_url"]


def test_everything_in_one_message_asks_only_where_exactly_and_for_the_photo(stack, citizen):
    replies = citizen.says("Die Laterne in der Sorge 12 ist seit Tagen aus")
    assert "Datenschutz" in texts(replies)
    assert "stimmt das?" in texts(replies) and UNSURE in button_titles(replies)
    replies = citizen.says("/deny")  # "Weiß ich nicht genau": the typed place stays, without a point
    assert "Foto" in texts(replies) and "Ohne Foto" in button_titles(replies)
    summary = citizen.says("/deny")
    assert "Sorge 12" in texts(summary) and "Absenden" in button_titles(summary)
    report = backend_request(stack, filed_number(citizen.says("/affirm")))
    assert report["service_code"] == "streetlight"
    assert report["address"] == "Sorge 12" and report["lat"] is None
    assert "Laterne" in report["description"]


def test_a_typed_place_confirmed_on_the_map_is_filed_at_its_point(stack, citizen):
    """The gazetteer's point of the street (its source: a stop named after it) is shown; "Ja, genau da" files it."""
    expected = gazetteer_point("Gagarinstraße")
    replies = citizen.says("Schlagloch in der Gagarinstraße, ziemlich tief")
    assert confirmed_in_words("Gagarinstraße", replies) and "Ja, genau da" in button_titles(replies)
    venue = next(reply["custom"]["venue"] for reply in replies if "venue" in (reply.get("custom") or {}))
    assert (venue["latitude"], venue["longitude"]) == pytest.approx(expected)
    assert "Ohne Foto" in button_titles(citizen.says("/affirm"))
    summary = citizen.says("/deny")
    assert "Gagarinstraße" in texts(summary)
    report = backend_request(stack, filed_number(citizen.says("/affirm")))
    assert (report["lat"], report["long"]) == pytest.approx(expected)
    assert "Gagarinstraße" in report["address"]


def test_a_whole_report_by_text_alone_without_map_pin_or_buttons(stack, citizen):
    """Issue 18, item 5: every step typed, nothing pressed or pinned; the place found is confirmed in words."""
    assert "Worum geht es" in texts(citizen.says("Ich möchte einen Schaden melden"))
    assert "Wo ist das" in texts(citizen.says("Ein Schlagloch"))
    replies = citizen.says("Gagarinstraße")
    assert confirmed_in_words("Gagarinstraße", replies), texts(replies)
    assert "Foto" in texts(citizen.says("ja"))
    assert "Beschreiben" in texts(citizen.says("ohne Foto"))
    summary = citizen.says("Das Loch ist einen halben Meter breit")
    assert "Gagarinstraße" in texts(summary) and "Foto: nein" in texts(summary)
    report = backend_request(stack, filed_number(citizen.says("abschicken")))  # the summary's button, typed
    assert report["service_code"] == "road_damage" and "Gagarinstraße" in report["address"]
    assert (report["lat"], report["long"]) == pytest.approx(gazetteer_point("Gagarinstraße"))


def test_easy_language_asks_in_short_sentences_and_normal_switches_back_mid_report(stack, citizen):
    """/einfach and /normal of the adapter (issue 18, item 4): the report goes on, asked again in the chosen language."""
    assert "einfacher Sprache" in texts(citizen.says("/easy_language"))
    assert "Was ist kaputt?" in texts(citizen.says("Ich möchte einen Schaden melden"))
    assert "die Straße und die Hausnummer" in texts(citizen.says('/inform{"category":"tree"}'))
    replies = citizen.says('/easy_language{"language_level": "normal"}')
    assert "wieder wie vorher" in texts(replies) and "Wo ist das? Schreiben Sie die Adresse" in texts(replies)
    assert "Foto" in texts(citizen.says(location(GERA)))


def test_an_ambiguous_place_offers_up_to_three_choices(stack, citizen):
    assert "Wo ist das" in texts(citizen.says("Hier liegt überall wilder Müll"))
    replies = citizen.says("Bahnhof")
    titles = button_titles(replies)
    assert "Welchen Ort meinen Sie" in texts(replies) and UNSURE in titles and 3 <= len(titles) <= 4
    chosen = next(title for title in titles if title != UNSURE)
    replies = citizen.says(next(b["payload"] for r in replies for b in r.get("buttons", []) if b["title"] == chosen))
    assert "Ohne Foto" in button_titles(replies)
    # The button names the Stadtteil ("Gera Hbf in Untermhaus"); the summary and the report the place itself.
    assert chosen.split(" in ")[0] in texts(citizen.says("/deny"))


def test_a_place_nobody_knows_asks_for_a_pin_and_never_guesses(stack, citizen):
    assert "Wo ist das" in texts(citizen.says("Hier liegt wilder Müll"))
    replies = citizen.says("hinter dem Gartenhaus von Oma Erna")
    assert "finde ich nicht auf der Karte" in texts(replies) and "Standort" in texts(replies)
    assert "Foto" in texts(citizen.says(location(GERA)))  # the pin settles it


def test_step_by_step_with_location_and_photo(stack, citizen):
    replies = citizen.says("Ich möchte einen Schaden melden")
    assert "Worum geht es" in texts(replies) and len(button_titles(replies)) == 16
    assert "Wo ist das" in texts(citizen.says('/inform{"category":"tree"}'))
    assert "Foto" in texts(citizen.says(location(GERA)))
    photo = upload_photo(stack)
    assert "Beschreiben" in texts(citizen.says(f'/send_photo{{"media_url":"{photo}"}}'))
    summary = citizen.says("Ein dicker Ast liegt quer über dem Fußweg")
    assert "Foto: ja" in texts(summary)
    report = backend_request(stack, filed_number(citizen.says("/affirm")))
    assert report["service_code"] == "tree"
    assert report["lat"] == pytest.approx(GERA["latitude"]) and report["long"] == pytest.approx(GERA["longitude"])
    assert report["media_url"] == photo


def test_location_outside_gera_is_refused_politely_and_nothing_is_filed(stack, citizen):
    citizen.says("Schlagloch melden")
    replies = citizen.says(location(BERLIN))
    assert "außerhalb von Gera" in texts(replies)
    assert "Wo ist das" in texts(replies)
    assert "nichts gesendet" in texts(citizen.says("abbrechen"))
    assert my_reports(stack, citizen) == []


def test_correcting_the_place_at_the_summary(stack, citizen):
    assert UNSURE in button_titles(citizen.says("Papierkorb am Markt quillt über"))
    citizen.says("/deny")
    summary = citizen.says("/deny")
    assert "Markt" in texts(summary)
    corrected = citizen.says("nein, es ist in der Heinrichstraße 35")
    assert confirmed_in_words("Heinrichstraße", corrected)  # the street's point; the number stays as typed
    confirmed = citizen.says("/affirm")
    assert "Heinrichstraße 35" in texts(confirmed) and "Absenden" in button_titles(confirmed)
    report = backend_request(stack, filed_number(citizen.says("/affirm")))
    assert report["address"] == "Heinrichstraße 35"
    assert (report["lat"], report["long"]) == pytest.approx(gazetteer_point("Heinrichstraße"))


def test_cancelling_midway_files_nothing(stack, citizen):
    citizen.says("Da ist ein Schlagloch")
    assert "nichts gesendet" in texts(citizen.says("abbrechen"))
    assert my_reports(stack, citizen) == []


def test_emergency_in_the_middle_of_a_report_gets_the_numbers(stack, citizen):
    citizen.says("Ich will was melden, Ampel kaputt")
    replies = citizen.says("Oh Gott, da brennt gerade ein Auto!")
    assert "112" in replies[0]["text"]
    assert my_reports(stack, citizen) == []


def test_very_long_description_is_shortened_with_a_note(stack, citizen):
    citizen.says("Graffiti")
    assert UNSURE in button_titles(citizen.says("Schulstraße 3"))
    citizen.says("/deny")
    assert "Beschreiben" in texts(citizen.says("/deny"))
    replies = citizen.says("Schmiererei " * 500)
    assert "gekürzt" in texts(replies)
    report = backend_request(stack, filed_number(citizen.says("/affirm")))
    assert len(report["description"]) <= 4000


def test_nearby_open_report_can_be_supported_instead(stack, citizen):
    # A spot of its own, away from the other tests' reports.
    spot = {"latitude": 50.9012, "longitude": 12.1104}
    first = Citizen(stack.settings)
    first.says("Umgestürzter Baum auf dem Weg")
    first.says(location(spot))
    first.says("/deny")
    number = filed_number(first.says("/affirm"))

    citizen.says("Hier ist ein Baum umgefallen")
    citizen.says(location({"latitude": spot["latitude"] + 0.0001, "longitude": spot["longitude"]}))
    question = citizen.says("/deny")
    assert "Ist es diese Meldung" in texts(question) and number in texts(question)
    assert number in texts(citizen.says("/affirm"))
    assert backend_request(stack, number)["extended_attributes"]["supporters"] == 1


def test_status_is_shown_only_to_the_reporter(stack, citizen):
    assert UNSURE in button_titles(citizen.says("Gully verstopft in der Talstraße 4"))
    citizen.says("/deny")
    citizen.says("/deny")
    number = filed_number(citizen.says("/affirm"))
    answer = texts(citizen.says(f"Was ist mit meiner Meldung {number}?"))
    assert number in answer and "eingegangen" in answer
    assert "finde ich keine Meldung" in texts(Citizen(stack.settings).says(f"Wie ist der Stand von #{number}?"))
    assert number in texts(citizen.says("meine Meldungen"))


def test_report_waits_in_the_outbox_while_the_backend_is_down(stack, citizen):
    from scripts.stack import backend

    assert UNSURE in button_titles(citizen.says("Die Ampel an der Heinrichstraße ist ausgefallen"))
    citizen.says("/deny")
    citizen.says("/deny")
    stack.stop("backend")
    try:
        assert "automatisch übermittelt" in texts(citizen.says("/affirm"))
    finally:
        stack.start("backend", backend)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not my_reports(stack, citizen):
        time.sleep(0.5)
    reports = my_reports(stack, citizen)
    assert len(reports) == 1 and reports[0]["service_code"] == "traffic_light"
    assert "eingegangen" in texts(citizen.says("meine Meldungen"))


def my_reports(stack, citizen) -> list:
    key = (stack.settings.data_dir / "open311-api-key").read_text().strip()
    response = httpx.get(
        f"{stack.settings.backend_url}/open311/v2/requests.json",
        params={"account_id": citizen.sender},
        headers={"X-Api-Key": key},
    )
    response.raise_for_status()
    return response.json()
