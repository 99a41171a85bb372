"""The one way the action clients open an HTTP connection pool.

Every action opens a fresh `httpx.AsyncClient` (its connections belong to the action's own event loop
and end with it). Building one creates an SSL context and loads the CA bundle each time, even for
http:// URLs: measured with bench/turn_costs.py --spy, that was a quarter of the action server's
samples, more than all of our own code. One context per process, shared by every client, costs that once.
"""

import functools
import ssl
from typing import Any, Dict, Type

import httpx

from actions.config import Settings


@functools.lru_cache(maxsize=None)
def ssl_context() -> ssl.SSLContext:
    """httpx's default verification (certifi's CA bundle, SSL_CERT_FILE/SSL_CERT_DIR honoured), built once."""
    return httpx.create_ssl_context()


def async_client(**options) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=ssl_context(), **options)


class KeyedBackendClient:
    """A client of one of the backend's keyed APIs (the key in X-Api-Key), used as `async with`."""

    def __init__(self, backend_url: str, api_key: str, timeout: float = 5.0):
        self._http = async_client(base_url=backend_url.rstrip("/") + "/", timeout=timeout,
                                  headers={"X-Api-Key": api_key})

    @classmethod
    def from_settings(cls, settings: Settings):
        return cls(settings.backend_url, settings.api_key, settings.backend_timeout)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._http.aclose()

    async def _object(self, method: str, path: str, unavailable: Type[Exception], found_or_not=False,
                      **kwargs) -> Dict[str, Any]:
        """The JSON object of a 200 answer ({} for a 404 when `found_or_not`); `unavailable` for a failed
        connection, another status, or a body that is not a JSON object."""
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise unavailable(f"{path}: {type(error).__name__}") from error
        if response.status_code == 404 and found_or_not:
            return {}
        if response.status_code != 200:
            raise unavailable(f"{path}: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise unavailable(f"{path}: not JSON") from None
        if not isinstance(body, dict):
            raise unavailable(f"{path}: not an object")
        return body
