"""The report categories as the Open311 server names them (German names, groups).

The server is the one place where a category's German name lives; the
actions read services.json once and keep it, so buttons and summaries show
what staff see.
"""

from typing import Dict, List, Optional

from actions.clients.open311 import BackendUnavailable, Open311Client, RequestRejected

_names: Dict[str, str] = {}


async def category_names(open311: Open311Client) -> Dict[str, str]:
    """service_code -> German name; empty while the server cannot be reached."""
    if not _names:
        try:
            services = await open311.services()
        except (BackendUnavailable, RequestRejected):
            return {}
        _names.update({s["service_code"]: s.get("service_name") or s["service_code"] for s in services})
    return _names


async def category_name(open311: Open311Client, code: Optional[str]) -> str:
    names = await category_names(open311)
    return names.get(code or "", code or "–")


async def category_buttons(open311: Open311Client) -> List[Dict[str, str]]:
    """One button per category, in the server's order."""
    names = await category_names(open311)
    return [{"title": name, "payload": f'/inform{{"category":"{code}"}}'} for code, name in names.items()]
