"""Staff set or move a report's point on the map: from a click on the map, typed coordinates or a search.

Reports filed without a point (the citizen did not know the place exactly, or the gazetteer did not know
it) are "Ort unsicher" in the queue until staff give them one. What staff enter is read here into one
point inside Gera or a German error; a search of the gazetteer that finds several places answers them
as choices, never a guess.
"""

import math
import re
from dataclasses import dataclass
from typing import List, Mapping

from backend.geocoder import lookup
from common.area import BBox

_COORDINATES = re.compile(r"^\s*(-?\d{1,3}(?:[.,]\d+)?)\s*[,;/ ]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*$")
_NUMBER = re.compile(r"^-?\d{1,3}(?:[.,]\d{1,12})?$")
MAX_SEARCH = 200
PRECISIONS = ("house", "street", "crossing", "district", "landmark", "station")  # the gazetteer's (lookup.Result)
PRECISION_HINTS = {"street": "Punkt der Straße, nicht des Hauses – bitte auf der Karte prüfen",
                   "district": "Mitte des Ortsteils – bitte auf der Karte genauer setzen",
                   "crossing": "Kreuzung – bitte auf der Karte prüfen"}


class LocationError(ValueError):
    """A German message for the staff member; the form keeps what was typed."""


@dataclass(frozen=True)
class Point:
    lat: float
    long: float
    via: str  # how staff chose it, for the audit log: "Karte/Koordinaten" or "Suche „…“"
    name: str = ""  # the gazetteer's name of the place, when it came from a search
    precision: str = ""  # the gazetteer's: house, street, crossing, district, landmark, station

    @property
    def hint(self) -> str:
        """What staff should check (a street's point is not the house's); "" when the point is exact."""
        return PRECISION_HINTS.get(self.precision, "")


def _number(text: str, what: str) -> float:
    text = text.strip()
    if not _NUMBER.match(text):
        raise LocationError(f"„{what}“ muss eine Zahl wie 50.8765 sein.")
    return float(text.replace(",", "."))


def _inside(lat: float, long: float, bbox: BBox) -> None:
    if not (math.isfinite(lat) and math.isfinite(long)) or not bbox.contains(lat, long):
        raise LocationError("Der Punkt liegt außerhalb von Gera. Bitte einen Punkt im Stadtgebiet wählen "
                            "(Breite etwa 50,8–51,0, Länge etwa 12,0–12,2).")


def typed_point(lat_text: str, long_text: str, bbox: BBox) -> Point:
    """The point from the form's Breite/Länge (filled by a click on the map, or typed)."""
    lat, long = _number(lat_text, "Breite"), _number(long_text, "Länge")
    _inside(lat, long, bbox)
    return Point(lat, long, via="Karte/Koordinaten")


def searched(text: str, bbox: BBox) -> List[Point]:
    """The places the gazetteer finds for `text` (up to three, best first), or the coordinates typed into
    the search field; LocationError when nothing is found."""
    text = " ".join(text.split())
    if len(text) > MAX_SEARCH:
        raise LocationError(f"Die Suche ist zu lang (höchstens {MAX_SEARCH} Zeichen).")
    pair = _COORDINATES.match(text)
    if pair:
        return [typed_point(pair.group(1), pair.group(2), bbox)]
    results = lookup.search(text, limit=3, bbox=bbox)
    if not results:
        raise LocationError(f"„{text}“ steht nicht im Ortsverzeichnis. Bitte auf der Karte klicken "
                            "oder die Koordinaten eintragen.")
    return [Point(result.lat, result.lon, via=f"Suche „{text}“", name=result.name,
                  precision=result.precision) for result in results]


def read(form: Mapping[str, str], bbox: BBox) -> List[Point]:
    """One point to save, or several to choose from. Coordinates (map or typed) win over the search field."""
    lat_text, long_text = (form.get("lat") or "").strip(), (form.get("long") or "").strip()
    search_text = (form.get("suche") or "").strip()
    if lat_text or long_text:
        point = typed_point(lat_text, long_text, bbox)
        name = " ".join((form.get("name") or "").split())[:MAX_SEARCH]  # set by a choice of the search's places
        precision = form.get("precision") if form.get("precision") in PRECISIONS else ""
        return [Point(point.lat, point.long, via=f"Suche: {name}", name=name, precision=precision) if name else point]
    if search_text:
        return searched(search_text, bbox)
    raise LocationError("Bitte auf die Karte klicken, Koordinaten eintragen oder einen Ort suchen.")


def audit_details(before: dict, point: Point) -> dict:
    """What the audit log keeps of a set or moved point."""
    had = before["lat"] is not None and before["long"] is not None
    return {"from": [before["lat"], before["long"]] if had else None, "to": [round(point.lat, 6), round(point.long, 6)],
            "via": point.via, "name": point.name}

