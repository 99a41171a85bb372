"""The adapter's figures for Prometheus (GET /metrics, bot/web.py): how many updates come, wait, fail.

Overload shows here before citizens complain: updates received per second (by kind), the time from
an update's arrival to the last reply of its turn, updates waiting in the per-chat queues, rows in
the inbox, floods dropped, Rasa failing, the Bot API refusing (RetryAfter: Telegram's own flood
control), answers slow enough for the "dauert länger" note.

The call sites are one line each; the per-update state lives in a context variable (`Turn`): PTB
runs each update in a task of its own (bot/guards.py ChatOrderedProcessor), and everything a
handler awaits, Bot API calls included, sees that task's turn. So a reply counts for the update it
answers without passing anything through the handlers.

Label values are fixed words (kinds, reasons, Bot API method and error names): never a chat id, a
text or a report number. The counters live in the adapter's own registry; the
gauges are read from the running application when /metrics is asked (`exposition`), so they cost
nothing per update.
"""

import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator, Optional

from prometheus_client import (CollectorRegistry, Counter, Histogram, ProcessCollector, disable_created_metrics,
                               generate_latest)
from prometheus_client.core import GaugeMetricFamily, Metric
from telegram import Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.rasa import RasaAnsweredNothing

# Prometheus 2 and 3 both read the 0.0.4 text format; prometheus_client's newer default needs 3.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# From a quick answer (about 0.1 s without Rasa's actions) to Rasa's timeout (bot/config.py RASA_TIMEOUT).
TURN_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0)
METHOD = re.compile(r"^[A-Za-z]{1,40}$")

disable_created_metrics()  # the *_created series double the output and say nothing here
REGISTRY = CollectorRegistry()  # the adapter's own: a backend in the same process (tests) keeps apart
ProcessCollector(registry=REGISTRY)  # CPU seconds, memory, open files

UPDATES_RECEIVED = Counter("stadtbot_adapter_updates_received", "Updates taken from Telegram, by kind",
                           ["kind"], registry=REGISTRY)
UPDATES_DROPPED = Counter("stadtbot_adapter_updates_dropped",
                          "Updates not answered: queue (chat queue full), rate (rate limit), duplicate",
                          ["reason"], registry=REGISTRY)
REPLIES_SENT = Counter("stadtbot_adapter_replies_sent", "Messages sent to citizens in answer to an update",
                       registry=REGISTRY)
NOTIFICATIONS_SENT = Counter("stadtbot_adapter_notifications_sent",
                             "Messages sent outside a turn (status changes of reports)", registry=REGISTRY)
RASA_FAILURES = Counter("stadtbot_adapter_rasa_failures",
                        "Turns Rasa did not answer: down (unreachable, error, timeout) or nothing (empty answer)",
                        ["reason"], registry=REGISTRY)
BOT_API_ERRORS = Counter("stadtbot_adapter_bot_api_errors", "Bot API calls that failed, by method and error",
                         ["method", "error"], registry=REGISTRY)
HANDLER_ERRORS = Counter("stadtbot_adapter_handler_errors", "Updates whose handler failed (the citizen got ERROR)",
                         registry=REGISTRY)
SLOW_ANSWERS = Counter("stadtbot_adapter_slow_answers", 'Turns that got the "dauert länger" note',
                       registry=REGISTRY)
TURN_SECONDS = Histogram("stadtbot_adapter_turn_seconds",
                         "Seconds from an update's arrival to the last reply of its turn", buckets=TURN_BUCKETS,
                         registry=REGISTRY)


@dataclass
class Turn:
    """One update's way through the adapter: when it arrived, its last reply, whether it was dropped."""

    started: float
    last_reply: Optional[float] = None
    dropped: bool = False


_turn: ContextVar[Optional[Turn]] = ContextVar("stadtbot_turn", default=None)


def kind_of(update: object) -> str:
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "callback"
    return "message" if update.effective_message is not None else "other"


def update_received(update: object) -> None:
    """An update starts its turn (ChatOrderedProcessor.process_update, in the update's own task)."""
    UPDATES_RECEIVED.labels(kind_of(update)).inc()
    _turn.set(Turn(time.monotonic()))


def update_dropped(reason: str) -> None:
    """The update is not answered (a calm note may still go out): its turn stays out of the histogram."""
    UPDATES_DROPPED.labels(reason).inc()
    turn = _turn.get()
    if turn is not None:
        turn.dropped = True


def update_done() -> None:
    """The update's processing ended: the time to its last reply goes into the histogram."""
    turn = _turn.get()
    if turn is not None and turn.last_reply is not None and not turn.dropped:
        TURN_SECONDS.observe(turn.last_reply - turn.started)
    _turn.set(None)


def rasa_failed(failure: Exception) -> None:
    """Rasa down, or an answer with no message (bot/rasa.py RasaAnsweredNothing)."""
    RASA_FAILURES.labels("nothing" if isinstance(failure, RasaAnsweredNothing) else "down").inc()


def message_sent() -> None:
    turn = _turn.get()
    if turn is None:
        NOTIFICATIONS_SENT.inc()
        return
    REPLIES_SENT.inc()
    turn.last_reply = time.monotonic()


def method_of(url: str) -> str:
    """The Bot API method of a call's URL (…/bot<token>/sendMessage → sendMessage); never the token."""
    method = url.rsplit("/", 1)[-1]
    return method if METHOD.match(method) else "other"


class CountedCalls:
    """Mixin for a PTB request class: messages sent and Bot API errors are counted, nothing else changes."""

    async def post(self, url: str, *args, **kwargs):
        method = method_of(url)
        try:
            result = await super().post(url, *args, **kwargs)  # type: ignore[misc]
        except TelegramError as error:
            BOT_API_ERRORS.labels(method, type(error).__name__).inc()
            raise
        if method.startswith("send") and method != "sendChatAction":
            message_sent()
        return result


class CountedRequest(CountedCalls, HTTPXRequest):
    """The Bot API calls of the adapter's bot (getUpdates has its own, bot/guards.py TolerantUpdates)."""


class AdapterState:
    """Gauges read at scrape time from the running application: no cost per update."""

    def __init__(self, application):
        self.application = application

    def collect(self) -> Iterator[Metric]:
        processor = self.application.update_processor
        in_flight = processor.current_concurrent_updates
        admitted = processor.admitted() if hasattr(processor, "admitted") else in_flight
        yield GaugeMetricFamily("stadtbot_adapter_updates_in_flight",
                                "Updates being processed now (holding one of the global slots)", value=in_flight)
        # Admitted = running or waiting in the chat queues. An update without a chat (rare) runs without
        # being admitted; while one runs, the waiting figure is one too low.
        yield GaugeMetricFamily("stadtbot_adapter_updates_waiting",
                                "Updates in the per-chat queues waiting for their turn or a free slot",
                                value=max(0, admitted - in_flight))
        inbox = self.application.bot_data.get("inbox")
        if inbox is not None:
            yield GaugeMetricFamily("stadtbot_adapter_inbox_pending",
                                    "Updates in the inbox not yet processed (bot/inbox.py)", value=inbox.pending())


def exposition(application) -> bytes:
    """The text /metrics answers: the counters and histogram, then the gauges of `application`."""
    return generate_latest(REGISTRY) + generate_latest(AdapterState(application))  # type: ignore[arg-type]
