"""actions/clients/geocoder.py against a local Nominatim-speaking server (tests/fast/rasa/conftest.py)."""

import asyncio

import pytest

from actions.clients.geocoder import GeocoderClient, GeocoderUnavailable
from common.area import parse_bbox

GERA = parse_bbox("50.80,11.96,50.96,12.23")


def found(name: str, lat: float, lon: float, **address) -> dict:
    return {"place_id": abs(hash(name)) % 1000, "lat": str(lat), "lon": str(lon), "display_name": f"{name}, Gera",
            "name": name, "category": "place", "type": "square", "address": {"city": "Gera", **address}}


def search(nominatim, text: str):
    async def ask():
        async with GeocoderClient(nominatim.url, GERA) as geocoder:
            return await geocoder.search(text)
    return asyncio.run(ask())


def test_places_outside_gera_are_dropped_and_the_query_stays_inside_gera(nominatim):
    nominatim.places = [found("Johannisplatz", 50.8794, 12.0789), found("Johannisplatz", 51.34, 12.38),
                        found("", 50.87, 12.08, road="Sorge", house_number="12")]
    points = search(nominatim, "am Johannisplatz")
    assert [(p.label, p.latitude) for p in points] == [("Johannisplatz", 50.8794), ("Sorge 12", 50.87)]
    path, query = nominatim.requests[0]
    assert path == "/search" and query["q"] == "am Johannisplatz" and query["bounded"] == "1"
    assert query["viewbox"] == "11.96,50.96,12.23,50.8" and query["format"] == "jsonv2"


def test_a_very_long_text_is_cut_before_it_is_sent(nominatim):
    search(nominatim, "Sorge " * 400)
    assert len(nominatim.requests[0][1]["q"]) == 200


@pytest.mark.parametrize("answer", [{"not": "a list"}, [{"lat": "viel", "lon": "12"}, "text", {"lat": "50.9"}]])
def test_nonsense_from_the_service_is_no_place(nominatim, answer):
    nominatim.places = answer
    if isinstance(answer, dict):
        with pytest.raises(GeocoderUnavailable):
            search(nominatim, "Sorge")
    else:
        assert search(nominatim, "Sorge") == []


def test_an_unreachable_geocoder_is_reported_as_unavailable(nominatim):
    nominatim.down = True
    with pytest.raises(GeocoderUnavailable):
        search(nominatim, "Sorge")
