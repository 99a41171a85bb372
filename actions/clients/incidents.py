"""Client of the backend's known incidents (backend/incidents.py): what the city already knows where a citizen
reports (a lamp fault, road works, an open report of the same lamp), and "tell me when it is fixed".

Like the asset register, a help: when the backend cannot be asked, the report goes on as if nothing were known
(IncidentsUnavailable).
"""

from typing import Any, Dict, Optional

from actions.clients.http import KeyedBackendClient


class IncidentsUnavailable(Exception):
    """The backend could not be asked, or refused (the incident was closed meanwhile: 409)."""


class IncidentClient(KeyedBackendClient):
    """Open incidents near a report, and citizens waiting for a fix."""

    async def known(self, category: str, latitude: float, longitude: float,
                    lamp: Optional[str] = None) -> Dict[str, Any]:
        """{"incidents": [open incidents there, the same lamp first], "reports": [open reports of the lamp]}."""
        params = {"category": category, "lat": latitude, "long": longitude, **({"lamp": lamp} if lamp else {})}
        return await self._call("GET", "incidents/known.json", params=params)

    async def watch(self, incident_id: int, account_id: str) -> Dict[str, Any]:
        """The citizen is told when the incident is fixed: {"watchers": n, "created": bool}."""
        return await self._call("POST", f"incidents/{int(incident_id)}/watchers.json", data={"account_id": account_id})

    async def _call(self, method: str, path: str, **kwargs) -> Dict[str, Any]:
        return await self._object(method, path, IncidentsUnavailable, **kwargs)
