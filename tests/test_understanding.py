"""The model's parse carries the contract's intents and canonical values (through Rasa's HTTP API)."""

import pytest

from tests.conftest import entity


@pytest.mark.parametrize(
    "text, category",
    [
        ("Die Straßenlaternen in unserer Straße sind alle aus", "streetlight"),
        ("laterne kaputt", "streetlight"),
        ("Strassenlampe flackert seit Tagen", "streetlight"),
        ("Da ist ein riesiges Schlagloch", "road_damage"),
        ("Nach dem Sturm liegen dicke Äste auf dem Radweg", "tree"),
        ("Eine Schrottkarre ohne Nummernschild steht seit Wochen da", "abandoned_vehicle"),
    ],
)
def test_report_carries_the_canonical_category(parse, text, category):
    result = parse(text)
    assert result["intent"]["name"] == "report_issue"
    assert entity(result, "category") == category


def test_one_message_gives_category_and_place(parse):
    result = parse("Laterne Sorge 12 ist aus")
    assert result["intent"]["name"] == "report_issue"
    assert entity(result, "category") == "streetlight"
    assert entity(result, "location") == "Sorge 12"


@pytest.mark.parametrize(
    "text, service, info_type",
    [
        ("Was kostet ein Personalausweis?", "id_card", "fees"),
        ("Was muss ich zum Ummelden mitbringen?", "residence_registration", "documents"),
        ("Kann ich mein Gewerbe online anmelden?", "business_registration", "online"),
    ],
)
def test_service_question_carries_service_and_info_type(parse, text, service, info_type):
    result = parse(text)
    assert result["intent"]["name"] == "ask_service"
    assert entity(result, "service") == service
    assert entity(result, "info_type") == info_type


@pytest.mark.parametrize(
    "text",
    ["Was ist mit meiner Meldung 4711?", "Stand von #4711", "Wie weit ist M-4711?", "Meldung Nummer 4711, gibt es was Neues?"],
)
def test_report_number_is_extracted_in_every_spelling(parse, text):
    result = parse(text)
    assert result["intent"]["name"] == "check_report_status"
    assert entity(result, "report_id") == "4711"


def test_place_alone_is_inform_with_location(parse):
    result = parse("in der Heinrichstraße 35")
    assert result["intent"]["name"] == "inform"
    assert entity(result, "location") == "Heinrichstraße 35"


def test_very_long_message_is_parsed(parse):
    result = parse("Guten Tag, " + "die Laterne ist aus und " * 150 + "bitte reparieren.")
    assert result["intent"]["name"] == "report_issue"


@pytest.mark.parametrize(
    "text, place",
    [
        ("Am Parkplatz in der Gagarinstraße liegt lauter Müll", "Parkplatz in der Gagarinstraße"),
        ("Die Treppe am Nicolaiberg ist total vereist", "Treppe am Nicolaiberg"),
        ("Das Tor am Bolzplatz im Hofwiesenpark ist umgekippt", "Bolzplatz im Hofwiesenpark"),
        ("Schlagloch Leipziger Str. Höhe Hausnummer 60", "Leipziger Str. Höhe Hausnummer 60"),
        ("Glasscherben auf dem Radweg am Elsterdamm", "Radweg am Elsterdamm"),
        ("Graffiti am Stromkasten am Johannisplatz", "Stromkasten am Johannisplatz"),
        ("Gully verstopft, Lusan, Zeulsdorfer Straße 40", "Lusan, Zeulsdorfer Straße 40"),
        ("Die Laterne in der Sorge 12 ist aus", "Sorge 12"),
        ("Baum liegt quer über der Straße zwischen Zwötzen und Liebschwitz", "Straße zwischen Zwötzen und Liebschwitz"),
    ],
)
def test_place_is_the_whole_phrase_the_citizen_wrote(parse, text, place):
    result = parse(text)
    assert result["intent"]["name"] == "report_issue"
    assert entity(result, "location") == place


def test_parse_names_the_language(parse):
    assert parse("Laterne Sorge 12 ist aus")["language"] == "de"
    result = parse("Hello, there is a big pothole on my street")
    assert result["language"] == "en"
    assert result["intent"]["name"] == "other_language"
