"""The catalog's freshness for staff: every fact with its Stand, its age and when staff last confirmed it.

The catalog file (backend/catalog/catalog.yml) is the source of what the assistant says; staff cannot edit
it here. What they can do is confirm, after looking at the source, that a fact is still true ("geprüft
am", audited). A fact counts as due when its Stand and its last check are both older than STALE_MONTHS, or
when it has no date and nobody checked it; an edited fact (other text or Stand) counts as unchecked.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Dict, List, Optional

from backend import dates
from backend.storage import Storage

STALE_MONTHS = 12


def fact_key(fact: dict) -> str:
    """Where the fact is and a hash of what it says, so that an edited fact is checked anew."""
    digest = hashlib.sha256(f"{fact['text']}\n{fact['stand']}".encode()).hexdigest()[:16]
    return f"{fact['where']}#{digest}"


@dataclass
class CheckedFact:
    fact: dict
    key: str
    checked: Optional[date]
    checked_by: str
    due: bool


def _months(earlier: date, today: date) -> int:
    return (today.year - earlier.year) * 12 + today.month - earlier.month


def checks(storage: Storage) -> Dict[str, dict]:
    return {row["fact_key"]: row for row in storage.db.query("SELECT * FROM catalog_checks")}


def with_checks(facts: List[dict], storage: Storage, today: date) -> List[CheckedFact]:
    """The catalog's facts (backend.catalog's `facts`) with their last check and whether they are due."""
    known = checks(storage)
    out = []
    for fact in facts:
        key = fact_key(fact)
        row = known.get(key)
        checked = datetime.fromisoformat(row["checked_datetime"]).astimezone(dates.BERLIN).date() if row else None
        newest = max((d for d in (fact["stand_date"], checked) if d), default=None)
        due = newest is None or _months(newest, today) > STALE_MONTHS
        out.append(CheckedFact(fact, key, checked, row["user_name"] if row else "", due))
    return out


def confirm(storage: Storage, key: str, user_name: str) -> None:
    with storage.transaction() as db:
        db["catalog_checks"].upsert({"fact_key": key, "checked_datetime": dates.to_db(dates.now()),
                                     "user_name": user_name}, pk="fact_key")
