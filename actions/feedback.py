"""After "erledigt": the citizen confirms or reopens the report, may add a photo or words, and rates the handling.

The status notification of a solved report carries "Ja, behoben" / "Nein, noch nicht" (bot/notifications.py):

    /fix_feedback{"report_id": "12", "fixed": "ja"}   ─▶ thanked ─▶ "Wie zufrieden sind Sie?" 1–5
                                                                    └▶ /rate_report{…"rating": "4"} ─▶ thanks
    /fix_feedback{"report_id": "12", "fixed": "nein"} ─▶ reopened ─▶ remark_form: a photo and/or words, or
                                                                     "Nichts weiter" ─▶ action_add_remark
                                                      ─▶ closed over 30 days ago ─▶ a new report, category and
                                                                     place taken from the old one (report_form)

The backend decides (backend/feedback.py): only the reporter or a supporter may answer; a report that is no
longer "erledigt" has nothing to confirm. Its answers are internal for staff, never public.
"""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.open311 import BackendUnavailable, RequestRejected
from actions.report import PIN, REPORT_SLOTS, UNKNOWN, client, entity, is_payload

log = logging.getLogger(__name__)

NOTHING = "-"  # "Nichts weiter": the form's slot is answered, with nothing to send
REMARK_SLOTS = ("remark_report", "remark_kind", "remark", "remark_photo")
NOT_A_REMARK = {"cancel", "emergency", "other_language", "delete_my_data"}  # rules answer these


def _digits(value: Any) -> Optional[str]:
    digits = "".join(c for c in str(value or "") if c.isdigit())
    return digits[:12] or None


async def _ask_backend(dispatcher: CollectingDispatcher, call) -> Optional[Any]:
    """`call(open311)`'s answer ({} when it has none), or None after telling the citizen why it did not work."""
    async with client() as open311:
        try:
            return await call(open311) or {}
        except BackendUnavailable:
            dispatcher.utter_message(response="utter_feedback_unavailable")
        except RequestRejected as rejected:
            dispatcher.utter_message(response="utter_feedback_rejected", reason=rejected.description)
    return None


# Each title says its meaning: a screen reader reading "4" alone leaves the citizen guessing the scale.
RATING_TITLES = ("1 – gar nicht", "2 – wenig", "3 – mittel", "4 – gut", "5 – sehr")


def rating_buttons(number: str, feedback_id: Any) -> List[Dict[str, str]]:
    return [{"title": RATING_TITLES[r - 1], "payload": f'/rate_report{{"report_id": "{number}", "feedback_id": "{feedback_id}", '
                                        f'"rating": "{r}"}}'} for r in range(1, 6)]


class ActionFixFeedback(Action):
    """ "Ja, behoben" or "Nein, noch nicht" to a solved report's notification."""

    def name(self) -> Text:
        return "action_fix_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        number, fixed = _digits(entity(tracker, "report_id")), entity(tracker, "fixed")
        if not number or fixed not in ("ja", "nein"):
            dispatcher.utter_message(response="utter_feedback_unclear")
            return []
        result = await _ask_backend(dispatcher, lambda open311: open311.feedback(number, tracker.sender_id,
                                                                                   fixed == "ja"))
        if result is None:
            return []
        outcome = result.get("outcome")
        if outcome == "thanked":
            dispatcher.utter_message(response="utter_fix_thanks", number=number,
                                     buttons=rating_buttons(number, result.get("feedback_id")))
            return []
        if outcome == "reopened":
            dispatcher.utter_message(response="utter_fix_reopened", number=number)
            return start_remark(number, "reopened")
        if outcome == "too_late":
            return self.new_report(dispatcher, tracker, number, result)
        response = "utter_fix_already_reopened" if outcome == "already_reopened" else "utter_fix_not_solved"
        dispatcher.utter_message(response=response, number=number)
        return []

    @staticmethod
    def new_report(dispatcher: CollectingDispatcher, tracker: Tracker, number: str, old: dict) -> List[EventType]:
        """Closed too long ago to reopen: a new report with the old one's category and place; the form asks
        for photo and description."""
        dispatcher.utter_message(response="utter_fix_too_late", number=number)
        if not tracker.get_slot("privacy_noted"):
            dispatcher.utter_message(response="utter_privacy_note")
        lat, long = old.get("lat"), old.get("long")
        place = old.get("address") or (f"wie Meldung Nr. {number}" if lat is not None else None)
        slots: Dict[Text, Any] = {name: None for name in REPORT_SLOTS}
        slots.update(privacy_noted=True, category=old.get("service_code"), place=place, latitude=lat, longitude=long,
                     place_check=(PIN if lat is not None else UNKNOWN) if place else None)
        return [*(SlotSet(name, value) for name, value in slots.items()), FollowupAction("report_form")]


def start_remark(number: str, kind: str) -> List[EventType]:
    """The remark form for report `number`: after reopening ("reopened") or from "Meine Meldungen" ("more")."""
    return [SlotSet("remark_report", number), SlotSet("remark_kind", kind), SlotSet("remark", None),
            SlotSet("remark_photo", None), FollowupAction("remark_form")]


class ActionStartRemark(Action):
    """ "Foto oder Hinweis zu Nr. N" from "Meine Meldungen": the remark form for that open report."""

    def name(self) -> Text:
        return "action_start_remark"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        number = _digits(entity(tracker, "report_id"))
        if not number:
            dispatcher.utter_message(response="utter_feedback_unclear")
            return []
        return start_remark(number, "more")


class ValidateRemarkForm(FormValidationAction):
    """A photo and/or words after "Nein, noch nicht"; a caption comes as words first, then its photo."""

    def name(self) -> Text:
        return "validate_remark_form"

    async def extract_remark(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        text = (tracker.latest_message.get("text") or "").strip()
        if tracker.get_slot("requested_slot") not in ("remark", "remark_photo") or intent in NOT_A_REMARK:
            return {}
        if intent == "deny" or text == "/deny":
            return {"remark": tracker.get_slot("remark") or NOTHING}
        if text and not is_payload(text) and not tracker.get_slot("remark"):
            return {"remark": text[:4000]}
        return {}

    async def extract_remark_photo(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        if tracker.get_slot("requested_slot") not in ("remark", "remark_photo") or intent in NOT_A_REMARK:
            return {}
        if entity(tracker, "media_url"):
            return {"remark_photo": entity(tracker, "media_url")}
        if intent == "deny":
            return {"remark_photo": tracker.get_slot("remark_photo") or NOTHING}
        return {}


class ActionAddRemark(Action):
    """Sends what the citizen added after reopening to the report, for staff."""

    def name(self) -> Text:
        return "action_add_remark"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        number = tracker.get_slot("remark_report")
        remark, photo = tracker.get_slot("remark"), tracker.get_slot("remark_photo")
        remark = "" if remark in (None, NOTHING) else remark
        photo = None if photo in (None, NOTHING) else photo
        reset = [SlotSet(name, None) for name in REMARK_SLOTS]
        if not number or (not remark and not photo):
            dispatcher.utter_message(response="utter_remark_none")
            return reset
        async with client() as open311:
            try:
                await open311.add_remark(number, tracker.sender_id, remark, photo)
            except BackendUnavailable as error:
                log.warning("remark for report %s not added: %r", number, error)
                dispatcher.utter_message(response="utter_remark_failed", number=number)
                return reset
            except RequestRejected as rejected:  # closed meanwhile, or not the citizen's report
                dispatcher.utter_message(response="utter_feedback_rejected", reason=rejected.description)
                return reset
        dispatcher.utter_message(response="utter_remark_added", number=number)
        return reset


class ActionRateReport(Action):
    """1–5 after "Ja, behoben"."""

    def name(self) -> Text:
        return "action_rate_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        number, feedback_id = _digits(entity(tracker, "report_id")), _digits(entity(tracker, "feedback_id"))
        rating = str(entity(tracker, "rating") or "")
        if not number or not feedback_id or rating not in ("1", "2", "3", "4", "5"):
            dispatcher.utter_message(response="utter_feedback_unclear")
            return []
        if await _ask_backend(dispatcher, lambda open311: open311.rate(number, tracker.sender_id, feedback_id,
                                                                       rating)) is None:
            return []
        dispatcher.utter_message(response="utter_rating_thanks")
        return []
