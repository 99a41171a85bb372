"""Reports nobody touched: per category, how many days a report may stay "eingegangen" (or "wieder geöffnet")
and "in Bearbeitung" before it is overdue. Staff set the limits (backend/staff/routers/deadlines.py); the
queue marks overdue reports, the dashboard lists them, and the messenger adapter sends a daily summary to
the staff group the city configures:

    GET /reminders/overdue.json   (key in X-Api-Key) → {"count", "reports": [{"service_request_id",
        "service_code", "category", "state", "state_label", "days", "limit_days"}]}, longest overdue first

The time in a state is counted from the report's last state change (updated_datetime).
"""

import math
from datetime import datetime
from typing import Dict, List, Optional

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from backend import categories, dates
from backend.auth import check_api_key
from backend.storage import STATES, Storage

router = APIRouter()

# state -> the column of state_deadlines that limits it
LIMITED_STATES = {"received": "received_days", "reopened": "received_days", "in_progress": "in_progress_days"}
MAX_DAYS = 365


def limits(storage: Storage) -> Dict[str, dict]:
    """{service_code: {"received_days", "in_progress_days", ...}} of the categories with limits."""
    return {row["service_code"]: row for row in storage.db.query("SELECT * FROM state_deadlines")}


def set_limits(storage: Storage, service_code: str, received_days: Optional[int], in_progress_days: Optional[int],
               user_name: str) -> None:
    with storage.transaction() as db:
        db["state_deadlines"].upsert({"service_code": service_code, "received_days": received_days,
                                      "in_progress_days": in_progress_days,
                                      "updated_datetime": dates.to_db(dates.now()), "user_name": user_name},
                                     pk="service_code")


def overdue(storage: Storage, now: Optional[datetime] = None) -> List[dict]:
    """Every open report longer in its state than its category allows, longest overdue first."""
    now = now or dates.now()
    found = []
    rows = storage.db.query(
        "SELECT r.service_request_id, r.service_code, r.state, r.updated_datetime, d.received_days, "
        "d.in_progress_days FROM requests r JOIN state_deadlines d ON d.service_code = r.service_code "
        "WHERE r.state IN ('received', 'reopened', 'in_progress')")
    for row in rows:
        limit = row[LIMITED_STATES[row["state"]]]
        if limit is None:
            continue
        days = (now - datetime.fromisoformat(row["updated_datetime"])).total_seconds() / 86400
        if days > limit:
            service = categories.get(row["service_code"])
            found.append({"service_request_id": row["service_request_id"], "service_code": row["service_code"],
                          "category": service.name if service else row["service_code"], "state": row["state"],
                          "state_label": STATES[row["state"]][0], "days": math.floor(days), "limit_days": limit,
                          "over_by": days - limit})
    return sorted(found, key=lambda r: r["over_by"], reverse=True)


def overdue_numbers(storage: Storage) -> set:
    return {row["service_request_id"] for row in overdue(storage)}


@router.get("/reminders/overdue.json")
async def overdue_reports(request: Request):
    """The overdue reports for a daily summary (numbers, categories and states only: no citizen's text)."""
    check_api_key(request)  # the header X-Api-Key; a key in the URL is refused
    reports = await run_in_threadpool(overdue, request.app.state.storage)
    return {"count": len(reports), "reports": [{k: v for k, v in r.items() if k != "over_by"} for r in reports]}
