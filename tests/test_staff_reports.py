"""The reports queue, the report page and the status change, per route: not found, invalid, valid.

Unauthorized access to every staff route: tests/fast/app/test_staff_security.py.
"""

import sqlite3
import uuid
from datetime import date, timedelta

import httpx

from tests.staff_fixtures import csrf_from, file_report

pytest_plugins = ["tests.staff_fixtures"]


class TestList:
    def test_invalid_filter_is_400_in_german(self, staff_client):
        for query, message in ((("stand", "kaputt"), "Unbekannter Bearbeitungsstand"),
                               (("kategorie", "x"), "Unbekannte Kategorie"),
                               (("von", "26.11.2026"), "muss ein Datum"),
                               (("foto", "vielleicht"), "„foto“"),
                               (("sortierung", "zufall"), "Unbekannte Sortierung"),
                               (("seite", "0"), "„seite“")):
            response = staff_client.get("/staff/reports", params=dict([query]))
            assert response.status_code == 400 and message in response.text, query

    def test_von_after_bis_is_invalid(self, staff_client):
        response = staff_client.get("/staff/reports", params={"von": "2026-02-01", "bis": "2026-01-01"})
        assert response.status_code == 400 and "„von“ liegt nach „bis“" in response.text

    def test_valid_shows_reports_and_filters(self, backend, staff_client):
        marker = uuid.uuid4().hex[:8]
        with_photo = file_report(backend, photo=True, description=f"Mit Foto {marker}")
        tree = file_report(backend, service_code="tree", description=f"Baum {marker}",
                           **{"attribute[tree_state]": "ast_ab"})
        page = staff_client.get("/staff/reports")
        assert page.status_code == 200 and with_photo in page.text and tree in page.text

        only_trees = staff_client.get("/staff/reports", params={"kategorie": "tree"}).text
        assert f"Baum {marker}" in only_trees and f"Mit Foto {marker}" not in only_trees
        photos = staff_client.get("/staff/reports", params={"foto": "ja"}).text
        assert f"Mit Foto {marker}" in photos and f"Baum {marker}" not in photos
        no_photos = staff_client.get("/staff/reports", params={"foto": "nein"}).text
        assert f"Baum {marker}" in no_photos and f"Mit Foto {marker}" not in no_photos

    def test_state_and_date_filters(self, backend, staff_client):
        marker = uuid.uuid4().hex[:8]
        number = file_report(backend, description=f"Stand {marker}")
        today = date.today()
        assert f"Stand {marker}" in staff_client.get("/staff/reports", params={"stand": "received"}).text
        assert f"Stand {marker}" in staff_client.get("/staff/reports", params={"stand": "offen"}).text
        assert f"Stand {marker}" not in staff_client.get("/staff/reports", params={"stand": "abgeschlossen"}).text
        in_range = {"von": (today - timedelta(days=1)).isoformat(), "bis": (today + timedelta(days=1)).isoformat()}
        assert number in staff_client.get("/staff/reports", params=in_range).text
        old = {"von": "2020-01-01", "bis": "2020-01-31"}
        assert f"Stand {marker}" not in staff_client.get("/staff/reports", params=old).text

    def test_sorting_oldest_and_newest(self, backend, staff_client):
        first = file_report(backend, description="Sortierung A")
        second = file_report(backend, description="Sortierung B")
        newest = staff_client.get("/staff/reports").text
        assert newest.index(f">{second}<") < newest.index(f">{first}<")
        oldest = staff_client.get("/staff/reports", params={"sortierung": "aelteste"}).text
        assert oldest.index(f">{first}<") < oldest.index(f">{second}<")

    def test_sorting_by_supporters(self, backend, staff_client):
        plain = file_report(backend, description="ohne Unterstützer")
        supported = file_report(backend, description="mit Unterstützer")
        httpx.post(f"{backend.api}/requests/{supported}/supporters.json",
                   data={"api_key": backend.api_key, "device_id": f"d-{uuid.uuid4().hex}"}).raise_for_status()
        html = staff_client.get("/staff/reports", params={"sortierung": "unterstuetzer"}).text
        assert html.index(f">{supported}<") < html.index(f">{plain}<")


class TestGet:
    def test_not_found(self, staff_client):
        for number in ("999999", "abc", "1%27%20OR%201"):
            response = staff_client.get(f"/staff/reports/{number}")
            assert response.status_code == 404 and "Meldung nicht gefunden" in response.text

    def test_valid_shows_photo_place_text_supporters_history(self, backend, staff_client):
        number = file_report(backend, photo=True, description="Graffiti am Rathaus",
                             address_string="Markt 1, 07545 Gera")
        httpx.post(f"{backend.api}/requests/{number}/supporters.json",
                   data={"api_key": backend.api_key, "device_id": f"d-{uuid.uuid4().hex}"}).raise_for_status()
        html = staff_client.get(f"/staff/reports/{number}").text
        assert "Graffiti am Rathaus" in html and "Markt 1, 07545 Gera" in html
        assert "50.876500, 12.081200" in html
        assert "https://www.openstreetmap.org/?mlat=50.876500&amp;mlon=12.081200" in html
        assert '<dd id="supporters">1</dd>' in html
        assert "Meldung eingegangen." in html  # the receipt note opens the history
        assert 'src="/media/' in html  # the protected, same-origin photo path

    def test_foreign_photo_url_is_not_loaded(self, backend, staff_client):
        number = file_report(backend, media_url="https://bilder.example/foto.jpg")
        html = staff_client.get(f"/staff/reports/{number}").text
        assert "https://bilder.example/foto.jpg" in html and 'src="https://bilder.example' not in html


class TestChangeState:
    def _post(self, client, number, **data):
        token = csrf_from(client.get(f"/staff/reports/{number}").text if number.isdigit()
                          else client.get("/staff/reports").text)
        return client.post(f"/staff/reports/{number}/state", data={"csrf_token": token, **data})

    def test_not_found(self, staff_client):
        assert self._post(staff_client, "999999", state="solved", note="Erledigt.").status_code == 404
        assert self._post(staff_client, "abc", state="solved", note="Erledigt.").status_code == 404

    def test_invalid_state_or_missing_note_is_400_and_changes_nothing(self, backend, staff_client):
        number = file_report(backend)
        unknown = self._post(staff_client, number, state="vergessen", note="Hallo")
        assert unknown.status_code == 400 and "gültigen Bearbeitungsstand" in unknown.text
        empty = self._post(staff_client, number, state="solved", note="   ")
        assert empty.status_code == 400 and "Bitte eine Notiz" in empty.text
        too_long = self._post(staff_client, number, state="solved", note="x" * 4001)
        assert too_long.status_code == 400 and "zu lang" in too_long.text
        report = httpx.get(f"{backend.api}/requests/{number}.json", params={"extensions": "true"}).json()[0]
        assert report["extended_attributes"]["state_code"] == "received" and len(report["notes"]) == 1

    def test_valid_sets_state_notifies_citizen_and_is_audited(self, backend, staff_client, staff_user):
        account = f"chat-{uuid.uuid4().hex[:8]}"
        number = file_report(backend, account_id=account)
        response = self._post(staff_client, number, state="in_progress",
                              note="Der Bauhof ist informiert und kommt diese Woche.")
        assert response.status_code == 303
        assert response.headers["location"] == f"/staff/reports/{number}?geaendert=1#verlauf"

        html = staff_client.get(f"/staff/reports/{number}").text
        assert "Der Bauhof ist informiert und kommt diese Woche." in html
        report = httpx.get(f"{backend.api}/requests/{number}.json", params={"extensions": "true"}).json()[0]
        assert report["extended_attributes"]["state_code"] == "in_progress"
        assert report["notes"][-1]["note"] == "Der Bauhof ist informiert und kommt diese Woche."

        pending = httpx.get(f"{backend.url}/notifications.json", params={"limit": 200},
                            headers={"X-Api-Key": backend.api_key}).json()
        mine = [n for n in pending if n["account_id"] == account]
        assert [n["state_code"] for n in mine] == ["in_progress"]
        assert "Der Bauhof ist informiert" in mine[0]["text"]

        with sqlite3.connect(backend.data_dir / "backend.db") as db:
            audit = db.execute("SELECT user_name, action, details FROM staff_audit WHERE service_request_id = ?",
                               [number]).fetchall()
        assert len(audit) == 1 and audit[0][0] == staff_user[0] and audit[0][1] == "status_change"
        assert '"from": "received"' in audit[0][2] and '"to": "in_progress"' in audit[0][2]
        assert f"{staff_user[0]}: Stand eingegangen → in Bearbeitung" in html

    def test_note_with_tags_is_stored_as_plain_text(self, backend, staff_client):
        number = file_report(backend)
        assert self._post(staff_client, number, state="solved", note="<b>Erledigt</b>").status_code == 303
        report = httpx.get(f"{backend.api}/requests/{number}.json", params={"extensions": "true"}).json()[0]
        assert report["notes"][-1]["note"] == "Erledigt"


def all_notifications(backend) -> list:
    """Every undelivered notification, page by page (the API gives at most 200 at once), key in the header."""
    found, after = [], 0
    while True:
        page = httpx.get(f"{backend.url}/notifications.json", params={"after": after, "limit": 200},
                         headers={"X-Api-Key": backend.api_key}).json()
        if not page:
            return found
        found += page
        after = page[-1]["id"]


class TestMergeDuplicate:
    _post = TestChangeState._post

    def _report(self, backend, number):
        return httpx.get(f"{backend.api}/requests/{number}.json", params={"extensions": "true"}).json()[0]

    def test_merge_moves_supporters_and_reporter_and_notifies(self, backend, staff_client, staff_user):
        marker = uuid.uuid4().hex[:8]
        original = file_report(backend, description=f"Original {marker}", account_id=f"orig-{marker}")
        duplicate = file_report(backend, description=f"Doppelt {marker}", account_id=f"dup-{marker}")
        both = f"d-both-{marker}"
        for number, device in ((original, both), (duplicate, both), (duplicate, f"d-only-{marker}")):
            httpx.post(f"{backend.api}/requests/{number}/supporters.json",
                       data={"api_key": backend.api_key, "device_id": device}).raise_for_status()

        response = self._post(staff_client, duplicate, state="duplicate", original=original,
                              note="Wir kümmern uns dort darum.")
        assert response.status_code == 303

        # 1 own + 1 moved (the shared one counts once) + the duplicate's reporter
        assert self._report(backend, original)["extended_attributes"]["supporters"] == 3
        dup = self._report(backend, duplicate)
        assert dup["extended_attributes"]["state_code"] == "duplicate"
        assert dup["notes"][-1]["note"] == f"Duplikat von Meldung {original}: Wir kümmern uns dort darum."
        told = [n for n in all_notifications(backend) if n["account_id"] == f"dup-{marker}"]
        assert [(n["service_request_id"], n["role"]) for n in told] == [(duplicate, "reporter")]

        html = staff_client.get(f"/staff/reports/{duplicate}").text
        assert f'<a href="/staff/reports/{original}">Duplikat von Meldung {original}</a>' in html
        assert f"zusammengeführt mit Meldung {original}" in html
        assert f'<a href="/staff/reports/{duplicate}">Meldung {duplicate}</a>' in \
            staff_client.get(f"/staff/reports/{original}").text
        with sqlite3.connect(backend.data_dir / "backend.db") as db:
            action, details = db.execute("SELECT action, details FROM staff_audit WHERE service_request_id = ?",
                                         [duplicate]).fetchone()
        assert action == "merge" and f'"original": "{original}"' in details and f'"duplicate": "{duplicate}"' in details

        # The duplicate's reporter now hears of the original's changes, as a supporter.
        assert self._post(staff_client, original, state="solved", note="Erledigt.").status_code == 303
        told = [n for n in all_notifications(backend) if n["account_id"] == f"dup-{marker}"]
        assert (original, "supporter", "solved") in [(n["service_request_id"], n["role"], n["state_code"])
                                                     for n in told]

    def test_invalid_merges_are_400_and_change_nothing(self, backend, staff_client):
        number = file_report(backend)
        merged = file_report(backend)
        target = file_report(backend)
        assert self._post(staff_client, merged, state="duplicate", original=target, note="Doppelt.").status_code == 303
        for original, message in (("", "Bitte die Nummer der ursprünglichen Meldung"),
                                  ("abc", "keine Meldungsnummer"),
                                  (number, "kein Duplikat von sich selbst"),
                                  ("999999", "Die Meldung 999999 gibt es nicht"),
                                  (merged, f"Die Meldung {merged} ist selbst ein Duplikat von Meldung {target}")):
            response = self._post(staff_client, number, state="duplicate", original=original, note="Doppelt.")
            assert response.status_code == 400 and message in response.text, original
            assert f'value="{original}"' in response.text  # the form keeps what was typed
        again = self._post(staff_client, merged, state="duplicate", original=number, note="Doch woanders.")
        assert again.status_code == 400 and f"schon als Duplikat von Meldung {target}" in again.text
        report = self._report(backend, number)
        assert report["extended_attributes"]["state_code"] == "received" and len(report["notes"]) == 1
