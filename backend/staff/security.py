"""Middleware for everything under /staff: security headers and the CSRF check of every form.

CSRF: every form carries a token in the hidden field `csrf_token`. Before
login it is a random token from an HttpOnly cookie (SameSite=Strict, path
/staff: double submit); with a session cookie it is bound to the session, an
HMAC of the session token under a key from the data directory, so a token
seen in one session is worthless in another. A POST under /staff without
the matching field, with a foreign Origin, or not sent as a plain form, is
refused with 403 before any route sees it. The body is read here (at most
MAX_FORM_BYTES) and handed on unchanged.

Headers: a Content-Security-Policy without inline scripts, X-Frame-Options
DENY, Referrer-Policy, no caching of staff pages. (nosniff comes from the
backend's own SecurityHeaders middleware, for every response.)
"""

import hashlib
import hmac
import secrets
from urllib.parse import parse_qs, urlsplit

from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse

PREFIX = "/staff"
SESSION_COOKIE = "stadtbot_staff_session"  # backend.staff.auth reads the same cookie
CSRF_COOKIE = "stadtbot_staff_csrf"
CSRF_FIELD = "csrf_token"
MAX_FORM_BYTES = 64 * 1024
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# img-src allows the OpenStreetMap tiles of the report map (STAFF_MAP_TILES; another tile host must be added here).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data: https://tile.openstreetmap.org https://*.tile.openstreetmap.org; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
REFUSED = ("<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>Nicht erlaubt</title>"
           "<p>Das Formular ist abgelaufen oder ungültig. Bitte die Seite neu laden und noch einmal senden.</p>"
           "<p><a href=\"/staff/login\">Zur Anmeldung</a></p></html>")


def _cookies(scope) -> dict:
    # Starlette's lenient parser (as request.cookies uses): SimpleCookie drops every cookie after a
    # malformed one, so a mangled device cookie (sent before this one, its path is longer) would cost
    # the form token and refuse the login.
    cookies = {}
    for name, value in scope["headers"]:
        if name == b"cookie":
            cookies.update(cookie_parser(value.decode("latin-1")))
    return cookies


def _header(scope, wanted: bytes) -> str:
    for name, value in scope["headers"]:
        if name == wanted:
            return value.decode("latin-1")
    return ""


class StaffSecurity:
    def __init__(self, app, csrf_key: str, secure_cookies: bool = False):
        self.app = app
        self.csrf_key = csrf_key.encode()
        self.secure = secure_cookies

    def session_bound(self, session_token: str) -> str:
        return hmac.new(self.csrf_key, session_token.encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not (scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")):
            return await self.app(scope, receive, send)
        cookies = _cookies(scope)
        cookie_token = cookies.get(CSRF_COOKIE, "")
        new_token = None
        if len(cookie_token) < 32:
            cookie_token = new_token = secrets.token_urlsafe(32)
        session = cookies.get(SESSION_COOKIE, "")
        expected = self.session_bound(session) if session else cookie_token
        scope.setdefault("state", {})["csrf_token"] = expected

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in {n for n, _ in HEADERS}]
                headers += HEADERS
                if new_token:
                    attributes = f"{CSRF_COOKIE}={new_token}; Path={PREFIX}; HttpOnly; SameSite=Strict"
                    headers.append((b"set-cookie", (attributes + ("; Secure" if self.secure else "")).encode()))
                message["headers"] = headers
            await send(message)

        if scope["method"] in SAFE_METHODS:
            return await self.app(scope, receive, send_with_headers)

        # A fresh double-submit cookie means the browser sent none: no form of ours can match it.
        body = await self._checked_body(scope, receive, expected if session or not new_token else None)
        if body is None:
            return await HTMLResponse(REFUSED, status_code=403)(scope, receive, send_with_headers)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    async def _checked_body(self, scope, receive, expected: str):
        """The request body when it is a form carrying the right token from this site; else None."""
        if not expected:
            return None
        origin = _header(scope, b"origin")
        host = _header(scope, b"host")
        if origin and origin != "null" and urlsplit(origin).netloc != host:
            return None
        if _header(scope, b"content-type").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            return None
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_FORM_BYTES:
                return None
            if not message.get("more_body"):
                break
        try:
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return None
        given = fields.get(CSRF_FIELD, [""])[0]
        if not secrets.compare_digest(given.encode(), expected.encode()):
            return None
        return body
