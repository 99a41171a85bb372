"""Finds the place a citizen names, by the shape of German addresses.

The trained model learns places from context ("vor dem Kindergarten"); these
rules catch what has a fixed shape even in sentences unlike the training
data: a street with or without house number ("Leipziger Str. 5",
"Straße des Friedens", "De-Smit-Straße 18"), a crossing ("Ecke Sorge/
Schloßstraße"), and the names of Gera's streets, districts and landmarks from
the vocabulary ("Sorge 12", "in Lusan", "am Hofwiesenpark").
"""

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

from nlu.text import Token, fold

_SUFFIX = r"(?:straße|strasse|str\.?|weg|platz|allee|ring|gasse|gässchen|damm|ufer|steig|promenade|chaussee|graben|anger|passage)"
_NUMBER = r"(?:\s*(?:nr\.?\s*)?\d{1,3}(?:\s?[a-h])?(?![\w\d]))?"
_END = r"(?![\wäöüß])"
# Words in front of "Weg"/"Straße" that end like an adjective but name no street ("einen Weg").
_NOT_ADJECTIVES = r"(?:einen|keinen|meinen|deinen|seinen|ihren|unseren|euren|den|dem|diesen|jeden|anderen|ganzen|selben|gleichen)"
_STREET = (
    rf"(?:(?:[\wäöüß]+-)+{_SUFFIX}{_END}"  # De-Smit-Straße, Friedrich-Naumann-Platz
    rf"|(?:[\wäöüß]+-)*[\wäöüß]+{_SUFFIX}"  # Heinrichstraße, Sorgenweg
    rf"|[\wäöüß]{{2,}}(?:er|sche|scher)\s+{_SUFFIX}"  # Leipziger Straße, Zeitzer Str.
    rf"|(?!{_NOT_ADJECTIVES}\s)[\wäöüß]{{2,}}en\s+(?:weg|straße|strasse|str\.?|gasse|allee){_END}"  # Roten Weg, Grünen Weg
    rf"|\b[bB]\s?\d{{1,3}}(?!\d)"  # Bundesstraßen: B2, B 92
    rf"|(?:straße|strasse|str\.|platz|allee) (?:des|der|am|zum|zur) [\wäöüß]+(?:\s[\wäöüß]+)?)"  # Straße des Friedens
)
_STREET_RE = re.compile(rf"\b{_STREET}{_NUMBER}", re.IGNORECASE)
_CROSSING_RE = re.compile(
    r"\b(?:ecke|kreuzung)\s+[\wäöüß.\-]+(?:\s[\wäöüß.\-]+)?\s*(?:/|\+|\bund\b|\bu\.)\s*[\wäöüß.\-]+(?:\s(?:straße|strasse|str\.?))?",
    re.IGNORECASE,
)

# Words that end like a street but name a kind of ground, not a place.
_NOT_PLACES = {
    fold(w)
    for w in (
        "Weg Gehweg Radweg Fußweg Fusweg Fussweg Bürgersteig Buergersteig Feldweg Waldweg Spielplatz Kinderspielplatz "
        "Parkplatz Platz Straße Strasse Str Nebenstraße Hauptstraße Seitenstraße Fahrradweg Geh Radwegs Gehwegs "
        "Spazierweg Schulweg Heimweg Rückweg Hinweg Umweg Ausweg Zebrastreifen Damm Graben Straßengraben Ring"
    ).split()
}


_STREET_NAME = re.compile(r"\w{3,}(?:strasse|str|weg|allee|gasse|ring|damm|ufer|steig|chaussee|graben|anger)$")


def is_street_name(folded: str) -> bool:
    """"fichtenweg", "kastanienallee": a street whose name must not count as the defect (Fichte, Kastanie)."""
    return bool(_STREET_NAME.match(folded)) and folded not in _NOT_PLACES


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    text: str


class PlaceFinder:
    def __init__(self, gazetteer: dict):
        # Names from the vocabulary, folded and split into words, longest first.
        names = {fold(n) for group in gazetteer.values() for n in group}
        self.names = sorted((tuple(n.split()) for n in names), key=len, reverse=True)

    def find(self, text: str, tokens: Sequence[Token]) -> Optional[Place]:
        """The most specific place in the text: a crossing, then a street, then a known name."""
        for candidates in (self._crossings(text), self._streets(text), self._known_names(text, tokens)):
            found = [p for p in candidates if fold(p.text.split()[0]) not in _NOT_PLACES or " " in p.text.strip()]
            if found:
                return max(found, key=lambda p: p.end - p.start)
        return None

    @staticmethod
    def _crossings(text: str) -> Iterable[Place]:
        return [Place(m.start(), m.end(), m.group()) for m in _CROSSING_RE.finditer(text)]

    @staticmethod
    def _streets(text: str) -> List[Place]:
        places = []
        for m in _STREET_RE.finditer(text):
            value = m.group().rstrip()
            if fold(value.split()[0]) in _NOT_PLACES and len(value.split()) == 1:
                continue
            places.append(Place(m.start(), m.start() + len(value), value))
        return places

    def _known_names(self, text: str, tokens: Sequence[Token]) -> List[Place]:
        places = []
        folded = [t.folded for t in tokens]
        for i in range(len(tokens)):
            for name in self.names:
                if tuple(folded[i : i + len(name)]) == name:
                    end = tokens[i + len(name) - 1].end
                    number = re.match(_NUMBER, text[end:])
                    if number and number.group():
                        end += len(number.group())
                    places.append(Place(tokens[i].start, end, text[tokens[i].start : end]))
                    break
        return places


_LEADING = re.compile(
    r"^(?:(?:in|an|auf|bei|vor|neben|hinter|gegenüber|gegenueber|nahe|im|am|beim|vom|zum|zur|höhe|hoehe|unter|über|ueber)\s+)?"
    r"(?:(?:der|die|das|dem|den|des)\s+)?",
    re.IGNORECASE,
)


def trim(text: str) -> str:
    """A place without the preposition and article in front ("in der Sorge 12" -> "Sorge 12")."""
    trimmed = _LEADING.sub("", text.strip(), count=1).strip(" ,.;:!?")
    return trimmed or text.strip()


# Kinds of places that a citizen names together with the street or landmark
# they are at ("Parkplatz in der Gagarinstraße", "Treppe am Nicolaiberg"):
# the whole phrase is the place. Defects ("Laterne in der Sorge") are not.
_PLACE_NOUNS = (
    r"(?:\w*parkplatz|\w*platz|\w*spielplatz|treppe|\w*treppen|haltestelle|\w*haltestelle|kreuzung|einmuendung|einfahrt|zufahrt|"
    r"ein- und ausfahrt|eingang|\w*eingang|ausgang|\w*bruecke|unterfuehrung|tunnel|\w*weg|gehsteig|buergersteig|parkhaus|"
    r"schule|\w*schule|kita|kindergarten|\w*halle|friedhof|supermarkt|kaufhalle|rathaus|containerplatz|\w*container|"
    r"wertstoffinsel|\w*park|teich|kirche|bahnhof|zebrastreifen|fussgaengerueberweg|innenhof|hinterhof|garagen|wiese|ufer|"
    r"parkbucht|parkstreifen|grünanlage|gruenanlage|rondell|markt|bushalt|unterstand|turnhalle|sporthalle|einkaufszentrum|"
    r"haus|hauseingang|wohnhaus|wohnblock|block|garagenhof|hof|schulhof|pausenhof|kreisel|kreisverkehr|bahnübergang|"
    r"bahnuebergang|fußgängerzone|fussgaengerzone|baustelle|denkmal|sportplatz|kleingartenanlage|gartenanlage)"
)
_LEFT_PHRASE = re.compile(
    rf"\b({_PLACE_NOUNS})\s+(?:(?:in|an|auf|bei|vor|hinter|neben|gegenüber|gegenueber)\s+(?:der|dem|den|die|das)|im|am|beim|vom|zum|zur|in|an|bei)\s+$",
    re.IGNORECASE,
)
_RIGHT_PHRASE = re.compile(
    r"^\.?\s*,?\s*(?:(?:höhe|hoehe|gegenüber|gegenueber|nähe|naehe|vor|neben|bei)\s+)?(?:der\s+)?"
    r"(?:hausnummer|hausnr\.?|haus\s?nr\.?|nr\.?|nummer|haus)\s*\d{1,3}(?:\s?[a-h](?![\w]))?",
    re.IGNORECASE,
)


def widen(text: str, start: int, end: int) -> Tuple[int, int]:
    """The whole place phrase around a street or landmark found at text[start:end].

    "Parkplatz in der Gagarinstraße" instead of "Gagarinstraße", and
    "Leipziger Str. Höhe Hausnummer 60" instead of "Leipziger Str.".
    """
    left = _LEFT_PHRASE.search(text[:start])
    if left:
        start = left.start()
    right = _RIGHT_PHRASE.match(text[end:])
    if right:
        end += right.end()
    return start, end
