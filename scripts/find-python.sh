#!/usr/bin/env sh
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs Python < 3.11).
# Looks in this order: $PYTHON, pyenv, python3.10 on PATH, uv, conda.
set -u
is_310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

for candidate in "${PYTHON:-}" \
    "$(pyenv prefix 3.10 2>/dev/null | head -n1)/bin/python" \
    "$(command -v python3.10 2>/dev/null)" \
    "$(uv python find 3.10 2>/dev/null)" \
    "$(conda run -n base which python3.10 2>/dev/null)"; do
  if is_310 "$candidate"; then echo "$candidate"; exit 0; fi
done
cat >&2 <<'MSG'
Python 3.10 was not found (Rasa 3.6 runs on Python 3.8–3.10 only).
Install it, for example:  pyenv install 3.10.13   or   uv python install 3.10
or point to one:          make run PYTHON=/path/to/python3.10
MSG
exit 1
