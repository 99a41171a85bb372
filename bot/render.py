"""The assistant's replies as Telegram messages.

Rasa's REST channel answers a list of elements: `text` (with `buttons`),
`image`, and `custom` ({"keyboard": "request_location"} when the assistant
asks for a place; {"venue": {latitude, longitude, title, address}} when it
shows where a typed place is). Here they become messages:

- text as plain text (no parse_mode: whatever a citizen typed and the
  assistant repeats is shown as typed), split at Telegram's 4,096 characters
  (at a paragraph, else a line, else a word);
- buttons as an inline keyboard; the callback data is a short id ("b:17")
  into the chat's button map, because payloads can be longer than Telegram's
  64 bytes and because a forged callback must not inject a payload;
- a venue as Telegram's map pin with the place's name (sendVenue);
- the place question with a reply keyboard: "Standort senden"
  (request_location) and "Abbrechen" (one-time: it hides after use); it is
  removed with the next text without buttons once the assistant stops
  asking for a place.

A Telegram message carries either an inline keyboard or a reply keyboard
change, so when one text needs both, its buttons follow in a second message.

`send_text` is how every text of any length leaves the adapter (the
assistant's replies, notifications, the adapter's own answers): a text
over the limit would be refused by Telegram and never reach the citizen.
"""

from dataclasses import dataclass
from typing import List, MutableMapping, Optional, Tuple

from telegram import (Bot, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup,
                      ReplyKeyboardRemove)

from bot import texts
from bot.config import CALLBACK_DATA_LIMIT, TELEGRAM_TEXT_LIMIT

LOCATION_KEYBOARD = "request_location"
MAX_BUTTONS_KEPT = 60  # per chat: older buttons answer "nicht mehr aktuell"
SHORT_TITLE = 18  # buttons with titles up to this length go two in a row
VENUE_TEXT_LIMIT = 100  # characters of a venue's title and address: a place's name, not a text


@dataclass
class Outgoing:
    """One message to send: a text, a photo (URL) or a venue (a pin with a name), with its keyboard."""

    text: Optional[str] = None
    photo: Optional[str] = None
    markup: object = None
    venue: Optional[dict] = None


class Buttons:
    """The buttons on screen in one chat: short callback ids → (payload for the assistant, title)."""

    def __init__(self, chat_data: MutableMapping):
        self.entries = chat_data.setdefault("buttons", {})
        self.chat_data = chat_data

    def add(self, payload: str, title: str) -> str:
        number = self.chat_data.get("button_seq", 0) + 1
        self.chat_data["button_seq"] = number
        key = f"b:{number:x}"
        self.entries[key] = (payload, title)
        while len(self.entries) > MAX_BUTTONS_KEPT:
            del self.entries[next(iter(self.entries))]
        assert len(key.encode()) <= CALLBACK_DATA_LIMIT
        return key

    def get(self, callback_data: str) -> Optional[Tuple[str, str]]:
        return self.entries.get(callback_data)


def _is_link(button: dict) -> bool:
    """A button that opens an official page ("Termin buchen", "Online beantragen"): https only."""
    url = button.get("url")
    return isinstance(url, str) and url.startswith("https://") and len(url) <= 2000


def inline_keyboard(buttons: List[dict], chat_buttons: Buttons) -> InlineKeyboardMarkup:
    keys = [InlineKeyboardButton(b["title"][:64], url=b["url"]) if _is_link(b)
            else InlineKeyboardButton(b["title"][:64], callback_data=chat_buttons.add(b["payload"], b["title"]))
            for b in buttons]
    per_row = 2 if len(keys) > 3 and all(len(b["title"]) <= SHORT_TITLE for b in buttons) else 1
    return InlineKeyboardMarkup([keys[i:i + per_row] for i in range(0, len(keys), per_row)])


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[KeyboardButton(texts.LOCATION_BUTTON, request_location=True)],
                                [KeyboardButton(texts.CANCEL_BUTTON)]],
                               resize_keyboard=True, one_time_keyboard=True,
                               input_field_placeholder="Adresse oder Standort")


def telegram_length(text: str) -> int:
    """The length as Telegram counts it: UTF-16 code units (an emoji beyond the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit into `limit` UTF-16 code units."""
    units = 0
    for count, character in enumerate(text[:limit]):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return count
    return min(len(text), limit)


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> List[str]:
    """Pieces of at most `limit`, cut at a paragraph, else a line, else a word; hard only inside a huge word."""
    pieces = []
    while telegram_length(text) > limit:
        window = text[:_fitting(text, limit)]
        cuts = (window.rfind(separator) for separator in ("\n\n", "\n", " "))
        cut = next((cut for cut in cuts if cut > len(window) // 2), len(window))
        piece = text[:cut].rstrip()
        if piece:  # Telegram refuses an empty message
            pieces.append(piece)
        text = text[cut:].lstrip()
    if text or not pieces:
        pieces.append(text)
    return pieces


async def send_text(bot: Bot, chat_id: int, text: str, reply_markup: object = None) -> List[Message]:
    """Send a text of any length as parts in order; the keyboard goes with the last part."""
    *first, last = split_text(text)
    sent = [await bot.send_message(chat_id, piece) for piece in first]
    sent.append(await bot.send_message(chat_id, last, reply_markup=reply_markup))
    return sent


def merge_turns(turns: List[List[dict]]) -> List[dict]:
    """The replies to one Telegram message that took several turns (caption + photo, place + photo).

    Questions of the earlier turns are dropped when a later turn answered
    (the form asks again, or has moved on); what they stated stays (the
    privacy note, an emergency), each text once.
    """
    merged: List[dict] = []
    answered = [turn for turn in turns if turn]
    for index, turn in enumerate(answered):
        last = index == len(answered) - 1
        for position, reply in enumerate(turn):
            asks = "buttons" in reply or "custom" in reply or _followed_by_keyboard(turn, position)
            if last or not asks:
                merged.append(reply)
    seen, unique = set(), []
    for reply in reversed(merged):
        key = (reply.get("text"), reply.get("image"), str(reply.get("custom")), str(reply.get("buttons")))
        if key not in seen:
            seen.add(key)
            unique.append(reply)
    return list(reversed(unique))


def _followed_by_keyboard(turn: List[dict], position: int) -> bool:
    following = turn[position + 1] if position + 1 < len(turn) else {}
    return "text" not in following and "custom" in following


def venue_of(venue) -> Optional[dict]:
    """The fields of sendVenue from the assistant's venue, or None when it is not one (no guessing)."""
    if not isinstance(venue, dict):
        return None
    try:
        latitude, longitude = float(venue["latitude"]), float(venue["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    title = str(venue.get("title") or "").strip()[:VENUE_TEXT_LIMIT]
    if not (title and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    address = str(venue.get("address") or "Gera").strip()[:VENUE_TEXT_LIMIT]
    return {"latitude": latitude, "longitude": longitude, "title": title, "address": address}


def render(replies: List[dict], chat_buttons: Buttons, keyboard_shown: bool) -> Tuple[List[Outgoing], bool]:
    """Messages for the replies, and whether the location keyboard is on screen afterwards."""
    items: List[dict] = []
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("keyboard") == LOCATION_KEYBOARD:
            if items and "text" in items[-1]:
                items[-1]["location"] = True
            else:
                items.append({"text": texts.LOCATION_BUTTON + "?", "location": True})
        elif isinstance(custom, dict) and venue_of(custom.get("venue")):
            items.append({"venue": venue_of(custom["venue"])})
        elif reply.get("text") or reply.get("buttons"):
            items.append({"text": reply.get("text") or texts.CHOOSE, "buttons": reply.get("buttons") or []})
        elif reply.get("image"):
            items.append({"image": reply["image"]})
    wants_location = any(item.get("location") for item in items)
    if not wants_location and keyboard_shown:
        # The next text without buttons takes the keyboard away; until then it is merely hidden
        # (one_time_keyboard), which spares the citizen an extra message.
        target = next((i for i in items if "text" in i and not i.get("buttons")), None)
        if target is not None:
            target["remove_keyboard"] = True
    messages: List[Outgoing] = []
    for item in items:
        if "image" in item:
            messages.append(Outgoing(photo=item["image"]))
            continue
        if "venue" in item:
            messages.append(Outgoing(venue=item["venue"]))
            continue
        change = location_keyboard() if item.get("location") else (
            ReplyKeyboardRemove() if item.get("remove_keyboard") else None)
        inline = inline_keyboard(item["buttons"], chat_buttons) if item.get("buttons") else None
        pieces = [Outgoing(text=piece) for piece in split_text(item["text"])]
        if change is not None:
            pieces[0].markup = change
        if inline is not None:
            if pieces[-1].markup is None:
                pieces[-1].markup = inline
            else:
                pieces.append(Outgoing(text=texts.CHOOSE, markup=inline))
        messages.extend(pieces)
    still_shown = wants_location or (keyboard_shown and not any(
        isinstance(m.markup, ReplyKeyboardRemove) for m in messages))
    return messages, still_shown
