"""The environment every process reads its settings from (os.environ plus the root `.env`), and the
checks all settings modules share: ConfigError, positive numbers, the conversation store's URL,
secret files in the data directory."""

import os
import secrets
from pathlib import Path
from typing import Mapping, Optional

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting has a value the process cannot use; the message names the setting and the value."""


def environment(env: Optional[Mapping[str, str]] = None) -> Mapping[str, str]:
    """`env` when given (tests); otherwise os.environ after reading ROOT/.env (set variables win)."""
    if env is not None:
        return env
    load_dotenv(ROOT / ".env")
    return os.environ


def tracker_store_url(env: Mapping[str, str], data_dir: Path) -> str:
    """Rasa's conversation store: TRACKER_STORE_URL, else SQLite in the data dir (Rasa, the bot's
    /loeschen and the staff web must all use the same one)."""
    return env.get("TRACKER_STORE_URL") or default_tracker_store_url(data_dir)


def default_tracker_store_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'conversations.db'}"


def positive_number(name: str, text: str, kind=int):
    """`text` as a positive int (or float with kind=float); ConfigError naming the setting otherwise."""
    try:
        value = kind(text.strip())
    except ValueError:
        wanted = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name} must be {wanted}, got {text!r}") from None
    if not value > 0:
        raise ConfigError(f"{name} must be positive, got {text!r}")
    return value


def secret_file(path: Path) -> str:
    """The random secret stored at `path`, created on first use (mode 600)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL + mode 600 at creation: the secret is never readable by others, not even briefly.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def read_secret(path: Path) -> str:
    """A secret another process created in the data directory, or '' while it does not exist yet."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""
