"""The offline geocoder: typed places in Gera -> points (search), points -> places (reverse), and /geocoder's shapes.

Runs on the shipped gazetteer (the sourced partial data): streets are points of
stops named after them, no house numbers yet. Nothing good enough is an empty
answer, never a guess.
"""

import math

import pytest

from backend.geocoder import default, distance_m, reverse, search
from backend.geocoder.normalise import key, parse
from bench.geocoding_eval import judge, load_labels

HEINRICHSTRASSE = (50.875932, 12.079446)  # stop "Heinrichstraße" in the source data
GERA_HBF = (50.883421, 12.077092)
LUSAN = (50.843720, 12.065170)


def near(result, point, metres=50.0) -> bool:
    return distance_m(result.lat, result.lon, *point) <= metres


# ---- normalisation --------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, canonical", [
    ("Leipziger Str.", "Leipziger Straße"), ("leipzigerstrasse", "Leipziger Straße"),
    ("Str. d. Friedens", "Straße des Friedens"), ("gagarinstr", "Gagarinstraße"), ("Zwoetzen", "Zwötzen"),
    ("Friedrich-Naumann-Pl.", "Friedrich-Naumann-Platz"), ("SCHLOSSSTRASSE", "Schloßstraße"),
    ("Dr. Theodor Neubauer Str", "Dr.-Theodor-Neubauer-Straße"),
])
def test_spellings_of_one_name_compare_equal(typed, canonical):
    assert key(typed) == key(canonical)


def test_a_typed_place_is_taken_apart_into_name_number_and_crossing():
    assert parse("Heinrichstraße vor Hausnummer 23").housenumber == "23"
    assert parse("Höhe Hausnummer 60, Schillerstraße").housenumber == "60"
    assert parse("Leipziger Straße 12, 07545 Gera").name == "leipziger strasse"
    assert parse("Ecke Sorge/Schloßstraße").crossing == ("sorge", "schlossstrasse")
    assert parse("Kreuzung Gagarinstraße und Friedrich-Engels-Straße").crossing == (
        "gagarinstrasse", "friedrich-engels-strasse")


# ---- search ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Heinrichstraße", "heinrichstr.", "Heinrichstrase", "in der Heinrichstraße",
                                   "HEINRICHSTRASSE", "Heinrichstraße, 07545 Gera"])
def test_a_street_is_found_however_it_is_typed(typed):
    [result] = search(typed)
    assert result.precision == "street" and near(result, HEINRICHSTRASSE)


def test_a_house_number_the_data_does_not_have_gives_the_street_marked_as_street():
    [result] = search("Heinrichstraße 35")
    assert result.precision == "street" and result.requested_housenumber == "35"
    assert near(result, HEINRICHSTRASSE)
    assert search("Heinrichstraße vor Hausnummer 23")[0].requested_housenumber == "23"


def test_a_district_is_found_with_or_without_its_preposition():
    for typed in ("in Lusan", "Lusan", "Gera-Lusan", "im Ortsteil Lusan"):
        [result] = search(typed)
        assert result.precision == "district" and near(result, LUSAN), typed


def test_villages_in_old_spelling_are_found_under_todays_name():
    [result] = search("Kretzschwitz")
    assert result.name == "Cretzschwitz"


def test_an_ambiguous_name_gives_ranked_candidates_up_to_the_limit():
    results = search("Bahnhof", limit=3)
    assert len(results) == 3
    assert results[0].name == "Gera Hbf" and near(results[0], GERA_HBF)
    assert {r.precision for r in results} == {"station"}
    assert len(search("Bahnhof", limit=1)) == 1


def test_a_crossing_of_two_known_nearby_streets_is_the_middle_between_them():
    [result] = search("Ecke Gagarinstraße/Friedrich-Engels-Straße")
    assert result.precision == "crossing"
    assert near(result, ((50.884036 + 50.883778) / 2, (12.085208 + 12.083007) / 2), 5)


@pytest.mark.parametrize("typed", [
    "Ecke Sorge/Schloßstraße",  # Schloßstraße is not in the partial data
    "Ecke Heinrichstraße/Zwickauer Straße",  # both known, kilometres apart
])
def test_a_crossing_that_cannot_be_placed_stays_unresolved(typed):
    assert search(typed) == []


@pytest.mark.parametrize("typed", ["Johannisplatz", "Hofwiesenpark", "Bergstraße", "Lindenstraße", "Steinweg",
                                   "vor Hausnummer 23", "Gera", "Leipzig Hauptbahnhof", "Berlin Alexanderplatz"])
def test_a_place_the_data_does_not_know_gives_nothing_not_a_guess(typed):
    assert search(typed) == []


@pytest.mark.parametrize("typed", ["", "   ", "x" * 2000, "Heinrichstraße " * 150, "1234567890", "0", "😀🚧",
                                   "\x00\x1f", "<script>alert(1)</script>", "%%%", "Ecke /", "Kreuzung und",
                                   "Hausnummer", "ß" * 500])
def test_nasty_input_gives_an_answer_not_an_error(typed):
    results = search(typed)
    assert isinstance(results, list) and len(results) <= 3


def test_results_outside_the_configured_box_are_dropped():
    from common.area import parse_bbox
    only_lusan = parse_bbox("50.83,12.05,50.85,12.08")
    assert search("Heinrichstraße", bbox=only_lusan) == []
    assert search("Lusan", bbox=only_lusan)


# ---- reverse --------------------------------------------------------------------------------------------

def test_reverse_names_the_nearest_street_with_the_distance():
    result = reverse(50.8760, 12.0796)
    assert result.name == "Heinrichstraße" and result.precision == "street"
    assert 5 < result.distance < 20


def test_reverse_falls_back_to_a_landmark_then_a_district():
    assert reverse(*GERA_HBF).precision == "station"
    far = reverse(50.8900, 11.9950)  # fields west of Frankenthal: no stop within 500 m
    assert far.precision == "district" and far.distance > 500


@pytest.mark.parametrize("point", [(52.52, 13.40), (50.95, 11.5), (float("nan"), 12.0), (50.88, float("inf"))])
def test_reverse_outside_gera_gives_nothing(point):
    assert reverse(*point) is None


# ---- the labelled list (bench/geocoding_eval.py prints the figures) -------------------------------------

def test_the_labelled_list_has_150_places_with_points_in_gera():
    places = load_labels()
    assert len(places) >= 150
    for place in places:
        if place["expected"] != "none":
            assert 50.80 <= place["expected"]["lat"] <= 50.96 and 11.96 <= place["expected"]["lon"] <= 12.23


def test_hardly_any_labelled_place_is_answered_wrongly():
    verdicts = [judge(place, search(place["text"])) for place in load_labels()]
    assert verdicts.count("wrong") <= 0.02 * len(verdicts)
    assert verdicts.count("near") >= 0.7 * len(verdicts)


def test_gazetteer_rows_all_have_source_and_licence():
    for entry in default().entries:
        assert entry.source and entry.licence, entry.name
        assert math.isfinite(entry.lat) and math.isfinite(entry.lon)


# ---- the API in Nominatim's shape -----------------------------------------------------------------------

def test_search_endpoint_answers_in_nominatims_jsonv2_shape(backend):
    response = backend.client.get("/geocoder/search", params={
        "q": "Heinrichstraße 35", "format": "jsonv2", "limit": "3", "addressdetails": "1"})
    assert response.status_code == 200
    [place] = response.json()
    for field in ("place_id", "lat", "lon", "display_name", "name", "category", "type", "importance", "licence"):
        assert field in place, field
    assert isinstance(place["lat"], str) and isinstance(place["lon"], str)
    assert abs(float(place["lat"]) - HEINRICHSTRASSE[0]) < 1e-6
    assert place["address"]["road"] == "Heinrichstraße" and place["address"]["city"] == "Gera"
    assert "house_number" not in place["address"]  # the data has no such house
    assert place["precision"] == "street" and place["requested_house_number"] == "35"
    assert "CC BY 4.0" in place["licence"]


def test_search_endpoint_format_json_says_class_and_lists_candidates(backend):
    places = backend.client.get("/geocoder/search", params={"q": "Bahnhof", "format": "json", "limit": "2"}).json()
    assert [p["name"] for p in places][:1] == ["Gera Hbf"] and len(places) == 2
    assert places[0]["class"] == "railway" and "category" not in places[0]


def test_search_endpoint_answers_an_empty_list_when_nothing_fits(backend):
    response = backend.client.get("/geocoder/search", params={"q": "Johannisplatz", "format": "jsonv2"})
    assert response.status_code == 200 and response.json() == []


def test_a_crossing_has_a_place_id_of_its_own(backend):
    [place] = backend.client.get("/geocoder/search", params={"q": "Ecke Gagarinstraße/Friedrich-Engels-Straße"}).json()
    assert place["type"] == "junction" and place["precision"] == "crossing"
    assert place["place_id"] > 10**9


@pytest.mark.parametrize("params, field", [
    ({}, "„q“"), ({"q": "  "}, "„q“"), ({"q": "x" * 1001}, "„q“"), ({"q": "Lusan", "limit": "0"}, "„limit“"),
    ({"q": "Lusan", "limit": "abc"}, "„limit“"), ({"q": "Lusan", "format": "xml"}, "„format“"),
])
def test_search_endpoint_refuses_bad_parameters_in_german(backend, params, field):
    response = backend.client.get("/geocoder/search", params=params)
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and field in error["description"]


def test_reverse_endpoint_answers_one_place_with_its_distance(backend):
    response = backend.client.get("/geocoder/reverse", params={"lat": "50.8760", "lon": "12.0796", "format": "jsonv2"})
    place = response.json()
    assert response.status_code == 200 and place["name"] == "Heinrichstraße"
    assert place["address"]["road"] == "Heinrichstraße" and place["address"]["suburb"] == "Zentrum Süd"
    assert isinstance(place["lat"], str) and place["distance"] < 20


def test_reverse_endpoint_outside_gera_says_unable_to_geocode_like_nominatim(backend):
    response = backend.client.get("/geocoder/reverse", params={"lat": "52.52", "lon": "13.40"})
    assert response.status_code == 200 and response.json() == {"error": "Unable to geocode"}


@pytest.mark.parametrize("params", [{}, {"lat": "50.88"}, {"lat": "abc", "lon": "12.08"}, {"lat": "91", "lon": "12"},
                                    {"lat": "nan", "lon": "12.08"}, {"lat": "50.88", "lon": "12.08", "format": "geojson"}])
def test_reverse_endpoint_refuses_bad_parameters_in_german(backend, params):
    response = backend.client.get("/geocoder/reverse", params=params)
    assert response.status_code == 400 and response.json()[0]["description"]


def test_the_geocoder_needs_no_key(backend):
    assert backend.client.get("/geocoder/search", params={"q": "Lusan"}).status_code == 200


def test_every_staff_page_names_the_sources_of_the_places(backend):
    """ODbL and CC BY ask for attribution wherever the data is shown: the staff web shows reports' places."""
    page = backend.client.get("/staff/login").text
    assert "© OpenStreetMap-Mitwirkende, ODbL" in page and "DB InfraGO AG, CC BY 4.0" in page and "GeoNames" in page
