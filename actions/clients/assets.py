"""Client of the backend's asset register (backend/assets.py): the lamps near a pin, a lamp by its number.

The register is a help, as the geocoder is: when the backend cannot be asked, or the city has imported no
lamps, the report goes on without the lamp's number (AssetsUnavailable / an empty list).
"""

from typing import Any, Dict, List, Optional

import httpx

from actions.clients.http import async_client
from actions.config import Settings

LAMP = "streetlight"


class AssetsUnavailable(Exception):
    """The register could not be asked."""


class AssetClient:
    def __init__(self, backend_url: str, api_key: str, timeout: float = 5.0):
        self._http = async_client(base_url=backend_url.rstrip("/") + "/", timeout=timeout,
                                  headers={"X-Api-Key": api_key})

    @classmethod
    def from_settings(cls, settings: Settings) -> "AssetClient":
        return cls(settings.backend_url, settings.api_key, settings.backend_timeout)

    async def __aenter__(self) -> "AssetClient":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._http.aclose()

    async def lamps_near(self, latitude: float, longitude: float, radius: float = 30.0) -> List[Dict[str, Any]]:
        """The lamps within `radius` metres, nearest first: [{"asset_id", "distance", "street", ...}]."""
        body = await self._get("assets/nearby.json", kind=LAMP, lat=latitude, long=longitude, radius=radius)
        return [a for a in body.get("assets", []) if isinstance(a, dict) and a.get("asset_id")]

    async def find_lamp(self, number: str) -> Dict[str, Any]:
        """{"asset": the lamp or None, "similar": [lamps one typo away]}; both empty when nothing is close."""
        try:
            return await self._get("assets/find.json", kind=LAMP, id=number[:40])
        except _NotFound:
            return {"asset": None, "similar": []}

    async def _get(self, path: str, **params) -> Dict[str, Any]:
        try:
            response = await self._http.get(path, params=params)
        except httpx.HTTPError as error:
            raise AssetsUnavailable(f"{path}: {type(error).__name__}") from error
        if response.status_code == 404 and path.startswith("assets/find"):
            raise _NotFound()
        if response.status_code != 200:
            raise AssetsUnavailable(f"{path}: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise AssetsUnavailable(f"{path}: not JSON") from None
        if not isinstance(body, dict):
            raise AssetsUnavailable(f"{path}: not an object")
        return body


class _NotFound(Exception):
    pass


def lamp_label(lamp: Dict[str, Any]) -> str:
    """ "Lampe 0815 · 12 m" for a button."""
    distance: Optional[float] = lamp.get("distance")
    return f"Lampe {lamp['asset_id']}" + (f" · {round(distance)} m" if distance is not None else "")
