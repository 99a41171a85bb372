"""A chat with the running assistant in the terminal, through Rasa's REST channel.

Buttons are shown numbered; typing the number presses the button. This is
the conversation a citizen has on Telegram, without Telegram.
"""

import sys
import uuid

import httpx


def show(replies: list) -> list:
    """Print the assistant's replies; return the buttons of the last one."""
    buttons = []
    for reply in replies:
        if reply.get("text"):
            print("\n".join(f"  Stadtbot: {line}" for line in reply["text"].splitlines()))
        buttons = reply.get("buttons") or buttons
    for number, button in enumerate(buttons, 1):
        print(f"    [{number}] {button['title']}")
    return buttons


def lines():
    """What the person types; ends with Ctrl+D (EOF) or at the end of piped input."""
    if not sys.stdin.isatty():
        yield from sys.stdin
        return
    while True:
        try:
            yield input("Sie: ")
        except EOFError:
            print()
            return


def chat(rasa_url: str) -> None:
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Chat mit dem Stadtbot Gera. Beenden mit Strg+D oder 'exit'.")
    buttons: list = []
    for line in lines():
        text = line.strip()
        if text in ("exit", "quit"):
            break
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        if not text:
            continue
        response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
        buttons = show(response.json())


if __name__ == "__main__":
    try:
        chat(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005")
    except (EOFError, KeyboardInterrupt):
        print()
