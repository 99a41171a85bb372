"""Plain language in figures (issue 18, item 4): the Wiener Sachtextformel of every citizen text.

The first Wiener Sachtextformel (Bamberger and Vanecek) estimates the school grade a German text needs:

    WSTF = 0.1935 * MS + 0.1672 * SL + 0.1297 * IW - 0.0327 * ES - 0.875

MS: % of words with three syllables or more, SL: mean sentence length in words, IW: % of words with more than
six letters, ES: % of one-syllable words. 4 is very easy, 15 very hard; the target for the main flows is at
most 7 (TARGET). Syllables are counted by vowel groups (a e i o u ä ö ü y), the diphthongs ei ai au eu äu
and ie counting once. A placeholder ("{number}") or a number is one word of two syllables and a few letters
(a number is read as a number, whatever its length); so is a command ("/datenschutz", a name to tap). Sentences end at . ! ? : ; and at a line break.
The formula needs prose: a text of fewer than MIN_WORDS words (a label, a fragment of a composed answer such
as "Stand: unbekannt") is not scored; the chat-text rules still check it.

    python -m bench.readability [--all]   # the worst ten and the chat-text rule violations; --all: every text
"""

import argparse
import re
import statistics
from typing import List, Tuple

from bench.chat_rules import violations
from bench.chat_texts import ChatText, messages

TARGET = 7.0
MIN_WORDS = 6
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
COMMAND = re.compile(r"(?<!\w)/[a-z_]+")
WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9]+(?:[-'][A-Za-zÄÖÜäöüß0-9]+)*")
SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n")
VOWEL_GROUP = re.compile(r"(?:ei|ai|au|eu|äu|ie|[aeiouäöüy])", re.IGNORECASE)
STAND_IN = "Zahl"  # what a placeholder stands for while counting (see syllables and letters)
# Abbreviations whose dot ends no sentence.
ABBREVIATIONS = re.compile(r"\b(Nr|Tel|z\.B|zum Beispiel|ca|bzw|usw|Str|St)\.", re.IGNORECASE)


def syllables(word: str) -> int:
    """German syllables of a word, by vowel groups (a hyphenated word: the sum of its parts)."""
    if word.isdigit() or word == STAND_IN:
        return 2
    return sum(max(1, len(VOWEL_GROUP.findall(part))) for part in word.split("-") if part)


def letters(word: str) -> int:
    return 4 if word.isdigit() or word == STAND_IN else len(word.replace("-", ""))


def prepared(text: str) -> str:
    """Placeholders become a word, abbreviations lose the dot that would end a sentence."""
    text = PLACEHOLDER.sub(STAND_IN, text)
    text = COMMAND.sub(STAND_IN, text)  # "/datenschutz" is a name to tap, not a word to read
    text = re.sub(r"(\d)[.,](\d)", r"\1\2", text)  # 4.000, 0,5: one number
    return ABBREVIATIONS.sub(lambda m: m.group(1), text)


def sentences(text: str) -> List[List[str]]:
    parts = (WORD.findall(part) for part in SENTENCE_END.split(prepared(text)))
    return [words for words in parts if words]


def wstf(text: str) -> float:
    """The first Wiener Sachtextformel of a text (0.0 for a text without words)."""
    found = sentences(text)
    words = [word for sentence in found for word in sentence]
    if not words:
        return 0.0
    share = lambda condition: 100.0 * sum(1 for w in words if condition(w)) / len(words)  # noqa: E731
    ms = share(lambda w: syllables(w) >= 3)
    sl = len(words) / len(found)
    iw = share(lambda w: letters(w) > 6)
    es = share(lambda w: syllables(w) == 1)
    return 0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875


def word_count(text: str) -> int:
    return sum(len(sentence) for sentence in sentences(text))


def scored(texts: List[ChatText]) -> List[Tuple[float, ChatText]]:
    """(score, text) of every text long enough to score, hardest first."""
    return sorted(((wstf(t.text), t) for t in texts if word_count(t.text) >= MIN_WORDS), key=lambda pair: -pair[0])


def over_target(main_flow_only: bool = True) -> List[Tuple[float, ChatText]]:
    """The texts over TARGET (of the main flows, unless told otherwise), hardest first."""
    return [(score, t) for score, t in scored(messages(main_flow_only)) if score > TARGET]


def line(score: float, text: ChatText) -> str:
    flat = text.text.replace("\n", " / ")
    return f"{score:5.1f}  {'main ' if text.main_flow else '     '}{text.source:<44} {flat[:90]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every text's score")
    args = parser.parse_args()
    every = scored(messages())
    main_flow = [(s, t) for s, t in every if t.main_flow]
    print(f"Wiener Sachtextformel (school grade; target for the main flows <= {TARGET:g}): "
          f"{len(every)} German citizen texts of {MIN_WORDS} words or more, {len(main_flow)} of the main flows")
    print(f"median {statistics.median(s for s, _ in every):.1f}, main flows {statistics.median(s for s, _ in main_flow):.1f}")
    print(f"over {TARGET:g}: {sum(1 for s, _ in every if s > TARGET)} of all, "
          f"{sum(1 for s, _ in main_flow if s > TARGET)} of the main flows")
    broken = violations()
    print(f"chat-text rule violations (bench/chat_rules.py: emoji, symbols, buttons, three short lines, report "
          f"numbers, officialese): {len(broken)}")
    for source, rule, text in broken:
        print(f"  {rule}: {source}: {text[:80]!r}")
    print("the worst ten:" if not args.all else "every text:")
    for score, text in (every if args.all else every[:10]):
        print(line(score, text))


if __name__ == "__main__":
    main()
