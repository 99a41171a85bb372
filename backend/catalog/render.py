"""The catalog as the API shows it: references resolved, every fact with its source and Stand.

A fact marked `unknown: true` gets the catalog's hint (ask the StadtService
H35) instead of a value. A service embeds its office, so one request gives
everything an answer needs; `stands` gives the oldest Stand per info type of
nlu/contract.yml, for "Stand: ..." in the answer.
"""

from typing import Iterable, List, Optional

from backend.catalog.validate import WEEKDAYS

FACT_META = ("source", "stand", "confidence", "unknown")
DAY_NAMES = dict(zip(WEEKDAYS, ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")))


class Renderer:
    """Renders offices and services of one validated catalog."""

    def __init__(self, data: dict):
        self.data = data

    def source(self, fact: dict) -> dict:
        """The fact's source, with the fact's own stand/confidence when it sets them."""
        source = self.data["sources"][fact["source"]]
        return {
            "id": fact["source"],
            "title": source["title"],
            "url": source.get("url"),
            "stand": fact.get("stand", source["stand"]),
            "confidence": fact.get("confidence", source["confidence"]),
            "note": source.get("note"),
        }

    def fact(self, fact: dict) -> dict:
        out = {key: value for key, value in fact.items() if key not in FACT_META}
        out["unknown"] = fact.get("unknown") is True
        if out["unknown"]:
            out["hint"] = self.data["unknown_hint"]
        out["source"] = self.source(fact)
        return out

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
        for key in ("documents", "appointment", "online", "processing"):
            out[key] = [self.fact(item) for item in service[key]]
        out["booking"] = out["office"]["booking"] if known_office else None
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

    def meta(self) -> dict:
        data = self.data
        return {"stand": data["stand"], "notice": data.get("notice"), "unknown_hint": data["unknown_hint"]}


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
    }
    return {info_type: oldest(fact["source"]["stand"] for fact in facts) for info_type, facts in groups.items()}


def oldest(values: Iterable[str]) -> Optional[str]:
    # ISO prefixes ("2020" < "2023-03" < "2026-02-07") sort by time as text.
    return min(values, default=None)


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
