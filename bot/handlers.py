"""The callbacks: one per kind of input a citizen sends, each named after it.

Text, buttons, locations and photos go to the assistant (Rasa) as the
chat's turns; what Rasa answers is rendered by bot/render.py. Commands,
odd messages and failures are answered here (texts in bot/texts.py).
Registration is in one place: bot/__main__.py.

    photo ──────────────▶ checked, uploaded to the backend ─▶ /send_photo{"media_url": …}
    photo as file + GPS ─▶ "Ist das der Ort?" ─ ja ─▶ /share_location{…} + /send_photo{…}
                                               └ nein ▶ /send_photo{…}
    location, venue ────▶ /share_location{"latitude": …, "longitude": …}
    caption ────────────▶ sent as text before the photo (it counts as both)
    button ─────────────▶ its payload; the press is answered and shown
"""

import asyncio
import contextlib
import json
import logging
import time
from typing import List, Optional, Sequence, Tuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyKeyboardRemove, Update
from telegram.constants import ChatAction, ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import config, metrics, photos, privacy, render, texts
from bot.backend import Backend, BackendUnavailable, PhotoRefused
from bot.config import GROUP_NOTE_INTERVAL, TELEGRAM_TEXT_LIMIT, Settings
from bot.guards import ChatOrderedProcessor
from bot.rasa import Rasa, RasaAnsweredNothing, RasaUnavailable

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
DELETE_YES, DELETE_NO = "loeschen:ja", "loeschen:nein"
PLACE_YES, PLACE_NO = "ort:ja", "ort:nein"
RETRY = "nochmal"


def settings(context: Context) -> Settings:
    return context.bot_data["settings"]


def rasa(context: Context) -> Rasa:
    return context.bot_data["rasa"]


def backend(context: Context) -> Backend:
    return context.bot_data["backend"]


def share_location(latitude: float, longitude: float) -> str:
    return "/share_location" + json.dumps({"latitude": latitude, "longitude": longitude})


def send_photo(media_url: str, more: Sequence[str] = ()) -> str:
    """The photo as the assistant's payload; an album's further photos ride along ("more_media")."""
    return "/send_photo" + json.dumps({"media_url": media_url, **({"more_media": list(more)} if more else {})})


def caption_of(message: Message) -> List[str]:
    """A caption counts as a text message of its own (never as a payload: those only the adapter writes)."""
    caption = (message.caption or "").strip()
    return [caption] if caption and not caption.startswith("/") else []


def buttons(*rows: Sequence[Tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(title, callback_data=data) for title, data in row]
                                 for row in rows])


# --- the conversation with the assistant -------------------------------------------------------------------


async def converse(update: Update, context: Context, *messages: str, after: Sequence[str] = ()) -> None:
    """Send `messages` to the assistant as this chat's turns and show its replies (then `after`)."""
    chat_id = update.effective_chat.id
    message = update.effective_message
    user = update.effective_user
    metadata = {"channel": "telegram", "chat_id": chat_id, "message_id": message.message_id if message else None,
                "language": user.language_code if user else None}
    turns: List[List[dict]] = []
    async with waiting_signs(context, chat_id):
        for text in messages:
            try:
                turns.append(await rasa(context).send(str(chat_id), text, metadata))
            except RasaUnavailable as failure:  # down, or it answered nothing because an action failed
                metrics.rasa_failed(failure)
                await show(context, chat_id, turns)
                honest = texts.NO_ANSWER if isinstance(failure, RasaAnsweredNothing) else texts.UNAVAILABLE
                await offer_retry(context, chat_id, honest, {"messages": list(messages[len(turns):])})
                return
    await show(context, chat_id, turns)
    for text in after:
        await render.send_text(context.bot, chat_id, text)


@contextlib.asynccontextmanager
async def waiting_signs(context: Context, chat_id: int):
    """No citizen waits in silence: "Stadtbot schreibt …" once an answer takes longer than TYPING_AFTER
    (renewed while it lasts), and past SLOW_NOTE_AFTER a short note that the message arrived. A quick answer
    costs no Bot API call at all, which under load is a quarter of the adapter's calls."""
    signs = asyncio.create_task(show_waiting(context, chat_id))
    try:
        yield
    finally:
        signs.cancel()
        with contextlib.suppress(asyncio.CancelledError, TelegramError):
            await signs


async def show_waiting(context: Context, chat_id: int) -> None:
    await asyncio.sleep(config.TYPING_AFTER)
    started = config.TYPING_AFTER
    while True:
        await typing(context, chat_id)
        if started >= config.SLOW_NOTE_AFTER:
            break
        await asyncio.sleep(config.TYPING_EVERY)
        started += config.TYPING_EVERY
    log.warning("an answer takes longer than %.0f s: the citizen was told it arrived", config.SLOW_NOTE_AFTER)
    metrics.SLOW_ANSWERS.inc()
    await render.send_text(context.bot, chat_id, texts.SLOW_ANSWER)
    while True:  # until the answer comes (cancelled) or Rasa's timeout
        await asyncio.sleep(config.TYPING_EVERY)
        await typing(context, chat_id)


async def typing(context: Context, chat_id: int) -> None:
    """ "Stadtbot schreibt …" for about five seconds; a courtesy that may fail silently."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError:
        pass


async def show(context: Context, chat_id: int, turns: List[List[dict]]) -> None:
    """Render the assistant's replies as Telegram messages."""
    chat_data = context.application.chat_data[chat_id]
    messages, keyboard_shown = render.render(render.merge_turns(turns), render.Buttons(chat_data),
                                             chat_data.get("location_keyboard", False))
    chat_data["location_keyboard"] = keyboard_shown
    for outgoing in messages:
        if outgoing.photo:
            try:
                await context.bot.send_photo(chat_id, outgoing.photo)
            except TelegramError:
                await context.bot.send_message(chat_id, outgoing.photo)
        elif outgoing.venue:
            try:
                await context.bot.send_venue(chat_id, **outgoing.venue)
            except TelegramError:  # the name still tells where; the question follows either way
                await context.bot.send_message(chat_id, f"{outgoing.venue['title']}, {outgoing.venue['address']}")
        else:
            await render.send_text(context.bot, chat_id, outgoing.text, reply_markup=outgoing.markup)


async def offer_retry(context: Context, chat_id: int, text: str, pending: dict) -> None:
    """Say honestly that something is down, and keep what the citizen sent for "Nochmal senden"."""
    context.application.chat_data[chat_id]["retry"] = pending
    await render.send_text(context.bot, chat_id, text, reply_markup=buttons([(texts.RETRY, RETRY)]))


async def remove_buttons(update: Update, chosen: Optional[str] = None) -> None:
    """Take the buttons off a pressed message (showing the choice), so nobody presses twice."""
    query = update.callback_query
    shown = query.message.text if query.message and hasattr(query.message, "text") else None
    try:
        if chosen and shown and len(shown) + len(chosen) + 20 <= TELEGRAM_TEXT_LIMIT:
            await query.edit_message_text(f"{shown}\n\n{texts.CHOSEN.format(title=chosen)}")
        else:
            await query.edit_message_reply_markup(None)
    except TelegramError as error:  # too old to edit, or already edited: the press still counts
        log.info("could not edit a pressed message: %s", error)


# --- guards (run before everything else) -------------------------------------------------------------------


async def drop_duplicates(update: Update, context: Context) -> None:
    """Ignores an update whose id was seen before."""
    if not context.bot_data["seen"].first_time(update.update_id):
        log.info("update %s arrived twice; ignored", update.update_id)
        metrics.update_dropped("duplicate")
        raise ApplicationHandlerStop


async def limit_rate(update: Update, context: Context) -> None:
    """Lets a private chat send a burst, then one message every two seconds; a flood gets one calm note."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    limit = context.bot_data["rate"]
    if limit.allow(chat.id):
        return
    metrics.update_dropped("rate")
    if update.callback_query:
        await update.callback_query.answer(texts.TOO_FAST)
    if limit.should_note(chat.id) and flood_not_noted_yet(context, chat.id):
        await context.bot.send_message(chat.id, texts.TOO_FAST)
    raise ApplicationHandlerStop


def flood_not_noted_yet(context: Context, chat_id: int) -> bool:
    """False when the chat was told to slow down a moment ago, by its queue or the rate limit (bot/guards.py)."""
    processor = context.application.update_processor
    return processor.should_note(chat_id) if isinstance(processor, ChatOrderedProcessor) else True


# --- commands ----------------------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """Greets: what the assistant can do, then privacy in one sentence."""
    await converse(update, context, "/greet", after=[texts.PRIVACY_SHORT])


async def help_command(update: Update, context: Context) -> None:
    """Explains what the assistant can do, lists the commands and names the accessibility statement."""
    await converse(update, context, "/help", after=[texts.HELP_COMMANDS, accessibility_note(context)])


def accessibility_note(context: Context) -> str:
    """Where the accessibility statement is and whom to tell about a barrier (the city's settings)."""
    current = settings(context)
    return texts.ACCESSIBILITY.format(url=current.accessibility_url, contact=current.accessibility_contact)


async def easy_language(update: Update, context: Context) -> None:
    """/einfach: easy language on, or off again (the assistant keeps the choice for the conversation)."""
    await converse(update, context, "/easy_language")


async def normal_language(update: Update, context: Context) -> None:
    """/normal: back to the usual language."""
    await converse(update, context, '/easy_language{"language_level": "normal"}')


async def cancel(update: Update, context: Context) -> None:
    """Drops the report in progress, a photo waiting for its place and anything waiting to be sent again."""
    context.chat_data.pop("photo_waiting", None)
    context.chat_data.pop("retry", None)
    await converse(update, context, "/cancel")


async def my_reports(update: Update, context: Context) -> None:
    """Shows the citizen's reports and their state."""
    await converse(update, context, "/check_report_status")


async def privacy_notice(update: Update, context: Context) -> None:
    """Says what is stored, for how long and who sees it (a few short messages), then the accessibility statement."""
    for part in (*texts.PRIVACY, accessibility_note(context)):
        await update.effective_message.reply_text(part)


async def delete_request(update: Update, context: Context) -> None:
    """Asks for confirmation before deleting the citizen's data."""
    await update.effective_message.reply_text(
        texts.DELETE_QUESTION, reply_markup=buttons([(texts.DELETE_YES, DELETE_YES), (texts.DELETE_NO, DELETE_NO)]))


async def delete_answer(update: Update, context: Context) -> None:
    """After "Ja, löschen": deletes the conversation and unlinks the reports; after "Nein": keeps everything."""
    query = update.callback_query
    await query.answer()
    yes = query.data == DELETE_YES
    await remove_buttons(update, texts.DELETE_YES if yes else texts.DELETE_NO)
    chat_id = update.effective_chat.id
    if not yes:
        await context.bot.send_message(chat_id, texts.DELETE_KEPT)
        return
    try:
        # Rasa (and the outbox) first: a report filed from the outbox after the unlink would name the chat again.
        await privacy.delete_conversation(settings(context).rasa_url, settings(context).rasa_token, str(chat_id))
        unlinked = await backend(context).unlink(str(chat_id), privacy.uploads(context.chat_data))
    except Exception as error:  # backend or tracker store down: both steps are safe to repeat
        log.error("deleting a citizen's data failed: %s", type(error).__name__)  # its text may name the chat
        await context.bot.send_message(chat_id, texts.DELETE_FAILED)
        return
    keyboard_shown = context.chat_data.get("location_keyboard")
    context.chat_data.clear()
    privacy.forget_update(context.application, update.update_id)  # before "Erledigt": see its module
    await context.bot.send_message(chat_id, texts.DELETED.format(count=unlinked.get("reports_unlinked", 0)),
                                   reply_markup=ReplyKeyboardRemove() if keyboard_shown else None)
    privacy.drop_chat(context.application, chat_id)  # last: see its docstring


async def unknown_command(update: Update, context: Context) -> None:
    """Lists the commands there are."""
    await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


# --- what goes to the assistant ----------------------------------------------------------------------------


async def text(update: Update, context: Context) -> None:
    """Passes what the citizen wrote to the assistant ("Abbrechen" from the place keyboard cancels)."""
    written = update.message.text.strip()
    if written.startswith("/"):
        await unknown_command(update, context)
    elif written.casefold() == texts.CANCEL_BUTTON.casefold():
        await cancel(update, context)
    else:
        await converse(update, context, written)


async def location(update: Update, context: Context) -> None:
    """Passes a shared location (or a venue's) to the assistant as the place."""
    point = update.message.venue.location if update.message.venue else update.message.location
    await converse(update, context, share_location(point.latitude, point.longitude))


async def button(update: Update, context: Context) -> None:
    """Answers the press, shows the choice and sends the button's payload to the assistant."""
    query = update.callback_query
    entry = render.Buttons(context.chat_data).get(query.data or "")
    if entry is None:
        await stale_button(update, context)
        return
    await query.answer()
    payload, title = entry
    await remove_buttons(update, title)
    await converse(update, context, payload)


async def stale_button(update: Update, context: Context) -> None:
    """Says that a button from an old message no longer works."""
    await update.callback_query.answer(texts.STALE_BUTTON)
    await context.bot.send_message(update.effective_chat.id, texts.STALE_BUTTON)


async def retry(update: Update, context: Context) -> None:
    """Sends again what the assistant or the backend could not take a moment ago."""
    await update.callback_query.answer()
    await remove_buttons(update)
    pending = context.chat_data.pop("retry", None)
    if not pending:
        await context.bot.send_message(update.effective_chat.id, texts.NOTHING_TO_RETRY)
    elif "photo" in pending:
        await take_photo(update, context, **pending["photo"])
    else:
        await converse(update, context, *pending["messages"])


# --- photos ------------------------------------------------------------------------------------------------


async def photo(update: Update, context: Context) -> None:
    """Takes the largest size of a photo, and its caption, to the assistant."""
    largest = max(update.message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
    await take_photo(update, context, largest.file_id, largest.file_size, caption_of(update.message))


async def image_document(update: Update, context: Context) -> None:
    """Takes a photo sent as a file; when its camera wrote a GPS position, asks first whether that is the place."""
    document = update.message.document
    data = await download(update, context, document.file_id, document.file_size)
    if data is None:
        return
    position = photos.gps_position(data)
    if position is None:
        await take_photo(update, context, document.file_id, document.file_size, caption_of(update.message), data=data)
        return
    context.chat_data["photo_waiting"] = {"file_id": document.file_id, "file_size": document.file_size,
                                          "captions": caption_of(update.message), "place": position}
    await context.bot.send_location(update.effective_chat.id, *position)
    await update.message.reply_text(texts.PHOTO_PLACE_QUESTION, reply_markup=buttons(
        [(texts.PHOTO_PLACE_YES, PLACE_YES)], [(texts.PHOTO_PLACE_NO, PLACE_NO)]))


async def photo_place(update: Update, context: Context) -> None:
    """Takes the answer to "Ist das der Ort?" and passes the photo (with the place after "ja") to the assistant."""
    query = update.callback_query
    await query.answer()
    yes = query.data == PLACE_YES
    await remove_buttons(update, texts.PHOTO_PLACE_YES if yes else texts.PHOTO_PLACE_NO)
    waiting = context.chat_data.pop("photo_waiting", None)
    if waiting is None:
        await context.bot.send_message(update.effective_chat.id, texts.PHOTO_GONE)
        return
    place = waiting.pop("place")
    await take_photo(update, context, **waiting, place=place if yes else None)


async def download(update: Update, context: Context, file_id: str, file_size: Optional[int]) -> Optional[bytes]:
    """The file's bytes from Telegram, or None after telling the citizen why not."""
    chat_id = update.effective_chat.id
    problem = photos.too_large(file_size or 0, settings(context).media_max_bytes)
    if problem:
        await context.bot.send_message(chat_id, problem)
        return None
    try:
        telegram_file = await context.bot.get_file(file_id)
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        log.warning("could not download a photo: %s", error)
        await context.bot.send_message(chat_id, texts.PHOTO_DOWNLOAD_FAILED)
        return None


async def take_photo(update: Update, context: Context, file_id: str, file_size: Optional[int], captions: List[str],
                     place: Optional[Sequence[float]] = None, data: Optional[bytes] = None) -> None:
    """Check and store the photo, then tell the assistant: caption, place (if confirmed), photo."""
    chat_id = update.effective_chat.id
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    data = data if data is not None else await download(update, context, file_id, file_size)
    if data is None:
        return
    limits = settings(context)
    try:
        checked = photos.check(data, limits.media_max_bytes, limits.media_max_pixels)
        media_url = await backend(context).upload_photo(checked.data, checked.file_name, checked.content_type)
        privacy.remember_upload(context.chat_data, media_url)  # /loeschen deletes it unless a report uses it
    except (photos.PhotoProblem, PhotoRefused) as problem:
        await context.bot.send_message(chat_id, str(problem))
        return
    except BackendUnavailable as error:
        log.warning("photo not stored, the backend is unavailable: %s", error)
        pending = {"file_id": file_id, "file_size": file_size, "captions": captions, "place": place}
        await offer_retry(context, chat_id, texts.PHOTO_UNAVAILABLE, {"photo": pending})
        return
    album = update.message.media_group_id if update.message else None
    if album:
        collect_album(update, context, album, media_url, captions)
        return
    payloads = list(captions) + ([share_location(*place)] if place else []) + [send_photo(media_url)]
    await converse(update, context, *payloads)


def collect_album(update: Update, context: Context, album: str, media_url: str, captions: List[str]) -> None:
    """Photos sent together (a Telegram album) arrive as one update each: gather them, and once none has come
    for ALBUM_WAIT seconds, send them to the assistant as one photo message (send_album)."""
    chat_id = update.effective_chat.id
    albums = context.bot_data.setdefault("albums", {})  # chat id -> the album being gathered (not persisted)
    entry = albums.get(chat_id)
    if entry is None or entry["id"] != album:
        entry = albums[chat_id] = {"id": album, "urls": [], "captions": [], "update": update}
    entry["urls"].append(media_url)
    entry["captions"].extend(captions)
    for job in context.job_queue.get_jobs_by_name(f"album-{chat_id}"):
        job.schedule_removal()
    context.job_queue.run_once(send_album, config.ALBUM_WAIT, chat_id=chat_id, name=f"album-{chat_id}")


async def send_album(context: Context) -> None:
    entry = context.bot_data.get("albums", {}).pop(context.job.chat_id, None)
    if entry is None:
        return
    urls = entry["urls"]
    if len(urls) > config.ALBUM_MAX_PHOTOS:
        await context.bot.send_message(context.job.chat_id, texts.ALBUM_TOO_MANY.format(count=config.ALBUM_MAX_PHOTOS))
    photo = send_photo(urls[0], urls[1:config.ALBUM_MAX_PHOTOS])
    await converse(entry["update"], context, *entry["captions"], photo)


# --- everything else has a defined answer ------------------------------------------------------------------


async def voice(update: Update, context: Context) -> None:
    """Asks to write instead of speaking (voice, audio, round video notes)."""
    await update.effective_message.reply_text(texts.VOICE)


async def video(update: Update, context: Context) -> None:
    """Asks for text or a photo instead of a video or GIF."""
    await update.effective_message.reply_text(texts.VIDEO)


async def sticker(update: Update, context: Context) -> None:
    """Thanks for the sticker and says what the assistant understands."""
    await update.effective_message.reply_text(texts.STICKER)


async def contact(update: Update, context: Context) -> None:
    """Says that contact cards are neither needed nor stored."""
    await update.effective_message.reply_text(texts.CONTACT)


async def poll(update: Update, context: Context) -> None:
    """Says that polls cannot be answered."""
    await update.effective_message.reply_text(texts.POLL)


async def unknown_file(update: Update, context: Context) -> None:
    """Says which files the assistant can open."""
    await update.effective_message.reply_text(texts.UNKNOWN_FILE)


async def anything_else(update: Update, context: Context) -> None:
    """Says what the assistant understands (dice, games, stories ...)."""
    await update.effective_message.reply_text(texts.UNKNOWN_MESSAGE)


async def edited(update: Update, context: Context) -> None:
    """Asks for a correction as a new message; a live location moving on is no edit and is ignored."""
    if update.edited_message and not update.edited_message.location:
        await update.edited_message.reply_text(texts.EDITED)


async def group_message(update: Update, context: Context) -> None:
    """Says, at most every ten minutes per group, that the assistant works in private chats only; not in the
    staff group, which gets the daily summary (bot/staff_summary.py) and is where staff talk among themselves."""
    if update.effective_chat and update.effective_chat.id == context.bot_data["settings"].staff_group_chat_id:
        return
    now = time.time()
    if now - context.chat_data.get("group_note_at", 0) < GROUP_NOTE_INTERVAL:
        return
    context.chat_data["group_note_at"] = now
    await update.effective_message.reply_text(texts.GROUP_ONLY_PRIVATE.format(username=context.bot.username))


async def added_to_group(update: Update, context: Context) -> None:
    """Says in a group the bot was added to that it works in private chats only."""
    change = update.my_chat_member
    joined = change.new_chat_member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR)
    if change.chat.type != ChatType.PRIVATE and joined:
        context.chat_data["group_note_at"] = time.time()
        await context.bot.send_message(change.chat.id, texts.GROUP_ONLY_PRIVATE.format(username=context.bot.username))


async def error_handler(update: object, context: Context) -> None:
    """Logs the error with its traceback and tells the citizen that something went wrong."""
    log.error("error while handling an update", exc_info=context.error)
    metrics.HANDLER_ERRORS.inc()
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
        except TelegramError:
            pass
