"""The staff web in a real browser (Playwright driving Debian's chromium) against the running backend.

Screenshots of the main pages go to tests/screenshots/ (ignored by git).
"""

import sqlite3
import uuid

import httpx

from tests.staff_fixtures import SCREENSHOTS, file_report

pytest_plugins = ["tests.staff_fixtures"]


def log_in(page, backend, staff_user, next_path="/staff/reports"):
    page.goto(f"{backend.url}{next_path}")
    assert "/staff/login" in page.url
    page.fill("#name", staff_user[0])
    page.fill("#password", staff_user[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{backend.url}{next_path}")


def test_staff_logs_in_opens_report_changes_state_and_sees_note(backend, staff_user, page):
    marker = uuid.uuid4().hex[:8]
    number = file_report(backend, photo=True, description=f"Graffiti an der Schule {marker}",
                         address_string="Johannisplatz 1, Gera", account_id=f"chat-{marker}")
    page.goto(f"{backend.url}/staff/login")
    page.screenshot(path=str(SCREENSHOTS / "staff-login.png"))
    log_in(page, backend, staff_user)

    row = page.locator("table.queue tr", has_text=marker)
    assert row.count() == 1
    page.screenshot(path=str(SCREENSHOTS / "staff-reports-list.png"), full_page=True)

    row.locator(f"a:text-is('{number}')").click()
    page.wait_for_url(f"{backend.url}/staff/reports/{number}")
    assert page.locator("h1").inner_text().startswith(f"Meldung {number}")
    assert page.locator("#coordinates").inner_text().startswith("50.876500, 12.081200")
    assert page.locator("#coordinates a").get_attribute("href").startswith("https://www.openstreetmap.org/")
    # The photo is loaded through the protected /media path with the session cookie.
    assert page.locator(".photo img").evaluate("img => img.complete && img.naturalWidth") == 64
    page.screenshot(path=str(SCREENSHOTS / "staff-report-detail.png"), full_page=True)

    page.select_option("#state", "in_progress")
    page.fill("#note", f"Wir entfernen das Graffiti bis Freitag. {marker}")
    page.click(".state-form button[type=submit]")
    page.wait_for_url(f"{backend.url}/staff/reports/{number}?geaendert=1#verlauf")
    assert "Der Stand ist geändert" in page.locator(".notice").inner_text()
    history = page.locator("ol.history").inner_text()
    assert f"Wir entfernen das Graffiti bis Freitag. {marker}" in history and "in Bearbeitung" in history
    assert f"{staff_user[0]}: Stand eingegangen → in Bearbeitung" in page.locator("#protokoll").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "staff-report-after-change.png"), full_page=True)

    page.click("header button:text('Abmelden')")
    page.wait_for_url(f"{backend.url}/staff/login")
    page.goto(f"{backend.url}/staff/reports/{number}")
    assert "/staff/login" in page.url


def test_citizen_script_is_shown_as_text_not_run(backend, staff_user, page):
    script = "<script>alert(1)</script>"
    # The Open311 API strips tags from descriptions, but the address text is stored as sent.
    number = file_report(backend, description=f"{script} Müll", address_string=f"{script}<img src=x onerror=alert(2)>")
    log_in(page, backend, staff_user, f"/staff/reports/{number}")
    assert page.locator("#address").inner_text() == f"{script}<img src=x onerror=alert(2)>"
    assert page.locator("#address script, #address img").count() == 0
    assert page.locator("#description").inner_text() == "Müll"
    # Text that reached the database some other way (an older import, another channel) is escaped too.
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        db.execute("UPDATE requests SET description = ? WHERE service_request_id = ?", [script, number])
    page.reload()
    assert page.locator("#description").inner_text() == script
    page.goto(f"{backend.url}/staff/reports")
    assert script in page.locator("table.queue").inner_text()
    page.wait_for_timeout(200)
    assert page.dialogs == []
    page.screenshot(path=str(SCREENSHOTS / "staff-escaped-text.png"), full_page=True)


def test_photo_url_without_session_shows_no_image_in_browser(backend, page):
    number = file_report(backend, photo=True)
    media_url = httpx.get(f"{backend.api}/requests/{number}.json",
                          headers={"X-Api-Key": backend.api_key}).json()[0]["media_url"]
    response = page.goto(media_url)
    assert response.status == 401
    assert not response.headers["content-type"].startswith("image/")


def test_report_page_shows_map_with_marker(backend, staff_user, page):
    number = file_report(backend, description="Karte am Markt", lat="50.8763", long="12.0836")
    console_errors, page_errors = [], []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, backend, staff_user, f"/staff/reports/{number}")
    page.wait_for_selector("#report-map .leaflet-marker-icon")
    assert page.locator("#report-map.leaflet-container").count() == 1
    assert page.locator("#coordinates").inner_text().startswith("50.876300, 12.083600")
    assert page.locator("#coordinates a").is_visible()
    assert page.locator("#area").inner_text() == "Innenstadt"
    # The tests have no internet: the tiles fail and the hint says where the place is still to be found.
    page.wait_for_selector("#map-hint:not([hidden])", timeout=15000)
    assert "Koordinaten und Link oben" in page.locator("#map-hint").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "staff-report-map.png"), full_page=True)
    # Failed tile downloads are the network's errors; nothing from our script, nothing the CSP blocked.
    assert page_errors == []
    assert [e for e in console_errors if "Failed to load resource" not in e] == []


def test_queue_map_shows_every_report_of_the_selection(backend, staff_user, page):
    """The queue's map gets the same filters as the list; a marker's popup links to the report."""
    marker_text = uuid.uuid4().hex[:8]
    numbers = [file_report(backend, service_code="dead_animal", description=f"Tier {marker_text}",
                           lat=f"50.87{i}", long=f"12.08{i}") for i in range(3)]
    file_report(backend, service_code="dead_animal", description=f"ohne Ort {marker_text}",
                lat="", long="", address_string="Sorge 12, Gera")
    console_errors, page_errors = [], []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, backend, staff_user, "/staff/reports?kategorie=dead_animal")

    page.wait_for_selector("#queue-map[data-markers]")
    expected = page.request.get(f"{backend.url}/staff/reports/export.geojson?kategorie=dead_animal").json()
    assert page.locator("#queue-map .leaflet-marker-icon").count() == len(expected["features"]) >= 3
    assert expected["ohne_koordinaten"] >= 1
    assert "ohne Kartenpunkt (Ort unsicher)" in page.locator("#queue-map-note").inner_text()
    assert "ort=ohne" in page.locator("#queue-map-note a").get_attribute("href") and "kategorie=dead_animal" in \
        page.locator("#queue-map-note a").get_attribute("href")
    page.screenshot(path=str(SCREENSHOTS / "staff-reports-map.png"), full_page=True)

    page.locator("#queue-map .leaflet-marker-icon").first.click()
    link = page.locator("#queue-map .leaflet-popup-content a")
    assert link.inner_text().startswith("Meldung ") and link.inner_text().split()[1] in \
        [f["properties"]["Nummer"] for f in expected["features"]]
    assert set(numbers) <= {f["properties"]["Nummer"] for f in expected["features"]}
    assert page_errors == []
    assert [e for e in console_errors if "Failed to load resource" not in e] == []
