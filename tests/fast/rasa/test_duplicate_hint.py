"""The duplicate hint (actions/report.py, action_review_report) tells a citizen about an open report nearby
by its category, distance, date and state only: never another citizen's words, address or photo."""

import pytest

from actions import report
from actions.clients.open311 import Report
from tests.fast.rasa.conftest import DOMAIN, run, tracker

NEIGHBOUR = Report(service_request_id="1042", status="open", state="in Bearbeitung", service_code="tree",
                   service_name="Baum und Grünfläche", description="Ich heiße Erika Mustermann, Tel. 0171 2345678",
                   address="Heinrichstraße 35, bei Mustermann", media_url="http://127.0.0.1:8000/media/x.jpg",
                   requested_datetime="2026-12-03T09:30:00+01:00", distance_m=12.4)


@pytest.fixture
def neighbour_nearby(monkeypatch):
    async def nearby(_tracker):
        return NEIGHBOUR
    monkeypatch.setattr(report, "_open_report_nearby", nearby)


def test_the_hint_names_category_distance_date_and_state_and_nothing_the_other_citizen_wrote(neighbour_nearby):
    message = tracker("Baum umgefallen", "inform", category="tree", place="Standort", latitude=50.9, longitude=12.1,
                      description="Baum umgefallen")
    events, messages = run(report.ActionReviewReport(), message)
    assert [m["response"] for m in messages] == ["utter_ask_duplicate"]
    template = DOMAIN["responses"]["utter_ask_duplicate"][0]["text"]
    text = template.format(**{k: v for k, v in messages[0].items() if isinstance(v, (str, int))})
    assert text.startswith("Hier gibt es schon eine offene Meldung, weniger als 20 m entfernt: Nr. 1042, Baum und Grünfläche, "
                           "gemeldet am 03.12.2026.\nStand: in Bearbeitung.")
    for words in ("Mustermann", "2345678", "Heinrichstraße", "media"):
        assert words not in str(messages)
    assert {"name": "duplicate_id", "value": "1042"} in [{k: e[k] for k in ("name", "value")} for e in events]


@pytest.mark.parametrize("metres, band", [(0, "weniger als 20 m"), (19.9, "weniger als 20 m"), (20, "20 bis 50 m"),
                                          (37.2, "20 bis 50 m"), (50, "20 bis 50 m"), (None, "weniger als 20 m")])
def test_the_distance_is_told_in_bands_so_that_several_hints_cannot_pin_the_other_report_down(metres, band):
    assert report.distance_band(metres) == band
