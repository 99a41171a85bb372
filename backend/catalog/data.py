"""Loading the catalog file and answering from it: services, offices, search, "open now".

`load()` reads backend/catalog/catalog.yml (or a given path), refuses
duplicate keys and validates everything; any problem raises CatalogError,
which stops the backend's start with a German list of entries and fields.
"""

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import List, Optional, Union

import yaml

from backend.catalog import hours
from backend.catalog.render import Renderer
from backend.catalog.validate import CatalogError, validate

CATALOG_FILE = Path(__file__).resolve().parent / "catalog.yml"

# Search weights: a hit in the name counts most, then keywords, then the description.
WEIGHTS = (("name", 3), ("keywords", 2), ("description", 1))
SHORT_WORD = 3  # query words up to this length must match a whole word ("wo", "ich" ...)


class Catalog:
    """A validated catalog with the lookups the routes need."""

    def __init__(self, data: dict):
        self.data = validate(data)
        self.render = Renderer(self.data)

    def has_service(self, code: str) -> bool:
        return code in self.data["services"]

    def has_office(self, office_id: str) -> bool:
        return office_id in self.data["offices"]

    def services(self, query: Optional[str] = None) -> List[dict]:
        """All services in file order, or those matching `query`, best first."""
        codes = list(self.data["services"])
        if query and query.strip():
            scored = [(score(self.data["services"][code], query), index, code) for index, code in enumerate(codes)]
            codes = [code for points, _, code in sorted(scored, key=lambda s: (-s[0], s[1])) if points > 0]
        return [self.render.summary(code) for code in codes]

    def service(self, code: str) -> dict:
        return self.render.service(code)

    def facts(self, today: date, older_than_months: Optional[int] = None) -> List[dict]:
        """Every fact with its Stand, age in months and source, oldest first; optionally only the stale ones.

        An undated fact ("o. D.") has no age and counts as stale: nobody knows how old it is.
        """
        found = []
        for fact in self.render.facts():
            day = fact["stand_date"]
            months = None if day is None else (today.year - day.year) * 12 + today.month - day.month
            if older_than_months is None or months is None or months > older_than_months:
                found.append({**fact, "age_months": months})
        return found

    def offices(self) -> List[dict]:
        return [self.render.office(office_id) for office_id in self.data["offices"]]

    def office(self, office_id: str) -> dict:
        return self.render.office(office_id)

    def open_status(self, office_id: str, at: datetime) -> dict:
        """Open at `at`?, until when, next opening, the day's ranges and holiday (Berlin time)."""
        office, moment = self.data["offices"][office_id], hours.local(at)
        current = hours.current_range(office, moment)
        next_opening = hours.next_opening(office, moment)
        status = {
            "office": office_id,
            "at": moment.isoformat(timespec="seconds"),
            "open": hours.is_open(office, moment),
            "closes_at": current[1].isoformat(timespec="seconds") if current else None,
            "next_opening": next_opening.isoformat(timespec="seconds") if next_opening else None,
            "today": hours.today(office, moment),
            "holiday": hours.holiday_name(moment.date()),
            "appointment_only": office["hours"].get("appointment_only", False),
            "hours": self.render.fact(office["hours"]),
        }
        if status["open"] is None:
            status["hint"] = self.data["unknown_hint"]
        return status


def load(path: Union[str, Path, None] = None) -> Catalog:
    """Read, parse and validate a catalog file (default CATALOG_FILE); CatalogError names what is wrong."""
    path = Path(path or CATALOG_FILE)
    where = f"Die Katalogdatei {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise CatalogError([f"nicht lesbar: {problem}"], where) from None
    return Catalog(validate(parse(text, where), where))


def parse(text: str, where: str = "Die Katalogdatei") -> dict:
    """YAML to data; a syntax error or a duplicate key is a CatalogError with its line."""
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = f"Zeile {mark.line + 1}: " if mark else ""
        reason = getattr(problem, "problem", None) or str(problem)
        raise CatalogError([f"{line}kein gültiges YAML ({reason})"], where) from None


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key twice in one mapping (PyYAML would keep the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"Schlüssel '{key}' doppelt", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def score(service: dict, query: str) -> int:
    """How well a service matches the words of `query` (0 = not at all)."""
    fields = {
        "name": fold(service["name"]),
        "keywords": fold(" ".join(service.get("keywords", []))),
        "description": fold(service["description"]),
    }
    total = 0
    for word in words(query):
        total += max((weight for key, weight in WEIGHTS if matches(word, fields[key])), default=0)
    return total


def matches(word: str, text: str) -> bool:
    if len(word) <= SHORT_WORD:
        return word in words(text)
    return word in text


def words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def fold(text: str) -> str:
    """Lower case without umlauts and accents: "Führerschein" -> "fuehrerschein"."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
