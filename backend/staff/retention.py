"""`python -m backend.staff.retention`: delete conversation logs older than CONVERSATION_RETENTION_DAYS.

    python -m backend.staff.retention            # the configured number of days (default 90)
    python -m backend.staff.retention --days 30  # once with another limit

Asks the Rasa server, which owns the conversations, to delete every event
stored before the limit (channels/privacy.py); Rasa's conversation feed then
deletes them from the staff web's copy too. What staff copied into
corrections stays (they are kept for training, without the chat id). `make run` runs this at start and then
once a day (scripts/run.py); a city running the processes otherwise
schedules it itself (cron, systemd timer). It writes no store itself: photos
no report used are deleted by the backend (backend.media).
"""

import argparse
import sys
import time

import httpx

from backend import config
from backend.staff import settings as staff_settings
from common.env import ConfigError

SECONDS_PER_DAY = 24 * 3600


def delete_old_conversations(staff: staff_settings.StaffSettings, days: int, now: float = None) -> dict:
    """Rasa deletes the events older than `days` days: {"deleted": n, "copy_deleted": bool}."""
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    response = httpx.post(f"{staff.rasa_url}/webhooks/privacy/delete_older_than", json={"before": cutoff},
                          headers={"Authorization": f"Bearer {staff.rasa_token}"}, timeout=120)
    response.raise_for_status()
    return response.json()


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
    try:
        result = delete_old_conversations(staff, days)
    except httpx.HTTPError as error:
        print(f"Der Rasa-Server hat nicht gelöscht ({staff.rasa_url}): {error}", file=sys.stderr)
        return 1
    print(f"{result['deleted']} Einträge aus Gesprächsprotokollen gelöscht, die älter als {days} Tage waren.")
    if not result.get("copy_deleted", True):
        print("Die Kopie im Mitarbeiterbereich wird gelöscht, sobald das Backend wieder erreichbar ist.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
