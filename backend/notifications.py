"""Status changes for the citizens: what a messenger adapter must tell whom, kept until it says "delivered".

When staff give a report a new state (`Storage.set_state`, also through
POST /open311/v2/requests/{id}/status.json), the reporter and every
supporter with an `account_id` get a notification: one row in the table
`notifications` (account_id, report, the note that caused it). A database
trigger on `notes` (backend/schema.py, migration 2) writes the rows in the
same transaction as the status change, so no change is ever missed, whoever
makes it and however the adapter is doing at that moment.

The backend knows nothing about Telegram: an account_id is whatever the
channel filed the report with (the Telegram adapter uses the chat id). An
adapter polls and acknowledges (api_key needed for both; who reported what
is personal data):

    GET  /notifications.json?after=<id>&limit=<1..200>  (api_key, or the header X-Api-Key)
         → undelivered notifications with id > after, oldest first:
           [{"id", "account_id", "service_request_id", "role": "reporter"|"supporter",
             "state_code", "state", "note", "text" (German, ready to send), "datetime"}]
    POST /notifications/ack.json   (form: api_key, ids="12,13")  → {"acknowledged": n}

Nothing is lost while the adapter is down: rows stay until acknowledged.

A known incident that is closed (backend/incidents.py) notifies the citizens who asked ("Benachrichtigen, wenn
behoben"): rows with `incident_id` instead of a report, role "watcher", state_code "incident_closed" and an
empty service_request_id.

One notification comes from no status change: a report the action server's
outbox filed late (the backend was down when the citizen confirmed) is sent
with `notify_account=true`, and `Storage.create_request` then notifies the
reporter's account of the report's receipt note, which the trigger skips
(the citizen usually sees the number at once). Its text names the number:
"Ihre gespeicherte Meldung ist jetzt bei der Stadt eingegangen: Nr. 12 (…)."
"""

from typing import List

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend import categories, dates
from backend.auth import check_api_key, keyed_form
from backend.errors import bad_request
from backend.params import is_whole_number
from backend.storage import STATES, Storage

router = APIRouter()

MAX_LIMIT = 200
RECEIPT = "system"  # the source of a report's receipt note ("Meldung eingegangen.")


def text(row: dict) -> str:
    """The German message for the citizen (plain text, at most three short lines)."""
    if row["incident_id"] is not None:
        return incident_text(row)
    service = categories.get(row["service_code"])
    category = service.name if service else row["service_code"]
    report = f"Nr. {row['service_request_id']} ({category})"
    if row["source"] == RECEIPT:  # filed late from the outbox: the number is the news (utter_report_delivered_later)
        return f"Ihre gespeicherte Meldung ist jetzt bei der Stadt eingegangen: {report}."
    first = (f"Neuigkeiten zu Ihrer Meldung {report}:" if row["role"] == "reporter"
             else f"Neues zur Meldung {report}, die Sie unterstützen:")
    lines = [first, f"Stand jetzt: {STATES[row['state']][0]}."]
    if row["note"]:
        lines.append(f"Hinweis der Stadt: {row['note']}")
    return "\n".join(lines)


def incident_text(row: dict) -> str:
    """A known incident is fixed: what it was and the city's note."""
    fault = row["incident_description"]
    lines = [f"Die Störung ist vorbei: {fault}."]
    if row["close_note"]:
        lines.append(f"Hinweis der Stadt: {row['close_note']}")
    lines.append("Danke für Ihre Geduld.")
    return "\n".join(lines)


def pending(storage: Storage, after: int, limit: int) -> List[dict]:
    rows = storage.db.query(
        """
        SELECT n.id, n.account_id, n.role, n.created_datetime, n.incident_id, r.service_request_id,
               COALESCE(r.service_code, i.service_code) AS service_code, o.state, o.note, o.source,
               i.description AS incident_description, i.close_note
          FROM notifications n LEFT JOIN requests r ON r.id = n.request_id LEFT JOIN notes o ON o.id = n.note_id
               LEFT JOIN incidents i ON i.id = n.incident_id
         WHERE n.delivered_datetime IS NULL AND n.id > ?
         ORDER BY n.id LIMIT ?
        """,
        [after, limit],
    )
    return [{
        "id": row["id"],
        "account_id": row["account_id"],
        "service_request_id": row["service_request_id"] or "",
        "role": row["role"],
        "state_code": "incident_closed" if row["incident_id"] is not None else row["state"],
        "state": "behoben" if row["incident_id"] is not None else STATES[row["state"]][0],
        "note": (row["close_note"] if row["incident_id"] is not None else row["note"]) or "",
        "text": text(row),
        "datetime": dates.to_public(row["created_datetime"]),
    } for row in rows]


def acknowledge(storage: Storage, ids: List[int]) -> int:
    stamp = dates.to_db(dates.now())
    marks = ", ".join("?" for _ in ids)
    with storage.transaction() as db:
        cursor = db.execute(
            f"UPDATE notifications SET delivered_datetime = ? WHERE delivered_datetime IS NULL AND id IN ({marks})",
            [stamp, *ids],
        )
    return cursor.rowcount


def _whole_number(text: str, name: str, default: int) -> int:
    if text in (None, ""):
        return default
    if not is_whole_number(text):
        raise bad_request(f"{name} muss eine ganze Zahl sein.")
    return int(text)


@router.get("/notifications.json")
def list_notifications(request: Request):
    """Undelivered notifications after an id, oldest first (api_key)."""
    # The key may come as a header too: a poll every few seconds would otherwise write it into access logs.
    check_api_key(request)  # the header X-Api-Key; a key in the URL is refused (backend.auth)
    after = _whole_number(request.query_params.get("after"), "after", 0)
    limit = _whole_number(request.query_params.get("limit"), "limit", 100)
    if not 1 <= limit <= MAX_LIMIT:
        raise bad_request(f"limit muss zwischen 1 und {MAX_LIMIT} liegen.")
    return pending(request.app.state.storage, after, limit)


@router.post("/notifications/ack.json")
async def acknowledge_notifications(request: Request):
    """Mark notifications as delivered (form field ids: comma-separated; api_key)."""
    async with keyed_form(request) as form:
        raw = form.get("ids")
    parts = [part.strip() for part in raw.split(",")] if isinstance(raw, str) else []
    if not parts or not all(is_whole_number(part) for part in parts) or len(parts) > MAX_LIMIT:
        raise bad_request(f"ids fehlt oder ist ungültig (bis zu {MAX_LIMIT} Nummern, durch Kommas getrennt).")
    count = await run_in_threadpool(acknowledge, request.app.state.storage, [int(part) for part in parts])
    return {"acknowledged": count}
