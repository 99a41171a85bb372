"""scripts/rasa_patches.py: the action server's answers are checked as strictly as Rasa checks them,
with the validator built once instead of on every call."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from scripts import rasa_patches

GOOD = {"events": [{"event": "slot", "name": "category", "value": "pothole"}],
        "responses": [{"response": "utter_ask_photo"}]}
BAD = [{"events": "kein Ereignis"}, {"events": [{"event": "slot", "name": 7}]},
       {"responses": "Text"}, {"events": [{"name": "ohne Art"}]}]


@pytest.fixture(scope="module")
def patched():
    original = RemoteAction._validate_action_result
    rasa_patches.apply()
    yield RemoteAction("action_test", None)
    RemoteAction._validate_action_result = original


def rasa_verdict(result) -> str:
    """What Rasa's own check says: 'ok' or the first words of its error."""
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
        return "ok"
    except jsonschema.ValidationError as error:
        return error.message


def test_a_good_answer_passes(patched):
    assert patched._validate_action_result(GOOD) is True
    assert patched._validate_action_result({}) is True


@pytest.mark.parametrize("result", BAD)
def test_a_bad_answer_is_refused_with_rasas_own_error_and_the_hint(patched, result):
    assert rasa_verdict(result) != "ok"
    with pytest.raises(jsonschema.ValidationError) as refused:
        patched._validate_action_result(result)
    assert refused.value.message.startswith(rasa_verdict(result))
    assert "Failed to validate Action server response" in refused.value.message


def test_the_validator_is_built_once(patched):
    rasa_patches._action_result_validator.cache_clear()
    for _ in range(3):
        patched._validate_action_result(GOOD)
    assert rasa_patches._action_result_validator.cache_info().misses == 1


@pytest.fixture
def events_patched():
    from rasa.shared.core.events import Event
    original = Event.resolve_by_type
    rasa_patches.apply()
    yield Event
    Event.resolve_by_type = original


def test_every_event_type_resolves_to_rasas_own_class(events_patched):
    import rasa.shared.utils.common
    for cls in rasa.shared.utils.common.all_subclasses(events_patched):
        assert events_patched.resolve_by_type(cls.type_name) is rasa_patches._rasa_resolve_by_type(cls.type_name)


def test_an_unknown_event_type_is_refused_as_rasa_refuses_it(events_patched):
    from rasa.shared.core.events import UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'erfunden'"):
        events_patched.resolve_by_type("erfunden")
    assert events_patched.resolve_by_type("erfunden", UserUttered) is UserUttered
    assert "erfunden" not in rasa_patches._event_classes
