"""The environment every process reads its settings from: os.environ plus the root `.env`."""

import os
from pathlib import Path
from typing import Mapping, Optional

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent


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
