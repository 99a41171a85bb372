"""channels/tracker_store.py: Rasa's SQL tracker store on SQLite in WAL mode, saving each turn's events once
and handing exactly those to the event broker (the conversation feed), as Rasa's own store does."""

import asyncio
import sqlite3

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

from channels.tracker_store import ConversationStore
from tests.fast.rasa.conftest import ROOT


class Collecting(EventBroker):
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append((event["sender_id"], event["event"], event.get("text") or event.get("name")))


def turn(tracker, text: str) -> None:
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered(f"Antwort auf {text}"))
    tracker.update(ActionExecuted("action_listen"))


async def conversation(store_class, path):
    """Three turns with a save after each, a new session in between; what the broker got and what is stored."""
    broker = Collecting()
    store = store_class(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite",
                        host=f"sqlite:///{path}", event_broker=broker)
    tracker = store.init_tracker("chat-1")
    for text in ("Hallo", "Schlagloch", "new session", "Danke"):
        if text == "new session":
            tracker.update(SessionStarted())
        else:
            turn(tracker, text)
        await store.save(tracker)
        tracker = await store.retrieve("chat-1")  # each turn loads the conversation, as Rasa's processor does
    await store.save(tracker)  # nothing new: nothing stored, nothing published
    stored = [(row[0], row[1]) for row in sqlite3.connect(path).execute(
        "SELECT type_name, COALESCE(intent_name, action_name, '') FROM events ORDER BY id")]
    loaded = await store.retrieve("chat-1")
    return broker.published, stored, [e.as_dict()["event"] for e in loaded.events]


def test_saving_stores_and_publishes_each_new_event_once_exactly_as_rasas_store(tmp_path):
    ours = asyncio.run(conversation(ConversationStore, tmp_path / "ours.db"))
    rasas = asyncio.run(conversation(SQLTrackerStore, tmp_path / "rasa.db"))
    assert ours == rasas
    published, stored, _ = ours
    assert len(published) == len(stored) == 13  # 3 turns of 4 events and the new session
    assert published[-1] == ("chat-1", "action", "action_listen")


def test_the_file_is_in_wal_mode_and_deleted_rows_are_overwritten(tmp_path):
    path = tmp_path / "conversations.db"
    asyncio.run(conversation(ConversationStore, path))
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store = ConversationStore(dialect="sqlite", host=f"sqlite:///{path}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").fetchone()[0] == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
