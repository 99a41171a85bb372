"""Honest states (issue 16): besides "erledigt", staff can say "erledigt, aber nicht behebbar" (with the reason)
and "nicht zuständig" (with who is and how to reach them). The citizen's notification carries it; Open311
stays open/closed with the detail in status_notes; the queue counts both as closed.
"""

import uuid

import pytest

from tests.fast.app.conftest import csrf_from, file_report


def change(staff_client, number, **fields):
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    return staff_client.post(f"/staff/reports/{number}/state", data={"csrf_token": token, **fields})


def a_report(backend) -> tuple:
    account = f"chat-{uuid.uuid4().hex[:8]}"
    return file_report(backend, description="Brücke beschmiert", account_id=account), account


def notifications_of(backend, account) -> list:
    response = backend.client.get("/notifications.json", params={"limit": 200}, headers={"X-Api-Key": backend.api_key})
    return [row for row in response.json() if row["account_id"] == account]


def city_view(backend, number) -> dict:
    return backend.client.get(f"{backend.api}/requests/{number}.json",
                              headers={"X-Api-Key": backend.api_key}).json()[0]


def test_not_responsible_tells_the_citizen_who_is_and_how_to_reach_them(backend, staff_client):
    number, account = a_report(backend)
    response = change(staff_client, number, state="not_responsible", responsible="Deutsche Bahn (Bahnanlagen und -brücken)",
                      contact="Störungsmeldung auf bahnhof.de", note="Die Brücke gehört der Bahn.")
    assert response.status_code == 303
    report = city_view(backend, number)
    assert report["status"] == "closed"
    assert report["status_notes"] == ("Zuständig ist: Deutsche Bahn (Bahnanlagen und -brücken). So erreichen Sie die "
                                      "Stelle: Störungsmeldung auf bahnhof.de. Die Brücke gehört der Bahn.")
    [news] = [n for n in notifications_of(backend, account) if n["state_code"] == "not_responsible"]
    assert "Stand jetzt: nicht zuständig." in news["text"] and "Zuständig ist: Deutsche Bahn" in news["text"]
    assert "Störungsmeldung auf bahnhof.de" in news["text"]
    closed = staff_client.get("/staff/reports", params={"stand": "abgeschlossen"}).text
    assert f">{number}</a>" in closed


@pytest.mark.parametrize("responsible, contact", [("", "0365 123"), ("Deutsche Bahn", "   "), ("", "")])
def test_not_responsible_without_who_or_how_is_refused_and_changes_nothing(backend, staff_client, responsible, contact):
    number, account = a_report(backend)
    response = change(staff_client, number, state="not_responsible", responsible=responsible, contact=contact,
                      note="Nicht unsere Sache.")
    assert response.status_code == 400 and "wer zuständig ist und wie man die Stelle erreicht" in response.text
    assert ">Nicht unsere Sache.</textarea>" in response.text  # what staff typed stays in the form
    assert city_view(backend, number)["status"] == "open" and notifications_of(backend, account) == []


def test_not_fixable_closes_with_the_reason(backend, staff_client):
    number, account = a_report(backend)
    reason = "Der Baum steht unter Naturschutz und darf nicht gefällt werden."
    assert change(staff_client, number, state="not_fixable", note=reason).status_code == 303
    report = city_view(backend, number)
    assert report["status"] == "closed" and report["status_notes"] == reason
    [news] = notifications_of(backend, account)
    assert "Stand jetzt: erledigt, aber nicht behebbar." in news["text"] and reason in news["text"]


def test_not_fixable_needs_a_reason(backend, staff_client):
    number, _account = a_report(backend)
    response = change(staff_client, number, state="not_fixable", note="  ")
    assert response.status_code == 400 and city_view(backend, number)["status"] == "open"


def test_the_city_systems_can_set_the_new_states_by_name(backend):
    number, account = a_report(backend)
    response = backend.client.post(f"{backend.api}/requests/{number}/status.json",
                                   data={"api_key": backend.api_key, "state": "erledigt, aber nicht behebbar",
                                         "note": "Privatgrund."})
    assert response.status_code == 200, response.text
    assert city_view(backend, number)["status"] == "closed"


def test_staff_read_the_lamp_of_a_streetlight_report_in_german(backend, staff_client):
    number = file_report(backend, service_code="streetlight", description="Lampe aus",
                         **{"attribute[pole_number]": "0815"})
    page = staff_client.get(f"/staff/reports/{number}").text
    assert "<dt>Lampe (Mastnummer)</dt><dd>0815</dd>" in page and "pole_number" not in page
