"""What report and conversation pages show the same way: photos, OpenStreetMap links, transcript lines."""

import re
from typing import Optional
from urllib.parse import urlsplit

# The backend's own stored photos; anything else is a foreign address and never loaded by the browser.
_LOCAL_MEDIA = re.compile(r"^/media/[A-Za-z0-9_-]{32}\.(jpg|png|webp)$")


def photo(media_url: Optional[str]) -> dict:
    """Own photos are shown through the protected /media path; foreign URLs only as text (never loaded)."""
    if not media_url:
        return {}
    path = urlsplit(media_url).path
    return {"photo_path": path} if _LOCAL_MEDIA.match(path) else {"external_photo": media_url}


def osm_url(lat: Optional[float], long: Optional[float]) -> str:
    """A link to the place on openstreetmap.org ("" without coordinates)."""
    if lat is None or long is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={long:.6f}#map=18/{lat:.6f}/{long:.6f}"


def transcript_line(line) -> dict:
    """One line of a transcript (backend.staff.conversations.Line) with what its template needs."""
    return {"line": line, "osm_url": osm_url(line.latitude, line.longitude),
            **(photo(line.media_url) if line.kind == "photo" else {})}
