"""The action server's settings, read from the environment in this one place.

No other module in actions/ reads os.environ: they get a `Settings` from
`load()` (tests pass their own env dict). Besides the shared ones of
common/env.py (`STADTBOT_DATA_DIR`: holds `outbox.db`; `BACKEND_URL`: the
Open311 endpoint is `{BACKEND_URL}/open311/v2`; `OPEN311_API_KEY`, else the
backend's key file; `ACTION_SERVER_URL`: where it listens; `ACTION_SERVER_TOKEN`,
else the launcher's token file: what Rasa must show), the action server reads:

| variable                     | default                      | meaning                                            |
|------------------------------|------------------------------|----------------------------------------------------|
| `BACKEND_TIMEOUT`            | `5`                          | seconds to wait before a report goes to the outbox |
| `OUTBOX_FIRST_RETRY_SECONDS` | `2`                          | first retry of a report that could not be filed    |
| `OUTBOX_MAX_RETRY_SECONDS`   | `300`                        | the delay doubles per try up to this               |
| `GERA_BBOX`                  | `50.78,11.96,50.99,12.23`    | south,west,north,east: outside is "not in Gera"    |
| `GEOCODER_URL`               | `{BACKEND_URL}/geocoder`     | a Nominatim-compatible geocoder (search, reverse); the default is the backend's offline gazetteer of Gera |
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from common.area import DEFAULT_GERA_BBOX, BBox, parse_bbox
from common.env import API_KEY_FILE  # noqa: F401  (callers use config.API_KEY_FILE)
from common.env import ConfigError, Environment, action_server_token, listen_address, open311_api_key

DEFAULTS = {
    "BACKEND_TIMEOUT": "5",
    "OUTBOX_FIRST_RETRY_SECONDS": "2",
    "OUTBOX_MAX_RETRY_SECONDS": "300",
    "GERA_BBOX": DEFAULT_GERA_BBOX,
    "GEOCODER_URL": "",
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
    action_server_url: str = "http://127.0.0.1:5055"
    configured_action_token: str = ""
    configured_geocoder_url: str = ""

    @property
    def geocoder_url(self) -> str:
        """GEOCODER_URL, else the backend's own Nominatim-compatible gazetteer."""
        return self.configured_geocoder_url or f"{self.backend_url}/geocoder"

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
        return open311_api_key(self.configured_api_key, self.data_dir)

    @property
    def host(self) -> str:
        """The action server listens on the host of ACTION_SERVER_URL (loopback by default), nowhere else."""
        return listen_address(self.action_server_url, 5055)[0]

    @property
    def port(self) -> int:
        return listen_address(self.action_server_url, 5055)[1]

    @property
    def action_server_token(self) -> str:
        """ACTION_SERVER_TOKEN, else the file the launcher writes ('' while it does not exist): the token
        every call to the action server must carry."""
        return action_server_token(self.configured_action_token, self.data_dir)


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from `env` (default: the process environment after reading the root .env)."""
    env = Environment(env, DEFAULTS)
    first_retry = env.number("OUTBOX_FIRST_RETRY_SECONDS", float)
    max_retry = env.number("OUTBOX_MAX_RETRY_SECONDS", float)
    if max_retry < first_retry:
        raise ConfigError("OUTBOX_MAX_RETRY_SECONDS must not be smaller than OUTBOX_FIRST_RETRY_SECONDS")
    return Settings(
        data_dir=env.data_dir(),
        backend_url=env.url("BACKEND_URL"),
        backend_timeout=env.number("BACKEND_TIMEOUT", float),
        outbox_first_retry=first_retry,
        outbox_max_retry=max_retry,
        gera_bbox=parse_bbox(env.text("GERA_BBOX")),
        configured_api_key=env.text("OPEN311_API_KEY"),
        action_server_url=env.url("ACTION_SERVER_URL"),
        configured_action_token=env.text("ACTION_SERVER_TOKEN"),
        configured_geocoder_url=env.url("GEOCODER_URL") if env.text("GEOCODER_URL") else "",
    )
