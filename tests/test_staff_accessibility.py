"""The staff web is accessible (BITV 2.0 / WCAG 2.1 AA, issue 18): axe-core audits every page, and the main
tasks are done with the keyboard alone.

axe-core comes from tests/telegram/package.json (installed by `make emulator`, `npm ci`) and is injected into
each page of Debian's chromium. Its figures per page (violations by impact) go to
tests/screenshots/axe-summary.json. The keyboard tests press keys only (Tab, Enter, arrows, typing):
no click and no fill by selector; selectors only read where the focus is and what the page shows.
"""

import json
import re
import time
import uuid

import httpx
import pytest

from tests.staff_fixtures import ROOT, SCREENSHOTS, csrf_from, file_report, logged_in

pytest_plugins = ["tests.staff_fixtures"]

AXE = ROOT / "tests" / "telegram" / "node_modules" / "axe-core" / "axe.min.js"
SUMMARY = SCREENSHOTS / "axe-summary.json"
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")


# --- realistic content: reports in several states, a conversation with a correction ------------

def feed_conversation(backend, sender: str, marker: str) -> None:
    """A conversation as Rasa's event broker sends it to the backend's copy (the conversation feed), 40 days
    old: the overview's figures of the last 30 days stay as other modules of the session expect them."""
    start = time.time() - 40 * 86400
    events = [
        {"event": "user", "sender_id": sender, "timestamp": start, "text": f"Hallo, da liegt Müll {marker}",
         "parse_data": {"intent": {"name": "report_issue", "confidence": 0.42},
                        "entities": [{"entity": "category", "value": "Müll"}]}},
        {"event": "bot", "sender_id": sender, "timestamp": start + 1,
         "text": "Möchten Sie einen Mangel melden?", "data": {"buttons": [{"title": "Ja"}, {"title": "Nein"}]}},
        {"event": "user", "sender_id": sender, "timestamp": start + 5, "text": "🤷",
         "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.2}}},
        {"event": "bot", "sender_id": sender, "timestamp": start + 6, "text": "Das habe ich nicht verstanden."},
    ]
    response = httpx.post(f"{backend.url}/conversations/events.json", json={"events": events},
                          headers={"X-Api-Key": backend.api_key}, timeout=30)
    assert response.status_code == 200 and response.json()["stored"] == len(events), response.text


def staff_content(backend, staff_user, sender: str) -> dict:
    """What staff do through the forms besides reports: deadlines, and a correction of the fed conversation's
    first message; answers the conversation's pseudonym and that message's id."""
    with logged_in(backend, staff_user) as client:
        listing = client.get("/staff/conversations").text
        pseudonyms = re.findall(r'href="/staff/conversations/([0-9a-f]+)"', listing)
        page = next(html for html in (client.get(f"/staff/conversations/{p}").text for p in pseudonyms)
                    if sender.split("-")[1] in html)
        pseudonym = re.search(r'action="/staff/conversations/([0-9a-f]+)/corrections"', page).group(1)
        message = re.search(r'<li id="m([^"]+)" class="msg msg-citizen">', page).group(1)
        token = csrf_from(page)
        response = client.post(f"/staff/conversations/{pseudonym}/corrections", data={
            "csrf_token": token, "event_id": message, "intent": "report_issue"})
        assert response.status_code == 303, response.text
        response = client.post("/staff/fristen", data={"csrf_token": token, "graffiti.received_days": "3",
                                                       "graffiti.in_progress_days": "14"})
        assert response.status_code == 303, response.text
    return {"pseudonym": pseudonym, "message": message}


@pytest.fixture(scope="module")
def content(backend, staff_user):
    """Reports with and without photo and point, one changed and noted by staff, a corrected conversation."""
    marker = uuid.uuid4().hex[:8]
    with_photo = file_report(backend, photo=True, description=f"Graffiti am Rathaus {marker}",
                             address_string="Markt 1, Gera", account_id=f"chat-{marker}")
    without_point = file_report(backend, service_code="dead_animal", description=f"Tote Taube {marker}",
                                lat="", long="", address_string="Sorge 12, Gera")
    for i in range(3):
        file_report(backend, service_code="illegal_dumping", description=f"Sperrmüll {marker} {i}",
                    lat=f"50.87{i}", long=f"12.08{i}")
    with logged_in(backend, staff_user) as client:
        token = csrf_from(client.get(f"/staff/reports/{with_photo}").text)
        for form, fields in (("state", {"state": "in_progress", "note": f"Wird bis Freitag entfernt. {marker}"}),
                             ("internal-note", {"note": "Firma Muster beauftragt."})):
            response = client.post(f"/staff/reports/{with_photo}/{form}", data={"csrf_token": token, **fields})
            assert response.status_code == 303, response.text
    sender = f"a11y-{marker}"
    feed_conversation(backend, sender, marker)
    return {"marker": marker, "with_photo": with_photo, "without_point": without_point, "sender": sender,
            **staff_content(backend, staff_user, sender)}


@pytest.fixture(scope="module")
def audit_context(browser, backend, staff_user, content):
    """A logged-in browser context that lets axe's script in (the staff CSP forbids inline scripts)."""
    context = new_audit_context(browser)
    page = context.new_page()
    page.goto(f"{backend.url}/staff/login")
    page.fill("#name", staff_user[0])
    page.fill("#password", staff_user[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{backend.url}/staff/reports")
    page.close()
    yield context
    context.close()


def audit(page) -> list:
    """axe-core's violations of the page (every rule axe runs by default: WCAG 2.0/2.1 A and AA and best practice)."""
    assert AXE.exists(), f"{AXE} missing: make emulator (npm ci --prefix tests/telegram)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def by_impact(violations: list) -> dict:
    """{impact: number of violating elements} (an element counts once per rule it breaks)."""
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation["impact"]] += len(violation["nodes"])
    return counts


def record(name: str, violations: list) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    summary = json.loads(SUMMARY.read_text()) if SUMMARY.exists() else {}
    summary[name] = {"impact": by_impact(violations),
                     "rules": sorted({f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations})}
    SUMMARY.write_text(json.dumps(summary, indent=1, ensure_ascii=False))


def explain(violations: list) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["target"][0] if n["target"] else "?"
                                                                          for n in v["nodes"][:5])
                     for v in violations)


# Every page of the staff web (backend/staff/routers) with content, and the public declaration: path and a script
# that brings the page into a state worth auditing too (folded parts open, the session warning shown).
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
SHOW_WARNING = "document.getElementById('session-warning').hidden = false"
STAFF_PAGES = {
    "login": ("/staff/login", ""),
    "login-failed": ("/staff/login", "WRONG_PASSWORD"),
    "dashboard": ("/staff/dashboard", ""),
    "dashboard-session-warning": ("/staff/dashboard", SHOW_WARNING),
    "queue": ("/staff/reports", ""),
    "queue-filtered-empty": ("/staff/reports?kategorie=graffiti&von=2001-01-01&bis=2001-01-02", ""),
    "queue-invalid-filter": ("/staff/reports?von=gestern", ""),
    "report": ("/staff/reports/{with_photo}", OPEN_DETAILS),
    "report-without-point": ("/staff/reports/{without_point}", ""),
    "report-not-found": ("/staff/reports/999999", ""),
    "conversations": ("/staff/conversations?pruefen=1", ""),
    "conversation": ("/staff/conversations/{pseudonym}?korrigiert=1", OPEN_DETAILS),
    "conversation-not-found": ("/staff/conversations/0123456789ab", ""),
    "corrections": ("/staff/corrections", ""),
    "deadlines": ("/staff/fristen", ""),
    "catalog": ("/staff/katalog", ""),
    "catalog-all": ("/staff/katalog?alle=1", ""),
    "incidents": ("/staff/stoerungen", ""),
    "audit-log": ("/staff/protokoll", ""),
    "accessibility-statement": ("/barrierefreiheit", ""),
}


DOWNLOADS = {"/staff/reports/export.csv", "/staff/reports/export.geojson", "/staff/corrections/export.yml"}


def test_the_audit_covers_every_page_of_the_staff_web():
    """Every GET route of backend/staff/routers is in STAFF_PAGES (downloads aside): a new page is audited too."""
    routes = set()
    for module in (ROOT / "backend" / "staff" / "routers").glob("*.py"):
        routes |= set(re.findall(r'@router\.get\("([^"]+)"', module.read_text()))
    audited = {re.sub(r"\{[a-z_]+\}", "{}", path.split("?")[0]) for path, _ in STAFF_PAGES.values()}
    pages = {re.sub(r"\{[a-z_]+\}", "{}", route) for route in routes - DOWNLOADS}
    # A page with a path parameter counts as audited when some audited path has its shape.
    shapes = {path.rsplit("/", 1)[0] + "/{}" for path in audited} | audited
    assert pages - {"/staff"} <= shapes, pages - shapes
    assert "/staff" in routes  # a redirect to the queue, no page of its own


def new_audit_context(browser):
    """A browser context that lets axe's script in (the staff CSP forbids inline scripts)."""
    return browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=True)


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_page_has_no_serious_or_critical_axe_violation(name, browser, backend, audit_context, content):
    path, prepare = STAFF_PAGES[name]
    # The login form as someone not logged in sees it; every other page logged in.
    context = new_audit_context(browser) if name.startswith("login") else audit_context
    page = context.new_page()
    try:
        page.goto(f"{backend.url}{path.format(**content)}")
        page.wait_for_load_state("networkidle")
        if prepare == "WRONG_PASSWORD":
            page.fill("#name", "niemand")
            page.fill("#password", "falsch")
            page.click("button[type=submit]")
            page.wait_for_selector(".error")
        elif prepare:
            page.evaluate(prepare)
        if page.locator(".leaflet-container").count():  # the tiles fail here (no internet): audit the hint too
            page.wait_for_selector("#map-hint:not([hidden])", timeout=15000)
        violations = audit(page)
        record(name, violations)
        page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}.png"), full_page=True)
    finally:
        page.close()
        if context is not audit_context:
            context.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], explain(blocking)


# --- the main tasks with the keyboard alone -------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '',
          text: (e.innerText || e.value || '').trim().slice(0, 80), href: e.getAttribute('href') || '',
          visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                   || style.boxShadow !== 'none'};
}"""


def focused(page) -> dict:
    """What has the keyboard focus, and whether it is visibly marked (an outline of 2 px or more, or a shadow)."""
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, limit: int = 80) -> dict:
    """Press Tab until the focused element is `wanted` (a predicate); every stop on the way shows its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        # body: past the page's last element, the focus is in the browser's own controls for one press
        assert now["visible"] or now["tag"] == "body", f"the focus is not visible on {now}"
        if wanted(now):
            return now
        seen.append(now["id"] or now["name"] or now["text"][:20])
    raise AssertionError(f"not reached with {limit} presses of Tab; passed {seen}")


def by_id(element_id: str):
    return lambda now: now["id"] == element_id


def by_text(text: str, tag: str = ""):
    return lambda now: now["text"] == text and (not tag or now["tag"] == tag)


def skip_to_content(page) -> None:
    """The first Tab of a page reaches "Zum Inhalt springen"; Enter puts the focus at the start of the content."""
    page.keyboard.press("Tab")
    now = focused(page)
    assert now["text"] == "Zum Inhalt springen" and now["visible"], now
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the skip link is on screen while focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhalt"


def keyboard_login(page, backend, staff_user, path: str) -> None:
    page.goto(f"{backend.url}{path}")
    assert "/staff/login" in page.url
    if focused(page)["id"] != "name":  # the form's autofocus puts the focus there at once
        tab_to(page, by_id("name"))
    page.keyboard.type(staff_user[0])
    tab_to(page, by_id("password"))
    page.keyboard.type(staff_user[1])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{backend.url}{path}"


def test_staff_log_in_filter_open_a_report_and_change_its_state_with_the_keyboard_alone(backend, staff_user, page):
    marker = uuid.uuid4().hex[:8]
    number = file_report(backend, service_code="playground", description=f"Schaukel kaputt {marker}",
                         address_string="Spielplatz Hofwiesenpark, Gera", lat="50.8812", long="12.0741")
    keyboard_login(page, backend, staff_user, "/staff/reports")

    # Filter the queue: category "Spielplatz" (typed into the closed list box), then "Anzeigen".
    skip_to_content(page)
    tab_to(page, lambda now: now["name"] == "kategorie")
    page.keyboard.type("Spielplatz")
    assert page.locator("select[name=kategorie]").input_value() == "playground"
    tab_to(page, by_text("Anzeigen", "button"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kategorie=playground" in page.url
    rows = page.locator("table.queue tbody tr")
    assert rows.count() >= 1 and all("Spielplatz" in rows.nth(i).inner_text() for i in range(rows.count()))

    # Open the report: its number in the table is a link.
    skip_to_content(page)
    tab_to(page, by_text(number, "a"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{backend.url}/staff/reports/{number}"

    # Change its state: the list box with an arrow key, the note typed, the button with Enter.
    tab_to(page, by_id("state"))
    assert page.locator("#state").input_value() == "received"
    page.keyboard.press("ArrowDown")
    assert page.locator("#state").input_value() == "in_progress"
    tab_to(page, by_id("note"))
    page.keyboard.type(f"Wir reparieren die Schaukel. {marker}")
    tab_to(page, by_text("Stand ändern", "button"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Der Stand ist geändert" in page.locator(".notice").inner_text()
    assert f"Wir reparieren die Schaukel. {marker}" in page.locator("ol.history").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "a11y-keyboard-state-changed.png"), full_page=True)


def test_staff_correct_a_message_with_the_keyboard_alone(backend, staff_user, page, content):
    keyboard_login(page, backend, staff_user, "/staff/conversations?pruefen=1")
    skip_to_content(page)
    tab_to(page, lambda now: now["href"] == f"/staff/conversations/{content['pseudonym']}")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The second citizen message ("🤷", not understood): open its form, pick the intent, save.
    tab_to(page, by_text("Richtige Absicht angeben", "summary"))  # the first message's (corrected by the fixture)
    tab_to(page, by_text("Richtige Absicht angeben", "summary"))
    page.keyboard.press("Enter")
    tab_to(page, lambda now: now["name"] == "intent")
    form = page.locator(f"form:has(input[name=event_id]:not([value='{content['message']}'])) select[name=intent]")
    before = form.input_value()
    page.keyboard.press("ArrowDown")
    chosen = form.input_value()
    assert chosen != before
    tab_to(page, by_text("Korrektur speichern", "button"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "korrigiert=1" in page.url
    assert f"Korrigiert zu {chosen} von {staff_user[0]}" in page.locator(".corrected").all_inner_texts()


def session_end(backend, name: str, set_to: str = "") -> str:
    """The stored end of the sessions of the staff member `name` (first moved to `set_to`, if given)."""
    import sqlite3

    with sqlite3.connect(backend.data_dir / "backend.db") as db:
        where = "user_id = (SELECT id FROM staff_users WHERE name = ?)"
        if set_to:
            db.execute(f"UPDATE staff_sessions SET expires_datetime = ? WHERE {where}", [set_to, name])
        return db.execute(f"SELECT max(expires_datetime) FROM staff_sessions WHERE {where}", [name]).fetchone()[0]


def test_staff_are_warned_two_minutes_before_the_session_ends_and_stay_with_one_key(backend, new_staff_user, page):
    from datetime import datetime, timedelta, timezone

    user = new_staff_user()
    page.clock.install()  # the page's timers run on a clock the test moves forward
    keyboard_login(page, backend, user, "/staff/dashboard")
    warning = page.locator("#session-warning")
    assert 8 * 3600 - 60 < int(warning.get_attribute("data-seconds")) <= 8 * 3600 and warning.is_hidden()
    # The session is shortened to five minutes, as if it began almost eight hours ago.
    soon = datetime.now(timezone.utc) + timedelta(minutes=5)
    session_end(backend, user[0], set_to=soon.isoformat(timespec="seconds"))
    page.reload()
    seconds = int(warning.get_attribute("data-seconds"))
    assert 280 < seconds <= 300

    page.clock.fast_forward((seconds - 150) * 1000)
    assert warning.is_hidden(), "no warning earlier than two minutes before the end"
    page.clock.fast_forward(35 * 1000)
    assert warning.is_visible()
    assert "Ihre Sitzung endet in 2 Minuten" in warning.inner_text()
    assert focused(page)["id"] == "session-extend", "the warning takes the focus"
    page.keyboard.press("Enter")  # "Angemeldet bleiben": the session is extended without leaving the page
    warning.wait_for(state="hidden")
    assert page.url == f"{backend.url}/staff/dashboard"
    extended = datetime.fromisoformat(session_end(backend, user[0]))
    assert extended - datetime.now(timezone.utc) > timedelta(hours=7, minutes=59)

    # Whoever misses the warning is told the session has ended, with a way back to the same page.
    page.clock.fast_forward(8 * 3600 * 1000)
    assert "Ihre Sitzung ist beendet" in warning.inner_text()
    assert focused(page)["href"] == "/staff/login?next=%2Fstaff%2Fdashboard"


# --- the maps have a text equivalent --------------------------------------------------------------

def test_every_report_on_the_queue_map_is_also_a_row_of_the_table(backend, audit_context, content):
    page = audit_context.new_page()
    try:
        page.goto(f"{backend.url}/staff/reports?kategorie=illegal_dumping")
        page.wait_for_selector("#queue-map[data-markers]")
        titles = [page.locator("#queue-map .leaflet-marker-icon").nth(i).get_attribute("title")
                  for i in range(page.locator("#queue-map .leaflet-marker-icon").count())]
        on_map = {title.split(" · ")[0].removeprefix("Meldung ") for title in titles}
        links = page.locator("table.queue tbody tr td:first-child a")
        in_table = {links.nth(i).inner_text() for i in range(links.count())}
        assert len(on_map) == int(page.locator("#queue-map").get_attribute("data-markers")) >= 3
        assert on_map <= in_table, "every marker's report is in the list"
        assert "Dieselben" in page.locator("#queue-map").evaluate(
            "map => document.getElementById(map.getAttribute('aria-describedby')).textContent")
    finally:
        page.close()


def test_the_report_page_gives_its_point_as_text_too(backend, audit_context, content):
    page = audit_context.new_page()
    try:
        page.goto(f"{backend.url}/staff/reports/{content['with_photo']}")
        assert page.locator("#address").inner_text() == "Markt 1, Gera"
        assert page.locator("#coordinates").inner_text().startswith("50.876500, 12.081200")
        page.goto(f"{backend.url}/staff/reports/{content['without_point']}")
        assert "Ort unsicher" in page.locator("#coordinates").inner_text()
        assert page.locator("#location-lat").count() == page.locator("#location-search").count() == 1
    finally:
        page.close()
