#!/usr/bin/env bash
# Stops everything that start-server.sh or start-cluster.sh started in DIR: ClickHouse
# server(s) first (SIGTERM, up to STRATA_CH_STOP_GRACE seconds, default 10, then
# SIGKILL), then ZooKeeper the same way. Idempotent: a DIR with nothing running (or no
# DIR at all) is fine. Only processes whose command line names DIR's config files are
# touched. Data and logs stay in DIR; DIR/env is removed (it described running servers).
#
# Usage: scripts/clickhouse/stop.sh DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
DIR="$(cd "$1" && pwd -P)"
grace="${STRATA_CH_STOP_GRACE:-10}"

is_ch() { ch_pid_matches "$1" "--config-file=$DIR/"; }
is_zk() { ch_pid_matches "$1" "$DIR/zookeeper/zoo.cfg"; }

# stop_all GRACE PID...: SIGTERM to all at once, wait, SIGKILL what is left.
stop_all() {
  local g="$1" p i left; shift
  [ $# -gt 0 ] || return 0
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for ((i = 0; i < g * 10; i++)); do
    left=""
    for p in "$@"; do ch_pid_alive "$p" && left="$left $p"; done
    [ -z "$left" ] && return 0
    sleep 0.1
  done
  ch_log "still running after ${g}s:$left; sending SIGKILL"
  for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
  for ((i = 0; i < 50; i++)); do
    left=""
    for p in "$@"; do ch_pid_alive "$p" && left="$left $p"; done
    [ -z "$left" ] && return 0
    sleep 0.1
  done
  ch_log "ERROR: could not stop:$left"
  return 1
}

candidates="$(
  cat "$DIR/clickhouse.pid" "$DIR"/node*/clickhouse.pid "$DIR/zookeeper/zookeeper.pid" 2>/dev/null || true
  ch_pids_under "$DIR"
)"
ch_pids=() zk_pids=()
for p in $(printf '%s\n' "$candidates" | sort -u); do
  case "$p" in ''|*[!0-9]*) continue ;; esac
  ch_pid_alive "$p" || continue
  if is_ch "$p"; then ch_pids+=("$p"); elif is_zk "$p"; then zk_pids+=("$p"); fi
done

rc=0
if [ ${#ch_pids[@]} -gt 0 ]; then
  ch_log "stopping ClickHouse pid(s) ${ch_pids[*]}"
  stop_all "$grace" "${ch_pids[@]}" || rc=1
fi
if [ ${#zk_pids[@]} -gt 0 ]; then
  ch_log "stopping ZooKeeper pid(s) ${zk_pids[*]}"
  stop_all "$grace" "${zk_pids[@]}" || rc=1
fi
if [ "$rc" -eq 0 ]; then
  rm -f "$DIR/clickhouse.pid" "$DIR"/node*/clickhouse.pid "$DIR/zookeeper/zookeeper.pid" "$DIR/env"
fi
exit "$rc"
