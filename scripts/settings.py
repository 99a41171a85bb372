"""The assistant's settings for the processes it starts, read in one place.

Every value comes from the environment or a `.env` file in the repository
root; all are optional and documented in the README (a test keeps both in
step). The defaults run everything on one machine with SQLite files under
STADTBOT_DATA_DIR.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

from common.env import secret_file, tracker_store_url

ROOT = Path(__file__).resolve().parent.parent

# name -> (default, meaning); the README's configuration table lists the same names.
VARIABLES = {
    "STADTBOT_DATA_DIR": ("./var", "every file the running assistant writes: SQLite databases, logs"),
    "RASA_URL": ("http://127.0.0.1:5005", "the Rasa server the Telegram adapter and the terminal chat talk to"),
    "ACTION_SERVER_URL": ("http://127.0.0.1:5055", "the action server the Rasa server calls"),
    "TRACKER_STORE_URL": ("sqlite:///<data dir>/conversations.db", "SQLAlchemy URL of the conversation store (PostgreSQL: postgresql://user:pw@host/db)"),
    "LOCK_STORE_URL": ("in-memory", "redis://host:port/db when several Rasa instances share the conversations"),
    "RASA_API_TOKEN": ("generated into the data dir", "token for Rasa's HTTP API (parse, conversations); the REST channel needs none"),
    "BACKEND_URL": ("http://127.0.0.1:8000", "the Open311 + catalog API the actions call"),
    "TELEGRAM_BOT_TOKEN": ("", "the bot token from Telegram's @BotFather; without it the Telegram adapter does not start"),
    "TELEGRAM_API_URL": ("https://api.telegram.org", "Bot API root (tests point it at an emulator)"),
    "TELEGRAM_WEBHOOK_URL": ("", "public HTTPS address Telegram sends updates to (webhook mode); without it the adapter polls"),
    "TELEGRAM_WEBHOOK_SECRET": ("", "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required in webhook mode"),
    "TELEGRAM_BOT_URL": ("http://127.0.0.1:8081", "where the Telegram adapter listens: /health, and in webhook mode the webhook (forward TELEGRAM_WEBHOOK_URL here)"),
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    rasa_url: str
    action_server_url: str
    tracker_store_url: str
    lock_store_url: str
    backend_url: str = "http://127.0.0.1:8000"
    configured_api_token: str = ""
    telegram_bot_token: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    telegram_bot_url: str = "http://127.0.0.1:8081"

    @property
    def rasa_api_token(self) -> str:
        """RASA_API_TOKEN, or a random one kept in the data directory."""
        if self.configured_api_token:
            return self.configured_api_token
        return secret_file(self.data_dir / "rasa-api-token")

    @property
    def rasa_port(self) -> int:
        return urlsplit(self.rasa_url).port or 5005

    @property
    def action_server_port(self) -> int:
        return urlsplit(self.action_server_url).port or 5055

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
            # The staff web reads the conversations Rasa writes here.
            "TRACKER_STORE_URL": self.tracker_store_url,
            # Rasa's HTTP API and its deleting routes (channels/privacy.py); the bot's /loeschen uses them.
            "RASA_API_TOKEN": self.rasa_api_token,
        }


def load(env: dict = None) -> Settings:
    """Settings from `env` (default: the process environment after reading .env)."""
    if env is None:
        load_dotenv(ROOT / ".env")
        env = os.environ

    def get(name: str) -> str:
        return env.get(name) or VARIABLES[name][0]

    data_dir = (ROOT / get("STADTBOT_DATA_DIR")).resolve()
    tracker = tracker_store_url(env, data_dir)
    return Settings(
        data_dir=data_dir,
        rasa_url=get("RASA_URL").rstrip("/"),
        action_server_url=get("ACTION_SERVER_URL").rstrip("/"),
        tracker_store_url=tracker,
        lock_store_url=env.get("LOCK_STORE_URL", ""),
        backend_url=get("BACKEND_URL").rstrip("/"),
        configured_api_token=env.get("RASA_API_TOKEN", ""),
        telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN", ""),
        telegram_api_url=get("TELEGRAM_API_URL").rstrip("/"),
        telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", ""),
        telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET", ""),
        telegram_bot_url=get("TELEGRAM_BOT_URL").rstrip("/"),
    )


NO_TOKEN_HINT = (
    "Kein TELEGRAM_BOT_TOKEN gesetzt: der Telegram-Anschluss startet nicht, alles andere läuft.\n"
    "So bekommen Sie einen Token: in Telegram @BotFather öffnen, /newbot senden, Namen wählen,\n"
    "den Token in die Datei .env schreiben (TELEGRAM_BOT_TOKEN=...) und make run neu starten."
)


def telegram_token(env: dict = None) -> str:
    return (os.environ if env is None else env).get("TELEGRAM_BOT_TOKEN", "")
