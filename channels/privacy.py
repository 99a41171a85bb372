"""Deleting conversations, inside the Rasa server that owns them.

Rasa 3.6's HTTP API can read and append to a conversation but not delete it,
and its tracker store (SQL by default) has no delete either. So this channel
adds two routes to the Rasa server itself; the Telegram adapter (/loeschen)
and the staff web's retention call them instead of touching Rasa's tables:

    POST /webhooks/privacy/conversations/<sender_id>/delete   -> {"deleted": n}
    POST /webhooks/privacy/delete_older_than {"before": unix} -> {"deleted": n}

Deleting a conversation first has the action server's outbox forget the chat
(the action `action_forget_waiting_reports`, called the way Rasa calls every
custom action), so a report still waiting is filed without the chat id.

Both need the Rasa API token (?token=… or "Authorization: Bearer …"), the
same one as Rasa's own HTTP API (RASA_API_TOKEN). Registered in credentials.yml.
"""

import asyncio
import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import sqlalchemy
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

log = logging.getLogger(__name__)

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
            if not _authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            await _forget_waiting_reports(request, sender_id)
            deleted = await _delete(request, "sender_id = :value", sender_id)
            log.info("deleted a conversation (%d events)", deleted)
            return response.json({"deleted": deleted})

        @routes.post("/delete_older_than")
        async def delete_older_than(request: Request) -> HTTPResponse:
            if not _authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            try:
                before = float((request.json or {})["before"])
            except (KeyError, TypeError, ValueError):
                return response.json({"error": "'before' (unix time) is missing or not a number"}, status=400)
            deleted = await _delete(request, "timestamp < :value", before)
            log.info("retention deleted %d events", deleted)
            return response.json({"deleted": deleted})

        return routes


async def _forget_waiting_reports(request: Request, sender_id: Text) -> None:
    """The outbox belongs to the action server: it forgets the chat when asked through its action protocol."""
    agent = request.app.ctx.agent
    tracker = DialogueStateTracker(sender_id, agent.domain.slots)  # a blank one: the action needs the sender only
    action = RemoteAction(FORGET_ACTION, agent.action_endpoint)
    await action.run(CollectingOutputChannel(), agent.nlg, tracker, agent.domain)


def _authorised(request: Request) -> bool:
    expected = os.environ.get("RASA_API_TOKEN", "")
    given = request.args.get("token") or request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())  # bytes: any character may come


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
