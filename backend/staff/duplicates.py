"""Merging a report into the one it duplicates: state "duplicate", supporters and reporter move to the original.

Everything happens in one transaction: the duplicate gets the state
"duplicate" with the note "Duplikat von Meldung N: …" (its reporter and
supporters are notified by backend.notifications' trigger), its supporters
move to the original (those already counted there stay once), its reporter
becomes a supporter of the original (so they hear of the original's later
changes) and the audit log gets an entry with action "merge".

Which report a duplicate belongs to is read back from that audit entry: it
names both numbers, so no second record can disagree with it. A link shows
only while the duplicate still has the state "duplicate".
"""

import json
import re
from typing import List, Optional

from backend import dates
from backend.storage import Storage, UnknownRequest

_NUMBER = re.compile(r"^[0-9]{1,12}$")


class MergeError(ValueError):
    """A German message for the staff member; nothing was changed."""


def original_of(storage: Storage, number: str) -> Optional[str]:
    """The report this one was merged into, while it is still a duplicate."""
    found = storage.db.execute(
        "SELECT json_extract(a.details, '$.original') FROM staff_audit a "
        "JOIN requests r ON r.service_request_id = a.service_request_id "
        "WHERE a.action = 'merge' AND a.service_request_id = ? AND r.state = 'duplicate' "
        "ORDER BY a.id DESC LIMIT 1", [number]).fetchone()
    return found[0] if found else None


def duplicates_of(storage: Storage, number: str) -> List[str]:
    """The reports merged into this one (that are still duplicates), in the order of merging."""
    rows = storage.db.execute(
        "SELECT DISTINCT a.service_request_id FROM staff_audit a "
        "JOIN requests r ON r.service_request_id = a.service_request_id "
        "WHERE a.action = 'merge' AND json_extract(a.details, '$.original') = ? AND r.state = 'duplicate' "
        "ORDER BY a.id", [number]).fetchall()
    return [row[0] for row in rows if original_of(storage, row[0]) == number]


def _check(storage: Storage, duplicate: dict, original_number: str) -> dict:
    """The original's row when the merge is allowed; else MergeError."""
    if not original_number:
        raise MergeError("Bitte die Nummer der ursprünglichen Meldung angeben („Duplikat von Meldung Nr.“).")
    if not _NUMBER.match(original_number):
        raise MergeError(f"„{original_number}“ ist keine Meldungsnummer (nur Ziffern, z. B. 1003).")
    if original_number == duplicate["service_request_id"]:
        raise MergeError("Eine Meldung kann kein Duplikat von sich selbst sein.")
    try:
        original = storage.get_request(original_number)
    except UnknownRequest:
        raise MergeError(f"Die Meldung {original_number} gibt es nicht.") from None
    if original["state"] == "duplicate":
        earlier = original_of(storage, original_number)
        hint = f" von Meldung {earlier}" if earlier else ""
        raise MergeError(f"Die Meldung {original_number} ist selbst ein Duplikat{hint}; "
                         "bitte die ursprüngliche Meldung angeben.")
    already = original_of(storage, duplicate["service_request_id"])
    if already:
        raise MergeError(f"Diese Meldung ist schon als Duplikat von Meldung {already} zusammengeführt.")
    return original


def _move_supporters(db, duplicate_id: int, original_id: int) -> int:
    """Supporters of the duplicate count for the original; the original's reporter never supports it."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO supporters (request_id, kind, value, datetime) "
        "SELECT :original, s.kind, s.value, s.datetime FROM supporters s WHERE s.request_id = :duplicate "
        "AND NOT EXISTS (SELECT 1 FROM reporters p WHERE p.request_id = :original AND "
        "((s.kind = 'account_id' AND p.account_id = s.value) OR (s.kind = 'device_id' AND p.device_id = s.value)))",
        {"original": original_id, "duplicate": duplicate_id})
    db.execute("DELETE FROM supporters WHERE request_id = ?", [duplicate_id])
    return cursor.rowcount


def _reporter_supports(db, duplicate_id: int, original_id: int) -> bool:
    """The duplicate's reporter becomes a supporter of the original (account_id first, as add_supporter counts)."""
    reporter = db.execute("SELECT account_id, device_id FROM reporters WHERE request_id = ?",
                          [duplicate_id]).fetchone()
    own = db.execute("SELECT account_id, device_id FROM reporters WHERE request_id = ?", [original_id]).fetchone()
    if not reporter:
        return False
    for index, kind in enumerate(("account_id", "device_id")):
        value = reporter[index]
        if value:
            if own and own[index] == value:
                return False  # the same person reported both: they are told about the original anyway
            cursor = db.execute("INSERT OR IGNORE INTO supporters (request_id, kind, value, datetime) "
                                "VALUES (?, ?, ?, ?)", [original_id, kind, value, dates.to_db(dates.now())])
            return cursor.rowcount == 1
    return False


def merge(storage: Storage, duplicate_number: str, original_number: str, note: str, user_name: str) -> None:
    """Mark the report as duplicate of the original and merge its supporters, in one transaction."""
    with storage.transaction() as db:
        duplicate = storage.get_request(duplicate_number)
        original = _check(storage, duplicate, original_number)
        # State first: the note's trigger tells the duplicate's reporter and supporters before they move.
        storage.write_state(db, duplicate["id"], "duplicate", f"Duplikat von Meldung {original_number}: {note}",
                            "staff")
        moved = _move_supporters(db, duplicate["id"], original["id"])
        reporter_added = _reporter_supports(db, duplicate["id"], original["id"])
        # Written here rather than through store.audit, whose own commit would split this transaction.
        db.execute(
            "INSERT INTO staff_audit (datetime, user_name, action, service_request_id, details) VALUES (?, ?, ?, ?, ?)",
            [dates.to_db(dates.now()), user_name, "merge", duplicate_number, json.dumps({
                "from": duplicate["state"], "to": "duplicate", "duplicate": duplicate_number,
                "original": original_number, "note": note, "supporters_moved": moved,
                "reporter_added": reporter_added}, ensure_ascii=False)])
