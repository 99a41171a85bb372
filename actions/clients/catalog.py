"""Client of the service catalog API (backend/catalog): services, search, "open now".

The catalog is the only source of city facts the assistant tells citizens;
this client only fetches, it never fills gaps.
"""

from typing import Any, Dict, List, Optional

import httpx

from actions.clients.http import async_client
from actions.config import Settings


class CatalogUnavailable(Exception):
    """The catalog could not be reached or answered with an error."""


class CatalogClient:
    def __init__(self, base_url: str, timeout: float = 5.0):
        self._http = async_client(base_url=base_url.rstrip("/") + "/catalog/", timeout=timeout)

    @classmethod
    def from_settings(cls, settings: Settings) -> "CatalogClient":
        return cls(settings.backend_url, settings.backend_timeout)

    async def __aenter__(self) -> "CatalogClient":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._http.aclose()

    async def _get(self, path: str, **params) -> Optional[Any]:
        """JSON of a GET; None for 404; CatalogUnavailable for everything else that went wrong."""
        try:
            response = await self._http.get(path, params=params)
        except httpx.HTTPError as error:
            raise CatalogUnavailable(str(error)) from error
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise CatalogUnavailable(f"{path}: HTTP {response.status_code}")
        return response.json()

    async def service(self, code: str) -> Optional[Dict]:
        return await self._get(f"services/{code}")

    async def search(self, query: str) -> List[Dict]:
        found = await self._get("services", q=query)
        return found["services"] if found else []

    async def opening(self, office_id: str) -> Optional[Dict]:
        """Whether the office is open now, and when it opens next."""
        return await self._get(f"offices/{office_id}/open")
