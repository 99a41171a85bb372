"""The backend in-process: its ASGI app on a fresh data directory, reached through httpx without a server.

`backend` has the fields of the end-to-end layer's RunningBackend (url, api, api_key, data_dir) plus
`client`: Starlette's TestClient, an httpx.Client whose transport calls the ASGI app directly (the
synchronous twin of httpx.ASGITransport, so the tests stay plain functions). Redirects are not
followed, as with httpx against a real server. One app per test module, like one server per session
in the end-to-end layer: tests file their own reports and do not depend on each other.
`backend.client` never logs in; `staff_client` is a second client of the same app with a session.
"""

import io
import re
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from backend import config
from backend.app import create_app
from backend.staff import store

URL = "http://testserver"
API_KEY = "test-open311-key"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class InProcessBackend:
    client: TestClient
    url: str  # base URL the app announces (discovery, media URLs)
    api: str  # the Open311 endpoint: {url}/open311/v2
    api_key: str
    data_dir: Path

    def new_client(self) -> TestClient:
        """Another client of the same app, with cookies of its own."""
        return TestClient(self.client.app, base_url=self.url, follow_redirects=False)


def in_process_backend(data_dir: Path) -> InProcessBackend:
    settings = config.load({
        "STADTBOT_DATA_DIR": str(data_dir),
        "BACKEND_URL": URL,
        "OPEN311_API_KEY": API_KEY,
        # The defaults, set explicitly so that a local .env cannot change what the tests see.
        "GERA_BBOX": "50.80,11.96,50.96,12.23",
        "MEDIA_MAX_BYTES": str(10 * 1024 * 1024),
        "MEDIA_MAX_PIXELS": "40000000",
    })
    client = TestClient(create_app(settings), base_url=URL, follow_redirects=False)
    return InProcessBackend(client=client, url=URL, api=settings.open311_url, api_key=API_KEY, data_dir=data_dir)


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """A fresh backend with an empty database, in this process."""
    backend = in_process_backend(tmp_path_factory.mktemp("backend-data"))
    with backend.client:
        yield backend


@pytest.fixture
def staff_client(backend):
    """A client that went through the login form with a fresh account (as `backend.staff.users create` makes it)."""
    name, password = f"test-{uuid.uuid4().hex[:10]}", f"Gera-{uuid.uuid4().hex}"
    store.create_user(backend.client.app.state.storage, name, password)
    client = backend.new_client()
    token = csrf_from(client.get("/staff/login").text)
    response = client.post("/staff/login", data={"name": name, "password": password, "csrf_token": token})
    assert response.status_code == 303, response.text
    with client:
        yield client


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no csrf_token field in the page"
    return match.group(1)


def jpeg_bytes(color=(200, 60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, format="JPEG")
    return out.getvalue()


def file_report(backend: InProcessBackend, photo: bool = False, **fields) -> str:
    """File a report through Open311 like the bot does; answers its number."""
    data = {"api_key": backend.api_key, "service_code": "graffiti", "lat": "50.8765", "long": "12.0812",
            "description": "Graffiti an der Bushaltestelle", **fields}
    files = {"media": ("foto.jpg", jpeg_bytes(), "image/jpeg")} if photo else None
    response = backend.client.post(f"{backend.api}/requests.json", data=data, files=files)
    assert response.status_code == 201, response.text
    return response.json()[0]["service_request_id"]


class Overlap:
    """Counts the calls of a stand-in and how many of them ran at the same time (limits are tested so)."""

    def __init__(self, seconds: float = 0.0):
        self.seconds, self.calls, self.running, self.most_at_once = seconds, 0, 0, 0
        self._lock = threading.Lock()

    def run(self) -> None:
        """One call: counted, then `seconds` long while others may run."""
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(self.seconds)
        finally:
            with self._lock:
                self.running -= 1
