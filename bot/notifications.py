"""Status changes reach the citizen: a JobQueue job polls the backend and sends what is new.

The backend keeps a notification for each status change of a report
(account_id = the Rasa sender id = the chat id; the German text is ready to
send) until the adapter acknowledges it, so nothing is lost while the
adapter is down: it sends the backlog when it comes back. A chat that
blocked the bot or no longer exists is acknowledged too (logged), there is
nobody to tell. Notifications of other channels (an account_id that is not
a Telegram chat id) are left for them. Delivery is at least once: if the
acknowledgement fails, the message is sent again next time.

A solved report's notification asks "Ist der Mangel damit behoben?" with "Ja, behoben" / "Nein, noch nicht":
their payloads go to Rasa like any button (actions/feedback.py answers them).

A text over Telegram's 4,096 characters (a staff note may have 4,000, plus
the header) goes as several messages in order (render.send_text), the
"Meine Meldungen" button under the last; the notification counts as
delivered only when its last part was sent. A network error after the
first part means the whole text is sent again next round.
"""

import json
import logging
import re
from typing import List, Tuple

from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import render, texts

log = logging.getLogger(__name__)

CHAT_ID = re.compile(r"^[1-9][0-9]{0,19}$")  # private chats have positive ids


def message_of(notification: dict) -> Tuple[str, List[dict]]:
    """The text and buttons for one notification: a solved report asks whether it really is fixed."""
    buttons = [{"title": texts.MY_REPORTS_BUTTON, "payload": "/check_report_status"}]
    if notification.get("state_code") != "solved":
        return notification["text"], buttons
    number = json.dumps(str(notification["service_request_id"]))
    answers = [{"title": title, "payload": f'/fix_feedback{{"report_id": {number}, "fixed": "{fixed}"}}'}
               for title, fixed in ((texts.FIXED_YES_BUTTON, "ja"), (texts.FIXED_NO_BUTTON, "nein"))]
    return f"{notification['text']}\n\n{texts.FIXED_QUESTION}", answers + buttons


async def deliver_notifications(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the citizens the status changes of their reports, then acknowledges them to the backend."""
    backend = context.bot_data["backend"]
    after = context.bot_data.get("notifications_after", 0)
    try:
        pending = await backend.notifications(after)
    except Exception as error:  # the backend is down or restarting: try again at the next interval
        if not context.bot_data.get("notifications_failing"):
            log.warning("notifications not fetched (will keep trying): %r", error)
        context.bot_data["notifications_failing"] = True
        return
    context.bot_data["notifications_failing"] = False
    delivered = []
    for notification in pending:
        account = notification["account_id"]
        if not CHAT_ID.match(account):
            after = notification["id"]
            continue
        chat_id = int(account)
        text, buttons = message_of(notification)
        markup = render.inline_keyboard(buttons, render.Buttons(context.application.chat_data[chat_id]))
        try:
            await render.send_text(context.bot, chat_id, text, reply_markup=markup)
        except (Forbidden, BadRequest) as gone:
            log.info("notification %s for a chat that is gone: %s", notification["id"], gone)
        except TelegramError as error:  # network, flood control: the rest waits for the next round
            log.warning("notification %s not sent: %r", notification["id"], error)
            break
        delivered.append(notification["id"])
        after = notification["id"]
    context.bot_data["notifications_after"] = after
    if delivered:
        try:
            await backend.acknowledge(delivered)
        except Exception as error:
            log.warning("notifications %s sent but not acknowledged: %r", delivered, error)
            context.bot_data["notifications_after"] = min(delivered) - 1
