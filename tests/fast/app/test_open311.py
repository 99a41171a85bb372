"""Contract tests of the Open311 GeoReport v2 server, over HTTP against the backend's ASGI app in-process.

Per endpoint: valid, unauthorized (403), not found (404) and invalid (400)
cases, each error in the spec's shape with a German description. Tests share
one app (tests/fast/app/conftest.py); each files its own reports under its own account_id (or at its
own spot on the map) so that no test depends on another.
"""

import itertools
import re
import stat
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend import categories, config, errors, schema
from backend.errors import Open311Error
from backend.storage import Storage

ROOT = Path(__file__).resolve().parents[3]
MARKT = (50.8763, 12.0836)
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
_spots = itertools.count()


def spot():
    """A place in Gera no other test uses (about 330 m apart)."""
    i = next(_spots)
    return 50.82 + 0.003 * (i % 40), 12.00 + 0.005 * (i // 40)


def new_id() -> str:
    return uuid.uuid4().hex


def post(backend, path="/requests.json", **fields) -> httpx.Response:
    """POST form fields (None removes a default); api_key is sent unless set to None."""
    data = {"api_key": backend.api_key, **fields}
    return backend.client.post(f"{backend.api}{path}", data={k: v for k, v in data.items() if v is not None})


def file_report(backend, **fields) -> dict:
    """File a valid report (road damage at the Markt unless told otherwise); returns the answer element."""
    defaults = {"service_code": "road_damage", "lat": str(MARKT[0]), "long": str(MARKT[1]),
                "description": "Tiefes Schlagloch vor dem Rathaus."}
    response = post(backend, **{**defaults, **fields})
    assert response.status_code == 201, response.text
    return response.json()[0]


def get(backend, path, headers=None, **params) -> httpx.Response:
    return backend.client.get(f"{backend.api}{path}", params=params, headers=headers)


def full(backend, path, **params) -> httpx.Response:
    """GET as the city's systems do, with the key in the header: the full view (without it, the public one)."""
    return get(backend, path, headers={"X-Api-Key": backend.api_key}, **params)


def mine(backend, account_id, **params) -> httpx.Response:
    """GET /requests.json restricted to one account (the "my reports" extension; the key in a header)."""
    return get(backend, "/requests.json", headers={"X-Api-Key": backend.api_key}, account_id=account_id, **params)


def assert_error(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert body[0]["code"] == status
    for word in words:
        assert word in body[0]["description"]


# --- discovery and services -------------------------------------------------------------------

def test_health_answers_ok(backend):
    assert backend.client.get("/health").json() == {"status": "ok"}


def test_discovery_names_the_json_endpoint(backend):
    body = get(backend, "/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["url"] == backend.api
    assert endpoint["formats"] == ["application/json"]
    assert "GeoReport_v2" in endpoint["specification"]
    assert "Gera" in body["contact"]


def test_services_are_the_sixteen_contract_categories(backend):
    contract = yaml.safe_load((ROOT / "nlu" / "contract.yml").read_text())
    codes = list(contract["entities"]["category"]["values"])
    body = get(backend, "/services.json").json()
    assert [s["service_code"] for s in body] == codes
    for service in body:
        assert service["type"] == "realtime"
        assert service["service_name"] and service["group"] and service["keywords"] and service["description"]
        assert service["metadata"] == bool(categories.get(service["service_code"]).attributes)


def test_service_names_are_german(backend):
    names = {s["service_code"]: s["service_name"] for s in get(backend, "/services.json").json()}
    assert names["road_damage"] == "Straßenschaden"
    assert names["streetlight"] == "Straßenbeleuchtung"


def test_road_damage_definition_asks_fahrbahn_gehweg_or_radweg(backend):
    body = get(backend, "/services/road_damage.json").json()
    assert body["service_code"] == "road_damage"
    surface = body["attributes"][0]
    assert surface["code"] == "surface" and surface["datatype"] == "singlevaluelist"
    assert [v["name"] for v in surface["values"]] == ["Fahrbahn", "Gehweg", "Radweg"]


def test_streetlight_definition_knows_the_light_states(backend):
    body = get(backend, "/services/streetlight.json").json()
    light = next(a for a in body["attributes"] if a["code"] == "light_state")
    assert [v["name"] for v in light["values"]] == ["aus", "flackert", "brennt tagsüber", "Mast beschädigt"]


def test_definition_of_a_service_without_questions_is_empty(backend):
    assert get(backend, "/services/graffiti.json").json() == {"service_code": "graffiti", "attributes": []}


def test_definition_of_unknown_service_is_not_found(backend):
    assert_error(get(backend, "/services/ufo.json"), 404, "Unbekannte Kategorie")


def test_xml_urls_are_refused_with_a_hint_to_json(backend):
    for path in ("/services.xml", "/discovery.xml", "/requests.xml", "/services/road_damage.xml"):
        assert_error(get(backend, path), 400, "nur JSON")


def test_unknown_route_under_open311_is_not_found_in_open311_shape(backend):
    assert_error(get(backend, "/nothing/here.json"), 404, "gibt es nicht")


def test_wrong_method_under_open311_is_bad_request(backend):
    assert_error(backend.client.put(f"{backend.api}/requests.json"), 400, "nicht erlaubt")


# --- POST /requests.json ----------------------------------------------------------------------

def test_form_encoded_post_files_a_report(backend):
    account = new_id()
    answer = file_report(backend, account_id=account, **{"attribute[surface]": "gehweg"})
    assert answer["service_request_id"].isdigit()
    assert answer["account_id"] == account
    assert "Stadtverwaltung Gera" in answer["service_notice"]
    report = full(backend, f"/requests/{answer['service_request_id']}.json").json()[0]
    assert report["service_code"] == "road_damage" and report["service_name"] == "Straßenschaden"
    assert report["status"] == "open"
    assert (report["lat"], report["long"]) == MARKT
    assert OFFSET.match(report["requested_datetime"]) and OFFSET.match(report["updated_datetime"])


def test_multipart_post_files_a_report(backend):
    fields = {"api_key": backend.api_key, "service_code": "streetlight", "address_string": "Sorge 12, Gera",
              "description": "Laterne ist aus.", "attribute[light_state]": "aus"}
    files = {"unused": ("note.txt", b"x", "text/plain")}  # forces multipart/form-data
    response = backend.client.post(f"{backend.api}/requests.json", data=fields, files=files)
    assert response.status_code == 201, response.text
    report = full(backend, f"/requests/{response.json()[0]['service_request_id']}.json", extensions="true").json()[0]
    assert report["address"] == "Sorge 12, Gera"
    assert report["extended_attributes"]["attributes"] == {"light_state": "aus"}


def test_post_without_api_key_is_forbidden(backend):
    assert_error(post(backend, api_key=None, service_code="graffiti", address_string="Markt"), 403, "API-Schlüssel")


def test_post_with_wrong_api_key_is_forbidden(backend):
    assert_error(post(backend, api_key="falsch", service_code="graffiti", address_string="Markt"), 403)


def test_post_without_service_code_is_bad_request(backend):
    assert_error(post(backend, address_string="Markt"), 400, "service_code fehlt")


def test_post_with_unknown_service_code_is_not_found(backend):
    assert_error(post(backend, service_code="ufo", address_string="Markt"), 404, "Unbekannte Kategorie")


def test_post_without_any_location_is_bad_request(backend):
    assert_error(post(backend, service_code="graffiti", description="Schmiererei"), 400, "Ort fehlt")


def test_post_with_lat_but_no_long_is_bad_request(backend):
    assert_error(post(backend, service_code="graffiti", lat="50.87"), 400, "lat und long")


def test_post_with_text_as_coordinates_is_bad_request(backend):
    assert_error(post(backend, service_code="graffiti", lat="Markt", long="12.08"), 400, "Zahl")


def test_post_with_address_only_is_accepted(backend):
    answer = file_report(backend, lat=None, long=None, address_string="Heinrichstraße 35")
    report = full(backend, f"/requests/{answer['service_request_id']}.json").json()[0]
    assert report["address"] == "Heinrichstraße 35" and report["lat"] is None


@pytest.mark.parametrize("lat, long", [(52.52, 13.405), (50.70, 12.08), (50.88, 12.30)])
def test_location_outside_gera_is_bad_request(backend, lat, long):
    assert_error(post(backend, service_code="road_damage", lat=str(lat), long=str(long)), 400,
                 "liegt außerhalb von Gera")


def test_description_of_4000_characters_is_accepted(backend):
    answer = file_report(backend, description="a" * 4000)
    assert len(full(backend, f"/requests/{answer['service_request_id']}.json").json()[0]["description"]) == 4000


def test_description_over_4000_characters_is_bad_request(backend):
    assert_error(post(backend, service_code="road_damage", address_string="Markt", description="a" * 4001), 400,
                 "Beschreibung ist zu lang", "4000")


def test_html_in_description_is_stripped_but_the_words_stay(backend):
    text = "<b>Loch</b> im Gehweg<script>alert(1)</script> <3 und 2 < 3"
    answer = file_report(backend, description=text)
    report = full(backend, f"/requests/{answer['service_request_id']}.json").json()[0]
    assert report["description"] == "Loch im Gehweg <3 und 2 < 3"


def test_attribute_value_may_be_key_or_german_name(backend):
    by_key = file_report(backend, **{"attribute[surface]": "radweg"})
    by_name = file_report(backend, **{"attribute[surface]": "Radweg"})
    for answer in (by_key, by_name):
        report = get(backend, f"/requests/{answer['service_request_id']}.json", extensions="true").json()[0]
        assert report["extended_attributes"]["attributes"] == {"surface": "radweg"}


def test_attribute_value_outside_the_definition_is_bad_request(backend):
    response = post(backend, service_code="road_damage", address_string="Markt", **{"attribute[surface]": "Dach"})
    assert_error(response, 400, "Ungültiger Wert „Dach“", "Fahrbahn")


def test_attribute_unknown_to_the_service_is_bad_request(backend):
    response = post(backend, service_code="road_damage", address_string="Markt", **{"attribute[color]": "rot"})
    assert_error(response, 400, "Unbekanntes Merkmal")


def test_multivaluelist_attribute_takes_several_values(backend):
    response = backend.client.post(f"{backend.api}/requests.json", data={
        "api_key": backend.api_key, "service_code": "illegal_dumping", "address_string": "Auenstraße",
        "attribute[waste_type][]": ["reifen", "bauschutt"]})
    assert response.status_code == 201, response.text
    report = full(backend, f"/requests/{response.json()[0]['service_request_id']}.json", extensions="true").json()[0]
    assert report["extended_attributes"]["attributes"] == {"waste_type": ["reifen", "bauschutt"]}


def test_required_attribute_missing_is_bad_request():
    service = categories.Category("x", "Test", "", "", (), (categories.Attribute(
        "size", "Wie groß?", values=(("s", "klein"),), required=True),))
    with pytest.raises(Open311Error) as raised:
        categories.validate_attributes(service, {})
    assert raised.value.status == 400 and "fehlt" in raised.value.description


def test_json_body_is_bad_request(backend):
    response = backend.client.post(f"{backend.api}/requests.json",
                          json={"api_key": backend.api_key, "service_code": "graffiti", "address_string": "Markt"})
    assert_error(response, 400, "Formular")


def test_invalid_email_is_bad_request(backend):
    assert_error(post(backend, service_code="graffiti", address_string="Markt", email="kein-at"), 400, "E-Mail")


def test_media_url_must_be_http(backend):
    assert_error(post(backend, service_code="graffiti", address_string="Markt", media_url="javascript:alert(1)"),
                 400, "media_url")


def test_personal_data_never_appears_in_public_answers(backend):
    account = new_id()
    answer = file_report(backend, account_id=account, email="erika@example.org", phone="0365 1234567",
                         first_name="Erika", last_name="Mustermann", device_id="dev-erika")
    number = answer["service_request_id"]
    for response in (get(backend, f"/requests/{number}.json", extensions="true"),
                     full(backend, f"/requests/{number}.json", extensions="true"),
                     mine(backend, account, extensions="true")):
        text = response.text
        for secret in ("erika@example.org", "1234567", "Erika", "Mustermann", "dev-erika", account):
            assert secret not in text


# --- idempotency ------------------------------------------------------------------------------

def test_same_idempotency_key_twice_files_one_report(backend):
    account, key = new_id(), new_id()
    fields = {"api_key": backend.api_key, "service_code": "tree", "address_string": "Park der Jugend",
              "account_id": account}
    first = backend.client.post(f"{backend.api}/requests.json", data=fields, headers={"Idempotency-Key": key})
    second = backend.client.post(f"{backend.api}/requests.json", data=fields, headers={"Idempotency-Key": key})
    assert first.status_code == 201 and second.status_code == 200
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.json() == second.json()
    assert len(mine(backend, account).json()) == 1


def test_idempotency_key_also_works_as_form_field(backend):
    account, key = new_id(), new_id()
    first = file_report(backend, account_id=account, idempotency_key=key)
    again = post(backend, service_code="road_damage", lat=str(MARKT[0]), long=str(MARKT[1]),
                 description="Tiefes Schlagloch vor dem Rathaus.", account_id=account, idempotency_key=key)
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == first["service_request_id"]
    assert len(mine(backend, account).json()) == 1


def test_idempotency_key_reused_for_another_report_is_bad_request(backend):
    key = new_id()
    file_report(backend, idempotency_key=key)
    assert_error(post(backend, service_code="graffiti", address_string="Markt", idempotency_key=key), 400,
                 "Idempotency-Key")


def test_reports_without_idempotency_key_are_distinct(backend):
    account = new_id()
    file_report(backend, account_id=account)
    file_report(backend, account_id=account)
    assert len(mine(backend, account).json()) == 2


# --- GET /requests.json and GET /requests/{id}.json -------------------------------------------

def test_unknown_request_is_not_found(backend):
    assert_error(get(backend, "/requests/999999999.json"), 404, "Keine Meldung", "999999999")


def test_requests_by_id_list(backend):
    ids = [file_report(backend)["service_request_id"] for _ in range(3)]
    body = get(backend, "/requests.json", service_request_id=",".join(ids[:2])).json()
    assert sorted(r["service_request_id"] for r in body) == sorted(ids[:2])


def test_service_request_id_overrides_the_other_filters(backend):
    rid = file_report(backend)["service_request_id"]
    body = get(backend, "/requests.json", service_request_id=rid, service_code="graffiti", status="closed").json()
    assert [r["service_request_id"] for r in body] == [rid]


def test_requests_filtered_by_service_code_and_status(backend):
    account = new_id()
    road = file_report(backend, account_id=account)["service_request_id"]
    light = file_report(backend, account_id=account, service_code="streetlight")["service_request_id"]
    tree = file_report(backend, account_id=account, service_code="tree")["service_request_id"]
    post(backend, f"/requests/{tree}/status.json", state="erledigt", note="Baum entfernt.")
    codes = mine(backend, account, service_code="road_damage,streetlight").json()
    assert sorted(r["service_request_id"] for r in codes) == sorted([road, light])
    assert [r["service_request_id"] for r in mine(backend, account, status="closed").json()] == [tree]
    assert len(mine(backend, account, status="open,closed").json()) == 3


def test_unknown_status_filter_is_bad_request(backend):
    assert_error(get(backend, "/requests.json", status="kaputt"), 400, "open und closed")


def test_unknown_service_code_filter_is_bad_request(backend):
    assert_error(get(backend, "/requests.json", service_code="ufo"), 400, "Unbekannte Kategorie")


def test_date_window_selects_reports(backend):
    account = new_id()
    file_report(backend, account_id=account)
    now = datetime.now(timezone.utc)
    past = (now - timedelta(hours=1)).isoformat()
    future = (now + timedelta(hours=1)).isoformat()
    assert len(mine(backend, account, start_date=past).json()) == 1
    assert mine(backend, account, start_date=future).json() == []
    assert mine(backend, account, end_date=past).json() == []


def test_date_range_over_90_days_is_bad_request(backend):
    assert_error(get(backend, "/requests.json", start_date="2026-01-01T00:00:00+01:00",
                     end_date="2026-04-15T00:00:00+02:00"), 400, "90 Tage")


def test_end_before_start_is_bad_request(backend):
    assert_error(get(backend, "/requests.json", start_date="2026-03-01", end_date="2026-02-01"), 400, "vor")


def test_invalid_date_is_bad_request(backend):
    assert_error(get(backend, "/requests.json", start_date="gestern"), 400, "kein gültiges Datum")


def test_paging_splits_the_list_without_overlap(backend):
    account = new_id()
    ids = [file_report(backend, account_id=account)["service_request_id"] for _ in range(5)]
    pages = [mine(backend, account, page=n, page_size=2) for n in (1, 2, 3)]
    assert all(p.headers["X-Total-Count"] == "5" for p in pages)
    seen = [r["service_request_id"] for p in pages for r in p.json()]
    assert [len(p.json()) for p in pages] == [2, 2, 1]
    assert seen == list(reversed(ids))  # newest first
    assert mine(backend, account, page=4, page_size=2).json() == []


@pytest.mark.parametrize("name, value", [("page", "0"), ("page", "x"), ("page_size", "0"), ("page_size", "201")])
def test_paging_outside_its_range_is_bad_request(backend, name, value):
    assert_error(get(backend, "/requests.json", **{name: value}), 400, name)


def test_my_reports_filter_needs_the_api_key(backend):
    assert_error(get(backend, "/requests.json", account_id=new_id()), 403)
    assert_error(get(backend, "/requests.json", device_id=new_id()), 403)


def test_my_reports_lists_only_the_citizens_own_reports(backend):
    me, other, device = new_id(), new_id(), new_id()
    mine_id = file_report(backend, account_id=me)["service_request_id"]
    other_id = file_report(backend, account_id=other, device_id=device)["service_request_id"]
    assert [r["service_request_id"] for r in mine(backend, me).json()] == [mine_id]
    # Someone else's number gives nothing, even though service_request_id overrides the search filters.
    assert mine(backend, me, service_request_id=other_id).json() == []
    by_device = get(backend, "/requests.json", headers={"X-Api-Key": backend.api_key}, device_id=device).json()
    assert [r["service_request_id"] for r in by_device] == [other_id]


def test_duplicate_search_finds_open_reports_of_the_same_category_nearby(backend):
    lat, long = spot()
    here = {"lat": str(lat), "long": str(long)}
    wanted = file_report(backend, **here)["service_request_id"]
    file_report(backend, service_code="streetlight", **here)  # other category
    file_report(backend, lat=str(lat + 0.002), long=str(long))  # about 220 m away
    closed = file_report(backend, **here)["service_request_id"]
    post(backend, f"/requests/{closed}/status.json", state="erledigt")
    since = (datetime.now(timezone.utc) - timedelta(days=30)).isoformat()
    body = full(backend, "/requests.json", service_code="road_damage", status="open", lat=str(lat + 0.0002),
               long=str(long), radius="50", start_date=since, extensions="true").json()
    assert [r["service_request_id"] for r in body] == [wanted]
    assert 15 < body[0]["extended_attributes"]["distance_m"] < 30


def test_nearby_search_orders_nearest_first(backend):
    lat, long = spot()
    far = file_report(backend, lat=str(lat + 0.0004), long=str(long))["service_request_id"]
    near = file_report(backend, lat=str(lat + 0.0001), long=str(long))["service_request_id"]
    body = full(backend, "/requests.json", lat=str(lat), long=str(long), radius="100").json()
    assert [r["service_request_id"] for r in body] == [near, far]


def test_radius_without_position_is_bad_request(backend):
    assert_error(get(backend, "/requests.json", radius="50"), 400, "radius")


def test_extensions_add_state_supporters_and_notes(backend):
    rid = file_report(backend)["service_request_id"]
    report = get(backend, f"/requests/{rid}.json", extensions="true").json()[0]
    assert report["extended_attributes"]["state"] == "eingegangen"
    assert report["extended_attributes"]["supporters"] == 0
    assert [n["state"] for n in report["notes"]] == ["eingegangen"]


def test_without_extensions_the_answer_is_plain_open311(backend):
    rid = file_report(backend)["service_request_id"]
    report = get(backend, f"/requests/{rid}.json").json()[0]
    assert "extended_attributes" not in report and "notes" not in report
    for name in ("service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                 "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                 "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"):
        assert name in report


# --- staff status change (extension) ----------------------------------------------------------

def test_status_change_appears_in_notes_and_updates_the_report(backend):
    rid = file_report(backend)["service_request_id"]
    before = get(backend, f"/requests/{rid}.json").json()[0]
    working = post(backend, f"/requests/{rid}/status.json", state="in Bearbeitung", note="Der Bauhof ist informiert.")
    assert working.status_code == 200, working.text
    assert working.json()[0]["status"] == "open"
    done = post(backend, f"/requests/{rid}/status.json", state="solved", note="Das Loch ist geflickt.").json()[0]
    assert done["status"] == "closed" and done["status_notes"] == "Das Loch ist geflickt."
    assert done["extended_attributes"]["state"] == "erledigt"
    assert [(n["state"], n["note"]) for n in done["notes"][1:]] == [
        ("in Bearbeitung", "Der Bauhof ist informiert."), ("erledigt", "Das Loch ist geflickt.")]
    assert done["updated_datetime"] >= before["updated_datetime"]


@pytest.mark.parametrize("state, status", [("abgelehnt", "closed"), ("Duplikat", "closed"), ("eingegangen", "open")])
def test_each_german_state_maps_to_open_or_closed(backend, state, status):
    rid = file_report(backend)["service_request_id"]
    assert post(backend, f"/requests/{rid}/status.json", state=state).json()[0]["status"] == status


def test_status_change_without_api_key_is_forbidden(backend):
    rid = file_report(backend)["service_request_id"]
    assert_error(post(backend, f"/requests/{rid}/status.json", api_key=None, state="erledigt"), 403)


def test_status_change_of_unknown_report_is_not_found(backend):
    assert_error(post(backend, "/requests/999999999/status.json", state="erledigt"), 404, "Keine Meldung")


def test_status_change_to_unknown_state_is_bad_request(backend):
    rid = file_report(backend)["service_request_id"]
    assert_error(post(backend, f"/requests/{rid}/status.json", state="vergessen"), 400, "in Bearbeitung")


# --- supporters (extension) -------------------------------------------------------------------

def test_supporters_are_counted_once_per_person(backend):
    rid = file_report(backend, device_id="reporter-1")["service_request_id"]
    path = f"/requests/{rid}/supporters.json"
    first = post(backend, path, device_id="neighbour-1").json()[0]
    again = post(backend, path, device_id="neighbour-1").json()[0]
    other = post(backend, path, account_id="neighbour-2").json()[0]
    assert (first["supporters"], first["added"]) == (1, True)
    assert (again["supporters"], again["added"]) == (1, False)
    assert (other["supporters"], other["added"]) == (2, True)
    assert get(backend, f"/requests/{rid}.json", extensions="true").json()[0]["extended_attributes"]["supporters"] == 2


def test_reporter_supporting_the_own_report_is_not_counted(backend):
    rid = file_report(backend, device_id="reporter-2")["service_request_id"]
    answer = post(backend, f"/requests/{rid}/supporters.json", device_id="reporter-2").json()[0]
    assert (answer["supporters"], answer["added"]) == (0, False)


def test_supporting_without_api_key_is_forbidden(backend):
    rid = file_report(backend)["service_request_id"]
    assert_error(post(backend, f"/requests/{rid}/supporters.json", api_key=None, device_id="x"), 403)


def test_supporting_unknown_report_is_not_found(backend):
    assert_error(post(backend, "/requests/999999999/supporters.json", device_id="x"), 404)


def test_supporting_without_saying_who_is_bad_request(backend):
    rid = file_report(backend)["service_request_id"]
    assert_error(post(backend, f"/requests/{rid}/supporters.json"), 400, "account_id oder device_id")


# --- tokens -----------------------------------------------------------------------------------

def test_token_leads_to_the_report(backend):
    answer = file_report(backend)
    body = get(backend, f"/tokens/{answer['token']}.json").json()
    assert body == [{"service_request_id": answer["service_request_id"], "token": answer["token"]}]


def test_unknown_token_is_not_found(backend):
    assert_error(get(backend, "/tokens/nichtda.json"), 404, "Token")


# --- configuration, schema and error shape ---------------------------------------------------------

def test_generated_api_key_is_kept_private_in_the_data_dir(tmp_path):
    settings = config.load({"STADTBOT_DATA_DIR": str(tmp_path)})
    key = settings.api_key
    path = tmp_path / config.API_KEY_FILE
    assert len(key) >= 32 and path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config.load({"STADTBOT_DATA_DIR": str(tmp_path)}).api_key == key


def test_settings_defaults_and_bbox(tmp_path):
    settings = config.load({"STADTBOT_DATA_DIR": str(tmp_path)})
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.bbox.contains(*MARKT) and not settings.bbox.contains(52.52, 13.405)
    assert settings.media_max_bytes == 10 * 1024 * 1024 and settings.media_max_pixels == 40_000_000
    with pytest.raises(config.ConfigError):
        config.load({"GERA_BBOX": "50.96,11.96,50.80,12.23"})


def test_schema_migration_is_idempotent(tmp_path):
    Storage(tmp_path / "b.db")
    storage = Storage(tmp_path / "b.db")
    versions = [row["version"] for row in storage.db["schema_version"].rows]
    assert versions == [version for version, _description, _apply in schema.MIGRATIONS]


def test_database_whose_feature_tables_came_before_their_migrations_is_migrated(tmp_path, monkeypatch):
    """Earlier versions created notifications and staff tables at start without a schema version."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        old = Storage(tmp_path / "b.db")
    for _version, _description, apply in schema.MIGRATIONS[1:]:
        apply(old.db)
    storage = Storage(tmp_path / "b.db")
    assert schema.current_version(storage.db) == schema.MIGRATIONS[-1][0]
    assert {"notifications", "staff_users", "staff_audit", "staff_corrections"} <= set(storage.db.table_names())


def test_fastapi_validation_errors_use_the_open311_shape():
    app = FastAPI()
    errors.install(app)

    @app.get("/open311/v2/count.json")
    def count(n: int):
        return n

    response = TestClient(app).get("/open311/v2/count.json", params={"n": "viele"})
    assert_error(response, 400, "„n“")
