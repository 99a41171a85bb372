"""/loeschen forgets a citizen everywhere: a whole Telegram journey, then every store is searched for the chat id.

The journey leaves a trace in each store: a report with a photo (backend.db, media/), a status
notification delivered, "meine Meldungen" (the backend's access log), a support of someone else's
report, a cancelled report whose photo was uploaded but never used, a message waiting for
"Nochmal senden" and a photo file waiting for "Ist das der Ort?" (the adapter's persistence file),
a report waiting in the outbox. After /loeschen no database table, no persistence entry and no log
line names the chat; the reports stay with the city, the unused photo is gone, and every log file
is private (600) and carries no secret.

Scaled (STADTBOT_SCALED=1), Rasa's tracker store is PostgreSQL and its lock store Redis: every table of
every database of the PostgreSQL server is searched too, and every Redis key with its value. Rasa's
RedisLockStore names a conversation's lock `lock:<sender id>` (the chat id; the value names it too),
without an expiry; it deletes the key at the end of each turn, so none is left once the turns are answered.
(A turn that never ends, its worker killed, would leave its key: /loeschen deletes events only.)
"""

import pickle
import re
import sqlite3
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import sqlalchemy

from actions.config import OUTBOX_FILE
from actions.outbox import Outbox
from backend.pseudonyms import pseudonym_for
from scripts.stack import action_server
from tests.telegram_fixtures import api_key, filed_number, photo_with_exif, somewhere_in_gera

pytest_plugins = ["tests.telegram_fixtures"]

PERSISTENCE_INTERVAL = 10  # seconds (bot/config.py): PTB hands the chats over, bot/chat_state.py writes them, each this often
RATE_PAUSE = 8  # seconds for the chat's rate limit to allow a few messages again


# --- looking into the stores (read-only) -------------------------------------------------------------------


def mentions(text: str, chat_id: int) -> bool:
    return re.search(rf"(?<!\d){chat_id}(?!\d)", text) is not None


def rows_naming(name: str, url, chat_id: int) -> list:
    """(database, table, column, value) of every cell of every table of a database that contains the chat id."""
    found = []
    engine = sqlalchemy.create_engine(url)
    try:
        inspector = sqlalchemy.inspect(engine)
        quote = engine.dialect.identifier_preparer.quote
        with engine.connect() as db:
            for schema in inspector.get_schema_names():
                if schema == "information_schema" or schema.startswith("pg_"):
                    continue  # the server's catalogs
                for table in inspector.get_table_names(schema=schema):
                    for column in (c["name"] for c in inspector.get_columns(table, schema=schema)):
                        query = (f"SELECT {quote(column)} FROM {quote(schema)}.{quote(table)} "
                                 f"WHERE CAST({quote(column)} AS TEXT) LIKE :pattern")
                        for (value,) in db.execute(sqlalchemy.text(query), {"pattern": f"%{chat_id}%"}):
                            if mentions(str(value), chat_id):
                                found.append((name, table, column, str(value)[:200]))
    finally:
        engine.dispose()
    return found


def every_database(settings) -> list:
    """(name, URL) of every database: the SQLite files backend.db, outbox.db, conversation-feed.db (the feed's
    spool) and, embedded, conversations.db (Rasa's tracker store); scaled, every database of the PostgreSQL server
    that holds Rasa's tracker store and the staff web's copy (as SQLAlchemy URLs, whose repr hides the password)."""
    found = [(path.name, f"sqlite:///file:{path}?mode=ro&uri=true") for path in sorted(settings.data_dir.glob("*.db"))]
    tracker = sqlalchemy.engine.make_url(settings.tracker_store_url)
    if tracker.get_backend_name() != "sqlite":
        engine = sqlalchemy.create_engine(tracker)
        try:
            with engine.connect() as server:
                names = list(server.execute(sqlalchemy.text("SELECT datname FROM pg_database WHERE datallowconn")
                                            ).scalars())
        finally:
            engine.dispose()
        found += [(f"postgresql/{name}", tracker.set(database=name)) for name in sorted(names)]
    return found


def tracker_store_name(settings) -> str:
    """The name `every_database` gives Rasa's tracker store."""
    tracker = sqlalchemy.engine.make_url(settings.tracker_store_url)
    if tracker.get_backend_name() == "sqlite":
        return Path(tracker.database).name
    return f"postgresql/{tracker.database}"


def copy_store_name(settings) -> str:
    """The name `every_database` gives the staff web's copy of the conversations (backend/conversation_copy.py)."""
    if not settings.conversation_copy_url:
        return "backend.db"
    return f"postgresql/{sqlalchemy.engine.make_url(settings.conversation_copy_url).database}"


def rows_naming_anywhere(settings, chat_id: int) -> list:
    return [row for name, url in every_database(settings) for row in rows_naming(name, url, chat_id)]


def redis_naming(settings, chat_id: int) -> list:
    """(db, key, value) of every key of the lock store's Redis (scaled) whose name or value contains the chat id;
    the value of string keys, the only kind Rasa's lock store writes."""
    if not settings.lock_store_url:
        return []
    import redis

    found = []
    client = redis.Redis.from_url(settings.lock_store_url)
    try:
        databases = [int(name[2:]) for name in client.info("keyspace")]  # {"db0": {...}}: the ones with keys
    finally:
        client.close()
    for number in databases:
        client = redis.Redis.from_url(settings.lock_store_url, db=number)
        try:
            for key in client.scan_iter(count=1000):
                value = client.get(key) if client.type(key) == b"string" else b""
                text = f"{key.decode(errors='replace')} {(value or b'').decode(errors='replace')}"
                if mentions(text, chat_id):
                    found.append((number, key, (value or b"")[:200]))
        finally:
            client.close()
    return found


def chat_state(data_dir: Path) -> dict:
    """The adapter's persistence file, as python-telegram-bot's PicklePersistence wrote it."""
    path = data_dir / "telegram-chats.pickle"
    return pickle.loads(path.read_bytes()) if path.exists() else {}


def contains(value, needle) -> bool:
    """Whether `needle` (a chat id as int or text, or a text) appears anywhere in nested data."""
    if isinstance(value, dict):
        return any(contains(k, needle) or contains(v, needle) for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return any(contains(item, needle) for item in value)
    if isinstance(value, str):
        return (str(needle) in value) if isinstance(needle, str) else mentions(value, needle)
    return value == needle


def wait_for(condition, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, message
        time.sleep(0.5)


def unlinked_photos(data_dir: Path) -> set:
    with sqlite3.connect(f"file:{data_dir / 'backend.db'}?mode=ro", uri=True) as db:
        return {name for (name,) in db.execute("SELECT file_name FROM media WHERE request_id IS NULL")}


def log_files(data_dir: Path) -> list:
    """Every log of the assistant's processes (the emulator's belongs to the tests, not the assistant)."""
    return [path for path in (data_dir / "logs").glob("*.log*") if not path.name.startswith("telegram-emulator")]


def secrets_of(settings, services: dict) -> dict:
    data_dir = settings.data_dir
    found = {"OPEN311_API_KEY": api_key(settings), "RASA_API_TOKEN": settings.rasa_api_token,
             "TELEGRAM_BOT_TOKEN": settings.telegram_bot_token}
    for name, service in services.items():  # scaled: the private PostgreSQL's and Redis's passwords
        found[f"{name} password"] = service.password
    for name in ("action-server-token", "staff-csrf-key", "staff-device-key", "staff-pseudonym-key"):
        if (data_dir / name).exists():
            found[name] = (data_dir / name).read_text().strip()
    return found


# --- the journey -------------------------------------------------------------------------------------------


def backend_report(settings, number: str) -> dict:
    """The report as the city's systems see it (with the key: photo address and supporters included)."""
    response = httpx.get(f"{settings.backend_url}/open311/v2/requests/{number}.json", params={"extensions": "true"},
                         headers={"X-Api-Key": api_key(settings)})
    response.raise_for_status()
    return response.json()[0]


def someone_elses_report(settings, point: dict) -> str:
    response = httpx.post(f"{settings.backend_url}/open311/v2/requests.json", headers={"X-Api-Key": api_key(settings)},
                          data={"service_code": "drain", "lat": point["latitude"], "long": point["longitude"],
                                "description": "Gully läuft über", "account_id": f"other-{uuid.uuid4().hex[:8]}"})
    response.raise_for_status()
    return response.json()[0]["service_request_id"]


def change_status(settings, number: str) -> None:
    response = httpx.post(f"{settings.backend_url}/open311/v2/requests/{number}/status.json",
                          headers={"X-Api-Key": api_key(settings)},
                          data={"state": "in_progress", "note": "Die Stadtreinigung kommt morgen."})
    response.raise_for_status()


def asked_duplicate_or_description(messages) -> bool:
    return any("diese Meldung" in m.text or "Beschreiben" in m.text for m in messages)


def test_delete_leaves_no_trace_of_the_chat_in_any_store_or_log(stack, telegram, telegram_citizen):
    settings, citizen = telegram.settings, telegram_citizen
    chat = citizen.chat_id
    data_dir = settings.data_dir
    waiting_text = f"Die Laterne am Zaubergarten {uuid.uuid4().hex[:6]} ist aus"

    # A report with a photo, filed.
    citizen.sends_photo(photo_with_exif("JPEG"), (320, 240), caption="Umgestürzter Baum blockiert den Fußweg",
                        expect="Wo ist das")
    point = somewhere_in_gera()
    citizen.sends_location(point["latitude"], point["longitude"], expect="Absenden")
    mine = filed_number(citizen.presses("Absenden", expect="Nr."))
    photo_url = backend_report(settings, mine)["media_url"]
    assert photo_url

    # A status change reaches the chat; "Meine Meldungen" asks the backend for the chat's reports.
    change_status(settings, mine)
    citizen.waits_for("Neuigkeiten zu Ihrer Meldung")
    citizen.presses("Meine Meldungen", expect=mine)

    # "Me too" for someone else's report nearby.
    time.sleep(RATE_PAUSE)  # a citizen's pace: the chat's rate limit lets 8 through at once, then one every 2 s
    there = somewhere_in_gera()
    theirs = someone_elses_report(settings, there)
    citizen.says("Der Gully ist verstopft", expect="Wo ist das")
    citizen.sends_location(there["latitude"], there["longitude"], expect="Ohne Foto")
    asked = citizen.presses("Ohne Foto", expect=asked_duplicate_or_description)
    if not any("diese Meldung" in m.text for m in asked):
        citizen.says("Das Wasser steht auf der Straße", expect="diese Meldung")
    citizen.presses("Ja, unterstützen", expect="Sie unterstützen jetzt Meldung")

    # A report with a photo, cancelled: the photo was uploaded but no report uses it.
    before = unlinked_photos(data_dir)
    citizen.sends_photo(photo_with_exif("JPEG", size=(300, 200)), (300, 200), expect=lambda got: bool(got))
    cancelled_photos = wait_for(lambda: unlinked_photos(data_dir) - before, 30, "the photo was not uploaded")
    citizen.says("/abbrechen", expect="nichts gesendet")

    # A message waiting for "Nochmal senden" (the action server is down for a moment).
    time.sleep(RATE_PAUSE)  # a citizen's pace: the chat's rate limit lets 8 through at once, then one every 2 s
    stack.stop("actions")
    try:
        citizen.says(waiting_text, expect="Nochmal senden")
    finally:
        stack.start("actions", action_server)
    # A photo file whose GPS position waits for "Ist das der Ort?".
    citizen.sends_document(photo_with_exif("JPEG", gps=(50.8763, 12.0836)), "IMG_2.jpg", "image/jpeg",
                           expect="Ist das der Ort")
    # A report waiting in the outbox (due in an hour, so the delivery loop leaves it alone).
    outbox = Outbox(data_dir / OUTBOX_FILE)
    key = uuid.uuid4().hex
    outbox.put({"service_code": "drain", "lat": 50.8763, "long": 12.0836, "account_id": str(chat),
                "media_url": photo_url, "description": "Gully verstopft am Markt"}, key, str(chat),
               now=datetime.now(timezone.utc) + timedelta(hours=1))

    # Every store holds the chat now.
    wait_for(lambda: contains(chat_state(data_dir).get("chat_data", {}).get(chat, {}), waiting_text),
             3 * PERSISTENCE_INTERVAL, "the adapter's persistence file has the text waiting to be sent again")
    assert {name for name, *_ in rows_naming_anywhere(settings, chat)} >= {
        "backend.db", "outbox.db", tracker_store_name(settings), copy_store_name(settings)}
    assert any(mine in m.text for m in citizen.received)

    time.sleep(RATE_PAUSE)  # the journey used the chat's burst (bot/config.py: 8 at once, then one every 2 s)
    citizen.says("/loeschen", expect="Ja, löschen")
    citizen.presses("Ja, löschen", expect="Erledigt")

    # No table of any database names the chat: reports, supports, notifications, the staff copy, the outbox,
    # Rasa's tracker store (SQLite, or scaled PostgreSQL) and its feed's spool; scaled, no Redis key either.
    assert rows_naming_anywhere(settings, chat) == []
    assert redis_naming(settings, chat) == []
    # The adapter's chat state is gone from its persistence file (written every few seconds).
    wait_for(lambda: chat not in chat_state(data_dir).get("chat_data", {}), 3 * PERSISTENCE_INTERVAL,
             "the chat's state is still in telegram-chats.pickle")
    state = chat_state(data_dir)
    assert not contains(state, chat) and not contains(state, waiting_text)
    # The unused photo is gone (row and file); the reports and their photo stay with the city.
    assert not cancelled_photos & unlinked_photos(data_dir)
    assert not any((data_dir / "media" / name).exists() for name in cancelled_photos)
    assert backend_report(settings, mine)["media_url"] == photo_url
    assert (data_dir / "media" / photo_url.rsplit("/", 1)[1]).exists()
    assert backend_report(settings, theirs)["extended_attributes"]["supporters"] == 1, "the support still counts"
    waiting = outbox.get(key)
    assert waiting.sender_id == "" and "account_id" not in waiting.report and "media_url" not in waiting.report

    # Logs: no chat id, no secret, private, and "meine Meldungen" logged under the pseudonym.
    logs = {path.name: path.read_text(errors="replace") for path in log_files(data_dir)}
    assert {"backend.log", "actions.log", "rasa.log", "bot.log"} <= set(logs)
    assert [name for name, text in logs.items() if mentions(text, chat)] == []
    for secret_name, secret in secrets_of(settings, stack.services).items():
        assert secret and [name for name, text in logs.items() if secret in text] == [], secret_name
    assert f"account_id=~{pseudonym_for(data_dir, str(chat))}" in logs["backend.log"]
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in log_files(data_dir)} == {
        path.name: "0o600" for path in log_files(data_dir)}


def test_every_file_the_assistant_writes_is_private(stack, telegram):
    """Databases, photos, the chat state, logs and keys: readable by the assistant's user only."""
    data_dir = telegram.settings.data_dir
    opened = [path for path in data_dir.rglob("*") if path.is_file() and path.stat().st_mode & 0o077
              and not path.name.startswith("telegram-emulator")]
    assert opened == []
