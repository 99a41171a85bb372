"""A trivial echo bot on raw httpx long polling: the load harness's ceiling without any product in it.

    .venv-app/bin/python -m bench.load.echo --api http://127.0.0.1:PORT --token 4242:x

Answers every text at once with the same text and every button press with
answerCallbackQuery plus "gedrückt: <data>"; both answers carry the two
buttons of the load round ("Weiß ich nicht genau", "Ohne Foto", "Absenden"). One getUpdates at a
time (timeout 30 s, up to 100 updates); each answer is a task of its own, so
the next getUpdates goes out at once, and all share one keep-alive pool.
"""

import argparse
import asyncio

import httpx

KEYBOARD = {"inline_keyboard": [[{"text": "Weiß ich nicht genau", "callback_data": "ort"},
                                 {"text": "Ohne Foto", "callback_data": "ohne"},
                                 {"text": "Absenden", "callback_data": "absenden"}]]}
POLL_SECONDS = 30


async def call(http: httpx.AsyncClient, base: str, method: str, **parameters) -> object:
    response = await http.post(f"{base}/{method}", json=parameters)
    response.raise_for_status()
    return response.json()["result"]


async def answer(http: httpx.AsyncClient, base: str, update: dict) -> None:
    if "message" in update and "text" in update["message"]:
        await call(http, base, "sendMessage", chat_id=update["message"]["chat"]["id"],
                   text=update["message"]["text"], reply_markup=KEYBOARD)
    elif "callback_query" in update:
        query = update["callback_query"]
        await asyncio.gather(
            call(http, base, "answerCallbackQuery", callback_query_id=query["id"]),
            call(http, base, "sendMessage", chat_id=query["message"]["chat"]["id"],
                 text=f"gedrückt: {query.get('data')}", reply_markup=KEYBOARD))


async def serve(api: str, token: str, stop: asyncio.Event) -> None:
    """Poll and answer until `stop` is set."""
    base = f"{api}/bot{token}"
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    async with httpx.AsyncClient(timeout=POLL_SECONDS + 10, limits=limits) as http:
        await call(http, base, "getMe")
        offset, answering = 0, set()
        while not stop.is_set():
            polling = asyncio.ensure_future(call(http, base, "getUpdates", offset=offset, timeout=POLL_SECONDS))
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait([polling, stopping], return_when=asyncio.FIRST_COMPLETED)
            if not polling.done():
                polling.cancel()
                break
            stopping.cancel()
            updates = polling.result()
            if updates:
                offset = updates[-1]["update_id"] + 1
                for update in updates:
                    task = asyncio.create_task(answer(http, base, update))
                    answering.add(task)
                    task.add_done_callback(answering.discard)
        await asyncio.gather(*answering, return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.api, args.token, asyncio.Event()))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
