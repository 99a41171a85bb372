"""`python -m scripts.rasa_server <rasa run arguments>`: `rasa run` with the API token from the environment.

Rasa takes its API token only as the command-line option --auth-token, and a
command line is visible to every user of the machine (`ps`). The launcher
therefore starts Rasa through this module: the token travels in the
environment (RASA_API_TOKEN, readable only by the same user) and is added to
the arguments inside the process, where /proc/<pid>/cmdline never shows it.
"""

import os
import sys


def main() -> None:
    token = os.environ.get("RASA_API_TOKEN", "")
    if not token:
        sys.exit("RASA_API_TOKEN fehlt: ohne Token startet der Rasa-Server seine HTTP-API nicht.")
    # One argument with "=": a token may start with "-", which argparse would take for an option.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main  # late: the check above needs no Rasa import

    rasa_main()


if __name__ == "__main__":
    main()
