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

from backend import dates

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


MIGRATIONS: List[Tuple[int, str, Callable[[Database], None]]] = [
    (1, "requests, reporters, notes, supporters, tokens, idempotency keys, media", _v1_initial),
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
