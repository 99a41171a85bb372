"""Reading and checking what Open311 clients send: the POST form of a new report and the GET filters.

Every mistake is answered with a German 400 (an unknown service_code with a
404). An empty parameter counts as absent, as the spec says.

Description text: HTML tags are stripped (not rejected), so a citizen who
pastes "<b>Loch</b>" keeps the words and nobody is turned away; text like
"<3" or "a < b" stays. Control characters are removed. The limit of 4,000
characters applies to the cleaned text.
"""

import math
import re
from datetime import timedelta
from typing import Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from backend import categories, dates
from backend.config import Settings
from backend.errors import bad_request, not_found
from backend.storage import STATES, NewRequest, RequestQuery

MAX_DESCRIPTION = 4000
MAX_DAYS = 90
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
DEFAULT_RADIUS = 50.0
MAX_RADIUS = 5000.0
FIELD_LIMITS = {"address_string": 500, "address_id": 100, "email": 254, "device_id": 200, "account_id": 200,
                "first_name": 100, "last_name": 100, "phone": 50, "media_url": 2000}

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
_SCRIPT = re.compile(r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_text(text: str) -> str:
    """Plain text: HTML tags stripped, control characters removed, line ends unified, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG.sub("", _SCRIPT.sub("", text))
    return _CONTROL.sub("", text).strip()


def _value(form: Mapping, name: str) -> Optional[str]:
    value = form.get(name)
    if value is None or not isinstance(value, str):
        return None
    value = _CONTROL.sub("", value).strip()
    if not value:
        return None
    limit = FIELD_LIMITS.get(name)
    if limit and len(value) > limit:
        raise bad_request(f"„{name}“ ist zu lang (höchstens {limit} Zeichen).")
    return value


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise bad_request(f"„{name}“ muss eine Zahl sein, z. B. 50.8763.") from None
    if not math.isfinite(value):
        raise bad_request(f"„{name}“ muss eine Zahl sein, z. B. 50.8763.")
    return value


def location(form: Mapping) -> Tuple[Optional[float], Optional[float]]:
    lat, long = _value(form, "lat"), _value(form, "long")
    if (lat is None) != (long is None):
        raise bad_request("lat und long gehören zusammen: bitte beide angeben.")
    if lat is None:
        return None, None
    lat_value, long_value = _number(lat, "lat"), _number(long, "long")
    if not (-90 <= lat_value <= 90 and -180 <= long_value <= 180):
        raise bad_request("lat oder long liegt außerhalb des gültigen Bereichs.")
    return lat_value, long_value


def read_new_request(form, settings: Settings) -> NewRequest:
    """The POST /requests.json form -> NewRequest (media file and api_key are handled by the route)."""
    code = _value(form, "service_code")
    if not code:
        raise bad_request("service_code fehlt: bitte die Kategorie der Meldung angeben.")
    service = categories.get(code)
    if service is None:
        raise not_found(f"Unbekannte Kategorie (service_code „{code}“). Die Liste steht unter services.json.")

    lat, long = location(form)
    address, address_id = _value(form, "address_string"), _value(form, "address_id")
    if lat is None and not address and not address_id:
        raise bad_request("Der Ort fehlt: bitte lat und long, address_string oder address_id angeben.")
    if lat is not None and not settings.bbox.contains(lat, long):
        raise bad_request("Der Ort liegt außerhalb von Gera. Meldungen nimmt die Stadt Gera nur für ihr "
                          "Stadtgebiet an.")

    raw = form.get("description")
    description = clean_text(raw) if isinstance(raw, str) else ""
    if len(description) > MAX_DESCRIPTION:
        raise bad_request(f"Die Beschreibung ist zu lang: höchstens {MAX_DESCRIPTION} Zeichen, "
                          f"gesendet wurden {len(description)}.")

    media_url = _value(form, "media_url")
    more_media = _more_media(form)
    for url in filter(None, [media_url, *more_media]):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise bad_request("media_url muss eine http- oder https-Adresse sein.")
    if more_media and not media_url:
        raise bad_request("more_media_url nur zusammen mit media_url.")

    email = _value(form, "email")
    if email and not _EMAIL.match(email):
        raise bad_request("Die E-Mail-Adresse ist ungültig.")

    return NewRequest(
        service_code=service.code,
        agency_responsible=categories.AGENCY,
        service_notice=categories.NOTICE,
        description=description,
        attributes=categories.validate_attributes(service, attributes(form)),
        lat=lat,
        long=long,
        address=address,
        address_id=address_id,
        media_url=media_url,
        more_media=more_media,
        contact={name: _value(form, name) for name in
                 ("email", "device_id", "account_id", "first_name", "last_name", "phone")},
    )


MAX_MORE_MEDIA = 4  # with media_url: five photos per report, an album's worth


def _more_media(form) -> List[str]:
    """Extension: further photos (repeated field more_media_url), e.g. of an album sent at once."""
    values = form.getlist("more_media_url") if hasattr(form, "getlist") else []
    urls = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    if len(urls) > MAX_MORE_MEDIA:
        raise bad_request(f"Höchstens {MAX_MORE_MEDIA + 1} Fotos pro Meldung (media_url und {MAX_MORE_MEDIA} "
                          "more_media_url).")
    if any(len(url) > FIELD_LIMITS["media_url"] for url in urls):
        raise bad_request(f"„more_media_url“ ist zu lang (höchstens {FIELD_LIMITS['media_url']} Zeichen).")
    return urls


def notify_account(form) -> bool:
    """Extension of POST /requests.json: notify_account=true asks the backend to tell the reporter's account the
    number through the notifications (backend/notifications.py), because the citizen has not seen it: the
    assistant's outbox files the report late. Without an account_id it changes nothing."""
    raw = form.get("notify_account")
    return flag({"notify_account": raw if isinstance(raw, str) else None}, "notify_account")


def attributes(form) -> Dict[str, List[str]]:
    """attribute[code]=v and attribute[code][]=v1&attribute[code][]=v2 -> {code: [values]}."""
    sent: Dict[str, List[str]] = {}
    for key in dict.fromkeys(form.keys()):
        match = _ATTRIBUTE.match(key)
        if match:
            values = [v for v in form.getlist(key) if isinstance(v, str)]
            sent.setdefault(match.group(1), []).extend(values)
    return sent


def _csv(params: Mapping, name: str) -> List[str]:
    return [part.strip() for part in (params.get(name) or "").split(",") if part.strip()]


def _date(params: Mapping, name: str):
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        moment = dates.parse(text)
        # A date at the end of the calendar (9999-12-31T23:59-14:00) parses, but cannot be shown in UTC or
        # moved by the 90-day window: OverflowError, which is no ValueError.
        dates.to_db(moment - timedelta(days=MAX_DAYS))
        dates.to_db(moment + timedelta(days=MAX_DAYS))
        return moment
    except (ValueError, OverflowError):
        example = "2026-11-26T09:30:00+01:00"
        raise bad_request(f"„{name}“ ist kein gültiges Datum (ISO 8601, z. B. {example}).") from None


def is_whole_number(text: str, digits: int = 18) -> bool:
    """ASCII digits only, at most `digits` of them: str.isdigit() is also true for "²" and "①", which int()
    refuses, and SQLite integers end at 19 digits (an OverflowError, a 500 before)."""
    return isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= digits


def _whole(params: Mapping, name: str, default: int, low: int, high: int) -> int:
    text = (params.get(name) or "").strip()
    if not text:
        return default
    if not is_whole_number(text, 12) or not low <= int(text) <= high:
        raise bad_request(f"„{name}“ muss eine ganze Zahl von {low} bis {high} sein.")
    return int(text)


def flag(params: Mapping, name: str) -> bool:
    text = (params.get(name) or "").strip().lower()
    if text in ("", "false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise bad_request(f"„{name}“ muss true oder false sein.")


def read_query(params: Mapping) -> RequestQuery:
    """The GET /requests.json parameters -> RequestQuery (the route checks the api_key for account filters)."""
    query = RequestQuery(
        ids=_csv(params, "service_request_id")[:MAX_PAGE_SIZE],
        service_codes=_csv(params, "service_code"),
        statuses=_csv(params, "status"),
        account_id=_value(params, "account_id"),
        device_id=_value(params, "device_id"),
        page=_whole(params, "page", 1, 1, 100000),
        page_size=_whole(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )
    for code in query.service_codes:
        if categories.get(code) is None:
            raise bad_request(f"Unbekannte Kategorie (service_code „{code}“).")
    for status in query.statuses:
        if status not in ("open", "closed"):
            raise bad_request(f"Unbekannter Status „{status}“: erlaubt sind open und closed.")
    query.near = _near(params)
    # A lookup by number skips the 90-day window, with or without the key: without it, reading old reports
    # by number gives only their public view (backend/open311.py), the same as a list of recent ones.
    if not query.ids:
        query.start, query.end = _window(params, own_reports=bool(query.account_id or query.device_id))
    return query


def _near(params: Mapping) -> Optional[Tuple[float, float, float]]:
    lat, long = location(params)
    radius_text = _value(params, "radius")
    if lat is None:
        if radius_text:
            raise bad_request("radius braucht lat und long.")
        return None
    radius = _number(radius_text, "radius") if radius_text else DEFAULT_RADIUS
    if not 0 < radius <= MAX_RADIUS:
        raise bad_request(f"„radius“ muss größer als 0 und höchstens {MAX_RADIUS:.0f} Meter sein.")
    return lat, long, radius


def _window(params: Mapping, own_reports: bool) -> Tuple[Optional[str], Optional[str]]:
    """start/end as UTC text; at most 90 days apart. Without dates: the last 90 days
    (no limit when listing one citizen's own reports)."""
    start, end = _date(params, "start_date"), _date(params, "end_date")
    span = timedelta(days=MAX_DAYS)
    if start and end:
        if end < start:
            raise bad_request("end_date liegt vor start_date.")
        if end - start > span:
            raise bad_request(f"Der Zeitraum zwischen start_date und end_date darf höchstens {MAX_DAYS} Tage "
                              "umfassen.")
    elif start:
        end = start + span
    elif end:
        start = end - span
    elif own_reports:
        return None, None
    else:
        start = dates.now() - span
    return (dates.to_db(start) if start else None), (dates.to_db(end) if end else None)


def supporter(form) -> Tuple[Optional[str], Optional[str]]:
    """(account_id, device_id) of a supporter; at least one is needed."""
    account_id, device_id = _value(form, "account_id"), _value(form, "device_id")
    if not account_id and not device_id:
        raise bad_request("account_id oder device_id fehlt: wer unterstützt die Meldung?")
    return account_id, device_id


def state_change(form) -> Tuple[str, str]:
    """(state code, cleaned note) of a staff status change; the state may be its code or German name."""
    text = _value(form, "state")
    if not text:
        raise bad_request("state fehlt: bitte den neuen Bearbeitungsstand angeben.")
    for code, (label, _status) in STATES.items():
        if text.casefold() in (code, label.casefold()):
            break
    else:
        allowed = ", ".join(label for label, _status in STATES.values())
        raise bad_request(f"Unbekannter Bearbeitungsstand „{text}“. Erlaubt: {allowed}.")
    raw = form.get("note")
    note = clean_text(raw) if isinstance(raw, str) else ""
    if len(note) > MAX_DESCRIPTION:
        raise bad_request(f"Die Notiz ist zu lang (höchstens {MAX_DESCRIPTION} Zeichen).")
    return code, note
