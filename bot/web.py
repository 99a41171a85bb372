"""The adapter's own HTTP side at TELEGRAM_BOT_URL: /health and /metrics always, the webhook in webhook mode.

GET /health answers 200 once the adapter reached the Bot API and takes
updates (503 before). GET /metrics: the adapter's figures in Prometheus'
text format (bot/metrics.py); no token, as TELEGRAM_BOT_URL is a loopback
address and the TLS proxy forwards only the webhook's path (docs/betrieb.md).
POST <path of TELEGRAM_WEBHOOK_URL> takes Telegram's
updates: only with the right X-Telegram-Bot-Api-Secret-Token header
(wrong or missing: 403), at most 1 MB; the update is written to the inbox
(bot/inbox.py), queued and answered at once, so Telegram does not retry it.
A repeat of an update still in the inbox is answered 200 and not queued.
"""

import contextlib
import json
import logging
import secrets

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot import metrics
from bot.config import Settings
from bot.guards import readable

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def create_app(application: Application, settings: Settings) -> Starlette:
    async def health(request: Request) -> Response:
        ready = application.bot_data.get("ready", False)
        mode = "webhook" if settings.webhook_mode else "polling"
        return JSONResponse({"status": "ok" if ready else "starting", "mode": mode}, status_code=200 if ready else 503)

    async def figures(request: Request) -> Response:
        return Response(metrics.exposition(application), media_type=metrics.CONTENT_TYPE)

    async def webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), settings.webhook_secret.encode()):
            log.warning("webhook call without the right secret from %s", request.client.host if request.client else "?")
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return Response(status_code=413)
        try:
            data = json.loads(body)
        except ValueError:
            return Response(status_code=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return Response(status_code=400)
        # In the inbox before the 200 confirms it: a killed adapter replays it at its next start.
        inbox = application.bot_data.get("inbox")
        if inbox is not None and not inbox.accept([data])[0]:
            return Response(status_code=200)  # a repeat: its first delivery runs, or ran, already
        # An update this PTB version cannot read is answered 200 all the same: Telegram would repeat it forever.
        await application.update_queue.put(Update.de_json(readable(data), application.bot))
        return Response(status_code=200)

    routes = [Route("/health", health, methods=["GET"]), Route("/metrics", figures, methods=["GET"])]
    if settings.webhook_mode:
        routes.append(Route(settings.webhook_path, webhook, methods=["POST"]))
    return Starlette(routes=routes)


class Server(uvicorn.Server):
    """uvicorn without its own signal handling: the adapter's main loop stops bot and server together."""

    @contextlib.contextmanager
    def capture_signals(self):
        yield


def server(application: Application, settings: Settings) -> Server:
    config = uvicorn.Config(create_app(application, settings), host=settings.listen_host, port=settings.listen_port,
                            ws="none", lifespan="off", log_level="warning", access_log=False)
    return Server(config)
