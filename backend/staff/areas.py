"""Areas (Ortsteile) of the queue filter `gebiet`: read from a GeoJSON file, point-in-polygon in pure Python.

The file (STAFF_AREAS_FILE, default `areas.geojson` next to this module) is a
FeatureCollection of Polygon or MultiPolygon features, each with the property
`name`; positions are [long, lat] as GeoJSON says. The shipped file holds only
rough rectangles around a few districts: a city replaces it with its official
Ortsteil boundaries, no code change needed. Holes (inner rings) are honoured.

SQLite knows no geometry, so the queue narrows by each area's bounding box in
SQL and decides exactly here (`Area.contains`).
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from common.env import ConfigError

Ring = Tuple[Tuple[float, float], ...]  # (long, lat) positions, closed
Polygon = Tuple[Ring, ...]  # outer ring first, then holes


@dataclass(frozen=True)
class Area:
    name: str
    polygons: Tuple[Polygon, ...]
    bbox: Tuple[float, float, float, float]  # south, west, north, east

    def contains(self, lat: Optional[float], long: Optional[float]) -> bool:
        if lat is None or long is None:
            return False
        south, west, north, east = self.bbox
        if not (south <= lat <= north and west <= long <= east):
            return False
        return any(_in_polygon(polygon, long, lat) for polygon in self.polygons)


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: a ray from the point to the east crosses the ring's edges an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_polygon(polygon: Polygon, x: float, y: float) -> bool:
    outer, holes = polygon[0], polygon[1:]
    return _in_ring(outer, x, y) and not any(_in_ring(hole, x, y) for hole in holes)


def area_at(areas: Sequence[Area], lat: Optional[float], long: Optional[float]) -> str:
    """The name of the first area holding the point; "" outside every area or without coordinates."""
    return next((area.name for area in areas if area.contains(lat, long)), "")


# --- loading and checking ----------------------------------------------------------------------

def _ring(raw, where: str) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise ConfigError(f"{where}: a ring needs at least 4 positions")
    ring = []
    for position in raw:
        if (not isinstance(position, list) or len(position) < 2
                or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in position[:2])):
            raise ConfigError(f"{where}: a position must be [long, lat], got {position!r}")
        long, lat = float(position[0]), float(position[1])
        if not (-180 <= long <= 180 and -90 <= lat <= 90):
            raise ConfigError(f"{where}: position {position!r} is out of range ([long, lat] order?)")
        ring.append((long, lat))
    if ring[0] != ring[-1]:
        raise ConfigError(f"{where}: a ring must end where it starts")
    return tuple(ring)


def _polygon(raw, where: str) -> Polygon:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: a polygon needs at least its outer ring")
    return tuple(_ring(ring, where) for ring in raw)


def _area(feature, index: int) -> Area:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    where = f"feature {index} ({name!r})"
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: needs a non-empty string property 'name'")
    geometry = feature.get("geometry") or {}
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = (_polygon(coordinates, where),)
    elif kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        polygons = tuple(_polygon(polygon, where) for polygon in coordinates)
    else:
        raise ConfigError(f"{where}: geometry must be a Polygon or MultiPolygon, got {kind!r}")
    outer = [position for polygon in polygons for position in polygon[0]]
    longs, lats = [p[0] for p in outer], [p[1] for p in outer]
    return Area(name.strip(), polygons, (min(lats), min(longs), max(lats), max(longs)))


def parse(document, source: str = "areas") -> List[Area]:
    """The areas of a GeoJSON FeatureCollection; ConfigError naming the faulty feature."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise ConfigError(f"{source}: must be a GeoJSON FeatureCollection with a list 'features'")
    areas = [_area(feature, index) for index, feature in enumerate(document["features"])]
    names = [area.name for area in areas]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise ConfigError(f"{source}: area names must be unique, repeated: {', '.join(doubled)}")
    return areas


@lru_cache(maxsize=4)
def load(path: Path) -> Tuple[Area, ...]:
    """The areas of the file (read once per path)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"STAFF_AREAS_FILE {path}: cannot read GeoJSON ({error})") from None
    return tuple(parse(document, f"STAFF_AREAS_FILE {path}"))
