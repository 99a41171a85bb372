"""Simulated citizens: coroutines in the emulator's event loop, each running rounds with think time.

One round of the product (`PRODUCT_ROUND`), each step waited for by its expected answer:

    greeting  "Hallo"                                   → "Wobei kann ich helfen"
    report    "Schlagloch in der Sorge N, ziemlich tief" → a button "Ohne Foto"
    button    press "Ohne Foto"                         → "Absenden"
    filing    press "Absenden"                          → "Nr." (the report number)

The echo bots answer the same four steps (`ECHO_ROUND`): a text with the
text, a press with "gedrückt"; both answers carry the buttons to press next.
A step's latency runs from the moment its update was queued to the moment
the expected message reached the emulator. A step without its answer within
`timeout` counts as unanswered; that citizen then starts over in a new chat
(the old conversation's state is unknown). Only new messages count as
answers, not edits of old ones.
"""

import asyncio
import itertools
import random
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Tuple

from bench.load.emulator import Arrival, Chat, Emulator

STEPS = ("greeting", "report", "button", "filing")
FIRST_CHAT_ID = 7 * 10**9


@dataclass(frozen=True)
class Step:
    kind: str
    press: bool  # a button press instead of a text
    content: str  # the text, or the button's title
    expect: str  # a fragment of the answer's text or one of its button titles


def product_round(number: int, round_no: int) -> List[Step]:
    house = 1 + (number * 7 + round_no) % 150
    return [Step("greeting", False, "Hallo", "Wobei kann ich helfen"),
            Step("report", False, f"Schlagloch in der Sorge {house}, ziemlich tief", "Ohne Foto"),
            Step("button", True, "Ohne Foto", "Absenden"),
            Step("filing", True, "Absenden", "Nr.")]


def echo_round(number: int, round_no: int) -> List[Step]:
    return [Step("greeting", False, "Hallo", "Hallo"),
            Step("report", False, f"Schlagloch in der Sorge {number}, ziemlich tief", "Schlagloch"),
            Step("button", True, "Ohne Foto", "gedrückt"),
            Step("filing", True, "Absenden", "gedrückt")]


Round = Callable[[int, int], List[Step]]


def shows(fragment: str) -> Callable[[Arrival], bool]:
    return lambda arrival: not arrival.edited and (fragment in arrival.text or fragment in arrival.button_titles)


@dataclass
class Tally:
    """What the citizens of one phase saw: latencies per step, unanswered steps, when answers arrived."""

    latencies: Dict[str, List[float]] = field(default_factory=lambda: {kind: [] for kind in STEPS})
    unanswered: Dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in STEPS})
    answered_at: List[float] = field(default_factory=list)
    sent: int = 0
    rounds: int = 0

    def answered(self, kind: str, sent_at: float, arrival: Arrival) -> None:
        self.latencies[kind].append(arrival.at - sent_at)
        self.answered_at.append(arrival.at)

    def answered_between(self, start: float, end: float) -> int:
        return sum(1 for at in self.answered_at if start <= at <= end)


@dataclass
class Crowd:
    """Everything the citizens of a phase share: the emulator, the bot's token, the round, the clock."""

    emulator: Emulator
    token: str
    round: Round
    think: float
    timeout: float
    stop_at: float
    tally: Tally = field(default_factory=Tally)
    chat_ids: itertools.count = field(default_factory=lambda: itertools.count(FIRST_CHAT_ID + random.randrange(10**8)))

    def new_chat(self) -> Chat:
        return self.emulator.new_chat(next(self.chat_ids))


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
    """Send one step and wait for its answer; False (counted as unanswered) when it did not come."""
    since, sent_at = len(chat.arrivals), time.monotonic()
    if step.press:
        sent = crowd.emulator.presses(crowd.token, chat, step.content)
    else:
        crowd.emulator.says(crowd.token, chat, step.content)
        sent = True
    crowd.tally.sent += sent
    arrival = await chat.wait_for(shows(step.expect), since, crowd.timeout) if sent else None
    if arrival is None:
        crowd.tally.unanswered[step.kind] += 1
        return False
    crowd.tally.answered(step.kind, sent_at, arrival)
    return True


async def run_phase(emulator: Emulator, token: str, round_: Round, citizens: int, think: float, duration: float,
                    timeout: float) -> Tuple[Tally, float, float]:
    """`citizens` citizens for `duration` seconds; returns the tally and the measured window (start, end)."""
    start = time.monotonic()
    crowd = Crowd(emulator, token, round_, think, timeout, start + duration)
    await asyncio.gather(*(citizen(crowd, number) for number in range(citizens)))
    return crowd.tally, start, crowd.stop_at
