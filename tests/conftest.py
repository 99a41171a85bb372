"""Shared fixtures of the end-to-end layer: the model is trained once and the servers start once per session.

With STADTBOT_SCALED=1 (`make test-scaled`) the session runs on the scaled configuration: private
PostgreSQL and Redis, two Rasa and two action server workers (scripts/stack.py); otherwise embedded
(SQLite, one process each). Each test talks to the real processes over HTTP and uses its own sender id,
so tests do not depend on each other's conversations. The launcher's modules
(scripts.stack, scripts.train: the Rasa side) are imported inside the fixtures
that start the servers, so the fast layer of bot/ and backend/ (tests/fast/app,
run in .venv-app) passes through this file without them.
"""

import os
import uuid
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator

import httpx
import pytest

from common.env import default_tracker_store_url


# Tests that can run on the embedded configuration only; scaled, they are skipped. Tests that look into Rasa's
# tracker store read it with `tracker_store()` / `stored_events()` below (SQLite embedded, PostgreSQL scaled), so
# none has to be here; keep a test here only with the reason it cannot run scaled.
EMBEDDED_ONLY: dict = {}


def pytest_collection_modifyitems(config, items):
    if not scaled():
        return
    for item in items:
        if item.nodeid in EMBEDDED_ONLY:
            item.add_marker(pytest.mark.skip(reason=EMBEDDED_ONLY[item.nodeid]))


def tracker_store(settings):
    """Rasa's tracker store, SQLite or PostgreSQL, as a SQLAlchemy engine (Rasa's own dependency): tests read its
    table `events` with `sqlalchemy.text("... WHERE sender_id = :sender")`, the same on both. Dispose of it after
    use (`tracker_store_connection` does): each engine keeps its own connections open."""
    import sqlalchemy

    return sqlalchemy.create_engine(settings.tracker_store_url)


@contextmanager
def tracker_store_connection(settings) -> Iterator:
    """A connection to Rasa's tracker store for the block, in a transaction committed at its end."""
    engine = tracker_store(settings)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def stored_events(settings, sender: str) -> int:
    """How many events of the conversation Rasa's tracker store holds."""
    import sqlalchemy

    with tracker_store_connection(settings) as store:
        return store.execute(sqlalchemy.text("SELECT COUNT(*) FROM events WHERE sender_id = :sender"),
                             {"sender": str(sender)}).scalar_one()


@pytest.fixture(scope="session")
def model():
    """The trained model (trained now only when its inputs changed)."""
    from scripts.train import train

    return train()


# STADTBOT_SCALED is moved here at the start of the session (pytest_configure): it is the session stack's
# setting, while the processes tests start themselves (`make run` in tests/test_launcher.py, a second action
# server) keep starting as they say, embedded.
SESSION_SCALED = "STADTBOT_TESTS_SCALED"


def pytest_configure(config):
    if "STADTBOT_SCALED" in os.environ:
        os.environ[SESSION_SCALED] = os.environ.pop("STADTBOT_SCALED")


def scaled() -> bool:
    """Whether this session runs on the scaled configuration (STADTBOT_SCALED, as `make run` reads it)."""
    from common.env import Environment

    value = os.environ.get(SESSION_SCALED, os.environ.get("STADTBOT_SCALED", ""))
    return Environment({"STADTBOT_SCALED": value}).flag("STADTBOT_SCALED")


@pytest.fixture(scope="session")
def stack(model, tmp_path_factory):
    """Action server and Rasa server on free ports, with a fresh data directory (and, scaled, fresh PostgreSQL
    and Redis servers)."""
    from scripts import settings as config
    from scripts.stack import free_port, running

    settings = replace(
        config.load({"STADTBOT_SCALED": "1" if scaled() else "0"}),
        data_dir=tmp_path_factory.mktemp("data"),
        rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}",
        backend_url=f"http://127.0.0.1:{free_port()}",
        # A random token starts with "-" one time in 64; the servers must take such a one.
        configured_api_token="-" + uuid.uuid4().hex,
    )
    settings = replace(settings, tracker_store_url=default_tracker_store_url(settings.data_dir))
    with running(settings, model, temporary_services=True) as processes:
        yield processes


class Citizen:
    """One citizen chatting through Rasa's REST channel, as the Telegram adapter does."""

    def __init__(self, settings):
        self.settings = settings
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def says(self, text: str) -> list:
        response = httpx.post(
            f"{self.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture
def citizen(stack):
    return Citizen(stack.settings)


@pytest.fixture
def parse(stack):
    """Parse a text with the running model (Rasa's HTTP API)."""

    def parse_text(text: str) -> dict:
        response = httpx.post(
            f"{stack.settings.rasa_url}/model/parse",
            headers={"Authorization": f"Bearer {stack.settings.rasa_api_token}"},
            json={"text": text},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    return parse_text


def texts(replies: list) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def button_titles(replies: list) -> list:
    return [b["title"] for r in replies for b in r.get("buttons", [])]


def entity(parse_result: dict, kind: str):
    return next((e["value"] for e in parse_result["entities"] if e["entity"] == kind), None)
