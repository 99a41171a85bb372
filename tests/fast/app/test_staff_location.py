"""Staff give a report without a point ("Ort unsicher") its place on the map, or move a wrong one
(backend/staff/location.py, POST /staff/reports/{id}/location): by a click (the form's Breite/Länge), typed
coordinates or a search of the gazetteer. Every change is audited; the map, the export and the Open311 view
carry the new point; nasty input gets a German answer and changes nothing.
"""

import re

import pytest

from backend.geocoder import lookup
from tests.fast.app.conftest import csrf_from, file_report


def without_point(backend, marker="") -> str:
    """A report as the assistant files it after "Weiß ich nicht genau": the citizen's words, no coordinates."""
    return file_report(backend, service_code="streetlight", lat="", long="", address_string="Sorge 12",
                       description=f"Laterne aus {marker}", **{"attribute[light_state]": "aus"})


def set_point(staff_client, number, **fields):
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    return staff_client.post(f"/staff/reports/{number}/location", data={"csrf_token": token, **fields})


def stored(backend, number) -> dict:
    response = backend.client.get(f"{backend.api}/requests/{number}.json", headers={"X-Api-Key": backend.api_key})
    return response.json()[0]


def audit_entries(backend, number) -> list:
    return list(backend.client.app.state.storage.db.query(
        "SELECT user_name, action, details FROM staff_audit WHERE service_request_id = ? AND action = 'location'",
        [number]))


def test_a_report_without_point_is_marked_and_can_be_filtered(backend, staff_client):
    number = without_point(backend, "filter-a")
    placed = file_report(backend, description="mit Punkt filter-a")
    page = staff_client.get(f"/staff/reports/{number}").text
    assert 'id="place-uncertain"' in page and "Ort unsicher" in page
    assert "Kartenpunkt setzen" in page and 'value="Sorge 12"' in page  # the search starts from the citizen's words
    without = staff_client.get("/staff/reports", params={"ort": "ohne"}).text
    assert f">{number}</a>" in without and f">{placed}</a>" not in without and "Ort unsicher" in without
    with_point = staff_client.get("/staff/reports", params={"ort": "mit"}).text
    assert f">{placed}</a>" in with_point and f">{number}</a>" not in with_point


def test_unknown_place_filter_is_a_german_400(staff_client):
    response = staff_client.get("/staff/reports", params={"ort": "vielleicht"})
    assert response.status_code == 400 and "„ort“ muss „mit“ oder „ohne“" in response.text


def test_a_click_on_the_map_sets_the_point_audited_and_everywhere(backend, staff_client):
    number = without_point(backend, "click")
    response = set_point(staff_client, number, lat="50.876300", long="12.083600")
    assert response.status_code == 303 and response.headers["location"].endswith("?punkt=1#karte")
    page = staff_client.get(response.headers["location"]).text
    assert "Der Kartenpunkt ist gespeichert." in page and 'id="place-uncertain"' not in page
    assert "50.876300, 12.083600" in page and "Kartenpunkt verschieben" in page
    report = stored(backend, number)
    assert (report["lat"], report["long"]) == pytest.approx((50.8763, 12.0836))
    assert report["address"] == "Sorge 12"  # the citizen's words stay
    [entry] = audit_entries(backend, number)
    assert '"from": null' in entry["details"] and '"to": [50.8763, 12.0836]' in entry["details"]
    assert "Kartenpunkt gesetzt auf 50.876300, 12.083600" in re.sub(r"\s+", " ", page)
    geojson = staff_client.get("/staff/reports/export.geojson", params={"kategorie": "streetlight"}).json()
    feature = next(f for f in geojson["features"] if f["properties"]["Nummer"] == number)
    assert feature["geometry"]["coordinates"] == pytest.approx([12.0836, 50.8763])


def test_moving_a_point_keeps_the_old_one_in_the_audit_log(backend, staff_client):
    number = file_report(backend, lat="50.8765", long="12.0812", description="verschieben")
    assert set_point(staff_client, number, lat="50,8770", long="12,0820").status_code == 303  # German commas
    [entry] = audit_entries(backend, number)
    assert '"from": [50.8765, 12.0812]' in entry["details"] and '"to": [50.877, 12.082]' in entry["details"]
    page = re.sub(r"\s+", " ", staff_client.get(f"/staff/reports/{number}").text)
    assert "Kartenpunkt verschoben von 50.876500, 12.081200 auf 50.877000, 12.082000" in page
    protocol = staff_client.get("/staff/protokoll", params={"aktion": "location"}).text
    assert f"Meldung {number}" in protocol and "50.876500, 12.081200 → 50.877000, 12.082000" in protocol


def test_a_search_with_one_place_sets_its_point_and_says_what_to_check(backend, staff_client):
    number = without_point(backend, "search-one")
    [expected] = lookup.search("Gagarinstraße", limit=1)
    response = set_point(staff_client, number, suche="gagarinstr")
    assert response.status_code == 303
    report = stored(backend, number)
    assert (report["lat"], report["long"]) == pytest.approx((expected.lat, expected.lon), abs=1e-6)
    page = staff_client.get(response.headers["location"]).text
    if expected.precision == "street":
        assert "Punkt der Straße, nicht des Hauses" in page
    [entry] = audit_entries(backend, number)
    assert "Suche „gagarinstr“" in entry["details"] and expected.name in entry["details"]


def test_a_search_with_several_places_offers_choices_and_saves_nothing(backend, staff_client):
    number = without_point(backend, "search-several")
    response = set_point(staff_client, number, suche="Bahnhof")
    assert response.status_code == 200 and "Mehrere Orte gefunden" in response.text
    assert stored(backend, number)["lat"] is None and audit_entries(backend, number) == []
    choices = re.findall(r'name="lat" value="([0-9.]+)">\s*<input type="hidden" name="long" value="([0-9.]+)">\s*'
                         r'<input type="hidden" name="name" value="([^"]+)">', response.text)
    assert 2 <= len(choices) <= 3
    lat, long, name = choices[1]
    chosen = set_point(staff_client, number, lat=lat, long=long, name=name, precision="station")
    assert chosen.status_code == 303
    assert (stored(backend, number)["lat"], stored(backend, number)["long"]) == pytest.approx((float(lat), float(long)))
    [entry] = audit_entries(backend, number)
    assert f"Suche: {name}" in entry["details"]


@pytest.mark.parametrize("fields, message", [
    ({}, "Bitte auf die Karte klicken, Koordinaten eintragen oder einen Ort suchen."),
    ({"lat": "52.52", "long": "13.40"}, "außerhalb von Gera"),  # Berlin
    ({"lat": "50.88"}, "„Länge“ muss eine Zahl"),
    ({"lat": "NaN", "long": "12.08"}, "„Breite“ muss eine Zahl"),
    ({"lat": "inf", "long": "12.08"}, "„Breite“ muss eine Zahl"),
    ({"lat": "1e400", "long": "12.08"}, "„Breite“ muss eine Zahl"),
    ({"lat": "50.88<script>", "long": "12.08"}, "„Breite“ muss eine Zahl"),
    ({"suche": "hinter dem Gartenhaus von Oma Erna"}, "steht nicht im Ortsverzeichnis"),
    ({"suche": "52.52, 13.40"}, "außerhalb von Gera"),
    ({"suche": "x" * 201}, "Die Suche ist zu lang"),
])
def test_nasty_input_gets_a_german_answer_and_changes_nothing(backend, staff_client, fields, message):
    number = without_point(backend, "nasty")
    response = set_point(staff_client, number, **fields)
    assert response.status_code == 400 and message in response.text
    assert 'role="alert"' in response.text and "50.88<script>" not in response.text  # kept, but escaped
    assert stored(backend, number)["lat"] is None and audit_entries(backend, number) == []


def test_coordinates_typed_into_the_search_field_are_taken(backend, staff_client):
    number = without_point(backend, "search-coordinates")
    assert set_point(staff_client, number, suche="50.8763, 12.0836").status_code == 303
    assert stored(backend, number)["lat"] == pytest.approx(50.8763)


def test_setting_a_point_needs_login_and_the_form_token(backend, staff_client):
    number = without_point(backend, "guarded")
    stranger = backend.new_client()
    response = stranger.post(f"/staff/reports/{number}/location", data={"lat": "50.88", "long": "12.08"})
    assert response.status_code in (303, 403) and stored(backend, number)["lat"] is None
    response = staff_client.post(f"/staff/reports/{number}/location", data={"lat": "50.88", "long": "12.08"})
    assert response.status_code == 403 and stored(backend, number)["lat"] is None
    assert set_point(staff_client, "999999999", lat="50.88", long="12.08").status_code == 404


def test_a_new_point_keeps_the_state_change_time_that_retention_counts_from(backend, staff_client):
    number = without_point(backend, "retention")
    storage = backend.client.app.state.storage
    with storage.transaction() as db:  # a report whose state last changed long ago
        db.execute("UPDATE requests SET updated_datetime = '2026-01-02T03:04:05+00:00' WHERE service_request_id = ?",
                   [number])
    assert set_point(staff_client, number, lat="50.8763", long="12.0836").status_code == 303
    assert storage.get_request(number)["updated_datetime"] == "2026-01-02T03:04:05+00:00"
