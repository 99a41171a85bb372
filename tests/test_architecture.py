"""The processes meet only over HTTP: the bot and the backend import nothing of the Rasa side."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RASA_SIDE = {"rasa", "rasa_sdk", "actions", "nlu", "channels"}


def imported_packages(path: Path) -> set:
    packages = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            packages.add(node.module.split(".")[0])
    return packages


@pytest.mark.parametrize("package", ["bot", "backend"])
def test_bot_and_backend_import_nothing_of_the_rasa_side(package):
    offending = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & RASA_SIDE)
                 for path in sorted((ROOT / package).rglob("*.py"))}
    assert {path: names for path, names in offending.items() if names} == {}
