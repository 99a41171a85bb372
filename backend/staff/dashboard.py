"""The figures of the staff overview: reports per category and state, reports per day, the citizens' answers to
"erledigt" (confirmed, reopened, rated 1–5) per month and category, and how
many citizen messages the assistant did not understand (from Rasa's tracker store).

Days are Berlin calendar days; the window is the last DAYS days including today.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Optional, Tuple

from backend import dates
from backend.staff import conversations
from backend.storage import STATES, Storage

DAYS = 30


@dataclass
class Understanding:
    messages: int
    not_understood: int

    @property
    def share(self) -> float:
        return self.not_understood / self.messages if self.messages else 0.0


def by_category_and_state(storage: Storage) -> Tuple[Dict[str, Dict[str, int]], Dict[str, int]]:
    """{service_code: {state: count}} and the totals per state."""
    table: Dict[str, Dict[str, int]] = {}
    totals = Counter()
    for code, state, count in storage.db.execute(
            "SELECT service_code, state, COUNT(*) FROM requests GROUP BY service_code, state"):
        table.setdefault(code, {})[state] = count
        totals[state] += count
    return table, {state: totals.get(state, 0) for state in STATES}


def _berlin_day(stored: str) -> date:
    return datetime.fromisoformat(stored).astimezone(dates.BERLIN).date()


def per_day(storage: Storage, today: date, days: int = DAYS) -> List[Tuple[date, int]]:
    """[(day, reports received that Berlin day)] for the last `days` days, oldest first, zeros included."""
    first = today - timedelta(days=days - 1)
    since = dates.to_db(datetime.combine(first, time(0), tzinfo=dates.BERLIN))
    counts = Counter(_berlin_day(row[0]) for row in storage.db.execute(
        "SELECT requested_datetime FROM requests WHERE requested_datetime >= ?", [since]))
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]


def understanding(store: conversations.ConversationStore, today: date, days: int) -> Understanding:
    """Citizen text messages of the last `days` Berlin days, and how many the assistant did not understand."""
    start = datetime.combine(today - timedelta(days=days - 1), time(0), tzinfo=dates.BERLIN)
    figures = conversations.understanding(store, start.timestamp())
    return Understanding(figures["messages"], figures["not_understood"])


@dataclass
class Satisfaction:
    """The citizens' answers to "erledigt" of one month and category: confirmed, reopened, ratings 1–5."""
    month: str  # "2026-12" (Berlin time)
    service_code: str
    fixed: int
    not_fixed: int
    ratings: Dict[int, int]  # rating -> how many

    @property
    def mean(self) -> Optional[float]:
        count = sum(self.ratings.values())
        return sum(r * n for r, n in self.ratings.items()) / count if count else None


def satisfaction(storage: Storage, months: int = 12) -> List[Satisfaction]:
    """Per month (newest first) and category, of the last `months` months: the answers to "Ist es behoben?"."""
    out: Dict[Tuple[str, str], Satisfaction] = {}
    for row in storage.db.query("SELECT datetime, service_code, answer, rating FROM citizen_feedback "
                                "WHERE datetime >= ? ORDER BY datetime",
                                [dates.to_db(dates.now() - timedelta(days=31 * months))]):
        month = datetime.fromisoformat(row["datetime"]).astimezone(dates.BERLIN).strftime("%Y-%m")
        entry = out.setdefault((month, row["service_code"]), Satisfaction(month, row["service_code"], 0, 0,
                                                                          {r: 0 for r in range(1, 6)}))
        if row["answer"] == "fixed":
            entry.fixed += 1
        else:
            entry.not_fixed += 1
        if row["rating"]:
            entry.ratings[row["rating"]] += 1
    return sorted(out.values(), key=lambda e: (e.month, e.service_code), reverse=True)
