"""Known issues in the report form: what the city already knows where the citizen reports.

Once category, place and lamp are settled (actions/report.py), the backend is asked (backend/incidents.py):
an open incident there (a lamp fault the operator sent, road works until a date), or an open report naming
the same lamp. Then the form asks (slot `incident`):

    "Das ist bekannt: Lampe 0816: Leuchtmittel defekt, Stand 06.12.2026."
        "Benachrichtigen, wenn behoben" ─▶ incident = watch: the form ends; action_review_report makes the
                                           citizen wait for the incident, or a supporter of the report
        "Trotzdem melden"               ─▶ incident = report: photo, description, summary as always

A case staff cleared up is told as done ("Das ist schon erledigt: …"): "Gut, danke" ends the report (incident =
watch, nothing to wait for), "Ist es nicht: melden" goes on with it.

Nothing known, no exact point, or the backend cannot be asked: incident = none, nothing is said. Waiting that
fails (backend down, the incident closed meanwhile) says so and goes on with the report: nothing is lost.
"""

import logging
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import config
from actions.clients.incidents import IncidentClient, IncidentsUnavailable
from actions.clients.open311 import BackendUnavailable, Open311Client, RequestRejected

log = logging.getLogger(__name__)

NONE, WATCH, REPORT = "none", "watch", "report"  # values of the slot `incident`
WATCH_WORDS = ("benachrichtig", "bescheid", "informier")
REPORT_WORDS = ("trotzdem", "neu melden", "doch melden", "ist es nicht", "nicht erledigt")
BUTTONS = [{"title": "Benachrichtigen, wenn behoben", "payload": "/affirm"},
           {"title": "Trotzdem melden", "payload": "/deny"},
           {"title": "Abbrechen", "payload": "/cancel"}]
CLEARED_BUTTONS = [{"title": "Gut, danke", "payload": "/affirm"},
                   {"title": "Ist es nicht: melden", "payload": "/deny"}]
UNSETTLED_PLACES = ("unknown", "approximate", "unchecked")  # no point, or one for a whole street


def _day(timestamp: Optional[str]) -> str:
    try:
        return datetime.fromisoformat((timestamp or "").replace("Z", "+00:00")).strftime("%d.%m.%Y")
    except ValueError:
        return "–"


def issue_of(body: Dict[str, Any], lamp: Optional[str]) -> Optional[Dict[str, Any]]:
    """The one known issue to tell: an incident (the same lamp first, then the nearest), else the oldest open
    report of the lamp; None when nothing is known."""
    incidents = [i for i in body.get("incidents") or [] if isinstance(i, dict) and i.get("id") is not None]
    if incidents:
        first = incidents[0]
        return {"kind": "cleared" if first.get("cleared") else "incident", "id": first["id"],
                "description": str(first.get("description") or "")[:500], "date": _day(first.get("updated"))}
    reports = [r for r in body.get("reports") or [] if isinstance(r, dict) and r.get("service_request_id")]
    if reports and lamp:
        first = reports[0]
        return {"kind": "report", "number": str(first["service_request_id"]), "lamp": lamp,
                "description": f"Lampe {lamp} ist schon gemeldet (Nr. {first['service_request_id']})",
                "date": _day(first.get("requested_datetime"))}
    return None


async def decision(tracker: Tracker, lamp_unknown: str) -> Dict[Text, Any]:
    """{} while undecided or already decided; {"incident": NONE} when there is nothing to tell; else the
    `known_issue` to tell (the form then asks for `incident`)."""
    if tracker.get_slot("incident") is not None or tracker.get_slot("known_issue") is not None:
        return {}
    category, checked, lamp = (tracker.get_slot(name) for name in ("category", "place_check", "lamp"))
    if category is None or checked is None or lamp is None:
        return {}
    latitude, longitude = tracker.get_slot("latitude"), tracker.get_slot("longitude")
    if latitude is None or longitude is None or checked in UNSETTLED_PLACES:
        return {"incident": NONE}
    named = lamp if lamp != lamp_unknown else None
    try:
        async with IncidentClient.from_settings(config.load()) as backend:
            issue = issue_of(await backend.known(category, latitude, longitude, named), named)
    except IncidentsUnavailable as error:
        log.info("known incidents not asked: %s", error)  # a courtesy: the report goes on
        return {"incident": NONE}
    return {"known_issue": issue} if issue else {"incident": NONE}


def answer(tracker: Tracker, not_an_answer: set) -> Dict[Text, Any]:
    """The answer to "Das ist bekannt …": watch, report, or asked again; {} for what the rules answer."""
    if tracker.get_slot("requested_slot") != "incident":
        return {}
    intent = tracker.latest_message.get("intent", {}).get("name")
    text = (tracker.latest_message.get("text") or "").lower()
    if any(word in text for word in REPORT_WORDS) or intent == "deny":
        return {"incident": REPORT}
    if any(word in text for word in WATCH_WORDS) or intent == "affirm":
        return {"incident": WATCH}
    if intent in not_an_answer and intent != "nlu_fallback":
        return {}  # cancel, an emergency, a question: the rules answer
    return {"incident": None}  # asked again


class ActionAskIncident(Action):
    """ "Das ist bekannt: …, Stand …": notify when fixed, or report anyway."""

    def name(self) -> Text:
        return "action_ask_incident"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        issue = tracker.get_slot("known_issue") or {}
        cleared = issue.get("kind") == "cleared"
        dispatcher.utter_message(response="utter_ask_incident_cleared" if cleared else "utter_ask_incident",
                                 description=issue.get("description", ""), date=issue.get("date", "–"),
                                 buttons=CLEARED_BUTTONS if cleared else BUTTONS)
        return []


async def wait_for_fix(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The citizen waits for the known issue instead of filing: events that end the report, or None when it
    failed (said so; the caller goes on with the report)."""
    issue = tracker.get_slot("known_issue") or {}
    if issue.get("kind") == "cleared":
        dispatcher.utter_message(response="utter_incident_cleared_thanks")
        return []
    try:
        if issue.get("kind") == "report":
            async with Open311Client.from_settings(config.load()) as open311:
                support = await open311.support(issue["number"], account_id=tracker.sender_id)
            # A supporter hears of every state change of the report (backend/notifications.py).
            dispatcher.utter_message(response="utter_report_supported", number=issue["number"], people=support.people)
            return []
        async with IncidentClient.from_settings(config.load()) as backend:
            await backend.watch(issue["id"], tracker.sender_id)
        dispatcher.utter_message(response="utter_incident_watching")
        return []
    except (KeyError, IncidentsUnavailable, BackendUnavailable, RequestRejected) as error:
        log.warning("waiting for a known issue failed: %r", error)
        dispatcher.utter_message(response="utter_incident_watch_failed")
        return None


def go_on_reporting() -> List[EventType]:
    """Back into the form for photo and description, as after "Trotzdem melden"."""
    return [SlotSet("incident", REPORT), SlotSet("report_step", None), FollowupAction("report_form")]
