"""The assistant's settings for the processes it starts, read in one place.

Every value comes from the environment or a `.env` file in the repository
root; all are optional and documented in the README (a test keeps both in
step). The defaults run everything on one machine with SQLite files under
STADTBOT_DATA_DIR. Besides the shared ones of common/env.py (the data
directory, the processes' URLs, `RASA_API_TOKEN` and `ACTION_SERVER_TOKEN`,
which the launcher generates into the data dir when unset) and the Telegram
adapter's, which it hands on to the adapter (bot/config.py), the launcher reads:

| variable            | default                                 | meaning |
|---------------------|-----------------------------------------|---------|
| `TRACKER_STORE_URL` | `sqlite:///<data dir>/conversations.db` | SQLAlchemy URL of the conversation store (PostgreSQL: postgresql://user:pw@host/db) |
| `LOCK_STORE_URL`    | in-memory                               | redis://host:port/db when several Rasa instances share the conversations |
| `STADTBOT_SCALED`   | `0`                                     | `1`: the scaled configuration (`make run-scaled`): PostgreSQL tracker store and staff web copy of the conversations, Redis lock store (private servers unless the URLs are set: scripts/services.py), two Rasa and two action server workers |
| `SANIC_WORKERS`     | `1`, scaled `2`                         | Rasa server worker processes (Rasa's own variable); more than one needs LOCK_STORE_URL or STADTBOT_SCALED |
| `ACTION_SERVER_SANIC_WORKERS` | `1`, scaled `2`               | action server worker processes (rasa-sdk's own variable) |
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from common.env import ROOT, ConfigError, Environment, listen_address, tracker_store_url  # noqa: F401  (callers use settings.ROOT)
from common.env import action_server_token as configured_or_generated_action_token
from common.env import rasa_api_token as configured_or_generated_token

# '' for both: the default is computed (TRACKER_STORE_URL) or means "none" (LOCK_STORE_URL: Rasa's in-memory lock).
# The worker counts: '' means 1, or 2 in the scaled configuration.
DEFAULTS = {"TRACKER_STORE_URL": "", "LOCK_STORE_URL": "", "CONVERSATION_COPY_URL": "", "STADTBOT_SCALED": "0",
            "SANIC_WORKERS": "", "ACTION_SERVER_SANIC_WORKERS": ""}
SCALED_WORKERS = 2


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    rasa_url: str
    action_server_url: str
    tracker_store_url: str
    lock_store_url: str
    backend_url: str
    # The backend's copy of the conversations for the staff web (backend/config.py): '' is backend.db.
    conversation_copy_url: str
    telegram_api_url: str
    telegram_bot_url: str
    configured_api_token: str = ""
    configured_action_token: str = ""
    telegram_bot_token: str = ""
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    # The scaled configuration: PostgreSQL and Redis (the launcher's own unless the URLs above are set).
    scaled: bool = False
    rasa_workers: int = 1
    action_workers: int = 1

    @property
    def rasa_api_token(self) -> str:
        """RASA_API_TOKEN, or a random one kept in the data directory."""
        return configured_or_generated_token(self.configured_api_token, self.data_dir, create=True)

    @property
    def action_server_token(self) -> str:
        """ACTION_SERVER_TOKEN, or a random one kept in the data directory: only Rasa may call the action server."""
        return configured_or_generated_action_token(self.configured_action_token, self.data_dir, create=True)

    @property
    def rasa_port(self) -> int:
        return listen_address(self.rasa_url, 5005)[1]

    @property
    def action_server_port(self) -> int:
        return listen_address(self.action_server_url, 5055)[1]

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def process_env(self) -> dict:
        """What every child process is told about where things are (on top of the caller's environment)."""
        return {
            **os.environ,
            "STADTBOT_DATA_DIR": str(self.data_dir),
            "BACKEND_URL": self.backend_url,
            "RASA_URL": self.rasa_url,
            "ACTION_SERVER_URL": self.action_server_url,
            "TRACKER_STORE_URL": self.tracker_store_url,
            # Rasa's HTTP API and its deleting routes (channels/privacy.py); the bot's /loeschen uses them.
            "RASA_API_TOKEN": self.rasa_api_token,
        }


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading .env)."""
    env = Environment(env, DEFAULTS)
    data_dir = env.data_dir()
    scaled = env.flag("STADTBOT_SCALED")
    settings = Settings(
        data_dir=data_dir,
        rasa_url=env.url("RASA_URL"),
        action_server_url=env.url("ACTION_SERVER_URL"),
        tracker_store_url=tracker_store_url(env.values, data_dir),
        lock_store_url=env.text("LOCK_STORE_URL"),
        backend_url=env.url("BACKEND_URL"),
        conversation_copy_url=env.text("CONVERSATION_COPY_URL"),
        configured_api_token=env.text("RASA_API_TOKEN"),
        configured_action_token=env.text("ACTION_SERVER_TOKEN"),
        telegram_bot_token=env.text("TELEGRAM_BOT_TOKEN"),
        telegram_api_url=env.url("TELEGRAM_API_URL"),
        telegram_webhook_url=env.text("TELEGRAM_WEBHOOK_URL"),
        telegram_webhook_secret=env.text("TELEGRAM_WEBHOOK_SECRET"),
        telegram_bot_url=env.url("TELEGRAM_BOT_URL"),
        scaled=scaled,
        rasa_workers=_workers(env, "SANIC_WORKERS", scaled),
        action_workers=_workers(env, "ACTION_SERVER_SANIC_WORKERS", scaled),
    )
    if settings.rasa_workers > 1 and not (scaled or settings.lock_store_url):
        # Rasa would quietly run one process: several need a lock store they share.
        raise ConfigError("SANIC_WORKERS > 1 needs a Redis lock store: set LOCK_STORE_URL, or STADTBOT_SCALED=1")
    return settings


def _workers(env: Environment, name: str, scaled: bool) -> int:
    if not env.text(name):
        return SCALED_WORKERS if scaled else 1
    return env.number(name)


NO_TOKEN_HINT = (
    "Kein TELEGRAM_BOT_TOKEN gesetzt: der Telegram-Anschluss startet nicht, alles andere läuft.\n"
    "So bekommen Sie einen Token: in Telegram @BotFather öffnen, /newbot senden, Namen wählen,\n"
    "den Token in die Datei .env schreiben (TELEGRAM_BOT_TOKEN=...) und make run neu starten."
)


def telegram_token(env: Optional[Mapping[str, str]] = None) -> str:
    return Environment(env).text("TELEGRAM_BOT_TOKEN")
