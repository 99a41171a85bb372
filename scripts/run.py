"""`make run`: trains if needed, starts every process, then opens a terminal chat.

`make run-scaled` (STADTBOT_SCALED=1) starts them on PostgreSQL and Redis with several workers (scripts/stack.py).

While it runs, old conversation logs are deleted once a day (backend.staff.retention).

Without a terminal (a service manager, CI), it keeps the processes running
until it is stopped.
"""

import signal
import subprocess
import sys
import threading

from scripts import settings as config
from scripts.chat import chat
from scripts.stack import APP_PYTHON, running
from scripts.train import train

RETENTION_EVERY = 24 * 3600  # seconds between two runs of the conversation retention


def run_retention(settings: config.Settings) -> int:
    """One run of `python -m backend.staff.retention`, its output appended to <data dir>/logs/retention.log."""
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.log_dir / "retention.log", "ab") as log:
        return subprocess.run([APP_PYTHON, "-m", "backend.staff.retention"], cwd=config.ROOT,
                              env=settings.process_env(), stdout=log, stderr=subprocess.STDOUT,
                              timeout=600).returncode


def schedule_retention(settings: config.Settings, stopped: threading.Event) -> threading.Thread:
    """Delete old conversation logs now and then once a day, until `stopped` is set."""

    def loop():
        while True:
            if run_retention(settings) != 0:
                print(f"Löschen alter Gespräche fehlgeschlagen, siehe {settings.log_dir / 'retention.log'}",
                      file=sys.stderr)
            if stopped.wait(RETENTION_EVERY):
                return

    thread = threading.Thread(target=loop, name="retention", daemon=True)
    thread.start()
    return thread


def scaled_summary(settings: config.Settings) -> str:
    """Where the scaled configuration keeps conversations and locks (without the passwords)."""
    where = {name: url.rsplit("@", 1)[-1] for name, url in
             (("PostgreSQL", settings.tracker_store_url), ("Redis", settings.lock_store_url))}
    return (f"Skaliert: {settings.rasa_workers} Rasa-Worker, {settings.action_workers} Aktionsserver-Worker; "
            f"Gespräche in PostgreSQL ({where['PostgreSQL']}), Sperren in Redis ({where['Redis']})")


def _stop_on_signal(signum, frame) -> None:
    """SIGTERM (kill, systemd) and SIGHUP (terminal closed) end the launcher like Ctrl+C: the servers stop."""
    raise KeyboardInterrupt


def main() -> None:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_on_signal)
    settings = config.load()
    model = train()
    print("Starte Backend, Aktionsserver und Rasa (etwa eine Minute) ...", file=sys.stderr)
    stopped = threading.Event()
    with running(settings, model) as stack:
        print(f"Bereit: Rasa auf {settings.rasa_url}, Protokolle in {settings.log_dir}", file=sys.stderr)
        if settings.scaled:
            print(scaled_summary(stack.settings), file=sys.stderr)
        print(f"Mitarbeiter-Oberfläche: {settings.backend_url}/staff/ (Zugang anlegen: "
              ".venv/bin/python -m backend.staff.users create <name>)", file=sys.stderr)
        if not config.telegram_token():
            print(config.NO_TOKEN_HINT, file=sys.stderr)
        schedule_retention(settings, stopped)
        if sys.stdin.isatty():
            chat(settings.rasa_url)
        else:
            stopped.wait()
        stopped.set()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
