"""The staff group's daily summary of overdue reports (issue 16): numbers, categories and how long they wait,
each with a link to the report in the staff web; never a citizen's text or chat.

The city sets STAFF_GROUP_CHAT_ID (the group the bot is a member of) and STAFF_SUMMARY_TIME (Berlin time);
the backend decides what is overdue (backend/reminders.py, the limits staff set under "Fristen"). A day
without overdue reports sends nothing. When the backend cannot be asked, the summary waits for the next day
(logged): it is a reminder, the staff web lists the same reports at any time.
"""

import logging
from typing import List

from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import render

log = logging.getLogger(__name__)

MAX_LINES = 30


def summary_text(reports: List[dict], staff_web_url: str) -> str:
    lines = [f"Überfällige Meldungen: {len(reports)}"]
    for report in reports[:MAX_LINES]:
        lines.append(f"• Nr. {report['service_request_id']} {report['category']}: {report['state_label']} seit "
                     f"{report['days']} Tagen (Frist {report['limit_days']}) "
                     f"{staff_web_url}/staff/reports/{report['service_request_id']}")
    if len(reports) > MAX_LINES:
        lines.append(f"… und {len(reports) - MAX_LINES} weitere: {staff_web_url}/staff/reports?ueberfaellig=ja")
    return "\n".join(lines)


async def send_overdue_summary(context: ContextTypes.DEFAULT_TYPE) -> None:
    settings, backend = context.bot_data["settings"], context.bot_data["backend"]
    try:
        reports = (await backend.overdue())["reports"]
    except Exception as error:  # the backend is down: the staff web shows the same list
        log.warning("overdue summary not sent, the backend did not answer: %r", error)
        return
    if not reports:
        return
    try:
        await render.send_text(context.bot, settings.staff_group_chat_id,
                               summary_text(reports, settings.staff_web_url))
    except TelegramError as error:
        log.warning("overdue summary not sent to the staff group: %r", error)
