"""`python -m scripts.action_server`: rasa-sdk's action server, on loopback and for the Rasa server only.

`rasa run actions` (rasa-sdk 3.6) listens on every interface unless SANIC_HOST
is set, and runs any action for anyone who reaches it: with the backend's key,
under any sender id (security review H1). The launcher therefore starts the
action server through this module, which builds the same Sanic app
(`rasa_sdk.endpoint.create_app`) and
- listens only on the host and port of ACTION_SERVER_URL (127.0.0.1:5055 by default);
- answers /webhook and /actions only to a request with `Authorization: Bearer
  <ACTION_SERVER_TOKEN>` (compared in constant time), which the Rasa server
  sends (endpoints.yml); anything else gets 401. /health stays open for the
  launcher's readiness check and says nothing but "ok";
- keeps an idle connection open for `KEEP_ALIVE_SECONDS` instead of Sanic's
  5 s: a client that keeps idle connections for reuse (aiohttp, Rasa's
  client, up to 15 s by default) and sends on one the server is just
  closing fails with "Cannot write to closing transport"; the server must be
  the side that waits longer. (Rasa 3.6 itself opens a new connection for
  every action call, so this is a guard, not the whole story of such failures.)
- runs ACTION_SERVER_SANIC_WORKERS worker processes (rasa-sdk's own setting);
  each writes "action server worker <pid> ready" to the log when it serves, for
  the launcher's check that all of them started (scripts/workers.py).
"""

import logging
import os
import sys

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response

from actions import config
from actions.metrics import add_metrics
from common.env import bearer_matches
from scripts.workers import announce_ready

ACTIONS_PACKAGE = "actions"
OPEN_PATHS = frozenset({"/health"})
# Longer than a client keeps an idle connection for reuse (aiohttp: 15 s); 75 s is nginx's default.
KEEP_ALIVE_SECONDS = 75


def require_token(app: Sanic, token: str) -> None:
    """Every route but /health answers 401 unless the request carries the token as a Bearer header."""

    @app.middleware("request")
    async def check_token(request):
        if request.path not in OPEN_PATHS and not bearer_matches(request.headers.get("Authorization"), token):
            return response.json({"error": "unauthorised"}, status=401)
        return None


def announce_workers(app: Sanic, main_pid: int) -> None:
    """Each worker says in the log that it serves (and dies with the main process)."""

    @app.listener("after_server_start")
    async def ready(app, loop):
        announce_ready(logging.getLogger(__name__), "action server", main_pid)


def build_app(token: str) -> Sanic:
    # No CORS origins: only the Rasa server calls, never a browser.
    app = create_app(ACTIONS_PACKAGE, cors_origins="")
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_SECONDS
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    require_token(app, token)
    add_metrics(app, token)  # GET /metrics (actions/metrics.py)
    announce_workers(app, os.getpid())
    return app


def main() -> None:
    settings = config.load()
    token = settings.action_server_token
    if not token:
        sys.exit("ACTION_SERVER_TOKEN fehlt (oder die Datei action-server-token im Datenverzeichnis): "
                 "ohne Token startet der Action-Server nicht.")
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    app = build_app(token)
    logging.getLogger(__name__).info("action server on http://%s:%d (token required)", settings.host, settings.port)
    app.run(settings.host, settings.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
