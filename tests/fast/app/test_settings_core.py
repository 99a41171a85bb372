"""common/env.py: the settings every process shares are read one way, with one set of defaults."""

import os
import stat

import pytest

from common.env import ROOT, ConfigError, Environment, open311_api_key, rasa_api_token, secret_file


def test_unset_or_empty_variables_take_the_shared_defaults():
    for env in ({}, {"BACKEND_URL": "", "RASA_URL": "  "}):
        assert Environment(env).url("BACKEND_URL") == "http://127.0.0.1:8000"
        assert Environment(env).url("RASA_URL") == "http://127.0.0.1:5005"
    assert Environment({}).data_dir() == ROOT / "var"


def test_a_process_adds_its_own_defaults_and_a_relative_data_dir_counts_from_the_repository():
    env = Environment({"STADTBOT_DATA_DIR": "daten", "BACKEND_URL": "https://stadt.gera.de/api/"}, {"OWN": "7"})
    assert env.number("OWN") == 7 and env.text("UNKNOWN") == ""
    assert env.data_dir() == ROOT / "daten"
    assert env.url("BACKEND_URL") == "https://stadt.gera.de/api"


@pytest.mark.parametrize("name, value", [("BACKEND_URL", "ftp://x"), ("RASA_URL", "localhost:5005"),
                                         ("MEDIA_MAX_BYTES", "zehn"), ("MEDIA_MAX_PIXELS", "0")])
def test_an_unusable_shared_setting_is_refused_by_name(name, value):
    env = Environment({name: value})
    with pytest.raises(ConfigError, match=name):
        env.url(name) if name.endswith("_URL") else env.number(name)


def test_every_process_reads_the_same_data_dir_and_backend(tmp_path):
    from actions import config as actions
    from backend import config as backend
    from bot import config as bot
    from scripts import settings as launcher

    env = {"STADTBOT_DATA_DIR": str(tmp_path), "BACKEND_URL": "http://10.0.0.2:8000/", "TELEGRAM_BOT_TOKEN": "1:x"}
    for settings in (actions.load(env), backend.load(env), bot.load(env), launcher.load(env)):
        assert (settings.data_dir, settings.backend_url) == (tmp_path, "http://10.0.0.2:8000")


def test_a_secret_is_created_private_and_then_kept(tmp_path):
    path = tmp_path / "neu" / "secret"
    old_umask = os.umask(0)  # even a careless umask must not make the secret readable by others
    try:
        secret = secret_file(path)
    finally:
        os.umask(old_umask)
    assert len(secret) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_file(path) == secret


def test_an_existing_secret_file_is_read_as_it_is_never_chmod_ed(tmp_path):
    path = tmp_path / "secret"
    path.write_text("vom Betreiber\n")
    path.chmod(0o640)
    assert secret_file(path) == "vom Betreiber"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_readers_wait_for_the_process_that_creates_the_secret(tmp_path):
    assert open311_api_key("", tmp_path) == "" and not any(tmp_path.iterdir())
    key = open311_api_key("", tmp_path, create=True)  # the backend
    assert open311_api_key("", tmp_path) == key  # the bot and the actions
    assert open311_api_key("gesetzt", tmp_path) == "gesetzt"
    token = rasa_api_token("", tmp_path, create=True)  # the launcher
    assert rasa_api_token("", tmp_path) == token != key
