"""Recognises emergencies by their words, independent of the trained model.

A citizen who writes "es brennt" or "Gasgeruch im Keller" must get 112 / 110
at once, even when the classifier has never seen that phrasing. The signals
below are deliberately specific (a fire, gas, an injured or unconscious
person, violence, someone in the water) and come with the ordinary defect
reports that look alike ("die Laterne brennt tagsüber") as exceptions.
Text is folded first (nlu/text.py): umlauts as ae/oe/ue, ß as ss.
"""

import re

from nlu.text import fold

_SIGNALS = [
    # fire and smoke
    r"\bes brennt\b", r"\bbrennt\b", r"\bbrennen(de|der|des)?\b", r"\bfeuer\b", r"\bflammen\b", r"\blichterloh\b",
    r"\bbrand(geruch|stelle)?\b", r"\bqualm", r"\brauch\b", r"\braucht\b", r"\brauchentwicklung", r"\bexplo(sion|diert)",
    r"\bin brand\b", r"\bfeuerwehr\b", r"\w+brand\b", r"\brauchwolke",
    # gas
    r"gasgeruch", r"\b(riecht|stinkt|richt)\w* (\w+ ){0,3}nach gas\b", r"\bgas ?(leck|leitung|austritt|tritt)",
    r"\bgas (riecht|stinkt|stroemt)",
    # people hurt or in danger
    r"\bverletzt", r"\bschwer ?verletz", r"\bblut(et|end|ueberstroemt)", r"\bbewusstlos", r"\bohnmaechtig", r"\batmet nicht",
    r"\bregungslos", r"\bzusammengebrochen", r"\bkollabiert", r"\bherzinfarkt", r"\bschlaganfall",
    r"\breanimation", r"\bwiederbeleb", r"\bnotarzt", r"\b(kranken|rettungs)wagen", r"\bkrankenwagen",
    r"\bertrink", r"\bertrunken", r"\bim eis eingebrochen", r"\beingebrochen\b.*\beis\b", r"\beingeklemmt",
    r"\b(person|mann|frau|kind|jemand|junge|maedchen|opa|oma|nachbar\w*) (\w+ ){0,4}(liegt|treibt|haengt) (\w+ ){0,3}"
    r"(boden|wasser|elster|fluss|strasse|gleis)", r"\bliegt (\w+ ){0,3}(am|auf dem) boden und\b",
    r"\beis\b.{0,40}\b(knackt|bricht|eingebrochen)", r"\b(runter|herunter|hinunter)?spring(en|t)\b.{0,40}\b(bruecke|dach|hochhaus|fenster|balkon)",
    r"\b(bruecke|dach|hochhaus|fenster|balkon)\w*\b.{0,40}\bspring(en|t)\b", r"\bsuizid", r"\bselbstmord", r"\bumbringen\b",
    r"\bnot ?fall\b", r"\bnotruf\b", r"\blebensgefahr", r"\blebensgefaehrlich",
    # violence and crime in progress
    r"\bmesser(stecherei|angriff)", r"\bmit (einem |nem |'nem )?messer\b", r"\b(ge)?stochen\b", r"\bmit (einer )?waffe\b", r"\bpistole\b", r"\bschuesse\b", r"\bgeschossen\b", r"\bbedroh",
    r"\bueberfall", r"\bschlaegerei", r"\bpruegel", r"\bangegriffen\b", r"\bzusammengeschlagen",
    r"\beinbrecher\b", r"\bbrechen (gerade )?(\w+ ){0,2}ein\b", r"\b(ruf|rufen|holen?) (sie |du )?(die )?polizei", r"\bhilfe ?!{2,}",
    # live electricity
    r"\b(strom|hochspannungs)(leitung|kabel)\w* (\w+ ){0,4}(funk|liegt|runter|gerissen)",
    r"\bkabel (\w+ ){0,3}funk",
]

# Ordinary reports that share a word with an emergency.
_EXCEPTIONS = [
    r"\b(laterne|lampe|licht|leuchte|beleuchtung|funzel|ampel)\w*\b.{0,60}\bbrenn",
    r"\bbrenn\w*\b.{0,40}\b(tagsueber|den ganzen tag|dauerhaft|am tag|hellichten|bei tag|nicht|nie|staendig|ununterbrochen)",
    r"\bkein(en)? not ?fall\b", r"\bnicht dringend\b", r"\bnotfallnummer", r"\bnotfallpraxis",
    r"\bfeuerwehrzufahrt", r"\bpolizeiliche\w* fuehrungszeugnis", r"\bfuehrungszeugnis", r"\bpolizei ?(revier|station)? (ist )?zustaendig",
    r"\bbrandschutz", r"\bbrennend\w* (\w+ ){0,2}(laterne|lampe|licht|leuchte|strassenbeleuchtung)",
    r"\bverletzungsgefahr", r"\bverletzen (koennte|kann)",
    r"\b(angst|sorge|bevor|sonst|damit|nicht dass|gefahr|koennte|kann)\b.{0,50}\bverletz\w*",
]

_SIGNAL = re.compile("|".join(f"(?:{p})" for p in _SIGNALS))
_EXCEPTION = re.compile("|".join(f"(?:{p})" for p in _EXCEPTIONS))


def is_emergency(text: str) -> bool:
    """True when the text names an acute danger to people (fire, gas, injury, violence)."""
    folded = fold(text)
    signal = _SIGNAL.search(folded)
    if not signal:
        return False
    # An exception only cancels the signal it overlaps; "Laterne brennt tagsüber,
    # und jemand ist verletzt" is still an emergency.
    for exception in _EXCEPTION.finditer(folded):
        folded = folded[: exception.start()] + " " * (exception.end() - exception.start()) + folded[exception.end() :]
    return bool(_SIGNAL.search(folded))
