"""`make bench`: NLU parse latency, model load time, training time and memory.

Parses the messages of the held-out and dev sets in-process (after one
warm-up parse) and prints p50/p95/max; then trains the model once from
scratch into a temporary folder and prints the wall time and the peak memory
of training. Prints figures; it does not pass or fail.

    python -m bench.nlu_latency [--skip-training] [--rounds N]
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.nlu_model import Parser, load_messages
from scripts.train import ROOT, TRAINING_DATA, rasa_env


def percentile(samples, share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def parse_latency(parser: Parser, texts, rounds: int) -> list:
    parser.parse("Hallo")  # first parse builds TensorFlow's graphs
    timings = []
    for _ in range(rounds):
        for text in texts:
            timings.append(parser.timed_parse(text)[1] * 1000)
    return timings


def training_run() -> tuple:
    """Wall seconds and peak RSS (MB) of one full `rasa train` from scratch."""
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        command = [str(Path(sys.executable).with_name("rasa")), "train", "--data", *TRAINING_DATA, "--out", out, "--force", "--quiet"]
        subprocess.run(command, cwd=ROOT, env=rasa_env(), check=True, stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--skip-training", action="store_true")
    args.add_argument("--rounds", type=int, default=1)
    options = args.parse_args()

    texts = [m["text"] for name in ("heldout", "dev") for m in load_messages(name)]
    parser = Parser()
    timings = parse_latency(parser, texts, options.rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load                 {parser.load_seconds:.1f} s")
    print(f"parses                     {len(timings)} (in-process, one at a time)")
    print(f"parse p50                  {statistics.median(timings):.1f} ms")
    print(f"parse p95                  {percentile(timings, 0.95):.1f} ms")
    print(f"parse max                  {max(timings):.1f} ms")
    print(f"peak memory (parsing)      {peak:.0f} MB")
    if not options.skip_training:
        seconds, training_peak = training_run()
        print(f"training time              {seconds:.0f} s")
        print(f"peak memory (training)     {training_peak:.0f} MB")


if __name__ == "__main__":
    main()
