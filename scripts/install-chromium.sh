#!/usr/bin/env sh
# Installs Debian's Chromium for the staff web's browser tests, unless present.
# Playwright drives this browser; it never downloads its own.
set -eu
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq chromium
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo apt-get install -y -qq chromium
else
  echo "Chromium is missing for the browser tests: install Debian's package 'chromium' (apt-get install chromium)." >&2
  exit 1
fi
