"""The whole audit log of the staff web: every status change and merge, filtered by action and staff member."""

import uuid

from tests.staff_fixtures import csrf_from, file_report, login

pytest_plugins = ["tests.staff_fixtures"]


def _change(client, number: str, state: str, note: str, original: str = "") -> None:
    token = csrf_from(client.get(f"/staff/reports/{number}").text)
    response = client.post(f"/staff/reports/{number}/state",
                           data={"state": state, "note": note, "original": original, "csrf_token": token})
    assert response.status_code == 303, response.text


def test_audit_log_lists_changes_and_merges_newest_first(backend, new_staff_user):
    name, password = new_staff_user()
    client = login(backend, name, password)
    marker = uuid.uuid4().hex[:8]
    original, duplicate = file_report(backend), file_report(backend)
    _change(client, original, "in_progress", f"Wird repariert {marker}")
    _change(client, duplicate, "duplicate", f"Schon gemeldet {marker}", original=original)

    page = client.get("/staff/protokoll", params={"benutzer": name})
    assert page.status_code == 200
    rows = page.text.split('<table class="queue audit-log">')[1].split("</table>")[0]
    assert rows.index(f"Meldung {duplicate}") < rows.index(f"Meldung {original}"), "newest first"
    assert f"Wird repariert {marker}" in rows and f"Duplikat von Meldung {original}" in rows
    assert "Stand geändert" in rows and "Duplikat zusammengeführt" in rows

    merges = client.get("/staff/protokoll", params={"benutzer": name, "aktion": "merge"}).text
    assert f"Meldung {duplicate}" in merges and f"Wird repariert {marker}" not in merges
    client.close()


def test_audit_log_escapes_notes(backend, staff_client):
    """Tags are stripped from notes on the way in; what stays (<, >, &) is shown escaped."""
    number = file_report(backend)
    _change(staff_client, number, "rejected", "Abstand < 5 m & Höhe > 2 m: kein Mangel")
    html = staff_client.get("/staff/protokoll", params={"aktion": "status_change"}).text
    assert "Abstand &lt; 5 m &amp; Höhe &gt; 2 m: kein Mangel" in html


def test_unknown_action_or_page_is_400_in_german(staff_client):
    response = staff_client.get("/staff/protokoll", params={"aktion": "loeschen"})
    assert response.status_code == 400 and "Unbekannte Aktion „loeschen“" in response.text
    response = staff_client.get("/staff/protokoll", params={"seite": "²"})
    assert response.status_code == 400 and "„seite“ muss eine positive ganze Zahl sein." in response.text
