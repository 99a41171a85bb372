"""The backend's settings, read from the environment in this one place.

Every value is optional (a `.env` file in the repository root is read too):

| variable            | default                        | meaning |
|---------------------|--------------------------------|---------|
| `STADTBOT_DATA_DIR` | `./var` (relative to the repo) | holds `backend.db`, `media/` and the generated API key |
| `BACKEND_URL`       | `http://127.0.0.1:8000`        | where the backend listens; public media URLs start with it |
| `OPEN311_API_KEY`   | generated into `<data dir>/open311-api-key` (mode 600) | key for every writing request |
| `GERA_BBOX`         | `50.80,11.96,50.96,12.23`      | south,west,north,east: a location outside is "not in Gera" |
| `MEDIA_MAX_BYTES`   | `10485760` (10 MB)             | largest photo upload |
| `MEDIA_MAX_PIXELS`  | `40000000`                     | largest photo in pixels (refuses decompression bombs) |
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from common.env import environment
from common.area import DEFAULT_GERA_BBOX, BBox, parse_bbox
from common.env import ConfigError, positive_number, secret_file

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "STADTBOT_DATA_DIR": "./var",
    "BACKEND_URL": "http://127.0.0.1:8000",
    "OPEN311_API_KEY": "",
    "GERA_BBOX": DEFAULT_GERA_BBOX,
    "MEDIA_MAX_BYTES": str(10 * 1024 * 1024),
    "MEDIA_MAX_PIXELS": str(40_000_000),
}

API_KEY_FILE = "open311-api-key"




@dataclass(frozen=True)
class Settings:
    data_dir: Path
    backend_url: str
    bbox: BBox
    media_max_bytes: int
    media_max_pixels: int
    configured_api_key: str = ""

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
        return urlsplit(self.backend_url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        parts = urlsplit(self.backend_url)
        return parts.port or (443 if parts.scheme == "https" else 80)

    @property
    def api_key(self) -> str:
        """OPEN311_API_KEY, or a random key kept in the data directory (created on first use)."""
        return self.configured_api_key or secret_file(self.data_dir / API_KEY_FILE)

    def secret(self, name: str) -> str:
        """A random secret of the backend kept in the data directory (e.g. for signing or pseudonyms)."""
        return secret_file(self.data_dir / name)


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading the root .env)."""
    env = environment(env)

    def get(name: str) -> str:
        return env.get(name) or DEFAULTS[name]

    url = get("BACKEND_URL").rstrip("/")
    if urlsplit(url).scheme not in ("http", "https"):
        raise ConfigError(f"BACKEND_URL must start with http:// or https://, got {url!r}")
    return Settings(
        data_dir=(ROOT / get("STADTBOT_DATA_DIR")).resolve(),
        backend_url=url,
        bbox=parse_bbox(get("GERA_BBOX")),
        media_max_bytes=positive_number("MEDIA_MAX_BYTES", get("MEDIA_MAX_BYTES")),
        media_max_pixels=positive_number("MEDIA_MAX_PIXELS", get("MEDIA_MAX_PIXELS")),
        configured_api_key=env.get("OPEN311_API_KEY", ""),
    )

