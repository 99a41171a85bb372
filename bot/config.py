"""The Telegram adapter's settings, read from the environment in this one place.

All optional except the token (a `.env` file in the repository root is read
too); the README lists them with their defaults:

| variable | default | meaning |
|---|---|---|
| `TELEGRAM_BOT_TOKEN` | – | the bot token from @BotFather (required to start) |
| `TELEGRAM_API_URL` | `https://api.telegram.org` | Bot API root: `{url}/bot` and `{url}/file/bot` |
| `TELEGRAM_WEBHOOK_URL` | – | webhook mode: the public address Telegram posts updates to |
| `TELEGRAM_WEBHOOK_SECRET` | – | required with the webhook: Telegram's X-Telegram-Bot-Api-Secret-Token |
| `TELEGRAM_BOT_URL` | `http://127.0.0.1:8081` | where the adapter listens (/health; the webhook path in webhook mode) |
| `RASA_URL` | `http://127.0.0.1:5005` | the Rasa server (REST channel) |
| `BACKEND_URL` | `http://127.0.0.1:8000` | the backend: photo upload, notifications, unlinking reports |
| `OPEN311_API_KEY` | `<data dir>/open311-api-key` | the backend's key |
| `RASA_API_TOKEN` | `<data dir>/rasa-api-token` | Rasa's API token: /loeschen asks Rasa to delete the conversation |
| `STADTBOT_DATA_DIR` | `./var` | the adapter keeps its chat state (buttons on screen) there |
| `MEDIA_MAX_BYTES`, `MEDIA_MAX_PIXELS` | 10 MB, 40 million | photo limits, the backend's |
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from common.env import ConfigError, read_secret  # noqa: F401  (bot.__main__ catches config.ConfigError)

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "TELEGRAM_BOT_URL": "http://127.0.0.1:8081",
    "RASA_URL": "http://127.0.0.1:5005",
    "BACKEND_URL": "http://127.0.0.1:8000",
    "STADTBOT_DATA_DIR": "./var",
    "MEDIA_MAX_BYTES": str(10 * 1024 * 1024),
    "MEDIA_MAX_PIXELS": str(40_000_000),
}

# Telegram's rule for the webhook secret.
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

# Limits and timings: not settings, but named in one place.
TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
RASA_TIMEOUT = 30.0  # seconds for one turn (forms with several actions take a few seconds under load)
BACKEND_TIMEOUT = 15.0
NOTIFICATION_INTERVAL = 2.0  # seconds between two looks at the backend's notifications
RATE_BURST = 8  # messages a chat may send at once ...
RATE_PER_SECOND = 0.5  # ... and then one every two seconds
GROUP_NOTE_INTERVAL = 600.0  # a group chat hears "private chats only" at most every ten minutes
MAX_CONCURRENT_UPDATES = 256


@dataclass(frozen=True)
class Settings:
    token: str
    api_url: str
    webhook_url: str
    webhook_secret: str
    listen_url: str
    rasa_url: str
    backend_url: str
    data_dir: Path
    media_max_bytes: int
    media_max_pixels: int
    configured_api_key: str = ""
    configured_rasa_token: str = ""

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The path the webhook listens on: the path of TELEGRAM_WEBHOOK_URL (default /telegram)."""
        return urlsplit(self.webhook_url).path or "/telegram"

    @property
    def listen_host(self) -> str:
        return urlsplit(self.listen_url).hostname or "127.0.0.1"

    @property
    def listen_port(self) -> int:
        return urlsplit(self.listen_url).port or 8081

    @property
    def persistence_path(self) -> Path:
        return self.data_dir / "telegram-chats.pickle"

    @property
    def api_key(self) -> str:
        """OPEN311_API_KEY, or the key the backend generated into the data directory (read when needed)."""
        return self.configured_api_key or read_secret(self.data_dir / "open311-api-key")

    @property
    def rasa_token(self) -> str:
        """RASA_API_TOKEN, or the token the launcher keeps in the data directory: /loeschen needs Rasa's API."""
        return self.configured_rasa_token or read_secret(self.data_dir / "rasa-api-token")


def _positive_int(name: str, text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise ConfigError(f"{name} muss eine positive ganze Zahl sein, nicht {text!r}.")
    return int(text)


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading the root .env)."""
    if env is None:
        from dotenv import load_dotenv

        load_dotenv(ROOT / ".env")
        env = os.environ

    def get(name: str) -> str:
        return (env.get(name) or DEFAULTS[name]).strip()

    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN fehlt: in Telegram @BotFather öffnen, /newbot senden, "
                          "den Token in .env eintragen (TELEGRAM_BOT_TOKEN=...).")
    webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip()
    secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if webhook_url and not SECRET.match(secret):
        raise ConfigError("Im Webhook-Betrieb ist TELEGRAM_WEBHOOK_SECRET nötig: 1 bis 256 Zeichen A-Z, a-z, 0-9, _ und -.")
    data_dir = (ROOT / get("STADTBOT_DATA_DIR")).resolve()
    return Settings(
        token=token,
        api_url=get("TELEGRAM_API_URL").rstrip("/"),
        webhook_url=webhook_url,
        webhook_secret=secret,
        listen_url=get("TELEGRAM_BOT_URL").rstrip("/"),
        rasa_url=get("RASA_URL").rstrip("/"),
        backend_url=get("BACKEND_URL").rstrip("/"),
        data_dir=data_dir,
        media_max_bytes=_positive_int("MEDIA_MAX_BYTES", get("MEDIA_MAX_BYTES")),
        media_max_pixels=_positive_int("MEDIA_MAX_PIXELS", get("MEDIA_MAX_PIXELS")),
        configured_api_key=env.get("OPEN311_API_KEY", ""),
        configured_rasa_token=env.get("RASA_API_TOKEN", ""),
    )
