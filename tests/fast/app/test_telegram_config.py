"""bot/config.py: what the adapter needs to start, and what it refuses."""

import pytest

from bot import config


def test_without_a_token_the_adapter_says_how_to_get_one():
    with pytest.raises(config.ConfigError, match="BotFather"):
        config.load({})


def test_defaults_point_at_telegram_and_poll():
    settings = config.load({"TELEGRAM_BOT_TOKEN": "1:x"})
    assert settings.api_url == "https://api.telegram.org" and not settings.webhook_mode
    assert (settings.listen_host, settings.listen_port) == ("127.0.0.1", 8081)


def test_webhook_mode_needs_a_valid_secret():
    with pytest.raises(config.ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        config.load({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://bot.gera.de/telegram"})
    with pytest.raises(config.ConfigError):
        config.load({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://bot.gera.de/telegram",
                     "TELEGRAM_WEBHOOK_SECRET": "mit leerzeichen"})
    settings = config.load({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://bot.gera.de/tg/hook",
                            "TELEGRAM_WEBHOOK_SECRET": "s3cret_-Gera"})
    assert settings.webhook_mode and settings.webhook_path == "/tg/hook"


def test_the_launcher_hands_every_telegram_setting_to_the_adapter():
    from scripts import settings as launcher

    env = {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_API_URL": "http://127.0.0.1:9/",
           "TELEGRAM_WEBHOOK_URL": "https://bot.gera.de/tg", "TELEGRAM_WEBHOOK_SECRET": "geheim",
           "TELEGRAM_BOT_URL": "http://127.0.0.1:9001"}
    adapter, started_by = config.load(env), launcher.load(env)
    assert (started_by.telegram_bot_token, started_by.telegram_api_url, started_by.telegram_webhook_url,
            started_by.telegram_webhook_secret, started_by.telegram_bot_url) == (
        adapter.token, adapter.api_url, adapter.webhook_url, adapter.webhook_secret, adapter.listen_url)


def test_make_run_starts_the_adapter_only_with_a_token(monkeypatch, tmp_path):
    from dataclasses import replace

    from scripts import settings as launcher, stack

    started = []
    monkeypatch.setattr(stack.Running, "start", lambda self, name, server: started.append(name))
    without = replace(launcher.load({}), data_dir=tmp_path)
    with stack.running(without, model=tmp_path / "model.tar.gz"):
        assert started == ["backend", "actions", "rasa"]
    assert "@BotFather" in launcher.NO_TOKEN_HINT
    started.clear()
    with stack.running(replace(without, telegram_bot_token="1:x"), model=tmp_path / "model.tar.gz"):
        assert started == ["backend", "actions", "rasa", "bot"]
