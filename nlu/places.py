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
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

from nlu.text import Token, fold, tokenize

_SUFFIX = r"(?:straße|strasse|str\.?|weg|platz|allee|ring|gasse|gässchen|damm|ufer|steig|promenade|chaussee|graben|anger|passage)"
_NUMBER = r"(?:\s*(?:nr\.?\s*)?\d{1,3}(?:\s?[a-h])?(?![\w\d]))?"
_END = r"(?![\wäöüß])"
# No letter right after a street's suffix ("Orangerie" is no street "Oranger"); digits may follow ("Sorgenweg12").
_NO_LETTER = r"(?![^\W\d_])"
# Words in front of "Weg"/"Straße" that end like an adjective but name no street ("einen Weg").
_NOT_ADJECTIVES = r"(?:einen|keinen|meinen|deinen|seinen|ihren|unseren|euren|den|dem|diesen|jeden|anderen|ganzen|selben|gleichen)"
# Words after "Straße des Friedens" that start the next phrase, not a longer name ("Straße der Deutschen Einheit").
_NOT_NAME_WORDS = (
    r"(?:gegenüber|gegenueber|ecke|höhe|hoehe|bei|beim|in|im|am|an|auf|vor|nahe|neben|hinter|und|ist|sind|war|wird|total|"
    r"kniehoch|seit|schon|wieder|komplett|da|dort|hier|direkt|kaputt|nicht|kein|keine)"
)
_STREET = (
    rf"(?:(?:[\wäöüß]+\.?-)+{_SUFFIX}{_END}"  # De-Smit-Straße, Friedrich-Naumann-Platz
    rf"|(?:[\wäöüß]+\.?-)*[\wäöüß]+{_SUFFIX}{_NO_LETTER}"  # Heinrichstraße, Sorgenweg
    rf"|[\wäöüß]{{2,}}(?:er|sche|scher)\s+{_SUFFIX}{_NO_LETTER}"  # Leipziger Straße, Zeitzer Str.
    rf"|(?!{_NOT_ADJECTIVES}\s)[\wäöüß]{{2,}}en\s+(?:weg|straße|strasse|str\.?|gasse|allee){_END}"  # Roten Weg, Grünen Weg
    rf"|\b[bB]\s?\d{{1,3}}(?!\d)"  # Bundesstraßen: B2, B 92
    rf"|(?:straße|strasse|str\.|platz|allee) (?:des|der|am|zum|zur) [\wäöüß]+(?:\s(?!{_NOT_NAME_WORDS}{_END})[\wäöüß]+)?)"  # Straße des Friedens
)
_STREET_RE = re.compile(rf"\b{_STREET}{_NUMBER}", re.IGNORECASE)
_NAMED_AREA_RE = re.compile(
    r"\b([\wäöüß]+)\s+(?:am|im|beim|zum|zur|vom|(?:an|in|vor|auf|hinter|neben)\s+(?:der|dem|den))\s+"
    r"((?:An der |Am |Zum |Zur )?[A-ZÄÖÜ][\wäöüß]+(?:-[\wäöüßÄÖÜ]+)*(?:\s[A-ZÄÖÜ][\wäöüß]+)?)"
)
# Capitalised words after "am"/"zum" that are no names.
_NOT_NAMES = {
    fold(w)
    for w in (
        "Wochenende Abend Morgen Mittag Tag Tagen Nachmittag Nacht Woche Wochen Monat Monaten Jahr Jahren Winter Sommer Frühling "
        "Herbst Weihnachten Ostern Arbeit Schule Ende Anfang Rand Boden Eingang Ausgang Rathaus Auto Autos Bus Ampel Laterne"
    ).split()
}
_HOUSE_NUMBER_RE = re.compile(r"\b(?:hausnummer|hausnr\.?|haus\s?nr\.?)\s*\d{1,3}(?:\s?[a-h](?![\w]))?", re.IGNORECASE)
_CROSSING_RE = re.compile(
    r"\b(?:ecke|kreuzung)\s+[\wäöüß.\-]+(?:\s[\wäöüß.\-]+)?\s*(?:/|\+|\bund\b|\bu\.|\becke\b)\s*[\wäöüß.\-]+(?:\s(?:straße|strasse|str\.?))?",
    re.IGNORECASE,
)

# Words that end like a street but name a kind of ground, not a place.
_NOT_PLACES = {
    fold(w)
    for w in (
        "Weg Gehweg Radweg Fußweg Fusweg Fussweg Bürgersteig Buergersteig Feldweg Waldweg Spielplatz Kinderspielplatz "
        "Parkplatz Platz Straße Strasse Str Nebenstraße Hauptstraße Seitenstraße Fahrradweg Geh Radwegs Gehwegs "
        "Spazierweg Schulweg Heimweg Rückweg Hinweg Umweg Ausweg Zebrastreifen Damm Graben Straßengraben Ring "
        "Gehsteig Bürgersteig Überweg Ueberweg Fußgängerüberweg Fussgaengerueberweg Fußgängerweg"
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
        for candidates in (self._crossings(text), self._streets(text), self._known_names(text, tokens), self._named_areas(text), self._house_numbers(text)):
            found = [p for p in candidates if fold(p.text.split()[0]) not in _NOT_PLACES or " " in p.text.strip()]
            if found:
                return max(found, key=lambda p: p.end - p.start)
        return None

    def place_before(self, text: str, end: int) -> Optional[int]:
        """Where a district or landmark that ends just before text[end] begins ("Lusan, Zeulsdorfer Straße 40")."""
        head = re.sub(r"(?:,|\s(?:in|bei|an|am|im))\s*$", "", text[:end].rstrip(), flags=re.IGNORECASE).rstrip()
        starts = [p.start for p in (*self._known_names(head, tokenize(head)), *self._streets(head)) if p.end == len(head)]
        return min(starts) if starts else None

    def place_at(self, text: str, begin: int) -> Optional[int]:
        """Where a street or known place that begins at text[begin] ends ("… bei [Langenberg]")."""
        rest = text[begin:]
        candidates = [*self._streets(rest), *self._known_names(rest, tokenize(rest))]
        ends = [p.end for p in candidates if p.start == 0 and (fold(p.text.split()[0]) not in _NOT_PLACES or " " in p.text)]
        return begin + max(ends) if ends else None

    @staticmethod
    def _named_areas(text: str) -> List[Place]:
        """ "Treppe zum Nicolaiberg", "Spielplatz An der Spielwiese": a kind of place with a name nobody listed."""
        places = []
        for word in re.finditer(r"\b[\wäöüß]+", text):
            m = _NAMED_AREA_RE.match(text, word.start())
            if m and _AREA_RE.fullmatch(fold(m.group(1))) and fold(m.group(2).split()[0]) not in _NOT_NAMES:
                places.append(Place(m.start(2), m.end(2), m.group(2)))
        return places

    @staticmethod
    def _house_numbers(text: str) -> List[Place]:
        """ "vor Hausnummer 12": a house number alone is a place in the street the report is about."""
        return [Place(m.start(), m.end(), m.group()) for m in _HOUSE_NUMBER_RE.finditer(text)]

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
    trimmed = _LEADING.sub("", text.strip(), count=1).strip(" ,;:!?")
    if not re.search(r"\b(?:str|nr)\.$", trimmed, re.IGNORECASE):  # "Zeulsdorfer Str." keeps its point
        trimmed = trimmed.rstrip(" .,;:!?")
    return trimmed or text.strip()


# Kinds of places that a citizen names together with the street or landmark
# they are at ("Parkplatz in der Gagarinstraße", "Treppe am Nicolaiberg",
# "Haltestelle Friedrich-Engels-Straße"): the whole phrase is the place, also
# when the place itself is in a bad state ("Spielplatz beim Tierpark").
_AREAS = (
    r"\w*platz|\w*plaetze|\w*treppe|\w*treppen|\w*haltestelle|\w*haltestellen|\w*kreuzung|einmuendung|abzweigung|\w*einfahrt|"
    r"\w*auffahrt|\w*ausfahrt|\w*zufahrt|\w*eingang|\w*ausgang|\w*bruecke|\w*unterfuehrung|\w*durchgang|tunnel|\w*weg|\w*wege|\w*steig|"
    r"parkhaus|tiefgarage|parkdeck|\w*schule|kita|\w*kindergarten|\w*halle|friedhof|supermarkt|\w+haus|\w*park|\w*teich|"
    r"\w*kirche|\w*bahnhof|zebrastreifen|fussgaengerueberweg|\w*hof|garagen|\w*wiese|\w*ufer|parkbucht|\w*streifen|rondell|"
    r"markt|\w*gelaende|\w*gebaeude|\w*block|kreisel|kreisverkehr|bahnuebergang|fussgaengerzone|baustelle|ecke|ende|anfang|rand|"
    r"kurve|steigung|ortseingang|ortsausgang|strassenrand|fahrbahn|\w*gasse|bach|\w*wald|waeldchen|passage|(?:land|haupt|neben|seiten|"
    r"einbahn)?strasse|\w*bad|bibliothek|museum|theater|\w*spur|berg|\w*center|zentrum|einkaufszentrum|apotheke|post|sparkasse|"
    r"\w*baeckerei|baecker|aldi|lidl|netto|edeka|kaufland|rewe|penny|konsum|spaeti|tankstelle|gaststaette|kneipe|imbiss|"
    r"\w*club|hinterhof|\w*garten|elster|kino|\w*hochschule|schloss|wendehammer|(?!\w*geladen)\w*laden|\w*diele"
)
# Things a defect can be on or at ("Graffiti am Stromkasten am Markt"): part of
# the place unless they are what is broken ("Der Brunnen am Markt ist kaputt").
_OBJECTS = (
    r"\w*brunnen|\w*mauer|\w*wand|fassade|\w*zaun|\w*kasten|\w*container|rasen|\w*beet|\w*anlage|\w*flaeche|denkmal|"
    r"unterstand|\w*haeuschen|\w*staender|gelaender|\w*mast|\w*masten|\w*gebuesch|hecke|boeschung|\w*bank|sandkasten|sandkiste"
)
_AREA_RE = re.compile(rf"(?:{_AREAS})(?:e?s)?")  # "des Jugendclubs"
_OBJECT_RE = re.compile(rf"(?:{_OBJECTS})(?:e?s)?")
_PREPOSITION = (
    r"(?:(?:in|an|auf|bei|vor|hinter|neben|gegenüber|gegenueber|unter|über|ueber|nahe|von|zwischen|durch)\s+(?:der|dem|den|die|das)"
    r"|im|am|beim|vom|zum|zur|in|an|bei|auf|vor|hinter|neben|nach|durch|zwischen|unterm|überm|ueberm|aufm|vorm|hinterm|ans|ums|der|des|von)"
)
_LEFT_PHRASE = re.compile(rf"([\wäöüßÄÖÜ]+(?:-[\wäöüßÄÖÜ]+)*),?\s+(?:({_PREPOSITION})\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"zwischen\s+(?:(?:der|dem|den)\s+)?[\w.\-äöüßÄÖÜ]+(?:\s[\w.\-äöüßÄÖÜ]+)?\s+und\s+(?:(?:der|dem|den)\s+)?$", re.IGNORECASE)
_RIGHT_NUMBER = re.compile(
    r"^\.?\s*,?\s*(?:(?:höhe|hoehe|gegenüber|gegenueber|nähe|naehe|vor|neben|bei|zwischen)\s+)?(?:der\s+)?"
    r"(?:hausnummer|hausnr\.?|haus\s?nr\.?|nr\.?|nummer|haus)\s*\d{1,3}(?:\s?[a-h](?![\w]))?(?:\s*(?:und|bis|-)\s*\d{1,3})?",
    re.IGNORECASE,
)
_RIGHT_RANGE = re.compile(r"^\s*(?:bis|und|-|–)\s*\d{1,3}(?:\s?[a-h](?![\w]))?(?![\d\w])", re.IGNORECASE)
_RIGHT_DIRECTION = re.compile(
    r"^,?\s+(?:stadteinwärts|stadteinwaerts|stadtauswärts|stadtauswaerts|stadtseitig"
    r"|(?:obere|oberste|untere|unterste|erste|zweite|dritte|\d\.)\s+(?:etage|ebene|stock|deck|geschoss|parkdeck))\b",
    re.IGNORECASE,
)
# "Sorge Ecke Schloßstraße", "B2 bei Langenberg", "Zwötzen in der Nähe der Kirche", "Hofwiesenpark, beim Teich".
_RIGHT_LINK = re.compile(
    r"^\s*(?:,\s*)?(?:direkt\s+|gleich\s+|genau\s+|kurz\s+|hinten\s+|vorne\s+|vorn\s+|oben\s+|unten\s+)?"
    r"(in\s+der\s+nähe|in\s+der\s+naehe|ecke|/|bei|beim|in|im|am|an|auf|nahe|nähe|naehe|höhe|hoehe|richtung|gegenüber|"
    r"gegenueber|hinter|hinterm|neben|vor|vorm|vom|zum|zur|nach|zwischen|unterhalb|oberhalb|entlang)"
    r"(?:\s+(?:von\s+der|vom|von|der|dem|den|des|die|das))?\s+",
    re.IGNORECASE,
)
_POSITION_ADJECTIVE = re.compile(
    r"\b(?:am|im|beim|vom|zum|zur|(?:an|in|auf|bei|vor|hinter|neben|von)\s+(?:der|dem|den))\s+"
    r"((?:hinter|vorder|ober|unter|link|recht|alt|neu|klein|groß|gross|letzt|erst|mittler)(?:e|en|er|es|em))\s+$",
    re.IGNORECASE,
)
# Between the defect and the thing it is part of: "Glasscheibe vom Wartehäuschen", "Kette der Schaukel".
_OF_THE_DEFECT = re.compile(r"\s+(?:vom|von\s+der|von\s+dem|des|der)\s+", re.IGNORECASE)
_NAME_PREFIX = re.compile(r"\b(?:Am|Zum|Zur|Im|An der|An den|Auf der|Auf dem|In der)\s+$")
_WORD = re.compile(r"[\wäöüßÄÖÜ]+(?:[-.][\wäöüßÄÖÜ]+)*")


def widen(
    text: str,
    start: int,
    end: int,
    defect: Optional[Tuple[int, int]] = None,
    place_at: Optional[Callable[[str, int], Optional[int]]] = None,
    place_before: Optional[Callable[[str, int], Optional[int]]] = None,
) -> Tuple[int, int]:
    """The whole place phrase around a street or landmark found at text[start:end].

    "Parkplatz in der Gagarinstraße" instead of "Gagarinstraße", "Leipziger
    Str. Höhe Hausnummer 60" instead of "Leipziger Str.", "B2 bei Langenberg"
    instead of "B2". The defect (the words that gave the category, `defect`)
    is never part of the place: "Laterne in der Sorge" is at "Sorge".
    `place_at(text, i)` tells where a known place that begins at i ends,
    `place_before(text, i)` where one that ends at i begins.
    """
    for _ in range(3):  # "Gehweg vor der Apotheke in der Sorge"
        between = _BETWEEN.search(text[:start])
        if between:
            start = between.start()
        left = _LEFT_PHRASE.search(text[:start])
        if left and _is_place_head(left, defect):
            start = left.start()
            continue
        earlier = place_before(text, start) if place_before else None
        if earlier is None:
            break
        start = earlier
    # "am hinteren Ende vom Parkplatz", "an der alten Schule": a word of position or age belongs to the kind of place.
    adjective = _POSITION_ADJECTIVE.search(text[:start])
    head = _WORD.match(text, start)
    if adjective and head and _is_kind_of_place(head.group()):
        start = adjective.start(1)
    # "bei uns Am Kieferngraben 5": a capitalised "Am", "An der", "Zur" in front of a street named so belongs to its name.
    name_prefix = _NAME_PREFIX.search(text[:start])
    if name_prefix and place_at and (place_at(text, name_prefix.start()) or 0) >= end:
        start = name_prefix.start()
    for _ in range(3):  # "Langenberg an der B2, kurz nach dem Ortsausgang"
        step = _RIGHT_NUMBER.match(text[end:]) or _RIGHT_DIRECTION.match(text[end:])
        if not step and text[end - 1 : end].isdigit():
            step = _RIGHT_RANGE.match(text[end:])  # "Amthorstraße Nummer 7 bis 11"
        if not step and re.search(r"\b(?:str|nr)$", text[:end], re.IGNORECASE):
            step = re.match(r"\.", text[end:])  # "Zeulsdorfer Str." keeps its point
        if not step and re.search(r"\bzwischen\s+(?:(?:der|dem|den)\s+)?\S+$", text[:end], re.IGNORECASE):
            step = re.match(r"\s+und\s+(?:(?:der|dem|den)\s+)?(?=\S)", text[end:])  # "zwischen Bieblach und Tinz"
            if step and (place_at and place_at(text, end + step.end())):
                end = place_at(text, end + step.end())
                continue
            city = re.match(r"\s+und\s+gera\b", text[end:], re.IGNORECASE)  # "zwischen Langenberg und Gera"
            if city:
                end += city.end()
                continue
            step = None
        if step:
            end += step.end()
            continue
        further = _further_place(text, end, defect, place_at) or _area_after(text, end, defect)
        if not further:
            break
        end = further
    return start, end


def _last_part(word: str) -> str:
    """The folded word, of a compound with hyphens its last part: "Orangerie-Gebäude" is a building."""
    return fold(word).split("-")[-1]


def _is_kind_of_place(word: str) -> bool:
    """ "Parkplatz", "Haltestelle", "Orangerie-Gebäude": a kind of place."""
    return bool(_AREA_RE.fullmatch(_last_part(word)))


def _is_place_noun(word: str, span: Tuple[int, int], defect: Optional[Tuple[int, int]]) -> bool:
    if _is_kind_of_place(word):
        return True
    # A thing in the street is part of the place only when another word names the defect.
    return bool(_OBJECT_RE.fullmatch(_last_part(word))) and defect is not None and not (defect[0] < span[1] and span[0] < defect[1])


def _is_place_head(left: "re.Match", defect: Optional[Tuple[int, int]]) -> bool:
    """Whether the word in front of a place (with its preposition) belongs to it ("ohne Ende" does not)."""
    if re.search(r"\bohne\s+$", left.string[: left.start()], re.IGNORECASE):
        return False
    # "Glasscheibe vom Wartehäuschen an der Haltestelle …": the thing the defect is part of is no place.
    if defect and not _is_kind_of_place(left.group(1)) and _OF_THE_DEFECT.fullmatch(left.string[defect[1] : left.start()]):
        return False
    return _is_place_noun(left.group(1), left.span(1), defect)


def _further_place(text: str, end: int, defect, place_at) -> Optional[int]:
    """The end of what specifies the place after it: "Ecke Schloßstraße", "bei Langenberg", "neben dem Brunnen"."""
    link = _RIGHT_LINK.match(text[end:])
    if not link:
        return None
    begin = end + link.end()
    if place_at:
        found = place_at(text, begin)
        if found:
            compound = re.match(r"(?:-[\wäöüßÄÖÜ]+)+", text[found:])  # "Orangerie-Gebäude"
            return found + (compound.end() if compound else 0)
    word = _WORD.match(text, begin)
    if not word:
        return None
    if not _is_place_noun(word.group(), word.span(), defect):
        # One word in front of the kind of place: "an der alten Schule", "an der Tram Haltestelle".
        second = re.match(r"\s+([\wäöüßÄÖÜ]+(?:-[\wäöüßÄÖÜ]+)*)", text[word.end() :])
        span = (word.end() + second.start(1), word.end() + second.end(1)) if second else None
        if second and fold(second.group(1)) not in _TOO_VAGUE_AFTER and _is_place_noun(second.group(1), span, defect):
            return span[1]
    if _is_place_noun(word.group(), word.span(), defect):
        number = re.match(r"\s+\d{1,3}[a-h]?\b", text[word.end():])
        return word.end() + (number.end() if number else 0)
    # "Leipziger Straße Höhe Metropol", "Kornmarkt vor der Eisdiele": a noun after such a link is a landmark.
    if fold(link.group(1)) in _LANDMARK_LINKS and word.group()[0].isupper() and fold(word.group()) not in _NOT_NAMES:
        return word.end()
    return None


def _area_after(text: str, end: int, defect) -> Optional[int]:
    """ "Bushaltestelle Zwötzen Bahnhof", "Plauensche Str., Parkplatz vom Penny", "Ernst-Toller-Straße 5, Hauseingang links"."""
    word = re.match(r"(,\s*|\s+)([\wäöüßÄÖÜ]+(?:-[\wäöüßÄÖÜ]+)*)", text[end:])
    if not word or fold(word.group(2)) in _TOO_VAGUE_AFTER or not _AREA_RE.fullmatch(fold(word.group(2))):
        return None
    after = end + word.end()
    side = re.match(r"\s+(?:links|rechts|hinten|vorne|oben|unten|nord|süd|sued|ost|west)\b", text[after:], re.IGNORECASE)
    return after + (side.end() if side else 0)


_LANDMARK_LINKS = {"hoehe", "gegenueber", "naehe", "in der naehe", "hinter", "hinterm", "vor", "vorm", "neben", "bei", "beim"}
# Kinds of places too vague to name one after a street ("Heinrichstraße Fahrbahn kaputt").
_TOO_VAGUE_AFTER = {"ecke", "ende", "anfang", "rand", "fahrbahn", "strassenrand", "kurve", "steigung", "strasse", "weg", "wege"}
