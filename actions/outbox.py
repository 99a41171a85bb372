"""The persistent outbox: a report that could not be filed waits here until the backend takes it.

When the backend is down, slow or answers 5xx, the report action calls
`Outbox.put()` and tells the citizen honestly that the report will be filed.
A background task (`start_delivery_loop`) retries every due entry with
exponential backoff; `deliver_due()` is one such round (tests call it
directly). Nothing is lost and nothing is filed twice:

- Each entry keeps the idempotency key of its report, and every try sends the
  same key, so a try whose answer got lost (timeout after the backend stored
  it, crash before we recorded it) is answered with the report already filed.
- Before a try, a process claims the entry (`UPDATE ... WHERE state='pending'
  AND claimed_until < now`); a second action server working on the same file
  skips it. A crashed process's claim expires, and the key makes the retake safe.
- A refusal (4xx, e.g. a place outside Gera) ends the entry as `failed` with
  the German reason: retrying would only be refused again.

States: pending -> delivered (service_request_id, delivered_at) or failed
(failed_reason). `unannounced()` / `mark_announced()` let the assistant tell
the citizen the number (or the refusal) once. Each try asks the backend to
tell the citizen's account the number itself (`file_late`, the extension
`notify_account`); when it answers that it will, the entry is delivered
already announced, and the citizen learns the number on their messenger
without asking (backend/notifications.py).

Storage: SQLite through sqlite-utils at `<data dir>/outbox.db` (WAL). A
connection is opened per operation, so the outbox is safe across threads and
processes; each operation is a few milliseconds on a local file, short enough
to run on the event loop.
"""

import asyncio
import json
import logging
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional

from sqlite_utils import Database

from actions import config
from actions.clients.open311 import (REPORT_FIELDS, AcceptedWithoutNumber, BackendUnavailable, Open311Client,
                                     RequestRejected)
from actions.config import Settings

log = logging.getLogger(__name__)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
# How long a claim holds: far longer than one try (BACKEND_TIMEOUT), short enough that a crashed
# process's entries are taken over within minutes.
CLAIM_SECONDS = 120.0
BUSY_TIMEOUT = 10.0  # seconds SQLite waits for another process's write lock
BATCH = 100  # entries per round, so one round cannot run for hours after a long outage
# What /loeschen takes out of a waiting report: who sent it, and the photo the backend deletes with the chat's data.
FORGOTTEN_FIELDS = frozenset({"account_id", "device_id", "email", "first_name", "last_name", "phone", "media_url"})

COLUMNS = {
    "id": int, "idempotency_key": str, "sender_id": str, "report": str, "state": str, "attempts": int,
    "created_at": str, "next_try_at": str, "claimed_until": str, "claim": str, "last_error": str,
    "service_request_id": str, "token": str, "delivered_at": str, "failed_reason": str, "announced_at": str,
}


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    idempotency_key: str
    sender_id: str
    report: Dict[str, Any]
    state: str
    attempts: int
    created_at: datetime
    next_try_at: Optional[datetime]
    service_request_id: Optional[str] = None
    token: Optional[str] = None  # only from servers that answer a token instead of a number
    delivered_at: Optional[datetime] = None
    failed_reason: Optional[str] = None  # German, from the backend's error list
    last_error: Optional[str] = None  # technical, for the log and staff
    announced_at: Optional[datetime] = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "OutboxEntry":
        return cls(
            id=row["id"], idempotency_key=row["idempotency_key"], sender_id=row["sender_id"],
            report=json.loads(row["report"]), state=row["state"], attempts=row["attempts"],
            created_at=_parse(row["created_at"]), next_try_at=_parse(row["next_try_at"]),
            service_request_id=row["service_request_id"], token=row["token"],
            delivered_at=_parse(row["delivered_at"]), failed_reason=row["failed_reason"],
            last_error=row["last_error"], announced_at=_parse(row["announced_at"]),
        )


class Outbox:
    """Reports waiting for the backend, in one SQLite file shared by every action server process."""

    def __init__(self, path: Path, first_retry: float = 2.0, max_retry: float = 300.0,
                 claim_seconds: float = CLAIM_SECONDS):
        self.path = Path(path)
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.claim_seconds = claim_seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._create_schema()

    @classmethod
    def from_settings(cls, settings: Settings) -> "Outbox":
        return cls(settings.outbox_path, settings.outbox_first_retry, settings.outbox_max_retry)

    # --- storing --------------------------------------------------------------------------------

    def put(self, report: Mapping[str, Any], idempotency_key: str, sender_id: str,
            now: Optional[datetime] = None) -> OutboxEntry:
        """Keep a report for later filing; due at once. The same key twice keeps the first entry only."""
        _check_report(report)
        if not idempotency_key:
            raise ValueError("an outbox entry needs an idempotency key, or a retry could file twice")
        stamp = _stamp(now or _now())
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, sender_id, report, state, attempts, created_at, "
                "next_try_at, claimed_until) VALUES (?, ?, ?, ?, 0, ?, ?, '')",
                [idempotency_key, str(sender_id), json.dumps(dict(report), ensure_ascii=False), PENDING, stamp,
                 stamp],
            )
        entry = self.get(idempotency_key)
        if entry.report != dict(report):
            log.warning("outbox: key %s was already used for another report; keeping the first", idempotency_key)
        return entry

    # --- delivering -----------------------------------------------------------------------------

    async def deliver_due(self, client: Open311Client, now: Optional[datetime] = None) -> List[OutboxEntry]:
        """Try every due entry once; returns the entries tried, in their new state."""
        now = now or _now()
        tried = []
        for entry_id in self._due_ids(now):
            claim = self._claim(entry_id, now)
            if claim is None:
                continue  # another process is delivering it
            tried.append(await self._deliver(client, self._by_id(entry_id), claim, now))
        return tried

    async def _deliver(self, client: Open311Client, entry: OutboxEntry, claim: str, now: datetime) -> OutboxEntry:
        try:
            filed = await client.file_late(entry.report, entry.idempotency_key)
        except AcceptedWithoutNumber as filed:
            return self._record(entry, claim, state=DELIVERED, token=filed.token, delivered_at=_stamp(now),
                                attempts=entry.attempts + 1)
        except RequestRejected as refused:
            log.warning("outbox: report %s refused (%s): %s", entry.idempotency_key, refused.status,
                        refused.description)
            return self._record(entry, claim, state=FAILED, failed_reason=refused.description,
                                last_error=str(refused), attempts=entry.attempts + 1)
        except BackendUnavailable as down:
            return self._postpone(entry, claim, str(down), now)
        except Exception as unexpected:  # never drop a report over a bug: log it and retry later
            log.exception("outbox: unexpected error delivering %s", entry.idempotency_key)
            return self._postpone(entry, claim, f"{type(unexpected).__name__}: {unexpected}", now)
        log.info("outbox: report %s filed as %s", entry.idempotency_key, filed.service_request_id)
        # The backend tells the citizen the number on their messenger; "Meine Meldungen" need not repeat it.
        announced = {"announced_at": _stamp(now)} if filed.account_notified else {}
        return self._record(entry, claim, state=DELIVERED, service_request_id=filed.service_request_id,
                            delivered_at=_stamp(now), attempts=entry.attempts + 1, **announced)

    def _postpone(self, entry: OutboxEntry, claim: str, error: str, now: datetime) -> OutboxEntry:
        attempts = entry.attempts + 1
        next_try = now + timedelta(seconds=self.retry_delay(attempts))
        log.info("outbox: report %s not filed (try %d, next at %s): %s", entry.idempotency_key, attempts,
                 next_try.isoformat(timespec="seconds"), error)
        return self._record(entry, claim, attempts=attempts, next_try_at=_stamp(next_try), last_error=error)

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after `attempts` failed tries: first_retry, doubling, at most max_retry."""
        return min(self.first_retry * 2 ** min(attempts - 1, 32), self.max_retry)

    def _due_ids(self, now: datetime) -> List[int]:
        with self._db() as db:
            rows = db.execute(
                "SELECT id FROM outbox WHERE state = ? AND next_try_at <= ? AND claimed_until < ? "
                "ORDER BY next_try_at, id LIMIT ?", [PENDING, _stamp(now), _stamp(now), BATCH],
            ).fetchall()
        return [row[0] for row in rows]

    def _claim(self, entry_id: int, now: datetime) -> Optional[str]:
        """Take the entry for one try; None when another process holds it (one UPDATE, so it is atomic)."""
        claim = secrets.token_hex(8)
        until = _stamp(now + timedelta(seconds=self.claim_seconds))
        with self._db() as db:
            taken = db.execute(
                "UPDATE outbox SET claimed_until = ?, claim = ? WHERE id = ? AND state = ? AND claimed_until < ?",
                [until, claim, entry_id, PENDING, _stamp(now)],
            ).rowcount
        return claim if taken == 1 else None

    def _record(self, entry: OutboxEntry, claim: str, **changes: Any) -> OutboxEntry:
        """Store the outcome of a try and release the claim (only if the claim is still ours)."""
        changes.update(claimed_until="", claim=None)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self._db() as db:
            updated = db.execute(f"UPDATE outbox SET {assignments} WHERE id = ? AND claim = ?",
                                 [*changes.values(), entry.id, claim]).rowcount
        if updated != 1:
            log.warning("outbox: claim on %s expired during the try; another process retries it "
                        "(same idempotency key)", entry.idempotency_key)
        return self._by_id(entry.id)

    # --- reading (what the assistant tells the citizen) ---------------------------------------

    def get(self, idempotency_key: str) -> Optional[OutboxEntry]:
        return self._one("idempotency_key = ?", [idempotency_key])

    def pending_for(self, sender_id: str) -> List[OutboxEntry]:
        """The citizen's reports still waiting to be filed, oldest first."""
        return self._many("sender_id = ? AND state = ?", [str(sender_id), PENDING])

    def delivered_since(self, since: datetime, sender_id: Optional[str] = None) -> List[OutboxEntry]:
        """Reports filed from the outbox at or after `since` (of one citizen, or of all)."""
        where, params = "state = ? AND delivered_at >= ?", [DELIVERED, _stamp(since)]
        if sender_id is not None:
            where, params = where + " AND sender_id = ?", params + [str(sender_id)]
        return self._many(where, params)

    def unannounced(self, sender_id: Optional[str] = None) -> List[OutboxEntry]:
        """Delivered or failed entries whose outcome the citizen has not been told yet."""
        where, params = "state IN (?, ?) AND announced_at IS NULL", [DELIVERED, FAILED]
        if sender_id is not None:
            where, params = where + " AND sender_id = ?", params + [str(sender_id)]
        return self._many(where, params)

    def mark_announced(self, idempotency_key: str, now: Optional[datetime] = None) -> None:
        with self._db() as db:
            db.execute("UPDATE outbox SET announced_at = ? WHERE idempotency_key = ?",
                       [_stamp(now or _now()), idempotency_key])

    # --- a citizen's /loeschen ----------------------------------------------------------------------

    def forget(self, sender_id: str) -> int:
        """The citizen asked for their data to be deleted: reports still waiting are filed all the same (the
        problem in the street stays real) but without their account_id and without their photo (the backend
        deletes the photos of the chat that no report uses in the same /loeschen, so the address would lead
        nowhere), and no entry names the chat any more; entries already delivered or failed are deleted.
        Answers how many entries were touched."""
        with self._db() as db:
            waiting = list(db.query("SELECT id, report FROM outbox WHERE sender_id = ? AND state = ?",
                                    [str(sender_id), PENDING]))
            for row in waiting:
                report = {k: v for k, v in json.loads(row["report"]).items() if k not in FORGOTTEN_FIELDS}
                db.execute("UPDATE outbox SET report = ?, sender_id = '' WHERE id = ?",
                           [json.dumps(report, ensure_ascii=False), row["id"]])
            done = db.execute("DELETE FROM outbox WHERE sender_id = ? AND state != ?",
                              [str(sender_id), PENDING]).rowcount
        return len(waiting) + done

    def _by_id(self, entry_id: int) -> OutboxEntry:
        return self._one("id = ?", [entry_id])

    def _one(self, where: str, params: list) -> Optional[OutboxEntry]:
        found = self._many(where, params)
        return found[0] if found else None

    def _many(self, where: str, params: list) -> List[OutboxEntry]:
        with self._db() as db:
            rows = list(db.query(f"SELECT * FROM outbox WHERE {where} ORDER BY created_at, id", params))
        return [OutboxEntry.from_row(row) for row in rows]

    # --- storage --------------------------------------------------------------------------------

    @contextmanager
    def _db(self) -> Iterator[Database]:
        """A short-lived connection; commits on success. Per operation, so threads and processes never share one."""
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT)
        try:
            with conn:
                yield Database(conn)
        finally:
            conn.close()

    def _create_schema(self) -> None:
        with self._db() as db:
            if db.journal_mode != "wal":
                db.enable_wal()  # readers never block the delivering writer
            db["outbox"].create(COLUMNS, pk="id", if_not_exists=True,
                                not_null={"idempotency_key", "sender_id", "report", "state", "attempts",
                                          "created_at", "claimed_until"})
            db["outbox"].create_index(["idempotency_key"], unique=True, if_not_exists=True)
            db["outbox"].create_index(["state", "next_try_at"], if_not_exists=True)
            db["outbox"].create_index(["sender_id"], if_not_exists=True)


# --- the background task ------------------------------------------------------------------------

_task: Optional["asyncio.Task[None]"] = None


async def run_delivery_loop(settings: Settings, poll_seconds: Optional[float] = None) -> None:
    """Deliver due entries forever; a failed round is logged and the next one follows."""
    outbox = Outbox.from_settings(settings)
    # Poll at least as often as the first retry is due, so a fresh entry does not wait longer than planned.
    poll = poll_seconds if poll_seconds is not None else min(1.0, settings.outbox_first_retry)
    async with Open311Client.from_settings(settings) as client:
        while True:
            try:
                await outbox.deliver_due(client)
            except Exception:  # e.g. the database is locked for longer than BUSY_TIMEOUT
                log.exception("outbox: delivery round failed; the next round follows")
            await asyncio.sleep(poll)


def start_delivery_loop(settings: Optional[Settings] = None) -> Optional["asyncio.Task[None]"]:
    """Run the delivery loop in this process; safe to call at import of the actions or at start.

    In a running event loop the task starts at once and is returned. At import
    time (rasa-sdk imports the actions before its Sanic server runs) the loop is
    attached to the server's start and stop instead, and None is returned.
    """
    settings = settings or config.load()
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        if not _attach_to_action_server(settings):
            log.warning("outbox: no event loop and no rasa-sdk server; reports wait until a process delivers them")
        return None
    return _start_task(settings)


def _start_task(settings: Settings) -> "asyncio.Task[None]":
    global _task
    if _task is None or _task.done() or _task.get_loop() is not asyncio.get_running_loop():
        _task = asyncio.get_running_loop().create_task(run_delivery_loop(settings), name="outbox-delivery")
    return _task


async def stop_delivery_loop() -> None:
    """Cancel the task started by start_delivery_loop (at server stop; the outbox file keeps everything)."""
    global _task
    task, _task = _task, None
    if task is not None and not task.done():
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


def _attach_to_action_server(settings: Settings) -> bool:
    """Start with rasa-sdk's Sanic app ("rasa_sdk", created before the actions are imported)."""
    try:
        from sanic import Sanic

        app = Sanic.get_app("rasa_sdk")
    except Exception:  # no rasa-sdk server in this process (tests, scripts)
        return False
    if getattr(app.ctx, "outbox_attached", False):
        return True  # auto-reload imports the actions again; one loop per process is enough

    async def start(app, loop):
        _start_task(settings)

    async def stop(app, loop):
        await stop_delivery_loop()

    app.register_listener(start, "after_server_start")
    app.register_listener(stop, "before_server_stop")
    app.ctx.outbox_attached = True
    return True


# --- helpers ------------------------------------------------------------------------------------

def _check_report(report: Mapping[str, Any]) -> None:
    unknown = set(report) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"unknown report fields {sorted(unknown)}; allowed: {', '.join(REPORT_FIELDS)}")
    if not report.get("service_code"):
        raise ValueError("a report needs a service_code")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    """UTC text with a fixed width, so that SQL compares times as text correctly."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _parse(text: Optional[str]) -> Optional[datetime]:
    return datetime.fromisoformat(text) if text else None
