"""`python -m backend.staff.retention`: delete conversation logs older than CONVERSATION_RETENTION_DAYS.

    python -m backend.staff.retention            # the configured number of days (default 90)
    python -m backend.staff.retention --days 30  # once with another limit

Deletes from Rasa's tracker store (TRACKER_STORE_URL) every event stored
before the limit; what staff copied into corrections stays (they are kept
for training, without the chat id). `make run` runs this at start and then
once a day (scripts/run.py); a city running the processes otherwise
schedules it itself (cron, systemd timer).
"""

import argparse
import sys
import time

from backend import config
from backend.staff import settings as staff_settings
from backend.staff.conversations import ConversationStore, delete_older_than
from common.env import ConfigError

SECONDS_PER_DAY = 24 * 3600


def delete_old_conversations(store: ConversationStore, days: int, now: float = None) -> int:
    """Delete events older than `days` days; answers how many were deleted."""
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    return delete_older_than(store, cutoff)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.staff.retention",
                                     description="Alte Gesprächsprotokolle löschen.")
    parser.add_argument("--days", type=int, help="Protokolle löschen, die älter als so viele Tage sind")
    args = parser.parse_args(argv)
    try:
        backend_settings = config.load()
        staff = staff_settings.load(backend_settings.data_dir)
    except ConfigError as error:
        print(f"Einstellung ungültig: {error}", file=sys.stderr)
        return 2
    days = staff.retention_days if args.days is None else args.days
    if days < 1:
        print("--days muss mindestens 1 sein.", file=sys.stderr)
        return 2
    store = ConversationStore(staff.tracker_store_url, backend_settings.data_dir, staff.review_confidence)
    deleted = delete_old_conversations(store, days)
    print(f"{deleted} Einträge aus Gesprächsprotokollen gelöscht, die älter als {days} Tage waren.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
