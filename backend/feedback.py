"""Closing the loop: citizens confirm a solved report or reopen it, add a remark or photo, and rate the handling.

When staff set a report "erledigt", the reporter and its supporters get a notification with "Ja, behoben" /
"Nein, noch nicht" (the messenger adapter's buttons; the actions call these endpoints):

    POST /open311/v2/requests/{id}/feedback.json  (key; form: account_id, answer=fixed|not_fixed)
         → [{"service_request_id", "outcome", "state", "feedback_id", "service_code", "lat", "long", "address"}]
    POST /open311/v2/requests/{id}/remarks.json   (key; form: account_id, remark and/or media_url)
         → [{"service_request_id", "added": true}]
    POST /open311/v2/requests/{id}/rating.json    (key; form: account_id, feedback_id, rating=1..5)
         → [{"service_request_id", "rated": true}]

Outcomes of an answer: `thanked` ("ja": recorded, the rating may follow), `reopened` ("nein": the state is
"wieder geöffnet", Open311 status open again, staff find it under that state), `already_reopened`
(another citizen was first), `not_solved` (the report is not "erledigt": nothing to confirm), `too_late`
(closed more than REOPEN_DAYS ago: the caller starts a new report from category and place, which this
answer carries). Only the report's reporter or a supporter may answer (a German 400 otherwise: a 403 would
read as a wrong API key to the client); who answered is
not stored, only the role. A citizen's remark is an internal note: staff read it, the public does not.
Notes a citizen causes notify nobody (the trigger skips source 'citizen', backend/schema.py migration 10).
"""

from datetime import datetime, timedelta
from typing import Optional

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend import dates
from backend.auth import keyed_form
from backend.errors import bad_request, not_found
from backend.params import MAX_DESCRIPTION, clean_text, is_whole_number
from backend.storage import Storage, UnknownRequest

router = APIRouter()

REOPEN_DAYS = 30
ANSWERS = ("fixed", "not_fixed")
REOPENED_NOTE = "Wieder geöffnet: Laut Rückmeldung ist der Mangel noch nicht behoben. Die Stadt sieht erneut nach."
ROLE_NAMES = {"reporter": "der meldenden Person", "supporter": "einer unterstützenden Person"}
SOURCE = "citizen"


def _role(storage: Storage, request_id: int, account_id: str) -> Optional[str]:
    """'reporter' or 'supporter' when the account made or supports the report, else None."""
    db = storage.db
    if db.execute("SELECT 1 FROM reporters WHERE request_id = ? AND account_id = ?", [request_id, account_id]).fetchone():
        return "reporter"
    if db.execute("SELECT 1 FROM supporters WHERE request_id = ? AND kind = 'account_id' AND value = ?",
                  [request_id, account_id]).fetchone():
        return "supporter"
    return None


def _closed_long_ago(row: dict) -> bool:
    changed = row["updated_datetime"]  # the time of the last state change: here, of "erledigt"
    return bool(changed) and dates.now() - datetime.fromisoformat(changed) > timedelta(days=REOPEN_DAYS)


def answer(storage: Storage, service_request_id: str, account_id: str, given: str) -> dict:
    """A citizen's answer to "Ist der Mangel behoben?"; see the module's outcomes."""
    with storage.transaction() as db:
        row = storage.get_request(service_request_id)
        out = {"service_request_id": row["service_request_id"], "service_code": row["service_code"],
               "state": row["state"], "feedback_id": None}
        if row["state"] == "reopened":
            return {**out, "outcome": "already_reopened" if given == "not_fixed" else "not_solved"}
        if row["state"] != "solved":
            return {**out, "outcome": "not_solved"}
        if _closed_long_ago(row):
            return {**out, "outcome": "too_late", "lat": row["lat"], "long": row["long"], "address": row["address"]}
        role = _role(storage, row["id"], account_id)
        if role is None:
            raise bad_request("Das geht nur, wenn Sie die Meldung gemacht oder unterstützt haben.")
        if given == "not_fixed":
            Storage.write_state(db, row["id"], "reopened", REOPENED_NOTE, SOURCE)
        feedback_id = db["citizen_feedback"].insert({
            "request_id": row["id"], "datetime": dates.to_db(dates.now()), "answer": given, "role": role,
            "service_code": row["service_code"]}).last_pk
        return {**out, "state": "reopened" if given == "not_fixed" else row["state"], "feedback_id": feedback_id,
                "outcome": "reopened" if given == "not_fixed" else "thanked"}


def add_remark(storage: Storage, service_request_id: str, account_id: str, remark: str,
               media_url: Optional[str]) -> None:
    """The citizen's words and/or photo to an open report they made or support: an internal note for staff,
    the photo linked to the report (shown on its staff page, deleted with its photos)."""
    with storage.transaction() as db:
        row = storage.get_request(service_request_id)
        role = _role(storage, row["id"], account_id)
        if role is None:
            raise bad_request("Das geht nur, wenn Sie die Meldung gemacht oder unterstützt haben.")
        if row["status"] != "open":
            raise bad_request("Die Meldung ist abgeschlossen; bitte eine neue Meldung machen.")
        linked = Storage.link_media(db, row["id"], media_url)
        parts = [f"Rückmeldung {ROLE_NAMES[role]}:", remark or "(ohne Text)"]
        if media_url:
            parts.append("Mit Foto." if linked else "Das Foto war nicht mehr da.")
        db["notes"].insert({"request_id": row["id"], "datetime": dates.to_db(dates.now()), "status": row["status"],
                            "state": row["state"], "note": " ".join(parts), "source": SOURCE, "for_citizen": 0})
    if linked:  # after the commit, as for a new report's photo
        storage.settle_photo(linked, row["service_code"])


def rate(storage: Storage, service_request_id: str, account_id: str, feedback_id: int, rating: int) -> None:
    """1–5 for a "ja, behoben" answer of this report, once."""
    with storage.transaction() as db:
        row = storage.get_request(service_request_id)
        if _role(storage, row["id"], account_id) is None:
            raise bad_request("Das geht nur, wenn Sie die Meldung gemacht oder unterstützt haben.")
        if db.execute("UPDATE citizen_feedback SET rating = ? WHERE id = ? AND request_id = ? AND answer = 'fixed' "
                      "AND rating IS NULL", [rating, feedback_id, row["id"]]).rowcount != 1:
            raise bad_request("Diese Rückmeldung ist schon bewertet oder gehört nicht zu dieser Meldung.")


# ---- HTTP -------------------------------------------------------------------------------------------------

def _account(form) -> str:
    account_id = form.get("account_id")
    if not isinstance(account_id, str) or not account_id.strip() or len(account_id) > 200:
        raise bad_request("account_id fehlt: wer antwortet?")
    return account_id.strip()


async def _call(function, *args):
    try:
        return await run_in_threadpool(function, *args)
    except UnknownRequest:
        raise not_found(f"Meldung „{args[1]}“ gibt es nicht.") from None


@router.post("/requests/{service_request_id}/feedback.json")
async def feedback(service_request_id: str, request: Request):
    """Extension: "Ja, behoben" (answer=fixed) or "Nein, noch nicht" (answer=not_fixed) to a solved report."""
    async with keyed_form(request) as form:
        account_id, given = _account(form), form.get("answer")
    if given not in ANSWERS:
        raise bad_request("answer muss „fixed“ oder „not_fixed“ sein.")
    return [await _call(answer, request.app.state.storage, service_request_id, account_id, given)]


@router.post("/requests/{service_request_id}/remarks.json")
async def remarks(service_request_id: str, request: Request):
    """Extension: a remark and/or photo of the reporter or a supporter to an open report (internal for staff)."""
    async with keyed_form(request) as form:
        account_id = _account(form)
        raw_remark, raw_media = form.get("remark"), form.get("media_url")
    remark = clean_text(raw_remark) if isinstance(raw_remark, str) else ""
    media_url = raw_media.strip() if isinstance(raw_media, str) and raw_media.strip() else None
    if not remark and not media_url:
        raise bad_request("remark oder media_url fehlt: was wird nachgereicht?")
    if len(remark) > MAX_DESCRIPTION or (media_url and len(media_url) > 2000):
        raise bad_request(f"Die Anmerkung ist zu lang (höchstens {MAX_DESCRIPTION} Zeichen).")
    await _call(add_remark, request.app.state.storage, service_request_id, account_id, remark, media_url)
    return [{"service_request_id": service_request_id, "added": True}]


@router.post("/requests/{service_request_id}/rating.json")
async def rating(service_request_id: str, request: Request):
    """Extension: how content the citizen is with a solved report, 1 (gar nicht) to 5 (sehr)."""
    async with keyed_form(request) as form:
        account_id, feedback_id, given = _account(form), form.get("feedback_id"), form.get("rating")
    if not isinstance(feedback_id, str) or not is_whole_number(feedback_id):
        raise bad_request("feedback_id fehlt oder ist keine Zahl.")
    if given not in ("1", "2", "3", "4", "5"):
        raise bad_request("rating muss eine Zahl von 1 bis 5 sein.")
    await _call(rate, request.app.state.storage, service_request_id, account_id, int(feedback_id), int(given))
    return [{"service_request_id": service_request_id, "rated": True}]
