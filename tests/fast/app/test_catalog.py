"""The service catalog: its data, its validation, "open now" with a fixed clock, and the /catalog API.

The open-now tests use an office with the StadtService H35's hours written
out here, so they test the logic, not the (city-editable) data. The API tests
run against the backend's app in-process and compare with the catalog file,
not with copied strings.
"""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from backend import catalog
from backend.catalog import hours

ROOT = Path(__file__).resolve().parents[3]

BERLIN = ZoneInfo("Europe/Berlin")
H35_PHONE = "0365 838-1900"

# The H35's hours as gera-facts.md gives them: Saturday only on the first one of the month.
OFFICE = {
    "hours": {
        "regular": {
            "mo": ["09:00-15:00"], "di": ["09:00-18:00"], "mi": ["09:00-13:00"],
            "do": ["09:00-18:00"], "fr": ["09:00-15:00"], "sa": ["09:00-13:00"],
        },
        "rules": [{"day": "sa", "weeks_of_month": [1]}],
        "closed_on_holidays": True,
        "source": "h35-zeiten",
    }
}


def berlin(*parts) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def contract_services() -> set:
    contract = yaml.safe_load((ROOT / "nlu" / "contract.yml").read_text(encoding="utf-8"))
    return set(contract["entities"]["service"]["values"])


@pytest.fixture
def data():
    """A fresh copy of the shipped catalog as parsed data, free to break."""
    return catalog.parse(catalog.CATALOG_FILE.read_text(encoding="utf-8"))


def get(backend, path: str, **params) -> httpx.Response:
    return backend.client.get(path, params=params)


def walk_facts(tree):
    """Every fact in a rendered answer (each fact carries `unknown`)."""
    if isinstance(tree, dict):
        if "unknown" in tree:
            yield tree
        for value in tree.values():
            yield from walk_facts(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from walk_facts(value)


# --- open now, fixed clock -------------------------------------------------------------

def test_weekday_within_hours_is_open_until_closing():
    at = berlin(2026, 11, 24, 10, 0)  # Tuesday
    assert hours.is_open(OFFICE, at) is True
    assert hours.current_range(OFFICE, at)[1] == berlin(2026, 11, 24, 18, 0)


def test_opening_time_is_open_and_closing_time_is_closed():
    assert hours.is_open(OFFICE, berlin(2026, 11, 23, 9, 0)) is True
    assert hours.next_opening(OFFICE, berlin(2026, 11, 23, 9, 0)) == berlin(2026, 11, 23, 9, 0)
    assert hours.is_open(OFFICE, berlin(2026, 11, 23, 15, 0)) is False


def test_weekday_after_hours_is_closed_and_opens_next_morning():
    at = berlin(2026, 11, 23, 16, 0)  # Monday, closes at 15:00
    assert hours.is_open(OFFICE, at) is False
    assert hours.next_opening(OFFICE, at) == berlin(2026, 11, 24, 9, 0)


def test_first_saturday_of_the_month_is_open():
    assert hours.is_open(OFFICE, berlin(2026, 11, 7, 10, 0)) is True
    assert hours.today(OFFICE, berlin(2026, 11, 7, 10, 0)) == ["09:00-13:00"]


def test_other_saturday_is_closed_and_opens_on_monday():
    at = berlin(2026, 11, 14, 10, 0)  # second Saturday
    assert hours.is_open(OFFICE, at) is False
    assert hours.today(OFFICE, at) == []
    assert hours.next_opening(OFFICE, at) == berlin(2026, 11, 16, 9, 0)


def test_friday_evening_before_first_saturday_opens_on_saturday():
    assert hours.next_opening(OFFICE, berlin(2026, 11, 6, 16, 0)) == berlin(2026, 11, 7, 9, 0)


def test_thuringian_holiday_on_a_weekday_is_closed():
    at = berlin(2027, 9, 20, 10, 0)  # Weltkindertag, a Monday (in 2026 it is a Sunday)
    assert hours.holiday_name(at.date()) == "Weltkindertag"
    assert hours.is_open(OFFICE, at) is False
    assert hours.next_opening(OFFICE, at) == berlin(2027, 9, 21, 9, 0)


def test_reformationstag_is_a_holiday_in_thuringia():
    assert hours.holiday_name(date(2026, 10, 31)) == "Reformationstag"  # a Saturday
    at = berlin(2028, 10, 31, 10, 0)  # a Tuesday
    assert hours.is_open(OFFICE, at) is False
    assert hours.next_opening(OFFICE, at) == berlin(2028, 11, 1, 9, 0)  # Allerheiligen is no holiday here


def test_weltkindertag_counts_only_since_2019():
    assert hours.holiday_name(date(2018, 9, 20)) is None
    assert hours.holiday_name(date(2019, 9, 20)) == "Weltkindertag"


def test_day_before_a_holiday_next_opening_skips_the_holiday():
    at = berlin(2026, 5, 13, 14, 0)  # Wednesday after closing; Thursday is Christi Himmelfahrt
    assert hours.next_opening(OFFICE, at) == berlin(2026, 5, 15, 9, 0)


def test_first_saturday_on_a_holiday_stays_closed():
    at = berlin(2026, 10, 2, 16, 0)  # Friday; Saturday 3 October is the first Saturday and a holiday
    assert hours.next_opening(OFFICE, at) == berlin(2026, 10, 5, 9, 0)


def test_next_opening_across_the_clock_change_has_summer_offset():
    opens = hours.next_opening(OFFICE, berlin(2026, 3, 27, 16, 0))  # clocks go forward on Sunday 29 March
    assert opens == berlin(2026, 3, 30, 9, 0)
    assert opens.isoformat() == "2026-03-30T09:00:00+02:00"


def test_utc_and_naive_times_are_read_as_berlin_time():
    assert hours.is_open(OFFICE, datetime.fromisoformat("2026-11-24T08:30:00+00:00")) is True  # 09:30 in Berlin
    assert hours.is_open(OFFICE, datetime(2026, 11, 24, 8, 30)) is False  # naive = Berlin time


def test_unknown_hours_give_no_answer():
    office = {"hours": {"unknown": True, "source": "keine-angabe"}}
    assert hours.is_open(office, berlin(2026, 11, 24, 10, 0)) is None
    assert hours.next_opening(office, berlin(2026, 11, 24, 10, 0)) is None


# --- catalog data and validation ---------------------------------------------------------

def test_shipped_catalog_is_valid(data):
    assert catalog.problems(data) == []


def test_every_contract_service_has_an_entry(data):
    assert set(catalog.SERVICE_CODES) == contract_services()
    assert set(data["services"]) == contract_services()


def test_fee_that_is_no_number_names_entry_and_field(data):
    data["services"]["passport"]["fees"][0]["amount_eur"] = "siebzig"
    assert "Leistung 'passport', Feld 'fees[0].amount_eur': keine Zahl" in catalog.problems(data)
    with pytest.raises(catalog.CatalogError, match=r"Leistung 'passport', Feld 'fees\[0\]\.amount_eur'"):
        catalog.validate(data)


def test_fee_without_source_is_refused(data):
    del data["services"]["id_card"]["fees"][1]["source"]
    assert "Leistung 'id_card', Feld 'fees[1].source': fehlt" in catalog.problems(data)


def test_fee_with_amount_and_unknown_is_refused(data):
    data["services"]["passport"]["fees"][0]["unknown"] = True
    assert any("'fees[0].amount_eur': unknown: true" in p for p in catalog.problems(data))


def test_broken_office_hours_and_references_are_named(data):
    data["offices"]["h35"]["hours"]["regular"]["mo"] = ["9-15"]
    data["services"]["dog_tax"]["office"] = "steuer"
    data["services"]["lost_and_found"]["fees"][0]["source"] = "nirgends"
    found = catalog.problems(data)
    assert any(p.startswith("Amt 'h35', Feld 'hours.regular.mo[0]'") for p in found)
    assert "Leistung 'dog_tax', Feld 'office': unbekanntes Amt 'steuer' (nicht unter offices)" in found
    assert any(p.startswith("Leistung 'lost_and_found', Feld 'fees[0].source'") for p in found)


def test_missing_contract_service_and_misspelt_field_are_named(data):
    del data["services"]["marriage"]
    data["services"]["passport"]["fees"][0]["amount_euro"] = 70
    found = catalog.problems(data)
    assert any(p.startswith("Leistung 'marriage': fehlt") for p in found)
    assert "Leistung 'passport', Feld 'fees[0].amount_euro': unbekanntes Feld" in found


def test_broken_file_names_file_entry_and_field(tmp_path):
    text = catalog.CATALOG_FILE.read_text(encoding="utf-8").replace("amount_eur: 70.00", 'amount_eur: "70 Euro"')
    broken = tmp_path / "catalog.yml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(catalog.CatalogError) as error:
        catalog.load(broken)
    assert str(broken) in str(error.value)
    assert "Leistung 'passport', Feld 'fees[0].amount_eur': keine Zahl" in error.value.problems


def test_duplicate_key_in_file_is_refused_with_line():
    with pytest.raises(catalog.CatalogError, match="Zeile 3: .*'passport' doppelt"):
        catalog.parse("services:\n  passport: {}\n  passport: {}\n")


def test_backend_does_not_start_with_a_broken_catalog(tmp_path, monkeypatch):
    from backend import app, config
    broken = tmp_path / "catalog.yml"
    broken.write_text("version: 1\n", encoding="utf-8")
    monkeypatch.setattr("backend.catalog.data.CATALOG_FILE", broken)
    settings = config.load({"STADTBOT_DATA_DIR": str(tmp_path / "data"), "OPEN311_API_KEY": "k"})
    with pytest.raises(catalog.CatalogError, match="Leistung 'passport': fehlt"):
        app.create_app(settings)


# --- the API -------------------------------------------------------------------------------

def test_service_list_has_every_contract_service(backend):
    answer = get(backend, "/catalog/services").json()
    assert {service["code"] for service in answer["services"]} == contract_services()
    assert answer["count"] == len(contract_services())


@pytest.mark.parametrize("query, code", [
    ("Personalausweis", "id_card"), ("was kostet ein Perso", "id_card"), ("heiraten", "marriage"),
    ("Führerschein umtauschen", "driving_licence"), ("fuehrerschein", "driving_licence"),
    ("Sperrmüll", "bulky_waste"), ("Hundemarke", "dog_tax"), ("Wohngeld", "housing_benefit"),
])
def test_search_finds_the_service_first(backend, query, code):
    assert get(backend, "/catalog/services", q=query).json()["services"][0]["code"] == code


def test_search_without_match_is_empty(backend):
    assert get(backend, "/catalog/services", q="Wettervorhersage Fußball").json()["services"] == []


def test_service_answer_embeds_office_fees_sources_and_stand(backend, data):
    answer = get(backend, "/catalog/services/passport").json()
    assert answer["office"]["id"] == data["services"]["passport"]["office"]
    assert answer["office"]["address"]["text"].startswith(data["offices"]["h35"]["address"]["street"])
    assert answer["office"]["hours"]["lines"]
    assert [fee["amount_eur"] for fee in answer["fees"]] == [
        fee.get("amount_eur") for fee in data["services"]["passport"]["fees"]]
    assert set(answer["stands"]) == {"fees", "documents", "location", "opening_hours", "appointment", "online",
                                     "deadline"}
    assert answer["sources"] and all(source["stand"] for source in answer["sources"])
    assert answer["booking"]["url"] == data["offices"]["h35"]["booking"]["url"]


def test_age_rules_of_id_card_fees_are_structured(backend):
    fees = get(backend, "/catalog/services/id_card").json()["fees"]
    assert {(fee.get("age_from"), fee.get("age_under")) for fee in fees if fee["label"] == "Personalausweis"} == {
        (24, None), (None, 24)}


def catalog_phones(data) -> set:
    """Every phone number the catalog knows (offices and their units)."""
    phones = set()
    for office in data["offices"].values():
        for holder in [office, *office.get("units", {}).values()]:
            phone = holder.get("phone") or {}
            if not phone.get("unknown") and phone.get("value"):
                phones.add(phone["value"])
    return phones


@pytest.mark.parametrize("code", sorted(contract_services()))
def test_every_fee_and_fact_has_a_source_and_unknowns_name_whom_to_ask(backend, data, code):
    answer = get(backend, f"/catalog/services/{code}").json()
    for fee in answer["fees"]:
        assert fee["source"]["title"] and fee["source"]["stand"] and fee["source"]["confidence"] in ("H", "M", "?")
        assert fee["unknown"] or isinstance(fee["amount_eur"], (int, float))
    for fact in walk_facts(answer):
        assert fact["source"]["stand"], fact
        if fact["unknown"]:
            assert any(phone in fact["hint"] for phone in catalog_phones(data)), fact["hint"]
            assert fact.get("amount_eur") is None


def test_unknown_office_of_a_service_is_marked_unknown(backend):
    answer = get(backend, "/catalog/services/resident_parking").json()
    assert answer["office"]["unknown"] is True and H35_PHONE in answer["office"]["hint"]
    assert answer["stands"]["location"] is not None


def test_unknown_service_is_404_in_german(backend):
    response = get(backend, "/catalog/services/spaceship")
    assert response.status_code == 404
    assert "Leistung „spaceship“" in response.json()[0]["description"]


def test_office_list_and_one_office(backend, data):
    offices = get(backend, "/catalog/offices").json()["offices"]
    assert [office["id"] for office in offices] == list(data["offices"])
    h35 = get(backend, "/catalog/offices/h35").json()
    assert h35["phone"]["value"] == data["offices"]["h35"]["phone"]["value"]
    assert get(backend, "/catalog/offices/ordnungsamt").json()["units"]["fundbuero"]["phone"]["value"]


def test_unknown_office_is_404_in_german(backend):
    for path in ("/catalog/offices/rathaus99", "/catalog/offices/rathaus99/open"):
        response = get(backend, path)
        assert response.status_code == 404
        assert "Amt „rathaus99“" in response.json()[0]["description"]


def test_open_on_reformationstag_says_holiday_and_next_opening(backend, data):
    answer = get(backend, "/catalog/offices/h35/open", at="2028-10-31T10:00:00+01:00").json()
    office = data["offices"]["h35"]
    expected = hours.next_opening(office, berlin(2028, 10, 31, 10, 0))
    assert answer["open"] is False and answer["holiday"] == "Reformationstag" and answer["today"] == []
    assert answer["next_opening"] == expected.isoformat()


def test_open_within_hours_gives_closing_time(backend, data):
    at = berlin(2026, 11, 24, 10, 0)
    answer = get(backend, "/catalog/offices/h35/open", at=at.isoformat()).json()
    office = data["offices"]["h35"]
    assert answer["open"] is hours.is_open(office, at)
    assert answer["today"] == hours.today(office, at)
    assert answer["holiday"] is None
    assert answer["hours"]["source"]["stand"]


def test_open_without_at_uses_now_and_naive_at_is_berlin(backend):
    assert isinstance(get(backend, "/catalog/offices/h35/open").json()["open"], bool)
    assert get(backend, "/catalog/offices/h35/open", at="2026-11-24T10:00").json()["at"] == "2026-11-24T10:00:00+01:00"


def test_open_with_broken_at_is_400(backend):
    response = get(backend, "/catalog/offices/h35/open", at="morgen früh")
    assert response.status_code == 400
    assert "at" in response.json()[0]["description"]


def test_office_with_unknown_hours_says_so(backend):
    answer = get(backend, "/catalog/offices/awv/open", at="2026-11-24T10:00:00+01:00").json()
    assert answer["open"] is None and answer["next_opening"] is None and H35_PHONE in answer["hint"]
