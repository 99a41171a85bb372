"""A citizen's "delete my data": their reports stay with the city, but no longer point to them.

    POST /accounts/unlink.json   (form: account_id; optional media: the photos the chat uploaded,
                                  file names or media URLs, separated by commas; key in X-Api-Key)
         → {"account_id", "reports_unlinked", "supports_unlinked", "notifications_deleted",
            "corrections_deleted", "photos_deleted"}

In one transaction under the Storage's write lock: the account_id is removed
from the reports' contact data (`reporters`), from the idempotency
fingerprints of those reports, and from supports (replaced by a random value,
so the support still counts once); every notification for it is deleted,
delivered or not (a delivered one still names the chat), and so are the
corrections the staff made from the citizen's conversation (table
`staff_corrections`, found by the citizen's pseudonym, backend/pseudonyms.py).
Photos the chat uploaded that no report uses (a cancelled report, an
unfinished one) are deleted, row and files; the upload does not record who
sent a photo, so the messenger adapter names the photos it uploaded for the
chat (`media`), and only unlinked ones are touched. The reports themselves,
their linked photos and notes remain: they describe public space, not the
person. A messenger adapter calls this when a citizen asks to delete their
data (the Telegram adapter's /loeschen).

This is the one place that knows where an account leaves traces in the
backend's tables; it reaches them through SQL, not through the modules that
write them, so the Open311 side does not import the staff web. The retention
of closed reports (backend/report_retention.py) uses `forget_contacts` and
`delete_photo_files` from here for the same reason.
"""

import json
import logging
import secrets
from pathlib import Path
from typing import Iterable, List, Sequence

from fastapi import APIRouter, Request
from sqlite_utils import Database
from starlette.concurrency import run_in_threadpool

from backend import media_names, photo_variants
from backend.auth import keyed_form
from backend.errors import bad_request
from backend.pseudonyms import pseudonym_for
from backend.storage import CONTACT_FIELDS, Storage

router = APIRouter()
log = logging.getLogger(__name__)

MAX_ACCOUNT_ID = 200
MAX_PHOTOS = 200  # photos one unlink may name (an adapter keeps a day's uploads of a chat)
UNLINKED_PREFIX = "unlinked-"  # supports whose person is forgotten: they still count, but name nobody


def unlink(storage: Storage, account_id: str, pseudonym: str, photos: Sequence[str] = (),
           media_dir: Path = None) -> dict:
    """Forget the account in every table, its unused photos, and the corrections made from its conversation."""
    with storage.transaction() as db:
        request_ids = [row[0] for row in db.execute(
            "SELECT request_id FROM reporters WHERE account_id = ?", [account_id]).fetchall()]
        _forget_in_fingerprints(db, request_ids)
        reports = db.execute("UPDATE reporters SET account_id = NULL WHERE account_id = ?", [account_id]).rowcount
        supports = _forget_supports(db, "kind = 'account_id' AND value = ?", [account_id])
        tables = db.table_names()
        deleted = 0
        if "notifications" in tables:
            deleted = db.execute("DELETE FROM notifications WHERE account_id = ?", [account_id]).rowcount
        if "incident_watchers" in tables:  # waiting for a known incident: counted with the notifications
            deleted += db.execute("DELETE FROM incident_watchers WHERE account_id = ?", [account_id]).rowcount
        corrections = 0
        if "staff_corrections" in tables:
            corrections = db.execute("DELETE FROM staff_corrections WHERE pseudonym = ?", [pseudonym]).rowcount
        gone = _delete_unlinked_photos(db, photos)
    delete_photo_files(media_dir or storage.media_dir, gone)
    return {"account_id": account_id, "reports_unlinked": reports, "supports_unlinked": supports,
            "notifications_deleted": deleted, "corrections_deleted": corrections, "photos_deleted": len(gone)}


def forget_contacts(db: Database, request_ids: Sequence[int]) -> dict:
    """Inside the caller's transaction: these reports keep no contact data, no supporter and no notification
    that names a person (retention of closed reports). How many of each were touched."""
    if not request_ids:
        return {"reports": 0, "supports": 0, "notifications": 0}
    marks = ", ".join("?" * len(request_ids))
    _forget_in_fingerprints(db, request_ids, fields=(-2, -1))
    blank = ", ".join(f"{name} = NULL" for name in CONTACT_FIELDS)
    named = " OR ".join(f"COALESCE({name}, '') != ''" for name in CONTACT_FIELDS)
    reports = db.execute(f"UPDATE reporters SET {blank} WHERE request_id IN ({marks}) AND ({named})",
                         list(request_ids)).rowcount
    supports = _forget_supports(db, f"request_id IN ({marks})", list(request_ids))
    notifications = 0
    if "notifications" in db.table_names():
        notifications = db.execute(f"DELETE FROM notifications WHERE request_id IN ({marks})",
                                   list(request_ids)).rowcount
    return {"reports": reports, "supports": supports, "notifications": notifications}


def delete_photo_files(media_dir: Path, file_names: Iterable[str]) -> None:
    """After the rows are gone (so nothing serves them any more): the files of each photo, both versions."""
    for file_name in file_names:
        if not media_names.NAME.match(file_name):  # never build a path from anything but our own names
            continue
        for name in (file_name, photo_variants.plates_visible_name(file_name)):
            try:
                (Path(media_dir) / name).unlink(missing_ok=True)
            except OSError as error:
                log.warning("could not delete photo file %s: %s", name, error)


def _forget_in_fingerprints(db: Database, request_ids: Sequence[int], fields: Sequence[int] = (-1,)) -> None:
    """The idempotency fingerprint ends with device_id, account_id (NewRequest.fingerprint()): blank those."""
    if not request_ids:
        return
    marks = ", ".join("?" * len(request_ids))
    for request_id, fingerprint in db.execute(
            f"SELECT request_id, fingerprint FROM idempotency_keys WHERE request_id IN ({marks})",
            list(request_ids)).fetchall():
        values = json.loads(fingerprint)
        for position in fields:
            values[position] = None
        db.execute("UPDATE idempotency_keys SET fingerprint = ? WHERE request_id = ?",
                   [json.dumps(values, sort_keys=True, ensure_ascii=False), request_id])


def _forget_supports(db: Database, condition: str, params: list) -> int:
    """Supports matching `condition` name nobody any more (a random value, so each still counts once)."""
    supports = 0
    for (support_id,) in db.execute(
            f"SELECT id FROM supporters WHERE {condition} AND value NOT LIKE '{UNLINKED_PREFIX}%'",
            params).fetchall():
        supports += db.execute("UPDATE supporters SET value = ? WHERE id = ?",
                               [f"{UNLINKED_PREFIX}{secrets.token_hex(12)}", support_id]).rowcount
    return supports


def _delete_unlinked_photos(db: Database, photos: Sequence[str]) -> List[str]:
    """The rows of the named photos that no report uses; their file names (the files go after the commit)."""
    gone = []
    for file_name in photos:
        if db.execute("DELETE FROM media WHERE file_name = ? AND request_id IS NULL", [file_name]).rowcount:
            gone.append(file_name)
    return gone


def photo_names(text: object) -> List[str]:
    """The photo file names in the form field `media` (names or media URLs, comma-separated)."""
    if text is None or text == "":
        return []
    if not isinstance(text, str):
        raise bad_request("media ist ungültig.")
    names = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        name = item if media_names.NAME.match(item) else media_names.file_name_in(item)
        if name is None:
            raise bad_request("media nennt etwas, das kein Foto dieses Servers ist.")
        names.append(name)
    if len(names) > MAX_PHOTOS:
        raise bad_request(f"media nennt zu viele Fotos (höchstens {MAX_PHOTOS}).")
    return list(dict.fromkeys(names))


@router.post("/accounts/unlink.json")
async def unlink_account(request: Request):
    """Remove an account_id from every report and support, its notifications, corrections and unused photos."""
    async with keyed_form(request) as form:
        account_id = form.get("account_id")
        media = form.get("media")
    if not isinstance(account_id, str) or not account_id.strip() or len(account_id) > MAX_ACCOUNT_ID:
        raise bad_request("account_id fehlt oder ist ungültig.")
    return await run_in_threadpool(_unlink_everything, request, account_id.strip(), photo_names(media))


def _unlink_everything(request: Request, account_id: str, photos: List[str]) -> dict:
    """The pseudonym first (it reads, or on first use makes, the key file), then the one transaction."""
    pseudonym = pseudonym_for(request.app.state.settings.data_dir, account_id)
    return unlink(request.app.state.storage, account_id, pseudonym, photos, request.app.state.settings.media_dir)
