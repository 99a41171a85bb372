"""Loads a trained model in-process for evaluation and benchmarks, and the evaluation data."""

import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from scripts.train import ROOT, model_path

DATA = ROOT / "tests/data"
# blind: written from the contract only, never looked at message by message;
# dev: for tuning and for reading the mistakes.
SETS = {"blind": DATA / "nlu_blind.yml", "dev": DATA / "nlu_dev.yml"}
OPENERS = DATA / "openers.yml"
LANGUAGES = DATA / "languages.yml"


def load_yaml(path: Path):
    with open(path, encoding="utf-8") as file:
        return yaml.safe_load(file)


def load_messages(name: str) -> List[Dict]:
    return load_yaml(SETS[name])["messages"]


class Parser:
    """The whole trained pipeline (classifier, our component, fallback) behind one call."""

    def __init__(self, model: Optional[Path] = None):
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        logging.getLogger("rasa").setLevel(logging.ERROR)
        from rasa.core.agent import Agent  # slow import (TensorFlow): only when needed
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)  # no debug line per parse

        self.loop = asyncio.new_event_loop()
        started = time.perf_counter()
        self.agent = Agent.load(str(model or model_path()))
        self.load_seconds = time.perf_counter() - started

    def parse(self, text: str) -> Dict:
        return self.loop.run_until_complete(self.agent.parse_message(text))

    def timed_parse(self, text: str) -> Tuple[Dict, float]:
        started = time.perf_counter()
        result = self.parse(text)
        return result, time.perf_counter() - started

    def close(self) -> None:
        self.loop.close()


def entity_values(parse: Dict) -> Dict[str, str]:
    """The first value of each entity kind in a parse result."""
    values: Dict[str, str] = {}
    for entity in parse.get("entities", []):
        values.setdefault(entity["entity"], str(entity["value"]))
    return values


def seeds_from(text: str) -> List[Optional[int]]:
    """"config,1,2" -> [None, 1, 2]; None stands for config.yml's own seed."""
    return [None if part.strip() == "config" else int(part) for part in text.split(",") if part.strip()]


def seed_name(seed: Optional[int]) -> str:
    return "config" if seed is None else str(seed)
