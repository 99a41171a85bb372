"""A citizen who writes just before the adapter is killed gets the answer once it is back, exactly once.

A second adapter talks to Rasa through a proxy that can hold the assistant's turns: a held turn
never reaches Rasa (the killed adapter cannot take its answer anyway). The adapter has fetched the
message and confirmed it to the Bot API (the emulator forgets confirmed updates, as Telegram does)
when it is killed with SIGKILL; started again on the same data directory, it replays the message
from its inbox (bot/inbox.py).
"""

import json
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from scripts.stack import free_port
from tests.telegram_fixtures import start_extra_bot, texts_of

pytest_plugins = ["tests.telegram_fixtures"]

TOKEN = "6363:restart-test"
GREETING = "Wobei kann ich helfen"


class HeldRasa:
    """A proxy in front of Rasa: while `holding`, a turn waits until `release` and is then refused, unforwarded."""

    def __init__(self, target: str):
        self.target, self.holding = target, False
        self.arrived, self.release = threading.Event(), threading.Event()
        self.forwarded = []  # the messages Rasa got
        proxy = self

        class Forward(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.holding:
                    proxy.arrived.set()
                    proxy.release.wait(120)
                    return self.answer(503, b"")
                proxy.forwarded.append(json.loads(body).get("message"))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = httpx.post(f"{proxy.target}{self.path}", content=body, headers=headers, timeout=60)
                self.answer(answer.status_code, answer.content)

            def answer(self, status: int, content: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except OSError:
                    pass  # the adapter that asked is gone

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Forward)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def held_rasa(telegram):
    proxy = HeldRasa(telegram.settings.rasa_url)
    yield proxy
    proxy.close()


def inbox_rows(data_dir) -> int:
    with sqlite3.connect(data_dir / "inbox.db") as db:
        return db.execute("SELECT count(*) FROM updates").fetchone()[0]


def wait_for(condition, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


def test_a_message_sent_before_the_adapter_is_killed_is_answered_once_after_the_restart(telegram, new_citizen,
                                                                                         held_rasa):
    citizen, neighbour = new_citizen(token=TOKEN), new_citizen(token=TOKEN)
    data_dir = telegram.settings.data_dir / "bot-restart"
    env = {"RASA_URL": held_rasa.url}
    held_rasa.holding = True
    with start_extra_bot(telegram.settings, "bot-restart", TOKEN, env) as adapter:
        citizen.says("Hallo")
        assert held_rasa.arrived.wait(60), "the adapter did not pass the message on to the assistant"
        # A later update is fetched only with an offset past "Hallo": once it is answered, "Hallo" is confirmed.
        neighbour.says("/datenschutz", expect="Gespeichert werden")
        # The neighbour's row leaves just after its answer is sent; the citizen's "Hallo" stays.
        wait_for(lambda: inbox_rows(data_dir) == 1, 10, "the message waits in the inbox while the assistant thinks")
        adapter.kill()  # SIGKILL: no goodbye, the turn in progress dies with the process
        adapter.wait()
    assert citizen.new_messages() == []
    held_rasa.holding = False
    held_rasa.release.set()

    with start_extra_bot(telegram.settings, "bot-restart", TOKEN, env):
        answer = citizen.waits_for(GREETING)
        assert "Guten Tag" in texts_of(answer)
        # One chat's updates run in order: a second answer to "Hallo" would come before this one.
        citizen.says("/datenschutz", expect="Gespeichert werden")
        assert sum(GREETING in message.text for message in citizen.received) == 1
        assert held_rasa.forwarded.count("Hallo") == 1
        wait_for(lambda: inbox_rows(data_dir) == 0, 10, "the inbox still holds an answered message")
    assert oct((data_dir / "inbox.db").stat().st_mode & 0o777) == "0o600"
