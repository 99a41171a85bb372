"""Client of the backend's asset register (backend/assets.py): the lamps near a pin, a lamp by its number.

The register is a help, as the geocoder is: when the backend cannot be asked, or the city has imported no
lamps, the report goes on without the lamp's number (AssetsUnavailable / an empty list).
"""

from typing import Any, Dict, List, Optional

from actions.clients.http import KeyedBackendClient

LAMP = "streetlight"


class AssetsUnavailable(Exception):
    """The register could not be asked."""


class AssetClient(KeyedBackendClient):
    """The lamps near a pin, a lamp by its number."""

    async def lamps_near(self, latitude: float, longitude: float, radius: float = 30.0) -> List[Dict[str, Any]]:
        """The lamps within `radius` metres, nearest first: [{"asset_id", "distance", "street", ...}]."""
        body = await self._get("assets/nearby.json", kind=LAMP, lat=latitude, long=longitude, radius=radius)
        return [a for a in body.get("assets", []) if isinstance(a, dict) and a.get("asset_id")]

    async def find_lamp(self, number: str) -> Dict[str, Any]:
        """{"asset": the lamp or None, "similar": [lamps one typo away]}; both empty when nothing is close."""
        found = await self._get("assets/find.json", kind=LAMP, id=number[:40])
        return found or {"asset": None, "similar": []}  # 404: nothing close

    async def _get(self, path: str, **params) -> Dict[str, Any]:
        return await self._object("GET", path, AssetsUnavailable, found_or_not=path.startswith("assets/find"),
                                  params=params)


def lamp_label(lamp: Dict[str, Any]) -> str:
    """ "Lampe 0815, 12 m entfernt" for a button (words, not a separator a screen reader names)."""
    distance: Optional[float] = lamp.get("distance")
    return f"Lampe {lamp['asset_id']}" + (f", {round(distance)} m entfernt" if distance is not None else "")
