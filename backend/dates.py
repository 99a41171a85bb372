"""Times as the backend stores them (UTC, sortable text) and shows them (ISO 8601, Europe/Berlin offset)."""

from datetime import datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def now() -> datetime:
    return datetime.now(timezone.utc)


def to_db(moment: datetime) -> str:
    """UTC text that sorts and compares correctly in SQL: 2026-11-26T08:30:00+00:00."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def to_public(stored: Optional[str]) -> Optional[str]:
    """Stored UTC text -> 2026-11-26T09:30:00+01:00 (Berlin time with its offset)."""
    if not stored:
        return None
    return datetime.fromisoformat(stored).astimezone(BERLIN).isoformat(timespec="seconds")


def parse(text: str) -> datetime:
    """ISO 8601 from a client; a time without offset is Berlin time. Raises ValueError."""
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BERLIN)
    return moment
