"""Rasa's own checks: the training data is consistent and the test conversations pass."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from scripts.train import ROOT, TRAINING_DATA, rasa_env

RASA = str(Path(sys.executable).with_name("rasa"))
# Intents the Telegram adapter sends as /share_location{...} and /send_photo{...}; nobody types them.
TECHNICAL_INTENTS = {"share_location", "send_photo"}
# Set by our NLU component for a message that is not German; never trained.
TECHNICAL_INTENTS |= {"other_language"}
# Buttons of a solved report's notification and of "Meine Meldungen" (actions/feedback.py); nobody types them.
TECHNICAL_INTENTS |= {"fix_feedback", "rate_report", "add_photo"}
# /einfach and /normal of the Telegram adapter (actions/easy.py); nobody types them.
TECHNICAL_INTENTS |= {"easy_language"}


def used_in_actions(response: str) -> bool:
    """Responses that custom actions or forms send do not appear in rules: they must appear in actions/ or ask for a form slot."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    form_slots = {slot for form in domain.get("forms", {}).values() for slot in form["required_slots"]}
    if response.removeprefix("utter_ask_") in form_slots:
        return True
    sources = [path.read_text() for path in (ROOT / "actions").rglob("*.py")]
    # One text per language is chosen by name: f"utter_emergency_{language}".
    prefixes = {prefix for source in sources for prefix in re.findall(r'f"(utter_\w+_)\{', source)}
    return any(f'"{response}"' in source for source in sources) or response.startswith(tuple(prefixes))


def test_rasa_data_validate_passes_with_only_explained_warnings():
    command = [RASA, "data", "validate", "--data", *TRAINING_DATA]
    result = subprocess.run(command, cwd=ROOT, env=rasa_env(), capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    unexplained = []
    for warning in re.findall(r"UserWarning: (.*)", output):
        intent = re.match(r"The intent '(\w+)' is listed in the domain file, but is not found", warning)
        response = re.match(r"The utterance '(\w+)' is not used in any story or rule", warning)
        if intent and intent.group(1) in TECHNICAL_INTENTS or response and used_in_actions(response.group(1)):
            continue
        unexplained.append(warning)
    assert unexplained == []


def test_conversation_stories_pass(model, tmp_path):
    command = [
        RASA, "test", "core", "--model", str(model), "--stories", "tests/test_stories.yml",
        "--fail-on-prediction-errors", "--out", str(tmp_path),
    ]
    result = subprocess.run(command, cwd=ROOT, env=rasa_env(), capture_output=True, text=True)
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details[-4000:] + result.stdout[-2000:] + result.stderr[-2000:]
