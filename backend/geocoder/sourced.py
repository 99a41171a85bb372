"""The sourced partial data (sources/gera-places.csv) as gazetteer rows: the default until a city builds from OSM.

The rows are copied, not changed: each keeps its point, source and licence.
What is added is what a lookup needs: the street a stop is named after
("Langenberg Eisenberger Str." is a point on or next to Eisenberger Straße in
Langenberg, not the street's middle: the note says so), the parts of a stop's
name as other names ("Sorge/Markt" is found as "Markt" too), the stations'
common names ("Hauptbahnhof", "Bahnhof"), today's spelling of villages that
GeoNames spells the old way, and the Ortsteil the source names.
"""

import csv
import re
from pathlib import Path
from typing import Dict, Iterator, List

SOURCE_FILE = Path(__file__).resolve().parent / "sources" / "gera-places.csv"

# GeoNames' old spellings -> today's name (the old one stays findable).
TODAY = {"Kretzschwitz": "Cretzschwitz", "Seeligenstädt": "Seligenstädt"}
# Names a citizen uses for the stations; "Bahnhof" alone is ambiguous and so lists them ranked.
STATIONS = {
    "Gera Hbf": (0.75, ["Hauptbahnhof", "Gera Hauptbahnhof", "Bahnhof", "Hauptbahnhof Gera"]),
    "Gera Süd": (0.6, ["Bahnhof Gera Süd", "Bahnhof Süd", "Südbahnhof", "Bahnhof"]),
    "Gera-Zwötzen": (0.55, ["Bahnhof Zwötzen", "Bahnhof"]),
    "Gera-Langenberg": (0.5, ["Bahnhof Langenberg", "Bahnhof"]),
    "Gera-Langenberg Langenberger Straße": (0.45, ["Haltepunkt Langenberger Straße", "Bahnhof"]),
}
# Points of the whole city: no place of a report, so not in the gazetteer.
CITY_POINTS = {"Gera (Stadt, GeoNames-Punkt)", "Gera Stadtmitte (GeoNames city point)"}
# Parts of a stop's name that are no name of their own.
NOT_NAMES = {"Ort", "Ersatzhaltestelle", "Westkurve", "CJD"}
_ORTSTEIL = re.compile(r"in Ortsteil ([^);]+)")
_STREET_END = re.compile(r"(straße|str\.|weg|gasse|platz|graben|ring|allee)$|^(am|an der|zur|zum|straße des) ", re.I)


def ortsteil(source: str) -> str:
    match = _ORTSTEIL.search(source)
    return match.group(1).strip() if match else ""


def name_parts(name: str) -> List[str]:
    """'Südbahnhof (Sachsenplatz)' -> ['Südbahnhof', 'Sachsenplatz']; 'Sorge/Markt' -> ['Sorge', 'Markt']."""
    parts = re.split(r"\s*[/()]\s*", name)
    return [part.strip() for part in parts if part.strip() and part.strip() not in NOT_NAMES]


def street_of_stop(stop: str, villages: set) -> Dict[str, str]:
    """The street a stop is named after: 'Langenberg Eisenberger Str.' -> Eisenberger Straße in Langenberg."""
    name = re.sub(r"\s+(Ersatzhaltestelle|Westkurve)$", "", stop)
    alt = []
    if "/" in name:
        name, *rest = name.split("/")
        alt = [part for part in rest if part not in NOT_NAMES]
    village = ""
    first, _, remainder = name.partition(" ")
    if first in villages and remainder and _STREET_END.search(remainder):
        village, name = first, remainder
    name = re.sub(r"Str\.$", "Straße", name.strip())
    return {"name": name, "alt": alt, "village": village}


def _rounded(value: float) -> bool:
    """GeoNames points rounded to whole minutes are up to about 1 km off."""
    return abs(value * 60 - round(value * 60)) < 1e-3


def rows(path: Path = SOURCE_FILE) -> Iterator[Dict[str, str]]:
    """Gazetteer rows (gazetteer.COLUMNS) for every usable row of the sourced file."""
    with open(path, newline="", encoding="utf-8") as handle:
        source_rows = list(csv.DictReader(handle))
    villages = {row["name"] for row in source_rows if row["kind"] == "district"} | set(TODAY.values())
    for row in source_rows:
        if row["name"] in CITY_POINTS:
            continue
        yield _convert(row, villages)


def _convert(row: Dict[str, str], villages: set) -> Dict[str, str]:
    kind, name = row["kind"], row["name"]
    out = {"lat": row["lat"], "lon": row["lon"], "source": row["source"], "licence": row["licence"],
           "district": ortsteil(row["source"]), "ref": _ref(row["source"])}
    if kind == "district":
        today = TODAY.get(name, name)
        note = "GeoNames-Punkt des Ortes"
        if _rounded(float(row["lat"])) and _rounded(float(row["lon"])):
            note += "; auf volle Bogenminuten gerundet, bis etwa 1 km ungenau"
        return {**out, "kind": "district", "name": today, "alt_names": name if today != name else "",
                "category": "place", "type": "suburb", "importance": "0.6", "note": note}
    if kind == "street":
        street = street_of_stop(name, villages)
        # A stop named after the street alone stands for it better than one with an addition ("… Westkurve").
        importance = "0.5" if street["name"] == name else "0.49"
        return {**out, "kind": "street", "name": street["name"], "street": street["name"],
                "alt_names": ";".join(street["alt"]), "category": "highway", "type": "road", "importance": importance,
                "district": out["district"],
                "note": f"Punkt der Haltestelle „{name}“ an oder neben der Straße, nicht die Mitte der Straße"}
    if name in STATIONS:
        importance, alt = STATIONS[name]
        return {**out, "kind": "station", "name": name, "alt_names": ";".join(alt), "category": "railway",
                "type": "station", "importance": str(importance), "note": "Bahnhof (Punkt der DB-Station)"}
    parts = [part for part in name_parts(name) if part != name and part not in villages]
    if "GeoNames" in row["licence"]:  # the one GeoNames landmark: "Schloss Osterstein (Ruine/Standort)"
        return {**out, "kind": "landmark", "name": "Schloss Osterstein", "alt_names": "Osterstein",
                "category": "historic", "type": "castle", "importance": "0.5", "note": "GeoNames-Punkt"}
    return {**out, "kind": "landmark", "name": name, "alt_names": ";".join(parts), "category": "highway",
            "type": "bus_stop", "importance": "0.45",
            "note": f"Punkt der Haltestelle „{name}“, die nach dem Ort benannt ist"}


def _ref(source: str) -> str:
    match = re.search(r"id=(\d+)", source)
    return f"db-hafas:{match.group(1)}" if match else ""
