"""A citizen's "delete my data": their reports stay with the city, but no longer point to them.

    POST /accounts/unlink.json   (form: api_key, account_id)
         → {"account_id", "reports_unlinked", "supports_unlinked", "notifications_deleted",
            "corrections_deleted"}

In one transaction under the Storage's write lock: the account_id is removed
from the reports' contact data (`reporters`), from the idempotency
fingerprints of those reports, and from supports (replaced by a random value,
so the support still counts once); notifications not yet delivered to it are
deleted, and so are the corrections the staff made from the citizen's
conversation (table `staff_corrections`, found by the citizen's pseudonym,
backend/pseudonyms.py). The reports themselves, their photos and notes
remain: they describe public space, not the person. A messenger adapter
calls this when a citizen asks to delete their data (the Telegram adapter's
/loeschen).

This is the one place that knows where an account leaves traces in the
backend's tables; it reaches them through SQL, not through the modules that
write them, so the Open311 side does not import the staff web.
"""

import json
import secrets

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend.auth import keyed_form
from backend.errors import bad_request
from backend.pseudonyms import pseudonym_for
from backend.storage import Storage

router = APIRouter()

MAX_ACCOUNT_ID = 200


def unlink(storage: Storage, account_id: str, pseudonym: str) -> dict:
    """Forget the account in every table, and the corrections made from its conversation (by pseudonym)."""
    with storage.transaction() as db:
        request_ids = [row[0] for row in db.execute(
            "SELECT request_id FROM reporters WHERE account_id = ?", [account_id]).fetchall()]
        for request_id, fingerprint in db.execute(
            f"SELECT request_id, fingerprint FROM idempotency_keys WHERE request_id IN ({', '.join('?' * len(request_ids))})",
            request_ids,
        ).fetchall() if request_ids else []:
            fields = json.loads(fingerprint)
            fields[-1] = None  # the last field of NewRequest.fingerprint() is the account_id
            db.execute("UPDATE idempotency_keys SET fingerprint = ? WHERE request_id = ?",
                       [json.dumps(fields, sort_keys=True, ensure_ascii=False), request_id])
        reports = db.execute("UPDATE reporters SET account_id = NULL WHERE account_id = ?", [account_id]).rowcount
        supports = 0
        for (support_id,) in db.execute(
                "SELECT id FROM supporters WHERE kind = 'account_id' AND value = ?", [account_id]).fetchall():
            supports += db.execute("UPDATE supporters SET value = ? WHERE id = ?",
                                   [f"unlinked-{secrets.token_hex(12)}", support_id]).rowcount
        tables = db.table_names()
        deleted = 0
        if "notifications" in tables:
            deleted = db.execute("DELETE FROM notifications WHERE account_id = ? AND delivered_datetime IS NULL",
                                 [account_id]).rowcount
            db.execute("UPDATE notifications SET account_id = '' WHERE account_id = ?", [account_id])
        corrections = 0
        if "staff_corrections" in tables:
            corrections = db.execute("DELETE FROM staff_corrections WHERE pseudonym = ?", [pseudonym]).rowcount
    return {"account_id": account_id, "reports_unlinked": reports, "supports_unlinked": supports,
            "notifications_deleted": deleted, "corrections_deleted": corrections}


@router.post("/accounts/unlink.json")
async def unlink_account(request: Request):
    """Remove an account_id from every report, support and pending notification, and its corrections (api_key)."""
    async with keyed_form(request) as form:
        account_id = form.get("account_id")
    if not isinstance(account_id, str) or not account_id.strip() or len(account_id) > MAX_ACCOUNT_ID:
        raise bad_request("account_id fehlt oder ist ungültig.")
    return await run_in_threadpool(_unlink_everything, request, account_id.strip())


def _unlink_everything(request: Request, account_id: str) -> dict:
    """The pseudonym first (it reads, or on first use makes, the key file), then the one transaction."""
    pseudonym = pseudonym_for(request.app.state.settings.data_dir, account_id)
    return unlink(request.app.state.storage, account_id, pseudonym)
