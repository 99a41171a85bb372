"""The echo bot again, on python-telegram-bot: the library's own ceiling on this machine.

    .venv-app/bin/python -m bench.load.echo_ptb --api http://127.0.0.1:PORT --token 4242:x

A plain Application (long polling, timeout 30 s) with 256 concurrent
updates, as many as the adapter allows (bot/config.py
MAX_CONCURRENT_UPDATES); no persistence, no per-chat ordering, no job
queue. It answers like bench/load/echo.py: a text with the text, a press
with answerCallbackQuery plus "gedrückt: <data>", both with the round's buttons
of the load round.
"""

import argparse
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Weiß ich nicht genau", callback_data="ort"),
                                  InlineKeyboardButton("Ohne Foto", callback_data="ohne"),
                                  InlineKeyboardButton("Absenden", callback_data="absenden")]])


async def text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the text back, with the round's buttons."""
    await update.message.reply_text(update.message.text, reply_markup=KEYBOARD)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the press and says which button it was."""
    query = update.callback_query
    await query.answer()
    await context.bot.send_message(query.message.chat.id, f"gedrückt: {query.data}", reply_markup=KEYBOARD)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    application = (Application.builder().token(args.token).base_url(f"{args.api}/bot")
                   .base_file_url(f"{args.api}/file/bot").concurrent_updates(256).build())
    application.add_handler(MessageHandler(filters.TEXT, text))
    application.add_handler(CallbackQueryHandler(button))
    application.run_polling(allowed_updates=Update.ALL_TYPES, timeout=30)


if __name__ == "__main__":
    main()
