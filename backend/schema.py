"""The backend's database schema, created and migrated by the backend itself.

Each migration runs once, in its own transaction, and is recorded in
`schema_version`; running `migrate` again is a no-op. Add a migration by
appending a function to MIGRATIONS, never by editing one that has shipped.

The tables keep apart what people may see and what they may not:
`requests` holds the public report (state, texts, place); `reporters` the
contact data of the person who filed it, never served by the public API.
This backend is the receiving city system, so there is no delivery state
here: delivery (outbox, retries) lives on the sending side.
"""

from typing import Callable, List, Tuple

from sqlite_utils import Database

from backend import dates, media_names

FIRST_REQUEST_NUMBER = 1000


def _v1_initial(db: Database) -> None:
    # Raw SQL for AUTOINCREMENT: report numbers are never reused, even after a deletion.
    db.execute(
        """
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            service_request_id TEXT UNIQUE,
            service_code TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            attributes TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            state TEXT NOT NULL DEFAULT 'received',
            status_notes TEXT,
            agency_responsible TEXT,
            service_notice TEXT,
            requested_datetime TEXT NOT NULL,
            updated_datetime TEXT NOT NULL,
            expected_datetime TEXT,
            address TEXT,
            address_id TEXT,
            zipcode TEXT,
            lat REAL,
            long REAL,
            media_url TEXT
        )
        """
    )
    # Numbers start at FIRST_REQUEST_NUMBER so that a report number never looks like a typo ("Meldung 3").
    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('requests', ?)", [FIRST_REQUEST_NUMBER - 1])
    for columns in (["service_code"], ["status"], ["requested_datetime"], ["lat", "long"]):
        db["requests"].create_index(columns)

    db["reporters"].create(
        {"request_id": int, "email": str, "device_id": str, "account_id": str,
         "first_name": str, "last_name": str, "phone": str},
        pk="request_id", foreign_keys=[("request_id", "requests", "id")],
    )
    db["reporters"].create_index(["device_id"])
    db["reporters"].create_index(["account_id"])

    db["notes"].create(
        {"id": int, "request_id": int, "datetime": str, "status": str, "state": str, "note": str, "source": str},
        pk="id", foreign_keys=[("request_id", "requests", "id")],
    )
    db["notes"].create_index(["request_id"])

    db["supporters"].create(
        {"id": int, "request_id": int, "kind": str, "value": str, "datetime": str},
        pk="id", foreign_keys=[("request_id", "requests", "id")],
    )
    db["supporters"].create_index(["request_id", "kind", "value"], unique=True)

    db["tokens"].create(
        {"token": str, "request_id": int, "created_datetime": str},
        pk="token", foreign_keys=[("request_id", "requests", "id")],
    )
    db["idempotency_keys"].create(
        {"key": str, "request_id": int, "fingerprint": str, "created_datetime": str},
        pk="key", foreign_keys=[("request_id", "requests", "id")],
    )
    db["media"].create(
        {"id": str, "file_name": str, "content_type": str, "width": int, "height": int,
         "bytes": int, "created_datetime": str},
        pk="id",
    )
    db["media"].create_index(["file_name"], unique=True)


# Migrations 2-4 came with features that first created their tables themselves at start; IF NOT EXISTS
# lets them run over a database those versions made.

def _v2_notifications(db: Database) -> None:
    """What a messenger adapter must tell whom (backend/notifications.py), written by a trigger on notes."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS notifications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id INTEGER NOT NULL REFERENCES requests(id),
            note_id INTEGER NOT NULL REFERENCES notes(id),
            account_id TEXT NOT NULL,
            role TEXT NOT NULL,
            created_datetime TEXT NOT NULL,
            delivered_datetime TEXT
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (delivered_datetime, id)")
    # The receipt note of a new report has source 'system': the citizen has just been told the number.
    db.execute("""
        CREATE TRIGGER IF NOT EXISTS notifications_on_status_change AFTER INSERT ON notes
        WHEN NEW.source IS NOT 'system'
        BEGIN
            INSERT INTO notifications (request_id, note_id, account_id, role, created_datetime)
            SELECT NEW.request_id, NEW.id, account_id, 'reporter', NEW.datetime
              FROM reporters WHERE request_id = NEW.request_id AND account_id IS NOT NULL AND account_id != ''
            UNION ALL
            SELECT NEW.request_id, NEW.id, value, 'supporter', NEW.datetime
              FROM supporters WHERE request_id = NEW.request_id AND kind = 'account_id';
        END""")


def _v3_staff(db: Database) -> None:
    """Staff accounts, login sessions (token hashes), failed logins, audit log (backend/staff/store.py)."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS staff_users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_datetime TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS staff_sessions (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES staff_users(id),
            created_datetime TEXT NOT NULL,
            expires_datetime TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS staff_login_failures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            ip TEXT NOT NULL,
            datetime TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS staff_login_failures_key ON staff_login_failures (name, ip, datetime)")
    db.execute("""
        CREATE TABLE IF NOT EXISTS staff_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            datetime TEXT NOT NULL,
            user_name TEXT NOT NULL,
            action TEXT NOT NULL,
            service_request_id TEXT,
            details TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS staff_audit_request ON staff_audit (service_request_id, id)")


def _v4_corrections(db: Database) -> None:
    """Staff corrections of what a citizen message meant (backend/staff/teaching.py)."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS staff_corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            datetime TEXT NOT NULL,
            user_name TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            pseudonym TEXT NOT NULL,
            text TEXT NOT NULL,
            intent TEXT NOT NULL,
            entities TEXT NOT NULL DEFAULT '[]',
            predicted_intent TEXT
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS staff_corrections_pseudonym ON staff_corrections (pseudonym)")


def _v5_conversation_events(db: Database) -> None:
    """The staff web's copy of the conversations, sent by the Rasa server's event broker
    (channels/conversation_feed.py -> backend/conversation_feed.py). Columns as in Rasa's own `events` table;
    `id` is the backend's own: Rasa's broker sends no ids."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS conversation_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sender_id TEXT NOT NULL,
            type_name TEXT NOT NULL,
            timestamp REAL,
            intent_name TEXT,
            action_name TEXT,
            data TEXT
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS conversation_events_sender ON conversation_events (sender_id, id)")
    db.execute("CREATE INDEX IF NOT EXISTS conversation_events_time ON conversation_events (timestamp)")


def _v6_media_of_reports(db: Database) -> None:
    """Each photo names the report that uses it (backend.storage links it when the report is filed),
    so photos no report uses can be deleted and a report's photos found. Photos of earlier reports
    are linked here by the reports' media_url, the oldest report first."""
    if "request_id" not in db["media"].columns_dict:  # safe to run twice, like the migrations before it
        db.execute("ALTER TABLE media ADD COLUMN request_id INTEGER REFERENCES requests(id)")
    db.execute("CREATE INDEX IF NOT EXISTS media_request ON media (request_id)")
    for request_id, media_url in db.execute(
            "SELECT id, media_url FROM requests WHERE COALESCE(media_url, '') != '' ORDER BY id").fetchall():
        file_name = media_names.file_name_in(media_url)
        if file_name:
            db.execute("UPDATE media SET request_id = ? WHERE file_name = ? AND request_id IS NULL",
                       [request_id, file_name])


def _v7_public_view(db: Database) -> None:
    """What the public may read (backend/releases.py): a note says whether it is for the citizen (sent to
    them and shown publicly) or internal, and `releases` keeps the masked text, address and photo a staff
    member released. Every note so far was sent to the citizen by the trigger of migration 2, so they are
    all citizen notes; the trigger now leaves internal notes out."""
    if "for_citizen" not in db["notes"].columns_dict:  # safe to run twice, like the migrations before it
        db.execute("ALTER TABLE notes ADD COLUMN for_citizen INTEGER NOT NULL DEFAULT 1")
    db.execute("DROP TRIGGER IF EXISTS notifications_on_status_change")
    db.execute("""
        CREATE TRIGGER notifications_on_status_change AFTER INSERT ON notes
        WHEN NEW.source IS NOT 'system' AND NEW.for_citizen = 1
        BEGIN
            INSERT INTO notifications (request_id, note_id, account_id, role, created_datetime)
            SELECT NEW.request_id, NEW.id, account_id, 'reporter', NEW.datetime
              FROM reporters WHERE request_id = NEW.request_id AND account_id IS NOT NULL AND account_id != ''
            UNION ALL
            SELECT NEW.request_id, NEW.id, value, 'supporter', NEW.datetime
              FROM supporters WHERE request_id = NEW.request_id AND kind = 'account_id';
        END""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS releases (
            request_id INTEGER PRIMARY KEY REFERENCES requests(id),
            description TEXT NOT NULL DEFAULT '',
            address TEXT,
            photo INTEGER NOT NULL DEFAULT 0,
            released_datetime TEXT NOT NULL,
            released_by TEXT NOT NULL
        )""")


def _v8_login_failure_indexes(db: Database) -> None:
    """Failed logins are also counted per device (a signed device cookie, backend/staff/devices.py): `device`
    holds the SHA-256 of its nonce, '' without one. Each throttling query gets an index that serves its
    WHERE and ORDER BY: per address (ip, datetime); per name or device (name, device, datetime), as the
    index of migration 3 (name, ip, datetime) serves only the name and leaves the rest to a scan and a sort."""
    if "device" not in db["staff_login_failures"].columns_dict:  # safe to run twice, like the migrations before it
        db.execute("ALTER TABLE staff_login_failures ADD COLUMN device TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX IF NOT EXISTS staff_login_failures_ip ON staff_login_failures (ip, datetime)")
    db.execute("CREATE INDEX IF NOT EXISTS staff_login_failures_name "
               "ON staff_login_failures (name, device, datetime)")


def _v9_conversation_deletions(db: Database) -> None:
    """What was deleted from the conversation copy (backend/conversation_feed.py), so that an event another Rasa
    instance sends late stays deleted: per conversation the keyed hash of its sender and the time of the
    deletion, '*' for the retention limit of every conversation; `noted`: when the backend learnt it."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS conversation_deletions (
            sender_key TEXT PRIMARY KEY,
            deleted_before REAL NOT NULL,
            noted REAL NOT NULL
        )""")


def _v10_citizen_feedback(db: Database) -> None:
    """Citizens confirm a solved report or reopen it, and rate the handling 1–5 (backend/feedback.py): one row
    per answer, with the role of who answered but not who. Notes a citizen causes (source 'citizen': a
    reopening) notify nobody; staff see them, and the other citizens hear of the next staff note."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS citizen_feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id INTEGER NOT NULL REFERENCES requests(id),
            datetime TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('fixed', 'not_fixed')),
            role TEXT NOT NULL CHECK (role IN ('reporter', 'supporter')),
            service_code TEXT NOT NULL,
            rating INTEGER CHECK (rating BETWEEN 1 AND 5)
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS citizen_feedback_request ON citizen_feedback (request_id)")
    db.execute("DROP TRIGGER IF EXISTS notifications_on_status_change")
    db.execute("""
        CREATE TRIGGER notifications_on_status_change AFTER INSERT ON notes
        WHEN NEW.source NOT IN ('system', 'citizen') AND NEW.for_citizen = 1
        BEGIN
            INSERT INTO notifications (request_id, note_id, account_id, role, created_datetime)
            SELECT NEW.request_id, NEW.id, account_id, 'reporter', NEW.datetime
              FROM reporters WHERE request_id = NEW.request_id AND account_id IS NOT NULL AND account_id != ''
            UNION ALL
            SELECT NEW.request_id, NEW.id, value, 'supporter', NEW.datetime
              FROM supporters WHERE request_id = NEW.request_id AND kind = 'account_id';
        END""")


def _v11_catalog_checks(db: Database) -> None:
    """Staff confirm that a catalog fact is still true ("geprüft am", backend/staff/catalog_checks.py): per fact
    (its place in the catalog and a hash of its text and Stand, so an edited fact counts as unchecked) the
    newest check and who made it."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS catalog_checks (
            fact_key TEXT PRIMARY KEY,
            checked_datetime TEXT NOT NULL,
            user_name TEXT NOT NULL
        )""")


def _v12_state_deadlines(db: Database) -> None:
    """How many days a report of a category may stay "eingegangen" (also "wieder geöffnet") or "in Bearbeitung"
    before it is overdue (backend/reminders.py); set by staff, NULL: no limit."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS state_deadlines (
            service_code TEXT PRIMARY KEY,
            received_days INTEGER CHECK (received_days >= 0),
            in_progress_days INTEGER CHECK (in_progress_days >= 0),
            updated_datetime TEXT NOT NULL,
            user_name TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS requests_state_updated ON requests (state, updated_datetime)")


def _v13_assets(db: Database) -> None:
    """The city's assets with a number on them (backend/assets.py): streetlights with their mast number, and
    litter bins or traffic lights the same way; one row per kind and number, updated by a re-import."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS assets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            asset_id TEXT NOT NULL,
            lat REAL NOT NULL,
            long REAL NOT NULL,
            street TEXT,
            operator TEXT,
            type TEXT,
            imported_datetime TEXT NOT NULL,
            UNIQUE (kind, asset_id)
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS assets_place ON assets (kind, lat, long)")


def _v14_incidents(db: Database) -> None:
    """Known incidents (backend/incidents.py): a lamp fault the lighting operator's system sent, road works in an
    area until a date, a case staff cleared up; and the citizens who asked to be told when one is fixed.
    `notifications` is rebuilt so that a row may name an incident instead of a report and its note (SQLite
    cannot drop NOT NULL in place); the trigger of migration 10 is written again unchanged around it."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS incidents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            service_code TEXT NOT NULL,
            asset_id TEXT,
            lat REAL NOT NULL,
            long REAL NOT NULL,
            radius REAL NOT NULL,
            description TEXT NOT NULL,
            valid_until TEXT,
            source TEXT NOT NULL CHECK (source IN ('staff', 'operator')),
            external_key TEXT UNIQUE,
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
            cleared INTEGER NOT NULL DEFAULT 0,
            created_datetime TEXT NOT NULL,
            updated_datetime TEXT NOT NULL,
            closed_datetime TEXT,
            closed_by TEXT,
            close_note TEXT
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS incidents_place ON incidents (state, service_code, lat, long)")
    db.execute("CREATE INDEX IF NOT EXISTS incidents_asset ON incidents (state, service_code, asset_id)")
    db.execute("""
        CREATE TABLE IF NOT EXISTS incident_watchers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id INTEGER NOT NULL REFERENCES incidents(id),
            account_id TEXT NOT NULL,
            created_datetime TEXT NOT NULL,
            UNIQUE (incident_id, account_id)
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS incident_watchers_account ON incident_watchers (account_id)")
    # Open reports of a lamp (the Open311 attribute pole_number), asked at every streetlight report.
    db.execute("CREATE INDEX IF NOT EXISTS requests_pole_number "
               "ON requests (json_extract(attributes, '$.pole_number'))")
    db.execute("DROP TRIGGER IF EXISTS notifications_on_status_change")
    db.execute("""
        CREATE TABLE notifications_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id INTEGER REFERENCES requests(id),
            note_id INTEGER REFERENCES notes(id),
            incident_id INTEGER REFERENCES incidents(id),
            account_id TEXT NOT NULL,
            role TEXT NOT NULL,
            created_datetime TEXT NOT NULL,
            delivered_datetime TEXT
        )""")
    db.execute("INSERT INTO notifications_new (id, request_id, note_id, account_id, role, created_datetime, "
               "delivered_datetime) SELECT id, request_id, note_id, account_id, role, created_datetime, "
               "delivered_datetime FROM notifications")
    db.execute("DROP TABLE notifications")
    db.execute("ALTER TABLE notifications_new RENAME TO notifications")
    db.execute("CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (delivered_datetime, id)")
    db.execute("""
        CREATE TRIGGER notifications_on_status_change AFTER INSERT ON notes
        WHEN NEW.source NOT IN ('system', 'citizen') AND NEW.for_citizen = 1
        BEGIN
            INSERT INTO notifications (request_id, note_id, account_id, role, created_datetime)
            SELECT NEW.request_id, NEW.id, account_id, 'reporter', NEW.datetime
              FROM reporters WHERE request_id = NEW.request_id AND account_id IS NOT NULL AND account_id != ''
            UNION ALL
            SELECT NEW.request_id, NEW.id, value, 'supporter', NEW.datetime
              FROM supporters WHERE request_id = NEW.request_id AND kind = 'account_id';
        END""")


MIGRATIONS: List[Tuple[int, str, Callable[[Database], None]]] = [
    (1, "requests, reporters, notes, supporters, tokens, idempotency keys, media", _v1_initial),
    (2, "notifications for messenger adapters, filled by a trigger on notes", _v2_notifications),
    (3, "staff accounts, sessions, failed logins, audit log", _v3_staff),
    (4, "staff corrections for training", _v4_corrections),
    (5, "conversation events from the Rasa server's event broker", _v5_conversation_events),
    (6, "photos linked to the report that uses them", _v6_media_of_reports),
    (7, "notes for the citizen or internal; what staff released for the public", _v7_public_view),
    (8, "failed logins per device; indexes for the login throttling", _v8_login_failure_indexes),
    (9, "what was deleted from the conversation copy", _v9_conversation_deletions),
    (10, "citizens confirm or reopen solved reports and rate them; their notes notify nobody", _v10_citizen_feedback),
    (11, "staff checks of catalog facts", _v11_catalog_checks),
    (12, "how long a report may stay received or in progress, per category", _v12_state_deadlines),
    (13, "the city's assets: streetlights with their mast numbers, and other kinds", _v13_assets),
    (14, "known incidents and who waits for them; notifications may name an incident", _v14_incidents),
]


def current_version(db: Database) -> int:
    if "schema_version" not in db.table_names():
        return 0
    return db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring the database to the newest schema; returns the version it is at."""
    db["schema_version"].create(
        {"version": int, "description": str, "applied_datetime": str}, pk="version", if_not_exists=True
    )
    for version, description, apply in MIGRATIONS:
        if version <= current_version(db):
            continue
        with db.atomic():
            apply(db)
            db["schema_version"].insert(
                {"version": version, "description": description, "applied_datetime": dates.to_db(dates.now())}
            )
    return current_version(db)
