"""Attack (a): hostile Telegram updates against the running adapter, delivered the way Telegram does.

    .venv/bin/python -m bench.fuzz_telegram [--updates 1000] [--rate 10] [--seed 0] [--strict]

Starts the stack (backend, actions, Rasa) with two adapters: one polling the
Bot API emulator (tests/telegram), one in webhook mode. `hypothesis`
generates updates of every kind with hostile fields: texts that are empty,
4,096+ characters, RTL and zero-width marks, lone surrogates (as JSON
escapes), NUL, emoji sequences; commands with odd arguments; locations out
of range, venues, photos and documents with bogus or hostile files (empty,
broken, a decompression bomb), odd sizes and MIME types; forged callback
data; group, channel and unknown chat types; unknown update kinds and
content; fields of the wrong type. Each update goes to a chat of its own, so
the replies in a chat are the answer to that one update:

- through the emulator's getUpdates queue (POST /sendUpdate) to the polling
  adapter, or
- to the webhook adapter's endpoint with the secret header, where the
  envelope itself may be broken too (not JSON, no or a wrong update_id,
  over 1 MB, a wrong secret): those must be refused with 400/403/413.

Figures: updates sent, adapter processes that died, tracebacks and ERROR
lines in the adapters' logs (all expected 0), and per kind of update how
many were answered or got no reply. A citizen's message in a private chat
must be answered; what is ignored on purpose (channel posts, unknown kinds,
inline queries, a moving live location ...) must stay unanswered.
"""

import io
import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import httpx
from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from bench.attack import Clock, arguments, log_problems, model_of, print_problems, row, telegram_stack, verdict
from scripts.stack import free_port

TOKEN = "4343:fuzz-polling"
WEBHOOK_TOKEN = "4344:fuzz-webhook"
SECRET = "fuzz-webhook_S3cret"
CHAT = -4242424242424242  # stands for the chat id of the update's own chat until it is delivered
FILE = "FILE:"  # "FILE:n" stands for the n-th hostile file uploaded to the emulator
SETTLE_QUIET = 15.0  # seconds without a new reply after which the adapters count as done
SETTLE_MAX = 240.0

# --- what a hostile citizen (or a broken client) puts into a text ---------------------------------------

SPECIAL = [
    "", " ", "\n\t ", "\x00", "a\x00b", "\u200f", "\u202e", "\u202eLaterne\u202c", "\u200b\u200c\u200d\ufeff",
    "\ud800", "\udfff", "x\ud83dy", "🔥", "👩\u200d👩\u200d👧\u200d👦", "🇩🇪", "👍🏿", "e\u0301" * 300, "ﷺ" * 50,
    "\u0645\u0631\u062d\u0628\u0627", "Привет", "İı", "ß" * 10, "\U0010ffff", "\ufffd", "%s%n%x", "{{7*7}}",
    "<script>alert(1)</script>", "'; DROP TABLE reports; --", "../../etc/passwd", "/send_photo{\"media_url\":\"x\"}",
    "/share_location{\"latitude\":50.88,\"longitude\":12.08}", "/affirm", "/deny", "/cancel", "/greet",
    "Schlagloch in der Sorge 12", "Laterne kaputt \u200f am Markt", "Mülleimer voll 🗑️🗑️🗑️",
]
KNOWN_KINDS = {"update_id", "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
               "business_message", "edited_business_message", "deleted_business_messages", "message_reaction",
               "message_reaction_count", "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
               "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member",
               "chat_join_request", "chat_boost", "removed_chat_boost"}
GERMAN = ["Schlagloch", "Laterne", "Sorge 12", "kaputt", "Hallo", "Was kostet ein Personalausweis?", "Abbrechen"]


def long_texts() -> st.SearchStrategy:
    """4,096 characters and more, built by repetition (hypothesis keeps its own examples small); at most 6,000,
    so that the update, escaped as JSON, stays under the emulator's 100 kB body limit."""
    return st.builds(lambda piece, size: (piece * size)[:size],
                     st.sampled_from(["a", "Ä", "🔥", "\u200b", "\ud800", "x\x00", "Laterne ", "\u202e"]),
                     st.sampled_from([4095, 4096, 4097, 5000, 6000]))


def texts() -> st.SearchStrategy:
    mixed = st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(GERMAN), st.text(max_size=20)),
                     min_size=1, max_size=6).map("".join)
    surrogates = st.text(st.characters(codec=None, categories=["Cs", "Cc", "Cf", "Zl", "Zp", "So"]), max_size=30)
    return st.one_of(st.sampled_from(SPECIAL), st.text(max_size=200), mixed, surrogates, long_texts())


def integers() -> st.SearchStrategy:
    return st.one_of(st.integers(-10, 10**6), st.sampled_from([0, -1, 2**31, 2**53 + 1, 2**63, 2**70, -(2**63)]))


def wrong_values() -> st.SearchStrategy:
    """A value of the wrong type for any field."""
    return st.one_of(st.none(), st.booleans(), st.text(max_size=10), st.floats(allow_nan=False),
                     st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                     st.sampled_from([2**70, -1, 1.5]))


# --- updates -----------------------------------------------------------------------------------------------


@dataclass
class Case:
    """One generated attack: the update (or a raw webhook body), how it travels and what it should get."""

    kind: str
    expect: str  # "answer": a citizen's message; "silence": ignored on purpose; "either": no rule, only no crash
    route: str  # "poll" or "webhook"
    update: object = None
    raw_body: Optional[bytes] = None  # webhook only: a body that is not a JSON update at all
    secret: Optional[str] = SECRET
    refused: bool = False  # the webhook must answer 4xx
    repeat: int = 1  # the same update delivered again (Telegram repeats webhook deliveries)


def private_chat() -> st.SearchStrategy:
    return st.fixed_dictionaries({"id": st.just(CHAT), "type": st.just("private")},
                                 optional={"first_name": texts(), "username": st.text(max_size=40)})


def user() -> st.SearchStrategy:
    return st.fixed_dictionaries({"id": st.just(CHAT), "is_bot": st.booleans(), "first_name": texts()},
                                 optional={"language_code": st.sampled_from(["de", "ar", "", "xx-NOPE", "uk"]),
                                           "last_name": texts()})


def file_ref(kind: str) -> st.SearchStrategy:
    file_id = st.one_of(st.sampled_from([f"{FILE}{n}" for n in range(6)]), st.text(max_size=80))
    size = st.one_of(st.none(), st.sampled_from([0, -1, 1, 10**6, 10**7 + 1, 2**31, 2**53, 10**15]))
    base = {"file_id": file_id, "file_unique_id": st.text(min_size=1, max_size=10)}
    extra = {"photo": {"width": integers(), "height": integers()},
             "document": {"file_name": st.one_of(texts(), st.sampled_from(["Foto.jpg", "../../x.png", "a.pdf"])),
                          "mime_type": st.sampled_from(["image/jpeg", "image/png", "image/webp", "application/pdf",
                                                         "", "image/", "image/../../etc", "text/html"])}}
    return st.fixed_dictionaries({**base, **extra.get(kind, {})}, optional={"file_size": size})


def entities() -> st.SearchStrategy:
    entity = st.fixed_dictionaries({"type": st.sampled_from(["bot_command", "url", "bold", "mention", "nonsense"]),
                                    "offset": integers(), "length": integers()})
    return st.lists(entity, max_size=3)


def contents() -> List[tuple]:
    """The contents of a citizen's message, (weight in %, strategy of (label, fields)); together 45 %."""
    location = st.fixed_dictionaries({"latitude": st.floats(-1000, 1000), "longitude": st.floats(-1000, 1000)})
    command = st.tuples(st.sampled_from(["/start", "/hilfe", "/help", "/abbrechen", "/meine_meldungen", "/datenschutz",
                                         "/loeschen", "/cancel", "/xyz", "/start@AnotherBot", "/" + "a" * 70]),
                        texts()).map(lambda parts: f"{parts[0]} {parts[1]}".rstrip())
    return [
        (12, texts().map(lambda text: ("text", {"text": text}))),
        (3, st.tuples(texts(), entities()).map(lambda te: ("text with entities", {"text": te[0], "entities": te[1]}))),
        (6, command.map(lambda text: ("command", {"text": text, "entities": [
            {"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}]}))),
        (4, location.map(lambda point: ("location", {"location": point}))),
        (2, location.map(lambda point: ("venue", {"location": point, "venue": {"location": point, "title": "Markt",
                                                                               "address": "Gera"}}))),
        (5, st.tuples(st.lists(file_ref("photo"), max_size=4), st.one_of(st.none(), texts())).map(
            lambda pc: ("photo", {"photo": pc[0], **({"caption": pc[1]} if pc[1] is not None else {})}))),
        (5, st.tuples(file_ref("document"), st.one_of(st.none(), texts())).map(
            lambda dc: ("document", {"document": dc[0], **({"caption": dc[1]} if dc[1] is not None else {})}))),
        (1, file_ref("voice").map(lambda f: ("voice", {"voice": {**f, "duration": 3}}))),
        (1, file_ref("sticker").map(lambda f: ("sticker", {"sticker": {**f, "type": "regular", "width": 512,
                                                                       "height": 512, "is_animated": False,
                                                                       "is_video": False}}))),
        (1, st.just(("contact", {"contact": {"phone_number": "+49 365 0", "first_name": "Erika"}}))),
        (1, st.just(("dice", {"dice": {"emoji": "🎲", "value": 7}}))),
        (1, texts().map(lambda caption: ("caption without media", {"caption": caption}))),
        (1, st.just(("empty message", {}))),
        (2, st.dictionaries(st.text(min_size=1, max_size=12).map("future_".__add__), st.recursive(
            st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
            max_leaves=6), min_size=1, max_size=2).map(lambda unknown: ("unknown content", unknown))),
    ]


def message(chat: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries({"message_id": st.integers(1, 2**31), "date": st.just(int(time.time())),
                                  "chat": chat}, optional={"from": user()})


def citizen_messages(content: st.SearchStrategy) -> st.SearchStrategy:
    def build(parts):
        base, (label, fields) = parts
        return ("message: " + label, "answer", {"message": {**base, **fields}})

    return st.tuples(message(private_chat()), content).map(build)


def edited_messages() -> st.SearchStrategy:
    def build(parts):
        base, text, live = parts
        edit = {**base, "edit_date": int(time.time())}
        if live:  # a live location moving on is an edit as well, and no news
            return ("edited: live location", "silence", {"edited_message": {
                **edit, "location": {"latitude": 50.88, "longitude": 12.08, "live_period": 900}}})
        return ("edited: text", "answer", {"edited_message": {**edit, "text": text}})

    return st.tuples(message(private_chat()), texts(), st.booleans()).map(build)


def callbacks() -> st.SearchStrategy:
    data = st.one_of(texts(), st.sampled_from(["b:1", "b:fffff", "ort:ja", "ort:nein", "loeschen:nein", "loeschen:ja", "nochmal",
                                               "b:" + "9" * 70, "x" * 65]))

    def build(parts):
        base, sender, data_value, inaccessible = parts
        shown = {**base, "date": 0} if inaccessible else {**base, "text": "Worum geht es?"}
        query = {"id": "4711", "from": sender, "chat_instance": "ci", "message": shown}
        if data_value is not None:
            query["data"] = data_value
        return ("callback: forged data", "answer", {"callback_query": query})

    sender = user()
    return st.tuples(message(private_chat()), sender, st.one_of(st.none(), data), st.booleans()).map(build)


def other_chats() -> st.SearchStrategy:
    def build(parts):
        kind, base, text = parts
        chat = {**base["chat"], "type": kind, "title": "Nachbarn"}
        if kind in ("group", "supergroup"):  # a group hears once that the assistant works in private chats only
            return (f"chat type {kind}", "answer", {"message": {**base, "chat": chat, "text": text}})
        if kind == "channel":
            return ("channel post", "silence", {"channel_post": {**base, "chat": chat, "text": text}})
        return (f"chat type {kind!r}", "silence", {"message": {**base, "chat": chat, "text": text}})

    kinds = st.sampled_from(["group", "supergroup", "channel", "secret", "", "PRIVATE"])
    return st.tuples(kinds, message(private_chat()), texts()).map(build)


def other_kinds() -> st.SearchStrategy:
    """Update kinds the adapter does not serve: each must be ignored without harm."""
    sender = user()
    inline = st.tuples(sender, texts()).map(lambda p: ("inline query", "silence", {"inline_query": {
        "id": "1", "from": p[0], "query": p[1], "offset": ""}}))
    poll_answer = sender.map(lambda u: ("poll answer", "silence", {"poll_answer": {
        "poll_id": "1", "user": u, "option_ids": [0]}}))
    blocked = st.tuples(private_chat(), sender).map(lambda p: ("private my_chat_member (blocked)", "silence", {
        "my_chat_member": {"chat": p[0], "from": p[1], "date": int(time.time()),
                           "old_chat_member": {"status": "member", "user": p[1]},
                           "new_chat_member": {"status": "kicked", "user": p[1], "until_date": 0}}}))
    reaction = st.tuples(private_chat(), sender).map(lambda p: ("message reaction", "silence", {"message_reaction": {
        "chat": p[0], "message_id": 1, "user": p[1], "date": int(time.time()), "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}]}}))
    unknown = st.tuples(st.text(min_size=1, max_size=20).filter(lambda k: k not in KNOWN_KINDS),
                        st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8), max_size=3)).map(
        lambda p: ("unknown update kind", "silence", {p[0]: p[1]}))
    return st.one_of(inline, poll_answer, blocked, reaction, unknown)


def malformed() -> st.SearchStrategy:
    """A citizen's text message with one field of the wrong type (or missing)."""
    fields = st.sampled_from([("chat", "id"), ("chat", "type"), ("chat",), ("message_id",), ("date",), ("text",),
                              ("from",), ("from", "id"), ("entities",), ("message",)])

    def build(parts):
        base, text, path, wrong, drop = parts
        sent = {**base, "text": text, "chat": dict(base["chat"])}
        update = {"message": sent}
        if path == ("message",):
            holder, key = update, "message"
        elif len(path) == 1:
            holder, key = sent, path[0]
        else:
            if not isinstance(sent.get(path[0]), dict):
                sent[path[0]] = {}
            holder, key = sent[path[0]], path[1]
        if drop:
            holder.pop(key, None)
        else:
            holder[key] = wrong
        return ("wrong type: " + ".".join(path) + (" missing" if drop else ""), "either", update)

    return st.tuples(message(private_chat()), texts(), fields, wrong_values(), st.booleans()).map(build)


def routed(updates: st.SearchStrategy) -> st.SearchStrategy:
    """An update that may travel either way (`generate` decides, hypothesis would favour one)."""
    return updates.map(lambda parts: Case(kind=parts[0], expect=parts[1], route="", update=parts[2]))


def envelopes() -> List[tuple]:
    """Webhook deliveries that are no update, or come without the secret: (weight in %, strategy of Case)."""
    return [
        (3, st.binary(max_size=200).map(lambda body: Case("webhook: not JSON", "silence", "webhook", raw_body=body,
                                                          refused=True))),
        (3, st.sampled_from([b"[]", b"null", b"42", b'"update"', b'{"message": {}}', b'{"update_id": "7"}',
                             b'{"update_id": 1.5}', b'{"update_id": null}', b'{"update_id": [1]}']).map(
            lambda body: Case("webhook: no usable update_id", "silence", "webhook", raw_body=body, refused=True))),
        (1, st.just(b'{"update_id": 5, "x": "' + b"a" * (1024 * 1024) + b'"}').map(
            lambda body: Case("webhook: body over 1 MB", "silence", "webhook", raw_body=body, refused=True))),
        (3, st.tuples(citizen_messages(texts().map(lambda text: ("text", {"text": text}))),
                      st.sampled_from([None, "", "guessed", SECRET + "x", SECRET.upper()])).map(
            lambda p: Case("webhook: wrong secret", "silence", "webhook", p[0][2], secret=p[1], refused=True))),
    ]


def categories() -> List[tuple]:
    """Every kind of attack with its share in % (they add up to 100)."""
    return ([(weight, routed(citizen_messages(content))) for weight, content in contents()]
            + [(5, routed(edited_messages())), (10, routed(callbacks())), (7, routed(other_chats())),
               (8, routed(other_kinds())), (15, routed(malformed()))] + envelopes())


def generate(count: int, seed: int) -> List[Case]:
    """`count` cases from hypothesis in the shares of `categories()`, shuffled (generation only: these are
    measurements, there is nothing to shrink)."""
    chosen = random.Random(seed)
    kinds = categories()
    wanted = Counter(chosen.choices(range(len(kinds)), weights=[weight for weight, _ in kinds], k=count))
    found: List[Case] = []
    for index, number in sorted(wanted.items()):
        made: List[Case] = []
        round_ = 0
        while len(made) < number:
            @hypothesis_seed(seed * 1000 + index * 10 + round_)
            @hypothesis_settings(max_examples=number - len(made), database=None, deadline=None,
                                 phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(kinds[index][1])
            def collect(case):
                made.append(case)

            collect()
            round_ += 1
        found.extend(made[:number])
    for case in found:
        if not case.route:  # a third through the webhook; one in twenty delivered twice
            case.route = chosen.choice(["poll", "poll", "webhook"])
            case.repeat = 2 if chosen.random() < 0.05 else 1
    chosen.shuffle(found)
    return found


# --- hostile files the updates may point at ----------------------------------------------------------------


def hostile_files() -> List[tuple]:
    """(bytes, name, mime) for FILE:0 … FILE:5."""
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 megapixels, a few kB as a file
    tiny = io.BytesIO()
    Image.new("RGB", (2, 2), (255, 0, 0)).save(tiny, "JPEG")
    return [(b"", "leer.jpg", "image/jpeg"), (tiny.getvalue()[:40], "kaputt.jpg", "image/jpeg"),
            (bomb.getvalue(), "bombe.png", "image/png"), (b"<html>kein Bild</html>", "bild.jpg", "image/jpeg"),
            (tiny.getvalue(), "winzig.jpg", "image/jpeg"), (b"%PDF-1.4 nix", "a.pdf", "application/pdf")]


def fill(value, chat_id: int, files: List[str]):
    """Put the chat's own id and the uploaded files' ids in place of the placeholders."""
    if isinstance(value, dict):
        return {key: fill(item, chat_id, files) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, chat_id, files) for item in value]
    if value == CHAT and isinstance(value, int) and not isinstance(value, bool):
        return chat_id
    if isinstance(value, str) and value.startswith(FILE) and value[len(FILE):].isdigit():
        return files[int(value[len(FILE):]) % len(files)]
    return value


def body_of(update: dict) -> bytes:
    """JSON with ASCII escapes, so lone surrogates travel as Telegram would write them (\\ud800)."""
    return json.dumps(update, ensure_ascii=True).encode()


# --- the attack --------------------------------------------------------------------------------------------


class Attack:
    """Delivers cases, one chat each, and counts the replies every chat received."""

    def __init__(self, emulator_url: str, webhook_url: str, poll_token: str = TOKEN, webhook_token: str = WEBHOOK_TOKEN,
                 quiet: float = SETTLE_QUIET):
        self.emulator_url, self.webhook_url, self.quiet = emulator_url, webhook_url, quiet
        self.tokens = {"poll": poll_token, "webhook": webhook_token}
        self.http = httpx.Client(timeout=30)
        self.received: Dict[int, int] = {}
        self.sending = 0.0
        self.next_update_id = 10**9
        self.sent: List[dict] = []  # {case, chat_id, token, status}
        self.webhook_status = Counter()

    def upload(self, data: bytes, name: str, mime: str) -> str:
        response = self.http.post(f"{self.emulator_url}/uploadFile", files={"file": (name, data, mime)})
        response.raise_for_status()
        return response.json()["result"]["file_id"]

    def deliver(self, case: Case, chat_id: int, files: List[str]) -> None:
        token = self.tokens[case.route]
        update = fill(case.update, chat_id, files) if case.update is not None else None
        status = None
        for _ in range(case.repeat):
            if case.route == "poll":
                response = self.http.post(f"{self.emulator_url}/sendUpdate", content=body_of(
                    {"botToken": token, "update": update}), headers={"Content-Type": "application/json"})
                status = response.status_code
                if status == 200:  # a repeat carries the same update id, as after a restart
                    update = {"update_id": response.json()["result"]["update_id"], **update}
            else:
                if case.raw_body is not None:
                    body = case.raw_body
                else:
                    self.next_update_id += 1
                    update = {"update_id": update.pop("update_id", self.next_update_id), **update}
                    body = body_of(update)
                headers = {"Content-Type": "application/json"}
                if case.secret is not None:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = case.secret
                status = self.http.post(self.webhook_url, content=body, headers=headers).status_code
                self.webhook_status[status] += 1
        self.sent.append({"case": case, "chat_id": chat_id, "token": token, "status": status})

    def replies(self) -> Dict[int, int]:
        """Wait until the adapters fall quiet; the number of messages each chat received."""
        received: Dict[int, int] = defaultdict(int)
        quiet_since, deadline = time.monotonic(), time.monotonic() + SETTLE_MAX
        while time.monotonic() < deadline:
            new = 0
            for entry in self.sent:
                response = self.http.post(f"{self.emulator_url}/getUpdates", json={
                    "token": entry["token"], "chatId": entry["chat_id"], "timeout": 0})
                count = len(response.json().get("result") or [])
                received[entry["chat_id"]] += count
                new += count
            if new:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= self.quiet:
                break
            time.sleep(1.0)
        return received


def run(attack: Attack, cases: List[Case], rate: float, seed: int) -> Attack:
    """Send the cases at `rate` per second, each to a chat of its own, then wait for the replies."""
    files = [attack.upload(*spec) for spec in hostile_files()]
    chats = random.Random(seed).sample(range(10**8, 10**10), len(cases))
    started = time.monotonic()
    for index, (case, chat_id) in enumerate(zip(cases, chats)):
        attack.deliver(case, chat_id, files)
        pause = started + (index + 1) / rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    attack.sending = time.monotonic() - started
    attack.received = attack.replies()
    attack.files = files
    return attack


def webhook_adapter(settings, token: str = WEBHOOK_TOKEN, name: str = "bot-webhook"):
    """A second adapter in webhook mode (its own token, port and data dir): (context manager, webhook URL)."""
    from tests.telegram_fixtures import start_extra_bot

    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    return start_extra_bot(settings, name, token, {
        "TELEGRAM_BOT_URL": f"http://127.0.0.1:{port}", "TELEGRAM_WEBHOOK_URL": hook,
        "TELEGRAM_WEBHOOK_SECRET": SECRET}), hook


def figures(attack: Attack) -> dict:
    """What came of the attack: counts over all updates and per kind."""
    sent = attack.sent
    delivered = [e for e in sent if not (e["case"].route == "poll" and e["status"] != 200)]
    by_kind: Dict[str, Counter] = defaultdict(Counter)
    answered = unanswered = answered_ignored = 0
    for entry in delivered:
        case, got = entry["case"], attack.received.get(entry["chat_id"], 0)
        by_kind[case.kind]["sent"] += 1
        by_kind[case.kind]["answered" if got else "silent"] += 1
        if case.refused and entry["status"] is not None and 400 <= entry["status"] < 500:
            by_kind[case.kind]["refused 4xx"] += 1
        if case.expect == "answer":
            answered += bool(got)
            unanswered += not got
        elif case.expect == "silence":
            answered_ignored += bool(got)
    return {
        "sent": len(sent),
        "routes": Counter(e["case"].route for e in sent),
        "twice": sum(e["case"].repeat > 1 for e in sent),
        "undelivered": len(sent) - len(delivered),
        "answered": answered,
        "unanswered": unanswered,
        "unanswered examples": [e for e in delivered if e["case"].expect == "answer"
                                and not attack.received.get(e["chat_id"])],
        "answered ignored": answered_ignored,
        "refused wrongly": sum(1 for e in delivered if e["case"].refused and not 400 <= (e["status"] or 0) < 500),
        "accepted wrongly": sum(1 for e in delivered if e["case"].route == "webhook" and not e["case"].refused
                                and e["status"] != 200),
        "by kind": by_kind,
    }


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=1000, help="updates to send (default 1000)")
    parser.add_argument("--rate", type=float, default=10.0, help="updates per second (default 10)")
    options = parser.parse_args()
    clock = Clock()
    model = model_of(options)
    cases = generate(options.updates, options.seed)
    print(f"{len(cases)} updates generated in {clock.seconds():.0f} s; starting the stack ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="stadtbot-fuzz-telegram-") as data_dir, ExitStack() as running:
        stack, emulator = running.enter_context(telegram_stack(Path(data_dir), model, TOKEN))
        settings = stack.settings
        adapter, hook = webhook_adapter(settings)
        webhook_bot = running.enter_context(adapter)
        print(f"stack up after {clock.seconds():.0f} s; sending ...", flush=True)
        attack = run(Attack(emulator.url, hook), cases, options.rate, options.seed)
        processes = {**stack.processes, "bot-webhook": webhook_bot, "emulator": emulator.process}
        died = {name: proc.returncode for name, proc in processes.items() if proc.poll() is not None}
        logs = [settings.log_dir / "bot.log", settings.data_dir / "bot-webhook" / "logs" / "bot-webhook.log"]
        adapter_logs = log_problems(logs)
        others = log_problems([settings.log_dir / f"{name}.log" for name in ("backend", "actions", "rasa")])
    counts = figures(attack)

    print()
    print(f"Attack (a): hostile Telegram updates, seed {options.seed}, {clock.seconds():.0f} s in all "
          f"({attack.sending:.0f} s sending at {options.rate:g}/s)")
    routes = counts["routes"]
    row("updates sent", counts["sent"], f"{routes['poll']} via getUpdates, {routes['webhook']} via the webhook, "
        f"{counts['twice']} of them twice")
    row("not delivered: the emulator refused the update", counts["undelivered"], "left out of the figures below")
    row("processes that died (adapters, Rasa, actions, backend, emulator)", len(died),
        ", ".join(f"{n} (exit {c})" for n, c in died.items()))
    row("tracebacks in the adapters' logs", adapter_logs["tracebacks"])
    row("ERROR lines in the adapters' logs", adapter_logs["errors"])
    row("tracebacks in the logs of Rasa, actions, backend", others["tracebacks"])
    row("citizen messages (private chats) answered", counts["answered"])
    row("citizen messages (private chats) unanswered", counts["unanswered"], "expected 0")
    row("updates ignored on purpose that got an answer", counts["answered ignored"], "expected 0")
    row("broken webhook deliveries not refused with 4xx", counts["refused wrongly"], "expected 0")
    row("sound webhook deliveries not answered 200", counts["accepted wrongly"], "expected 0")
    row("webhook answers", ", ".join(f"{s}: {n}" for s, n in sorted(attack.webhook_status.items())))
    print()
    print(f"  {'kind of update':<44}{'sent':>7}{'answered':>10}{'silent':>8}{'refused':>9}")
    for kind, kind_counts in sorted(counts["by kind"].items(), key=lambda item: -item[1]["sent"]):
        print(f"  {kind[:44]:<44}{kind_counts['sent']:>7}{kind_counts['answered']:>10}{kind_counts['silent']:>8}"
              f"{kind_counts['refused 4xx']:>9}")
    print_problems("the adapters", adapter_logs)
    print_problems("Rasa, actions, backend", others)
    for entry in counts["unanswered examples"][:5]:
        body = body_of(fill(entry["case"].update, entry["chat_id"], attack.files))
        print(f"\nunanswered ({entry['case'].kind}, {entry['case'].route}): {body[:600]!r}")
    verdict({"processes died": len(died), "tracebacks in the adapters' logs": adapter_logs["tracebacks"],
             "ERROR lines in the adapters' logs": adapter_logs["errors"], "citizen messages unanswered": counts["unanswered"],
             "broken webhook deliveries not refused": counts["refused wrongly"]}, options.strict)


if __name__ == "__main__":
    main()
