"""Loads the trained model in-process for evaluation and benchmarks."""

import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from scripts.train import ROOT, model_path

SETS = {"heldout": ROOT / "tests/data/nlu_heldout.yml", "dev": ROOT / "tests/data/nlu_dev.yml"}


def load_messages(name: str) -> List[Dict]:
    with open(SETS[name], encoding="utf-8") as file:
        return yaml.safe_load(file)["messages"]


class Parser:
    """The whole trained pipeline (DIET, our component, fallback) behind one call."""

    def __init__(self, model: Path = None):
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


def entity_values(parse: Dict) -> Dict[str, str]:
    """The first value of each entity kind in a parse result."""
    values: Dict[str, str] = {}
    for entity in parse.get("entities", []):
        values.setdefault(entity["entity"], str(entity["value"]))
    return values
