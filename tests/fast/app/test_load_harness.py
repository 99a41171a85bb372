"""The load harness (bench/load) in-process: emulator, echo bot and citizens in one event loop, a few seconds;
the counting of a fault run (messages by outcome, reports lost or filed twice) and of a server's workers' CPU."""

import asyncio
import json
import os
import subprocess
import sys
import time

import httpx

from bench.load import citizens, echo, procs, reports
from bench.load.emulator import SECRET_HEADER, Emulator, start_server, stop_server

TOKEN = "4242:load-smoke"


async def echo_run(count: int, seconds: float) -> citizens.Tally:
    emulator = await Emulator().start()
    stop = asyncio.Event()
    bot = asyncio.create_task(echo.serve(emulator.url, TOKEN, stop))
    try:
        await asyncio.wait_for(emulator.bot(TOKEN).polled.wait(), 10)
        tally, _, _ = await citizens.run_phase(emulator, TOKEN, citizens.echo_round, count, think=0.05,
                                               duration=seconds, timeout=5)
        return tally
    finally:
        stop.set()
        await bot
        await emulator.stop()


def test_five_citizens_get_every_message_answered_by_the_echo_bot():
    tally = asyncio.run(echo_run(count=5, seconds=3))
    answered = sum(len(values) for values in tally.latencies.values())
    assert tally.unanswered == {kind: 0 for kind in citizens.STEPS}
    assert answered == tally.sent
    assert tally.rounds >= 5  # every citizen got through at least one full round
    assert all(tally.latencies[kind] for kind in citizens.STEPS)


async def idle_poll(timeout: float) -> tuple:
    emulator = await Emulator().start()
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            started = time.monotonic()
            response = await http.post(f"{emulator.url}/bot{TOKEN}/getUpdates", data={"timeout": str(timeout)})
            return response.json(), time.monotonic() - started
    finally:
        await emulator.stop()


def test_an_idle_get_updates_waits_for_its_timeout_and_answers_empty():
    body, waited = asyncio.run(idle_poll(1.0))
    assert body == {"ok": True, "result": []}
    assert 0.9 <= waited < 3.0


async def webhook_delivery() -> list:
    """setWebhook to a tiny receiver that records the secret header and the body of what it gets."""
    received = []

    async def hook(scope, receive, send):
        body = (await receive()).get("body", b"")
        received.append((dict(scope["headers"]).get(SECRET_HEADER.lower().encode()), body))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    server, serving, url = await start_server(hook)
    emulator = await Emulator().start()
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            answer = await http.post(f"{emulator.url}/bot{TOKEN}/setWebhook",
                                     json={"url": f"{url}/hook", "secret_token": "s3cret"})
            assert answer.json()["result"] is True
            emulator.says(TOKEN, emulator.new_chat(123), "Hallo")
            deadline = time.monotonic() + 5
            while not received and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            conflict = await http.post(f"{emulator.url}/bot{TOKEN}/getUpdates", json={})
            assert conflict.status_code == 409  # as Telegram: no polling while a webhook is set
        return received
    finally:
        await emulator.stop()
        await stop_server(server, serving)


def test_a_webhook_gets_the_update_with_the_secret_header():
    received = asyncio.run(webhook_delivery())
    assert len(received) == 1
    secret, body = received[0]
    assert secret == b"s3cret"
    assert json.loads(body)["message"]["text"] == "Hallo"


# --- faults under load: what citizens do with "Nochmal senden", and how a run's outcome is counted ---------------


async def retry_offered_once(pause: float) -> citizens.Tally:
    """A bot that answers a chat's first message with "Nochmal senden" and everything after as expected."""
    emulator = await Emulator().start()
    bot, offered, stop = emulator.bot(TOKEN), set(), asyncio.Event()

    async def flaky_bot():
        while not stop.is_set():
            while bot.pending:
                update = bot.pending.popleft()
                chat_id = (update.get("message") or update["callback_query"]["message"])["chat"]["id"]
                if chat_id in offered:
                    await emulator.send_message(bot, {"chat_id": chat_id, "text": "Wobei kann ich helfen?"})
                else:
                    offered.add(chat_id)
                    retry = {"inline_keyboard": [[{"text": citizens.RETRY, "callback_data": "retry"}]]}
                    await emulator.send_message(bot, {"chat_id": chat_id, "text": "Gestört.", "reply_markup": retry})
            await asyncio.sleep(0.01)

    serving = asyncio.create_task(flaky_bot())
    try:
        crowd = citizens.Crowd(emulator, TOKEN, citizens.product_round, think=0, timeout=5,
                               stop_at=time.monotonic() + 60, retry_pause=pause)
        step = citizens.product_round(0, 0)[0]
        assert await citizens.take(crowd, crowd.new_chat(), step)
        return crowd.tally
    finally:
        stop.set()
        await serving
        await emulator.stop()


def test_a_citizen_offered_nochmal_senden_presses_it_and_gets_the_answer():
    tally = asyncio.run(retry_offered_once(pause=0.01))
    assert [(m.outcome, m.retry) for m in tally.messages] == [("retry", False), ("answered", True)]
    counted = citizens.outcomes(tally.messages)
    assert (counted["sent"], counted["answered"], counted["retry"], counted["unanswered"]) == (2, 1, 1, 0)
    assert tally.retries["greeting"] == 1 and tally.unanswered["greeting"] == 0


def test_messages_are_counted_by_outcome_from_a_moment_on():
    messages = [citizens.Message("report", 1.0, "answered"), citizens.Message("filing", 2.0, "retry"),
                citizens.Message("filing", 3.0, "answered", retry=True), citizens.Message("report", 4.0, "unanswered")]
    after = citizens.outcomes(messages, since=2.5)
    assert (after["sent"], after["answered"], after["unanswered"], after["retry"]) == (2, 1, 1, 0)
    assert citizens.outcomes(messages)["sent"] == 4


def test_a_filing_answer_confirms_a_number_or_the_outbox_promise_but_not_a_support():
    filed = citizens.confirmation(7, 12, "Danke! Ihre Meldung ist eingegangen: Nr. 417.\nDie Stadt prüft sie.")
    promised = citizens.confirmation(7, 13, "Ihre Meldung ist gespeichert und wird automatisch übermittelt.")
    assert filed == citizens.Confirmation(7, 12, "417")
    assert promised == citizens.Confirmation(7, 13, None)
    assert citizens.confirmation(7, 14, "Danke! Sie unterstützen jetzt Meldung Nr. 5.") is None


def test_reports_lost_filed_twice_and_filed_unheard_are_counted_against_the_backend():
    told = [citizens.Confirmation(1, 10, "100"),  # in the backend
            citizens.Confirmation(1, 11, "101"),  # the backend has no 101: lost
            citizens.Confirmation(2, 10, None),  # promised, delivered
            citizens.Confirmation(2, 11, None)]  # promised, never delivered: lost
    backend = {(1, 10): ["100"], (2, 10): ["102", "103"],  # the promised round filed twice
               (3, 20): ["104"]}  # filed, but its citizen never heard the number
    counted = reports.count(told, backend)
    assert (counted.confirmed, counted.promised, counted.in_backend) == (2, 2, 4)
    assert counted.lost == [told[1], told[3]]
    assert counted.filed_twice == 1 and list(counted.twice) == [(2, 10)]
    assert counted.unheard == [(3, 20)]


def test_a_backend_report_is_found_by_its_chat_and_house():
    found = reports.rounds_of(5, [{"service_request_id": 9, "address": "Sorge 12, Gera", "description": "tief"},
                                  {"service_request_id": 10, "description": "Schlagloch in der Sorge 12"},
                                  {"service_request_id": 11, "description": "irgendwo"}])
    assert found == {(5, 12): ["9", "10"], (5, -1): ["11"]}


def test_a_worker_that_dies_during_the_phase_keeps_its_cpu_in_its_server_sum():
    burner = subprocess.Popen([sys.executable, "-c", "import time\nt = time.process_time()\n"
                               "while time.process_time() - t < 0.3: pass\ntime.sleep(60)"])
    try:
        group = procs.Group(os.getpid(), tree=True)
        group.start()
        deadline = time.monotonic() + 20
        while (procs.process_cpu(burner.pid) or 0) < 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        group.sample()
    finally:
        burner.kill()
        burner.wait()
    group.sample()  # the worker is gone now
    assert not procs.alive(burner.pid)
    assert group.cpu()[burner.pid] >= 0.2
