"""/loeschen on the action server's side: its outbox forgets the chat.

Rasa runs this action when it is asked to delete a conversation
(channels/privacy.py, for the Telegram adapter's /loeschen); the outbox
belongs to the action server, so nobody else opens it. Reports still waiting are filed all the same, without
the chat id and without the photo, which the backend deletes in the same /loeschen (the problem in the street
stays real); entries already filed or refused are deleted (actions/outbox.py, `Outbox.forget`). The log line
names no chat.
"""

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import config
from actions.outbox import Outbox

log = logging.getLogger(__name__)


class ActionForgetWaitingReports(Action):
    def name(self) -> Text:
        return "action_forget_waiting_reports"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        touched = Outbox.from_settings(config.load()).forget(tracker.sender_id)
        log.info("outbox forgot a chat (%d entries)", touched)
        return []
