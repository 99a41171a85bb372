"""Shared fixtures of the end-to-end layer: the model is trained once and the servers start once per session.

Each test talks to the real processes over HTTP and uses its own sender id,
so tests do not depend on each other's conversations. The launcher's modules
(scripts.stack, scripts.train: the Rasa side) are imported inside the fixtures
that start the servers, so the fast layer of bot/ and backend/ (tests/fast/app,
run in .venv-app) passes through this file without them.
"""

import uuid
from dataclasses import replace

import httpx
import pytest

from common.env import default_tracker_store_url


@pytest.fixture(scope="session")
def model():
    """The trained model (trained now only when its inputs changed)."""
    from scripts.train import train

    return train()


@pytest.fixture(scope="session")
def stack(model, tmp_path_factory):
    """Action server and Rasa server on free ports, with a fresh data directory."""
    from scripts import settings as config
    from scripts.stack import free_port, running

    settings = replace(
        config.load({}),
        data_dir=tmp_path_factory.mktemp("data"),
        rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}",
        backend_url=f"http://127.0.0.1:{free_port()}",
        # A random token starts with "-" one time in 64; the servers must take such a one.
        configured_api_token="-" + uuid.uuid4().hex,
    )
    settings = replace(settings, tracker_store_url=default_tracker_store_url(settings.data_dir))
    with running(settings, model) as processes:
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
