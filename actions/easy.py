"""Easy language ("Leichte Sprache", issue 18, item 4): /einfach switches it on and off, /normal off.

The Telegram adapter sends /einfach as `/easy_language` (a switch) and /normal as
`/easy_language{"language_level": "normal"}`. The slot `easy_language` picks the easy variation of the main
flows' responses in domain.yml (Rasa's conditional response variations); texts the actions build themselves
ask `easy(tracker)`. The switch keeps a report in progress: the form asks its question again, now in the
chosen language (nlu/rules/easy_language.yml).
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

SLOT = "easy_language"
LEVELS = {"easy": True, "normal": False}


def easy(tracker: Tracker) -> bool:
    """Whether the citizen asked for easy language."""
    return bool(tracker.get_slot(SLOT))


class ActionSwitchLanguageLevel(Action):
    """/einfach: easy language on (or off again); /normal: off. Says which language it writes now."""

    def name(self) -> Text:
        return "action_switch_language_level"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        level = next(tracker.get_latest_entity_values("language_level"), None)
        on = LEVELS[level] if level in LEVELS else not easy(tracker)
        dispatcher.utter_message(response="utter_easy_on" if on else "utter_easy_off")
        return [SlotSet(SLOT, on)]
