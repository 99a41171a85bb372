"""The adapter's inbox: every update Telegram hands over stays on disk until its processing ended.

Telegram forgets an update once the adapter confirms it (polling: the offset of the next
getUpdates; webhook: the 200 answer), and both happen long before the assistant has answered.
An adapter killed in between (SIGKILL, out of memory) would lose what citizens wrote in its last
seconds. So:

- `accept` writes each update (its raw JSON, keyed by update_id) before it is confirmed
  (bot/guards.py TolerantUpdates, bot/web.py) and says whether it is new: an update already in the
  inbox, or replayed in this run, is a repeat and must not reach PTB a second time (after a restart
  Telegram repeats what the killed process had not confirmed, and the inbox replays it too);
- `done` deletes the row when the update's processing ended (bot/guards.py ChatOrderedProcessor);
- `replay`, at start: what a killed or stopped adapter left, oldest first; rows older than
  `max_age` are dropped first (an answer a day late helps nobody; Telegram keeps unconfirmed
  updates no longer either).

What citizens wrote stays here only while it is processed: the file is private (0600), deleted rows
are overwritten with zeros (secure_delete), and `tidy` (every minute) empties the write-ahead log,
which would otherwise keep old copies of the pages. WAL with synchronous=NORMAL: a commit is in the
operating system's hands at once and survives the process being killed, the fault this guards
against; only a crash of the whole machine may lose the last commits. FULL would add an fsync per
update in the event loop (milliseconds on a real disk) for that rarer case.
"""

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Set

# The field that marks a repeat for the update processor (never sent by Telegram).
REPEAT = "stadtbot_repeat"

SCHEMA = "CREATE TABLE IF NOT EXISTS updates (update_id INTEGER PRIMARY KEY, received REAL NOT NULL, data TEXT NOT NULL)"


def repeat_of(data: Dict[str, Any]) -> Dict[str, Any]:
    """What a repeat becomes: its id only (polling still confirms it), marked so that nothing handles it."""
    return {"update_id": data["update_id"], REPEAT: True}


def is_repeat(update: object) -> bool:
    return bool(getattr(update, "api_kwargs", {}).get(REPEAT))


class Inbox:
    """Updates received and not yet processed, in an SQLite file of the data directory."""

    def __init__(self, path: Path, max_age: float, clock: Callable[[], float] = time.time):
        self.max_age, self.clock = max_age, clock
        self.replayed: Set[int] = set()  # Telegram may repeat these after their rows are gone: bounded by one replay
        self.db = open_private(path)

    def accept(self, updates: List[Dict[str, Any]]) -> List[bool]:
        """Keep each update before it is confirmed; for each, whether it is new (a repeat is not handled again)."""
        now, fresh = self.clock(), []
        with self.db:  # one commit per getUpdates batch
            for data in updates:
                update_id = data.get("update_id") if isinstance(data, dict) else None
                if not isinstance(update_id, int):  # not an update at all: left to the guards, never kept
                    fresh.append(True)
                    continue
                fresh.append(update_id not in self.replayed and self.db.execute(
                    "INSERT OR IGNORE INTO updates VALUES (?, ?, ?)", (update_id, now, json.dumps(data))).rowcount == 1)
        return fresh

    def done(self, update_id: int) -> None:
        """The update was answered, dropped or failed with the error answer: it must not come back."""
        with self.db:
            self.db.execute("DELETE FROM updates WHERE update_id = ?", (update_id,))

    def drop_old(self) -> int:
        """Delete rows older than `max_age`; how many."""
        with self.db:
            return self.db.execute("DELETE FROM updates WHERE received < ?", (self.clock() - self.max_age,)).rowcount

    def replay(self) -> List[Dict[str, Any]]:
        """The updates left from before the start, oldest first (call `drop_old` before)."""
        left = [json.loads(data) for (data,) in self.db.execute("SELECT data FROM updates ORDER BY update_id")]
        self.replayed.update(data["update_id"] for data in left)
        return left

    def tidy(self) -> None:
        """Empty the write-ahead log into the file (where deleted rows are zeros), so old pages do not linger."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def pending(self) -> int:
        return self.db.execute("SELECT count(*) FROM updates").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def open_private(path: Path) -> sqlite3.Connection:
    """The database, readable by the adapter's user only (SQLite gives its -wal and -shm files the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)  # also when an older file was made with other rights
    db = sqlite3.connect(path)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "secure_delete = ON", "journal_size_limit = 0"):
        db.execute(f"PRAGMA {pragma}")
    db.execute(SCHEMA)
    db.commit()
    return db
