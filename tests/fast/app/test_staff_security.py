"""Security of the staff web: no page or photo without a session, no form without CSRF token, the headers.

The login check runs over every route of the staff routers (new pages are covered by themselves),
so the tests of single pages do not repeat it. Runs against the backend's app in-process.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.fast.app.conftest import csrf_from, file_report

# Sample values for the path parameters of the staff routes.
SAMPLES = {"service_request_id": "1000", "pseudonym": "0123456789ab", "correction_id": "1", "incident_id": "1"}
OPEN = {"/staff/login"}  # the only staff page without a session


def _staff_routes(method: str) -> list:
    """Every route of the staff routers for `method`, with sample values: new pages are covered by themselves."""
    from backend.staff.routers import audit, conversations, dashboard, incidents, login, reports

    paths = {route.path.format(**SAMPLES) for router in (audit.router, conversations.router, dashboard.router,
                                                         incidents.router, login.router, reports.router)
             for route in router.routes if method in route.methods}
    return sorted(paths)


PAGES = [path for path in _staff_routes("GET") if path not in OPEN] + [
    "/staff/reports?stand=offen", "/staff/reports/999999", "/staff/reports/abc",
    "/staff/conversations?pruefen=1", "/staff/reports/export.csv?kategorie=graffiti"]
FORMS = _staff_routes("POST")


@pytest.mark.parametrize("path", PAGES)
def test_staff_page_without_login_redirects_to_login_and_back(backend, path):
    response = backend.client.get(path)
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/staff/login" and parse_qs(location.query)["next"] == [path]
    assert "Meldung" not in response.text


def test_state_change_without_login_changes_nothing(backend):
    number = file_report(backend)
    with backend.new_client() as client:
        token = csrf_from(client.get("/staff/login").text)
        response = client.post(f"/staff/reports/{number}/state",
                               data={"csrf_token": token, "state": "solved", "note": "Erledigt."})
        assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    report = backend.client.get(f"{backend.api}/requests/{number}.json", params={"extensions": "true"}).json()[0]
    assert report["extended_attributes"]["state_code"] == "received"


@pytest.mark.parametrize("path", FORMS)
def test_form_post_without_csrf_token_is_forbidden(backend, staff_client, path):
    response = staff_client.post(path, data={"state": "solved", "note": "x", "name": "a", "password": "b"})
    assert response.status_code == 403
    assert "Formular ist abgelaufen oder ungültig" in response.text


def test_form_post_with_wrong_csrf_token_is_forbidden(backend, staff_client):
    number = file_report(backend)
    response = staff_client.post(f"/staff/reports/{number}/state",
                                 data={"csrf_token": "x" * 43, "state": "solved", "note": "Erledigt."})
    assert response.status_code == 403


def test_form_post_from_foreign_origin_is_forbidden(backend, staff_client):
    number = file_report(backend)
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    response = staff_client.post(f"/staff/reports/{number}/state", headers={"Origin": "https://evil.example"},
                                 data={"csrf_token": token, "state": "solved", "note": "Erledigt."})
    assert response.status_code == 403


def test_json_post_is_forbidden_even_with_token(backend, staff_client):
    number = file_report(backend)
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    response = staff_client.post(f"/staff/reports/{number}/state",
                                 json={"csrf_token": token, "state": "solved", "note": "Erledigt."})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/staff/login", "/staff/reports"])
def test_staff_pages_send_security_headers(backend, staff_client, path):
    headers = staff_client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"


def test_staff_pages_contain_no_inline_script(backend, staff_client):
    number = file_report(backend, photo=True)
    for path in ("/staff/reports", f"/staff/reports/{number}"):
        html = staff_client.get(path).text
        # Only empty tags loading our own static files (the report map), never script text in the page.
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.IGNORECASE | re.DOTALL)
        assert html.lower().count("<script") == len(scripts)
        assert all(re.search(r'src="/staff/static/[^"]+\.js"', attrs) and not body.strip() for attrs, body in scripts)
        assert " on" + "click=" not in html


def test_photo_without_session_is_no_image(backend, staff_client):
    number = file_report(backend, photo=True)
    media_url = backend.client.get(f"{backend.api}/requests/{number}.json",
                                   headers={"X-Api-Key": backend.api_key}).json()[0]["media_url"]
    anonymous = backend.client.get(media_url)
    assert anonymous.status_code == 401
    assert not anonymous.headers["content-type"].startswith("image/")
    assert "Anmeldung" in anonymous.json()[0]["description"]
    forged = backend.client.get(media_url, cookies={"stadtbot_staff_session": "erfunden"})
    assert forged.status_code == 401
    logged_in = staff_client.get(media_url)
    assert logged_in.status_code == 200 and logged_in.headers["content-type"] == "image/jpeg"


def test_photo_with_api_key_is_served_to_city_systems(backend):
    number = file_report(backend, photo=True)
    media_url = backend.client.get(f"{backend.api}/requests/{number}.json",
                                   headers={"X-Api-Key": backend.api_key}).json()[0]["media_url"]
    assert backend.client.get(media_url, headers={"X-Api-Key": backend.api_key}).status_code == 200
    assert backend.client.get(media_url, headers={"X-Api-Key": "falsch"}).status_code == 401


def test_unknown_photo_without_session_is_401_not_404(backend):
    # Nobody without a login learns which photo names exist.
    assert backend.client.get(f"/media/{'A' * 32}.jpg").status_code == 401
