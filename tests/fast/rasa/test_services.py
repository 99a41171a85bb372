"""Service answers (actions/services.py) from catalog entries shaped like the API's: where a fact holds and its
Stand, the fee for the age named, the deadline for the year named, link buttons, the next step.

The catalog client is replaced by one that answers the entries below (the shape of GET /catalog/services/{code});
the catalog's own data and API are tested in tests/fast/app/test_catalog*.py.
"""

import pytest

from actions import services
from tests.fast.rasa.conftest import run, tracker

H35_HINT = "Das wissen wir noch nicht sicher. Bitte beim StadtService H35 erfragen: Telefon 0365 838-1900."
BOOK = {"label": "Termin buchen", "url": "https://gera.de/H35"}


def fact(text=None, scope="gera", stand="2020", links=(), **fields) -> dict:
    out = {"unknown": False, "scope": scope, "scope_text": services_scope(scope), "stand": stand,
           "source": {"id": "q", "title": "Quelle", "stand": stand}, "links": list(links), **fields}
    if text is not None:
        out["text"] = text
    return out


def services_scope(scope):
    return {"bund": "bundesweit", "land": "in Thüringen", "gera": "in Gera"}[scope]


def unknown(label_or_text: str, hint: str = H35_HINT, key: str = "text") -> dict:
    return {"unknown": True, key: label_or_text, "hint": hint, "source": {"id": "x", "stand": "2026-12-06"},
            "links": [], "stand": "2026-12-06", "scope": None, "scope_text": None}


def fee(label, amount, amount_text, **fields) -> dict:
    return fact(label=label, amount_eur=amount, amount_text=amount_text, scope="bund", stand="2026-02-13", **fields)


OFFICE = {"id": "h35", "name": "StadtService H35", "unknown": False,
          "address": {"unknown": False, "text": "Heinrichstraße 35, 07545 Gera"},
          "phone": {"unknown": False, "value": "0365 838-1900"},
          "booking": fact("Termin telefonisch oder online.", links=[BOOK]),
          "hours": {"unknown": False, "lines": ["Montag 09:00–15:00 Uhr"]}}

PASSPORT = {
    "code": "passport", "name": "Reisepass", "description": "Reisepass beantragen.", "office": OFFICE,
    "other_offices": [],
    "fees": [fee("Reisepass", 70.0, "70,00 €", condition="ab 24 Jahren", age_from=24),
             fee("Reisepass", 37.5, "37,50 €", condition="unter 24 Jahren", age_under=24),
             fee("Zuschlag Expresspass", 32.0, "32,00 €")],
    "documents": [fact("Den Pass beantragt man persönlich.", scope="bund", stand="o. D."),
                  unknown("Welche Unterlagen sonst nötig sind")],
    "appointment": [fact("Nur mit Termin im StadtService H35.", links=[BOOK], required=True)],
    "online": [fact("Beantragen geht nicht online.", scope="bund", links=[BOOK])],
    "processing": [], "deadlines": [],
    "stands": {"fees": "2026-02-13", "documents": "o. D.", "location": "2020", "opening_hours": "2023-12",
               "appointment": "2020", "online": "2020", "deadline": None},
}

LICENCE = {
    "code": "driving_licence", "name": "Führerschein", "description": "Führerschein umtauschen.",
    "office": {**OFFICE, "id": "fahrerlaubnisbehoerde", "name": "Fahrerlaubnisbehörde"},
    "other_offices": [], "fees": [unknown("Gebühren", key="label")], "documents": [], "appointment": [], "online": [],
    "processing": [],
    "deadlines": [fact("Ausgestellt 1999 bis 2001: bis 19. Januar 2026.", scope="bund", stand="o. D.",
                       issued_from=1999, issued_to=2001, due="2026-01-19"),
                  fact("Ausgestellt 2002 bis 2004: bis 19. Januar 2027.", scope="bund", stand="o. D.",
                       issued_from=2002, issued_to=2004, due="2027-01-19"),
                  fact("Später ausgestellt: gestaffelt bis 19. Januar 2033.", scope="bund", stand="o. D.")],
    "stands": {"fees": "2026-12-06", "deadline": "o. D."},
}


class FakeCatalog:
    """Answers the entries above, like actions/clients/catalog.py would from the API."""

    entries = {"passport": PASSPORT, "driving_licence": LICENCE}

    @classmethod
    def from_settings(cls, settings):
        return cls()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        pass

    async def service(self, code):
        return self.entries.get(code)

    async def search(self, query):
        return []

    async def opening(self, office_id):
        return None


@pytest.fixture(autouse=True)
def catalog(monkeypatch):
    monkeypatch.setattr(services, "CatalogClient", FakeCatalog)


def ask(text: str, service=None, info_type=None, **slots) -> dict:
    entities = [(name, value) for name, value in (("service", service), ("info_type", info_type)) if value]
    _, messages = run(services.ActionAnswerService(), tracker(text, "ask_service", entities=entities, **slots))
    [message] = messages
    return message


def titles(message) -> list:
    return [button["title"] for button in message["buttons"]]


def test_fees_name_where_they_hold_and_their_stand():
    answer = ask("Was kostet ein Reisepass?", "passport", "fees")["text"]
    assert "Reisepass (ab 24 Jahren): 70,00 € (bundesweit; Stand: 13.02.2026)" in answer
    assert "Reisepass (unter 24 Jahren): 37,50 € (bundesweit; Stand: 13.02.2026)" in answer


@pytest.mark.parametrize("question", [
    "Was kostet der Pass für meine Tochter (16)?", "Mein Sohn ist 16, was kostet der Pass?",
    "Reisepass für eine 16-Jährige, Kosten?", "Pass mit 16 Jahren, was kostet das?"])
def test_fee_for_the_age_named_leaves_out_the_other_age(question):
    answer = ask(question, "passport", "fees")["text"]
    assert "37,50 €" in answer and "70,00 €" not in answer
    assert "Alter 16" in answer and "32,00 €" in answer  # the express surcharge holds at any age


def test_pass_with_48_pages_is_no_age():
    answer = ask("Was kostet ein Pass mit 48 Seiten?", "passport", "fees")["text"]
    assert "70,00 €" in answer and "37,50 €" in answer


def test_undated_source_is_said_and_unknown_fact_gives_its_hint_without_stand():
    answer = ask("Was muss ich mitbringen?", "passport", "documents")["text"]
    assert "Den Pass beantragt man persönlich. (bundesweit; Stand: Quelle ohne Datum)" in answer
    assert f"Welche Unterlagen sonst nötig sind: {H35_HINT}" in answer


def test_appointment_answer_carries_the_booking_link_as_button_with_a_payload_fallback():
    message = ask("Brauche ich einen Termin?", "passport", "appointment")
    [link] = [button for button in message["buttons"] if "url" in button]
    assert link == {"title": "Termin buchen", "url": "https://gera.de/H35",
                    "payload": '/ask_service{"service":"passport","info_type":"appointment"}'}
    assert titles(message)[0] == "Termin buchen"


def test_overview_names_the_next_step_and_offers_booking():
    message = ask("Ich brauche einen neuen Reisepass", "passport")
    assert "Nächster Schritt: Nur mit Termin im StadtService H35." in message["text"]
    assert titles(message)[0] == "Termin buchen"
    assert {"Kosten", "Unterlagen", "Öffnungszeiten", "Termin", "Online"} <= set(titles(message))
    assert "Fristen" not in titles(message)  # the passport has no deadlines


def test_licence_from_2003_is_answered_with_its_exchange_deadline():
    message = ask("Muss ich meinen Führerschein umtauschen? Der ist von 2003", "driving_licence")
    assert "Führerschein – Fristen:" in message["text"]
    assert "bis 19. Januar 2027" in message["text"] and "2026" not in message["text"].replace("Stand", "")
    assert "2033" not in message["text"]


def test_deadline_question_without_year_lists_every_deadline():
    text = ask("Bis wann muss ich umtauschen?", "driving_licence", "deadline")["text"]
    assert "2027" in text and "2033" in text and "(bundesweit; Stand: Quelle ohne Datum)" in text


def test_year_outside_every_range_lists_every_deadline():
    text = ask("Mein Führerschein ist von 2015, Fristen?", "driving_licence", "deadline")["text"]
    assert "2027" in text and "2033" in text


def test_answer_of_only_unknown_facts_still_gives_a_stand():
    text = ask("Was kostet der Umtausch?", "driving_licence", "fees")["text"]
    assert f"Gebühren: {H35_HINT}" in text and "(Stand: 06.12.2026)" in text


@pytest.mark.parametrize("text, age", [("Tochter (16)", 16), ("ist 7 Jahre alt", 7), ("17-jähriger Sohn", 17),
                                       ("mit 48 Seiten", None), ("Reisepass", None), ("von 2003", None),
                                       ("für unter 24 jährige", 23), ("ab 24 Jahren", 24), ("über 24-Jährige", 25)])
def test_age_in_a_question(text, age):
    assert services.age_in(text) == age


FUND = {
    "code": "lost_and_found", "name": "Fundbüro", "description": "Fundsachen.",
    "office": {**OFFICE, "id": "ordnungsamt", "name": "Ordnungsamt", "phone": {"unknown": True, "hint": H35_HINT}},
    "unit": {"id": "fundbuero", "name": "Fundbüro", "phone": {"unknown": False, "value": "0365 838-2248"}},
    "other_offices": [], "fees": [], "documents": [], "appointment": [], "online": [], "processing": [],
    "deadlines": [], "stands": {"location": "2020"},
}
WOHNGELD = {
    "code": "housing_benefit", "name": "Wohngeld", "description": "Wohngeld beantragen.",
    "office": {"unknown": True, "text": "Wohngeldbehörde der Stadt Gera", "hint": H35_HINT},
    "unit": None, "other_offices": [],
    "fees": [fact(label="Antrag auf Wohngeld", amount_eur=0, amount_text="kostenlos", scope="land", stand="o. D.")],
    "documents": [], "appointment": [], "online": [], "processing": [], "deadlines": [],
    "stands": {"location": "o. D."},
}
PARKING = {**WOHNGELD, "code": "resident_parking", "name": "Bewohnerparkausweis",
           "fees": [fact(label="Bewohnerparkausweis", amount_eur=90, amount_text="90,00 €", per="Jahr")]}


@pytest.fixture
def more_entries(monkeypatch):
    monkeypatch.setattr(FakeCatalog, "entries", {**FakeCatalog.entries, "lost_and_found": FUND,
                                                 "housing_benefit": WOHNGELD, "resident_parking": PARKING})


def test_location_names_the_unit_with_its_phone(more_entries):
    text = ask("Wo ist das Fundbüro?", "lost_and_found", "location")["text"]
    assert "Zuständig: Ordnungsamt, Fundbüro, Heinrichstraße 35, 07545 Gera, Tel. 0365 838-2248" in text


def test_office_known_only_by_its_role_says_so_and_gives_the_hint(more_entries):
    text = ask("Wo beantrage ich Wohngeld?", "housing_benefit", "location")["text"]
    assert f"Zuständig: Wohngeldbehörde der Stadt Gera; Adresse und Öffnungszeiten: {H35_HINT}" in text


def test_state_fact_says_in_thuringia_and_yearly_fee_says_per_year(more_entries):
    assert "Antrag auf Wohngeld: kostenlos (in Thüringen; Stand: Quelle ohne Datum)" in ask(
        "Was kostet Wohngeld?", "housing_benefit", "fees")["text"]
    assert "Bewohnerparkausweis: 90,00 € pro Jahr (in Gera" in ask(
        "Was kostet der Parkausweis?", "resident_parking", "fees")["text"]


def test_an_office_without_known_address_or_phone_names_whom_to_ask():
    text = services.office_text({"name": "Abteilung Steuern", "address": {"unknown": True, "hint": "Bitte beim H35 fragen."},
                                 "phone": {"unknown": True}})
    assert text == "Abteilung Steuern; Adresse: Bitte beim H35 fragen."
