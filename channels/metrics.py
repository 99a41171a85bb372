"""The Rasa server's figures for Prometheus: GET /webhooks/metrics/ with the Rasa API token as Bearer header.

Registered in credentials.yml like channels/privacy.py, whose check it shares: the token only as
"Authorization: Bearer …" (RASA_API_TOKEN), a token in the URL is refused with 400, anything else 401.
No messages come in here.

What is counted is Rasa's own work, which Rasa 3.6 does not report; `instrument_rasa` wraps three of
its internals once, when Rasa reads credentials.yml (before it serves, before workers are forked):

- turns (`Agent.handle_message`): how many, how long, and how they ended (answered, nothing: an empty
  answer, which the adapter tells the citizen as a failure; failed: an exception);
- custom action calls (`RemoteAction.run`) and their failures, by action name;
- tracker store reads and writes (`FailSafeTrackerStore`), timed, and the errors it swallows.

Label values are action names and fixed words only: never a sender id, a text or a report number. The
REST channel's `input_channel` is not used as a label: a client may send any word there.

With SANIC_WORKERS > 1 each worker process counts for itself, and a scrape reaches whichever worker
accepts it. Every series therefore carries the label `worker` (the process id), so Prometheus keeps
the workers' counters apart instead of seeing them jump; sum over `worker` (`sum(rate(...))`).
prometheus_client's multiprocess mode would merge them, but needs its directory set before the first
import and emptied at every start, which belongs to the launcher, not to a channel: a later step.
"""

import functools
import inspect
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from prometheus_client import (CollectorRegistry, Counter, Histogram, ProcessCollector, disable_created_metrics,
                               generate_latest)
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

# The same check as the deleting routes, not a copy of it: one place decides who may ask Rasa's own routes.
from channels.privacy import _refused as refused
from common.metrics import PerWorker

log = logging.getLogger(__name__)

# Prometheus 2 and 3 both read the 0.0.4 text format; prometheus_client's newer default needs 3.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# A turn: from a rule's reply (tens of ms) to forms with several actions under load (the adapter waits 30 s).
TURN_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0)
STORE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
WRAPPED = "_stadtbot_metrics"  # marks a wrapped function: the patches are applied once per process

disable_created_metrics()  # the *_created series double the output and say nothing here
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
TURNS = Counter("stadtbot_rasa_turns", "Messages handled, by outcome: answered, nothing (empty answer), failed",
                ["outcome"], registry=REGISTRY)
TURN_SECONDS = Histogram("stadtbot_rasa_turn_seconds",
                         "Seconds per message, waiting for the conversation's lock included", buckets=TURN_BUCKETS,
                         registry=REGISTRY)
ACTION_CALLS = Counter("stadtbot_rasa_action_calls", "Custom actions called on the action server, by action",
                       ["action"], registry=REGISTRY)
ACTION_FAILURES = Counter("stadtbot_rasa_action_failures",
                          "Custom action calls that failed (server down, timeout, action error), by action",
                          ["action"], registry=REGISTRY)
STORE_SECONDS = Histogram("stadtbot_rasa_tracker_store_seconds", "Seconds per tracker store call, by operation",
                          ["operation"], buckets=STORE_BUCKETS, registry=REGISTRY)
STORE_ERRORS = Counter("stadtbot_rasa_tracker_store_errors",
                       "Tracker store failures Rasa passed over (a save went to memory, a read found nothing)",
                       ["operation"], registry=REGISTRY)


class MetricsChannel(InputChannel):
    """No messages come in here: only GET /webhooks/metrics/."""

    @classmethod
    def name(cls) -> Text:
        return "metrics"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "MetricsChannel":
        instrument_rasa()
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        routes = Blueprint("metrics_webhook", __name__)
        routes.add_route(figures, "/", methods=["GET"])
        return routes


async def figures(request: Request) -> HTTPResponse:
    if (refusal := refused(request)) is not None:
        return refusal
    return response.raw(generate_latest(PerWorker(REGISTRY)), content_type=CONTENT_TYPE)  # type: ignore[arg-type]


def instrument_rasa() -> None:
    """Count and time Rasa 3.6's turns, custom action calls and tracker store calls (once per process).

    - `Agent.handle_message`, not `MessageProcessor.handle_message`: every channel's message passes it
      (rasa/core/channels/channel.py `register`), and its time includes the wait for the conversation's
      lock (the lock store), which is what grows when Rasa is overloaded and what the adapter waits for.
      A REST turn's replies are in its CollectingOutputChannel: none means "nothing".
    - `RemoteAction.run`: every custom action call, from a turn or from channels/privacy.py; it raises
      on failure (the processor then logs and goes on, and the turn answers nothing).
    - `FailSafeTrackerStore` (the wrapper Rasa puts around every tracker store, rasa/core/agent.py):
      save, retrieve and retrieve_full_tracker timed; its error callbacks counted, since it swallows them.
    """
    Agent.handle_message = _once(Agent.handle_message, _timed_turn)
    RemoteAction.run = _once(RemoteAction.run, _counted_action)
    for operation in ("save", "retrieve", "retrieve_full_tracker"):
        setattr(FailSafeTrackerStore, operation, _once(getattr(FailSafeTrackerStore, operation),
                                                       functools.partial(_timed_store, operation)))
    FailSafeTrackerStore.on_tracker_store_error = _once(FailSafeTrackerStore.on_tracker_store_error,
                                                        functools.partial(_counted_store_error, "save"))
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _once(
        FailSafeTrackerStore.on_tracker_store_retrieve_error, functools.partial(_counted_store_error, "retrieve"))


def _once(original: Callable, wrapper: Callable) -> Callable:
    """`wrapper(original, *args)` in place of `original`, unless `original` is wrapped already."""
    if getattr(original, WRAPPED, False):
        return original
    if inspect.iscoroutinefunction(original):  # stays a coroutine function for whoever inspects it

        @functools.wraps(original)
        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            return await wrapper(original, *args, **kwargs)
    else:

        @functools.wraps(original)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            return wrapper(original, *args, **kwargs)

    setattr(wrapped, WRAPPED, True)
    return wrapped


async def _timed_turn(original: Callable, agent: Agent, message: UserMessage) -> Any:
    started, outcome = time.perf_counter(), "failed"
    try:
        result = await original(agent, message)
        replies = getattr(message.output_channel, "messages", None)
        outcome = "nothing" if replies == [] else "answered"
        return result
    finally:
        TURNS.labels(outcome).inc()
        TURN_SECONDS.observe(time.perf_counter() - started)


async def _counted_action(original: Callable, action: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    name = action.name()
    ACTION_CALLS.labels(name).inc()
    try:
        return await original(action, *args, **kwargs)
    except Exception:
        ACTION_FAILURES.labels(name).inc()
        raise


async def _timed_store(operation: str, original: Callable, store: FailSafeTrackerStore, *args: Any) -> Any:
    started = time.perf_counter()
    try:
        return await original(store, *args)
    finally:
        STORE_SECONDS.labels(operation).observe(time.perf_counter() - started)


def _counted_store_error(operation: str, original: Callable, store: FailSafeTrackerStore, error: Exception) -> None:
    STORE_ERRORS.labels(operation).inc()
    original(store, error)
