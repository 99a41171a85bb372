"""Attack (c): citizens file reports on Telegram while each server is killed (SIGKILL) and restarted in turn.

    .venv/bin/python -m bench.faults [--citizens 20] [--down 10] [--servers rasa,actions,backend,bot] [--strict]

Starts the whole stack with the adapter polling the Bot API emulator. The
citizens chat in parallel, round after round: "Schlagloch in der Sorge N"
(N unique per round) → "Weiß ich nicht genau" → "Ohne Foto" → "Absenden", each step waited for by its
answer; "Nochmal senden" is pressed (after a pause) whenever it is offered.
Meanwhile each server in turn is killed with SIGKILL, left down `--down`
seconds and started again (scripts/stack.py), then the next one follows
after `--between` seconds. When the last one is back the citizens finish
their round, the outbox gets time to deliver, and the backend is asked for
each citizen's reports.

Figures: reports confirmed (a number, or the promise "wird automatisch
übermittelt") and reports in the backend; lost (confirmed, not there),
duplicates (one round filed twice), messages that got no answer at all and
no "Nochmal senden" (during an outage and otherwise); all expected 0.
Also: rounds that ran off the path (an unexpected answer, e.g. a button
that no longer works), "Nochmal senden" offered, outage durations.
"""

import os
import re
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import httpx

from bench.attack import Clock, arguments, log_problems, model_of, print_problems, row, telegram_stack, verdict
from scripts import stack as launcher

TOKEN = "4545:faults"
NUMBER = re.compile(r"Nr\. (\d+)")
HOUSE = re.compile(r"Sorge (\d+)")
UNSURE = "Weiß ich nicht genau"  # the place check's button (domain.yml)
QUEUED = "automatisch übermittelt"
RETRY = "Nochmal senden"
ANSWER_TIMEOUT = 60.0  # the adapter waits 30 s for Rasa; a restarting adapter takes a few seconds more
MORE_WITHIN = 8.0  # after a first message, how long to wait for the rest of the answer
RETRY_PAUSE = 5.0
MAX_RETRIES = 40
SETTLE_MAX = 240.0


@dataclass
class Outage:
    server: str
    killed: float
    back: Optional[float] = None


@dataclass
class Sent:
    """One message or button press of a citizen and what came of it."""

    at: float
    what: str
    outcome: str = ""  # next, filed, queued, retry, other, silent
    during: Tuple[str, ...] = ()  # servers down between sending and the answer (or giving up waiting)


@dataclass
class Tally:
    confirmed: Dict[int, Optional[str]] = field(default_factory=dict)  # house -> report number (None: promised)
    sent: List[Sent] = field(default_factory=list)
    rounds: int = 0
    off_path: List[str] = field(default_factory=list)


class Faults:
    """The outages so far, for telling whether a message was sent while a server was down."""

    def __init__(self):
        self.outages: List[Outage] = []
        self.lock = threading.Lock()

    def down_between(self, start: float, end: float) -> Tuple[str, ...]:
        """The servers that were down at some moment from `start` to `end`."""
        with self.lock:
            return tuple(o.server for o in self.outages if o.killed <= end and (o.back is None or start <= o.back))


class Citizen:
    def __init__(self, url: str, number: int, faults: Faults, stop: threading.Event, token: str = TOKEN):
        from tests.telegram_fixtures import TelegramCitizen

        self.chat = TelegramCitizen(url, token=token)
        self.number, self.faults, self.stop = number, faults, stop
        self.tally = Tally()

    def run(self) -> None:
        try:
            while not self.stop.is_set() and self.tally.rounds < 40:
                self.one_round(100 + self.number * 40 + self.tally.rounds)
        finally:
            self.chat.close()

    def one_round(self, house: int) -> None:
        self.tally.rounds += 1
        outcome = self.step(f"Schlagloch in der Sorge {house}", lambda: self.chat.says(f"Schlagloch in der Sorge {house}"),
                            UNSURE, house)
        if outcome == "next":  # the typed place is kept: every "Sorge N" is the same point of the gazetteer
            outcome = self.step(UNSURE, lambda: self.press(UNSURE), "Ohne Foto", house)
        if outcome == "next":
            outcome = self.step("Ohne Foto", lambda: self.press("Ohne Foto"), "Absenden", house)
        if outcome == "next":
            outcome = self.step("Absenden", lambda: self.press("Absenden"), None, house)
        if outcome in ("other", "silent", "gave up"):
            self.tally.off_path.append(f"round {house}: {outcome}")
            self.quiet_reset()

    def press(self, title: str) -> None:
        self.chat.presses(title, timeout=1.0)

    def quiet_reset(self) -> None:
        """Leave whatever state the conversation is in (what a citizen does when lost: /abbrechen)."""
        try:
            self.chat.says("/abbrechen")
            self.wait(lambda got: bool(got), ANSWER_TIMEOUT)
        except (AssertionError, httpx.HTTPError):
            pass

    def step(self, label: str, act: Callable[[], None], want: Optional[str], house: int) -> str:
        """Send, wait for the answer; press "Nochmal senden" while it is offered. The outcome of the step."""
        for attempt in range(MAX_RETRIES):
            sent = Sent(time.monotonic(), label if not attempt else RETRY)
            try:
                act()
            except (AssertionError, httpx.HTTPError):
                sent.outcome = "other"  # the button to press is not on screen
                sent.during = self.faults.down_between(sent.at, time.monotonic())
                self.tally.sent.append(sent)
                return "other"
            got = self.wait(lambda messages: self.done(messages, want), ANSWER_TIMEOUT)
            sent.during = self.faults.down_between(sent.at, time.monotonic())  # down while it waited for the answer
            sent.outcome = self.judge(got, want, house)
            self.tally.sent.append(sent)
            if sent.outcome != "retry":
                return sent.outcome
            if self.stop.is_set() and attempt >= 3:  # the attack is over; a conversation stuck here is counted
                return "gave up"
            time.sleep(RETRY_PAUSE)
            act = lambda: self.press(RETRY)  # noqa: E731
        return "gave up"

    def wait(self, done: Callable[[list], bool], timeout: float) -> list:
        got: list = []
        deadline = time.monotonic() + timeout
        first_at = None
        while time.monotonic() < deadline:
            got.extend(self.chat.poll(min(5.0, max(0.1, deadline - time.monotonic()))))
            if got and done(got):
                break
            if got and first_at is None:
                first_at = time.monotonic()
            if first_at is not None and time.monotonic() - first_at > MORE_WITHIN:
                break
        return got

    @staticmethod
    def done(messages: list, want: Optional[str]) -> bool:
        text = "\n".join(m.text for m in messages)
        titles = [t for m in messages for t in m.button_titles]
        return bool(NUMBER.search(text) or QUEUED in text or RETRY in titles or (want and want in titles))

    def judge(self, messages: list, want: Optional[str], house: int) -> str:
        text = "\n".join(m.text for m in messages)
        titles = [t for m in messages for t in m.button_titles]
        number = NUMBER.search(text)
        if number:
            self.tally.confirmed[house] = number.group(1)
            return "filed"
        if QUEUED in text:
            self.tally.confirmed.setdefault(house, None)
            return "queued"
        if RETRY in titles:
            return "retry"
        if want and want in titles:
            return "next"
        return "other" if messages else "silent"


def lost_reports(confirmed: Dict[int, Optional[str]], in_backend: Dict[int, List[str]]) -> List[int]:
    """The rounds whose confirmation the backend does not keep: a number it has under none of the citizens'
    reports, or a promise whose round it has no report of. (An answer that arrives late, after a restart, may
    carry the number of the round before: numbers are not matched by round.)"""
    filed_numbers = {number for numbers in in_backend.values() for number in numbers}
    return sorted(house for house, number in confirmed.items()
                  if (number not in filed_numbers if number else house not in in_backend))


def kill_and_restart(stack, name: str, server, faults: Faults, down: float) -> Outage:
    """SIGKILL one server (no goodbye, as in a crash or an OOM kill), wait, start it again and wait until ready."""
    process = stack.processes.pop(name)
    outage = Outage(name, time.monotonic())
    with faults.lock:
        faults.outages.append(outage)
    process.kill()
    process.wait()
    time.sleep(down)
    stack.start(name, server)
    outage.back = time.monotonic()
    return outage


def reports_by_house(settings, key: str, citizens: List[Citizen]) -> Dict[int, List[str]]:
    found: Dict[int, List[str]] = defaultdict(list)
    with httpx.Client(timeout=30) as http:
        for citizen in citizens:
            response = http.get(f"{settings.backend_url}/open311/v2/requests.json", headers={"X-Api-Key": key},
                                params={"account_id": str(citizen.chat.chat_id), "page_size": "200"})
            response.raise_for_status()
            for report in response.json():
                house = HOUSE.search(f"{report.get('description') or ''} {report.get('address') or ''}")
                found[int(house.group(1)) if house else -1].append(str(report["service_request_id"]))
    return found


def chat_through_faults(stack, emulator_url: str, token: str, count: int, order: List[str], servers: dict,
                        down: float, between: float, warm_up: float, settle_max: float = SETTLE_MAX) -> dict:
    """`count` citizens chat while the servers of `order` are killed and restarted in turn; then wait until the
    backend has every confirmed report (or `settle_max` seconds passed)."""
    faults, stop, clock = Faults(), threading.Event(), Clock()
    settings = stack.settings
    key = (settings.data_dir / "open311-api-key").read_text().strip()
    citizens = [Citizen(emulator_url, number, faults, stop, token) for number in range(count)]
    threads = [threading.Thread(target=c.run, daemon=True) for c in citizens]
    for thread in threads:
        thread.start()
    time.sleep(warm_up)
    outages = []
    for index, name in enumerate(order):
        outages.append(kill_and_restart(stack, name, servers[name], faults, down))
        print(f"  {name} killed and back after {outages[-1].back - outages[-1].killed:.0f} s", flush=True)
        if index < len(order) - 1:
            time.sleep(between)
    stop.set()
    joined_by = time.monotonic() + ANSWER_TIMEOUT * 4  # a round in progress ends, a stuck one gives up
    for thread in threads:
        thread.join(timeout=max(0.0, joined_by - time.monotonic()))
    chatting = clock.seconds()
    confirmed = {house: number for c in citizens for house, number in c.tally.confirmed.items()}
    deadline = time.monotonic() + settle_max
    while True:  # the outbox delivers what waited; then the backend has every confirmed report
        in_backend = reports_by_house(settings, key, citizens)
        if all(house in in_backend for house, number in confirmed.items() if not number) \
                or time.monotonic() > deadline:
            break
        time.sleep(2.0)
    lost_detail = {}
    filed_numbers = {number for numbers in in_backend.values() for number in numbers}
    with httpx.Client(timeout=30) as http:  # what the backend has under a confirmed number that went missing
        for house, number in confirmed.items():
            if number and number not in filed_numbers:
                answer = http.get(f"{settings.backend_url}/open311/v2/requests/{number}.json",
                                  headers={"X-Api-Key": key})
                lost_detail[house] = f"{answer.status_code} {answer.text[:300]}"
    return {"citizens": citizens, "confirmed": confirmed, "in backend": in_backend, "outages": outages,
            "lost detail": lost_detail,
            "alive": {name: proc.poll() is None for name, proc in stack.processes.items()},
            "chatting": chatting, "settling": clock.seconds() - chatting}


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=20)
    parser.add_argument("--servers", default="rasa,actions,backend,bot", help="killed in this order")
    parser.add_argument("--down", type=float, default=10.0, help="seconds a killed server stays down (default 10)")
    parser.add_argument("--between", type=float, default=20.0, help="seconds between two outages (default 20)")
    parser.add_argument("--warm-up", type=float, default=20.0, help="seconds of chatting before the first kill")
    options = parser.parse_args()
    clock = Clock()
    model = model_of(options)
    # A report that waited in the outbox is retried within seconds once the backend is back (default up to 300).
    os.environ.setdefault("OUTBOX_MAX_RETRY_SECONDS", "10")
    servers = {"backend": launcher.backend, "actions": launcher.action_server, "bot": launcher.bot,
               "rasa": lambda settings: launcher.rasa_server(settings, model)}
    order = [name.strip() for name in options.servers.split(",") if name.strip()]
    with tempfile.TemporaryDirectory(prefix="stadtbot-faults-") as data_dir:
        with telegram_stack(Path(data_dir), model, TOKEN) as (stack, emulator):
            print(f"stack up after {clock.seconds():.0f} s; {options.citizens} citizens chat ...", flush=True)
            result = chat_through_faults(stack, emulator.url, TOKEN, options.citizens, order, servers, options.down,
                                         options.between, options.warm_up)
        problems = log_problems([stack.settings.log_dir / f"{name}.log" for name in ("bot", "backend", "actions", "rasa")])
    citizens, confirmed, in_backend, outages = (result["citizens"], result["confirmed"], result["in backend"],
                                                result["outages"])
    alive, chatting, settling = result["alive"], result["chatting"], result["settling"]
    sent = [s for c in citizens for s in c.tally.sent]
    lost = lost_reports(confirmed, in_backend)
    duplicates = {house: numbers for house, numbers in in_backend.items() if len(numbers) > 1}
    confirmed_numbers = {number for number in confirmed.values() if number}
    unconfirmed = sorted(house for house, numbers in in_backend.items()
                         if house not in confirmed and not confirmed_numbers & set(numbers))
    silent_outage = [s for s in sent if s.outcome == "silent" and s.during]
    silent_other = [s for s in sent if s.outcome == "silent" and not s.during]
    silent_citizens = {id(c) for c in citizens for s in c.tally.sent if s.outcome == "silent" and s.during}
    outcomes = Counter(s.outcome for s in sent)

    print()
    print(f"Attack (c): {options.citizens} citizens on Telegram, servers killed in turn ({', '.join(order)}; "
          f"{options.down:g} s down each), seed-free, {clock.seconds():.0f} s in all "
          f"({chatting:.0f} s chatting, {settling:.0f} s settling)")
    row("outages (SIGKILL until ready again)", ", ".join(f"{o.server} {o.back - o.killed:.0f} s" for o in outages))
    row("rounds started", sum(c.tally.rounds for c in citizens))
    row("reports confirmed to citizens", len(confirmed), f"{sum(n is not None for n in confirmed.values())} with a "
        f"number, {sum(n is None for n in confirmed.values())} with the outbox promise")
    row("reports of these citizens in the backend", sum(len(n) for n in in_backend.values()))
    row("lost (confirmed, not in the backend)", len(lost), "expected 0")
    row("duplicates (one round filed more than once)", sum(len(n) - 1 for n in duplicates.values()), "expected 0")
    row("filed without the citizen hearing so", len(unconfirmed))
    row("messages and presses sent", len(sent), ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    row("sent while a server was down (or went down before the answer)", sum(1 for s in sent if s.during))
    row("  ... got neither an answer nor \"Nochmal senden\"", len(silent_outage),
        f"{len(silent_citizens)} citizens; expected 0")
    row("sent outside outages, got no answer", len(silent_other), "expected 0")
    row("\"Nochmal senden\" offered", outcomes["retry"])
    row("rounds off the path (unexpected answer, gave up)", sum(len(c.tally.off_path) for c in citizens))
    stuck = [c for c in citizens if any(entry.endswith("gave up") for entry in c.tally.off_path)]
    row(f"citizens stuck: \"Nochmal senden\" {MAX_RETRIES} times or to the end", len(stuck), "expected 0")
    row("processes not running at the end", sum(not up for up in alive.values()),
        ", ".join(name for name, up in alive.items() if not up))
    row("tracebacks in the logs (bot, backend, actions, rasa)", problems["tracebacks"])
    for house in lost[:5]:
        print(f"  lost: Sorge {house} (confirmed as {confirmed[house] or 'promise'}); the backend under that number: "
              f"{result['lost detail'].get(house, '-')}")
    for house in unconfirmed[:5]:
        print(f"  filed without the citizen hearing so: Sorge {house} as {', '.join(in_backend[house])}")
    for house, numbers in list(duplicates.items())[:5]:
        print(f"  duplicate: Sorge {house} filed as {', '.join(numbers)}")
    off_path = Counter(entry.split(": ")[1] for c in citizens for entry in c.tally.off_path)
    if off_path:
        print("  rounds off the path by how they ended: " + ", ".join(f"{k}: {v}" for k, v in off_path.items()))
    by_server = Counter(server for s in silent_outage for server in s.during)
    if by_server:
        print("  unanswered during the outage of: " + ", ".join(f"{k}: {v}" for k, v in by_server.items()))
    print_problems("the servers", problems, full=2)
    verdict({"lost": len(lost), "duplicates": sum(len(n) - 1 for n in duplicates.values()),
             "unanswered during an outage": len(silent_outage), "unanswered otherwise": len(silent_other),
             "citizens stuck in \"Nochmal senden\"": len(stuck)},
            options.strict)


if __name__ == "__main__":
    main()
