"""bot/handlers.py in-process: what a citizen sees in the chat for each kind of input.

The Bot API is a stub (`BotApi`, a python-telegram-bot request class that records every call and answers
as Telegram would), the assistant is a stub behind Rasa's REST channel (`Assistant`, an httpx mock
transport that records the turns and answers with scripted replies), and the backend is the real app
in-process (httpx.ASGITransport), so photos and /loeschen go through its real routes. The callbacks are
called as the Application would call them; which update reaches which callback (bot/__main__.py) is
the end-to-end tests' part (tests/test_telegram_*.py).
"""

import io
import json
import time
from typing import Callable, List, Optional

import httpx
import pytest
from PIL import Image
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext
from telegram.request import BaseRequest, RequestData

from bot import config, handlers, privacy, texts
from bot.backend import Backend
from bot.guards import RateLimit, SeenUpdates
from bot.rasa import Rasa
from tests.fast.app.conftest import API_KEY, InProcessBackend, file_report, in_process_backend

pytestmark = pytest.mark.anyio

TOKEN = "4242:stadtbot-gera-test"
BOT = {"id": 4242, "is_bot": True, "first_name": "Stadtbot Gera", "username": "StadtbotGeraBot"}
CHAT_ID = 5551234
CITIZEN = {"id": CHAT_ID, "is_bot": False, "first_name": "Bürgerin", "language_code": "de"}


@pytest.fixture
def anyio_backend():
    return "asyncio"


def jpeg(gps: Optional[tuple] = None) -> bytes:
    """A small photo; with `gps` (degrees, minutes, seconds of latitude and longitude) in its EXIF."""
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: gps[0], 3: "E", 4: gps[1]}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 90)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


class BotApi(BaseRequest):
    """Telegram's Bot API without a network: records each method call and answers like Telegram."""

    def __init__(self):
        self.calls: List[tuple] = []
        self.files = {}  # file_id -> bytes, for getFile and the download
        self._message_id = 100

    @property
    def read_timeout(self) -> Optional[float]:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url, method, request_data: Optional[RequestData] = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None):
        if "/file/bot" in url:
            return 200, self.files[url.rsplit("/", 1)[-1]]
        name = url.rsplit("/", 1)[-1]
        params = json.loads(json.dumps(request_data.parameters)) if request_data else {}
        self.calls.append((name, params))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict):
        if name == "getMe":
            return BOT
        if name == "getFile":
            file_id = params["file_id"]
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id]),
                    "file_path": file_id}
        if name.startswith("send") and name != "sendChatAction" or name.startswith("edit"):
            self._message_id += 1
            return {"message_id": self._message_id, "date": int(time.time()), "text": params.get("text", ""),
                    "chat": {"id": params.get("chat_id", CHAT_ID), "type": "private"}}
        return True

    def sent(self, method: str = "sendMessage") -> List[dict]:
        return [params for name, params in self.calls if name == method]

    def texts(self) -> List[str]:
        return [params["text"] for params in self.sent()]


class Assistant:
    """Rasa's REST channel as a stub: `replies(text)` answers each turn; `down` makes it unreachable."""

    def __init__(self):
        self.turns: List[dict] = []
        self.down = False
        self.replies: Callable[[str], list] = lambda text: [{"text": f"Antwort auf {text}"}]

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("Rasa is not running", request=request)
        turn = json.loads(request.content)
        self.turns.append(turn)
        return httpx.Response(200, json=[{"recipient_id": turn["sender"], **r} for r in self.replies(turn["message"])])

    def messages(self) -> List[str]:
        return [turn["message"] for turn in self.turns]


class Chat:
    """One citizen's private chat with the adapter: send updates, read what the bot said."""

    def __init__(self, application: Application, api: BotApi, assistant: Assistant, city: InProcessBackend):
        self.application, self.api, self.assistant, self.city = application, api, assistant, city
        self._update_id = 0

    def update(self, **fields) -> Update:
        self._update_id += 1
        return Update.de_json({"update_id": self._update_id, **fields}, self.application.bot)

    def message(self, **fields) -> Update:
        return self.update(message={"message_id": 1000 + self._update_id, "date": int(time.time()),
                                    "chat": {"id": CHAT_ID, "type": "private"}, "from": CITIZEN, **fields})

    def press(self, data: str, shown: str = "Worum geht es?") -> Update:
        """The press of an inline button under the bot's message `shown`."""
        pressed = {"message_id": 77, "date": int(time.time()), "chat": {"id": CHAT_ID, "type": "private"},
                   "from": BOT, "text": shown}
        return self.update(callback_query={"id": f"q{self._update_id}", "from": CITIZEN, "chat_instance": "ci",
                                           "data": data, "message": pressed})

    async def send(self, callback, update: Update) -> None:
        await callback(update, CallbackContext.from_update(update, self.application))

    def buttons(self) -> List[List[tuple]]:
        """The inline keyboard of the last message with one: rows of (title, callback data)."""
        markup = next(m["reply_markup"] for m in reversed(self.api.sent()) if m.get("reply_markup"))
        return [[(b["text"], b["callback_data"]) for b in row] for row in markup["inline_keyboard"]]


@pytest.fixture
async def chat(tmp_path):
    api, assistant = BotApi(), Assistant()
    city = in_process_backend(tmp_path / "backend")
    settings = config.Settings(token=TOKEN, api_url="https://api.telegram.invalid", webhook_url="", webhook_secret="",
                               listen_url="http://127.0.0.1:8081", rasa_url="http://rasa.invalid",
                               backend_url=city.url, data_dir=tmp_path, media_max_bytes=10 * 1024 * 1024,
                               media_max_pixels=40_000_000, configured_api_key=API_KEY,
                               configured_rasa_token="rasa-token")
    rasa = Rasa(settings.rasa_url, timeout=5)
    rasa.client = httpx.AsyncClient(transport=httpx.MockTransport(assistant.handle))
    backend = Backend(city.url, lambda: API_KEY, timeout=5)
    backend.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=city.client.app))
    application = Application.builder().token(TOKEN).request(api).get_updates_request(BotApi()).updater(None).build()
    application.bot_data.update(settings=settings, rasa=rasa, backend=backend, seen=SeenUpdates(),
                                rate=RateLimit(burst=3, per_second=0.5, clock=lambda: 0.0))
    async with application:
        await application.start()
        yield Chat(application, api, assistant, city)
        await application.stop()
    await rasa.close()
    await backend.close()


# --- the conversation with the assistant -------------------------------------------------------------------


async def test_text_goes_to_the_assistant_and_its_buttons_appear_under_the_answer(chat):
    chat.assistant.replies = lambda text: [{"text": "Worum geht es?", "buttons": [
        {"title": "Straßenschaden", "payload": '/inform{"category":"road_damage"}'},
        {"title": "Graffiti", "payload": '/inform{"category":"graffiti"}'}]}]
    await chat.send(handlers.text, chat.message(text="  Ich möchte einen Schaden melden "))
    (turn,) = chat.assistant.turns
    assert turn["sender"] == str(CHAT_ID) and turn["message"] == "Ich möchte einen Schaden melden"
    assert turn["metadata"]["chat_id"] == CHAT_ID and turn["metadata"]["language"] == "de"
    assert chat.api.texts() == ["Worum geht es?"]
    assert [title for row in chat.buttons() for title, _ in row] == ["Straßenschaden", "Graffiti"]


async def test_pressing_a_button_sends_its_payload_and_shows_the_choice(chat):
    chat.assistant.replies = lambda text: [{"text": "Worum geht es?", "buttons": [
        {"title": "Graffiti", "payload": '/inform{"category":"graffiti"}'}]}]
    await chat.send(handlers.text, chat.message(text="Schaden melden"))
    (((title, data),),) = chat.buttons()
    chat.assistant.replies = lambda text: [{"text": "Wo ist das?"}]
    await chat.send(handlers.button, chat.press(data))
    assert chat.assistant.messages()[-1] == '/inform{"category":"graffiti"}'
    (edited,) = chat.api.sent("editMessageText")
    assert edited["text"].startswith("Worum geht es?") and "Graffiti" in edited["text"]
    assert chat.api.texts()[-1] == "Wo ist das?"


async def test_a_button_from_an_old_message_says_so_and_sends_nothing(chat):
    await chat.send(handlers.button, chat.press("b:vergessen"))
    assert chat.assistant.turns == []
    assert chat.api.texts() == [texts.STALE_BUTTON]
    assert chat.api.sent("answerCallbackQuery")[0]["text"] == texts.STALE_BUTTON


async def test_start_greets_then_says_privacy_in_one_sentence(chat):
    chat.assistant.replies = lambda text: [{"text": "Hallo! Ich bin der Stadtbot Gera."}]
    await chat.send(handlers.start, chat.message(text="/start", entities=[{"type": "bot_command", "offset": 0,
                                                                           "length": 6}]))
    assert chat.assistant.messages() == ["/greet"]
    assert chat.api.texts() == ["Hallo! Ich bin der Stadtbot Gera.", texts.PRIVACY_SHORT]


async def test_a_shared_location_is_the_place(chat):
    await chat.send(handlers.location, chat.message(location={"latitude": 50.8763, "longitude": 12.0836}))
    assert chat.assistant.messages() == ['/share_location{"latitude": 50.8763, "longitude": 12.0836}']


async def test_when_the_assistant_is_down_the_message_waits_for_nochmal_senden(chat):
    chat.assistant.down = True
    await chat.send(handlers.text, chat.message(text="Laterne Sorge 12 ist aus"))
    assert chat.api.texts() == [texts.UNAVAILABLE]
    (((title, data),),) = chat.buttons()
    assert title == texts.RETRY
    chat.assistant.down = False
    await chat.send(handlers.retry, chat.press(data, shown=texts.UNAVAILABLE))
    assert chat.assistant.messages() == ["Laterne Sorge 12 ist aus"]
    assert chat.api.texts()[-1] == "Antwort auf Laterne Sorge 12 ist aus"


async def test_when_the_assistant_answers_nothing_the_citizen_hears_it_and_can_send_again(chat):
    chat.assistant.replies = lambda text: []  # Rasa's answer when a custom action failed (action server down)
    await chat.send(handlers.text, chat.message(text="Absenden"))
    assert chat.api.texts() == [texts.NO_ANSWER] and texts.NO_ANSWER.startswith("Das hat gerade nicht geklappt")
    (((title, data),),) = chat.buttons()
    assert title == texts.RETRY
    chat.assistant.replies = lambda text: [{"text": "Danke! Ihre Meldung hat die Nr. 1234."}]
    await chat.send(handlers.retry, chat.press(data, shown=texts.NO_ANSWER))
    assert chat.assistant.messages() == ["Absenden", "Absenden"]
    assert chat.api.texts()[-1] == "Danke! Ihre Meldung hat die Nr. 1234."


async def test_when_the_photo_turn_answers_nothing_only_the_photo_waits_for_nochmal_senden(chat):
    chat.api.files["large"] = jpeg()
    chat.assistant.replies = lambda text: [] if text.startswith("/send_photo") else [{"text": "Wo ist das?"}]
    sizes = [{"file_id": "large", "file_unique_id": "l", "width": 64, "height": 48, "file_size": 2000}]
    await chat.send(handlers.photo, chat.message(photo=sizes, caption="Graffiti am Bahnhof"))
    assert chat.api.texts() == ["Wo ist das?", texts.NO_ANSWER]
    (((_, data),),) = chat.buttons()
    chat.assistant.replies = lambda text: [{"text": "Danke für das Foto."}]
    await chat.send(handlers.retry, chat.press(data, shown=texts.NO_ANSWER))
    caption, photo, again = chat.assistant.messages()
    assert caption == "Graffiti am Bahnhof" and photo == again and photo.startswith("/send_photo")


async def test_a_long_answer_of_the_assistant_arrives_in_parts_with_its_buttons_under_the_last(chat):
    answer = "\n\n".join(f"{number}." + " Die Reparatur ist beauftragt." * 40 for number in range(5))
    assert len(answer) > 4096
    chat.assistant.replies = lambda text: [{"text": answer, "buttons": [{"title": "Ja", "payload": "/affirm"}]}]
    await chat.send(handlers.text, chat.message(text="Was steht in der Notiz?"))
    first, second = chat.api.sent()
    assert len(first["text"]) <= 4096 and "reply_markup" not in first
    assert first["text"] + "\n\n" + second["text"] == answer
    assert second["reply_markup"]["inline_keyboard"][0][0]["text"] == "Ja"


async def test_nochmal_senden_with_nothing_waiting_says_so(chat):
    await chat.send(handlers.retry, chat.press(handlers.RETRY, shown=texts.UNAVAILABLE))
    assert chat.assistant.turns == [] and chat.api.texts() == [texts.NOTHING_TO_RETRY]


async def test_abbrechen_from_the_place_keyboard_cancels_the_report(chat):
    await chat.send(handlers.text, chat.message(text=texts.CANCEL_BUTTON.upper()))
    assert chat.assistant.messages() == ["/cancel"]


async def test_an_unknown_command_lists_the_commands_and_reaches_nobody(chat):
    await chat.send(handlers.text, chat.message(text="/wetter"))
    assert chat.assistant.turns == [] and chat.api.texts() == [texts.UNKNOWN_COMMAND]


# --- photos ------------------------------------------------------------------------------------------------


async def test_a_photo_is_stored_by_the_backend_and_sent_after_its_caption(chat):
    chat.api.files["large"] = jpeg()
    sizes = [{"file_id": "small", "file_unique_id": "s", "width": 32, "height": 24, "file_size": 900},
             {"file_id": "large", "file_unique_id": "l", "width": 64, "height": 48, "file_size": 2000}]
    await chat.send(handlers.photo, chat.message(photo=sizes, caption="Graffiti am Bahnhof"))
    caption, photo = chat.assistant.messages()
    assert caption == "Graffiti am Bahnhof"
    media_url = json.loads(photo.removeprefix("/send_photo"))["media_url"]
    assert media_url.startswith("http://testserver/media/") and media_url.endswith(".jpg")


async def test_a_broken_photo_is_refused_in_german_and_reaches_nobody(chat):
    chat.api.files["broken"] = b"not a picture at all"
    sizes = [{"file_id": "broken", "file_unique_id": "b", "width": 64, "height": 48, "file_size": 20}]
    await chat.send(handlers.photo, chat.message(photo=sizes))
    assert chat.assistant.turns == []
    assert chat.api.texts() == [texts.NOT_A_PHOTO]


async def test_a_photo_file_with_gps_asks_whether_that_is_the_place(chat):
    chat.api.files["doc"] = jpeg(gps=((50.0, 52.0, 34.68), (12.0, 5.0, 0.96)))  # 50.8763, 12.0836: the Markt
    document = {"file_id": "doc", "file_unique_id": "d", "file_name": "IMG_1.jpg", "mime_type": "image/jpeg",
                "file_size": 2000}
    await chat.send(handlers.image_document, chat.message(document=document))
    assert chat.api.texts() == [texts.PHOTO_PLACE_QUESTION]
    assert chat.api.sent("sendLocation")[0]["latitude"] == 50.8763
    await chat.send(handlers.photo_place, chat.press(handlers.PLACE_YES, shown=texts.PHOTO_PLACE_QUESTION))
    place, photo = chat.assistant.messages()
    assert place == '/share_location{"latitude": 50.8763, "longitude": 12.0836}'
    assert photo.startswith('/send_photo{"media_url": "http://testserver/media/')


# --- /loeschen ---------------------------------------------------------------------------------------------


async def test_loeschen_nein_keeps_everything(chat, monkeypatch):
    deleted = []
    monkeypatch.setattr(privacy, "delete_conversation", lambda *args: deleted.append(args))
    await chat.send(handlers.delete_request, chat.message(text="/loeschen"))
    assert chat.api.texts() == [texts.DELETE_QUESTION]
    await chat.send(handlers.delete_answer, chat.press(handlers.DELETE_NO, shown=texts.DELETE_QUESTION))
    assert chat.api.texts()[-1] == texts.DELETE_KEPT and deleted == []


async def test_loeschen_ja_deletes_the_conversation_and_unlinks_the_reports(chat, monkeypatch):
    deleted = []

    async def delete_conversation(rasa_url, token, sender_id):
        deleted.append(sender_id)
        return 12

    monkeypatch.setattr(privacy, "delete_conversation", delete_conversation)
    number = file_report(chat.city, account_id=str(CHAT_ID))
    await chat.send(handlers.delete_answer, chat.press(handlers.DELETE_YES, shown=texts.DELETE_QUESTION))
    assert deleted == [str(CHAT_ID)]
    assert chat.api.texts() == [texts.DELETED.format(count=1)]
    mine = chat.city.client.get(f"{chat.city.api}/requests.json",
                                params={"account_id": str(CHAT_ID)}, headers={"X-Api-Key": API_KEY}).json()
    assert mine == [] and chat.city.client.get(f"{chat.city.api}/requests/{number}.json").status_code == 200


async def test_loeschen_says_so_when_the_conversation_could_not_be_deleted(chat, monkeypatch):
    async def rasa_down(*args):
        raise httpx.ConnectError("Rasa is not running")

    monkeypatch.setattr(privacy, "delete_conversation", rasa_down)
    await chat.send(handlers.delete_answer, chat.press(handlers.DELETE_YES, shown=texts.DELETE_QUESTION))
    assert chat.api.texts() == [texts.DELETE_FAILED]


# --- odd updates and guards --------------------------------------------------------------------------------


async def test_an_edited_message_asks_for_a_new_one_but_a_moving_live_location_does_not(chat):
    edited = {"message_id": 5, "date": int(time.time()), "edit_date": int(time.time()),
              "chat": {"id": CHAT_ID, "type": "private"}, "from": CITIZEN}
    await chat.send(handlers.edited, chat.update(edited_message={**edited, "text": "Laterne Sorge 14"}))
    await chat.send(handlers.edited, chat.update(edited_message={**edited, "location": {"latitude": 50.87,
                                                                                         "longitude": 12.08}}))
    assert chat.api.texts() == [texts.EDITED]


async def test_a_group_hears_private_chats_only_once_in_ten_minutes(chat):
    group = {"id": -100123, "type": "supergroup", "title": "Gera"}
    for _ in range(2):
        await chat.send(handlers.group_message, chat.update(message={
            "message_id": 9, "date": int(time.time()), "chat": group, "from": CITIZEN, "text": "Hallo Bot"}))
    assert chat.api.texts() == [texts.GROUP_ONLY_PRIVATE.format(username=BOT["username"])]
    assert chat.assistant.turns == []


async def test_an_update_that_arrives_twice_is_handled_once(chat):
    update = chat.message(text="Hallo")
    await chat.send(handlers.drop_duplicates, update)
    with pytest.raises(ApplicationHandlerStop):
        await chat.send(handlers.drop_duplicates, update)


async def test_a_flood_gets_one_calm_note_and_is_dropped(chat):
    stopped = 0
    for _ in range(8):
        try:
            await chat.send(handlers.limit_rate, chat.message(text="hallo"))
        except ApplicationHandlerStop:
            stopped += 1
    assert stopped == 5  # a burst of three passes; the clock stands still, so nothing more
    assert chat.api.texts() == [texts.TOO_FAST]
