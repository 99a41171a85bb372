"""Starts and stops the assistant's processes; used by `make run` and the tests.

Each process is a real server on loopback (the host of its URL) with its log
in the data directory (<data dir>/logs/<name>.log, mode 600, rotated by size:
common/logfiles.py; the launcher copies each server's output there, and every
file the servers create is private too, umask 077): the backend (Open311 reports API, media), the action
server (rasa-sdk, scripts/action_server.py) and the Rasa server (REST
channel, SQL tracker store). Their secrets travel in the environment, never
on a command line, and the clients send them in headers, never in a URL.
Readiness is awaited by polling with a timeout, never by sleeping a fixed time.

The scaled configuration (STADTBOT_SCALED=1, `make run-scaled`) starts the
same processes with two workers each for Rasa and the actions, on a PostgreSQL
tracker store and a Redis lock store: the city's (TRACKER_STORE_URL,
LOCK_STORE_URL) or, when those are unset, private servers started first and
stopped last (scripts/services.py). A server with several workers counts as
started only when every worker serves (scripts/workers.py).
"""

import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Dict, Iterator, List, Optional
from urllib.parse import urlsplit

import httpx
import yaml

from common.env import default_tracker_store_url
from common.logfiles import RotatingLog, copy_lines, make_private
from scripts.settings import ROOT, Settings
from scripts.train import rasa_env
from scripts.workers import WorkerError, die_with_parent, wait_for_workers

# bot/ and backend/ run on their own runtime (Python >= 3.11, .venv-app, made by `make install`).
APP_PYTHON = str(ROOT / ".venv-app" / "bin" / "python")


class StartupError(RuntimeError):
    pass


def wait_until_ready(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll `url` until it answers 200; fail early when the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StartupError(f"{url} exited with code {process.returncode}; see {log}:\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise StartupError(f"{url} did not answer within {timeout:.0f} s; see {log}:\n{_tail(log)}")


def ensure_port_free(url: str, name: str) -> None:
    """Refuse to start when something already listens there: we would test or serve a stale process."""
    address = urlsplit(url)
    with socket.socket() as probe:
        if probe.connect_ex((address.hostname, address.port)) == 0:
            raise StartupError(f"{name}: port {address.port} is already in use (an earlier run still going?)")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


@contextmanager
def process(name: str, command: List[str], env: dict, settings: Settings, ready_url: str, timeout: float,
            workers: int = 1) -> Iterator[subprocess.Popen]:
    """Run one server process for the duration of the block, its output in <data dir>/logs/<name>.log (private,
    rotated by size). With `workers` > 1 it is ready when that many of its worker processes serve."""
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    log = settings.log_dir / f"{name}.log"
    ensure_port_free(ready_url, name)
    out = RotatingLog(log)
    offset = log.stat().st_size  # this start's lines begin here
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=in_child)
    copying = copy_lines(proc.stdout, out)
    try:
        wait_until_ready(ready_url, proc, log, timeout)
        if workers > 1:
            _wait_for_workers(proc, log, offset, workers, name, timeout - (time.monotonic() - started))
        yield proc
    finally:
        stop(proc)
        copying.join(timeout=5)  # the last lines; a grandchild holding the pipe must not stop the launcher
        out.close()


def _wait_for_workers(proc: subprocess.Popen, log: Path, offset: int, workers: int, name: str, timeout: float) -> None:
    try:
        wait_for_workers(proc, log, offset, workers, name, max(timeout, 10))
    except WorkerError as error:
        raise StartupError(f"{error}:\n{_tail(log)}") from None


def in_child() -> None:
    """In the child before it starts: what it creates is private (umask 077), and it dies with the launcher.

    On Linux the kernel sends it SIGTERM when the launcher dies (die_with_parent). The servers run in their own
    session (Ctrl+C in the terminal reaches the launcher only, which stops them in order); this covers the
    launcher being killed (SIGKILL, a crash) where no `finally` runs.
    """
    os.umask(0o077)
    die_with_parent()


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tracker_dialect(url: str) -> str:
    """'postgresql+psycopg2://…' -> 'postgresql'."""
    return urlsplit(url).scheme.split("+")[0]


def endpoints_file(settings: Settings) -> Path:
    """endpoints.yml, plus a Redis lock store when LOCK_STORE_URL is set."""
    if not settings.lock_store_url:
        return ROOT / "endpoints.yml"
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    redis = urlsplit(settings.lock_store_url)
    endpoints["lock_store"] = {
        "type": "redis",
        "url": redis.hostname,
        "port": redis.port or 6379,
        "password": redis.password,
        "db": int(redis.path.strip("/") or 0),
    }
    path = settings.data_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints))
    return path


def backend(settings: Settings):
    """The city side: Open311 reports API and media (backend/)."""
    env = {**settings.process_env(), "PYTHONPATH": str(ROOT), "CONVERSATION_COPY_URL": settings.conversation_copy_url}
    return process("backend", [APP_PYTHON, "-m", "backend"], env, settings, f"{settings.backend_url}/health", timeout=60)


def action_server(settings: Settings):
    """The custom actions (rasa-sdk), on the host and port of ACTION_SERVER_URL, for callers with the token only
    (scripts/action_server.py: `rasa run actions` would listen on every interface and answer anyone)."""
    env = {**rasa_env(), **settings.process_env(), "ACTION_SERVER_TOKEN": settings.action_server_token,
           "ACTION_SERVER_SANIC_WORKERS": str(settings.action_workers)}
    command = [sys.executable, "-m", "scripts.action_server"]
    return process("actions", command, env, settings, f"{settings.action_server_url}/health", timeout=60,
                   workers=settings.action_workers)


def rasa_server(settings: Settings, model: Path):
    env = {
        **rasa_env(),
        **settings.process_env(),
        "TRACKER_STORE_URL": settings.tracker_store_url,
        "TRACKER_DIALECT": tracker_dialect(settings.tracker_store_url),
        # endpoints.yml sends it to the action server as "Authorization: Bearer …".
        "ACTION_SERVER_TOKEN": settings.action_server_token,
        # Rasa's own setting; more than one needs the Redis lock store (endpoints_file), checked at start.
        "SANIC_WORKERS": str(settings.rasa_workers),
    }
    command = [
        sys.executable, "-m", "scripts.rasa_server", "--model", str(model),
        "--endpoints", str(endpoints_file(settings)),
        "--credentials", "credentials.yml", "--interface", urlsplit(settings.rasa_url).hostname,
        "--port", str(settings.rasa_port),  # no --log-file: its output goes to rasa.log, private and rotated
        # The HTTP API (parse, conversations) only with the token (RASA_API_TOKEN in the environment,
        # never on the command line: scripts/rasa_server.py): staff tools and tests use it.
        "--enable-api",
    ]
    # Each worker loads the model: on 2 cores, two take longer than one.
    return process("rasa", command, env, settings, f"{settings.rasa_url}/", timeout=240 * settings.rasa_workers,
                   workers=settings.rasa_workers)


def bot(settings: Settings):
    """The Telegram adapter (bot/): ready when it reached the Bot API and takes updates (polling or webhook)."""
    env = {
        **settings.process_env(),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": settings.telegram_bot_token,
        "TELEGRAM_API_URL": settings.telegram_api_url,
        "TELEGRAM_WEBHOOK_URL": settings.telegram_webhook_url,
        "TELEGRAM_WEBHOOK_SECRET": settings.telegram_webhook_secret,
        "TELEGRAM_BOT_URL": settings.telegram_bot_url,
    }
    return process("bot", [APP_PYTHON, "-m", "bot"], env, settings, f"{settings.telegram_bot_url}/health", timeout=60)


class Running:
    """The started processes of one `running()` block; a test may stop and start one again.

    `services` holds the private PostgreSQL and Redis of the scaled configuration (scripts/services.py), when
    the launcher started them."""

    def __init__(self, settings: Settings, exit_stack: ExitStack, services: Optional[dict] = None):
        self.settings = settings
        self._exit_stack = exit_stack
        self.processes: Dict[str, subprocess.Popen] = {}
        self.services = services or {}

    def start(self, name: str, server) -> None:
        self.processes[name] = self._exit_stack.enter_context(server(self.settings))

    def stop(self, name: str) -> None:
        stop(self.processes.pop(name))


def start_services(settings: Settings, exit_stack: ExitStack, temporary: bool) -> tuple:
    """Scaled without TRACKER_STORE_URL / LOCK_STORE_URL: a private PostgreSQL and Redis for the block (in a
    temporary directory, or PostgreSQL in a cluster that outlives the run); the settings pointing at them.
    The private PostgreSQL also keeps the staff web's copy of the conversations unless CONVERSATION_COPY_URL
    names another place."""
    from scripts import services as private  # psycopg2 and redis: only the scaled configuration needs them

    started = {}
    if settings.scaled and settings.tracker_store_url == default_tracker_store_url(settings.data_dir):
        data_dir = None if temporary else settings.data_dir
        started["postgres"] = exit_stack.enter_context(private.postgres(settings.log_dir, data_dir))
        settings = replace(settings, tracker_store_url=started["postgres"].url())
        if not settings.conversation_copy_url:
            settings = replace(settings, conversation_copy_url=started["postgres"].url(private.COPY_DATABASE))
    if settings.scaled and not settings.lock_store_url:
        started["redis"] = exit_stack.enter_context(private.redis_server(settings.log_dir))
        settings = replace(settings, lock_store_url=started["redis"].url())
    return settings, started


@contextmanager
def running(settings: Settings, model: Path, temporary_services: bool = False) -> Iterator[Running]:
    """All processes of the assistant, started in order and stopped in reverse; every file they write is private.

    Scaled, the private PostgreSQL and Redis come first (`temporary_services`: thrown away at the end, as the
    tests want)."""
    os.umask(0o077)  # the launcher's own files too (e.g. retention.log of scripts/run.py)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    make_private(settings.data_dir)  # data written before this rule
    with ExitStack() as exit_stack:
        settings, services = start_services(settings, exit_stack, temporary_services)
        stack = Running(settings, exit_stack, services)
        stack.start("backend", backend)
        stack.start("actions", action_server)
        stack.start("rasa", lambda s: rasa_server(s, model))
        if settings.telegram_bot_token:
            stack.start("bot", bot)
        yield stack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if os.name != "posix":  # pragma: no cover - the assistant runs on Linux/macOS
    raise SystemExit("Stadtbot Gera runs on Linux or macOS.")
