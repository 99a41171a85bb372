"""Closed reports forget their citizens, and later their photos: the retention the backend runs itself.

- `REPORT_CHAT_ID_DAYS` (default 30) days after a report was closed (any
  state with Open311 status closed; the time of its last state change), its
  contact data goes: the chat id (`reporters.account_id`) and any other
  contact field, the people in `supporters` (a random value, so each support
  still counts once), the person in its idempotency fingerprint, and its
  notifications. The report itself stays with the city; a citizen no longer
  hears about it (also not when staff reopen it later).
- `CLOSED_PHOTO_DAYS` (default 180) days after it was closed, its photos are
  deleted: the rows (so nothing serves them any more) and `media_url` in one
  transaction, then the files, both versions (backend.photo_variants).
- Notifications of closed known incidents (backend/incidents.py) go after the same days: they name the chat.
- Notifications for supports that name nobody (`unlinked-…`, after a
  /loeschen) are deleted too: no adapter can deliver them.

`forget_closed_regularly` runs `forget_closed` at start and then every hour,
as a background task of the app next to the photo cleanup (backend.app), so
the backend stays the only writer of backend.db and media/. What a row of
which table holds is known in backend.accounts; this module only decides
which reports are due.
"""

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import List, Optional

from starlette.concurrency import run_in_threadpool

from backend import accounts, dates
from backend.storage import Storage

log = logging.getLogger(__name__)

EVERY = 3600  # seconds between two runs: a report keeps its chat id at most this much past the limit
BATCH = 200  # reports per transaction, so a first run over years of reports never holds the lock long


def forget_closed(storage: Storage, media_dir: Path, chat_id_days: int, photo_days: int,
                  now: Optional[datetime] = None) -> dict:
    """One run: contact data of reports closed over `chat_id_days` ago, photos of those closed over `photo_days`."""
    now = now or dates.now()
    contacts_before = dates.to_db(now - timedelta(days=chat_id_days))
    photos_before = dates.to_db(now - timedelta(days=photo_days))
    done = {"reports": 0, "supports": 0, "notifications": 0, "photos": 0}
    previous: List[int] = []
    while True:
        ids = _closed_with_people(storage, contacts_before)
        if not ids or ids == previous:  # the same ones again would mean nothing more can be removed
            break
        previous = ids
        with storage.transaction() as db:
            for name, count in accounts.forget_contacts(db, ids).items():
                done[name] += count
    with storage.transaction() as db:
        if "notifications" in db.table_names():
            done["notifications"] += db.execute(
                f"DELETE FROM notifications WHERE account_id LIKE '{accounts.UNLINKED_PREFIX}%'").rowcount
            done["notifications"] += db.execute(
                "DELETE FROM notifications WHERE incident_id IN (SELECT id FROM incidents WHERE state = 'closed' "
                "AND closed_datetime < ?)", [contacts_before]).rowcount
    while True:
        numbers = _closed_with_photos(storage, photos_before)
        if not numbers:
            break
        deleted = _delete_photos(storage, numbers, photos_before)
        accounts.delete_photo_files(media_dir, deleted)
        done["photos"] += len(deleted)
        if not deleted:
            break  # reopened meanwhile: nothing more is due
    return done


def _closed_with_people(storage: Storage, closed_before: str) -> List[int]:
    """Ids of reports closed before the time that still name a person (reporter, support or notification)."""
    named = " OR ".join(f"COALESCE(p.{name}, '') != ''" for name in accounts.CONTACT_FIELDS)
    notifications = ("OR EXISTS (SELECT 1 FROM notifications n WHERE n.request_id = r.id)"
                     if "notifications" in storage.db.table_names() else "")
    return [row[0] for row in storage.db.execute(
        f"""SELECT r.id FROM requests r LEFT JOIN reporters p ON p.request_id = r.id
            WHERE r.status = 'closed' AND r.updated_datetime < ?
              AND (({named})
                   OR EXISTS (SELECT 1 FROM supporters s WHERE s.request_id = r.id
                              AND s.value NOT LIKE '{accounts.UNLINKED_PREFIX}%')
                   {notifications})
            ORDER BY r.id LIMIT ?""", [closed_before, BATCH]).fetchall()]


def _closed_with_photos(storage: Storage, closed_before: str) -> List[str]:
    return [row[0] for row in storage.db.execute(
        """SELECT r.service_request_id FROM requests r
           WHERE r.status = 'closed' AND r.updated_datetime < ?
             AND EXISTS (SELECT 1 FROM media m WHERE m.request_id = r.id)
           ORDER BY r.id LIMIT ?""", [closed_before, BATCH]).fetchall()]


def _delete_photos(storage: Storage, numbers: List[str], closed_before: str) -> List[str]:
    """The photos' rows and the reports' media_url, if the report is still closed long enough; the file names."""
    photos = {number: storage.photos_of(number) for number in numbers}
    deleted = []
    with storage.transaction() as db:
        for number, records in photos.items():
            still_due = db.execute("SELECT id FROM requests WHERE service_request_id = ? AND status = 'closed' "
                                   "AND updated_datetime < ?", [number, closed_before]).fetchone()
            if still_due is None:
                continue
            for record in records:
                if db.execute("DELETE FROM media WHERE id = ? AND request_id = ?",
                              [record["id"], still_due[0]]).rowcount:
                    deleted.append(record["file_name"])
            db.execute("UPDATE requests SET media_url = NULL WHERE id = ?", [still_due[0]])
    return deleted


async def forget_closed_regularly(storage: Storage, media_dir: Path, chat_id_days: int, photo_days: int,
                                  every: float = EVERY) -> None:
    """`forget_closed` at once, then every `every` seconds, in a worker thread, until cancelled."""
    while True:
        run = asyncio.ensure_future(run_in_threadpool(_forget_closed_logged, storage, media_dir, chat_id_days,
                                                      photo_days))
        try:
            await asyncio.shield(run)
        except asyncio.CancelledError:
            await run  # a cancel would leave the thread running unseen; shutdown waits for a started run
            raise
        await asyncio.sleep(every)


def _forget_closed_logged(storage: Storage, media_dir: Path, chat_id_days: int, photo_days: int) -> None:
    try:
        done = forget_closed(storage, media_dir, chat_id_days, photo_days)
    except Exception:  # a locked database, a full disk: try again next time, the backend keeps serving
        log.exception("retention of closed reports failed")
        return
    if any(done.values()):
        log.info("closed reports: contact data removed from %d, supports %d, notifications %d deleted; "
                 "%d photos deleted", done["reports"], done["supports"], done["notifications"], done["photos"])
