"""Trains the Rasa model when its inputs changed, and only then.

The model is named after a hash of everything training reads (config,
domain, training data, the pinned packages, the random seed), so an
unchanged checkout finds its model in models/ and starts at once; a changed
one trains exactly once.

The seed is config.yml's unless `STADTBOT_SEED` (or `--seed`) names another:
every model trained from the repository must pass the tests, whatever its
seed, so the tests and `make eval` can be run on models of several seeds.
Prints the path of the model to use.

    python -m scripts.train [--seed N]
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
CONFIG = ROOT / "config.yml"
TRAINING_DATA = ["nlu/data", "nlu/rules", "nlu/stories"]
INPUTS = ["config.yml", "domain.yml", "constraints.txt", *TRAINING_DATA]
KEEP_MODELS = 6
# The keys under which Rasa's components take their seed.
SEED_KEYS = ("random_seed", "random_state")


def chosen_seed(seed: Optional[int] = None) -> Optional[int]:
    """The seed asked for (argument, then STADTBOT_SEED); None means config.yml's own."""
    if seed is not None:
        return seed
    value = os.environ.get("STADTBOT_SEED", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"STADTBOT_SEED must be a whole number, not {value!r}")


def fingerprint(seed: Optional[int] = None) -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    if seed is not None:
        digest.update(f"seed={seed}".encode())
    return digest.hexdigest()[:12]


def rasa_env() -> dict:
    """Environment for rasa commands: our custom NLU component importable, no telemetry."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONHASHSEED": "0",
    }


def model_path(seed: Optional[int] = None) -> Path:
    seed = chosen_seed(seed)
    suffix = "" if seed is None else f"-seed{seed}"
    return MODELS / f"stadtbot-{fingerprint(seed)}{suffix}.tar.gz"


def seeded_config(seed: int, folder: Path) -> Path:
    """config.yml with every component's seed replaced by `seed`."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    for component in config.get("pipeline", []) + config.get("policies", []):
        for key in SEED_KEYS:
            if key in component:
                component[key] = seed
    path = folder / f"config-seed{seed}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def train(seed: Optional[int] = None, quiet: bool = False) -> Path:
    seed = chosen_seed(seed)
    model = model_path(seed)
    if model.exists():
        print(f"Model is up to date: {model.relative_to(ROOT)}", file=sys.stderr)
        return model
    MODELS.mkdir(exist_ok=True)
    config = CONFIG if seed is None else seeded_config(seed, MODELS)
    print(f"Training the model{'' if seed is None else f' with seed {seed}'} (a few minutes on 2 cores) ...", file=sys.stderr)
    started = time.monotonic()
    command = [
        str(Path(sys.executable).with_name("rasa")), "train",
        "--config", str(config), "--domain", "domain.yml", "--data", *TRAINING_DATA,
        "--out", str(MODELS), "--fixed-model-name", model.name.removesuffix(".tar.gz"), "--force",
    ]
    if quiet:  # the caller prints figures of its own; Rasa's progress bars would bury them
        command.append("--quiet")
    subprocess.run(command, cwd=ROOT, env=rasa_env(), check=True, stdout=subprocess.DEVNULL if quiet else None)
    print(f"Trained in {time.monotonic() - started:.0f} s: {model.relative_to(ROOT)}", file=sys.stderr)
    for old in sorted(MODELS.glob("stadtbot-*.tar.gz"), key=lambda p: p.stat().st_mtime)[:-KEEP_MODELS]:
        old.unlink()
    return model


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--seed", type=int, help="train with this seed instead of config.yml's")
    print(train(arguments.parse_args().seed))
