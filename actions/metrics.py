"""The action server's figures for Prometheus: GET /metrics with ACTION_SERVER_TOKEN as Bearer header.

`add_metrics(app, token)` (scripts/action_server.py `build_app`) counts and times every action call by
action name, counts the failures by reason, and serves /metrics on the action server's Sanic app with
the same token check as the webhook. Every call passes rasa-sdk's `ActionExecutor.run` (the /webhook
route of rasa_sdk/endpoint.py), which is wrapped once per process:

- reason `rejected`: a form's validation refused the input (ActionExecutionRejection; Rasa goes on);
- reason `not_found`: no such action here (a model newer than the actions);
- reason `error`: the action raised; rasa-sdk answers 500 and Rasa answers the citizen nothing.

The action name is a label only when it names a registered action ("unknown" otherwise: the name comes
from the request). With ACTION_SERVER_SANIC_WORKERS > 1 each worker counts for itself; every series
carries the label `worker` (the process id), as on the Rasa server (channels/metrics.py).
"""

import functools
import time
from typing import Any

from prometheus_client import (CollectorRegistry, Counter, Histogram, ProcessCollector, disable_created_metrics,
                               generate_latest)
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from common.env import bearer_matches
from common.metrics import PerWorker

# Prometheus 2 and 3 both read the 0.0.4 text format; prometheus_client's newer default needs 3.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Most actions answer in milliseconds; filing a report waits for the backend up to BACKEND_TIMEOUT (5 s).
SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNKNOWN = "unknown"

disable_created_metrics()  # the *_created series double the output and say nothing here
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
CALLS = Counter("stadtbot_actions_calls", "Action calls, by action", ["action"], registry=REGISTRY)
SECONDS = Histogram("stadtbot_actions_seconds", "Seconds per action call, by action", ["action"],
                    buckets=SECONDS_BUCKETS, registry=REGISTRY)
FAILURES = Counter("stadtbot_actions_failures", "Action calls that failed, by action and reason "
                   "(rejected, not_found, error)", ["action", "reason"], registry=REGISTRY)


def add_metrics(app: Sanic, token: str) -> None:
    """Count every action call of this process, and serve GET /metrics (Bearer `token`) on `app`."""
    count_action_calls()

    @app.get("/metrics")
    async def figures(request: Request) -> HTTPResponse:
        if not bearer_matches(request.headers.get("Authorization"), token):
            return response.json({"error": "unauthorised"}, status=401)
        return response.raw(generate_latest(PerWorker(REGISTRY)), content_type=CONTENT_TYPE)  # type: ignore


def count_action_calls() -> None:
    """Wrap rasa-sdk's `ActionExecutor.run` (rasa-sdk 3.6), once: every /webhook call passes it."""
    original = ActionExecutor.run
    if getattr(original, "_stadtbot_metrics", False):
        return

    @functools.wraps(original)
    async def run(executor: ActionExecutor, action_call: dict) -> Any:
        name = action_call.get("next_action")
        label = name if isinstance(name, str) and name in executor.actions else UNKNOWN
        started = time.perf_counter()
        CALLS.labels(label).inc()
        try:
            return await original(executor, action_call)
        except Exception as error:
            FAILURES.labels(label, reason_of(error)).inc()
            raise
        finally:
            SECONDS.labels(label).observe(time.perf_counter() - started)

    run._stadtbot_metrics = True  # type: ignore[attr-defined]
    ActionExecutor.run = run  # type: ignore[method-assign]


def reason_of(error: Exception) -> str:
    if isinstance(error, ActionExecutionRejection):
        return "rejected"
    return "not_found" if isinstance(error, ActionNotFoundException) else "error"
