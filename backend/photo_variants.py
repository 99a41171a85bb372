"""Which version of a photo a report keeps: plates visible only where the plate is the point.

Faces are blurred in every stored photo. Plates are blurred too, except for an abandoned vehicle,
where staff need the plate to find the owner (photos are never public: staff and the city's systems
only). The bot uploads the photo before the citizen names the category, so an upload in which a plate
was found is stored twice (backend.media): `<name>` with faces and plates blurred, which is what
GET /media serves, and `<name>.plates-visible` with faces blurred only, which nothing serves. When a
report links the photo (backend.storage), `keep_for` keeps the one version its category needs and
deletes the other; a photo no report links is deleted with both files after a day (backend.media).
Until then the safer version is the one served.

Plain Python and files only, so the storage can use it without importing OpenCV or the web routes.
"""

import os
from pathlib import Path
from typing import Optional

from backend import media_names

PLATES_VISIBLE = frozenset({"abandoned_vehicle"})  # categories whose photo keeps its plates readable
SUFFIX = ".plates-visible"  # never matches media_names.NAME, so GET /media cannot serve it


def plates_visible_name(file_name: str) -> str:
    """The file of a photo's version with plates readable."""
    return file_name + SUFFIX


def photo_of(plates_visible: Path) -> Optional[str]:
    """The photo a plates-visible file belongs to (None for any other file)."""
    name = plates_visible.name
    if not name.endswith(SUFFIX) or not media_names.NAME.match(name[:-len(SUFFIX)]):
        return None
    return name[:-len(SUFFIX)]


def keep_for(media_dir: Path, file_name: str, service_code: str) -> None:
    """Leave the photo as the report of this category needs it: one file, plates blurred unless wanted."""
    if not media_names.NAME.match(file_name):  # never build a path from anything but our own names
        return
    other = media_dir / plates_visible_name(file_name)
    if service_code in PLATES_VISIBLE:
        try:
            os.replace(other, media_dir / file_name)  # atomic: the served file is one version or the other
        except FileNotFoundError:  # no plate was found, or it is settled already
            pass
    else:
        other.unlink(missing_ok=True)
