"""Answers about city services, from the catalog only ("Was kostet ein Personalausweis?").

    ask_service with service + info type ─▶ exactly that fact, with its "Stand"
    ask_service with service only        ─▶ overview + buttons for the details
    ask_service with info type only      ─▶ the service of the last question ("und was muss ich mitbringen?")
    ask_service, service unclear         ─▶ the likeliest services from the catalog search as buttons
    nothing in the catalog               ─▶ says so and names the StadtService H35

A fact the catalog marks unknown is answered with its hint, never guessed.
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
           "appointment": "Termin", "online": "Online", "location": "Wo?"}
MAX_LINES = 4
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
    """'2026-02-07' -> 'Stand: 07.02.2026'; '2020' -> 'Stand: 2020'."""
    if not date:
        return "Stand: unbekannt"
    parts = date.split("-")
    return "Stand: " + ".".join(reversed(parts))


def fact_lines(facts: List[Dict], text_of) -> List[str]:
    """One line per fact; an unknown fact gives its hint instead (once)."""
    lines: List[str] = []
    for fact in facts:
        label = fact.get("label") or fact.get("text")
        line = (f"{label}: {fact.get('hint')}" if label else fact.get("hint")) if fact.get("unknown") else text_of(fact)
        if line and line not in lines:
            lines.append(line)
    return lines[:MAX_LINES]


def fee_text(fee: Dict) -> str:
    condition = f" ({fee['condition']})" if fee.get("condition") else ""
    return f"{fee['label']}{condition}: {fee['amount_text']}"


def office_text(office: Dict) -> str:
    """Name, address and phone of an office; the catalog's hint when the office is not known."""
    if office.get("unknown"):
        return office.get("hint") or UNKNOWN
    address = office.get("address") or {}
    phone = office.get("phone") or {}
    parts = [office["name"]]
    if not address.get("unknown") and address.get("text"):
        parts.append(address["text"])
    if not phone.get("unknown") and phone.get("value"):
        parts.append(f"Tel. {phone['value']}")
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
                await self.answer(dispatcher, catalog, service, info_type)
            except CatalogUnavailable:
                dispatcher.utter_message(response="utter_catalog_unavailable")
                return []
        return [SlotSet("service", code)]

    async def answer(self, dispatcher, catalog: CatalogClient, service: Dict, info_type: Optional[str]) -> None:
        if info_type is None and service["code"] == "citizens_office":
            info_type = "opening_hours"  # "the citizens' office" means: where, and is it open now
        if info_type is None:
            self.overview(dispatcher, service)
            return
        text = await self.fact(catalog, service, info_type)
        date = (service.get("stands") or {}).get(info_type)
        dispatcher.utter_message(
            text=f"{service['name']} – {DETAILS.get(info_type, '')}:\n{text}\n({stand(date)})",
            buttons=[{"title": DETAILS[other], "payload": details_payload(service["code"], other)}
                     for other in ("fees", "documents", "opening_hours") if other != info_type],
        )

    async def fact(self, catalog: CatalogClient, service: Dict, info_type: str) -> str:
        office = service["office"]
        if info_type == "fees":
            lines = fact_lines(service.get("fees") or [], fee_text)
        elif info_type == "documents":
            lines = fact_lines(service.get("documents") or [], lambda f: f["text"])
        elif info_type == "online":
            lines = fact_lines(service.get("online") or [], lambda f: f["text"])
        elif info_type == "appointment":
            booking = office.get("booking") or {}
            lines = fact_lines((service.get("appointment") or []) + ([booking] if booking else []), lambda f: f.get("text"))
        elif info_type == "location":
            lines = [f"Zuständig: {office_text(office)}"]
            lines += [f"{other['role']}: {office_text(other['office'])}" for other in service.get("other_offices") or []]
        elif office.get("unknown"):  # opening hours of an office the catalog does not know
            lines = [office_text(office)]
        else:  # opening_hours
            hours = office.get("hours") or {}
            lines = [hours["hint"]] if hours.get("unknown") else [f"{office['name']}: " + "; ".join(hours.get("lines", []))]
            lines.append(open_now_text(await catalog.opening(office["id"])))
        lines = [line for line in lines if line]
        return "\n".join(lines) if lines else UNKNOWN

    def overview(self, dispatcher, service: Dict) -> None:
        dispatcher.utter_message(
            text=f"{service['name']}: {service['description']}\nZuständig: {office_text(service['office'])}\nWas möchten Sie wissen?",
            buttons=[{"title": title, "payload": details_payload(service["code"], info)}
                     for info, title in DETAILS.items() if info != "location"],
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

