"""The Jinja environment of the staff web: autoescape always on, German date and state labels."""

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.templating import Jinja2Templates

from backend import categories, dates
from backend.storage import STATES

HERE = Path(__file__).resolve().parent


def berlin(stored) -> str:
    """Stored UTC text -> "26.11.2026, 09:30" (Berlin time)."""
    if not stored:
        return "–"
    return datetime.fromisoformat(stored).astimezone(dates.BERLIN).strftime("%d.%m.%Y, %H:%M")


def state_label(code) -> str:
    return STATES.get(code, (code or "–",))[0]


def category(code) -> str:
    service = categories.get(code)
    return service.name if service else code


def point(pair) -> str:
    """[lat, long] of the audit log -> "50.876300, 12.083600"; "–" for anything else."""
    try:
        lat, long = (float(value) for value in pair)
    except (TypeError, ValueError):
        return "–"
    return f"{lat:.6f}, {long:.6f}"


# Autoescape for every template, whatever its file name: citizen text is never HTML.
environment = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                          undefined=StrictUndefined)
environment.filters.update(berlin=berlin, state_label=state_label, category=category, point=point)
templates = Jinja2Templates(env=environment)


def seconds_left(expires: str) -> int:
    """Whole seconds until the stored UTC time `expires` (0 when it has passed)."""
    return max(0, int((datetime.fromisoformat(expires) - dates.now()).total_seconds()))


def render(request, name: str, context: dict, status: int = 200):
    """A staff page for the logged-in staff member: the template gets `staff`, the form token and the seconds
    until the session ends (base.html's warning before it does) too."""
    staff = request.state.staff
    return templates.TemplateResponse(request, name, {
        "staff": staff, "csrf_token": request.state.csrf_token, "session_seconds": seconds_left(staff["expires"]),
        **context}, status_code=status)
