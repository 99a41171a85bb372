"""The chat read aloud (issue 18, item 3): rules every citizen text keeps, checked on bench/chat_texts.py.

A screen reader reads every character: an emoji becomes its name ("Polizeilicht"), an arrow "Pfeil nach
rechts", a row of dashes "Strich Strich Strich". So:
- emoji only as decoration at the very start of a message, never inside a text or as a button's only word;
- no ASCII art or symbols that stand for words (arrows, ticks, separators, smileys);
- a button title says what it does on its own: at least one word ("Ohne Foto", not "→" or "5");
- at most three short lines per message (DESIGN: "at most three short lines"); a short line has at most
  LINE_LIMIT characters (the notices in other languages are exempt from the length, not from the count);
- a report number is written "Nr. 4711" (read "Nummer viertausendsiebenhundertelf"), never "#4711";
- no officialese (OFFICIALESE): plain German.

Each rule returns its violations as (source, rule, text); tests/fast/app/test_chat_texts.py expects none
and `python -m bench.readability` prints the count.
"""

import re
from typing import Callable, List, Tuple

from bench.chat_texts import ChatText, collect

LINE_LIMIT = 120
MAX_LINES = 3
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]")
SYMBOLS = re.compile(r"[→←↑↓↔⇒⇐·•►▶◀✓✔✗✘☐☑★☆♥]|-{2,}>|<-{1,}|=>|->|[-=_*~#|+]{3,}|[:;]-?[)(DP]|\^\^|[─-╿▀-▟]")
# A report number's placeholder: {number}, {report_id}, {remark_report}, {r.service_request_id}, {report}.
REPORT_NUMBER = re.compile(r"\{[^{}]*(number|report_id|remark_report|service_request_id)[^{}]*\}")
NUMBER_PREFIX = re.compile(r"(Nr\. |Nummer )$")
OFFICIALESE = ("Sachverhalt", "zwecks", "gemäß", "bezüglich", "hinsichtlich", "seitens", "diesbezüglich",
               "obliegt", "vorbehaltlich", "nachstehend", "Inanspruchnahme", "zur Kenntnis", "unverzüglich",
               "Anliegen wurde", "Vorgang", "Übermittlung", "ordnungsgemäß", "verbindlich")

Violation = Tuple[str, str, str]


def emoji_only_as_decoration(text: ChatText) -> bool:
    rest = text.text.lstrip()
    while rest and EMOJI.match(rest):
        rest = rest[1:]
    leading = len(text.text.lstrip()) - len(rest)
    words_after = re.search(r"[A-Za-zÄÖÜäöüß]{2,}", rest) or re.search(r"\w{2,}", rest)
    return not EMOJI.search(rest) and (leading == 0 or bool(words_after))


def no_ascii_art(text: ChatText) -> bool:
    return not SYMBOLS.search(text.text)


def button_says_what_it_does(text: ChatText) -> bool:
    return text.kind != "button" or bool(re.search(r"[^\W\d_]{2,}", re.sub(r"\{[^{}]*\}", "", text.text)))


def three_short_lines(text: ChatText) -> bool:
    if text.kind != "message":
        return True
    lines = [line for line in text.text.split("\n") if line.strip()]
    return len(lines) <= MAX_LINES and (not text.german or all(len(line) <= LINE_LIMIT for line in lines))


def report_numbers_read_as_numbers(text: ChatText) -> bool:
    if re.search(r"#\s?\d|#\{", text.text):
        return False
    return all(NUMBER_PREFIX.search(text.text[:match.start()]) for match in REPORT_NUMBER.finditer(text.text))


def plain_words(text: ChatText) -> bool:
    return not text.german or not any(re.search(rf"\b{re.escape(word)}\b", text.text, re.IGNORECASE)
                                      for word in OFFICIALESE)


RULES: List[Callable[[ChatText], bool]] = [emoji_only_as_decoration, no_ascii_art, button_says_what_it_does,
                                           three_short_lines, report_numbers_read_as_numbers, plain_words]


def violations(texts: List[ChatText] = None) -> List[Violation]:
    """Every (source, rule, text) that breaks a rule, over every citizen text unless given."""
    return [(t.source, rule.__name__, t.text) for t in (collect() if texts is None else texts)
            for rule in RULES if not rule(t)]
