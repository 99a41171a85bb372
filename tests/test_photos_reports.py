"""Photos belong to reports: a filed report's photo names it, unused photos go after a day, a report's photos are found.

The API cases run against the real backend (tests/backend_fixtures.py) and look into its database the
way an operator would; the cleanup and the migration run in-process on the same files.
"""

import io
import os
import sqlite3
import subprocess
from datetime import timedelta

import httpx
import pytest
from PIL import Image

from backend import dates, media, media_names, schema
from backend.staff import views
from backend.storage import Storage
from scripts.stack import APP_PYTHON, free_port
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
    return httpx.get(media_url, params={"api_key": backend.api_key}, timeout=10).status_code


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
    assert httpx.get(f"{backend.api}/requests/{number}.json").json()[0]["media_url"].endswith(photos[0]["file_name"])


@pytest.mark.parametrize("media_url", [
    "https://bilder.example/foto.jpg",  # another host
    "http://127.0.0.1:9/media/" + "A" * 32 + ".jpg",  # our shape, but no such photo (e.g. already deleted)
    "https://bilder.example/media/kein-foto.jpg",  # a /media path that is not one of our names
])
def test_photo_address_that_names_no_stored_photo_is_filed_as_sent(backend, media_url):
    number = file_report(backend, media_url=media_url)
    assert httpx.get(f"{backend.api}/requests/{number}.json").json()[0]["media_url"] == media_url
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


def test_retention_run_deletes_unused_photos_even_when_rasa_is_down(backend):
    photo = upload(backend)
    age(backend, photo, days=3)
    env = {**os.environ, "STADTBOT_DATA_DIR": str(backend.data_dir), "BACKEND_URL": backend.url,
           "OPEN311_API_KEY": backend.api_key, "RASA_URL": f"http://127.0.0.1:{free_port()}",
           "RASA_API_TOKEN": "test-token"}
    result = subprocess.run([APP_PYTHON, "-m", "backend.staff.retention"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr  # Rasa is not there: the conversations could not be deleted
    assert "Fotos gelöscht" in result.stdout
    assert record(backend, photo) is None and served(backend, photo) == 404


# --- photos stored before this feature --------------------------------------------------------------

def test_migration_links_photos_of_earlier_reports(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] < 6])
    db = Storage(tmp_path / "backend.db").db  # a database as the backend left it before version 6
    used, spare = media_names.new_name("jpg")[1], media_names.new_name("png")[1]
    for name in (used, spare):
        db["media"].insert({"id": name.split(".")[0], "file_name": name, "content_type": "image/jpeg",
                            "width": 1, "height": 1, "bytes": 1, "created_datetime": dates.to_db(dates.now())})
    old_host = media_names.url_for("http://127.0.0.1:8000", used)  # BACKEND_URL has changed since
    stamp = dates.to_db(dates.now())
    for number, url in enumerate((old_host, old_host, "https://bilder.example/foto.jpg", None), start=1000):
        db["requests"].insert({"id": number, "service_request_id": str(number), "service_code": "graffiti",
                               "requested_datetime": stamp, "updated_datetime": stamp, "media_url": url})
    db.conn.commit()
    monkeypatch.undo()

    storage = Storage(tmp_path / "backend.db")  # migrates

    assert schema.current_version(storage.db) >= 6
    assert [p["file_name"] for p in storage.photos_of("1000")] == [used]  # the oldest report that used it
    assert all(storage.photos_of(number) == [] for number in ("1001", "1002", "1003"))
    assert storage.get_media(spare)["request_id"] is None


# --- the one definition of a photo's name -----------------------------------------------------------

NAME = "a" * 32 + ".webp"


@pytest.mark.parametrize("media_url, expected", [
    (f"http://127.0.0.1:8000/media/{NAME}", NAME),
    (f"https://stadtbot.gera.de/buerger/media/{NAME}?x=1#y", NAME),  # behind a reverse proxy with a prefix
    (f"https://bilder.example/fotos/{NAME}", None),  # not a /media address
    (f"http://127.0.0.1:8000/media/{'a' * 31}.jpg", None),  # not one of our names
    ("http://127.0.0.1:8000/media/../backend.db", None),
    ("http://[::1/media/x.jpg", None),  # not even a URL
    ("", None),
    (None, None),
])
def test_media_url_names_a_stored_photo_only_in_our_shape(media_url, expected):
    assert media_names.file_name_in(media_url) == expected


def test_a_new_name_has_the_shape_the_backend_serves():
    media_id, file_name = media_names.new_name("jpg")
    assert media_names.NAME.match(file_name) and file_name == f"{media_id}.jpg"


@pytest.mark.parametrize("media_url, shown", [
    (f"http://127.0.0.1:8000/media/{NAME}", {"photo_path": f"/media/{NAME}"}),  # loaded through the login
    ("https://bilder.example/foto.jpg", {"external_photo": "https://bilder.example/foto.jpg"}),  # never loaded
    ("http://[::1/media/x.jpg", {"external_photo": "http://[::1/media/x.jpg"}),
])
def test_staff_pages_load_only_the_backends_own_photos(media_url, shown):
    assert views.photo(media_url) == shown
