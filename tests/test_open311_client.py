"""The actions' Open311 client, over HTTP against the real backend (no mocks).

Each test files its reports under its own account_id and at its own spot on
the map, so tests do not depend on each other or on other test modules that
share the backend. Error kinds are checked against real sockets: a port
nobody listens on, a socket that never answers, and a tiny HTTP server that
speaks plain Open311 (no extensions) or answers 503.
"""

import io
import itertools
import json
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from PIL import Image

from actions import config
from actions.clients.open311 import (AccessDenied, BackendUnavailable, Open311Client, RequestRejected)
from scripts.stack import free_port
from tests.backend_fixtures import backend  # noqa: F401

pytestmark = pytest.mark.anyio
_spots = itertools.count()


@pytest.fixture
def anyio_backend():
    return "asyncio"


def spot():
    """A place in Gera's east no other test uses (about 330 m apart)."""
    i = next(_spots)
    return 50.86 + 0.003 * (i % 20), 12.15 + 0.005 * (i // 20)


def new_id() -> str:
    return uuid.uuid4().hex


def settings_for(url: str, data_dir, **env):
    return config.load({"BACKEND_URL": url, "STADTBOT_DATA_DIR": str(data_dir), **env})


@pytest.fixture
def settings(backend, tmp_path):  # noqa: F811
    return settings_for(backend.url, tmp_path, OPEN311_API_KEY=backend.api_key)


@pytest.fixture
async def client(settings):
    async with Open311Client.from_settings(settings) as open311:
        yield open311


async def file_report(client, lat, long, **fields) -> str:
    report = {"service_code": "road_damage", "description": f"Schlagloch {new_id()}", **fields}
    return await client.create_request(lat=lat, long=long, **report)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (90, 90, 90)).save(out, "JPEG")
    return out.getvalue()


# --- configuration ------------------------------------------------------------------------------

def test_settings_default_to_the_local_backend_and_its_generated_key(tmp_path):
    settings = config.load({"STADTBOT_DATA_DIR": str(tmp_path)})
    assert settings.open311_url == "http://127.0.0.1:8000/open311/v2"
    assert (settings.backend_timeout, settings.outbox_first_retry, settings.outbox_max_retry) == (5, 2, 300)
    assert settings.outbox_path == tmp_path / "outbox.db"
    assert settings.gera_bbox.contains(50.8763, 12.0836) and not settings.gera_bbox.contains(51.34, 12.37)
    assert settings.api_key == ""  # the backend has not written its key yet
    (tmp_path / config.API_KEY_FILE).write_text("generated-key\n")
    assert settings.api_key == "generated-key"
    assert config.load({"STADTBOT_DATA_DIR": str(tmp_path), "OPEN311_API_KEY": "set"}).api_key == "set"


@pytest.mark.parametrize("name, value", [("BACKEND_TIMEOUT", "schnell"), ("BACKEND_TIMEOUT", "0"),
                                         ("GERA_BBOX", "50.9,12.2,50.8,12.0"), ("BACKEND_URL", "ftp://x"),
                                         ("OUTBOX_MAX_RETRY_SECONDS", "1")])
def test_unusable_setting_is_a_config_error(name, value):
    with pytest.raises(config.ConfigError):
        config.load({name: value})


# --- the backend's answers ----------------------------------------------------------------------

async def test_categories_and_their_questions_come_from_the_backend(client):
    names = {s["service_code"]: s["service_name"] for s in await client.services()}
    assert names["road_damage"] == "Straßenschaden"
    definition = await client.service_definition("road_damage")
    surface = next(a for a in definition["attributes"] if a["code"] == "surface")
    assert {v["key"] for v in surface["values"]} == {"fahrbahn", "gehweg", "radweg"}


async def test_filed_report_is_read_back_with_its_german_state(client):
    lat, long = spot()
    text = f"Gehwegplatte lose {new_id()}"
    number = await client.create_request("road_damage", lat=lat, long=long, description=text,
                                         attributes={"surface": "gehweg"}, account_id=new_id())
    report = await client.get_request(number)
    assert (report.service_request_id, report.service_code, report.description) == (number, "road_damage", text)
    assert (report.status, report.state, report.supporters) == ("open", "eingegangen", 0)
    assert [n.state for n in report.notes] == ["eingegangen"]
    assert report.lat == pytest.approx(lat) and report.long == pytest.approx(long)


async def test_same_idempotency_key_files_one_report(client):
    lat, long = spot()
    key = new_id()
    report = {"service_code": "illegal_dumping", "lat": lat, "long": long, "description": "Müll am Ufer"}
    first = await client.create_request(**report, idempotency_key=key)
    assert await client.create_request(**report, idempotency_key=key) == first


async def test_my_requests_returns_only_the_citizens_own_reports(client):
    me, other = new_id(), new_id()
    mine = [await file_report(client, *spot(), account_id=me) for _ in range(2)]
    await file_report(client, *spot(), account_id=other)
    assert [r.service_request_id for r in await client.my_requests(me)] == mine[::-1]  # newest first


async def test_nearby_search_finds_an_open_report_of_the_category_within_50_m_only(client):
    lat, long = spot()
    wanted = await file_report(client, lat, long)
    await file_report(client, lat, long, service_code="streetlight")  # other category, same place
    await file_report(client, lat + 0.0018, long)  # about 200 m north
    found = await client.nearby_open_requests("road_damage", lat + 0.0002, long)  # about 22 m away
    assert [r.service_request_id for r in found] == [wanted]
    assert 15 < found[0].distance_m < 30


async def test_support_is_counted_once_per_citizen(client):
    reporter, neighbour = new_id(), new_id()
    number = await file_report(client, *spot(), account_id=reporter)
    assert (await client.support(number, account_id=neighbour)).supporters == 1
    again = await client.support(number, account_id=neighbour)
    assert (again.supporters, again.added) == (1, False)
    assert not (await client.support(number, account_id=reporter)).added  # one's own report does not count
    assert (await client.support(number, account_id=new_id())).supporters == 2
    assert (await client.get_request(number)).supporters == 2


async def test_uploaded_photo_becomes_the_media_url_of_a_report(client, backend):  # noqa: F811
    media_url = await client.upload_media(jpeg(), "foto.jpg", "image/jpeg")
    assert media_url.startswith(f"{backend.url}/media/")
    photo = httpx.get(media_url, headers={"X-Api-Key": backend.api_key}, timeout=10)
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    number = await file_report(client, *spot(), media_url=media_url)
    assert (await client.get_request(number)).media_url == media_url


# --- refusals and outages -----------------------------------------------------------------------

async def test_report_outside_gera_is_rejected_with_a_german_reason(client):
    with pytest.raises(RequestRejected) as refused:
        await file_report(client, 51.3397, 12.3731)  # Leipzig
    assert refused.value.status == 400
    assert "außerhalb von Gera" in refused.value.description


async def test_unknown_category_is_rejected_with_a_german_reason(client):
    with pytest.raises(RequestRejected) as refused:
        await file_report(client, *spot(), service_code="ufo_sighting")
    assert refused.value.status == 404 and "Unbekannte Kategorie" in refused.value.description


async def test_unknown_report_number_is_rejected(client):
    with pytest.raises(RequestRejected) as refused:
        await client.get_request("99999999")
    assert refused.value.status == 404 and "Keine Meldung" in refused.value.description


async def test_wrong_api_key_is_an_outage_for_the_operator_not_a_rejection(backend, tmp_path):  # noqa: F811
    async with Open311Client.from_settings(settings_for(backend.url, tmp_path, OPEN311_API_KEY="falsch")) as wrong:
        with pytest.raises(AccessDenied):
            await file_report(wrong, *spot())
    assert issubclass(AccessDenied, BackendUnavailable)  # so the report waits in the outbox


async def test_backend_that_does_not_listen_is_unavailable_at_once(tmp_path):
    settings = settings_for(f"http://127.0.0.1:{free_port()}", tmp_path, OPEN311_API_KEY="k")
    started = time.monotonic()
    async with Open311Client.from_settings(settings) as client:
        with pytest.raises(BackendUnavailable):
            await file_report(client, *spot())
    assert time.monotonic() - started < 2  # refused, not waited for the 5 s timeout


async def test_backend_that_never_answers_times_out_as_unavailable(tmp_path):
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings = settings_for(url, tmp_path, OPEN311_API_KEY="k", BACKEND_TIMEOUT="0.3")
        started = time.monotonic()
        async with Open311Client.from_settings(settings) as client:
            with pytest.raises(BackendUnavailable, match="no answer"):
                await client.services()
    assert time.monotonic() - started < 3


# --- any Open311 server ---------------------------------------------------------------------------

class PlainOpen311(BaseHTTPRequestHandler):
    """A server that knows only the spec: no extensions, numbers as JSON numbers, a token on POST."""

    ANSWERS = {
        ("GET", "/open311/v2/requests/7.json"): [{"service_request_id": 7, "status": "closed",
                                                  "service_code": "litter", "lat": "50.8763", "long": "12.0836",
                                                  "description": "Sperrmüll"}],
        ("POST", "/open311/v2/requests.json"): [{"token": "t-1", "service_notice": ""}],
        ("GET", "/open311/v2/tokens/t-1.json"): [{"service_request_id": "8", "token": "t-1"}],
    }

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def _answer(self):
        body = self.ANSWERS.get((self.command, self.path.split("?")[0]))
        status, data = (200, body) if body else (503, [{"code": 503, "description": "Wartung"}])
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def plain_server(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PlainOpen311)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield settings_for(f"http://127.0.0.1:{server.server_address[1]}", tmp_path, OPEN311_API_KEY="k")
    finally:
        server.shutdown()
        server.server_close()


async def test_a_plain_open311_server_works_for_filing_and_reading(plain_server):
    async with Open311Client.from_settings(plain_server) as client:
        assert await client.create_request("litter", lat=50.8763, long=12.0836, idempotency_key="k1") == "8"
        report = await client.get_request("7")
    assert (report.service_request_id, report.state, report.lat) == ("7", "abgeschlossen", 50.8763)
    assert report.notes == () and report.supporters is None


async def test_server_error_is_unavailable(plain_server):
    async with Open311Client.from_settings(plain_server) as client:
        with pytest.raises(BackendUnavailable, match="503"):
            await client.services()
