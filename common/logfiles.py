"""Log files that only the assistant's user can read, rotated by size: what the launcher writes servers' output to.

The servers write to their standard output (uvicorn, Sanic, Rasa, python-telegram-bot
each configure logging their own way); the launcher (scripts/stack.py) reads that
through a pipe and appends it here. So one place decides for every process:

- a log file is created with mode 600 (and an older one is set to 600 when opened):
  a log line may carry a pseudonym, a report number or a staff member's network;
- at `MAX_BYTES` the file is renamed to `<name>.1` (`.1` to `.2`, and so on) and a
  new one begins; `BACKUPS` old files are kept, the oldest is deleted. So a
  process's logs never take more than (BACKUPS + 1) × MAX_BYTES, and old lines
  disappear as new ones come (at the usual volume, in weeks, not years).

Limits, not settings: named here in one place. Standard library only.
"""

import os
import threading
from pathlib import Path
from typing import BinaryIO, Optional

MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 5
PRIVATE = 0o600


class RotatingLog:
    """Appends bytes to `path`; starts a new file when the current one would grow over `max_bytes`."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS):
        self.path, self.max_bytes, self.backups = Path(path), max_bytes, backups
        self._lock = threading.Lock()
        self._fd: Optional[int] = None
        self._size = 0
        self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE)
        os.fchmod(self._fd, PRIVATE)  # a file from before this rule keeps no wider mode
        self._size = os.fstat(self._fd).st_size

    def write(self, data: bytes) -> None:
        with self._lock:
            if self._fd is None:
                return
            if self._size and self._size + len(data) > self.max_bytes:
                self._rotate()
            os.write(self._fd, data)
            self._size += len(data)

    def _rotate(self) -> None:
        os.close(self._fd)
        for number in range(self.backups, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{number}")
            newer = self.path.with_name(f"{self.path.name}.{number - 1}") if number > 1 else self.path
            if number == self.backups:
                older.unlink(missing_ok=True)
            if newer.exists():
                os.replace(newer, older)
        self._open()

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def copy_lines(stream: BinaryIO, log: RotatingLog) -> threading.Thread:
    """A thread that appends every line of `stream` (a process's output pipe) to `log` until the stream ends."""

    def run() -> None:
        with stream:
            for line in iter(stream.readline, b""):
                log.write(line)

    thread = threading.Thread(target=run, name=f"log {log.path.name}", daemon=True)
    thread.start()
    return thread


def make_private(data_dir: Path, folders=("logs", "media")) -> None:
    """The data directory's own files readable by their owner only (600, folders 700): data written before
    umask 077. Only the files directly in it and in its `folders`, never deeper: a data directory set to
    a wrong place must not have its whole tree changed."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return
    _chmod(data_dir, 0o700)
    for folder in (data_dir, *(data_dir / name for name in folders)):
        if not folder.is_dir() or folder.is_symlink():
            continue
        _chmod(folder, 0o700)
        for path in folder.iterdir():
            if path.is_file():
                _chmod(path, PRIVATE)


def _chmod(path: Path, mode: int) -> None:
    try:
        if not path.is_symlink() and (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError:  # gone meanwhile, or not ours: nothing to tighten
        pass
