"""Rasa 3.6 internals replaced for speed, applied by scripts/rasa_server.py before Rasa starts.

`RemoteAction._validate_action_result` checks every action server answer with `jsonschema.validate`,
which validates the schema itself first (`check_schema`) and builds a new validator, on every call.
Profiled with bench/turn_costs.py, that was about 40 % of the Rasa server's CPU in a turn with a custom
action: more than NLU, policies and the tracker store together. Here the validator is built and the
schema checked once; the answer is validated against the same schema, with the same error.

Only for the pinned Rasa 3.6 (constraints.txt): `apply` fails loudly if the method it replaces is gone.
"""

import functools
from typing import Any, Dict, Text

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=None)
def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Rasa's check of an action server answer, with the validator built once."""
    error = jsonschema.exceptions.best_match(_action_result_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (". Failed to validate Action server response from API, make sure your response from the "
                      f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}"
                      "/custom-actions")
    raise error


def apply() -> None:
    if not hasattr(RemoteAction, "_validate_action_result"):
        raise RuntimeError("Rasa changed: RemoteAction._validate_action_result is gone (scripts/rasa_patches.py)")
    RemoteAction._validate_action_result = validate_action_result
