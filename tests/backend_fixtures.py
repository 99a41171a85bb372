"""The real backend (`python -m backend`) started once per test session, on a free port.

It gets a fresh data directory and a known API key; readiness is awaited by
polling /health with a timeout, never by sleeping a fixed time. Its output
goes to <data dir>/backend.log. Import with `from tests.backend_fixtures import *`.
"""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.stack import APP_PYTHON, free_port, stop, wait_until_ready

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "test-open311-key"
START_TIMEOUT = 30.0

__all__ = ["backend", "RunningBackend"]


@dataclass(frozen=True)
class RunningBackend:
    url: str  # base URL, e.g. http://127.0.0.1:38123
    api: str  # the Open311 endpoint: {url}/open311/v2
    api_key: str
    data_dir: Path
    log: Path


@pytest.fixture(scope="session")
def backend(tmp_path_factory):
    """A running backend with an empty database; yields url, api, api_key, data_dir, log."""
    data_dir = tmp_path_factory.mktemp("backend-data")
    url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "STADTBOT_DATA_DIR": str(data_dir),
        "BACKEND_URL": url,
        "OPEN311_API_KEY": API_KEY,
        # The defaults, set explicitly so that a local .env cannot change what the tests see.
        "GERA_BBOX": "50.80,11.96,50.96,12.23",
        "MEDIA_MAX_BYTES": str(10 * 1024 * 1024),
        "MEDIA_MAX_PIXELS": "40000000",
    }
    log = data_dir / "backend.log"
    with open(log, "ab") as out:
        process = subprocess.Popen([APP_PYTHON, "-m", "backend"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_ready(f"{url}/health", process, log, START_TIMEOUT)
        yield RunningBackend(url=url, api=f"{url}/open311/v2", api_key=API_KEY, data_dir=data_dir, log=log)
    finally:
        stop(process)
