"""The conversation feed: Rasa's event broker that sends the staff web its copy of the conversations.

Rasa owns the conversations (its tracker store). The staff web needs to read
them, so instead of reading Rasa's tables the backend gets every user, bot and
action event through Rasa's documented plug-in point, an event broker
(endpoints.yml `event_broker: type: channels.conversation_feed.ConversationFeed`).

    POST <BACKEND_URL>/conversations/events.json   X-Api-Key: …   {"events": [event, …]}

Events are first written to a spool file that only this broker uses
(`<data dir>/conversation-feed.db`, SQLite), then sent in order by one thread,
in batches, again and again until the backend took them: a backend that is
down or restarting loses nothing, neither does a Rasa restart.

With several Rasa worker processes (SANIC_WORKERS) every worker adds to the
same spool, and one sender at a time takes a batch, sends it and removes it
(`Spool.sending`, an exclusive file lock): otherwise two senders could send the
same events twice, and a deleted conversation's events after its deletion.

Deleting a conversation (channels/privacy.py) travels the same ordered way as
a marker event, so the backend's copy is deleted after every event sent
before it and nothing reappears (the backend also ignores an older event of
the conversation that another Rasa instance sends later: `at`):

    {"event": "conversation_deleted", "sender_id": …, "at": unix time}
    {"event": "events_deleted_before", "before": unix time}
"""

import contextlib
import fcntl
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import httpx
from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from actions import config

log = logging.getLogger(__name__)

SPOOL_FILE = "conversation-feed.db"
PATH = "/conversations/events.json"
# What the staff web shows and counts (conversations.py); slots, loops and the like stay in Rasa.
SENT_TYPES = ("user", "bot", "action", "conversation_deleted", "events_deleted_before")
BATCH = 200
RETRY_SECONDS = (0.5, 1, 2, 5, 10)  # then every 10 s: a backend back after a restart is fed soon


class Spool:
    """The events not yet taken by the backend, oldest first (a SQLite file; safe across threads)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: survives a process crash
        self._db.execute("CREATE TABLE IF NOT EXISTS spool (id INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT)")
        self._lock = threading.Lock()
        self._sender_file = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 (held for the process's life)

    @contextlib.contextmanager
    def sending(self):
        """The one sender of all worker processes, while it reads, sends and removes one batch."""
        fcntl.flock(self._sender_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._sender_file, fcntl.LOCK_UN)

    def add(self, event: Dict[Text, Any]) -> int:
        with self._lock:
            return self._db.execute("INSERT INTO spool (event) VALUES (?)", [json.dumps(event)]).lastrowid

    def oldest(self, limit: int) -> List[tuple]:
        with self._lock:
            rows = self._db.execute("SELECT id, event FROM spool ORDER BY id LIMIT ?", [limit]).fetchall()
        return [(row_id, json.loads(event)) for row_id, event in rows]

    def remove_through(self, last_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM spool WHERE id <= ?", [last_id])

    def pending(self, row_id: Optional[int] = None) -> bool:
        """Whether any event (or the event `row_id`) still waits."""
        sql, params = ("SELECT 1 FROM spool WHERE id = ?", [row_id]) if row_id else ("SELECT 1 FROM spool", [])
        with self._lock:
            return self._db.execute(sql + " LIMIT 1", params).fetchone() is not None

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self._sender_file.close()


class ConversationFeed(EventBroker):
    def __init__(self, backend_url: str, api_key, spool: Spool):
        self.url = backend_url.rstrip("/") + PATH
        self._api_key = api_key  # a callable: the built-in backend writes its key file only when it starts
        self.spool = spool
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._send_forever, name="conversation-feed", daemon=True)
        self._thread.start()

    @classmethod
    async def from_endpoint_config(cls, broker_config: EndpointConfig, event_loop=None) -> "ConversationFeed":
        settings = config.load()
        return cls(settings.backend_url, lambda: settings.api_key, Spool(settings.data_dir / SPOOL_FILE))

    def publish(self, event: Dict[Text, Any]) -> None:
        if event.get("event") in SENT_TYPES:
            self.enqueue(event)

    def enqueue(self, event: Dict[Text, Any]) -> int:
        row_id = self.spool.add(event)
        with self._wake:
            self._wake.notify_all()
        return row_id

    def wait_sent(self, row_id: int, timeout: float) -> bool:
        """Wait until the backend took the event `row_id` (True) or `timeout` seconds passed (False)."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self.spool.pending(row_id):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(min(left, 0.5))
        return True

    def _send_forever(self) -> None:
        failures = 0
        with httpx.Client(timeout=10) as client:
            while not self._stopping:
                with self.spool.sending():
                    batch = self.spool.oldest(BATCH)
                    sent = bool(batch) and self._send(client, batch)
                    if sent:
                        self.spool.remove_through(batch[-1][0])
                if not batch:
                    with self._wake:
                        self._wake.wait(1)
                    continue
                if sent:
                    failures = 0
                    with self._wake:
                        self._wake.notify_all()
                else:
                    with self._wake:
                        self._wake.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                    failures += 1

    def _send(self, client: httpx.Client, batch: List[tuple]) -> bool:
        """True when the batch is done with: taken, or refused as malformed (it would be refused forever)."""
        try:
            response = client.post(self.url, headers={"X-Api-Key": self._api_key()},  # a header: URLs end up in logs
                                   json={"events": [event for _id, event in batch]})
        except httpx.HTTPError as error:
            log.warning("conversation feed: backend not reachable (%s); %d events wait", type(error).__name__,
                        len(batch))
            return False
        if response.status_code in (400, 413, 422):
            log.error("conversation feed: backend refused %d events (%s): dropped", len(batch), response.text[:200])
            return True
        if response.is_success:
            return True
        log.warning("conversation feed: backend answered %d; %d events wait", response.status_code, len(batch))
        return False

    async def close(self) -> None:
        """Stop sending (what was not taken stays in the spool for the next start)."""
        self._stopping = True
        with self._wake:
            self._wake.notify_all()
        self._thread.join(timeout=15)
        if not self._thread.is_alive():
            self.spool.close()


def feed_of(agent) -> Optional[ConversationFeed]:
    """The agent's conversation feed, if endpoints.yml configures it (Rasa wraps the store, 3.6)."""
    store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
    broker = getattr(store, "event_broker", None)
    return broker if isinstance(broker, ConversationFeed) else None
