"""Questions about city services: typed German through the real NLU, action server and catalog.

The expected facts are read from the running catalog API, not copied here, so
the tests keep checking the right thing when a city edits its catalog.
"""

import httpx
import pytest

from tests.conftest import Citizen, button_titles, texts

QUESTIONS = [
    ("id_card", "fees", "Was kostet ein neuer Personalausweis?"),
    ("passport", "documents", "Was muss ich für einen Reisepass mitbringen?"),
    ("residence_registration", "documents", "Welche Unterlagen brauche ich zum Ummelden?"),
    ("vehicle_registration", "appointment", "Brauche ich für die Kfz-Zulassung einen Termin?"),
    ("driving_licence", "opening_hours", "Wann hat die Führerscheinstelle geöffnet?"),
    ("bulky_waste", "fees", "Was kostet die Sperrmüllabholung?"),
    ("waste_collection", "online", "Kann ich die Abfuhrtermine der Müllabfuhr online nachsehen?"),
    ("dog_tax", "fees", "Was kostet die Hundesteuer?"),
    ("certificate_of_conduct", "online", "Kann ich ein Führungszeugnis online beantragen?"),
    ("civil_status_certificate", "location", "Wo bekomme ich eine Geburtsurkunde?"),
    ("marriage", "appointment", "Brauchen wir einen Termin zum Heiraten?"),
    ("business_registration", "fees", "Was kostet eine Gewerbeanmeldung?"),
    ("resident_parking", "fees", "Was kostet ein Bewohnerparkausweis?"),
    ("housing_benefit", "location", "Wo kann ich Wohngeld beantragen?"),
    ("lost_and_found", "opening_hours", "Wann hat das Fundbüro geöffnet?"),
    ("citizens_office", "opening_hours", "Hat das Bürgerbüro heute geöffnet?"),
]
NO_FACT = "keine gesicherte Angabe"


def catalog_entry(stack, code: str) -> dict:
    response = httpx.get(f"{stack.settings.backend_url}/catalog/services/{code}")
    response.raise_for_status()
    return response.json()


def first_fact(service: dict, info_type: str) -> str:
    """What the answer must contain: the first fact of that kind, or its hint when it is unknown."""
    office = service["office"]
    facts = {
        "fees": service.get("fees") or [],
        "documents": service.get("documents") or [],
        "online": service.get("online") or [],
        "deadline": service.get("deadlines") or [],
        "appointment": (service.get("appointment") or []) + ([office["booking"]] if office.get("booking") else []),
    }
    if office.get("unknown") and info_type in ("location", "opening_hours"):
        return office["hint"]
    if info_type == "location":
        return office["name"]
    if info_type == "opening_hours":
        hours = office.get("hours") or {}
        return hours["hint"] if hours.get("unknown") else hours["lines"][0]
    if not facts[info_type]:
        return NO_FACT
    fact = facts[info_type][0]
    if fact.get("unknown"):
        return fact["hint"]
    return fact["amount_text"] if info_type == "fees" else fact["text"]


@pytest.mark.parametrize("code, info_type, question", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_service_question_is_answered_with_the_catalog_fact(stack, citizen, code, info_type, question):
    service = catalog_entry(stack, code)
    answer = texts(citizen.says(question))
    assert service["name"] in answer
    assert first_fact(service, info_type) in answer
    assert "Stand:" in answer


def test_every_contract_service_is_asked_once():
    assert len({code for code, _, _ in QUESTIONS}) == 16


def test_service_without_info_type_gives_overview_with_detail_buttons(stack, citizen):
    replies = citizen.says("Ich brauche einen neuen Reisepass")
    assert catalog_entry(stack, "passport")["name"] in texts(replies)
    assert {"Kosten", "Unterlagen", "Öffnungszeiten", "Termin", "Online"} <= set(button_titles(replies))


def test_detail_button_and_follow_up_keep_the_service_in_mind(stack, citizen):
    service = catalog_entry(stack, "passport")
    citizen.says("Ich brauche einen neuen Reisepass")
    fees = texts(citizen.says('/ask_service{"service":"passport","info_type":"fees"}'))
    assert first_fact(service, "fees") in fees
    follow_up = texts(citizen.says("und was muss ich mitbringen?"))
    assert service["name"] in follow_up and first_fact(service, "documents") in follow_up


def test_a_deadline_follow_up_without_the_service_keeps_the_service_in_mind(stack, citizen):
    service = catalog_entry(stack, "residence_registration")
    citizen.says("Was brauche ich zum Ummelden?")
    follow_up = texts(citizen.says("Wie lange habe ich Zeit?"))
    assert service["name"] in follow_up and first_fact(service, "deadline") in follow_up


def test_citizens_office_answers_whether_it_is_open_now(stack, citizen):
    answer = texts(citizen.says("Wann hat das Bürgerbüro offen?"))
    assert "H35" in answer
    assert "Jetzt geöffnet" in answer or "Jetzt geschlossen" in answer


def test_service_the_catalog_does_not_cover_is_answered_honestly(stack, citizen):
    answer = texts(citizen.says("Wo beantrage ich Elterngeld?"))
    assert "keine Auskunft" in answer and "0365 838-1900" in answer


def test_question_button_offers_the_services(stack, citizen):
    replies = citizen.says("/ask_service")
    assert "Zu welcher Leistung" in texts(replies)
    assert catalog_entry(stack, "id_card")["name"] in button_titles(replies)


def test_catalog_down_gives_an_honest_answer(stack):
    from scripts.stack import backend

    citizen = Citizen(stack.settings)
    stack.stop("backend")
    try:
        answer = texts(citizen.says("Was kostet ein Reisepass?"))
    finally:
        stack.start("backend", backend)
    assert "nicht abrufen" in answer and "0365 838-1900" in answer
