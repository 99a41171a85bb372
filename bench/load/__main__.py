"""Launch-day load: simulated citizens against the whole product, or against an echo bot for the ceiling.

    .venv-app/bin/python -m bench.load [--citizens 50 100] [--think 5] [--duration 60] [--webhook]
    .venv-app/bin/python -m bench.load --echo      [--citizens 20 100 400] [--think 0] [--duration 20]
    .venv-app/bin/python -m bench.load --echo-ptb  (the same with a python-telegram-bot echo bot)

One process holds the Bot API emulator (bench/load/emulator.py) and every
citizen (bench/load/citizens.py): a citizen queues its update by a method
call and waits on an asyncio event for the answer, so the harness spends its
CPU on serving the Bot API, not on clients polling it. Product mode starts
backend, action server, Rasa and the adapter on free ports with a fresh data
directory (bench/load/stack.py, through scripts/stack.py on .venv's Python,
with the existing model: it never trains), the adapter polling the emulator
or, with --webhook, receiving webhook deliveries. Echo mode starts only
bench/load/echo.py (raw httpx) or bench/load/echo_ptb.py.

Each phase runs N citizens for --duration seconds after one warm-up round.
Printed per phase: p50/p95/max latency per step (greeting, report, button
"Ohne Foto", filing "Absenden"; from queuing the update to the expected
answer reaching the emulator), answered messages/s in the measured window,
unanswered steps (no expected answer within --timeout), per process CPU
seconds, % of one core and share of our processes' CPU, peak RSS, the CPU
everything else on the shared host took, loadavg before and after, and the
Bot API calls by method. A step still waiting when the window ends is waited
for (its latency counts, its answer not in messages/s).

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
import statistics
import sys
import time
from pathlib import Path
from typing import AsyncIterator, Dict, List

from bench.load import citizens
from bench.load.emulator import Emulator
from bench.load.procs import Usage

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv" / "bin" / "python")
TOKEN = "4242:stadtbot-gera-load"
HARNESS = "harness (emulator+citizens)"
STACK_TIMEOUT = 400.0  # Rasa loads its model in one to two minutes on a busy 2-core machine


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# --- what the citizens talk to ------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def product(emulator: Emulator, webhook: bool) -> AsyncIterator[Dict[str, int]]:
    """The whole stack, the adapter talking to `emulator`; yields the processes' ids."""
    command = [RASA_PYTHON, "-m", "bench.load.stack", "--api-url", emulator.url, "--token", TOKEN]
    if webhook:
        command += ["--webhook-secret", secrets.token_urlsafe(16)]
    launcher = await asyncio.create_subprocess_exec(*command, cwd=ROOT, stdin=asyncio.subprocess.PIPE,
                                                    stdout=asyncio.subprocess.PIPE)
    try:
        line = await asyncio.wait_for(launcher.stdout.readline(), STACK_TIMEOUT)
        if not line:
            raise SystemExit(f"the stack did not start (exit code {await launcher.wait()}); see above")
        started = json.loads(line)
        print(f"stack ready: data dir {started['data_dir']}, model {started['model']}", file=sys.stderr)
        yield started["pids"]
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
async def echo_bot(emulator: Emulator, module: str) -> AsyncIterator[Dict[str, int]]:
    """An echo bot process, ready once it polls."""
    bot = await asyncio.create_subprocess_exec(sys.executable, "-m", module, "--api", emulator.url,
                                               "--token", TOKEN, cwd=ROOT)
    try:
        polled, exited = (asyncio.ensure_future(emulator.bot(TOKEN).polled.wait()),
                          asyncio.ensure_future(bot.wait()))
        await asyncio.wait([polled, exited], timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if not polled.done():
            raise SystemExit(f"{module} did not start polling (exit code {bot.returncode})")
        yield {module.rsplit(".", 1)[1]: bot.pid}
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
            raise SystemExit(f"warm-up: no answer to the {step.kind} step; is the stack healthy?")


async def phase(emulator: Emulator, pids: Dict[str, int], round_: citizens.Round, count: int,
                args: argparse.Namespace) -> None:
    usage, calls_before = Usage(pids), emulator.calls.copy()
    done = asyncio.Event()
    usage.start()
    sampling = asyncio.create_task(usage.sample_until(done))
    window = asyncio.create_task(finish_after(usage, args.duration))  # CPU over the same window as messages/s
    tally, start, end = await citizens.run_phase(emulator, TOKEN, round_, count, args.think, args.duration,
                                                 args.timeout)
    await window
    done.set()
    await sampling
    calls = emulator.calls - calls_before
    print_phase(f"{args.mode}, {count} citizens, think {args.think:g} s, {args.duration:g} s",
                tally, end - start, usage, calls)


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
    print(f"   {'step':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'unanswered':>11}")
    for kind in (*citizens.STEPS, "all"):
        values = [v for k, vs in tally.latencies.items() if kind in (k, "all") for v in vs]
        lost = tally.unanswered.get(kind, unanswered)
        if values:
            print(f"   {kind:<10} {len(values):>6} {statistics.median(values) * 1000:>8.0f} "
                  f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f} {lost:>11}")
        else:
            print(f"   {kind:<10} {0:>6} {'-':>8} {'-':>8} {'-':>8} {lost:>11}")
    for line in usage.lines():
        print(line)
    harness_ms = 1000 * usage.cpu[HARNESS] / max(in_window, 1)
    print(f"   harness CPU per answered message: {harness_ms:.2f} ms, so one core serves about "
          f"{1000 / max(harness_ms, 1e-6):.0f} messages/s")
    print("   Bot API calls: " + ", ".join(f"{method} {n}" for method, n in calls.most_common()))
    sys.stdout.flush()


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
    args = parser.parse_args()
    echo = args.mode is not None
    args.mode = args.mode or ("product-webhook" if args.webhook else "product")
    args.citizens = args.citizens or ([20, 100, 400] if echo else [50, 100])
    args.think = args.think if args.think is not None else (0.0 if echo else 5.0)
    args.duration = args.duration or (20.0 if echo else 60.0)
    return args


async def measure(args: argparse.Namespace) -> None:
    emulator = await Emulator().start()
    try:
        if args.mode.startswith("product"):
            target, round_ = product(emulator, args.webhook), citizens.product_round
        else:
            module = "bench.load.echo" if args.mode == "echo" else "bench.load.echo_ptb"
            target, round_ = echo_bot(emulator, module), citizens.echo_round
        async with target as pids:
            pids = {HARNESS: -os.getpid(), **pids}  # negative: without its children
            await warm_up(emulator, round_)
            for count in args.citizens:
                await phase(emulator, pids, round_, count, args)
    finally:
        await emulator.stop()


def main() -> None:
    asyncio.run(measure(arguments()))


if __name__ == "__main__":
    main()
