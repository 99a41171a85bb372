"""The Telegram side of the end-to-end tests: the Bot API emulator, the adapter on top of the stack, citizens.

Session fixtures: `emulator` (tests/telegram/emulator.js, telegram-test-api
with the project's compatibility layer, on a free port; ready when getMe
answers) and `telegram` (`python -m bot` started by scripts.stack.bot,
polling the emulator, on top of the `stack` fixture). Per test:
`telegram_citizen`, a citizen with a fresh private chat. Everything is
stopped in `finally`; waiting is polling with a timeout, never sleeping.

A citizen waits for the adapter's answer by long-polling the emulator's
user side until the message they expect arrived:

    citizen.says("Umgestürzter Baum am Markt", expect="Wo ist das")
    citizen.presses("Absenden", expect="Nr.")

Test modules load it with `pytest_plugins = ["tests.telegram_fixtures"]` (a plugin,
so the session fixtures exist once per session, not once per module) and
import its helpers. PYTEST_DONT_REWRITE: the test modules import it before
pytest loads it as a plugin; its checks raise AssertionError with a message.
"""

import io
import random
import shutil
import subprocess
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Union

import httpx
import pytest
from PIL import Image

from scripts.stack import APP_PYTHON, StartupError, bot, free_port, process, stop

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "telegram"
TOKEN = "4242:stadtbot-gera-test"
REPLY_TIMEOUT = 60.0



# --- the emulator ------------------------------------------------------------------------------------------


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen
    log: Path


def install_emulator() -> None:
    """`make emulator` does this; a plain `pytest` run gets the same (npm ci from the lock file)."""
    if (HARNESS / "node_modules" / ".installed").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise StartupError("The Telegram tests need Node 20 and npm (for tests/telegram): see README, Requirements.")
    subprocess.run([npm, "ci", "--prefix", str(HARNESS), "--no-audit", "--no-fund"], check=True,
                   stdout=subprocess.DEVNULL)
    (HARNESS / "node_modules" / ".installed").touch()


@contextmanager
def start_emulator(log_dir: Path, timeout: float = 30.0) -> Iterator[Emulator]:
    install_emulator()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / "telegram-emulator.log"
    with open(log, "ab") as out:
        node = subprocess.Popen([shutil.which("node") or "node", str(HARNESS / "emulator.js"), "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if node.poll() is not None:
                raise StartupError(f"the emulator exited with code {node.returncode}; see {log}")
            try:
                if httpx.get(f"{url}/bot{TOKEN}/getMe", timeout=2).json().get("ok"):
                    break
            except (httpx.HTTPError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise StartupError(f"the emulator did not answer getMe within {timeout:.0f} s; see {log}")
            time.sleep(0.1)
        yield Emulator(url, node, log)
    finally:
        stop(node, timeout=10)


def api_key(settings) -> str:
    return (settings.data_dir / "open311-api-key").read_text().strip()


@contextmanager
def start_extra_bot(settings, name: str, token: str, extra_env: dict) -> Iterator[subprocess.Popen]:
    """Another adapter process (own token, data dir and port), e.g. in webhook mode or with Rasa behind a switch."""
    data_dir = settings.data_dir / name
    data_dir.mkdir(parents=True, exist_ok=True)
    own = replace(settings, data_dir=data_dir, telegram_bot_token=token,
                  telegram_bot_url=extra_env.get("TELEGRAM_BOT_URL", f"http://127.0.0.1:{free_port()}"))
    env = {**own.process_env(), "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": token,
           "TELEGRAM_API_URL": own.telegram_api_url, "TELEGRAM_BOT_URL": own.telegram_bot_url,
           "TELEGRAM_WEBHOOK_URL": "", "TELEGRAM_WEBHOOK_SECRET": "", "OPEN311_API_KEY": api_key(settings),
           "RASA_API_TOKEN": settings.rasa_api_token, **extra_env}
    with process(name, [APP_PYTHON, "-m", "bot"], env, own, f"{own.telegram_bot_url}/health", timeout=60) as proc:
        yield proc


# --- a citizen ---------------------------------------------------------------------------------------------


@dataclass
class BotMessage:
    """A message the citizen received (or its edited version)."""

    message_id: int
    method: str
    text: str = ""
    buttons: List[tuple] = field(default_factory=list)  # (title, callback_data)
    keyboard: List[dict] = field(default_factory=list)  # reply keyboard buttons
    removes_keyboard: bool = False
    location: Optional[dict] = None
    venue: Optional[dict] = None  # a pin with a name: {location, title, address}
    edited: bool = False

    @classmethod
    def from_emulator(cls, entry: dict) -> "BotMessage":
        message = entry["message"]
        markup = message.get("reply_markup") or {}
        return cls(
            message_id=entry["messageId"],
            method=message.get("method", "sendMessage"),
            text=message.get("text") or message.get("caption") or "",
            buttons=[(b["text"], b.get("callback_data")) for row in markup.get("inline_keyboard", []) for b in row],
            keyboard=[b if isinstance(b, dict) else {"text": b} for row in markup.get("keyboard", []) for b in row],
            removes_keyboard=bool(markup.get("remove_keyboard")),
            location=message.get("location"),
            venue=message.get("venue"),
            edited=bool(message.get("edited")),
        )

    @property
    def button_titles(self) -> List[str]:
        return [title for title, _ in self.buttons]


Expectation = Union[str, Callable[[List[BotMessage]], bool], None]


def texts_of(messages: List[BotMessage]) -> str:
    return "\n".join(m.text for m in messages)


class TelegramCitizen:
    """One citizen in a private chat with the bot, through the emulator's user side."""

    def __init__(self, url: str, token: str = TOKEN, chat_id: Optional[int] = None, chat: Optional[dict] = None):
        self.url, self.token = url, token
        self.chat_id = chat_id or random.randint(10**8, 10**10)
        self.chat = chat or {"id": self.chat_id, "type": "private", "first_name": "Bürger"}
        self.user = {"id": self.chat_id if self.chat["type"] == "private" else random.randint(10**8, 10**10),
                     "is_bot": False, "first_name": "Bürger", "language_code": "de"}
        self.received: List[BotMessage] = []  # everything, in order of arrival (edits included)
        self.http = httpx.Client(timeout=REPLY_TIMEOUT + 10)

    # sending

    def _post(self, path: str, body: dict) -> dict:
        response = self.http.post(f"{self.url}{path}", json={"botToken": self.token, **body})
        response.raise_for_status()
        return response.json()["result"]

    def sends(self, expect: Expectation = None, **message) -> List[BotMessage]:
        """Send any message (text, location, photo ...); with `expect`, wait for the answer."""
        self.last_sent = self._post("/sendMessage", {"chatId": self.chat_id, "chat": self.chat, "from": self.user,
                                                     **message})
        return self.waits_for(expect) if expect else []

    def says(self, text: str, expect: Expectation = None) -> List[BotMessage]:
        return self.sends(expect, text=text)

    def sends_location(self, latitude: float, longitude: float, expect: Expectation = None) -> List[BotMessage]:
        return self.sends(expect, location={"latitude": latitude, "longitude": longitude})

    def upload(self, data: bytes, name: str, mime: str) -> dict:
        response = self.http.post(f"{self.url}/uploadFile", files={"file": (name, data, mime)})
        response.raise_for_status()
        return response.json()["result"]

    def sends_photo(self, data: bytes, size: tuple, caption: Optional[str] = None,
                    expect: Expectation = None, media_group_id: Optional[str] = None) -> List[BotMessage]:
        """A compressed photo: a small preview size first, then the full size (as Telegram sends them); photos of
        an album share a media_group_id."""
        from PIL import Image

        preview = io.BytesIO()
        Image.new("RGB", (32, 24), (200, 200, 200)).save(preview, "JPEG")
        small = self.upload(preview.getvalue(), "preview.jpg", "image/jpeg")
        full = self.upload(data, "photo.jpg", "image/jpeg")
        sizes = [{**small, "width": 32, "height": 24}, {**full, "width": size[0], "height": size[1]}]
        extra = {**({"caption": caption} if caption else {}), **({"media_group_id": media_group_id} if media_group_id else {})}
        return self.sends(expect, photo=sizes, **extra)

    def sends_document(self, data: bytes, name: str, mime: str, caption: Optional[str] = None,
                       expect: Expectation = None) -> List[BotMessage]:
        uploaded = self.upload(data, name, mime)
        document = {**uploaded, "file_name": name, "mime_type": mime}
        return self.sends(expect, document=document, **({"caption": caption} if caption else {}))

    def sends_update(self, update: dict, expect: Expectation = None) -> List[BotMessage]:
        """Any raw update (edited_message, my_chat_member ...), also with an explicit update_id."""
        self.last_sent = {"update_id": self._post("/sendUpdate", {"update": update})["update_id"]}
        return self.waits_for(expect) if expect else []

    def presses(self, title: str, expect: Expectation = None, timeout: float = REPLY_TIMEOUT) -> List[BotMessage]:
        """Press the newest button with this title (waiting for it when it is not on screen yet)."""
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(self.received):
                for button_title, data in message.buttons:
                    if button_title == title:
                        self.last_sent = self._post("/sendCallback", {
                            "chatId": self.chat_id, "messageId": message.message_id, "data": data, "from": self.user})
                        return self.waits_for(expect) if expect else []
            if time.monotonic() > deadline:
                raise AssertionError(f"no button {title!r} on screen; received: {texts_of(self.received)[-2000:]}")
            self.poll(min(5.0, max(0.1, deadline - time.monotonic())))

    def callback_answer(self) -> Optional[dict]:
        return self._post("/callbackAnswers", {"callbackQueryId": self.last_sent["callback_query_id"]})

    # receiving

    def poll(self, timeout: float) -> List[BotMessage]:
        entries = self._post("/getUpdates", {"token": self.token, "chatId": self.chat_id, "timeout": timeout})
        messages = [BotMessage.from_emulator(entry) for entry in entries]
        self.received.extend(messages)
        return messages

    def waits_for(self, expect: Expectation, timeout: float = REPLY_TIMEOUT) -> List[BotMessage]:
        """Messages received until `expect` holds: a fragment of a message or a button title, or a test on all."""
        if isinstance(expect, str):
            fragment = expect
            expect = lambda messages: any(fragment in m.text or fragment in m.button_titles  # noqa: E731
                                          for m in messages)
        got: List[BotMessage] = []
        deadline = time.monotonic() + timeout
        while not (got and expect(got)):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no expected answer within {timeout:.0f} s; got: {texts_of(got)!r}")
            got.extend(self.poll(min(left, 20)))
        return got

    def new_messages(self) -> List[BotMessage]:
        """What arrived since the last look, without waiting."""
        return self.poll(0)

    def close(self) -> None:
        self.http.close()


# --- what staff see: the backend -------------------------------------------------------------------------


def somewhere_in_gera() -> dict:
    """A point in Gera far enough from other tests' reports not to be offered as a duplicate."""
    return {"latitude": round(random.uniform(50.84, 50.92), 5), "longitude": round(random.uniform(12.00, 12.18), 5)}


def photo_with_exif(fmt: str, size=(320, 240), gps=(50.8650, 12.0600)) -> bytes:
    """A photo with camera data and a GPS position in its EXIF, and a pattern worth comparing pixel by pixel."""
    image = Image.new("RGB", size)
    image.putdata([((x * 7) % 256, (y * 5) % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    exif = Image.Exif()
    exif[0x010F] = "Stadtkamera"
    exif[0x8825] = {1: "N", 2: _dms(gps[0]), 3: "E", 4: _dms(gps[1])}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, **({"quality": 95} if fmt == "JPEG" else {}))
    return out.getvalue()


def _dms(value: float) -> tuple:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


def filed_number(messages) -> str:
    text = texts_of(messages)
    assert "Nr. " in text, text
    return text.split("Nr. ")[1].split(".")[0].split()[0]


def backend_report(settings, number: str) -> dict:
    response = httpx.get(f"{settings.backend_url}/open311/v2/requests/{number}.json", params={"extensions": "true"},
                         headers={"X-Api-Key": api_key(settings)})  # the full view, as the city's systems read it
    response.raise_for_status()
    return response.json()[0]


def reports_of(settings, citizen: TelegramCitizen) -> list:
    response = httpx.get(f"{settings.backend_url}/open311/v2/requests.json",
                         params={"account_id": str(citizen.chat_id)}, headers={"X-Api-Key": api_key(settings)})
    response.raise_for_status()
    return response.json()


def stored_image(settings, url: str) -> Image.Image:
    """The photo as the city's systems fetch it (photos are not public: api_key)."""
    response = httpx.get(url, headers={"X-Api-Key": api_key(settings)})
    response.raise_for_status()
    return Image.open(io.BytesIO(response.content))


# --- fixtures ----------------------------------------------------------------------------------------------


class TelegramSide:
    """The running adapter; a test may stop it and start it again (its chat state survives in the data dir)."""

    def __init__(self, settings, emulator: Emulator):
        self.settings, self.emulator = settings, emulator
        self._running: Optional[ExitStack] = None
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        self._running = ExitStack()
        self.process = self._running.enter_context(bot(self.settings))

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running, self.process = None, None


@pytest.fixture(scope="session")
def emulator(stack):
    with start_emulator(stack.settings.log_dir) as running:
        yield running


@pytest.fixture(scope="session")
def telegram(stack, emulator):
    """The adapter polling the emulator, in front of the stack's Rasa and backend."""
    settings = replace(stack.settings, telegram_bot_token=TOKEN, telegram_api_url=emulator.url,
                       telegram_bot_url=f"http://127.0.0.1:{free_port()}")
    side = TelegramSide(settings, emulator)
    try:
        side.start()
        yield side
    finally:
        side.stop()


@pytest.fixture
def new_citizen(telegram):
    """Make citizens (other bots' tokens, group chats); all are closed after the test."""
    made = []

    def make(**options) -> TelegramCitizen:
        made.append(TelegramCitizen(telegram.emulator.url, **options))
        return made[-1]

    yield make
    for citizen in made:
        citizen.close()


@pytest.fixture
def telegram_citizen(new_citizen):
    return new_citizen()


