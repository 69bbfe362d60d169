#!/usr/bin/env bash
# Prepares this machine for kios's test suite, then runs the command it is given (npm test: the build
# and jest) with what it found in the environment:
#
#   KIOS_TEST_POSTGRES  PostgreSQL for the read-model tests (default postgres://postgres@127.0.0.1:5432/test).
#                       On this machine (localhost, 127.0.0.1, ::1) and installed but down, it is started
#                       (pg_ctlcluster), then awaited with pg_isready.
#   KIOS_TEST_CHROMIUM  The Chromium the browser test drives (playwright-core, no browser download).
#                       When unset: chromium, chromium-browser or google-chrome on PATH, else
#                       /usr/bin/chromium; when none is there, Debian's chromium is installed with
#                       apt-get if this runs as root, and otherwise the script stops saying what to do.
#   promtool            What test/prometheus-rules.spec.ts checks deploy/prometheus with: when it is not on
#                       PATH, Debian's prometheus package (which provides it) is installed with apt-get if
#                       this runs as root, and otherwise the script stops saying what to install.
#
# Usage: test/support/prepare-test-machine.sh [command [args…]]
#        without a command it only prepares, and prints the settings it found.
set -euo pipefail

say() { echo "prepare-test-machine: $*" >&2; }
stop() {
  say "$*"
  exit 1
}

# --- PostgreSQL ------------------------------------------------------------------------------------
export KIOS_TEST_POSTGRES="${KIOS_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"

# host and port of postgres://[user[:password]@]host[:port][/database][?options]
pg_address="${KIOS_TEST_POSTGRES#*://}"
pg_address="${pg_address%%/*}"
pg_address="${pg_address%%\?*}"
pg_address="${pg_address##*@}"
if [[ "$pg_address" == \[*\]* ]]; then # [::1]:5432
  pg_host="${pg_address%%]*}"
  pg_host="${pg_host#[}"
  pg_port="${pg_address##*]}"
  pg_port="${pg_port#:}"
elif [[ "$pg_address" == *:* ]]; then
  pg_host="${pg_address%:*}"
  pg_port="${pg_address##*:}"
else
  pg_host="$pg_address"
  pg_port=""
fi
pg_host="${pg_host:-127.0.0.1}"
pg_port="${pg_port:-5432}"

postgres_answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -h "$pg_host" -p "$pg_port" -q
  else
    (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null
  fi
}

if ! postgres_answers; then
  case "$pg_host" in
    localhost | 127.0.0.1 | ::1) ;;
    *) stop "no PostgreSQL answers at $pg_host:$pg_port (KIOS_TEST_POSTGRES=$KIOS_TEST_POSTGRES): start it, or point KIOS_TEST_POSTGRES at one that runs" ;;
  esac
  versions=()
  if [ -d /etc/postgresql ]; then mapfile -t versions < <(ls /etc/postgresql); fi
  if ! command -v pg_ctlcluster >/dev/null || [ "${#versions[@]}" -eq 0 ]; then
    stop "no PostgreSQL answers at $pg_host:$pg_port and none is installed here: install one (Debian: apt-get install postgresql, with trust auth for local TCP connections and a database named test), or set KIOS_TEST_POSTGRES to a PostgreSQL URL the tests may create schemas and roles in"
  fi
  for version in "${versions[@]}"; do
    [ -d "/etc/postgresql/$version/main" ] || continue
    say "PostgreSQL does not answer at $pg_host:$pg_port: starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      say "pg_ctlcluster could not start $version/main"
  done
  for _ in $(seq 1 30); do
    postgres_answers && break
    sleep 1
  done
  postgres_answers || stop "PostgreSQL still does not answer at $pg_host:$pg_port after 30 s; see its log under /var/log/postgresql"
  say "PostgreSQL started and answers at $pg_host:$pg_port"
fi

# --- Chromium --------------------------------------------------------------------------------------
find_chromium() {
  local candidate
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  if [ -x /usr/bin/chromium ]; then
    echo /usr/bin/chromium
    return 0
  fi
  return 1
}

if [ -n "${KIOS_TEST_CHROMIUM:-}" ]; then
  if ! { [ -f "$KIOS_TEST_CHROMIUM" ] && [ -x "$KIOS_TEST_CHROMIUM" ]; }; then
    stop "KIOS_TEST_CHROMIUM=$KIOS_TEST_CHROMIUM is not an executable file: point it at a Chromium or Chrome binary, or unset it to use chromium from PATH (installed with apt-get when missing and run as root)"
  fi
  chromium_path="$KIOS_TEST_CHROMIUM"
elif chromium_path="$(find_chromium)"; then
  :
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "no Chromium on PATH nor at /usr/bin/chromium: installing Debian's chromium (apt-get)"
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } >&2; then
    stop "apt-get could not install chromium; install it by hand, or set KIOS_TEST_CHROMIUM to a Chromium or Chrome binary"
  fi
  chromium_path="$(find_chromium)" || stop "chromium was installed but is neither on PATH nor at /usr/bin/chromium; set KIOS_TEST_CHROMIUM"
else
  stop "no Chromium found (chromium, chromium-browser or google-chrome on PATH, or /usr/bin/chromium) and this is not root with apt-get to install it: install Debian's chromium (sudo apt-get install chromium) or set KIOS_TEST_CHROMIUM to a Chromium or Chrome binary"
fi
export KIOS_TEST_CHROMIUM="$chromium_path"

# --- promtool --------------------------------------------------------------------------------------
if ! command -v promtool >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "no promtool on PATH: installing Debian's prometheus package, which provides it (apt-get)"
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus; } >&2; then
      stop "apt-get could not install prometheus; install it by hand (it provides promtool)"
    fi
    command -v promtool >/dev/null || stop "prometheus was installed but promtool is not on PATH"
  else
    stop "no promtool on PATH and this is not root with apt-get to install it: install Debian's prometheus package (sudo apt-get install prometheus), which provides promtool"
  fi
fi

if [ "$#" -eq 0 ]; then
  say "ready: KIOS_TEST_POSTGRES=$KIOS_TEST_POSTGRES KIOS_TEST_CHROMIUM=$KIOS_TEST_CHROMIUM promtool=$(command -v promtool)"
  exit 0
fi
exec "$@"
