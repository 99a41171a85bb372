"""Retention: conversation logs older than CONVERSATION_RETENTION_DAYS are deleted by a command `make run` schedules."""

import subprocess
import threading
import time

import sqlalchemy

from scripts.run import schedule_retention
from scripts.stack import APP_PYTHON
from tests.conftest import Citizen, stored_events, tracker_store_connection
from tests.staff_fixtures import conversation_copy, copied_events, wait_for_copy

DAY = 24 * 3600


def _events(stack, sender: str) -> int:
    """Events of the conversation in Rasa's store; the staff web's copy must hold as many."""
    stored = stored_events(stack.settings, sender)
    copied = copied_events(stack.settings, sender)
    assert bool(copied) == bool(stored), f"Rasa has {stored} events, the staff web's copy {len(copied)}"
    return stored


def _left(stack, sender: str) -> int:
    """Events left in either store; a retention run in the background may be between deleting the one and the other."""
    return stored_events(stack.settings, sender) + len(copied_events(stack.settings, sender))


def _age(stack, sender: str, days: int) -> None:
    """Make a real conversation look `days` old, in Rasa's store and in the staff web's copy (unix times)."""
    wait_for_copy(stack.settings, sender)
    with tracker_store_connection(stack.settings) as store:  # SQLite or, scaled, PostgreSQL
        store.execute(sqlalchemy.text("UPDATE events SET timestamp = timestamp - :age WHERE sender_id = :sender"),
                      {"age": days * DAY, "sender": sender})
    with conversation_copy(stack.settings) as copy, copy.transaction() as tx:  # backend.db or PostgreSQL
        tx.execute("UPDATE conversation_events SET timestamp = timestamp - :age WHERE sender_id = :sender",
                age=days * DAY, sender=sender)


def _retention(stack, *args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([APP_PYTHON, "-m", "backend.staff.retention", *args],
                          env={**stack.settings.process_env(), **env}, capture_output=True, text=True, timeout=120)


def test_old_conversations_are_deleted_recent_ones_kept(stack):
    old, recent = Citizen(stack.settings), Citizen(stack.settings)
    old.says("Hallo")
    recent.says("Hallo")
    _age(stack, old.sender, 91)
    assert _events(stack, old.sender) > 0

    result = _retention(stack)
    assert result.returncode == 0, result.stderr
    assert "älter als 90 Tage" in result.stdout
    assert _events(stack, old.sender) == 0
    assert _events(stack, recent.sender) > 0


def test_days_can_be_configured(stack):
    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    _age(stack, citizen.sender, 10)
    assert _retention(stack, CONVERSATION_RETENTION_DAYS="30").returncode == 0
    assert _events(stack, citizen.sender) > 0
    result = _retention(stack, CONVERSATION_RETENTION_DAYS="7")
    assert result.returncode == 0 and "älter als 7 Tage" in result.stdout
    assert _events(stack, citizen.sender) == 0


def test_invalid_setting_is_refused_in_german_and_deletes_nothing(stack):
    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    _age(stack, citizen.sender, 400)
    result = _retention(stack, CONVERSATION_RETENTION_DAYS="neunzig")
    assert result.returncode == 2 and "Einstellung ungültig" in result.stderr
    assert _retention(stack, "--days", "0").returncode == 2
    assert _events(stack, citizen.sender) > 0


def test_make_run_schedules_retention_at_start(stack):
    citizen = Citizen(stack.settings)
    citizen.says("Hallo")
    _age(stack, citizen.sender, 100)
    log = stack.settings.log_dir / "retention.log"
    size_before = log.stat().st_size if log.exists() else 0
    stopped = threading.Event()
    thread = schedule_retention(stack.settings, stopped)
    deadline = time.monotonic() + 60
    while _left(stack, citizen.sender) and time.monotonic() < deadline:
        time.sleep(0.2)
    stopped.set()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert _events(stack, citizen.sender) == 0
    assert "gelöscht" in log.read_text(encoding="utf-8")[size_before:]
