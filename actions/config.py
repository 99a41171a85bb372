"""The action server's settings, read from the environment in this one place.

No other module in actions/ reads os.environ: they get a `Settings` from
`load()` (tests pass their own env dict). Every value is optional; a `.env`
file in the repository root is read too.

| variable                     | default                      | meaning                                            |
|------------------------------|------------------------------|----------------------------------------------------|
| `STADTBOT_DATA_DIR`          | `./var` (repo root)          | holds `outbox.db`; the backend writes its key here |
| `BACKEND_URL`                | `http://127.0.0.1:8000`      | Open311 endpoint: `{BACKEND_URL}/open311/v2`       |
| `OPEN311_API_KEY`            | `<data dir>/open311-api-key` | key for writing requests (the backend's file)      |
| `BACKEND_TIMEOUT`            | `5`                          | seconds to wait before a report goes to the outbox |
| `OUTBOX_FIRST_RETRY_SECONDS` | `2`                          | first retry of a report that could not be filed    |
| `OUTBOX_MAX_RETRY_SECONDS`   | `300`                        | the delay doubles per try up to this               |
| `GERA_BBOX`                  | `50.80,11.96,50.96,12.23`    | south,west,north,east: outside is "not in Gera"    |
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from common.env import environment
from common.area import DEFAULT_GERA_BBOX, BBox, parse_bbox
from common.env import ConfigError, positive_number, read_secret

ROOT = Path(__file__).resolve().parent.parent
API_KEY_FILE = "open311-api-key"

DEFAULTS = {
    "STADTBOT_DATA_DIR": "./var",
    "BACKEND_URL": "http://127.0.0.1:8000",
    "OPEN311_API_KEY": "",
    "BACKEND_TIMEOUT": "5",
    "OUTBOX_FIRST_RETRY_SECONDS": "2",
    "OUTBOX_MAX_RETRY_SECONDS": "300",
    "GERA_BBOX": DEFAULT_GERA_BBOX,
}
OUTBOX_FILE = "outbox.db"  # in the data dir; only the action server opens it (/loeschen: actions/privacy.py)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    backend_url: str
    backend_timeout: float
    outbox_first_retry: float
    outbox_max_retry: float
    gera_bbox: BBox
    configured_api_key: str = ""

    @property
    def open311_url(self) -> str:
        return f"{self.backend_url}/open311/v2"

    @property
    def media_upload_url(self) -> str:
        """The built-in backend's photo upload (Open311 v2 defines none)."""
        return f"{self.backend_url}/media"

    @property
    def outbox_path(self) -> Path:
        return self.data_dir / OUTBOX_FILE

    @property
    def api_key(self) -> str:
        """OPEN311_API_KEY, else the key file the built-in backend writes ('' while it does not exist).

        Read on every use, not once: the backend may create the file after the
        action server started, and the outbox must then work without a restart.
        """
        return self.configured_api_key or read_secret(self.data_dir / API_KEY_FILE)




def _url(text: str) -> str:
    url = text.rstrip("/")
    if urlsplit(url).scheme not in ("http", "https"):
        raise ConfigError(f"BACKEND_URL must start with http:// or https://, got {text!r}")
    return url


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading the root .env)."""
    env = environment(env)

    def get(name: str) -> str:
        return env.get(name) or DEFAULTS[name]

    first_retry = positive_number("OUTBOX_FIRST_RETRY_SECONDS", get("OUTBOX_FIRST_RETRY_SECONDS"), float)
    max_retry = positive_number("OUTBOX_MAX_RETRY_SECONDS", get("OUTBOX_MAX_RETRY_SECONDS"), float)
    if max_retry < first_retry:
        raise ConfigError("OUTBOX_MAX_RETRY_SECONDS must not be smaller than OUTBOX_FIRST_RETRY_SECONDS")
    return Settings(
        data_dir=(ROOT / get("STADTBOT_DATA_DIR")).resolve(),
        backend_url=_url(get("BACKEND_URL")),
        backend_timeout=positive_number("BACKEND_TIMEOUT", get("BACKEND_TIMEOUT"), float),
        outbox_first_retry=first_retry,
        outbox_max_retry=max_retry,
        gera_bbox=parse_bbox(get("GERA_BBOX")),
        configured_api_key=env.get("OPEN311_API_KEY", "").strip(),
    )

