"""What stands between Telegram's updates and the conversation: order, duplicates, floods.

- `ChatOrderedProcessor`: updates of different chats run concurrently, the
  updates of one chat strictly one after another, in the order they came
  (a citizen's "Baum" must reach the assistant before their "Sorge 12").
- `SeenUpdates`: an update id seen before is ignored (Telegram repeats a
  webhook delivery it thinks failed; a restart may repeat the last batch).
- `RateLimit`: a token bucket per chat; a flood is answered once with a calm
  note and otherwise dropped, so one chat cannot starve the others.
- `TolerantUpdates`: one update this version of python-telegram-bot cannot
  read (the Bot API grows; PTB refuses objects without fields it requires)
  would otherwise make every getUpdates fail again, and polling would stall
  for everybody. It is replaced by a bare message in the same chat, which
  gets the "Damit kann ich nichts anfangen" answer.
"""

import asyncio
import copy
import logging
import time
from collections import OrderedDict, deque
from typing import Any, Awaitable, Deque, Dict, Hashable, Set

from telegram import Update
from telegram.ext import BaseUpdateProcessor
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat."""

    def __init__(self, max_concurrent_updates: int):
        super().__init__(max_concurrent_updates)
        self._locks: Dict[Hashable, asyncio.Lock] = {}
        self._waiting: Dict[Hashable, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._waiting[chat] = self._waiting.get(chat, 0) + 1
        try:
            async with lock:  # asyncio.Lock is fair: first come, first served
                await coroutine
        finally:
            self._waiting[chat] -= 1
            if not self._waiting[chat]:
                del self._waiting[chat], self._locks[chat]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class SeenUpdates:
    """The last `size` update ids."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self.order: Deque[int] = deque()
        self.ids: Set[int] = set()

    def first_time(self, update_id: int) -> bool:
        if update_id in self.ids:
            return False
        self.ids.add(update_id)
        self.order.append(update_id)
        if len(self.order) > self.size:
            self.ids.discard(self.order.popleft())
        return True


class RateLimit:
    """Token bucket per chat: `burst` at once, then `per_second`."""

    def __init__(self, burst: int, per_second: float, clock=time.monotonic, max_chats: int = 100_000):
        self.burst, self.per_second, self.clock, self.max_chats = burst, per_second, clock, max_chats
        self.buckets: "OrderedDict[int, list]" = OrderedDict()  # chat -> [tokens, last time, noted]

    def allow(self, chat: int) -> bool:
        now = self.clock()
        tokens, last, noted = self.buckets.pop(chat, [self.burst, now, False])
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
            noted = False
        self.buckets[chat] = [tokens, now, noted]
        if len(self.buckets) > self.max_chats:
            self.buckets.popitem(last=False)
        return allowed

    def should_note(self, chat: int) -> bool:
        """True once per flood: the first refused message gets the note, the rest nothing."""
        bucket = self.buckets[chat]
        if bucket[2]:
            return False
        bucket[2] = True
        return True


class TolerantUpdates(HTTPXRequest):
    """The request object for getUpdates: unreadable updates are replaced instead of failing the whole batch."""

    async def post(self, url, request_data=None, *args, **kwargs):
        result = await super().post(url, request_data, *args, **kwargs)
        return [readable(update) for update in result] if isinstance(result, list) else result


def readable(data: dict) -> dict:
    """The update if PTB can read it; else a bare message in its chat (or only its id)."""
    try:
        Update.de_json(copy.deepcopy(data), None)
        return data
    except Exception as error:  # PTB raises TypeError, KeyError, ValueError ... for what it cannot read
        log.warning("update %s cannot be read (%r); answered as an unknown message", data.get("update_id"), error)
    message = data.get("message") if isinstance(data.get("message"), dict) else {}
    bare = {"update_id": data.get("update_id"), "message": {
        "message_id": message.get("message_id"), "date": message.get("date"), "chat": message.get("chat")}}
    try:
        Update.de_json(copy.deepcopy(bare), None)
        return bare
    except Exception:
        return {"update_id": data.get("update_id")}
