"""The load harness (bench/load) in-process: emulator, echo bot and citizens in one event loop, a few seconds."""

import asyncio
import json
import time

import httpx

from bench.load import citizens, echo
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
