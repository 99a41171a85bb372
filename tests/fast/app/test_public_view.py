"""Public is what the citizen was told: a stranger reading the Open311 API sees category, state, dates and a
place rounded to about 100 m; text, address and photo only after a staff member released the report, and
then masked (backend/open311.py, backend/releases.py, backend/masking.py). The city's systems, with the key
in the header X-Api-Key, still see everything.
"""

import re
from pathlib import Path

import pytest
import yaml

from backend import open311
from backend.masking import MASK, mask
from bot import texts
from tests.fast.app.conftest import csrf_from, file_report

ROOT = Path(__file__).resolve().parents[3]

LAT, LONG = "50.876543", "12.081234"  # exact; public: 50.877, 12.081
WORDS = "Laterne flackert seit Tagen, ich heiße Erika Mustermann, Tel. 0171 2345678"
ADDRESS = "Heinrichstraße 35, bei Mustermann"


def stranger(backend, path, **params):
    """GET without a key, as anyone on the internet may."""
    response = backend.client.get(f"{backend.api}{path}", params=params)
    assert response.status_code == 200, response.text
    return response


def city(backend, path, **params):
    """GET with the key in the header, as the city's systems and the assistant's actions do."""
    response = backend.client.get(f"{backend.api}{path}", params=params, headers={"X-Api-Key": backend.api_key})
    assert response.status_code == 200, response.text
    return response


def one(response) -> dict:
    return response.json()[0]


def a_report(backend, photo=False, **fields) -> str:
    """A streetlight report with the citizen's own words, address, exact place and (if asked) a photo."""
    defaults = {"service_code": "streetlight", "lat": LAT, "long": LONG, "description": WORDS,
                "address_string": ADDRESS}
    if fields.get("service_code", "streetlight") == "streetlight":
        defaults["attribute[light_state]"] = "flackert"
    return file_report(backend, photo=photo, **{**defaults, **fields})


def release(staff_client, number, **fields):
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    return staff_client.post(f"/staff/reports/{number}/release", data={"csrf_token": token, **fields})


def withdraw(staff_client, number):
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    return staff_client.post(f"/staff/reports/{number}/release/withdraw", data={"csrf_token": token})


def add_internal_note(staff_client, number, text):
    """A note for colleagues only, written in the staff web's report page."""
    token = csrf_from(staff_client.get(f"/staff/reports/{number}").text)
    return staff_client.post(f"/staff/reports/{number}/internal-note", data={"csrf_token": token, "note": text})


# --- the public view --------------------------------------------------------------------------

def test_a_stranger_sees_category_state_dates_and_a_place_rounded_to_100_m(backend):
    number = a_report(backend)
    report = one(stranger(backend, f"/requests/{number}.json", extensions="true"))
    assert report["service_code"] == "streetlight" and report["service_name"] == "Straßenbeleuchtung"
    assert report["status"] == "open" and report["extended_attributes"]["state"] == "eingegangen"
    assert report["requested_datetime"] and report["updated_datetime"]
    assert (report["lat"], report["long"]) == (50.877, 12.081)
    assert report["extended_attributes"]["attributes"] == {"light_state": "flackert"}


def test_a_stranger_sees_no_words_no_exact_place_no_address_and_no_photo(backend):
    number = a_report(backend, photo=True)
    response = stranger(backend, f"/requests/{number}.json", extensions="true")
    report = one(response)
    assert report["description"] is None and report["address"] is None and report["media_url"] is None
    for secret in ("flackert seit", "Mustermann", "2345678", "Heinrichstraße", "876543", "081234", "/media/"):
        assert secret not in response.text


def test_a_wrong_key_gets_the_public_view(backend):
    number = a_report(backend)
    response = backend.client.get(f"{backend.api}/requests/{number}.json", headers={"X-Api-Key": "falsch"})
    assert response.status_code == 200 and one(response)["description"] is None


def test_the_list_shows_strangers_the_public_view_only(backend):
    number = a_report(backend)
    for response in (stranger(backend, "/requests.json", extensions="true"),
                     stranger(backend, "/requests.json", service_request_id=number)):
        assert number in [r["service_request_id"] for r in response.json()]
        assert "Mustermann" not in response.text and "876543" not in response.text


def test_a_stranger_reads_the_notes_for_the_citizen_masked_and_never_an_internal_note(backend, staff_client):
    number = a_report(backend)
    backend.client.post(f"{backend.api}/requests/{number}/status.json", headers={"X-Api-Key": backend.api_key},
                        data={"state": "in_progress", "note": "Der Bauhof kommt. Fragen: 0365 838-1900"})
    assert add_internal_note(staff_client, number, "Nachbar ist schwierig, nicht anrufen").status_code == 303
    public = one(stranger(backend, f"/requests/{number}.json", extensions="true"))
    assert [n["note"] for n in public["notes"]] == ["Meldung eingegangen.", f"Der Bauhof kommt. Fragen: {MASK}"]
    assert public["status_notes"] == f"Der Bauhof kommt. Fragen: {MASK}"
    assert "schwierig" not in str(public)
    keyed = one(city(backend, f"/requests/{number}.json", extensions="true"))
    assert [(n["note"], n["for_citizen"]) for n in keyed["notes"]][1:] == [
        ("Der Bauhof kommt. Fragen: 0365 838-1900", True), ("Nachbar ist schwierig, nicht anrufen", False)]


def test_an_internal_note_is_sent_to_nobody_keeps_the_state_and_shows_as_internal_to_staff(backend, staff_client):
    number = a_report(backend, account_id="intern-test")
    before = one(city(backend, f"/requests/{number}.json", extensions="true"))
    answer = add_internal_note(staff_client, number, "nur für uns")
    assert answer.status_code == 303 and answer.headers["location"].endswith("?intern=1#verlauf")
    page = staff_client.get(answer.headers["location"]).text
    assert "Die interne Notiz ist gespeichert." in page and "nur für uns</span> · <em>intern</em>" in page
    assert "interne Notiz" in page  # the report's own audit lines
    after = one(city(backend, f"/requests/{number}.json", extensions="true"))
    assert (after["status_notes"], after["updated_datetime"]) == (before["status_notes"], before["updated_datetime"])
    audit = staff_client.get("/staff/protokoll").text
    assert "Interne Notiz" in audit and "„nur für uns“" in audit
    pending = backend.client.get("/notifications.json", params={"after": "0", "limit": "200"},
                                 headers={"X-Api-Key": backend.api_key}).json()
    assert not [n for n in pending if n["service_request_id"] == number]


@pytest.mark.parametrize("note, error", [("   ", "Bitte eine interne Notiz schreiben."),
                                         ("x" * 4001, "Die Notiz ist zu lang")])
def test_an_empty_or_too_long_internal_note_is_refused_in_german_and_keeps_what_was_typed(backend, staff_client,
                                                                                         note, error):
    number = a_report(backend)
    answer = add_internal_note(staff_client, number, note)
    assert answer.status_code == 400 and error in answer.text
    if note.strip():
        assert note in answer.text  # nothing typed is lost
    keyed = one(city(backend, f"/requests/{number}.json", extensions="true"))
    assert [n["for_citizen"] for n in keyed["notes"]] == [True]


def test_an_internal_note_for_an_unknown_report_is_404(backend, staff_client):
    assert add_internal_note(staff_client, "999999", "x").status_code == 404


def test_free_text_answers_stay_internal_until_release(backend):
    # A lamp post's number pins the place; fixed answers (light_state) do not.
    number = a_report(backend, **{"attribute[pole_number]": "GE-4711"})
    public = one(stranger(backend, f"/requests/{number}.json", extensions="true"))
    assert public["extended_attributes"]["attributes"] == {"light_state": "flackert"}
    assert one(city(backend, f"/requests/{number}.json", extensions="true"))[
        "extended_attributes"]["attributes"]["pole_number"] == "GE-4711"


def test_the_nearby_search_needs_the_key_because_it_would_give_the_exact_place_away(backend):
    params = {"lat": LAT, "long": LONG, "radius": "50"}
    refused = backend.client.get(f"{backend.api}/requests.json", params=params)
    assert refused.status_code == 403 and "Umkreissuche" in refused.json()[0]["description"]
    number = a_report(backend)
    assert number in [r["service_request_id"] for r in city(backend, "/requests.json", **params).json()]


def test_a_key_in_the_address_is_refused_for_reading_too(backend):
    response = backend.client.get(f"{backend.api}/requests.json", params={"api_key": backend.api_key})
    assert response.status_code == 400


def test_the_city_with_the_key_still_sees_everything(backend):
    number = a_report(backend, photo=True)
    report = one(city(backend, f"/requests/{number}.json"))
    assert report["description"] == WORDS and report["address"] == ADDRESS
    assert (report["lat"], report["long"]) == (float(LAT), float(LONG))
    assert re.search(r"/media/[A-Za-z0-9_-]{32}\.jpg$", report["media_url"])


# --- release ----------------------------------------------------------------------------------

def test_the_release_form_offers_the_text_already_masked(backend, staff_client):
    number = a_report(backend)
    page = staff_client.get(f"/staff/reports/{number}").text
    form = page.split('id="freigabe"')[1]
    assert "Nicht veröffentlicht" in form
    assert "Laterne flackert seit Tagen, ich heiße […], Tel. […]" in form and "Mustermann" not in form.split(
        "</textarea>")[0]


def test_a_released_report_shows_strangers_its_masked_text_address_and_photo(backend, staff_client):
    number = a_report(backend, photo=True)
    answer = release(staff_client, number, description=WORDS, address=ADDRESS, photo="1")  # masked on the way in
    assert answer.status_code == 303 and answer.headers["location"].endswith("freigabe=1#freigabe")
    response = stranger(backend, f"/requests/{number}.json", extensions="true")
    report = one(response)
    assert report["description"] == f"Laterne flackert seit Tagen, ich heiße {MASK}, Tel. {MASK}"
    assert report["address"] == "Heinrichstraße 35, bei Mustermann"  # staff remove what masking cannot know
    assert (report["lat"], report["long"]) == (50.877, 12.081)  # the place stays rounded
    photo = backend.client.get(report["media_url"])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert "no-cache" in photo.headers["cache-control"]
    # The staff path of the same photo stays closed.
    staff_path = one(city(backend, f"/requests/{number}.json"))["media_url"]
    assert backend.client.get(staff_path).status_code == 401


def test_staff_can_edit_the_public_text_and_keep_the_photo_back(backend, staff_client):
    number = a_report(backend, photo=True)
    release(staff_client, number, description="Laterne flackert.", address="Heinrichstraße")
    report = one(stranger(backend, f"/requests/{number}.json"))
    assert (report["description"], report["address"], report["media_url"]) == (
        "Laterne flackert.", "Heinrichstraße", None)
    name = one(city(backend, f"/requests/{number}.json"))["media_url"].rsplit("/", 1)[1]
    assert backend.client.get(f"{backend.api}/media/{name}").status_code == 404


def test_a_withdrawn_release_hides_text_and_photo_again(backend, staff_client):
    number = a_report(backend, photo=True)
    release(staff_client, number, description="Laterne flackert.", photo="1")
    photo_url = one(stranger(backend, f"/requests/{number}.json"))["media_url"]
    answer = withdraw(staff_client, number)
    assert answer.status_code == 303 and answer.headers["location"].endswith("freigabe=0#freigabe")
    report = one(stranger(backend, f"/requests/{number}.json"))
    assert report["description"] is None and report["media_url"] is None
    assert backend.client.get(photo_url).status_code == 404


def test_an_unreleased_photo_is_not_served_on_the_public_path(backend):
    number = a_report(backend, photo=True)
    name = one(city(backend, f"/requests/{number}.json"))["media_url"].rsplit("/", 1)[1]
    assert backend.client.get(f"{backend.api}/media/{name}").status_code == 404
    assert backend.client.get(f"{backend.api}/media/..%2Fbackend.db").status_code == 404


def test_the_photo_of_an_abandoned_vehicle_is_never_public(backend, staff_client):
    number = a_report(backend, photo=True, service_code="abandoned_vehicle", **{"attribute[vehicle_type]": "auto"})
    assert "Kennzeichen ist darauf lesbar" in staff_client.get(f"/staff/reports/{number}").text
    release(staff_client, number, description="Autowrack", photo="1")
    assert one(stranger(backend, f"/requests/{number}.json"))["media_url"] is None


def test_release_and_withdrawal_are_audited(backend, staff_client):
    number = a_report(backend)
    release(staff_client, number, description="Laterne flackert.")
    withdraw(staff_client, number)
    page = staff_client.get(f"/staff/reports/{number}").text.split('id="protokoll"')[1]
    assert "veröffentlicht" in page and "Veröffentlichung zurückgenommen" in page
    log = staff_client.get("/staff/protokoll", params={"aktion": "release"})
    assert log.status_code == 200 and f"Meldung {number}" in log.text


def test_release_without_login_changes_nothing(backend):
    number = a_report(backend)
    with backend.new_client() as client:
        token = csrf_from(client.get("/staff/login").text)
        response = client.post(f"/staff/reports/{number}/release", data={"csrf_token": token, "description": "x"})
        assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    assert one(stranger(backend, f"/requests/{number}.json"))["description"] is None


def test_release_of_an_unknown_report_is_not_found(staff_client):
    assert release(staff_client, "99999999", description="x").status_code == 404
    assert withdraw(staff_client, "99999999").status_code == 404


def test_release_with_a_text_too_long_is_refused_and_nothing_is_public(backend, staff_client):
    number = a_report(backend)
    answer = release(staff_client, number, description="a" * 4001)
    assert answer.status_code == 400 and "zu lang" in answer.text
    assert one(stranger(backend, f"/requests/{number}.json"))["description"] is None


# --- masking ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Schlagloch vor Heinrichstraße 35, 07545 Gera.",
    "Seit dem 06.12.2026 um 14:30 kaputt.",
    "Am 2026-12-03 gemeldet, wieder am 03/2026.",
    "Meldung 1004 und Nr. 4711 sind dasselbe.",
    "Position 50.8765, 12.0812 bzw. 50,8765 12,0812.",
    "Offen von 0800-1600 Uhr.",
    "Mast Nr. 12-345, 3 Laternen auf 120 m, Schaden etwa 1.500 Euro.",
    "Ich bin Anwohnerin und ich bin der Meinung, dass das gefährlich ist.",
    "Die Frau mit dem Hund hat es auch gesehen.",
])
def test_masking_leaves_what_a_report_needs(text):
    assert mask(text) == text


@pytest.mark.parametrize("text, secret", [
    ("Rufen Sie mich an: 0365 838-1900", "838-1900"),
    ("Handy +49 171 2345678", "2345678"),
    ("erreichbar unter 0049 (0)365 / 838 19 00", "838 19 00"),
    ("(0365) 8381900 ab 17 Uhr", "8381900"),
    ("0171/2345678", "2345678"),
    ("0171-234 56 78", "234 56 78"),
    ("+491712345678", "1712345678"),
    ("Tel. 838 1900", "838 1900"),
    ("Mail: max.mustermann@web.de", "mustermann"),
    ("a_b+c@sub.example.org schreibt", "example"),
    ("max (at) web.de", "web.de"),
    ("IBAN DE89 3704 0044 0532 0130 00 bitte", "3704"),
    ("IBAN DE89370400440532013000", "370400"),
    ("Ich heiße Max Mustermann und wohne hier.", "Mustermann"),
    ("mein name ist max mustermann", "mustermann"),
    ("Mein Name ist Anna-Lena Schmidt.", "Schmidt"),
    ("Name: Erika Mustermann", "Mustermann"),
    ("Ich bin Max.", "Max"),
    ("ich bin die Anna", "Anna"),
    ("Frau Schmidt von nebenan hat es gesehen.", "Schmidt"),
    ("Mit freundlichen Grüßen\nErika Mustermann\nHeinrichstraße 35", "Mustermann"),
    ("LG Paul", "Paul"),
])
def test_masking_hides_phone_numbers_mail_addresses_ibans_and_names(text, secret):
    masked = mask(text)
    assert secret not in masked and MASK in masked


def test_masking_keeps_the_rest_of_the_sentence():
    assert mask("Laterne aus. Mein Name ist Max Müller, Tel. 0365 1234567. Danke!") == \
        f"Laterne aus. Mein Name ist {MASK}, Tel. {MASK}. Danke!"
    assert mask("Mit freundlichen Grüßen\nErika Mustermann\nHeinrichstraße 35") == \
        f"Mit freundlichen Grüßen\n{MASK}\nHeinrichstraße 35"


# --- what the citizen is told -----------------------------------------------------------------

def test_the_privacy_texts_say_what_the_public_view_shows():
    notice = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]["utter_privacy_note"]
    for text in ("\n".join(texts.PRIVACY), texts.PRIVACY_SHORT, notice[0]["text"]):
        assert "100 m" in text and "Kategorie, Stand, Datum" in text
        assert "Sie sehen nur Mitarbeitende" not in text and "sehen können sie nur" not in text
    assert open311.PUBLIC_DECIMALS == 3  # 0.001° is about 110 m north-south, 70 m east-west in Gera
    assert "freigegeben" in "\n".join(texts.PRIVACY) and "Telefonnummern" in "\n".join(texts.PRIVACY)
