"""The gazetteer of Gera: one CSV file of named points, each with its source and licence, loaded once per process.

Kinds: street (a representative point, and with OpenStreetMap data the street's
vertices in `shape`), house (an address with house number), district (Ortsteil,
village), landmark (square, park, school, bridge, stop named after one),
station. `gazetteer.csv` next to this file is what ships; `build.py` writes it
from the sourced partial data and, where a city has one, an OpenStreetMap
extract. The indexes here (names, house numbers, a grid for "what is near")
are built once when the file is loaded.
"""

import csv
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from backend.geocoder.normalise import key

GAZETTEER_FILE = Path(__file__).resolve().parent / "gazetteer.csv"
COLUMNS = ("kind", "name", "alt_names", "street", "housenumber", "district", "lat", "lon", "shape",
           "category", "type", "importance", "ref", "source", "licence", "note")
KINDS = ("street", "house", "district", "landmark", "station")
EARTH_RADIUS = 6_371_000.0
# Grid cells of about 550 m (north-south) by 350 m (east-west) at Gera's latitude.
CELL = 0.005


@dataclass(frozen=True)
class Entry:
    id: int  # the row's number in the file (1-based): Nominatim's place_id
    kind: str
    name: str
    lat: float
    lon: float
    street: str = ""
    housenumber: str = ""
    district: str = ""
    alt_names: Tuple[str, ...] = ()
    shape: Tuple[Tuple[float, float], ...] = ()  # a street's vertices (OpenStreetMap builds only)
    category: str = ""
    type: str = ""
    importance: float = 0.3
    ref: str = ""
    source: str = ""
    licence: str = ""
    note: str = ""

    def points(self) -> Sequence[Tuple[float, float]]:
        """Every point that stands for this entry: the vertices of a street, else the point itself."""
        return self.shape or ((self.lat, self.lon),)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


def parse_shape(text: str) -> Tuple[Tuple[float, float], ...]:
    """'50.1 12.1;50.2 12.2' -> ((50.1, 12.1), (50.2, 12.2))."""
    points = []
    for pair in filter(None, text.split(";")):
        lat, lon = pair.split()
        points.append((float(lat), float(lon)))
    return tuple(points)


def format_shape(points: Iterable[Tuple[float, float]]) -> str:
    return ";".join(f"{lat:.6f} {lon:.6f}" for lat, lon in points)


def entry_from_row(number: int, row: Dict[str, str]) -> Entry:
    return Entry(
        id=number, kind=row["kind"], name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]),
        street=row.get("street") or "", housenumber=row.get("housenumber") or "", district=row.get("district") or "",
        alt_names=tuple(filter(None, (row.get("alt_names") or "").split(";"))),
        shape=parse_shape(row.get("shape") or ""), category=row.get("category") or "", type=row.get("type") or "",
        importance=float(row.get("importance") or 0.3), ref=row.get("ref") or "",
        source=row.get("source") or "", licence=row.get("licence") or "", note=row.get("note") or "",
    )


def read_rows(path: Path) -> List[Dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: Iterable[Dict[str, str]]) -> int:
    """Write gazetteer rows in COLUMNS order; answers how many."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in COLUMNS})
            count += 1
    return count


class Grid:
    """Points in cells of CELL degrees, for "what is within r metres" without looking at every point."""

    def __init__(self):
        self.cells: Dict[Tuple[int, int], List[Tuple[float, float, Entry]]] = defaultdict(list)

    def add(self, lat: float, lon: float, entry: Entry) -> None:
        self.cells[(int(lat // CELL), int(lon // CELL))].append((lat, lon, entry))

    def near(self, lat: float, lon: float, radius_m: float) -> Iterator[Tuple[float, Entry]]:
        """(distance, entry) for every point within radius_m; an entry may come once per point."""
        reach_lat = int(radius_m / 111_000 / CELL) + 1
        reach_lon = int(radius_m / (111_000 * max(0.1, math.cos(math.radians(lat)))) / CELL) + 1
        row, col = int(lat // CELL), int(lon // CELL)
        for r in range(row - reach_lat, row + reach_lat + 1):
            for c in range(col - reach_lon, col + reach_lon + 1):
                for plat, plon, entry in self.cells.get((r, c), ()):
                    dist = distance_m(lat, lon, plat, plon)
                    if dist <= radius_m:
                        yield dist, entry


@dataclass
class Gazetteer:
    entries: List[Entry]
    by_key: Dict[str, List[Entry]] = field(default_factory=lambda: defaultdict(list))
    houses: Dict[Tuple[str, str], List[Entry]] = field(default_factory=lambda: defaultdict(list))
    grids: Dict[str, Grid] = field(default_factory=lambda: defaultdict(Grid))

    def __post_init__(self):
        for entry in self.entries:
            self._index(entry)
        self.keys = list(self.by_key)

    def _index(self, entry: Entry) -> None:
        if entry.kind == "house":
            self.houses[(key(entry.street), entry.housenumber.lower().replace(" ", ""))].append(entry)
        else:
            for name in (entry.name, *entry.alt_names):
                name_key = key(name)
                if name_key and entry not in self.by_key[name_key]:
                    self.by_key[name_key].append(entry)
        for lat, lon in entry.points():
            self.grids[entry.kind].add(lat, lon, entry)

    def counts(self) -> Dict[str, int]:
        """Entries per kind; streets counted once per name."""
        counts = {kind: 0 for kind in KINDS}
        streets = set()
        for entry in self.entries:
            if entry.kind == "street":
                streets.add(key(entry.name))
            else:
                counts[entry.kind] = counts.get(entry.kind, 0) + 1
        counts["street"] = len(streets)
        return counts


def load(path: Path = GAZETTEER_FILE) -> Gazetteer:
    return Gazetteer([entry_from_row(number, row) for number, row in enumerate(read_rows(path), start=1)])


@lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return load(GAZETTEER_FILE)
