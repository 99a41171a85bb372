"""The backend's key travels in the header X-Api-Key or a POST form, never in a URL (backend/auth.py).

Servers, proxies and browsers write URLs into their logs, and one key lets its
holder file reports in a citizen's name and send notes to citizens. So every
keyed route refuses `api_key` in the query string with a German 400 before it
looks at anything else, even when the key is right; the header works
everywhere, the form field where there is a form.
"""

import pytest

from backend.auth import KEY_IN_URL
from common.env import bearer_matches
from tests.fast.app.conftest import file_report, jpeg_bytes

# (method, path, what a valid call sends besides the key); {number} is a filed report.
KEYED_ROUTES = [
    ("POST", "/open311/v2/requests.json", {"data": {"service_code": "graffiti", "lat": "50.8765", "long": "12.0812",
                                                    "description": "Graffiti am Markt"}}),
    ("POST", "/open311/v2/requests/{number}/supporters.json", {"data": {"device_id": "kopfzeile"}}),
    ("POST", "/open311/v2/requests/{number}/status.json", {"data": {"state": "in_progress", "note": "Wir kommen."}}),
    ("GET", "/open311/v2/requests.json", {"params": {"account_id": "schluessel-test"}}),
    ("POST", "/media", {"files": {"file": ("foto.jpg", jpeg_bytes(), "image/jpeg")}}),
    ("GET", "/notifications.json", {"params": {"after": "0"}}),
    ("POST", "/notifications/ack.json", {"data": {"ids": "999999"}}),
    ("POST", "/accounts/unlink.json", {"data": {"account_id": "schluessel-test"}}),
    ("POST", "/conversations/events.json", {"json": {"events": []}}),
]
ROUTE_IDS = [f"{method} {path}" for method, path, _ in KEYED_ROUTES]


@pytest.fixture(scope="module")
def number(backend):
    return file_report(backend)


def call(backend, number, method, path, request, params=None, headers=None):
    query = {**request.get("params", {}), **(params or {})}
    return backend.client.request(method, path.format(number=number), params=query, headers=headers,
                                  **{k: v for k, v in request.items() if k != "params"})


def description(response) -> str:
    return response.json()[0]["description"]


@pytest.mark.parametrize("method,path,request_", KEYED_ROUTES, ids=ROUTE_IDS)
def test_a_key_in_the_address_is_refused_even_when_it_is_right(backend, number, method, path, request_):
    response = call(backend, number, method, path, request_, params={"api_key": backend.api_key})
    assert response.status_code == 400, response.text
    assert description(response) == KEY_IN_URL


@pytest.mark.parametrize("method,path,request_", KEYED_ROUTES, ids=ROUTE_IDS)
def test_the_key_in_the_header_is_taken_everywhere(backend, number, method, path, request_):
    response = call(backend, number, method, path, request_, headers={"X-Api-Key": backend.api_key})
    assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize("method,path,request_", KEYED_ROUTES, ids=ROUTE_IDS)
def test_without_a_key_or_with_a_wrong_one_nothing_happens(backend, number, method, path, request_):
    assert call(backend, number, method, path, request_).status_code == 403
    assert call(backend, number, method, path, request_, headers={"X-Api-Key": "falsch"}).status_code == 403
    # Any byte may come in a header: a non-ASCII key is a wrong key, not a server error.
    assert call(backend, number, method, path, request_, headers={"X-Api-Key": "Schlüssel".encode()}).status_code == 403


def test_a_key_in_the_address_is_refused_before_the_form_is_read(backend):
    response = backend.client.post("/open311/v2/requests.json", params={"api_key": backend.api_key},
                                   content=b"kein Formular", headers={"content-type": "text/plain"})
    assert response.status_code == 400 and description(response) == KEY_IN_URL


def test_a_report_sent_with_the_key_in_the_address_is_not_filed(backend):
    fields = {"service_code": "graffiti", "lat": "50.8765", "long": "12.0812", "account_id": "adresse-test",
              "description": "Mit dem Schlüssel in der Adresse"}
    refused = backend.client.post("/open311/v2/requests.json", params={"api_key": backend.api_key}, data=fields)
    assert refused.status_code == 400
    mine = backend.client.get("/open311/v2/requests.json", params={"account_id": "adresse-test"},
                              headers={"X-Api-Key": backend.api_key})
    assert mine.json() == []


def test_the_form_field_still_works_for_open311_clients(backend):
    fields = {"api_key": backend.api_key, "service_code": "graffiti", "lat": "50.8765", "long": "12.0812"}
    assert backend.client.post("/open311/v2/requests.json", data=fields).status_code == 201


def test_a_wrong_key_in_the_header_is_not_saved_by_a_right_one_in_the_form(backend):
    fields = {"api_key": backend.api_key, "service_code": "graffiti", "lat": "50.8765", "long": "12.0812"}
    response = backend.client.post("/open311/v2/requests.json", data=fields, headers={"X-Api-Key": "falsch"})
    assert response.status_code == 403


def test_a_photo_with_the_key_in_the_address_is_refused(backend):
    number = file_report(backend, photo=True)
    media_url = backend.client.get(f"/open311/v2/requests/{number}.json",
                                   headers={"X-Api-Key": backend.api_key}).json()[0]["media_url"]
    response = backend.client.get(media_url, params={"api_key": backend.api_key})
    assert response.status_code == 400 and description(response) == KEY_IN_URL
    assert backend.client.get(media_url, headers={"X-Api-Key": backend.api_key}).status_code == 200


@pytest.mark.parametrize("header,expected", [
    ("Bearer geheim", True),
    ("bearer geheim", True),
    ("Bearer  geheim ", True),
    ("Bearer falsch", False),
    ("geheim", False),
    ("Basic geheim", False),
    ("Bearer ", False),
    ("", False),
    (None, False),
    ("Bearer gehe\udcc3\udca4m", False),  # bytes Sanic could not decode arrive as surrogates
])
def test_a_bearer_token_is_taken_only_when_it_is_the_expected_one(header, expected):
    assert bearer_matches(header, "geheim") is expected


def test_no_bearer_token_is_taken_when_none_is_expected():
    assert not bearer_matches("Bearer ", "")
    assert not bearer_matches("Bearer x", "")
