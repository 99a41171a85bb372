"""Login, "Angemeldet bleiben" and logout (`staff.login:*`); login and logout are reachable without a session.

A login is throttled per user name and per address (`store.begin_attempt`) before its password is
hashed; a throttled attempt (429) and one that finds the hashing busy (503) hash nothing. A browser
that carries a valid device cookie for the name (backend/staff/devices.py) is throttled per device
instead of per name; every successful login gets a fresh device cookie.
"""

from dataclasses import dataclass
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from backend import dates
from backend.staff import auth, devices, store
from backend.staff.templating import templates

router = APIRouter()

WRONG = "Benutzername oder Passwort ist falsch."
BUSY = "Der Anmeldedienst ist gerade ausgelastet. Bitte gleich erneut versuchen."
BUSY_RETRY_SECONDS = 5
DEVICE_HINT = "Von einem Gerät, an dem Sie sich hier schon angemeldet haben, ist die Anmeldung weiter möglich."


@dataclass(frozen=True)
class Outcome:
    """What a login attempt comes to: a session (and a new device cookie), or a status with a German error."""

    token: Optional[str] = None
    device_cookie: str = ""
    status: int = 200
    error: str = ""
    retry_after: int = 0


def _throttled_message(throttled: store.Throttled) -> str:
    wait = "einer Minute" if throttled.minutes == 1 else f"{throttled.minutes} Minuten"
    message = (f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {wait} erneut versuchen "
               "oder die IT der Stadt ansprechen.")
    return f"{message} {DEVICE_HINT}" if throttled.by_name else message


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


def _device_key(request: Request, name: str) -> str:
    """The key of the request's device cookie when it is valid for `name`; '' otherwise (forged ones too)."""
    device = devices.valid_for(request.app.state.staff_device_key, request.cookies.get(devices.COOKIE),
                               name, dates.now())
    return device.key if device else ""


def _attempt(request: Request, name: str, password: str) -> Outcome:
    storage, settings = request.app.state.storage, request.app.state.staff_settings
    # The client as uvicorn sees it: X-Forwarded-For counts only from a trusted proxy (127.0.0.1).
    address = store.address_key(request.client.host if request.client else None)
    per_name = store.Limit(settings.max_failures, settings.lock_minutes)
    device = _device_key(request, name)
    try:
        attempt = store.begin_attempt(storage, name, address, per_name, store.ADDRESS_LIMIT, device)
    except store.Throttled as throttled:
        return Outcome(status=429, error=_throttled_message(throttled), retry_after=throttled.minutes * 60)
    try:
        user_id = store.verify(storage, name, password)
    except store.HashingBusy:
        store.attempt_not_made(storage, attempt)
        return Outcome(status=503, error=BUSY, retry_after=BUSY_RETRY_SECONDS)
    if user_id is None:
        return Outcome(status=401, error=WRONG)  # the attempt stays counted as a failure
    store.login_succeeded(storage, attempt, name, address, device)
    return Outcome(token=store.start_session(storage, user_id, settings.session_hours),
                   device_cookie=devices.issue(request.app.state.staff_device_key, name, dates.now()))


def _set_session_cookie(request: Request, response, token: str) -> None:
    hours = request.app.state.staff_settings.session_hours
    response.set_cookie(auth.SESSION_COOKIE, token, max_age=int(hours * 3600), path="/", httponly=True,
                        samesite="lax", secure=request.app.state.settings.backend_url.startswith("https"))


@router.post("/staff/login", name="staff.login:post")
async def login(request: Request):
    """Check name and password (throttled); on success a session cookie and on to `next`."""
    form = await request.form()
    name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
    next_path = str(form.get("next") or "")
    if not name or not password:
        return _page(request, 400, "Bitte Benutzername und Passwort eingeben.", name, next_path)
    outcome = await run_in_threadpool(_attempt, request, name[:64], password)
    if outcome.token is None:
        return _page(request, outcome.status, outcome.error, name, next_path, outcome.retry_after)
    response = RedirectResponse(auth.safe_next(next_path), status_code=303)
    _set_session_cookie(request, response, outcome.token)
    secure = request.app.state.settings.backend_url.startswith("https")
    # Strict: only the login form itself, never a link from elsewhere, needs to show it.
    response.set_cookie(devices.COOKIE, outcome.device_cookie, max_age=devices.MAX_AGE, path=devices.PATH,
                        httponly=True, samesite="strict", secure=secure)
    return response


@router.post("/staff/logout", name="staff.login:logout")
async def logout(request: Request):
    """End the session (also in the database) and back to the login form."""
    await run_in_threadpool(store.end_session, request.app.state.storage, auth.session_token(request))
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.post("/staff/sitzung", name="staff.login:extend")
async def extend(request: Request):
    """"Angemeldet bleiben": the session ends STAFF_SESSION_HOURS from now. The page's script asks for JSON
    ({"seconds": left}); the plain form goes back to the page it came from (`next`). An ended session goes to
    the login (JSON: 401)."""
    form = await request.form()
    token = auth.session_token(request)
    hours = request.app.state.staff_settings.session_hours
    ends = await run_in_threadpool(store.extend_session, request.app.state.storage, token, hours)
    wants_json = "application/json" in request.headers.get("accept", "")
    if ends is None:
        if wants_json:
            return JSONResponse({"error": "Die Sitzung ist beendet. Bitte neu anmelden."}, status_code=401)
        return RedirectResponse(auth.login_url(auth.safe_next(str(form.get("next") or ""))), status_code=303)
    response = (JSONResponse({"seconds": int(hours * 3600)}) if wants_json
                else RedirectResponse(auth.safe_next(str(form.get("next") or "")), status_code=303))
    _set_session_cookie(request, response, token)
    return response
