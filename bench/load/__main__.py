"""Launch-day load: simulated citizens against the whole product, or against an echo bot for the ceiling.

    .venv-app/bin/python -m bench.load [--citizens 50 100] [--think 5] [--duration 60] [--webhook] [--scaled]
    .venv-app/bin/python -m bench.load --scaled --citizens 50 --kill-rasa-worker 30
    .venv-app/bin/python -m bench.load --echo      [--citizens 20 100 400] [--think 0] [--duration 20]
    .venv-app/bin/python -m bench.load --echo-ptb  (the same with a python-telegram-bot echo bot)

One process holds the Bot API emulator (bench/load/emulator.py) and every
citizen (bench/load/citizens.py): a citizen queues its update by a method
call and waits on an asyncio event for the answer, so the harness spends its
CPU on serving the Bot API, not on clients polling it. Product mode starts
backend, action server, Rasa and the adapter on free ports with a fresh data
directory (bench/load/stack.py, through scripts/stack.py on .venv's Python,
with the existing model: it never trains), the adapter polling the emulator
or, with --webhook, receiving webhook deliveries. With --scaled the stack
is the scaled configuration (STADTBOT_SCALED=1: two Rasa and two action
server workers, PostgreSQL tracker store, Redis lock store). Echo mode
starts only bench/load/echo.py (raw httpx) or bench/load/echo_ptb.py.

Each phase runs N citizens for --duration seconds after one warm-up round.
Printed per phase: p50/p95/max latency per step (greeting, report, button
"Ohne Foto", filing "Absenden"; from queuing the update to the expected
answer reaching the emulator), answered messages/s in the measured window,
the messages sent and how they ended (answered, answered with the
adapter's "Nochmal senden", which the citizen then presses, off the path,
unanswered within --timeout), per process group CPU seconds, % of one core,
share of our processes' CPU, CPU ms per answered message and peak RSS (a
server's workers, PostgreSQL's backends counted with their main process;
Rasa's and the action server's workers also a row each: bench/load/procs.py),
Rasa's CPU ms per answered message, the CPU everything else on the shared
host took, loadavg before and after, the Bot API calls by method, and in
product mode the reports confirmed to citizens against those in the backend
(lost, filed twice: bench/load/reports.py). A step still waiting when the
window ends is waited for (its latency counts, its answer not in messages/s).

--kill-rasa-worker S (with --scaled): S seconds into the first phase's
window one of the two Rasa workers (the one that used most CPU so far, never
the main process) gets SIGKILL. Printed after that phase:
messages sent before and after the kill and how they ended, the reports
(lost and filed twice, expected 0 each), and whether Rasa still serves:
its main process and remaining worker alive, and 20 requests to Rasa's /
answered. Sanic 21.12 (Rasa 3.6) forks its workers from one main process
that holds the listening socket and only joins them (serve_multiple): a
dead worker is not replaced, and the other keeps accepting on the shared
socket. Later phases run on the one worker left.

Why not Locust: Locust runs its users on gevent greenlets and measures
request/response pairs. A Telegram citizen is not a request: the answer
comes later through another connection (the bot's getUpdates or a webhook
the emulator sends). Locust's users would have to poll the emulator (the
CPU the old harness burnt) or be bridged from gevent to the asyncio
emulator across threads; and gevent's monkey-patching does not mix with the
asyncio server the bot side needs. Its reporting (percentiles, rates) is the
small part; here it is a few lines over the recorded latencies.
"""

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Dict, List, Optional

import httpx

from bench.load import citizens, procs, reports
from bench.load.emulator import Emulator
from bench.load.procs import Usage
from scripts.workers import children

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv" / "bin" / "python")
TOKEN = "4242:stadtbot-gera-load"
HARNESS = "harness (emulator+citizens)"
STACK_TIMEOUT = 400.0  # Rasa loads its model in one to two minutes on a busy 2-core machine
SCALED_STACK_TIMEOUT = 900.0  # two Rasa workers load the model each, after PostgreSQL and Redis
WORKER_ROWS = {"rasa", "actions"}  # servers whose workers get a row each
PROBES = 20  # requests to Rasa's / after a worker was killed


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# --- what the citizens talk to ------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def product(emulator: Emulator, webhook: bool, scaled: bool) -> AsyncIterator[dict]:
    """The whole stack, the adapter talking to `emulator`; yields what bench/load/stack.py says it started
    (the processes' ids, Rasa's and the backend's URL, the backend's key)."""
    command = [RASA_PYTHON, "-m", "bench.load.stack", "--api-url", emulator.url, "--token", TOKEN]
    if webhook:
        command += ["--webhook-secret", secrets.token_urlsafe(16)]
    if scaled:
        command += ["--scaled"]
    launcher = await asyncio.create_subprocess_exec(*command, cwd=ROOT, stdin=asyncio.subprocess.PIPE,
                                                    stdout=asyncio.subprocess.PIPE)
    try:
        line = await asyncio.wait_for(launcher.stdout.readline(), SCALED_STACK_TIMEOUT if scaled else STACK_TIMEOUT)
        if not line:
            raise SystemExit(f"the stack did not start (exit code {await launcher.wait()}); see above")
        started = json.loads(line)
        print(f"stack ready: data dir {started['data_dir']}, model {started['model']}, "
              f"{started['rasa_workers']} Rasa and {started['action_workers']} action server worker(s), "
              f"processes {started['pids']}", file=sys.stderr)
        yield started
    finally:
        await stop_launcher(launcher)


async def stop_launcher(launcher: asyncio.subprocess.Process) -> None:
    """Close its stdin: the launcher stops its servers in order; terminate it only when that hangs."""
    if launcher.stdin is not None:
        launcher.stdin.close()
    try:
        await asyncio.wait_for(launcher.wait(), 90)
    except asyncio.TimeoutError:
        launcher.terminate()
        await launcher.wait()


@contextlib.asynccontextmanager
async def echo_bot(emulator: Emulator, module: str) -> AsyncIterator[dict]:
    """An echo bot process, ready once it polls."""
    bot = await asyncio.create_subprocess_exec(sys.executable, "-m", module, "--api", emulator.url,
                                               "--token", TOKEN, cwd=ROOT)
    try:
        polled, exited = (asyncio.ensure_future(emulator.bot(TOKEN).polled.wait()),
                          asyncio.ensure_future(bot.wait()))
        await asyncio.wait([polled, exited], timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if not polled.done():
            raise SystemExit(f"{module} did not start polling (exit code {bot.returncode})")
        yield {"pids": {module.rsplit(".", 1)[1]: bot.pid}}
    finally:
        if bot.returncode is None:
            bot.terminate()
        await bot.wait()


# --- phases ---------------------------------------------------------------------------------------------------


async def warm_up(emulator: Emulator, round_: citizens.Round) -> None:
    """One round by one citizen: first parse, first action call, connection pools, caches."""
    crowd = citizens.Crowd(emulator, TOKEN, round_, think=0.0, timeout=120.0, stop_at=time.monotonic() + 3600)
    chat = crowd.new_chat()
    for step in round_(0, 0):
        if not await citizens.take(crowd, chat, step):
            got = [(a.text[:80], a.button_titles) for a in chat.arrivals[-6:]]
            raise SystemExit(f"warm-up: no answer to the {step.kind} step; is the stack healthy? Last received: {got}")


@dataclass
class Kill:
    """A Rasa worker killed during a phase."""

    after: float  # seconds into the window
    at: float = 0.0  # loop time of the kill; 0: not (yet) done
    pid: int = 0
    workers_before: List[int] = field(default_factory=list)
    refused: str = ""


async def kill_rasa_worker(rasa_pid: int, kill: Kill) -> None:
    """SIGKILL one of Rasa's workers (no goodbye: a crash, the OOM killer), `kill.after` seconds from now."""
    await asyncio.sleep(kill.after)
    kill.workers_before = sorted(procs.living(children(rasa_pid)))
    if len(kill.workers_before) < 2:
        kill.refused = f"{len(kill.workers_before)} worker(s) running: none killed"
        return
    # The busiest: the adapter's kept-alive connections tend to stay with one worker, and killing an idle
    # one would test nothing.
    kill.pid = max(kill.workers_before, key=lambda pid: procs.process_cpu(pid) or 0.0)
    os.kill(kill.pid, signal.SIGKILL)
    kill.at = time.monotonic()


async def phase(emulator: Emulator, stack: dict, round_: citizens.Round, count: int, args: argparse.Namespace,
                kill: Optional[Kill]) -> None:
    pids = stack["pids"]
    usage, calls_before = Usage(pids, detail=WORKER_ROWS), emulator.calls.copy()
    done = asyncio.Event()
    usage.start()
    sampling = asyncio.create_task(usage.sample_until(done))
    window = asyncio.create_task(finish_after(usage, args.duration))  # CPU over the same window as messages/s
    killing = asyncio.create_task(kill_rasa_worker(pids["rasa"], kill)) if kill else None
    tally, start, end = await citizens.run_phase(emulator, TOKEN, round_, count, args.think, args.duration,
                                                 args.timeout)
    await window
    if killing is not None:
        await killing
    done.set()
    await sampling
    calls = emulator.calls - calls_before
    title = f"{args.mode}, {count} citizens, think {args.think:g} s, {args.duration:g} s"
    print_phase(title + (f", a Rasa worker killed at {kill.after:g} s" if kill else ""), tally, end - start,
                usage, calls)
    if "backend_url" in stack:
        print_reports(await reports.settled_count(stack["backend_url"], stack["api_key"], tally.chats,
                                                  tally.confirmations))
    if kill is not None:
        await print_kill(kill, tally, pids["rasa"], stack["rasa_url"])
    sys.stdout.flush()


async def finish_after(usage: Usage, seconds: float) -> None:
    await asyncio.sleep(seconds)
    usage.finish()


def print_phase(title: str, tally: citizens.Tally, window: float, usage: Usage, calls) -> None:
    answered = len(tally.answered_at)
    in_window = tally.answered_between(usage.started_at, usage.started_at + window)
    unanswered = sum(tally.unanswered.values())
    print(f"\n== {title}")
    print(f"   answered messages/s: {in_window / window:.1f}  ({in_window} answers in the window; "
          f"sent {tally.sent}, answered {answered}, unanswered {unanswered}; {tally.rounds} full rounds)")
    print("   " + message_line(citizens.outcomes(tally.messages), tally))
    print(f"   {'step':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'unanswered':>11} {'retry':>6}")
    for kind in (*citizens.STEPS, "all"):
        values = [v for k, vs in tally.latencies.items() if kind in (k, "all") for v in vs]
        lost = tally.unanswered.get(kind, unanswered)
        retries = tally.retries.get(kind, sum(tally.retries.values()))
        if values:
            print(f"   {kind:<10} {len(values):>6} {statistics.median(values) * 1000:>8.0f} "
                  f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f} {lost:>11} {retries:>6}")
        else:
            print(f"   {kind:<10} {0:>6} {'-':>8} {'-':>8} {'-':>8} {lost:>11} {retries:>6}")
    for line in usage.lines(in_window):
        print(line)
    if "rasa" in usage.cpu:
        processes = usage.processes("rasa")
        print(f"   Rasa CPU per answered message: {1000 * usage.cpu['rasa'] / max(in_window, 1):.0f} ms "
              + (f"(its {processes} processes together)" if processes > 1 else "(one process)"))
    harness_ms = 1000 * usage.cpu[HARNESS] / max(in_window, 1)
    print(f"   harness CPU per answered message: {harness_ms:.2f} ms, so one core serves about "
          f"{1000 / max(harness_ms, 1e-6):.0f} messages/s")
    print("   Bot API calls: " + ", ".join(f"{method} {n}" for method, n in calls.most_common()))
    sys.stdout.flush()


def message_line(counted, tally: Optional[citizens.Tally] = None) -> str:
    line = (f"messages sent {counted['sent']}: answered {counted['answered']}, answered with \"Nochmal senden\" "
            f"{counted['retry']}, off the path {counted['off path']}, unanswered {counted['unanswered']}")
    if tally is None:
        return line
    return (f"{line} (expected 0); buttons gone {sum(tally.missing_button.values())}, steps given up after "
            f"\"Nochmal senden\" {tally.gave_up}")


def print_reports(counted: reports.ReportCount) -> None:
    print(f"   reports confirmed to citizens {counted.confirmed + counted.promised} ({counted.confirmed} with a "
          f"number, {counted.promised} promised by the outbox), in the backend {counted.in_backend}: "
          f"lost {len(counted.lost)}, filed twice {counted.filed_twice} (expected 0 each); "
          f"filed without the citizen hearing so {len(counted.unheard)}")
    for lost in counted.lost[:5]:
        print(f"     lost: chat {lost.chat_id}, Sorge {lost.house}, confirmed as {lost.number or 'promise'}")
    for (chat_id, house), numbers in list(counted.twice.items())[:5]:
        print(f"     filed twice: chat {chat_id}, Sorge {house} as {', '.join(numbers)}")


async def print_kill(kill: Kill, tally: citizens.Tally, rasa_pid: int, rasa_url: str) -> None:
    if not kill.at:
        print(f"   fault: no Rasa worker killed ({kill.refused or 'the phase ended first'})")
        return
    print(f"   fault: Rasa worker {kill.pid} SIGKILLed {kill.after:g} s into the window "
          f"(workers before: {', '.join(map(str, kill.workers_before))})")
    before = [m for m in tally.messages if m.sent_at < kill.at]
    print("     sent before the kill: " + message_line(citizens.outcomes(before)))
    print("     sent after the kill:  " + message_line(citizens.outcomes(tally.messages, kill.at)))
    workers = sorted(procs.living(children(rasa_pid)))
    served = await probe(rasa_url, PROBES)
    print(f"     Rasa afterwards: main process {'running' if procs.alive(rasa_pid) else 'GONE'}, "
          f"{len(workers)} worker(s) running ({', '.join(map(str, workers)) or '-'}); "
          f"{served} of {PROBES} requests to {rasa_url}/ answered 200")


async def probe(url: str, times: int) -> int:
    served = 0
    async with httpx.AsyncClient(timeout=10) as http:
        for _ in range(times):
            try:
                served += (await http.get(f"{url}/")).status_code == 200
            except httpx.HTTPError:
                pass
    return served


# --- the command ----------------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--echo", action="store_const", dest="mode", const="echo", help="raw httpx echo bot")
    mode.add_argument("--echo-ptb", action="store_const", dest="mode", const="echo-ptb",
                      help="python-telegram-bot echo bot")
    parser.add_argument("--citizens", type=int, nargs="+", help="one phase per number (product: 50 100; "
                        "echo: 20 100 400)")
    parser.add_argument("--think", type=float, help="seconds between a citizen's steps (product 5, echo 0)")
    parser.add_argument("--duration", type=float, help="measured seconds per phase (product 60, echo 20)")
    parser.add_argument("--timeout", type=float, default=60.0, help="a step without answer after this is unanswered")
    parser.add_argument("--webhook", action="store_true", help="product: the adapter in webhook mode")
    parser.add_argument("--scaled", action="store_true", help="product: the scaled configuration (STADTBOT_SCALED=1)")
    parser.add_argument("--kill-rasa-worker", type=float, metavar="SECONDS",
                        help="scaled: SIGKILL one of the two Rasa workers this long into the first phase's window")
    args = parser.parse_args()
    echo = args.mode is not None
    if echo and (args.scaled or args.webhook):
        parser.error("--scaled and --webhook are for the product, not the echo bots")
    if args.kill_rasa_worker is not None and not args.scaled:
        parser.error("--kill-rasa-worker needs --scaled (one Rasa process has no worker to spare)")
    args.mode = args.mode or ("product" + ("-scaled" if args.scaled else "") + ("-webhook" if args.webhook else ""))
    args.citizens = args.citizens or ([20, 100, 400] if echo else [50, 100])
    args.think = args.think if args.think is not None else (0.0 if echo else 5.0)
    args.duration = args.duration or (20.0 if echo else 60.0)
    if args.kill_rasa_worker is not None and not 0 <= args.kill_rasa_worker < args.duration:
        parser.error("--kill-rasa-worker must fall inside the window (0 to --duration seconds)")
    return args


async def measure(args: argparse.Namespace) -> None:
    emulator = await Emulator().start()
    try:
        if args.mode.startswith("product"):
            target, round_ = product(emulator, args.webhook, args.scaled), citizens.product_round
        else:
            module = "bench.load.echo" if args.mode == "echo" else "bench.load.echo_ptb"
            target, round_ = echo_bot(emulator, module), citizens.echo_round
        async with target as stack:
            stack["pids"] = {HARNESS: -os.getpid(), **stack["pids"]}  # negative: without its children
            await warm_up(emulator, round_)
            for index, count in enumerate(args.citizens):
                kill = Kill(args.kill_rasa_worker) if args.kill_rasa_worker is not None and index == 0 else None
                await phase(emulator, stack, round_, count, args, kill)
    finally:
        await emulator.stop()


def main() -> None:
    asyncio.run(measure(arguments()))


if __name__ == "__main__":
    main()
