"""Trains the Rasa model when its inputs changed, and only then.

The model is named after a hash of everything training reads (config,
domain, training data, the pinned packages), so an unchanged checkout finds
its model in models/ and starts at once; a changed one trains exactly once.
Prints the path of the model to use.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
TRAINING_DATA = ["nlu/data", "nlu/rules", "nlu/stories"]
INPUTS = ["config.yml", "domain.yml", "constraints.txt", *TRAINING_DATA]
KEEP_MODELS = 3


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
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


def model_path() -> Path:
    return MODELS / f"stadtbot-{fingerprint()}.tar.gz"


def train() -> Path:
    model = model_path()
    if model.exists():
        print(f"Model is up to date: {model.relative_to(ROOT)}", file=sys.stderr)
        return model
    print("Training the model (a few minutes on 2 cores) ...", file=sys.stderr)
    started = time.monotonic()
    command = [
        str(Path(sys.executable).with_name("rasa")), "train",
        "--config", "config.yml", "--domain", "domain.yml", "--data", *TRAINING_DATA,
        "--out", str(MODELS), "--fixed-model-name", model.name.removesuffix(".tar.gz"), "--force",
    ]
    subprocess.run(command, cwd=ROOT, env=rasa_env(), check=True)
    print(f"Trained in {time.monotonic() - started:.0f} s: {model.relative_to(ROOT)}", file=sys.stderr)
    for old in sorted(MODELS.glob("stadtbot-*.tar.gz"), key=lambda p: p.stat().st_mtime)[:-KEEP_MODELS]:
        old.unlink()
    return model


if __name__ == "__main__":
    print(train())
