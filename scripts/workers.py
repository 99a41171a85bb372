"""Several worker processes per server (Sanic's `workers`), and proof that they really serve.

Rasa (SANIC_WORKERS) and rasa-sdk (ACTION_SERVER_SANIC_WORKERS) fork their
workers from one main process that only watches them. Two things are not
given by that:

- Rasa silently falls back to one process when the lock store is not shared
  (rasa/core/utils.py `number_of_sanic_workers`), and a worker that fails to
  load the model leaves the others serving alone. So each worker says in its
  log line "worker <pid> ready" once it serves (`announce_ready`), and the
  launcher waits until as many distinct workers as asked for said so and are
  children of the server's main process (`wait_for_workers`), or fails loudly.
- A worker outlives its main process when that is killed (SIGKILL: a crash, the
  fault tests) and would go on answering on the shared port. `die_with_parent`
  in each worker has the kernel kill it then too.
"""

import ctypes
import ctypes.util
import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Set

PR_SET_PDEATHSIG = 1  # linux/prctl.h
READY = "worker {pid} ready"
READY_PATTERN = re.compile(r"worker (\d+) ready")


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """On Linux, have the kernel send `signum` to this process when its parent dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum)


def announce_ready(logger: logging.Logger, what: str, main_pid: int) -> None:
    """In a worker that now serves: say so in the log, which the launcher reads. A worker forked by the main
    process `main_pid` dies with it (SIGKILL: the main process crashed, so do its workers); the main process
    itself, serving alone, keeps dying with the launcher as the launcher set it up."""
    if os.getpid() != main_pid:
        die_with_parent(signal.SIGKILL)
        if os.getppid() != main_pid:  # the main process died before the line above
            os.kill(os.getpid(), signal.SIGKILL)
    logger.info(f"{what} {READY.format(pid=os.getpid())}")


def children(pid: int) -> Set[int]:
    """The direct child processes of `pid` (of every thread of it; zombies included), from /proc."""
    found: Set[int] = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.update(int(child) for child in (task / "children").read_text().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass  # gone meanwhile
    return found


def descendants(pid: int) -> Set[int]:
    """The process and every process below it (a server may fork workers)."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children(current) - found)
    return found


def ready_workers(log: Path, offset: int) -> List[int]:
    """PIDs that said "worker <pid> ready" in `log` after byte `offset` (this start's part of the log)."""
    if not log.exists():
        return []
    with open(log, "rb") as text:
        text.seek(offset)
        found = READY_PATTERN.findall(text.read().decode(errors="replace"))
    return list(dict.fromkeys(int(pid) for pid in found))


def serving_workers(proc: subprocess.Popen, log: Path, offset: int) -> List[int]:
    """The workers of `proc` that serve: announced in the log, and alive as its children (or `proc` itself
    when it runs alone)."""
    alive = children(proc.pid) | {proc.pid}
    return [pid for pid in ready_workers(log, offset) if pid in alive]


def wait_for_workers(proc: subprocess.Popen, log: Path, offset: int, expected: int, name: str,
                     timeout: float) -> List[int]:
    """Wait until `expected` workers of `proc` serve; an error naming the count otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        serving = serving_workers(proc, log, offset)
        if len(serving) >= expected and (expected == 1 or proc.pid not in serving):
            return serving
        if proc.poll() is not None or time.monotonic() > deadline:
            detail = "it runs as one process" if proc.pid in serving else f"{len(serving)} serve"
            raise WorkerError(f"{name}: {expected} worker processes asked for, but {detail} after "
                              f"{timeout:.0f} s; see {log}")
        time.sleep(0.2)


class WorkerError(RuntimeError):
    pass
