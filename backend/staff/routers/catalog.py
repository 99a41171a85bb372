"""The catalog page (`staff.catalog:list`): facts by age with source link and "geprüft am"; staff confirm a fact
after looking at its source (audited). Editing the facts happens in backend/catalog/catalog.yml, reviewed."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from backend import categories, dates
from backend.staff import auth, catalog_checks, store
from backend.staff.templating import render

router = APIRouter(dependencies=[Depends(auth.require_staff)])


def _facts(request: Request) -> list:
    today = dates.now().astimezone(dates.BERLIN).date()
    catalog = request.app.state.catalog
    return catalog_checks.with_checks(catalog.facts(today), request.app.state.storage, today)


def _page(request: Request, facts: list, show_all: bool = False, notice: str = "", error: str = "",
          status: int = 200):
    due = [f for f in facts if f.due]
    return render(request, "catalog/list.html", {
        "facts": facts if show_all else due, "due_count": len(due), "total": len(facts), "show_all": show_all,
        "stale_months": catalog_checks.STALE_MONTHS, "service_name": _service_name(request),
        "notice": notice, "error": error}, status)


@router.get("/staff/katalog", name="staff.catalog:list")
async def list_facts(request: Request):
    """Every fact, the due ones first (older than 12 months and not checked since, or undated and unchecked)."""
    facts = await run_in_threadpool(_facts, request)
    notice = "Die Angabe ist als geprüft vermerkt." if request.query_params.get("geprueft") else ""
    return _page(request, facts, request.query_params.get("alle") == "1", notice)


def _service_name(request: Request):
    services = {code: entry["name"] for code, entry in request.app.state.catalog.data["services"].items()}
    return lambda code: services.get(code) or (categories.get(code).name if categories.get(code) else code or "")


@router.post("/staff/katalog/pruefen", name="staff.catalog:check")
async def check_fact(request: Request):
    """ "Geprüft": the staff member looked at the source and the fact still holds; audited."""
    form = await request.form()
    key = str(form.get("fact") or "")
    facts = await run_in_threadpool(_facts, request)
    fact = next((f for f in facts if f.key == key), None)
    if fact is None:  # an old page: the catalog changed since
        return _page(request, facts, error="Diese Angabe gibt es so nicht mehr im Katalog; bitte die Seite neu laden.",
                     status=400)
    name = request.state.staff["name"]
    await run_in_threadpool(catalog_checks.confirm, request.app.state.storage, key, name)
    await run_in_threadpool(store.audit, request.app.state.storage, name, "catalog_check", None,
                            {"fact": fact.fact["where"], "text": fact.fact["text"][:300], "stand": fact.fact["stand"]})
    return RedirectResponse("/staff/katalog?geprueft=1", status_code=303)
