"""The city's backend as the adapter uses it: photo upload, status notifications, unlinking a citizen.

Only HTTP (see backend/README.md): POST /media, GET /notifications.json and
POST /notifications/ack.json, POST /accounts/unlink.json, all with the API key
in the header X-Api-Key (never in a URL: a poll every few seconds would write it
into every access log).
"""

import logging
from typing import Callable, List, Sequence

import httpx

log = logging.getLogger(__name__)


class BackendUnavailable(RuntimeError):
    """The backend did not answer or failed (5xx): try again later."""


class PhotoRefused(ValueError):
    """The backend refused the photo; the message is its German reason."""


class Backend:
    def __init__(self, url: str, api_key: Callable[[], str], timeout: float):
        self.url = url
        self.api_key = api_key  # read when needed: the backend writes its key file when it first starts
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=5.0))

    async def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = await self.client.request(method, f"{self.url}{path}", headers={"X-Api-Key": self.api_key()},
                                                 **kwargs)
        except httpx.HTTPError as error:
            raise BackendUnavailable(str(error)) from error
        if response.status_code >= 500 or response.status_code == 403:
            # 403: a wrong key is the operator's problem, not the citizen's; to them the backend is unavailable.
            log.warning("backend answered %s to %s %s", response.status_code, method, path)
            raise BackendUnavailable(f"{response.status_code}")
        return response

    async def upload_photo(self, data: bytes, file_name: str, content_type: str) -> str:
        """Store a photo (the backend re-encodes it without EXIF); its media_url."""
        response = await self._request("POST", "/media", files={"file": (file_name, data, content_type)})
        if response.status_code != 201:
            raise PhotoRefused(_description(response))
        return response.json()["media_url"]

    async def notifications(self, after: int) -> List[dict]:
        response = await self._request("GET", "/notifications.json", params={"after": after, "limit": 100})
        response.raise_for_status()
        return response.json()

    async def overdue(self) -> dict:
        """The reports longer in their state than their category allows (backend/reminders.py)."""
        response = await self._request("GET", "/reminders/overdue.json")
        response.raise_for_status()
        return response.json()

    async def acknowledge(self, ids: List[int]) -> None:
        response = await self._request("POST", "/notifications/ack.json", data={"ids": ",".join(map(str, ids))})
        response.raise_for_status()

    async def unlink(self, account_id: str, photos: Sequence[str] = ()) -> dict:
        """Remove the account from every report and support, with its notifications and the unused photos
        among `photos` (media URLs it uploaded); {"reports_unlinked", ..., "photos_deleted"}."""
        response = await self._request("POST", "/accounts/unlink.json",
                                       data={"account_id": account_id, "media": ",".join(photos)})
        response.raise_for_status()
        return response.json()

    async def close(self) -> None:
        await self.client.aclose()


def _description(response: httpx.Response) -> str:
    try:
        return response.json()[0]["description"]
    except (ValueError, LookupError, TypeError):
        return "Das Foto wurde nicht angenommen."
