"""The README stays in step with the commands and settings."""

from common.env import ROOT

README = (ROOT / "README.md").read_text()


def test_readme_starts_with_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make run" in first_screen and "make test" in first_screen


def test_every_setting_is_documented():
    from actions.config import DEFAULTS as ACTION_SETTINGS
    from backend.config import DEFAULTS as BACKEND_SETTINGS
    from backend.staff.settings import DEFAULTS as STAFF_SETTINGS
    from bot.config import DEFAULTS as TELEGRAM_SETTINGS
    from common.env import DEFAULTS as SHARED_SETTINGS
    from scripts.settings import DEFAULTS as LAUNCHER_SETTINGS

    names = (set(SHARED_SETTINGS) | set(LAUNCHER_SETTINGS) | set(ACTION_SETTINGS) | set(BACKEND_SETTINGS)
             | set(STAFF_SETTINGS) | set(TELEGRAM_SETTINGS))
    missing = [name for name in sorted(names) if f"`{name}`" not in README]
    assert missing == []


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("run", "test", "eval", "bench", "train", "lock"):
        assert f"make {target}" in README
        assert f"\n{target}:" in makefile
