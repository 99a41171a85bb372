"""The receiving end of the conversation feed: the staff web's copy of the conversations.

The Rasa server owns the conversations; its event broker (channels/conversation_feed.py)
sends every user, bot and action event here, in order, and the deletions too:

    POST /conversations/events.json   X-Api-Key: …   {"events": [event, …]}
        -> {"stored": n, "deleted": n, "ignored": n}

An event is Rasa's own event dict plus `sender_id`. It is kept in the table
`conversation_events` (columns as Rasa's `events` table; in backend.db or, scaled, in PostgreSQL:
backend/conversation_copy.py) for the staff web
(backend/staff/conversations.py), which only reads it. The markers
`conversation_deleted` (sender_id, at: unix time of the deletion) and `events_deleted_before` (before, unix
time) delete from the copy what Rasa deleted (/loeschen, retention).
A batch is stored in one transaction: taken whole or not at all.

Several Rasa instances each send their own events, so an event stored before a deletion can arrive after
it (from an instance whose queue was slower). The copy therefore remembers what it deleted
(`conversation_deletions`): per conversation the HMAC of its sender (backend/pseudonyms.py, never the chat id)
and the time of the deletion (`at` of the marker, Rasa's clock), for FORGET_DELETIONS_DAYS after it arrived;
and the newest retention limit. An event older than what was deleted is not stored ("ignored" in the answer).
"""

import json
import time
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend import pseudonyms
from backend.auth import check_api_key
from backend.errors import bad_request

router = APIRouter()

STORED_TYPES = ("user", "bot", "action")
MAX_EVENTS = 1000  # per request; the feed sends 200
MAX_SENDER = 200
# How long a deleted conversation is remembered: far longer than a Rasa instance's queue holds an event while
# the backend is reachable (seconds), long enough for one that could not reach the backend for weeks.
FORGET_DELETIONS_DAYS = 30
EVERY_CONVERSATION = "*"  # the sender_key of the retention limit


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
        elif event.get("event") == "conversation_deleted" and "at" in event and _number(event["at"]) is None:
            raise bad_request(f"Ereignis {position}: 'at' (Unix-Zeit der Löschung) ist keine Zahl.")
        elif not isinstance(event.get("sender_id"), str) or not 0 < len(event["sender_id"]) <= MAX_SENDER:
            raise bad_request(f"Ereignis {position}: 'sender_id' fehlt oder ist ungültig.")
    return events


class Deletions:
    """What the copy deleted, read and written inside the batch's transaction."""

    def __init__(self, tx, secret: bytes, now: float):
        self.tx, self.secret, self.now = tx, secret, now
        self._before: Dict[str, float] = {}  # sender_key -> events older than this were deleted (0: nothing)

    def key(self, sender_id: Optional[str]) -> str:
        return EVERY_CONVERSATION if sender_id is None else pseudonyms.digest(self.secret, sender_id)

    def before(self, key: str) -> float:
        if key not in self._before:
            found = self.tx.query("SELECT deleted_before FROM conversation_deletions WHERE sender_key = :key", key=key)
            self._before[key] = found[0].deleted_before if found else 0.0
        return self._before[key]

    def remember(self, sender_id: Optional[str], before: float) -> None:
        key = self.key(sender_id)
        self._before[key] = max(before, self.before(key))
        self.tx.execute("DELETE FROM conversation_deletions WHERE sender_key = :key", key=key)
        self.tx.execute("INSERT INTO conversation_deletions (sender_key, deleted_before, noted) "
                        "VALUES (:key, :before, :now)", key=key, before=self._before[key], now=self.now)

    def covers(self, row: Dict[str, Any]) -> bool:
        """The event was stored before its conversation (or everything of its age) was deleted."""
        stamp = row["timestamp"]
        return stamp is not None and stamp < max(self.before(EVERY_CONVERSATION), self.before(self.key(row["sender_id"])))

    def forget_old(self) -> None:
        self.tx.execute("DELETE FROM conversation_deletions WHERE sender_key != :every AND noted < :limit",
                        every=EVERY_CONVERSATION, limit=self.now - FORGET_DELETIONS_DAYS * 86400)


def take(copy, events: List[Dict[str, Any]], secret: bytes, now: Optional[float] = None) -> Dict[str, int]:
    """Store the events in the copy (backend/conversation_copy.py) and apply the deletions in their order,
    in one transaction; `secret` keys the hashes of deleted conversations (backend/pseudonyms.py)."""
    now = time.time() if now is None else now
    stored = deleted = ignored = 0
    with copy.transaction() as tx:
        deletions = Deletions(tx, secret, now)
        for event in events:
            kind = event.get("event")
            if kind == "conversation_deleted":
                deleted += tx.execute("DELETE FROM conversation_events WHERE sender_id = :sender",
                                      sender=event["sender_id"])
                deletions.remember(event["sender_id"], _number(event.get("at")) or now)
            elif kind == "events_deleted_before":
                deleted += tx.execute("DELETE FROM conversation_events WHERE timestamp < :before",
                                      before=event["before"])
                deletions.remember(None, event["before"])
            elif (row := _row(event)) is None:
                continue
            elif deletions.covers(row):
                ignored += 1
            else:
                tx.execute("INSERT INTO conversation_events (sender_id, type_name, timestamp, intent_name, action_name, "
                           "data) VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)", **row)
                stored += 1
        deletions.forget_old()
    return {"stored": stored, "deleted": deleted, "ignored": ignored}


@router.post("/conversations/events.json")
async def receive(request: Request) -> dict:
    check_api_key(request)  # the header X-Api-Key; a key in the URL is refused (backend.auth)
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("Bitte JSON senden: {\"events\": [...]}") from None
    events = _check(body.get("events") if isinstance(body, dict) else None)
    state = request.app.state
    if getattr(state, "pseudonym_key", None) is None:  # read once, not for every batch of every turn
        state.pseudonym_key = pseudonyms.key(state.settings.data_dir)
    return await run_in_threadpool(take, state.conversation_copy, events, state.pseudonym_key)
