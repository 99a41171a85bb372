"""Accessibility of the staff web that the HTML shows (issue 18): language, skip link, the statement and its link
on every page, the session's seconds for the warning, and "Angemeldet bleiben".

The audit with axe-core and the keyboard-only tasks run in Chromium: tests/test_staff_accessibility.py.
"""

import dataclasses
import re
from datetime import timedelta

import pytest

from backend import dates
from backend.staff import settings, store
from tests.fast.app.conftest import csrf_from, file_report

PAGES = ["/staff/dashboard", "/staff/reports", "/staff/reports/{number}", "/staff/reports/999999",
         "/staff/conversations", "/staff/corrections", "/staff/fristen", "/staff/katalog", "/staff/protokoll"]


@pytest.fixture(scope="module")
def number(backend):
    return file_report(backend)


def seconds_of(html: str) -> int:
    return int(re.search(r'id="session-warning"[^>]*data-seconds="(\d+)"', html, re.S).group(1))


@pytest.mark.parametrize("path", PAGES)
def test_every_staff_page_is_german_skippable_and_links_the_statement(staff_client, number, path):
    html = staff_client.get(path.format(number=number)).text
    assert '<html lang="de">' in html
    assert html.index('<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>') < html.index("<header")
    assert '<main id="inhalt" tabindex="-1">' in html
    assert '<a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a>' in html
    assert "Angemeldet bleiben" in html and '<script src="/staff/static/session.js" defer></script>' in html
    assert 8 * 3600 - 60 < seconds_of(html) <= 8 * 3600


def test_the_login_page_links_the_statement_but_has_no_session_warning(backend):
    html = backend.client.get("/staff/login").text
    assert '<a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a>' in html and "Zum Inhalt springen" in html
    assert "session-warning" not in html and "session.js" not in html


def test_the_statement_is_public_with_the_default_contact_and_the_staff_headers(backend):
    response = backend.client.get("/barrierefreiheit")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html and '<html lang="de">' in html
    for part in ("Stand der Vereinbarkeit", "teilweise vereinbar", "Nicht barrierefreie Inhalte",
                 "Barrieren melden", "Durchsetzungsverfahren"):
        assert part in html
    assert '<p class="contact" id="kontakt">StadtService H35, Telefon 0365 838-1900</p>' in html
    assert "sagt Ihnen die Stadt unter der oben genannten" in html  # no enforcement body configured
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "Angemeldet als" not in html and "csrf_token" not in html


def test_the_city_sets_the_contact_and_the_enforcement_body(backend):
    app = backend.client.app
    default = app.state.staff_settings
    app.state.staff_settings = dataclasses.replace(
        default, accessibility_contact="Barrierefreiheit <barrierefrei@gera.example>",
        accessibility_enforcement="Durchsetzungsstelle des Landes, Musterweg 1")
    try:
        html = backend.client.get("/barrierefreiheit").text
        login = backend.client.get("/staff/login").text
    finally:
        app.state.staff_settings = default
    assert "Barrierefreiheit &lt;barrierefrei@gera.example&gt;" in html, "escaped like any text"
    assert '<p class="contact" id="durchsetzung">Durchsetzungsstelle des Landes, Musterweg 1</p>' in html
    assert "Barrieren melden: Barrierefreiheit &lt;barrierefrei@gera.example&gt;" in login


def test_the_settings_read_the_contact_and_default_to_the_h35(tmp_path):
    assert settings.load(tmp_path, {}).accessibility_contact == "StadtService H35, Telefon 0365 838-1900"
    assert settings.load(tmp_path, {}).accessibility_enforcement == ""
    chosen = settings.load(tmp_path, {"ACCESSIBILITY_CONTACT": " Tel. 0365 000 ", "ACCESSIBILITY_ENFORCEMENT": "X"})
    assert (chosen.accessibility_contact, chosen.accessibility_enforcement) == ("Tel. 0365 000", "X")


def staff_of(backend, client) -> dict:
    """The logged-in staff member of the client: id, name and the stored end of the session."""
    return store.session_user(backend.client.app.state.storage, client.cookies.get("stadtbot_staff_session"))


def move_end(backend, client, delta: timedelta) -> None:
    """The client's session ends `delta` from now (as if it began almost STAFF_SESSION_HOURS ago)."""
    user_id = staff_of(backend, client)["id"]
    with backend.client.app.state.storage.transaction() as db:
        db.execute("UPDATE staff_sessions SET expires_datetime = ? WHERE user_id = ?",
                   [dates.to_db(dates.now() + delta), user_id])


def test_staying_logged_in_extends_the_session_by_the_configured_hours(backend, staff_client):
    move_end(backend, staff_client, timedelta(minutes=2))
    page = staff_client.get("/staff/dashboard").text
    assert 60 < seconds_of(page) <= 120
    response = staff_client.post("/staff/sitzung", headers={"Accept": "application/json"},
                                 data={"csrf_token": csrf_from(page), "next": "/staff/dashboard"})
    assert response.status_code == 200 and response.json() == {"seconds": 8 * 3600}
    assert "max-age=28800" in response.headers["set-cookie"].lower()
    assert seconds_of(staff_client.get("/staff/dashboard").text) > 8 * 3600 - 60
    assert staff_of(backend, staff_client)["expires"] > dates.to_db(dates.now() + timedelta(hours=7, minutes=59))


def test_the_plain_form_extends_and_goes_back_to_the_page(backend, staff_client, number):
    move_end(backend, staff_client, timedelta(minutes=2))
    page = staff_client.get(f"/staff/reports/{number}").text
    response = staff_client.post("/staff/sitzung", data={"csrf_token": csrf_from(page),
                                                         "next": f"/staff/reports/{number}"})
    assert response.status_code == 303 and response.headers["location"] == f"/staff/reports/{number}"
    assert seconds_of(staff_client.get("/staff/dashboard").text) > 8 * 3600 - 60


def test_an_ended_session_cannot_be_extended(backend, staff_client):
    token = csrf_from(staff_client.get("/staff/dashboard").text)
    move_end(backend, staff_client, -timedelta(seconds=1))
    response = staff_client.post("/staff/sitzung", headers={"Accept": "application/json"}, data={"csrf_token": token})
    assert response.status_code == 401 and "neu anmelden" in response.json()["error"]
    response = staff_client.post("/staff/sitzung", data={"csrf_token": token, "next": "/staff/fristen"})
    assert response.status_code == 303 and response.headers["location"] == "/staff/login?next=/staff/fristen"
    assert staff_client.get("/staff/dashboard").status_code == 303, "still logged out"


def test_a_foreign_next_is_not_followed(backend, staff_client):
    page = staff_client.get("/staff/dashboard").text
    response = staff_client.post("/staff/sitzung",
                                 data={"csrf_token": csrf_from(page), "next": "https://evil.example/"})
    assert response.status_code == 303 and response.headers["location"] == "/staff/reports"
