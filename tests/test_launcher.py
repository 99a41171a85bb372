"""`make run` leaves no servers behind: a signal, a closed terminal, Ctrl+D or a killed launcher stop them."""

import os
import pty
import select
import signal
import subprocess
import sys
import textwrap
import time

import httpx

from scripts.settings import ROOT
from scripts.stack import free_port


def answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=1)
        return True
    except httpx.HTTPError:
        return False


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def in_terminal(command: list, env: dict):
    """Start `command` with a pseudo-terminal as stdin/stdout, as in a person's terminal."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=terminal, stdout=terminal, stderr=terminal,
                            start_new_session=True)
    os.close(terminal)
    return proc, controller


def read_until(controller: int, text: str, timeout: float) -> str:
    seen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline and text.encode() not in seen:
        if select.select([controller], [], [], 0.5)[0]:
            try:
                seen += os.read(controller, 4096)
            except OSError:  # the terminal closed: the process ended
                break
    return seen.decode(errors="replace")


def test_a_killed_launcher_takes_its_servers_along(tmp_path):
    """Even SIGKILL, where no cleanup runs: the kernel stops the servers (die_with_parent)."""
    port = free_port()
    launcher = textwrap.dedent(f"""
        import sys, time
        from dataclasses import replace
        from pathlib import Path
        from scripts import settings as config
        from scripts.stack import process
        settings = replace(config.load({{}}), data_dir=Path({str(tmp_path)!r}))
        server = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"]
        with process("web", server, {{}}, settings, "http://127.0.0.1:{port}/", timeout=30):
            print("bereit", flush=True)
            time.sleep(300)
    """)
    proc = subprocess.Popen([sys.executable, "-c", launcher], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "bereit"
        assert answers(f"http://127.0.0.1:{port}/")
        proc.send_signal(signal.SIGKILL)
        assert wait_for(lambda: not answers(f"http://127.0.0.1:{port}/"), 15), "the server outlived its launcher"
    finally:
        proc.kill()
        proc.wait()


def test_ctrl_d_ends_the_terminal_chat_without_a_traceback():
    chat = [sys.executable, "-c", "from scripts.chat import chat; chat('http://127.0.0.1:9')"]
    proc, controller = in_terminal(chat, {**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert "Sie:" in read_until(controller, "Sie:", 30)
        os.write(controller, b"\x04")
        proc.wait(timeout=30)
        output = read_until(controller, "never", 1)
        assert proc.returncode == 0 and "Traceback" not in output
    finally:
        proc.kill()
        os.close(controller)


def test_closing_the_terminal_of_make_run_stops_every_server(model, tmp_path):
    """`python -m scripts.run` in a terminal, then SIGHUP (the window closed): backend, actions and Rasa stop."""
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in ("RASA_URL", "ACTION_SERVER_URL", "BACKEND_URL")}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STADTBOT_DATA_DIR": str(tmp_path), "TELEGRAM_BOT_TOKEN": "",
           "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'conversations.db'}", "RASA_API_TOKEN": "", **urls}
    proc, controller = in_terminal([sys.executable, "-m", "scripts.run"], env)
    try:
        started = read_until(controller, "Sie:", 240)
        assert "Sie:" in started, started[-2000:]
        assert all(answers(url) for url in urls.values())
        proc.send_signal(signal.SIGHUP)
        assert proc.wait(timeout=60) == 0, "the launcher ended in order, stopping its servers itself"
        assert wait_for(lambda: not any(answers(url) for url in urls.values()), 30), "a server outlived make run"
        assert "Traceback" not in read_until(controller, "never", 1)
    finally:
        proc.kill()
        os.close(controller)
