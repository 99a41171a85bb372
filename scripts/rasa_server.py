"""`python -m scripts.rasa_server <rasa run arguments>`: `rasa run` with the API token from the environment,
taken only from a header.

Rasa takes its API token only as the command-line option --auth-token, and a
command line is visible to every user of the machine (`ps`). The launcher
therefore starts Rasa through this module: the token travels in the
environment (RASA_API_TOKEN, readable only by the same user) and is added to
the arguments inside the process, where /proc/<pid>/cmdline never shows it.

Rasa 3.6 also accepts that token only as `?token=…` in the URL (a header only
with JWT), and URLs end up in logs. So the guard of Rasa's HTTP API
(`rasa.server.requires_auth`) is replaced here, before Rasa builds its app, by
one that wants `Authorization: Bearer <token>` (compared in constant time, as
the deleting routes of channels/privacy.py do) and refuses a token in the URL
with 400.

With SANIC_WORKERS > 1 each worker process loads the model itself; once it
has, it writes "Rasa worker <pid> ready" to the log (scripts/workers.py), so
the launcher can see that every worker serves (Rasa falls back to one process
without a shared lock store and says so only at debug level).
"""

import functools
import inspect
import logging
import os
import sys

from common.env import bearer_matches
from scripts.workers import announce_ready

TOKEN_IN_URL = "Send the API token as 'Authorization: Bearer <token>', never in the URL."


def header_auth(app, token=None):
    """Stands in for rasa.server.requires_auth(app, token): the same decorator, the token from the header only."""
    from rasa.server import ErrorResponse

    def decorator(handler):
        @functools.wraps(handler)
        async def decorated(request, *args, **kwargs):
            if "token" in request.args:
                raise ErrorResponse(400, "BadRequest", TOKEN_IN_URL)
            if not bearer_matches(request.headers.get("Authorization"), token or ""):
                raise ErrorResponse(401, "NotAuthenticated", "User is not authenticated.",
                                    help_url="https://rasa.com/docs/rasa/http-api")
            result = handler(request, *args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        return decorated

    return decorator


def announcing(load_agent_on_start, main_pid: int):
    """Stands in for rasa.core.run.load_agent_on_start (each worker's start): the same, then "worker <pid> ready"."""

    @functools.wraps(load_agent_on_start)
    async def load_and_announce(*args, **kwargs):
        agent = await load_agent_on_start(*args, **kwargs)
        announce_ready(logging.getLogger("rasa.core.run"), "Rasa", main_pid)
        return agent

    return load_and_announce


def main() -> None:
    token = os.environ.get("RASA_API_TOKEN", "")
    if not token:
        sys.exit("RASA_API_TOKEN fehlt: ohne Token startet der Rasa-Server seine HTTP-API nicht.")
    # One argument with "=": a token may start with "-", which argparse would take for an option.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    import rasa.core.run
    import rasa.server  # late: the check above needs no Rasa import
    from scripts import rasa_patches
    from rasa.__main__ import main as rasa_main

    rasa.server.requires_auth = header_auth  # create_app looks the decorator up when it builds the routes
    rasa_patches.apply()  # Rasa internals replaced for speed (scripts/rasa_patches.py)
    # serve_application looks it up when it registers the workers' start.
    rasa.core.run.load_agent_on_start = announcing(rasa.core.run.load_agent_on_start, os.getpid())
    rasa_main()


if __name__ == "__main__":
    main()
