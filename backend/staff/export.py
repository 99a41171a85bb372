"""Export of the filtered queue as CSV (for German Excel) and GeoJSON (for a GIS).

Only what the queue shows: never the reporter's contact data (account_id,
device_id, email, phone, names live in `reporters`, which is not read here).
CSV: UTF-8 with BOM and ";" so that Excel opens it with umlauts and columns
right, decimal commas, Berlin local times; a text cell that a spreadsheet
would run as a formula gets a leading apostrophe (CSV injection).
"""

import csv
import io
import json
from datetime import datetime
from typing import Iterable, List, Optional

from backend import dates
from backend.staff.templating import category, state_label

COLUMNS = ["Nummer", "Kategorie", "Stand", "Eingegangen", "Geändert", "Adresse", "Breite", "Länge", "Gebiet",
           "Unterstützer", "Foto", "Beschreibung"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: Optional[str]) -> str:
    """Text a spreadsheet shows as text, never evaluates."""
    text = text or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _local(stored: Optional[str]) -> str:
    """Stored UTC text -> "26.11.2026 09:30" (Berlin), which German Excel reads as a date and time."""
    return datetime.fromisoformat(stored).astimezone(dates.BERLIN).strftime("%d.%m.%Y %H:%M") if stored else ""


def _decimal(value: Optional[float]) -> str:
    return f"{value:.6f}".replace(".", ",") if value is not None else ""


def _properties(row: dict) -> dict:
    """The report's exported fields, German names, plain values (shared by CSV and GeoJSON)."""
    return {
        "Nummer": row["service_request_id"],
        "Kategorie": category(row["service_code"]),
        "Stand": state_label(row["state"]),
        "Eingegangen": dates.to_public(row["requested_datetime"]),
        "Geändert": dates.to_public(row["updated_datetime"]),
        "Adresse": row["address"] or "",
        "Gebiet": row["gebiet"],
        "Unterstützer": row["supporters"],
        "Foto": bool(row["media_url"]),
        "Beschreibung": row["description"] or "",
    }


def _csv_row(row: dict) -> list:
    values = _properties(row)
    texts = {name: safe_cell(str(values[name])) for name in ("Kategorie", "Stand", "Adresse", "Gebiet",
                                                             "Beschreibung")}
    return [row["service_request_id"], texts["Kategorie"], texts["Stand"], _local(row["requested_datetime"]),
            _local(row["updated_datetime"]), texts["Adresse"], _decimal(row["lat"]), _decimal(row["long"]),
            texts["Gebiet"], row["supporters"], "ja" if row["media_url"] else "nein", texts["Beschreibung"]]


def to_csv(rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_csv_row(row) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_geojson(rows: List[dict]) -> bytes:
    """Points in GeoJSON order [long, lat]; reports without coordinates are counted, not placed."""
    placed = [row for row in rows if row["lat"] is not None and row["long"] is not None]
    document = {
        "type": "FeatureCollection",
        "ohne_koordinaten": len(rows) - len(placed),  # reports that match the filters but have no place
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["long"], row["lat"]]},
                      "properties": _properties(row)} for row in placed],
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def file_name(extension: str) -> str:
    return f"meldungen-{dates.now().astimezone(dates.BERLIN):%Y-%m-%d}.{extension}"
