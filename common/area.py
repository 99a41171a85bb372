"""The area the assistant serves: a bounding box around Gera (GERA_BBOX).

No exact city boundary is at hand, so a generous box decides whether a
location is "in Gera"; backend and actions read it from the same setting.
It reaches from Großfalka in the south (50.803) to Großaga and Hermsdorf in
the north (50.966, 50.963; GeoNames, in backend/geocoder/gazetteer.csv), with a
margin of about 2 km.
"""

from dataclasses import dataclass

from common.env import ConfigError

DEFAULT_GERA_BBOX = "50.78,11.96,50.99,12.23"


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, long: float) -> bool:
        return self.south <= lat <= self.north and self.west <= long <= self.east


def parse_bbox(text: str) -> BBox:
    """'south,west,north,east' -> BBox."""
    try:
        south, west, north, east = (float(part) for part in text.split(","))
    except ValueError:
        raise ConfigError(f"GERA_BBOX must be 'south,west,north,east', got {text!r}") from None
    if not (south < north and west < east):
        raise ConfigError(f"GERA_BBOX must have south < north and west < east, got {text!r}")
    return BBox(south, west, north, east)
