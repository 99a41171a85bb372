"""Attack (b): the Open311 API (and the other JSON routes of the backend) fuzzed from its own description.

    .venv/bin/python -m bench.fuzz_open311 [--requests 2000] [--seed 0] [--strict]

Starts the backend alone on a free port with a fresh data directory, files a
few sound reports, reads the route list from the backend's /openapi.json
and sends `hypothesis`-generated requests to every route but the staff web:
the documented parameters of each (backend/README.md) with hostile values
(empty, huge, NUL, invalid UTF-8 and lone surrogates percent-encoded,
numbers that are not numbers: "NaN", "1e309", "²", "١٢"; dates at the ends
of the calendar), unknown parameters, wrong methods, unknown paths, `.xml`,
bodies of the wrong content type, broken multipart, JSON where a form is
wanted. Writing routes get the key in the X-Api-Key header (a few get none,
a wrong one, or one in the URL, which must be refused with 400).

schemathesis is not used: the Open311 routes read their forms themselves,
so /openapi.json describes no parameters for them and schemathesis would
only vary the path parameters.

Figures: requests, answers by status, 5xx (expected 0), error answers that
are not the Open311 form `[{"code": <status>, "description": "<German>"}]`
(expected 0), the backend died or logged a traceback (expected 0).
"""

import json
import random
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple
from urllib.parse import quote_from_bytes

import httpx
from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings as hypothesis_settings
from hypothesis import strategies as st

from bench.attack import Clock, arguments, log_problems, print_problems, row, verdict
from bench.report_filing import bench_settings
from scripts.stack import backend

GERA = (50.8806, 12.0833)
GERMAN = re.compile(r"[äöüÄÖÜß„“]|\b(der|die|das|ist|nicht|bitte|eine?[nrs]?|für|oder|und|zu|keine?|mit|von|im|"
                    r"wert|ungültig\w*|fehlt|unbekannt\w*|gibt|diese[rs]?|nur|darf|muss|sein)\b", re.IGNORECASE)
ENGLISH = re.compile(r"Not Found|Method Not Allowed|Internal Server Error|\bfield required|value is not|"
                     r"Input should|Unprocessable|Bad Request|Unauthorized|Forbidden|\b(the|is|must|missing|"
                     r"invalid|error)\b", re.IGNORECASE)
WRITING = {("POST", "/open311/v2/requests.json"), ("POST", "/open311/v2/requests/{service_request_id}/supporters.json"),
           ("POST", "/open311/v2/requests/{service_request_id}/status.json"), ("POST", "/media"),
           ("POST", "/notifications/ack.json"), ("POST", "/accounts/unlink.json"),
           ("POST", "/conversations/events.json"), ("GET", "/notifications.json"), ("GET", "/media/{file_name}"),
           ("GET", "/open311/v2/requests.json")}

# --- hostile values ------------------------------------------------------------------------------------------

NUMBERISH = ["", " ", "0", "-0", "1", "-1", "50.88", "12.08", "NaN", "nan", "inf", "-Infinity", "1e309", "-1e309",
             "1e-400", "0x10", "1_000", "１２", "١٢", "²", "½", "Ⅻ", "𝟙𝟚", "9" * 400, "-" + "9" * 30, "1,5", "50.88.1",
             "200", "201", "100000", "100001", "18446744073709551616", "true"]
DATES = ["", "2026-11-26T09:30:00+01:00", "2026-11-26", "2026-11-26T09:30:00Z", "2026-13-45", "0001-01-01",
         "0001-01-01T00:00:00+14:00", "9999-12-31", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59+00:00",
         "2026-11-26T25:00", "2026-W48-4", "1e10", "heute", "2026-11-26T09:30:00+23:59", "+275760-09-13"]
SPECIAL = ["", " ", "\x00", "a\x00b", "\u202e", "\u200b", "\ud800", "🔥", "<script>alert(1)</script>",
           "'; DROP TABLE requests; --", "../../etc/passwd", "%00", "%", "\r\nX-Injected: 1", "ä" * 4001,
           "x" * 300, "streetlight", "pothole", "open", "closed", "true", "false", "1000", "1001", "-1"]


def values() -> st.SearchStrategy:
    """A query or form value as bytes (invalid UTF-8 and lone surrogates included)."""
    text = st.one_of(st.sampled_from(SPECIAL + NUMBERISH + DATES), st.text(max_size=30),
                     st.builds(lambda piece, size: piece * size, st.sampled_from(["a", "ä", "1", ","]),
                               st.sampled_from([199, 200, 201, 4000, 4001, 20000])))
    return st.one_of(text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=20))


NUMERIC = {"after", "limit", "page", "page_size", "lat", "long", "radius", "ids", "service_request_id"}
DATED = {"start_date", "end_date", "at"}


def value_for(name: str) -> st.SearchStrategy:
    """Mostly hostile values of the parameter's own kind (numbers for numbers, dates for dates), else any."""
    own = NUMBERISH if name in NUMERIC else DATES if name in DATED else None
    if own is None:
        return st.one_of(st.just(GOOD.get(name, b"x")), values())
    return st.one_of(st.sampled_from(own).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.sampled_from(own).map(lambda t: t.encode("utf-8", "surrogatepass")), values())


def encoded(pairs: List[Tuple[str, bytes]], limit: int = 0) -> str:
    """name=value&… percent-encoded from bytes; with `limit`, each value cut to that many bytes (URLs stay short
    enough for httpx and uvicorn, which refuse very long ones before the backend sees them)."""
    return "&".join(f"{quote_from_bytes(name.encode('utf-8', 'surrogatepass'))}="
                    f"{quote_from_bytes(value[:limit] if limit else value)}" for name, value in pairs)


# --- what each route takes (backend/README.md) -----------------------------------------------------------

QUERY = {
    "/open311/v2/requests.json": ["service_request_id", "service_code", "status", "start_date", "end_date", "page",
                                  "page_size", "extensions", "account_id", "device_id", "lat", "long", "radius",
                                  "jurisdiction_id"],
    "/open311/v2/requests/{service_request_id}.json": ["extensions"],
    "/notifications.json": ["after", "limit"],
    "/catalog/services": ["q"],
    "/catalog/offices/{office_id}/open": ["at"],
}
FORM = {
    "/open311/v2/requests.json": ["service_code", "lat", "long", "address_string", "address_id", "description",
                                  "media_url", "attribute[art]", "attribute[ort][]", "email", "device_id",
                                  "account_id", "first_name", "last_name", "phone", "jurisdiction_id",
                                  "idempotency_key", "api_key"],
    "/open311/v2/requests/{service_request_id}/supporters.json": ["account_id", "device_id", "api_key"],
    "/open311/v2/requests/{service_request_id}/status.json": ["state", "note", "api_key"],
    "/notifications/ack.json": ["ids", "api_key"],
    "/accounts/unlink.json": ["account_id", "media", "api_key"],
    "/media": ["api_key"],
}
GOOD = {"service_code": b"streetlight", "lat": str(GERA[0]).encode(), "long": str(GERA[1]).encode(),
        "description": "Laterne aus".encode(), "state": b"in_bearbeitung", "ids": b"1", "account_id": b"fuzz-1",
        "start_date": b"2026-11-01", "extensions": b"true"}
PATH_VALUES = {"service_request_id": ["1000", "1001", "1002", "0", "-1", "99999999999999999999", "1000.json",
                                      "abc", "%00", "%ff", "%ed%a0%80", "..%2f..%2fetc", "1%2C2", " ", "²"],
               "service_code": ["streetlight", "pothole", "STREETLIGHT", "x" * 500, "%ff"],
               "token": ["x", "%00", "0" * 300], "file_name": ["x.jpg", "..%2f..%2fbackend.db", "%ff.jpg", "a" * 300],
               "code": ["personalausweis", "x", "%ed%a0%80"], "office_id": ["buergerbuero", "x", "%ff"]}


@dataclass
class Call:
    method: str
    route: str  # the route as in /openapi.json ("" for an unknown path)
    path: str
    query: str = ""
    headers: dict = field(default_factory=dict)
    body: Optional[bytes] = None
    files: Optional[dict] = None
    form_fields: dict = field(default_factory=dict)
    key_in_url: bool = False


def calls(routes: List[Tuple[str, str]], key: str) -> st.SearchStrategy:
    """Requests to the given (method, route) pairs and to a few that do not exist."""

    @st.composite
    def one(draw) -> Call:
        method, route = draw(st.sampled_from(routes + [("GET", ""), ("DELETE", ""), ("PUT", "")]))
        path = route or draw(st.sampled_from(["/open311/v2/requests.xml", "/open311/v2/services.xml",
                                              "/open311/v2/nichts.json", "/open311/", "/nichts", "/media/",
                                              "/open311/v2/requests/1000/supporters.json"]))
        if route and draw(st.integers(0, 9)) == 0:  # the wrong method on a known path
            method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]))
        for name, choices in PATH_VALUES.items():
            if "{" + name + "}" in path:
                value = draw(st.one_of(st.sampled_from(choices), st.text(
                    st.characters(blacklist_characters="/?#%", codec="utf-8"), min_size=1, max_size=20).map(
                    lambda t: quote_from_bytes(t.encode()))))
                path = path.replace("{" + name + "}", value)
        pairs = []
        for name in QUERY.get(route, []):
            if draw(st.integers(0, 2)) == 0:
                pairs.append((name, draw(value_for(name))))
        if draw(st.integers(0, 4)) == 0:
            pairs.append((draw(st.text(min_size=1, max_size=10)), draw(values())))
        headers = {}
        writing = (method, route) in WRITING
        key_choice = draw(st.sampled_from(["header"] * 8 + ["none", "wrong", "url", "non-ascii"])) if writing else ""
        if key_choice == "header":
            headers["X-Api-Key"] = key
        elif key_choice == "wrong":
            headers["X-Api-Key"] = "falsch"
        elif key_choice == "non-ascii":
            headers["X-Api-Key"] = "schlüssel".encode("utf-8")
        elif key_choice == "url":
            pairs.append(("api_key", draw(st.sampled_from([key.encode(), b"", b"falsch"]))))
        call = Call(method, route, path, encoded(pairs, limit=2000), headers, key_in_url=key_choice == "url")
        if method in ("POST", "PUT", "PATCH"):
            body_kind = draw(st.sampled_from(["form"] * 6 + ["multipart", "json", "none", "garbage"]))
            fields = []
            for name in FORM.get(route, []):
                if name == "api_key" or draw(st.integers(0, 2)) == 0:
                    continue
                fields.append((name, draw(value_for(name))))
            if route == "/open311/v2/requests.json" and draw(st.booleans()):  # mostly sound, one field hostile
                fields = [(name, value) for name, value in GOOD.items() if name in ("service_code", "lat", "long",
                                                                                   "description")] + fields[:1]
            if route == "/conversations/events.json":
                body_kind = draw(st.sampled_from(["json", "json", "form", "garbage"]))
            if body_kind == "form":
                call.body = encoded(fields).encode()
                call.headers["Content-Type"] = "application/x-www-form-urlencoded"
            elif body_kind == "multipart":
                name = draw(st.sampled_from(["file", "media", "x"]))
                content = draw(st.one_of(st.binary(max_size=64), st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)))
                call.files = {name: (draw(st.text(max_size=20)) or "f", content,
                                     draw(st.sampled_from(["image/jpeg", "image/png", "text/plain", ""])))}
                call.body = None
                call.headers.pop("Content-Type", None)
                call.form_fields = {n: v.decode("utf-8", "replace") for n, v in fields}
            elif body_kind == "json":
                call.body = json.dumps(draw(st.recursive(
                    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["events", "sender_id", "event", "timestamp", "text", "x"]), inner,
                        max_size=4), max_leaves=12))).encode()
                call.headers["Content-Type"] = "application/json"
            elif body_kind == "garbage":
                call.body = draw(st.binary(max_size=300))
                call.headers["Content-Type"] = draw(st.sampled_from([
                    "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
                    "text/plain", "application/json", "application/xml"]))
        return call

    return one()


def generate(routes: List[Tuple[str, str]], key: str, count: int, seed: int) -> List[Call]:
    found: List[Call] = []
    round_ = 0
    while len(found) < count:
        @hypothesis_seed(seed * 1000 + round_)
        @hypothesis_settings(max_examples=count - len(found), database=None, deadline=None, phases=[Phase.generate],
                             suppress_health_check=list(HealthCheck))
        @given(calls(routes, key))
        def collect(call):
            found.append(call)

        collect()
        round_ += 1
    random.Random(seed).shuffle(found)
    return found[:count]


# --- judging the answers -------------------------------------------------------------------------------------


def open311_error_problem(response: httpx.Response) -> Optional[str]:
    """None when an error answer has the Open311 form with a German description; else what is wrong."""
    try:
        body = response.json()
    except ValueError:
        return f"not JSON ({response.headers.get('content-type')})"
    if not (isinstance(body, list) and len(body) == 1 and isinstance(body[0], dict)):
        return "not a list of one object"
    error = body[0]
    if set(error) != {"code", "description"}:
        return f"keys {sorted(error)}"
    if error["code"] != response.status_code:
        return f"code {error['code']!r} but status {response.status_code}"
    description = error["description"]
    if not isinstance(description, str) or not description.strip():
        return "no description"
    if ENGLISH.search(description) or not GERMAN.search(description):
        return f"not German: {description[:80]!r}"
    return None


def send(http: httpx.Client, base: str, call: Call) -> httpx.Response:
    url = f"{base}{call.path}" + (f"?{call.query}" if call.query else "")
    if call.files is not None:
        return http.request(call.method, url, headers=call.headers, files=call.files,
                            data=call.form_fields)
    return http.request(call.method, url, headers=call.headers, content=call.body)


def sound_reports(http: httpx.Client, base: str, key: str) -> List[str]:
    """A few reports to find (ids 1000 …), so routes with an id get past the 404."""
    ids = []
    for number in range(3):
        response = http.post(f"{base}/open311/v2/requests.json", headers={"X-Api-Key": key}, data={
            "service_code": "streetlight", "lat": GERA[0] + number / 1000, "long": GERA[1],
            "description": f"Laterne {number} aus", "account_id": "fuzz-1"})
        response.raise_for_status()
        ids.append(str(response.json()[0]["service_request_id"]))
    return ids


def fuzz(base: str, key: str, count: int, seed: int) -> dict:
    """Send `count` generated requests to the backend at `base`; what came back."""
    result = {"statuses": Counter(), "5xx": [], "wrong form": [], "failures": [], "key taken": [], "resets": 0}
    with httpx.Client(timeout=30) as http:
        sound_reports(http, base, key)
        spec = http.get(f"{base}/openapi.json").json()
        routes = sorted((method.upper(), path) for path, operations in spec["paths"].items()
                        for method in operations if not path.startswith("/staff"))
        result["routes"], result["planned"] = routes, generate(routes, key, count, seed)
        sending = Clock()
        for call in result["planned"]:
            try:
                response = send(http, base, call)
            except (httpx.ReadError, httpx.RemoteProtocolError):
                # uvicorn closes a connection whose request body it did not read (an early 403), without
                # saying so; the client's next request on it fails. Again on a fresh connection:
                result["resets"] += 1
                try:
                    with httpx.Client(timeout=30) as fresh:
                        response = send(fresh, base, call)
                except httpx.HTTPError as error:
                    result["failures"].append(f"{call.method} {call.path}: {type(error).__name__}: {error}")
                    continue
            except httpx.HTTPError as error:
                result["failures"].append(f"{call.method} {call.path}: {type(error).__name__}: {error}")
                continue
            result["statuses"][response.status_code] += 1
            if response.status_code >= 500:
                result["5xx"].append((call, response))
            if call.key_in_url and response.status_code < 400:
                result["key taken"].append((call, response))
            if response.status_code >= 400:
                problem = open311_error_problem(response)
                if problem:
                    result["wrong form"].append((call, response, problem))
        result["seconds"] = sending.seconds()
    return result


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests to send (default 2000)")
    options = parser.parse_args()
    clock = Clock()
    with tempfile.TemporaryDirectory(prefix="stadtbot-fuzz-open311-") as data_dir:
        settings = bench_settings(Path(data_dir))
        with backend(settings) as process:
            key = (settings.data_dir / "open311-api-key").read_text().strip()
            result = fuzz(settings.backend_url, key, options.requests, options.seed)
            alive = process.poll() is None
        problems = log_problems([settings.log_dir / "backend.log"])
    statuses, five_hundreds, wrong_form = result["statuses"], result["5xx"], result["wrong form"]
    failures, key_taken, planned, routes = result["failures"], result["key taken"], result["planned"], result["routes"]
    sending_seconds = result["seconds"]
    print()
    print(f"Attack (b): the Open311 API fuzzed, seed {options.seed}, {clock.seconds():.0f} s in all "
          f"({sending_seconds:.0f} s sending)")
    row("requests", sum(statuses.values()) + len(failures), f"to {len(routes)} routes of /openapi.json "
        "(staff web left out) and unknown paths")
    row("answers by status", ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items())))
    row("5xx answers", len(five_hundreds), "expected 0")
    row("error answers not in the Open311 form (German)", len(wrong_form), "expected 0")
    row("connections reset by the server, answered on a fresh one", result["resets"])
    row("api_key in the URL of a keyed route taken (2xx/3xx)", len(key_taken),
        f"of {sum(1 for call in planned if call.key_in_url)}; expected 0")
    row("requests without an answer (connection failed)", len(failures), "expected 0")
    row("backend died", 0 if alive else 1, "expected 0")
    row("tracebacks in the backend's log", problems["tracebacks"])
    by_route = Counter(f"{call.method} {call.route or call.path}" for call, _ in five_hundreds)
    if by_route:
        print("\n5xx by route:")
        for name, count in by_route.most_common():
            print(f"  {count:>5}  {name}")
        for call, response in five_hundreds[:5]:
            print(f"  e.g. {call.method} {call.path}?{call.query[:200]} body={call.body[:200] if call.body else None!r}"
                  f" -> {response.status_code} {response.text[:120]}")
    kinds = Counter(f"{call.method} {call.route or call.path}: {problem.split(':')[0]}" for call, _, problem in wrong_form)
    if kinds:
        print("\nError answers not in the Open311 form:")
        for name, count in kinds.most_common(10):
            print(f"  {count:>5}  {name}")
        for call, response, problem in wrong_form[:5]:
            print(f"  e.g. {call.method} {call.path}?{call.query[:120]} -> {response.status_code} {problem}: "
                  f"{response.text[:120]!r}")
    taken = Counter(f"{call.method} {call.route} -> {response.status_code}" for call, response in key_taken)
    if taken:
        print("\nThe key in the URL was taken:")
        for name, count in taken.most_common(10):
            print(f"  {count:>5}  {name}")
    for failure in failures[:5]:
        print(f"  no answer: {failure[:200]}")
    print_problems("the backend", problems)
    verdict({"5xx answers": len(five_hundreds), "error answers not in the Open311 form": len(wrong_form),
             "requests without an answer": len(failures), "keys in the URL not refused": len(key_taken), "backend died": 0 if alive else 1,
             "tracebacks in the backend's log": problems["tracebacks"]}, options.strict)


if __name__ == "__main__":
    main()
