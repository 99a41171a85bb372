"""How a typed place becomes a key that can be compared: case, ß/ss, umlauts, abbreviations, house numbers.

Citizens write "Leipziger Str.", "leipzigerstrasse", "Str. d. Friedens",
"gagarinstr", "Zwoetzen". All of them and the gazetteer's names go through the
same `key()`, so that the comparison only has to forgive real typos. The query
is also taken apart here: the words around a place ("in", "am", "vor
Hausnummer 23", ", 07545 Gera"), its house number, and crossings ("Ecke
Sorge/Schloßstraße", "Kreuzung A und B").
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional, Tuple

# Longest input worth reading: a place name with number and city fits easily; more is not a place.
MAX_QUERY = 200

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
# Whole words that are abbreviations (after punctuation became spaces).
_WORDS = {
    "str": "strasse", "strase": "strasse", "strasze": "strasse",
    "pl": "platz",
    "d": "d", "der": "d", "des": "d", "dem": "d",
    "dr": "dr", "doktor": "dr", "prof": "prof", "professor": "prof",
    "abzw": "abzweig", "abzweigung": "abzweig",
    "hbf": "hauptbahnhof", "hauptbhf": "hauptbahnhof", "bhf": "bahnhof",
}
# Word endings that are abbreviated suffixes: "heinrichstr" -> "heinrichstrasse", "johannispl" -> "johannisplatz".
_ENDINGS = (("str", "strasse"), ("strase", "strasse"), ("strasze", "strasse"), ("pl", "platz"))
# What a street name ends with; the part before it (the stem) must match on its own (see lookup.py).
SUFFIXES = ("strasse", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer", "steig", "graben", "promenade")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, umlauts and ß spelled out, other accents dropped; punctuation kept."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> List[str]:
    """The words of a name with abbreviations written out, each in one spelling."""
    out = []
    for word in _NOT_WORD.split(fold(text)):
        if not word:
            continue
        word = _WORDS.get(word, word)
        for short, long in _ENDINGS:
            if len(word) > len(short) + 2 and word.endswith(short):
                word = word[: -len(short)] + long
                break
        out.append(word)
    return out


def key(text: str) -> str:
    """The comparable form of a name: words joined without spaces ("Leipziger Str." == "Leipzigerstraße")."""
    return "".join(words(text))


def split_suffix(name_key: str) -> Tuple[str, str]:
    """("heinrich", "strasse") for "heinrichstrasse"; ("", "") stays for names without a street ending."""
    if name_key.startswith("strassed") and len(name_key) > 10:  # "Straße des Friedens"
        return name_key[8:], "strassed"
    for suffix in SUFFIXES:
        if name_key.endswith(suffix) and len(name_key) > len(suffix) + 1:
            return name_key[: -len(suffix)], suffix
    return name_key, ""


# ---- taking a query apart -------------------------------------------------------------------------------

# Words in front of a place that are no part of its name ("in Lusan", "am Puschkinplatz", "Höhe Ferberturm").
_LEADING = re.compile(
    r"^(?:(?:ganz\s+)?(?:direkt|kurz|genau|gleich)\s+)?"
    r"(?:(?:in|im|am|an|auf|bei|beim|vor|hinter|neben|nahe|gegenueber|zwischen|zum|zur|vom|von|ueber|unter|"
    r"hoehe|in hoehe|auf hoehe|richtung|ortsteil|stadtteil)\s+)+"
    r"(?:(?:der|dem|den|die|das|d)\s+)?"
)
_CITY = re.compile(r"(?:,?\s*(?:\bin\s+)?(?:0\d{4}\s+)?(?:stadt\s+)?\bgera(?:\s*[,/-]\s*|\s+|$))|(?:\b0\d{4}\b)")
# "vor Hausnummer 23", "Höhe Haus Nr. 60", "Nr. 5", or a number at the end: "Heinrichstraße 35a".
_HOUSE_WORDS = r"(?:(?:vor|bei|hoehe|in hoehe|auf hoehe|gegenueber|neben|an)\s+)?(?:(?:der|dem)\s+)?" \
               r"(?:hausnummer|hausnr\.?|haus\s*nr\.?|haus|nr\.?|nummer|no\.?)\s*"
_HOUSE_NAMED = re.compile(rf"(?:^|[\s,]){_HOUSE_WORDS}(\d{{1,4}})\s*([a-h])?(?![a-z0-9])")
_HOUSE_AT_END = re.compile(r"(?<=[a-z.])[\s,]*(\d{1,4})\s*([a-h])?(?:\s*[-/]\s*\d{1,4}\s*[a-h]?)?\s*$")
_CROSSING_WORDS = r"(?:ecke|kreuzung|einmuendung|abzweig)"
_CROSSING_LEAD = re.compile(rf"^(?:an\s+d\w*\s+|bei\s+d\w*\s+|auf\s+d\w*\s+)?{_CROSSING_WORDS}\s+(.+?)\s*(?:/|&|\+|\bund\b|\bu\.?(?=\s)|\becke\b|,)\s*(.+)$")
_CROSSING_MID = re.compile(rf"^(.+?)\s*(?:\b{_CROSSING_WORDS}\b|/|&|\+)\s*(.+)$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Query:
    """A typed place taken apart: the name to look up, a house number, or two names of a crossing."""

    name: str  # folded, without the words around it; "" when nothing is left
    housenumber: Optional[str] = None
    crossing: Optional[Tuple[str, str]] = None
    plain: str = ""  # the folded text before anything was taken away (names like "Sorge/Markt" contain a slash)


def strip_leading(text: str) -> str:
    """'in der lusan' -> 'lusan'; a name that starts like this ('Am Trotz') is tried both ways by the caller."""
    return _LEADING.sub("", text, count=1).strip(" ,.-")


def parse(text: str) -> Query:
    """Take a typed place apart (see the module docstring)."""
    plain = _SPACES.sub(" ", fold(text[:MAX_QUERY])).strip(" ,.;:!?")
    rest = _CITY.sub(" ", plain + " ").strip(" ,.;:-")
    rest = _SPACES.sub(" ", rest)
    number = None
    named = _HOUSE_NAMED.search(rest)
    if named:
        number = named.group(1) + (named.group(2) or "")
        rest = (rest[: named.start()] + " " + rest[named.end():]).strip(" ,.-")
    else:
        at_end = _HOUSE_AT_END.search(rest)
        if at_end:
            number = at_end.group(1) + (at_end.group(2) or "")
            rest = rest[: at_end.start()].strip(" ,.-")
    rest = _SPACES.sub(" ", rest).strip()
    return Query(name=rest, housenumber=number.lstrip("0") or None if number else None,
                 crossing=_crossing(rest), plain=plain)


def _crossing(text: str) -> Optional[Tuple[str, str]]:
    for pattern in (_CROSSING_LEAD, _CROSSING_MID):
        match = pattern.match(strip_leading(text) if pattern is _CROSSING_MID else text)
        if match:
            first, second = (strip_leading(part.strip(" ,.-")) for part in match.groups())
            if first and second:
                return first, second
    return None
