"""The staff overview: reports per category and state, per day, and the share of messages not understood."""

import re
from datetime import datetime

from backend import dates
from tests.staff_fixtures import csrf_from, file_report

pytest_plugins = ["tests.staff_fixtures"]


def _cell(html: str, kategorie: str, stand: str) -> int:
    """The count in the category × state table (0 when the cell has no link)."""
    match = re.search(rf'href="/staff/reports\?kategorie={kategorie}&amp;stand={stand}">(\d+)<', html)
    return int(match.group(1)) if match else 0


def _today_count(html: str) -> int:
    today = datetime.now(dates.BERLIN).date().isoformat()
    match = re.search(rf'href="/staff/reports\?von={today}&amp;bis={today}">(\d+)<', html)
    return int(match.group(1)) if match else 0


def test_dashboard_counts_new_reports_per_category_state_and_day(backend, staff_client):
    before = staff_client.get("/staff/dashboard").text
    first = file_report(backend, service_code="streetlight", description="Laterne aus")
    file_report(backend, service_code="streetlight", description="Noch eine Laterne aus")
    token = csrf_from(staff_client.get(f"/staff/reports/{first}").text)
    changed = staff_client.post(f"/staff/reports/{first}/state",
                                data={"state": "solved", "note": "Leuchtmittel getauscht.", "csrf_token": token})
    assert changed.status_code == 303

    after = staff_client.get("/staff/dashboard")
    assert after.status_code == 200 and "<h1>Übersicht</h1>" in after.text
    assert _cell(after.text, "streetlight", "received") == _cell(before, "streetlight", "received") + 1
    assert _cell(after.text, "streetlight", "solved") == _cell(before, "streetlight", "solved") + 1
    assert _today_count(after.text) == _today_count(before) + 2


def test_dashboard_without_conversations_shows_no_share(backend, staff_client):
    """The backend alone has no conversation store yet: the overview still works and says "–"."""
    html = staff_client.get("/staff/dashboard").text
    section = html.split('id="verstaendnis"')[1].split("</section>")[0]
    assert "letzte 7 Tage" in section and "–" in section
