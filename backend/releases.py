"""What staff released of a report for the public: its masked text, its address and, if wanted, its photo.

Without a release the public Open311 view (backend/open311.py) shows a report's category, state, dates
and a position rounded to about 100 m, nothing a citizen wrote. A staff member releases a report on its
page in the staff web (audited); the text and address are masked (backend/masking.py) before they are
stored here, so the public never sees the citizen's own words unmasked. A release can be withdrawn.

A released photo is served without a key at GET /open311/v2/media/{name} (backend/open311.py), and only
while its report is released with the photo. Photos of abandoned vehicles are never released: there the
stored photo keeps the licence plate readable for staff (backend/photo_variants.py).

Plain SQL through the storage's own transaction, on the Open311 side, so the public routes need nothing
of the staff web.
"""

from typing import Dict, Iterable, Optional

from backend import dates, media_names, photo_variants
from backend.storage import Storage

# Photos of these categories keep their plates readable (backend.photo_variants): never public.
PHOTO_NEVER_PUBLIC = photo_variants.PLATES_VISIBLE


def for_requests(storage: Storage, request_ids: Iterable[int]) -> Dict[int, dict]:
    """The release of each report that has one (request id -> row)."""
    ids = list(request_ids)
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {row["request_id"]: row
            for row in storage.db.query(f"SELECT * FROM releases WHERE request_id IN ({marks})", ids)}


def of(storage: Storage, request_id: int) -> Optional[dict]:
    return for_requests(storage, [request_id]).get(request_id)


def photo_releasable(storage: Storage, row: dict) -> bool:
    """Whether the report has a photo of our own, linked to it, that may become public."""
    file_name = media_names.file_name_in(row["media_url"])
    if not file_name or row["service_code"] in PHOTO_NEVER_PUBLIC:
        return False
    found = storage.db.execute("SELECT 1 FROM media WHERE file_name = ? AND request_id = ?",
                               [file_name, row["id"]]).fetchone()
    return found is not None


def release(storage: Storage, row: dict, description: str, address: Optional[str], photo: bool,
            user_name: str) -> dict:
    """Release (or release again) a report with this already masked text and address; the stored release."""
    record = {"request_id": row["id"], "description": description, "address": address or None,
              "photo": 1 if photo and photo_releasable(storage, row) else 0,
              "released_datetime": dates.to_db(dates.now()), "released_by": user_name}
    with storage.transaction() as db:
        db.execute("INSERT OR REPLACE INTO releases (request_id, description, address, photo, released_datetime, "
                   "released_by) VALUES (:request_id, :description, :address, :photo, :released_datetime, "
                   ":released_by)", record)
    return record


def withdraw(storage: Storage, request_id: int) -> bool:
    """The report is no longer public beyond the default view; whether it had been released."""
    with storage.transaction() as db:
        return db.execute("DELETE FROM releases WHERE request_id = ?", [request_id]).rowcount == 1


def public_photo(storage: Storage, file_name: str) -> Optional[dict]:
    """The media row of a photo whose report is released with its photo (None for every other photo)."""
    if not media_names.NAME.match(file_name):
        return None
    marks = ", ".join("?" for _ in PHOTO_NEVER_PUBLIC)
    return next(iter(storage.db.query(
        "SELECT m.* FROM media m JOIN releases rel ON rel.request_id = m.request_id "
        "JOIN requests r ON r.id = m.request_id "
        f"WHERE m.file_name = ? AND rel.photo = 1 AND r.service_code NOT IN ({marks})",
        [file_name, *PHOTO_NEVER_PUBLIC])), None)


def public_photo_url(open311_url: str, media_url: Optional[str]) -> Optional[str]:
    """Where the public fetches a released photo (GET /open311/v2/media/{name})."""
    file_name = media_names.file_name_in(media_url)
    return f"{open311_url}/{media_names.FOLDER}/{file_name}" if file_name else None
