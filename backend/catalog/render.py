"""The catalog as the API shows it: references resolved, every fact with its source, Stand and scope.

A fact marked `unknown: true` gets a hint instead of a value: the catalog's
(ask the StadtService H35), or, with `ask: <office>`, one naming that office
and its phone. Every fact carries its own `stand` (the fact's or its
source's date; "o. D." when the source gives none), `scope` with the words
the answer uses ("bundesweit", "in Thüringen", "in Gera") and its `links`
(buttons such as "Termin buchen" with an https address). A service embeds
its office, so one request gives everything an answer needs; `stands` gives
the oldest Stand per info type of nlu/contract.yml (plus `deadline`), and
`next_step` whether an appointment is needed and what can be done online.
`facts` lists every fact of the catalog with its Stand and source, oldest
first, for a staff page that keeps the catalog true.
"""

from datetime import date
from typing import Iterable, Iterator, List, Optional, Tuple

from backend.catalog.validate import TEXT_LISTS, UNDATED, WEEKDAYS

FACT_META = ("source", "also", "stand", "confidence", "unknown", "ask")
DAY_NAMES = dict(zip(WEEKDAYS, ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")))
SCOPE_TEXT = {"bund": "bundesweit", "land": "in Thüringen", "gera": "in Gera"}
# The info types of nlu/contract.yml a service's fact lists answer (documents, appointment, online as named).
LIST_INFO_TYPES = {"fees": "fees", "documents": "documents", "appointment": "appointment", "online": "online",
                   "processing": None, "deadlines": "deadline"}


class Renderer:
    """Renders offices and services of one validated catalog."""

    def __init__(self, data: dict):
        self.data = data

    def source(self, fact: dict, source_id: Optional[str] = None) -> dict:
        """The fact's source, with the fact's own stand/confidence when it sets them."""
        source_id = source_id or fact["source"]
        source = self.data["sources"][source_id]
        own = source_id == fact["source"]
        return {
            "id": source_id,
            "title": source["title"],
            "url": source.get("url"),
            "stand": fact.get("stand", source["stand"]) if own else source["stand"],
            "confidence": fact.get("confidence", source["confidence"]) if own else source["confidence"],
            "note": source.get("note"),
            "elsewhere": source.get("elsewhere"),
        }

    def fact(self, fact: dict) -> dict:
        out = {key: value for key, value in fact.items() if key not in FACT_META}
        out["unknown"] = fact.get("unknown") is True
        if out["unknown"]:
            out["hint"] = self.hint(fact.get("ask"))
        out["source"] = self.source(fact)
        out["also_sources"] = [self.source(fact, other) for other in fact.get("also", [])]
        out["stand"] = out["source"]["stand"]
        out["scope"] = fact.get("scope")
        out["scope_text"] = SCOPE_TEXT.get(fact.get("scope"))
        out["links"] = [dict(link) for link in fact.get("links", [])]
        return out

    def hint(self, ask: Optional[str] = None) -> str:
        """What to say for an unknown fact: ask the named office or unit (by phone), else the catalog's hint."""
        if not ask:
            return self.data["unknown_hint"]
        office_id, _, unit_id = ask.partition(".")
        office = self.data["offices"][office_id]
        target = office["units"][unit_id] if unit_id else office
        name = f"{office['name']}, {target['name']}" if unit_id else office["name"]
        return f"Das wissen wir noch nicht sicher. Bitte erfragen bei: {name}, Telefon {target['phone']['value']}."

    def fee(self, fee: dict) -> dict:
        out = self.fact(fee)
        out.setdefault("amount_eur", None)
        out["amount_text"] = None if out["unknown"] else amount_text(fee["amount_eur"], fee.get("approximate", False))
        return out

    def office(self, office_id: str) -> dict:
        office = self.data["offices"][office_id]
        address = self.fact(office["address"])
        if not address["unknown"]:
            address["text"] = address_text(office["address"])
        hours = self.fact(office["hours"])
        if not hours["unknown"]:
            hours["lines"] = hours_lines(office["hours"])
        return {
            "id": office_id,
            "name": office["name"],
            "department": office.get("department"),
            "address": address,
            "phone": self.fact(office["phone"]),
            "email": self.fact(office["email"]),
            "booking": self.fact(office["booking"]),
            "hours": hours,
            "units": {key: self.unit(office_id, key) for key in office.get("units", {})},
            "note": office.get("note"),
        }

    def unit(self, office_id: str, unit_id: str) -> dict:
        unit = self.data["offices"][office_id]["units"][unit_id]
        out = {"id": unit_id, "name": unit["name"], "note": unit.get("note")}
        for key in ("phone", "email"):
            out[key] = self.fact(unit[key]) if key in unit else None
        return out

    def service(self, code: str) -> dict:
        service = self.data["services"][code]
        office_ref = service["office"]
        known_office = isinstance(office_ref, str)
        out = {
            "code": code,
            "name": service["name"],
            "description": service["description"],
            "keywords": list(service.get("keywords", [])),
            "office": self.office(office_ref) if known_office else self.fact(office_ref),
            "unit": self.unit(office_ref, service["unit"]) if known_office and "unit" in service else None,
            "other_offices": [self.other_office(other) for other in service.get("other_offices", [])],
            "fees": [self.fee(fee) for fee in service["fees"]],
        }
        for key in TEXT_LISTS:
            out[key] = [self.fact(item) for item in service[key]]
        out["deadlines"] = [self.fact(item) for item in service.get("deadlines", [])]
        out["booking"] = out["office"]["booking"] if known_office else None
        out["next_step"] = next_step(out)
        out["stands"] = stands(out)
        out["sources"] = unique_sources(out)
        out["catalog"] = self.meta()
        return out

    def other_office(self, other: dict) -> dict:
        unit = other.get("unit")
        return {
            "role": other["role"],
            "office": self.office(other["office"]),
            "unit": self.unit(other["office"], unit) if unit else None,
        }

    def summary(self, code: str) -> dict:
        """A service in the list: enough to show it and fetch the rest."""
        service = self.data["services"][code]
        office = service["office"]
        return {
            "code": code,
            "name": service["name"],
            "description": service["description"],
            "keywords": list(service.get("keywords", [])),
            "office": {"id": office, "name": self.data["offices"][office]["name"]} if isinstance(office, str) else None,
        }

    def facts(self) -> List[dict]:
        """Every fact of the catalog, where it is and how old, oldest (and undated) first."""
        found = []
        for where, service, office, info_type, fact in self._all_facts():
            rendered = self.fact(fact)
            found.append({
                "where": where,
                "service": service,
                "office": office,
                "info_type": info_type,
                "text": fact_text(fact),
                "amount_eur": fact.get("amount_eur"),
                "unknown": rendered["unknown"],
                "scope": rendered["scope"],
                "stand": rendered["stand"],
                "stand_date": stand_date(rendered["stand"]),
                "confidence": rendered["source"]["confidence"],
                "source": rendered["source"],
                "also_sources": rendered["also_sources"],
                "links": rendered["links"],
            })
        return sorted(found, key=lambda fact: (fact["stand_date"] is not None, fact["stand_date"] or ""))

    def _all_facts(self) -> Iterator[Tuple[str, Optional[str], Optional[str], Optional[str], dict]]:
        """(where, service, office, info type, fact) for every fact in file order."""
        for office_id, office in self.data["offices"].items():
            for key, info_type in (("address", "location"), ("phone", "location"), ("email", "location"),
                                   ("booking", "appointment"), ("hours", "opening_hours")):
                yield f"offices.{office_id}.{key}", None, office_id, info_type, office[key]
            for unit_id, unit in office.get("units", {}).items():
                for key in ("phone", "email"):
                    if key in unit:
                        yield f"offices.{office_id}.units.{unit_id}.{key}", None, office_id, "location", unit[key]
        for code, service in self.data["services"].items():
            if isinstance(service["office"], dict):
                yield f"services.{code}.office", code, None, "location", service["office"]
            for key, info_type in LIST_INFO_TYPES.items():
                for index, fact in enumerate(service.get(key, [])):
                    yield f"services.{code}.{key}[{index}]", code, None, info_type, fact

    def meta(self) -> dict:
        data = self.data
        return {"stand": data["stand"], "notice": data.get("notice"), "unknown_hint": data["unknown_hint"]}


def fact_text(fact: dict) -> Optional[str]:
    """What a fact says, in one line, for the list of facts (None for an unknown fact without a label)."""
    if "street" in fact:
        return address_text(fact)
    if "regular" in fact:
        return "; ".join(hours_lines(fact))
    return fact.get("text") or fact.get("label") or fact.get("value")


def next_step(service: dict) -> dict:
    """What the citizen does next: is an appointment needed, how to book, what goes online (with links)."""
    required = [fact["required"] for fact in service["appointment"] if not fact["unknown"] and "required" in fact]
    booking = service["booking"] or {}
    return {
        "appointment_required": required[0] if required else None,
        "booking_phone": None if booking.get("unknown") else booking.get("phone"),
        "booking_url": None if booking.get("unknown") else booking.get("url"),
        "links": unique_links(service["appointment"] + service["online"] + service["deadlines"]),
    }


def unique_links(facts: List[dict]) -> List[dict]:
    found, seen = [], set()
    for fact in facts:
        for link in fact.get("links", []):
            if link["url"] not in seen:
                seen.add(link["url"])
                found.append(link)
    return found


def stands(service: dict) -> dict:
    """The oldest Stand of the facts behind each info type (None when there are no facts)."""
    office, unit = service["office"], service["unit"]
    location = [office] if office.get("unknown") else [office["address"], office["phone"]]
    if unit and unit.get("phone"):
        location.append(unit["phone"])
    groups = {
        "fees": service["fees"],
        "documents": service["documents"],
        "location": location,
        "opening_hours": [office if office.get("unknown") else office["hours"]],
        "appointment": service["appointment"] + ([service["booking"]] if service["booking"] else []),
        "online": service["online"],
        "deadline": service["deadlines"],
    }
    return {info_type: oldest(fact["source"]["stand"] for fact in _known_first(facts))
            for info_type, facts in groups.items()}


def _known_first(facts: List[dict]) -> List[dict]:
    """The known facts when there are any: an unknown one's date says when we looked, not how old a fact is."""
    return [fact for fact in facts if not fact.get("unknown")] or facts


def oldest(values: Iterable[str]) -> Optional[str]:
    """The oldest dated Stand; "o. D." only when no source gives a date; None without facts."""
    # ISO prefixes ("2020" < "2023-03" < "2026-02-07") sort by time as text.
    values = list(values)
    dated = [value for value in values if value != UNDATED]
    return min(dated) if dated else (UNDATED if values else None)


def stand_date(stand: Optional[str]) -> Optional[date]:
    """The first day a Stand stands for ("2023-03" -> 2023-03-01); None when undated."""
    if not stand or stand == UNDATED:
        return None
    parts = [int(part) for part in stand.split("-")] + [1, 1]
    return date(*parts[:3])


def unique_sources(tree) -> List[dict]:
    """Every source in a rendered tree, once (the same source with another stand counts apart)."""
    found, seen = [], set()
    for source in _walk_sources(tree):
        key = (source["id"], source["stand"], source["confidence"])
        if key not in seen:
            seen.add(key)
            found.append(source)
    return found


def _walk_sources(tree):
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key == "source" and isinstance(value, dict):
                yield value
            else:
                yield from _walk_sources(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _walk_sources(value)


def amount_text(amount: float, approximate: bool = False) -> str:
    """46 -> "46,00 €", 27.6 -> "27,60 €"; 0 -> "kostenlos"; approximate -> "ca. 90,00 €"."""
    if amount == 0:
        return "kostenlos"
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{'ca. ' if approximate else ''}{text} €"


def address_text(address: dict) -> str:
    place = " ".join(part for part in (address.get("postcode"), address["city"]) if part)
    return f"{address['street']}, {place}"


def hours_lines(hours: dict) -> List[str]:
    """German lines such as "Samstag 09:00–13:00 Uhr (nur am 1. Samstag im Monat)"."""
    rules = {rule["day"]: rule["weeks_of_month"] for rule in hours.get("rules", [])}
    lines = []
    for day in WEEKDAYS:
        ranges = hours["regular"].get(day)
        if not ranges:
            continue
        line = f"{DAY_NAMES[day]} " + " und ".join(text.replace("-", "–") for text in ranges) + " Uhr"
        if day in rules:
            weeks = " und ".join(f"{week}." for week in sorted(rules[day]))
            line += f" (nur am {weeks} {DAY_NAMES[day]} im Monat)"
        lines.append(line)
    return lines
