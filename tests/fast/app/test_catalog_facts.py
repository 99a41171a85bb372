"""The catalog's facts as a citizen may act on them: federal fees stated as such, age bounds, deadlines, next steps,
no other town's rule stated as Gera's; the validator's nasty cases; /catalog/facts for keeping the catalog true.

The data tests read the shipped catalog through the API (in-process) and check the rules, not copied texts,
except for the federal amounts of issue 15, which the law fixes for every German city.
"""

import copy
from datetime import date

import pytest

from backend import catalog

SCOPE_WORDS = {"bund": "bundesweit", "land": "in Thüringen", "gera": "in Gera"}


@pytest.fixture
def data():
    """A fresh copy of the shipped catalog as parsed data, free to break."""
    return catalog.parse(catalog.CATALOG_FILE.read_text(encoding="utf-8"))


def service(backend, code: str) -> dict:
    return backend.client.get(f"/catalog/services/{code}").json()


def fees_for_age(fees: list, label: str, age: int) -> list:
    """The amounts of the fees called `label` that hold for someone of `age`."""
    return [fee["amount_eur"] for fee in fees if fee["label"] == label and not fee["unknown"]
            and fee.get("age_from", 0) <= age < fee.get("age_under", 200)]


def service_facts(answer: dict):
    for key in ("fees", "documents", "appointment", "online", "processing", "deadlines"):
        yield from answer[key]


# --- what the shipped catalog states -------------------------------------------------------

@pytest.mark.parametrize("code, label, age, amount", [
    ("passport", "Reisepass", 30, 70.00), ("passport", "Reisepass", 24, 70.00),
    ("passport", "Reisepass", 16, 37.50), ("passport", "Reisepass", 23, 37.50),
    ("id_card", "Personalausweis", 45, 46.00), ("id_card", "Personalausweis", 16, 27.60),
])
def test_passport_and_id_card_fee_for_an_age_is_the_federal_one(backend, code, label, age, amount):
    fees = service(backend, code)["fees"]
    assert fees_for_age(fees, label, age) == [amount]
    assert all(fee["scope_text"] == "bundesweit" for fee in fees if fee["label"] == label)


def test_certificate_of_conduct_costs_13_euro_nationwide_and_goes_online_at_the_federal_office(backend):
    answer = service(backend, "certificate_of_conduct")
    assert answer["fees"][0]["amount_eur"] == 13.00 and answer["fees"][0]["scope"] == "bund"
    online = {"label": "Online beantragen", "url": "https://www.fuehrungszeugnis.bund.de/"}
    assert online in answer["next_step"]["links"]


def test_registration_deadline_is_two_weeks_nationwide(backend):
    deadlines = service(backend, "residence_registration")["deadlines"]
    assert "2 Wochen" in deadlines[0]["text"] and deadlines[0]["scope_text"] == "bundesweit"


@pytest.mark.parametrize("year, due", [(2003, "2027-01-19"), (2000, "2026-01-19"), (2006, "2028-01-19")])
def test_driving_licence_card_of_a_year_has_its_exchange_date(backend, year, due):
    deadlines = service(backend, "driving_licence")["deadlines"]
    matching = [d for d in deadlines if d.get("issued_from", 9999) <= year <= d.get("issued_to", 0)]
    assert [d["due"] for d in matching] == [due]


def test_passport_needs_an_appointment_booked_at_the_h35(backend):
    step = service(backend, "passport")["next_step"]
    assert step["appointment_required"] is True
    assert step["booking_url"] == "https://gera.de/H35" and step["booking_phone"] == "0365 838-1900"
    assert {"label": "Termin buchen", "url": "https://gera.de/H35"} in step["links"]


@pytest.mark.parametrize("code", sorted(catalog.SERVICE_CODES))
def test_every_known_fact_of_a_service_says_where_it_holds_and_its_stand(backend, code):
    for fact in service_facts(service(backend, code)):
        assert fact["stand"], fact
        if not fact["unknown"]:
            assert fact["scope_text"] == SCOPE_WORDS[fact["scope"]], fact
        for link in fact["links"]:
            assert link["url"].startswith("https://") and link["label"]


def test_no_fact_from_another_town_is_stated_as_gera_and_no_amount_unless_federal(backend):
    facts = backend.client.get("/catalog/facts").json()["facts"]
    for fact in facts:
        if fact["source"]["elsewhere"] and not fact["unknown"] and fact["service"]:
            assert fact["scope"] != "gera", fact
            if fact["amount_eur"] is not None:
                assert fact["scope"] == "bund", fact


@pytest.mark.parametrize("code", ["civil_status_certificate", "marriage"])
def test_standesamt_fees_known_only_from_weimar_are_asked_at_the_standesamt(backend, code):
    fees = service(backend, code)["fees"]
    assert fees and all(fee["unknown"] and fee["amount_eur"] is None for fee in fees)
    assert all("Standesamt Gera" in fee["hint"] and "0365 838-254" in fee["hint"] for fee in fees)


# --- the validator's nasty cases -------------------------------------------------------------

def first_doc(data, code="passport") -> dict:
    return data["services"][code]["documents"][0]


def test_fact_without_source_is_refused(data):
    del first_doc(data)["source"]
    assert "Leistung 'passport', Feld 'documents[0].source': fehlt" in catalog.problems(data)


def test_amount_without_source_is_refused(data):
    data["services"]["dog_tax"]["fees"].append({"label": "Zweiter Hund", "amount_eur": 120, "scope": "gera"})
    assert "Leistung 'dog_tax', Feld 'fees[3].source': fehlt" in catalog.problems(data)


def test_known_fact_without_scope_is_refused_and_unknown_needs_none(data):
    del first_doc(data)["scope"]
    assert "Leistung 'passport', Feld 'documents[0].scope': fehlt (bund, land oder gera: wo die Angabe gilt)" in (
        catalog.problems(data))
    data = copy.deepcopy(data)
    first_doc(data)["scope"] = "europa"
    assert "Leistung 'passport', Feld 'documents[0].scope': muss bund, land oder gera sein" in catalog.problems(data)


def test_amount_from_another_town_stated_for_gera_or_thuringia_is_refused(data):
    fee = {"label": "Urkunde", "amount_eur": 10, "scope": "gera", "source": "q47"}
    data["services"]["civil_status_certificate"]["fees"] = [fee]
    assert any(p.startswith("Leistung 'civil_status_certificate', Feld 'fees[0].source': Quelle aus Weimar")
               for p in catalog.problems(data))
    fee["scope"] = "land"
    assert any("Betrag aus einer Quelle aus Weimar" in p for p in catalog.problems(data))
    fee["scope"] = "bund"  # federal law fixes it for everyone: a page of any town may say so
    assert catalog.problems(data) == []


def test_warned_fact_kept_unknown_with_the_office_to_ask_is_accepted(data):
    data["services"]["marriage"]["fees"] = [{"label": "Trauung", "unknown": True, "ask": "standesamt", "source": "q50"}]
    assert catalog.problems(data) == []
    hint = catalog.Catalog(data).service("marriage")["fees"][0]["hint"]
    assert hint == "Das wissen wir noch nicht sicher. Bitte erfragen bei: Standesamt Gera, Telefon 0365 838-2540."


def test_unknown_with_an_amount_or_ask_on_a_known_fact_is_refused(data):
    data["services"]["marriage"]["fees"][0]["amount_eur"] = 40
    first_doc(data)["ask"] = "h35"
    found = catalog.problems(data)
    assert "Leistung 'marriage', Feld 'fees[0].amount_eur': unknown: true und ein Wert schließen sich aus" in found
    assert any(p.startswith("Leistung 'passport', Feld 'documents[0].ask': nur bei unknown: true") for p in found)


@pytest.mark.parametrize("ask, message", [
    ("rathaus99", "unbekanntes Amt oder unbekannte Stelle 'rathaus99'"),
    ("ordnungsamt", "'ordnungsamt' hat keine bekannte Telefonnummer"),  # only its units have one
    ("ordnungsamt.kantine", "unbekanntes Amt oder unbekannte Stelle 'ordnungsamt.kantine'"),
])
def test_unknown_fact_must_name_an_office_that_can_be_phoned(data, ask, message):
    data["services"]["lost_and_found"]["fees"][0]["ask"] = ask
    expected = "Leistung 'lost_and_found', Feld 'fees[0].ask': " + message
    assert any(p.startswith(expected) for p in catalog.problems(data))


@pytest.mark.parametrize("link, field, message", [
    ({"label": "Termin buchen", "url": "http://gera.de/H35"}, "url", "keine Adresse, die mit https:// beginnt"),
    ({"label": "Termin buchen", "url": "https://"}, "url", "keine Adresse, die mit https:// beginnt"),
    ({"label": "Termin buchen", "url": "javascript:alert(1)"}, "url", "keine Adresse, die mit https:// beginnt"),
    ({"label": "Termin buchen"}, "url", "fehlt"),
    ({"label": "Hier klicken, um einen Termin zu buchen", "url": "https://gera.de/H35"}, "label", "zu lang"),
])
def test_link_that_is_no_short_https_button_is_refused(data, link, field, message):
    data["services"]["passport"]["appointment"][0]["links"] = [link]
    expected = f"Leistung 'passport', Feld 'appointment[0].links[0].{field}': {message}"
    assert any(p.startswith(expected) for p in catalog.problems(data)), catalog.problems(data)


def test_undated_source_is_accepted_only_as_o_d(data):
    data["sources"]["q1"]["stand"] = "o. D."
    assert catalog.problems(data) == []
    data["sources"]["q1"]["stand"] = "ohne Datum"
    assert any(p.startswith("Quelle 'q1', Feld 'stand': kein Datum") for p in catalog.problems(data))


def test_broken_deadline_and_age_bounds_are_named(data):
    deadline = data["services"]["driving_licence"]["deadlines"][0]
    deadline.update(issued_from=2005, issued_to=2002, due="19.01.2027")
    data["services"]["passport"]["fees"][0]["age_under"] = 18  # age_from 24
    found = catalog.problems(data)
    assert "Leistung 'driving_licence', Feld 'deadlines[0].issued_to': liegt vor issued_from" in found
    assert any(p.startswith("Leistung 'driving_licence', Feld 'deadlines[0].due': kein Datum") for p in found)
    assert "Leistung 'passport', Feld 'fees[0].age_under': muss größer als age_from sein" in found


def test_unknown_further_source_is_named(data):
    first_doc(data)["also"] = ["q99"]
    assert "Leistung 'passport', Feld 'documents[0].also[0]': unbekannte Quelle 'q99' (nicht unter sources)" in (
        catalog.problems(data))


# --- /catalog/facts: every fact by age, for the staff ----------------------------------------

def test_fact_list_has_every_fact_with_stand_and_source_address_oldest_first(backend):
    answer = backend.client.get("/catalog/facts").json()
    facts = answer["facts"]
    assert answer["count"] == len(facts) > 100
    dated = [fact["stand_date"] for fact in facts if fact["stand_date"]]
    undated = [fact for fact in facts if not fact["stand_date"]]
    assert dated == sorted(dated) and facts[:len(undated)] == undated  # the undated first: their age is unknown
    assert all(fact["stand"] == "o. D." for fact in undated)
    passport_fee = next(f for f in facts if f["where"] == "services.passport.fees[0]")
    assert passport_fee["source"]["url"].startswith("https://www.gesetze-im-internet.de/")
    assert passport_fee["info_type"] == "fees" and passport_fee["stand"] == "2026-02-13"


def test_fact_list_older_than_a_year_keeps_the_old_and_the_undated(backend):
    old = backend.client.get("/catalog/facts", params={"older_than_months": 12}).json()["facts"]
    every = backend.client.get("/catalog/facts").json()["facts"]
    assert 0 < len(old) < len(every)
    assert all(fact["age_months"] is None or fact["age_months"] > 12 for fact in old)
    assert any(fact["where"].startswith("offices.fahrerlaubnisbehoerde.hours") for fact in old)  # 2022


def test_fact_list_with_negative_age_is_400_in_german(backend):
    response = backend.client.get("/catalog/facts", params={"older_than_months": -1})
    assert response.status_code == 400 and "older_than_months" in response.json()[0]["description"]


def test_age_in_months_counts_calendar_months(data):
    facts = catalog.Catalog(data).facts(date(2027, 3, 1), older_than_months=None)
    fee = next(f for f in facts if f["where"] == "services.passport.fees[0]")  # Stand 2026-02-13
    assert fee["age_months"] == 13
