"""The assistant behind the adapter: Rasa's REST channel, one conversation per Telegram chat.

The sender id is the chat id as text; metadata carries the chat id, the
message id and the citizen's language, as the actions may want them.

Every turn gets an answer. Rasa 3.6 catches a custom action that failed
(the action server down, an exception in an action: "Bot will continue, but
the actions events are lost") and answers 200 with an empty list; that is
a failure too (`RasaAnsweredNothing`), or the citizen would hear nothing.
"""

import logging
from typing import List, Optional

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, restarting, overloaded): the citizen must be told."""


class RasaAnsweredNothing(RasaUnavailable):
    """Rasa answered with no message: an action failed or the action server is down."""


class Rasa:
    def __init__(self, url: str, timeout: float):
        self.url = f"{url}/webhooks/rest/webhook"
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=5.0),
                                        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50))

    async def send(self, sender: str, message: str, metadata: Optional[dict] = None) -> List[dict]:
        """One turn: the assistant's replies ({"text", "buttons", "image", "custom"} elements)."""
        try:
            response = await self.client.post(self.url, json={"sender": sender, "message": message,
                                                              "metadata": metadata or {}})
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            log.warning("Rasa did not answer: %r", error)
            raise RasaUnavailable(str(error)) from error
        if not replies:
            log.warning("Rasa answered nothing (a custom action failed? see the action server's log)")
            raise RasaAnsweredNothing("empty answer")
        return replies

    async def close(self) -> None:
        await self.client.aclose()
