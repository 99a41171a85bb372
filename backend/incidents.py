"""Known incidents: what the city already knows, so that a citizen is told at once instead of filing again.

An incident is a lamp fault (a lamp of the asset register), road works in an area until a date, or a case staff
cleared up (`cleared`: citizens passing by are told it is done, until its date or for CLEARED_DAYS); each has a
category (an Open311 service code), a point with a radius (a lamp's point and 25 m), a German description and a
state (open, closed). Staff record and close them in the staff web
(backend/staff/routers/incidents.py); the lighting operator's system sends its fault messages:

    POST /incidents/operator.json   Authorization: Bearer <OPERATOR_API_KEY>   (JSON)
         {"lamp": "0816", "fault": "Leuchtmittel defekt", "time": "2026-12-06T20:15:00+01:00",
          "message_id": "optional, the operator's own", "cleared": false}
         → 201 {"incident": {...}, "created": true}; the same message again → 200, "created": false;
           a newer fault of a lamp with an open incident updates it; "cleared": true closes it (and notifies)

The actions ask, with the Open311 key (X-Api-Key):

    GET  /incidents/known.json?category=streetlight&lat=…&long=…[&lamp=0816]
         → {"incidents": [open incidents there, nearest first], "reports": [open reports naming the lamp]}
    POST /incidents/{id}/watchers.json   (form: account_id) → {"watchers": n, "created": bool}

Closing an incident writes one notification per citizen who asked (backend/notifications.py, role "watcher")
in the same transaction, and forgets who they were: the notification carries the chat id until it is sent.
"""

import json
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from backend import assets, categories, dates
from backend.auth import check_api_key, keyed_form
from backend.errors import Open311Error, bad_request, forbidden, not_found
from backend.storage import Storage, distance_m
from common.env import bearer_matches

router = APIRouter()

LAMP_RADIUS = 25.0  # a lamp fault covers reports pinned this close to the lamp (the pin's GPS error)
MAX_RADIUS = 2000.0  # road works may close a whole street, not a district
MAX_DESCRIPTION = 500
LAMP_CATEGORY = "streetlight"
CLEARED_DAYS = 7  # a case cleared up is told this long when staff give no date
FUTURE_SLACK = timedelta(minutes=10)  # operator clocks drift; a fault hours ahead is a wrong time, not drift
OPERATOR = "operator"
STAFF = "staff"


class IncidentProblem(ValueError):
    """A German message for staff or the operator's system."""


# ---- the store ---------------------------------------------------------------------------------------------

def _row(storage: Storage, incident_id: int) -> Optional[dict]:
    return next(iter(storage.db.query("SELECT * FROM incidents WHERE id = ?", [incident_id])), None)


def public(row: dict) -> dict:
    """An incident as the API shows it (times in Berlin time)."""
    return {"id": row["id"], "category": row["service_code"], "lamp": row["asset_id"], "lat": row["lat"],
            "long": row["long"], "radius": row["radius"], "description": row["description"],
            "valid_until": dates.to_public(row["valid_until"]), "source": row["source"], "state": row["state"],
            "cleared": bool(row["cleared"]),
            "created": dates.to_public(row["created_datetime"]), "updated": dates.to_public(row["updated_datetime"]),
            "closed": dates.to_public(row["closed_datetime"]), "close_note": row["close_note"]}


def record(storage: Storage, *, service_code: str, lat: float, long: float, radius: float, description: str,
           source: str, asset_id: Optional[str] = None, valid_until: Optional[str] = None,
           external_key: Optional[str] = None, stamp: Optional[str] = None,
           cleared: bool = False) -> Tuple[dict, bool]:
    """Store a new incident, or answer the one recorded under `external_key` already; (row, created)."""
    stamp = stamp or dates.to_db(dates.now())
    with storage.transaction() as db:
        if external_key:
            known = db.execute("SELECT id FROM incidents WHERE external_key = ?", [external_key]).fetchone()
            if known:
                return _row(storage, known[0]), False
        incident_id = db["incidents"].insert({
            "service_code": service_code, "asset_id": asset_id, "lat": lat, "long": long, "radius": radius,
            "description": description, "valid_until": valid_until, "source": source,
            "external_key": external_key, "state": "open", "cleared": int(cleared), "created_datetime": stamp,
            "updated_datetime": stamp,
        }).last_pk
    return _row(storage, incident_id), True


def close(storage: Storage, incident_id: int, closed_by: str, note: str = "") -> Tuple[dict, int]:
    """Close an open incident and notify everyone who asked; (row, notified). Closing twice notifies once."""
    stamp = dates.to_db(dates.now())
    with storage.transaction() as db:
        changed = db.execute("UPDATE incidents SET state = 'closed', closed_datetime = ?, updated_datetime = ?, "
                             "closed_by = ?, close_note = ? WHERE id = ? AND state = 'open'",
                             [stamp, stamp, closed_by, note, incident_id]).rowcount
        notified = 0
        if changed:
            notified = db.execute(
                "INSERT INTO notifications (incident_id, account_id, role, created_datetime) "
                "SELECT incident_id, account_id, 'watcher', ? FROM incident_watchers WHERE incident_id = ?",
                [stamp, incident_id]).rowcount
            db.execute("DELETE FROM incident_watchers WHERE incident_id = ?", [incident_id])
    row = _row(storage, incident_id)
    if row is None:
        raise LookupError(incident_id)
    return row, notified


def watch(storage: Storage, incident_id: int, account_id: str) -> Tuple[int, bool]:
    """The citizen is told when the incident is closed; (watchers now, whether they are new). The same chat once."""
    with storage.transaction() as db:
        row = db.execute("SELECT state FROM incidents WHERE id = ?", [incident_id]).fetchone()
        if row is None:
            raise LookupError(incident_id)
        if row[0] != "open":
            raise IncidentProblem("Diese Störung ist schon behoben.")
        created = db.execute("INSERT OR IGNORE INTO incident_watchers (incident_id, account_id, created_datetime) "
                             "VALUES (?, ?, ?)", [incident_id, account_id, dates.to_db(dates.now())]).rowcount == 1
        count = db.execute("SELECT COUNT(*) FROM incident_watchers WHERE incident_id = ?", [incident_id]).fetchone()[0]
    return count, created



def known(storage: Storage, service_code: str, lat: float, long: float, lamp: Optional[str] = None,
          now: Optional[datetime] = None) -> dict:
    """Open incidents of the category covering the point (the same lamp first, then the nearest), and open reports
    naming the lamp.

    A lamp incident counts for a pin within its radius unless the citizen named another lamp, and always for the
    lamp named; road works whose date has passed count no more, even before staff close them."""
    stamp = dates.to_db(now or dates.now())
    wanted = assets.normalised(lamp) if lamp else None
    found = []
    for row in _candidates(storage, service_code, lat, long, lamp, stamp):
        distance = distance_m(lat, long, row["lat"], row["long"])
        same_lamp = bool(wanted and row["asset_id"] and assets.normalised(row["asset_id"]) == wanted)
        other_lamp = bool(wanted and row["asset_id"] and not same_lamp)
        if same_lamp or (not other_lamp and distance <= row["radius"]):
            found.append({**public(row), "distance": round(distance, 1), "same_lamp": same_lamp})
    found.sort(key=lambda item: (not item["same_lamp"], item["distance"]))
    return {"incidents": found, "reports": open_reports_of_lamp(storage, service_code, lamp) if lamp else []}


def _candidates(storage: Storage, service_code: str, lat: float, long: float, lamp: Optional[str],
                stamp: str) -> List[dict]:
    """The open incidents whose box may hold the point, and the named lamp's (wherever the pin is)."""
    # The box reaches as far as the widest open incident (a lamp's 25 m when there are no road works), so the
    # (state, category, lat, long) index keeps the lookup to the few nearby.
    widest = storage.db.execute("SELECT MAX(radius) FROM incidents WHERE state = 'open' AND service_code = ?",
                                [service_code]).fetchone()[0] or 0
    box = widest / assets.METRES_PER_DEGREE
    current = "state = 'open' AND service_code = ? AND (valid_until IS NULL OR valid_until >= ?)"
    rows = {row["id"]: row for row in storage.db.query(
        f"SELECT * FROM incidents WHERE {current} AND lat BETWEEN ? AND ? AND long BETWEEN ? AND ?",
        [service_code, stamp, lat - box, lat + box, long - 2 * box, long + 2 * box])}  # 2x: a degree east is shorter
    if lamp:
        rows.update((row["id"], row) for row in storage.db.query(
            f"SELECT * FROM incidents WHERE {current} AND asset_id = ?", [service_code, stamp, lamp]))
    return list(rows.values())


def open_reports_of_lamp(storage: Storage, service_code: str, lamp: str) -> List[dict]:
    """Open reports whose Open311 attribute pole_number names the lamp, oldest first (the one to support)."""
    # Written as the index of migration 14 is (requests_pole_number), so that SQLite uses it.
    rows = storage.db.query(
        "SELECT service_request_id, requested_datetime, state, "
        "(SELECT COUNT(*) FROM supporters s WHERE s.request_id = requests.id) AS supporters FROM requests "
        "WHERE json_extract(attributes, '$.pole_number') = ? AND status = 'open' AND service_code = ? "
        "ORDER BY id LIMIT 3", [lamp, service_code])
    return [{**row, "requested_datetime": dates.to_public(row["requested_datetime"])} for row in rows]


def listing(storage: Storage, state: str = "open", limit: int = 200) -> List[dict]:
    """Incidents for the staff web, newest first, with how many citizens wait for each."""
    rows = storage.db.query(
        "SELECT i.*, (SELECT COUNT(*) FROM incident_watchers w WHERE w.incident_id = i.id) AS watchers "
        "FROM incidents i WHERE i.state = ? ORDER BY i.updated_datetime DESC, i.id DESC LIMIT ?", [state, limit])
    return list(rows)


# ---- the operator's fault messages ------------------------------------------------------------------------

def _text(body: dict, name: str, limit: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise IncidentProblem(f"„{name}“ fehlt oder ist leer.")
    if len(value) > limit:
        raise IncidentProblem(f"„{name}“ ist zu lang (höchstens {limit} Zeichen).")
    return value.strip()


def fault_time(text: str, now: Optional[datetime] = None) -> str:
    """The message's time as stored; German message for a time that is unreadable or in the future."""
    try:
        moment = dates.parse(text)
    except (ValueError, TypeError):
        raise IncidentProblem(f"„time“ ist keine Zeit nach ISO 8601 (z. B. 2026-12-06T20:15:00+01:00): "
                              f"„{text[:40]}“.") from None
    if moment > (now or dates.now()) + FUTURE_SLACK:
        raise IncidentProblem("„time“ liegt in der Zukunft.")
    if moment.year < 2000:
        raise IncidentProblem("„time“ liegt vor dem Jahr 2000.")
    return dates.to_db(moment)


def operator_message(storage: Storage, body: object) -> Tuple[dict, bool]:
    """One fault message of the lighting system: record, update or clear the lamp's incident; (row, changed)."""
    if not isinstance(body, dict):
        raise IncidentProblem('Bitte ein JSON-Objekt senden, z. B. {"lamp": "0816", "fault": "…", "time": "…"}.')
    lamp = _text(body, "lamp", 40)
    stamp = fault_time(_text(body, "time", 40))
    cleared = body.get("cleared", False)
    if not isinstance(cleared, bool):
        raise IncidentProblem("„cleared“ muss true oder false sein.")
    found = assets.find(storage, LAMP_CATEGORY, lamp)["asset"]
    if found is None:
        raise IncidentProblem(f"Eine Lampe „{lamp}“ gibt es im Anlagenverzeichnis nicht.")
    open_one = storage.db.execute("SELECT id FROM incidents WHERE state = 'open' AND service_code = ? AND asset_id = ? "
                                  "ORDER BY id LIMIT 1", [LAMP_CATEGORY, found["asset_id"]]).fetchone()
    if cleared:
        if open_one is None:
            return {"incident": None, "cleared": False}, False
        row, _ = close(storage, open_one[0], OPERATOR, "Vom Betreiber als behoben gemeldet.")
        return {"incident": public(row), "cleared": True}, True
    fault = _text(body, "fault", MAX_DESCRIPTION)
    message_id = body.get("message_id")
    if message_id is not None and (not isinstance(message_id, str) or not 0 < len(message_id) <= 100):
        raise IncidentProblem("„message_id“ muss ein Text bis 100 Zeichen sein.")
    # The same message twice (a retry) has the same key: one incident, whatever the operator's system repeats.
    key = "operator:" + (message_id or json.dumps([found["asset_id"], fault, stamp], ensure_ascii=False))
    description = f"Lampe {found['asset_id']}: {fault}"
    if open_one is not None:  # a newer message about a lamp already known: one incident per lamp
        return _update_fault(storage, open_one[0], description, stamp)
    row, created = record(storage, service_code=LAMP_CATEGORY, asset_id=found["asset_id"], lat=found["lat"],
                          long=found["long"], radius=LAMP_RADIUS, description=description, source=OPERATOR,
                          external_key=key, stamp=stamp)
    return {"incident": public(row), "created": created}, created


def _update_fault(storage: Storage, incident_id: int, description: str, stamp: str) -> Tuple[dict, bool]:
    """A later message names the newest fault; an older one arriving late changes nothing."""
    with storage.transaction() as db:
        changed = db.execute("UPDATE incidents SET description = ?, updated_datetime = ? WHERE id = ? "
                             "AND updated_datetime < ?", [description, stamp, incident_id, stamp]).rowcount
    return {"incident": public(_row(storage, incident_id)), "created": False}, bool(changed)


# ---- HTTP -------------------------------------------------------------------------------------------------

def _check_operator(request: Request) -> None:
    expected = request.app.state.operator_key
    if "api_key" in request.query_params:
        raise bad_request("Bitte den Schlüssel im Header Authorization senden, nie in der Adresse.")
    if not bearer_matches(request.headers.get("authorization"), expected):
        raise forbidden("Betreiber-Schlüssel fehlt oder ist falsch (Authorization: Bearer …).")


@router.post("/incidents/operator.json")
async def operator_fault(request: Request):
    """A fault message of the lighting operator's system (Bearer OPERATOR_API_KEY, JSON body)."""
    _check_operator(request)
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser goes
        raise bad_request("Der Inhalt ist kein gültiges JSON.") from None
    try:
        answer, changed = await run_in_threadpool(operator_message, request.app.state.storage, body)
    except IncidentProblem as problem:
        raise bad_request(str(problem)) from None
    return JSONResponse(answer, status_code=201 if answer.get("created") else 200)


@router.get("/incidents/known.json")
async def known_incidents(request: Request):
    """Open incidents where a citizen reports, and open reports of the same lamp (X-Api-Key)."""
    check_api_key(request)
    category = request.query_params.get("category") or ""
    if categories.get(category) is None:
        raise bad_request(f"Unbekannte Kategorie „{category[:40]}“.")
    lat, long = assets.query_number(request, "lat"), assets.query_number(request, "long")
    lamp = (request.query_params.get("lamp") or "").strip()[:40] or None
    return await run_in_threadpool(known, request.app.state.storage, category, lat, long, lamp)


@router.post("/incidents/{incident_id}/watchers.json")
async def add_watcher(incident_id: str, request: Request):
    """A citizen asks to be told when the incident is fixed (form: account_id; X-Api-Key)."""
    async with keyed_form(request) as form:
        account = form.get("account_id")
    if not isinstance(account, str) or not 0 < len(account.strip()) <= 100:
        raise bad_request("„account_id“ fehlt oder ist ungültig.")
    if not incident_id.isdigit():
        raise not_found(f"Eine Störung „{incident_id[:20]}“ gibt es nicht.")
    try:
        count, created = await run_in_threadpool(watch, request.app.state.storage, int(incident_id), account.strip())
    except LookupError:
        raise not_found(f"Eine Störung „{incident_id}“ gibt es nicht.") from None
    except IncidentProblem as problem:
        raise Open311Error(409, str(problem)) from None
    return {"watchers": count, "created": created}
