"""The reports queue: filters and sorting of the staff list, read straight from the backend's tables.

Filters come from the query string and are checked here; a wrong value is a
QueueError with a German message (the page answers 400).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import List, Mapping, Optional, Tuple

from backend import dates, services
from backend.storage import STATES, Storage

PAGE_SIZE = 50
# German query value -> ORDER BY
SORTS = {
    "neueste": "r.requested_datetime DESC, r.id DESC",
    "aelteste": "r.requested_datetime ASC, r.id ASC",
    "aktualisiert": "r.updated_datetime DESC, r.id DESC",
    "unterstuetzer": "supporters DESC, r.requested_datetime DESC, r.id DESC",
}
SORT_LABELS = {"neueste": "neueste zuerst", "aelteste": "älteste zuerst", "aktualisiert": "zuletzt geändert",
               "unterstuetzer": "meiste Unterstützer"}
STATE_FILTERS = {"offen": ("received", "in_progress"), "abgeschlossen": ("solved", "rejected", "duplicate"),
                 **{code: (code,) for code in STATES}}
PHOTO_FILTERS = ("", "ja", "nein")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QueueError(ValueError):
    pass


@dataclass
class Filters:
    stand: str = ""
    kategorie: str = ""
    von: str = ""
    bis: str = ""
    foto: str = ""
    sortierung: str = "neueste"
    seite: int = 1


def _day(text: str, name: str) -> Optional[date]:
    if not text:
        return None
    if not _DATE.match(text):
        raise QueueError(f"„{name}“ muss ein Datum wie 2026-11-26 sein.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueueError(f"„{name}“ ist kein gültiges Datum.") from None


def read_filters(params: Mapping[str, str]) -> Filters:
    f = Filters(**{name: (params.get(name) or "").strip() for name in ("stand", "kategorie", "von", "bis", "foto")},
                sortierung=(params.get("sortierung") or "neueste").strip())
    if f.stand and f.stand not in STATE_FILTERS:
        raise QueueError(f"Unbekannter Bearbeitungsstand „{f.stand}“.")
    if f.kategorie and services.get(f.kategorie) is None:
        raise QueueError(f"Unbekannte Kategorie „{f.kategorie}“.")
    if f.foto not in PHOTO_FILTERS:
        raise QueueError("„foto“ muss „ja“ oder „nein“ sein.")
    if f.sortierung not in SORTS:
        raise QueueError(f"Unbekannte Sortierung „{f.sortierung}“.")
    start, end = _day(f.von, "von"), _day(f.bis, "bis")
    if start and end and start > end:
        raise QueueError("„von“ liegt nach „bis“.")
    page = params.get("seite") or "1"
    if not page.isdigit() or not 1 <= int(page) <= 100000:
        raise QueueError("„seite“ muss eine positive ganze Zahl sein.")
    f.seite = int(page)
    return f


def _berlin_midnight_utc(day: date) -> str:
    return dates.to_db(datetime.combine(day, time(0), tzinfo=dates.BERLIN))


def find(storage: Storage, f: Filters) -> Tuple[List[dict], int]:
    """One page of reports matching the filters, and how many match in all."""
    where, params = [], {}
    if f.stand:
        codes = STATE_FILTERS[f.stand]
        where.append(f"r.state IN ({', '.join(f':s{i}' for i in range(len(codes)))})")
        params.update({f"s{i}": code for i, code in enumerate(codes)})
    if f.kategorie:
        where.append("r.service_code = :kategorie")
        params["kategorie"] = f.kategorie
    if f.von:
        where.append("r.requested_datetime >= :von")
        params["von"] = _berlin_midnight_utc(date.fromisoformat(f.von))
    if f.bis:  # inclusive: everything before the next Berlin midnight
        where.append("r.requested_datetime < :bis")
        params["bis"] = _berlin_midnight_utc(date.fromisoformat(f.bis) + timedelta(days=1))
    if f.foto == "ja":
        where.append("COALESCE(r.media_url, '') != ''")
    elif f.foto == "nein":
        where.append("COALESCE(r.media_url, '') = ''")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = storage.db.execute(f"SELECT COUNT(*) FROM requests r{clause}", params).fetchone()[0]
    params.update({"limit": PAGE_SIZE, "offset": (f.seite - 1) * PAGE_SIZE})
    rows = list(storage.db.query(
        "SELECT r.*, (SELECT COUNT(*) FROM supporters s WHERE s.request_id = r.id) AS supporters "
        f"FROM requests r{clause} ORDER BY {SORTS[f.sortierung]} LIMIT :limit OFFSET :offset", params))
    return rows, total
