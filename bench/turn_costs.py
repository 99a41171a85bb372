"""Where a turn's time goes inside the Rasa server (issue 13): one table per turn kind.

    .venv/bin/python -m bench.turn_costs [--conversations 30] [--model PATH] [--spy DIR]

Starts the backend and the action server as real processes (scripts/stack.py, fresh data directory),
loads the model in this process with the same endpoints as the Rasa server (SQL tracker store on SQLite,
the action server over HTTP, the conversation feed as event broker) and sends each conversation's turns
one after another, as the Rasa server does for one chat. Rasa's own functions are wrapped with timers:

    NLU              MessageProcessor.parse_message (the whole pipeline)
    policies         MessageProcessor._predict_next_with_tracker (every prediction of the turn)
    tracker load     SQLTrackerStore.retrieve, outside save (the processor fetching the conversation)
    tracker save     SQLTrackerStore.save without the event broker part
    broker diff      TrackerStore.stream_events (Rasa's own SQL store reloads the tracker to find the new
                     events; channels/tracker_store.py does not, so this stays 0 with endpoints.yml)
    actions          RemoteAction.run (HTTP to the action server, the action, its backend calls)
    other            the rest of handle_message (events, slot extraction, bookkeeping)

Figures are wall time in this process on the machine as it is (loadavg printed); the adapter and the
Telegram side are measured by bench/load (whole stack). With --spy DIR (needs `py-spy` on PATH or in the
venv), the action server and the backend are sampled while the turns run: DIR/actions.txt and
DIR/backend.txt list the functions with most samples (self and total). It does not pass or fail.
"""

import argparse
import asyncio
import os
import shutil
import subprocess
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Dict, List

from common.env import default_tracker_store_url
from scripts import settings as config
from scripts.stack import action_server, backend, endpoints_file, free_port, tracker_dialect
from scripts.train import model_path

# One conversation: (turn kind, what the citizen sends). The button payloads are what the adapter sends.
CONVERSATION = [
    ("greeting", "Hallo"),
    ("report start", "Schlagloch in der Sorge 12, ziemlich tief"),
    ("place check", "/deny"),  # "Weiß ich nicht genau": keeps the typed place
    ("button", "/deny"),  # "Ohne Foto"
    ("filing", "/affirm"),  # "Absenden"
    ("service question", "Was kostet ein Reisepass?"),
]
PARTS = ("NLU", "policies", "tracker load", "tracker save", "broker diff", "actions", "other")


class Timers:
    """Wall time per part of the current turn; parts nested in another are subtracted from it."""

    def __init__(self):
        self.turn: Dict[str, float] = defaultdict(float)
        self.counts: Dict[str, int] = defaultdict(int)
        self._inside: List[str] = []

    def wrap_async(self, owner, name: str, part: str):
        original = getattr(owner, name)
        timers = self

        async def timed(*args, **kwargs):
            with timers.measure(part):
                return await original(*args, **kwargs)
        setattr(owner, name, timed)

    def wrap_sync(self, owner, name: str, part: str):
        original = getattr(owner, name)
        timers = self

        def timed(*args, **kwargs):
            with timers.measure(part):
                return original(*args, **kwargs)
        setattr(owner, name, timed)

    @contextmanager
    def measure(self, part: str):
        outer = self._inside[-1] if self._inside else None
        self._inside.append(part)
        start = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - start
            self._inside.pop()
            self.turn[part] += spent
            self.counts[part] += 1
            if outer:  # e.g. the broker's reload inside save: counted once, where it belongs
                self.turn[outer] -= spent

    def take(self) -> Dict[str, float]:
        turn, self.turn = dict(self.turn), defaultdict(float)
        return turn


def instrument(timers: Timers) -> None:
    from rasa.core.actions.action import RemoteAction
    from scripts import rasa_patches

    rasa_patches.apply()  # as scripts/rasa_server.py does: measure the server as it runs
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore

    from channels.tracker_store import ConversationStore

    timers.wrap_async(MessageProcessor, "parse_message", "NLU")
    timers.wrap_sync(MessageProcessor, "_predict_next_with_tracker", "policies")
    timers.wrap_async(SQLTrackerStore, "retrieve", "tracker load")
    timers.wrap_async(SQLTrackerStore, "save", "tracker save")
    timers.wrap_async(ConversationStore, "save", "tracker save")  # endpoints.yml's store saves on its own
    timers.wrap_async(TrackerStore, "stream_events", "broker diff")
    timers.wrap_async(RemoteAction, "run", "actions")


async def run_conversations(settings, model: Path, conversations: int, timers: Timers) -> Dict[str, List[dict]]:
    from rasa.core.agent import load_agent
    from rasa.core.channels import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints

    agent = await load_agent(model_path=str(model), endpoints=AvailableEndpoints.read_endpoints(
        str(endpoints_file(settings))))
    await agent.handle_message(UserMessage("Hallo", CollectingOutputChannel(), "warm-up"))  # first-call costs
    timers.take()
    figures: Dict[str, List[dict]] = defaultdict(list)
    for _ in range(conversations):
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for kind, text in CONVERSATION:
            start = time.perf_counter()
            await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
            total = time.perf_counter() - start
            parts = timers.take()
            parts["other"] = total - sum(parts.values())
            parts["total"] = total
            figures[kind].append(parts)
    return figures


def print_table(figures: Dict[str, List[dict]]) -> None:
    print(f"median ms per turn ({sum(map(len, figures.values()))} turns; loadavg {os.getloadavg()[0]:.1f})")
    print(f"{'turn':<18}" + "".join(f"{p:>14}" for p in (*PARTS, "total")))
    for kind, turns in figures.items():
        cells = [statistics.median(t.get(p, 0.0) for t in turns) * 1000 for p in (*PARTS, "total")]
        print(f"{kind:<18}" + "".join(f"{c:>14.1f}" for c in cells))
    every = [t for turns in figures.values() for t in turns]
    shares = {p: sum(t.get(p, 0.0) for t in every) / sum(t["total"] for t in every) for p in PARTS}
    print("share of all turn time: " + ", ".join(f"{p} {s:.0%}" for p, s in shares.items()))


@contextmanager
def spied(processes: Dict[str, subprocess.Popen], folder: Path):
    """py-spy record (collapsed stacks) of each process while the block runs; then a top list per process."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    folder.mkdir(parents=True, exist_ok=True)
    recorders = {name: subprocess.Popen([spy, "record", "-p", str(p.pid), "-r", "100", "-f", "raw", "-o",
                                         str(folder / f"{name}.raw")], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL) for name, p in processes.items()}
    try:
        yield
    finally:
        for name, recorder in recorders.items():
            recorder.send_signal(2)  # py-spy writes its file on SIGINT
            recorder.wait(timeout=30)
            (folder / f"{name}.txt").write_text(top_functions(folder / f"{name}.raw"))


def top_functions(raw: Path, count: int = 25) -> str:
    """The functions with most samples in a collapsed-stack file: self share and total share."""
    own, total, samples = defaultdict(int), defaultdict(int), 0
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        frames, n = stack.split(";"), int(number)
        samples += n
        own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    lines = [f"{samples} samples"]
    lines += [f"self {n / samples:6.1%}  {frame}" for frame, n in sorted(own.items(), key=lambda x: -x[1])[:count]]
    lines += [f"total {n / samples:6.1%}  {frame}" for frame, n in sorted(total.items(), key=lambda x: -x[1])[:count]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=30)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--spy", type=Path, default=None, help="sample the action server and backend into DIR")
    args = parser.parse_args()
    model = args.model or model_path()
    if not model.exists():
        sys.exit(f"{model} fehlt: erst `make train`.")
    with tempfile.TemporaryDirectory(prefix="stadtbot-turns-") as data:
        settings = replace(config.load(), data_dir=Path(data), backend_url=f"http://127.0.0.1:{free_port()}",
                           action_server_url=f"http://127.0.0.1:{free_port()}",
                           tracker_store_url=default_tracker_store_url(Path(data)))
        os.environ.update(settings.process_env())
        os.environ.update(TRACKER_STORE_URL=settings.tracker_store_url,
                          TRACKER_DIALECT=tracker_dialect(settings.tracker_store_url),
                          ACTION_SERVER_TOKEN=settings.action_server_token)
        timers = Timers()
        instrument(timers)
        with ExitStack() as stack:
            processes = {"backend": stack.enter_context(backend(settings)),
                         "actions": stack.enter_context(action_server(settings))}
            if args.spy:
                stack.enter_context(spied(processes, args.spy))
            figures = asyncio.run(run_conversations(settings, model, args.conversations, timers))
    print_table(figures)


if __name__ == "__main__":
    main()
