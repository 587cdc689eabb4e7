#!/usr/bin/env bash
# Starts a ClickHouse 26.9 test server: front.py (a loopback HTTP front that speaks enough of
# ClickHouse's HTTP interface) over a chDB session whose data lives in DIR/data, as a plain
# process on 127.0.0.1, on a free port chosen now.
#
# Usage: scripts/chdb/start.sh DIR
#
# On success prints the connection URL on stdout and writes DIR/env (shell assignments):
#   CLICKHOUSE_URL=clickhouse://default@127.0.0.1:<port>/default
#   CLICKHOUSE_HTTP_URL=http://127.0.0.1:<port>/
#   CLICKHOUSE_HTTP_PORT  CLICKHOUSE_VERSION (the engine's SELECT version(), e.g. 26.9.2.1)
#   CHDB_FRONT_PID  CHDB_DIR
# The only user is `default` with no password (the front's own check: chDB has no users).
# Existing data in DIR/data is kept (delete DIR for a clean server).
# Stop with scripts/chdb/stop.sh DIR. Logs: DIR/stdout.log (the front's output) and
# DIR/front.log (one line per request).
#
# Environment: STRATA_CHDB_START_TIMEOUT (seconds, default 30).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
chdb_ready || chdb_die "chDB is not installed in $CHDB_PREFIX (run scripts/chdb/install.sh)"
DIR="$(chdb_abspath "$1")"

running="$(chdb_pids_under "$DIR" | tr '\n' ' ')"
[ -z "$running" ] || chdb_die "a front started in $DIR is still running (pid $running); run scripts/chdb/stop.sh $DIR first"

t_start=$(date +%s%N)
pid=""
ok=""
cleanup() {
  if [ -z "$ok" ] && [ -n "$pid" ]; then
    chdb_log "start failed; stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$DIR/front.pid"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -f "$DIR/env"
mkdir -p "$DIR/data" 2>/dev/null || chdb_die "cannot create $DIR/data (is it a file?)"

for attempt in 1 2 3; do
  port="$(ch_free_ports 1)"
  [ -n "$port" ] || chdb_die "could not pick a free port (python3 needed)"
  : > "$DIR/stdout.log"
  # Own session, no inherited descriptors: a caller that waits for this script's output (a
  # test process) must not wait for the front as well.
  ( cd "$DIR" && ch_close_inherited_fds && exec setsid "$CHDB_PYTHON" "$here/front.py" --data "$DIR/data" --port "$port" \
      </dev/null >>"$DIR/stdout.log" 2>&1 ) &
  pid=$!
  pid="$(ch_resolve_pid "$pid" "$DIR/data")"
  echo "$pid" > "$DIR/front.pid"

  deadline=$(( $(date +%s%N) / 1000000 + STRATA_CHDB_START_TIMEOUT * 1000 ))
  state=waiting
  while :; do
    if [ "$(chdb_http "$port" 2>/dev/null || true)" = "Ok." ]; then state=ready; break; fi
    if ! ch_pid_alive "$pid"; then
      if grep -qiE 'address already in use|cannot listen' "$DIR/stdout.log" 2>/dev/null; then state=port_taken; else state=died; fi
      break
    fi
    if [ "$(( $(date +%s%N) / 1000000 ))" -ge "$deadline" ]; then state=timeout; break; fi
    sleep 0.1
  done
  [ "$state" = ready ] && break
  if [ "$state" = port_taken ] && [ "$attempt" -lt 3 ]; then
    chdb_log "port $port was taken before the front could bind it; retrying with another"
    pid=""
    continue
  fi
  case "$state" in
    timeout) chdb_log "the front (pid $pid) did not answer GET /ping on http://127.0.0.1:$port/ within ${STRATA_CHDB_START_TIMEOUT}s" ;;
    *) chdb_log "the front exited during start-up" ;;
  esac
  chdb_show_logs "$DIR"
  exit 1
done

version="$(chdb_http "$port" "SELECT version()" 2>&1 | tr -d '\n')" || chdb_die "the front answers /ping but not SELECT version(): $version"
url="clickhouse://default@127.0.0.1:$port/default"
cat > "$DIR/env.tmp" <<EOF
CHDB_DIR=$DIR
CLICKHOUSE_VERSION=$version
CLICKHOUSE_HTTP_PORT=$port
CHDB_FRONT_PID=$pid
CLICKHOUSE_HTTP_URL=http://127.0.0.1:$port/
CLICKHOUSE_URL=$url
EOF
mv -f "$DIR/env.tmp" "$DIR/env"
ok=1
ms=$(( ($(date +%s%N) - t_start) / 1000000 ))
chdb_log "ClickHouse $version (chDB front) ready in ${ms} ms: pid $pid, http $port (env: $DIR/env)"
echo "$url"
