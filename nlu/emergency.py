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

_PERSON = r"(?:person|mann|frau|kind|jemand|junge|maedchen|opa|oma|nachbar\w*|fussgaenger(?:in|innen)?|\w*fahrer(?:in|innen)?|leute|menschen|rentner\w*|herr|eener|einer)\b"
_SIGNALS = [
    # fire and smoke
    r"\bes bren+t\b", r"\bbren+t\b", r"\bbrennen(de|der|des)?\b", r"\bfeuer\b", r"\bflammen\b", r"\blichterloh\b",
    r"\bbrand(geruch|stelle)?\b", r"\w+brand\b", r"\bqualm", r"\brauch\b", r"\braucht\b", r"\brauch(entwicklung|wolke|saeule)",
    r"\bexplo(sion|diert)", r"\bin brand\b", r"\bfeuerwehr\b",
    # gas
    r"\bgasgeru", r"\b(riecht|stinkt|richt)\w* (\w+ ){0,6}nach gas\b", r"\bgas ?(leck|leitung|austritt|tritt)",
    r"\bgas (riecht|stinkt|stroemt)", r"\bgas (\w+ ){0,2}(riechen|gerochen|stinken|riech)\b",
    # people hurt or in danger
    r"\bverle?t?zt", r"\bschwer ?verletz", r"\bblut(et|end|ueberstroemt|ung)?\b", r"\bbewus+tlos", r"\bohnmaechtig",
    r"\batmet (nicht|nich|ni|kaum|flach)", rf"\b{_PERSON}\b.{{0,60}}\b((bewegt|ruehrt|regt) sich|reagiert) (nicht|nich|ni|nimmer|kaum)\b",
    r"\bruehrt sich (nicht|nich|ni|nimmer)\b", rf"\b{_PERSON}\b.{{0,20}}\b(umgekippt|zusammengesackt)\b", r"\bregungslos", r"\bzusammengebrochen", r"\bkollabiert", r"\bherzinfarkt",
    r"\bschlaganfall", r"\bkrampf(t|en|anfall)", r"\breanimation", r"\bwiederbeleb", r"\bnotarzt",
    r"\b(kranken|rettungs)wagen", rf"\b{_PERSON}\b.{{0,40}}\b(angefahren|erfasst|ueberfahren|erwischt)\b",
    rf"\b(angefahren|erfasst|ueberfahren)\b.{{0,20}}\b{_PERSON}\b",
    r"\bertrink", r"\bertrunken", r"\bkann nicht schwimmen", rf"\b{_PERSON}\b.{{0,30}}\b(im wasser|treibt|untergegangen)",
    r"\b(ins|in die|in den) (wasser|elster|weisse elster|fluss|teich|see|bach)\b.{0,15}\b(gefallen|gestuerzt|gesprungen)",
    rf"\b{_PERSON}.{{0,20}}\b(fallen|faellt|gefallen|gestuerzt)\b.{{0,10}}\b(in|ins) (das |den |die )?(wasser|fluss|elster|teich|see|bach)\b",
    r"\beis\b.{0,40}\b(knackt|eingebrochen|durchgebrochen)", r"\b(durchs|ins|im) eis\b.{0,20}\b(gebrochen|eingebrochen)",
    r"\beingeklemmt", rf"\b{_PERSON} (\w+ ){{0,3}}(noch )?(drin|darin|eingeschlossen)\b", r"\b(haengt|sitzt) (\w+ ){0,2}noch drin\b",
    rf"\b{_PERSON} (\w+ ){{0,4}}(liegt|treibt|haengt) (\w+ ){{0,3}}(boden|wasser|elster|fluss|strasse|gleis)",
    r"\bliegt (\w+ ){0,3}(am|auf dem) boden und\b",
    rf"\b{_PERSON}.{{0,40}}\b(antwortet|spricht) (nicht|nich|kaum|nimmer)\b", r"\bschreit vor schmerz", r"\bschmerzen in der brust",
    r"\bbrustschmerz", r"\bkann (kaum|nicht|nich) (mehr )?atmen", r"\b(kabel|leitung)\w*\b.{0,40}\bzisch", r"\bkokel",
    r"\b(sitzt|haengt|ist|liegt) noch (wer|jemand|einer|eener|eine) (drin|darin|drunter|darunter)\b",
    rf"\b{_PERSON} (\w+ ){{0,2}}liegt (da|dort|am boden|auf dem boden|auf der strasse|auf der fahrbahn)\b",
    r"\b(kopf|schwer|stich|schuss)verletz", r"\bplatzwunde", r"\b(bein|arm|knochen|genick)\w* (ist |sind )?gebrochen", r"\bknochenbruch",
    r"\breglos", r"\b(krieg|kriege|bekomme|bekomm|kriegen) (ihn|sie|es|den|die|ihm) (\w+ )?nicht (mehr )?wach", r"\bnicht (mehr )?atmen\b",
    r"\bueberschlagen\b", r"\bfrontal\w*\b.{0,30}\b(zusammen|unfall|crash)", r"\bunfall\b.{0,40}\b(schwer|schlimm|mehrere (autos|fahrzeuge))",
    r"\batemnot\b", r"\bkriegt keine luft\b", r"\bbekommt keine luft\b", r"\berstick", r"\bstromschlag",
    rf"\b{_PERSON}.{{0,30}}\bgestuerzt\b.{{0,30}}\b(steht nicht|kommt nicht|nicht mehr (auf|hoch))",
    r"\bhund\w*\b.{0,30}\b(gebissen|angefallen|beisst)\b.{0,30}\b(kind|mann|frau|person|jemand)",
    r"\b(kind|sohn|tochter)\b.{0,20}\b(vermisst|verschwunden|ist weg)\b", r"\bvermisst\w* (kind|person)",
    r"\bnot ?fall\b", r"\bnotruf\b", r"\blebensgefahr", r"\blebensgefaehrlich", r"\bsos\b",
    r"^\W*(11[02]|polizei|feuerwehr|notarzt|krankenwagen|rettungsdienst)\W*$",
    # self-harm
    r"(spring(en|t)\b).{0,40}\b(bruecke|dach|hochhaus|fenster|balkon)", r"\b(bruecke|dach|hochhaus|fenster|balkon)\w*\b.{0,40}spring(en|t)\b",
    r"\bwill (\w+ )?(runter|herunter|hinunter)?springen\b", r"\bsuizid", r"\bselbstmord", r"\bumzubringen\b", r"\bumbringen\b",
    # violence and crime in progress
    r"\bmesser(stecherei|angriff)", r"\b(mit|hat|zieht) (einem |nem |einer |eine |ne )?(messer|waffe|pistole)\b", r"\b(ge)?stochen\b",
    r"\b(haeusliche|sexuelle) gewalt\b", r"\bgewalttaet", r"\b(schreit|ruft|rufen|schreien) (\w+ ){0,2}um hilfe\b", r"\bhilferufe?\b",
    r"\bschuesse\b", r"\bgeschossen\b", r"\bbedroh(t|en|te|ten)\b", r"\bueberfall", r"schlaegerei", r"\bpruegel",
    r"\bschlaeg\w* (\w+ ){0,4}ein\b", r"\bangegriffen\b", r"\bzusammengeschlagen", r"\bwerde verfolgt",
    r"\beinbrecher\b", r"\bbrechen (gerade )?(\w+ ){0,2}ein\b", r"\bbricht (gerade|jetzt) (\w+ ){0,6}ein\b",
    r"\beinbruch\b.{0,20}\b(gerade|jetzt)\b", r"\b(gerade|jetzt)\b.{0,40}\b(aufzubrechen|aufbrechen|einzubrechen)",
    r"\b(ruf|rufen|holen?) (sie |du )?(die )?polizei", r"\bhilfe ?!{2,}",
    # live electricity
    r"\b(strom|hochspannungs|ober)(leitung|kabel)\w*\b.{0,40}\b(funk|liegt|runter|gerissen|abgerissen)",
    r"\bkabel (\w+ ){0,3}funk", r"\bleitung\w*\b.{0,40}\bfunk", r"\bstrommast\w* (\w+ ){0,2}(umgestuerzt|umgefallen|umgeknickt)",
    # poisoning
    r"\bvergift", r"\b(getrunken|verschluckt|gegessen)\b.{0,30}\b(putzmittel|reiniger|gift|tabletten|medikamente|batterie)",
    r"\b(putzmittel|reiniger|gift|tabletten|medikamente|batterie)\w*\b.{0,30}\b(getrunken|verschluckt|gegessen)\b",
]

# Ordinary reports that share a word with an emergency.
_EXCEPTIONS = [
    r"\w*(laterne|lampe|licht|leuchte|beleuchtung|funzel|ampel)\w*\b.{0,60}\bbrenn",
    r"\bbrenn\w*\b(\s+\w+){0,4}?\s+\w*(laterne|lampe|licht|leuchte|beleuchtung|funzel)(n|en|er)?\b",
    r"\bbrenn\w*\b.{0,40}\b(tagsueber|den ganzen tag|dauerhaft|am tag|hellichten|bei tag|staendig|ununterbrochen)",
    # A lamp that does not burn is a dark street, not a fire.
    r"\bbrenn\w* (\w+ ){0,2}(nicht|nich|ni|nimmer|kein\w*)\b",
    r"\bfeuerwehr\b.{0,40}\b(nicht durch|nich durch|kaeme nicht|kommt nicht|zugeparkt|zugestellt|blockiert|durchkommen)",
    r"\bkein(en)? not ?fall\b", r"\bnicht dringend\b", r"\bnotfallnummer", r"\bnotfallpraxis",
    r"\bfeuerwehrzufahrt", r"\bpolizeiliche\w* fuehrungszeugnis", r"\bfuehrungszeugnis", r"\bpolizei ?(revier|station)? (ist )?zustaendig",
    r"\bbrandschutz", r"\bbrennend\w* (\w+ ){0,2}(laterne|lampe|licht|leuchte|strassenbeleuchtung)",
    r"\bverletzungsgefahr", r"\bverletzen (koennte|kann)", r"\bfeuer und flamme\b",
    r"\b(handy|telefon|schluessel|ball|tasche|geldboerse|portemonnaie|brille|muell\w*|fahrrad|rad|einkaufswagen)\b.{0,30}\b(ins|in die|in den) (wasser|elster|fluss|teich|see|bach)\b",
    # "Notfall: mein Perso ist weg" is an urgent errand; "ne Lebensgefahr für jede Oma" a hazard to report.
    r"\bnot ?fall\b.{0,40}\b(perso|ausweis|pass|reisepass|fuehrerschein|termin|urkunde)",
    r"\b(ne|eine|echte|reine|die reinste) lebensgefahr\b", r"\blebensgefae?h?r\w* fuer (jede|jeden|alle|kinder|fussgaenger|radfahrer|radler|autofahrer|senioren|aeltere)",
    r"\b(angst|sorge|bevor|sonst|damit|nicht dass|gefahr|koennte|kann)\b.{0,50}\bverletz\w*",
]

_SIGNAL = re.compile("|".join(f"(?:{p})" for p in _SIGNALS))
_EXCEPTION = re.compile("|".join(f"(?:{p})" for p in _EXCEPTIONS))


def is_look_alike(text: str) -> bool:
    """True when the text has the words of an ordinary report that looks like an emergency ("Laterne brennt nicht")."""
    return bool(_EXCEPTION.search(fold(text)))


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
