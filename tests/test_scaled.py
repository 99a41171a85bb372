"""The scaled configuration really is scaled: two Rasa and two action server workers serve, the lock store is
Redis, the conversations land in PostgreSQL (STADTBOT_SCALED=1, `make test-scaled`; skipped otherwise).

What Rasa says about itself is not enough (it falls back to one process without a word at INFO level), so the
workers are found from the kernel's side: which process holds the server end of each connection.
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Set
from urllib.parse import unquote, urlsplit

import pytest

from scripts.workers import WorkerError, children, wait_for_workers
from tests.conftest import Citizen, scaled
from tests.staff_fixtures import wait_for_copy

needs_scaled = pytest.mark.skipif(not scaled(), reason="only on the scaled configuration (STADTBOT_SCALED=1)")
ESTABLISHED = "01"  # TCP_ESTABLISHED in /proc/net/tcp


def socket_owner(inode: str, candidates: Set[int]) -> int:
    """Which of the processes holds the socket with this inode (0: none of them)."""
    for pid in candidates:
        try:
            if any(os.readlink(fd) == f"socket:[{inode}]" for fd in Path(f"/proc/{pid}/fd").iterdir()):
                return pid
        except OSError:
            continue
    return 0


def server_end(server_port: int, client_port: int) -> str:
    """The inode of the server's end of the loopback connection from `client_port`."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
        if state == ESTABLISHED and int(local.split(":")[1], 16) == server_port \
                and int(remote.split(":")[1], 16) == client_port:
            return inode
    return ""


def answering_workers(url: str, path: str, main_pid: int, connections: int = 16) -> Set[int]:
    """The worker PIDs that answered a request each on `connections` connections opened at once."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    workers = children(main_pid)
    clients = [socket.create_connection((host, port), timeout=30) for _ in range(connections)]
    try:
        for client in clients:
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answered = set()
        for client in clients:
            assert client.recv(64).startswith(b"HTTP/1.1 200"), "a worker did not answer"
            # Kept alive after the answer: the server's end is still held by the worker that answered.
            answered.add(socket_owner(server_end(port, client.getsockname()[1]), workers))
        return answered
    finally:
        for client in clients:
            client.close()


@needs_scaled
@pytest.mark.parametrize("name,url_of,path", [
    ("rasa", lambda settings: settings.rasa_url, "/"),
    ("actions", lambda settings: settings.action_server_url, "/health"),
])
def test_two_worker_processes_answer(stack, name, url_of, path):
    main = stack.processes[name].pid
    seen: Set[int] = set()
    for _attempt in range(5):  # the kernel hands a connection to whichever worker accepts first
        seen |= answering_workers(url_of(stack.settings), path, main)
        if len(seen - {0}) >= 2:
            break
    assert 0 not in seen, f"a connection of {name} was answered by no worker of its main process"
    assert len(seen) == 2 == len(children(main)), f"{name}: workers {sorted(children(main))}, answered {seen}"


@needs_scaled
def test_a_turn_takes_its_lock_in_redis(stack):
    """Rasa locks each conversation while it handles a message; with Redis the lock is a key named after it."""
    import redis

    citizen = Citizen(stack.settings)
    client = redis.Redis.from_url(stack.settings.lock_store_url)
    commands = []
    with client.monitor() as monitor:
        def watch():
            for command in monitor.listen():
                commands.append(command["command"])
                if citizen.sender in command["command"] and command["command"].upper().startswith("DEL"):
                    return  # the turn is over: its lock is gone

        watching = threading.Thread(target=watch, daemon=True)
        watching.start()
        citizen.says("Hallo")
        watching.join(timeout=30)
    sets = [c for c in commands if c.upper().startswith("SET") and f"lock:{citizen.sender}" in c]
    assert sets, commands[-10:]
    assert all(re.search(r" EX \d+$", c, re.IGNORECASE) for c in sets), f"no expiry (scripts/rasa_patches.py): {sets}"


@needs_scaled
def test_a_lock_left_by_a_worker_killed_mid_turn_expires(stack):
    """A worker that dies holding a conversation's lock cannot delete it; its key (named after the chat) expires
    with its ticket instead of staying in Redis."""
    import redis
    from rasa.core.lock_store import RedisLockStore

    from scripts import rasa_patches

    rasa_patches.apply()  # as scripts/rasa_server.py does in every Rasa process
    url = urlsplit(stack.settings.lock_store_url)
    store = RedisLockStore(host=url.hostname, port=url.port, password=unquote(url.password), db=0)
    store.issue_ticket("killed-mid-turn", lock_lifetime=2)  # the worker took its ticket, then was killed
    client = redis.Redis.from_url(stack.settings.lock_store_url)
    (key,) = client.keys("*killed-mid-turn*")
    assert 0 < client.ttl(key) <= 3
    deadline = time.monotonic() + 15
    while client.exists(key) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not client.exists(key), "the dead worker's lock is still in Redis"


@needs_scaled
def test_conversations_land_in_postgresql(stack):
    import psycopg2

    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    assert urlsplit(stack.settings.tracker_store_url).scheme == "postgresql"
    connection = psycopg2.connect(stack.settings.tracker_store_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", [citizen.sender])
            events = cursor.fetchall()
    finally:
        connection.close()
    assert ("user", "Hallo") in [(kind, json.loads(data).get("text")) for kind, data in events]
    assert "bot" in {kind for kind, _data in events}


@needs_scaled
def test_the_staff_webs_copy_lands_in_postgresql_too(stack):
    """The backend keeps its copy of the conversations in its own PostgreSQL database, not in backend.db."""
    import psycopg2

    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    copy = wait_for_copy(stack.settings, citizen.sender)
    assert ("user", "Hallo") in [(kind, event.get("text")) for _id, kind, _action, event in copy]
    copy_url, tracker_url = urlsplit(stack.settings.conversation_copy_url), urlsplit(stack.settings.tracker_store_url)
    assert copy_url.scheme == "postgresql" and copy_url.path != tracker_url.path, "a database of its own"
    with sqlite3.connect(f"file:{stack.settings.data_dir / 'backend.db'}?mode=ro", uri=True) as db:
        assert db.execute("SELECT COUNT(*) FROM conversation_events").fetchone()[0] == 0
    connection = psycopg2.connect(stack.settings.tracker_store_url)
    try:
        with connection.cursor() as cursor:  # the copy's table is the backend's, not in Rasa's database
            cursor.execute("SELECT to_regclass('conversation_events') IS NULL")
            assert cursor.fetchone()[0]
    finally:
        connection.close()


@needs_scaled
def test_no_sqlite_conversation_file_is_written(stack):
    Citizen(stack.settings).says("Hallo")
    assert not (stack.settings.data_dir / "conversations.db").exists()


# --- the launcher's check: a server asked for two workers that runs one process fails to start -----------------


def test_a_server_that_runs_alone_when_asked_for_two_workers_fails_to_start(tmp_path):
    log = tmp_path / "alone.log"
    alone = textwrap.dedent("""
        import os, time
        print(f"worker {os.getpid()} ready", flush=True)
        time.sleep(60)
    """)
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", alone], stdout=out)
    try:
        with pytest.raises(WorkerError, match="runs as one process"):
            wait_for_workers(proc, log, 0, 2, "alone", timeout=3)
    finally:
        proc.kill()
        proc.wait()


def test_several_rasa_workers_need_a_shared_lock_store():
    from scripts.settings import ConfigError, load

    with pytest.raises(ConfigError, match="LOCK_STORE_URL"):
        load({"SANIC_WORKERS": "2"})
    assert load({"SANIC_WORKERS": "2", "LOCK_STORE_URL": "redis://127.0.0.1:6379/0"}).rasa_workers == 2
    assert load({"STADTBOT_SCALED": "1"}).rasa_workers == 2 and load({}).rasa_workers == 1

