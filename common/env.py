"""The settings core every process reads through: the environment (os.environ plus the root `.env`,
read once), the data directory, the addresses the processes find each other at, the secret files
in the data directory, and the checks (ConfigError, positive numbers, http(s) URLs).

Each process's settings module (backend/config.py, backend/staff/settings.py, bot/config.py,
actions/config.py, scripts/settings.py) builds an `Environment` with its own defaults and keeps
only its own variables; these are the ones several processes share:

| variable              | default                          | meaning |
|-----------------------|----------------------------------|---------|
| `STADTBOT_DATA_DIR`   | `./var` (from the repo)          | every file the assistant writes: databases, logs, secrets |
| `BACKEND_URL`         | `http://127.0.0.1:8000`          | the backend (Open311, catalog, media) listens here |
| `RASA_URL`            | `http://127.0.0.1:5005`          | the Rasa server (REST channel and HTTP API) |
| `ACTION_SERVER_URL`   | `http://127.0.0.1:5055`          | the action server the Rasa server calls |
| `TELEGRAM_API_URL`    | `https://api.telegram.org`       | Telegram's Bot API root |
| `TELEGRAM_BOT_URL`    | `http://127.0.0.1:8081`          | where the Telegram adapter listens (/health, webhook) |
| `OPEN311_API_KEY`     | `<data dir>/open311-api-key`     | key for writing Open311 requests; the backend makes the file |
| `RASA_API_TOKEN`      | `<data dir>/rasa-api-token`      | Rasa's API token; the launcher creates the file |
| `ACTION_SERVER_TOKEN` | `<data dir>/action-server-token` | the token Rasa shows the action server; the launcher creates the file |
| `MEDIA_MAX_BYTES`     | `10485760` (10 MB)               | largest photo upload |
| `MEDIA_MAX_PIXELS`    | `40000000`                       | largest photo in pixels (refuses decompression bombs) |
"""

import functools
import hmac
import os
import secrets
from pathlib import Path
from typing import Mapping, Optional, Tuple
from urllib.parse import urlsplit

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent

# name -> default; '' means "unset" (for the secrets: the file in the data directory).
DEFAULTS = {
    "STADTBOT_DATA_DIR": "./var",
    "BACKEND_URL": "http://127.0.0.1:8000",
    "RASA_URL": "http://127.0.0.1:5005",
    "ACTION_SERVER_URL": "http://127.0.0.1:5055",
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "TELEGRAM_BOT_URL": "http://127.0.0.1:8081",
    "OPEN311_API_KEY": "",
    "RASA_API_TOKEN": "",
    "ACTION_SERVER_TOKEN": "",
    "MEDIA_MAX_BYTES": str(10 * 1024 * 1024),
    "MEDIA_MAX_PIXELS": str(40_000_000),
}

# Secret files in the data directory: one process creates each, the others only read it.
API_KEY_FILE = "open311-api-key"  # created by the backend
RASA_TOKEN_FILE = "rasa-api-token"  # created by the launcher
ACTION_TOKEN_FILE = "action-server-token"  # created by the launcher


def listen_address(url: str, default_port: Optional[int] = None) -> Tuple[str, int]:
    """(host, port) a server of `url` listens on: loopback when the URL names no host; without a port
    in the URL, `default_port`, else the scheme's (80, 443)."""
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port or (443 if parts.scheme == "https" else 80)


class ConfigError(ValueError):
    """A setting has a value the process cannot use; the message names the setting and the value."""


def environment(env: Optional[Mapping[str, str]] = None) -> Mapping[str, str]:
    """`env` when given (tests); otherwise os.environ after reading ROOT/.env (set variables win)."""
    if env is not None:
        return env
    _read_dotenv()
    return os.environ


@functools.cache
def _read_dotenv() -> None:
    # Once per process: several settings modules load in one process, the file says the same each time.
    load_dotenv(ROOT / ".env")


class Environment:
    """The variables one process reads: its own defaults on top of the shared DEFAULTS."""

    def __init__(self, env: Optional[Mapping[str, str]] = None, defaults: Optional[Mapping[str, str]] = None):
        self.values = environment(env)
        self.defaults = {**DEFAULTS, **(defaults or {})}

    def text(self, name: str) -> str:
        """The variable without surrounding spaces; its default when unset or blank ('' without one)."""
        return (self.values.get(name) or "").strip() or self.defaults.get(name, "")

    def number(self, name: str, kind=int):
        return positive_number(name, self.text(name), kind)

    def flag(self, name: str) -> bool:
        """A yes/no setting: 1, true, yes, ja, on count as yes; 0, false, no, nein, off or unset as no."""
        value = self.text(name).lower()
        if value in ("1", "true", "yes", "ja", "on"):
            return True
        if value in ("", "0", "false", "no", "nein", "off"):
            return False
        raise ConfigError(f"{name} must be 1 or 0, got {value!r}")

    def url(self, name: str) -> str:
        """An http(s) address without the trailing slash (callers append paths)."""
        url = self.text(name).rstrip("/")
        if urlsplit(url).scheme not in ("http", "https"):
            raise ConfigError(f"{name} must start with http:// or https://, got {url!r}")
        return url

    def data_dir(self) -> Path:
        """STADTBOT_DATA_DIR as an absolute path; a relative one counts from the repository root."""
        return (ROOT / self.text("STADTBOT_DATA_DIR")).resolve()


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


def open311_api_key(configured: str, data_dir: Path, create: bool = False) -> str:
    """OPEN311_API_KEY, else the key file: the backend creates it (create=True); the bot and the
    actions read it on every use ('' until it exists), so they need no restart once it appears."""
    return configured or _secret(data_dir / API_KEY_FILE, create)


def rasa_api_token(configured: str, data_dir: Path, create: bool = False) -> str:
    """RASA_API_TOKEN, else the token file: the launcher creates it (create=True); the bot and the
    staff web read it."""
    return configured or _secret(data_dir / RASA_TOKEN_FILE, create)


def action_server_token(configured: str, data_dir: Path, create: bool = False) -> str:
    """ACTION_SERVER_TOKEN, else the token file: the launcher creates it (create=True); the action
    server asks for it and the Rasa server sends it (endpoints.yml)."""
    return configured or _secret(data_dir / ACTION_TOKEN_FILE, create)


def bearer_matches(authorization: Optional[str], expected: str) -> bool:
    """Whether an `Authorization: Bearer <token>` header carries `expected`, compared in constant time.

    Never true without an expected token. Bytes, not str: a header may hold any character
    (Sanic keeps undecodable bytes as surrogates), and compare_digest refuses non-ASCII str.
    """
    scheme, _, given = (authorization or "").strip().partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    try:
        given_bytes = given.strip().encode("utf-8", "surrogateescape")
    except UnicodeError:
        return False
    return hmac.compare_digest(given_bytes, expected.encode())


def _secret(path: Path, create: bool) -> str:
    return secret_file(path) if create else read_secret(path)


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
