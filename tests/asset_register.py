"""A generated register of streetlights around real Gera places (the gazetteer's street points), for the tests
and the lamp simulation: lamps every 25 m along a short line through each street's point, numbered 0001…."""

import csv
import io
import json
import math
import random
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "backend" / "geocoder" / "gazetteer.csv"
METRES_PER_DEGREE = 111_320.0


def lamps(count: int = 300, seed: int = 0) -> List[dict]:
    """`count` lamps: {id, lat, lon, street, operator, type}, a few per street of the gazetteer."""
    with open(GAZETTEER, encoding="utf-8") as file:
        streets = [row for row in csv.DictReader(file) if row["kind"] == "street"]
    out = []
    while len(out) < count:
        for street in streets:
            if len(out) >= count:
                break
            lat, lon = float(street["lat"]), float(street["lon"])
            bearing = random.Random(f"{seed}-{street['name']}").uniform(0, math.pi)  # one direction per street
            step = len([lamp for lamp in out if lamp["street"] == street["name"]])
            metres = 25.0 * ((step + 1) // 2) * (1 if step % 2 else -1)  # 0, +25, -25, +50 …: 25 m apart
            out.append({"id": f"{len(out) + 1:04d}",
                        "lat": round(lat + metres * math.cos(bearing) / METRES_PER_DEGREE, 6),
                        "lon": round(lon + metres * math.sin(bearing) / (METRES_PER_DEGREE * math.cos(math.radians(lat))), 6),
                        "street": street["name"], "operator": "Stadtwerke Gera (Beispiel)", "type": "LED"})
    return out


def as_csv(rows: List[dict], separator: str = ";") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "lat", "lon", "street", "operator", "type"], delimiter=separator)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def as_geojson(rows: List[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
         "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")}} for row in rows]})
