"""Rasa owns the conversations: deleting goes through its own routes (channels/privacy.py), with its token."""

import httpx


def events(settings, sender: str) -> list:
    response = httpx.get(f"{settings.rasa_url}/conversations/{sender}/tracker",
                         params={"token": settings.rasa_api_token}, timeout=30)
    response.raise_for_status()
    return [e for e in response.json()["events"] if e["event"] == "user"]


def delete(settings, sender: str, token: str) -> httpx.Response:
    return httpx.post(f"{settings.rasa_url}/webhooks/privacy/conversations/{sender}/delete",
                      params={"token": token}, timeout=30)


def test_a_conversation_is_deleted_by_its_owner(stack, citizen):
    citizen.says("Hallo")
    citizen.says("Wo beantrage ich einen Reisepass?")
    assert len(events(stack.settings, citizen.sender)) == 2

    answer = delete(stack.settings, citizen.sender, stack.settings.rasa_api_token)

    assert answer.status_code == 200 and answer.json()["deleted"] > 2
    assert events(stack.settings, citizen.sender) == []


def test_without_the_token_nothing_is_deleted(stack, citizen):
    citizen.says("Hallo")
    for token in ("", "wrong-token", "falsches-Kennwort-ä"):
        assert delete(stack.settings, citizen.sender, token).status_code == 401
    assert len(events(stack.settings, citizen.sender)) == 1


def test_retention_needs_a_time_and_deletes_only_what_is_older(stack, citizen):
    citizen.says("Hallo")
    url = f"{stack.settings.rasa_url}/webhooks/privacy/delete_older_than"
    token = {"token": stack.settings.rasa_api_token}
    assert httpx.post(url, params=token, json={"before": "gestern"}, timeout=30).status_code == 400
    assert httpx.post(url, params=token, json={}, timeout=30).status_code == 400
    assert httpx.post(url, params={"token": "wrong"}, json={"before": 0}, timeout=30).status_code == 401

    answer = httpx.post(url, params=token, json={"before": 0}, timeout=30)

    assert answer.json() == {"deleted": 0}
    assert len(events(stack.settings, citizen.sender)) == 1
