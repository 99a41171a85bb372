"""Answers for citizens who write in another language than German.

The NLU names the language of every message (nlu/language.py; the parse
carries it as "language"). The texts are fixed responses in domain.yml,
never machine-translated:

- an emergency gets the German notice first (a plain response that Rasa
  sends even when this server is down), then this action adds the same
  notice in the citizen's language;
- any other message in another language gets a short answer in it: the
  assistant understands German only, what it can do, the H35's number.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

# Languages with their own texts in domain.yml (utter_emergency_<code>, utter_german_only_<code>).
TRANSLATED = ("en", "uk", "ru", "ar", "tr", "pl")
# A language without texts of its own gets the English one.
FALLBACK = "en"


def language_of(tracker: Tracker) -> str:
    """The language the NLU found in the latest message ("de" when it said nothing)."""
    return tracker.latest_message.get("language") or "de"


class ActionEmergencyInLanguage(Action):
    """After the German emergency notice: the same notice in the citizen's language."""

    def name(self) -> Text:
        return "action_emergency_in_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        if language != "de":
            dispatcher.utter_message(response=f"utter_emergency_{language if language in TRANSLATED else FALLBACK}")
        return []


class ActionAnswerOtherLanguage(Action):
    """A message in another language: German only, what the assistant does, whom to call."""

    def name(self) -> Text:
        return "action_answer_other_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        dispatcher.utter_message(response=f"utter_german_only_{language if language in TRANSLATED else FALLBACK}")
        return []
