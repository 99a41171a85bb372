"""Photos belong to reports: a filed report's photo names it, unused photos go after a day, a report's photos are found.

The API cases run against the real backend (tests/backend_fixtures.py) and look into its database the
way an operator would; the cleanup runs in-process on the same files. That the backend runs the cleanup
on its own, the migration and the photo names are tested in-process (tests/fast/app/test_report_photos.py).
"""

import io
import sqlite3
from datetime import timedelta

import httpx
import pytest
from PIL import Image

from backend import dates, media
from backend.storage import Storage
from tests.backend_fixtures import backend  # noqa: F401

MARKT = ("50.8763", "12.0836")


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 60, 40)).save(out, "JPEG")
    return out.getvalue()


def upload(backend) -> str:
    """Store a photo through POST /media, as the Telegram adapter does; its media_url."""
    response = httpx.post(f"{backend.url}/media", data={"api_key": backend.api_key},
                          files={"file": ("foto.jpg", jpeg(), "image/jpeg")}, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["media_url"]


def file_report(backend, files=None, **fields) -> str:
    """File a report through Open311 (form or multipart); its number."""
    data = {"api_key": backend.api_key, "service_code": "graffiti", "lat": MARKT[0], "long": MARKT[1],
            "description": "Schmiererei am Brunnen.", **fields}
    response = httpx.post(f"{backend.api}/requests.json", data=data, files=files, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()[0]["service_request_id"]


def storage_of(backend) -> Storage:
    return Storage(backend.data_dir / "backend.db")


def record(backend, media_url: str):
    return storage_of(backend).get_media(media_url.rsplit("/", 1)[1])


def report_id(backend, number: str) -> int:
    return storage_of(backend).get_request(number)["id"]


def age(backend, media_url: str, days: float) -> None:
    """Make a stored photo look `days` old."""
    stamp = dates.to_db(dates.now() - timedelta(days=days))
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        db.execute("UPDATE media SET created_datetime = ? WHERE file_name = ?", [stamp, media_url.rsplit("/", 1)[1]])


def served(backend, media_url: str) -> int:
    return httpx.get(media_url, headers={"X-Api-Key": backend.api_key}, timeout=10).status_code


# --- linking when a report is filed ----------------------------------------------------------------

def test_photo_of_a_filed_report_names_the_report_and_is_found_with_it(backend):
    photo = upload(backend)
    assert record(backend, photo)["request_id"] is None  # nobody uses it yet
    number = file_report(backend, media_url=photo)
    assert record(backend, photo)["request_id"] == report_id(backend, number)
    assert [p["file_name"] for p in storage_of(backend).photos_of(number)] == [photo.rsplit("/", 1)[1]]


def test_photo_sent_with_the_report_form_names_the_report(backend):
    number = file_report(backend, files={"media": ("foto.jpg", jpeg(), "image/jpeg")})
    photos = storage_of(backend).photos_of(number)
    assert len(photos) == 1 and photos[0]["request_id"] == report_id(backend, number)
    assert httpx.get(f"{backend.api}/requests/{number}.json",
                     headers={"X-Api-Key": backend.api_key}).json()[0]["media_url"].endswith(photos[0]["file_name"])


@pytest.mark.parametrize("media_url", [
    "https://bilder.example/foto.jpg",  # another host
    "http://127.0.0.1:9/media/" + "A" * 32 + ".jpg",  # our shape, but no such photo (e.g. already deleted)
    "https://bilder.example/media/kein-foto.jpg",  # a /media path that is not one of our names
])
def test_photo_address_that_names_no_stored_photo_is_filed_as_sent(backend, media_url):
    number = file_report(backend, media_url=media_url)
    assert httpx.get(f"{backend.api}/requests/{number}.json",
                     headers={"X-Api-Key": backend.api_key}).json()[0]["media_url"] == media_url
    assert storage_of(backend).photos_of(number) == []


def test_photo_used_by_a_second_report_stays_with_the_first(backend):
    photo = upload(backend)
    first = file_report(backend, media_url=photo)
    second = file_report(backend, media_url=photo)
    assert record(backend, photo)["request_id"] == report_id(backend, first)
    assert storage_of(backend).photos_of(second) == []


def test_photos_of_an_unknown_report_are_none(backend):
    assert storage_of(backend).photos_of("999999") == []


# --- deleting photos no report uses -----------------------------------------------------------------

def test_unused_photo_is_deleted_after_a_day_used_and_fresh_ones_stay(backend):
    unused_old, used_old, unused_fresh = upload(backend), upload(backend), upload(backend)
    file_report(backend, media_url=used_old)
    for photo in (unused_old, used_old):
        age(backend, photo, days=2)
    age(backend, unused_fresh, days=0.5)

    assert media.delete_unlinked(storage_of(backend), backend.data_dir / "media", timedelta(days=1)) >= 1

    assert record(backend, unused_old) is None and served(backend, unused_old) == 404
    assert not (backend.data_dir / "media" / unused_old.rsplit("/", 1)[1]).exists()
    for kept in (used_old, unused_fresh):
        assert record(backend, kept) is not None and served(backend, kept) == 200


def test_photo_a_report_takes_while_the_cleanup_runs_is_kept(backend, monkeypatch):
    photo = upload(backend)
    age(backend, photo, days=2)
    storage = storage_of(backend)
    listed = storage.unlinked_media(dates.to_db(dates.now() - timedelta(days=1)))  # the cleanup has looked ...
    assert photo.rsplit("/", 1)[1] in [row["file_name"] for row in listed]
    file_report(backend, media_url=photo)  # ... and now the citizen files the report
    monkeypatch.setattr(storage, "unlinked_media", lambda cutoff: listed)

    media.delete_unlinked(storage, backend.data_dir / "media")

    assert record(backend, photo) is not None and served(backend, photo) == 200
