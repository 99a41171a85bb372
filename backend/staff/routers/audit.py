"""The whole audit log (`staff.audit:list`): who changed which report's state, merged duplicates, taught the
assistant; newest first, filtered by action and staff member. Reports show their own entries on their page."""

from fastapi import APIRouter, Depends, Request

from backend.staff import auth, store
from backend.staff.paging import page_links, page_number
from backend.staff.templating import render

router = APIRouter(dependencies=[Depends(auth.require_staff)])

PAGE_SIZE = 100


def _render(request: Request, context: dict, status: int = 200):
    return render(request, "audit/list.html", {
        "actions": store.AUDIT_ACTIONS, "users": store.audit_users(request.app.state.storage), "rows": [],
        "total": 0, "pages": {}, "action": "", "user_name": "", "error": "", **context}, status)


@router.get("/staff/protokoll", name="staff.audit:list")
def list_audit(request: Request):
    params = request.query_params
    action, user_name = (params.get("aktion") or "").strip(), (params.get("benutzer") or "").strip()
    chosen = {"action": action, "user_name": user_name}
    if action and action not in store.AUDIT_ACTIONS:
        return _render(request, {**chosen, "error": f"Unbekannte Aktion „{action}“."}, 400)
    try:
        page = page_number(params)
    except ValueError as error:
        return _render(request, {**chosen, "error": str(error)}, 400)
    rows, total = store.audit_page(request.app.state.storage, action, user_name[:64], page, PAGE_SIZE)
    query = {key: value for key, value in (("aktion", action), ("benutzer", user_name)) if value}
    return _render(request, {**chosen, "rows": rows, "total": total,
                             "pages": page_links(query, page, total, PAGE_SIZE)})
