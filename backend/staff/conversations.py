"""The citizens' conversations: read-only views for the staff web.

Rasa owns the conversations. Its event broker sends the backend a copy of
every user, bot and action event (backend/conversation_feed.py), kept in the
backend's own table `conversation_events` (id, sender_id, type_name,
timestamp as float unix time, intent_name, action_name, data as Rasa's event
JSON), in backend.db or PostgreSQL (backend/conversation_copy.py). This module
only reads that table.

Staff never see a chat id: each sender is shown under a pseudonym
(backend/pseudonyms.py: the first 12 hex characters of HMAC-SHA256 with a
secret in the backend's data dir).

Interface:

    store = ConversationStore(copy, data_dir, review_confidence=0.6)   # copy: backend/conversation_copy.py
    store_for(app) -> ConversationStore        # the one store of the app (it keeps the summaries)
    store.pseudonym(sender_id) -> str
    store.summaries(storage, sender=None) -> [Summary]   # newest first; Summary.needs_review
    store.sender_for(pseudonym) -> Optional[str]
    store.transcript(sender_id) -> [Line]
    conversation_for_account(store, account_id) -> Optional[str]   # pseudonym, for the report page
    understanding(store, since, until=None) -> {"messages": int, "not_understood": int}   # dashboard
"""

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

from backend import dates, pseudonyms

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = ("action_clarify", "action_default_fallback")
CLARIFY_ACTIONS = ("action_clarify",)
CANCEL_ACTION = "action_cancel_report"  # actions/report.py; also run after an emergency, which is no cancel
# Messages the Telegram adapter or a button sends ("/send_photo{...}", "/report_issue"): not typed text.
_PAYLOAD = re.compile(r"^/\w+(\{.*\})?$", re.DOTALL)
_COLUMNS = "id, sender_id, type_name, timestamp, intent_name, action_name"
SENDERS_PER_QUERY = 500  # bound parameters per IN (...) (SQLite allows 999 in old builds)


# --- what a row means ------------------------------------------------------------------------

def stored_time(timestamp: Optional[float]) -> Optional[str]:
    """Rasa's float unix time -> the backend's stored UTC text (for the `berlin` filter)."""
    if timestamp is None:
        return None
    return dates.to_db(datetime.fromtimestamp(timestamp, timezone.utc))


def is_payload(text: str) -> bool:
    return bool(_PAYLOAD.match((text or "").strip()))


def guess(parse_data: dict) -> tuple:
    """(intent, confidence) the classifier liked best; behind nlu_fallback, the best real intent."""
    intent = parse_data.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence")
    if name == FALLBACK_INTENT:
        ranked = [r for r in parse_data.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
        if ranked:
            return ranked[0].get("name"), ranked[0].get("confidence")
    return name, confidence


@dataclass
class Line:
    """One line of a transcript: kind is citizen, button, photo, location or bot."""

    event_id: int
    kind: str
    time: str
    text: str = ""
    intent: Optional[str] = None
    guess: Optional[str] = None
    confidence: Optional[float] = None
    entities: List[dict] = field(default_factory=list)
    buttons: List[str] = field(default_factory=list)
    media_url: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None


def _user_line(event_id: int, time: str, data: dict) -> Line:
    text, parse_data = data.get("text") or "", data.get("parse_data") or {}
    intent = (parse_data.get("intent") or {}).get("name")
    entities = [{"entity": e.get("entity"), "value": e.get("value")} for e in parse_data.get("entities") or []]
    values = {e["entity"]: e["value"] for e in entities}
    if intent == "send_photo" and is_payload(text):
        return Line(event_id, "photo", time, text, intent, media_url=str(values.get("media_url") or ""))
    if intent == "share_location" and is_payload(text):
        return Line(event_id, "location", time, text, intent, latitude=_float(values.get("latitude")),
                    longitude=_float(values.get("longitude")))
    best, confidence = guess(parse_data)
    return Line(event_id, "button" if is_payload(text) else "citizen", time, text, intent, best,
                _float(confidence), entities)


def _float(value) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def to_line(row) -> Optional[Line]:
    """A transcript line from an events row (with data), or None for events staff need not see."""
    data = json.loads(row.data or "{}")
    time = stored_time(row.timestamp)
    if row.type_name == "user":
        return _user_line(row.id, time, data)
    if row.type_name == "bot":
        buttons = [str(b.get("title", "")) for b in (data.get("data") or {}).get("buttons") or []]
        return Line(row.id, "bot", time, data.get("text") or "", buttons=buttons)
    return None


# --- summaries -------------------------------------------------------------------------------

@dataclass
class Summary:
    pseudonym: str
    first: Optional[str] = None
    last: Optional[str] = None
    last_timestamp: float = 0.0
    messages: int = 0
    lowest_confidence: Optional[float] = None
    fallbacks: int = 0
    clarifications: int = 0
    cancelled: bool = False
    reports: List[str] = field(default_factory=list)
    needs_review: bool = False


class _Tally:
    """Walks one sender's events in order and counts what the summary shows."""

    def __init__(self, summary: Summary):
        self.summary = summary
        self.last_intent = None

    def add(self, row, data: Optional[dict]) -> None:
        s = self.summary
        if row.timestamp is not None:
            s.first = s.first or stored_time(row.timestamp)
            s.last, s.last_timestamp = stored_time(row.timestamp), row.timestamp
        if row.type_name == "user":
            self._user(data or {})
        elif row.type_name == "action":
            s.fallbacks += row.action_name in FALLBACK_ACTIONS
            s.clarifications += row.action_name in CLARIFY_ACTIONS
            s.cancelled |= row.action_name == CANCEL_ACTION and self.last_intent != "emergency"

    def _user(self, data: dict) -> None:
        s, parse_data = self.summary, data.get("parse_data") or {}
        s.messages += 1
        self.last_intent = (parse_data.get("intent") or {}).get("name")
        if is_payload(data.get("text") or ""):
            return
        s.fallbacks += self.last_intent == FALLBACK_INTENT
        confidence = _float(guess(parse_data)[1])
        if confidence is not None and (s.lowest_confidence is None or confidence < s.lowest_confidence):
            s.lowest_confidence = confidence


def _review(summary: Summary, threshold: float) -> bool:
    low = summary.lowest_confidence is not None and summary.lowest_confidence < threshold
    return low or bool(summary.fallbacks or summary.clarifications or summary.cancelled)


# --- the store -------------------------------------------------------------------------------

class ConversationStore:
    def __init__(self, copy, data_dir: Path, review_confidence: float = 0.6):
        self.copy = copy
        self.data_dir = Path(data_dir)
        self.review_confidence = review_confidence
        self._secret = None
        self._cache: Dict[str, tuple] = {}  # sender -> ((first id, last id, count), Summary)
        self._lock = threading.Lock()

    def pseudonym(self, sender_id: str) -> str:
        if self._secret is None:
            self._secret = pseudonyms.key(self.data_dir)
        return pseudonyms.pseudonym(self._secret, sender_id)

    def query(self, sql: str, **params) -> list:
        """Rows of the backend's copy, with the columns as attributes (row.sender_id)."""
        return self.copy.query(sql, **params)

    def senders(self) -> List[str]:
        return [row.sender_id for row in self.query("SELECT DISTINCT sender_id FROM conversation_events")]

    def sender_for(self, pseudonym: str) -> Optional[str]:
        if not pseudonyms.PSEUDONYM.match(pseudonym or ""):
            return None
        return next((s for s in self.senders() if self.pseudonym(s) == pseudonym), None)

    def summaries(self, storage=None, sender: Optional[str] = None) -> List[Summary]:
        """One summary per sender (or only `sender`'s), newest conversation first; reports linked from
        the backend's storage."""
        found = self._tally(self._rows([sender])) if sender is not None else self._all_summaries()
        reports = reports_by_account(storage, list(found)) if storage is not None else {}
        for sender_id, summary in found.items():
            summary.reports = reports.get(sender_id, [])
            summary.needs_review = _review(summary, self.review_confidence)
        return sorted((s for s in found.values() if s.messages), key=lambda s: s.last_timestamp, reverse=True)

    def _rows(self, senders: Optional[List[str]] = None) -> list:
        """The user and action events (data only of user events) of the senders, or of all."""
        where = f" AND sender_id IN ({', '.join(f':s{i}' for i in range(len(senders)))})" if senders else ""
        return self.query(f"SELECT {_COLUMNS}, CASE WHEN type_name = 'user' THEN data END AS data FROM conversation_events "
                          f"WHERE type_name IN ('user', 'action'){where} ORDER BY sender_id, id",
                          **{f"s{i}": sender for i, sender in enumerate(senders or [])})

    def _tally(self, rows) -> Dict[str, Summary]:
        tallies: Dict[str, _Tally] = {}
        for row in rows:
            tally = tallies.get(row.sender_id) or tallies.setdefault(
                row.sender_id, _Tally(Summary(self.pseudonym(row.sender_id))))
            tally.add(row, json.loads(row.data) if row.data else None)
        return {sender: tally.summary for sender, tally in tallies.items()}

    def _all_summaries(self) -> Dict[str, Summary]:
        """Every sender's summary. Parsing every event's JSON on each page view takes about a second at
        140,000 events, so summaries are kept and only the conversations whose events changed (first id,
        last id, count: new messages, retention, /loeschen) are read again."""
        versions = {row.sender_id: (row.first, row.last, row.n) for row in self.query(
            "SELECT sender_id, MIN(id) AS first, MAX(id) AS last, COUNT(*) AS n FROM conversation_events "
            "WHERE type_name IN ('user', 'action') GROUP BY sender_id")}
        with self._lock:
            stale = [sender for sender, version in versions.items()
                     if self._cache.get(sender, (None,))[0] != version]
            fresh: Dict[str, Summary] = {}
            for start in range(0, len(stale), SENDERS_PER_QUERY):
                fresh.update(self._tally(self._rows(stale[start:start + SENDERS_PER_QUERY])))
            self._cache = {sender: (version, fresh[sender] if sender in fresh else self._cache[sender][1])
                           for sender, version in versions.items() if sender in fresh or sender in self._cache}
            return {sender: summary for sender, (_version, summary) in self._cache.items()}

    def transcript(self, sender_id: str) -> List[Line]:
        rows = self.query(f"SELECT {_COLUMNS}, data FROM conversation_events WHERE sender_id = :sender "
                          "AND type_name IN ('user', 'bot') ORDER BY id", sender=sender_id)
        return [line for line in map(to_line, rows) if line]

    def event(self, sender_id: str, event_id: int) -> Optional[Line]:
        rows = self.query(f"SELECT {_COLUMNS}, data FROM conversation_events WHERE sender_id = :sender AND id = :id "
                          "AND type_name = 'user'", sender=sender_id, id=event_id)
        return to_line(rows[0]) if rows else None


def store_for(app) -> ConversationStore:
    """The app's one ConversationStore (made on first use; it keeps the summaries)."""
    store = getattr(app.state, "conversations", None)
    if store is None:
        store = app.state.conversations = ConversationStore(
            app.state.conversation_copy, app.state.settings.data_dir, app.state.staff_settings.review_confidence)
    return store


def reports_by_account(storage, account_ids: List[str]) -> Dict[str, List[str]]:
    """account_id -> its reports' service_request_ids (the bot files with account_id = sender_id)."""
    found: Dict[str, List[str]] = {}
    for start in range(0, len(account_ids), 500):
        chunk = account_ids[start:start + 500]
        rows = storage.db.execute(
            "SELECT p.account_id, r.service_request_id FROM reporters p JOIN requests r ON r.id = p.request_id "
            f"WHERE p.account_id IN ({', '.join('?' * len(chunk))}) ORDER BY r.id", chunk).fetchall()
        for account_id, number in rows:
            found.setdefault(account_id, []).append(number)
    return found


def conversation_for_account(store: ConversationStore, account_id: Optional[str]) -> Optional[str]:
    """The pseudonym of the conversation a report's account_id belongs to, if it is still stored."""
    if not account_id:
        return None
    rows = store.query("SELECT id FROM conversation_events WHERE sender_id = :sender AND type_name = 'user' LIMIT 1",
                       sender=account_id)
    return store.pseudonym(account_id) if rows else None


def understanding(store: ConversationStore, since: float, until: Optional[float] = None) -> dict:
    """For the dashboard: typed citizen messages in [since, until) (unix times) and how many of them
    the assistant did not understand (nlu_fallback, or confidence below the review threshold).
    Button presses, photos and locations are not counted."""
    sql = "SELECT data FROM conversation_events WHERE type_name = 'user' AND timestamp >= :since"
    params = {"since": since}
    if until is not None:
        sql, params["until"] = sql + " AND timestamp < :until", until
    messages = not_understood = 0
    for row in store.query(sql, **params):
        data = json.loads(row.data or "{}")
        if is_payload(data.get("text") or ""):
            continue
        parse_data = data.get("parse_data") or {}
        confidence = _float(guess(parse_data)[1])
        messages += 1
        not_understood += ((parse_data.get("intent") or {}).get("name") == FALLBACK_INTENT
                           or (confidence is not None and confidence < store.review_confidence))
    return {"messages": messages, "not_understood": not_understood}

