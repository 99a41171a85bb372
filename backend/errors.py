"""Errors in the Open311 shape: status 400/403/404 and a body `[{"code": N, "description": "<German>"}]`.

Every error the backend answers has this shape, including FastAPI's own
validation errors, unknown routes and wrong methods. Under /open311 a wrong
method is a 400 (the spec knows only 400/403/404) and an `.xml` URL is a 400
saying that only JSON is served; a form body the multipart parser cannot read
is a 400 too. Unexpected failures are a 500 in the same
shape: a client's outbox must be able to tell "try again later" from "this
request is wrong".
"""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from python_multipart.exceptions import FormParserError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

OPEN311_PREFIX = "/open311/"

NOT_FOUND = "Diese Adresse gibt es nicht. Die Schnittstelle beschreibt sich unter /open311/v2/discovery.json."
ONLY_JSON = "Dieser Server liefert nur JSON: bitte „.json“ statt „.xml“ verwenden."
WRONG_METHOD = "Diese Methode ist hier nicht erlaubt."
INTERNAL = "Interner Fehler im Server. Bitte später erneut versuchen."
UNREADABLE_FORM = "Das Formular konnte nicht gelesen werden."


class Open311Error(Exception):
    """Raised anywhere in a request; answered as `[{"code": status, "description": description}]`."""

    def __init__(self, status: int, description: str, headers: dict = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.headers = headers


def bad_request(description: str) -> Open311Error:
    return Open311Error(400, description)


def forbidden(description: str = "API-Schlüssel fehlt oder ist falsch.") -> Open311Error:
    return Open311Error(403, description)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)


def error_response(status: int, description: str, headers: dict = None) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the Open311 shape."""

    @app.exception_handler(Open311Error)
    async def open311_error(request: Request, exc: Open311Error):
        return error_response(exc.status, exc.description, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        path = request.url.path
        in_open311 = path.startswith(OPEN311_PREFIX)
        if exc.status_code == 404:
            if in_open311 and path.endswith(".xml"):
                return error_response(400, ONLY_JSON)
            return error_response(404, NOT_FOUND)
        if exc.status_code == 405:
            return error_response(400 if in_open311 else 405, WRONG_METHOD, getattr(exc, "headers", None))
        # Anything else raised as HTTPException: keep the status, say it in German.
        return error_response(exc.status_code, "Die Anfrage konnte nicht bearbeitet werden.")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        names = [str(err["loc"][-1]) for err in exc.errors() if err.get("loc")]
        where = ", ".join(f"„{name}“" for name in dict.fromkeys(names)) or "der Anfrage"
        return error_response(400, f"Ungültiger oder fehlender Wert für {where}.")

    @app.exception_handler(FormParserError)
    async def unreadable_form(request: Request, exc: FormParserError):
        # python-multipart's own parse errors (a broken multipart body, e.g. no boundary where one is declared)
        # can escape Starlette's MultiPartException: the client sent them, so a 400, not a 500.
        return error_response(400, UNREADABLE_FORM)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, INTERNAL)
