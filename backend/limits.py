"""Caps on costly work many requests could start at once: a few run, a few wait briefly, the rest hear "busy".

Used for password hashing in the staff login (backend.staff.store: Argon2 takes 64 MiB a hash) and for
photo processing (backend.media: decoding, blurring and re-encoding take tens of MB and up to seconds
a photo). Queueing without end would pile up memory, and each waiting request holds a worker thread
of the server, which the whole Open311 API shares; answering "busy" lets the client's retry wait instead.
"""

import threading
from contextlib import contextmanager
from typing import Iterator


class Busy(RuntimeError):
    """Every slot stayed taken: the caller answers "busy" rather than queue without end."""


class Limiter:
    """A cap on concurrent work: `slots` at once, `waiting` more for at most `wait_seconds` each."""

    def __init__(self, slots: int, waiting: int, wait_seconds: float):
        self._running = threading.BoundedSemaphore(slots)
        self._admitted = threading.BoundedSemaphore(slots + waiting)
        self.wait_seconds = wait_seconds

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the block; Busy when none is free soon enough."""
        if not self._admitted.acquire(blocking=False):  # the queue is full: no wait at all
            raise Busy()
        try:
            if not self._running.acquire(timeout=self.wait_seconds):
                raise Busy()
            try:
                yield
            finally:
                self._running.release()
        finally:
            self._admitted.release()
