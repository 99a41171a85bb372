"""Rasa 3.6 internals replaced for speed, applied by scripts/rasa_server.py before Rasa starts.

`RemoteAction._validate_action_result` checks every action server answer with `jsonschema.validate`,
which validates the schema itself first (`check_schema`) and builds a new validator, on every call.
Profiled with bench/turn_costs.py, that was about 40 % of the Rasa server's CPU in a turn with a custom
action: more than NLU, policies and the tracker store together. Here the validator is built and the
schema checked once; the answer is validated against the same schema, with the same error.

`Event.resolve_by_type` finds an event's class by walking every subclass of Event (and asking each
whether it is abstract) for every event it reads: loading a conversation of 60 events walked the class
tree 60 times, about 8 % of a turn. Here each type name is looked up once per process; an unknown name
still goes to Rasa's own lookup (and its error).

`RedisLockStore.save_lock` stores a conversation's lock without an expiry: Rasa deletes the key at the end
of the turn, but a worker killed in the middle of a turn leaves it in Redis for good, and its name holds
the chat id. Here the key expires when its last ticket does (a second later); a live turn renews it with
every ticket, as before.

Only for the pinned Rasa 3.6 (constraints.txt): `apply` fails loudly if a method it replaces is gone.
"""

import functools
import math
import time
from typing import Any, Dict, Optional, Text, Type

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

_rasa_resolve_by_type = Event.resolve_by_type
_event_classes: Dict[Text, Type[Event]] = {}


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


def resolve_event_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Rasa's `Event.resolve_by_type`, remembering what it found."""
    found = _event_classes.get(type_name)
    if found is None:
        found = _rasa_resolve_by_type(type_name, default)
        if found is not None and found is not default:
            _event_classes[type_name] = found
    return found


def save_expiring_lock(self: RedisLockStore, lock: TicketLock) -> None:
    """Rasa's `save_lock`, with the key expiring a second after the lock's last ticket."""
    last = max((ticket.expires for ticket in lock.tickets), default=time.time())
    self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=max(1, math.ceil(last - time.time()) + 1))


def apply() -> None:
    for owner, name in ((RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"),
                        (RedisLockStore, "save_lock")):
        if not hasattr(owner, name):
            raise RuntimeError(f"Rasa changed: {owner.__name__}.{name} is gone (scripts/rasa_patches.py)")
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_event_type)
    RedisLockStore.save_lock = save_expiring_lock
