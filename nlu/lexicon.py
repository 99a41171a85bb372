"""Lookup of the contract's canonical values in what citizens write.

`nlu/vocabulary.yml` lists, for every canonical value of category, service
and info_type, the words that name it. A term is written folded (see
nlu/text.py) and matches a word

- at its start: "laterne" matches "Laternen", "Laternenmast";
- anywhere, when written "*laterne": "Straßenlaterne" (heads of compounds);
- as the whole word only, when written "ast$": not "Astronaut";
- several words in a row, when the term has spaces: "gelbe tonne".

Words of six letters or more also match with one typo ("Latterne",
"Schlagloh"). When several values match, see `Lexicon.best`.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from rapidfuzz.distance import Levenshtein

from nlu.text import Token

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True)
class Pattern:
    """One word of a term and how it may match a token."""

    word: str
    anywhere: bool = False
    whole: bool = False

    @classmethod
    def parse(cls, raw: str) -> "Pattern":
        anywhere, whole = raw.startswith("*"), raw.endswith("$")
        return cls(raw.strip("*$"), anywhere, whole)

    def matches(self, folded: str) -> bool:
        if self.whole:
            return folded == self.word
        if self.anywhere:
            return self.word in folded
        return folded.startswith(self.word)

    def matches_with_typo(self, folded: str) -> bool:
        """One edit away, for long words only (short ones collide too easily)."""
        size = len(self.word)
        if size < FUZZY_MIN_LENGTH or len(folded) < FUZZY_MIN_LENGTH or folded[0] != self.word[0]:
            return False
        if self.whole:
            return Levenshtein.distance(folded, self.word, score_cutoff=1) <= 1
        windows = [folded[:n] for n in (size - 1, size, size + 1)]
        if self.anywhere:
            windows += [folded[-n:] for n in (size - 1, size, size + 1)]
        return any(Levenshtein.distance(w, self.word, score_cutoff=1) <= 1 for w in windows)


@dataclass(frozen=True)
class Term:
    value: str
    patterns: Tuple[Pattern, ...]
    length: int  # letters in the term: longer terms are more specific
    weak: bool = False  # a state that many things can be in ("verdreckt"): names the value only when nothing else does
    where: bool = False  # names where rather than what ("Haltestelle"): names the value only when nothing else (but a weak term) does
    subject: bool = False  # names the matter whatever else is named ("Rattenplage an den Containern"): beats every other term


@dataclass(frozen=True)
class Match:
    kind: str  # category, service or info_type
    value: str
    first: int  # index of the first matched token
    last: int  # index of the last matched token
    typo: bool
    term_length: int
    weak: bool = False
    where: bool = False
    subject: bool = False


class Lexicon:
    """All terms of one vocabulary file, ready to be looked up in token lists."""

    def __init__(self, vocabulary: Dict):
        self.terms: Dict[str, List[Term]] = {}
        weak, where, subject = (vocabulary.get(section, {}) for section in ("weak", "where", "subject"))
        for kind in ("category", "service", "info_type"):
            self.terms[kind] = [
                Term(value, tuple(Pattern.parse(w) for w in raw.split()), len(raw.strip("*$")),
                     raw in weak.get(kind, {}).get(value, ()), raw in where.get(kind, {}).get(value, ()),
                     raw in subject.get(kind, {}).get(value, ()))
                for value, raws in vocabulary[kind].items()
                for raw in raws
            ]
        self.phrases = {kind: [t for t in terms if len(t.patterns) > 1] for kind, terms in self.terms.items()}
        self.priority: Dict[str, List[str]] = vocabulary.get("priority", {})
        self.places: Dict[str, List[str]] = vocabulary.get("places", {})
        # Ordinary words one typo away from a term ("strassenraum" from "strassenbaum"): never a typo.
        self.not_typos = frozenset(vocabulary.get("not_typos", []))
        self._word_matches = lru_cache(maxsize=20000)(self._uncached_word_matches)
        self._phrase_starts = lru_cache(maxsize=20000)(self._uncached_phrase_starts)

    @classmethod
    def load(cls, path: Path = VOCABULARY_FILE) -> "Lexicon":
        with open(path, encoding="utf-8") as file:
            return cls(yaml.safe_load(file))

    def _uncached_word_matches(self, kind: str, folded: str, typo: bool) -> Tuple[Term, ...]:
        """Single-word terms of a kind that match one folded token."""
        test = Pattern.matches_with_typo if typo else Pattern.matches
        return tuple(t for t in self.terms[kind] if len(t.patterns) == 1 and test(t.patterns[0], folded))

    def find(self, kind: str, tokens: Sequence[Token]) -> List[Match]:
        """Every match of the kind's terms; typos are only tried where nothing matched exactly."""
        matches = []
        for i, token in enumerate(tokens):
            if token.folded.isdigit():
                continue
            exact = self._word_matches(kind, token.folded, False)
            found = exact or (() if token.folded in self.not_typos else self._word_matches(kind, token.folded, True))
            matches += [Match(kind, t.value, i, i, not exact, t.length, t.weak, t.where, t.subject) for t in found]
        matches += self._phrase_matches(kind, tokens)
        return matches

    def _uncached_phrase_starts(self, kind: str, folded: str) -> Tuple[int, ...]:
        """Indices of the kind's phrases whose first word matches one folded token."""
        return tuple(n for n, t in enumerate(self.phrases[kind]) if t.patterns[0].matches(folded))

    def _phrase_matches(self, kind: str, tokens: Sequence[Token]) -> Iterable[Match]:
        """Phrases found in the tokens, in vocabulary order and then by position.

        Only the phrases whose first word matches a token are tried there
        (looked up once per word), so the many phrases cost little per message.
        """
        phrases, found = self.phrases[kind], []
        for i, token in enumerate(tokens):
            for n in self._phrase_starts(kind, token.folded):
                rest, window = phrases[n].patterns[1:], tokens[i + 1 : i + len(phrases[n].patterns)]
                if len(window) == len(rest) and all(p.matches(t.folded) for p, t in zip(rest, window)):
                    found.append((n, i))
        for n, i in sorted(found):
            term = phrases[n]
            yield Match(kind, term.value, i, i + len(term.patterns) - 1, False, term.length, term.weak, term.where,
                        term.subject)

    def best(self, kind: str, tokens: Sequence[Token]) -> Optional[Match]:
        """The match that names the value, or None.

        Exact matches beat typos; weak terms (states such as "verdreckt",
        nlu/vocabulary.yml's `weak`) and terms of where (`where`: "Haltestelle")
        count only when no other term matched; subject terms (`subject`: "Rattenplage") beat all others. Where matches cover the same words, the
        longer term is the more specific one ("strassenschild" over "schild");
        between different words of the message, the vocabulary's `priority`
        decides ("Laterne am Spielplatz" is about the lamp).
        """
        matches = self.find(kind, tokens)
        if not matches:
            return None
        exact = [m for m in matches if not m.typo] or matches
        # "Toilette verdreckt": the thing that is dirty names the value, not the dirt.
        if any(not m.weak and not m.where for m in exact):
            # "Toilette verdreckt", "Wespennest an der Haltestelle": what is wrong names the value,
            # not a state that many things can be in, nor where it is.
            exact = [m for m in exact if not m.weak and not m.where]
        # "Rattenplage rund um die Container": vermin, a toilet, an oil slick are the matter, the rest is where.
        exact = [m for m in exact if m.subject] or exact
        specific = [m for m in exact if not any(_more_specific(o, m) for o in exact)]
        order = self.priority.get(kind, [])
        return min(specific, key=lambda m: (order.index(m.value) if m.value in order else len(order), m.first))


def _more_specific(other: Match, match: Match) -> bool:
    """True when `other` covers some of the same words with a longer term."""
    overlaps = other.first <= match.last and match.first <= other.last
    return overlaps and other.term_length > match.term_length
