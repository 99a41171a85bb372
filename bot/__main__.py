"""`python -m bot`: the Telegram adapter of Stadtbot Gera.

Long polling by default; webhook mode when TELEGRAM_WEBHOOK_URL is set (see
bot/web.py). `main()` registers every handler; the callbacks are in
bot/handlers.py, the notification job in bot/notifications.py.

    inbox     every update is written to data/inbox.db before Telegram counts it as delivered, and
              deleted when processed; what a killed adapter left is replayed at the next start
    group -2  every update: a repeated update id is dropped
    group -1  private chats: a flood is answered once and dropped
    group  0  group chats → "private chats only"; edited messages; commands;
              text, locations, photos → the assistant; everything else → a German answer;
              buttons → the assistant / "Ist das der Ort?" / /loeschen / "Nochmal senden"
    job       every 2 s: status changes from the backend → the citizens' chats
    job       every minute: the inbox's write-ahead log is emptied (no old copies of processed messages)
"""

import asyncio
import contextlib
import logging
import signal
import sys
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, MessageHandler,
                          TypeHandler, filters)

from bot import config, handlers, metrics, texts
from bot.backend import Backend
from bot.chat_state import ChatStateFile
from bot.guards import ChatOrderedProcessor, RateLimit, SeenUpdates, TolerantUpdates, readable
from bot.inbox import Inbox
from bot.notifications import deliver_notifications
from bot.staff_summary import send_overdue_summary
from bot.rasa import Rasa
from bot.web import server

log = logging.getLogger("bot")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("httpx", "apscheduler"):  # one line per Bot API call or job run otherwise
        logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        settings = config.load()
    except config.ConfigError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2)

    inbox = Inbox(settings.inbox_path, config.INBOX_MAX_AGE)
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .request(metrics.CountedRequest(connection_pool_size=config.MAX_CONCURRENT_UPDATES))  # PTB's default size
        .get_updates_request(TolerantUpdates(connection_pool_size=1, inbox=inbox))
        .concurrent_updates(ChatOrderedProcessor(config.MAX_CONCURRENT_UPDATES, inbox=inbox))
        .persistence(ChatStateFile(settings.persistence_path))  # written by `write_chat_state`
    )
    if settings.webhook_mode:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data.update(
        settings=settings,
        rasa=Rasa(settings.rasa_url, config.RASA_TIMEOUT),
        backend=Backend(settings.backend_url, lambda: settings.api_key, config.BACKEND_TIMEOUT),
        seen=SeenUpdates(),
        rate=RateLimit(config.RATE_BURST, config.RATE_PER_SECOND),
        inbox=inbox,
    )
    add_handlers(application)
    application.job_queue.run_repeating(deliver_notifications, interval=config.NOTIFICATION_INTERVAL, first=1)
    application.job_queue.run_repeating(tidy_inbox, interval=config.INBOX_TIDY_INTERVAL)
    application.job_queue.run_repeating(write_chat_state, interval=config.PERSISTENCE_INTERVAL)
    if settings.staff_group_chat_id is not None:
        application.job_queue.run_daily(send_overdue_summary,
                                        time=settings.staff_summary_time.replace(tzinfo=ZoneInfo("Europe/Berlin")))

    try:
        asyncio.run(run(application, settings))
    finally:
        inbox.close()


def add_handlers(application: Application) -> None:
    """Every handler, in the order of the module docstring (the tests register them so too)."""
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, handlers.drop_duplicates), group=-2)
    application.add_handler(TypeHandler(Update, handlers.limit_rate), group=-1)
    application.add_handler(MessageHandler(filters.ChatType.GROUPS, handlers.group_message))
    application.add_handler(ChatMemberHandler(handlers.added_to_group, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(private & filters.UpdateType.EDITED, handlers.edited))
    application.add_handler(CommandHandler("start", handlers.start, private))
    application.add_handler(CommandHandler(["hilfe", "help"], handlers.help_command, private))
    application.add_handler(CommandHandler(["abbrechen", "cancel"], handlers.cancel, private))
    application.add_handler(CommandHandler("meine_meldungen", handlers.my_reports, private))
    application.add_handler(CommandHandler("datenschutz", handlers.privacy_notice, private))
    application.add_handler(CommandHandler("loeschen", handlers.delete_request, private))
    application.add_handler(CommandHandler("einfach", handlers.easy_language, private))
    application.add_handler(CommandHandler("normal", handlers.normal_language, private))
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.text))
    application.add_handler(MessageHandler(private & filters.LOCATION, handlers.location))
    application.add_handler(MessageHandler(private & filters.PHOTO, handlers.photo))
    application.add_handler(MessageHandler(private & (filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE), handlers.voice))
    application.add_handler(MessageHandler(private & (filters.VIDEO | filters.ANIMATION), handlers.video))
    application.add_handler(MessageHandler(private & filters.Document.IMAGE, handlers.image_document))
    application.add_handler(MessageHandler(private & filters.Document.ALL, handlers.unknown_file))
    application.add_handler(MessageHandler(private & filters.Sticker.ALL, handlers.sticker))
    application.add_handler(MessageHandler(private & filters.CONTACT, handlers.contact))
    application.add_handler(MessageHandler(private & filters.POLL, handlers.poll))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, handlers.anything_else))
    application.add_handler(CallbackQueryHandler(handlers.button, pattern=r"^b:"))
    application.add_handler(CallbackQueryHandler(handlers.photo_place, pattern=r"^ort:"))
    application.add_handler(CallbackQueryHandler(handlers.delete_answer, pattern=r"^loeschen:"))
    application.add_handler(CallbackQueryHandler(handlers.retry, pattern=rf"^{handlers.RETRY}$"))
    application.add_handler(CallbackQueryHandler(handlers.stale_button))
    application.add_error_handler(handlers.error_handler)


async def write_chat_state(context: handlers.Context) -> None:
    """Writes the chats' state file when a chat changed or left (bot/chat_state.py); PTB writes it once more when
    the adapter stops."""
    await context.application.persistence.write_if_changed()


async def tidy_inbox(context: handlers.Context) -> None:
    """Empties the inbox's write-ahead log, where copies of processed messages would otherwise linger."""
    context.bot_data["inbox"].tidy()


def replay(application: Application) -> None:
    """Queue what the inbox kept from before the start (a kill or a stop), oldest first, before any new update."""
    inbox: Inbox = application.bot_data["inbox"]
    dropped = inbox.drop_old()
    if dropped:
        log.warning("%d Nachrichten aus der Zeit vor dem Neustart sind älter als %.0f h und werden nicht mehr "
                    "beantwortet", dropped, config.INBOX_MAX_AGE / 3600)
    left = inbox.replay()
    if left:
        log.info("%d Nachrichten aus der Zeit vor dem Neustart werden nachgeholt", len(left))
    for data in left:
        application.update_queue.put_nowait(Update.de_json(readable(data), application.bot))


async def run(application: Application, settings: config.Settings) -> None:
    """Serve /health (and the webhook), reach the Bot API, take updates until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signal_number, stop.set)
    replay(application)  # before the webhook takes new updates: a chat's older messages come first
    web = server(application, settings)
    serving = asyncio.create_task(web.serve())
    try:
        if not await connect(application, stop):
            return
        try:
            await application.bot.set_my_commands(texts.COMMANDS)
            if settings.webhook_mode:
                await application.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                                  allowed_updates=Update.ALL_TYPES)
            else:
                await application.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=30)
            await application.start()
            application.bot_data["ready"] = True
            log.info("Telegram-Anschluss bereit als @%s (%s)", application.bot.username,
                     "Webhook " + settings.webhook_url if settings.webhook_mode else "Polling")
            await asyncio.wait([asyncio.ensure_future(stop.wait()), serving], return_when=asyncio.FIRST_COMPLETED)
            application.bot_data["ready"] = False
            if application.updater and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
        finally:
            await application.shutdown()
            await application.bot_data["rasa"].close()
            await application.bot_data["backend"].close()
    finally:
        web.should_exit = True
        await serving


async def connect(application: Application, stop: asyncio.Event) -> bool:
    """Initialize (getMe), retrying while the Bot API is unreachable; False when stopped meanwhile."""
    delay = 1.0
    while not stop.is_set():
        try:
            await application.initialize()
            return True
        except InvalidToken:
            log.error("Telegram lehnt TELEGRAM_BOT_TOKEN ab: bitte den Token bei @BotFather prüfen.")
            raise SystemExit(2)
        except (NetworkError, TelegramError) as error:
            log.warning("Bot API nicht erreichbar (%s); neuer Versuch in %.0f s", error, delay)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, 60.0)
    return False


if __name__ == "__main__":
    main()
