"""What stands between Telegram's updates and the conversation: order, duplicates, floods.

- `ChatOrderedProcessor`: updates of different chats run concurrently, the
  updates of one chat strictly one after another, in the order they came
  (a citizen's "Baum" must reach the assistant before their "Sorge 12").
  Each chat has a small queue (`PER_CHAT_UPDATES`), bounded before its
  updates take any of the global slots: a chat that forwards hundreds of
  messages at once is told to slow down, what does not fit is dropped,
  and the other chats keep their full speed.
- `SeenUpdates`: an update id seen before is ignored (Telegram repeats a
  webhook delivery it thinks failed; a restart may repeat the last batch).
- `RateLimit`: a token bucket per chat; a flood is answered once with a calm
  note and otherwise dropped, so one chat cannot starve the others.
  Whichever of the two refuses first sends the note, at most one a minute
  per chat (`ChatOrderedProcessor.should_note`), not one per message.
- `TolerantUpdates`: one update this version of python-telegram-bot cannot
  read (the Bot API grows; PTB refuses objects without fields it requires)
  would otherwise make every getUpdates fail again, and polling would stall
  for everybody. It is replaced by a bare message in the same chat, which
  gets the "Damit kann ich nichts anfangen" answer. An update whose fields
  have the wrong type (a chat without an integer id, a text that is a
  number: only a forged webhook call or a broken relay sends such) is
  ignored instead (`wrong_field`): PTB reads it without complaint, and the
  filters, the handlers and the per-chat queue would fail on it later.
- The inbox (bot/inbox.py): `TolerantUpdates` writes each update of a batch
  to it before the next getUpdates confirms the batch, and passes a repeat
  on as a bare, marked update (its id still has to be confirmed);
  `ChatOrderedProcessor` skips repeats and deletes an update's row when its
  processing ended.
"""

import asyncio
import copy
import hashlib
import hmac
import logging
import secrets
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any, Awaitable, Deque, Dict, Hashable, Optional, Set

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor
from telegram.request import HTTPXRequest

from bot import metrics, texts
from bot.inbox import Inbox, is_repeat, repeat_of

log = logging.getLogger(__name__)

# Updates of one chat in flight or waiting for their turn. Twice the rate limit's burst (bot/config.py
# RATE_BURST): an album of ten photos fits, a forwarded flood does not.
PER_CHAT_UPDATES = 16
# A flood arrives in several getUpdates batches, and the queue may empty in between: one note per minute.
FLOOD_NOTE_INTERVAL = 60.0


@dataclass
class ChatQueue:
    """One chat's admitted updates: the lock that gives them their turns, and how many were dropped."""

    turn: asyncio.Lock = field(default_factory=asyncio.Lock)  # fair: first come, first served
    admitted: int = 0  # running or waiting for their turn
    dropped: int = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat; at most `per_chat` updates of a chat admitted."""

    def __init__(self, max_concurrent_updates: int, per_chat: int = PER_CHAT_UPDATES,
                 note_interval: float = FLOOD_NOTE_INTERVAL, clock=time.monotonic, inbox: Optional[Inbox] = None):
        super().__init__(max_concurrent_updates)
        self.per_chat, self.note_interval, self.clock, self.inbox = per_chat, note_interval, clock, inbox
        self._chats: Dict[Hashable, ChatQueue] = {}
        self._noted: "OrderedDict[Hashable, float]" = OrderedDict()  # chat -> when it was told, oldest first
        self._log_key = secrets.token_bytes(16)

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:  # type: ignore[misc]
        """Process the update in its chat's turn, then delete it from the inbox; a repeat is not processed."""
        if is_repeat(update):  # its first delivery is in the inbox and runs, or ran, already
            never_run(coroutine)
            return
        metrics.update_received(update)
        try:
            await self.in_turn(update, coroutine)
        except asyncio.CancelledError:
            raise  # cut off by a stop: the inbox keeps it, and the next start replays it
        except Exception:
            self.processed(update)  # a failure that escaped PTB's error handler must not come back at every start
            raise
        self.processed(update)

    def processed(self, update: object) -> None:
        metrics.update_done()
        if self.inbox is not None and isinstance(update, Update):
            self.inbox.done(update.update_id)

    async def in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Admit the update to its chat's queue (or drop it), wait for the chat's turn, then take a global slot.

        PTB marks this method final: its own version takes one of the global slots first and only then
        calls do_process_update, so updates waiting for their chat's turn held global slots, and one chat
        forwarding a few hundred messages held all of them while everybody else waited (review M4).
        """
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._semaphore:
                await self.do_process_update(update, coroutine)
            return
        queue = self._chats.setdefault(chat.id, ChatQueue())
        if queue.admitted >= self.per_chat:
            never_run(coroutine)
            await self._drop(update, chat.id, chat.type, queue)
            return
        queue.admitted += 1
        try:
            async with queue.turn:
                async with self._semaphore:
                    await self.do_process_update(update, coroutine)
        finally:
            queue.admitted -= 1
            if not queue.admitted:
                del self._chats[chat.id]
                if queue.dropped:
                    log.warning("chat %s: flood over, %d updates dropped", self.log_name(chat.id), queue.dropped)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def _drop(self, update: Update, chat_id: int, chat_type: str, queue: ChatQueue) -> None:
        """Drop an update beyond the chat's queue; a private chat hears it should slow down (once a minute at most)."""
        queue.dropped += 1
        metrics.update_dropped("queue")
        if queue.dropped == 1:
            log.warning("chat %s floods: more than %d updates waiting, the rest is dropped",
                        self.log_name(chat_id), self.per_chat)
        if chat_type != ChatType.PRIVATE or not self.should_note(chat_id):
            return
        try:
            await update.get_bot().send_message(chat_id, texts.TOO_FAST)
        except (TelegramError, RuntimeError) as error:  # RuntimeError: an update without a bot (tests)
            log.info("chat %s: the note to slow down was not sent: %r", self.log_name(chat_id), error)

    def should_note(self, chat_id: Hashable) -> bool:
        """True when the chat was not told to slow down within `note_interval` (it counts as told from now)."""
        now = self.clock()
        while self._noted and next(iter(self._noted.values())) <= now - self.note_interval:
            self._noted.popitem(last=False)
        if chat_id in self._noted:
            return False
        self._noted[chat_id] = now
        return True

    def log_name(self, chat_id: Hashable) -> str:
        """A pseudonym for the logs: the same chat has the same name while the adapter runs, never its id."""
        return hmac.new(self._log_key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:12]

    def admitted(self) -> int:
        """Updates of all chats running or waiting for their turn (for /metrics)."""
        return sum(queue.admitted for queue in self._chats.values())

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def never_run(coroutine: Awaitable[Any]) -> None:
    """For a coroutine that never runs: closed, Python does not warn that it was never awaited."""
    if asyncio.iscoroutine(coroutine):
        coroutine.close()


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


class TolerantUpdates(metrics.CountedCalls, HTTPXRequest):
    """The request object for getUpdates: each batch goes to the inbox; unreadable updates are replaced
    instead of failing the whole batch."""

    def __init__(self, *args, inbox: Optional[Inbox] = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inbox = inbox

    async def post(self, url, request_data=None, *args, **kwargs):
        result = await super().post(url, request_data, *args, **kwargs)
        if not isinstance(result, list):
            return result
        # Written before PTB sees the batch: its next getUpdates confirms the batch to Telegram.
        fresh = self.inbox.accept(result) if self.inbox is not None else [True] * len(result)
        return [readable(update) if new else repeat_of(update) for update, new in zip(result, fresh)]


# The kinds of update that carry a message, and the messages inside a message or a button press.
MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post",
                 "business_message", "edited_business_message")
INNER_MESSAGES = ("reply_to_message", "pinned_message")
# Fields the adapter reads, wherever they occur, with the JSON type the Bot API gives them.
FIELD_TYPES = {"message_id": int, "date": int, "text": str, "caption": str, "data": str,
               "entities": list, "caption_entities": list}
PEOPLE = ("chat", "from", "user", "sender_chat")  # objects with an integer id


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def wrong_field(data: dict) -> Optional[str]:
    """The first field of `data` whose type the Bot API would never send (e.g. "message.chat.id"), or None.

    Checks what the filters, the handlers and ChatOrderedProcessor rely on: every message is an object
    with a chat, an id and a date; chats and users have an integer id (a chat also its type as text);
    texts, captions and button data are text.
    """
    for kind in MESSAGE_KINDS:
        if kind in data:
            problem = wrong_message(data[kind], kind)
            if problem:
                return problem
    for kind, value in data.items():
        if kind in MESSAGE_KINDS or kind == "update_id":
            continue
        if not isinstance(value, dict):
            return kind
        problem = wrong_object(value, kind)
        if problem:
            return problem
        if kind == "callback_query" and "message" in value:
            problem = wrong_message(value["message"], "callback_query.message")
            if problem:
                return problem
    return None


def wrong_message(message: Any, path: str) -> Optional[str]:
    if not isinstance(message, dict):
        return path
    for required in ("message_id", "date", "chat"):
        if required not in message:
            return f"{path}.{required}"
    for inner in INNER_MESSAGES:
        if inner in message:
            problem = wrong_message(message[inner], f"{path}.{inner}")
            if problem:
                return problem
    return wrong_object(message, path)


def wrong_object(value: dict, path: str) -> Optional[str]:
    """The typed fields and the chats and users directly in `value`."""
    for key, kind in FIELD_TYPES.items():
        if key in value and not (is_int(value[key]) if kind is int else isinstance(value[key], kind)):
            return f"{path}.{key}"
    for key in PEOPLE:
        if key not in value:
            continue
        person = value[key]
        if not isinstance(person, dict) or not is_int(person.get("id")):
            return f"{path}.{key}"
        if key in ("chat", "sender_chat") and not isinstance(person.get("type"), str):
            return f"{path}.{key}.type"
    return None


def readable(data: dict) -> dict:
    """The update if PTB can read it; else a bare message in its chat (or only its id).

    An update with a field of the wrong type (`wrong_field`) keeps only its id: it is ignored.
    """
    problem = wrong_field(data)
    if problem:  # the field's name only: never its value, which may be a chat id
        log.warning("update %s ignored: %s has the wrong type or is missing", data.get("update_id"), problem)
        return {"update_id": data.get("update_id")}
    try:
        Update.de_json(copy.deepcopy(data), None)
        return data
    except Exception as error:  # PTB raises TypeError, KeyError, ValueError ... for what it cannot read
        unreadable = repr(error)
    message = data.get("message") if isinstance(data.get("message"), dict) else {}
    bare = {"update_id": data.get("update_id"), "message": {
        "message_id": message.get("message_id"), "date": message.get("date"), "chat": message.get("chat")}}
    if wrong_field(bare):  # no chat to answer in (e.g. a poll answer PTB cannot read)
        log.warning("update %s cannot be read (%s) and has no chat: ignored", data.get("update_id"), unreadable)
        return {"update_id": data.get("update_id")}
    log.warning("update %s cannot be read (%s); answered as an unknown message", data.get("update_id"), unreadable)
    try:
        Update.de_json(copy.deepcopy(bare), None)
        return bare
    except Exception:
        return {"update_id": data.get("update_id")}
