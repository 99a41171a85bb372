"""Photos belong to reports, in-process: the backend deletes unused photos on its own, earlier photos are linked.

The cleanup tests start an app of their own on a fresh data directory (`in_process_backend`): a
TestClient used as a context manager runs the app's lifespan, as uvicorn does, and with it the
background cleanup. Requests made before that reach the app without starting it. The API cases of
linking photos and the cleanup's race with a report being filed run against the real backend
(tests/test_photos_reports.py).
"""

import asyncio
import sqlite3
import threading
import time
from datetime import timedelta

import pytest

from backend import dates, media, media_names, schema
from backend.staff import views
from backend.storage import Storage
from tests.fast.app.conftest import InProcessBackend, file_report, in_process_backend, jpeg_bytes

WAIT = 5  # seconds the background cleanup may take to do its first run


def upload(backend: InProcessBackend) -> str:
    """Store a photo through POST /media, as the Telegram adapter does; its file name."""
    response = backend.client.post("/media", data={"api_key": backend.api_key},
                                   files={"file": ("foto.jpg", jpeg_bytes(), "image/jpeg")})
    assert response.status_code == 201, response.text
    return response.json()["media_url"].rsplit("/", 1)[1]


def age(backend: InProcessBackend, file_name: str, days: float) -> None:
    """Make a stored photo look `days` old."""
    stamp = dates.to_db(dates.now() - timedelta(days=days))
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        db.execute("UPDATE media SET created_datetime = ? WHERE file_name = ?", [stamp, file_name])


def stored(backend: InProcessBackend, file_name: str) -> bool:
    return backend.client.app.state.storage.get_media(file_name) is not None


def served(backend: InProcessBackend, file_name: str) -> int:
    return backend.client.get(f"/media/{file_name}", headers={"X-Api-Key": backend.api_key}).status_code


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"after {WAIT} s still not: {what}"
        time.sleep(0.02)


# --- the backend deletes photos no report uses --------------------------------------------------------

def test_backend_deletes_an_old_unused_photo_on_its_own_and_keeps_used_and_fresh_ones(tmp_path):
    backend = in_process_backend(tmp_path)
    unused_old, used_old, unused_fresh = upload(backend), upload(backend), upload(backend)
    file_report(backend, media_url=f"{backend.url}/media/{used_old}")
    for photo in (unused_old, used_old):
        age(backend, photo, days=2)
    age(backend, unused_fresh, days=0.5)
    assert stored(backend, unused_old)  # nothing has cleaned up before the app started

    with backend.client:  # the app starts, as under uvicorn
        wait_until(lambda: not stored(backend, unused_old), "the unused photo of two days ago deleted")
        assert not (backend.data_dir / "media" / unused_old).exists()
        assert served(backend, unused_old) == 404
        for kept in (used_old, unused_fresh):
            assert stored(backend, kept) and served(backend, kept) == 200


def test_a_failing_cleanup_is_logged_and_the_backend_keeps_serving(tmp_path, monkeypatch, caplog):
    def broken(storage, media_dir):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(media, "delete_unlinked", broken)
    backend = in_process_backend(tmp_path)
    with backend.client:
        wait_until(lambda: "deleting photos no report uses failed" in caplog.text, "the failure logged")
        assert backend.client.get("/health").json() == {"status": "ok"}
    assert "database is locked" in caplog.text  # with its traceback


def test_cleanup_runs_again_after_its_interval_and_shutdown_waits_for_a_started_run(monkeypatch):
    runs, finished, started = [], [], threading.Event()

    def slow_cleanup(storage, media_dir):
        runs.append(time.monotonic())
        if len(runs) == 3:  # the run the shutdown meets
            started.set()
            time.sleep(0.2)
            finished.append(True)
        return 0

    monkeypatch.setattr(media, "delete_unlinked", slow_cleanup)

    async def app_life():
        cleanup = asyncio.create_task(media.delete_unlinked_regularly(None, None, every=0.01))
        while not started.is_set():
            await asyncio.sleep(0.005)
        cleanup.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cleanup
        return list(finished)

    assert asyncio.run(app_life()) == [True]  # the cancel returned only after the run had finished
    assert len(runs) == 3


# --- photos stored before reports named them --------------------------------------------------------

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
