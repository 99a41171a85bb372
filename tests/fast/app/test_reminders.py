"""Reminders for stalled reports (backend/reminders.py): staff set per category how many days a report may stay
"eingegangen" or "in Bearbeitung"; overdue ones are marked in the queue, listed on the dashboard, and served to
the messenger adapter for the staff group's daily summary (numbers and categories only)."""

import uuid

from tests.fast.app.conftest import csrf_from, file_report


def backdate(backend, number: str, days: int) -> None:
    with backend.client.app.state.storage.transaction() as db:
        db.execute("UPDATE requests SET updated_datetime = datetime('now', ?) || '+00:00' "
                   "WHERE service_request_id = ?", [f"-{days} days", number])


def set_deadlines(staff_client, **fields):
    token = csrf_from(staff_client.get("/staff/fristen").text)
    return staff_client.post("/staff/fristen", data={"csrf_token": token, **fields})


def overdue_json(backend) -> dict:
    return backend.client.get("/reminders/overdue.json", headers={"X-Api-Key": backend.api_key}).json()


def test_a_report_older_than_its_deadline_is_overdue_everywhere(backend, staff_client):
    marker = uuid.uuid4().hex[:8]
    late = file_report(backend, service_code="dead_animal", description=f"Tier {marker}")
    fresh = file_report(backend, service_code="dead_animal", description=f"Tier frisch {marker}")
    backdate(backend, late, 3)
    response = set_deadlines(staff_client, **{"dead_animal.received_days": "2", "dead_animal.in_progress_days": "10"})
    assert response.status_code == 303
    numbers = [r["service_request_id"] for r in overdue_json(backend)["reports"]]
    assert late in numbers and fresh not in numbers
    [row] = [r for r in overdue_json(backend)["reports"] if r["service_request_id"] == late]
    assert row == {"service_request_id": late, "service_code": "dead_animal", "category": row["category"],
                   "state": "received", "state_label": "eingegangen", "days": 3, "limit_days": 2}
    queue = staff_client.get("/staff/reports", params={"ueberfaellig": "ja"}).text
    assert f">{late}</a>" in queue and f">{fresh}</a>" not in queue and "überfällig" in queue
    dashboard = staff_client.get("/staff/dashboard").text.split('id="ueberfaellig"')[1].split("</section>")[0]
    assert f"Meldung {late}" in dashboard and "seit 3 Tagen (Frist 2)" in dashboard
    protocol = staff_client.get("/staff/protokoll", params={"aktion": "deadlines"}).text
    assert "Fristen geändert" in protocol


def test_in_progress_has_its_own_deadline_and_a_closed_report_is_never_overdue(backend, staff_client):
    working = file_report(backend, service_code="graffiti", description="in Arbeit")
    done = file_report(backend, service_code="graffiti", description="fertig")
    for number, state in ((working, "in_progress"), (done, "solved")):
        backend.client.post(f"{backend.api}/requests/{number}/status.json", data={"state": state, "note": "x"},
                            headers={"X-Api-Key": backend.api_key})
        backdate(backend, number, 20)
    set_deadlines(staff_client, **{"graffiti.received_days": "1", "graffiti.in_progress_days": "14"})
    numbers = {r["service_request_id"] for r in overdue_json(backend)["reports"]}
    assert working in numbers and done not in numbers
    set_deadlines(staff_client, **{"graffiti.received_days": "1", "graffiti.in_progress_days": ""})  # no limit
    assert working not in {r["service_request_id"] for r in overdue_json(backend)["reports"]}


def test_bad_days_are_refused_in_german_and_keep_what_was_typed(staff_client):
    response = set_deadlines(staff_client, **{"tree.received_days": "drei"})
    assert response.status_code == 400 and "ganze Zahl von 0 bis 365" in response.text and 'value="drei"' in response.text
    assert set_deadlines(staff_client, **{"tree.received_days": "400"}).status_code == 400
    assert set_deadlines(staff_client, **{"tree.received_days": "-1"}).status_code == 400


def test_the_summary_needs_the_key(backend):
    assert backend.client.get("/reminders/overdue.json").status_code == 403
    assert backend.client.get("/reminders/overdue.json", params={"api_key": backend.api_key}).status_code == 400
