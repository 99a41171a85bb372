"""Answers about city services, from the catalog only ("Was kostet ein Personalausweis?").

    ask_service with service + info type ─▶ exactly those facts, each with where it holds and its "Stand"
    ask_service with service only        ─▶ overview, the next step + buttons for the details
    ask_service with info type only      ─▶ the service of the last question ("und was muss ich mitbringen?")
    ask_service, service unclear         ─▶ the likeliest services from the catalog search as buttons
    nothing in the catalog               ─▶ says so and names the StadtService H35

A fact the catalog marks unknown is answered with its hint, never guessed.
An age in the question ("Pass für meine Tochter (16)") picks the fees for
that age; a year ("Führerschein von 2003") the deadline for that year of
issue. Where a fact has a link (booking page, online service), the answer
carries it as a button: {"title", "url", "payload"}; the payload asks for the
same detail again, for a channel that shows no link buttons.
"""

import json
import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import config
from actions.clients.catalog import CatalogClient, CatalogUnavailable

DETAILS = {"fees": "Kosten", "documents": "Unterlagen", "opening_hours": "Öffnungszeiten",
           "appointment": "Termin", "online": "Online", "location": "Wo?", "deadline": "Fristen"}
# The catalog's list behind an info type (the others come from the office).
FACT_LISTS = {"fees": "fees", "documents": "documents", "appointment": "appointment", "online": "online",
              "deadline": "deadlines"}
MAX_LINES = 8
MAX_LINK_BUTTONS = 2
UNDATED = "o. D."
# "(16)", "16 Jahre", "16-jährige", "ist 16", "mit 16": an age in a question about fees.
AGE = re.compile(r"\((\d{1,2})\)|\b(\d{1,2})\s*(?:-\s*)?(?:jahre?n?\b|j\.|jähr|jaehr)|"
                 r"\b(?:ist|bin|wird|werde|mit|alter von)\s+(\d{1,2})\b(?!\s*seiten)", re.IGNORECASE)
BOUND = re.compile(r"\b(unter|über|ueber|ab|bis|älter als|aelter als|jünger als|juenger als)\s*$", re.IGNORECASE)
BOUND_SHIFT = {"unter": -1, "jünger als": -1, "juenger als": -1, "ab": 0, "bis": 0, "über": 1, "ueber": 1,
               "älter als": 1, "aelter als": 1}
YEAR = re.compile(r"\b(19[3-9]\d|20[0-4]\d)\b")
MAX_SUGGESTIONS = 3
WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
UNKNOWN = "Dazu habe ich keine gesicherte Angabe. Bitte fragen Sie den StadtService H35: 0365 838-1900."
# Words of every question that name no service; searching for them would suggest anything.
GENERIC_WORDS = ("beantrag", "bekomm", "brauch", "benoetig", "erledig", "machen", "kostet", "kosten", "welche",
                 "haben", "koennen", "kann", "termin", "online", "wann", "unterlag", "mitbring", "geoeffnet",
                 "offen", "bitte", "frage", "wissen", "moechte", "gerne", "hallo", "guten", "danke", "stadt", "gera",
                 "behoerd", "verwaltung", "stadtverwaltung", "antrag", "antraeg", "anliegen", "auskunft", "leistung",
                 "dienstleist", "papier", "formular", "zustaendig", "internet", "digital", "hatte", "haette", "kurz",
                 "einer", "einem", "einen", "wegen", "dafuer", "dazu", "darueber", "servus", "amts", "amtlich",
                 "beacht", "sagen", "dokument", "gebuehr", "erkundig", "laeuft", "sache", "vorgang", "wollte", "muss",
                 "buergeramt", "buergerbuero", "buergerservice", "rathaus", "krieg", "etwas")
# The citizens' office by its name, not just "the Amt".
NAMED_OFFICE = re.compile(r"b(ue|u)rger(amt|buero|buro|service)|stadtservice|h ?35|rathaus|heinrichstr")
# Words that ask for something; with them, "the Bürgeramt" means "something from the Bürgeramt".
NEED_WORDS = ("frage", "brauch", "benoetig", "anliegen", "erledig", "beantrag", "antrag", "auskunft", "dokument",
              "wissen", "muss", "moechte", "will", "wollte")


def folded(word: str) -> str:
    return word.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))


def details_payload(code: str, info_type: Optional[str] = None) -> str:
    entities = {"service": code, **({"info_type": info_type} if info_type else {})}
    return f"/ask_service{json.dumps(entities, separators=(',', ':'))}"


def stand(date: Optional[str]) -> str:
    """'2026-02-07' -> 'Stand: 07.02.2026'; '2020' -> 'Stand: 2020'; 'o. D.' -> 'Stand: Quelle ohne Datum'."""
    if not date:
        return "Stand: unbekannt"
    if date == UNDATED:
        return "Stand: Quelle ohne Datum"
    parts = date.split("-")
    return "Stand: " + ".".join(reversed(parts))


def where_and_when(fact: Dict) -> str:
    """' (bundesweit; Stand: 13.02.2026)' for a known fact; '' when the catalog gives neither."""
    date = fact.get("stand") or (fact.get("source") or {}).get("stand")
    parts = [part for part in (fact.get("scope_text"), stand(date) if date else None) if part]
    return f" ({'; '.join(parts)})" if parts else ""


def fact_lines(facts: List[Dict], text_of) -> List[str]:
    """One line per fact, with where it holds and its Stand; an unknown fact gives its hint instead (once)."""
    lines: List[str] = []
    for fact in facts:
        label = fact.get("label") or fact.get("text")
        if fact.get("unknown"):
            line = f"{label}: {fact.get('hint')}" if label else fact.get("hint")
        else:
            line = text_of(fact)
            line = line + where_and_when(fact) if line else line
        if line and line not in lines:
            lines.append(line)
    return lines[:MAX_LINES]


def age_in(text: str) -> Optional[int]:
    """The age a question names ("Pass für meine Tochter (16)" -> 16), or None. A bound stands for an age on its
    side: "für unter 24-Jährige" -> 23, "ab 24 Jahren" -> 24, "über 24" -> 25."""
    match = AGE.search(text or "")
    if not match:
        return None
    age = int(next(group for group in match.groups() if group))
    bound = BOUND.search((text or "")[:match.start()])
    return age + BOUND_SHIFT[bound.group(1).lower()] if bound else age


def year_in(text: str) -> Optional[int]:
    """A year a question names ("Der ist von 2003" -> 2003), or None."""
    match = YEAR.search(text or "")
    return int(match.group(1)) if match else None


def fees_for_age(fees: List[Dict], age: Optional[int]) -> List[Dict]:
    """The fees that hold at `age` (fees without age bounds always); all of them without an age."""
    if age is None:
        return fees
    return [fee for fee in fees if (fee.get("age_from") is None or age >= fee["age_from"])
            and (fee.get("age_under") is None or age < fee["age_under"])]


def deadlines_for_year(deadlines: List[Dict], year: Optional[int]) -> List[Dict]:
    """The deadlines for documents issued in `year`, when the catalog has such; else all of them."""
    if year is None:
        return deadlines
    matching = [d for d in deadlines if d.get("issued_from") is not None
                and d["issued_from"] <= year <= d.get("issued_to", d["issued_from"])]
    return matching or deadlines


def link_buttons(facts: List[Dict], code: str, info_type: str) -> List[Dict]:
    """"Termin buchen", "Online beantragen" ...: each link once, as a button with its https address."""
    buttons, seen = [], set()
    for fact in facts:
        for link in fact.get("links") or []:
            if link["url"] not in seen and not fact.get("unknown"):
                seen.add(link["url"])
                buttons.append({"title": link["label"], "url": link["url"],
                                "payload": details_payload(code, info_type)})
    return buttons[:MAX_LINK_BUTTONS]


def fee_text(fee: Dict) -> str:
    condition = f" ({fee['condition']})" if fee.get("condition") else ""
    per = f" pro {fee['per']}" if fee.get("per") and fee.get("amount_eur") else ""
    return f"{fee['label']}{condition}: {fee['amount_text']}{per}"


def office_text(office: Dict, unit: Optional[Dict] = None) -> str:
    """Name, address and phone of an office (of its unit, when given); the catalog's hint when it is not known."""
    if office.get("unknown"):
        hint = office.get("hint") or UNKNOWN
        return f"{office['text']}; Adresse und Öffnungszeiten: {hint}" if office.get("text") else hint
    address = office.get("address") or {}
    phone = office.get("phone") or {}
    if unit and unit.get("phone") and not unit["phone"].get("unknown"):
        phone = unit["phone"]
    parts = [office["name"]] + ([unit["name"]] if unit and unit.get("name") else [])
    if not address.get("unknown") and address.get("text"):
        parts.append(address["text"])
    if not phone.get("unknown") and phone.get("value"):
        parts.append(f"Tel. {phone['value']}")
    if address.get("unknown") and (phone.get("unknown") or not phone.get("value")):  # nothing to go or call to
        return f"{', '.join(parts)}; Adresse: {address.get('hint') or UNKNOWN}"
    return ", ".join(parts)


def when(iso: str, now: str) -> str:
    """'2026-11-27T09:00:00+01:00' -> 'morgen 09:00 Uhr' (relative to `now`, both Europe/Berlin)."""
    at, today = datetime.fromisoformat(iso), datetime.fromisoformat(now)
    days = (at.date() - today.date()).days
    day = "heute" if days == 0 else "morgen" if days == 1 else f"{WEEKDAYS[at.weekday()]} {at:%d.%m.}"
    return f"{day} {at:%H:%M} Uhr"


def open_now_text(opening: Optional[Dict]) -> str:
    if not opening or opening.get("open") is None:
        return ""
    if opening["open"]:
        closes = datetime.fromisoformat(opening["closes_at"]) if opening.get("closes_at") else None
        return f"Jetzt geöffnet{f' bis {closes:%H:%M} Uhr' if closes else ''}."
    reason = f" ({opening['holiday']})" if opening.get("holiday") else ""
    following = f" Nächste Öffnung: {when(opening['next_opening'], opening['at'])}." if opening.get("next_opening") else ""
    return f"Jetzt geschlossen{reason}.{following}"


SEARCH_WORD = re.compile(r"[^\W\d_]{5,}")


def means_some_service(text: str, info_type: Optional[str]) -> bool:
    """"Ich brauch was vom Amt", "Welches Amt ist zuständig?": a service not named yet, not the citizens' office."""
    if info_type is None:
        return any(folded(word).startswith(NEED_WORDS) for word in text.split())
    return info_type == "location" and not NAMED_OFFICE.search(folded(text))


def content_words(text: str) -> List[str]:
    """The longer words of a question that may name a service."""
    return [w for w in SEARCH_WORD.findall(text) if not folded(w).startswith(GENERIC_WORDS)]


class ActionAnswerService(Action):
    """Answers a question about a city service from the catalog."""

    def name(self) -> Text:
        return "action_answer_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        code = next(tracker.get_latest_entity_values("service"), None)
        info_type = next(tracker.get_latest_entity_values("info_type"), None)
        if code is None and info_type:
            code = tracker.get_slot("service")  # a follow-up keeps the service in mind
        text = tracker.latest_message.get("text") or ""
        if code == "citizens_office" and means_some_service(text, info_type):
            code = None  # "Ich brauch was vom Bürgeramt": which service, not the office's hours
        settings = config.load()
        async with CatalogClient.from_settings(settings) as catalog:
            try:
                if code is None:
                    await self.suggest(dispatcher, catalog, text, info_type)
                    return []
                service = await catalog.service(code)
                if service is None:
                    dispatcher.utter_message(response="utter_service_not_in_catalog")
                    return []
                await self.answer(dispatcher, catalog, service, info_type, text)
            except CatalogUnavailable:
                dispatcher.utter_message(response="utter_catalog_unavailable")
                return []
        return [SlotSet("service", code)]

    async def answer(self, dispatcher, catalog: CatalogClient, service: Dict, info_type: Optional[str],
                     text: str = "") -> None:
        if info_type is None and service["code"] == "citizens_office":
            info_type = "opening_hours"  # "the citizens' office" means: where, and is it open now
        year = year_in(text)
        if info_type is None and year and deadlines_for_year(service.get("deadlines") or [], year) != (
                service.get("deadlines") or []):
            info_type = "deadline"  # "Muss ich meinen Führerschein umtauschen? Der ist von 2003"
        if info_type is None:
            self.overview(dispatcher, service)
            return
        age = age_in(text) if info_type == "fees" and not year else None
        facts = self.facts(service, info_type, age, year)
        answer = await self.fact(catalog, service, info_type, facts)
        title = DETAILS.get(info_type, "") + (f" (Alter {age})" if age is not None else "")
        lines = [f"{service['name']} – {title}:", answer]
        if "Stand:" not in answer:  # the facts name their own Stand; otherwise the oldest of this kind
            lines.append(f"({stand((service.get('stands') or {}).get(info_type))})")
        links = link_buttons(facts or [], service["code"], info_type)
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=links + [{"title": DETAILS[other], "payload": details_payload(service["code"], other)}
                             for other in ("fees", "documents", "opening_hours") if other != info_type],
        )

    @staticmethod
    def facts(service: Dict, info_type: str, age: Optional[int] = None,
              year: Optional[int] = None) -> Optional[List[Dict]]:
        """The catalog's facts that answer `info_type` (None for location and hours, which come from the office)."""
        if info_type not in FACT_LISTS:
            return None
        facts = list(service.get(FACT_LISTS[info_type]) or [])
        if info_type == "fees":
            return fees_for_age(facts, age)
        if info_type == "deadline":
            return deadlines_for_year(facts, year)
        if info_type == "appointment" and not facts:
            booking = service["office"].get("booking") or {}
            return [booking] if booking else []
        return facts

    async def fact(self, catalog: CatalogClient, service: Dict, info_type: str,
                   facts: Optional[List[Dict]] = None) -> str:
        office = service["office"]
        if facts is None and info_type in FACT_LISTS:
            facts = self.facts(service, info_type)
        if info_type == "fees":
            lines = fact_lines(facts, fee_text)
        elif info_type in FACT_LISTS:
            lines = fact_lines(facts, lambda f: f.get("text"))
        elif info_type == "location":
            lines = [f"Zuständig: {office_text(office, service.get('unit'))}"]
            lines += [f"{other['role']}: {office_text(other['office'], other.get('unit'))}"
                      for other in service.get("other_offices") or []]
        elif office.get("unknown"):  # opening hours of an office the catalog does not know
            lines = [office_text(office)]
        else:  # opening_hours
            hours = office.get("hours") or {}
            lines = [hours["hint"]] if hours.get("unknown") else [f"{office['name']}: " + "; ".join(hours.get("lines", []))]
            lines.append(open_now_text(await catalog.opening(office["id"])))
        lines = [line for line in lines if line]
        return "\n".join(lines) if lines else UNKNOWN

    def overview(self, dispatcher, service: Dict) -> None:
        lines = [f"{service['name']}: {service['description']}",
                 f"Zuständig: {office_text(service['office'], service.get('unit'))}"]
        first_step = next((fact for fact in service.get("appointment") or [] if not fact.get("unknown")), None)
        if first_step:
            lines.append(f"Nächster Schritt: {first_step['text']}")
        lines.append("Was möchten Sie wissen?")
        details = [info for info in DETAILS if info != "location" and (info != "deadline" or service.get("deadlines"))]
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=link_buttons(service.get("appointment") or [], service["code"], "appointment")
            + [{"title": DETAILS[info], "payload": details_payload(service["code"], info)} for info in details],
        )

    @staticmethod
    async def search_words(catalog: CatalogClient, text: str) -> List[Dict]:
        """Services found for the longer words of the question, most often found first."""
        hits: Dict[str, Dict] = {}
        counts: Dict[str, int] = {}
        for word in content_words(text)[:6]:
            for service in await catalog.search(word):
                hits.setdefault(service["code"], service)
                counts[service["code"]] = counts.get(service["code"], 0) + 1
        return [hits[code] for code in sorted(counts, key=lambda c: -counts[c])]

    async def suggest(self, dispatcher, catalog: CatalogClient, text: str, info_type: Optional[str]) -> None:
        """Asks back with the catalog's likeliest services; says honestly when there is none."""
        if not text or text.startswith("/") or not content_words(text):
            # The "Frage zu einer Leistung" button, or a question that names no service
            # yet ("Ich hab ne Frage zum Amt"): offer them all.
            found, limit = await catalog.search(""), None
        else:
            found, limit = await self.search_words(catalog, text), MAX_SUGGESTIONS
        if not found:
            dispatcher.utter_message(response="utter_service_not_in_catalog")
            return
        dispatcher.utter_message(
            response="utter_which_service",
            buttons=[{"title": s["name"], "payload": details_payload(s["code"], info_type)} for s in found[:limit]],
        )

