"""/loeschen: the citizen's conversation and waiting reports leave the stores of their owners.

The adapter owns none of them, so it asks each owner over HTTP:
- Rasa deletes the conversation from its tracker store, after the action
  server's outbox forgot the chat (channels/privacy.py; Rasa's own API cannot delete);
- the backend unlinks the filed reports (POST /accounts/unlink.json, bot/backend.py).
"""

import logging

import httpx

log = logging.getLogger(__name__)


async def delete_conversation(rasa_url: str, token: str, sender_id: str, timeout: float = 60.0) -> int:
    """Rasa deletes every stored event of the conversation (and the outbox forgets the chat); how many events."""
    async with httpx.AsyncClient(timeout=timeout) as client:
        response = await client.post(f"{rasa_url}/webhooks/privacy/conversations/{sender_id}/delete",
                                     headers={"Authorization": f"Bearer {token}"})  # never in the URL: logs
        response.raise_for_status()
    deleted = response.json()["deleted"]
    log.info("deleted a conversation from the tracker store (%d events)", deleted)
    return deleted
