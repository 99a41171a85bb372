"""German text normalisation shared by the NLU lookups.

Citizens write "Müll", "Muell" and "muell" for the same thing; everything we
look up is compared in one folded form: lowercase, umlauts as ae/oe/ue,
ß as ss. Tokens keep their position in the original text so that entities
can point at what the citizen actually wrote.
"""

import re
from dataclasses import dataclass
from typing import List

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
# Words, and pictographs as tokens of their own (a "🚦" can name a category).
_WORD = re.compile(r"[^\W_]+|[\U0001F300-\U0001FAFF\u2600-\u27BF]", re.UNICODE)


_REPEATED = re.compile(r"(.)\1{2,}")


def fold(text: str) -> str:
    """Lowercase, umlauts and ß spelled out, letters typed three times or more twice ("Ästeee" -> "aestee")."""
    return _REPEATED.sub(r"\1\1", text.lower().translate(_FOLD))


@dataclass(frozen=True)
class Token:
    text: str  # as written
    folded: str  # fold(text)
    start: int
    end: int


def tokenize(text: str) -> List[Token]:
    """Split into word tokens (letters and digits) and pictographs, keeping character offsets."""
    return [Token(m.group(), fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
