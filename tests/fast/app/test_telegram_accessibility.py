"""The chat for everyone (issue 18): /einfach and /normal reach the assistant, /hilfe and /datenschutz name the
accessibility statement and the city's contact for barriers, and the privacy notice comes in short messages."""

import dataclasses

import pytest

from bench.chat_rules import LINE_LIMIT, MAX_LINES
from bot import config, handlers, texts
from tests.fast.app.test_telegram_handlers import anyio_backend, chat  # noqa: F401 (fixtures)

pytestmark = pytest.mark.anyio


def command(chat, name: str):
    return chat.message(text=f"/{name}", entities=[{"type": "bot_command", "offset": 0, "length": len(name) + 1}])


def with_city_settings(chat, **changes) -> None:
    settings = chat.application.bot_data["settings"]
    chat.application.bot_data["settings"] = dataclasses.replace(settings, **changes)


async def test_einfach_and_normal_switch_the_assistants_language(chat):
    await chat.send(handlers.easy_language, command(chat, "einfach"))
    await chat.send(handlers.normal_language, command(chat, "normal"))
    assert chat.assistant.messages() == ["/easy_language", '/easy_language{"language_level": "normal"}']


async def test_hilfe_names_einfach_and_the_accessibility_statement_with_the_citys_contact(chat):
    with_city_settings(chat, staff_web_url="https://meldungen.gera.de", accessibility_contact="Bürgerbüro, 0365 1234")
    chat.assistant.replies = lambda text: [{"text": "Ich kann zwei Dinge."}]
    await chat.send(handlers.help_command, command(chat, "hilfe"))
    said = "\n".join(chat.api.texts())
    assert "/einfach" in said
    assert "Erklärung zur Barrierefreiheit: https://meldungen.gera.de/barrierefreiheit" in said
    assert "Bürgerbüro, 0365 1234" in said


async def test_datenschutz_comes_in_short_messages_then_the_accessibility_statement(chat):
    with_city_settings(chat, staff_web_url="https://meldungen.gera.de/")
    await chat.send(handlers.privacy_notice, command(chat, "datenschutz"))
    sent = chat.api.texts()
    assert sent[:len(texts.PRIVACY)] == list(texts.PRIVACY) and sent[0].startswith("Gespeichert werden")
    assert sent[-1].startswith("Erklärung zur Barrierefreiheit: https://meldungen.gera.de/barrierefreiheit")
    assert config.DEFAULTS["ACCESSIBILITY_CONTACT"] in sent[-1]
    for message in sent:
        lines = message.splitlines()
        assert len(lines) <= MAX_LINES and all(len(line) <= LINE_LIMIT for line in lines), message


def test_the_contact_is_the_citys_setting():
    settings = config.load({"TELEGRAM_BOT_TOKEN": "1:x", "STAFF_WEB_URL": "https://meldungen.gera.de",
                            "ACCESSIBILITY_CONTACT": "Beauftragte für Barrierefreiheit, 0365 838-0"})
    assert settings.accessibility_url == "https://meldungen.gera.de/barrierefreiheit"
    assert settings.accessibility_contact == "Beauftragte für Barrierefreiheit, 0365 838-0"
    assert config.load({"TELEGRAM_BOT_TOKEN": "1:x"}).accessibility_contact.startswith("StadtService H35")


def test_the_command_menu_offers_einfach():
    assert ("einfach", "Einfache Sprache an oder aus") in texts.COMMANDS
