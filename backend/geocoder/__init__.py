"""The offline geocoder of Gera: a gazetteer with sources and licences, search and reverse, a Nominatim-like API.

`search("Heinrichstraße 35")` and `reverse(50.8759, 12.0794)` work in-process on
the gazetteer shipped in this folder (gazetteer.csv, loaded once per process);
`router` serves the same under /geocoder in the shape of Nominatim's API, so
that the actions' client can talk to this backend or to any Nominatim-compatible
service (GEOCODER_URL). `build` makes the gazetteer from an OpenStreetMap extract.
"""

from backend.geocoder.gazetteer import GAZETTEER_FILE, Entry, Gazetteer, default, distance_m, load
from backend.geocoder.lookup import Result, reverse, search
from backend.geocoder.api import router

__all__ = ["GAZETTEER_FILE", "Entry", "Gazetteer", "Result", "default", "distance_m", "load", "reverse", "router",
           "search"]
