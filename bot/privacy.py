"""/loeschen: the citizen's conversation leaves Rasa's tracker store.

Rasa 3.6's HTTP API cannot delete a conversation: replacing a tracker's
events (PUT /conversations/{id}/tracker/events) only appends to the SQL
tracker store. So the adapter deletes the rows of the chat from the store's
`events` table itself, through SQLAlchemy (SQLite by default, PostgreSQL
with TRACKER_STORE_URL: the same URL Rasa is given). The reports are
unlinked by the backend (POST /accounts/unlink.json, see bot/backend.py);
reports still waiting in the actions' outbox (same data dir) lose the chat
id before that, so they cannot link it again when they are filed.
"""

import asyncio
import logging
from functools import lru_cache
from pathlib import Path

import sqlalchemy

from actions.config import OUTBOX_FILE
from actions.outbox import Outbox

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _engine(url: str) -> sqlalchemy.engine.Engine:
    return sqlalchemy.create_engine(url, pool_pre_ping=True)


def _delete(url: str, sender_id: str) -> int:
    engine = _engine(url)
    with engine.begin() as connection:
        if not sqlalchemy.inspect(connection).has_table("events"):
            return 0  # nothing was ever stored
        result = connection.execute(sqlalchemy.text("DELETE FROM events WHERE sender_id = :sender"),
                                    {"sender": sender_id})
        return result.rowcount


async def delete_conversation(tracker_store_url: str, sender_id: str) -> int:
    """Delete every stored event of the conversation; how many there were."""
    deleted = await asyncio.to_thread(_delete, tracker_store_url, sender_id)
    log.info("deleted a conversation from the tracker store (%d events)", deleted)
    return deleted


def _forget(data_dir: Path, sender_id: str) -> int:
    path = data_dir / OUTBOX_FILE
    return Outbox(path).forget(sender_id) if path.exists() else 0  # no outbox: nothing ever waited


async def forget_waiting_reports(data_dir: Path, sender_id: str) -> int:
    """Remove the chat id from the citizen's reports in the outbox (they are still filed); how many entries."""
    return await asyncio.to_thread(_forget, data_dir, sender_id)
