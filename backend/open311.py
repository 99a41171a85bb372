"""Open311 GeoReport v2 routes (JSON), mounted under /open311/v2.

Standard: discovery, services, service definitions, POST/GET requests,
GET one request, tokens. Extensions (documented in backend/README.md):
paging, `extensions=true`, the account_id/device_id filter ("my reports",
api_key needed), lat/long/radius, supporters, the staff status change and
the Idempotency-Key.
"""

import json
from typing import List, Optional

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backend import categories, dates, params
from backend.auth import check_api_key, keyed_form
from backend.errors import bad_request, not_found
from backend.media import store_upload
from backend.storage import STATES, IdempotencyConflict, Storage, UnknownRequest

router = APIRouter()

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_KEY_LENGTH = 200


def _storage(request: Request) -> Storage:
    return request.app.state.storage


def _unknown_request(service_request_id: str):
    return not_found(f"Keine Meldung mit der Nummer „{service_request_id}“.")


def render(row: dict, extensions: bool = False, notes: Optional[List[dict]] = None) -> dict:
    """A stored report as Open311 shows it; personal data (reporters table) never appears here."""
    service = categories.get(row["service_code"])
    public = {
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
        public["extended_attributes"] = extended
        public["notes"] = [
            {"datetime": dates.to_public(n["datetime"]), "status": n["status"], "state": STATES[n["state"]][0],
             "state_code": n["state"], "note": n["note"]}
            for n in (notes or [])
        ]
    return public


def _render_all(storage: Storage, rows: List[dict], extensions: bool) -> List[dict]:
    notes = storage.notes_for([row["id"] for row in rows]) if extensions else {}
    return [render(row, extensions, notes.get(row["id"])) for row in rows]


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
        storage = _storage(request)
        try:
            known = await run_in_threadpool(storage.request_for_key, key, new) if key else None
            if known is None:
                upload = form.get("media")
                if isinstance(upload, UploadFile) and upload.filename:
                    stored = await store_upload(upload, request.app.state.settings, storage, too_large_status=400)
                    new.media_url = stored["media_url"]
                row, created = await run_in_threadpool(storage.create_request, new, key)
            else:
                row, created = known, False
        except IdempotencyConflict:
            raise bad_request("Dieser Idempotency-Key wurde schon für eine andere Meldung verwendet.") from None
    answer = [{
        "service_request_id": row["service_request_id"],
        "token": row["token"],
        "service_notice": row["service_notice"],
        "account_id": new.contact.get("account_id"),
    }]
    headers = {} if created else {"Idempotent-Replayed": "true"}
    return JSONResponse(answer, status_code=201 if created else 200, headers=headers)


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
    query = params.read_query(query_params)
    if query.account_id or query.device_id:
        check_api_key(request)  # whose reports these are is personal data (the key in the header X-Api-Key)
    storage = _storage(request)
    rows, total = storage.find_requests(query)
    body = _render_all(storage, rows, params.flag(query_params, "extensions"))
    return JSONResponse(body, headers={"X-Total-Count": str(total)})


@router.get("/requests/{service_request_id}.json")
def get_request(service_request_id: str, request: Request):
    """One report (as a list of one, like the spec)."""
    storage = _storage(request)
    try:
        row = storage.get_request(service_request_id)
    except UnknownRequest:
        raise _unknown_request(service_request_id) from None
    return _render_all(storage, [row], params.flag(request.query_params, "extensions"))


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
    return _render_all(storage, [row], extensions=True)
