"""The backend's figures for Prometheus: GET /metrics, only with the Open311 API key in the header X-Api-Key.

`RequestFigures` (an ASGI middleware, the outermost of the app's own) counts every request by route
template, method and status class, times it by route template, and counts the 5xx answers
(unexpected failures, and "busy" when the photo service is full) as errors. The label is the route's
path template (`/open311/v2/requests/{service_request_id}.json`), never the path asked for: report
numbers, pseudonyms and file names must not become labels, and a label per distinct path would
grow without end. A path no route knows is "unmatched".

The photos being decoded, blurred and encoded now (the slots of backend.media.processing,
backend/limits.py) and those waiting for a slot are read when /metrics is asked.

The key is required because the backend may be reachable through the TLS proxy (docs/betrieb.md);
a missing or wrong key is the usual Open311 403, a key in the URL the usual 400 (backend/auth.py).
"""

import time
from typing import Iterator

from fastapi import FastAPI, Request, Response
from prometheus_client import (CollectorRegistry, Counter, Histogram, ProcessCollector, disable_created_metrics,
                               generate_latest)
from prometheus_client.core import GaugeMetricFamily, Metric

from backend import media
from backend.auth import check_api_key

# Prometheus 2 and 3 both read the 0.0.4 text format; prometheus_client's newer default needs 3.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Most answers take milliseconds; a photo's processing takes up to seconds, its wait for a slot up to 10 s.
SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
UNMATCHED = "unmatched"
# A client may send any word as its method: others are counted as "other", or each would be a new series.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

disable_created_metrics()  # the *_created series double the output and say nothing here
REGISTRY = CollectorRegistry()  # the backend's own: an adapter in the same process (tests) keeps apart
ProcessCollector(registry=REGISTRY)
REQUESTS = Counter("stadtbot_backend_requests", "HTTP requests answered, by route template, method and status class",
                   ["route", "method", "status"], registry=REGISTRY)
REQUEST_SECONDS = Histogram("stadtbot_backend_request_seconds", "Seconds to answer, by route template", ["route"],
                            buckets=SECONDS_BUCKETS, registry=REGISTRY)
ERRORS = Counter("stadtbot_backend_errors", "Answers with a 5xx status (failures, photo service busy), by route "
                 "template", ["route"], registry=REGISTRY)


class PhotoWork:
    """Photos in processing and waiting for a slot, from the semaphores of backend.media.processing."""

    def collect(self) -> Iterator[Metric]:
        limiter = media.processing
        running = in_use(limiter._running)
        yield GaugeMetricFamily("stadtbot_backend_photos_processing", "Photos being decoded, blurred and encoded now",
                                value=running)
        yield GaugeMetricFamily("stadtbot_backend_photos_waiting", "Photos waiting for a processing slot",
                                value=max(0, in_use(limiter._admitted) - running))


def in_use(semaphore) -> int:
    """Taken slots of a threading.BoundedSemaphore (it keeps its size; reading two ints needs no lock)."""
    return semaphore._initial_value - semaphore._value


REGISTRY.register(PhotoWork())


def route_template(scope: dict, root_path: str) -> str:
    """The template of the route that answered (set in `scope` by the router), never the path itself."""
    mounted = scope.get("root_path", "")[len(root_path):]  # a Mount (the staff web's static files)
    route = scope.get("route")
    if route is not None and getattr(route, "path", None):
        return mounted + route.path
    return mounted + "/{path}" if mounted else UNMATCHED


class RequestFigures:
    """Counts and times every HTTP request by route template (ASGI middleware)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, root_path, status = time.perf_counter(), scope.get("root_path", ""), [500]

        async def send_noting_status(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:  # an exception escaping here becomes a 500 in Starlette's outermost middleware
            count(route_template(scope, root_path), scope["method"], status[0], time.perf_counter() - started)


def count(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method if method in METHODS else "other", f"{status // 100}xx").inc()
    REQUEST_SECONDS.labels(route).observe(seconds)
    if status >= 500:
        ERRORS.labels(route).inc()


def install(app: FastAPI) -> None:
    """GET /metrics (API key in X-Api-Key) and the middleware; call after the other middlewares (outermost)."""

    @app.get("/metrics", include_in_schema=False)
    def figures(request: Request) -> Response:
        check_api_key(request)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE)

    app.add_middleware(RequestFigures)
