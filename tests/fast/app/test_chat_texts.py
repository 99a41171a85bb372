"""Every citizen text of the repository, read aloud and in plain German (issue 18, items 3 and 4).

The texts come from one collector (bench/chat_texts.py: domain.yml, the actions, the Telegram adapter, the
backend's notifications); the rules are bench/chat_rules.py and the readability figure bench/readability.py,
which `make eval` prints. A new text that breaks a rule fails here with its source.
"""

import pytest
import yaml

from bench import chat_rules
from bench.chat_texts import MAIN_FLOW_RESPONSES, ROOT, ChatText, collect, messages
from bench.readability import TARGET, over_target, scored, sentences, syllables, wstf

TEXTS = collect()
EASY_SENTENCE_WORDS = 12  # easy language: short sentences, one statement each
# Main-flow responses without an easy variation: they are the switch's own answers.
NO_EASY_VARIATION = {"utter_easy_on", "utter_easy_off"}


def failures(rule) -> list:
    return [f"{t.source}: {t.text!r}" for t in TEXTS if not rule(t)]


def test_the_collector_finds_the_texts_of_every_source():
    sources = {t.source.split(":")[0] for t in TEXTS}
    assert {"domain.yml", "bot/texts.py", "actions/report.py", "actions/status.py", "actions/services.py",
            "backend/notifications.py"} <= sources
    found = {t.text for t in TEXTS}
    assert "Ohne Foto" in found and "1 – gar nicht" in found and "Eine Meldung ist noch auf dem Weg zur Stadt." in found
    assert "Foto oder Hinweis zu Nr. {r.service_request_id}" in found
    assert not any(t.text.startswith(("SELECT", "UPDATE")) or "log." in t.text for t in TEXTS)


def test_emoji_are_decoration_at_the_start_never_the_meaning():
    assert failures(chat_rules.emoji_only_as_decoration) == []


def test_no_ascii_art_and_no_symbols_standing_for_words():
    assert failures(chat_rules.no_ascii_art) == []


def test_every_button_says_what_it_does_on_its_own():
    assert failures(chat_rules.button_says_what_it_does) == []


def test_every_message_has_at_most_three_short_lines():
    assert failures(chat_rules.three_short_lines) == []


def test_report_numbers_are_written_to_be_read_as_numbers():
    assert failures(chat_rules.report_numbers_read_as_numbers) == []


def test_no_officialese():
    assert failures(chat_rules.plain_words) == []


def test_the_main_flows_are_plain_german():
    """Wiener Sachtextformel at most 7 (a school grade) for every text of the main flows long enough to score."""
    assert [f"{score:.1f} {t.source}: {t.text!r}" for score, t in over_target(main_flow_only=True)] == []
    assert len(scored(messages(main_flow_only=True))) >= 60, "the main flows' texts are scored"


def test_every_main_flow_response_has_an_easy_variation():
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    missing = [name for name in sorted(MAIN_FLOW_RESPONSES - NO_EASY_VARIATION)
               if not any(t.easy and t.source.startswith(f"domain.yml:{name} ") for t in TEXTS)]
    assert missing == []
    assert all(responses[name][0].get("condition") is None for name in MAIN_FLOW_RESPONSES), \
        "the usual text comes first"


def test_easy_texts_have_short_sentences():
    long = [(t.source, " ".join(s)) for t in TEXTS if t.easy and t.kind == "message"
            for s in sentences(t.text) if len(s) > EASY_SENTENCE_WORDS]
    assert long == []


@pytest.mark.parametrize("text, kind, rule", [
    ("Weiter →", "button", chat_rules.no_ascii_art),
    ("→", "button", chat_rules.button_says_what_it_does),
    ("5", "button", chat_rules.button_says_what_it_does),
    ("👍", "message", chat_rules.emoji_only_as_decoration),
    ("Danke 👍", "message", chat_rules.emoji_only_as_decoration),
    ("-----------\nMeldung\n-----------", "message", chat_rules.no_ascii_art),
    ("Danke :-)", "message", chat_rules.no_ascii_art),
    ("Eins\nZwei\nDrei\nVier", "message", chat_rules.three_short_lines),
    ("Ein Satz, der viel zu lang ist. " * 5, "message", chat_rules.three_short_lines),
    ("Ihre Meldung #{number} ist da.", "message", chat_rules.report_numbers_read_as_numbers),
    ("Meldung {number} ist da.", "message", chat_rules.report_numbers_read_as_numbers),
    ("Zwecks Prüfung des Sachverhalts gemäß Satzung.", "message", chat_rules.plain_words),
])
def test_the_rules_catch_what_a_screen_reader_user_would_stumble_over(text, kind, rule):
    assert not rule(ChatText("example", text, kind))


@pytest.mark.parametrize("text, kind", [("🚨 Notfall? Rufen Sie 112 an.", "message"), ("Ohne Foto", "button"),
                                        ("1 – gar nicht", "button"), ("Meldung Nr. {number} ist da.", "message")])
def test_the_rules_let_good_texts_pass(text, kind):
    assert all(rule(ChatText("example", text, kind)) for rule in chat_rules.RULES)


@pytest.mark.parametrize("word, count", [("Meldung", 2), ("Straßenbeleuchtung", 5), ("Feuerwehr", 3), ("Sie", 1),
                                         ("Leuchte", 2), ("Bürgeramt", 3), ("E-Mail", 2), ("4711", 2)])
def test_syllables_are_counted_as_german_speaks_them(word, count):
    assert syllables(word) == count


def test_the_formula_tells_plain_from_officialese():
    plain = "Danke! Ihre Meldung ist da. Die Stadt prüft sie."
    official = ("Zwecks ordnungsgemäßer Bearbeitung Ihres Anliegens wird die Inanspruchnahme der "
                "Verwaltungsdienstleistung dokumentiert.")
    assert wstf(plain) < 4 < TARGET < wstf(official)
