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
from dataclasses import replace

import httpx
import pytest

from common.env import default_tracker_store_url


# Tests that open Rasa's tracker store as the SQLite file conversations.db; scaled, the conversations are in
# PostgreSQL (tests/test_scaled.py checks them there). `tracker_store()` below reads either store; a test that
# uses it instead of sqlite3 comes off this list.
SQLITE_TRACKER_STORE_ONLY = {
    "tests/test_forgetting.py::test_delete_leaves_no_trace_of_the_chat_in_any_store_or_log",
    "tests/test_staff_retention.py::test_old_conversations_are_deleted_recent_ones_kept",
    "tests/test_staff_retention.py::test_days_can_be_configured",
    "tests/test_staff_retention.py::test_invalid_setting_is_refused_in_german_and_deletes_nothing",
    "tests/test_staff_retention.py::test_make_run_schedules_retention_at_start",
    "tests/test_telegram_privacy.py::test_delete_needs_confirmation_and_no_keeps_everything",
    "tests/test_telegram_privacy.py::test_delete_removes_the_conversation_and_unlinks_the_reports",
}


def pytest_collection_modifyitems(config, items):
    if not scaled():
        return
    skip = pytest.mark.skip(reason="reads conversations.db (SQLite); scaled, Rasa's tracker store is PostgreSQL")
    for item in items:
        if item.nodeid in SQLITE_TRACKER_STORE_ONLY:
            item.add_marker(skip)


def tracker_store(settings):
    """Rasa's tracker store, SQLite or PostgreSQL, as a SQLAlchemy engine (Rasa's own dependency): tests read its
    table `events` with `sqlalchemy.text("... WHERE sender_id = :sender")`, the same on both."""
    import sqlalchemy

    return sqlalchemy.create_engine(settings.tracker_store_url)


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
