"""Reports, notes, supporters, tokens, idempotency keys and photos in SQLite (through sqlite-utils).

One connection per thread (FastAPI runs plain endpoints in a thread pool) and
one lock for writes, so a write is never interleaved with another in this
process; every multi-step write is one transaction. Times are stored as UTC
text (see backend.dates). The staff-side `set_state` lives here too.
"""

import json
import logging
import math
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from sqlite_utils import Database

from backend import dates, media_names, photo_variants, schema

log = logging.getLogger(__name__)

# state code -> (German label, public Open311 status). Open311 knows only open and closed: the honest detail
# (why it cannot be fixed, who is responsible instead) goes into status_notes, the note of the state change.
STATES = {
    "received": ("eingegangen", "open"),
    "in_progress": ("in Bearbeitung", "open"),
    "solved": ("erledigt", "closed"),
    "not_fixable": ("erledigt, aber nicht behebbar", "closed"),
    "not_responsible": ("nicht zuständig", "closed"),
    "reopened": ("wieder geöffnet", "open"),  # a citizen said "noch nicht behoben" (backend/feedback.py)
    "rejected": ("abgelehnt", "closed"),
    "duplicate": ("Duplikat", "closed"),
}
CONTACT_FIELDS = ("email", "device_id", "account_id", "first_name", "last_name", "phone")


class UnknownRequest(LookupError):
    """No report with this service_request_id."""


class IdempotencyConflict(ValueError):
    """The idempotency key was already used for a report with other content."""


@dataclass
class NewRequest:
    service_code: str
    agency_responsible: str
    service_notice: str
    description: str = ""
    attributes: Dict[str, object] = field(default_factory=dict)
    lat: Optional[float] = None
    long: Optional[float] = None
    address: Optional[str] = None
    address_id: Optional[str] = None
    zipcode: Optional[str] = None
    media_url: Optional[str] = None
    more_media: List[str] = field(default_factory=list)  # extension: further photos of an album (up to 4)
    contact: Dict[str, str] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """What makes two submissions "the same report" for an idempotent retry.

        media_url is left out: a retried multipart upload stores the photo under a new name.
        """
        return json.dumps(
            [self.service_code, self.description, self.attributes, self.lat, self.long, self.address,
             self.address_id, self.contact.get("device_id"), self.contact.get("account_id")],
            sort_keys=True, ensure_ascii=False,
        )


class Filed(NamedTuple):
    """What create_request did: the stored row, whether it is new, whether the reporter's account will be told."""

    row: dict
    created: bool
    account_notified: bool = False


@dataclass
class RequestQuery:
    """Filters of GET /requests.json, already validated. Empty lists mean "no filter"."""

    ids: Sequence[str] = ()
    service_codes: Sequence[str] = ()
    statuses: Sequence[str] = ()
    start: Optional[str] = None  # UTC text, inclusive
    end: Optional[str] = None  # UTC text, inclusive
    account_id: Optional[str] = None
    device_id: Optional[str] = None
    near: Optional[Tuple[float, float, float]] = None  # lat, long, radius in metres
    page: int = 1
    page_size: int = 50


def distance_m(lat1, long1, lat2, long2) -> Optional[float]:
    """Great-circle distance in metres (haversine); None when a point is missing."""
    if None in (lat1, long1, lat2, long2):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(min(1.0, a)))


class Storage:
    def __init__(self, path: Path, media_dir: Optional[Path] = None):
        self.path = Path(path)
        # The photos' folder beside the database (config.Settings.media_dir): linking a photo settles its files.
        self.media_dir = Path(media_dir) if media_dir else self.path.parent / media_names.FOLDER
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        with self._write_lock:
            schema.migrate(self.db)

    @property
    def db(self) -> Database:
        """This thread's connection (opened on first use)."""
        db = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(str(self.path), timeout=10)
            db = Database(conn)
            db.execute("PRAGMA foreign_keys = ON")
            if db.journal_mode != "wal":
                db.enable_wal()
            db.register_function(distance_m, deterministic=True)
            self._local.db = db
        return db

    @contextmanager
    def _write(self) -> Iterator[Database]:
        with self._write_lock, self.db.atomic() as db:
            yield db

    def transaction(self):
        """One write transaction under the write lock: every write outside this class goes through it."""
        return self._write()

    # --- reports -------------------------------------------------------------------------------

    def create_request(self, new: NewRequest, idempotency_key: Optional[str] = None,
                       notify_account: bool = False) -> Filed:
        """Store a report (or find the one stored under the same idempotency key).

        notify_account: the citizen has not seen the number (the action server's outbox delivers it late), so
        the reporter's account gets a notification of the receipt note, in the same transaction and at most
        once however often the report is sent again (a replay after a lost answer included).
        """
        with self._write() as db:
            known = self.request_for_key(idempotency_key, new) if idempotency_key else None
            if known:
                return Filed(known, False, notify_account and self._notify_receipt(db, known["id"]))
            stamp = dates.to_db(dates.now())
            status = STATES["received"][1]
            request_id = db["requests"].insert({
                "service_code": new.service_code,
                "description": new.description,
                "attributes": json.dumps(new.attributes, ensure_ascii=False),
                "status": status,
                "state": "received",
                "status_notes": None,
                "agency_responsible": new.agency_responsible,
                "service_notice": new.service_notice,
                "requested_datetime": stamp,
                "updated_datetime": stamp,
                "address": new.address,
                "address_id": new.address_id,
                "zipcode": new.zipcode,
                "lat": new.lat,
                "long": new.long,
                "media_url": new.media_url,
            }).last_pk
            db["requests"].update(request_id, {"service_request_id": str(request_id)})
            db["reporters"].insert({"request_id": request_id, **{k: new.contact.get(k) for k in CONTACT_FIELDS}})
            db["notes"].insert({"request_id": request_id, "datetime": stamp, "status": status, "state": "received",
                                "note": "Meldung eingegangen.", "source": "system"})
            db["tokens"].insert({"token": secrets.token_urlsafe(16), "request_id": request_id,
                                 "created_datetime": stamp})
            linked = [name for url in [new.media_url, *new.more_media] if (name := self.link_media(db, request_id, url))]
            if idempotency_key:
                db["idempotency_keys"].insert({"key": idempotency_key, "request_id": request_id,
                                               "fingerprint": new.fingerprint(), "created_datetime": stamp})
            notified = notify_account and self._notify_receipt(db, request_id)
            row = self._row_by_id(request_id)
        for name in linked:  # after the commit: plates become readable only once the photo is an abandoned vehicle's
            self.settle_photo(name, new.service_code)
        return Filed(row, True, notified)

    def settle_photo(self, file_name: str, service_code: str) -> None:
        """Leave a photo just linked to a report as its category needs it (backend.photo_variants)."""
        try:
            photo_variants.keep_for(self.media_dir, file_name, service_code)
        except OSError as error:  # the report is stored; the hourly cleanup settles the photo (backend.media)
            log.warning("could not settle the versions of photo %s: %s", file_name, error)

    @staticmethod
    def _notify_receipt(db: Database, request_id: int) -> bool:
        """One notification of the receipt note for the reporter's account, unless it has one already; True when
        the account has it now. The trigger of migration 2 skips receipt notes (source 'system') because the
        citizen usually sees the number at once; this is the exception, written here and not by a fake note."""
        receipt = db.execute("SELECT id, datetime FROM notes WHERE request_id = ? AND source = 'system' "
                             "ORDER BY id LIMIT 1", [request_id]).fetchone()
        account = db.execute("SELECT account_id FROM reporters WHERE request_id = ? AND account_id IS NOT NULL "
                             "AND account_id != ''", [request_id]).fetchone()
        if receipt is None or account is None:
            return False  # no account to tell (none was sent, or /loeschen unlinked it)
        known = db.execute("SELECT 1 FROM notifications WHERE note_id = ? AND account_id = ?",
                           [receipt[0], account[0]]).fetchone()
        if known is None:
            db.execute("INSERT INTO notifications (request_id, note_id, account_id, role, created_datetime) "
                       "VALUES (?, ?, ?, 'reporter', ?)", [request_id, receipt[0], account[0], receipt[1]])
        return True

    def request_for_key(self, idempotency_key: str, new: NewRequest) -> Optional[dict]:
        """The report already stored under this idempotency key (None if the key is new)."""
        known = self.db.execute(
            "SELECT request_id, fingerprint FROM idempotency_keys WHERE key = ?", [idempotency_key]
        ).fetchone()
        if known is None:
            return None
        if known[1] != new.fingerprint():
            raise IdempotencyConflict(idempotency_key)
        return self._row_by_id(known[0])

    def get_request(self, service_request_id: str) -> dict:
        rows = self.db.query(f"{self._select()} WHERE r.service_request_id = ?", [service_request_id])
        row = next(iter(rows), None)
        if row is None:
            raise UnknownRequest(service_request_id)
        return row

    def _row_by_id(self, request_id: int) -> dict:
        return next(iter(self.db.query(f"{self._select()} WHERE r.id = ?", [request_id])))

    @staticmethod
    def _select(distance_from: Optional[Tuple[float, float]] = None) -> str:
        distance = "distance_m(r.lat, r.long, :near_lat, :near_long)" if distance_from else "NULL"
        return (
            "SELECT r.*, t.token, "
            "(SELECT COUNT(*) FROM supporters s WHERE s.request_id = r.id) AS supporters, "
            f"{distance} AS distance "
            "FROM requests r LEFT JOIN tokens t ON t.request_id = r.id "
            "LEFT JOIN reporters p ON p.request_id = r.id"
        )

    def find_requests(self, query: RequestQuery) -> Tuple[List[dict], int]:
        """One page of reports matching `query`, and how many match in all."""
        where, params = [], {}
        if query.ids:
            names = [f":id{i}" for i in range(len(query.ids))]
            where.append(f"r.service_request_id IN ({', '.join(names)})")
            params.update({name[1:]: value for name, value in zip(names, query.ids)})
        else:
            self._add_filters(query, where, params)
        # Whose reports: a restriction, not a search filter, so it holds even next to ids.
        if query.account_id:
            where.append("p.account_id = :account_id")
            params["account_id"] = query.account_id
        if query.device_id:
            where.append("p.device_id = :device_id")
            params["device_id"] = query.device_id
        near = query.near if not query.ids else None
        if near:
            params.update({"near_lat": near[0], "near_long": near[1]})
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        total = self.db.execute(
            f"SELECT COUNT(*) FROM requests r LEFT JOIN reporters p ON p.request_id = r.id{clause}", params
        ).fetchone()[0]
        order = "distance, r.id DESC" if near else "r.requested_datetime DESC, r.id DESC"
        params.update({"limit": query.page_size, "offset": (query.page - 1) * query.page_size})
        rows = list(self.db.query(
            f"{self._select(near)}{clause} ORDER BY {order} LIMIT :limit OFFSET :offset", params
        ))
        return rows, total

    @staticmethod
    def _add_filters(query: RequestQuery, where: list, params: dict) -> None:
        for column, values in (("service_code", query.service_codes), ("status", query.statuses)):
            if values:
                names = [f":{column}{i}" for i in range(len(values))]
                where.append(f"r.{column} IN ({', '.join(names)})")
                params.update({name[1:]: value for name, value in zip(names, values)})
        if query.start:
            where.append("r.requested_datetime >= :start")
            params["start"] = query.start
        if query.end:
            where.append("r.requested_datetime <= :end")
            params["end"] = query.end
        if query.near:
            where.append("distance_m(r.lat, r.long, :near_lat, :near_long) <= :radius")
            params["radius"] = query.near[2]

    def notes_for(self, request_ids: Sequence[int]) -> Dict[int, List[dict]]:
        """The status history of each report, oldest first."""
        notes: Dict[int, List[dict]] = {i: [] for i in request_ids}
        if request_ids:
            marks = ", ".join("?" for _ in request_ids)
            for row in self.db.query(
                f"SELECT * FROM notes WHERE request_id IN ({marks}) ORDER BY datetime, id", list(request_ids)
            ):
                notes[row["request_id"]].append(row)
        return notes

    def set_state(self, service_request_id: str, state: str, note: str = "", source: str = "staff") -> dict:
        """Staff action: give a report a new state with a German note for the citizen; recorded in the notes."""
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        with self._write() as db:
            row = self.get_request(service_request_id)
            self.write_state(db, row["id"], state, note, source)
            return self._row_by_id(row["id"])

    @staticmethod
    def write_state(db: Database, request_id: int, state: str, note: str, source: str) -> None:
        """The state change itself, inside a transaction the caller holds (see `transaction`)."""
        status = STATES[state][1]
        stamp = dates.to_db(dates.now())
        db["requests"].update(request_id, {
            "state": state, "status": status, "updated_datetime": stamp, "status_notes": note or STATES[state][0],
        })
        db["notes"].insert({"request_id": request_id, "datetime": stamp, "status": status, "state": state,
                            "note": note, "source": source})

    def set_location(self, service_request_id: str, lat: float, long: float) -> dict:
        """Staff action: give a report its point on the map, or move it; answers the row as it was before.
        Nobody is notified, and updated_datetime stays: it marks state changes, and the retention of a
        closed report's contact data counts from it (backend/report_retention.py)."""
        with self._write() as db:
            before = self.get_request(service_request_id)
            db["requests"].update(before["id"], {"lat": lat, "long": long})
            return before

    def add_internal_note(self, service_request_id: str, note: str, source: str = "staff") -> None:
        """Staff action: a note for colleagues only. The state stays; nobody is notified (the notification
        trigger skips notes not for the citizen), and the public view and the citizen's status never show it."""
        with self._write() as db:
            row = self.get_request(service_request_id)
            db["notes"].insert({"request_id": row["id"], "datetime": dates.to_db(dates.now()), "status": row["status"],
                                "state": row["state"], "note": note, "source": source, "for_citizen": 0})

    # --- supporters ----------------------------------------------------------------------------

    def add_supporter(self, service_request_id: str, kind: str, value: str) -> Tuple[dict, bool]:
        """Count one more person for a report ("me too"); the same person, or the reporter, counts once."""
        if kind not in ("device_id", "account_id"):
            raise ValueError(f"unknown supporter kind {kind!r}")
        with self._write() as db:
            row = self.get_request(service_request_id)
            reporter = db.execute(f"SELECT {kind} FROM reporters WHERE request_id = ?", [row["id"]]).fetchone()
            if reporter and reporter[0] == value:
                return row, False
            cursor = db.execute(
                "INSERT OR IGNORE INTO supporters (request_id, kind, value, datetime) VALUES (?, ?, ?, ?)",
                [row["id"], kind, value, dates.to_db(dates.now())],
            )
            return self._row_by_id(row["id"]), cursor.rowcount == 1

    # --- tokens and media ----------------------------------------------------------------------

    def request_id_for_token(self, token: str) -> Optional[str]:
        found = self.db.execute(
            "SELECT r.service_request_id FROM tokens t JOIN requests r ON r.id = t.request_id WHERE t.token = ?",
            [token],
        ).fetchone()
        return found[0] if found else None

    def add_media(self, record: dict) -> None:
        with self._write() as db:
            db["media"].insert({**record, "created_datetime": dates.to_db(dates.now())})

    def get_media(self, file_name: str) -> Optional[dict]:
        return next(iter(self.db.query("SELECT * FROM media WHERE file_name = ?", [file_name])), None)

    @staticmethod
    def link_media(db: Database, request_id: int, media_url: Optional[str]) -> Optional[str]:
        """The stored photo a new report names becomes that report's; its file name if it was linked now.

        A URL naming no stored photo (another host, a photo already deleted) is kept as text, as
        Open311 allows; a photo already linked stays with the first report that used it (and keeps
        the version of the first report's category, backend.photo_variants).
        """
        file_name = media_names.file_name_in(media_url)
        if file_name and db.execute("UPDATE media SET request_id = ? WHERE file_name = ? AND request_id IS NULL",
                                    [request_id, file_name]).rowcount == 1:
            return file_name
        return None

    def category_of_photo(self, file_name: str) -> Optional[str]:
        """The category of the report a stored photo belongs to (None while it belongs to none)."""
        found = self.db.execute("SELECT r.service_code FROM media m JOIN requests r ON r.id = m.request_id "
                                "WHERE m.file_name = ?", [file_name]).fetchone()
        return found[0] if found else None

    def photos_of(self, service_request_id: str) -> List[dict]:
        """The stored photos that belong to a report (to delete or anonymise them with it)."""
        return list(self.db.query(
            "SELECT m.* FROM media m JOIN requests r ON r.id = m.request_id "
            "WHERE r.service_request_id = ? ORDER BY m.created_datetime, m.id", [service_request_id]))

    def unlinked_media(self, stored_before: str) -> List[dict]:
        """Photos no report uses that were stored before `stored_before` (UTC text, see backend.dates)."""
        return list(self.db.query(
            "SELECT * FROM media WHERE request_id IS NULL AND created_datetime < ? ORDER BY created_datetime",
            [stored_before]))

    def delete_unlinked_media(self, media_id: str) -> bool:
        """Delete a photo's row if still no report uses it; whether it was deleted."""
        with self._write() as db:
            return db.execute("DELETE FROM media WHERE id = ? AND request_id IS NULL", [media_id]).rowcount == 1
