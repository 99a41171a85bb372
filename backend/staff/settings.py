"""The staff web's settings, read from the environment in this one place (the root `.env` is read by backend.config).

| variable                     | default | meaning |
|------------------------------|---------|---------|
| `STAFF_SESSION_HOURS`        | `8`     | a staff login ends this many hours after it began |
| `STAFF_LOGIN_MAX_FAILURES`   | `5`     | wrong passwords per user name and IP before logins are refused |
| `STAFF_LOGIN_LOCK_MINUTES`   | `15`    | how long those failures count (and logins are refused) |
"""

import os
from dataclasses import dataclass
from typing import Mapping, Optional

from common.area import ConfigError

DEFAULTS = {"STAFF_SESSION_HOURS": "8", "STAFF_LOGIN_MAX_FAILURES": "5", "STAFF_LOGIN_LOCK_MINUTES": "15"}


@dataclass(frozen=True)
class StaffSettings:
    session_hours: float
    max_failures: int
    lock_minutes: int


def _number(name: str, text: str, kind=int):
    try:
        value = kind(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {text!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}")
    return value


def load(env: Optional[Mapping[str, str]] = None) -> StaffSettings:
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return env.get(name) or DEFAULTS[name]

    return StaffSettings(
        session_hours=_number("STAFF_SESSION_HOURS", get("STAFF_SESSION_HOURS"), float),
        max_failures=_number("STAFF_LOGIN_MAX_FAILURES", get("STAFF_LOGIN_MAX_FAILURES")),
        lock_minutes=_number("STAFF_LOGIN_LOCK_MINUTES", get("STAFF_LOGIN_LOCK_MINUTES")),
    )
