"""Known incidents (backend/incidents.py): the lighting operator's fault messages, staff recording and closing
incidents, the actions' lookup, citizens waiting for a fix and their notifications."""

import uuid
from datetime import timedelta

import pytest

from backend import assets, dates, incidents
from tests.fast.app.conftest import csrf_from, file_report

LAMPS = [assets.Asset("streetlight", "7701", 50.9300, 12.1500), assets.Asset("streetlight", "7702", 50.9301, 12.1501),
         assets.Asset("streetlight", "7703", 50.9310, 12.1510)]


@pytest.fixture(scope="module")
def operator(backend):
    """The register's lamps and a client that sends the operator's key."""
    assets.store(backend.client.app.state.storage, LAMPS)
    key = backend.client.app.state.operator_key

    def post(body, key=key, **kwargs):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        if isinstance(body, (dict, list)):
            return backend.client.post("/incidents/operator.json", json=body, headers=headers, **kwargs)
        return backend.client.post("/incidents/operator.json", content=body, headers=headers, **kwargs)
    return post


def fault(lamp="7701", text="Leuchtmittel defekt", minutes_ago=5, **more):
    moment = dates.to_public(dates.to_db(dates.now() - timedelta(minutes=minutes_ago)))
    return {"lamp": lamp, "fault": text, "time": moment, **more}


def known(backend, **params):
    return backend.client.get("/incidents/known.json", params={"category": "streetlight", **params},
                              headers={"X-Api-Key": backend.api_key})


def notifications_of(backend, account) -> list:
    rows = backend.client.get("/notifications.json", params={"limit": 200},
                              headers={"X-Api-Key": backend.api_key}).json()
    return [row for row in rows if row["account_id"] == account]


def watch(backend, incident_id, account):
    return backend.client.post(f"/incidents/{incident_id}/watchers.json", data={"account_id": account},
                               headers={"X-Api-Key": backend.api_key})


def close_one(storage, incident_id):
    incidents.close(storage, incident_id, "test")


def test_an_operator_fault_is_recorded_once_however_often_it_is_sent(backend, operator):
    message = fault("7702", message_id=f"m-{uuid.uuid4().hex}")
    first, again = operator(message), operator(message)
    assert first.status_code == 201 and first.json()["created"] is True
    assert again.status_code == 200 and again.json()["incident"]["id"] == first.json()["incident"]["id"]
    body = first.json()["incident"]
    assert body["lamp"] == "7702" and body["description"] == "Lampe 7702: Leuchtmittel defekt"
    assert body["source"] == "operator" and body["radius"] == incidents.LAMP_RADIUS
    close_one(backend.client.app.state.storage, body["id"])


def test_a_newer_fault_of_a_known_lamp_updates_its_incident(backend, operator):
    first = operator(fault("7703", "Mast beschädigt", minutes_ago=30)).json()["incident"]
    later = operator(fault("7703", "Leuchte flackert", minutes_ago=2))
    assert later.status_code == 200 and later.json()["incident"]["id"] == first["id"]
    assert later.json()["incident"]["description"] == "Lampe 7703: Leuchte flackert"
    late_old = operator(fault("7703", "Mast beschädigt", minutes_ago=60)).json()["incident"]
    assert late_old["description"] == "Lampe 7703: Leuchte flackert"  # an older message arriving late changes nothing
    close_one(backend.client.app.state.storage, first["id"])


@pytest.mark.parametrize("body, message", [
    ({"lamp": "9999", "fault": "aus", "time": "2026-12-06T20:00:00+01:00"},
     "Eine Lampe „9999“ gibt es im Anlagenverzeichnis nicht"),
    ({"lamp": "7701", "fault": "aus", "time": "gestern"}, "„time“ ist keine Zeit nach ISO 8601"),
    ({"lamp": "7701", "fault": "aus", "time": "2999-01-01T00:00:00Z"}, "„time“ liegt in der Zukunft"),
    ({"lamp": "7701", "time": "2026-12-06T20:00:00+01:00"}, "„fault“ fehlt oder ist leer"),
    ({"fault": "aus", "time": "2026-12-06T20:00:00+01:00"}, "„lamp“ fehlt oder ist leer"),
    ({"lamp": "7701", "fault": "aus"}, "„time“ fehlt oder ist leer"),
    ({"lamp": 7701, "fault": "aus", "time": "2026-12-06T20:00:00+01:00"}, "„lamp“ fehlt oder ist leer"),
    ({"lamp": "7701", "fault": "x" * 501, "time": "2026-12-06T20:00:00+01:00"}, "„fault“ ist zu lang"),
    ({"lamp": "7701", "time": "2026-12-06T20:00:00+01:00", "cleared": "ja"}, "„cleared“ muss true oder false sein"),
    (["7701"], "Bitte ein JSON-Objekt senden"),
    (b"{kaputt", "Der Inhalt ist kein gültiges JSON"),
    (b"[" * 100_000, "Der Inhalt ist kein gültiges JSON"),
    (b"", "Bitte ein JSON-Objekt senden"),
])
def test_a_bad_fault_message_gets_a_german_400_and_records_nothing(backend, operator, body, message):
    before = backend.client.app.state.storage.db.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
    response = operator(body)
    assert response.status_code == 400 and message in response.json()[0]["description"]
    assert backend.client.app.state.storage.db.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == before


@pytest.mark.parametrize("key", ["", "falsch"])
def test_a_fault_message_without_the_operator_key_is_refused(backend, operator, key):
    assert operator(fault(), key=key).status_code == 403


def test_the_open311_key_is_not_the_operator_key(backend, operator):
    assert operator(fault(), key=backend.api_key).status_code == 403


def test_the_operator_key_in_the_url_is_refused(backend, operator):
    assert operator(fault(), params={"api_key": "x"}).status_code == 400


def test_a_citizen_near_the_lamp_learns_of_the_fault_but_not_for_another_lamp(backend, operator):
    incident = operator(fault("7701", "Leuchte aus")).json()["incident"]
    near = known(backend, lat="50.93005", long="12.15003").json()["incidents"]
    assert [item["id"] for item in near] == [incident["id"]] and near[0]["distance"] < 25
    assert known(backend, lat="50.93005", long="12.15003", lamp="7701").json()["incidents"][0]["same_lamp"] is True
    assert known(backend, lat="50.93005", long="12.15003", lamp="7702").json()["incidents"] == []
    assert known(backend, lat="50.9350", long="12.1500").json()["incidents"] == []  # 550 m away
    assert known(backend, lat="50.93005", long="12.15003", category="graffiti").json()["incidents"] == []
    close_one(backend.client.app.state.storage, incident["id"])


@pytest.mark.parametrize("params, status", [
    ({"lat": "50.93", "long": "x"}, 400), ({"lat": "nan", "long": "12.1"}, 400),
    ({"lat": "50.93", "long": "12.15", "category": "zauberei"}, 400)])
def test_a_bad_lookup_gets_a_german_400(backend, params, status):
    assert known(backend, **params).status_code == status


def test_the_lookup_needs_the_key(backend):
    response = backend.client.get("/incidents/known.json",
                                  params={"category": "streetlight", "lat": 50.93, "long": 12.15})
    assert response.status_code == 403


def test_open_reports_of_the_same_lamp_are_offered_to_support(backend, operator):
    number = file_report(backend, service_code="streetlight", lat="50.9301", long="12.1501",
                         **{"attribute[pole_number]": "7702"})
    reports = known(backend, lat="50.9301", long="12.1501", lamp="7702").json()["reports"]
    assert [report["service_request_id"] for report in reports] == [number]
    backend.client.app.state.storage.set_state(number, "solved", "Repariert.")
    assert known(backend, lat="50.9301", long="12.1501", lamp="7702").json()["reports"] == []


def test_everyone_waiting_is_notified_once_when_the_operator_clears_the_fault(backend, operator):
    incident = operator(fault("7701", "Leuchte aus", minutes_ago=3)).json()["incident"]
    first, second = f"11{uuid.uuid4().int % 10**8}", f"12{uuid.uuid4().int % 10**8}"
    assert watch(backend, incident["id"], first).json() == {"watchers": 1, "created": True}
    assert watch(backend, incident["id"], first).json() == {"watchers": 1, "created": False}
    assert watch(backend, incident["id"], second).json()["watchers"] == 2
    cleared = operator({"lamp": "7701", "time": fault()["time"], "cleared": True})
    assert cleared.status_code == 200 and cleared.json()["cleared"] is True
    assert operator({"lamp": "7701", "time": fault()["time"], "cleared": True}).json()["cleared"] is False
    for account in (first, second):
        [note] = notifications_of(backend, account)
        assert note["state_code"] == "incident_closed" and note["role"] == "watcher"
        assert note["text"].startswith("Die Störung ist vorbei: Lampe 7701: Leuchte aus.")
        assert note["service_request_id"] == ""
    assert watch(backend, incident["id"], "13").status_code == 409
    assert known(backend, lat="50.93005", long="12.15003").json()["incidents"] == []


def test_watching_an_unknown_incident_is_404_and_needs_an_account(backend):
    assert watch(backend, 999999, "42").status_code == 404
    assert watch(backend, "abc", "42").status_code == 404
    assert watch(backend, 1, "").status_code == 400


def test_delete_my_data_forgets_that_the_citizen_waits(backend, operator):
    incident = operator(fault("7702", "Leuchte aus")).json()["incident"]
    account = f"14{uuid.uuid4().int % 10**8}"
    watch(backend, incident["id"], account)
    response = backend.client.post("/accounts/unlink.json", data={"account_id": account},
                                   headers={"X-Api-Key": backend.api_key})
    assert response.status_code == 200
    close_one(backend.client.app.state.storage, incident["id"])
    assert notifications_of(backend, account) == []


# ---- staff web ---------------------------------------------------------------------------------------------

def staff_record(staff_client, **fields):
    token = csrf_from(staff_client.get("/staff/stoerungen").text)
    data = {"category": "road_damage", "lamp": "", "lat": "", "long": "", "radius": "100", "description": "",
            "valid_until": "", **fields}
    return staff_client.post("/staff/stoerungen", data={"csrf_token": token, **data})


def test_staff_record_road_works_until_a_date_and_citizens_there_learn_of_them(backend, staff_client):
    until = (dates.now().astimezone(dates.BERLIN).date() + timedelta(days=10)).isoformat()
    response = staff_record(staff_client, lat="50,9200", long="12.1400", radius="150",
                            description="Baustelle Wiesestraße, Belag wird erneuert", valid_until=until)
    assert response.status_code == 303
    found = known(backend, category="road_damage", lat="50.9205", long="12.1402").json()["incidents"]
    assert found[0]["description"] == "Baustelle Wiesestraße, Belag wird erneuert" and found[0]["valid_until"]
    page = staff_client.get("/staff/stoerungen").text
    assert "Baustelle Wiesestraße" in page and "Die Störung ist eingetragen." in staff_client.get(
        "/staff/stoerungen?ok=gespeichert").text
    assert "Störung eingetragen" in staff_client.get("/staff/protokoll").text


def test_staff_record_a_case_cleared_up_and_it_is_told_as_done_for_a_week(backend, staff_client):
    response = staff_record(staff_client, category="tree", lat="50.9150", long="12.1450", radius="80",
                            description="Der umgestürzte Baum ist beseitigt", cleared="1")
    assert response.status_code == 303
    [found] = known(backend, category="tree", lat="50.9151", long="12.1451").json()["incidents"]
    assert found["cleared"] is True and found["description"] == "Der umgestürzte Baum ist beseitigt"
    assert dates.parse(found["valid_until"]) > dates.now() + timedelta(days=6)
    assert "schon erledigt:" in staff_client.get("/staff/stoerungen").text


def test_road_works_past_their_date_are_no_longer_told(backend):
    storage = backend.client.app.state.storage
    row, _ = incidents.record(storage, service_code="road_damage", lat=50.9100, long=12.1300, radius=100,
                              description="Alte Baustelle", source="staff",
                              valid_until=dates.to_db(dates.now() - timedelta(hours=1)))
    assert known(backend, category="road_damage", lat="50.9100", long="12.1300").json()["incidents"] == []


@pytest.mark.parametrize("fields, message", [
    ({"description": "Lampe aus", "lamp": "4711"}, "Eine Lampe „4711“ gibt es im Anlagenverzeichnis nicht"),
    ({"description": "Baustelle", "lat": "52.52", "long": "13.40"}, "liegt nicht in Gera"),
    ({"description": "Baustelle", "lat": "fünfzig", "long": "12.1"}, "„Breite“ muss eine Zahl sein"),
    ({"description": "Baustelle"}, "Bitte eine Lampennummer oder Breite und Länge angeben"),
    ({"lat": "50.92", "long": "12.14"}, "Bitte beschreiben, was bekannt ist"),
    ({"description": "B", "lat": "50.92", "long": "12.14", "radius": "50000"}, "„Umkreis“ muss zwischen 1 und"),
    ({"description": "B", "lat": "50.92", "long": "12.14", "valid_until": "2020-01-01"}, "liegt in der Vergangenheit"),
    ({"description": "B", "lat": "50.92", "long": "12.14", "valid_until": "morgen"}, "ist kein Datum"),
    ({"description": "B", "lat": "50.92", "long": "12.14", "category": "zauberei"}, "Bitte eine Kategorie wählen"),
])
def test_a_bad_staff_form_keeps_what_was_typed_and_says_why(backend, staff_client, fields, message):
    response = staff_record(staff_client, **fields)
    assert response.status_code == 400 and message in response.text
    if fields.get("description"):
        assert fields["description"] in response.text  # nothing typed is lost


def test_staff_close_an_incident_and_everyone_waiting_is_told_with_the_note(backend, staff_client, operator):
    staff_record(staff_client, category="streetlight", lamp="7703", description="Leuchte defekt, Ersatzteil bestellt")
    found = known(backend, lat="50.9310", long="12.1510", lamp="7703").json()["incidents"]
    incident = found[0]
    account = f"15{uuid.uuid4().int % 10**8}"
    watch(backend, incident["id"], account)
    assert "<td>1</td>" in staff_client.get("/staff/stoerungen").text  # one citizen waits
    token = csrf_from(staff_client.get("/staff/stoerungen").text)
    response = staff_client.post(f"/staff/stoerungen/{incident['id']}/schliessen",
                                 data={"csrf_token": token, "note": "Leuchte getauscht."})
    assert response.status_code == 303
    [note] = notifications_of(backend, account)
    assert "Hinweis der Stadt: Leuchte getauscht." in note["text"]
    assert "Störung geschlossen" in staff_client.get("/staff/protokoll").text


@pytest.mark.parametrize("path, status", [("/staff/stoerungen/999999/schliessen", 404),
                                          ("/staff/stoerungen/abc/schliessen", 404)])
def test_closing_an_unknown_incident_says_so(staff_client, path, status):
    token = csrf_from(staff_client.get("/staff/stoerungen").text)
    response = staff_client.post(path, data={"csrf_token": token})
    assert response.status_code == status and "gibt es nicht" in response.text


def test_citizen_text_in_an_incident_is_rendered_escaped(backend, staff_client):
    staff_record(staff_client, lat="50.92", long="12.14", description="<script>alert(1)</script>")
    page = staff_client.get("/staff/stoerungen").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


# ---- the migration and the adapter ------------------------------------------------------------------------

def test_the_migration_keeps_waiting_notifications_and_their_trigger(tmp_path):
    """A database of version 13 with an undelivered notification: after migration 14 it is still pending, and
    a staff note still notifies the reporter (the trigger was written again around the rebuilt table)."""
    from sqlite_utils import Database

    from backend import notifications, schema
    from backend.storage import Storage

    db = Database(tmp_path / "backend.db")
    db["schema_version"].create({"version": int, "description": str, "applied_datetime": str}, pk="version")
    for version, description, apply in schema.MIGRATIONS[:13]:
        apply(db)
        db["schema_version"].insert({"version": version, "description": description, "applied_datetime": "x"})
    db.execute("INSERT INTO requests (service_code, requested_datetime, updated_datetime) VALUES ('tree', 'x', 'x')")
    db.execute("INSERT INTO reporters (request_id, account_id) VALUES (1000, '4242')")
    db.execute("INSERT INTO notes (request_id, datetime, status, state, note, source) "
               "VALUES (1000, '2026-12-01T10:00:00+00:00', 'open', 'in_progress', 'Kommt.', 'staff')")
    db.conn.commit()
    assert db.execute("SELECT COUNT(*) FROM notifications").fetchone()[0] == 1
    db.conn.close()
    storage = Storage(tmp_path / "backend.db")
    assert schema.current_version(storage.db) == 14
    storage.db.execute("UPDATE requests SET service_request_id = '1000' WHERE id = 1000")
    storage.db.conn.commit()
    assert [row["note"] for row in notifications.pending(storage, 0, 10)] == ["Kommt."]
    storage.set_state("1000", "solved", "Erledigt.")
    assert [row["note"] for row in notifications.pending(storage, 0, 10)] == ["Kommt.", "Erledigt."]


def test_the_adapter_sends_a_fixed_incident_without_the_question_for_a_report():
    from bot.notifications import message_of

    text, buttons = message_of({"state_code": "incident_closed", "service_request_id": "", "text": "Behoben."})
    assert text == "Behoben." and [b["title"] for b in buttons] == ["Meine Meldungen"]
