"""Public is what the citizen was told, end to end: a citizen files a report through Rasa with their own words
and live location, a stranger reads the backend's Open311 API without a key and sees category, state, date and
a place rounded to about 100 m; after a staff member releases the report in the staff web, the stranger also
reads the text, masked. The assistant's own reads (status, duplicate hint) still get the full view.
"""

import httpx

from tests.conftest import texts
from tests.staff_fixtures import csrf_from, logged_in
from tests.test_report_dialogue import filed_number, location

pytest_plugins = ["tests.staff_fixtures"]

# Places of their own (no duplicate hint from another test): exact, and as the public sees them.
SPOT = {"latitude": 50.874321, "longitude": 12.098765}
SPOT_PUBLIC = (50.874, 12.099)
OTHER_SPOT = {"latitude": 50.871234, "longitude": 12.091876}
OTHER_SPOT_PUBLIC = (50.871, 12.092)
WORDS = "Der Ast hängt tief über dem Gehweg, ich heiße Erika Mustermann, Tel. 0171 2345678"


def as_stranger(stack_backend, path: str, **params) -> httpx.Response:
    response = httpx.get(f"{stack_backend.api}{path}", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response


def file_through_the_assistant(citizen, spot: dict) -> str:
    citizen.says("Ich möchte einen Schaden melden")
    citizen.says('/inform{"category":"tree"}')
    citizen.says(location(spot))
    citizen.says("/deny")  # no photo
    citizen.says(WORDS)
    return filed_number(citizen.says("/affirm"))


def test_a_stranger_reads_only_the_public_view_of_a_citizens_report(stack, stack_backend, citizen):
    number = file_through_the_assistant(citizen, SPOT)
    one = as_stranger(stack_backend, f"/requests/{number}.json", extensions="true")
    report = one.json()[0]
    assert report["service_code"] == "tree" and report["extended_attributes"]["state"] == "eingegangen"
    assert (report["lat"], report["long"]) == SPOT_PUBLIC
    assert report["description"] is None and report["address"] is None and report["media_url"] is None
    listed = as_stranger(stack_backend, "/requests.json", service_request_id=number)
    for response in (one, listed):
        for secret in ("Ast hängt", "Mustermann", "2345678", "874321", "098765", citizen.sender):
            assert secret not in response.text
    nearby = httpx.get(f"{stack_backend.api}/requests.json", timeout=10,
                       params={"lat": str(SPOT["latitude"]), "long": str(SPOT["longitude"]), "radius": "50"})
    assert nearby.status_code == 403
    # The citizen, through the assistant (which reads with the key), still learns the state of their report.
    assert "eingegangen" in texts(citizen.says(f"Was ist mit meiner Meldung {number}?"))


def test_after_release_the_stranger_reads_the_masked_text(stack, stack_backend, stack_staff_user, citizen):
    number = file_through_the_assistant(citizen, OTHER_SPOT)
    with logged_in(stack_backend, stack_staff_user) as staff:
        page = staff.get(f"/staff/reports/{number}").text
        assert "ich heiße […], Tel. […]" in page  # the release form offers the text already masked
        answer = staff.post(f"/staff/reports/{number}/release",
                            data={"csrf_token": csrf_from(page), "description": WORDS, "address": ""})
        assert answer.status_code == 303
    report = as_stranger(stack_backend, f"/requests/{number}.json").json()[0]
    assert report["description"] == "Der Ast hängt tief über dem Gehweg, ich heiße […], Tel. […]"
    assert (report["lat"], report["long"]) == OTHER_SPOT_PUBLIC


def test_the_duplicate_hint_shows_the_other_report_without_its_words(stack, citizen):
    from tests.conftest import Citizen

    first = Citizen(stack.settings)
    spot = {"latitude": 50.8951, "longitude": 12.0577}
    first.says("Umgestürzter Baum, Familie Mustermann wohnt direkt daneben")
    first.says(location(spot))
    first.says("/deny")
    number = filed_number(first.says("/affirm"))

    citizen.says("Hier ist ein Baum umgefallen")
    citizen.says(location({"latitude": spot["latitude"] + 0.0001, "longitude": spot["longitude"]}))
    hint = texts(citizen.says("/deny"))
    assert "Ist es diese Meldung" in hint and f"Nr. {number}" in hint
    assert "gemeldet am" in hint and "Stand: eingegangen" in hint and "weniger als 20 m entfernt" in hint
    assert "Mustermann" not in hint and "Umgestürzter" not in hint
