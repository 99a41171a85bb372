"""Rasa's own checks: the training data is consistent and the test conversations pass."""

import subprocess
import sys
from pathlib import Path

from scripts.train import ROOT, TRAINING_DATA, rasa_env

RASA = str(Path(sys.executable).with_name("rasa"))


def test_rasa_data_validate_passes():
    command = [RASA, "data", "validate", "--fail-on-warnings", "--data", *TRAINING_DATA]
    result = subprocess.run(command, cwd=ROOT, env=rasa_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass(model, tmp_path):
    command = [
        RASA, "test", "core", "--model", str(model), "--stories", "tests/test_stories.yml",
        "--fail-on-prediction-errors", "--out", str(tmp_path),
    ]
    result = subprocess.run(command, cwd=ROOT, env=rasa_env(), capture_output=True, text=True)
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details[-4000:] + result.stdout[-2000:] + result.stderr[-2000:]
