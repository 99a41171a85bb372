"""The Rasa pipeline component that turns a parse into the contract's vocabulary.

It runs after the intent classifier and the entity extractor (see config.yml) and

- sets the intent to `emergency` with full confidence when the text names an
  acute danger (nlu/emergency.py, and nlu/language.py for other languages),
  whatever the classifier thought;
- names the message's language ("language": "de", "en", "uk", ...) and sets
  the intent `other_language` for a message that is not German;
- sets `report_issue` for the wish to report something not yet named
  ("Ich möchte einen Schaden melden", nlu/openers.py);
- settles what the classifier was torn about where words decide (a defect
  in a named place is no out-of-scope talk, a lamp that "ist seit Tagen
  aus" no mere detail, a service named by its own word a service
  question): such a guess keeps the classifier's confidence, never more,
  so the fallback and the staff web's review still see the doubt; only
  certain rules (an emergency, another language, an opener, a bare place,
  a pictograph answer such as "👍") give full confidence;
- adds category, service and info_type with their canonical values, looked
  up in nlu/vocabulary.yml (nlu/lexicon.py), for the intents they belong to;
- cleans the places the entity extractor found ("in der Sorge 12" ->
  "Sorge 12"), widens them to the whole place phrase ("Parkplatz in der
  Gagarinstraße") and finds places by address rules when it found none
  (nlu/places.py);
- extracts report_id from "4711", "#4711", "M-4711", "Nummer 4711".

It learns nothing itself: the vocabulary is read when the model loads, so a
changed word list needs no retraining.
"""

import re
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.emergency import is_emergency, is_look_alike
from nlu.language import detect_language, emergency_language, foreign_emergency, preload
from nlu.lexicon import Lexicon
from nlu.openers import is_report_opener
from nlu.places import PlaceFinder, is_street_name, trim, widen
from nlu.text import Token, fold, tokenize

LOOKED_UP = ("category", "service", "info_type")
# The parse names the message's language under this key (ISO 639-1, "de" when unsure).
LANGUAGE = "language"
# Which intents each looked-up entity belongs to; an intent counts when it is
# among the two likeliest, so the clarification buttons can carry it too.
BELONGS_TO = {
    "category": {"report_issue", "inform"},
    "service": {"ask_service"},
    "info_type": {"ask_service"},
    "location": {"report_issue", "inform", "ask_service", "emergency", "check_report_status"},
    "report_id": {"check_report_status"},
}
RELEVANT_CONFIDENCE = 0.15
# An emergency the word rules did not see needs this much confidence from the classifier;
# below it the citizen is asked back, with 112 / 110 shown first.
UNCONFIRMED_EMERGENCY = 0.95
# Out of scope as the classifier's first choice with at least this confidence, and nothing of the city's in the
# message: out of scope, even where the fallback's ambiguity check would ask back because another intent comes close.
PLAIN_OUT_OF_SCOPE = 0.3
# Letters of a service word specific enough to make a question about it a service question ("zulassung", "muelltonne").
SPECIFIC_SERVICE_WORD = 9

_REPORT_ID_PREFIXED = re.compile(
    r"(?:#\s?|\bM\s?-\s?|\bnr\.?\s*|\bnummer\s*|\bmeldungs?(?:nummer)?\s*(?:nr\.?\s*)?|\bvorgangs?(?:nummer)?\s*(?:nr\.?\s*)?"
    r"|\bticket\s*|\baktenzeichen\s*|\bid\s*)(\d{2,9})\b",
    re.IGNORECASE,
)
_REPORT_ID_BARE = re.compile(r"(?<![\d\-/.,])\b(\d{3,9})\b(?!\s?[.,]\d|\s?(?:€|euro|uhr|m\b|cm\b|km\b|meter))", re.IGNORECASE)
# Words that say something is wrong ("ist aus", "fehlen", "umgekippt"), in folded text: with a kind of
# defect they make a report, not an answer describing a detail ("die dritte Lampe nach der Kreuzung").
_DEFECT_STATE = re.compile(
    r"\b(?:kaputt\w*|defekt\w*|ausgefallen|faellt aus|fallen aus|fehl(?:t|en)|verstopft|umgefallen|umgekippt|"
    r"umgestuerzt|umgefahren|abgebrochen|abgerissen|eingeschlagen|zerstoert|beschaedigt|flacker\w*|"
    r"(?:brenn\w*|geh\w*|funktionier\w*|leucht\w*) (?:nicht|nich|ni|net|kein\w*)|(?:nicht|nich|ni|net|nimmer)(?: mehr)? an|"
    r"rum|herum|abgeladen|"
    r"ueberfuellt|quillt|quellen|verwest\w*|tote[nrs]?|tot|ueberfahren\w*|verdreckt|beschmiert|besprueht|"
    r"aus(?! (?:der|dem|den|die|das|einem|einer|plastik|holz|metall|beton|stein)\b))\b"
)
# Saying that a thing is broken, without a place ("Pflastersteine lose"): narrower than _DEFECT_STATE, whose "aus"
# and "rum" also occur in questions ("Was ist die Wurzel aus 144?").
_BROKEN = re.compile(
    r"\b(?:kaputt\w*|defekt\w*|lose|locker|wackel\w*|verbogen|schief|abgebrochen|abgerissen|umgefallen|umgekippt|"
    r"umgestuerzt|umgefahren|beschaedigt|zerstoert|eingeschlagen|verstopft|ueberfuellt|abgesackt|eingesackt|"
    r"tropft|undicht|leckt|abgerutscht|zugewachsen|"
    r"funktioniert (?:nicht|nich|net)|geht (?:nicht|nich|net)|brennt (?:nicht|nich|net))\b"
)
# "Mein WLAN geht nicht": one's own things are not the public space's.
_OWN = {"mein", "meine", "meinen", "meinem", "meiner", "meins"}
# Info types whose phrases ask only about an errand, never about a shop or the weather ("Wie lange hat der Zoo offen?"
# asks opening hours, which a zoo has too).
ERRAND_STEPS = {"deadline", "documents", "appointment"}
_POSTCODE = re.compile(r"^0\d{4}$")
# Words the extractor sometimes marks as a place on their own.
# Words around a place in an answer that add nothing else ("das ist in der Sorge 12").
_PLACE_FILLERS = {
    "in", "im", "an", "am", "auf", "bei", "beim", "vor", "vorm", "hinter", "hinterm", "neben", "gegenueber", "nahe", "naehe",
    "der", "die", "das", "dem", "den", "des", "ist", "es", "das", "da", "dort", "hier", "direkt", "genau", "gleich", "also",
    "aeh", "aehm", "ja", "so", "ungefaehr", "etwa", "circa", "ca", "und", "zwar", "bitte", "wohl", "halt", "eben", "ecke", "hoehe",
}
_NOT_A_PLACE = {"hier", "dort", "da", "drin", "draussen", "strasse", "weg", "gehweg", "ecke", "stadt", "gera", "bei uns", "bei mir"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CanonicalValues(GraphComponent, EntityExtractorMixin):
    """Canonical entity values, places, report numbers and the emergency guard."""

    def __init__(self, config: Dict[Text, Any], lexicon: Lexicon) -> None:
        self.config = config
        self.lexicon = lexicon
        self.places = PlaceFinder(lexicon.places)
        preload()  # the language detector's models, now rather than on a citizen's first message

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CanonicalValues":
        return cls(config, Lexicon.load())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.process_one(message)
        return messages

    def process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        tokens = tokenize(text)
        self._decide_intent(message, text, tokens)
        likely = _likely_intents(message)
        entities = [e for e in message.get(ENTITIES, []) if e["entity"] not in LOOKED_UP + ("report_id",)]
        entities = self._clean_locations(entities, text, tokens, answer=_intent_name(message) == "inform")
        for kind in LOOKED_UP:
            if BELONGS_TO[kind] & likely:
                entities += self._looked_up(kind, text, tokens)
        if BELONGS_TO["report_id"] & likely:
            entities += self._report_ids(text, entities, bare_numbers=True)
        else:
            entities += self._report_ids(text, entities, bare_numbers=False)
        message.set(ENTITIES, entities, add_to_output=True)

    def _decide_intent(self, message: Message, text: str, tokens: Sequence[Token]) -> None:
        """Names the language, and overrules the classifier where words decide: danger, another language, an opener."""
        only_a_place = self._only_a_place(text, tokens)
        # Payloads ("/share_location{...}") and bare places ("Clara-Zetkin-Str 40") are no sign of the citizen's language.
        language = "de" if text.startswith("/") or only_a_place else detect_language(text)
        german_danger, foreign_danger = is_emergency(text), foreign_emergency(text)
        if foreign_danger and not german_danger and language == "de":
            # Too short for the detector ("help fire"): the words that name the danger tell the language.
            language = emergency_language(text) or language
        message.set(LANGUAGE, language, add_to_output=True)
        if german_danger or foreign_danger:
            _force_intent(message, "emergency")
        elif language != "de":
            # The classifier knows German only; action_answer_other_language answers in the citizen's language.
            _force_intent(message, "other_language")
        elif is_report_opener(text):
            # "Ich möchte einen Schaden melden" starts a report on every model (nlu/openers.py).
            _force_intent(message, "report_issue")
        elif only_a_place:
            # "Clara-Zetkin-Str 40", "in Tinz hinterm Schloss": an answer naming a place, whatever the classifier guessed.
            _force_intent(message, "inform")
        elif _pictograph_intent(text):
            # "👍", "🙏": a message of nothing but the pictographs of one answer means that answer.
            _force_intent(message, _pictograph_intent(text))
        elif _intent_name(message) in ("out_of_scope", "help") and (
            self._defect_and_place(message, text, tokens) or self._defect_in_its_state(text, tokens)
        ):
            # "loch in der strase, tinz", "Pflastersteine lose", "Trinkbrunnen funktioniert nicht": a defect in a named
            # place, or a thing of the public space said to be broken, is a report, never out of scope or a question
            # about the assistant.
            _settle_intent(message, "report_issue")
        elif self._torn_between_service_and_out_of_scope(message) and (
            self._specific_service(tokens) or self._asks_the_next_step(tokens)
        ):
            # "Wie lange hat die Kfz-Zulassung heute auf?": a service of the city's, named by its own word;
            # "Wie lange habe ich Zeit?" after a service question: the service is the conversation's (actions/services.py).
            _settle_intent(message, "ask_service")
        elif self._plainly_out_of_scope(message, text, tokens):
            # "Kannst du rappen?": out of scope first, nothing of the city's in it; no need to ask back.
            _settle_intent(message, "out_of_scope")
        elif _intent_name(message) == "inform" and _DEFECT_STATE.search(fold(text)) and self._looked_up("category", text, tokens):
            # "Die Laterne vor der Schloßstraße 7 ist seit drei Tagen aus": what is wrong, not a detail of it.
            _settle_intent(message, "report_issue")
        elif _intent_name(message) == "emergency":
            self._check_classifier_emergency(message, text, tokens)
        elif is_look_alike(text):
            # "Die Laterne brennt Tag und Nacht": no emergency among the meanings offered when asking back.
            _drop_intent(message, "emergency")

    def _only_a_place(self, text: str, tokens: Sequence[Token]) -> bool:
        """Whether the message says nothing but where: a place and small words around it."""
        place = self.places.find(text, tokens)
        if place is None or self.lexicon.best("category", tokenize(text[: place.start] + " " + text[place.end :])):
            return False
        start, end = widen(text, place.start, place.end, None, self.places.place_at, self.places.place_before)
        rest = [t.folded for t in tokenize(text[:start] + " " + text[end:])]
        return all(word in _PLACE_FILLERS for word in rest)

    @staticmethod
    def _torn_between_service_and_out_of_scope(message: Message) -> bool:
        """Service question and out of scope are the classifier's first two choices, the second a relevant one."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        if len(ranking) < 2 or {r["name"] for r in ranking[:2]} != {"ask_service", "out_of_scope"}:
            return False
        return ranking[1]["confidence"] >= RELEVANT_CONFIDENCE

    def _asks_the_next_step(self, tokens: Sequence[Token]) -> bool:
        """A phrase that only asks about an errand's deadline, papers or appointment ("wie lange habe ich Zeit")."""
        match = self.lexicon.best("info_type", tokens)
        return match is not None and not match.typo and match.value in ERRAND_STEPS and match.last > match.first

    def _specific_service(self, tokens: Sequence[Token]) -> bool:
        """A service's specific word (long, no typo: "Zulassung", "Mülltonne", not "Hund")."""
        match = self.lexicon.best("service", tokens)
        return match is not None and not match.typo and match.term_length >= SPECIFIC_SERVICE_WORD

    def _plainly_out_of_scope(self, message: Message, text: str, tokens: Sequence[Token]) -> bool:
        """Out of scope is the classifier's first choice, and the message names no defect, service, place or report number."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != "out_of_scope" or intent.get("confidence", 0.0) < PLAIN_OUT_OF_SCOPE:
            return False
        if any(self.lexicon.best(kind, tokens) for kind in ("category", "service")) or _REPORT_ID_PREFIXED.search(text):
            return False
        return not self._extracted_place(message, text) and self.places.find(text, tokens) is None

    def _defect_and_place(self, message: Message, text: str, tokens: Sequence[Token]) -> bool:
        """Whether the message names a kind of defect (nlu/vocabulary.yml) and a place (rules or the extractor)."""
        if not self._looked_up("category", text, tokens):
            return False
        return self._extracted_place(message, text) or self.places.find(text, tokens) is not None

    def _defect_in_its_state(self, text: str, tokens: Sequence[Token]) -> bool:
        """Whether the message names a kind of defect by its own word (no typo) and says what is wrong with it."""
        tokens = _without_street_names(tokens)
        match = self.lexicon.best("category", tokens)
        if match is None or match.typo or match.weak or not _BROKEN.search(fold(text)):
            return False
        return not (match.first > 0 and tokens[match.first - 1].folded in _OWN)

    @staticmethod
    def _extracted_place(message: Message, text: str) -> bool:
        """Whether the entity extractor found a place worth the name (not "in", not "hier")."""
        for entity in message.get(ENTITIES, []):
            if entity["entity"] == "location":
                value = trim(text[entity["start"] : entity["end"]])
                if len(value) >= 3 and fold(value) not in _NOT_A_PLACE:
                    return True
        return False

    def _check_classifier_emergency(self, message: Message, text: str, tokens: Sequence[Token]) -> None:
        """An emergency only the classifier saw, without the words of one.

        In the words of an ordinary report that looks alike ("Laterne brennt
        nicht", "Feuer und Flamme"), or naming a defect without much
        confidence ("die Ampel ist tot"), it is none: with a kind of defect
        named it is a report (at the classifier's confidence, never more),
        otherwise the next likeliest meaning counts. Otherwise, unless the
        classifier is very sure, the citizen is asked back, and
        action_clarify shows 112 / 110 first.
        """
        sure = message.get(INTENT)["confidence"] >= UNCONFIRMED_EMERGENCY
        defect = self.lexicon.best("category", tokens) is not None
        if defect and (is_look_alike(text) or not sure):
            # "Laterne brennt nicht mehr": the report it is, with no more confidence than the classifier had.
            _settle_intent(message, "report_issue", without="emergency")
        elif not sure and self._specific_service(tokens):
            # "Notfall: mein Perso ist weg": an urgent errand, at the classifier's confidence.
            _settle_intent(message, "ask_service", without="emergency")
        elif is_look_alike(text):
            _drop_intent(message, "emergency")
        elif not sure:
            _force_intent(message, "nlu_fallback", keep_ranking=True)

    def _looked_up(self, kind: str, text: str, tokens: Sequence[Token]) -> List[Dict]:
        if kind == "category":
            tokens = _without_street_names(tokens)
        match = self.lexicon.best(kind, tokens)
        if match is None:
            return []
        start, end = tokens[match.first].start, tokens[match.last].end
        return [self._entity(kind, match.value, start, end, text, 0.8 if match.typo else 1.0)]

    def _clean_locations(self, entities: List[Dict], text: str, tokens: Sequence[Token], answer: bool = False) -> List[Dict]:
        """Trim the extracted places and complete them with the address rules.

        A rule-found place replaces the extracted span when it covers more of it
        ("Friedericistraße" -> "Friedericistraße 5"), and stands alone when
        the extractor found nothing or only a stray word ("in").
        """
        rule_place = self.places.find(text, tokens)
        # In an answer the things named are landmarks ("neben der Bank am Teich"), not the defect: an empty
        # span names the defect, so that such things count as part of the place (nlu/places.py, _is_place_noun).
        defect = (0, 0) if answer else self._defect(text, tokens)
        cleaned = []
        for entity in entities:
            if entity["entity"] == "location":
                value = trim(text[entity["start"] : entity["end"]])
                if len(value) < 3 or fold(value) in _NOT_A_PLACE:
                    continue
                start = text.find(value, entity["start"])
                if rule_place and rule_place.start <= start + len(value) and start <= rule_place.end:
                    if rule_place.end - rule_place.start > len(value):
                        value, start = trim(rule_place.text), text.find(trim(rule_place.text), rule_place.start)
                start, end = widen(text, start, start + len(value), defect, self.places.place_at, self.places.place_before)
                entity = {**entity, "value": text[start:end], "start": start, "end": end}
                self.add_processor_name(entity)
            cleaned.append(entity)
        if rule_place and not any(e["entity"] == "location" for e in cleaned):
            value = trim(rule_place.text)
            first = text.find(value, rule_place.start)
            start, end = widen(text, first, first + len(value), defect, self.places.place_at, self.places.place_before)
            cleaned.append(self._entity("location", text[start:end], start, end, text, 0.9))
        return _without_parts(cleaned)

    def _defect(self, text: str, tokens: Sequence[Token]) -> Optional[Tuple[int, int]]:
        """Where the words that name the defect are: they never belong to the place ("Laterne in der Sorge")."""
        match = self._looked_up("category", text, tokens)
        return (match[0]["start"], match[0]["end"]) if match else None

    def _report_ids(self, text: str, entities: List[Dict], bare_numbers: bool) -> List[Dict]:
        """Report numbers: always when marked ("#4711", "Nummer 4711"), bare digits only in a status question."""
        found = _REPORT_ID_PREFIXED.search(text)
        if not found and bare_numbers:
            places = [(e["start"], e["end"]) for e in entities if e["entity"] == "location"]
            for candidate in _REPORT_ID_BARE.finditer(text):
                inside_place = any(s <= candidate.start() < e for s, e in places)
                if not inside_place and not _POSTCODE.match(candidate.group(1)):
                    found = candidate
                    break
        if not found:
            return []
        return [self._entity("report_id", found.group(1), found.start(1), found.end(1), text, 1.0)]

    def _entity(self, kind: str, value: str, start: int, end: int, text: str, confidence: float) -> Dict:
        return {
            "entity": kind,
            "value": value,
            "start": start,
            "end": end,
            "confidence_entity": confidence,
            "extractor": self.name,
        }


# Pictographs that answer on their own; a message of nothing but one kind of them means that intent.
_PICTOGRAPH_INTENTS = {"affirm": set("👍👌✅☑✔"), "deny": set("👎❌"), "thank": set("🙏")}
_NO_MEANING = set(" \u200d\ufe0f!.?🏻🏼🏽🏾🏿")  # spaces, joiners, variation selectors, skin tones, punctuation


def _pictograph_intent(text: str) -> Optional[str]:
    """The intent of a message made only of the pictographs of one answer ("👍👍", "🙏"), else None."""
    if any(c.isalnum() for c in text):
        return None
    signs = {c for c in text if c not in _NO_MEANING}
    for intent, pictographs in _PICTOGRAPH_INTENTS.items():
        if signs and signs <= pictographs:
            return intent
    return None


def _without_street_names(tokens: Sequence[Token]) -> List[Token]:
    """The words that may name a defect: "Fichtenweg" names a street, not a tree."""
    return [t for t in tokens if not is_street_name(t.folded)]


def _settle_intent(message: Message, name: str, without: Optional[str] = None) -> None:
    """Make `name` the intent where words settle what the classifier was unsure of.

    Unlike `_force_intent`, a guess keeps the classifier's doubt: `name` gets
    the confidence the classifier gave its own first choice, never more, so
    that a message the classifier found unclear still counts as unclear (the
    staff web lists messages below its review confidence, the fallback asks
    back below its threshold). The other intents keep half their confidence,
    so the fallback's ambiguity check does not undo the decision; `without`
    leaves a meaning the words ruled out (an emergency) out of the ranking.
    """
    ranking = message.get(INTENT_RANKING_KEY) or []
    confidence = max([r["confidence"] for r in ranking] + [(message.get(INTENT) or {}).get("confidence", 0.0)])
    others = [{**r, "confidence": r["confidence"] * 0.5} for r in ranking if r["name"] not in (name, without)]
    message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": confidence}] + others, add_to_output=True)


def _force_intent(message: Message, name: str, keep_ranking: bool = False) -> None:
    """Make `name` the intent with full confidence.

    The other intents stay in the ranking at half their confidence, so the
    fallback's ambiguity check cannot overrule the decision; with
    `keep_ranking` they stay as they are (the clarification shows them).
    """
    scale = 1.0 if keep_ranking else 0.5
    ranking = [{**r, "confidence": r["confidence"] * scale} for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != name]
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}] + ranking, add_to_output=True)


def _without_parts(entities: List[Dict]) -> List[Dict]:
    """Places inside a wider place are parts of it ("Hausnummer 60" in "Leipziger Str. Höhe Hausnummer 60")."""
    places = [e for e in entities if e["entity"] == "location"]

    def part(entity: Dict) -> bool:
        return any(o is not entity and o["start"] <= entity["start"] and entity["end"] <= o["end"]
                   and o["end"] - o["start"] > entity["end"] - entity["start"] for o in places)

    return [e for e in entities if e["entity"] != "location" or not part(e)]


def _drop_intent(message: Message, name: str) -> None:
    """Take `name` out of the ranking: the next likeliest intent counts (the fallback judges its confidence)."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != name]
    message.set(INTENT, ranking[0] if ranking else {"name": None, "confidence": 0.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _intent_name(message: Message) -> Optional[str]:
    return (message.get(INTENT) or {}).get("name")


def _likely_intents(message: Message) -> set:
    """The names of the two likeliest intents that have some confidence."""
    ranking: Optional[List[Dict]] = message.get(INTENT_RANKING_KEY) or []
    if not ranking and message.get(INTENT):
        ranking = [message.get(INTENT)]
    return {r["name"] for r in ranking[:2] if r.get("confidence", 0) >= RELEVANT_CONFIDENCE}
