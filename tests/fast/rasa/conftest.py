"""Actions in-process, as Rasa's demos test them: a Tracker from tracker JSON, a CollectingDispatcher, the domain.

`tracker(text, intent, ...)` is the conversation of trackers/new_conversation.json with the citizen's
latest message replaced; `run(action, tracker)` answers (events, messages) as the action server would
send them to Rasa. `nominatim` is the geocoder every test's actions ask (a local server).
"""

import asyncio
import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[3]
NEW_CONVERSATION = json.loads((Path(__file__).parent / "trackers" / "new_conversation.json").read_text())
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(text: str, intent: str, confidence: float = 0.9, entities=(), ranking=None, **slots) -> Tracker:
    """The new conversation with `text` as the latest message; `entities` as (name, value) pairs."""
    state = copy.deepcopy(NEW_CONVERSATION)
    message = {"text": text, "intent": {"name": intent, "confidence": confidence},
               "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
               "entities": [{"entity": name, "value": value} for name, value in entities]}
    state["latest_message"].update(message)
    state["events"].append({"event": "user", "timestamp": state["latest_event_time"] + 1, "text": text,
                            "parse_data": message})
    state["slots"].update(slots)
    return Tracker.from_dict(state)


def run(action: Action, tracker: Tracker) -> tuple:
    """(events, messages) of one run of `action`."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


class Nominatim:
    """A small local geocoder speaking Nominatim's search and reverse (a real HTTP server, not a stand-in for
    httpx): it answers what a test told it, and by default knows no place at all."""

    def __init__(self):
        self.places: list = []  # search answers: Nominatim jsonv2 objects
        self.nearest = None  # the reverse answer, or None ("Unable to geocode")
        self.requests: list = []
        self.down = False  # answer 503 to everything
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        nominatim = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path, _, query = self.path.partition("?")
                nominatim.requests.append((path, dict(parse_qsl(query))))
                if nominatim.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                body = nominatim.places if path.endswith("/search") else (
                    nominatim.nearest or {"error": "Unable to geocode"})
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture(scope="session")
def nominatim_server():
    server = Nominatim()
    yield server
    server.server.shutdown()


@pytest.fixture(autouse=True)
def no_backend(monkeypatch):
    """The backend no action test reaches unless it says so (a closed port: refused at once), never one that a
    server of the machine happens to run on the default port."""
    monkeypatch.setenv("BACKEND_URL", "http://127.0.0.1:9")


@pytest.fixture(autouse=True)
def nominatim(nominatim_server, monkeypatch):
    """Every action test asks this geocoder (GEOCODER_URL), fresh for each test: never a server of the machine."""
    nominatim_server.places, nominatim_server.nearest, nominatim_server.down = [], None, False
    nominatim_server.requests.clear()
    monkeypatch.setenv("GEOCODER_URL", nominatim_server.url)
    return nominatim_server
