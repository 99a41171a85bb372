"""Checks a parsed catalog file and names every problem by entry and field, in German.

`problems(data)` lists all problems ("Leistung 'passport', Feld
'fees[0].amount_eur': keine Zahl"); `validate(data)` raises CatalogError with
all of them, so a city editing the file sees every mistake at once.

Besides the shape, the rules that keep answers honest: every fact names a
source; a known fact of a service says whether it holds nationwide, in
Thuringia or in Gera (`scope`); a fact taken from another municipality's page
(`elsewhere` on the source) is never stated as Gera's rule, and an amount
from such a page only when federal law fixes it; links the citizen may press
are https; an unknown fact may name the office to ask (`ask`), which must be
reachable by phone.
"""

import re
from datetime import date
from typing import Any, List, Optional

# The service values of nlu/contract.yml: every one needs an entry (tests compare with the contract).
SERVICE_CODES = (
    "id_card", "passport", "residence_registration", "vehicle_registration", "driving_licence",
    "bulky_waste", "waste_collection", "dog_tax", "certificate_of_conduct", "civil_status_certificate",
    "marriage", "business_registration", "resident_parking", "housing_benefit", "lost_and_found",
    "citizens_office",
)
WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
CONFIDENCES = ("H", "M", "?")
# Where a fact holds: federal law (everywhere), Thuringian law, or Gera's own rule.
SCOPES = ("bund", "land", "gera")
UNDATED = "o. D."  # a source that gives no date of its own ("ohne Datum")
LINK_LABEL_MAX = 30  # a Telegram button shows about this much

STAND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
RANGE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$")
IDENT = re.compile(r"^[a-z][a-z0-9_-]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
POSTCODE = re.compile(r"^\d{5}$")

FACT_KEYS = ("source", "also", "unknown", "stand", "confidence", "note", "scope", "links", "ask")
TOP_KEYS = ("version", "stand", "notice", "unknown_hint", "sources", "offices", "services")
SOURCE_KEYS = ("title", "url", "stand", "confidence", "note", "elsewhere")
OFFICE_KEYS = ("name", "department", "address", "phone", "email", "booking", "hours", "units", "note")
UNIT_KEYS = ("name", "phone", "email", "note")
SERVICE_KEYS = ("name", "description", "keywords", "office", "unit", "other_offices",
                "fees", "documents", "appointment", "online", "processing", "deadlines")
TEXT_LISTS = ("documents", "appointment", "online", "processing")
# The extra fields of one kind of list entry: an appointment says whether it is needed; a deadline may
# hold for documents issued in certain years ("Führerschein von 2003") and end on a date (`due`).
LIST_FIELDS = {"appointment": ("required",), "deadlines": ("issued_from", "issued_to", "due", "born_before")}


class CatalogError(ValueError):
    """The catalog cannot be used; `problems` names each entry and field."""

    def __init__(self, problems: List[str], where: str = "Der Katalog"):
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{where} ist fehlerhaft ({len(self.problems)} Fehler):\n{lines}")


def validate(data: Any, where: str = "Der Katalog") -> dict:
    """Return `data` unchanged when it is a usable catalog, else raise CatalogError."""
    found = problems(data)
    if found:
        raise CatalogError(found, where)
    return data


def problems(data: Any) -> List[str]:
    """Every problem of a parsed catalog, in German, each naming its entry and field."""
    out: List[str] = []
    top = Entry("Katalog", out, {}, {})
    if not top.mapping(data, "", TOP_KEYS, ("version", "stand", "unknown_hint", "sources", "offices", "services")):
        return out
    if data.get("version") != 1:
        top.fail("version", "muss 1 sein")
    top.stand(data, "stand")
    top.text(data, "notice", required=False)
    top.text(data, "unknown_hint")
    sources = _section(top, data, "sources")
    offices = _section(top, data, "offices")
    services = _section(top, data, "services")
    for key, source in sources.items():
        _check_source(Entry(f"Quelle '{key}'", out, sources, offices), source)
    for key, office in offices.items():
        _check_office(Entry(f"Amt '{key}'", out, sources, offices), office)
    for code, service in services.items():
        entry = Entry(f"Leistung '{code}'", out, sources, offices)
        if code not in SERVICE_CODES:
            entry.fail("", "unbekannte Leistung (nicht in nlu/contract.yml)")
        _check_service(entry, service)
    for code in SERVICE_CODES:
        if code not in services:
            out.append(f"Leistung '{code}': fehlt (jede Leistung aus nlu/contract.yml braucht einen Eintrag)")
    return out


class Entry:
    """Checks the fields of one entry; problems go to the shared list with the entry's label."""

    def __init__(self, label: str, out: List[str], sources: dict, offices: dict):
        self.label, self.out, self.sources, self.offices = label, out, sources, offices

    def fail(self, path: str, message: str) -> None:
        where = f"{self.label}, Feld '{path}'" if path else self.label
        problem = f"{where}: {message}"
        if problem not in self.out:  # a missing field is seen by more than one check
            self.out.append(problem)

    def mapping(self, value: Any, path: str, allowed: tuple, required: tuple = ()) -> bool:
        if not isinstance(value, dict):
            self.fail(path, "kein Eintrag mit Feldern (key: value)")
            return False
        for key in value:
            if key not in allowed:
                self.fail(_join(path, key), "unbekanntes Feld")
        for key in required:
            if value.get(key) is None:
                self.fail(_join(path, key), "fehlt")
        return True

    def text(self, obj: dict, key: str, path: str = "", required: bool = True) -> Optional[str]:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(_join(path, key), "fehlt")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(_join(path, key), "kein Text")
            return None
        return value

    def number(self, obj: dict, key: str, path: str) -> None:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(_join(path, key), "keine Zahl")
        elif value < 0:
            self.fail(_join(path, key), "darf nicht negativ sein")

    def flag(self, obj: dict, key: str, path: str) -> None:
        if key in obj and not isinstance(obj[key], bool):
            self.fail(_join(path, key), "muss true oder false sein")

    def stand(self, obj: dict, key: str, path: str = "", required: bool = True, undated: bool = False) -> None:
        """A date like '2026-02-07', '2023-03' or '2024'; with `undated`, also 'o. D.' (the source gives none)."""
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(_join(path, key), "fehlt")
        elif not (_is_stand(value) or (undated and value == UNDATED)):
            extra = f" oder '{UNDATED}' (Quelle ohne Datum)" if undated else ""
            self.fail(_join(path, key),
                      f"kein Datum wie '2026-02-07', '2023-03' oder '2024' (in Anführungszeichen){extra}")

    def url(self, obj: dict, key: str, path: str, https_only: bool = False) -> None:
        value = self.text(obj, key, path, required=False)
        schemes = ("https://",) if https_only else ("https://", "http://")
        if value and (not value.startswith(schemes) or len(value) <= len(value.split("//")[0]) + 3 or " " in value):
            self.fail(_join(path, key), "keine Adresse, die mit https:// beginnt")

    def items(self, obj: dict, key: str, path: str = "") -> list:
        value = obj.get(key)
        if value is None:
            self.fail(_join(path, key), "fehlt (leere Liste: [])")
            return []
        if not isinstance(value, list):
            self.fail(_join(path, key), "keine Liste")
            return []
        return value

    def fact(self, value: Any, path: str, allowed: tuple, required: tuple, exclusive: tuple = None) -> bool:
        """A fact: its own fields plus source (required), unknown, stand, confidence, note.

        True when the fact is known and its `required` fields are there; with
        `unknown: true` the `exclusive` fields (default: all but text/label) must be absent.
        """
        if not self.mapping(value, path, allowed + FACT_KEYS):
            return False
        self.flag(value, "unknown", path)
        source = self.text(value, "source", path)
        if source and source not in self.sources:
            self.fail(_join(path, "source"), f"unbekannte Quelle '{source}' (nicht unter sources)")
        for index, other in enumerate(self.items({"also": value.get("also", [])}, "also", path)):
            if not isinstance(other, str) or other not in self.sources:
                self.fail(_join(path, f"also[{index}]"), f"unbekannte Quelle '{other}' (nicht unter sources)")
        self.stand(value, "stand", path, required=False, undated=True)
        if "confidence" in value and value["confidence"] not in CONFIDENCES:
            self.fail(_join(path, "confidence"), "muss H, M oder ? sein")
        self.text(value, "note", path, required=False)
        if "scope" in value and value["scope"] not in SCOPES:
            self.fail(_join(path, "scope"), "muss bund, land oder gera sein")
        self.links(value, path)
        if value.get("unknown") is True:
            for key in exclusive if exclusive is not None else allowed:
                if key in value and key not in ("text", "label"):
                    self.fail(_join(path, key), "unknown: true und ein Wert schließen sich aus")
            self.ask(value, path)
            return False
        if "ask" in value:
            self.fail(_join(path, "ask"), "nur bei unknown: true (wen man fragen soll, wenn wir es nicht wissen)")
        for key in required:
            if value.get(key) is None:
                self.fail(_join(path, key), "fehlt (oder unknown: true, wenn unbekannt)")
        return True

    def links(self, fact: dict, path: str) -> None:
        """Buttons such as "Termin buchen": a short label and an https address each."""
        for index, link in enumerate(self.items({"links": fact.get("links", [])}, "links", path)):
            where = _join(path, f"links[{index}]")
            if not self.mapping(link, where, ("label", "url"), ("label", "url")):
                continue
            label = self.text(link, "label", where)
            if label and len(label) > LINK_LABEL_MAX:
                self.fail(_join(where, "label"),
                          f"zu lang für eine Schaltfläche (höchstens {LINK_LABEL_MAX} Zeichen)")
            self.url(link, "url", where, https_only=True)

    def ask(self, fact: dict, path: str) -> None:
        """`ask: <office>` or `ask: <office>.<unit>` on an unknown fact: it must exist and have a known phone."""
        ref = fact.get("ask")
        if ref is None:
            return
        office_id, _, unit_id = ref.partition(".") if isinstance(ref, str) else (None, "", "")
        office = self.offices.get(office_id) if office_id else None
        units = office.get("units") if isinstance(office, dict) else None
        target = (units or {}).get(unit_id) if unit_id and isinstance(units, dict) else office
        if not isinstance(office, dict) or not isinstance(target, dict):
            self.fail(_join(path, "ask"), f"unbekanntes Amt oder unbekannte Stelle '{ref}' (offices, units)")
        elif not _known_phone(target):
            self.fail(_join(path, "ask"), f"'{ref}' hat keine bekannte Telefonnummer")

    def scoped(self, fact: Any, path: str, is_fee: bool = False) -> None:
        """A known fact of a service: says where it holds, and is no other town's rule stated as Gera's."""
        if not isinstance(fact, dict) or fact.get("unknown") is True:
            return
        scope = fact.get("scope")
        if scope is None:
            self.fail(_join(path, "scope"), "fehlt (bund, land oder gera: wo die Angabe gilt)")
        source = self.sources.get(fact.get("source")) if isinstance(fact.get("source"), str) else None
        elsewhere = source.get("elsewhere") if isinstance(source, dict) else None
        if not elsewhere:
            return
        if scope == "gera":
            self.fail(_join(path, "source"),
                      f"Quelle aus {elsewhere}: keine Angabe für Gera (unknown: true oder eine Quelle aus Gera)")
        elif is_fee and scope != "bund":
            self.fail(_join(path, "source"), f"Betrag aus einer Quelle aus {elsewhere}: "
                      "nur bundesweit festgelegte Beträge, sonst unknown: true")


def _known_phone(office: dict) -> bool:
    phone = office.get("phone")
    return isinstance(phone, dict) and phone.get("unknown") is not True and bool(phone.get("value"))


def _check_source(entry: Entry, source: Any) -> None:
    if not entry.mapping(source, "", SOURCE_KEYS, ("title", "stand", "confidence")):
        return
    entry.text(source, "title")
    entry.url(source, "url", "")
    entry.stand(source, "stand", undated=True)
    if source.get("confidence") not in CONFIDENCES:
        entry.fail("confidence", "muss H, M oder ? sein")
    entry.text(source, "note", required=False)
    entry.text(source, "elsewhere", required=False)


def _check_office(entry: Entry, office: Any) -> None:
    if not entry.mapping(office, "", OFFICE_KEYS, ("name", "address", "phone", "email", "booking", "hours")):
        return
    entry.text(office, "name")
    entry.text(office, "department", required=False)
    entry.text(office, "note", required=False)
    _check_address(entry, office.get("address"))
    _check_contact(entry, office, "")
    if "booking" in office and entry.fact(office["booking"], "booking", ("url", "phone", "text"), ()):
        entry.url(office["booking"], "url", "booking")
        if not any(office["booking"].get(key) for key in ("url", "phone", "text")):
            entry.fail("booking", "braucht url, phone oder text")
    if "hours" in office:
        _check_hours(entry, office["hours"])
    units = office.get("units", {})
    if entry.mapping(units, "units", tuple(units) if isinstance(units, dict) else ()):
        for key, unit in units.items():
            _check_unit(entry, f"units.{key}", unit)


def _check_contact(entry: Entry, obj: dict, path: str) -> None:
    for key in ("phone", "email"):
        if key in obj and entry.fact(obj[key], _join(path, key), ("value",), ("value",)):
            value = entry.text(obj[key], "value", _join(path, key))
            if key == "email" and value and not EMAIL.match(value):
                entry.fail(_join(path, "email.value"), "keine E-Mail-Adresse")


def _check_unit(entry: Entry, path: str, unit: Any) -> None:
    if not entry.mapping(unit, path, UNIT_KEYS, ("name",)):
        return
    entry.text(unit, "name", path)
    entry.text(unit, "note", path, required=False)
    _check_contact(entry, unit, path)


def _check_address(entry: Entry, address: Any) -> None:
    if address is None or not entry.fact(address, "address", ("street", "postcode", "city"), ("street", "city")):
        return
    entry.text(address, "street", "address")
    entry.text(address, "city", "address")
    postcode = address.get("postcode")
    if postcode is not None and not (isinstance(postcode, str) and POSTCODE.match(postcode)):
        entry.fail("address.postcode", "keine Postleitzahl wie '07545' (in Anführungszeichen)")


def _check_hours(entry: Entry, hours: Any) -> None:
    allowed = ("regular", "rules", "closed_on_holidays", "closed_dates", "appointment_only")
    if not entry.fact(hours, "hours", allowed, ("regular",)):
        return
    entry.flag(hours, "closed_on_holidays", "hours")
    entry.flag(hours, "appointment_only", "hours")
    regular = hours["regular"]
    if entry.mapping(regular, "hours.regular", WEEKDAYS):
        for day, ranges in regular.items():
            _check_ranges(entry, f"hours.regular.{day}", ranges)
    for index, rule in enumerate(entry.items({"rules": hours.get("rules", [])}, "rules", "hours")):
        _check_rule(entry, f"hours.rules[{index}]", rule)
    for index, day in enumerate(entry.items({"closed_dates": hours.get("closed_dates", [])}, "closed_dates", "hours")):
        if not (isinstance(day, str) and _is_date(day)):
            entry.fail(f"hours.closed_dates[{index}]", "kein Datum wie '2026-12-24' (in Anführungszeichen)")


def _check_ranges(entry: Entry, path: str, ranges: Any) -> None:
    if not isinstance(ranges, list):
        entry.fail(path, "keine Liste von Zeitspannen wie [\"09:00-15:00\"]")
        return
    for index, text in enumerate(ranges):
        start, _, end = text.partition("-") if isinstance(text, str) else ("", "", "")
        if not (isinstance(text, str) and RANGE.match(text)) or start >= end:
            entry.fail(f"{path}[{index}]", "keine Zeitspanne wie '09:00-15:00' (Beginn vor Ende)")


def _check_rule(entry: Entry, path: str, rule: Any) -> None:
    if not entry.mapping(rule, path, ("day", "weeks_of_month", "note"), ("day", "weeks_of_month")):
        return
    if rule.get("day") not in WEEKDAYS:
        entry.fail(_join(path, "day"), "kein Wochentag (mo, di, mi, do, fr, sa, so)")
    weeks = rule.get("weeks_of_month")
    if not isinstance(weeks, list) or not weeks or not all(isinstance(w, int) and 1 <= w <= 5 for w in weeks):
        entry.fail(_join(path, "weeks_of_month"), "keine Liste von Zahlen 1 bis 5 (z. B. [1] = erster im Monat)")
    entry.text(rule, "note", path, required=False)


def _check_service(entry: Entry, service: Any) -> None:
    if not entry.mapping(service, "", SERVICE_KEYS, ("name", "description", "office")):
        return
    entry.text(service, "name")
    entry.text(service, "description")
    for index, word in enumerate(entry.items({"keywords": service.get("keywords", [])}, "keywords")):
        if not isinstance(word, str) or not word.strip():
            entry.fail(f"keywords[{index}]", "kein Text")
    _check_office_ref(entry, service)
    for index, other in enumerate(entry.items({"other_offices": service.get("other_offices", [])}, "other_offices")):
        _check_other_office(entry, f"other_offices[{index}]", other)
    for index, fee in enumerate(entry.items(service, "fees")):
        _check_fee(entry, f"fees[{index}]", fee)
        entry.scoped(fee, f"fees[{index}]", is_fee=True)
    for key in TEXT_LISTS + ("deadlines",):
        items = entry.items(service, key) if key in TEXT_LISTS else entry.items({key: service.get(key, [])}, key)
        extra = LIST_FIELDS.get(key, ())
        for index, item in enumerate(items):
            path = f"{key}[{index}]"
            if entry.fact(item, path, ("text", "url", "phone") + extra, (), exclusive=("url", "phone") + extra):
                entry.url(item, "url", path)
            if isinstance(item, dict):
                entry.text(item, "text", path)
                entry.scoped(item, path)
                _check_list_fields(entry, path, item)


def _check_list_fields(entry: Entry, path: str, item: dict) -> None:
    entry.flag(item, "required", path)
    for key in ("issued_from", "issued_to", "born_before"):
        if key in item and not _is_year(item[key]):
            entry.fail(_join(path, key), "kein Jahr wie 2004")
    issued = (item.get("issued_from"), item.get("issued_to"))
    if all(_is_year(year) for year in issued) and issued[0] > issued[1]:
        entry.fail(_join(path, "issued_to"), "liegt vor issued_from")
    if "due" in item and not (isinstance(item["due"], str) and _is_date(item["due"])):
        entry.fail(_join(path, "due"), "kein Datum wie '2027-01-19' (in Anführungszeichen)")


def _check_office_ref(entry: Entry, service: dict) -> None:
    office = service.get("office")
    if isinstance(office, dict):
        entry.fact(office, "office", ("text",), ())
        if office.get("unknown") is not True:
            entry.fail("office.unknown", "muss true sein (sonst die Kennung eines Amts angeben)")
        if "unit" in service:
            entry.fail("unit", "braucht ein bekanntes Amt unter office")
    elif office is not None:
        _check_unit_ref(entry, "", office, service.get("unit"))


def _check_other_office(entry: Entry, path: str, other: Any) -> None:
    if entry.mapping(other, path, ("office", "unit", "role"), ("office", "role")):
        entry.text(other, "role", path)
        _check_unit_ref(entry, path, other.get("office"), other.get("unit"))


def _check_unit_ref(entry: Entry, path: str, office: Any, unit: Any) -> None:
    if office not in entry.offices:
        entry.fail(_join(path, "office"), f"unbekanntes Amt '{office}' (nicht unter offices)")
        return
    units = entry.offices[office].get("units") if isinstance(entry.offices[office], dict) else None
    if unit is not None and not (isinstance(units, dict) and unit in units):
        entry.fail(_join(path, "unit"), f"das Amt '{office}' hat keine Stelle '{unit}' (units)")


def _check_fee(entry: Entry, path: str, fee: Any) -> None:
    allowed = ("label", "amount_eur", "condition", "age_from", "age_under", "per", "approximate")
    known = entry.fact(fee, path, allowed, ("amount_eur",), exclusive=("amount_eur",))
    if not isinstance(fee, dict):
        return
    entry.text(fee, "label", path)
    if known:
        entry.number(fee, "amount_eur", path)
    for key in ("condition", "per"):
        entry.text(fee, key, path, required=False)
    for key in ("age_from", "age_under"):
        if key in fee and (isinstance(fee[key], bool) or not isinstance(fee[key], int) or fee[key] < 0):
            entry.fail(_join(path, key), "kein Alter in ganzen Jahren")
    bounds = [fee.get(key) for key in ("age_from", "age_under")]
    if all(isinstance(bound, int) and not isinstance(bound, bool) for bound in bounds) and bounds[0] >= bounds[1]:
        entry.fail(_join(path, "age_under"), "muss größer als age_from sein")
    entry.flag(fee, "approximate", path)


def _section(top: Entry, data: dict, key: str) -> dict:
    value = data.get(key)
    if isinstance(value, dict):
        for name in value:
            if not (isinstance(name, str) and IDENT.match(name)):
                top.fail(f"{key}.{name}", "Kennung nur aus a–z, 0–9, _ und - (mit Buchstabe am Anfang)")
        return value
    if value is not None:
        top.fail(key, "kein Eintrag mit Feldern (key: value)")
    return {}


def _is_stand(value: Any) -> bool:
    if not (isinstance(value, str) and STAND.match(value)):
        return False
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return _is_date("{:04d}-{:02d}-{:02d}".format(*parts[:3]))


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)
