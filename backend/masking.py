"""Masking personal data in a text before it becomes public: the one place that decides what is hidden.

A citizen's description is published only after staff release it (backend/releases.py), and then with
e-mail addresses, IBANs, phone numbers and names masked as "[…]"; notes the public sees go through the
same function. It errs on the side of hiding ("Ich bin Max" and "Frau Schmidt" lose the name), but
leaves what a report needs: house numbers ("Heinrichstraße 35"), postcodes ("07545 Gera"), dates
("06.12.2026", "2026-12-06"), times, report numbers ("Meldung 1004") and coordinates. Staff read the
masked text before they release it, so what this misses they can still remove by hand.
"""

import re

MASK = "[…]"

_EMAIL = re.compile(
    r"[\w.+-]+(?:@|\s*[(\[]at[)\]]\s*|\sat\s)[\w-]+(?:(?:\.|\s*[(\[]dot[)\]]\s*)[\w-]+)*\.[A-Za-z]{2,}",
    re.IGNORECASE)

# Two letters, two check digits, then groups of four (spaced or not) and a short rest (DE: 18 digits).
_IBAN = re.compile(r"(?<!\w)[A-Za-z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?!\w)")

# +49 / 0049 [(0)] or a national 0 with an area code, then groups of at least two digits divided by a
# space, "/", "-" or "–". Not after a letter, digit, "+", "/" or a decimal point (coordinates, dates).
_PHONE = re.compile(r"""
    (?<![\w+/])(?<!\d[.,])
    (?: (?:\+|00)\s?[1-9]\d{0,2}(?:\s?\(0\))?   # +49, 0049, +49 (0)
      | \(?0\d{2,5}\)? )                        # 0365, (0365)
    (?:\s?[/\-–]\s?|\s)?
    \d{2,}(?:(?:\s?[/\-–]\s?|\s)\d{2,})*
    (?![\w.,]?\d)(?!\s*Uhr)
""", re.VERBOSE)
_PHONE_MIN_DIGITS = 7  # "07545" (a postcode) and "0800-1600" (with "Uhr") stay

# A local number without area code, only after a word that says it is one ("Tel. 838 1900").
_PHONE_AFTER_CUE = re.compile(
    r"(?i:\b(?:tel(?:efon)?|handy|mobil|fax|rufnummer|whats\s?app)\b\.?(?:\s*(?:nr\.?|nummer))?\s*:?\s*)"
    r"(\+?\d[\d \t/\-–()]{3,}\d)")

_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*"
_MORE_NAME_WORDS = rf"(?:[ \t]+(?:(?:von|van|de|zu)[ \t]+)?{_NAME_WORD}){{0,2}}"
# After "ich heiße", "mein Name ist" or "Name:" the next word is a name even when typed in lower case.
_SURE_NAME_CUE = re.compile(
    r"(?i:\b(?:ich\s+hei(?:ß|ss|s)e|mein\s+name\s+ist|mein\s+name\s*:|name\s*:))"
    rf"(,?\s+)({_NAME_WORD}{_MORE_NAME_WORDS}|[a-zäöüß][\w-]*(?:[ \t]+[a-zäöüß][\w-]*)?)")
# After "ich bin", a greeting or a title only a capitalised word is taken for a name.
_NAME_CUE = re.compile(
    r"(?i:\b(?:ich\s+bin(?:\s+die|\s+der)?|gr(?:ü|ue)(?:ß|ss)en?|gru(?:ß|ss)|lg|vg|mfg|herrn?|frau|hr\.|fr\.))"
    rf"(,?\s+)({_NAME_WORD}{_MORE_NAME_WORDS})")
# "Ich bin ..." is also how people say what they are: those words stay.
_NOT_NAMES = frozenset("""
    Anwohner Anwohnerin Anlieger Anliegerin Bürger Bürgerin Nachbar Nachbarin Rentner Rentnerin Mutter Vater
    Eltern Oma Opa Radfahrer Radfahrerin Fußgänger Fußgängerin Autofahrer Autofahrerin Mieter Mieterin
    Eigentümer Eigentümerin Vermieter Vermieterin Hausmeister Hausmeisterin Student Studentin Schüler Schülerin
    Lehrer Lehrerin Mitglied Gast Tourist Touristin Pendler Pendlerin Hundebesitzer Hundebesitzerin Meinung
    Ansicht Überzeugung Ihnen Sie Gera
""".split())
# A name typed in lower case ends before these ("ich heiße max und ...").
_NOT_NAME_ENDS = frozenset("und oder aus in an bei von vom wohne ich die der das es ist bin hier mit habe hab "
                           "möchte will wollte melde".split())


def mask(text: str) -> str:
    """The text with e-mail addresses, IBANs, phone numbers and names replaced by "[…]"."""
    if not text:
        return text
    text = _EMAIL.sub(MASK, text)
    text = _IBAN.sub(_iban, text)
    text = _PHONE_AFTER_CUE.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + MASK, text)
    text = _PHONE.sub(_phone, text)
    text = _SURE_NAME_CUE.sub(_name, text)
    return _NAME_CUE.sub(_name, text)


def _iban(match: re.Match) -> str:
    digits = sum(c.isdigit() for c in match.group(0))
    return MASK if digits >= 12 else match.group(0)


def _phone(match: re.Match) -> str:
    digits = sum(c.isdigit() for c in match.group(0))
    return MASK if digits >= _PHONE_MIN_DIGITS else match.group(0)


def _name(match: re.Match) -> str:
    words = match.group(2).split()
    if words[0] in _NOT_NAMES:
        return match.group(0)
    cue_and_space = match.group(0)[:match.start(2) - match.start(0)]
    if len(words) == 2 and words[1] in _NOT_NAME_ENDS:  # only the lower-case alternative has a word like this
        return f"{cue_and_space}{MASK} {words[1]}"
    return cue_and_space + MASK
