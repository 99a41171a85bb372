"""The staff catalog page (backend/staff/routers/catalog.py): facts by age with source, "geprüft am" set by staff
(audited); a fact checked within 12 months is no longer due, an edited fact is unchecked again."""

import html
import re

from backend.staff import catalog_checks
from tests.fast.app.conftest import csrf_from


def due_count(page: str) -> tuple:
    match = re.search(r"(\d+) von (\d+) Angaben sind fällig", page)
    return int(match.group(1)), int(match.group(2))


def test_due_facts_are_listed_with_source_and_can_be_confirmed(backend, staff_client):
    page = staff_client.get("/staff/katalog").text
    due, total = due_count(page)
    assert 0 < due <= total and "fällig" in page and 'target="_blank"' in page
    key = html.unescape(re.search(r'name="fact" value="([^"]+)"', page).group(1))
    response = staff_client.post("/staff/katalog/pruefen", data={"csrf_token": csrf_from(page), "fact": key})
    assert response.status_code == 303
    after = staff_client.get("/staff/katalog?geprueft=1").text
    assert "als geprüft vermerkt" in after and due_count(after) == (due - 1, total)
    everything = staff_client.get("/staff/katalog?alle=1").text
    row = next(r for r in everything.split("<tr") if f'value="{html.escape(key)}"' in r)
    assert "nie" not in row.split("<td>")[-2]  # the date and the name of who checked
    protocol = staff_client.get("/staff/protokoll", params={"aktion": "catalog_check"}).text
    assert "Katalogangabe geprüft" in protocol and key.split("#")[0] in protocol


def test_an_unknown_or_edited_fact_is_refused(backend, staff_client):
    page = staff_client.get("/staff/katalog").text
    response = staff_client.post("/staff/katalog/pruefen", data={"csrf_token": csrf_from(page),
                                                                 "fact": "services.passport.fees[0]#0000"})
    assert response.status_code == 400 and "gibt es so nicht mehr" in response.text


def test_an_edited_fact_counts_as_unchecked():
    fact = {"where": "services.passport.fees[0]", "text": "70 €", "stand": "2026-02-13"}
    assert catalog_checks.fact_key(fact) != catalog_checks.fact_key({**fact, "text": "75 €"})
    assert catalog_checks.fact_key(fact) != catalog_checks.fact_key({**fact, "stand": "2027-01-01"})


def test_the_page_needs_login(backend):
    response = backend.new_client().get("/staff/katalog", follow_redirects=False)
    assert response.status_code in (302, 303) and "/staff/login" in response.headers["location"]
