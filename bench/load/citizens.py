"""Simulated citizens: coroutines in the emulator's event loop, each running rounds with think time.

One round of the product (`product_round`), each step waited for by its expected answer:

    greeting  "Hallo"                                   → "Wobei kann ich helfen"
    report    "Schlagloch in der Sorge N, ziemlich tief" → the place on the map: a button "Weiß ich nicht genau"
    place     press "Weiß ich nicht genau"              → a button "Ohne Foto"
    button    press "Ohne Foto"                         → "Absenden"
    filing    press "Absenden"                          → "Nr." (the report number) or the outbox's promise

The citizen keeps the typed place ("Weiß ich nicht genau"): every "Sorge N" would be the same point of the
offline gazetteer (a stop on the Sorge), and confirmed points 50 m apart make the assistant offer the
earlier report to support instead of filing (actions/report.py).

The echo bots answer the same five steps (`echo_round`): a text with the
text, a press with "gedrückt"; both answers carry the buttons to press next.
A step's latency runs from the moment its update was queued to the moment
the expected message reached the emulator.

What a citizen does when an answer is not the expected one:
- the adapter's honest offer "Nochmal senden" (Rasa or the backend failed):
  the citizen presses it after `retry_pause` seconds, as bench/faults.py's
  citizens do, and waits for the step's answer again; at most MAX_RETRIES
  times (after the phase's end LATE_RETRIES), then gives up;
- another answer (off the path) or none within `timeout`, or the button to
  press is gone: the citizen starts over in a new chat (the old
  conversation's state is unknown).
Only new messages count as answers, not edits of old ones.

Every message or press sent is recorded as a `Message` with its outcome
(answered, retry offered, off the path, unanswered); each filing answer as a
`Confirmation` (report number, or the outbox's promise), matched against the
backend afterwards (bench/load/reports.py).
"""

import asyncio
import itertools
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from bench.load.emulator import Arrival, Chat, Emulator

STEPS = ("greeting", "report", "place", "button", "filing")
UNSURE = "Weiß ich nicht genau"  # the place check's button (domain.yml)
FIRST_CHAT_ID = 7 * 10**9
RETRY = "Nochmal senden"  # the adapter's offer when Rasa or the backend failed (bot/texts.py)
RETRY_PAUSE = 5.0  # a citizen reads the apology, then taps
MAX_RETRIES = 10
LATE_RETRIES = 3  # after the phase's end: a conversation stuck in retries is counted, not waited for
FILED = re.compile(r"eingegangen: Nr\. (\d+)")  # utter_report_filed (domain.yml)
QUEUED = "automatisch übermittelt"  # utter_report_filed_without_number: the outbox promise
OUTCOMES = ("answered", "retry", "off path", "unanswered")


@dataclass(frozen=True)
class Step:
    kind: str
    press: bool  # a button press instead of a text
    content: str  # the text, or the button's title
    expect: Tuple[str, ...]  # fragments of the answer's text or its button titles; any one will do
    house: int = 0  # the report's address (Sorge <house>), to find it in the backend


def product_round(number: int, round_no: int) -> List[Step]:
    house = 1 + (number * 7 + round_no) % 150  # distinct for a citizen's first 150 rounds
    return [Step("greeting", False, "Hallo", ("Wobei kann ich helfen",), house),
            Step("report", False, f"Schlagloch in der Sorge {house}, ziemlich tief", (UNSURE,), house),
            Step("place", True, UNSURE, ("Ohne Foto",), house),
            Step("button", True, "Ohne Foto", ("Absenden",), house),
            Step("filing", True, "Absenden", ("Nr.", QUEUED), house)]


def echo_round(number: int, round_no: int) -> List[Step]:
    return [Step("greeting", False, "Hallo", ("Hallo",)),
            Step("report", False, f"Schlagloch in der Sorge {number}, ziemlich tief", ("Schlagloch",)),
            Step("place", True, UNSURE, ("gedrückt",)),
            Step("button", True, "Ohne Foto", ("gedrückt",)),
            Step("filing", True, "Absenden", ("gedrückt",))]


Round = Callable[[int, int], List[Step]]


def shows(fragments: Iterable[str]) -> Callable[[Arrival], bool]:
    fragments = tuple(fragments)
    return lambda arrival: not arrival.edited and any(
        fragment in arrival.text or fragment in arrival.button_titles for fragment in fragments)


def offers_retry(arrival: Arrival) -> bool:
    return not arrival.edited and RETRY in arrival.button_titles


@dataclass(frozen=True)
class Message:
    """One text or press a citizen sent (a "Nochmal senden" press too), and what came of it."""

    kind: str  # the step
    sent_at: float
    outcome: str  # one of OUTCOMES
    retry: bool = False  # a press of "Nochmal senden"


@dataclass(frozen=True)
class Confirmation:
    """A filing answer: the report number, or None for the outbox's promise ("wird automatisch übermittelt")."""

    chat_id: int
    house: int
    number: Optional[str]


def outcomes(messages: Iterable[Message], since: float = float("-inf")) -> Counter:
    """How many messages sent from `since` on ended how; "sent" is their number."""
    counted = Counter({outcome: 0 for outcome in OUTCOMES})
    for message in messages:
        if message.sent_at >= since:
            counted[message.outcome] += 1
            counted["sent"] += 1
    return counted


def confirmation(chat_id: int, house: int, text: str) -> Optional[Confirmation]:
    """What a filing answer confirms: a new report's number, the outbox promise, or nothing (e.g. a support)."""
    filed = FILED.search(text)
    if filed:
        return Confirmation(chat_id, house, filed.group(1))
    return Confirmation(chat_id, house, None) if QUEUED in text else None


@dataclass
class Tally:
    """What the citizens of one phase saw: latencies per step, outcomes of every message, when answers arrived,
    the reports confirmed and the chats used."""

    latencies: Dict[str, List[float]] = field(default_factory=lambda: {kind: [] for kind in STEPS})
    unanswered: Dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in STEPS})
    retries: Dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in STEPS})  # "Nochmal senden" offered
    missing_button: Dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in STEPS})
    answered_at: List[float] = field(default_factory=list)
    messages: List[Message] = field(default_factory=list)
    confirmations: List[Confirmation] = field(default_factory=list)
    chats: List[int] = field(default_factory=list)
    sent: int = 0
    rounds: int = 0
    gave_up: int = 0  # steps abandoned after "Nochmal senden" MAX_RETRIES times (or LATE_RETRIES after the end)

    def answered(self, kind: str, sent_at: float, arrival: Arrival) -> None:
        self.latencies[kind].append(arrival.at - sent_at)
        self.answered_at.append(arrival.at)

    def answered_between(self, start: float, end: float) -> int:
        return sum(1 for at in self.answered_at if start <= at <= end)

    def record(self, kind: str, sent_at: float, outcome: str, retry: bool) -> None:
        self.messages.append(Message(kind, sent_at, outcome, retry))
        if outcome in ("unanswered", "off path"):
            self.unanswered[kind] += 1
        elif outcome == "retry":
            self.retries[kind] += 1


@dataclass
class Crowd:
    """Everything the citizens of a phase share: the emulator, the bot's token, the round, the clock."""

    emulator: Emulator
    token: str
    round: Round
    think: float
    timeout: float
    stop_at: float
    retry_pause: float = RETRY_PAUSE
    tally: Tally = field(default_factory=Tally)
    chat_ids: itertools.count = field(default_factory=lambda: itertools.count(FIRST_CHAT_ID + random.randrange(10**8)))

    def new_chat(self) -> Chat:
        chat = self.emulator.new_chat(next(self.chat_ids))
        self.tally.chats.append(chat.id)
        return chat


async def citizen(crowd: Crowd, number: int) -> None:
    """Rounds until the phase ends; a step in flight at the end is still waited for."""
    await asyncio.sleep(random.uniform(0, crowd.think + 0.5))  # arrivals spread, not one burst
    chat = crowd.new_chat()
    for round_no in itertools.count():
        for step in crowd.round(number, round_no):
            if time.monotonic() >= crowd.stop_at:
                return
            if not await take(crowd, chat, step):
                chat = crowd.new_chat()
                break
            await asyncio.sleep(crowd.think)
        else:
            crowd.tally.rounds += 1


async def take(crowd: Crowd, chat: Chat, step: Step) -> bool:
    """Send one step and wait for its answer, pressing "Nochmal senden" while it is offered; False when the
    step did not get its answer (none, an unexpected one, the button gone, or the citizen gave up)."""
    tally, press, content = crowd.tally, step.press, step.content
    expected = shows(step.expect)
    for attempt in itertools.count():
        since, sent_at = len(chat.arrivals), time.monotonic()
        if press:
            if not crowd.emulator.presses(crowd.token, chat, content):
                tally.missing_button[step.kind] += 1
                return False
        else:
            crowd.emulator.says(crowd.token, chat, content)
        tally.sent += 1
        arrival = await chat.wait_for(lambda a: expected(a) or offers_retry(a), since, crowd.timeout)
        if arrival is None:
            other = any(not a.edited for a in chat.arrivals[since:])
            tally.record(step.kind, sent_at, "off path" if other else "unanswered", attempt > 0)
            return False
        if expected(arrival):
            tally.record(step.kind, sent_at, "answered", attempt > 0)
            tally.answered(step.kind, sent_at, arrival)
            if step.kind == "filing" and step.house:
                confirmed = confirmation(chat.id, step.house, arrival.text)
                tally.confirmations += [confirmed] if confirmed else []
            return True
        tally.record(step.kind, sent_at, "retry", attempt > 0)
        late = time.monotonic() >= crowd.stop_at
        if attempt >= MAX_RETRIES or (late and attempt >= LATE_RETRIES):
            tally.gave_up += 1
            return False
        await asyncio.sleep(crowd.retry_pause)
        press, content = True, RETRY
    return False  # not reached


async def run_phase(emulator: Emulator, token: str, round_: Round, citizens: int, think: float, duration: float,
                    timeout: float, retry_pause: float = RETRY_PAUSE) -> Tuple[Tally, float, float]:
    """`citizens` citizens for `duration` seconds; returns the tally and the measured window (start, end)."""
    start = time.monotonic()
    crowd = Crowd(emulator, token, round_, think, timeout, start + duration, retry_pause)
    await asyncio.gather(*(citizen(crowd, number) for number in range(citizens)))
    return crowd.tally, start, crowd.stop_at
