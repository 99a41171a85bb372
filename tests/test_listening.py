"""Only the owner may call a server: every process listens on loopback, and every call without its secret is refused.

The sockets are read from /proc (the kernel's own list, not what the servers
say about themselves): each listening TCP socket whose inode one of the
stack's processes (or their children) holds must be bound to 127.0.0.1 or ::1.
Then each server is called the way a stranger on the machine would: no
secret, a wrong one, or the right one in the URL (which logs would keep).
"""

import ipaddress
import os
import socket
import stat
import struct
from pathlib import Path
from typing import Dict, Iterator, Set, Tuple
from urllib.parse import urlsplit

import httpx
import pytest

from backend.auth import KEY_IN_URL
from scripts.workers import descendants
from tests.telegram_fixtures import api_key

pytest_plugins = ["tests.telegram_fixtures"]

LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp


def socket_inodes(pid: int) -> Set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def address(hex_address: str) -> str:
    """/proc/net/tcp{,6} writes addresses as 32-bit words in host byte order."""
    raw = bytes.fromhex(hex_address)
    words = struct.unpack(f"<{len(raw) // 4}I", raw)
    packed = struct.pack(f">{len(words)}I", *words)
    return socket.inet_ntop(socket.AF_INET if len(packed) == 4 else socket.AF_INET6, packed)


def listening(pid: int) -> Iterator[Tuple[str, int]]:
    """(address, port) of every listening TCP socket the process holds."""
    inodes = socket_inodes(pid)
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == LISTEN and inode in inodes:
                host, port = local.split(":")
                yield address(host), int(port, 16)


def is_loopback(host: str) -> bool:
    ip = ipaddress.ip_address(host)
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


@pytest.fixture(scope="module")
def servers(stack, telegram) -> Dict[str, Tuple[int, str]]:
    """name -> (pid, URL) of every server of the stack, the Telegram adapter included, and (scaled) the private
    PostgreSQL and Redis with their worker processes."""
    urls = {"backend": stack.settings.backend_url, "actions": stack.settings.action_server_url,
            "rasa": stack.settings.rasa_url}
    running = {name: (proc.pid, urls[name]) for name, proc in stack.processes.items()}
    running["bot"] = (telegram.process.pid, telegram.settings.telegram_bot_url)
    for name, service in stack.services.items():
        running[name] = (service.pid, f"tcp://127.0.0.1:{service.port}")
    return running


def test_every_server_listens_on_loopback_only(servers):
    for name, (pid, url) in servers.items():
        sockets = {(host, port) for member in descendants(pid) for host, port in listening(member)}
        assert sockets, f"{name} holds no listening socket"
        assert all(is_loopback(host) for host, _port in sockets), f"{name} listens beyond loopback: {sockets}"
        assert urlsplit(url).port in {port for _host, port in sockets}, f"{name} does not listen on its URL's port"


def test_the_action_server_token_is_private(stack):
    token_file = stack.settings.data_dir / "action-server-token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert token_file.read_text().strip() == stack.settings.action_server_token


# --- the action server: only the Rasa server, which shows the token ------------------------------------------


def action_call(sender: str) -> dict:
    tracker = {"sender_id": sender, "slots": {}, "events": [], "latest_message": {
        "intent": {"name": "check_report_status"}, "entities": []}}
    return {"next_action": "action_report_status", "sender_id": sender, "tracker": tracker, "domain": {}}


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer falsch"},
    {"Authorization": "Bearer Schlüssel".encode()},
    {"Authorization": "Basic falsch"},
], ids=["none", "wrong", "non-ascii", "basic"])
def test_the_action_server_runs_no_action_for_a_stranger(stack, headers):
    url = stack.settings.action_server_url
    refused = httpx.post(f"{url}/webhook", json=action_call("stranger-1"), headers=headers, timeout=10)
    assert refused.status_code == 401 and "responses" not in refused.text
    assert httpx.get(f"{url}/actions", headers=headers, timeout=10).status_code == 401


def test_the_action_server_takes_its_token_only_from_the_header(stack):
    url = stack.settings.action_server_url
    in_the_url = {"token": stack.settings.action_server_token}
    assert httpx.post(f"{url}/webhook", json=action_call("stranger-1"), params=in_the_url, timeout=10).status_code == 401


def test_the_action_server_health_says_nothing_else(stack):
    assert httpx.get(f"{stack.settings.action_server_url}/health", timeout=10).json() == {"status": "ok"}


def test_the_action_server_answers_the_token(stack):
    url = stack.settings.action_server_url
    answer = httpx.get(f"{url}/actions", headers={"Authorization": f"Bearer {stack.settings.action_server_token}"},
                       timeout=10)
    assert answer.status_code == 200 and {"name": "action_report_status"} in answer.json()


# --- the backend's internal endpoints: the key in a header or a form, never in the URL -----------------------

KEYED = [
    ("GET", "/notifications.json", {}),
    ("POST", "/notifications/ack.json", {"data": {"ids": "1"}}),
    ("POST", "/accounts/unlink.json", {"data": {"account_id": "stranger-1"}}),
    ("POST", "/conversations/events.json", {"json": {"events": []}}),
    ("POST", "/media", {"files": {"file": ("foto.jpg", b"\xff\xd8\xff", "image/jpeg")}}),
    ("POST", "/open311/v2/requests.json", {"data": {"service_code": "graffiti", "address_string": "Markt"}}),
    ("GET", "/open311/v2/requests.json", {"params": {"account_id": "stranger-1"}}),
]
KEYED_IDS = [f"{method} {path}" for method, path, _ in KEYED]


@pytest.mark.parametrize("method,path,request_", KEYED, ids=KEYED_IDS)
def test_the_backend_refuses_internal_calls_without_its_key(stack, method, path, request_):
    url = f"{stack.settings.backend_url}{path}"
    assert httpx.request(method, url, timeout=10, **request_).status_code == 403
    assert httpx.request(method, url, headers={"X-Api-Key": "falsch"}, timeout=10, **request_).status_code == 403


@pytest.mark.parametrize("method,path,request_", KEYED, ids=KEYED_IDS)
def test_the_backend_refuses_its_key_in_the_url(stack, method, path, request_):
    url = f"{stack.settings.backend_url}{path}"
    request_ = {**request_, "params": {**request_.get("params", {}), "api_key": api_key(stack.settings)}}
    answer = httpx.request(method, url, timeout=10, **request_)
    assert answer.status_code == 400 and answer.json()[0]["description"] == KEY_IN_URL


# --- the Rasa server: its HTTP API and the deleting routes want the token in the header -------------------


RASA_ROUTES = [
    ("GET", "/conversations/stranger-1/tracker", {}),
    ("POST", "/model/parse", {"json": {"text": "Hallo"}}),
    ("POST", "/webhooks/privacy/conversations/stranger-1/delete", {}),
    ("POST", "/webhooks/privacy/delete_older_than", {"json": {"before": 0}}),
]
RASA_IDS = [f"{method} {path}" for method, path, _ in RASA_ROUTES]


@pytest.mark.parametrize("method,path,request_", RASA_ROUTES, ids=RASA_IDS)
def test_rasa_refuses_calls_without_its_token(stack, method, path, request_):
    url = f"{stack.settings.rasa_url}{path}"
    assert httpx.request(method, url, timeout=30, **request_).status_code == 401
    wrong = {"Authorization": "Bearer falsch"}
    assert httpx.request(method, url, headers=wrong, timeout=30, **request_).status_code == 401


@pytest.mark.parametrize("method,path,request_", RASA_ROUTES, ids=RASA_IDS)
def test_rasa_refuses_its_token_in_the_url(stack, method, path, request_):
    url = f"{stack.settings.rasa_url}{path}"
    answer = httpx.request(method, url, params={"token": stack.settings.rasa_api_token}, timeout=30, **request_)
    assert answer.status_code == 400, answer.text


def test_rasa_answers_its_token_in_the_header(stack):
    answer = httpx.get(f"{stack.settings.rasa_url}/conversations/stranger-2/tracker", timeout=30,
                       headers={"Authorization": f"Bearer {stack.settings.rasa_api_token}"})
    assert answer.status_code == 200 and answer.json()["sender_id"] == "stranger-2"
