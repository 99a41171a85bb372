"""The receiving end of the conversation feed: the staff web's copy of the conversations.

The Rasa server owns the conversations; its event broker (channels/conversation_feed.py)
sends every user, bot and action event here, in order, and the deletions too:

    POST /conversations/events.json   X-Api-Key: …   {"events": [event, …]}   -> {"stored": n, "deleted": n}

An event is Rasa's own event dict plus `sender_id`. It is kept in the table
`conversation_events` (columns as Rasa's `events` table; in backend.db or, scaled, in PostgreSQL:
backend/conversation_copy.py) for the staff web
(backend/staff/conversations.py), which only reads it. The markers
`conversation_deleted` (sender_id) and `events_deleted_before` (before, unix
time) delete from the copy what Rasa deleted (/loeschen, retention).
A batch is stored in one transaction: taken whole or not at all.
"""

import json
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend.auth import check_api_key
from backend.errors import bad_request

router = APIRouter()

STORED_TYPES = ("user", "bot", "action")
MAX_EVENTS = 1000  # per request; the feed sends 200
MAX_SENDER = 200


def _row(event: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The table row of a stored event type (intent and action names as Rasa's own table has them)."""
    kind = event.get("event")
    if kind not in STORED_TYPES:
        return None
    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") if kind == "user" else None
    return {"sender_id": event["sender_id"], "type_name": kind, "timestamp": _number(event.get("timestamp")),
            "intent_name": intent, "action_name": event.get("name") if kind == "action" else None,
            "data": json.dumps(event)}


def _number(value) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _check(events) -> List[Dict[str, Any]]:
    """The events of a request, or a German 400 naming what is wrong."""
    if not isinstance(events, list) or len(events) > MAX_EVENTS:
        raise bad_request(f"Bitte 'events' als Liste mit höchstens {MAX_EVENTS} Ereignissen senden.")
    for position, event in enumerate(events):
        if not isinstance(event, dict):
            raise bad_request(f"Ereignis {position} ist kein Objekt.")
        if event.get("event") == "events_deleted_before":
            if _number(event.get("before")) is None:
                raise bad_request(f"Ereignis {position}: 'before' (Unix-Zeit) fehlt oder ist keine Zahl.")
        elif not isinstance(event.get("sender_id"), str) or not 0 < len(event["sender_id"]) <= MAX_SENDER:
            raise bad_request(f"Ereignis {position}: 'sender_id' fehlt oder ist ungültig.")
    return events


def take(copy, events: List[Dict[str, Any]]) -> Dict[str, int]:
    """Store the events in the copy (backend/conversation_copy.py) and apply the deletions in their order,
    in one transaction."""
    stored = deleted = 0
    with copy.transaction() as execute:
        for event in events:
            kind = event.get("event")
            if kind == "conversation_deleted":
                deleted += execute("DELETE FROM conversation_events WHERE sender_id = :sender",
                                   sender=event["sender_id"])
            elif kind == "events_deleted_before":
                deleted += execute("DELETE FROM conversation_events WHERE timestamp < :before", before=event["before"])
            elif (row := _row(event)) is not None:
                execute("INSERT INTO conversation_events (sender_id, type_name, timestamp, intent_name, action_name, "
                        "data) VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)", **row)
                stored += 1
    return {"stored": stored, "deleted": deleted}


@router.post("/conversations/events.json")
async def receive(request: Request) -> dict:
    check_api_key(request)  # the header X-Api-Key; a key in the URL is refused (backend.auth)
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("Bitte JSON senden: {\"events\": [...]}") from None
    events = _check(body.get("events") if isinstance(body, dict) else None)
    return await run_in_threadpool(take, request.app.state.conversation_copy, events)
