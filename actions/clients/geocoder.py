"""Client of a Nominatim-compatible geocoder: a typed place to points, a pin to an address.

GEOCODER_URL names the service (OpenStreetMap's Nominatim, a Photon/Nominatim proxy of the city, …);
by default it is the backend's own offline gazetteer of Gera, which speaks the same protocol
(`{BACKEND_URL}/geocoder`, backend/geocoder/). Only the standard parameters and fields are used:

    GET {url}/search?q=…&format=jsonv2&limit=3&addressdetails=1&viewbox=W,N,E,S&bounded=1
    GET {url}/reverse?lat=…&lon=…&format=jsonv2&addressdetails=1

A place outside Gera's box is dropped even when the service returns it. The geocoder is a help:
when it cannot be reached the conversation goes on without a point (GeocoderUnavailable).
"""

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import httpx

from actions.clients.http import async_client
from actions.config import Settings
from common.area import BBox

MAX_QUERY = 200  # characters of a typed place sent to the service
# What a point stands for, as the backend's gazetteer says (`precision`) or Nominatim (`addresstype`):
# these are where they are; a street or a district has one point for all of it.
PRECISE = {"house", "building", "landmark", "station", "amenity", "railway", "tourism", "leisure"}


class GeocoderUnavailable(Exception):
    """The geocoder could not be reached or answered nonsense."""


@dataclass(frozen=True)
class Point:
    """A place on the map: what to call it in the chat, where it is, and its street address if known."""

    label: str
    latitude: float
    longitude: float
    address: str = ""
    precise: bool = False  # a house, a building, a landmark or a station; not a street's or an area's point
    district: str = ""  # the Stadtteil it lies in ("Zentrum Süd"), when the geocoder names one


def spoken(point: Dict[str, Any]) -> str:
    """A place as a sentence can say it, without the map: "Johannisplatz in Zentrum Süd"."""
    label, district = point.get("label") or "", point.get("district") or ""
    return f"{label} in {district}" if district and district.casefold() not in label.casefold() else label


def district_of(found: Dict[str, Any]) -> str:
    address = found.get("address") or {}
    return (address.get("suburb") or address.get("city_district") or address.get("quarter") or "").strip()


def label_of(found: Dict[str, Any]) -> str:
    """"Heinrichstraße 35", else the place's name ("Hauptbahnhof"), else the start of display_name."""
    address = found.get("address") or {}
    road, number = address.get("road") or "", address.get("house_number") or ""
    if road:
        return f"{road} {number}".strip()
    name = (found.get("name") or "").strip()
    return name or (found.get("display_name") or "").split(",")[0].strip()


def is_precise(found: Dict[str, Any]) -> bool:
    kind = found.get("precision") or found.get("addresstype") or ""
    return kind in PRECISE or bool((found.get("address") or {}).get("house_number"))


def street_of(found: Dict[str, Any]) -> str:
    address = found.get("address") or {}
    return " ".join(part for part in (address.get("road"), address.get("house_number")) if part)


class GeocoderClient:
    def __init__(self, base_url: str, bbox: BBox, timeout: float = 5.0):
        self._http = async_client(base_url=base_url.rstrip("/") + "/", timeout=timeout)
        self._bbox = bbox

    @classmethod
    def from_settings(cls, settings: Settings) -> "GeocoderClient":
        return cls(settings.geocoder_url, settings.gera_bbox, settings.backend_timeout)

    async def __aenter__(self) -> "GeocoderClient":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._http.aclose()

    async def search(self, text: str, limit: int = 3) -> List[Point]:
        """Up to `limit` places in Gera for the typed text, best first; [] when the service knows none."""
        box = self._bbox
        found = await self._get("search", q=text[:MAX_QUERY], format="jsonv2", limit=limit, addressdetails=1,
                                viewbox=f"{box.west},{box.north},{box.east},{box.south}", bounded=1)
        if not isinstance(found, list):
            raise GeocoderUnavailable("search: no list")
        points = [self._point(item) for item in found if isinstance(item, dict)]
        return [p for p in points if p is not None][:limit]

    async def reverse(self, latitude: float, longitude: float) -> Optional[Point]:
        """The address or place nearest to a pin, None when the service knows none there."""
        found = await self._get("reverse", lat=f"{latitude:.6f}", lon=f"{longitude:.6f}", format="jsonv2",
                                addressdetails=1)
        if not isinstance(found, dict) or "error" in found:
            return None
        return self._point(found, inside_only=False)

    async def _get(self, path: str, **params) -> Any:
        try:
            response = await self._http.get(path, params=params)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise GeocoderUnavailable(f"{path}: {type(error).__name__}") from error

    def _point(self, found: Dict[str, Any], inside_only: bool = True) -> Optional[Point]:
        try:
            latitude, longitude = float(found["lat"]), float(found["lon"])
        except (KeyError, TypeError, ValueError):
            return None
        if inside_only and not self._bbox.contains(latitude, longitude):
            return None
        label = label_of(found)
        return (Point(label, latitude, longitude, street_of(found), is_precise(found), district_of(found))
                if label else None)
