"""`make bench-report`: filing a report end to end, backend throughput and memory.

Starts the whole stack (backend, action server, Rasa server) on free ports
with a temporary data directory, like the tests do, using the model that
`scripts/train.py` would use (it must be trained already). Then:

1. N citizens one after another (fresh sender id each, after one warm-up
   conversation that is not counted) file "Die Laterne in der Sorge 12 ist
   seit Tagen aus" -> "/deny" (no photo) -> "/affirm" through Rasa's REST
   channel. Measured: the "/affirm" call alone, the "/affirm" call plus the
   time until GET /open311/v2/requests/{number}.json answers with the report,
   and the whole conversation (3 turns).
2. POST /open311/v2/requests.json straight to the backend (form-encoded,
   coordinates in Gera) with 1, 10, 50 concurrent clients: requests/s,
   p50/p95 latency and errors per level.
3. The backend's resident memory (VmRSS from /proc) before and after.

Prints figures; it does not pass or fail.

    python -m bench.report_filing [--reports N] [--clients 1,10,50] [--requests M]
"""

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import httpx

from scripts import settings as config
from common.env import default_tracker_store_url
from scripts.stack import free_port, running
from scripts.train import ROOT, model_path

FIRST_MESSAGE = "Die Laterne in der Sorge 12 ist seit Tagen aus"
NUMBER = re.compile(r"Nr\. (\d+)")
# Around the centre of Gera, well inside GERA_BBOX (50.78,11.96,50.99,12.23).
GERA = (50.8806, 12.0833)
STORED_TIMEOUT = 60.0


def percentile(samples, share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """VmRSS (or VmHWM, the peak) of a process in MB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    return float("nan")


def texts(replies: list) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def button_titles(replies: list) -> list:
    return [b["title"] for r in replies for b in r.get("buttons", [])]


class Failed(Exception):
    pass


class Citizen:
    def __init__(self, http: httpx.Client, settings):
        self.http = http
        self.settings = settings
        self.sender = f"bench-{uuid.uuid4().hex[:12]}"

    def says(self, text: str) -> list:
        response = self.http.post(f"{self.settings.rasa_url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text})
        response.raise_for_status()
        return response.json()


def stored_report(http: httpx.Client, settings, number: str, api_key: str, account_id: str) -> None:
    """Wait until the backend answers with the report (by number, or by account when it went to the outbox)."""
    deadline = time.monotonic() + STORED_TIMEOUT
    while time.monotonic() < deadline:
        if number:
            response = http.get(f"{settings.backend_url}/open311/v2/requests/{number}.json")
            if response.status_code == 200 and response.json() and str(response.json()[0]["service_request_id"]) == number:
                return
        else:
            response = http.get(f"{settings.backend_url}/open311/v2/requests.json", params={"account_id": account_id},
                                headers={"X-Api-Key": api_key})
            if response.status_code == 200 and response.json():
                return
        time.sleep(0.05)
    raise Failed(f"report {number or '(without number)'} not stored within {STORED_TIMEOUT:.0f} s")


def one_conversation(http: httpx.Client, settings, api_key: str) -> dict:
    """The three turns of one citizen; times in ms."""
    citizen = Citizen(http, settings)
    started = time.perf_counter()
    replies = citizen.says(FIRST_MESSAGE)
    if "Ja, genau da" not in button_titles(replies):
        raise Failed(f"the place is not shown to confirm after the first message: {texts(replies)!r}")
    replies = citizen.says("/affirm")
    if "Ohne Foto" not in button_titles(replies):
        raise Failed(f"no photo question after the place was confirmed: {texts(replies)!r}")
    summary = citizen.says("/deny")
    if "Absenden" not in button_titles(summary):
        raise Failed(f"no summary after /deny: {texts(summary)!r}")
    confirming = time.perf_counter()
    filed = citizen.says("/affirm")
    answered = time.perf_counter()
    match = NUMBER.search(texts(filed))
    if not match and "automatisch übermittelt" not in texts(filed):
        raise Failed(f"not filed after /affirm: {texts(filed)!r}")
    stored_report(http, settings, match.group(1) if match else "", api_key, citizen.sender)
    stored = time.perf_counter()
    return {
        "affirm": (answered - confirming) * 1000,
        "stored": (stored - confirming) * 1000,
        "conversation": (answered - started) * 1000,
        "queued": not match,
    }


def conversations(settings, count: int) -> tuple:
    api_key = (settings.data_dir / "open311-api-key").read_text().strip()
    results, failures = [], []
    with httpx.Client(timeout=60) as http:
        warm_up = one_conversation(http, settings, api_key)  # first turns build TensorFlow's graphs
        for _ in range(count):
            try:
                results.append(one_conversation(http, settings, api_key))
            except (Failed, httpx.HTTPError) as failure:
                failures.append(str(failure))
    return warm_up, results, failures


async def post_reports(settings, clients: int, total: int) -> dict:
    """`total` POST /requests.json from `clients` concurrent clients; latency in ms."""
    api_key = (settings.data_dir / "open311-api-key").read_text().strip()
    url = f"{settings.backend_url}/open311/v2/requests.json"
    latencies, errors = [], []
    remaining = iter(range(total))
    rng = random.Random(clients)

    async def client(http: httpx.AsyncClient) -> None:
        for index in remaining:
            form = {
                "api_key": api_key,
                "service_code": "streetlight",
                "lat": f"{GERA[0] + rng.uniform(-0.02, 0.02):.6f}",
                "long": f"{GERA[1] + rng.uniform(-0.02, 0.02):.6f}",
                "description": f"Lastmessung {clients}/{index}: Laterne aus",
                "account_id": f"bench-load-{clients}-{index}",
            }
            started = time.perf_counter()
            try:
                response = await http.post(url, data=form)
                if response.status_code == 201:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors.append(f"HTTP {response.status_code}: {response.text[:120]}")
            except httpx.HTTPError as error:
                errors.append(f"{type(error).__name__}: {error}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await http.get(f"{settings.backend_url}/health")
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        seconds = time.perf_counter() - started
    return {"clients": clients, "requests": total, "seconds": seconds, "latencies": latencies, "errors": errors}


def trained_model() -> Path:
    """The model `scripts/train.py` would use; the benchmarks never train."""
    model = model_path()
    if not model.exists():
        sys.exit(
            f"No trained model for this checkout: {model.relative_to(ROOT)} does not exist.\n"
            "Train it first: .venv/bin/python -m scripts.train"
        )
    return model


def bench_settings(data_dir: Path) -> config.Settings:
    """The stack on free ports with its files in `data_dir`, like the tests' stack."""
    settings = replace(
        config.load({}),
        data_dir=data_dir,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}",
        backend_url=f"http://127.0.0.1:{free_port()}",
    )
    return replace(settings, tracker_store_url=default_tracker_store_url(data_dir))


def row(label: str, value: str) -> None:
    print(f"  {label:<42}{value:>12}")


def timing_rows(name: str, samples: list, shares=(0.5, 0.95)) -> None:
    for share in shares:
        row(f"{name} p{int(share * 100)}", f"{percentile(samples, share):.0f} ms")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--reports", type=int, default=30, help="citizens filing one after another (default 30)")
    args.add_argument("--clients", default="1,10,50", help="concurrency levels for the backend (default 1,10,50)")
    args.add_argument("--requests", type=int, default=300, help="POSTs per concurrency level (default 300)")
    options = args.parse_args()
    levels = [int(c) for c in options.clients.split(",") if c.strip()]

    model = trained_model()
    with tempfile.TemporaryDirectory(prefix="stadtbot-bench-") as data_dir:
        settings = bench_settings(Path(data_dir))
        print(f"model {model.relative_to(ROOT)}; starting the stack ...", file=sys.stderr)
        started = time.monotonic()
        with running(settings, model) as stack:
            startup = time.monotonic() - started
            pids = {name: proc.pid for name, proc in stack.processes.items()}
            memory = {"after start": rss_mb(pids["backend"])}
            print(f"stack up in {startup:.0f} s; {options.reports} conversations ...", file=sys.stderr)
            warm_up, results, failures = conversations(settings, options.reports)
            memory["after conversations"] = rss_mb(pids["backend"])
            loads = []
            for clients in levels:
                print(f"{options.requests} POSTs with {clients} clients ...", file=sys.stderr)
                loads.append(asyncio.run(post_reports(settings, clients, options.requests)))
            memory["after load"] = rss_mb(pids["backend"])
            memory["peak (VmHWM)"] = rss_mb(pids["backend"], "VmHWM")
            others = {name: rss_mb(pid) for name, pid in pids.items() if name != "backend"}

    print("Stack")
    row("start-up (backend, actions, Rasa)", f"{startup:.0f} s")
    print()
    print(f"Filing through Rasa ({len(results)} citizens, sequential, after 1 warm-up)")
    row("warm-up conversation (3 turns)", f"{warm_up['conversation']:.0f} ms")
    if results:
        affirm = [r["affirm"] for r in results]
        stored = [r["stored"] for r in results]
        whole = [r["conversation"] for r in results]
        timing_rows("/affirm call", affirm)
        timing_rows("/affirm until report stored", stored)
        row("/affirm until report stored max", f"{max(stored):.0f} ms")
        timing_rows("conversation (3 turns)", whole)
        row("went to the outbox instead", f"{sum(r['queued'] for r in results)}")
    row("failed conversations", f"{len(failures)}")
    for failure in failures[:3]:
        print(f"    {failure[:150]}")
    print()
    print(f"Backend POST /open311/v2/requests.json (form-encoded, {options.requests} per level)")
    print(f"  {'clients':>8}{'requests/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'errors':>8}")
    for load in loads:
        latencies = load["latencies"] or [float("nan")]
        print(
            f"  {load['clients']:>8}{len(load['latencies']) / load['seconds']:>12.0f}"
            f"{statistics.median(latencies):>10.1f}{percentile(latencies, 0.95):>10.1f}"
            f"{max(latencies):>10.1f}{len(load['errors']):>8}"
        )
    for load in loads:
        for error in sorted(set(load["errors"]))[:3]:
            print(f"    {load['clients']} clients: {error}")
    print()
    print("Memory (VmRSS)")
    for label, value in memory.items():
        row(f"backend {label}", f"{value:.0f} MB")
    for name, value in others.items():
        row(f"{name} server at the end", f"{value:.0f} MB")


if __name__ == "__main__":
    main()
