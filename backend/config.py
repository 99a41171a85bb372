"""The backend's settings, read from the environment in this one place.

Besides the shared ones of common/env.py (`STADTBOT_DATA_DIR`: `backend.db`,
`media/` and the generated key live there; `BACKEND_URL`: where the backend
listens, public media URLs start with it; `OPEN311_API_KEY`, generated on
first start when unset; `MEDIA_MAX_BYTES`, `MEDIA_MAX_PIXELS`), the backend reads:

| variable            | default                        | meaning |
|---------------------|--------------------------------|---------|
| `GERA_BBOX`         | `50.78,11.96,50.99,12.23`      | south,west,north,east: a location outside is "not in Gera" |
| `REPORT_CHAT_ID_DAYS` | `30`                         | days after a report was closed until it loses its chat id and other contact data (backend/report_retention.py) |
| `CLOSED_PHOTO_DAYS` | `180`                          | days after a report was closed until its photos are deleted |
| `CONVERSATION_COPY_URL` | empty: backend.db          | where the staff web's copy of the conversations lives: empty, or postgresql://user:pw@host/db (backend/conversation_copy.py) |
| `OPERATOR_API_KEY`  | `<data dir>/operator-api-key`  | the key the lighting operator's system sends (`Authorization: Bearer …`) with its fault messages (backend/incidents.py) |
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from common.area import DEFAULT_GERA_BBOX, BBox, parse_bbox
from common.env import API_KEY_FILE, ROOT, ConfigError  # noqa: F401  (callers use config.API_KEY_FILE, .ROOT, ...)
from common.env import Environment, listen_address, open311_api_key, secret_file

DEFAULTS = {"GERA_BBOX": DEFAULT_GERA_BBOX, "REPORT_CHAT_ID_DAYS": "30", "CLOSED_PHOTO_DAYS": "180",
            "OPERATOR_API_KEY": ""}
OPERATOR_KEY_FILE = "operator-api-key"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    backend_url: str
    bbox: BBox
    media_max_bytes: int
    media_max_pixels: int
    configured_api_key: str = ""
    report_chat_id_days: int = 30
    closed_photo_days: int = 180
    conversation_copy_url: str = field(default="", repr=False)  # may hold a password
    configured_operator_key: str = field(default="", repr=False)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "backend.db"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def open311_url(self) -> str:
        """The Open311 endpoint, as announced in discovery."""
        return f"{self.backend_url}/open311/v2"

    @property
    def host(self) -> str:
        return listen_address(self.backend_url)[0]

    @property
    def port(self) -> int:
        return listen_address(self.backend_url)[1]

    @property
    def api_key(self) -> str:
        """OPEN311_API_KEY, or a random key kept in the data directory (created on first use)."""
        return open311_api_key(self.configured_api_key, self.data_dir, create=True)

    @property
    def operator_key(self) -> str:
        """OPERATOR_API_KEY, or a random key kept in the data directory (created on first use): only for
        the operator's fault messages, so that system cannot read or write reports."""
        return self.configured_operator_key or self.secret(OPERATOR_KEY_FILE)

    def secret(self, name: str) -> str:
        """A random secret of the backend kept in the data directory (e.g. for signing or pseudonyms)."""
        return secret_file(self.data_dir / name)


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading the root .env)."""
    env = Environment(env, DEFAULTS)
    return Settings(
        data_dir=env.data_dir(),
        backend_url=env.url("BACKEND_URL"),
        bbox=parse_bbox(env.text("GERA_BBOX")),
        media_max_bytes=env.number("MEDIA_MAX_BYTES"),
        media_max_pixels=env.number("MEDIA_MAX_PIXELS"),
        configured_api_key=env.text("OPEN311_API_KEY"),
        report_chat_id_days=env.number("REPORT_CHAT_ID_DAYS"),
        closed_photo_days=env.number("CLOSED_PHOTO_DAYS"),
        conversation_copy_url=_copy_url(env.text("CONVERSATION_COPY_URL")),
        configured_operator_key=env.text("OPERATOR_API_KEY"),
    )


def _copy_url(url: str) -> str:
    """Empty (backend.db) or a PostgreSQL address; the message never shows the URL, which holds a password."""
    if url and urlsplit(url).scheme not in ("postgresql", "postgres"):
        raise ConfigError("CONVERSATION_COPY_URL must be empty (backend.db) or start with postgresql://")
    return url
