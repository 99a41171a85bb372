"""A citizen in the middle of a report while the action server is killed and started again.

A custom action that fails leaves no events; Rasa then predicted its core
fallback (action_clarify, itself a custom action) until the circuit breaker
tripped, which ended the turn without action_listen, so every later message
tripped it again, long after the action server was back (bench/faults.py).
The action server also keeps an idle connection open longer than a client
keeps it for reuse (scripts/action_server.py).
"""

import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import button_titles, texts


class ActionServer:
    """The running action server of the session, killed and started again by a test."""

    def __init__(self, stack):
        self.stack = stack

    def kill(self) -> None:
        """SIGKILL, as bench/faults.py does: no clean shutdown."""
        process = self.stack.processes.pop("actions")
        process.kill()
        process.wait()

    def start(self) -> None:
        from scripts.stack import action_server

        self.stack.start("actions", action_server)


@pytest.fixture
def actions(stack):
    """The action server; whatever a test does, it runs again afterwards."""
    server = ActionServer(stack)
    yield server
    if "actions" not in stack.processes:
        server.start()


def circuit_breaker_trips(stack, citizen) -> int:
    log = (stack.settings.data_dir / "logs" / "rasa.log").read_text(errors="replace")
    return sum("Circuit breaker tripped" in line and citizen.sender in line for line in log.splitlines())


def my_reports(stack, citizen) -> list:
    key = (stack.settings.data_dir / "open311-api-key").read_text().strip()
    response = httpx.get(f"{stack.settings.backend_url}/open311/v2/requests.json",
                         params={"account_id": citizen.sender}, headers={"X-Api-Key": key})
    response.raise_for_status()
    return response.json()


def reach_the_summary(citizen) -> None:
    citizen.says("Die Laterne in der Heinrichstraße 35 ist kaputt")
    citizen.says("/deny")  # "Weiß ich nicht genau" to "… – stimmt das?"
    summary = citizen.says("/deny")
    assert "Absenden" in button_titles(summary), summary


def test_report_confirmed_while_the_action_server_is_down_is_filed_on_the_next_try(stack, citizen, actions):
    reach_the_summary(citizen)
    actions.kill()
    assert citizen.says("/affirm") == []  # the adapter answers "Nochmal senden"
    actions.start()
    assert "Nr. " in texts(citizen.says("/affirm"))
    assert len(my_reports(stack, citizen)) == 1
    assert circuit_breaker_trips(stack, citizen) == 0


def test_cancel_frees_a_citizen_caught_in_the_form_by_an_outage(stack, citizen, actions):
    assert "Wo ist das" in texts(citizen.says("Da ist ein Schlagloch"))
    actions.kill()
    citizen.says("Sorge 12")
    citizen.says("/deny")
    actions.start()
    assert "nichts gesendet" in texts(citizen.says("/cancel"))
    assert "Stadtbot" in texts(citizen.says("Hallo"))
    assert my_reports(stack, citizen) == []
    assert circuit_breaker_trips(stack, citizen) == 0


def test_cancel_at_the_summary_after_an_outage_files_nothing(stack, citizen, actions):
    reach_the_summary(citizen)
    actions.kill()
    citizen.says("/affirm")
    citizen.says("/cancel")
    actions.start()
    assert "nichts gesendet" in texts(citizen.says("/cancel"))
    assert my_reports(stack, citizen) == []
    assert circuit_breaker_trips(stack, citizen) == 0


def test_the_action_server_still_answers_on_a_connection_idle_for_longer_than_sanics_default(stack):
    """Sanic closes an idle connection after 5 s (checked every 2.5 s); a client reusing it (aiohttp keeps them
    15 s) would fail."""
    url = urlsplit(stack.settings.action_server_url)
    request = f"GET /health HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: keep-alive\r\n\r\n".encode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(request)
        assert connection.recv(4096).startswith(b"HTTP/1.1 200")
        time.sleep(8)
        connection.sendall(request)
        assert connection.recv(4096).startswith(b"HTTP/1.1 200"), "the server closed the idle connection"
