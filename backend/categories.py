"""The 16 report categories (Open311 calls them "services"): one per category of the NLU contract, German for people.

In this code "category" is what a citizen reports (this module, actions/categories.py) and "service"
or "catalog" is what the city offers and the service catalog answers about (backend/catalog/,
actions/services.py); only the Open311 wire format says "service" for a category.

A category with extra questions (`metadata: true`) has a definition with
attributes; `validate_attributes` checks what a client sent against it.
The codes (Open311 service_code) are fixed by the contract: never rename them.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from backend.errors import bad_request

AGENCY = "Stadtverwaltung Gera"
NOTICE = "Vielen Dank! Die Stadtverwaltung Gera prüft Ihre Meldung und gibt sie an die zuständige Stelle weiter."
# Date of the last change of these categories (announced in discovery).
CHANGESET = "2026-11-26T00:00:00+01:00"

STREET, CLEAN, GREEN, FURNITURE, OTHER = (
    "Straße und Verkehr", "Sauberkeit", "Grün und Spielplätze", "Stadtmobiliar", "Sonstiges",
)


@dataclass(frozen=True)
class Attribute:
    code: str
    description: str  # the question as a citizen reads it
    datatype: str = "singlevaluelist"  # string, number, text, singlevaluelist, multivaluelist
    values: Tuple[Tuple[str, str], ...] = ()  # (key, German name)
    required: bool = False
    datatype_description: str = ""

    def to_open311(self, order: int) -> dict:
        return {
            "variable": True,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description or None,
            "order": order,
            "description": self.description,
            "values": [{"key": key, "name": name} for key, name in self.values],
        }


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    description: str
    group: str
    keywords: Tuple[str, ...]
    attributes: Tuple[Attribute, ...] = field(default_factory=tuple)

    def to_open311(self) -> dict:
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": self.description,
            "metadata": bool(self.attributes),
            "type": "realtime",
            "keywords": ", ".join(self.keywords),
            "group": self.group,
        }

    def definition(self) -> dict:
        return {"service_code": self.code,
                "attributes": [a.to_open311(order) for order, a in enumerate(self.attributes, start=1)]}


SURFACE = (("fahrbahn", "Fahrbahn"), ("gehweg", "Gehweg"), ("radweg", "Radweg"))

CATEGORIES: Dict[str, Category] = {s.code: s for s in [
    Category("road_damage", "Straßenschaden", "Schaden an Fahrbahn, Gehweg oder Radweg: Schlagloch, Riss, "
            "lose oder abgesackte Gehwegplatte, Stolperfalle.", STREET,
            ("Schlagloch", "Riss", "Gehwegplatte", "Stolperfalle", "Straße", "Gehweg", "Radweg"),
            (Attribute("surface", "Wo ist der Schaden?", values=SURFACE),)),
    Category("streetlight", "Straßenbeleuchtung", "Laterne aus, flackert, brennt tagsüber oder Mast beschädigt.",
            STREET, ("Laterne", "Straßenlampe", "Beleuchtung", "Licht", "Mast"),
            (Attribute("light_state", "Was ist mit der Laterne?", values=(
                ("aus", "aus"), ("flackert", "flackert"), ("brennt_tagsueber", "brennt tagsüber"),
                ("mast_beschaedigt", "Mast beschädigt"))),
             Attribute("pole_number", "Nummer am Mast (falls lesbar)", datatype="string",
                       datatype_description="Die Nummer steht meist auf einem Schild am Mast."))),
    Category("traffic_light", "Ampel", "Ampel (Lichtsignalanlage) defekt oder dauerhaft rot.", STREET,
            ("Ampel", "Lichtsignalanlage", "Fußgängerampel", "Signal"),
            (Attribute("defect", "Was ist mit der Ampel?", values=(
                ("aus", "ganz aus"), ("dauerrot", "dauerhaft rot"), ("lampe", "einzelnes Licht defekt"),
                ("taster", "Anforderungstaster defekt"))),)),
    Category("traffic_sign", "Verkehrszeichen", "Verkehrszeichen oder Straßenschild beschädigt, verdreht, "
            "umgefahren oder fehlt.", STREET, ("Verkehrszeichen", "Schild", "Straßenschild", "Verkehrsschild")),
    Category("illegal_dumping", "Wilder Müll", "Wilde Müllablagerung: abgestellter Sperrmüll, Müllsäcke, "
            "Bauschutt, Reifen.", CLEAN, ("Müll", "Sperrmüll", "Müllsäcke", "Bauschutt", "Reifen", "Ablagerung"),
            (Attribute("waste_type", "Was liegt dort?", datatype="multivaluelist", values=(
                ("sperrmuell", "Sperrmüll oder Möbel"), ("muellsaecke", "Müllsäcke oder Hausmüll"),
                ("bauschutt", "Bauschutt"), ("reifen", "Reifen"), ("elektro", "Elektrogeräte"),
                ("sonstiges", "Sonstiges"))),)),
    Category("litter_bin", "Papierkorb und Verschmutzung", "Öffentlicher Papierkorb überfüllt oder beschädigt, "
            "herumliegender Abfall, Glasscherben.", CLEAN,
            ("Papierkorb", "Mülleimer", "Abfall", "Verschmutzung", "Scherben")),
    Category("graffiti", "Graffiti", "Graffiti, Schmierereien oder wildes Plakatieren an öffentlichen Flächen.",
            CLEAN, ("Graffiti", "Schmiererei", "Plakat", "Sprühen")),
    Category("tree", "Baum", "Umgestürzter Baum, abgebrochene oder herabhängende Äste, Baum droht umzufallen.",
            GREEN, ("Baum", "Ast", "Äste", "umgestürzt"),
            (Attribute("tree_state", "Was ist mit dem Baum?", values=(
                ("umgestuerzt", "umgestürzt"), ("ast_ab", "Ast abgebrochen"), ("ast_haengt", "Ast hängt herab"),
                ("droht_umzufallen", "droht umzufallen"))),)),
    Category("green_space", "Grünanlage", "Hecke ragt in den Weg, Rasen oder Unkraut nicht gepflegt, "
            "Gebüsch versperrt die Sicht.", GREEN, ("Grünanlage", "Hecke", "Rasen", "Unkraut", "Gebüsch", "Park")),
    Category("playground", "Spielplatz", "Spielgerät defekt, Sand verschmutzt, gefährliche Gegenstände auf dem "
            "Spielplatz.", GREEN, ("Spielplatz", "Spielgerät", "Schaukel", "Rutsche", "Sandkasten")),
    Category("drain", "Gully und Straßeneinlauf", "Gully verstopft, Wasser läuft nicht ab, Überflutung nach Regen, "
            "Kanaldeckel lose oder klappert.", STREET, ("Gully", "Straßeneinlauf", "Kanaldeckel", "Überflutung"),
            (Attribute("drain_problem", "Was ist das Problem?", values=(
                ("verstopft", "verstopft"), ("ueberflutung", "Wasser steht oder läuft über"),
                ("deckel", "Deckel lose oder klappert"))),)),
    Category("winter_service", "Winterdienst", "Schnee nicht geräumt, Glätte, nicht gestreut.", STREET,
            ("Schnee", "Glätte", "Eis", "Streuen", "Räumen", "Winterdienst"),
            (Attribute("surface", "Wo ist es glatt oder nicht geräumt?",
                       values=SURFACE + (("haltestelle", "Haltestelle"),)),)),
    Category("abandoned_vehicle", "Abgestelltes Fahrzeug", "Fahrzeugwrack, Auto ohne Kennzeichen oder "
            "Fahrradleiche.", STREET, ("Autowrack", "Fahrzeug", "ohne Kennzeichen", "Fahrradleiche", "Schrottauto"),
            (Attribute("vehicle_type", "Was für ein Fahrzeug?", values=(
                ("auto", "Auto"), ("fahrrad", "Fahrrad"), ("motorrad", "Motorrad oder Roller"),
                ("anhaenger", "Anhänger"), ("sonstiges", "Sonstiges"))),)),
    Category("street_furniture", "Stadtmobiliar", "Bank, Poller, Geländer, Zaun, Brunnen oder Bushaltestelle "
            "beschädigt.", FURNITURE, ("Bank", "Poller", "Geländer", "Zaun", "Brunnen", "Bushaltestelle")),
    Category("dead_animal", "Totes Tier", "Totes Tier auf Straße oder Gehweg.", CLEAN,
            ("totes Tier", "Kadaver", "Tierkadaver")),
    Category("other", "Sonstiger Mangel", "Anderer Mangel im öffentlichen Raum, der in keine Kategorie passt.",
            OTHER, ("Sonstiges", "Mangel", "Schaden")),
]}


def get(code: str) -> Optional[Category]:
    return CATEGORIES.get(code)


def validate_attributes(service: Category, sent: Dict[str, List[str]]) -> Dict[str, object]:
    """Check `attribute[code]` values against the service definition; German 400 on a mistake.

    A list value may be sent as its key or as its German name; it is stored as the key.
    Returns {code: value} (a list for multivaluelist).
    """
    known = {a.code: a for a in service.attributes}
    unknown = sorted(set(sent) - set(known))
    if unknown:
        raise bad_request(f"Unbekanntes Merkmal „{unknown[0]}“ für die Kategorie „{service.name}“.")
    result: Dict[str, object] = {}
    for attribute in service.attributes:
        values = [v.strip() for v in sent.get(attribute.code, []) if v and v.strip()]
        if not values:
            if attribute.required:
                raise bad_request(f"Das Merkmal „{attribute.code}“ ({attribute.description}) fehlt.")
            continue
        result[attribute.code] = _check_values(attribute, values)
    return result


def _check_values(attribute: Attribute, values: Sequence[str]):
    if attribute.datatype in ("singlevaluelist", "multivaluelist"):
        keys = [_list_key(attribute, v) for v in values]
        if attribute.datatype == "multivaluelist":
            return list(dict.fromkeys(keys))
        if len(keys) > 1:
            raise bad_request(f"Für das Merkmal „{attribute.code}“ ist nur ein Wert erlaubt.")
        return keys[0]
    if len(values) > 1:
        raise bad_request(f"Für das Merkmal „{attribute.code}“ ist nur ein Wert erlaubt.")
    value = values[0]
    if attribute.datatype == "number":
        try:
            return float(value)
        except ValueError:
            raise bad_request(f"Das Merkmal „{attribute.code}“ muss eine Zahl sein.") from None
    if len(value) > (4000 if attribute.datatype == "text" else 200):
        raise bad_request(f"Der Wert für das Merkmal „{attribute.code}“ ist zu lang.")
    return value


def _list_key(attribute: Attribute, value: str) -> str:
    for key, name in attribute.values:
        if value == key or value.casefold() == name.casefold():
            return key
    allowed = ", ".join(f"{key} ({name})" for key, name in attribute.values)
    raise bad_request(f"Ungültiger Wert „{value}“ für das Merkmal „{attribute.code}“. Erlaubt: {allowed}.")
