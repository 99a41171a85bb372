"""The staff web's settings, read from the environment in this one place.

Besides the shared ones of common/env.py (`RASA_URL`: the Rasa server, which
deletes the old conversations it owns; `RASA_API_TOKEN`: its API token), the
staff web reads:

| variable                     | default | meaning |
|------------------------------|---------|---------|
| `STAFF_SESSION_HOURS`        | `8`     | a staff login ends this many hours after it began or was extended ("Angemeldet bleiben"; the page warns two minutes before) |
| `STAFF_LOGIN_MAX_FAILURES`   | `5`     | wrong passwords per user name (any address) before its logins are refused |
| `STAFF_LOGIN_LOCK_MINUTES`   | `15`    | how long those failures count (and logins are refused) |
| `CONVERSATION_RETENTION_DAYS`| `90`    | conversation logs older than this are deleted by `python -m backend.staff.retention` |
| `STAFF_REVIEW_CONFIDENCE`    | `0.6`   | a citizen message understood with less confidence marks its conversation "needs review" |
| `STAFF_MAP_TILES`            | `https://tile.openstreetmap.org/{z}/{x}/{y}.png` | map tiles of the report map (empty: no tiles, the coordinates and link still show) |
| `STAFF_AREAS_FILE`           | `backend/staff/areas.geojson` | GeoJSON FeatureCollection of the areas (Ortsteile, property `name`) of the queue filter "Gebiet"; the shipped file is only approximate |
| `ACCESSIBILITY_CONTACT`      | `StadtService H35, Telefon 0365 838-1900` | where the accessibility statement (`/barrierefreiheit`) sends feedback on barriers: the city's contact (text) |
| `ACCESSIBILITY_ENFORCEMENT`  | empty   | the enforcement body of the statement's "Durchsetzungsverfahren" (name, address, web page; text); empty: the statement says the contact names it |

The limit per address (for any name) and the cap on concurrent password
hashing are constants of `store.py` (`ADDRESS_LIMIT`, `HASH_SLOTS`).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from backend.staff import areas
from common.env import ConfigError, Environment, environment, rasa_api_token

AREAS_FILE = Path(__file__).resolve().parent / "areas.geojson"

DEFAULTS = {"STAFF_SESSION_HOURS": "8", "STAFF_LOGIN_MAX_FAILURES": "5", "STAFF_LOGIN_LOCK_MINUTES": "15",
            "CONVERSATION_RETENTION_DAYS": "90", "STAFF_REVIEW_CONFIDENCE": "0.6",
            "STAFF_MAP_TILES": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "STAFF_AREAS_FILE": str(AREAS_FILE),
            "ACCESSIBILITY_CONTACT": "StadtService H35, Telefon 0365 838-1900", "ACCESSIBILITY_ENFORCEMENT": ""}


@dataclass(frozen=True)
class StaffSettings:
    session_hours: float
    max_failures: int
    lock_minutes: int
    retention_days: int
    review_confidence: float
    map_tiles: str
    rasa_url: str
    rasa_token: str = ""
    areas_file: Path = AREAS_FILE
    accessibility_contact: str = DEFAULTS["ACCESSIBILITY_CONTACT"]
    accessibility_enforcement: str = ""


def load(data_dir: Path, env: Optional[Mapping[str, str]] = None) -> StaffSettings:
    """The staff settings; `data_dir` is the backend's (STADTBOT_DATA_DIR), where a generated RASA_API_TOKEN is kept."""
    env = environment(env)
    variables = Environment(env, DEFAULTS)
    areas_file = Path(variables.text("STAFF_AREAS_FILE"))
    areas.load(areas_file)  # a faulty areas file stops the start, not the first queue page
    return StaffSettings(
        session_hours=variables.number("STAFF_SESSION_HOURS", float),
        max_failures=variables.number("STAFF_LOGIN_MAX_FAILURES"),
        lock_minutes=variables.number("STAFF_LOGIN_LOCK_MINUTES"),
        retention_days=variables.number("CONVERSATION_RETENTION_DAYS"),
        review_confidence=_review_confidence(variables.number("STAFF_REVIEW_CONFIDENCE", float)),
        # Not variables.text: an empty STAFF_MAP_TILES means "no tiles", not the default.
        map_tiles=env.get("STAFF_MAP_TILES", DEFAULTS["STAFF_MAP_TILES"]).strip(),
        rasa_url=variables.url("RASA_URL"),
        rasa_token=rasa_api_token(variables.text("RASA_API_TOKEN"), data_dir),
        areas_file=areas_file,
        accessibility_contact=variables.text("ACCESSIBILITY_CONTACT"),
        accessibility_enforcement=variables.text("ACCESSIBILITY_ENFORCEMENT"),
    )


def _review_confidence(value: float) -> float:
    if value > 1:
        raise ConfigError(f"STAFF_REVIEW_CONFIDENCE must be between 0 and 1, got {value}")
    return value
