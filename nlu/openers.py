"""Recognises the wish to report something before the citizen says what.

"Ich möchte einen Schaden melden" is the commonest first message of all, and
it must start the report form on every model, also phrased in ways the
training data never had ("ich hätte gern eine Störung gemeldet"). These
rules name the act of reporting (a generic object and a verb of reporting,
or a compound like "Schadensmeldung"); the exceptions keep what only looks
alike: a citizen's own earlier report ("meine Meldung", a number, "hab was
gemeldet"), a report called off ("doch nicht melden"), moving house
("ummelden"), and the question what can be reported at all. Text is
folded first (nlu/text.py).
"""

import re

from nlu.text import fold

_OBJECT = (
    r"(?:schaden|schaeden|schadn|schden|mangel|maengel|defekt|stoerung|problem|gefahr|gefahrenstelle|gefahrenquelle|"
    r"missstand|misstand|sache|was|etwas|wat|sowas|eins|meldung|hinweis)"
)
_VERB = r"(?:melden|melde|meldn|mellden|gemeldet|mitteilen|anzeigen|aufgeben|loswerden|abgeben)"
_SIGNALS = [
    rf"\b{_OBJECT}\b(?:\s+\w+){{0,4}}?\s+{_VERB}\b",  # "einen Schaden melden", "was zu melden"
    r"\b\w*(?:schaden|maengel|stoerung|gefahr|defekt)\w*(?:meldung|anzeige)\b",  # "Schadensmeldung"
    rf"\b{_VERB}\s+(?:\w+\s+){{0,2}}?(?:einen|eine|nen|ne|n)\s+(?:schaden|mangel|defekt|stoerung|gefahr\w*|problem)\b",
    r"\b(?:neue|eine|ne|n)\s+meldung\b",  # "ich hätte eine Meldung für die Stadt"
]
# A citizen's own earlier report, a report called off, another meaning of "melden".
_EXCEPTIONS = [
    r"\b(?:mein|meine|meiner|meinen|meinem|stand|status|nummer|bearbeitet|erledigt|gekuemmert)\b", r"\d{3,}",
    rf"\b(?:nicht|nich)\b(?:\s+\w+){{0,2}}\s+{_VERB}\b",  # "doch nicht melden", not "was nicht in Ordnung ist"
    r"\b(?:abbrechen|stornieren|zurueckziehen|loeschen|vergiss|vergessen)\b",
    r"\b(?:um|an|ab)melden\b", r"\bkrankmeld", r"\bwohnsitz", r"\bgewerbe",
    r"\b(?:hab|habe|hatte|haben|hatten)\b(?:\s+\w+){0,5}\s+gemeldet\b",  # "hab was gemeldet": an earlier report
    r"^\W*was kann (?:ich|man)\b",  # "Was kann ich bei dir melden?" asks what the assistant does
    r"^\W*wie (?:laeuft|geht|funktioniert) das\b", r"\bwelche (?:dinge|sachen)\b",  # how it works, what can be reported
    r"\bgemeldet (?:hab|habe|hatte|haben|hatten)\b",  # "was ich gemeldet hab"
]

_SIGNAL = re.compile("|".join(f"(?:{p})" for p in _SIGNALS))
_EXCEPTION = re.compile("|".join(f"(?:{p})" for p in _EXCEPTIONS))


def is_report_opener(text: str) -> bool:
    """True when the text asks to report a defect or hazard, named or not ("Ich möchte einen Mangel melden")."""
    folded = fold(text)
    return bool(_SIGNAL.search(folded)) and not _EXCEPTION.search(folded)
