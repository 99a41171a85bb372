"""The staff group's daily summary (bot/staff_summary.py) and its settings (bot/config.py)."""

import datetime as dt

import pytest

from bot import config
from bot.staff_summary import MAX_LINES, summary_text
from common.env import ConfigError

REPORT = {"service_request_id": "12", "category": "Straßenschaden", "state_label": "eingegangen", "days": 6,
          "limit_days": 3}


def test_each_line_names_number_category_wait_and_links_to_the_report():
    text = summary_text([REPORT], "https://stadtbot.gera.de")
    assert text == ("Überfällige Meldungen: 1\n• Nr. 12 Straßenschaden: eingegangen seit 6 Tagen (Frist 3) "
                    "https://stadtbot.gera.de/staff/reports/12")


def test_a_long_list_ends_with_a_link_to_all_of_them():
    text = summary_text([{**REPORT, "service_request_id": str(n)} for n in range(MAX_LINES + 5)], "https://x.de")
    assert text.count("\n• ") == MAX_LINES and text.endswith("… und 5 weitere: https://x.de/staff/reports?ueberfaellig=ja")


BASE = {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_API_URL": "http://127.0.0.1:1", "TELEGRAM_BOT_URL": "http://127.0.0.1:2",
        "RASA_URL": "http://127.0.0.1:3", "BACKEND_URL": "http://127.0.0.1:4"}


def test_the_summary_is_off_until_a_group_is_set_and_links_to_the_backend_by_default():
    settings = config.load(BASE)
    assert settings.staff_group_chat_id is None and settings.staff_summary_time == dt.time(7, 30)
    assert settings.staff_web_url == "http://127.0.0.1:4"
    settings = config.load({**BASE, "STAFF_GROUP_CHAT_ID": "-1001234567890", "STAFF_SUMMARY_TIME": "06:05:30",
                            "STAFF_WEB_URL": "https://stadtbot.gera.de/"})
    assert settings.staff_group_chat_id == -1001234567890 and settings.staff_summary_time == dt.time(6, 5, 30)
    assert settings.staff_web_url == "https://stadtbot.gera.de"


@pytest.mark.parametrize("name, value", [("STAFF_GROUP_CHAT_ID", "@stadtgruppe"), ("STAFF_GROUP_CHAT_ID", "-0"),
                                         ("STAFF_SUMMARY_TIME", "7 Uhr"), ("STAFF_SUMMARY_TIME", "24:00")])
def test_wrong_settings_stop_the_start_with_a_german_message(name, value):
    with pytest.raises(ConfigError, match=name):
        config.load({**BASE, name: value})
