"""/geocoder/search and /geocoder/reverse in the shape of Nominatim's API (format json or jsonv2), without a key.

Any client of Nominatim (OpenStreetMap's, a city's own, Photon-like services
that speak it) can talk to this backend instead, and the actions' client can
talk to any of those: `GEOCODER_URL` decides. Fields as Nominatim: lat/lon as
strings, `licence` per result (the gazetteer's, per source), `address` with
`road`, `house_number`, `suburb`, `city`. Added: `precision` (house, street,
crossing, district, landmark, station), `source`, and for reverse `distance`
in metres. A bad parameter is a 400 in the backend's error shape with a
German description; a point outside Gera is Nominatim's
`{"error": "Unable to geocode"}`. `address` is always given; `addressdetails`
and `zoom` are accepted and have no effect; other Nominatim parameters
(`countrycodes`, `viewbox`, `accept-language`) are ignored: the answer is
always inside Gera.
"""

import math
from typing import List, Optional

from fastapi import APIRouter, Request

from backend.errors import bad_request
from backend.geocoder.lookup import GERA, Result, reverse, search

router = APIRouter(prefix="/geocoder", tags=["geocoder"])

MAX_QUERY = 1000
MAX_LIMIT = 40  # Nominatim's own upper limit
DEFAULT_LIMIT = 10
UNABLE = {"error": "Unable to geocode"}
FORMATS = ("json", "jsonv2")
# precision -> Nominatim's addresstype and place_rank
RANKS = {"house": ("house", 30), "street": ("road", 26), "crossing": ("road", 26), "district": ("suburb", 20),
         "landmark": ("amenity", 30), "station": ("railway", 30)}


def _settings_bbox(request: Request):
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "bbox", GERA)


def _format(value: Optional[str]) -> str:
    value = (value or "jsonv2").strip().lower()
    if value not in FORMATS:
        raise bad_request("„format“ muss „json“ oder „jsonv2“ sein.")
    return value


def _limit(value: Optional[str]) -> int:
    if value is None or not value.strip():
        return DEFAULT_LIMIT
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise bad_request(f"„limit“ muss eine ganze Zahl von 1 bis {MAX_LIMIT} sein.")
    return int(value)


def _coordinate(value: Optional[str], name: str, bound: float) -> float:
    if value is None or not value.strip():
        raise bad_request(f"„{name}“ fehlt.")
    try:
        number = float(value)
    except ValueError:
        raise bad_request(f"„{name}“ ist keine Zahl.") from None
    if not math.isfinite(number) or abs(number) > bound:
        raise bad_request(f"„{name}“ muss zwischen -{bound:g} und {bound:g} liegen.")
    return number


@router.get("/search")
def search_places(request: Request, q: Optional[str] = None, format: Optional[str] = None,
                  limit: Optional[str] = None, addressdetails: Optional[str] = None) -> List[dict]:
    """A typed place in Gera -> up to `limit` ranked places; [] when nothing is good enough (no guess)."""
    version = _format(format)
    count = _limit(limit)
    if q is None or not q.strip():
        raise bad_request("„q“ fehlt: bitte einen Ort angeben, z. B. „Heinrichstraße 35“.")
    if len(q) > MAX_QUERY:
        raise bad_request(f"„q“ ist zu lang (höchstens {MAX_QUERY} Zeichen).")
    results = search(q, limit=count, bbox=_settings_bbox(request))
    return [place_json(result, version) for result in results]


@router.get("/reverse")
def reverse_place(request: Request, lat: Optional[str] = None, lon: Optional[str] = None,
                  format: Optional[str] = None, zoom: Optional[str] = None,
                  addressdetails: Optional[str] = None) -> dict:
    """A point -> the nearest house, street, landmark or district in Gera, with its distance in metres."""
    version = _format(format)
    latitude, longitude = _coordinate(lat, "lat", 90), _coordinate(lon, "lon", 180)
    result = reverse(latitude, longitude, bbox=_settings_bbox(request))
    return place_json(result, version) if result else dict(UNABLE)


def place_json(result: Result, version: str = "jsonv2") -> dict:
    """One result as Nominatim writes it (jsonv2: `category`; json: `class`)."""
    entry = result.entry
    addresstype, rank = RANKS.get(result.precision, ("place", 30))
    category, kind = _category(result)
    body = {
        "place_id": _place_id(result),
        "licence": _licence(result),
        **_osm_ref(result),
        "lat": f"{result.lat:.7f}",
        "lon": f"{result.lon:.7f}",
        ("category" if version == "jsonv2" else "class"): category,
        "type": kind,
        "place_rank": rank,
        "importance": round(max(0.0, min(1.0, entry.importance * result.score)), 4),
        "addresstype": addresstype,
        "name": result.name,
        "display_name": display_name(result),
        "address": address(result),
        "boundingbox": _box(result.lat, result.lon),
        "precision": result.precision,
        "source": entry.source if not result.other else f"{entry.source} | {result.other.source}",
    }
    if entry.note:
        body["note"] = entry.note  # e.g. the point is a stop next to the street, not the street's middle
    if result.requested_housenumber:
        body["requested_house_number"] = result.requested_housenumber
    if result.distance is not None:
        body["distance"] = result.distance
    return body


def address(result: Result) -> dict:
    entry = result.entry
    out = {}
    if result.precision in ("house", "street"):
        out["road"] = entry.street or entry.name
    elif result.precision == "crossing":
        out["road"] = result.name
    elif result.precision in ("landmark", "station"):
        out[entry.type or "amenity"] = entry.name
    if result.housenumber:
        out["house_number"] = result.housenumber
    suburb = entry.name if entry.kind == "district" else entry.district
    if suburb:
        out["suburb"] = suburb
    out.update({"city": "Gera", "state": "Thüringen", "country": "Deutschland", "country_code": "de"})
    return out


def display_name(result: Result) -> str:
    """'Heinrichstraße, Zentrum Süd, Gera, Thüringen, Deutschland' (Nominatim's order)."""
    parts = [result.name]
    suburb = result.entry.district
    if suburb and suburb != result.name:
        parts.append(suburb)
    return ", ".join(parts + ["Gera", "Thüringen", "Deutschland"])


def _category(result: Result):
    if result.precision == "crossing":
        return "highway", "junction"
    return result.entry.category or "place", result.entry.type or result.precision


def _place_id(result: Result) -> int:
    # A crossing is no row of the gazetteer: an id of its own from both rows, far above any row number.
    if result.other:
        return 10**9 + result.entry.id * 10**5 + result.other.id
    return result.entry.id


def _licence(result: Result) -> str:
    licences = [result.entry.licence] + ([result.other.licence] if result.other else [])
    return " + ".join(dict.fromkeys(filter(None, licences)))


def _osm_ref(result: Result) -> dict:
    kind, _, number = result.entry.ref.partition("/")
    if kind in ("node", "way", "relation") and number.isdigit() and not result.other:
        return {"osm_type": kind, "osm_id": int(number)}
    return {}


def _box(lat: float, lon: float, half: float = 0.0005) -> List[str]:
    return [f"{lat - half:.7f}", f"{lat + half:.7f}", f"{lon - half:.7f}", f"{lon + half:.7f}"]
