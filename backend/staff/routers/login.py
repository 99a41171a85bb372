"""Login and logout (`staff.login:*`): the only staff pages reachable without a session.

A login is throttled per user name and per address (`store.begin_attempt`) before its password is
hashed; a throttled attempt (429) and one that finds the hashing busy (503) hash nothing.
"""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from backend.staff import auth, store
from backend.staff.templating import templates

router = APIRouter()

WRONG = "Benutzername oder Passwort ist falsch."
BUSY = "Der Anmeldedienst ist gerade ausgelastet. Bitte gleich erneut versuchen."
BUSY_RETRY_SECONDS = 5


def _throttled_message(minutes: int) -> str:
    wait = "einer Minute" if minutes == 1 else f"{minutes} Minuten"
    return (f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {wait} erneut versuchen "
            "oder die IT der Stadt ansprechen.")


def _page(request: Request, status: int = 200, error: str = "", name: str = "", next_path: str = "",
          retry_after: int = 0):
    response = templates.TemplateResponse(request, "login/get.html", {
        "error": error, "name": name, "next": auth.safe_next(next_path), "staff": None,
        "csrf_token": request.state.csrf_token,
    }, status_code=status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/staff/login", name="staff.login:get")
def login_page(request: Request, next: str = ""):
    """The login form; logged-in staff go straight on."""
    if auth.current_staff(request):
        return RedirectResponse(auth.safe_next(next), status_code=303)
    return _page(request, next_path=next)


def _attempt(request: Request, name: str, password: str):
    """(session token or None, status, German error, Retry-After seconds)."""
    storage, settings = request.app.state.storage, request.app.state.staff_settings
    # The client as uvicorn sees it: X-Forwarded-For counts only from a trusted proxy (127.0.0.1).
    address = store.address_key(request.client.host if request.client else None)
    per_name = store.Limit(settings.max_failures, settings.lock_minutes)
    try:
        attempt = store.begin_attempt(storage, name, address, per_name, store.ADDRESS_LIMIT)
    except store.Throttled as throttled:
        return None, 429, _throttled_message(throttled.minutes), throttled.minutes * 60
    try:
        user_id = store.verify(storage, name, password)
    except store.HashingBusy:
        store.attempt_not_made(storage, attempt)
        return None, 503, BUSY, BUSY_RETRY_SECONDS
    if user_id is None:
        return None, 401, WRONG, 0  # the attempt stays counted as a failure
    store.login_succeeded(storage, attempt, name, address)
    return store.start_session(storage, user_id, settings.session_hours), 200, "", 0


@router.post("/staff/login", name="staff.login:post")
async def login(request: Request):
    """Check name and password (throttled); on success a session cookie and on to `next`."""
    form = await request.form()
    name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
    next_path = str(form.get("next") or "")
    if not name or not password:
        return _page(request, 400, "Bitte Benutzername und Passwort eingeben.", name, next_path)
    token, status, error, retry_after = await run_in_threadpool(_attempt, request, name[:64], password)
    if token is None:
        return _page(request, status, error, name, next_path, retry_after)
    response = RedirectResponse(auth.safe_next(next_path), status_code=303)
    hours = request.app.state.staff_settings.session_hours
    secure = request.app.state.settings.backend_url.startswith("https")
    response.set_cookie(auth.SESSION_COOKIE, token, max_age=int(hours * 3600), path="/",
                        httponly=True, samesite="lax", secure=secure)
    return response


@router.post("/staff/logout", name="staff.login:logout")
async def logout(request: Request):
    """End the session (also in the database) and back to the login form."""
    await run_in_threadpool(store.end_session, request.app.state.storage, auth.session_token(request))
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response
