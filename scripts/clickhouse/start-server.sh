#!/usr/bin/env bash
# Starts one ClickHouse server for tests as a plain process (not a service), with all of
# its config, data, tmp, user_files, format_schemas and logs inside DIR, listening on
# 127.0.0.1 only, on free ports chosen now.
#
# Usage: scripts/clickhouse/start-server.sh DIR
#
# On success prints the connection URL on stdout and writes DIR/env (shell assignments):
#   CLICKHOUSE_URL=clickhouse://default@127.0.0.1:<http port>/default   (HTTP interface)
#   CLICKHOUSE_STRATA_URL / CLICKHOUSE_READER_URL   the same for users strata / reader
#   CLICKHOUSE_HTTP_URL=http://127.0.0.1:<http port>/
#   CLICKHOUSE_HTTP_PORT CLICKHOUSE_TCP_PORT CLICKHOUSE_INTERSERVER_PORT CLICKHOUSE_PID
#   CLICKHOUSE_VERSION CLICKHOUSE_DIR
#   CLICKHOUSE_STRATA_PASSWORD CLICKHOUSE_READER_PASSWORD
# Users: default (no password), strata (password strata-secret), reader (password
# reader-secret, readonly=2: no writes/DDL, settings allowed); all from 127.0.0.1/::1 only.
# Existing data in DIR/data is kept (delete DIR for a clean server).
# Stop with scripts/clickhouse/stop.sh DIR.
#
# Environment: STRATA_CH_START_TIMEOUT (seconds, default 30),
#              STRATA_CH_STRATA_PASSWORD, STRATA_CH_READER_PASSWORD.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
command -v curl >/dev/null 2>&1 || ch_die "curl is required (scripts/clickhouse/install.sh installs it)"
ch_server_cmd >/dev/null || ch_die "clickhouse-server is not installed (run scripts/clickhouse/install.sh)"
DIR="$(ch_abspath "$1")"

running="$(ch_pids_under "$DIR" | tr '\n' ' ')"
[ -z "$running" ] || ch_die "a server started in $DIR is still running (pid $running); run scripts/clickhouse/stop.sh $DIR first"

t_start=$(date +%s%N)
pid=""
ok=""
cleanup() {
  if [ -z "$ok" ] && [ -n "$pid" ]; then
    ch_log "start failed; stopping pid $pid"
    ch_stop_pid "$pid" "--config-file=$DIR/config.xml" 10 || true
    rm -f "$DIR/clickhouse.pid"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -f "$DIR/env"

for attempt in 1 2 3; do
  mapfile -t ports < <(ch_free_ports 3)
  [ "${#ports[@]}" -eq 3 ] || ch_die "could not pick free ports (python3 needed)"
  http=${ports[0]} tcp=${ports[1]} inter=${ports[2]}
  ch_write_config "$DIR" "$http" "$tcp" "$inter"
  pid="$(ch_launch "$DIR")"
  rc=0
  ch_wait_ready "$DIR" "$pid" "$http" "$STRATA_CH_START_TIMEOUT" || rc=$?
  [ "$rc" -eq 0 ] && break
  if [ "$rc" -eq 2 ] && [ "$attempt" -lt 3 ]; then
    ch_log "a port was taken before the server could bind it; retrying with new ports"
    ch_stop_pid "$pid" "--config-file=$DIR/config.xml" 10 || true
    pid=""
    continue
  fi
  if ch_pid_alive "$pid"; then
    ch_log "server (pid $pid) did not answer SELECT 1 on http://127.0.0.1:$http/ within ${STRATA_CH_START_TIMEOUT}s"
  else
    ch_log "server exited during start-up"
  fi
  ch_show_logs "$DIR"
  exit 1
done

version="$(ch_query "$http" "SELECT version()" 2>/dev/null || ch_server_version)"
url="clickhouse://default@127.0.0.1:$http/default"
cat > "$DIR/env.tmp" <<EOF
CLICKHOUSE_DIR=$DIR
CLICKHOUSE_VERSION=$version
CLICKHOUSE_HTTP_PORT=$http
CLICKHOUSE_TCP_PORT=$tcp
CLICKHOUSE_INTERSERVER_PORT=$inter
CLICKHOUSE_PID=$pid
CLICKHOUSE_HTTP_URL=http://127.0.0.1:$http/
CLICKHOUSE_URL=$url
CLICKHOUSE_STRATA_URL=clickhouse://strata:$STRATA_CH_STRATA_PASSWORD@127.0.0.1:$http/default
CLICKHOUSE_READER_URL=clickhouse://reader:$STRATA_CH_READER_PASSWORD@127.0.0.1:$http/default
CLICKHOUSE_STRATA_PASSWORD=$STRATA_CH_STRATA_PASSWORD
CLICKHOUSE_READER_PASSWORD=$STRATA_CH_READER_PASSWORD
EOF
mv -f "$DIR/env.tmp" "$DIR/env"
ok=1
ms=$(( ($(date +%s%N) - t_start) / 1000000 ))
ch_log "ClickHouse $version ready in ${ms} ms: pid $pid, http $http, tcp $tcp (env: $DIR/env)"
echo "$url"
