#!/usr/bin/env sh
# Installs Debian's PostgreSQL and Redis for the scaled configuration (make run-scaled, make test-scaled), unless present.
# scripts/services.py starts private instances of both (own directory, loopback, a free port); the packages' own
# system services are not needed and not touched.
set -eu

have_postgres() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
  done
  return 1
}

have_redis() {
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]
}

missing=""
have_postgres || missing="$missing postgresql"
have_redis || missing="$missing redis-server"
[ -z "$missing" ] && exit 0

# The packages may start their own system services (port 5432, 6379) where an init system runs; the
# private instances never use those ports, so both can run side by side.
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends $missing
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing for the scaled configuration:$missing (not a Debian system: install PostgreSQL and Redis yourself)." >&2
  exit 1
elif [ "$(id -u)" = 0 ]; then
  install_packages
elif command -v sudo >/dev/null 2>&1; then
  sudo sh -c "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends $missing"
else
  echo "Missing for the scaled configuration:$missing (install Debian's packages: apt-get install$missing)." >&2
  exit 1
fi
