"""A report the assistant's outbox files late (notify_account=true): the citizen's account is told its number once.

The backend in-process (tests/fast/app/conftest.py); each test files under its own account_id and reads the
notifications of that account only, so the tests share one app without depending on each other.
"""

import uuid

from tests.fast.app.conftest import InProcessBackend

DELIVERED_LATER = "Ihre gespeicherte Meldung ist jetzt bei der Stadt eingegangen"


def new_id() -> str:
    return uuid.uuid4().hex


def post_report(backend: InProcessBackend, account_id: str, key: str = "", **fields):
    data = {"api_key": backend.api_key, "service_code": "streetlight", "lat": "50.8763", "long": "12.0836",
            "description": f"Laterne am Markt ist aus ({new_id()})", "account_id": account_id, **fields}
    headers = {"Idempotency-Key": key} if key else {}
    return backend.client.post(f"{backend.api}/requests.json", data=data, headers=headers)


def notifications_of(backend: InProcessBackend, account_id: str) -> list:
    response = backend.client.get(f"{backend.url}/notifications.json", params={"limit": "200"},
                                  headers={"X-Api-Key": backend.api_key})
    assert response.status_code == 200, response.text
    return [n for n in response.json() if n["account_id"] == account_id]


def test_report_filed_late_tells_the_citizen_its_number(backend):
    account = new_id()
    response = post_report(backend, account, notify_account="true")
    assert response.status_code == 201, response.text
    [answer] = response.json()
    assert answer["account_notified"] is True
    [news] = notifications_of(backend, account)
    number = answer["service_request_id"]
    assert news["service_request_id"] == number and news["role"] == "reporter"
    assert news["text"] == f"{DELIVERED_LATER}: Nr. {number} (Straßenbeleuchtung)."


def test_report_filed_at_once_sends_no_notification(backend):
    account = new_id()
    response = post_report(backend, account)
    assert response.status_code == 201, response.text
    assert "account_notified" not in response.json()[0]  # the citizen sees the number in the chat
    assert notifications_of(backend, account) == []


def test_report_filed_late_twice_with_the_same_key_tells_the_number_once(backend):
    account, key, text = new_id(), new_id(), f"Laterne am Markt ist aus ({new_id()})"
    first = post_report(backend, account, key, description=text, notify_account="true")
    replay = post_report(backend, account, key, description=text, notify_account="true")
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert replay.json()[0]["account_notified"] is True
    assert len(notifications_of(backend, account)) == 1


def test_replay_after_a_lost_answer_of_an_immediate_filing_tells_the_number(backend):
    """The action filed at once but the answer got lost (timeout); the outbox's try with the flag notifies."""
    account, key, text = new_id(), new_id(), f"Laterne am Markt ist aus ({new_id()})"
    assert post_report(backend, account, key, description=text).status_code == 201
    replay = post_report(backend, account, key, description=text, notify_account="true")
    assert replay.status_code == 200 and replay.json()[0]["account_notified"] is True
    [news] = notifications_of(backend, account)
    assert news["service_request_id"] == replay.json()[0]["service_request_id"]


def test_report_filed_late_without_account_notifies_nobody(backend):
    response = post_report(backend, "", device_id=new_id(), notify_account="true")
    assert response.status_code == 201, response.text
    assert "account_notified" not in response.json()[0]


def test_notify_account_that_is_no_flag_is_refused(backend):
    response = post_report(backend, new_id(), notify_account="vielleicht")
    assert response.status_code == 400
    assert "notify_account" in response.json()[0]["description"]
