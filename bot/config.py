"""The Telegram adapter's settings, read from the environment in this one place.

Besides the shared ones of common/env.py (`TELEGRAM_API_URL`, `TELEGRAM_BOT_URL`
where the adapter listens, `RASA_URL`, `BACKEND_URL`, `OPEN311_API_KEY`,
`RASA_API_TOKEN` for /loeschen, `STADTBOT_DATA_DIR` for the chat state,
`MEDIA_MAX_BYTES`, `MEDIA_MAX_PIXELS`), the adapter reads:

| variable | default | meaning |
|---|---|---|
| `TELEGRAM_BOT_TOKEN` | – | the bot token from @BotFather (required to start) |
| `TELEGRAM_WEBHOOK_URL` | – | webhook mode: the public address Telegram posts updates to |
| `TELEGRAM_WEBHOOK_SECRET` | – | required with the webhook: Telegram's X-Telegram-Bot-Api-Secret-Token |
| `STAFF_GROUP_CHAT_ID` | – | the staff's Telegram group (the bot a member; a group id is negative): a daily summary of overdue reports goes there (bot/staff_summary.py) |
| `STAFF_SUMMARY_TIME` | `07:30` | when the summary is sent, Berlin time (HH:MM or HH:MM:SS) |
| `STAFF_WEB_URL` | `BACKEND_URL` | where staff open the staff web: each summary line links to the report there; citizens get its public page `/barrierefreiheit` (the accessibility statement) in /hilfe and /datenschutz |
| `ACCESSIBILITY_CONTACT` | `StadtService H35, Telefon 0365 838-1900` | where citizens report barriers: named with the accessibility statement in /hilfe and /datenschutz (the staff web's statement names the same setting) |
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from common.env import ConfigError, Environment, listen_address, open311_api_key, rasa_api_token

DEFAULTS = {"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_WEBHOOK_URL": "", "TELEGRAM_WEBHOOK_SECRET": "",
            "STAFF_GROUP_CHAT_ID": "", "STAFF_SUMMARY_TIME": "07:30", "STAFF_WEB_URL": "",
            "ACCESSIBILITY_CONTACT": "StadtService H35, Telefon 0365 838-1900"}

# Telegram's rule for the webhook secret.
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CHAT_ID = re.compile(r"^-?[1-9][0-9]{0,19}$")
CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$")

# Limits and timings: not settings, but named in one place.
TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
RASA_TIMEOUT = 30.0  # seconds for one turn (forms with several actions take a few seconds under load)
# Waiting signs (bot/handlers.py waiting_signs): "schreibt …" after TYPING_AFTER seconds, renewed every
# TYPING_EVERY (Telegram shows it about five seconds), and a note that the message arrived after SLOW_NOTE_AFTER.
TYPING_AFTER = 1.0
TYPING_EVERY = 4.5
SLOW_NOTE_AFTER = 10.0
BACKEND_TIMEOUT = 15.0
NOTIFICATION_INTERVAL = 2.0  # seconds between two looks at the backend's notifications
ALBUM_WAIT = 1.5  # seconds after an album's last photo before it goes to the assistant as one message
ALBUM_MAX_PHOTOS = 5  # photos per report, as the backend takes them
RATE_BURST = 8  # messages a chat may send at once ...
RATE_PER_SECOND = 0.5  # ... and then one every two seconds
GROUP_NOTE_INTERVAL = 600.0  # a group chat hears "private chats only" at most every ten minutes
MAX_CONCURRENT_UPDATES = 256
INBOX_MAX_AGE = 24 * 3600.0  # seconds: an update older at start is not answered any more (bot/inbox.py)
INBOX_TIDY_INTERVAL = 60.0  # seconds between two emptyings of the inbox's write-ahead log
PERSISTENCE_INTERVAL = 10.0  # seconds between two writes of the chats' state (telegram-chats.pickle)


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
    staff_group_chat_id: Optional[int] = None
    staff_summary_time: dt.time = dt.time(7, 30)  # Berlin time
    staff_web_url: str = ""
    accessibility_contact: str = DEFAULTS["ACCESSIBILITY_CONTACT"]

    @property
    def accessibility_url(self) -> str:
        """The accessibility statement, a public page of the staff web (backend/staff/routers/accessibility.py)."""
        return f"{self.staff_web_url.rstrip('/')}/barrierefreiheit"

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The path the webhook listens on: the path of TELEGRAM_WEBHOOK_URL (default /telegram)."""
        return urlsplit(self.webhook_url).path or "/telegram"

    @property
    def listen_host(self) -> str:
        return listen_address(self.listen_url, 8081)[0]

    @property
    def listen_port(self) -> int:
        return listen_address(self.listen_url, 8081)[1]

    @property
    def persistence_path(self) -> Path:
        return self.data_dir / "telegram-chats.pickle"

    @property
    def inbox_path(self) -> Path:
        return self.data_dir / "inbox.db"

    @property
    def api_key(self) -> str:
        """OPEN311_API_KEY, or the key the backend generated into the data directory (read when needed)."""
        return open311_api_key(self.configured_api_key, self.data_dir)

    @property
    def rasa_token(self) -> str:
        """RASA_API_TOKEN, or the token the launcher keeps in the data directory: /loeschen needs Rasa's API."""
        return rasa_api_token(self.configured_rasa_token, self.data_dir)


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading the root .env)."""
    env = Environment(env, DEFAULTS)
    token = env.text("TELEGRAM_BOT_TOKEN")
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN fehlt: in Telegram @BotFather öffnen, /newbot senden, "
                          "den Token in .env eintragen (TELEGRAM_BOT_TOKEN=...).")
    webhook_url = env.text("TELEGRAM_WEBHOOK_URL")
    secret = env.text("TELEGRAM_WEBHOOK_SECRET")
    if webhook_url and not SECRET.match(secret):
        raise ConfigError("Im Webhook-Betrieb ist TELEGRAM_WEBHOOK_SECRET nötig: 1 bis 256 Zeichen A-Z, a-z, 0-9, _ und -.")
    return Settings(
        token=token,
        api_url=env.url("TELEGRAM_API_URL"),
        webhook_url=webhook_url,
        webhook_secret=secret,
        listen_url=env.url("TELEGRAM_BOT_URL"),
        rasa_url=env.url("RASA_URL"),
        backend_url=env.url("BACKEND_URL"),
        data_dir=env.data_dir(),
        media_max_bytes=env.number("MEDIA_MAX_BYTES"),
        media_max_pixels=env.number("MEDIA_MAX_PIXELS"),
        configured_api_key=env.text("OPEN311_API_KEY"),
        configured_rasa_token=env.text("RASA_API_TOKEN"),
        staff_group_chat_id=_chat_id(env.text("STAFF_GROUP_CHAT_ID")),
        staff_summary_time=_clock(env.text("STAFF_SUMMARY_TIME")),
        staff_web_url=(env.url("STAFF_WEB_URL") if env.text("STAFF_WEB_URL") else env.url("BACKEND_URL")),
        accessibility_contact=env.text("ACCESSIBILITY_CONTACT"),
    )


def _chat_id(text: str) -> Optional[int]:
    if not text:
        return None
    if not CHAT_ID.match(text):
        raise ConfigError(f"STAFF_GROUP_CHAT_ID muss die Nummer eines Telegram-Chats sein (Gruppen: negativ), "
                          f"nicht {text!r}.")
    return int(text)


def _clock(text: str) -> dt.time:
    match = CLOCK.match(text)
    if not match:
        raise ConfigError(f"STAFF_SUMMARY_TIME muss eine Uhrzeit wie 07:30 sein, nicht {text!r}.")
    hour, minute, second = (int(part or 0) for part in match.groups())
    return dt.time(hour, minute, second)
