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
