"""Rasa owns the conversations: deleting goes through its own routes (channels/privacy.py), with its token;
the staff web gets its copy through Rasa's event broker, the conversation feed (channels/conversation_feed.py)."""

import httpx

from scripts.stack import backend
from tests.staff_fixtures import copied_events, wait_for_copy


def bearer(token: str) -> dict:
    """The token as Rasa and its deleting routes take it: a header, never the URL (bytes: any character; none
    for no token)."""
    return {"Authorization": f"Bearer {token}".encode()} if token else {}


def events(settings, sender: str) -> list:
    response = httpx.get(f"{settings.rasa_url}/conversations/{sender}/tracker",
                         headers=bearer(settings.rasa_api_token), timeout=30)
    response.raise_for_status()
    return [e for e in response.json()["events"] if e["event"] == "user"]


def delete(settings, sender: str, token: str) -> httpx.Response:
    return httpx.post(f"{settings.rasa_url}/webhooks/privacy/conversations/{sender}/delete",
                      headers=bearer(token), timeout=30)


def test_a_conversation_is_deleted_by_its_owner(stack, citizen):
    citizen.says("Hallo")
    citizen.says("Wo beantrage ich einen Reisepass?")
    assert len(events(stack.settings, citizen.sender)) == 2

    assert wait_for_copy(stack.settings, citizen.sender)

    answer = delete(stack.settings, citizen.sender, stack.settings.rasa_api_token)

    assert answer.status_code == 200 and answer.json()["deleted"] > 2
    assert answer.json()["copy_deleted"] is True
    assert events(stack.settings, citizen.sender) == []
    assert copied_events(stack.settings, citizen.sender) == [], "the staff web's copy is gone too"


def test_an_older_event_another_rasa_instance_sends_after_the_deletion_stays_deleted(stack, citizen):
    """With Rasa instances on several machines each sends its own events: one sent late must not bring a deleted
    conversation back into the staff web's copy; what the citizen writes after the deletion is kept."""
    citizen.says("Hallo")
    before_deletion = wait_for_copy(stack.settings, citizen.sender)[-1][3]
    assert delete(stack.settings, citizen.sender, stack.settings.rasa_api_token).json()["copy_deleted"] is True

    late = {**before_deletion, "text": "aus der Warteschlange einer anderen Instanz"}
    key = {"X-Api-Key": (stack.settings.data_dir / "open311-api-key").read_text().strip()}
    answer = httpx.post(f"{stack.settings.backend_url}/conversations/events.json", headers=key,
                        json={"events": [late]}, timeout=30)
    assert answer.json() == {"stored": 0, "deleted": 0, "ignored": 1}
    citizen.says("Hallo")
    assert [event.get("text") for _id, kind, _action, event in wait_for_copy(stack.settings, citizen.sender)
            if kind == "user"] == ["Hallo"]


def test_without_the_token_nothing_is_deleted(stack, citizen):
    citizen.says("Hallo")
    for token in ("", "wrong-token", "falsches-Kennwort-ä"):
        assert delete(stack.settings, citizen.sender, token).status_code == 401
    assert len(events(stack.settings, citizen.sender)) == 1


def test_retention_needs_a_time_and_deletes_only_what_is_older(stack, citizen):
    citizen.says("Hallo")
    url = f"{stack.settings.rasa_url}/webhooks/privacy/delete_older_than"
    token = bearer(stack.settings.rasa_api_token)
    assert httpx.post(url, headers=token, json={"before": "gestern"}, timeout=30).status_code == 400
    assert httpx.post(url, headers=token, json={}, timeout=30).status_code == 400
    assert httpx.post(url, headers=bearer("wrong"), json={"before": 0}, timeout=30).status_code == 401

    answer = httpx.post(url, headers=token, json={"before": 0}, timeout=30)

    assert answer.json() == {"deleted": 0, "copy_deleted": True}
    assert len(events(stack.settings, citizen.sender)) == 1
    assert wait_for_copy(stack.settings, citizen.sender), "the copy keeps what is younger"


def test_the_copy_waits_for_a_backend_that_is_down_and_loses_nothing(stack, citizen):
    """Events and a deletion made while the backend is down reach it, in order, once it is back."""
    stack.stop("backend")
    try:
        citizen.says("Hallo")
        citizen.says("Wo beantrage ich einen Reisepass?")
        answer = delete(stack.settings, citizen.sender, stack.settings.rasa_api_token)
        assert answer.status_code == 200 and answer.json()["copy_deleted"] is False
        citizen.says("Wann hat das Bürgerbüro offen?")
    finally:
        stack.start("backend", backend)
    copy = wait_for_copy(stack.settings, citizen.sender)
    said = [event["text"] for _id, kind, _action, event in copy if kind == "user"]
    assert said == ["Wann hat das Bürgerbüro offen?"], "what was deleted stays deleted, the rest arrives"


def test_the_backend_takes_the_copy_only_with_its_key_and_only_well_formed(stack):
    url = f"{stack.settings.backend_url}/conversations/events.json"
    key = {"X-Api-Key": (stack.settings.data_dir / "open311-api-key").read_text().strip()}
    event = {"event": "user", "sender_id": "feed-test", "timestamp": 1.5, "text": "Hallo", "parse_data": {}}
    assert httpx.post(url, json={"events": [event]}, timeout=30).status_code == 403
    assert httpx.post(url, headers={"X-Api-Key": "falsch"}, json={"events": [event]}, timeout=30).status_code == 403
    for body in ({"events": "Hallo"}, {"events": [{"event": "user"}]}, {"events": [7]}, [event],
                 {"events": [{"event": "events_deleted_before", "before": "gestern"}]}):
        answer = httpx.post(url, headers=key, json=body, timeout=30)
        assert answer.status_code == 400 and answer.json()[0]["description"], body
    broken = httpx.post(url, content=b"{kein json", timeout=30, headers={**key, "content-type": "application/json"})
    assert broken.status_code == 400 and "JSON" in broken.text
    assert copied_events(stack.settings, "feed-test") == [], "a refused batch stores nothing"
    answer = httpx.post(url, headers=key, json={"events": [event, {"event": "slot", "sender_id": "feed-test"}]},
                        timeout=30)
    assert answer.json() == {"stored": 1, "deleted": 0, "ignored": 0}, "only user, bot and action events are kept"
