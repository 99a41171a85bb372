"""Staff accounts, login, logout, session expiry and login throttling (against the running backend)."""

import sqlite3

import httpx

from tests.staff_fixtures import csrf_from, file_report, login, run_users_command

pytest_plugins = ["tests.staff_fixtures"]


def test_command_creates_account_with_argon2_hash(backend, new_staff_user):
    name, _password = new_staff_user()
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        stored = db.execute("SELECT password_hash FROM staff_users WHERE name = ?", [name]).fetchone()[0]
    assert stored.startswith("$argon2id$")


def test_command_refuses_short_password_and_existing_name(backend, staff_user):
    short = run_users_command(backend, "create", "kurz-passwort", password="abc")
    assert short.returncode == 1 and "zu kurz" in short.stderr
    again = run_users_command(backend, "create", staff_user[0], password="ein-langes-passwort")
    assert again.returncode == 1 and "gibt es schon" in again.stderr


def test_command_without_password_creates_nothing(backend):
    empty = run_users_command(backend, "create", "ohne-passwort", password="")
    assert empty.returncode == 1
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        assert db.execute("SELECT COUNT(*) FROM staff_users WHERE name = 'ohne-passwort'").fetchone()[0] == 0


def test_login_page_shows_german_form_with_csrf_token(backend):
    response = httpx.get(f"{backend.url}/staff/login")
    assert response.status_code == 200
    assert "Benutzername" in response.text and "Passwort" in response.text
    assert csrf_from(response.text)
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_login_sets_httponly_lax_session_cookie_with_expiry_and_a_device_cookie(backend, staff_user):
    with httpx.Client(base_url=backend.url) as client:
        token = csrf_from(client.get("/staff/login").text)
        response = client.post("/staff/login", data={"name": staff_user[0], "password": staff_user[1],
                                                     "csrf_token": token, "next": "/staff/reports?stand=offen"})
        assert response.status_code == 303
        assert response.headers["location"] == "/staff/reports?stand=offen"
        cookies = {value.split("=")[0]: value.lower() for value in response.headers.get_list("set-cookie")}
        cookie = cookies["stadtbot_staff_session"]
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert "max-age=28800" in cookie  # STAFF_SESSION_HOURS default 8
        # The device cookie (backend/staff/devices.py): only for the login form, kept 180 days.
        device = cookies["stadtbot_staff_device"]
        assert "httponly" in device and "samesite=strict" in device and "path=/staff/login" in device
        assert "max-age=15552000" in device
        assert client.get("/staff/reports").status_code == 200


def test_login_next_to_other_host_is_ignored(backend, staff_user):
    with httpx.Client(base_url=backend.url) as client:
        token = csrf_from(client.get("/staff/login").text)
        response = client.post("/staff/login", data={"name": staff_user[0], "password": staff_user[1],
                                                     "csrf_token": token, "next": "//evil.example/staff/"})
        assert response.headers["location"] == "/staff/reports"


def test_wrong_password_is_refused_in_german(backend, staff_user):
    with httpx.Client(base_url=backend.url) as client:
        token = csrf_from(client.get("/staff/login").text)
        response = client.post("/staff/login", data={"name": staff_user[0], "password": "falsch-falsch",
                                                     "csrf_token": token})
        assert response.status_code == 401
        assert "Benutzername oder Passwort ist falsch." in response.text
        assert "stadtbot_staff_session" not in response.headers.get("set-cookie", "")


def test_empty_login_form_is_invalid(backend):
    with httpx.Client(base_url=backend.url) as client:
        token = csrf_from(client.get("/staff/login").text)
        response = client.post("/staff/login", data={"name": "", "password": "", "csrf_token": token})
        assert response.status_code == 400 and "Bitte Benutzername und Passwort eingeben." in response.text


def test_wrong_password_several_times_is_throttled_even_with_right_password(backend, new_staff_user):
    name, password = new_staff_user()
    with httpx.Client(base_url=backend.url) as client:
        token = csrf_from(client.get("/staff/login").text)
        statuses = [client.post("/staff/login", data={"name": name, "password": f"falsch-{i}",
                                                      "csrf_token": token}).status_code for i in range(5)]
        assert statuses == [401] * 5
        blocked = client.post("/staff/login", data={"name": name, "password": password, "csrf_token": token})
        assert blocked.status_code == 429
        assert "Zu viele fehlgeschlagene Anmeldeversuche" in blocked.text
        assert "stadtbot_staff_session" not in blocked.headers.get("set-cookie", "")


def test_unknown_user_is_throttled_too(backend):
    with httpx.Client(base_url=backend.url) as client:
        token = csrf_from(client.get("/staff/login").text)
        for i in range(5):
            client.post("/staff/login", data={"name": "niemand-hier", "password": f"x-{i}", "csrf_token": token})
        again = client.post("/staff/login", data={"name": "niemand-hier", "password": "x", "csrf_token": token})
        assert again.status_code == 429


def test_logout_ends_session_on_the_server(backend, new_staff_user):
    client = login(backend, *new_staff_user())
    stolen = client.cookies.get("stadtbot_staff_session")
    token = csrf_from(client.get("/staff/reports").text)
    response = client.post("/staff/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"
    assert client.get("/staff/reports").status_code == 303
    # The old cookie value is dead even if someone kept a copy.
    replay = httpx.get(f"{backend.url}/staff/reports", cookies={"stadtbot_staff_session": stolen})
    assert replay.status_code == 303
    client.close()


def test_expired_session_redirects_to_login(backend, new_staff_user):
    name, password = new_staff_user()
    client = login(backend, name, password)
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        db.execute("UPDATE staff_sessions SET expires_datetime = '2000-01-01T00:00:00+00:00' "
                   "WHERE user_id = (SELECT id FROM staff_users WHERE name = ?)", [name])
    response = client.get("/staff/reports")
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    client.close()


def test_session_token_is_not_stored_in_plain(backend, new_staff_user):
    client = login(backend, *new_staff_user())
    token = client.cookies.get("stadtbot_staff_session")
    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        hashes = [row[0] for row in db.execute("SELECT token_hash FROM staff_sessions")]
    assert hashes and token not in hashes
    client.close()


def test_csrf_token_of_one_session_is_refused_in_another(backend, new_staff_user):
    """The form token is bound to the login: a token copied from another staff session does not work."""
    first, second = login(backend, *new_staff_user()), login(backend, *new_staff_user())
    number = file_report(backend)
    token_of_first = csrf_from(first.get("/staff/reports").text)
    token_of_second = csrf_from(second.get("/staff/reports").text)
    assert token_of_first != token_of_second
    form = {"state": "in_progress", "note": "Wird geprüft."}
    refused = second.post(f"/staff/reports/{number}/state", data={**form, "csrf_token": token_of_first})
    assert refused.status_code == 403 and "Formular ist abgelaufen" in refused.text
    accepted = second.post(f"/staff/reports/{number}/state", data={**form, "csrf_token": token_of_second})
    assert accepted.status_code == 303
    first.close()
    second.close()


def test_login_gives_a_new_form_token(backend, new_staff_user):
    """The token of the login form (before the session) is not the token of the pages after login."""
    client = httpx.Client(base_url=backend.url, timeout=30)
    before = csrf_from(client.get("/staff/login").text)
    name, password = new_staff_user()
    client.post("/staff/login", data={"name": name, "password": password, "csrf_token": before})
    after = csrf_from(client.get("/staff/reports").text)
    assert after != before
    client.close()


def test_deactivated_account_is_logged_out_and_cannot_log_in(backend, new_staff_user):
    name, password = new_staff_user()
    client = login(backend, name, password)
    assert client.get("/staff/reports").status_code == 200

    result = run_users_command(backend, "deactivate", name, password="")
    assert result.returncode == 0 and "gesperrt" in result.stdout
    assert client.get("/staff/reports").status_code == 303, "the running session ends at once"
    fresh = httpx.Client(base_url=backend.url, timeout=30)
    token = csrf_from(fresh.get("/staff/login").text)
    refused = fresh.post("/staff/login", data={"name": name, "password": password, "csrf_token": token})
    assert refused.status_code == 401 and "Benutzername oder Passwort ist falsch." in refused.text
    listed = run_users_command(backend, "list", password="").stdout
    assert any(line.split()[:2] == [name, "gesperrt"] for line in listed.splitlines())
    client.close()
    fresh.close()


def test_deactivating_an_unknown_account_says_so(backend):
    result = run_users_command(backend, "deactivate", "gibt-es-nicht", password="")
    assert result.returncode == 1 and "Den Benutzer „gibt-es-nicht“ gibt es nicht." in result.stderr
