"""Build the gazetteer: `python -m backend.geocoder.build [EXTRACT.osm.pbf] [--out FILE]` (`make gazetteer OSM=...`).

Without an extract it writes the sourced partial data (sourced.py) as the
gazetteer: that is the file shipped. With an OpenStreetMap extract (Geofabrik's
Thuringia, about 250 MB, or any .osm/.osm.pbf around Gera) it reads, with
pyosmium, inside Gera's boundary (the administrative relation "Gera",
admin_level 6, when the extract has it; else inside GERA's box):
- streets: named highway=* ways, merged per name and neighbourhood; the point
  is a vertex near the middle, `shape` keeps vertices about every 40 m so that
  reverse and crossings find the street anywhere along it;
- house numbers: addr:street + addr:housenumber on nodes, and on buildings
  and other areas at their centroid;
- districts: place=suburb|quarter|neighbourhood|village|hamlet;
- landmarks: named amenities, parks, tourism, historic places, squares,
  named bridges, stations and halts (railway=station|halt: kind station).
Every row says "OpenStreetMap-Mitwirkende, Stand <date of the extract>",
licence "ODbL 1.0". The sourced rows stay where OSM has nothing of that name
(nearby); where both have a place, OSM's wins. Runs once, in minutes, on a
machine with internet access; the tests build from a small extract they write.
"""

import argparse
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from common.area import DEFAULT_GERA_BBOX, BBox, parse_bbox
from backend.geocoder import sourced
from backend.geocoder.gazetteer import GAZETTEER_FILE, distance_m, format_shape, write_rows
from backend.geocoder.normalise import key

OSM_LICENCE = "ODbL 1.0"
PLACES = {"suburb", "quarter", "neighbourhood", "village", "hamlet"}
# highway values that are no street a citizen names (platforms, rest areas, proposed roads)
NOT_STREETS = {"proposed", "construction", "abandoned", "platform", "bus_stop", "rest_area", "services", "elevator"}
LANDMARK_KEYS = {
    "amenity": {"school", "kindergarten", "college", "university", "hospital", "clinic", "townhall", "library",
                "theatre", "cinema", "place_of_worship", "community_centre", "arts_centre", "marketplace",
                "bus_station", "swimming_pool", "fire_station", "police", "post_office", "courthouse",
                "social_facility", "grave_yard", "fountain", "parking"},
    "leisure": {"park", "playground", "sports_centre", "stadium", "garden", "nature_reserve", "water_park"},
    "tourism": {"attraction", "museum", "viewpoint", "zoo", "gallery", "artwork"},
    "historic": None,  # any named historic place
    "landuse": {"cemetery"},
    "man_made": {"bridge", "tower"},
    "place": {"square"},
    "highway": {"pedestrian"},  # only as an area (squares)
}
STATIONS = {"station", "halt"}
IMPORTANCE = {"street": "0.5", "house": "0.4", "district": "0.6", "landmark": "0.45", "station": "0.6"}
CLUSTER_M = 300.0  # ways of one name further apart than this are different streets (villages share names)
SHAPE_STEP_M = 40.0
MERGE_M = 1000.0  # a sourced landmark within this distance of an OSM one of the same name is replaced by it


@dataclass
class Street:
    name: str
    ways: List[int] = field(default_factory=list)
    lines: List[List[Tuple[float, float]]] = field(default_factory=list)

    def vertices(self) -> List[Tuple[float, float]]:
        return [point for line in self.lines for point in line]


@dataclass
class Extract:
    """What the builder keeps of an extract (plain Python values: osmium's objects die with the loop)."""

    streets: Dict[str, List[Street]] = field(default_factory=lambda: defaultdict(list))
    rows: List[Dict[str, str]] = field(default_factory=list)  # houses, districts, landmarks, stations
    boundary: List[List[Tuple[float, float]]] = field(default_factory=list)  # rings: outer and inner
    newest: Optional[datetime] = None
    header_date: str = ""


# ---- reading the extract --------------------------------------------------------------------------------

def read_extract(path: Path, bbox: BBox) -> Extract:
    import osmium  # only the build needs it (requirements-gazetteer.txt)

    extract = Extract()
    processor = osmium.FileProcessor(str(path)).with_locations().with_areas()
    extract.header_date = _header_date(processor.header)
    for obj in processor:
        _note_time(extract, obj)
        if isinstance(obj, osmium.osm.Area):
            _area(extract, obj, bbox)
        elif isinstance(obj, osmium.osm.Way):
            _way(extract, obj, bbox)
        elif isinstance(obj, osmium.osm.Node):
            _node(extract, obj, bbox)
    return extract


def _header_date(header) -> str:
    for name in ("osmosis_replication_timestamp", "timestamp"):
        value = header.get(name)
        if value:
            return value[:10]
    return ""


def _note_time(extract: Extract, obj) -> None:
    try:
        stamp = obj.timestamp
    except AttributeError:
        return
    if stamp and stamp.year > 2000 and (extract.newest is None or stamp > extract.newest):
        extract.newest = stamp


def _node(extract: Extract, node, bbox: BBox) -> None:
    if not node.tags or not node.location.valid():
        return
    lat, lon = node.location.lat, node.location.lon
    if bbox.contains(lat, lon):
        extract.rows.extend(_rows_for(dict(node.tags), lat, lon, f"node/{node.id}"))


def _way(extract: Extract, way, bbox: BBox) -> None:
    tags = way.tags
    name, highway = tags.get("name"), tags.get("highway")
    if not name or not highway or highway in NOT_STREETS or tags.get("area") == "yes":
        return
    line = [(n.lat, n.lon) for n in way.nodes if n.location.valid()]
    if line and any(bbox.contains(lat, lon) for lat, lon in line):
        _add_street(extract, name, way.id, line)
    bridge = tags.get("bridge:name")
    if bridge and line:
        lat, lon = line[len(line) // 2]
        extract.rows.append(_landmark_row(bridge, lat, lon, f"way/{way.id}", "man_made", "bridge"))


def _area(extract: Extract, area, bbox: BBox) -> None:
    # Most areas of a state's extract are buildings without an address: skip them before touching geometry.
    if "name" not in area.tags and "addr:housenumber" not in area.tags:
        return
    tags = dict(area.tags)
    rings = [[(n.lat, n.lon) for n in ring] for ring in area.outer_rings()]
    if not rings or not rings[0]:
        return
    ref = f"{'way' if area.from_way() else 'relation'}/{area.orig_id()}"
    if _is_gera_boundary(tags):
        extract.boundary = rings + [[(n.lat, n.lon) for n in inner] for outer in area.outer_rings()
                                    for inner in area.inner_rings(outer)]
        return
    lat, lon = _centroid(rings[0])
    if bbox.contains(lat, lon):
        extract.rows.extend(_rows_for(tags, lat, lon, ref, area=True))


def _is_gera_boundary(tags: Dict[str, str]) -> bool:
    return (tags.get("boundary") == "administrative" and tags.get("admin_level") == "6"
            and tags.get("name") == "Gera")


def _centroid(ring: Sequence[Tuple[float, float]]) -> Tuple[float, float]:
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _rows_for(tags: Dict[str, str], lat: float, lon: float, ref: str, area: bool = False) -> List[Dict[str, str]]:
    """The gazetteer rows one tagged node or area gives: a house, a district, a landmark or station."""
    rows = []
    street, number = tags.get("addr:street"), tags.get("addr:housenumber")
    if street and number and tags.get("addr:city", "Gera") == "Gera":
        for one in number.replace(",", ";").split(";"):
            if one.strip():
                rows.append(_house_row(street, one.strip(), tags.get("addr:suburb", ""), lat, lon, ref))
    name = tags.get("name")
    if not name:
        return rows
    if tags.get("place") in PLACES and not area:
        rows.append(_district_row(name, tags["place"], lat, lon, ref))
    elif tags.get("railway") in STATIONS or tags.get("public_transport") == "station" and tags.get("train") == "yes":
        rows.append(_landmark_row(name, lat, lon, ref, "railway", tags.get("railway", "station"), kind="station"))
    else:
        found = _landmark_tag(tags, area)
        if found:
            rows.append(_landmark_row(name, lat, lon, ref, *found))
    return rows


def _landmark_tag(tags: Dict[str, str], area: bool) -> Optional[Tuple[str, str]]:
    for tag, values in LANDMARK_KEYS.items():
        value = tags.get(tag)
        if not value or (values is not None and value not in values):
            continue
        if tag == "highway" and not area:
            continue  # a pedestrian street is a street; a pedestrian area is a square
        return tag, value
    return None


def _house_row(street, number, suburb, lat, lon, ref) -> Dict[str, str]:
    return {"kind": "house", "name": f"{street} {number}", "street": street, "housenumber": number,
            "district": suburb, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "category": "place", "type": "house",
            "importance": IMPORTANCE["house"], "ref": ref}


def _district_row(name, place, lat, lon, ref) -> Dict[str, str]:
    return {"kind": "district", "name": name, "district": name, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}",
            "category": "place", "type": place, "importance": IMPORTANCE["district"], "ref": ref}


def _landmark_row(name, lat, lon, ref, category, kind_type, kind="landmark") -> Dict[str, str]:
    return {"kind": kind, "name": name, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "category": category,
            "type": kind_type, "importance": IMPORTANCE[kind], "ref": ref}


def _add_street(extract: Extract, name: str, way_id: int, line: List[Tuple[float, float]]) -> None:
    """Join the way to a street of the same name nearby, or start a new one (another village's 'Am Anger')."""
    for street in extract.streets[name]:
        if any(_close(point, other) for point in line[:: max(1, len(line) // 4)] + [line[-1]]
               for other in street.vertices()[:: 3]):
            street.ways.append(way_id)
            street.lines.append(line)
            return
    extract.streets[name].append(Street(name=name, ways=[way_id], lines=[line]))


def _close(a: Tuple[float, float], b: Tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.005 and abs(a[1] - b[1]) < 0.008 and distance_m(*a, *b) <= CLUSTER_M


# ---- from the extract to rows ---------------------------------------------------------------------------

def street_rows(extract: Extract) -> List[Dict[str, str]]:
    rows = []
    for name, streets in extract.streets.items():
        for street in streets:
            lat, lon = middle_vertex(street.vertices())
            rows.append({"kind": "street", "name": name, "street": name, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}",
                         "shape": format_shape(sample_lines(street.lines)), "category": "highway", "type": "road",
                         "importance": IMPORTANCE["street"], "ref": f"way/{street.ways[0]}"})
    return rows


def middle_vertex(vertices: Sequence[Tuple[float, float]]) -> Tuple[float, float]:
    """The vertex nearest to the mean of all vertices: on the street, near its middle."""
    lat = sum(v[0] for v in vertices) / len(vertices)
    lon = sum(v[1] for v in vertices) / len(vertices)
    return min(vertices, key=lambda v: distance_m(lat, lon, *v))


def sample_lines(lines: Iterable[List[Tuple[float, float]]], step: float = SHAPE_STEP_M) -> List[Tuple[float, float]]:
    """Points along the lines about every `step` metres (long segments get points between their ends)."""
    out = []
    for line in lines:
        last = None
        for point in line:
            if last is None:
                out.append(point)
                last = point
                continue
            gap = distance_m(*last, *point)
            if gap >= step:
                pieces = int(gap // step)
                for i in range(1, pieces + 1):
                    t = i / pieces
                    out.append((last[0] + (point[0] - last[0]) * t, last[1] + (point[1] - last[1]) * t))
                last = point
        if last is not None and out[-1] != line[-1]:
            out.append(line[-1])
    return [(round(lat, 6), round(lon, 6)) for lat, lon in dict.fromkeys(out)]


def inside(rings: List[List[Tuple[float, float]]], lats, lons):
    """Even-odd rule over all rings (outer and inner), for many points at once: inside Gera's boundary."""
    import numpy as np

    lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
    odd = np.zeros(lats.shape, dtype=bool)
    for ring in rings:
        for (lat1, lon1), (lat2, lon2) in zip(ring, ring[1:] + ring[:1]):
            if lat1 == lat2:
                continue
            spans = (lat1 > lats) != (lat2 > lats)
            odd ^= spans & (lons < lon1 + (lats - lat1) * (lon2 - lon1) / (lat2 - lat1))
    return odd


def within_boundary(rows: List[Dict[str, str]], rings) -> List[Dict[str, str]]:
    if not rings or not rows:
        return rows
    keep = inside(rings, [float(r["lat"]) for r in rows], [float(r["lon"]) for r in rows])
    return [row for row, kept in zip(rows, keep) if kept]


def with_districts(rows: List[Dict[str, str]], districts: List[Dict[str, str]]) -> None:
    """Fill a row's district with the nearest district point's name where OSM gave none (an approximation)."""
    points = [(float(d["lat"]), float(d["lon"]), d["name"]) for d in districts]
    for row in rows:
        if row.get("district") or not points or row["kind"] == "district":
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        row["district"] = min(points, key=lambda p: distance_m(lat, lon, p[0], p[1]))[2]


def merge(osm: List[Dict[str, str]], partial: List[Dict[str, str]]) -> List[Dict[str, str]]:
    """OSM's rows, plus each sourced row OSM has no place of that name for (near it, for landmarks)."""
    streets = {key(r["name"]) for r in osm if r["kind"] == "street"}
    districts = {key(r["name"]) for r in osm if r["kind"] == "district"}
    named = defaultdict(list)
    for row in osm:
        if row["kind"] in ("landmark", "station"):
            named[key(row["name"])].append((float(row["lat"]), float(row["lon"])))
    kept = []
    for row in partial:
        name_key = key(row["name"])
        if row["kind"] == "street" and name_key in streets or row["kind"] == "district" and name_key in districts:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        if any(distance_m(lat, lon, *point) <= MERGE_M for point in named.get(name_key, ())):
            continue
        kept.append(row)
    return osm + kept


def osm_rows(path: Path, bbox: BBox) -> List[Dict[str, str]]:
    """Every gazetteer row of the extract, inside Gera, with source and licence."""
    extract = read_extract(path, bbox)
    rows = within_boundary(street_rows(extract) + extract.rows, extract.boundary)
    stand = extract.header_date or (extract.newest.date().isoformat() if extract.newest else "")
    stand = stand or datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).date().isoformat()
    districts = [row for row in rows if row["kind"] == "district"] or [
        row for row in sourced.rows() if row["kind"] == "district"]
    with_districts(rows, districts)
    for row in rows:
        row.update(source=f"OpenStreetMap-Mitwirkende, Stand {stand}", licence=OSM_LICENCE)
    return rows


def build(extract: Optional[Path], out: Path, bbox: BBox) -> Dict[str, int]:
    """Write the gazetteer; answers the rows per kind."""
    partial = list(sourced.rows())
    rows = merge(osm_rows(extract, bbox), partial) if extract else partial
    rows.sort(key=lambda r: (("district", "station", "landmark", "street", "house").index(r["kind"]), r["name"]))
    write_rows(out, rows)
    counts = defaultdict(int)
    for row in rows:
        counts[row["kind"]] += 1
    return dict(counts)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Ortsverzeichnis (Gazetteer) von Gera bauen.")
    parser.add_argument("extract", nargs="?", type=Path,
                        help="OpenStreetMap-Auszug (.osm.pbf oder .osm), z. B. thueringen-latest.osm.pbf")
    parser.add_argument("--out", type=Path, default=GAZETTEER_FILE, help=f"Zieldatei (Standard: {GAZETTEER_FILE})")
    parser.add_argument("--bbox", default=DEFAULT_GERA_BBOX, help="Süd,West,Nord,Ost (Standard: GERA_BBOX)")
    args = parser.parse_args(argv)
    if args.extract and not args.extract.is_file():
        print(f"Datei nicht gefunden: {args.extract}", file=sys.stderr)
        return 2
    counts = build(args.extract, args.out, parse_bbox(args.bbox))
    summary = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
    print(f"{args.out}: {sum(counts.values())} Einträge ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
