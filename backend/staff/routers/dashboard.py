"""The overview (`staff.dashboard:get`): what came in, where it stands, what the assistant did not understand."""

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from backend import categories, dates, reminders
from backend.staff import auth, conversations, dashboard
from backend.staff.templating import render
from backend.storage import STATES

router = APIRouter(dependencies=[Depends(auth.require_staff)])


def _figures(request: Request) -> dict:
    storage, store = request.app.state.storage, conversations.store_for(request.app)
    today = dates.now().astimezone(dates.BERLIN).date()
    table, totals = dashboard.by_category_and_state(storage)
    days = dashboard.per_day(storage, today)
    return {
        "table": table, "totals": totals, "days": days, "busiest": max((n for _, n in days), default=0),
        "week": dashboard.understanding(store, today, 7),
        "month": dashboard.understanding(store, today, dashboard.DAYS),
        "services": [s for s in categories.CATEGORIES.values() if s.code in table], "states": STATES,
        "window": dashboard.DAYS, "satisfaction": dashboard.satisfaction(storage),
        "overdue": reminders.overdue(storage),
    }


@router.get("/staff/dashboard", name="staff.dashboard:get")
async def get_dashboard(request: Request):
    figures = await run_in_threadpool(_figures, request)
    return render(request, "dashboard/get.html", figures)
