"""The backend's access log without personal data: uvicorn logs each request's path with its query string.

A query may name a citizen (`GET /open311/v2/requests.json?account_id=<chat id>`, "meine Meldungen")
or, from an old client, a key. `PrivateAccessLog` is a logging filter on uvicorn's access logger
(installed by backend/__main__.py): it keeps the values of the harmless parameters (paging, filters,
report numbers), writes account_id, device_id and sender_id as their pseudonym (`~` + the same
12 hex characters the staff web shows, backend/pseudonyms.py), every other value as `…`, and shortens
the client address to its network (IPv4 /24, IPv6 /48). Paths themselves carry no chat ids (report
numbers, pseudonyms and photo names only).
"""

import ipaddress
import logging
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qsl, quote

from backend import pseudonyms

KEPT = frozenset({"after", "limit", "page", "page_size", "status", "service_code", "service_request_id",
                  "extensions", "start_date", "end_date", "radius", "jurisdiction_id", "pruefen", "stand",
                  "kategorie", "von", "bis", "foto", "sortierung", "gebiet", "unterstuetzer", "next"})
PEOPLE = frozenset({"account_id", "device_id", "sender_id"})
HIDDEN = "…"


class PrivateAccessLog(logging.Filter):
    """Rewrites uvicorn's access records: (client, method, path?query, http version, status)."""

    def __init__(self, data_dir: str, name: str = ""):
        super().__init__(name)
        self.data_dir = Path(data_dir)
        self._key: Optional[bytes] = None

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, target, version, status = args
            record.args = (network_of(client), method, self.private_target(str(target)), version, status)
        return True

    def private_target(self, target: str) -> str:
        path, _, query = target.partition("?")
        if not query:
            return path
        return f"{path}?{'&'.join(self._parameter(name, value) for name, value in parse_qsl(query, True))}"

    def _parameter(self, name: str, value: str) -> str:
        if name in KEPT:
            return f"{quote(name)}={quote(value, safe=',:+')}"
        if name in PEOPLE and value:
            return f"{quote(name)}=~{pseudonyms.pseudonym(self.key, value)}"
        return f"{quote(name)}={HIDDEN}"

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = pseudonyms.key(self.data_dir)
        return self._key


def network_of(client: object) -> str:
    """'203.0.113.7:51234' -> '203.0.113.0/24'; anything that is no address stays as it is ('-', a socket)."""
    text = str(client)
    host = text.rsplit(":", 1)[0] if text.count(":") == 1 else text
    host = host.strip("[]")
    if text.startswith("[") and "]:" in text:
        host = text[1:text.index("]:")]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return text
    if address.is_loopback:
        return str(address)
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def logging_config(data_dir: Path) -> dict:
    """uvicorn's own logging configuration with the filter on its access log."""
    from uvicorn.config import LOGGING_CONFIG

    config = {**LOGGING_CONFIG, "handlers": {**LOGGING_CONFIG["handlers"]}}
    config["filters"] = {"private": {"()": PrivateAccessLog, "data_dir": str(data_dir)}}
    config["handlers"]["access"] = {**config["handlers"]["access"], "filters": ["private"]}
    return config
