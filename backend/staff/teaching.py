"""Corrections: staff say what a citizen's message meant; exported as Rasa NLU training examples.

A correction copies the citizen's text (so it outlives the conversation's
retention) with the right intent of nlu/contract.yml and optional entities
(type + a span of the text). It lives in the backend table `staff_corrections`;
a citizen's /loeschen deletes theirs (backend/accounts.py, by pseudonym).
Nothing goes into the model by itself: `export` writes Rasa NLU YAML that a
person reviews and moves into nlu/data/ before `make train`.

    check(text, intent, entities) -> [{"entity", "value", "start", "end"}]   # raises TeachingError (German)
    add(storage, user_name, event_id, pseudonym, text, intent, entities, predicted_intent) -> id
    all_corrections(storage) -> [dict];  get(storage, id);  delete(storage, id) -> bool
    export_yaml(rows) -> str;  example_count(rows) -> int

    python -m backend.staff.corrections export [--out PATH]   # the command (make corrections)
"""

import json
import re
from typing import Dict, List, Optional

import yaml

from backend import config, dates
from backend.storage import Storage

CONTRACT = yaml.safe_load((config.ROOT / "nlu" / "contract.yml").read_text(encoding="utf-8"))
# intent -> German label (the contract's description up to the first colon or full stop)
INTENTS: Dict[str, str] = {name: re.split(r"[:.(]", " ".join(text.split()))[0].strip()
                           for name, text in CONTRACT["intents"].items()}
# Only `location` is learned from annotated examples: category, service and info_type get their canonical
# values from nlu/vocabulary.yml, report_id from a rule (nlu/components.py); marking those teaches nothing.
ENTITIES: Dict[str, str] = {"location": "Ort"}
assert set(ENTITIES) <= set(CONTRACT["entities"]), "teachable entities must be contract entities"
MAX_ENTITIES = 3
DEFAULT_OUT = "corrections.yml"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class TeachingError(ValueError):
    """A German message for the staff member's form."""


def one_line(text: str) -> str:
    """The text as one training example line: control characters and runs of spaces become one space."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def check(text: str, intent: str, entities: List[dict]) -> List[dict]:
    """The entities with their place in the text; TeachingError when intent or an entity does not fit."""
    if intent not in INTENTS:
        raise TeachingError("Bitte eine Absicht aus der Liste wählen.")
    if len(entities) > MAX_ENTITIES:
        raise TeachingError(f"Höchstens {MAX_ENTITIES} Angaben je Nachricht.")
    text, taken, found = one_line(text), [], []
    for item in entities:
        kind, value = item.get("entity", ""), one_line(item.get("value", ""))
        if kind not in ENTITIES:
            raise TeachingError("Bitte eine Art der Angabe aus der Liste wählen.")
        if not value or "[" in value or "]" in value:
            raise TeachingError(f"Bitte für „{ENTITIES[kind]}“ ein Stück der Nachricht ohne eckige Klammern angeben.")
        start = _free_occurrence(text, value, taken)
        if start is None:
            raise TeachingError(f"„{value}“ kommt in der Nachricht nicht vor (oder ist schon markiert). "
                                "Bitte genau so schreiben wie in der Nachricht.")
        taken.append((start, start + len(value)))
        found.append({"entity": kind, "value": value, "start": start, "end": start + len(value)})
    return sorted(found, key=lambda e: e["start"])


def _free_occurrence(text: str, value: str, taken: list) -> Optional[int]:
    start = text.find(value)
    while start >= 0:
        if all(start + len(value) <= a or start >= b for a, b in taken):
            return start
        start = text.find(value, start + 1)
    return None


def add(storage: Storage, user_name: str, event_id: int, pseudonym: str, text: str, intent: str,
        entities: List[dict], predicted_intent: Optional[str]) -> int:
    with storage.transaction() as db:
        cursor = db.execute(
            "INSERT INTO staff_corrections (datetime, user_name, event_id, pseudonym, text, intent, entities, "
            "predicted_intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [dates.to_db(dates.now()), user_name, event_id, pseudonym, one_line(text), intent,
             json.dumps(entities, ensure_ascii=False), predicted_intent])
        return cursor.lastrowid


def _row(row: dict) -> dict:
    return {**row, "entities": json.loads(row["entities"] or "[]")}


def all_corrections(storage: Storage) -> List[dict]:
    return [_row(r) for r in storage.db.query("SELECT * FROM staff_corrections ORDER BY id DESC")]


def get(storage: Storage, correction_id: int) -> Optional[dict]:
    rows = list(storage.db.query("SELECT * FROM staff_corrections WHERE id = ?", [correction_id]))
    return _row(rows[0]) if rows else None


def delete(storage: Storage, correction_id: int) -> bool:
    with storage.transaction() as db:
        return db.execute("DELETE FROM staff_corrections WHERE id = ?", [correction_id]).rowcount > 0


# --- export ----------------------------------------------------------------------------------

def annotated(text: str, entities: List[dict]) -> str:
    """`[Heinrichstraße 35](location)` inline; stray brackets elsewhere become parentheses so that
    Rasa never reads them as an annotation."""
    out, at = [], 0
    for e in sorted(entities, key=lambda e: e["start"]):
        out.append(_plain(text[at:e["start"]]))
        out.append(f"[{text[e['start']:e['end']]}]({e['entity']})")
        at = e["end"]
    out.append(_plain(text[at:]))
    return "".join(out)


def _plain(part: str) -> str:
    return part.replace("[", "(").replace("]", ")")


def _examples(rows: List[dict]) -> Dict[str, List[str]]:
    """intent -> example lines; the newest correction of a text wins (no text under two intents)."""
    latest: Dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        if one_line(row["text"]):
            latest[one_line(row["text"])] = row
    grouped: Dict[str, List[str]] = {}
    for text, row in latest.items():
        grouped.setdefault(row["intent"], []).append(annotated(text, row["entities"]))
    return grouped


def example_count(rows: List[dict]) -> int:
    return sum(len(lines) for lines in _examples(rows).values())


def export_yaml(rows: List[dict]) -> str:
    out = ['version: "3.1"',
           "# Corrections from the staff web. Review each example, then move it into nlu/data/ and run make train.",
           "nlu:"]
    grouped = _examples(rows)
    for intent in sorted(grouped):
        out += [f"- intent: {intent}", "  examples: |"]
        out += [f"    - {line}" for line in grouped[intent]]
    if not grouped:
        out[-1] = "nlu: []"
    return "\n".join(out) + "\n"
