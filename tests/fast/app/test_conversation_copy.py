"""The staff web's copy of the conversations, in-process: the feed writes it, the staff views read it.

The embedded copy (backend.db) is exercised here through the ASGI app; the PostgreSQL copy runs in the
end-to-end layer on the scaled configuration (tests/test_scaled.py and every staff conversation test there).
"""

import re

import pytest

from backend import config
from backend.conversation_copy import PostgresCopy, SqliteCopy
from backend.staff import conversations
from tests.fast.app.conftest import API_KEY

SECRET = "geheim-123"


def feed(backend, *events):
    response = backend.client.post("/conversations/events.json", json={"events": list(events)},
                                   headers={"X-Api-Key": API_KEY})
    assert response.status_code == 200, response.text
    return response.json()


def said(sender: str, text: str, at: float, intent: str = "greet", confidence: float = 0.95) -> dict:
    return {"event": "user", "sender_id": sender, "timestamp": at, "text": text,
            "parse_data": {"intent": {"name": intent, "confidence": confidence}}}


def answered(sender: str, text: str, at: float) -> dict:
    return {"event": "bot", "sender_id": sender, "timestamp": at, "text": text}


def store_of(backend) -> conversations.ConversationStore:
    state = backend.client.app.state
    assert isinstance(state.conversation_copy, SqliteCopy), "embedded, the copy lives in backend.db"
    return conversations.ConversationStore(state.conversation_copy, backend.data_dir)


def test_the_feed_fills_the_copy_and_the_staff_views_read_it(backend):
    assert feed(backend, said("copy-a", "Hallo", 100.0), answered("copy-a", "Guten Tag!", 100.5),
                {"event": "slot", "sender_id": "copy-a", "name": "category"}) == {"stored": 2, "deleted": 0, "ignored": 0}
    store = store_of(backend)
    lines = store.transcript("copy-a")
    assert [(line.kind, line.text) for line in lines] == [("citizen", "Hallo"), ("bot", "Guten Tag!")]
    assert store.sender_for(store.pseudonym("copy-a")) == "copy-a"
    assert conversations.understanding(store, 99.0, 101.0) == {"messages": 1, "not_understood": 0}


def test_deletions_apply_in_their_order_within_a_batch(backend):
    result = feed(backend, said("copy-b", "Hallo", 10.0), {"event": "conversation_deleted", "sender_id": "copy-b", "at": 15.0},
                  said("copy-b", "Noch da?", 20.0), said("copy-c", "alt", 5.0),
                  {"event": "events_deleted_before", "before": 6.0})
    assert result == {"stored": 3, "deleted": 2, "ignored": 0}
    store = store_of(backend)
    assert [line.text for line in store.transcript("copy-b")] == ["Noch da?"]
    assert store.transcript("copy-c") == []


def test_a_refused_batch_changes_nothing(backend):
    response = backend.client.post("/conversations/events.json", headers={"X-Api-Key": API_KEY},
                                   json={"events": [said("copy-d", "Hallo", 1.0), {"event": "user"}]})
    assert response.status_code == 400 and "sender_id" in response.text
    assert store_of(backend).transcript("copy-d") == []


def deletion_memory(backend) -> list:
    return [tuple(row) for row in backend.client.app.state.storage.db.execute(
        "SELECT sender_key, deleted_before FROM conversation_deletions ORDER BY sender_key")]


def test_an_event_another_rasa_instance_sends_late_stays_deleted(backend):
    """Rasa instance A deletes the conversation at 200; instance B's queue still held an event of 150."""
    assert feed(backend, said("copy-e", "alt", 100.0),
                {"event": "conversation_deleted", "sender_id": "copy-e", "at": 200.0})["deleted"] == 1
    assert feed(backend, said("copy-e", "spät von Instanz B", 150.0)) == {"stored": 0, "deleted": 0, "ignored": 1}
    assert feed(backend, said("copy-e", "neu", 250.0))["stored"] == 1, "what the citizen writes afterwards is kept"
    assert [line.text for line in store_of(backend).transcript("copy-e")] == ["neu"]
    keys = [key for key, _before in deletion_memory(backend) if key != "*"]
    assert keys and all(re.fullmatch("[0-9a-f]{64}", key) for key in keys), "a keyed hash, never the chat id"


def test_the_memory_of_a_deleted_conversation_ends_after_30_days(backend):
    from backend import pseudonyms
    from backend.conversation_feed import take

    state = backend.client.app.state
    secret = pseudonyms.key(backend.data_dir)
    noted = 2_000_000_000.0
    take(state.conversation_copy, [{"event": "conversation_deleted", "sender_id": "copy-f", "at": 1000.0}], secret,
         now=noted)
    take(state.conversation_copy, [], secret, now=noted + 29 * 86400)
    assert (pseudonyms.digest(secret, "copy-f"), 1000.0) in deletion_memory(backend)
    take(state.conversation_copy, [], secret, now=noted + 31 * 86400)
    assert pseudonyms.digest(secret, "copy-f") not in dict(deletion_memory(backend))


def test_a_late_event_older_than_the_retention_limit_stays_deleted(backend):
    # Last of the feed tests: the limit applies to every conversation of this module's backend.
    assert feed(backend, {"event": "events_deleted_before", "before": 300.0})["deleted"] >= 1
    assert feed(backend, said("copy-g", "zu alt", 290.0), said("copy-g", "jung genug", 310.0)) == {
        "stored": 1, "deleted": 0, "ignored": 1}
    assert ("*", 300.0) in deletion_memory(backend), "the limit stays, it names nobody"


def test_a_deletion_time_must_be_a_number(backend):
    response = backend.client.post("/conversations/events.json", headers={"X-Api-Key": API_KEY}, json={
        "events": [{"event": "conversation_deleted", "sender_id": "copy-h", "at": "gestern"}]})
    assert response.status_code == 400 and "'at'" in response.text


def test_the_health_check_asks_the_copy_too(backend):
    assert backend.client.get("/health").json() == {"status": "ok"}


@pytest.mark.parametrize("url", ["sqlite:///x.db", "mysql://u:geheim-123@h/db", "postgresql-nicht"])
def test_only_postgresql_or_nothing_is_accepted_and_the_password_never_shown(tmp_path, url):
    with pytest.raises(config.ConfigError, match="CONVERSATION_COPY_URL") as refused:
        config.load({"STADTBOT_DATA_DIR": str(tmp_path), "CONVERSATION_COPY_URL": url})
    assert SECRET not in str(refused.value)


def test_a_postgresql_address_is_taken_and_kept_out_of_the_settings_repr(tmp_path):
    url = f"postgresql://stadtbot:{SECRET}@10.0.1.20:5432/conversation_copy"
    settings = config.load({"STADTBOT_DATA_DIR": str(tmp_path), "CONVERSATION_COPY_URL": url})
    assert settings.conversation_copy_url == url and SECRET not in repr(settings)
    assert config.load({"STADTBOT_DATA_DIR": str(tmp_path)}).conversation_copy_url == ""


@pytest.mark.parametrize("sql,expected", [
    ("SELECT 1 FROM t WHERE sender_id = :sender AND id = :id",
     "SELECT 1 FROM t WHERE sender_id = %(sender)s AND id = %(id)s"),
    ("SELECT '12:30', x::text FROM t WHERE a = :a", "SELECT '12:30', x::text FROM t WHERE a = %(a)s"),
])
def test_the_same_sql_serves_postgresql(sql, expected):
    assert PostgresCopy._sql(sql) == expected
