"""Fixtures for the staff web tests: accounts made by the real command, logged-in clients, reports, a browser.

Builds on `tests.backend_fixtures.backend` (one real backend per session).
Test modules load it with `pytest_plugins = ["tests.staff_fixtures"]` (a plugin, so the
session fixtures, above all the one browser, exist once per session, not once per module)
and import its helpers (PYTEST_DONT_REWRITE: modules import it before pytest loads it).
Each test that needs its own login state (throttling, logout) gets a fresh account from
`new_staff_user`.
"""

import io
import json
import os
import re
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from PIL import Image

from scripts.stack import APP_PYTHON
from tests.backend_fixtures import ROOT, RunningBackend, backend  # noqa: F401  (fixture re-exported)

__all__ = ["backend", "new_staff_user", "staff_user", "staff_client", "login", "csrf_from", "file_report",
           "jpeg_bytes", "browser", "page", "SCREENSHOTS", "CHROMIUM", "stack_backend", "stack_staff_user",
           "stack_staff_client", "rasa_events", "conversation_copy", "copied_events", "wait_for_copy"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "tests" / "screenshots"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


# --- the staff web's copy of the conversations (the Rasa server's conversation feed) -------------

SHOWN_EVENTS = ("user", "bot", "action")


def rasa_events(settings, sender: str) -> list:
    """The conversation as its owner, Rasa, has it (HTTP API): the user, bot and action events."""
    response = httpx.get(f"{settings.rasa_url}/conversations/{sender}/tracker", timeout=30,
                         params={"include_events": "ALL"},
                         headers={"Authorization": f"Bearer {settings.rasa_api_token}"})
    response.raise_for_status()
    return [event for event in response.json()["events"] if event["event"] in SHOWN_EVENTS]


@contextmanager
def conversation_copy(settings) -> Iterator:
    """The backend's copy of the conversations through the backend's own code (backend/conversation_copy.py):
    backend.db, or PostgreSQL in the scaled configuration."""
    from backend.conversation_copy import open_copy
    from backend.storage import Storage

    copy = open_copy(settings.conversation_copy_url, Storage(settings.data_dir / "backend.db"))
    try:
        yield copy
    finally:
        copy.close()


def copied_events(settings, sender: str) -> list:
    """(id, type_name, action_name, data) of the backend's copy of a conversation."""
    with conversation_copy(settings) as copy:
        rows = copy.query("SELECT id, type_name, action_name, data FROM conversation_events WHERE sender_id = :sender "
                          "ORDER BY id", sender=sender)
    return [(row.id, row.type_name, row.action_name, json.loads(row.data)) for row in rows]


def wait_for_copy(settings, sender: str, timeout: float = 30) -> list:
    """Wait until the backend's copy has every event Rasa has of the conversation (the feed sends
    them in the background, usually within milliseconds); answers the copy."""
    deadline = time.monotonic() + timeout
    while True:
        expected, copy = len(rasa_events(settings, sender)), copied_events(settings, sender)
        if len(copy) == expected or time.monotonic() > deadline:
            assert len(copy) == expected, f"the backend has {len(copy)} of {expected} events of the conversation"
            return copy
        time.sleep(0.05)


def run_users_command(backend, *args, password: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STADTBOT_DATA_DIR": str(backend.data_dir)}
    return subprocess.run([APP_PYTHON, "-m", "backend.staff.users", *args], cwd=ROOT, env=env,
                          input=password + "\n", capture_output=True, text=True, timeout=60)


def make_staff_user(backend) -> tuple:
    """A fresh account made with the real command; answers (name, password)."""
    name, password = f"test-{uuid.uuid4().hex[:10]}", f"Gera-{uuid.uuid4().hex}"
    result = run_users_command(backend, "create", name, password=password)
    assert result.returncode == 0, result.stderr
    return name, password


@pytest.fixture(scope="session")
def new_staff_user(backend):
    """Make a fresh account with the `staff-user` command: call it, get (name, password)."""
    return lambda: make_staff_user(backend)


@pytest.fixture(scope="session")
def staff_user(new_staff_user):
    return new_staff_user()


@pytest.fixture(scope="session")
def stack_backend(stack) -> RunningBackend:
    """The backend of the whole stack (conftest's `stack`: Rasa writes its conversations next to it)."""
    settings = stack.settings
    return RunningBackend(url=settings.backend_url, api=f"{settings.backend_url}/open311/v2",
                          api_key=(settings.data_dir / "open311-api-key").read_text().strip(),
                          data_dir=settings.data_dir, log=settings.log_dir / "backend.log")


@pytest.fixture(scope="session")
def stack_staff_user(stack_backend):
    """(name, password) of an account on the stack's backend; log in with `login(stack_backend, *user)`."""
    return make_staff_user(stack_backend)


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no csrf_token field in the page"
    return match.group(1)


def login(backend, name: str, password: str) -> httpx.Client:
    """A client that went through the login form (the csrf cookie first, then the POST)."""
    client = httpx.Client(base_url=backend.url, timeout=30)
    token = csrf_from(client.get("/staff/login").text)
    response = client.post("/staff/login", data={"name": name, "password": password, "csrf_token": token})
    assert response.status_code == 303, response.text
    return client


@contextmanager
def logged_in(backend, user: tuple) -> Iterator[httpx.Client]:
    client = login(backend, *user)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def staff_client(backend, staff_user):
    with logged_in(backend, staff_user) as client:
        yield client


@pytest.fixture
def stack_staff_client(stack_backend, stack_staff_user):
    """A logged-in client of the whole stack's backend (conversations need Rasa's tracker store)."""
    with logged_in(stack_backend, stack_staff_user) as client:
        yield client


def jpeg_bytes(color=(200, 60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, format="JPEG")
    return out.getvalue()


def file_report(backend, photo: bool = False, **fields) -> str:
    """File a report through Open311 like the bot does; answers its number."""
    data = {"api_key": backend.api_key, "service_code": "graffiti", "lat": "50.8765", "long": "12.0812",
            "description": "Graffiti an der Bushaltestelle", **fields}
    files = {"media": ("foto.jpg", jpeg_bytes(), "image/jpeg")} if photo else None
    response = httpx.post(f"{backend.api}/requests.json", data=data, files=files, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()[0]["service_request_id"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, started once per session.

    Playwright's sync API runs an asyncio loop in the main thread while it is open: after the first
    browser test, `asyncio.run` in the main thread fails ("cannot be called from a running event
    loop"), so tests that need their own loop run it in a thread."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page; dialogs are recorded in page.dialogs."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs = []

    def on_dialog(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    context.close()
