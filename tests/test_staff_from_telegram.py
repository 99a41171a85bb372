"""The staff web end to end, starting from a citizen on Telegram (emulator → adapter → Rasa → backend).

A citizen reports graffiti with a photo, a caption that carries a <script>
tag, and a location (the backend strips tags from descriptions; the
conversation keeps the message as typed); a staff member logs in with a real browser, finds the
report, reads the conversation that produced it (the tag shown as text),
changes the state with a note the citizen receives on Telegram, teaches the
assistant the right intent of a message it did not understand and finds the
correction in the export. Screenshots of each page go to tests/screenshots/.
"""

import re

import httpx
import pytest
import yaml

from tests.staff_fixtures import SCREENSHOTS, csrf_from, login
from tests.telegram_fixtures import filed_number, photo_with_exif, somewhere_in_gera, texts_of

pytest_plugins = ["tests.telegram_fixtures", "tests.staff_fixtures"]

SCRIPT = '<script>alert("gera")</script>'


def _log_in(page, backend, user, next_path: str) -> None:
    page.goto(f"{backend.url}{next_path}")
    page.fill("#name", user[0])
    page.fill("#password", user[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{backend.url}{next_path}")


def _report_through_telegram(citizen) -> str:
    citizen.says("blubb fasel wurst", expect=lambda m: True)
    citizen.says("🤷", expect=lambda m: True)  # asked back by any model: the dashboard counts it as not understood
    citizen.sends_photo(photo_with_exif("JPEG"), (320, 240), caption=f"Graffiti an der Schule {SCRIPT}",
                        expect="Wo ist das")
    point = somewhere_in_gera()
    citizen.sends_location(point["latitude"], point["longitude"], expect="Absenden")
    return filed_number(citizen.presses("Absenden", expect="Nr."))


def test_staff_works_a_report_filed_on_telegram(telegram, telegram_citizen, stack_backend, stack_staff_user, page):
    number = _report_through_telegram(telegram_citizen)

    # The report in the queue and on its page: photo, map, the citizen's text as text.
    _log_in(page, stack_backend, stack_staff_user, "/staff/reports")
    assert page.locator("table.queue tr", has_text=number).count() == 1
    page.goto(f"{stack_backend.url}/staff/reports/{number}")
    # The Open311 backend keeps descriptions as plain text (tags stripped on the way in) ...
    assert "Graffiti an der Schule" in page.locator("body").inner_text()
    assert page.locator("script", has_text="gera").count() == 0 and page.dialogs == []
    assert page.locator(".photo img").evaluate("img => img.complete && img.naturalWidth") == 320
    # The conversation that produced the report, folded on its page (read-only there).
    embedded = page.locator("#gespraech-verlauf")
    embedded.locator("details").evaluate("details => details.open = true")
    assert SCRIPT in embedded.locator("ol.transcript").inner_text()
    assert embedded.locator("form").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "staff-telegram-report.png"), full_page=True)

    # ... the conversation that produced it holds the message as typed, shown as text, never run.
    page.click("a#gespraech")
    page.wait_for_url(re.compile(r".*/staff/conversations/[0-9a-f]{12}$"))
    transcript = page.locator("ol.transcript").inner_text()
    assert f"Graffiti an der Schule {SCRIPT}" in transcript and "blubb fasel wurst" in transcript
    assert "report_issue" in transcript and "Foto" in transcript and "Standort" in transcript
    assert str(telegram_citizen.chat_id) not in page.content(), "chat ids never reach the staff web"
    assert page.locator("script", has_text="gera").count() == 0 and page.dialogs == []
    page.screenshot(path=str(SCREENSHOTS / "staff-conversation.png"), full_page=True)
    conversation_url = page.url

    # Teaching: the message it did not understand is small talk of a kind; staff say it was out of scope.
    message = page.locator("li.msg-citizen", has_text="blubb fasel wurst")
    message.locator("summary").click()
    message.locator("select[name=intent]").select_option("out_of_scope")
    message.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Korrigiert zu out_of_scope" in page.locator("li.msg-citizen", has_text="blubb fasel wurst").inner_text()

    # The state change with a note reaches the citizen on Telegram.
    page.goto(f"{stack_backend.url}/staff/reports/{number}")
    page.select_option("#state", "in_progress")
    page.fill("#note", "Der Bauhof entfernt das Graffiti bis Freitag.")
    page.click(".state-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/staff/reports/{number}\?geaendert=1.*"))
    news = telegram_citizen.waits_for("Der Bauhof entfernt das Graffiti bis Freitag.")
    assert f"Nr. {number}" in texts_of(news) and "in Bearbeitung" in texts_of(news)

    # The correction is in the export, ready for the training data.
    client = login(stack_backend, *stack_staff_user)
    exported = yaml.safe_load(client.get("/staff/corrections/export.yml").text)
    examples = {item["intent"]: item["examples"] for item in exported["nlu"]}
    assert "blubb fasel wurst" in examples["out_of_scope"]
    page.goto(f"{stack_backend.url}/staff/corrections")
    page.screenshot(path=str(SCREENSHOTS / "staff-corrections.png"), full_page=True)
    page.goto(f"{stack_backend.url}/staff/dashboard")
    week = page.locator("#verstaendnis tbody tr").first.locator("td").all_inner_texts()
    assert week[0] == "letzte 7 Tage" and int(week[1]) >= 2 and int(week[2]) >= 1, week  # "🤷" counts
    page.screenshot(path=str(SCREENSHOTS / "staff-dashboard.png"), full_page=True)

    # /loeschen on Telegram removes the transcript from the staff web too.
    telegram_citizen.says("/loeschen", expect="Ja, löschen")
    telegram_citizen.presses("Ja, löschen", expect="Erledigt")
    assert client.get(conversation_url.removeprefix(stack_backend.url)).status_code == 404
    client.close()


def test_conversations_list_shows_the_telegram_chat_needing_review(telegram, telegram_citizen, stack_backend,
                                                                    stack_staff_user, page):
    # "🤷" is asked back by any model; gibberish of words may be confidently out of scope.
    telegram_citizen.says("🤷", expect=lambda m: True)
    _log_in(page, stack_backend, stack_staff_user, "/staff/conversations?pruefen=1")
    assert page.locator("table.queue tbody tr").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "staff-conversations.png"), full_page=True)


def test_a_typed_place_confirmed_on_telegram_is_on_the_staff_map(telegram, telegram_citizen, stack_backend,
                                                                  stack_staff_user, page):
    """Issue 14's proof: the citizen types a place, confirms the gazetteer's point in the chat, and staff find
    the report on the queue's map and on its page at that point."""
    asked = telegram_citizen.says("Schlagloch in der Gagarinstraße, ziemlich tief", expect="Ja, genau da")
    (venue,) = [m.venue for m in asked if m.method == "sendVenue"]
    point = (venue["location"]["latitude"], venue["location"]["longitude"])
    telegram_citizen.presses("Ja, genau da", expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Absenden")
    number = filed_number(telegram_citizen.presses("Absenden", expect="Nr."))

    _log_in(page, stack_backend, stack_staff_user, "/staff/reports?kategorie=road_damage")
    page.wait_for_selector("#queue-map[data-markers]")
    features = page.request.get(f"{stack_backend.url}/staff/reports/export.geojson?kategorie=road_damage").json()
    (feature,) = [f for f in features["features"] if f["properties"]["Nummer"] == number]
    assert feature["geometry"]["coordinates"] == pytest.approx([point[1], point[0]], abs=1e-6)
    marker = page.locator(f"#queue-map .leaflet-marker-icon[title^='Meldung {number} ']")
    assert marker.count() == 1
    marker.press("Enter")  # its keyboard way: other reports at the same point may lie on top of it
    page.locator("#queue-map .leaflet-popup-content a").click()
    page.wait_for_url(f"{stack_backend.url}/staff/reports/{number}")
    assert page.locator("#coordinates").inner_text().startswith(f"{point[0]:.6f}, {point[1]:.6f}")
    assert page.locator("#place-uncertain").count() == 0
    page.wait_for_selector("#report-map .leaflet-marker-icon")
    assert _marker_offset_from_centre(page) <= 2, "the marker stands on the report's point, the map's centre"
    page.screenshot(path=str(SCREENSHOTS / "staff-typed-place.png"), full_page=True)


def test_staff_set_the_point_of_an_unsure_place_on_the_map(telegram, telegram_citizen, stack_backend,
                                                          stack_staff_user, page):
    """"Weiß ich nicht genau" files the typed place without a point: "Ort unsicher" for staff, who click the
    map, save, and find the point in the report, the queue's map and the audit log."""
    telegram_citizen.says("Die Laterne in der Sorge 12 ist seit Tagen aus", expect="Weiß ich nicht genau")
    telegram_citizen.presses("Weiß ich nicht genau", expect="Ohne Foto")
    telegram_citizen.presses("Ohne Foto", expect="Absenden")
    number = filed_number(telegram_citizen.presses("Absenden", expect="Nr."))

    _log_in(page, stack_backend, stack_staff_user, "/staff/reports?ort=ohne")
    row = page.locator("table.queue tr", has_text=number)
    assert row.count() == 1 and "Ort unsicher" in row.inner_text()
    row.locator(f"a:text-is('{number}')").click()
    page.wait_for_url(f"{stack_backend.url}/staff/reports/{number}")
    assert "Ort unsicher" in page.locator("#coordinates").inner_text()
    assert page.locator("#location-search").input_value() == "Sorge 12"

    page.wait_for_selector("#report-map.leaflet-container")
    box = page.locator("#report-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # Gera's centre at zoom 12
    lat, long = float(page.input_value("#location-lat")), float(page.input_value("#location-long"))
    assert lat == pytest.approx(50.8806, abs=0.002) and long == pytest.approx(12.0833, abs=0.003)
    page.click(".location-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/staff/reports/{number}\?punkt=1.*"))
    assert "Der Kartenpunkt ist gespeichert." in page.locator("#place-notice").inner_text()
    assert page.locator("#coordinates").inner_text().startswith(f"{lat:.6f}, {long:.6f}")
    assert f"{stack_staff_user[0]}: Kartenpunkt gesetzt auf" in page.locator("#protokoll").inner_text()
    page.wait_for_selector("#report-map .leaflet-marker-icon")
    page.screenshot(path=str(SCREENSHOTS / "staff-set-point.png"), full_page=True)

    page.goto(f"{stack_backend.url}/staff/reports?kategorie=streetlight")
    page.wait_for_selector("#queue-map[data-markers]")
    assert page.locator(f"#queue-map .leaflet-marker-icon[title^='Meldung {number} ']").count() == 1


def _marker_offset_from_centre(page) -> float:
    """Pixels between the report map's centre and the tip of its marker (Leaflet's default icon: 25 × 41,
    anchored at the middle of its lower edge)."""
    box = page.locator("#report-map").bounding_box()
    icon = page.locator("#report-map .leaflet-marker-icon").bounding_box()
    tip = (icon["x"] + icon["width"] / 2, icon["y"] + icon["height"])
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return max(abs(tip[0] - centre[0]), abs(tip[1] - centre[1]))
