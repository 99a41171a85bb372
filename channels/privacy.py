"""Deleting conversations, inside the Rasa server that owns them.

Rasa 3.6's HTTP API can read and append to a conversation but not delete it,
and its tracker store (SQL by default) has no delete either. So this channel
adds two routes to the Rasa server itself; the Telegram adapter (/loeschen)
and the staff web's retention call them instead of touching Rasa's tables:

    POST /webhooks/privacy/conversations/<sender_id>/delete   -> {"deleted": n, "copy_deleted": bool}
    POST /webhooks/privacy/delete_older_than {"before": unix} -> {"deleted": n, "copy_deleted": bool}

Deleting a conversation first has the action server's outbox forget the chat
(the action `action_forget_waiting_reports`, called the way Rasa calls every
custom action), so a report still waiting is filed without the chat id.
Then the staff web's copy goes: the deletion travels through the conversation
feed (channels/conversation_feed.py) behind every event sent before it; the
answer says whether the backend took it within FEED_WAIT seconds (`"copy_deleted"`;
if not, the feed keeps trying and the copy goes as soon as the backend is back).

Both need the Rasa API token as "Authorization: Bearer …" (compared in constant
time; a token in the URL is refused with 400: URLs end up in logs), the same
one as Rasa's own HTTP API (RASA_API_TOKEN, scripts/rasa_server.py). Registered in credentials.yml.
"""

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import sqlalchemy
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.conversation_feed import feed_of
from common.env import bearer_matches

log = logging.getLogger(__name__)

FEED_WAIT = 10  # seconds the answer waits for the backend to delete its copy
FORGET_ACTION = "action_forget_waiting_reports"  # actions/privacy.py


class PrivacyChannel(InputChannel):
    """No messages come in here: only the deleting routes of the conversation store's owner."""

    @classmethod
    def name(cls) -> Text:
        return "privacy"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PrivacyChannel":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        routes = Blueprint("privacy_webhook", __name__)

        @routes.post("/conversations/<sender_id:str>/delete")
        async def delete_conversation(request: Request, sender_id: Text) -> HTTPResponse:
            if (refused := _refused(request)) is not None:
                return refused
            await _forget_waiting_reports(request, sender_id)
            deleted = await _delete(request, "sender_id = :value", sender_id)
            # `at`: the backend ignores events of the conversation from before it that another instance sends late.
            copy_deleted = await _delete_copy(request, {"event": "conversation_deleted", "sender_id": sender_id,
                                                        "at": time.time()})
            log.info("deleted a conversation (%d events; staff copy deleted: %s)", deleted, copy_deleted)
            return response.json({"deleted": deleted, "copy_deleted": copy_deleted})

        @routes.post("/delete_older_than")
        async def delete_older_than(request: Request) -> HTTPResponse:
            if (refused := _refused(request)) is not None:
                return refused
            try:
                before = float((request.json or {})["before"])
            except (KeyError, TypeError, ValueError):
                return response.json({"error": "'before' (unix time) is missing or not a number"}, status=400)
            deleted = await _delete(request, "timestamp < :value", before)
            copy_deleted = await _delete_copy(request, {"event": "events_deleted_before", "before": before})
            log.info("retention deleted %d events (staff copy deleted: %s)", deleted, copy_deleted)
            return response.json({"deleted": deleted, "copy_deleted": copy_deleted})

        return routes


async def _forget_waiting_reports(request: Request, sender_id: Text) -> None:
    """The outbox belongs to the action server: it forgets the chat when asked through its action protocol."""
    agent = request.app.ctx.agent
    tracker = DialogueStateTracker(sender_id, agent.domain.slots)  # a blank one: the action needs the sender only
    action = RemoteAction(FORGET_ACTION, agent.action_endpoint)
    await action.run(CollectingOutputChannel(), agent.nlg, tracker, agent.domain)


async def _delete_copy(request: Request, marker: Dict[Text, Any]) -> bool:
    """Send the deletion to the staff web's copy behind every earlier event; True once the backend took it."""
    feed = feed_of(request.app.ctx.agent)
    if feed is None:
        return True  # no feed configured: there is no copy
    row_id = await asyncio.to_thread(feed.enqueue, marker)
    return await asyncio.to_thread(feed.wait_sent, row_id, FEED_WAIT)


def _refused(request: Request) -> Optional[HTTPResponse]:
    """400 for a token in the URL, 401 without the right "Authorization: Bearer" header, None when authorised."""
    if "token" in request.args:
        return response.json({"error": "send the token as 'Authorization: Bearer <token>', never in the URL"},
                             status=400)
    if not bearer_matches(request.headers.get("Authorization"), os.environ.get("RASA_API_TOKEN", "")):
        return response.json({"error": "unauthorised"}, status=401)
    return None


async def _delete(request: Request, condition: str, value: Any) -> int:
    """Delete the matching events from the agent's own tracker store (the SQL one; others are refused)."""
    agent = request.app.ctx.agent
    # Rasa wraps its store in a FailSafeTrackerStore, which keeps the real one in `_tracker_store` (Rasa 3.6).
    store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
    engine = getattr(store, "engine", None)
    if engine is None:
        raise RuntimeError(f"deleting is only supported for the SQL tracker store, not {type(store).__name__}")
    return await asyncio.to_thread(_delete_rows, engine, condition, value)


def _delete_rows(engine: sqlalchemy.engine.Engine, condition: str, value: Any) -> int:
    with engine.begin() as connection:
        if not sqlalchemy.inspect(connection).has_table("events"):
            return 0  # nothing was ever stored
        result = connection.execute(sqlalchemy.text(f"DELETE FROM events WHERE {condition}"), {"value": value})
        return result.rowcount
