"""`python -m backend.staff.users create <name>`: create a staff account (there is no default password).

    python -m backend.staff.users create anna          # asks for the password twice
    echo "$PASSWORD" | python -m backend.staff.users create anna   # first line of stdin
    python -m backend.staff.users password anna        # new password; ends the user's sessions
    python -m backend.staff.users deactivate anna      # no more logins; ends the user's sessions
    python -m backend.staff.users list                 # the accounts and whether they are active

The account lives in the backend's database (`STADTBOT_DATA_DIR/backend.db`).
"""

import argparse
import getpass
import sys

from backend import config
from backend.staff import store
from backend.staff.templating import berlin
from backend.storage import Storage


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        raise store.StaffError("Die beiden Passwörter stimmen nicht überein.")
    return first


def _list(storage: Storage) -> int:
    users = store.list_users(storage)
    for user in users:
        state = "aktiv" if user["active"] else "gesperrt"
        print(f"{user['name']:<32} {state:<9} angelegt {berlin(user['created_datetime'])}")
    if not users:
        print("Noch keine Zugänge. Anlegen mit: python -m backend.staff.users create <name>")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.staff.users",
                                     description="Zugänge für die Mitarbeiter-Oberfläche verwalten.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("create", help="neuen Zugang anlegen").add_argument("name")
    commands.add_parser("password", help="neues Passwort setzen").add_argument("name")
    commands.add_parser("deactivate", help="Zugang sperren (z. B. beim Ausscheiden)").add_argument("name")
    commands.add_parser("list", help="alle Zugänge anzeigen")
    args = parser.parse_args(argv)

    storage = Storage(config.load().db_path)
    try:
        if args.command == "list":
            return _list(storage)
        if args.command == "deactivate":
            store.deactivate_user(storage, args.name)
            print(f"Zugang „{args.name}“ gesperrt; bestehende Anmeldungen sind beendet.")
            return 0
        password = _read_password()
        if args.command == "create":
            store.create_user(storage, args.name, password)
            print(f"Zugang „{args.name}“ angelegt.")
        else:
            store.set_password(storage, args.name, password)
            print(f"Neues Passwort für „{args.name}“ gesetzt; bestehende Anmeldungen sind beendet.")
    except store.StaffError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
