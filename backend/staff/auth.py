"""Who is logged in: the session cookie, the login guard of every staff page, and the guard of the photos.

Pages without a valid session redirect to /staff/login (with `next`);
photos (`/media/{name}`) answer 401 instead, unless the request carries the
backend's API key in the header X-Api-Key (the city's own systems).
"""

from typing import Optional
from urllib.parse import quote

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from backend.auth import has_api_key
from backend.errors import Open311Error
from backend.staff import store
from backend.staff.security import SESSION_COOKIE


class LoginRequired(Exception):
    """Raised by `require_staff`; answered with a redirect to the login page."""

    def __init__(self, next_path: str):
        self.next_path = next_path


def session_token(request: Request) -> Optional[str]:
    return request.cookies.get(SESSION_COOKIE)


def current_staff(request: Request) -> Optional[dict]:
    return store.session_user(request.app.state.storage, session_token(request))


async def require_staff(request: Request) -> dict:
    """Router dependency: the logged-in staff member (request.state.staff), else LoginRequired."""
    user = await run_in_threadpool(current_staff, request)
    if user is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    request.state.staff = user
    return user


def login_url(next_path: str) -> str:
    return f"/staff/login?next={quote(next_path, safe='/')}"


def safe_next(next_path: Optional[str]) -> str:
    """Only paths of the staff web itself (no other host, no scheme-relative //host)."""
    if next_path and next_path.startswith("/staff/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return "/staff/reports"


def may_view_media(request: Request) -> None:
    """Photos only for logged-in staff (or the city's systems with the API key in the header X-Api-Key)."""
    if has_api_key(request):  # a key in the URL is refused there with 400
        return
    if current_staff(request) is None:
        raise Open311Error(401, "Fotos sind nur nach der Anmeldung in der Mitarbeiter-Oberfläche sichtbar.")
