"""The backend as one ASGI app: `create_app(settings)` wires storage, routes, error handling and limits.

While the app runs, a background task deletes the photos no report used within a day
(backend.media), and another removes the contact data and later the photos of long-closed
reports (backend.report_retention), so the backend stays the only writer of backend.db and media/.
"""

import asyncio
from contextlib import asynccontextmanager, suppress
from typing import AsyncIterator, Optional

from fastapi import FastAPI

from backend import catalog, config, errors, feedback, geocoder, metrics, reminders
from backend import accounts, assets, incidents, notifications
from backend import media, report_retention, staff
from backend.conversation_feed import router as conversation_feed_router
from backend.media import upload_router, view_router
from backend.open311 import router as open311_router
from backend.conversation_copy import open_copy
from backend.storage import Storage

# Room for the form fields around a photo of the largest allowed size.
FORM_OVERHEAD = 1024 * 1024


class BodyTooLarge(errors.Open311Error):
    pass


class BodyLimit:
    """Refuse request bodies larger than `limit` bytes: early by Content-Length, else while reading.

    Without this, a client could stream any amount into the multipart parser's
    temporary files. Open311 paths answer 400 (the spec's code), others 413.
    """

    def __init__(self, app, limit: int, message: str):
        self.app, self.limit, self.message = app, limit, message

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = 400 if scope["path"].startswith(errors.OPEN311_PREFIX) else 413
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await errors.error_response(status, self.message)(scope, receive, send)
        received = 0

        async def counting_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge(status, self.message)
            return message

        await self.app(scope, counting_receive, send)


class SecurityHeaders:
    """nosniff everywhere: a stored text must never be taken for HTML or script by a browser."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-content-type-options", b"nosniff")]
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Delete unused photos and the traces of long-closed reports at start and then regularly; stop on shutdown."""
    settings = app.state.settings
    cleanup = asyncio.create_task(media.delete_unlinked_regularly(app.state.storage, settings.media_dir),
                                  name="photo-cleanup")
    retention = asyncio.create_task(report_retention.forget_closed_regularly(
        app.state.storage, settings.media_dir, settings.report_chat_id_days, settings.closed_photo_days),
        name="closed-report-retention")
    try:
        yield
    finally:
        for task in (cleanup, retention):
            task.cancel()
        for task in (cleanup, retention):
            with suppress(asyncio.CancelledError):
                await task  # returns once a run already started has finished
        app.state.conversation_copy.close()


def create_app(settings: Optional[config.Settings] = None) -> FastAPI:
    settings = settings or config.load()
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app = FastAPI(title="Stadtbot Gera: Open311-Schnittstelle der Stadt Gera", version="1", lifespan=lifespan)
    app.state.settings = settings
    app.state.storage = Storage(settings.db_path)
    # The staff web's copy of the conversations: backend.db, or PostgreSQL (CONVERSATION_COPY_URL).
    app.state.conversation_copy = open_copy(settings.conversation_copy_url, app.state.storage)
    app.state.api_key = settings.api_key  # generated into the data dir on first start when not configured
    app.state.operator_key = settings.operator_key  # the lighting operator's fault messages (backend.incidents)
    app.state.catalog = catalog.load()  # a broken catalog file stops the start, naming entry and field

    errors.install(app)
    app.include_router(open311_router, prefix="/open311/v2")
    app.include_router(feedback.router, prefix="/open311/v2")  # citizens confirm, reopen, add remarks, rate
    app.include_router(upload_router)
    app.include_router(view_router)
    app.include_router(notifications.router)
    app.include_router(reminders.router)  # overdue reports for the staff group's daily summary
    app.include_router(assets.router)  # the asset register: streetlights by place and by number
    app.include_router(incidents.router)  # known incidents: the operator's faults, lookups, who waits for them
    app.include_router(accounts.router)
    app.include_router(conversation_feed_router)
    app.include_router(catalog.router, prefix="/catalog")
    app.include_router(geocoder.router)  # /geocoder/search, /geocoder/reverse: Nominatim's API over Gera's gazetteer
    staff.install(app)  # /staff web; photos under /media only after login

    @app.get("/health")
    def health():
        """The server is up and its databases answer."""
        app.state.storage.db.execute("SELECT 1")
        app.state.conversation_copy.ping()
        return {"status": "ok"}

    megabytes = settings.media_max_bytes / (1024 * 1024)
    limit_message = f"Die Anfrage ist zu groß (höchstens {megabytes:g} MB für ein Foto)."
    app.add_middleware(BodyLimit, limit=settings.media_max_bytes + FORM_OVERHEAD, message=limit_message)
    app.add_middleware(SecurityHeaders)
    metrics.install(app)  # GET /metrics; its middleware last, so it times everything above
    return app

