"""The processes meet only over HTTP: the bot and the backend import nothing of the Rasa side."""

import ast
import subprocess
from pathlib import Path

import pytest

from scripts.stack import APP_PYTHON

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


def python_of(pid: int) -> tuple:
    """The (major, minor) version of the Python a running process executes, read from its binary's name."""
    binary = Path(f"/proc/{pid}/exe").resolve().name  # python3.12
    return tuple(int(part) for part in binary.removeprefix("python").split("."))


def test_the_backend_runs_on_a_supported_python_and_the_rasa_side_on_3_10(stack):
    assert python_of(stack.processes["backend"].pid) >= (3, 11)
    assert python_of(stack.processes["actions"].pid) == (3, 10)
    assert python_of(stack.processes["rasa"].pid) == (3, 10)


def test_the_app_runtime_has_no_rasa_installed():
    found = subprocess.run([APP_PYTHON, "-c", "import importlib.util as u; print(u.find_spec('rasa') is None)"],
                           capture_output=True, text=True, timeout=60)
    assert found.stdout.strip() == "True", found.stderr


def test_no_secret_is_on_a_command_line(stack):
    """Every user of the machine can read command lines (`ps`); the tokens travel in the environment."""
    secrets = {stack.settings.rasa_api_token, stack.settings.action_server_token,
               (stack.settings.data_dir / "open311-api-key").read_text().strip()}
    for name, process in stack.processes.items():
        command_line = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode(errors="replace")
        assert not any(secret in command_line for secret in secrets), f"a secret on the command line of {name}"
