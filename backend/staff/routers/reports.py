"""The reports (`staff.reports:*`): the queue, its export, one report with map, status change, merge and release.

Login needed for all (the router's dependency). A release makes a report's text (masked), address and,
if chosen, photo public in the Open311 view (backend/releases.py); it is audited like a status change.
"""

import json
import re
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backend import categories, masking, releases
from backend.params import FIELD_LIMITS, MAX_DESCRIPTION, clean_text
from backend.staff import areas, auth, conversations, duplicates, export, location, queue, store, views
from backend.staff.paging import page_links
from backend.staff.templating import render
from backend.storage import STATES, UnknownRequest

router = APIRouter(dependencies=[Depends(auth.require_staff)])

_REPORT_ID = re.compile(r"^\d{1,12}$")


def _not_found(request: Request, service_request_id: str):
    return render(request, "reports/not_found.html", {"service_request_id": service_request_id}, 404)


@router.get("/staff", name="staff:home")
def home():
    return RedirectResponse("/staff/reports", status_code=303)


def _areas(request: Request):
    return areas.load(request.app.state.staff_settings.areas_file)


@router.get("/staff/reports", name="staff.reports:list")
def list_reports(request: Request):
    """The queue with filters (stand, kategorie, von, bis, foto, gebiet, unterstuetzer), sorting and paging."""
    known_areas = _areas(request)
    context = {"services": categories.CATEGORIES.values(), "states": STATES, "sorts": queue.SORT_LABELS,
               "areas": [area.name for area in known_areas], "filters": queue.Filters(), "rows": [], "total": 0,
               "error": "", "page_size": queue.PAGE_SIZE, "pages": {}, "export_query": "",
               "map_tiles": request.app.state.staff_settings.map_tiles}
    try:
        filters = queue.read_filters(request.query_params, known_areas)
    except queue.QueueError as error:
        return render(request, "reports/list.html", {**context, "error": str(error)}, 400)
    rows, total = queue.find(request.app.state.storage, filters, known_areas)
    base = filters.query()
    pages = page_links(base, filters.seite, total, queue.PAGE_SIZE)
    return render(request, "reports/list.html", {**context, "filters": filters, "rows": rows, "total": total,
                                                  "pages": pages, "export_query": urlencode(base)})


def _export(request: Request, extension: str, media_type: str, build):
    """Every report matching the list's filters (all pages) as a download."""
    known_areas = _areas(request)
    try:
        filters = queue.read_filters(request.query_params, known_areas)
    except queue.QueueError as error:
        return Response(f"Export nicht möglich: {error}", status_code=400, media_type="text/plain; charset=utf-8")
    rows = queue.find_all(request.app.state.storage, filters, known_areas)
    return Response(build(rows), media_type=media_type, headers={
        "content-disposition": f'attachment; filename="{export.file_name(extension)}"'})


@router.get("/staff/reports/export.csv", name="staff.reports:export_csv")
def export_csv(request: Request):
    """The filtered reports as CSV for Excel (UTF-8 with BOM, ";"), without contact data."""
    return _export(request, "csv", "text/csv; charset=utf-8", export.to_csv)


@router.get("/staff/reports/export.geojson", name="staff.reports:export_geojson")
def export_geojson(request: Request):
    """The filtered reports with coordinates as GeoJSON points, without contact data."""
    return _export(request, "geojson", "application/geo+json", export.to_geojson)


# Who is often responsible instead of the city; names only: how to reach them staff write each time.
RESPONSIBLE_SUGGESTIONS = ("Deutsche Bahn (Bahnanlagen und -brücken)", "Land Thüringen (Landesstraßen)",
                           "Bund (Bundesstraßen und Autobahn)", "Verkehrsbetrieb (Haltestellen, Straßenbahn)",
                           "Private Eigentümerin oder privater Eigentümer")
RELEASE_NOTICES = {"1": "Die Meldung ist veröffentlicht (Text maskiert).",
                   "0": "Die Veröffentlichung ist zurückgenommen."}


def _release_form(row: dict, release) -> dict:
    """What the release form offers: the stored release, else the citizen's text and address masked."""
    if release:
        return {"description": release["description"], "address": release["address"] or "",
                "photo": bool(release["photo"])}
    return {"description": masking.mask(row["description"] or ""), "address": masking.mask(row["address"] or ""),
            "photo": True}


def _detail(request: Request, service_request_id: str, status: int = 200, error: str = "", form: dict = None,
            release_form: dict = None, internal_note: str = "", internal_error: str = "", place: dict = None):
    storage = request.app.state.storage
    try:
        row = storage.get_request(service_request_id)
    except UnknownRequest:
        return _not_found(request, service_request_id)
    lat, long = row["lat"], row["long"]
    conversation = _conversation(request, row["id"])
    release = releases.of(storage, row["id"])
    return render(request, "reports/get.html", {
        "report": row, "notes": storage.notes_for([row["id"]])[row["id"]],
        "audit": store.audit_for(storage, service_request_id), "attributes": _labelled(json.loads(row["attributes"] or "{}")),
        "osm_url": views.osm_url(lat, long), "states": STATES, "error": error,
        "notice": "Der Stand ist geändert; wer die Meldung gemacht oder unterstützt hat, wird benachrichtigt."
        if request.query_params.get("geaendert") and not error else "",
        "form": form or {"state": row["state"], "note": "", "original": "", "responsible": "", "contact": ""},
        "internal_note": internal_note, "responsible_suggestions": RESPONSIBLE_SUGGESTIONS,
        "internal_error": internal_error,
        "internal_notice": "Die interne Notiz ist gespeichert." if request.query_params.get("intern") else "",
        "area": areas.area_at(_areas(request), lat, long), "map_tiles": request.app.state.staff_settings.map_tiles,
        "original": duplicates.original_of(storage, service_request_id),
        "merged": duplicates.duplicates_of(storage, service_request_id),
        "release": release, "photo_releasable": releases.photo_releasable(storage, row),
        "release_form": release_form or _release_form(row, release),
        "release_notice": RELEASE_NOTICES.get(request.query_params.get("freigabe", ""), "") if not error else "",
        "place": place or _place_notice(request.query_params.get("punkt", "")),
        **conversation,
        **views.photo(row["media_url"]), "more_photos": views.more_photos(storage, row),
    }, status)


def _conversation(request: Request, request_id: int) -> dict:
    """The conversation that produced the report (pseudonym and transcript lines), while it is stored:
    not after the citizen's /loeschen or the retention period."""
    reporter = request.app.state.storage.db.execute(
        "SELECT account_id FROM reporters WHERE request_id = ?", [request_id]).fetchone()
    conversation_store = conversations.store_for(request.app)
    pseudonym = conversations.conversation_for_account(conversation_store, reporter and reporter[0])
    if not pseudonym:
        return {"conversation": None, "transcript": []}
    return {"conversation": pseudonym, "threshold": conversation_store.review_confidence,
            "transcript": [views.transcript_line(line) for line in conversation_store.transcript(reporter[0])]}


@router.get("/staff/reports/{service_request_id}", name="staff.reports:get")
def get_report(service_request_id: str, request: Request):
    """One report: photo, place with map link, text, supporters, status history, status form."""
    if not _REPORT_ID.match(service_request_id):
        return _not_found(request, service_request_id)
    return _detail(request, service_request_id)


class NoteError(ValueError):
    """A German message about the note of the state form."""


def _checked_note(note: str, prefix: str = "",
                  missing: str = "Bitte eine Notiz für die Bürgerin oder den Bürger schreiben.") -> str:
    """The cleaned note; NoteError when it is empty (`missing`) or too long (with the prefix it will get)."""
    clean = clean_text(note)
    if not clean:
        raise NoteError(missing)
    if len(prefix) + len(clean) > MAX_DESCRIPTION:
        raise NoteError(f"Die Notiz ist zu lang (höchstens {MAX_DESCRIPTION - len(prefix)} Zeichen).")
    return clean


def _responsible_prefix(responsible: str, contact: str) -> str:
    """ "Zuständig ist: Deutsche Bahn. So erreichen Sie die Stelle: … " in front of a "nicht zuständig" note:
    the citizen learns who to turn to, in the notification and the public status_notes."""
    who, how = clean_text(responsible), clean_text(contact)
    if not who or not how:
        raise NoteError("Bei „nicht zuständig“ bitte angeben, wer zuständig ist und wie man die Stelle erreicht.")
    return f"Zuständig ist: {who}. So erreichen Sie die Stelle: {how}. "


def _change_state(request: Request, service_request_id: str, state: str, note: str, original: str,
                  responsible: str = "", contact: str = ""):
    storage = request.app.state.storage
    try:
        before = storage.get_request(service_request_id)
    except UnknownRequest:
        return _not_found(request, service_request_id)
    form = {"state": state, "note": note, "original": original, "responsible": responsible, "contact": contact}
    if state not in STATES:
        return _detail(request, service_request_id, 400, "Bitte einen gültigen Bearbeitungsstand wählen.", form)
    try:
        # A duplicate's or "nicht zuständig" note gets its facts in front; the limit holds for the whole note.
        if state == "not_responsible":
            prefix = _responsible_prefix(responsible, contact)
            clean = prefix + _checked_note(note, prefix)
        else:
            prefix = f"Duplikat von Meldung {original[:12]}: " if state == "duplicate" else ""
            clean = _checked_note(note, prefix)  # duplicates.merge puts its prefix in front itself
        if state == "duplicate":
            duplicates.merge(storage, service_request_id, original, clean, request.state.staff["name"])
        else:
            # set_state writes the note that the citizen is notified of (backend.notifications' trigger).
            storage.set_state(service_request_id, state, clean, source="staff")
            store.audit(storage, request.state.staff["name"], "status_change", service_request_id,
                        {"from": before["state"], "to": state, "note": clean})
    except (NoteError, duplicates.MergeError) as error:
        return _detail(request, service_request_id, 400, str(error), form)
    return RedirectResponse(f"/staff/reports/{service_request_id}?geaendert=1#verlauf", status_code=303)


@router.post("/staff/reports/{service_request_id}/state", name="staff.reports:state")
async def change_state(service_request_id: str, request: Request):
    """New state with a German note for the citizen; audited. "duplicate" merges into the report `original`."""
    if not _REPORT_ID.match(service_request_id):
        return _not_found(request, service_request_id)
    form = await request.form()
    state, note = str(form.get("state") or ""), str(form.get("note") or "")
    original = str(form.get("original") or "").strip()
    responsible, contact = str(form.get("responsible") or ""), str(form.get("contact") or "")
    return await run_in_threadpool(_change_state, request, service_request_id, state, note, original,
                                   responsible, contact)


def _add_internal_note(request: Request, service_request_id: str, note: str):
    storage = request.app.state.storage
    try:
        storage.get_request(service_request_id)
    except UnknownRequest:
        return _not_found(request, service_request_id)
    try:
        clean = _checked_note(note, missing="Bitte eine interne Notiz schreiben.")
    except NoteError as error:
        return _detail(request, service_request_id, 400, internal_note=note, internal_error=str(error))
    storage.add_internal_note(service_request_id, clean)
    store.audit(storage, request.state.staff["name"], "internal_note", service_request_id, {"note": clean})
    return RedirectResponse(f"/staff/reports/{service_request_id}?intern=1#verlauf", status_code=303)


@router.post("/staff/reports/{service_request_id}/internal-note", name="staff.reports:internal_note")
async def internal_note(service_request_id: str, request: Request):
    """A note for colleagues only: no state change, no notification, never public; audited."""
    if not _REPORT_ID.match(service_request_id):
        return _not_found(request, service_request_id)
    form = await request.form()
    return await run_in_threadpool(_add_internal_note, request, service_request_id, str(form.get("note") or ""))


def _release(request: Request, service_request_id: str, text: str, address: str, photo: bool):
    storage = request.app.state.storage
    try:
        row = storage.get_request(service_request_id)
    except UnknownRequest:
        return _not_found(request, service_request_id)
    # Masked again here: what staff typed into the form is published as it is stored.
    description, public_address = masking.mask(clean_text(text)), masking.mask(clean_text(address))
    form = {"description": text, "address": address, "photo": photo}
    if len(description) > MAX_DESCRIPTION:
        return _detail(request, service_request_id, 400,
                       f"Der öffentliche Text ist zu lang (höchstens {MAX_DESCRIPTION} Zeichen).", release_form=form)
    if len(public_address) > FIELD_LIMITS["address_string"]:
        return _detail(request, service_request_id, 400, "Die öffentliche Adresse ist zu lang "
                       f"(höchstens {FIELD_LIMITS['address_string']} Zeichen).", release_form=form)
    stored = releases.release(storage, row, description, public_address, photo, request.state.staff["name"])
    store.audit(storage, request.state.staff["name"], "release", service_request_id,
                {"description": description, "address": public_address, "photo": bool(stored["photo"])})
    return RedirectResponse(f"/staff/reports/{service_request_id}?freigabe=1#freigabe", status_code=303)


@router.post("/staff/reports/{service_request_id}/release", name="staff.reports:release")
async def release_report(service_request_id: str, request: Request):
    """Publish the report's masked text, its address and (if chosen) its photo in the Open311 view; audited."""
    if not _REPORT_ID.match(service_request_id):
        return _not_found(request, service_request_id)
    form = await request.form()
    text, address = str(form.get("description") or ""), str(form.get("address") or "")
    return await run_in_threadpool(_release, request, service_request_id, text, address, bool(form.get("photo")))


def _withdraw(request: Request, service_request_id: str):
    storage = request.app.state.storage
    try:
        row = storage.get_request(service_request_id)
    except UnknownRequest:
        return _not_found(request, service_request_id)
    if releases.withdraw(storage, row["id"]):
        store.audit(storage, request.state.staff["name"], "release_withdraw", service_request_id, {})
    return RedirectResponse(f"/staff/reports/{service_request_id}?freigabe=0#freigabe", status_code=303)


@router.post("/staff/reports/{service_request_id}/release/withdraw", name="staff.reports:withdraw_release")
async def withdraw_release(service_request_id: str, request: Request):
    """Back to the default public view (category, state, dates, rounded place); audited."""
    if not _REPORT_ID.match(service_request_id):
        return _not_found(request, service_request_id)
    return await run_in_threadpool(_withdraw, request, service_request_id)


def _place_notice(saved: str) -> dict:
    """The place form's state after a redirect: `punkt` is "1" or the precision of the saved search result."""
    if not saved:
        return {}
    hint = location.PRECISION_HINTS.get(saved, "")
    return {"notice": "Der Kartenpunkt ist gespeichert." + (f" Hinweis: {hint}." if hint else "")}


def _set_place(request: Request, service_request_id: str, form: dict):
    storage = request.app.state.storage
    try:
        storage.get_request(service_request_id)
    except UnknownRequest:
        return _not_found(request, service_request_id)
    try:
        points = location.read(form, request.app.state.settings.bbox)
    except location.LocationError as error:
        return _detail(request, service_request_id, 400, place={"error": str(error), "form": form})
    if len(points) > 1:
        return _detail(request, service_request_id, place={"choices": points, "form": form})
    point = points[0]
    before = storage.set_location(service_request_id, point.lat, point.long)
    store.audit(storage, request.state.staff["name"], "location", service_request_id,
                location.audit_details(before, point))
    return RedirectResponse(f"/staff/reports/{service_request_id}?punkt={point.precision or 1}#karte", status_code=303)


@router.post("/staff/reports/{service_request_id}/location", name="staff.reports:location")
async def set_place(service_request_id: str, request: Request):
    """Set or move the report's point: a click on the map, typed coordinates or a place searched in the
    gazetteer (several found: staff choose); audited, nobody is notified."""
    if not _REPORT_ID.match(service_request_id):
        return _not_found(request, service_request_id)
    form = await request.form()
    fields = {name: str(form.get(name) or "") for name in ("lat", "long", "suche", "name", "precision")}
    return await run_in_threadpool(_set_place, request, service_request_id, fields)


# Open311 attribute codes as staff read them; an attribute not listed keeps its code.
ATTRIBUTE_LABELS = {"pole_number": "Lampe (Mastnummer)"}


def _labelled(attributes: dict) -> dict:
    return {ATTRIBUTE_LABELS.get(code, code): value for code, value in attributes.items()}
