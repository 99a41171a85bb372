"""The API key for writing requests, and reading forms (url-encoded or multipart) with German errors.

The key travels as the form field or query parameter `api_key`, as in
Open311. A missing or wrong key is a 403.
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


def check_api_key(request: Request, given: Optional[str]) -> None:
    expected: str = request.app.state.api_key
    if not isinstance(given, str) or not secrets.compare_digest(given.encode(), expected.encode()):
        raise forbidden()


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
    """The form of a writing request whose api_key (form field or query parameter) was checked; closed after."""
    form = await read_form(request)
    try:
        check_api_key(request, form.get("api_key") or request.query_params.get("api_key"))
        yield form
    finally:
        await form.close()
