"""`make bench` (part): how fast the staff web answers with a city's worth of data.

Starts the whole stack (like bench/report_filing.py), lets a few citizens
talk to Rasa for real (a report, an unclear message, a service question, a
cancelled report), waits until Rasa's conversation feed brought them to the
backend, then copies them under new sender ids in the backend's copy
(`conversation_events`, what the staff web reads) until it holds CONVERSATIONS conversations spread
over the retention period (default 4,500: 50 a day for 90 days), and files
REPORTS reports straight into the backend. A staff member logged in through
the real form then loads each page REPEATS times over HTTP; printed are the
first load and p50/p95 of the rest.

Prints figures; it does not pass or fail.

    python -m bench.staff_pages [--conversations N] [--reports M] [--repeats K]
"""

import argparse
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from bench.report_filing import GERA, bench_settings, percentile, row, trained_model
from scripts.stack import APP_PYTHON, running

TALKS = [
    ["Hallo", "Die Laterne in der Sorge 12 ist seit Tagen aus", "/deny", "/affirm"],
    ["blubb fasel", "Was kostet ein Personalausweis?", "danke"],
    ["Schlagloch", "abbrechen"],
    ["Wann hat das Bürgerbüro offen?", "Und was brauche ich für die Ummeldung?"],
]
DAY = 24 * 3600
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def talk(settings) -> None:
    senders = []
    for messages in TALKS:
        senders.append(f"bench-{uuid.uuid4().hex[:12]}")
        for text in messages:
            httpx.post(f"{settings.rasa_url}/webhooks/rest/webhook", json={"sender": senders[-1], "message": text},
                       timeout=60).raise_for_status()
    wait_for_feed(settings, senders)


def wait_for_feed(settings, senders: list, timeout: float = 60) -> None:
    """Until the backend's copy holds every user, bot and action event Rasa has of the senders."""
    expected = 0
    for sender in senders:
        tracker = httpx.get(f"{settings.rasa_url}/conversations/{sender}/tracker", timeout=30,
                            params={"include_events": "ALL"},
                            headers={"Authorization": f"Bearer {settings.rasa_api_token}"}).json()
        expected += sum(event["event"] in ("user", "bot", "action") for event in tracker["events"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(settings.data_dir / "backend.db") as db:
            if db.execute("SELECT COUNT(*) FROM conversation_events").fetchone()[0] >= expected:
                return
        time.sleep(0.1)
    raise RuntimeError("the conversation feed did not bring the conversations to the backend")


def multiply_conversations(settings, count: int, days: int = 90) -> int:
    """Copy the real conversations under new sender ids, each shifted to a random time in the last `days`."""
    with sqlite3.connect(settings.data_dir / "backend.db") as db:
        rows = db.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                          "FROM conversation_events ORDER BY id").fetchall()
        templates = {}
        for sender, *rest in rows:
            templates.setdefault(sender, []).append(rest)
        now = time.time()
        for n in range(count - len(templates)):
            events = random.choice(list(templates.values()))
            shift = now - random.uniform(0, days * DAY) - events[-1][1]
            db.executemany("INSERT INTO conversation_events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           [(f"copy-{n}", kind, stamp + shift, intent, action, data)
                            for kind, stamp, intent, action, data in events])
        return db.execute("SELECT COUNT(*) FROM conversation_events").fetchone()[0]


def file_reports(settings, count: int) -> None:
    api_key = (settings.data_dir / "open311-api-key").read_text().strip()
    with httpx.Client(base_url=f"{settings.backend_url}/open311/v2", timeout=30) as http:
        for n in range(count):
            http.post("/requests.json", data={
                "api_key": api_key, "service_code": random.choice(["streetlight", "road_damage", "graffiti", "tree"]),
                "lat": f"{GERA[0] + random.uniform(-0.03, 0.03):.5f}",
                "long": f"{GERA[1] + random.uniform(-0.05, 0.05):.5f}",
                "description": f"Meldung {n} für die Messung", "account_id": f"copy-{n}"}).raise_for_status()


def staff_client(settings) -> httpx.Client:
    name, password = f"bench-{uuid.uuid4().hex[:8]}", f"Gera-{uuid.uuid4().hex}"
    subprocess.run([APP_PYTHON, "-m", "backend.staff.users", "create", name], input=password + "\n", text=True,
                   env=settings.process_env(), check=True, capture_output=True)
    client = httpx.Client(base_url=settings.backend_url, timeout=120)
    token = CSRF.search(client.get("/staff/login").text).group(1)
    client.post("/staff/login", data={"name": name, "password": password, "csrf_token": token})
    return client


def timed(client: httpx.Client, path: str, repeats: int) -> list:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    return samples


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--conversations", type=int, default=4500, help="conversations in the store (default 4500)")
    args.add_argument("--reports", type=int, default=2000, help="reports in the backend (default 2000)")
    args.add_argument("--repeats", type=int, default=20, help="loads per page (default 20)")
    options = args.parse_args()
    model = trained_model()
    with tempfile.TemporaryDirectory(prefix="stadtbot-bench-") as data_dir:
        settings = bench_settings(Path(data_dir))
        print("starting the stack ...", file=sys.stderr)
        with running(settings, model):
            talk(settings)
            events = multiply_conversations(settings, options.conversations)
            print(f"{events} events; filing {options.reports} reports ...", file=sys.stderr)
            file_reports(settings, options.reports)
            client = staff_client(settings)
            # The list first: its first load reads every conversation (later loads only changed ones).
            results = {"conversations list (first: cold)": timed(client, "/staff/conversations", options.repeats)}
            some = re.search(r'href="/staff/conversations/([0-9a-f]{12})"',
                             client.get("/staff/conversations").text).group(1)
            pages = {"conversations needing review": "/staff/conversations?pruefen=1",
                     "one transcript": f"/staff/conversations/{some}",
                     "overview (dashboard)": "/staff/dashboard",
                     "reports queue": "/staff/reports",
                     "reports queue, area filter": "/staff/reports?gebiet=Innenstadt",
                     "one report": "/staff/reports/1500",
                     "CSV export (all reports)": "/staff/reports/export.csv"}
            results.update({name: timed(client, path, options.repeats) for name, path in pages.items()})
            client.close()

    print(f"Staff web ({options.conversations} conversations, {events} events, {options.reports} reports; "
          f"first load, then p50/p95 of {options.repeats - 1})")
    for name, samples in results.items():
        rest = samples[1:] or samples
        row(name, f"{samples[0]:.0f} | {percentile(rest, 0.5):.0f} | {percentile(rest, 0.95):.0f} ms")


if __name__ == "__main__":
    main()
