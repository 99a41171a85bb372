"""When Rasa, the action server or the backend is down, the citizen hears it honestly and nothing they sent is lost.

A second adapter talks to Rasa and the backend through switchable proxies:
"down" answers 503 like a restarting server, "up" forwards. The stack's
servers themselves keep running for the other tests; only the action
server is stopped for one test (Rasa then answers a turn with nothing).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from scripts.stack import action_server, free_port
from tests.telegram_fixtures import photo_with_exif, start_extra_bot, texts_of

pytest_plugins = ["tests.telegram_fixtures"]

TOKEN = "6161:failure-test"


class Switch:
    """An HTTP proxy in front of `target` that can be switched off (503). Some paths are always off."""

    def __init__(self, target: str, always_off: tuple = ()):
        self.target, self.up, self.always_off = target, True, always_off
        switch = self

        class Forward(BaseHTTPRequestHandler):
            def do_GET(self):
                self.forward()

            def do_POST(self):
                self.forward()

            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not switch.up or self.path.startswith(switch.always_off):
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = httpx.request(self.command, f"{switch.target}{self.path}", content=body, headers=headers,
                                       timeout=60)
                self.send_response(answer.status_code)
                for name in ("Content-Type",):
                    if name in answer.headers:
                        self.send_header(name, answer.headers[name])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Forward)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def switches(telegram):
    rasa = Switch(telegram.settings.rasa_url)
    # Notifications stay with the main adapter: this one never sees them.
    backend = Switch(telegram.settings.backend_url, always_off=("/notifications",))
    try:
        with start_extra_bot(telegram.settings, "bot-failures", TOKEN,
                             {"RASA_URL": rasa.url, "BACKEND_URL": backend.url}):
            yield rasa, backend
    finally:
        rasa.up = backend.up = True
        rasa.close()
        backend.close()


@pytest.fixture
def switched_citizen(new_citizen, switches):
    rasa, backend = switches
    rasa.up = backend.up = True
    yield new_citizen(token=TOKEN)
    rasa.up = backend.up = True


def test_rasa_down_is_said_honestly_and_the_message_can_be_sent_again(switches, switched_citizen):
    rasa, _ = switches
    rasa.up = False
    honest = switched_citizen.says("Hallo", expect="Nochmal senden")
    assert "gerade gestört" in texts_of(honest) and "112" in texts_of(honest)
    rasa.up = True
    greeting = switched_citizen.presses("Nochmal senden", expect="Wobei kann ich helfen")
    assert "Guten Tag" in texts_of(greeting)


def test_backend_down_keeps_the_photo_for_sending_again(switches, switched_citizen):
    _, backend = switches
    backend.up = False
    honest = switched_citizen.sends_photo(photo_with_exif("PNG"), (320, 240), expect="Nochmal senden")
    assert "Foto gerade nicht speichern" in texts_of(honest)
    backend.up = True
    asked = switched_citizen.presses("Nochmal senden", expect="Worum geht es")
    assert "Datenschutz" in texts_of(asked)


def test_pressing_send_again_twice_says_there_is_nothing_left(switches, switched_citizen):
    rasa, _ = switches
    rasa.up = False
    switched_citizen.says("/meine_meldungen", expect="Nochmal senden")
    rasa.up = True
    switched_citizen.presses("Nochmal senden", expect="noch keine Meldungen")
    person = switched_citizen
    person.last_sent = person._post("/sendCallback", {"chatId": person.chat_id, "from": person.user,
                                                      "messageId": person.received[0].message_id, "data": "nochmal"})
    person.waits_for("nichts mehr zu senden")


def test_action_server_down_is_said_honestly_and_the_message_can_be_sent_again(stack, telegram_citizen):
    # Rasa catches the failed action and answers 200 with no message at all (review M3).
    stack.stop("actions")
    try:
        honest = telegram_citizen.says("/meine_meldungen", expect="Nochmal senden")
        assert "nicht geklappt" in texts_of(honest) and "112" in texts_of(honest)
    finally:
        stack.start("actions", action_server)
    telegram_citizen.presses("Nochmal senden", expect="noch keine Meldungen")
