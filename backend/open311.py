"""Open311 GeoReport v2 routes (JSON), mounted under /open311/v2.

Standard: discovery, services, service definitions, POST/GET requests,
GET one request, tokens. Extensions (documented in backend/README.md):
paging, `extensions=true`, the account_id/device_id filter ("my reports",
api_key needed), lat/long/radius (api_key needed), supporters, the staff
status change, the Idempotency-Key and released photos (GET /media/{name}).

Reading stays open to everyone, as Open311 wants, but what a reader sees
depends on the key (header X-Api-Key). With it (the city's systems, the
assistant's actions) a report is shown in full. Without it, or with a wrong
one, a report shows what the citizen was told is public (bot/texts.py,
domain.yml): category, state, dates, a position rounded to about 100 m and
the notes written for the citizen, masked (backend/masking.py); the text,
address and photo only once staff released them (backend/releases.py).
"""

import json
from typing import List, Optional

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backend import categories, dates, masking, params, releases
from backend.auth import check_api_key, has_api_key, keyed_form
from backend.errors import bad_request, forbidden, not_found
from backend.media import store_upload
from backend.storage import STATES, Filed, IdempotencyConflict, Storage, UnknownRequest

router = APIRouter()

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_KEY_LENGTH = 200
PUBLIC_DECIMALS = 3  # lat/long rounded to 0.001°: about 110 m north-south, 70 m east-west in Gera
LIST_TYPES = ("singlevaluelist", "multivaluelist")  # attributes with fixed answers; free text may name a place
NEARBY_NEEDS_KEY = ("Die Umkreissuche (lat, long, radius) gibt es nur mit dem API-Schlüssel im Header X-Api-Key: "
                    "sie verriete den genauen Ort einer Meldung.")


def _storage(request: Request) -> Storage:
    return request.app.state.storage


def _unknown_request(service_request_id: str):
    return not_found(f"Keine Meldung mit der Nummer „{service_request_id}“.")


def render(row: dict, extensions: bool = False, notes: Optional[List[dict]] = None) -> dict:
    """A stored report in full, as the city's systems see it (the key); contact data (reporters) never appears."""
    service = categories.get(row["service_code"])
    full = {
        "service_request_id": row["service_request_id"],
        "status": row["status"],
        "status_notes": row["status_notes"],
        "service_name": service.name if service else row["service_code"],
        "service_code": row["service_code"],
        "description": row["description"],
        "agency_responsible": row["agency_responsible"],
        "service_notice": row["service_notice"],
        "requested_datetime": dates.to_public(row["requested_datetime"]),
        "updated_datetime": dates.to_public(row["updated_datetime"]),
        "expected_datetime": dates.to_public(row["expected_datetime"]),
        "address": row["address"],
        "address_id": row["address_id"],
        "zipcode": row["zipcode"],
        "lat": row["lat"],
        "long": row["long"],
        "media_url": row["media_url"],
    }
    if extensions:
        extended = {
            "state": STATES[row["state"]][0],
            "state_code": row["state"],
            "supporters": row["supporters"],
            "attributes": json.loads(row["attributes"] or "{}"),
        }
        if row.get("distance") is not None:
            extended["distance_m"] = round(row["distance"], 1)
        full["extended_attributes"] = extended
        full["notes"] = [{**_note(n, n["note"]), "for_citizen": bool(n["for_citizen"])} for n in (notes or [])]
    return full


def render_public(row: dict, extensions: bool, notes: List[dict], release: Optional[dict],
                  open311_url: str) -> dict:
    """A report as anyone may see it: what the citizen was told is public (module docstring)."""
    service = categories.get(row["service_code"])
    told = [n for n in notes if n["for_citizen"]]
    written = [n for n in told if n["source"] != "system" and n["note"]]
    if row["status_notes"] is None:
        status_notes = None
    else:
        status_notes = masking.mask(written[-1]["note"]) if written else STATES[row["state"]][0]
    public = {
        "service_request_id": row["service_request_id"],
        "status": row["status"],
        "status_notes": status_notes,
        "service_name": service.name if service else row["service_code"],
        "service_code": row["service_code"],
        "description": release["description"] if release else None,
        "agency_responsible": row["agency_responsible"],
        "service_notice": row["service_notice"],
        "requested_datetime": dates.to_public(row["requested_datetime"]),
        "updated_datetime": dates.to_public(row["updated_datetime"]),
        "expected_datetime": dates.to_public(row["expected_datetime"]),
        "address": release["address"] if release else None,
        "address_id": row["address_id"] if release else None,
        "zipcode": row["zipcode"] if release else None,
        "lat": _coarse(row["lat"]),
        "long": _coarse(row["long"]),
        "media_url": releases.public_photo_url(open311_url, row["media_url"]) if release and release["photo"]
        else None,
    }
    if extensions:
        public["extended_attributes"] = {
            "state": STATES[row["state"]][0],
            "state_code": row["state"],
            "supporters": row["supporters"],
            "attributes": _public_attributes(service, json.loads(row["attributes"] or "{}"), bool(release)),
        }
        public["notes"] = [_note(n, masking.mask(n["note"])) for n in told]
    return public


def _note(note: dict, text: str) -> dict:
    return {"datetime": dates.to_public(note["datetime"]), "status": note["status"],
            "state": STATES[note["state"]][0], "state_code": note["state"], "note": text}


def _coarse(degrees: Optional[float]) -> Optional[float]:
    return None if degrees is None else round(degrees, PUBLIC_DECIMALS)


def _public_attributes(service, attributes: dict, released: bool) -> dict:
    """Answers from fixed lists; free text (a lamp post's number pins the place) only after a release, masked."""
    kinds = {a.code: a.datatype for a in service.attributes} if service else {}
    public = {}
    for code, value in attributes.items():
        if kinds.get(code) in LIST_TYPES:
            public[code] = value
        elif released:
            public[code] = masking.mask(value) if isinstance(value, str) else value
    return public


def _render_all(request: Request, rows: List[dict], extensions: bool, full: bool) -> List[dict]:
    storage = _storage(request)
    if full:
        notes = storage.notes_for([row["id"] for row in rows]) if extensions else {}
        return [render(row, extensions, notes.get(row["id"])) for row in rows]
    notes = storage.notes_for([row["id"] for row in rows])  # the public status_notes come from the citizen notes
    released = releases.for_requests(storage, [row["id"] for row in rows])
    url = request.app.state.settings.open311_url
    return [render_public(row, extensions, notes[row["id"]], released.get(row["id"]), url) for row in rows]


@router.get("/discovery.json")
def discovery(request: Request):
    """Where the endpoint is and what it speaks."""
    settings = request.app.state.settings
    return {
        "changeset": categories.CHANGESET,
        "contact": "Stadtverwaltung Gera, Kornmarkt 12, 07545 Gera",
        "key_service": "Den API-Schlüssel vergibt der Betreiber dieses Servers (Stadtverwaltung Gera).",
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": settings.open311_url,
            "changeset": categories.CHANGESET,
            "type": "production",
            "formats": ["application/json"],
        }],
    }


@router.get("/services.json")
def service_list():
    """All report categories."""
    return [service.to_open311() for service in categories.CATEGORIES.values()]


@router.get("/services/{service_code}.json")
def service_definition(service_code: str):
    """The extra questions (attributes) of one category."""
    service = categories.get(service_code)
    if service is None:
        raise not_found(f"Unbekannte Kategorie (service_code „{service_code}“).")
    return service.definition()


@router.post("/requests.json")
async def create_request(request: Request):
    """File a report (form-encoded or multipart, api_key); a retry with the same Idempotency-Key gives the same one."""
    async with keyed_form(request) as form:
        new = params.read_new_request(form, request.app.state.settings)
        key = _idempotency_key(request, form)
        notify = params.notify_account(form)
        storage = _storage(request)
        try:
            known = await run_in_threadpool(storage.request_for_key, key, new) if key else None
            if known is None:
                upload = form.get("media")
                if isinstance(upload, UploadFile) and upload.filename:
                    stored = await store_upload(upload, request.app.state.settings, storage, too_large_status=400)
                    new.media_url = stored["media_url"]
                filed = await run_in_threadpool(storage.create_request, new, key, notify)
            elif notify:  # a replay whose first answer may have been lost: the notification is made at most once
                filed = await run_in_threadpool(storage.create_request, new, key, notify)
            else:
                filed = Filed(known, False)
        except IdempotencyConflict:
            raise bad_request("Dieser Idempotency-Key wurde schon für eine andere Meldung verwendet.") from None
    row = filed.row
    answer = {
        "service_request_id": row["service_request_id"],
        "token": row["token"],
        "service_notice": row["service_notice"],
        "account_id": new.contact.get("account_id"),
    }
    if filed.account_notified:  # extension: the adapter will tell the citizen the number (backend/notifications.py)
        answer["account_notified"] = True
    headers = {} if filed.created else {"Idempotent-Replayed": "true"}
    return JSONResponse([answer], status_code=201 if filed.created else 200, headers=headers)


def _idempotency_key(request: Request, form) -> Optional[str]:
    key = request.headers.get("idempotency-key") or form.get("idempotency_key")
    if not isinstance(key, str) or not key.strip():
        return None
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise bad_request(f"Der Idempotency-Key ist ungültig (höchstens {MAX_KEY_LENGTH} druckbare Zeichen).")
    return key


@router.get("/requests.json")
def list_requests(request: Request):
    """Reports matching the filters, newest first (nearest first with lat/long), one page."""
    query_params = request.query_params
    full = has_api_key(request)  # a key in the URL is refused with 400 here
    query = params.read_query(query_params)
    if query.account_id or query.device_id:
        check_api_key(request)  # whose reports these are is personal data (the key in the header X-Api-Key)
    if query.near and not full:
        raise forbidden(NEARBY_NEEDS_KEY)  # which reports lie within a radius would give their exact place away
    rows, total = _storage(request).find_requests(query)
    body = _render_all(request, rows, params.flag(query_params, "extensions"), full)
    return JSONResponse(body, headers={"X-Total-Count": str(total)})


@router.get("/requests/{service_request_id}.json")
def get_request(service_request_id: str, request: Request):
    """One report (as a list of one, like the spec); in full with the key, else the public view."""
    full = has_api_key(request)
    try:
        row = _storage(request).get_request(service_request_id)
    except UnknownRequest:
        raise _unknown_request(service_request_id) from None
    return _render_all(request, [row], params.flag(request.query_params, "extensions"), full)


@router.get("/tokens/{token}.json")
def token_lookup(token: str, request: Request):
    """The report number behind a token."""
    service_request_id = _storage(request).request_id_for_token(token)
    if service_request_id is None:
        raise not_found("Unbekannter Token.")
    return [{"service_request_id": service_request_id, "token": token}]


@router.post("/requests/{service_request_id}/supporters.json")
async def support_request(service_request_id: str, request: Request):
    """Extension: one more citizen has the same problem (counted once per account_id or device_id)."""
    async with keyed_form(request) as form:
        account_id, device_id = params.supporter(form)
    kind, value = ("account_id", account_id) if account_id else ("device_id", device_id)
    try:
        row, added = await run_in_threadpool(_storage(request).add_supporter, service_request_id, kind, value)
    except UnknownRequest:
        raise _unknown_request(service_request_id) from None
    return [{"service_request_id": row["service_request_id"], "supporters": row["supporters"], "added": added}]


@router.post("/requests/{service_request_id}/status.json")
async def change_status(service_request_id: str, request: Request):
    """Extension for staff: set the state (code or German name) with a note for the citizen."""
    async with keyed_form(request) as form:
        state, note = params.state_change(form)
    storage = _storage(request)
    try:
        row = await run_in_threadpool(storage.set_state, service_request_id, state, note, "api")
    except UnknownRequest:
        raise _unknown_request(service_request_id) from None
    return _render_all(request, [row], extensions=True, full=True)


@router.get("/media/{file_name}")
def released_photo(file_name: str, request: Request):
    """A photo whose report staff released with its photo, for anyone; every other photo is a 404 here."""
    record = releases.public_photo(_storage(request), file_name)
    path = request.app.state.settings.media_dir / file_name
    if record is None or not path.is_file():
        raise not_found("Unter dieser Adresse gibt es kein freigegebenes Foto.")
    # no-cache: a withdrawn release must not live on in a cache.
    return FileResponse(path, media_type=record["content_type"], headers={
        "Cache-Control": "no-cache", "Content-Security-Policy": "default-src 'none'"})
