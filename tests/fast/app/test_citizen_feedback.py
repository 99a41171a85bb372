"""Citizens confirm or reopen a solved report, add a remark or photo, and rate the handling (backend/feedback.py)."""

import uuid

import pytest

from tests.fast.app.conftest import file_report, jpeg_bytes


def keyed(backend, path, **data):
    return backend.client.post(f"{backend.api}{path}", data=data, headers={"X-Api-Key": backend.api_key})


def solved_report(backend, days_ago: int = 0) -> tuple:
    """A report of one account, set "erledigt" by staff (through the city's status API) `days_ago` days ago."""
    account = f"chat-{uuid.uuid4().hex[:8]}"
    number = file_report(backend, description="Schlagloch", account_id=account)
    assert keyed(backend, f"/requests/{number}/status.json", state="solved", note="Repariert.").status_code == 200
    if days_ago:
        with backend.client.app.state.storage.transaction() as db:
            db.execute("UPDATE requests SET updated_datetime = datetime('now', ?) || '+00:00' "
                       "WHERE service_request_id = ?", [f"-{days_ago} days", number])
    return number, account


def answer(backend, number, account, given):
    return keyed(backend, f"/requests/{number}/feedback.json", account_id=account, answer=given)


def city_view(backend, number) -> dict:
    return backend.client.get(f"{backend.api}/requests/{number}.json", headers={"X-Api-Key": backend.api_key}).json()[0]


def notifications_of(backend, account) -> list:
    response = backend.client.get("/notifications.json", params={"limit": 200}, headers={"X-Api-Key": backend.api_key})
    return [row for row in response.json() if row["account_id"] == account]


def test_not_fixed_reopens_for_staff_and_notifies_nobody(backend):
    number, account = solved_report(backend)
    before = len(notifications_of(backend, account))
    response = answer(backend, number, account, "not_fixed")
    assert response.status_code == 200 and response.json()[0]["outcome"] == "reopened"
    report = city_view(backend, number)
    assert report["status"] == "open" and "Wieder geöffnet" in report["status_notes"]
    assert len(notifications_of(backend, account)) == before
    # A second "nein" (a supporter, the same person again) changes nothing more.
    assert answer(backend, number, account, "not_fixed").json()[0]["outcome"] == "already_reopened"


def test_fixed_is_thanked_and_can_be_rated_once(backend):
    number, account = solved_report(backend)
    thanked = answer(backend, number, account, "fixed").json()[0]
    assert thanked["outcome"] == "thanked" and city_view(backend, number)["status"] == "closed"
    rate = keyed(backend, f"/requests/{number}/rating.json", account_id=account,
                 feedback_id=str(thanked["feedback_id"]), rating="4")
    assert rate.status_code == 200
    again = keyed(backend, f"/requests/{number}/rating.json", account_id=account,
                  feedback_id=str(thanked["feedback_id"]), rating="5")
    assert again.status_code == 400 and "schon bewertet" in again.json()[0]["description"]
    [row] = backend.client.app.state.storage.db.query(
        "SELECT rating, role, answer FROM citizen_feedback WHERE id = ?", [thanked["feedback_id"]])
    assert row == {"rating": 4, "role": "reporter", "answer": "fixed"}


def test_a_supporter_may_answer_a_stranger_may_not(backend):
    number, _account = solved_report(backend)
    supporter = f"chat-{uuid.uuid4().hex[:8]}"
    with backend.client.app.state.storage.transaction() as db:  # supported before it was solved
        db.execute("INSERT INTO supporters (request_id, kind, value, datetime) SELECT id, 'account_id', ?, "
                   "updated_datetime FROM requests WHERE service_request_id = ?", [supporter, number])
    stranger = answer(backend, number, "chat-stranger", "not_fixed")
    assert stranger.status_code == 400 and "Das geht nur, wenn Sie die Meldung" in stranger.json()[0]["description"]
    assert city_view(backend, number)["status"] == "closed"
    assert answer(backend, number, supporter, "not_fixed").json()[0]["outcome"] == "reopened"


def test_after_thirty_days_the_answer_carries_what_a_new_report_needs(backend):
    number, account = solved_report(backend, days_ago=31)
    late = answer(backend, number, account, "not_fixed").json()[0]
    assert late["outcome"] == "too_late" and late["service_code"] == "graffiti"
    assert (late["lat"], late["long"]) == pytest.approx((50.8765, 12.0812))
    assert city_view(backend, number)["status"] == "closed"


def test_an_open_report_has_nothing_to_confirm(backend):
    account = f"chat-{uuid.uuid4().hex[:8]}"
    number = file_report(backend, account_id=account)
    assert answer(backend, number, account, "fixed").json()[0]["outcome"] == "not_solved"


def test_a_remark_with_photo_is_an_internal_note_and_the_photo_is_the_reports(backend):
    number, account = solved_report(backend)
    answer(backend, number, account, "not_fixed")
    upload = backend.client.post("/media", files={"file": ("f.jpg", jpeg_bytes(), "image/jpeg")},
                                 headers={"X-Api-Key": backend.api_key})
    media_url = upload.json()["media_url"]
    added = keyed(backend, f"/requests/{number}/remarks.json", account_id=account,
                  remark="Das Loch ist nur halb zu.", media_url=media_url)
    assert added.status_code == 200, added.text
    notes = city_view(backend, number)
    assert "halb zu" not in str(backend.client.get(f"{backend.api}/requests/{number}.json").json())  # not public
    storage = backend.client.app.state.storage
    [note] = [n for n in storage.notes_for([storage.get_request(number)["id"]])[storage.get_request(number)["id"]]
              if n["source"] == "citizen" and not n["for_citizen"]]
    assert note["note"] == "Rückmeldung der meldenden Person: Das Loch ist nur halb zu. Mit Foto."
    assert [p["file_name"] for p in storage.photos_of(number)] == [media_url.rsplit("/", 1)[1]]
    assert notes["status"] == "open"


@pytest.mark.parametrize("path, data, message", [
    ("feedback.json", {"answer": "vielleicht"}, "answer muss"),
    ("feedback.json", {"answer": "fixed", "account_id": ""}, "account_id fehlt"),
    ("remarks.json", {}, "remark oder media_url fehlt"),
    ("remarks.json", {"remark": "x" * 4001}, "zu lang"),
    ("rating.json", {"feedback_id": "1", "rating": "6"}, "rating muss"),
    ("rating.json", {"feedback_id": "eins", "rating": "3"}, "feedback_id"),
])
def test_bad_input_is_a_german_400(backend, path, data, message):
    number, account = solved_report(backend)
    response = keyed(backend, f"/requests/{number}/{path}", **{"account_id": account, **data})
    assert response.status_code == 400 and message in response.json()[0]["description"]


def test_unknown_report_and_missing_key(backend):
    assert answer(backend, "999999", "chat-1", "fixed").status_code == 404
    response = backend.client.post(f"{backend.api}/requests/1/feedback.json", data={"account_id": "x", "answer": "fixed"})
    assert response.status_code == 403


def test_the_dashboard_shows_answers_and_ratings_per_month_and_category(backend, staff_client):
    number, account = solved_report(backend)
    thanked = answer(backend, number, account, "fixed").json()[0]
    keyed(backend, f"/requests/{number}/rating.json", account_id=account, feedback_id=str(thanked["feedback_id"]),
          rating="5")
    page = staff_client.get("/staff/dashboard").text
    section = page.split('id="zufriedenheit"')[1].split("</section>")[0]
    assert "Graffiti" in section
    row = next(r for r in section.split("<tr>") if "Graffiti" in r)
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    assert int(cells[2]) >= 1 and int(cells[8]) >= 1  # behoben, and at least one 5


def upload(backend) -> str:
    response = backend.client.post("/media", files={"file": ("f.jpg", jpeg_bytes(), "image/jpeg")},
                                   headers={"X-Api-Key": backend.api_key})
    return response.json()["media_url"]


def test_an_album_is_one_report_with_all_its_photos(backend, staff_client):
    urls = [upload(backend) for _ in range(3)]
    response = backend.client.post(f"{backend.api}/requests.json", data={
        "api_key": backend.api_key, "service_code": "graffiti", "lat": "50.8765", "long": "12.0812",
        "description": "Album", "media_url": urls[0], "more_media_url": urls[1:]})
    assert response.status_code == 201, response.text
    number = response.json()[0]["service_request_id"]
    storage = backend.client.app.state.storage
    assert sorted(p["file_name"] for p in storage.photos_of(number)) == sorted(u.rsplit("/", 1)[1] for u in urls)
    page = staff_client.get(f"/staff/reports/{number}").text
    assert "Weitere Fotos" in page and all(u.rsplit("/", 1)[1] in page for u in urls)


def test_more_than_five_photos_or_extra_photos_alone_are_refused(backend):
    base = {"api_key": backend.api_key, "service_code": "graffiti", "lat": "50.8765", "long": "12.0812"}
    six = backend.client.post(f"{backend.api}/requests.json", data={
        **base, "media_url": "http://x.de/a.jpg", "more_media_url": [f"http://x.de/{n}.jpg" for n in range(5)]})
    assert six.status_code == 400 and "Höchstens 5 Fotos" in six.json()[0]["description"]
    alone = backend.client.post(f"{backend.api}/requests.json", data={**base, "more_media_url": "http://x.de/b.jpg"})
    assert alone.status_code == 400 and "nur zusammen mit media_url" in alone.json()[0]["description"]
