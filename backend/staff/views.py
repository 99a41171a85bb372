"""What report and conversation pages show the same way: photos, OpenStreetMap links, transcript lines."""

from typing import Optional

from backend import media_names


def photo(media_url: Optional[str]) -> dict:
    """Own photos are shown through the protected /media path; foreign URLs only as text (never loaded)."""
    if not media_url:
        return {}
    # Only the backend's own /media route is loaded; anything else is a foreign address.
    file_name = media_names.file_name_in(media_url)
    return {"photo_path": media_names.local_path(file_name)} if file_name else {"external_photo": media_url}


def more_photos(storage, row: dict) -> list:
    """Paths of the report's other stored photos (sent later by the citizen), oldest first."""
    main = media_names.file_name_in(row["media_url"])
    return [media_names.local_path(photo["file_name"]) for photo in storage.photos_of(row["service_request_id"])
            if photo["file_name"] != main]


def osm_url(lat: Optional[float], long: Optional[float]) -> str:
    """A link to the place on openstreetmap.org ("" without coordinates)."""
    if lat is None or long is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={long:.6f}#map=18/{lat:.6f}/{long:.6f}"


def transcript_line(line) -> dict:
    """One line of a transcript (backend.staff.conversations.Line) with what its template needs."""
    return {"line": line, "osm_url": osm_url(line.latitude, line.longitude),
            **(photo(line.media_url) if line.kind == "photo" else {})}
