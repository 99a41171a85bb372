"""`make run`: trains if needed, starts every process, then opens a terminal chat.

Without a terminal (a service manager, CI), it keeps the processes running
until it is stopped.
"""

import signal
import sys
import threading

from scripts import settings as config
from scripts.chat import chat
from scripts.stack import running
from scripts.train import train


def main() -> None:
    settings = config.load()
    model = train()
    print("Starte Backend, Aktionsserver und Rasa (etwa eine Minute) ...", file=sys.stderr)
    with running(settings, model):
        print(f"Bereit: Rasa auf {settings.rasa_url}, Protokolle in {settings.log_dir}", file=sys.stderr)
        if not config.telegram_token():
            print(config.NO_TOKEN_HINT, file=sys.stderr)
        if sys.stdin.isatty():
            chat(settings.rasa_url)
        else:
            stopped = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stopped.set())
            stopped.wait()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
