"""Reporting through Telegram, end to end: emulator → adapter → Rasa → actions → backend.

Each test is one citizen in a fresh private chat doing what people do on
Telegram (a photo with a caption, "Standort senden", buttons, typing an
address); the result is checked where staff see it: in the backend.
"""

import io
import sqlite3

import pytest
from PIL import Image

from tests.telegram_fixtures import (backend_report, filed_number, photo_with_exif, reports_of, somewhere_in_gera,
                                     stored_image, texts_of)

pytest_plugins = ["tests.telegram_fixtures"]
UNSURE = "Weiß ich nicht genau"  # the place check's button


def test_fallen_tree_with_photo_and_location_is_filed_with_the_exact_photo(telegram, telegram_citizen):
    original = photo_with_exif("PNG")
    asked = telegram_citizen.sends_photo(original, (320, 240), caption="Umgestürzter Baum blockiert den Fußweg",
                                         expect="Wo ist das")
    assert "Datenschutz" in texts_of(asked)
    place_question = next(m for m in asked if "Wo ist das" in m.text)
    assert {"text": "Standort senden", "request_location": True} in place_question.keyboard
    assert {"text": "Abbrechen"} in place_question.keyboard

    point = somewhere_in_gera()
    summary = telegram_citizen.sends_location(point["latitude"], point["longitude"], expect="Absenden")
    assert "Foto: ja" in texts_of(summary)

    filed = telegram_citizen.presses("Absenden", expect="Nr.")
    assert any(m.removes_keyboard for m in filed), "the place keyboard goes with the next text without buttons"
    number = filed_number(filed)
    report = backend_report(telegram.settings, number)
    assert report["service_code"] == "tree"
    assert report["lat"] == pytest.approx(point["latitude"]) and report["long"] == pytest.approx(point["longitude"])
    assert "Baum" in report["description"]
    stored = stored_image(telegram.settings, report["media_url"])
    assert stored.size == (320, 240)
    assert not stored.getexif(), "EXIF (camera, GPS) must be gone"
    assert stored.convert("RGB").tobytes() == Image.open(io.BytesIO(original)).convert("RGB").tobytes()
    assert [r["service_request_id"] for r in reports_of(telegram.settings, telegram_citizen)] == [number]
    assert [report["media_url"].rsplit("/", 1)[1]] == photos_of(telegram.settings, number), \
        "the stored photo belongs to the report (kept past the cleanup of unused photos)"


def photos_of(settings, number: str) -> list:
    """File names of the photos the backend linked to a report (read-only)."""
    with sqlite3.connect(f"file:{settings.data_dir / 'backend.db'}?mode=ro", uri=True) as db:
        return [name for (name,) in db.execute(
            "SELECT m.file_name FROM media m JOIN requests r ON r.id = m.request_id WHERE r.service_request_id = ?",
            [number])]


def test_report_by_typed_address_without_photo(telegram, telegram_citizen):
    telegram_citizen.says("Die Laterne in der Sorge 12 ist seit Tagen aus", expect=UNSURE)
    asked = telegram_citizen.presses(UNSURE, expect="Ohne Foto")  # the typed place stays, without a point
    assert "Foto" in texts_of(asked)
    summary = telegram_citizen.presses("Ohne Foto", expect="Absenden")
    assert "Sorge 12" in texts_of(summary) and "Foto: nein" in texts_of(summary)
    report = backend_report(telegram.settings, filed_number(telegram_citizen.presses("Absenden", expect="Nr.")))
    assert report["service_code"] == "streetlight"
    assert report["address"] == "Sorge 12" and report["media_url"] is None and report["lat"] is None


def test_a_typed_place_is_shown_as_a_pin_and_confirmed(telegram, telegram_citizen):
    asked = telegram_citizen.says("Schlagloch in der Gagarinstraße, ziemlich tief", expect="Ja, genau da")
    (venue,) = [m.venue for m in asked if m.method == "sendVenue"]
    assert venue["title"] == "Gagarinstraße" and venue["address"]
    question = next(m for m in asked if "stimmt das?" in m.text)
    assert {"text": "Standort senden", "request_location": True} in question.keyboard, "a pin is one tap away"
    telegram_citizen.presses("Ja, genau da", expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Absenden")
    report = backend_report(telegram.settings, filed_number(telegram_citizen.presses("Absenden", expect="Nr.")))
    assert (report["lat"], report["long"]) == pytest.approx((venue["location"]["latitude"],
                                                            venue["location"]["longitude"]))


def test_buttons_all_the_way(telegram, telegram_citizen):
    greeting = telegram_citizen.says("/start", expect="Datenschutz")
    assert "Mangel melden" in [t for m in greeting for t in m.button_titles]
    categories = telegram_citizen.presses("Mangel melden", expect="Worum geht es")
    assert telegram_citizen.callback_answer() is not None, "every press is answered"
    assert any(m.edited and "Ihre Wahl: Mangel melden" in m.text and not m.buttons for m in categories)
    assert len([t for m in categories for t in m.button_titles]) == 16
    telegram_citizen.presses("Baum", expect="Wo ist das")
    point = somewhere_in_gera()
    telegram_citizen.sends_location(point["latitude"], point["longitude"], expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Beschreiben")
    telegram_citizen.says("Ein dicker Ast hängt über dem Spielplatz", expect="Absenden")
    report = backend_report(telegram.settings, filed_number(telegram_citizen.presses("Absenden", expect="Nr.")))
    assert report["service_code"] == "tree" and "Ast" in report["description"]


def test_cancel_from_the_place_keyboard_files_nothing(telegram, telegram_citizen):
    telegram_citizen.says("Da ist ein riesiges Schlagloch", expect="Wo ist das")
    telegram_citizen.says("Abbrechen", expect="nichts gesendet")
    telegram_citizen.says("Da ist ein riesiges Schlagloch", expect="Wo ist das")
    telegram_citizen.says("/abbrechen", expect="nichts gesendet")
    removed = telegram_citizen.says("Bist du ein Bot?", expect=lambda got: any(m.removes_keyboard for m in got))
    assert removed, "the next text without buttons takes the place keyboard away"
    assert reports_of(telegram.settings, telegram_citizen) == []


def test_photo_sent_as_file_offers_its_gps_position_as_the_place(telegram, telegram_citizen):
    gps = (50.8712, 12.1187)
    original = photo_with_exif("JPEG", gps=gps)
    asked = telegram_citizen.sends_document(original, "IMG_2041.jpg", "image/jpeg",
                                            caption="Abgebrochener Ast liegt auf dem Gehweg", expect="Ist das der Ort")
    shown = next(m for m in asked if m.location)
    assert shown.location == {"latitude": pytest.approx(gps[0], abs=1e-5), "longitude": pytest.approx(gps[1], abs=1e-5)}
    summary = telegram_citizen.presses("Ja, das ist der Ort", expect="Absenden")
    assert "Foto: ja" in texts_of(summary)
    report = backend_report(telegram.settings, filed_number(telegram_citizen.presses("Absenden", expect="Nr.")))
    assert report["service_code"] == "tree"
    assert report["lat"] == pytest.approx(gps[0], abs=1e-5) and report["long"] == pytest.approx(gps[1], abs=1e-5)
    stored = stored_image(telegram.settings, report["media_url"])
    assert stored.size == (320, 240) and not stored.getexif()


def test_photo_as_file_whose_place_is_declined_asks_for_the_place(telegram, telegram_citizen):
    telegram_citizen.sends_document(photo_with_exif("JPEG"), "IMG_2042.jpg", "image/jpeg", expect="Ist das der Ort")
    asked = telegram_citizen.presses("Nein, anderer Ort", expect="Worum geht es")
    assert "Ist das der Ort" not in texts_of([m for m in asked if not m.edited])


def test_a_file_that_is_no_photo_gets_an_answer(telegram, telegram_citizen):
    answer = telegram_citizen.sends_document(b"\x89PNG\r\n\x1a\n but broken", "kaputt.png", "image/png",
                                             expect="kein Foto")
    assert "JPEG, PNG oder WebP" in texts_of(answer)
