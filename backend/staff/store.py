"""Staff accounts, login sessions, failed logins and the audit log, in their own tables of the backend's SQLite.

Passwords are hashed with Argon2id (argon2-cffi, memory-hard). A session is a
random token in an HttpOnly cookie; only its SHA-256 is stored, so a copy of
the database does not let anyone log in. The audit log records who changed
what and when (fixmystreet's admin log).
"""

import hashlib
import json
import re
import secrets
from datetime import timedelta
from typing import List, Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from backend import dates
from backend.storage import Storage

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # Argon2 hashes any length; this only keeps requests small

_hasher = PasswordHasher()  # Argon2id, 64 MiB, 3 passes (the library's RFC 9106 "low memory" profile)
# Verified when the user name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class StaffError(ValueError):
    """A German message for the person at the command line or the login form."""


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- accounts --------------------------------------------------------------------------------

def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"Das Passwort ist zu kurz (mindestens {MIN_PASSWORD} Zeichen).")
    if len(password) > MAX_PASSWORD:
        raise StaffError(f"Das Passwort ist zu lang (höchstens {MAX_PASSWORD} Zeichen).")


def create_user(storage: Storage, name: str, password: str) -> None:
    if not NAME.match(name):
        raise StaffError("Ungültiger Benutzername: 2–64 Zeichen aus Buchstaben, Ziffern, Punkt, "
                         "Binde- oder Unterstrich.")
    check_password_rules(password)
    password_hash = _hasher.hash(password)  # before the write lock: Argon2 takes a while on purpose
    with storage.transaction() as db:
        if db.execute("SELECT 1 FROM staff_users WHERE name = ?", [name]).fetchone():
            raise StaffError(f"Den Benutzer „{name}“ gibt es schon.")
        db.execute(
            "INSERT INTO staff_users (name, password_hash, created_datetime) VALUES (?, ?, ?)",
            [name, password_hash, dates.to_db(dates.now())],
        )


def set_password(storage: Storage, name: str, password: str) -> None:
    """New password; every session of the user ends."""
    check_password_rules(password)
    password_hash = _hasher.hash(password)  # before the write lock: Argon2 takes a while on purpose
    with storage.transaction() as db:
        row = db.execute("SELECT id FROM staff_users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise StaffError(f"Den Benutzer „{name}“ gibt es nicht.")
        db.execute("UPDATE staff_users SET password_hash = ? WHERE id = ?", [password_hash, row[0]])
        db.execute("DELETE FROM staff_sessions WHERE user_id = ?", [row[0]])


def deactivate_user(storage: Storage, name: str) -> None:
    """The account can no longer log in and every session of it ends (the audit log keeps its name)."""
    with storage.transaction() as db:
        row = db.execute("SELECT id FROM staff_users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise StaffError(f"Den Benutzer „{name}“ gibt es nicht.")
        db.execute("UPDATE staff_users SET active = 0 WHERE id = ?", [row[0]])
        db.execute("DELETE FROM staff_sessions WHERE user_id = ?", [row[0]])


def list_users(storage: Storage) -> List[dict]:
    return list(storage.db.query("SELECT name, created_datetime, active FROM staff_users ORDER BY name"))


def verify(storage: Storage, name: str, password: str) -> Optional[int]:
    """The user's id when name and password match an active account, else None."""
    row = storage.db.execute(
        "SELECT id, password_hash FROM staff_users WHERE name = ? AND active = 1", [name]
    ).fetchone()
    try:
        _hasher.verify(row[1] if row else _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return row[0] if row else None


# --- throttling ------------------------------------------------------------------------------

def is_throttled(storage: Storage, name: str, ip: str, max_failures: int, minutes: int) -> bool:
    since = dates.to_db(dates.now() - timedelta(minutes=minutes))
    count = storage.db.execute(
        "SELECT COUNT(*) FROM staff_login_failures WHERE name = ? AND ip = ? AND datetime >= ?",
        [name.casefold(), ip, since],
    ).fetchone()[0]
    return count >= max_failures


def record_failure(storage: Storage, name: str, ip: str, minutes: int) -> None:
    now = dates.now()
    with storage.transaction() as db:
        db.execute("INSERT INTO staff_login_failures (name, ip, datetime) VALUES (?, ?, ?)",
                   [name.casefold(), ip, dates.to_db(now)])
        # Old failures no longer count; drop them so the table stays small.
        db.execute("DELETE FROM staff_login_failures WHERE datetime < ?",
                   [dates.to_db(now - timedelta(minutes=minutes))])


def clear_failures(storage: Storage, name: str, ip: str) -> None:
    with storage.transaction() as db:
        db.execute("DELETE FROM staff_login_failures WHERE name = ? AND ip = ?", [name.casefold(), ip])


# --- sessions --------------------------------------------------------------------------------

def start_session(storage: Storage, user_id: int, hours: float) -> str:
    """A new session; answers the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = dates.now()
    with storage.transaction() as db:
        db.execute(
            "INSERT INTO staff_sessions (token_hash, user_id, created_datetime, expires_datetime) VALUES (?, ?, ?, ?)",
            [_hash_token(token), user_id, dates.to_db(now), dates.to_db(now + timedelta(hours=hours))],
        )
        db.execute("DELETE FROM staff_sessions WHERE expires_datetime < ?", [dates.to_db(now)])
    return token


def session_user(storage: Storage, token: Optional[str]) -> Optional[dict]:
    """{"id", "name"} of the logged-in user, or None for a missing, unknown or expired session."""
    if not token or len(token) > 100:
        return None
    row = storage.db.execute(
        "SELECT u.id, u.name FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_datetime > ? AND u.active = 1",
        [_hash_token(token), dates.to_db(dates.now())],
    ).fetchone()
    return {"id": row[0], "name": row[1]} if row else None


def end_session(storage: Storage, token: Optional[str]) -> None:
    if token:
        with storage.transaction() as db:
            db.execute("DELETE FROM staff_sessions WHERE token_hash = ?", [_hash_token(token)])


# --- audit log -------------------------------------------------------------------------------

def audit(storage: Storage, user_name: str, action: str, service_request_id: Optional[str], details: dict) -> None:
    with storage.transaction() as db:
        db.execute(
            "INSERT INTO staff_audit (datetime, user_name, action, service_request_id, details) VALUES (?, ?, ?, ?, ?)",
            [dates.to_db(dates.now()), user_name, action, service_request_id,
             json.dumps(details, ensure_ascii=False)],
        )


AUDIT_ACTIONS = {"status_change": "Stand geändert", "merge": "Duplikat zusammengeführt",
                 "correction": "Korrektur gespeichert", "correction_delete": "Korrektur gelöscht"}


def audit_page(storage: Storage, action: str, user_name: str, page: int, size: int) -> Tuple[List[dict], int]:
    """One page of the whole audit log, newest first, optionally of one action and/or one staff member."""
    where, params = [], []
    if action:
        where, params = where + ["action = ?"], params + [action]
    if user_name:
        where, params = where + ["user_name = ?"], params + [user_name]
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = storage.db.execute(f"SELECT COUNT(*) FROM staff_audit{clause}", params).fetchone()[0]
    rows = storage.db.query(f"SELECT * FROM staff_audit{clause} ORDER BY id DESC LIMIT ? OFFSET ?",
                            params + [size, (page - 1) * size])
    return [{**row, "details": json.loads(row["details"])} for row in rows], total


def audit_users(storage: Storage) -> List[str]:
    return [row[0] for row in storage.db.execute("SELECT DISTINCT user_name FROM staff_audit ORDER BY user_name")]


def audit_for(storage: Storage, service_request_id: str) -> List[dict]:
    rows = storage.db.query(
        "SELECT * FROM staff_audit WHERE service_request_id = ? ORDER BY id", [service_request_id])
    return [{**row, "details": json.loads(row["details"])} for row in rows]
