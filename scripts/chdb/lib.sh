# shellcheck shell=bash
# Shared helpers for the chDB test-server scripts (sourced, not run).
#
# The engine is PyPI's chdb-core (ClickHouse 26.9 as a library) in a virtual environment of
# its own, once per machine:
#   /opt/strata/chdb-26.9.0                                  when /opt/strata is writable
#   ${XDG_DATA_HOME:-$HOME/.local/share}/strata/chdb-26.9.0  otherwise
# (the same choice as scripts/duckdb-prefix.sh), or STRATA_CHDB_PREFIX when set.
#
# Layout of a front folder DIR (start.sh DIR):
#   data/            the chDB session folder (kept across starts)
#   front.log        one line per request (written by front.py)
#   stdout.log       the front's own output (start-up, errors of the engine's binding)
#   front.pid  env   while it runs

CHDB_CORE_VERSION="26.9.0"
if [ -n "${STRATA_CHDB_PREFIX:-}" ]; then
  CHDB_PREFIX="$STRATA_CHDB_PREFIX"
elif mkdir -p /opt/strata 2>/dev/null && [ -w /opt/strata ]; then
  CHDB_PREFIX="/opt/strata/chdb-$CHDB_CORE_VERSION"
else
  CHDB_PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}/strata/chdb-$CHDB_CORE_VERSION"
fi
CHDB_PYTHON="$CHDB_PREFIX/bin/python"
STRATA_CHDB_START_TIMEOUT="${STRATA_CHDB_START_TIMEOUT:-30}"

chdb_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Generic process and port helpers (ch_free_ports, ch_pid_alive, ch_pid_matches,
# ch_close_inherited_fds, ch_resolve_pid) are the ClickHouse scripts' own.
# shellcheck source=../clickhouse/lib.sh
source "$chdb_here/../clickhouse/lib.sh"

chdb_log() { echo "chdb: $*" >&2; }
chdb_die() { chdb_log "ERROR: $*"; exit 1; }

# chdb_ready: the environment is complete (no install under way) and imports chDB at the pinned version.
chdb_ready() {
  [ -x "$CHDB_PYTHON" ] && [ ! -e "$CHDB_PREFIX/.strata-install-in-progress" ] || return 1
  "$CHDB_PYTHON" - "$CHDB_CORE_VERSION" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
from chdb import session  # noqa: F401  (the one module the front uses)
sys.exit(0 if version("chdb-core") == sys.argv[1] else 1)
PY
}

# chdb_abspath DIR: creates DIR, echoes its absolute path. The path goes into DIR/env
# unquoted, so only plain characters are allowed.
chdb_abspath() {
  local p
  if ! mkdir -p "$1" || ! p="$(cd "$1" && pwd -P)"; then chdb_die "cannot create $1"; fi
  [[ "$p" =~ ^[A-Za-z0-9/._+-]+$ ]] || chdb_die "folder path must use only letters, digits and / . _ + - (got: $p)"
  echo "$p"
}

# chdb_http PORT [SQL]: GET /ping, or POSTs SQL; prints the body, fails on anything but 200.
# Through the environment's own Python, so that nothing else (curl) is needed.
chdb_http() {
  "$CHDB_PYTHON" - "$@" <<'PY'
import sys, urllib.request
port = sys.argv[1]
sql = sys.argv[2].encode() if len(sys.argv) > 2 else None
url = f"http://127.0.0.1:{port}/" + ("" if sql is not None else "ping")
try:
    with urllib.request.urlopen(urllib.request.Request(url, data=sql), timeout=5) as r:
        sys.stdout.write(r.read().decode())
except Exception as e:
    sys.stderr.write(f"{e}\n")
    sys.exit(1)
PY
}

# chdb_pids_under DIR: PIDs of fronts started for DIR (found by `--data DIR/data` on their
# command line, which also catches a front whose pid file was lost).
chdb_pids_under() {
  local dir="$1" p
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [ "$p" = "$$" ] && continue
    local args=() i
    mapfile -d '' -t args 2>/dev/null < "/proc/$p/cmdline" || continue
    for ((i = 0; i + 1 < ${#args[@]}; i++)); do
      if [ "${args[i]}" = "--data" ] && [ "${args[i + 1]}" = "$dir/data" ]; then echo "$p"; break; fi
    done
  done
}

chdb_show_logs() {
  local d="$1"
  if [ -s "$d/stdout.log" ]; then
    chdb_log "---- tail of $d/stdout.log ----"
    tail -n 40 "$d/stdout.log" >&2 || true
  fi
  if [ -s "$d/front.log" ]; then
    chdb_log "---- tail of $d/front.log ----"
    tail -n 10 "$d/front.log" >&2 || true
  fi
}
