"""The reports queue: filters and sorting of the staff list, read straight from the backend's tables.

Filters come from the query string and are checked here; a wrong value is a
QueueError with a German message (the page answers 400). The area filter
(`gebiet`) narrows by the area's bounding box in SQL and decides exactly in
Python (backend.staff.areas), so paging and the total count the exact matches.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import List, Mapping, Optional, Sequence, Tuple

from backend import categories, dates, reminders
from backend.staff.areas import Area, area_at
from backend.staff.paging import page_number
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
STATE_FILTERS = {"offen": tuple(code for code, (_label, status) in STATES.items() if status == "open"),
                 "abgeschlossen": tuple(code for code, (_label, status) in STATES.items() if status == "closed"),
                 **{code: (code,) for code in STATES}}
PHOTO_FILTERS = ("", "ja", "nein")
PLACE_FILTERS = ("", "mit", "ohne")  # "ohne": no point on the map, "Ort unsicher" until staff set one
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}$")  # ASCII only: str.isdigit() also accepts "²", which int() refuses


class QueueError(ValueError):
    pass


@dataclass
class Filters:
    stand: str = ""
    kategorie: str = ""
    von: str = ""
    bis: str = ""
    foto: str = ""
    gebiet: str = ""
    unterstuetzer: str = ""  # at least this many supporters; kept as text for the form and the links
    ort: str = ""  # "mit" / "ohne" point on the map
    ueberfaellig: str = ""  # "ja": only reports longer in their state than their category allows
    sortierung: str = "neueste"
    seite: int = 1

    def query(self) -> dict:
        """The filters as query parameters (empty ones left out), for links to other pages and the export."""
        return {name: value for name, value in vars(self).items() if value and name != "seite"}


def _day(text: str, name: str) -> Optional[date]:
    if not text:
        return None
    if not _DATE.match(text):
        raise QueueError(f"„{name}“ muss ein Datum wie 2026-11-26 sein.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueueError(f"„{name}“ ist kein gültiges Datum.") from None


def _min_supporters(text: str) -> None:
    if text and not _WHOLE_NUMBER.match(text):
        raise QueueError("„unterstuetzer“ muss eine ganze Zahl ab 0 sein, "
                         "z. B. 1 für „mindestens ein Unterstützer“.")


def read_filters(params: Mapping[str, str], areas: Sequence[Area] = ()) -> Filters:
    names = ("stand", "kategorie", "von", "bis", "foto", "gebiet", "unterstuetzer", "ort", "ueberfaellig")
    f = Filters(**{name: (params.get(name) or "").strip() for name in names},
                sortierung=(params.get("sortierung") or "neueste").strip())
    if f.stand and f.stand not in STATE_FILTERS:
        raise QueueError(f"Unbekannter Bearbeitungsstand „{f.stand}“.")
    if f.kategorie and categories.get(f.kategorie) is None:
        raise QueueError(f"Unbekannte Kategorie „{f.kategorie}“.")
    if f.foto not in PHOTO_FILTERS:
        raise QueueError("„foto“ muss „ja“ oder „nein“ sein.")
    if f.ueberfaellig not in ("", "ja"):
        raise QueueError("„ueberfaellig“ kann nur „ja“ sein.")
    if f.ort not in PLACE_FILTERS:
        raise QueueError("„ort“ muss „mit“ oder „ohne“ (Kartenpunkt) sein.")
    if f.gebiet and f.gebiet not in {area.name for area in areas}:
        raise QueueError(f"Unbekanntes Gebiet „{f.gebiet}“.")
    _min_supporters(f.unterstuetzer)
    if f.sortierung not in SORTS:
        raise QueueError(f"Unbekannte Sortierung „{f.sortierung}“.")
    start, end = _day(f.von, "von"), _day(f.bis, "bis")
    if start and end and start > end:
        raise QueueError("„von“ liegt nach „bis“.")
    try:
        f.seite = page_number(params)
    except ValueError as error:
        raise QueueError(str(error)) from None
    return f


def _berlin_midnight_utc(day: date) -> str:
    return dates.to_db(datetime.combine(day, time(0), tzinfo=dates.BERLIN))


_SELECT = "SELECT r.*, (SELECT COUNT(*) FROM supporters s WHERE s.request_id = r.id) AS supporters FROM requests r"


def _where(f: Filters, area: Optional[Area], overdue: Sequence[str] = ()) -> Tuple[str, dict]:
    """The SQL part of the filters: WHERE clause and its parameters (the area only by its bounding box;
    `overdue`: the numbers of the overdue reports, when that filter is on)."""
    where, params = [], {}
    if f.ueberfaellig:
        where.append(f"r.service_request_id IN ({', '.join(f':o{i}' for i in range(len(overdue))) or 'NULL'})")
        params.update({f"o{i}": number for i, number in enumerate(overdue)})
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
    if f.ort == "mit":
        where.append("r.lat IS NOT NULL AND r.long IS NOT NULL")
    elif f.ort == "ohne":
        where.append("(r.lat IS NULL OR r.long IS NULL)")
    if f.unterstuetzer:
        where.append("(SELECT COUNT(*) FROM supporters s WHERE s.request_id = r.id) >= :min_supporters")
        params["min_supporters"] = int(f.unterstuetzer)
    if area:
        where.append("r.lat BETWEEN :south AND :north AND r.long BETWEEN :west AND :east")
        params.update(zip(("south", "west", "north", "east"), area.bbox))
    return (f" WHERE {' AND '.join(where)}" if where else ""), params


def _with_area(rows: List[dict], areas: Sequence[Area], overdue: set) -> List[dict]:
    for row in rows:
        row["gebiet"] = area_at(areas, row["lat"], row["long"])
        row["overdue"] = row["service_request_id"] in overdue
    return rows


def find(storage: Storage, f: Filters, areas: Sequence[Area] = ()) -> Tuple[List[dict], int]:
    """One page of reports matching the filters, and how many match in all; each row knows its area."""
    offset = (f.seite - 1) * PAGE_SIZE
    if f.gebiet:  # the exact area test needs every candidate: page in Python
        matching = find_all(storage, f, areas)
        return matching[offset:offset + PAGE_SIZE], len(matching)
    overdue = reminders.overdue_numbers(storage)
    clause, params = _where(f, None, sorted(overdue))
    total = storage.db.execute(f"SELECT COUNT(*) FROM requests r{clause}", params).fetchone()[0]
    params.update({"limit": PAGE_SIZE, "offset": offset})
    rows = list(storage.db.query(f"{_SELECT}{clause} ORDER BY {SORTS[f.sortierung]} LIMIT :limit OFFSET :offset",
                                 params))
    return _with_area(rows, areas, overdue), total


def find_all(storage: Storage, f: Filters, areas: Sequence[Area] = ()) -> List[dict]:
    """Every report matching the filters (all pages), in the chosen order; each row knows its area."""
    area = next((a for a in areas if a.name == f.gebiet), None) if f.gebiet else None
    overdue = reminders.overdue_numbers(storage)
    clause, params = _where(f, area, sorted(overdue))
    rows = _with_area(list(storage.db.query(f"{_SELECT}{clause} ORDER BY {SORTS[f.sortierung]}", params)), areas,
                      overdue)
    # Areas may overlap (official files should not, the rough one might): the filter asks for this area exactly.
    return [row for row in rows if area.contains(row["lat"], row["long"])] if area else rows
