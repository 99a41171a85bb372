"""Asking back when the NLU is unsure, instead of guessing.

Triggered by the `nlu_fallback` rule and as the core fallback: offers the two or three likeliest
meanings of the citizen's message as buttons. Each button carries the
entities already understood, so pressing it loses nothing of what was said.
"""

import json
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.easy import easy

# Meanings worth offering, with their button titles; small talk is not offered.
CHOICES = {
    "report_issue": "Mangel melden",
    "ask_service": "Frage zu einer Leistung",
    "check_report_status": "Stand meiner Meldung",
    "delete_my_data": "Meine Daten",
    "help": "Was kann der Stadtbot?",
    "cancel": "Abbrechen",
}
DEFAULT_CHOICES = ["report_issue", "ask_service"]
MIN_CONFIDENCE = 0.05
MAX_CHOICES = 3
# An emergency among the likely meanings must never wait behind a question.
EMERGENCY_CONFIDENCE = 0.1


class ActionClarify(Action):
    def name(self) -> Text:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message
        ranking = message.get("intent_ranking") or []
        if any(r["name"] == "emergency" and r["confidence"] >= EMERGENCY_CONFIDENCE for r in ranking):
            dispatcher.utter_message(response="utter_emergency")
        intents = likeliest_choices(ranking)
        entities = {e["entity"]: e["value"] for e in message.get("entities") or []}
        titles = " oder ".join(CHOICES[i] for i in intents)
        question = (f"Ich habe Sie nicht sicher verstanden.\nMeinen Sie: {titles}?\nBitte tippen Sie darauf."
                    if easy(tracker) else f"Ich bin nicht sicher, was Sie meinen.\nMeinten Sie: {titles}?")
        dispatcher.utter_message(
            text=question,
            buttons=[{"title": CHOICES[i], "payload": payload(i, entities)} for i in intents],
        )
        if message.get("intent", {}).get("name") != "nlu_fallback":
            # Core fallback (no next step known): forget the message, as Rasa's own fallback does,
            # so the assistant waits for the citizen instead of asking again.
            return [UserUtteranceReverted()]
        return []


def likeliest_choices(ranking: List[Dict]) -> List[str]:
    """The likeliest offerable intents, filled up with the assistant's two main tasks."""
    intents = [r["name"] for r in ranking if r["name"] in CHOICES and r["confidence"] >= MIN_CONFIDENCE]
    for default in DEFAULT_CHOICES:
        if len(intents) >= 2:
            break
        if default not in intents:
            intents.append(default)
    return intents[:MAX_CHOICES]


def payload(intent: str, entities: Dict[str, Any]) -> str:
    """A Rasa intent payload such as /report_issue{"category":"tree"}."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}" if entities else f"/{intent}"
