"""The citizen's own reports: "Was ist mit meiner Meldung 4711?", "meine Meldungen".

Only the citizen's own reports are shown (the backend filters by account);
another citizen's number gives no details. Reports still waiting in the
outbox are listed too, and a report the outbox has delivered since the last
conversation is announced with its number.
"""

from typing import Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.categories import category_name
from actions.clients.open311 import BackendUnavailable, RequestRejected
from actions.outbox import Outbox
from actions.report import client, entity, settings

MAX_LISTED = 5
MAX_ADD_BUTTONS = 3


def announce_delivered(dispatcher: CollectingDispatcher, sender_id: str) -> None:
    """Tell the citizen the numbers of reports the outbox filed after the city's server came back."""
    outbox = Outbox.from_settings(settings())
    for entry in outbox.unannounced(sender_id):
        if entry.service_request_id:
            dispatcher.utter_message(response="utter_report_delivered_later", number=entry.service_request_id)
        elif entry.failed_reason:
            dispatcher.utter_message(response="utter_report_rejected", reason=entry.failed_reason)
        outbox.mark_announced(entry.idempotency_key)


def citizen_note(report) -> str:
    """The newest note written for the citizen; the keyed view also holds staff notes for colleagues only."""
    told = [n.note for n in report.notes if n.for_citizen and n.note]
    return told[-1] if told else (report.status_notes or "")


class ActionReportStatus(Action):
    def name(self) -> Text:
        return "action_report_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        announce_delivered(dispatcher, tracker.sender_id)
        number = entity(tracker, "report_id")
        digits = "".join(c for c in str(number) if c.isdigit()) if number else None
        async with client() as open311:
            try:
                reports = await open311.my_requests(tracker.sender_id)
            except (BackendUnavailable, RequestRejected):
                dispatcher.utter_message(response="utter_status_unavailable")
                return []
            if digits:
                await self.one(dispatcher, open311, reports, digits)
            else:
                await self.overview(dispatcher, open311, reports, tracker.sender_id)
        return []

    async def one(self, dispatcher, open311, reports, number: str) -> None:
        report = next((r for r in reports if r.service_request_id == number), None)
        if report is None:
            dispatcher.utter_message(response="utter_status_not_found", number=number)
            return
        note = citizen_note(report)
        dispatcher.utter_message(
            response="utter_status_one",
            number=number,
            category=await category_name(open311, report.service_code),
            state=report.state,
            note=f"\nHinweis der Stadt: {note}" if note else "",
        )

    async def overview(self, dispatcher, open311, reports, sender_id: str) -> None:
        waiting = Outbox.from_settings(settings()).pending_for(sender_id)
        if not reports and not waiting:
            dispatcher.utter_message(response="utter_status_none")
            return
        lines = [f"Nr. {r.service_request_id}: {await category_name(open311, r.service_code)} – {r.state}"
                 for r in reports[:MAX_LISTED]]
        lines += ["Eine Meldung ist noch auf dem Weg zur Stadt." for _ in waiting]
        # An open report can get a photo or a few words later (actions/feedback.py, remark_form).
        more = [{"title": f"Foto oder Hinweis zu Nr. {r.service_request_id}",
                 "payload": f'/add_photo{{"report_id": "{r.service_request_id}"}}'}
                for r in reports[:MAX_LISTED] if r.status == "open"][:MAX_ADD_BUTTONS]
        dispatcher.utter_message(response="utter_status_list", reports="\n".join(lines), buttons=more)
