#!/usr/bin/env bash
# Stops or restarts one ClickHouse node of a cluster started by start-cluster.sh, with the
# same config, data and ports (for tests that take a replica away mid-migration).
#
# Usage: scripts/clickhouse/node.sh DIR stop|start|kill|status NODE     (NODE: node1|node2|1|2)
#   stop    SIGTERM, wait up to STRATA_CH_STOP_GRACE s (default 10), then SIGKILL
#   kill    SIGKILL at once (a crashed replica; its ZooKeeper session lingers ~10 s)
#   start   start it again on its old ports and wait for SELECT 1 (no-op if running)
#   status  print "running PID" or "stopped"; exit 0 if running, 3 if stopped
# Updates NODEn_PID in DIR/env (empty while stopped).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

usage() { echo "usage: $0 DIR stop|start|kill|status node1|node2" >&2; exit 2; }
[ $# -eq 3 ] || usage
[ -d "$1" ] || ch_die "no such cluster folder: $1"
DIR="$(cd "$1" && pwd -P)"
action="$2"
n="$(ch_node_num "$3")" || usage
d="$DIR/node$n"
if [ ! -f "$d/config.xml" ] || [ ! -f "$d/ports" ]; then ch_die "$d holds no node started by start-cluster.sh"; fi
match="--config-file=$d/config.xml"

current_pid() {
  local p
  p="$(cat "$d/clickhouse.pid" 2>/dev/null || true)"
  if [ -n "$p" ] && ch_pid_alive "$p" && ch_pid_matches "$p" "$match"; then echo "$p"; return 0; fi
  for p in $(ch_pids_under "$DIR"); do
    if ch_pid_matches "$p" "$match"; then echo "$p"; return 0; fi
  done
  return 1
}
set_env_pid() { if [ -f "$DIR/env" ]; then ch_env_set "$DIR/env" "NODE${n}_PID" "$1"; fi; }

t0=$(date +%s%N)
case "$action" in
  status)
    if p="$(current_pid)"; then echo "running $p"; exit 0; else echo stopped; exit 3; fi
    ;;
  stop|kill)
    if p="$(current_pid)"; then
      if [ "$action" = kill ]; then
        kill -KILL "$p" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do ch_pid_alive "$p" || break; sleep 0.1; done
      else
        ch_stop_pid "$p" "$match" "${STRATA_CH_STOP_GRACE:-10}"
      fi
      ch_pid_alive "$p" && ch_die "node$n (pid $p) is still running"
      ch_log "node$n (pid $p) stopped ($action) in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    else
      ch_log "node$n is not running"
    fi
    rm -f "$d/clickhouse.pid"
    set_env_pid ""
    ;;
  start)
    if p="$(current_pid)"; then
      ch_log "node$n is already running (pid $p)"
      set_env_pid "$p"
      exit 0
    fi
    # shellcheck disable=SC1091
    . "$d/ports"
    pid="$(ch_launch "$d")"
    rc=0
    ch_wait_ready "$d" "$pid" "$HTTP_PORT" "$STRATA_CH_START_TIMEOUT" || rc=$?
    if [ "$rc" -ne 0 ]; then
      if [ "$rc" -eq 2 ]; then
        ch_log "node$n cannot start: one of its ports ($HTTP_PORT, $TCP_PORT, $INTERSERVER_PORT) is taken by another process"
      else
        ch_log "node$n (pid $pid) did not answer SELECT 1 on http://127.0.0.1:$HTTP_PORT/ within ${STRATA_CH_START_TIMEOUT}s"
      fi
      ch_show_logs "$d"
      ch_stop_pid "$pid" "$match" 10 || true
      rm -f "$d/clickhouse.pid"
      exit 1
    fi
    set_env_pid "$pid"
    ch_log "node$n started (pid $pid, http $HTTP_PORT) in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    ;;
  *) usage ;;
esac
