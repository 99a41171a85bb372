"""Actions in-process, as Rasa's demos test them: a Tracker from tracker JSON, a CollectingDispatcher, the domain.

`tracker(text, intent, ...)` is the conversation of trackers/new_conversation.json with the citizen's
latest message replaced; `run(action, tracker)` answers (events, messages) as the action server would
send them to Rasa.
"""

import asyncio
import copy
import json
from pathlib import Path

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[3]
NEW_CONVERSATION = json.loads((Path(__file__).parent / "trackers" / "new_conversation.json").read_text())
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(text: str, intent: str, confidence: float = 0.9, entities=(), ranking=None, **slots) -> Tracker:
    """The new conversation with `text` as the latest message; `entities` as (name, value) pairs."""
    state = copy.deepcopy(NEW_CONVERSATION)
    message = {"text": text, "intent": {"name": intent, "confidence": confidence},
               "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
               "entities": [{"entity": name, "value": value} for name, value in entities]}
    state["latest_message"].update(message)
    state["events"].append({"event": "user", "timestamp": state["latest_event_time"] + 1, "text": text,
                            "parse_data": message})
    state["slots"].update(slots)
    return Tracker.from_dict(state)


def run(action: Action, tracker: Tracker) -> tuple:
    """(events, messages) of one run of `action`."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages
