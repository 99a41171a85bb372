"""The city's asset register: streetlights (mast number, position, street, operator, type), and litter bins or
traffic lights the same way. A citizen reporting a dark lamp can name the lamp, not only the street.

    python -m backend.assets import FILE [--kind streetlight]   # CSV or GeoJSON the city exports
    python -m backend.assets count                               # assets per kind

CSV: a header with `id` (the number on the mast), `lat` and `lon` (or `long`), optional `street`,
`operator`, `type` and `kind`; `;` or `,` as separator (Excel writes `;`). GeoJSON: a FeatureCollection of
Points whose properties hold `id` (or `nummer`, `mast`), `street`, `operator`, `type`. Every problem is
named with its line (CSV) or feature number (GeoJSON) and nothing is imported then; a re-import updates
the assets it names (same kind and number) and never makes duplicates.

The actions ask the keyed API:

    GET /assets/nearby.json?kind=streetlight&lat=…&long=…&radius=30  → the nearest first, with distance in m
    GET /assets/find.json?kind=streetlight&id=0815                    → the asset, or the closest numbers
"""

import argparse
import csv
import io
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend import config, dates
from backend.auth import check_api_key
from backend.errors import bad_request, not_found
from backend.storage import Storage, distance_m
from common.area import BBox

router = APIRouter()

KINDS = ("streetlight", "litter_bin", "traffic_light")
MAX_RADIUS = 200.0
MAX_NEARBY = 5
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$")
METRES_PER_DEGREE = 111_320.0


class ImportProblem(ValueError):
    """German messages, one per line or feature that cannot be imported."""

    def __init__(self, problems: List[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Asset:
    kind: str
    asset_id: str
    lat: float
    long: float
    street: str = ""
    operator: str = ""
    type: str = ""


def normalised(number: str) -> str:
    """The number as compared: "Nr. 08 15" and "0815" are one mast; letters ignore case."""
    return re.sub(r"[^0-9a-z]", "", re.sub(r"^(nr|nummer|mast|lampe|leuchte)\.?\s*", "", number.strip().lower()))


# ---- reading a file ---------------------------------------------------------------------------------------

def _asset(where: str, values: dict, default_kind: str, bbox: BBox, problems: List[str]) -> Optional[Asset]:
    number = str(values.get("id") or values.get("nummer") or values.get("mast") or "").strip()
    kind = str(values.get("kind") or default_kind).strip()
    if kind not in KINDS:
        problems.append(f"{where}: unbekannte Art „{kind}“ (erlaubt: {', '.join(KINDS)}).")
        return None
    if not _NUMBER.match(number):
        problems.append(f"{where}: die Nummer fehlt oder ist ungültig („{number[:40]}“).")
        return None
    try:
        lat = float(str(values.get("lat")).replace(",", "."))
        long = float(str(values.get("lon") if values.get("lon") not in (None, "") else values.get("long")).replace(",", "."))
    except (TypeError, ValueError):
        problems.append(f"{where}: Breite/Länge fehlen oder sind keine Zahlen.")
        return None
    if not (math.isfinite(lat) and math.isfinite(long)) or not bbox.contains(lat, long):
        problems.append(f"{where}: der Ort {lat}, {long} liegt nicht in Gera.")
        return None
    text = {name: str(values.get(name) or "").strip()[:200] for name in ("street", "operator", "type")}
    return Asset(kind, number, lat, long, **text)


def read_csv(text: str, default_kind: str, bbox: BBox) -> List[Asset]:
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=";,")
    rows = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {name.strip().lower() for name in rows.fieldnames or []}
    if not {"id", "lat"} <= header or not header & {"lon", "long"}:
        raise ImportProblem(["Zeile 1: die Kopfzeile braucht die Spalten id, lat und lon (oder long)."])
    problems, assets = [], []
    for line, row in enumerate(rows, start=2):
        values = {(k or "").strip().lower(): v for k, v in row.items()}
        asset = _asset(f"Zeile {line}", values, default_kind, bbox, problems)
        assets.append(asset)
    return _checked(assets, problems)


def read_geojson(text: str, default_kind: str, bbox: BBox) -> List[Asset]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImportProblem([f"Kein gültiges GeoJSON: {error}"]) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ImportProblem(["Das GeoJSON braucht eine FeatureCollection mit „features“."])
    problems, assets = [], []
    for number, feature in enumerate(features, start=1):
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") != "Point" or not isinstance(geometry.get("coordinates"), list) \
                or len(geometry["coordinates"]) < 2:
            problems.append(f"Objekt {number}: nur Punkte (Point) können importiert werden.")
            continue
        long, lat = geometry["coordinates"][:2]
        values = {**{k.lower(): v for k, v in ((feature.get("properties") or {}).items())}, "lat": lat, "lon": long}
        assets.append(_asset(f"Objekt {number}", values, default_kind, bbox, problems))
    return _checked(assets, problems)


def _checked(assets: List[Optional[Asset]], problems: List[str]) -> List[Asset]:
    seen = {}
    for asset in filter(None, assets):
        key = (asset.kind, normalised(asset.asset_id))
        if key in seen:
            problems.append(f"Die Nummer {asset.asset_id} ({asset.kind}) steht zweimal in der Datei.")
        seen[key] = asset
    if problems:
        raise ImportProblem(problems)
    return [a for a in assets if a]


def read_file(path: Path, default_kind: str, bbox: BBox) -> List[Asset]:
    text = path.read_text(encoding="utf-8-sig")
    reader = read_geojson if path.suffix.lower() in (".geojson", ".json") else read_csv
    return reader(text, default_kind, bbox)


# ---- the register -----------------------------------------------------------------------------------------

def store(storage: Storage, assets: Sequence[Asset]) -> dict:
    """Insert new assets and update known ones (same kind and number); {"added", "updated"}."""
    added = updated = 0
    stamp = dates.to_db(dates.now())
    with storage.transaction() as db:
        for asset in assets:
            row = {"kind": asset.kind, "asset_id": asset.asset_id, "lat": asset.lat, "long": asset.long,
                   "street": asset.street, "operator": asset.operator, "type": asset.type, "imported_datetime": stamp}
            known = db.execute("SELECT id FROM assets WHERE kind = ? AND asset_id = ?",
                               [asset.kind, asset.asset_id]).fetchone()
            if known:
                db["assets"].update(known[0], row)
                updated += 1
            else:
                db["assets"].insert(row)
                added += 1
    return {"added": added, "updated": updated}


def nearby(storage: Storage, kind: str, lat: float, long: float, radius: float = 30.0,
           limit: int = MAX_NEARBY) -> List[dict]:
    """The assets of a kind within `radius` metres, nearest first, each with `distance` in metres."""
    dlat = radius / METRES_PER_DEGREE
    dlong = radius / (METRES_PER_DEGREE * max(0.1, math.cos(math.radians(lat))))
    rows = storage.db.query(
        "SELECT kind, asset_id, lat, long, street, operator, type FROM assets WHERE kind = ? "
        "AND lat BETWEEN ? AND ? AND long BETWEEN ? AND ?", [kind, lat - dlat, lat + dlat, long - dlong, long + dlong])
    found = [{**row, "distance": round(distance_m(lat, long, row["lat"], row["long"]), 1)} for row in rows]
    return sorted((r for r in found if r["distance"] <= radius), key=lambda r: r["distance"])[:limit]


def find(storage: Storage, kind: str, number: str) -> dict:
    """{"asset": the asset of that number or None, "similar": up to 3 numbers one typo away}."""
    wanted = normalised(number)
    rows = list(storage.db.query("SELECT kind, asset_id, lat, long, street, operator, type FROM assets "
                                 "WHERE kind = ?", [kind]))
    exact = next((r for r in rows if normalised(r["asset_id"]) == wanted), None)
    if exact or not wanted:
        return {"asset": exact, "similar": []}
    similar = [r for r in rows if _one_typo(normalised(r["asset_id"]), wanted)][:3]
    return {"asset": None, "similar": similar}


def _one_typo(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped ("0851" for "0815")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# ---- HTTP -------------------------------------------------------------------------------------------------

def _kind(request: Request) -> str:
    kind = request.query_params.get("kind") or "streetlight"
    if kind not in KINDS:
        raise bad_request(f"Unbekannte Art „{kind[:40]}“ (erlaubt: {', '.join(KINDS)}).")
    return kind


def query_number(request: Request, name: str) -> float:
    """A finite number from the query string; a German 400 otherwise."""
    try:
        value = float(request.query_params.get(name, ""))
    except ValueError:
        raise bad_request(f"„{name}“ muss eine Zahl sein.") from None
    if not math.isfinite(value):
        raise bad_request(f"„{name}“ muss eine Zahl sein.")
    return value


@router.get("/assets/nearby.json")
async def nearby_assets(request: Request):
    """The nearest assets of a kind around a point (key in X-Api-Key)."""
    check_api_key(request)
    kind, lat, long = _kind(request), query_number(request, "lat"), query_number(request, "long")
    radius = query_number(request, "radius") if request.query_params.get("radius") else 30.0
    if not 0 < radius <= MAX_RADIUS:
        raise bad_request(f"„radius“ muss zwischen 0 und {MAX_RADIUS:g} m liegen.")
    return {"assets": await run_in_threadpool(nearby, request.app.state.storage, kind, lat, long, radius)}


@router.get("/assets/find.json")
async def find_asset(request: Request):
    """An asset by its number (typos tolerated: the closest numbers when there is no exact one)."""
    check_api_key(request)
    kind, number = _kind(request), (request.query_params.get("id") or "").strip()
    if not number or len(number) > 40:
        raise bad_request("„id“ fehlt oder ist zu lang (höchstens 40 Zeichen).")
    found = await run_in_threadpool(find, request.app.state.storage, kind, number)
    if found["asset"] is None and not found["similar"]:
        raise not_found(f"Eine Nummer „{number}“ gibt es im Verzeichnis nicht.")
    return found


# ---- command line -----------------------------------------------------------------------------------------

def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.assets", description="Das Anlagenverzeichnis der Stadt")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="CSV oder GeoJSON einlesen (neue anlegen, bekannte aktualisieren)")
    load.add_argument("file", type=Path)
    load.add_argument("--kind", default="streetlight", choices=KINDS)
    commands.add_parser("count", help="Anlagen je Art")
    args = parser.parse_args(list(argv) if argv is not None else None)
    settings = config.load()
    storage = Storage(settings.db_path)
    if args.command == "count":
        for kind, count in storage.db.execute("SELECT kind, COUNT(*) FROM assets GROUP BY kind"):
            print(f"{kind:<16} {count}")
        return 0
    try:
        assets = read_file(args.file, args.kind, settings.bbox)
    except (OSError, UnicodeDecodeError) as error:
        print(f"Die Datei kann nicht gelesen werden: {error}", file=sys.stderr)
        return 2
    except ImportProblem as problem:
        print(f"Nichts importiert, {len(problem.problems)} Problem(e):", file=sys.stderr)
        for line in problem.problems[:50]:
            print(f"  {line}", file=sys.stderr)
        return 1
    result = store(storage, assets)
    print(f"{result['added']} neu, {result['updated']} aktualisiert ({len(assets)} in der Datei).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
