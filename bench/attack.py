"""What the three attack harnesses of `make fuzz` share: the stack they attack, log reading, the verdict.

bench/fuzz_telegram.py (hostile Telegram updates), bench/fuzz_open311.py
(the Open311 API fuzzed) and bench/faults.py (servers killed while citizens
file reports) are measurements: each prints its figures and exits 0, also
when a figure is bad. With `--strict` a harness exits 1 when a figure that
should be zero is not, so a CI job can hold the line.
"""

import argparse
import re
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Dict, Iterable, Iterator, Tuple

from bench.report_filing import bench_settings, trained_model
from scripts.stack import free_port, running

TRACEBACK = "Traceback (most recent call last)"
ERROR_LINE = re.compile(r"^\S+ \S+ ERROR |\bERROR\b")


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=0, help="random seed of the attack (default 0)")
    parser.add_argument("--model", type=Path, help="the model to load (default: the one scripts/train.py would use)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a figure that should be 0 is not")
    return parser


def model_of(options) -> Path:
    return options.model.resolve() if options.model else trained_model()


@contextmanager
def telegram_stack(data_dir: Path, model: Path, token: str) -> Iterator[Tuple[object, object]]:
    """Backend, actions, Rasa and the adapter (polling the Bot API emulator), on free ports in `data_dir`."""
    from tests.telegram_fixtures import start_emulator  # the emulator's launcher lives with the tests

    settings = bench_settings(data_dir)
    with start_emulator(settings.log_dir) as emulator:
        settings = replace(settings, telegram_bot_token=token, telegram_api_url=emulator.url,
                           telegram_bot_url=f"http://127.0.0.1:{free_port()}")
        with running(settings, model) as stack:
            yield stack, emulator


def log_problems(logs: Iterable[Path]) -> Dict[str, object]:
    """Tracebacks and ERROR lines in logs, and the last line of each traceback (the exception) counted."""
    tracebacks, errors, kinds, examples = 0, 0, Counter(), {}
    rotated = [old for log in logs for old in sorted(log.parent.glob(log.name + ".*"), reverse=True)]
    for log in rotated + list(logs):  # common/logfiles.py renames a full log to <name>.1, .2 ...
        if not log.exists():
            continue
        lines = log.read_text(errors="replace").splitlines()
        start = None
        for number, line in enumerate(lines):
            if TRACEBACK in line:
                tracebacks += 1
                start = number if start is None else start
            elif start is not None and line and not line.startswith((" ", "\t", "During handling", "The above exception",
                                                                       TRACEBACK)) and not lines[number - 1] == "":
                kind = f"{log.name}: {line[:160]}"
                kinds[kind] += 1
                examples.setdefault(kind, "\n".join(lines[max(0, start - 1):number + 1]))
                start = None
            if ERROR_LINE.search(line) and TRACEBACK not in line:
                errors += 1
    return {"tracebacks": tracebacks, "errors": errors, "kinds": kinds, "examples": examples}


def print_problems(title: str, problems: Dict[str, object], full: int = 3) -> None:
    """The exceptions found in a set of logs, counted, and the first `full` tracebacks in full."""
    if not problems["kinds"]:
        return
    print(f"\nExceptions in the logs of {title} (last line of each traceback):")
    for kind, count in problems["kinds"].most_common(15):
        print(f"  {count:>5}  {kind}")
    for kind, _count in problems["kinds"].most_common(full):
        print(f"\n--- {kind}\n{problems['examples'][kind][-3000:]}")


def row(label: str, value, note: str = "") -> None:
    print(f"  {label:<58}{value!s:>10}{('   ' + note) if note else ''}")


def verdict(expected_zero: Dict[str, int], strict: bool) -> None:
    """Name the figures that should be 0 and are not; with --strict, exit 1 then."""
    bad = {name: value for name, value in expected_zero.items() if value}
    print()
    if bad:
        print("Not zero, expected 0: " + ", ".join(f"{name} = {value}" for name, value in bad.items()))
    else:
        print("Every figure expected to be 0 is 0.")
    if strict and bad:
        sys.exit(1)


class Clock:
    def __init__(self):
        self.started = time.monotonic()

    def seconds(self) -> float:
        return time.monotonic() - self.started

