"""/loeschen: the citizen's conversation, waiting reports, photos and chat state leave every store.

The adapter owns only its chat state, so it asks each other owner over HTTP:
- Rasa deletes the conversation from its tracker store, after the action
  server's outbox forgot the chat (channels/privacy.py; Rasa's own API cannot delete);
- the backend unlinks the filed reports and supports, deletes the chat's
  notifications and the photos it uploaded that no report uses
  (POST /accounts/unlink.json, bot/backend.py). The upload does not say who sent
  a photo, so the adapter remembers the chat's uploads of the last days
  (`remember_upload`, in the chat's state) and names them;
- the adapter itself drops the chat's state (buttons, a text waiting for
  "Nochmal senden", a photo's GPS position waiting for "Ist das der Ort?",
  those uploads) from memory and from the persistence file (`drop_chat`);
- the inbox (bot/inbox.py) holds the chat's updates only while they are
  processed. The chat's updates run strictly in order (bot/guards.py), so
  when "Ja, löschen" is handled every earlier one has left it, and later
  ones are messages the citizen still expects answers to. The confirmation
  itself leaves before "Erledigt" is sent (`forget_update`), not just after:
  once the citizen reads it, no store names the chat.

Nothing here logs a chat id; a failure is logged without the URL, which names it.
"""

import logging
import time
from typing import Dict, List

import httpx
from telegram.ext import Application

log = logging.getLogger(__name__)

UPLOADS = "uploads"  # chat_data key: [[media_url, unix time], ...]
UPLOADS_KEPT = 3 * 24 * 3600  # seconds; the backend deletes a photo no report used after a day anyway
MAX_UPLOADS = 50


class DeletionFailed(RuntimeError):
    """Rasa did not delete the conversation (down, or an error); safe to try again."""


def remember_upload(chat_data: Dict, media_url: str, now: float = None) -> None:
    """Keep the photo's address with the chat, so /loeschen can have an unused one deleted."""
    now = time.time() if now is None else now
    recent = [entry for entry in chat_data.get(UPLOADS, []) if now - entry[1] < UPLOADS_KEPT]
    chat_data[UPLOADS] = (recent + [[media_url, now]])[-MAX_UPLOADS:]


def uploads(chat_data: Dict) -> List[str]:
    """The addresses of the photos the chat uploaded lately."""
    return [entry[0] for entry in chat_data.get(UPLOADS, [])]


async def delete_conversation(rasa_url: str, token: str, sender_id: str, timeout: float = 60.0) -> int:
    """Rasa deletes every stored event of the conversation (and the outbox forgets the chat); how many events."""
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.post(f"{rasa_url}/webhooks/privacy/conversations/{sender_id}/delete",
                                         headers={"Authorization": f"Bearer {token}"})  # never in the URL: logs
    except httpx.HTTPError as error:
        raise DeletionFailed(f"Rasa not reached: {type(error).__name__}") from None  # its text names the URL
    if response.status_code != 200:
        raise DeletionFailed(f"Rasa answered {response.status_code}")
    deleted = response.json()["deleted"]
    log.info("deleted a conversation from the tracker store (%d events)", deleted)
    return deleted


def forget_update(application: Application, update_id: int) -> None:
    """The update leaves the inbox now (a kill after this point does not repeat the deletion)."""
    inbox = application.bot_data.get("inbox")
    if inbox is not None:
        inbox.done(update_id)


def drop_chat(application: Application, chat_id: int) -> None:
    """The chat's state leaves memory now and the persistence file at its next write.

    Call it last in the callback: PTB marks the chat for writing after the callback returns, and a
    drop marked in the same round wins; anything touching `chat_data` after the drop would make an
    empty entry again, which the next write would store under the chat id.
    """
    application.drop_chat_data(chat_id)
    application.drop_user_data(chat_id)  # in a private chat the user id is the chat id
