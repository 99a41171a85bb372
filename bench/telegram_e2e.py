"""End-to-end figures of the Telegram side: citizen sends → citizen sees the answer.

    .venv/bin/python -m bench.telegram_e2e [--citizens 20 100] [--rounds 3 2] [--think 2.0]

Starts everything on free ports with a fresh data directory: the Bot API
emulator (tests/telegram), the adapter (polling), Rasa, the action server
and the backend. Each simulated citizen runs a closed loop of rounds; one
round is five messages, each waited for by its expected answer:

    "Hallo" → greeting · "Schlagloch in der Sorge N" → the place check · press "Weiß ich nicht genau" →
    "Ohne Foto" · press "Ohne Foto" →
    summary · press "Absenden" → report number · /datenschutz (answered by the adapter alone)

with `--think` seconds between a citizen's messages (people read before
they answer; the adapter's per-chat limit is one message every two seconds
after a burst of eight). Prints reply latency p50/p95/max per step kind and
overall, messages per second, and the peak RSS of every process
(/proc/<pid>/status VmRSS, children included). Figures only, no verdict.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Tuple

from common.env import default_tracker_store_url
from scripts import settings as config
from scripts.stack import free_port, running
from scripts.train import train
from tests.telegram_fixtures import TOKEN, TelegramCitizen, start_emulator

STEPS = ("greeting", "report", "place", "button", "filing", "command")


def rss_kb(pid: int) -> int:
    """VmRSS of a process and all its descendants, in kB."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(rss_kb(int(child)) for child in children)
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return total


class Memory:
    """Samples the RSS of the processes twice a second; keeps the peak."""

    def __init__(self, pids: Dict[str, int]):
        self.pids, self.peak = pids, {name: 0 for name in pids}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def reset(self) -> None:
        self.peak = {name: 0 for name in self.pids}

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            self.sample()

    def sample(self) -> Dict[str, int]:
        now = {name: rss_kb(pid) for name, pid in self.pids.items()}
        for name, value in now.items():
            self.peak[name] = max(self.peak[name], value)
        return now


def one_citizen(url: str, number: int, rounds: int, think: float) -> Tuple[List[Tuple[str, float]], int]:
    citizen = TelegramCitizen(url)
    timings, failures = [], 0

    def step(kind: str, action, *args, expect: str) -> None:
        nonlocal failures
        started = time.monotonic()
        try:
            action(*args, expect=expect)
            timings.append((kind, time.monotonic() - started))
        except AssertionError:
            failures += 1
        time.sleep(think)  # think time of a person, not a wait for the system

    try:
        for round_ in range(rounds):
            house = 100 + (number * 7 + round_) % 900
            step("greeting", citizen.says, "Hallo", expect="Wobei kann ich helfen")
            step("report", citizen.says, f"Schlagloch in der Sorge {house}", expect="Weiß ich nicht genau")
            step("place", citizen.presses, "Weiß ich nicht genau", expect="Ohne Foto")
            step("button", citizen.presses, "Ohne Foto", expect="Absenden")
            step("filing", citizen.presses, "Absenden", expect="Nr.")
            step("command", citizen.says, "/datenschutz", expect="Gespeichert werden")
    finally:
        citizen.close()
    return timings, failures


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def phase(url: str, citizens: int, rounds: int, think: float) -> dict:
    started = time.monotonic()
    with ThreadPoolExecutor(citizens) as pool:
        results = list(pool.map(lambda n: one_citizen(url, n, rounds, think), range(citizens)))
    wall = time.monotonic() - started
    timings = [t for result, _ in results for t in result]
    return {"wall": wall, "timings": timings, "failures": sum(f for _, f in results)}


def report(name: str, result: dict, memory: Memory) -> None:
    timings = result["timings"]
    print(f"\n== {name}: {len(timings)} answered, {result['failures']} without answer in 60 s, "
          f"{result['wall']:.1f} s wall")
    print(f"   messages/s answered: {len(timings) / result['wall']:.1f}")
    print(f"   {'step':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind in STEPS + ("all",):
        values = [t for k, t in timings if k == kind or kind == "all"]
        if values:
            print(f"   {kind:<10} {len(values):>5} {statistics.median(values) * 1000:>8.0f} "
                  f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    print("   peak RSS MB: " + ", ".join(f"{n} {kb / 1024:.0f}" for n, kb in memory.peak.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, nargs="+", default=[20, 100])
    parser.add_argument("--rounds", type=int, nargs="+", default=[3, 2])
    parser.add_argument("--think", type=float, default=2.0)
    args = parser.parse_args()
    model = train()
    data_dir = Path(tempfile.mkdtemp(prefix="stadtbot-bench-"))
    try:
        measure(args, model, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def measure(args: argparse.Namespace, model: Path, data_dir: Path) -> None:
    with start_emulator(data_dir / "logs") as emulator:
        settings = replace(
            config.load({}), data_dir=data_dir, rasa_url=f"http://127.0.0.1:{free_port()}",
            action_server_url=f"http://127.0.0.1:{free_port()}", backend_url=f"http://127.0.0.1:{free_port()}",
            tracker_store_url=default_tracker_store_url(data_dir), telegram_bot_token=TOKEN,
            telegram_api_url=emulator.url, telegram_bot_url=f"http://127.0.0.1:{free_port()}")
        print(f"starting the stack in {data_dir} ...", file=sys.stderr)
        with running(settings, model) as stack:
            pids = {"emulator": emulator.process.pid, **{name: p.pid for name, p in stack.processes.items()}}
            memory = Memory(pids)
            idle = memory.sample()
            print("idle RSS MB: " + ", ".join(f"{n} {kb / 1024:.0f}" for n, kb in idle.items()))
            print(f"think time between a citizen's messages: {args.think:.1f} s")
            one_citizen(emulator.url, 0, 1, 0.5)  # warm-up: first parse, first action call, caches
            memory.thread.start()
            for citizens, rounds in zip(args.citizens, args.rounds):
                memory.reset()
                result = phase(emulator.url, citizens, rounds, args.think)
                report(f"{citizens} citizens × {rounds} rounds", result, memory)
            memory.stopped.set()


if __name__ == "__main__":
    main()
