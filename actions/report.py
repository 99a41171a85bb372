"""Reporting a defect: the report form, the review, filing, supporting a duplicate.

The conversation (rules in nlu/rules/report.yml):

    report_issue ─▶ action_start_report (fills what the first message says)
                 ─▶ report_form: category ─▶ place ─▶ place_check ─▶ lamp ─▶ incident ─▶ photo ─▶ description
                 ─▶ action_review_report: waits for a known issue (incident = watch, actions/known_issues.py),
                    or an open report nearby? ── yes ─▶ "Ist es diese Meldung?"
                                                                      │ affirm ─▶ action_support_report
                                                                      │ deny ───▶ summary
                                       summary "Absenden / Ändern / Abbrechen"
                                          affirm ─▶ action_file_report (Open311; outbox when the city is down)
                                          deny / inform ─▶ action_change_report ─▶ form or summary again
                                          cancel ─▶ action_cancel_report

A location arrives as /share_location{"latitude":…,"longitude":…}, a photo as
/send_photo{"media_url":…} (from the Telegram adapter).

The place on the map: a pin is named by the nearest address (the geocoder's reverse search) and needs no
check. A typed place is looked up (up to three points in Gera) and shown to the citizen
(action_ask_place_check): "Ja, genau da" or a choice confirms a point, a pin replaces it, "Weiß ich nicht
genau" keeps the text and files without a point. A confirmed point of a whole street (no house in the
gazetteer) goes on the map but not into the duplicate hint. Where the geocoder knows no point, the citizen is asked for
a pin, never given a guess; when it cannot be reached, the text is kept without a question.
"""

import logging
import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import config, known_issues
from actions.categories import category_name, category_buttons
from actions.clients.assets import AssetClient, AssetsUnavailable, lamp_label
from actions.clients.geocoder import GeocoderClient, GeocoderUnavailable, spoken
from actions.clients.open311 import AcceptedWithoutNumber, BackendUnavailable, Open311Client, RequestRejected
from actions.outbox import Outbox

log = logging.getLogger(__name__)

REPORT_SLOTS = ("category", "place", "latitude", "longitude", "place_check", "place_options", "lamp", "incident",
                "known_issue", "photo",
                "more_photos", "description",
                "report_step", "duplicate_id", "report_key")
# place_check: how the place was checked (see the module's docstring). APPROXIMATE: the citizen confirmed a
# point that stands for a whole street or area (the gazetteer has no house there): on the map, but too
# rough for the 50 m duplicate hint.
PIN, CONFIRMED, APPROXIMATE, UNKNOWN, UNCHECKED = "pin", "confirmed", "approximate", "unknown", "unchecked"
SHORT_PLACE_WORDS = 4  # an unclear answer to "Wo ist das?" up to this long is taken as a place
# "weiß ich nicht genau" and its relatives, typed instead of pressing the button.
UNSURE_WORDS = ("weiß nicht", "weiss nicht", "weis nicht", "weiß ich nicht", "weiss ich nicht", "nicht genau",
                "nicht sicher", "keine ahnung", "unsicher")
NO_PHOTO = "none"
NO_LAMP = "none"  # not a streetlight, no pin, no lamp of the register nearby, or "Weiß ich nicht"
LAMP_UNKNOWN_WORDS = ("weiss ich nicht", "weiß ich nicht", "keine ahnung", "kein schild", "keine nummer", "nicht lesbar")
MAX_MORE_PHOTOS = 4  # with the first: five photos, as the backend takes them
UNNAMED_PIN = "Standort "  # the place of a pin nobody could name: "Standort 50.87630, 12.08360"
MAX_DESCRIPTION = 4000
# A first message that names the defect in this many words or more describes
# the problem ("Laterne Sorge 12 ist aus"): it counts as the description.
DESCRIPTION_MIN_WORDS = 3
# Messages that are not an answer to the form's question: the form steps
# aside and the rules answer them (cancel, emergency, small talk, questions).
NOT_AN_ANSWER = {"cancel", "emergency", "greet", "goodbye", "thank", "help", "bot_challenge", "out_of_scope",
                 "check_report_status", "ask_service", "delete_my_data", "nlu_fallback", "other_language",
                 "easy_language"}
NO_PHOTO_WORDS = ("ohne foto", "kein foto", "keins", "kein bild", "ohne bild", "überspringen", "ueberspringen", "nein")
# Of these, the ones that mean "no photo" whatever the NLU thinks the message is (it takes "ohne Foto" for small talk).
SKIP_PHOTO_PHRASES = ("ohne foto", "kein foto", "kein bild", "ohne bild", "überspringen", "ueberspringen")


def settings() -> config.Settings:
    return config.load()


def client() -> Open311Client:
    return Open311Client.from_settings(settings())


def entity(tracker: Tracker, name: str) -> Optional[Any]:
    return next(tracker.get_latest_entity_values(name), None)


def more_photos(tracker: Tracker) -> List[str]:
    """The further photos of an album in the latest message (/send_photo{"media_url": …, "more_media": […]})."""
    urls = []  # Rasa turns a list in a payload into one entity per item; a list value is taken too
    for value in tracker.get_latest_entity_values("more_media"):
        urls += [url for url in (value if isinstance(value, list) else [value]) if isinstance(url, str)]
    return urls[:MAX_MORE_PHOTOS]


def is_payload(text: Optional[str]) -> bool:
    return bool(text) and text.startswith("/")


async def place_from_message(tracker: Tracker) -> Dict[Text, Any]:
    """Slots for the place in the latest message: coordinates from Telegram (named by the nearest address),
    or the address as typed with the points the geocoder found for it (still to be confirmed)."""
    latitude, longitude = entity(tracker, "latitude"), entity(tracker, "longitude")
    if latitude is not None and longitude is not None:
        latitude, longitude = float(latitude), float(longitude)
        return {"place": await pin_name(latitude, longitude), "latitude": latitude, "longitude": longitude,
                "place_check": PIN, "place_options": None}
    address = entity(tracker, "location")
    return await typed_place(address) if address else {}


async def typed_place(text: str) -> Dict[Text, Any]:
    """Slots for a typed place: no point yet, the geocoder's candidates to show (none found: ask for a pin;
    the geocoder unreachable: keep the text unchecked, without a question)."""
    slots = {"place": text, "latitude": None, "longitude": None, "place_check": None, "place_options": None}
    try:
        async with GeocoderClient.from_settings(settings()) as geocoder:
            slots["place_options"] = [asdict(point) for point in await geocoder.search(text)]
    except GeocoderUnavailable as error:
        log.warning("geocoder unavailable for a typed place: %s", error)
        slots["place_check"] = UNCHECKED
    return slots


async def pin_name(latitude: float, longitude: float) -> str:
    """"bei Heinrichstraße 35": the address or place nearest to a pin (the geocoder's reverse search);
    the coordinates when the geocoder knows nothing there, is unreachable, or the pin is outside Gera."""
    found, current = None, settings()
    if current.gera_bbox.contains(latitude, longitude):
        try:
            async with GeocoderClient.from_settings(current) as geocoder:
                found = await geocoder.reverse(latitude, longitude)
        except GeocoderUnavailable as error:
            log.warning("geocoder unavailable for a pin: %s", error)
    return f"bei {found.label}" if found else f"{UNNAMED_PIN}{latitude:.5f}, {longitude:.5f}"


def shortened(text: str, dispatcher: CollectingDispatcher) -> str:
    """Open311 takes 4,000 characters: longer descriptions are cut, with a note, never refused."""
    if len(text) <= MAX_DESCRIPTION:
        return text
    dispatcher.utter_message(response="utter_description_shortened")
    return text[: MAX_DESCRIPTION - 1].rstrip() + "…"


class ActionStartReport(Action):
    """Takes what the first message already says, so the form asks only for the rest."""

    def name(self) -> Text:
        return "action_start_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        if not tracker.get_slot("privacy_noted"):
            dispatcher.utter_message(response="utter_privacy_note")
        slots: Dict[Text, Any] = {name: None for name in REPORT_SLOTS}
        slots.update(privacy_noted=True, category=entity(tracker, "category"), **await place_from_message(tracker))
        if entity(tracker, "media_url"):
            slots.update(photo=entity(tracker, "media_url"), more_photos=more_photos(tracker))
        text = tracker.latest_message.get("text") or ""
        intent = tracker.latest_message.get("intent", {}).get("name")
        describes = slots["category"] and len(text.split()) >= DESCRIPTION_MIN_WORDS
        if intent == "report_issue" and not is_payload(text) and describes:
            slots["description"] = shortened(text, dispatcher)
        return [SlotSet(name, value) for name, value in slots.items()]


TRAVELLING_WITH_PLACE = ("latitude", "longitude", "place_options")
PLACE_SLOTS = (*TRAVELLING_WITH_PLACE, "place_check")


class ValidateReportForm(FormValidationAction):
    """Reads category, place, photo and description from each answer, and checks them."""

    def name(self) -> Text:
        return "validate_report_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        # rasa-sdk returns only required slots; the coordinates and the candidates travel with the place,
        # an album's further photos with the photo.
        if any(e.get("event") == "slot" and e.get("name") in ("place", "place_check") for e in events):
            events += [SlotSet(name, tracker.get_slot(name)) for name in TRAVELLING_WITH_PLACE]
        if any(e.get("event") == "slot" and e.get("name") == "photo" for e in events) and entity(tracker, "media_url"):
            events.append(SlotSet("more_photos", more_photos(tracker)))
        return events

    async def get_validation_events(self, dispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        """After the slots of this turn: once category, place and lamp are settled, is the issue known already?"""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        known = await known_issues.decision(tracker, NO_LAMP)
        return events + [SlotSet(name, value) for name, value in known.items()]

    async def required_slots(self, domain_slots, dispatcher, tracker: Tracker, domain: Dict) -> List[Text]:
        """Waiting for a known issue to be fixed needs no photo and no description: the form ends there."""
        if tracker.get_slot("incident") == known_issues.WATCH:
            return domain_slots[:domain_slots.index("incident") + 1]
        return domain_slots

    async def extract_incident(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        """The answer to "Das ist bekannt …"; whether it is asked is decided with category, place and lamp."""
        return known_issues.answer(tracker, NOT_AN_ANSWER)

    async def extract_category(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        if _latest_intent(tracker) in NOT_AN_ANSWER:
            return {}
        value = entity(tracker, "category")
        if tracker.get_slot("requested_slot") == "category":
            return {"category": value}
        return {"category": value} if value and _is_correction(tracker) else {}

    async def extract_place(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        if _unclear_short_answer_to_where(tracker) or _other_place_typed_at_check(tracker):
            # "Bahnhof" alone puzzles the NLU, but asked "Wo ist das?" (or "– stimmt das?") it is a place;
            # the geocoder decides.
            return await typed_place((tracker.latest_message.get("text") or "").strip()[:200])
        if _latest_intent(tracker) in NOT_AN_ANSWER:
            return {}
        pin = entity(tracker, "latitude") is not None and entity(tracker, "longitude") is not None
        asked = tracker.get_slot("requested_slot") in ("place", "place_check")
        # Looked up only when it is taken: a description naming a place in passing costs no geocoder call.
        if (pin or entity(tracker, "location")) and (asked or pin or _is_correction(tracker)):
            return await place_from_message(tracker)
        if tracker.get_slot("requested_slot") != "place":
            return {}
        text = (tracker.latest_message.get("text") or "").strip()
        if _latest_intent(tracker) in ("affirm", "deny"):
            return {"place": None}
        # A place the NLU did not recognise is still a place: keep it as typed.
        return await typed_place(text[:200]) if text and not is_payload(text) else {"place": None}

    async def extract_place_check(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        """The answer to "Ist es hier?": a choice or yes confirms a point, no or "weiß nicht" keeps the text."""
        intent = _latest_intent(tracker)
        if tracker.get_slot("requested_slot") != "place_check" or intent in ("cancel", "emergency", "other_language"):
            return {}
        text = (tracker.latest_message.get("text") or "").lower()
        if any(word in text for word in UNSURE_WORDS):  # clear here, whatever the NLU made of it
            return {"place_check": UNKNOWN}
        if intent in NOT_AN_ANSWER or entity(tracker, "location") or entity(tracker, "latitude") is not None:
            return {}  # small talk for the rules; a new place or a pin for extract_place
        options = tracker.get_slot("place_options") or []
        chosen = _chosen(options, entity(tracker, "place_choice"), intent)
        if chosen:
            return {"place_check": CONFIRMED if chosen.get("precise") else APPROXIMATE,
                    "place": confirmed_name(tracker.get_slot("place"), chosen["label"]),
                    "latitude": chosen["latitude"], "longitude": chosen["longitude"]}
        return {"place_check": UNKNOWN if intent == "deny" else None}  # else asked again

    async def extract_photo(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        if _typed_no_photo(tracker):
            return {"photo": NO_PHOTO}  # the button's words typed ("ohne Foto"), whatever the NLU made of them
        if _latest_intent(tracker) in NOT_AN_ANSWER:
            return {}
        if entity(tracker, "media_url"):
            return {"photo": entity(tracker, "media_url")}
        if tracker.get_slot("requested_slot") != "photo":
            return {}
        text = (tracker.latest_message.get("text") or "").lower()
        intent = tracker.latest_message.get("intent", {}).get("name")
        skipped = intent == "deny" or any(word in text for word in NO_PHOTO_WORDS)
        return {"photo": NO_PHOTO if skipped else None}

    async def extract_lamp(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        """The answer to "Welche Lampe?"; whether it is asked at all is decided with category and place."""
        if tracker.get_slot("requested_slot") == "lamp":
            return await lamp_answer(dispatcher, tracker)
        return {}

    async def validate_place_check(self, value, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        # validate_place may have refused the place a moment ago (outside Gera): the tracker has the last word.
        checked = tracker.get_slot("place_check")
        return {"place_check": checked, **(await lamp_decision(tracker) if checked else {})}

    async def extract_description(self, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        # A description can sound like anything; only a cancel, an emergency or another language is not one.
        if tracker.get_slot("requested_slot") != "description" or _latest_intent(tracker) in ("cancel", "emergency", "other_language"):
            return {}
        text = (tracker.latest_message.get("text") or "").strip()
        return {"description": shortened(text, dispatcher) if text and not is_payload(text) else None}

    async def validate_category(self, value, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        if value not in CATEGORY_CODES:
            return {"category": None}
        tracker.slots["category"] = value
        return {"category": value, **await lamp_decision(tracker)}

    async def validate_place(self, value, dispatcher, tracker: Tracker, domain: Dict) -> Dict[Text, Any]:
        latitude, longitude = tracker.get_slot("latitude"), tracker.get_slot("longitude")
        if value and latitude is not None and not settings().gera_bbox.contains(latitude, longitude):
            dispatcher.utter_message(response="utter_outside_gera")
            return {"place": None, "latitude": None, "longitude": None, "place_check": None}
        return {"place": value, **await lamp_decision(tracker)}


def _typed_no_photo(tracker: Tracker) -> bool:
    """ "Ohne Foto" typed instead of pressed (a screen reader user types what the button says)."""
    text = (tracker.latest_message.get("text") or "").lower()
    return (tracker.get_slot("requested_slot") == "photo"
            and _latest_intent(tracker) not in ("cancel", "emergency", "other_language")
            and any(phrase in text for phrase in SKIP_PHOTO_PHRASES))


def _unclear_short_answer_to_where(tracker: Tracker) -> bool:
    text = (tracker.latest_message.get("text") or "").strip()
    return (tracker.get_slot("requested_slot") == "place" and _latest_intent(tracker) == "nlu_fallback"
            and 0 < len(text.split()) <= SHORT_PLACE_WORDS and not is_payload(text))


def _other_place_typed_at_check(tracker: Tracker) -> bool:
    """At the place check, a typed answer that is not yes, no, "weiß nicht" or a button: another place.

    A citizen without the map (a screen reader, no location to send) corrects the place by typing it.
    """
    text = (tracker.latest_message.get("text") or "").strip()
    return (tracker.get_slot("requested_slot") == "place_check" and _latest_intent(tracker) in ("inform", "nlu_fallback")
            and entity(tracker, "place_choice") is None and entity(tracker, "location") is None
            and 0 < len(text.split()) <= SHORT_PLACE_WORDS + 2 and not is_payload(text)
            and not any(word in text.lower() for word in UNSURE_WORDS))


def confirmed_name(typed: Optional[str], label: str) -> str:
    """The place as typed when it names the confirmed point and says more ("Heinrichstraße 35" for the street's
    point), else the point's name ("Gera Hbf" for "Bahnhof")."""
    return typed if typed and label.casefold() in typed.casefold() else label


def _chosen(options: List[Dict], choice: Optional[Any], intent: Optional[str]) -> Optional[Dict]:
    """The candidate a button names ("place_choice": its index), or the only one when the answer is yes."""
    if choice is not None:
        try:
            return options[int(choice)] if 0 <= int(choice) < len(options) else None
        except (TypeError, ValueError):
            return None
    return options[0] if intent == "affirm" and len(options) == 1 else None


def _is_correction(tracker: Tracker) -> bool:
    """"nein, es ist in der Heinrichstraße": a deny that carries a new value.

    Other answers are not read for category and place while the form asks for
    something else: a description often names a place or a thing in passing.
    """
    return _latest_intent(tracker) == "deny"


CATEGORY_CODES = {
    "road_damage", "streetlight", "traffic_light", "traffic_sign", "illegal_dumping", "litter_bin", "graffiti",
    "tree", "green_space", "playground", "drain", "winter_service", "abandoned_vehicle", "street_furniture",
    "dead_animal", "other",
}


class ActionAskCategory(Action):
    """Asks for the category with the backend's categories as buttons."""

    def name(self) -> Text:
        return "action_ask_category"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        async with client() as open311:
            buttons = await category_buttons(open311)
        if buttons:
            dispatcher.utter_message(response="utter_ask_category", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_ask_category_free_text")
        return []


class ActionAskPlaceCheck(Action):
    """Shows where the typed place is: one point as a map pin and in words to confirm ("Johannisplatz in Zentrum
    Süd – stimmt das?", readable without the map), several as buttons, none: ask for another way to say it."""

    def name(self) -> Text:
        return "action_ask_place_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        options = tracker.get_slot("place_options") or []
        if len(options) == 1:
            point = options[0]
            dispatcher.utter_message(json_message={"venue": {
                "latitude": point["latitude"], "longitude": point["longitude"], "title": point["label"],
                "address": point.get("address") or "Gera"}})
            dispatcher.utter_message(response="utter_place_found", place=spoken(point))
        elif options:
            buttons = [{"title": spoken(point), "payload": f'/inform{{"place_choice": "{index}"}}'}
                       for index, point in enumerate(options)]
            dispatcher.utter_message(response="utter_place_choose", buttons=buttons + [UNSURE_BUTTON])
        else:
            dispatcher.utter_message(response="utter_place_not_found", place=tracker.get_slot("place"))
        return []


UNSURE_BUTTON = {"title": "Weiß ich nicht genau", "payload": "/deny"}
LAMP_UNKNOWN_BUTTON = {"title": "Weiß ich nicht", "payload": "/deny"}


async def lamp_decision(tracker: Tracker) -> Dict[Text, Any]:
    """{"lamp": NO_LAMP} when "Welche Lampe?" is not to be asked: not a streetlight, no exact point (no pin, or
    a street's point), or no lamp of the register within 30 m; {} while undecided or when it is to be asked."""
    category, checked = tracker.get_slot("category"), tracker.get_slot("place_check")
    if tracker.get_slot("lamp") is not None or category is None or checked is None:
        return {}
    latitude, longitude = tracker.get_slot("latitude"), tracker.get_slot("longitude")
    if category != "streetlight" or latitude is None or longitude is None or checked == APPROXIMATE:
        return {"lamp": NO_LAMP}
    return {} if await lamps_near(latitude, longitude) else {"lamp": NO_LAMP}


async def lamps_near(latitude: float, longitude: float) -> List[Dict[Text, Any]]:
    """The register's lamps within 30 m; [] when there are none or the register cannot be asked."""
    async with AssetClient.from_settings(settings()) as register:
        try:
            return await register.lamps_near(latitude, longitude)
        except AssetsUnavailable as error:
            log.warning("asset register unavailable: %s", error)
            return []


def _lamp_buttons(lamps: List[Dict[Text, Any]]) -> List[Dict[Text, str]]:
    return [{"title": lamp_label(lamp), "payload": f'/inform{{"lamp_choice": "{lamp["asset_id"]}"}}'}
            for lamp in lamps[:3]] + [LAMP_UNKNOWN_BUTTON]


async def lamp_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """The answer to "Welche Lampe?": a button, a typed number (checked against the register, one typo
    tolerated: then "Meinen Sie …?"), or "Weiß ich nicht"."""
    intent = _latest_intent(tracker)
    if intent in ("cancel", "emergency", "other_language"):
        return {}
    chosen = entity(tracker, "lamp_choice")
    if chosen:
        return {"lamp": str(chosen)[:40]}
    text = (tracker.latest_message.get("text") or "").strip()
    if intent == "deny" or any(word in text.lower() for word in LAMP_UNKNOWN_WORDS):
        return {"lamp": NO_LAMP}
    if not text or is_payload(text) or not any(c.isdigit() for c in text):
        return {"lamp": None}  # asked again
    async with AssetClient.from_settings(settings()) as register:
        try:
            found = await register.find_lamp(text)
        except AssetsUnavailable:
            return {"lamp": text[:40]}  # the register cannot check it now: the citizen's number stands
    if found.get("asset"):
        return {"lamp": found["asset"]["asset_id"]}
    if found.get("similar"):
        dispatcher.utter_message(response="utter_lamp_did_you_mean", number=text[:40],
                                 buttons=_lamp_buttons(found["similar"]))
    else:
        dispatcher.utter_message(response="utter_lamp_not_found", number=text[:40])
    return {"lamp": None}


class ActionAskLamp(Action):
    """ "Welche Lampe ist es?": the register's lamps near the pin as buttons; the number on the mast may be typed."""

    def name(self) -> Text:
        return "action_ask_lamp"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        lamps = await lamps_near(tracker.get_slot("latitude"), tracker.get_slot("longitude"))
        dispatcher.utter_message(response="utter_ask_lamp", buttons=_lamp_buttons(lamps))
        return []


class ActionReviewReport(Action):
    """Offers an open report nearby to support, or shows the summary to confirm."""

    def name(self) -> Text:
        return "action_review_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        if tracker.get_slot("incident") == known_issues.WATCH:
            done = await known_issues.wait_for_fix(dispatcher, tracker)
            return reset_report() if done is not None else known_issues.go_on_reporting()
        declined = tracker.get_slot("report_step") == "duplicate" and _latest_intent(tracker) == "deny"
        # "Trotzdem melden" to an open report of the same lamp was the answer to this question already.
        declined = declined or (tracker.get_slot("known_issue") or {}).get("kind") == "report"
        if not declined:
            duplicate = await _open_report_nearby(tracker)
            if duplicate:
                # Category, distance, date and state only: never another citizen's words or photo.
                category = duplicate.service_name
                if not category:
                    async with client() as open311:
                        category = await category_name(open311, duplicate.service_code)
                dispatcher.utter_message(
                    response="utter_ask_duplicate",
                    number=duplicate.service_request_id,
                    category=category,
                    distance=distance_band(duplicate.distance_m),
                    date=_day(duplicate.requested_datetime),
                    state=duplicate.state,
                )
                return [SlotSet("duplicate_id", duplicate.service_request_id), SlotSet("report_step", "duplicate")]
        await show_summary(dispatcher, tracker)
        return [SlotSet("report_step", "summary"), SlotSet("report_key", tracker.get_slot("report_key") or uuid.uuid4().hex)]


def distance_band(distance_m: Optional[float]) -> str:
    """How far the other report is, in two bands: exact metres from several places would give its
    exact position away, which the public view rounds to about 100 m."""
    return "weniger als 20 m" if (distance_m or 0) < 20 else "20 bis 50 m"


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return tracker.latest_message.get("intent", {}).get("name")


def _day(timestamp: Optional[str]) -> str:
    """The day of an Open311 datetime as "06.12.2026" (the server's local date); "–" when there is none."""
    try:
        return datetime.fromisoformat((timestamp or "").replace("Z", "+00:00")).strftime("%d.%m.%Y")
    except ValueError:
        return "–"


async def _open_report_nearby(tracker: Tracker):
    """The nearest open report of the same category within 50 m of the last 30 days, if any."""
    latitude, longitude = tracker.get_slot("latitude"), tracker.get_slot("longitude")
    if latitude is None or longitude is None or tracker.get_slot("place_check") == APPROXIMATE:
        return None  # no point, or one for a whole street: nothing to compare within 50 m
    async with client() as open311:
        try:
            nearby = await open311.nearby_open_requests(tracker.get_slot("category"), latitude, longitude)
        except (BackendUnavailable, RequestRejected):
            return None  # the hint is a courtesy; filing must not depend on it
    return nearby[0] if nearby else None


async def show_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    photo = tracker.get_slot("photo")
    async with client() as open311:
        name = await category_name(open311, tracker.get_slot("category"))
    dispatcher.utter_message(
        response="utter_report_summary",
        category=name,
        place=(tracker.get_slot("place") or "") + (f" (Lampe {tracker.get_slot('lamp')})"
                                           if tracker.get_slot("lamp") not in (None, NO_LAMP) else ""),
        photo=photo_summary(photo, tracker.get_slot("more_photos")),
        description=tracker.get_slot("description"),
    )


def photo_summary(photo: Optional[str], more: Optional[List[str]]) -> str:
    if not photo or photo == NO_PHOTO:
        return "nein"
    return f"ja ({1 + len(more)} Fotos)" if more else "ja"


def reset_report() -> List[EventType]:
    return [SlotSet(name, None) for name in REPORT_SLOTS]


class ActionFileReport(Action):
    """Files the confirmed report through Open311; when the city's server is down, the outbox keeps it."""

    def name(self) -> Text:
        return "action_file_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        report = report_fields(tracker)
        key = tracker.get_slot("report_key") or uuid.uuid4().hex
        async with client() as open311:
            try:
                number = await open311.create_request(**report, idempotency_key=key)
                dispatcher.utter_message(response="utter_report_filed", number=number)
            except AcceptedWithoutNumber:
                dispatcher.utter_message(response="utter_report_filed_without_number")
            except BackendUnavailable:
                log.warning("backend unavailable; report %s goes to the outbox", key)
                Outbox.from_settings(settings()).put(report, key, tracker.sender_id)
                dispatcher.utter_message(response="utter_report_queued")
            except RequestRejected as rejected:
                dispatcher.utter_message(response="utter_report_rejected", reason=rejected.description)
        return reset_report()


def report_fields(tracker: Tracker) -> Dict[str, Any]:
    """The Open311 request fields of the report in the conversation."""
    photo = tracker.get_slot("photo")
    latitude, longitude = tracker.get_slot("latitude"), tracker.get_slot("longitude")
    has_photo = bool(photo) and photo != NO_PHOTO
    fields = {
        "service_code": tracker.get_slot("category"),
        "description": tracker.get_slot("description") or "",
        "media_url": photo if has_photo else None,
        "account_id": tracker.sender_id,
    }
    if has_photo and tracker.get_slot("more_photos"):
        fields["more_media_url"] = list(tracker.get_slot("more_photos"))
    if tracker.get_slot("lamp") not in (None, NO_LAMP):
        fields["attributes"] = {"pole_number": tracker.get_slot("lamp")}  # the streetlight's Open311 attribute
    place = tracker.get_slot("place")
    if latitude is not None and longitude is not None:
        fields.update(lat=latitude, long=longitude)
        if place and not place.startswith(UNNAMED_PIN):
            fields["address_string"] = place  # "bei Heinrichstraße 35": staff read it without a map
    else:
        fields["address_string"] = place
    return fields


class ActionSupportReport(Action):
    """Adds the citizen as supporter of the open report nearby instead of filing a new one."""

    def name(self) -> Text:
        return "action_support_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        number = tracker.get_slot("duplicate_id")
        async with client() as open311:
            try:
                support = await open311.support(number, account_id=tracker.sender_id)
                dispatcher.utter_message(response="utter_report_supported", number=number, people=support.people)
            except (BackendUnavailable, RequestRejected):
                dispatcher.utter_message(response="utter_support_failed", number=number)
        return reset_report()


class ActionChangeReport(Action):
    """Applies a correction from the summary ("nein, es ist in der Heinrichstraße") or asks what to change."""

    def name(self) -> Text:
        return "action_change_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        field = entity(tracker, "report_field")
        if field in ("category", "place", "photo", "description"):
            # A new place or category asks which lamp anew (actions: extract_lamp), and what is known there.
            cleared = [SlotSet(field, None), SlotSet("lamp", None)] + (
                [SlotSet(name, None) for name in PLACE_SLOTS] if field == "place" else []) + (
                [SlotSet("incident", None), SlotSet("known_issue", None)] if field in ("category", "place") else [])
            return cleared + [SlotSet("report_step", None), FollowupAction("report_form")]
        corrections = {**await place_from_message(tracker)}
        if entity(tracker, "category") in CATEGORY_CODES:
            corrections["category"] = entity(tracker, "category")
        if entity(tracker, "media_url"):
            corrections["photo"] = entity(tracker, "media_url")
        if not corrections:
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return []
        corrections["lamp"] = None  # decided again for the corrected place or category
        if {"place", "category"} & corrections.keys():  # and what is known there; a new photo changes neither
            corrections.update(incident=None, known_issue=None)
        return [SlotSet(name, value) for name, value in corrections.items()] + [
            SlotSet("report_step", None), FollowupAction("report_form")]


class ActionCancelReport(Action):
    """Drops the report in progress; nothing is sent. After an emergency the numbers stand alone."""

    def name(self) -> Text:
        return "action_cancel_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict) -> List[EventType]:
        if _latest_intent(tracker) != "emergency":
            dispatcher.utter_message(response="utter_cancel")
        return reset_report()
