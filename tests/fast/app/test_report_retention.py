"""Closed reports forget their citizens (REPORT_CHAT_ID_DAYS) and later their photos (CLOSED_PHOTO_DAYS);
/loeschen's unlink deletes the chat's notifications and the photos it uploaded that no report uses."""

import asyncio
import sqlite3
import time
from datetime import timedelta

import pytest

from backend import config, dates, report_retention
from tests.fast.app.conftest import API_KEY, file_report, in_process_backend, jpeg_bytes

CHAT = "5550001"


@pytest.fixture
def city(tmp_path):
    backend = in_process_backend(tmp_path)
    yield backend
    backend.client.close()


def storage_of(city):
    return city.client.app.state.storage


def db(city) -> sqlite3.Connection:
    return sqlite3.connect(city.data_dir / "backend.db")


def close(city, number: str, days_ago: float) -> None:
    """Staff close the report, `days_ago` days ago (its last state change)."""
    response = city.client.post(f"{city.api}/requests/{number}/status.json", headers={"X-Api-Key": API_KEY},
                                data={"state": "solved", "note": "Erledigt."})
    assert response.status_code == 200, response.text
    stamp = dates.to_db(dates.now() - timedelta(days=days_ago))
    with db(city) as conn:
        conn.execute("UPDATE requests SET updated_datetime = ? WHERE service_request_id = ?", [stamp, number])


def support(city, number: str, account_id: str) -> None:
    response = city.client.post(f"{city.api}/requests/{number}/supporters.json", headers={"X-Api-Key": API_KEY},
                                data={"account_id": account_id})
    assert response.status_code in (200, 201), response.text


def upload(city) -> str:
    response = city.client.post("/media", headers={"X-Api-Key": API_KEY},
                                files={"file": ("foto.jpg", jpeg_bytes(), "image/jpeg")})
    assert response.status_code == 201, response.text
    return response.json()["media_url"]


def people_of(city, number: str) -> dict:
    with db(city) as conn:
        request_id = conn.execute("SELECT id FROM requests WHERE service_request_id = ?", [number]).fetchone()[0]
        return {
            "reporter": conn.execute("SELECT account_id FROM reporters WHERE request_id = ?",
                                     [request_id]).fetchone()[0],
            "supporters": [v for (v,) in conn.execute("SELECT value FROM supporters WHERE request_id = ?",
                                                      [request_id])],
            "notifications": conn.execute("SELECT COUNT(*) FROM notifications WHERE request_id = ?",
                                          [request_id]).fetchone()[0],
            "fingerprint": [f for (f,) in conn.execute("SELECT fingerprint FROM idempotency_keys WHERE request_id = ?",
                                                       [request_id])],
        }


def run(city, chat_id_days=30, photo_days=180) -> dict:
    return report_retention.forget_closed(storage_of(city), city.data_dir / "media", chat_id_days, photo_days)


def test_a_report_closed_over_the_limit_loses_its_chat_ids_and_notifications(city):
    number = file_report(city, account_id=CHAT, idempotency_key="k-old")
    support(city, number, "5550002")
    close(city, number, days_ago=31)
    assert people_of(city, number)["notifications"] == 2  # reporter and supporter were told

    done = run(city)

    people = people_of(city, number)
    assert people["reporter"] is None and people["notifications"] == 0
    assert [value.startswith("unlinked-") for value in people["supporters"]] == [True]
    assert all(CHAT not in fingerprint for fingerprint in people["fingerprint"])
    assert done["reports"] == 1 and done["supports"] == 1
    report = city.client.get(f"{city.api}/requests/{number}.json", params={"extensions": "true"}).json()[0]
    assert report["extended_attributes"]["supporters"] == 1, "the support still counts, naming nobody"
    assert run(city) == {"reports": 0, "supports": 0, "notifications": 0, "photos": 0}, "nothing twice"


def test_open_and_recently_closed_reports_keep_their_chat_ids(city):
    still_open = file_report(city, account_id=CHAT)
    recent = file_report(city, account_id=CHAT)
    close(city, recent, days_ago=29)
    run(city)
    assert people_of(city, still_open)["reporter"] == CHAT
    assert people_of(city, recent)["reporter"] == CHAT


def test_the_days_are_settings(city):
    number = file_report(city, account_id=CHAT)
    close(city, number, days_ago=8)
    run(city, chat_id_days=10)
    assert people_of(city, number)["reporter"] == CHAT
    run(city, chat_id_days=7)
    assert people_of(city, number)["reporter"] is None
    settings = config.load({"REPORT_CHAT_ID_DAYS": "14", "CLOSED_PHOTO_DAYS": "60"})
    assert (settings.report_chat_id_days, settings.closed_photo_days) == (14, 60)
    assert (config.load({}).report_chat_id_days, config.load({}).closed_photo_days) == (30, 180)


def test_photos_of_a_report_closed_over_the_photo_limit_are_deleted_others_kept(city):
    old = file_report(city, photo=True)
    younger = file_report(city, photo=True)
    close(city, old, days_ago=181)
    close(city, younger, days_ago=179)
    old_photo = storage_of(city).photos_of(old)[0]["file_name"]
    younger_photo = storage_of(city).photos_of(younger)[0]["file_name"]

    assert run(city)["photos"] == 1

    assert storage_of(city).photos_of(old) == [] and not (city.data_dir / "media" / old_photo).exists()
    assert city.client.get(f"{city.api}/requests/{old}.json").json()[0]["media_url"] is None
    assert city.client.get(f"/media/{old_photo}", headers={"X-Api-Key": API_KEY}).status_code == 404
    assert (city.data_dir / "media" / younger_photo).exists()
    assert storage_of(city).photos_of(younger)


def test_notifications_for_forgotten_supporters_are_deleted(city):
    number = file_report(city)
    support(city, number, CHAT)
    city.client.post("/accounts/unlink.json", headers={"X-Api-Key": API_KEY}, data={"account_id": CHAT})
    city.client.post(f"{city.api}/requests/{number}/status.json", headers={"X-Api-Key": API_KEY},
                     data={"state": "in_progress", "note": "Wir sind dran."})
    with db(city) as conn:
        assert conn.execute("SELECT COUNT(*) FROM notifications WHERE account_id LIKE 'unlinked-%'").fetchone()[0]
    run(city)
    with db(city) as conn:
        assert conn.execute("SELECT COUNT(*) FROM notifications WHERE account_id LIKE 'unlinked-%'").fetchone()[0] == 0


def test_the_backend_runs_the_retention_itself_at_start(tmp_path):
    backend = in_process_backend(tmp_path)
    number = file_report(backend, account_id=CHAT)
    close(backend, number, days_ago=40)
    with backend.client:  # the app starts, as under uvicorn
        deadline = time.monotonic() + 10
        while people_of(backend, number)["reporter"] is not None:
            assert time.monotonic() < deadline, "the chat id was not removed at start"
            time.sleep(0.02)


def test_a_failing_run_is_logged_and_the_next_one_follows(monkeypatch, caplog):
    runs = []

    def broken(*args):
        runs.append(1)
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(report_retention, "forget_closed", broken)

    async def app_life():
        task = asyncio.create_task(report_retention.forget_closed_regularly(None, None, 30, 180, every=0.01))
        while len(runs) < 2:
            await asyncio.sleep(0.005)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(app_life())
    assert "retention of closed reports failed" in caplog.text


# --- the unlink of /loeschen -------------------------------------------------------------------------------


def test_unlink_deletes_delivered_notifications_and_the_chats_unused_photos(city):
    number = file_report(city, account_id=CHAT)
    city.client.post(f"{city.api}/requests/{number}/status.json", headers={"X-Api-Key": API_KEY},
                     data={"state": "in_progress", "note": "Wir sind dran."})
    with db(city) as conn:  # the adapter delivered it
        conn.execute("UPDATE notifications SET delivered_datetime = ? WHERE account_id = ?",
                     [dates.to_db(dates.now()), CHAT])
    unused, used, someone_elses = upload(city), upload(city), upload(city)
    filed_with_photo = file_report(city, account_id=CHAT, media_url=used)

    answer = city.client.post("/accounts/unlink.json", headers={"X-Api-Key": API_KEY},
                              data={"account_id": CHAT, "media": f"{unused},{used}"}).json()

    assert answer["notifications_deleted"] == 1 and answer["photos_deleted"] == 1
    with db(city) as conn:
        assert conn.execute("SELECT COUNT(*) FROM notifications WHERE account_id = ?", [CHAT]).fetchone()[0] == 0
    name = lambda url: url.rsplit("/", 1)[1]  # noqa: E731
    assert storage_of(city).get_media(name(unused)) is None
    assert not (city.data_dir / "media" / name(unused)).exists()
    assert storage_of(city).photos_of(filed_with_photo)[0]["file_name"] == name(used), "a report's photo stays"
    assert storage_of(city).get_media(name(someone_elses)) is not None, "only the photos named"


def test_unlink_refuses_a_photo_address_that_is_none_of_ours(city):
    response = city.client.post("/accounts/unlink.json", headers={"X-Api-Key": API_KEY},
                                data={"account_id": CHAT, "media": "../backend.db"})
    assert response.status_code == 400
    assert (city.data_dir / "backend.db").exists()
