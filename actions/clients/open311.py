"""Async client of an Open311 GeoReport v2 server: the built-in backend or the city's own system.

Everything the actions need: the categories, filing a report, reading one
back, "my reports", the duplicate hint, supporting a report, uploading a
photo. Filing and reading use only the standard, so any server that follows
the spec works; the backend's extensions (German state, notes, supporters,
account filter, lat/long search, Idempotency-Key) are used when present and
never required to read an answer.

The API key travels in the header X-Api-Key of every request that needs it
and, as the spec asks, in the form body of a POST; never in a URL, where
servers and proxies would log it (the built-in backend refuses that).
Reading sends it too: without it the built-in backend shows only its public
view (no text, a rounded place) and refuses the nearby search.

Errors come in two kinds, because the action must react differently:
- `RequestRejected`: the server refused the request (4xx). Its `description`
  is the German text of the Open311 error list, to be shown to the citizen.
  Trying again would give the same answer.
- `BackendUnavailable`: timeout, no connection, 5xx, an unreadable answer, or
  a missing/wrong api_key (`AccessDenied`). The report is fine; the outbox
  files it later.
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import quote

import httpx

from actions.clients.http import async_client
from actions.config import Settings

log = logging.getLogger(__name__)
# httpx logs every URL at INFO; ours carry citizens' account ids (GET filters), so keep it quiet.
logging.getLogger("httpx").setLevel(logging.WARNING)

# What a report may contain: the keyword arguments of create_request(); the outbox stores exactly these.
REPORT_FIELDS = ("service_code", "lat", "long", "address_string", "description", "media_url", "more_media_url", "attributes",
                 "account_id", "device_id", "email", "first_name", "last_name", "phone")

# The spec knows only open/closed; servers without the state extension get these German words.
PLAIN_STATES = {"open": "offen", "closed": "abgeschlossen"}
REJECTED = "Der Server hat die Anfrage abgelehnt."
# 4xx answers that mean "not now" rather than "not like this".
TRANSIENT_STATUS = {408, 425, 429}
EARTH_RADIUS_M = 6_371_008.8  # mean radius, as the built-in backend uses
KEY_HEADER = "X-Api-Key"

ApiKey = Union[str, Callable[[], str]]


class Open311Error(Exception):
    """Base of every error this client raises."""


class BackendUnavailable(Open311Error):
    """No usable answer now (timeout, connection, 5xx, garbage): the same request may succeed later."""


class AccessDenied(BackendUnavailable):
    """401/403: the api_key is missing or wrong. The operator must fix it; the report itself is fine, so
    it stays in the outbox instead of being dropped."""


class RequestRejected(Open311Error):
    """The server refused the request (4xx); `description` is its German explanation for the citizen."""

    def __init__(self, status: int, description: str, errors: Sequence[dict] = ()):
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description
        self.errors = list(errors)


class AcceptedWithoutNumber(Open311Error):
    """The report is filed, but the server answered only a token whose number is not known yet.

    Spec servers that process reports in batches do this; `token` can be
    resolved later with `resolve_token()`. Do NOT file the report again.
    """

    def __init__(self, token: str):
        super().__init__(f"filed, number not yet known (token {token})")
        self.token = token


@dataclass(frozen=True)
class Filed:
    """A filed report's number, and whether the server will tell the reporter's account (backend extension)."""

    service_request_id: str
    account_notified: bool = False


@dataclass(frozen=True)
class Note:
    """One entry of a report's history (extension `notes[]`)."""

    datetime: Optional[str]
    state: str
    note: str
    for_citizen: bool = True  # False: a staff note for colleagues only (the built-in backend's keyed view)


@dataclass(frozen=True)
class Report:
    """A report as any Open311 server shows it; extension fields are None/empty when the server lacks them."""

    service_request_id: str
    status: str  # open / closed (spec)
    state: str  # German: "eingegangen", "in Bearbeitung", ... or "offen"/"abgeschlossen" without the extension
    service_code: Optional[str] = None
    service_name: Optional[str] = None
    description: Optional[str] = None
    status_notes: Optional[str] = None
    address: Optional[str] = None
    lat: Optional[float] = None
    long: Optional[float] = None
    media_url: Optional[str] = None
    requested_datetime: Optional[str] = None
    updated_datetime: Optional[str] = None
    supporters: Optional[int] = None
    distance_m: Optional[float] = None
    notes: Tuple[Note, ...] = ()
    raw: Dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_open311(cls, item: Mapping[str, Any]) -> "Report":
        extended = item.get("extended_attributes") if isinstance(item.get("extended_attributes"), dict) else {}
        status = str(item.get("status") or "open").lower()
        return cls(
            service_request_id=str(item.get("service_request_id") or ""),
            status=status,
            state=str(extended.get("state") or PLAIN_STATES.get(status, status)),
            service_code=_text(item.get("service_code")),
            service_name=_text(item.get("service_name")),
            description=_text(item.get("description")),
            status_notes=_text(item.get("status_notes")),
            address=_text(item.get("address")),
            lat=_float(item.get("lat")),
            long=_float(item.get("long")),
            media_url=_text(item.get("media_url")),
            requested_datetime=_text(item.get("requested_datetime")),
            updated_datetime=_text(item.get("updated_datetime")),
            supporters=_int(extended.get("supporters")),
            distance_m=_float(extended.get("distance_m")),
            notes=tuple(_note(n) for n in item.get("notes") or () if isinstance(n, dict)),
            raw=dict(item),
        )


@dataclass(frozen=True)
class Support:
    """Answer of the supporters extension: how many citizens back the report, and whether this one was new."""

    service_request_id: str
    supporters: int
    added: bool

    @property
    def people(self) -> int:
        """Everyone who reports the problem: whoever filed it and its supporters."""
        return self.supporters + 1


class Open311Client:
    """One connection pool to an Open311 endpoint; use `async with` or call `aclose()`."""

    def __init__(self, endpoint: str, api_key: ApiKey = "", timeout: float = 5.0,
                 media_upload_url: Optional[str] = None, transport: Optional[httpx.AsyncBaseTransport] = None):
        self.endpoint = endpoint.rstrip("/")
        self.media_upload_url = media_upload_url
        self.timeout = timeout
        self._api_key = api_key
        self._http = async_client(base_url=self.endpoint + "/", timeout=timeout, transport=transport,
                                  headers={"Accept": "application/json"})

    @classmethod
    def from_settings(cls, settings: Settings) -> "Open311Client":
        # The key is looked up on every request: the backend may write its key file after we started.
        return cls(settings.open311_url, api_key=lambda: settings.api_key, timeout=settings.backend_timeout,
                   media_upload_url=settings.media_upload_url)

    async def __aenter__(self) -> "Open311Client":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- categories -----------------------------------------------------------------------------

    async def services(self) -> List[dict]:
        """All categories as the server lists them (service_code, service_name, group, ...)."""
        return _list(await self._get("services.json"))

    async def service_definition(self, service_code: str) -> dict:
        """The extra questions of a category: {"service_code", "attributes": [...]}."""
        body = await self._get(f"services/{_segment(service_code)}.json")
        if not isinstance(body, dict):
            raise BackendUnavailable("service definition is not a JSON object")
        return body

    # --- filing ---------------------------------------------------------------------------------

    async def create_request(self, service_code: str, *, lat: Optional[float] = None, long: Optional[float] = None,
                             address_string: Optional[str] = None, description: Optional[str] = None,
                             media_url: Optional[str] = None, more_media_url: Optional[List[str]] = None,
                             attributes: Optional[Mapping[str, Any]] = None,
                             account_id: Optional[str] = None, device_id: Optional[str] = None,
                             email: Optional[str] = None, first_name: Optional[str] = None,
                             last_name: Optional[str] = None, phone: Optional[str] = None,
                             idempotency_key: Optional[str] = None) -> str:
        """File a report; returns its service_request_id. The same idempotency_key never files twice."""
        report = {"service_code": service_code, "lat": lat, "long": long, "address_string": address_string,
                  "description": description, "media_url": media_url, "more_media_url": more_media_url or None,
                  "attributes": attributes,
                  "account_id": account_id, "device_id": device_id, "email": email, "first_name": first_name,
                  "last_name": last_name, "phone": phone}
        return (await self._file(report, idempotency_key)).service_request_id

    async def file_late(self, report: Mapping[str, Any], idempotency_key: str) -> Filed:
        """File a report the outbox kept (the fields of create_request). The citizen has not seen its number, so
        the backend is asked to tell their account (extension `notify_account`); `account_notified` says whether
        it will. Other servers ignore the field, and the assistant tells the number when asked."""
        return await self._file(report, idempotency_key, notify_account=True)

    async def _file(self, report: Mapping[str, Any], idempotency_key: Optional[str],
                    notify_account: bool = False) -> Filed:
        fields = {name: value for name, value in report.items() if name not in ("service_code", "attributes")}
        form: Dict[str, Union[str, List[str]]] = {"api_key": self._key(), "service_code": report["service_code"]}
        form.update({name: [str(v) for v in value] if isinstance(value, list) else str(value)
                     for name, value in fields.items() if value not in (None, "", [])})  # a list: the field repeated
        form.update(_attribute_fields(report.get("attributes") or {}))
        if notify_account:
            form["notify_account"] = "true"
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        answer = _first(await self._request("POST", "requests.json", data=form, headers=self._keyed(headers)))
        if answer.get("service_request_id") not in (None, ""):
            return Filed(str(answer["service_request_id"]), answer.get("account_notified") is True)
        token = _text(answer.get("token"))
        if not token:
            raise BackendUnavailable("the answer to POST requests.json has neither service_request_id nor token")
        number = await self._try_resolve(token)
        if number is None:
            raise AcceptedWithoutNumber(token)
        return Filed(number)

    async def resolve_token(self, token: str) -> Optional[str]:
        """The number behind a token, or None while the server has not assigned one."""
        items = _list(await self._get(f"tokens/{_segment(token)}.json"))
        number = items[0].get("service_request_id") if items and isinstance(items[0], dict) else None
        return str(number) if number not in (None, "") else None

    async def _try_resolve(self, token: str) -> Optional[str]:
        try:
            return await self.resolve_token(token)
        except Open311Error:
            return None  # the report is filed either way; the number can be asked for later

    # --- reading --------------------------------------------------------------------------------

    async def get_request(self, service_request_id: str) -> Report:
        """One report with German state and notes when the server has the extensions."""
        items = _list(await self._request("GET", f"requests/{_segment(service_request_id)}.json",
                                          params={"extensions": "true"}, headers=self._keyed()))
        if not items or not isinstance(items[0], dict):
            raise RequestRejected(404, f"Keine Meldung mit der Nummer „{service_request_id}“.")
        return Report.from_open311(items[0])

    async def my_requests(self, account_id: str, page_size: int = 50) -> List[Report]:
        """The citizen's own reports, newest first. Needs the backend's account_id extension: a server
        without it would ignore the filter, so only point this at servers that have it."""
        params = {"account_id": account_id, "extensions": "true", "page_size": str(page_size)}
        return _reports(await self._request("GET", "requests.json", params=params, headers=self._keyed()))

    async def nearby_open_requests(self, service_code: str, lat: float, long: float, radius_m: float = 50,
                                   days: int = 30) -> List[Report]:
        """Open reports of this category within radius_m of the place, filed in the last `days`, nearest first.

        The distance is checked here too, so a server that ignores the lat/long
        extension still gives a correct (if slower) duplicate hint. With the key: without it the
        built-in backend refuses the search (it would give a report's exact place away).
        """
        since = datetime.now(timezone.utc) - timedelta(days=days)
        params = {"service_code": service_code, "status": "open", "lat": str(lat), "long": str(long),
                  "radius": str(radius_m), "start_date": since.isoformat(timespec="seconds"),
                  "extensions": "true"}
        nearby = []
        for report in _reports(await self._request("GET", "requests.json", params=params, headers=self._keyed())):
            distance = report.distance_m
            if distance is None:  # a server without the extension: measure ourselves
                distance = _distance_m(lat, long, report.lat, report.long)
            if report.status == "open" and report.service_code == service_code and distance is not None \
                    and distance <= radius_m:
                nearby.append((distance, report))
        return [report for _, report in sorted(nearby, key=lambda pair: pair[0])]

    # --- extensions of the built-in backend ----------------------------------------------------

    async def support(self, service_request_id: str, account_id: Optional[str] = None,
                      device_id: Optional[str] = None) -> Support:
        """"Me too" for a report; each citizen (account_id, else device_id) counts once."""
        form = {"api_key": self._key(), "account_id": account_id or "", "device_id": device_id or ""}
        answer = _first(await self._request("POST", f"requests/{_segment(service_request_id)}/supporters.json",
                                            data={k: v for k, v in form.items() if v}, headers=self._keyed()))
        return Support(str(answer.get("service_request_id") or service_request_id),
                       _int(answer.get("supporters")) or 0, bool(answer.get("added")))

    async def feedback(self, service_request_id: str, account_id: str, fixed: bool) -> Dict[str, Any]:
        """ "Ja, behoben" / "Nein, noch nicht" to a solved report: {"outcome", "feedback_id", "service_code", ...}
        (backend/feedback.py names the outcomes)."""
        form = {"api_key": self._key(), "account_id": account_id, "answer": "fixed" if fixed else "not_fixed"}
        return _first(await self._request("POST", f"requests/{_segment(service_request_id)}/feedback.json",
                                          data=form, headers=self._keyed()))

    async def add_remark(self, service_request_id: str, account_id: str, remark: str = "",
                         media_url: Optional[str] = None) -> None:
        """The citizen's words and/or photo to an open report they made or support (internal for staff)."""
        form = {"api_key": self._key(), "account_id": account_id, "remark": remark, "media_url": media_url or ""}
        await self._request("POST", f"requests/{_segment(service_request_id)}/remarks.json",
                            data={k: v for k, v in form.items() if v}, headers=self._keyed())

    async def rate(self, service_request_id: str, account_id: str, feedback_id: str, rating: str) -> None:
        """How content the citizen is with a solved report, "1" to "5"."""
        form = {"api_key": self._key(), "account_id": account_id, "feedback_id": feedback_id, "rating": rating}
        await self._request("POST", f"requests/{_segment(service_request_id)}/rating.json",
                            data=form, headers=self._keyed())

    async def upload_media(self, content: bytes, filename: str, content_type: str) -> str:
        """Store a photo; returns the URL that goes into create_request(media_url=...)."""
        if not self.media_upload_url:
            raise RequestRejected(404, "Dieser Server nimmt keine Fotos an.")
        body = await self._request("POST", self.media_upload_url, data={"api_key": self._key()},
                                   files={"file": (filename, content, content_type)}, headers=self._keyed())
        url = body.get("media_url") if isinstance(body, dict) else None
        if not url:
            raise BackendUnavailable("the media upload answered without media_url")
        return str(url)

    # --- HTTP -----------------------------------------------------------------------------------

    def _key(self) -> str:
        key = self._api_key() if callable(self._api_key) else self._api_key
        if not key:
            raise AccessDenied("no Open311 API key: set OPEN311_API_KEY or start the backend once so that it "
                               "writes <data dir>/open311-api-key")
        return key

    def _keyed(self, headers: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
        """`headers` plus the API key: a header, never a query parameter (URLs end up in access logs)."""
        return {**(headers or {}), KEY_HEADER: self._key()}

    async def _get(self, path: str, params: Optional[Mapping[str, str]] = None) -> Any:
        return await self._request("GET", path, params=params)

    async def _request(self, method: str, path: str, **kwargs) -> Any:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise BackendUnavailable(f"{method} {path}: no answer within {self.timeout:g} s") from exc
        except httpx.RequestError as exc:
            raise BackendUnavailable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        _raise_for_status(method, path, response)
        try:
            return response.json()
        except ValueError:
            raise BackendUnavailable(f"{method} {path}: the answer is not JSON") from None


def _raise_for_status(method: str, path: str, response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if status in (401, 403):
        log.error("Open311 server refused the API key (%s %s -> %s): check OPEN311_API_KEY", method, path, status)
        raise AccessDenied(f"{method} {path}: {status}, API key missing or wrong")
    if 400 <= status < 500 and status not in TRANSIENT_STATUS:
        errors = _errors(response)
        description = next((str(e["description"]) for e in errors if e.get("description")), REJECTED)
        raise RequestRejected(status, description, errors)
    raise BackendUnavailable(f"{method} {path}: HTTP {status}")


def _errors(response: httpx.Response) -> List[dict]:
    """The Open311 error list [{code, description}], tolerating a bare object or {"errors": [...]}."""
    try:
        body = response.json()
    except ValueError:
        return []
    if isinstance(body, dict):
        body = body.get("errors", [body])
    return [e for e in body if isinstance(e, dict)] if isinstance(body, list) else []


def _attribute_fields(attributes: Mapping[str, Any]) -> Dict[str, Union[str, List[str]]]:
    """{code: value or [values]} -> attribute[code]=v, or attribute[code][]=v per value (multivaluelist)."""
    fields: Dict[str, Union[str, List[str]]] = {}
    for code, value in attributes.items():
        if isinstance(value, (list, tuple)):
            fields[f"attribute[{code}][]"] = [str(v) for v in value]  # httpx repeats the field per value
        elif value not in (None, ""):
            fields[f"attribute[{code}]"] = str(value)
    return fields


def _list(body: Any) -> list:
    # The spec answers lists; a single object is accepted from lenient servers.
    if isinstance(body, dict):
        return [body]
    if not isinstance(body, list):
        raise BackendUnavailable("the answer is not a JSON list")
    return body


def _first(body: Any) -> dict:
    items = _list(body)
    if not items or not isinstance(items[0], dict):
        raise BackendUnavailable("the answer is an empty list")
    return items[0]


def _reports(body: Any) -> List[Report]:
    return [Report.from_open311(item) for item in _list(body) if isinstance(item, dict)]


def _segment(value: str) -> str:
    """A value as one URL path segment (a report number with '/' must not change the route)."""
    return quote(str(value), safe="")


def _note(item: Mapping[str, Any]) -> Note:
    return Note(datetime=_text(item.get("datetime")), state=str(item.get("state") or item.get("status") or ""),
                note=str(item.get("note") or ""), for_citizen=item.get("for_citizen") is not False)


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _float(value: Any) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _distance_m(lat1: float, long1: float, lat2: Optional[float], long2: Optional[float]) -> Optional[float]:
    """Great-circle distance in metres (haversine); None when a position is unknown."""
    if lat2 is None or long2 is None:
        return None
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(long2 - long1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))
