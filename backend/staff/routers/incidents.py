"""Known incidents in the staff web (`staff.incidents:list`): the open ones with how many citizens wait, a form to
record one (a lamp by its number, or a point with a radius: road works until a date, a case cleared up), and
"Behoben" to close one, which tells every citizen who asked (backend/incidents.py). Every change is audited."""

import math
from datetime import datetime, time, timedelta
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from backend import assets, categories, dates, incidents
from backend.staff import auth, store
from backend.staff.templating import render

router = APIRouter(dependencies=[Depends(auth.require_staff)])

FIELDS = ("category", "lamp", "lat", "long", "radius", "description", "valid_until", "cleared")
DEFAULT_RADIUS = "100"
NOTICES = {"gespeichert": "Die Störung ist eingetragen.", "geschlossen": "Die Störung ist als behoben geschlossen."}


def _page(request: Request, values: dict, error: str = "", status: int = 200, notice: str = ""):
    storage = request.app.state.storage
    return render(request, "incidents/list.html", {
        "services": list(categories.CATEGORIES.values()), "values": values, "error": error, "notice": notice,
        "open_incidents": incidents.listing(storage, "open"),
        "closed_incidents": incidents.listing(storage, "closed", 20),
    }, status)


@router.get("/staff/stoerungen", name="staff.incidents:list")
async def list_incidents(request: Request):
    notice = NOTICES.get(request.query_params.get("ok", ""), "")
    values = {name: "" for name in FIELDS}
    values.update(category="streetlight", radius=DEFAULT_RADIUS)
    return await run_in_threadpool(_page, request, values, "", 200, notice)


def _number(text: str, label: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise incidents.IncidentProblem(f"„{label}“ muss eine Zahl sein.") from None
    if not math.isfinite(value):
        raise incidents.IncidentProblem(f"„{label}“ muss eine Zahl sein.")
    return value


def _valid_until(text: str, cleared: bool) -> Optional[str]:
    """The last day of road works (a date, counted to its end, Berlin time); None when empty. A case cleared up
    is told for CLEARED_DAYS when no day is given: then nobody needs to hear of it any more."""
    if not text and cleared:
        return dates.to_db(dates.now() + timedelta(days=incidents.CLEARED_DAYS))
    if not text:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise incidents.IncidentProblem("„gültig bis“ ist kein Datum (TT.MM.JJJJ im Kalender wählen).") from None
    if day < dates.now().astimezone(dates.BERLIN).date():
        raise incidents.IncidentProblem("„gültig bis“ liegt in der Vergangenheit.")
    return dates.to_db(datetime.combine(day, time(23, 59, 59), tzinfo=dates.BERLIN))


def _incident(request: Request, values: dict) -> dict:
    """The fields of the new incident; IncidentProblem with a German message for the form."""
    if categories.get(values["category"]) is None:
        raise incidents.IncidentProblem("Bitte eine Kategorie wählen.")
    description = values["description"]
    if not description or len(description) > incidents.MAX_DESCRIPTION:
        raise incidents.IncidentProblem(
            f"Bitte beschreiben, was bekannt ist (bis {incidents.MAX_DESCRIPTION} Zeichen).")
    cleared = values["cleared"] == "1"
    fields = {"service_code": values["category"], "description": description, "cleared": cleared,
              "valid_until": _valid_until(values["valid_until"], cleared), "source": incidents.STAFF}
    if values["lamp"]:
        found = assets.find(request.app.state.storage, incidents.LAMP_CATEGORY, values["lamp"])["asset"]
        if found is None:
            raise incidents.IncidentProblem(f"Eine Lampe „{values['lamp'][:40]}“ gibt es im Anlagenverzeichnis nicht.")
        return {**fields, "asset_id": found["asset_id"], "lat": found["lat"], "long": found["long"],
                "radius": incidents.LAMP_RADIUS}
    if not values["lat"] or not values["long"]:
        raise incidents.IncidentProblem("Bitte eine Lampennummer oder Breite und Länge angeben.")
    lat, long = _number(values["lat"], "Breite"), _number(values["long"], "Länge")
    if not request.app.state.settings.bbox.contains(lat, long):
        raise incidents.IncidentProblem(f"Der Ort {lat}, {long} liegt nicht in Gera.")
    radius = _number(values["radius"] or DEFAULT_RADIUS, "Umkreis")
    if not 0 < radius <= incidents.MAX_RADIUS:
        raise incidents.IncidentProblem(f"„Umkreis“ muss zwischen 1 und {incidents.MAX_RADIUS:g} m liegen.")
    return {**fields, "lat": lat, "long": long, "radius": radius}


def _record(request: Request, form):
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    try:
        fields = _incident(request, values)
    except incidents.IncidentProblem as problem:
        return _page(request, values, str(problem), 400)
    storage, user = request.app.state.storage, request.state.staff["name"]
    row, _ = incidents.record(storage, **fields)
    store.audit(storage, user, "incident", None, {"incident": row["id"], "description": row["description"],
                                                   "service_code": row["service_code"], "lamp": row["asset_id"],
                                                   "cleared": bool(row["cleared"])})
    return RedirectResponse("/staff/stoerungen?ok=gespeichert", status_code=303)


@router.post("/staff/stoerungen", name="staff.incidents:record")
async def record_incident(request: Request):
    form = await request.form()
    return await run_in_threadpool(_record, request, form)


def _close(request: Request, incident_id: int, note: str):
    storage, user = request.app.state.storage, request.state.staff["name"]
    if len(note) > incidents.MAX_DESCRIPTION:
        return _page(request, {name: "" for name in FIELDS}, "Der Hinweis ist zu lang.", 400)
    try:
        row, notified = incidents.close(storage, incident_id, user, note)
    except LookupError:
        return _page(request, {name: "" for name in FIELDS}, f"Eine Störung {incident_id} gibt es nicht.", 404)
    store.audit(storage, user, "incident_close", None, {"incident": incident_id, "description": row["description"],
                                                        "note": note, "notified": notified})
    return RedirectResponse("/staff/stoerungen?ok=geschlossen", status_code=303)


@router.post("/staff/stoerungen/{incident_id}/schliessen", name="staff.incidents:close")
async def close_incident(incident_id: str, request: Request):
    form = await request.form()
    note = str(form.get("note") or "").strip()
    if not incident_id.isdigit() or len(incident_id) > 12:
        return await run_in_threadpool(_page, request, {name: "" for name in FIELDS},
                                       f"Eine Störung „{incident_id[:12]}“ gibt es nicht.", 404)
    return await run_in_threadpool(_close, request, int(incident_id), note)
