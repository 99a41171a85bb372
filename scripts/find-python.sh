#!/usr/bin/env sh
# Prints the path of the Python interpreter one of the two runtimes needs:
#   scripts/find-python.sh        Python 3.10 for the Rasa side (Rasa 3.6 needs Python < 3.11)
#   scripts/find-python.sh app    Python 3.11 or newer for bot/ and backend/ (they face the internet)
# Looks in this order: $PYTHON (or $APP_PYTHON), pyenv, pythonX.Y on the PATH, python3, uv, conda.
set -u
runtime="${1:-rasa}"
if [ "$runtime" = "app" ]; then
  fits() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; }
  candidates="${APP_PYTHON:-}
$(for v in 3.12 3.11 3.13; do pyenv prefix "$v" 2>/dev/null | head -n1 | sed 's|$|/bin/python|'; done)
$(command -v python3.12 2>/dev/null)
$(command -v python3.11 2>/dev/null)
$(command -v python3.13 2>/dev/null)
$(command -v python3 2>/dev/null)
$(uv python find '>=3.11,<3.14' 2>/dev/null)
$(conda run -n base which python3 2>/dev/null)"
  wanted="Python 3.11, 3.12 or 3.13 (for bot/ and backend/)"
  hint="make run APP_PYTHON=/path/to/python3.12"
  example="pyenv install 3.12   or   uv python install 3.12"
else
  fits() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }
  candidates="${PYTHON:-}
$(pyenv prefix 3.10 2>/dev/null | head -n1 | sed 's|$|/bin/python|')
$(command -v python3.10 2>/dev/null)
$(uv python find 3.10 2>/dev/null)
$(conda run -n base which python3.10 2>/dev/null)"
  wanted="Python 3.10 (Rasa 3.6 runs on Python 3.8–3.10 only)"
  hint="make run PYTHON=/path/to/python3.10"
  example="pyenv install 3.10.13   or   uv python install 3.10"
fi
echo "$candidates" | while IFS= read -r candidate; do
  if fits "$candidate"; then echo "$candidate"; exit 3; fi
done
[ $? -eq 3 ] && exit 0
cat >&2 <<MSG
$wanted was not found.
Install it, for example:  $example
or point to one:          $hint
MSG
exit 1
