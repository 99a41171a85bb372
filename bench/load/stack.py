"""The product's processes for the load harness, started with scripts/stack.py on the Rasa side's Python.

    .venv/bin/python -m bench.load.stack --api-url http://127.0.0.1:PORT --token T [--webhook-secret S] [--scaled]

scripts/stack.py starts Rasa and the action server with its own interpreter
(Python 3.10, .venv) and the adapter and backend with .venv-app's, so the
harness (Python 3.12) runs this launcher as a child: backend, actions, Rasa
and the adapter on free ports with a fresh data directory, the adapter
pointed at the load emulator (TELEGRAM_API_URL), polling or, with
--webhook-secret, in webhook mode. With --scaled it is the scaled
configuration (STADTBOT_SCALED=1: two Rasa and two action server workers, a
private PostgreSQL tracker store and Redis lock store, scripts/services.py).
PostgreSQL commits durably, as a city's would (not the tests' throw-away
cluster with fsync off); its cluster goes with the fresh data directory.

It prints one JSON line once all are ready: the main processes' ids
(PostgreSQL and Redis among them when scaled), the Rasa and backend URLs
and the backend's Open311 API key (the harness counts the filed reports;
the pipe is the harness's alone), then keeps them running until its stdin
closes, then removes the fresh data directory (give --data-dir to keep it
and its logs). It uses the model scripts/train.py would use and never
trains: when that model is missing, the newest model in models/ without a
seed suffix.
"""

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from common.env import Environment, default_tracker_store_url, open311_api_key
from scripts import settings as config
from scripts.stack import free_port, running
from scripts.train import MODELS, model_path


def existing_model() -> Path:
    wanted = model_path()
    if wanted.exists():
        return wanted
    candidates = sorted((p for p in MODELS.glob("stadtbot-*.tar.gz") if "-seed" not in p.name),
                        key=lambda p: p.stat().st_mtime)
    if not candidates:
        raise SystemExit("no trained model in models/: run `make train` once (the load harness never trains)")
    print(f"{wanted.name} is missing; using {candidates[-1].name}", file=sys.stderr)
    return candidates[-1]


def stack_settings(args: argparse.Namespace, data_dir: Path) -> config.Settings:
    bot_url = f"http://127.0.0.1:{free_port()}"
    # Not the developer's .env: a fresh stack; scaled, with private PostgreSQL and Redis (the URLs stay unset).
    base = config.load({"STADTBOT_SCALED": "1" if args.scaled else "0"})
    return replace(
        base, data_dir=data_dir, rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}", backend_url=f"http://127.0.0.1:{free_port()}",
        tracker_store_url=default_tracker_store_url(data_dir), telegram_bot_token=args.token,
        telegram_api_url=args.api_url, telegram_bot_url=bot_url,
        telegram_webhook_url=f"{bot_url}/telegram" if args.webhook_secret else "",
        telegram_webhook_secret=args.webhook_secret)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--webhook-secret", default="")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--scaled", action="store_true", help="STADTBOT_SCALED=1: two workers each, PostgreSQL, Redis")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="stadtbot-load-"))
    model = existing_model()
    try:
        with running(stack_settings(args, data_dir), model) as stack:
            print(json.dumps(started(stack, data_dir, model)), flush=True)
            sys.stdin.read()  # until the harness closes our stdin (or dies)
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)  # a fresh directory per run; its logs go with it
            if args.scaled:
                remove_cluster(data_dir)


def started(stack, data_dir: Path, model: Path) -> dict:
    """What the harness needs: the processes to measure, where Rasa and the backend are, the backend's key."""
    pids = {name: proc.pid for name, proc in stack.processes.items()}
    pids.update({name: service.pid for name, service in stack.services.items()})  # postgres, redis
    settings = stack.settings
    key = open311_api_key(Environment().text("OPEN311_API_KEY"), data_dir)  # as the backend reads it
    return {"pids": pids, "data_dir": str(data_dir), "model": model.name, "rasa_url": settings.rasa_url,
            "backend_url": settings.backend_url, "api_key": key, "rasa_workers": settings.rasa_workers,
            "action_workers": settings.action_workers}


def remove_cluster(data_dir: Path) -> None:
    """The PostgreSQL cluster of this run: in the data dir, or as root in the server user's home."""
    from scripts import services

    shutil.rmtree(services.cluster_dir(data_dir, services.service_user()), ignore_errors=True)


if __name__ == "__main__":
    main()
