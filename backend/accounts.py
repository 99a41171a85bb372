"""A citizen's "delete my data": their reports stay with the city, but no longer point to them.

    POST /accounts/unlink.json   (form: api_key, account_id)
         → {"account_id", "reports_unlinked", "supports_unlinked", "notifications_deleted",
            "corrections_deleted"}

In one transaction: the account_id is removed from the reports' contact data
(`reporters`), from the idempotency fingerprints of those reports, and from
supports (replaced by a random value, so the support still counts once);
notifications not yet delivered to it are deleted. The reports themselves,
their photos and notes remain: they describe public space, not the person.
A messenger adapter calls this when a citizen asks to delete their data
(the Telegram adapter's /loeschen). Corrections the staff made from the
citizen's conversation (backend.staff.teaching) are deleted as well.
"""

import json
import secrets

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend.auth import keyed_form
from backend.errors import bad_request
from backend.staff import teaching
from backend.staff.conversations import pseudonym_for
from backend.storage import Storage

router = APIRouter()

MAX_ACCOUNT_ID = 200


def unlink(storage: Storage, account_id: str) -> dict:
    db = storage.db
    with db.conn:
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
        deleted = 0
        if "notifications" in db.table_names():
            deleted = db.execute("DELETE FROM notifications WHERE account_id = ? AND delivered_datetime IS NULL",
                                 [account_id]).rowcount
            db.execute("UPDATE notifications SET account_id = '' WHERE account_id = ?", [account_id])
    return {"account_id": account_id, "reports_unlinked": reports, "supports_unlinked": supports,
            "notifications_deleted": deleted}


@router.post("/accounts/unlink.json")
async def unlink_account(request: Request):
    """Remove an account_id from every report, support and pending notification (api_key)."""
    async with keyed_form(request) as form:
        account_id = form.get("account_id")
    if not isinstance(account_id, str) or not account_id.strip() or len(account_id) > MAX_ACCOUNT_ID:
        raise bad_request("account_id fehlt oder ist ungültig.")
    return await run_in_threadpool(_unlink_everything, request, account_id.strip())


def _unlink_everything(request: Request, account_id: str) -> dict:
    """The reports unlinked, and the staff's corrections copied from this citizen's conversation deleted."""
    storage = request.app.state.storage
    result = unlink(storage, account_id)
    pseudonym = pseudonym_for(request.app.state.settings.data_dir, account_id)
    return {**result, "corrections_deleted": teaching.delete_for_sender(storage, pseudonym)}
