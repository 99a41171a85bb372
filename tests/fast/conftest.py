"""The fast layer: everything under tests/fast runs in-process, without training, servers, Node or a browser.

Each test here gets the marker `fast` (`pytest -m fast` / `-m "not fast"` select the layers) and a
timeout of 30 s: a fast test that needs longer has started waiting for something it should not need.
The layer is split by runtime: `app/` (bot/ and backend/) runs in .venv-app, `rasa/` (actions/, nlu/,
the launcher's settings) in .venv; `make test-fast` runs both.
"""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TIMEOUT = 30


def pytest_collection_modifyitems(items):
    # A conftest hook sees every item of the session, not only this directory's.
    for item in items:
        if Path(item.path).is_relative_to(HERE):
            item.add_marker(pytest.mark.fast)
            item.add_marker(pytest.mark.timeout(TIMEOUT))
