"""The real backend (`python -m backend`) started once per test session, on a free port.

It gets a fresh data directory and a known API key; readiness is awaited by
polling /health with a timeout, never by sleeping a fixed time. Its output
goes to <data dir>/backend.log. Import with `from tests.backend_fixtures import *`.
"""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def _wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"backend exited with code {process.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"backend did not answer /health within {START_TIMEOUT:.0f} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def backend(tmp_path_factory):
    """A running backend with an empty database; yields url, api, api_key, data_dir, log."""
    data_dir = tmp_path_factory.mktemp("backend-data")
    url = f"http://127.0.0.1:{_free_port()}"
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
        process = subprocess.Popen([sys.executable, "-m", "backend"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_health(url, process, log)
        yield RunningBackend(url=url, api=f"{url}/open311/v2", api_key=API_KEY, data_dir=data_dir, log=log)
    finally:
        _stop(process)
