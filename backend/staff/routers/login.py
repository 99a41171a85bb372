"""Login and logout (`staff.login:*`): the only staff pages reachable without a session."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from backend.staff import auth, store
from backend.staff.templating import templates

router = APIRouter()

WRONG = "Benutzername oder Passwort ist falsch."


def _throttled_message(minutes: int) -> str:
    return (f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {minutes} Minuten erneut versuchen "
            "oder die IT der Stadt ansprechen.")


def _page(request: Request, status: int = 200, error: str = "", name: str = "", next_path: str = ""):
    return templates.TemplateResponse(request, "login/get.html", {
        "error": error, "name": name, "next": auth.safe_next(next_path), "staff": None,
        "csrf_token": request.state.csrf_token,
    }, status_code=status)


@router.get("/staff/login", name="staff.login:get")
def login_page(request: Request, next: str = ""):
    """The login form; logged-in staff go straight on."""
    if auth.current_staff(request):
        return RedirectResponse(auth.safe_next(next), status_code=303)
    return _page(request, next_path=next)


def _attempt(request: Request, name: str, password: str):
    storage, settings = request.app.state.storage, request.app.state.staff_settings
    ip = request.client.host if request.client else "-"
    if store.is_throttled(storage, name, ip, settings.max_failures, settings.lock_minutes):
        return None, 429, _throttled_message(settings.lock_minutes)
    user_id = store.verify(storage, name, password)
    if user_id is None:
        store.record_failure(storage, name, ip, settings.lock_minutes)
        return None, 401, WRONG
    store.clear_failures(storage, name, ip)
    return store.start_session(storage, user_id, settings.session_hours), 200, ""


@router.post("/staff/login", name="staff.login:post")
async def login(request: Request):
    """Check name and password (throttled); on success a session cookie and on to `next`."""
    form = await request.form()
    name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
    next_path = str(form.get("next") or "")
    if not name or not password:
        return _page(request, 400, "Bitte Benutzername und Passwort eingeben.", name, next_path)
    token, status, error = await run_in_threadpool(_attempt, request, name[:64], password)
    if token is None:
        return _page(request, status, error, name, next_path)
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
