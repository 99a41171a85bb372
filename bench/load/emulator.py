"""A lean Bot API emulator for load: the bot side over HTTP, the citizens' side as plain method calls.

The bot side is Telegram's: `/bot<token>/<method>` with a JSON, form-encoded
(python-telegram-bot) or query-string body, answered `{"ok": true, "result": …}`.
It implements what the adapter (bot/) and the echo bots call: getMe,
getUpdates (offset confirms, limit, `timeout` long polling on an asyncio
event: an idle bot costs nothing), setWebhook / deleteWebhook /
getWebhookInfo with webhook delivery (`max_connections` workers on one
keep-alive httpx client, the `X-Telegram-Bot-Api-Secret-Token` header,
retries after a failure), sendMessage, sendPhoto (a URL or file id, no
upload), sendLocation, sendVenue, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, sendChatAction, set/get/deleteMyCommands. Unknown
methods answer 404 as Telegram does. Not here: uploads (multipart), getFile,
groups; the load round needs none of them (tests/telegram/emulator.js has them).

The citizens live in the same process and event loop: `Emulator.says` and
`Emulator.presses` queue an update as a Telegram client would, and every
message the bot sends or edits lands in the `Chat` and sets its event, so a
waiting citizen wakes at once instead of polling. Each arrival carries the
loop time it reached the emulator: latency is measured where the answer
arrived, not where the citizen's coroutine got around to looking.
"""

import asyncio
import contextlib
import itertools
import json
import socket
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Callable, Deque, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl

import httpx
import uvicorn

MAX_POLL_SECONDS = 50.0  # Telegram's own cap on getUpdates' timeout
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Parameters python-telegram-bot sends JSON-encoded in a form body (strings it sends as they are).
JSON_PARAMETERS = {"chat_id", "message_id", "offset", "limit", "timeout", "reply_markup", "allowed_updates",
                   "commands", "latitude", "longitude", "max_connections", "drop_pending_updates", "show_alert",
                   "cache_time", "disable_notification"}
WEBHOOK_RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0)


class ApiError(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code, self.description = code, description


@dataclass
class Arrival:
    """A message the bot sent (or a new version of one it edited), and when it reached the emulator."""

    at: float
    message: dict
    edited: bool = False

    @property
    def text(self) -> str:
        return self.message.get("text") or self.message.get("caption") or ""

    @property
    def button_titles(self) -> List[str]:
        markup = self.message.get("reply_markup") or {}
        return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class Chat:
    """One citizen's private chat: what the bot sent, in order, and an event that wakes the waiting citizen."""

    id: int
    user: dict
    arrivals: List[Arrival] = field(default_factory=list)
    messages: Dict[int, dict] = field(default_factory=dict)  # message id -> the bot's latest version
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    last_message_id: int = 0

    @property
    def public(self) -> dict:
        return {"id": self.id, "type": "private", "first_name": self.user["first_name"]}

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    def receive(self, message: dict, edited: bool = False) -> None:
        self.messages[message["message_id"]] = message
        self.arrivals.append(Arrival(time.monotonic(), message, edited))
        self.changed.set()

    def button(self, title: str) -> Optional[Tuple[dict, str]]:
        """The newest message showing a button with this title, and the button's callback data."""
        for message in reversed(list(self.messages.values())):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title and "callback_data" in button:
                        return message, button["callback_data"]
        return None

    async def wait_for(self, test: Callable[[Arrival], bool], since: int, timeout: float) -> Optional[Arrival]:
        """The first arrival from index `since` on that passes `test`; None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for arrival in self.arrivals[since:]:
                if test(arrival):
                    return arrival
            since = len(self.arrivals)
            self.changed.clear()  # one waiter per chat, and no await since the scan: nothing is missed
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                async with asyncio.timeout(left):
                    await self.changed.wait()
            except TimeoutError:
                pass


@dataclass
class Webhook:
    url: str
    secret: str
    queue: asyncio.Queue
    workers: List[asyncio.Task]


@dataclass
class BotState:
    """One bot token: its pending updates (polling) or its webhook."""

    user: dict
    pending: Deque[dict] = field(default_factory=deque)
    arrival: asyncio.Event = field(default_factory=asyncio.Event)
    webhook: Optional[Webhook] = None
    polled: asyncio.Event = field(default_factory=asyncio.Event)  # set by the first getUpdates: the bot is up

    def confirm(self, offset: int) -> None:
        """Drop what the bot confirmed: updates below `offset` (a negative offset keeps the last -offset)."""
        if offset < 0:
            while len(self.pending) > -offset:
                self.pending.popleft()
            return
        while self.pending and self.pending[0]["update_id"] < offset:
            self.pending.popleft()

    def wake(self) -> None:
        self.arrival.set()
        self.arrival = asyncio.Event()  # every poller waiting now wakes; later ones wait for the next


def bot_user(token: str) -> dict:
    number = token.split(":")[0]
    return {"id": int(number) if number.isdigit() else 666, "is_bot": True, "first_name": "Stadtbot Gera (Last)",
            "username": "StadtbotGeraLastBot", "can_join_groups": False, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


class Emulator:
    """The Bot API for one or more bot tokens on a free loopback port, and the citizens' side in-process."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.bots: Dict[str, BotState] = {}
        self.chats: Dict[int, Chat] = {}
        self.calls: Counter = Counter()  # Bot API method -> number of calls
        self.webhook_failures = 0
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._server: Optional[uvicorn.Server] = None
        self._serving: Optional[asyncio.Task] = None
        self._http: Optional[httpx.AsyncClient] = None
        self.url = ""
        self.methods = {
            "getMe": self.get_me, "getUpdates": self.get_updates, "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook, "getWebhookInfo": self.get_webhook_info,
            "sendMessage": self.send_message, "sendPhoto": self.send_photo, "sendLocation": self.send_location,
            "sendVenue": self.send_location, "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup, "answerCallbackQuery": self.answer_true,
            "sendChatAction": self.answer_true, "setMyCommands": self.answer_true,
            "deleteMyCommands": self.answer_true, "getMyCommands": self.get_my_commands,
        }

    # --- lifecycle ---------------------------------------------------------------------------------------

    async def start(self) -> "Emulator":
        self._server, self._serving, self.url = await start_server(self.asgi, self.host)
        return self

    async def stop(self) -> None:
        for bot in self.bots.values():
            await self._stop_webhook(bot)
            bot.wake()  # long polls answer now: the server waits for its open requests before it stops
        if self._http is not None:
            await self._http.aclose()
        if self._server is not None:
            await stop_server(self._server, self._serving)

    def bot(self, token: str) -> BotState:
        if token not in self.bots:
            self.bots[token] = BotState(bot_user(token))
        return self.bots[token]

    # --- the citizens' side ------------------------------------------------------------------------------

    def new_chat(self, chat_id: int) -> Chat:
        user = {"id": chat_id, "is_bot": False, "first_name": "Bürger", "language_code": "de"}
        self.chats[chat_id] = chat = Chat(chat_id, user)
        return chat

    def says(self, token: str, chat: Chat, text: str) -> None:
        """The citizen sends a text (a leading /command gets its entity, as Telegram marks it)."""
        message = {"message_id": chat.next_message_id(), "date": int(time.time()), "chat": chat.public,
                   "from": chat.user, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.push(token, {"message": message})

    def presses(self, token: str, chat: Chat, title: str) -> bool:
        """The citizen presses the newest button with this title; False when none is on screen."""
        found = chat.button(title)
        if found is None:
            return False
        message, data = found
        self.push(token, {"callback_query": {"id": str(next(self._callback_ids)), "from": chat.user,
                                             "message": message, "chat_instance": str(chat.id), "data": data}})
        return True

    def push(self, token: str, update: dict) -> None:
        """Queue an update for the bot: for its next getUpdates, or for webhook delivery."""
        bot = self.bot(token)
        update = {"update_id": next(self._update_ids), **update}
        if bot.webhook is not None:
            bot.webhook.queue.put_nowait(update)
        else:
            bot.pending.append(update)
            bot.wake()

    # --- the bot side: HTTP ------------------------------------------------------------------------------

    async def asgi(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        try:
            token, method = self._route(scope["path"])
            parameters = parse_parameters(scope, await read_body(receive))
            self.calls[method] += 1
            if method not in self.methods:
                raise ApiError(404, "Not Found")
            status, body = 200, {"ok": True, "result": await self.methods[method](self.bot(token), parameters)}
        except ApiError as error:
            status, body = error.code, {"ok": False, "error_code": error.code, "description": error.description}
        except (ValueError, KeyError, TypeError) as error:
            status, body = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {error!r}"}
        await respond(send, status, body)

    @staticmethod
    def _route(path: str) -> Tuple[str, str]:
        parts = path.strip("/").split("/")
        if len(parts) != 2 or not parts[0].startswith("bot"):
            raise ApiError(404, "Not Found")
        return parts[0][3:], parts[1]

    # --- the bot side: methods ---------------------------------------------------------------------------

    async def get_me(self, bot: BotState, p: dict) -> dict:
        return bot.user

    async def answer_true(self, bot: BotState, p: dict) -> bool:
        return True

    async def get_my_commands(self, bot: BotState, p: dict) -> list:
        return []

    async def get_updates(self, bot: BotState, p: dict) -> list:
        if bot.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        bot.polled.set()
        offset = int(p.get("offset") or 0)
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        timeout = min(float(p.get("timeout") or 0), MAX_POLL_SECONDS)
        bot.confirm(offset)
        if not bot.pending and timeout > 0:
            arrival = bot.arrival
            try:
                async with asyncio.timeout(timeout):
                    await arrival.wait()
            except TimeoutError:
                pass
        return list(itertools.islice(bot.pending, limit))

    async def send_message(self, bot: BotState, p: dict) -> dict:
        return self._deliver(bot, p, {"text": str(p["text"])})

    async def send_photo(self, bot: BotState, p: dict) -> dict:
        photo = {"file_id": str(p["photo"])[:64], "file_unique_id": "u", "width": 640, "height": 480}
        return self._deliver(bot, p, {"photo": [photo], **({"caption": p["caption"]} if p.get("caption") else {})})

    async def send_location(self, bot: BotState, p: dict) -> dict:
        return self._deliver(bot, p, {"location": {"latitude": float(p["latitude"]),
                                                    "longitude": float(p["longitude"])}})

    async def edit_message_text(self, bot: BotState, p: dict) -> dict:
        return self._edit(p, {"text": str(p["text"])})

    async def edit_message_reply_markup(self, bot: BotState, p: dict) -> dict:
        return self._edit(p, {})

    def _chat(self, p: dict) -> Chat:
        chat = self.chats.get(int(p["chat_id"]))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _deliver(self, bot: BotState, p: dict, content: dict) -> dict:
        chat = self._chat(p)
        message = {"message_id": chat.next_message_id(), "date": int(time.time()), "chat": chat.public,
                   "from": bot.user, **content}
        if isinstance(p.get("reply_markup"), dict):
            message["reply_markup"] = p["reply_markup"]
        chat.receive(message)
        # Telegram's answer carries only an inline keyboard (a reply keyboard is the chat's, not the message's):
        # PTB reads reply_markup as InlineKeyboardMarkup.
        if "inline_keyboard" not in message.get("reply_markup", {"inline_keyboard": None}):
            message = {key: value for key, value in message.items() if key != "reply_markup"}
        return message

    def _edit(self, p: dict, content: dict) -> dict:
        chat = self._chat(p)
        old = chat.messages.get(int(p["message_id"]))
        if old is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        message = {key: value for key, value in old.items() if key != "reply_markup"}
        message.update(content, edit_date=int(time.time()))
        if isinstance(p.get("reply_markup"), dict) and p["reply_markup"].get("inline_keyboard"):
            message["reply_markup"] = p["reply_markup"]
        chat.receive(message, edited=True)
        return message

    # --- webhooks ----------------------------------------------------------------------------------------

    async def set_webhook(self, bot: BotState, p: dict) -> bool:
        await self._stop_webhook(bot)
        if not p.get("url"):
            return True
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=None,
                                                                            max_keepalive_connections=100))
        queue: asyncio.Queue = asyncio.Queue()
        for update in bot.pending:
            queue.put_nowait(update)
        bot.pending.clear()
        hook = Webhook(str(p["url"]), str(p.get("secret_token") or ""), queue, [])
        hook.workers = [asyncio.create_task(self._webhook_worker(hook))
                        for _ in range(int(p.get("max_connections") or 40))]
        bot.webhook = hook
        return True

    async def delete_webhook(self, bot: BotState, p: dict) -> bool:
        await self._stop_webhook(bot)
        if p.get("drop_pending_updates"):
            bot.pending.clear()
        return True

    async def get_webhook_info(self, bot: BotState, p: dict) -> dict:
        hook = bot.webhook
        return {"url": hook.url if hook else "", "has_custom_certificate": False,
                "pending_update_count": hook.queue.qsize() if hook else len(bot.pending)}

    async def _stop_webhook(self, bot: BotState) -> None:
        """Stop delivering; what was not delivered yet waits for getUpdates again."""
        hook, bot.webhook = bot.webhook, None
        if hook is None:
            return
        for worker in hook.workers:
            worker.cancel()
        await asyncio.gather(*hook.workers, return_exceptions=True)
        while not hook.queue.empty():
            bot.pending.append(hook.queue.get_nowait())

    async def _webhook_worker(self, hook: Webhook) -> None:
        """One of `max_connections` deliveries in parallel, as Telegram does; a failed update is tried again."""
        headers = {SECRET_HEADER: hook.secret} if hook.secret else {}
        while True:
            update = await hook.queue.get()
            for pause in (*WEBHOOK_RETRY_SECONDS, None):
                try:
                    response = await self._http.post(hook.url, json=update, headers=headers)
                    if response.status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                self.webhook_failures += 1
                if pause is None:
                    break  # Telegram gives up on an update after a while too
                await asyncio.sleep(pause)


async def start_server(app, host: str = "127.0.0.1") -> Tuple["QuietServer", asyncio.Task, str]:
    """Serve an ASGI app in this event loop on a free port (uvicorn, keep-alive); returns server, task, URL."""
    sock = free_socket(host)
    config = uvicorn.Config(app, interface="asgi3", lifespan="off", log_level="warning", access_log=False,
                            http="h11", ws="none", timeout_keep_alive=75, backlog=4096,
                            proxy_headers=False, server_header=False, date_header=False,
                            timeout_graceful_shutdown=5)
    server = QuietServer(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if serving.done():
            serving.result()  # raises what stopped it
        await asyncio.sleep(0.01)
    return server, serving, f"http://{host}:{sock.getsockname()[1]}"


async def stop_server(server: "QuietServer", serving: asyncio.Task) -> None:
    server.should_exit = True
    await serving


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the harness stops it."""

    def install_signal_handlers(self) -> None:  # uvicorn < 0.29
        pass

    def capture_signals(self):  # uvicorn >= 0.29
        return contextlib.nullcontext()


async def read_body(receive) -> bytes:
    chunks = []
    while True:
        event = await receive()
        chunks.append(event.get("body", b""))
        if not event.get("more_body"):
            return b"".join(chunks)


def parse_parameters(scope: dict, body: bytes) -> dict:
    """Query string, JSON body or form body (python-telegram-bot: JSON-encoded values, strings as they are)."""
    parameters = dict(parse_qsl(scope.get("query_string", b"").decode()))
    if not body:
        return decode_json_values(parameters)
    content_type = next((value for name, value in scope["headers"] if name == b"content-type"), b"")
    if content_type.startswith(b"application/json"):
        parameters.update(json.loads(body))
        return parameters
    if content_type.startswith(b"multipart/"):
        raise ApiError(400, "Bad Request: uploads are not part of the load emulator")
    parameters.update(parse_qsl(body.decode()))
    return decode_json_values(parameters)


def decode_json_values(parameters: dict) -> dict:
    for name in JSON_PARAMETERS & parameters.keys():
        if isinstance(parameters[name], str):
            parameters[name] = json.loads(parameters[name])
    return parameters


async def respond(send, status: int, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
