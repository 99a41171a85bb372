"""The API key for writing requests, and reading forms (url-encoded or multipart) with German errors.

The key travels in the header `X-Api-Key`, or as the form field `api_key` of a
POST body as in Open311; the header counts first. Never in the URL: servers,
proxies and browsers write URLs into logs, so a request with `api_key` in its
query string is refused with a 400 before anything else is looked at. A
missing or wrong key is a 403. Comparisons are in constant time, on bytes.
"""

import secrets
from contextlib import asynccontextmanager
from typing import AsyncIterator, Optional

from fastapi import Request
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from backend.errors import bad_request, forbidden

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
KEY_HEADER = "X-Api-Key"
KEY_IN_URL = "Bitte den API-Schlüssel im Header X-Api-Key oder im Formular senden, nie in der Adresse."


def refuse_key_in_url(request: Request) -> None:
    """A German 400 when the query string names `api_key` (even empty): the key must not travel in a URL."""
    if "api_key" in request.query_params:
        raise bad_request(KEY_IN_URL)


def check_api_key(request: Request, given: Optional[str] = None) -> None:
    """The key of the header X-Api-Key, else `given` (the form field), must be the backend's: 403 otherwise.

    Callers that still pass `request.query_params.get("api_key")` as `given` are safe: a key in the
    URL is refused with 400 first.
    """
    refuse_key_in_url(request)
    header = request.headers.get(KEY_HEADER)
    if not _is_key(request, header if header is not None else given):
        raise forbidden()


def has_api_key(request: Request) -> bool:
    """Whether the header X-Api-Key carries the backend's key (for routes that let staff in otherwise)."""
    refuse_key_in_url(request)
    return _is_key(request, request.headers.get(KEY_HEADER))


def _is_key(request: Request, given: Optional[str]) -> bool:
    expected: str = request.app.state.api_key
    if not isinstance(given, str) or not expected:
        return False
    try:
        given_bytes = given.encode("utf-8", "surrogateescape")  # bytes: compare_digest refuses non-ASCII str
    except UnicodeError:
        return False
    return secrets.compare_digest(given_bytes, expected.encode())


async def read_form(request: Request, multipart_only: bool = False) -> FormData:
    """The request body as form data; a German 400 for anything else. Close it after use."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    allowed = FORM_TYPES[1:] if multipart_only else FORM_TYPES
    if content_type not in allowed:
        raise bad_request(f"Bitte die Daten als Formular senden ({' oder '.join(allowed)}).")
    try:
        return await request.form(max_files=2, max_fields=500)
    except (MultiPartException, StarletteHTTPException):
        raise bad_request("Das Formular konnte nicht gelesen werden.") from None


@asynccontextmanager
async def keyed_form(request: Request) -> AsyncIterator[FormData]:
    """The form of a writing request whose key (header X-Api-Key, else form field api_key) was checked; closed after.

    A key in the URL is refused, and a wrong key in the header, before the body is read.
    """
    if request.headers.get(KEY_HEADER) is not None:
        check_api_key(request)
    else:
        refuse_key_in_url(request)
    form = await read_form(request)
    try:
        check_api_key(request, form.get("api_key"))
        yield form
    finally:
        await form.close()
