"""`make bench`: training time, model load time, NLU parse latency and memory, per seed.

For every seed (config.yml's and three more, `--seeds` to choose) it trains
the whole model (NLU and dialogue) from scratch into a temporary folder and
records the wall time and peak memory of training, then loads that model
in-process and parses every message of the blind and development sets
(after one warm-up parse), printing p50/p95/max. Prints figures; it does not
pass or fail.

    python -m bench.nlu_latency [--seeds config,1,2,3] [--rounds N] [--skip-training]
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from bench.nlu_model import Parser, load_messages, seed_name, seeds_from
from scripts.train import CONFIG, ROOT, TRAINING_DATA, rasa_env, seeded_config, train


def percentile(samples, share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def parse_latency(parser: Parser, texts, rounds: int) -> list:
    parser.parse("Hallo")  # the first parse builds TensorFlow's graphs
    timings = []
    for _ in range(rounds):
        for text in texts:
            timings.append(parser.timed_parse(text)[1] * 1000)
    return timings


def training_run(seed: Optional[int], out: Path) -> tuple:
    """Wall seconds and peak RSS (MB) of one full `rasa train` from scratch, and the model."""
    config = CONFIG if seed is None else seeded_config(seed, out)
    started = time.monotonic()
    command = [
        str(Path(sys.executable).with_name("rasa")), "train", "--config", str(config), "--domain", "domain.yml",
        "--data", *TRAINING_DATA, "--out", str(out), "--fixed-model-name", "bench", "--force", "--quiet",
    ]
    subprocess.run(command, cwd=ROOT, env=rasa_env(), check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, out / "bench.tar.gz"


def one_seed(seed: Optional[int], texts, rounds: int, skip_training: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        if skip_training:
            model = train(seed, quiet=True)
            seconds = peak_training = None
        else:
            seconds, peak_training, model = training_run(seed, Path(folder))
        parser = Parser(model)
        timings = parse_latency(parser, texts, rounds)
        parser.close()
    return {
        "training s": seconds,
        "training peak MB": peak_training,
        "model load s": parser.load_seconds,
        "parse p50 ms": statistics.median(timings),
        "parse p95 ms": percentile(timings, 0.95),
        "parse max ms": max(timings),
        "parses": len(timings),
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--seeds", default="config,1,2,3", help="comma-separated; 'config' is config.yml's seed")
    args.add_argument("--skip-training", action="store_true", help="measure the models trained already")
    args.add_argument("--rounds", type=int, default=1)
    options = args.parse_args()

    texts = [m["text"] for name in ("blind", "dev") for m in load_messages(name)]
    rows = {}
    for seed in seeds_from(options.seeds):
        rows[seed_name(seed)] = one_seed(seed, texts, options.rounds, options.skip_training)
        print(f"seed {seed_name(seed)}: " + ", ".join(f"{k} {format_value(v)}" for k, v in rows[seed_name(seed)].items()), flush=True)
    print(f"\n{'figure':<20}" + "".join(f"{name:>10}" for name in rows))
    for figure in next(iter(rows.values())):
        print(f"{figure:<20}" + "".join(f"{format_value(row[figure]):>10}" for row in rows.values()))
    print(f"peak memory (parsing) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (this process, all models)")


def format_value(value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
