"""How long a report may wait (`staff.deadlines:edit`): per category the days in "eingegangen" (also "wieder
geöffnet") and in "in Bearbeitung" before it is overdue (backend/reminders.py); saved changes are audited."""

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from backend import categories, reminders
from backend.staff import auth, store
from backend.staff.templating import render

router = APIRouter(dependencies=[Depends(auth.require_staff)])

_DAYS = re.compile(r"^[0-9]{1,3}$")
FIELDS = {"received_days": "eingegangen", "in_progress_days": "in Bearbeitung"}


def _page(request: Request, values: dict, error: str = "", status: int = 200, notice: str = ""):
    return render(request, "deadlines/edit.html", {
        "services": list(categories.CATEGORIES.values()), "values": values, "fields": FIELDS, "error": error,
        "notice": notice, "overdue": reminders.overdue(request.app.state.storage)}, status)


def _stored(request: Request) -> dict:
    known = reminders.limits(request.app.state.storage)
    return {code: {name: "" if known.get(code, {}).get(name) is None else str(known[code][name]) for name in FIELDS}
            for code in categories.CATEGORIES}


@router.get("/staff/fristen", name="staff.deadlines:edit")
async def edit(request: Request):
    values = await run_in_threadpool(_stored, request)
    notice = "Die Fristen sind gespeichert." if request.query_params.get("gespeichert") else ""
    return await run_in_threadpool(_page, request, values, "", 200, notice)


def _read(form) -> tuple:
    """{code: {field: text}} as typed, and {code: {field: days or None}}; ValueError with a German message."""
    typed, days = {}, {}
    for code, service in categories.CATEGORIES.items():
        typed[code], days[code] = {}, {}
        for name, label in FIELDS.items():
            text = str(form.get(f"{code}.{name}") or "").strip()
            typed[code][name] = text
            if text and (not _DAYS.match(text) or int(text) > reminders.MAX_DAYS):
                raise ValueError(f"{service.name}, „{label}“: bitte eine ganze Zahl von 0 bis "
                                 f"{reminders.MAX_DAYS} Tagen oder nichts (keine Frist).")
            days[code][name] = int(text) if text else None
    return typed, days


def _save(request: Request, form) -> object:
    storage, user = request.app.state.storage, request.state.staff["name"]
    before = _stored(request)
    try:
        typed, days = _read(form)
    except ValueError as error:
        typed = {code: {name: str(form.get(f"{code}.{name}") or "") for name in FIELDS}
                 for code in categories.CATEGORIES}
        return _page(request, typed, str(error), 400)
    for code, limits in days.items():
        if typed[code] != before[code]:
            reminders.set_limits(storage, code, limits["received_days"], limits["in_progress_days"], user)
            store.audit(storage, user, "deadlines", None, {"service_code": code, "from": before[code], "to": typed[code]})
    return RedirectResponse("/staff/fristen?gespeichert=1", status_code=303)


@router.post("/staff/fristen", name="staff.deadlines:save")
async def save(request: Request):
    form = await request.form()
    return await run_in_threadpool(_save, request, form)
