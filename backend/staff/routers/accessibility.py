"""The accessibility statement ("Erklärung zur Barrierefreiheit", BITV 2.0 § 7): a public page, no login.

`/barrierefreiheit` sits beside /staff, not under it, so that the assistant's /datenschutz and /hilfe can point
citizens at it. Its feedback contact and enforcement body are the city's settings (ACCESSIBILITY_CONTACT,
ACCESSIBILITY_ENFORCEMENT in backend/staff/settings.py); every staff page links it in its footer.
"""

from fastapi import APIRouter, Request

from backend.staff.security import HEADERS
from backend.staff.templating import templates

router = APIRouter()


@router.get("/barrierefreiheit", name="staff.accessibility:get")
def statement(request: Request):
    """The statement with the city's feedback contact; the staff pages' headers (CSP and the rest) apply too."""
    settings = request.app.state.staff_settings
    response = templates.TemplateResponse(request, "accessibility/get.html", {
        "staff": None, "csrf_token": "", "contact": settings.accessibility_contact,
        "enforcement": settings.accessibility_enforcement})
    for name, value in HEADERS:
        response.headers[name.decode()] = value.decode()
    return response
