"""Asking back when unsure: the action server offers the likeliest meanings as buttons."""

import httpx


def run_clarify(stack, ranking, entities=()):
    """Call action_clarify on the running action server with a tracker and the token, as Rasa sends them."""
    tracker = {
        "sender_id": "test-clarify",
        "slots": {},
        "latest_message": {
            "text": "Baum Pass kaputt?",
            "intent": {"name": "nlu_fallback", "confidence": 0.4},
            "intent_ranking": ranking,
            "entities": list(entities),
        },
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    response = httpx.post(
        f"{stack.settings.action_server_url}/webhook",
        json={"next_action": "action_clarify", "sender_id": "test-clarify", "tracker": tracker, "domain": {}},
        headers={"Authorization": f"Bearer {stack.settings.action_server_token}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["responses"]


def test_unsure_between_report_and_service_offers_both(stack):
    responses = run_clarify(
        stack,
        [{"name": "report_issue", "confidence": 0.41}, {"name": "ask_service", "confidence": 0.38}, {"name": "greet", "confidence": 0.1}],
        [{"entity": "category", "value": "tree"}],
    )
    assert "Meinten Sie" in responses[-1]["text"]
    buttons = responses[-1]["buttons"]
    assert [b["title"] for b in buttons] == ["Mangel melden", "Frage zu einer Leistung"]
    assert buttons[0]["payload"] == '/report_issue{"category":"tree"}'


def test_unsure_small_talk_still_offers_the_main_tasks(stack):
    responses = run_clarify(stack, [{"name": "greet", "confidence": 0.45}, {"name": "thank", "confidence": 0.4}])
    assert [b["title"] for b in responses[-1]["buttons"]] == ["Mangel melden", "Frage zu einer Leistung"]


def test_a_possible_emergency_gets_the_numbers_before_the_question(stack):
    responses = run_clarify(stack, [{"name": "report_issue", "confidence": 0.45}, {"name": "emergency", "confidence": 0.3}])
    assert responses[0]["response"] == "utter_emergency"
    assert "Meinten Sie" in responses[-1]["text"]


def test_fallback_through_rasa_asks_back(citizen):
    replies = citizen.says("/nlu_fallback")
    assert "Meinten Sie" in replies[-1]["text"]
