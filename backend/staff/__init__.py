"""The staff web under /staff: overview, reports, conversations, corrections, audit log; photos only after login.

Beside it, public: the accessibility statement /barrierefreiheit (routers/accessibility.py).

`install(app)` is all the backend app needs (the tables come from
backend/schema.py's migrations): it adds the routers, the security middleware (headers, CSRF) and puts the login
check into `backend.media.may_view_media`. Accounts are created with
`python -m backend.staff.users create <name>`.
"""

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from backend import media
from backend.staff import auth, devices, settings
from backend.staff.routers import conversations as conversation_pages
from backend.staff.routers import accessibility, audit, catalog, dashboard, deadlines, incidents, login, reports
from backend.staff.security import StaffSecurity
from backend.staff.templating import HERE


def install(app: FastAPI) -> None:
    app.state.staff_settings = settings.load(app.state.settings.data_dir)
    app.state.staff_device_key = app.state.settings.secret(devices.KEY_FILE)  # signs the device cookies
    app.include_router(login.router)
    app.include_router(reports.router)
    app.include_router(conversation_pages.router)
    app.include_router(dashboard.router)
    app.include_router(audit.router)
    app.include_router(catalog.router)
    app.include_router(deadlines.router)
    app.include_router(incidents.router)
    app.include_router(accessibility.router)  # public: the accessibility statement
    app.mount("/staff/static", StaticFiles(directory=str(HERE / "static")), name="staff-static")
    app.dependency_overrides[media.may_view_media] = auth.may_view_media

    @app.exception_handler(auth.LoginRequired)
    async def login_required(request: Request, exc: auth.LoginRequired):
        return RedirectResponse(auth.login_url(exc.next_path), status_code=303)

    app.add_middleware(StaffSecurity, csrf_key=app.state.settings.secret("staff-csrf-key"),
                       secure_cookies=app.state.settings.backend_url.startswith("https"))
