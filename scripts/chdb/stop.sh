#!/usr/bin/env bash
# Stops the front that start.sh started in DIR: SIGTERM (the front lets a running query
# finish and closes its chDB session), up to STRATA_CHDB_STOP_GRACE seconds (default 10),
# then SIGKILL. Idempotent: a DIR with nothing running (or no DIR at all) is fine. Only
# processes whose command line names DIR/data are touched. Data and logs stay in DIR;
# DIR/env and DIR/front.pid are removed (they described a running front).
#
# Usage: scripts/chdb/stop.sh DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
DIR="$(cd "$1" && pwd -P)"
grace="${STRATA_CHDB_STOP_GRACE:-10}"

pids=()
for p in $( { cat "$DIR/front.pid" 2>/dev/null || true; chdb_pids_under "$DIR"; } | sort -u); do
  case "$p" in ''|*[!0-9]*) continue ;; esac
  # The pid file may name a recycled process: only one started for DIR/data counts.
  ch_pid_alive "$p" && ch_pid_matches "$p" "--data $DIR/data" && pids+=("$p")
done

rc=0
if [ ${#pids[@]} -gt 0 ]; then
  chdb_log "stopping the front, pid(s) ${pids[*]}"
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  left=""
  for ((i = 0; i < grace * 10; i++)); do
    left=""
    for p in "${pids[@]}"; do ch_pid_alive "$p" && left="$left $p"; done
    [ -z "$left" ] && break
    sleep 0.1
  done
  if [ -n "$left" ]; then
    chdb_log "still running after ${grace}s:$left; sending SIGKILL"
    for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
    for ((i = 0; i < 50; i++)); do
      left=""
      for p in "${pids[@]}"; do ch_pid_alive "$p" && left="$left $p"; done
      [ -z "$left" ] && break
      sleep 0.1
    done
    if [ -n "$left" ]; then chdb_log "ERROR: could not stop:$left"; rc=1; fi
  fi
fi
if [ "$rc" -eq 0 ]; then rm -f "$DIR/front.pid" "$DIR/env"; fi
exit "$rc"
