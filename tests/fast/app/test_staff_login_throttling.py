"""Login throttling per user name, per device cookie and per address, atomic under parallel attempts, the indexes
the throttling queries use, and the cap on password hashing.

The in-process app sees the address TestClient gives (`client=`), as it would see the one uvicorn
gives (X-Forwarded-For only from a trusted proxy). Every test uses fresh names and fresh addresses,
since the app (and its failure counts) is shared by the module. Most tests replace Argon2 with a
stand-in that counts the passwords it checks, so "no hash at all" can be seen and the tests stay fast.
"""

import copy
import itertools
import threading
import uuid
from datetime import timedelta

import pytest
from argon2.exceptions import VerifyMismatchError
from fastapi.testclient import TestClient

from backend import config, dates, schema
from backend.app import create_app
from backend.staff import devices, store
from backend.staff.routers.login import BUSY, DEVICE_HINT, WRONG
from backend.staff.security import CSRF_COOKIE
from backend.storage import Storage
from tests.fast.app.conftest import Overlap, csrf_from

THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche"
_addresses = (f"198.51.{high}.{low}" for high, low in itertools.product(range(100, 200), range(1, 255)))


class StandInHasher(Overlap):
    """Stands in for Argon2: counts the checks, how many ran at once and which hashes they were against."""

    def __init__(self, seconds: float = 0.0, right: str = ""):
        super().__init__(seconds)
        self.right, self.checked = right, []

    def verify(self, password_hash: str, password: str) -> bool:
        self.checked.append(password_hash)  # list.append is atomic
        self.run()
        if self.right and password == self.right:
            return True
        raise VerifyMismatchError()


@pytest.fixture
def hasher(monkeypatch):
    """Argon2 replaced by a quick stand-in that finds every password wrong."""
    stand_in = StandInHasher()
    monkeypatch.setattr(store, "_hasher", stand_in)
    return stand_in


@pytest.fixture
def account(backend):
    """A fresh staff account (really hashed, as `backend.staff.users create` makes it): (name, password)."""
    name, password = f"test-{uuid.uuid4().hex[:10]}", f"Gera-{uuid.uuid4().hex}"
    store.create_user(backend.client.app.state.storage, name, password)
    return name, password


@pytest.fixture
def name_limit(backend) -> store.Limit:
    settings = backend.client.app.state.staff_settings
    return store.Limit(settings.max_failures, settings.lock_minutes)


def client_at(backend, address: str = "") -> TestClient:
    """A client of the app that connects from `address` (a fresh one unless given), with the login form's token."""
    client = TestClient(backend.client.app, base_url=backend.url, follow_redirects=False,
                        client=(address or next(_addresses), 50000))
    client.csrf_token = csrf_from(client.get("/staff/login").text)
    return client


def log_in(client: TestClient, name: str, password: str):
    return client.post("/staff/login", data={"name": name, "password": password, "csrf_token": client.csrf_token})


def fresh_name() -> str:
    return f"jemand-{uuid.uuid4().hex[:10]}"


def all_at_once(attempts) -> list:
    """Run the (client, name, password) logins in parallel threads, started together; their responses in order."""
    start, responses = threading.Barrier(len(attempts)), [None] * len(attempts)

    def attempt(index, client, name, password):
        start.wait()
        responses[index] = log_in(client, name, password)

    threads = [threading.Thread(target=attempt, args=(index, *args)) for index, args in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def test_wrong_passwords_for_one_name_from_many_addresses_lock_that_name(backend, account, hasher, name_limit):
    name, password = account
    for _ in range(name_limit.failures):
        response = log_in(client_at(backend), name, f"falsch-{uuid.uuid4().hex}")
        assert response.status_code == 401 and WRONG in response.text
    blocked = log_in(client_at(backend), name, password)
    assert blocked.status_code == 429
    assert f"{THROTTLED}. Bitte in {name_limit.minutes} Minuten erneut versuchen" in blocked.text
    assert blocked.headers["retry-after"] == str(name_limit.minutes * 60)
    assert "stadtbot_staff_session" not in blocked.headers.get("set-cookie", "")
    assert hasher.calls == name_limit.failures, "a throttled attempt hashes nothing"


def test_name_is_throttled_whatever_its_spelling(backend, hasher, name_limit):
    name = fresh_name()
    for index in range(name_limit.failures):
        log_in(client_at(backend), name.upper() if index % 2 else name, "falsch-falsch")
    assert log_in(client_at(backend), name.title(), "falsch-falsch").status_code == 429


def test_one_address_trying_many_names_is_throttled(backend, hasher):
    client = client_at(backend)
    for _ in range(store.ADDRESS_LIMIT.failures):
        assert log_in(client, fresh_name(), "falsch-falsch").status_code == 401
    blocked = log_in(client, fresh_name(), "falsch-falsch")
    assert blocked.status_code == 429 and THROTTLED in blocked.text
    assert hasher.calls == store.ADDRESS_LIMIT.failures
    assert log_in(client_at(backend), fresh_name(), "falsch-falsch").status_code == 401, "other addresses go on"


def test_addresses_of_one_ipv6_network_count_together(backend, hasher, monkeypatch):
    monkeypatch.setattr(store, "ADDRESS_LIMIT", store.Limit(failures=3, minutes=15))
    for host in ("2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:aaaa:bbbb:cccc:dddd"):
        assert log_in(client_at(backend, host), fresh_name(), "falsch-falsch").status_code == 401
    assert log_in(client_at(backend, "2001:db8:7:1::9"), fresh_name(), "falsch-falsch").status_code == 429
    assert log_in(client_at(backend, "2001:db8:7:2::1"), fresh_name(), "falsch-falsch").status_code == 401


def test_address_key_is_the_ipv4_address_or_the_ipv6_network():
    assert store.address_key("203.0.113.9") == "203.0.113.9"
    assert store.address_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert store.address_key("2001:db8:7:1:aaaa::1") == "2001:db8:7:1::/64"
    assert store.address_key(None) == "-"


def test_parallel_wrong_passwords_for_one_name_are_checked_only_up_to_the_limit(backend, account, name_limit,
                                                                              monkeypatch):
    hasher = StandInHasher(seconds=0.05)  # long enough that the attempts overlap
    monkeypatch.setattr(store, "_hasher", hasher)
    name = account[0]
    attempts = [(client_at(backend), name, f"falsch-{index}") for index in range(20)]
    statuses = sorted(response.status_code for response in all_at_once(attempts))
    assert hasher.calls == name_limit.failures
    assert statuses == [401] * name_limit.failures + [429] * (20 - name_limit.failures)


def test_parallel_attempts_from_one_address_are_checked_only_up_to_its_limit(backend, monkeypatch):
    hasher = StandInHasher(seconds=0.05)
    monkeypatch.setattr(store, "_hasher", hasher)
    monkeypatch.setattr(store, "ADDRESS_LIMIT", store.Limit(failures=4, minutes=15))
    address = next(_addresses)
    attempts = [(client_at(backend, address), fresh_name(), "falsch-falsch") for _ in range(20)]
    statuses = sorted(response.status_code for response in all_at_once(attempts))
    assert hasher.calls == 4 and statuses == [401] * 4 + [429] * 16


def test_unknown_name_costs_one_hash_and_gets_the_same_answer(backend, hasher):
    response = log_in(client_at(backend), fresh_name(), "falsch-falsch")
    assert response.status_code == 401 and WRONG in response.text
    assert hasher.checked == [store._DUMMY_HASH]


def test_hashing_is_capped_and_the_overflow_hears_that_the_login_is_busy(backend, monkeypatch):
    hasher = StandInHasher(seconds=0.6)
    monkeypatch.setattr(store, "_hasher", hasher)
    monkeypatch.setattr(store, "hashing", store.HashLimiter(slots=2, waiting=2, wait_seconds=0.2))
    names = [fresh_name() for _ in range(12)]
    responses = all_at_once([(client_at(backend), name, "falsch-falsch") for name in names])
    busy = [response for response in responses if response.status_code == 503]
    assert hasher.most_at_once == 2
    assert busy and all(BUSY in response.text and response.headers["retry-after"] for response in busy)
    assert sorted({response.status_code for response in responses}) == [401, 503]
    assert sum(response.status_code == 401 for response in responses) == hasher.calls
    # An attempt that found the hashing busy checked no password, so it does not count as a failure.
    placeholders = ",".join("?" * len(names))
    counted = backend.client.app.state.storage.db.execute(
        f"SELECT COUNT(*) FROM staff_login_failures WHERE name IN ({placeholders})", names).fetchone()[0]
    assert counted == hasher.calls


def test_right_password_forgets_the_earlier_failures_of_that_address(backend, account, name_limit, monkeypatch):
    name, password = account
    monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
    address = next(_addresses)
    for _ in range(name_limit.failures - 1):
        assert log_in(client_at(backend, address), name, "falsch-falsch").status_code == 401
    assert log_in(client_at(backend, address), name, password).status_code == 303
    for _ in range(name_limit.failures - 1):
        assert log_in(client_at(backend, address), name, "falsch-falsch").status_code == 401


def test_right_password_works_again_once_the_window_has_passed(backend, account, name_limit, monkeypatch):
    name, password = account
    monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
    client = client_at(backend)
    for _ in range(name_limit.failures):
        assert log_in(client, name, "falsch-falsch").status_code == 401
    assert log_in(client, name, password).status_code == 429
    real_now = dates.now
    monkeypatch.setattr(dates, "now", lambda: real_now() + timedelta(minutes=name_limit.minutes, seconds=1))
    response = log_in(client, name, password)
    assert response.status_code == 303
    assert client.get("/staff/reports").status_code == 200


# --- device cookies ------------------------------------------------------------------------------

def device_cookie_of(client: TestClient):
    """The device cookie in a client's jar (as the login set it), or None."""
    return next((cookie for cookie in client.cookies.jar if cookie.name == devices.COOKIE), None)


def browser_with(backend, cookie, value: str = "") -> TestClient:
    """A fresh client at a fresh address carrying the device cookie `cookie` (with another `value` if given)."""
    client = client_at(backend)
    cookie = copy.copy(cookie)
    cookie.value = value or cookie.value
    client.cookies.jar.set_cookie(cookie)
    return client


def logged_in_once(backend, name: str, password: str):
    """Log in from a fresh browser (the hasher must accept `password`); answers the device cookie it got."""
    browser = client_at(backend)
    assert log_in(browser, name, password).status_code == 303
    return device_cookie_of(browser)


def lock_by_stranger(backend, name: str, limit: store.Limit) -> None:
    for _ in range(limit.failures):
        assert log_in(client_at(backend), name, f"falsch-{uuid.uuid4().hex}").status_code == 401


def test_stranger_locking_a_name_does_not_lock_out_its_staff_members_device(backend, account, name_limit,
                                                                            monkeypatch):
    name, password = account
    monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
    cookie = logged_in_once(backend, name, password)
    lock_by_stranger(backend, name, name_limit)

    blocked = log_in(client_at(backend), name, password)
    assert blocked.status_code == 429 and DEVICE_HINT in blocked.text, "a browser without the cookie stays locked"
    device = browser_with(backend, cookie)
    assert log_in(device, name, password).status_code == 303
    assert device.get("/staff/reports").status_code == 200
    assert device_cookie_of(device).value != cookie.value, "every login gets a fresh device cookie"
    assert log_in(client_at(backend), name, password).status_code == 429, "the name stays locked for others"


def test_wrong_passwords_with_a_device_cookie_lock_that_device_only(backend, account, name_limit, monkeypatch):
    name, password = account
    hasher = StandInHasher(right=password)
    monkeypatch.setattr(store, "_hasher", hasher)
    cookie, other_device = logged_in_once(backend, name, password), logged_in_once(backend, name, password)
    device = browser_with(backend, cookie)
    for _ in range(name_limit.failures):
        assert log_in(device, name, "falsch-falsch").status_code == 401
    checked = hasher.calls
    blocked = log_in(browser_with(backend, cookie), name, password)
    assert blocked.status_code == 429 and DEVICE_HINT not in blocked.text
    assert hasher.calls == checked, "a stolen device cookie gets no more guesses than the limit"
    assert log_in(browser_with(backend, other_device), name, password).status_code == 303
    assert log_in(client_at(backend), name, password).status_code == 303, "the device's failures are its own"


def _forgeries(cookie, other_name_cookie, secret: str) -> dict:
    name, issued, nonce, signature = cookie.value.split(":")
    expired = dates.now() - timedelta(days=devices.DAYS + 1)
    return {
        "wrong signature": f"{name}:{issued}:{nonce}:{'0' * 64}",
        "signature of another nonce": f"{name}:{issued}:{nonce[::-1]}:{signature}",
        "another name's valid cookie": other_name_cookie.value,
        "name changed": f"{other_name_cookie.value.split(':')[0]}:{issued}:{nonce}:{signature}",
        "expired": devices.issue(secret, name, expired),
        "garbage": "kaputt",
        "separators only": ":::",
        "huge": f"{name}:{issued}:{nonce}:{signature}" + "a" * 8000,
    }


def test_forged_device_cookie_counts_as_none(backend, account, name_limit, monkeypatch):
    name, password = account
    other_name, other_password = f"test-{uuid.uuid4().hex[:10]}", f"Gera-{uuid.uuid4().hex}"
    store.create_user(backend.client.app.state.storage, other_name, other_password)
    hasher = StandInHasher(right=password)
    monkeypatch.setattr(store, "_hasher", hasher)
    cookie = logged_in_once(backend, name, password)
    hasher.right = other_password
    other_cookie = logged_in_once(backend, other_name, other_password)
    hasher.right = password
    lock_by_stranger(backend, name, name_limit)
    for kind, value in _forgeries(cookie, other_cookie, backend.client.app.state.staff_device_key).items():
        response = log_in(browser_with(backend, cookie, value), name, password)
        assert response.status_code == 429 and DEVICE_HINT in response.text, kind
    assert log_in(browser_with(backend, cookie), name, password).status_code == 303, "the real one still works"


def test_wrong_password_with_a_forged_device_cookie_counts_for_the_name(backend, account, monkeypatch):
    name, password = account
    monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
    cookie = logged_in_once(backend, name, password)
    forged = cookie.value[:-1] + ("1" if cookie.value.endswith("0") else "0")
    assert log_in(browser_with(backend, cookie, forged), name, "falsch-falsch").status_code == 401
    counted = backend.client.app.state.storage.db.execute(
        "SELECT device FROM staff_login_failures WHERE name = ?", [name.casefold()]).fetchall()
    assert counted == [("",)]


@pytest.mark.parametrize("mangled", ['an"na', "an na"])
def test_mangled_device_cookie_before_the_form_cookie_still_lets_the_login_through(backend, account, monkeypatch,
                                                                                   mangled):
    name, password = account
    monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
    client = client_at(backend)
    form_cookie = f"{CSRF_COOKIE}={client.cookies.get(CSRF_COOKIE)}"
    # Browsers send the cookie with the longer path (/staff/login) first.
    response = client.post("/staff/login", data={"name": name, "password": password, "csrf_token": client.csrf_token},
                           headers={"Cookie": f"{devices.COOKIE}={mangled}; {form_cookie}"})
    assert response.status_code == 303

def test_device_cookie_is_httponly_strict_for_the_login_form_and_kept_180_days(backend, account, monkeypatch):
    name, password = account
    monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
    response = log_in(client_at(backend), name, password)
    header = next(value for value in response.headers.get_list("set-cookie") if value.startswith(devices.COOKIE))
    attributes = {part.strip().split("=")[0].lower(): part.strip().partition("=")[2] for part in header.split(";")}
    assert "httponly" in attributes and attributes["samesite"].lower() == "strict"
    assert attributes["path"] == "/staff/login" and attributes["max-age"] == str(180 * 24 * 3600)
    assert "secure" not in attributes, "the in-process backend is reached over http"
    assert (backend.data_dir / devices.KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_device_cookie_is_secure_when_the_backend_is_reached_over_https(tmp_path, monkeypatch):
    settings = config.load({"STADTBOT_DATA_DIR": str(tmp_path), "BACKEND_URL": "https://stadtbot.example",
                            "OPEN311_API_KEY": "test-key"})
    name, password = "anna", "Gera-ein-langes-passwort"
    with TestClient(create_app(settings), base_url="https://stadtbot.example", follow_redirects=False) as client:
        store.create_user(client.app.state.storage, name, password)
        monkeypatch.setattr(store, "_hasher", StandInHasher(right=password))
        token = csrf_from(client.get("/staff/login").text)
        response = client.post("/staff/login", data={"name": name, "password": password, "csrf_token": token})
    header = next(value for value in response.headers.get_list("set-cookie") if value.startswith(devices.COOKIE))
    assert "secure" in header.lower()


# --- indexes of the throttling queries -------------------------------------------------------------

def test_migration_8_applies_to_a_version_7_database(tmp_path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= 7])
        old = Storage(tmp_path / "backend.db")
        with old.transaction() as db:
            db.execute("INSERT INTO staff_login_failures (name, ip, datetime) VALUES ('anna', '192.0.2.1', ?)",
                       [dates.to_db(dates.now())])
    storage = Storage(tmp_path / "backend.db")  # migrates
    assert schema.current_version(storage.db) >= 8
    assert storage.db.execute("SELECT name, device FROM staff_login_failures").fetchall() == [("anna", "")]
    indexes = {index.name: index.columns for index in storage.db["staff_login_failures"].indexes}
    assert indexes["staff_login_failures_ip"] == ["ip", "datetime"]
    assert indexes["staff_login_failures_name"] == ["name", "device", "datetime"]


@pytest.mark.parametrize("where, values", [(store.BY_ADDRESS, ["192.0.2.1"]), (store.BY_NAME, ["anna"]),
                                           (store.BY_DEVICE, ["anna", "0" * 64])])
def test_throttling_queries_search_an_index_without_sorting(tmp_path, where, values):
    db = Storage(tmp_path / "backend.db").db
    plan = " / ".join(row[3] for row in db.execute(
        f"EXPLAIN QUERY PLAN {store.window_query(where)}", [*values, "2026-01-01T00:00:00+00:00", 4]))
    assert plan.startswith("SEARCH staff_login_failures USING COVERING INDEX"), plan
    assert "TEMP B-TREE" not in plan and "SCAN" not in plan, plan
