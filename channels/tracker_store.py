"""Rasa's SQL tracker store, with SQLite set up for a server rather than a notebook.

Rasa opens SQLite with its defaults: a rollback journal and an fsync on every commit, i.e. on every
turn's save. Measured with bench/turn_costs.py, saving was 15 % of a turn. In WAL mode with
synchronous=NORMAL a commit is safe when the process dies (the commit is in the operating system's
hands) and only a power loss can take the last turns back, which for a conversation is an acceptable
trade: reports are not stored here. Readers (the privacy routes, /loeschen) no longer wait for a writer.
Other databases (PostgreSQL in the scaled configuration) are left as Rasa sets them up.
Pooled SQLite connections may be used by another thread than the one that opened them (Rasa runs some
work in executors); SQLite allows that in its default serialized mode, one thread at a time per connection,
which the pool guarantees.

Saving: Rasa's SQL store feeds the event broker by loading and replaying the whole conversation once
more only to find the new events (`stream_events`), then counts the stored events again to insert them.
`save` here counts once and uses the same new events for both: the conversation feed gets exactly what is
stored, in the same order (Rasa 3.6's save, otherwise unchanged). That reload was a tenth of a turn.

Configured in endpoints.yml as `type: channels.tracker_store.ConversationStore`, with the same
`dialect` and `url` as Rasa's `type: SQL`.
"""

import json
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.pool import QueuePool

# secure_delete: a conversation deleted by /loeschen or retention is overwritten, not only unlinked.
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000",
                  "PRAGMA secure_delete=ON")


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


class ConversationStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_connections_open()

    def _keep_sqlite_connections_open(self) -> None:
        """SQLAlchemy 1.4 opens and closes a SQLite file per session (NullPool): every close would
        checkpoint and delete the WAL again. A small pool keeps connections, tuned once each."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=QueuePool, pool_size=4, max_overflow=4,
                                       connect_args={"check_same_thread": False})
        sa.event.listen(self.engine, "connect", _tune_sqlite)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
            if self.event_broker is not None:  # first, as Rasa does: the copy never misses a stored event
                await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
            for event in new_events:
                session.add(self._row(tracker.sender_id, event))
            session.commit()

    def _row(self, sender_id: str, event: Event) -> Any:
        """The events table's row of one event, as Rasa 3.6's SQLTrackerStore.save writes it."""
        data = event.as_dict()
        return self.SQLEvent(sender_id=sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
                             intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             action_name=data.get("name"), data=json.dumps(data))
