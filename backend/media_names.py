"""What a stored photo's name and address look like: the one place that defines them.

The upload (backend.media) makes the names and URLs, the storage and the
schema find the photo a report's `media_url` names, and the staff web decides
which photos it may load from the backend itself. Plain Python only, so the
schema can use it without importing the web routes.
"""

import re
import secrets
from typing import Optional, Tuple
from urllib.parse import urlsplit

# token_urlsafe(24) gives 32 URL-safe characters: random, so a name cannot be guessed.
NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.(jpg|png|webp)$")
FOLDER = "media"


def new_name(extension: str) -> Tuple[str, str]:
    """A fresh (id, file name) for a photo stored with this extension."""
    media_id = secrets.token_urlsafe(24)
    return media_id, f"{media_id}.{extension}"


def url_for(backend_url: str, file_name: str) -> str:
    """The media_url of a stored photo."""
    return f"{backend_url}/{FOLDER}/{file_name}"


def local_path(file_name: str) -> str:
    """The backend's own route that serves a stored photo (GET /media/{name})."""
    return f"/{FOLDER}/{file_name}"


def file_name_in(media_url: Optional[str]) -> Optional[str]:
    """The name of the stored photo a media_url points to, or None when it cannot be one of ours.

    Only the path is read, not the host: BACKEND_URL can change (a reverse proxy, a new domain) while
    reports wait in the outbox, and the names are random, so a foreign address never names one of
    ours by chance. Whether a photo of that name exists is for the caller to ask the storage.
    """
    if not isinstance(media_url, str) or not media_url:
        return None
    try:
        path = urlsplit(media_url.strip()).path
    except ValueError:  # e.g. an invalid IPv6 host
        return None
    folder, _, name = path.rpartition("/")
    if folder.rpartition("/")[2] != FOLDER or not NAME.match(name):
        return None
    return name
