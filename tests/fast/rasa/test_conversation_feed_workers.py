"""Several Rasa worker processes share one conversation feed spool (channels/conversation_feed.py): each
event reaches the staff web's copy once and in order, also when the backend is slow. Two feeds on the same
spool file stand in for two workers (the file lock works between any two open files, as between processes)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.conversation_feed import ConversationFeed, Spool


class SlowBackend(BaseHTTPRequestHandler):
    """POST /conversations/events.json, taking 30 ms per batch (long enough for two senders to meet)."""

    received: list = []

    def do_POST(self):
        events = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["events"]
        time.sleep(0.03)
        SlowBackend.received.extend(event["n"] for event in events)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def backend():
    SlowBackend.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowBackend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_two_workers_send_every_event_once_and_in_order(backend, tmp_path):
    path = tmp_path / "conversation-feed.db"
    workers = [ConversationFeed(backend, lambda: "key", Spool(path)) for _ in range(2)]
    for n in range(600):
        workers[n % 2].enqueue({"event": "user", "sender_id": "pseudonym", "n": n})
        if n % 50 == 0:
            time.sleep(0.01)  # events arrive while batches are in flight
    deadline = time.monotonic() + 30
    while workers[0].spool.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    for worker in workers:
        worker._stopping = True
    assert not workers[0].spool.pending()
    assert SlowBackend.received == list(range(600))
