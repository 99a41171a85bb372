"""Staff accounts, login sessions, failed logins and the audit log, in their own tables of the backend's SQLite.

Passwords are hashed with Argon2id (argon2-cffi, memory-hard). A session is a
random token in an HttpOnly cookie; only its SHA-256 is stored, so a copy of
the database does not let anyone log in. The audit log records who changed
what and when (fixmystreet's admin log).

Logins are throttled per user name (from any address) and per address (for
any name); an attempt with a valid device cookie (backend/staff/devices.py) is
throttled per device instead of per name, so strangers cannot lock a staff
member out of a browser they logged in from before. An attempt is checked
against its limits and counted as a failure in one transaction, before its
password is hashed, so parallel attempts cannot all pass the check; a
successful login takes its count back. Each hash needs
64 MiB, so at most `HASH_SLOTS` run at once and a few more may wait briefly;
the rest are told the login is busy (`HashingBusy`) instead of queueing.
"""

import hashlib
import ipaddress
import json
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from backend import dates
# The login and its tests know the cap by these names; backend.limits serves photo processing too.
from backend.limits import Busy as HashingBusy, Limiter as HashLimiter  # noqa: F401  (callers: store.HashingBusy)
from backend.storage import Storage

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # Argon2 hashes any length; this only keeps requests small

_hasher = PasswordHasher()  # Argon2id, 64 MiB, 3 passes (the library's RFC 9106 "low memory" profile)
# Verified when the user name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

# At most this many Argon2 hashes at once (64 MiB each), and this many more attempts waiting for one
# (each waiting attempt holds a worker thread of the server, which the Open311 API shares).
HASH_SLOTS = 2
HASH_WAITING = 8
HASH_WAIT_SECONDS = 3.0


class StaffError(ValueError):
    """A German message for the person at the command line or the login form."""


hashing = HashLimiter(HASH_SLOTS, HASH_WAITING, HASH_WAIT_SECONDS)


def _hash(password: str) -> str:
    with hashing.slot():
        return _hasher.hash(password)


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
    password_hash = _hash(password)  # before the write lock: Argon2 takes a while on purpose
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
    password_hash = _hash(password)  # before the write lock: Argon2 takes a while on purpose
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
    """The user's id when name and password match an active account, else None; HashingBusy when no slot is free.

    An unknown name is checked against a dummy hash (in the same slots), so it takes as long as a wrong password.
    """
    row = storage.db.execute(
        "SELECT id, password_hash FROM staff_users WHERE name = ? AND active = 1", [name]
    ).fetchone()
    with hashing.slot():
        try:
            _hasher.verify(row[1] if row else _DUMMY_HASH, password[:MAX_PASSWORD])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
    return row[0] if row else None


# --- throttling ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limit:
    """At most `failures` failed logins within `minutes`."""

    failures: int
    minutes: int


# Per address, for any user name (password spraying). Generous, as a whole office may share one
# address; the per-name limit is a setting (STAFF_LOGIN_MAX_FAILURES, STAFF_LOGIN_LOCK_MINUTES).
ADDRESS_LIMIT = Limit(failures=20, minutes=15)


class Throttled(Exception):
    """Too many failed logins for this name, device or address; `minutes` until an attempt may pass again.

    `by_name`: the name's own limit is reached (a device the name logged in from before could still try).
    """

    def __init__(self, minutes: int, by_name: bool = False):
        super().__init__(minutes)
        self.minutes, self.by_name = minutes, by_name


def address_key(host: Optional[str]) -> str:
    """What the per-address limit counts: an IPv4 address, or the /64 network of an IPv6 one.

    One IPv6 connection usually owns a whole /64, so single addresses would be free to rotate.
    """
    if not host:
        return "-"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an address (a test client's name): counted as it is
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


# Which failures each limit counts (`device` is '' for attempts without a valid device cookie).
# Migration 8 gives each an index: (ip, datetime) and (name, device, datetime).
BY_ADDRESS = "ip = ?"
BY_NAME = "name = ? AND device = ''"
BY_DEVICE = "name = ? AND device = ?"


def window_query(where: str) -> str:
    """The `failures`-th newest failure inside the window (parameters: *where's, window start, offset)."""
    return (f"SELECT datetime FROM staff_login_failures WHERE {where} AND datetime >= ? "
            "ORDER BY datetime DESC LIMIT 1 OFFSET ?")


def begin_attempt(storage: Storage, name: str, address: str, per_name: Limit, per_address: Limit,
                  device: str = "") -> int:
    """Check the limits and count this attempt as a failure, in one transaction; answers the attempt's id.

    `device`: the key of a valid device cookie for this name (devices.Device.key), or ''. With one, the
    attempt is counted and limited (by `per_name`) under name and device instead of under the name alone.
    Raises Throttled (and counts nothing) when a limit is reached. Counting before the password is
    checked is what makes the limits hold for parallel attempts; `login_succeeded` and `attempt_not_made`
    take the count back.
    """
    now, key = dates.now(), name.casefold()
    with storage.transaction() as db:
        own = (_minutes_until_free(db, BY_DEVICE, [key, device], per_name, now) if device
               else _minutes_until_free(db, BY_NAME, [key], per_name, now))
        by_address = _minutes_until_free(db, BY_ADDRESS, [address], per_address, now)
        if own or by_address:
            # The hint about devices only helps when the name's limit is all that blocks.
            raise Throttled(max(own, by_address), by_name=bool(own) and not device and not by_address)
        attempt = db.execute("INSERT INTO staff_login_failures (name, ip, datetime, device) VALUES (?, ?, ?, ?)",
                             [key, address, dates.to_db(now), device]).lastrowid
        # Old failures no longer count; drop them so the table stays small.
        oldest = max(per_name.minutes, per_address.minutes)
        db.execute("DELETE FROM staff_login_failures WHERE datetime < ?",
                   [dates.to_db(now - timedelta(minutes=oldest))])
    return attempt


def _minutes_until_free(db, where: str, values: list, limit: Limit, now: datetime) -> int:
    """0 when one more failure is allowed, else the minutes (rounded up) until the failure that blocks expires."""
    # The limit is reached when the `failures`-th newest failure lies inside the window; it blocks until it leaves.
    row = db.execute(window_query(where),
                     [*values, dates.to_db(now - timedelta(minutes=limit.minutes)), max(limit.failures, 1) - 1],
                     ).fetchone()
    if row is None:
        return 0
    free_at = datetime.fromisoformat(row[0]) + timedelta(minutes=limit.minutes)
    return max(1, math.ceil((free_at - now).total_seconds() / 60))


def login_succeeded(storage: Storage, attempt: int, name: str, address: str, device: str = "") -> None:
    """The attempt was right: it, the earlier failures of this name from this address and those of its device
    no longer count."""
    with storage.transaction() as db:
        db.execute("DELETE FROM staff_login_failures WHERE id = ? OR (name = ? AND ip = ?)",
                   [attempt, name.casefold(), address])
        if device:
            db.execute(f"DELETE FROM staff_login_failures WHERE {BY_DEVICE}", [name.casefold(), device])


def attempt_not_made(storage: Storage, attempt: int) -> None:
    """No password was checked (hashing was busy): the attempt does not count."""
    with storage.transaction() as db:
        db.execute("DELETE FROM staff_login_failures WHERE id = ?", [attempt])


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
    """{"id", "name", "expires"} of the logged-in user (expires: the session's end as stored UTC text), or None
    for a missing, unknown or expired session."""
    if not token or len(token) > 100:
        return None
    row = storage.db.execute(
        "SELECT u.id, u.name, s.expires_datetime FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_datetime > ? AND u.active = 1",
        [_hash_token(token), dates.to_db(dates.now())],
    ).fetchone()
    return {"id": row[0], "name": row[1], "expires": row[2]} if row else None


def extend_session(storage: Storage, token: Optional[str], hours: float) -> Optional[datetime]:
    """"Angemeldet bleiben": a valid session now ends `hours` from now; answers its new end (None: no such session).

    Only a session that has not ended yet can be extended, so a stolen but expired cookie stays worthless."""
    if not token or len(token) > 100:
        return None
    now = dates.now()
    ends = now + timedelta(hours=hours)
    with storage.transaction() as db:
        changed = db.execute(
            "UPDATE staff_sessions SET expires_datetime = ? WHERE token_hash = ? AND expires_datetime > ? "
            "AND user_id IN (SELECT id FROM staff_users WHERE active = 1)",
            [dates.to_db(ends), _hash_token(token), dates.to_db(now)]).rowcount
    return ends if changed else None


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
                 "release": "Meldung veröffentlicht", "release_withdraw": "Veröffentlichung zurückgenommen",
                 "correction": "Korrektur gespeichert", "correction_delete": "Korrektur gelöscht",
                 "internal_note": "Interne Notiz", "location": "Kartenpunkt gesetzt",
                 "catalog_check": "Katalogangabe geprüft", "deadlines": "Fristen geändert",
                 "incident": "Störung eingetragen", "incident_close": "Störung geschlossen"}


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
