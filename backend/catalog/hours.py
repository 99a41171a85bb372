"""Is an office open at a given moment, and when does it open next?

All times in Europe/Berlin. An office's `hours` (see catalog.yml) give
weekday ranges, rules such as "Saturday only the first one of the month",
closed dates and whether Thuringian public holidays close the office. The
holidays come from the maintained `holidays` library (Germany, subdivision
TH: Reformationstag, Weltkindertag since 2019, the Easter-based days ...).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Tuple

import holidays

from backend.dates import BERLIN
from backend.catalog.validate import WEEKDAYS

# How far next_opening looks ahead before giving up (an office that never opens).
SEARCH_DAYS = 400

Range = Tuple[time, time]


@dataclass(frozen=True)
class Hours:
    """An office's opening hours, parsed from the catalog."""

    regular: Dict[str, Tuple[Range, ...]]
    weeks_of_month: Dict[str, FrozenSet[int]]
    closed_on_holidays: bool = True
    closed_dates: FrozenSet[date] = frozenset()

    @classmethod
    def of(cls, office: dict) -> Optional["Hours"]:
        """The office's hours, or None when the catalog marks them unknown."""
        data = office["hours"]
        if data.get("unknown"):
            return None
        return cls(
            regular={day: tuple(_parse_range(text) for text in ranges) for day, ranges in data["regular"].items()},
            weeks_of_month={rule["day"]: frozenset(rule["weeks_of_month"]) for rule in data.get("rules", [])},
            closed_on_holidays=data.get("closed_on_holidays", True),
            closed_dates=frozenset(date.fromisoformat(day) for day in data.get("closed_dates", [])),
        )

    def ranges_on(self, day: date) -> Tuple[Range, ...]:
        """The ranges the office is open on `day` (empty when closed all day)."""
        if day in self.closed_dates or (self.closed_on_holidays and holiday_name(day)):
            return ()
        weekday = WEEKDAYS[day.weekday()]
        weeks = self.weeks_of_month.get(weekday)
        if weeks is not None and week_of_month(day) not in weeks:
            return ()
        return self.regular.get(weekday, ())


def holiday_name(day: date) -> Optional[str]:
    """German name of the public holiday in Thuringia on `day`, or None."""
    return _holidays(day.year).get(day)


@lru_cache(maxsize=None)
def _holidays(year: int) -> Dict[date, str]:
    return dict(holidays.country_holidays("DE", subdiv="TH", years=year, language="de"))


def week_of_month(day: date) -> int:
    """1 for the first Monday (Tuesday ...) of the month, 2 for the second, and so on."""
    return (day.day - 1) // 7 + 1


def local(at: datetime) -> datetime:
    """`at` in Berlin time; a naive datetime is taken as Berlin time."""
    return at.replace(tzinfo=BERLIN) if at.tzinfo is None else at.astimezone(BERLIN)


def is_open(office: dict, at: datetime) -> Optional[bool]:
    """Whether the office is open at `at`; None when its hours are unknown."""
    return current_range(office, at) is not None if Hours.of(office) else None


def current_range(office: dict, at: datetime) -> Optional[Tuple[datetime, datetime]]:
    """Start and end of the opening range `at` falls in, or None (closed or unknown)."""
    hours, moment = Hours.of(office), local(at)
    if hours is None:
        return None
    for start, end in hours.ranges_on(moment.date()):
        opens, closes = _at(moment.date(), start), _at(moment.date(), end)
        if opens <= moment < closes:
            return opens, closes
    return None


def next_opening(office: dict, at: datetime) -> Optional[datetime]:
    """The next moment (at or after `at`) the office opens its doors; None when unknown or never."""
    hours, moment = Hours.of(office), local(at)
    if hours is None:
        return None
    for offset in range(SEARCH_DAYS):
        day = moment.date() + timedelta(days=offset)
        for start, _ in hours.ranges_on(day):
            opens = _at(day, start)
            if opens >= moment:
                return opens
    return None


def today(office: dict, at: datetime) -> Optional[List[str]]:
    """The ranges of the day of `at` as text ("09:00-15:00"); None when the hours are unknown."""
    hours = Hours.of(office)
    if hours is None:
        return None
    return [f"{_hhmm(start)}-{_hhmm(end)}" for start, end in hours.ranges_on(local(at).date())]


def _parse_range(text: str) -> Range:
    start, end = text.split("-")
    return _parse_time(start), _parse_time(end)


def _parse_time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    return time.max if (hour, minute) == (24, 0) else time(hour, minute)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=BERLIN)


def _hhmm(moment: time) -> str:
    return "24:00" if moment == time.max else moment.strftime("%H:%M")
