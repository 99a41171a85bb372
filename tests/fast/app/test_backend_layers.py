"""Inside the backend: the Open311 core does not import the staff web, and every write takes the Storage's lock.

The staff web (backend/staff/) sits on top of the Open311 core; only the app that assembles both
(backend/app.py) imports it. Writes go through `Storage.transaction()` (one lock, one transaction per
write), so a module that opens a transaction on the raw connection (`db.conn`) writes around the lock.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BACKEND = ROOT / "backend"
STAFF = BACKEND / "staff"
ASSEMBLES_BOTH = {"backend/app.py"}
OWN_THE_CONNECTION = {"backend/storage.py", "backend/schema.py"}


def modules_imported(path: Path) -> set:
    """Every dotted name an import statement of the module names (`from a import b` gives a and a.b)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def core_modules() -> list:
    return [path for path in sorted(BACKEND.rglob("*.py")) if not path.is_relative_to(STAFF)]


def test_the_open311_core_imports_nothing_of_the_staff_web():
    offending = {}
    for path in core_modules():
        name = str(path.relative_to(ROOT))
        staff = sorted(m for m in modules_imported(path) if m == "backend.staff" or m.startswith("backend.staff."))
        if staff and name not in ASSEMBLES_BOTH:
            offending[name] = staff
    assert offending == {}


def test_the_core_is_told_apart_from_the_staff_web():
    """The check above looks at something: the app does import the staff web."""
    assert "backend.staff" in modules_imported(BACKEND / "app.py")


def test_every_write_goes_through_the_storage_lock():
    offending = [str(path.relative_to(ROOT)) for path in sorted(BACKEND.rglob("*.py"))
                 if "db.conn" in path.read_text(encoding="utf-8")
                 and str(path.relative_to(ROOT)) not in OWN_THE_CONNECTION]
    assert offending == []
