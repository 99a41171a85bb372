"""The one way the action clients open an HTTP connection pool.

Every action opens a fresh `httpx.AsyncClient` (its connections belong to the action's own event loop
and end with it). Building one creates an SSL context and loads the CA bundle each time, even for
http:// URLs: measured with bench/turn_costs.py --spy, that was a quarter of the action server's
samples, more than all of our own code. One context per process, shared by every client, costs that once.
"""

import functools
import ssl

import httpx


@functools.lru_cache(maxsize=None)
def ssl_context() -> ssl.SSLContext:
    """httpx's default verification (certifi's CA bundle, SSL_CERT_FILE/SSL_CERT_DIR honoured), built once."""
    return httpx.create_ssl_context()


def async_client(**options) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=ssl_context(), **options)
