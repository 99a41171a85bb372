"""`python -m backend.staff.corrections export [--out PATH]` (`make corrections`): the staff's corrections
as a Rasa NLU file (default `<data dir>/corrections.yml`) for a person to review and merge into nlu/data/.

A module of its own because `backend.staff` imports `teaching` for the web, and `python -m` on a module
its package already imported runs it twice.
"""

import argparse
import sys
from pathlib import Path

from backend import config
from backend.staff import teaching
from backend.storage import Storage


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.staff.corrections",
                                     description="Korrekturen aus der Mitarbeiter-Oberfläche ausgeben.")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="Korrekturen als Rasa-NLU-Datei schreiben")
    export.add_argument("--out", help=f"Zieldatei (Standard: <Datenverzeichnis>/{teaching.DEFAULT_OUT})")
    args = parser.parse_args(argv)

    settings = config.load()
    storage = Storage(settings.db_path)
    rows = teaching.all_corrections(storage)
    out = Path(args.out) if args.out else settings.data_dir / teaching.DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(teaching.export_yaml(rows), encoding="utf-8")
    print(f"{teaching.example_count(rows)} Beispiele nach {out} geschrieben.\n"
          "Bitte jedes Beispiel prüfen und die passenden nach nlu/data/ übernehmen, dann make train.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
