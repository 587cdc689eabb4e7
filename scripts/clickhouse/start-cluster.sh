#!/usr/bin/env bash
# Starts a test cluster as plain processes on 127.0.0.1, everything inside DIR:
#   DIR/zookeeper  one standalone ZooKeeper (Debian package, java ZooKeeperServerMain,
#                  admin server off, four-letter words ruok/srvr/stat/mntr/conf allowed)
#   DIR/node1, DIR/node2  two clickhouse-server processes forming cluster strata_cluster:
#                  one shard (macro shard=01), two replicas (macro replica=node1/node2),
#                  internal_replication true, distributed DDL queue at
#                  /clickhouse/task_queue/ddl.
# All ports are free ports picked now. Before reporting ready it checks that both nodes
# see ZooKeeper and that ON CLUSTER DDL and replication work (a scratch database with a
# ReplicatedMergeTree table is created ON CLUSTER, a row inserted through node1 is read
# back through node2, then everything is dropped).
#
# Usage: scripts/clickhouse/start-cluster.sh DIR
#
# Writes DIR/env with CLUSTER_NAME, ZOOKEEPER_PORT, ZOOKEEPER_PID, ZOOKEEPER_VERSION,
# NODEn_HTTP_PORT, NODEn_TCP_PORT, NODEn_INTERSERVER_PORT, NODEn_PID, NODEn_URL
# (clickhouse://default@127.0.0.1:<http port>/default), NODEn_HTTP_URL,
# NODEn_STRATA_URL, NODEn_READER_URL (n = 1, 2), CLICKHOUSE_VERSION,
# CLICKHOUSE_STRATA_PASSWORD, CLICKHOUSE_READER_PASSWORD; prints NODE1_URL and NODE2_URL.
# Users as in start-server.sh. Stop one node with node.sh, everything with stop.sh.
# Start from an empty DIR (data of an earlier cluster in DIR is reused as it is).
#
# Environment: STRATA_CH_START_TIMEOUT (seconds per process, default 30),
#              STRATA_CH_CLUSTER (cluster name, default strata_cluster).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
command -v curl >/dev/null 2>&1 || ch_die "curl is required (scripts/clickhouse/install.sh installs it)"
ch_server_cmd >/dev/null || ch_die "clickhouse-server is not installed (run scripts/clickhouse/install.sh)"
DIR="$(ch_abspath "$1")"
CLUSTER="${STRATA_CH_CLUSTER:-strata_cluster}"
[[ "$CLUSTER" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || ch_die "cluster name must be a plain identifier: $CLUSTER"
TIMEOUT="$STRATA_CH_START_TIMEOUT"

running="$(ch_pids_under "$DIR" | tr '\n' ' ')"
[ -z "$running" ] || ch_die "processes started in $DIR are still running (pid $running); run scripts/clickhouse/stop.sh $DIR first"

t_start=$(date +%s%N)
since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
ok=""
cleanup() {
  if [ -z "$ok" ]; then
    ch_log "cluster start failed; stopping what was started in $DIR"
    "$here/stop.sh" "$DIR" || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -f "$DIR/env"
Z="$DIR/zookeeper"
mkdir -p "$Z" "$DIR/node1" "$DIR/node2"

# ---- ZooKeeper ----
zk_pid=""
for attempt in 1 2 3; do
  zk_port="$(ch_free_ports 1)"
  [ -n "$zk_port" ] || ch_die "could not pick a free port (python3 needed)"
  zk_write_config "$Z" "$zk_port"
  zk_pid="$(zk_launch "$Z")"
  rc=0
  zk_wait_ready "$Z" "$zk_pid" "$zk_port" "$TIMEOUT" || rc=$?
  [ "$rc" -eq 0 ] && break
  if [ "$rc" -eq 2 ] && [ "$attempt" -lt 3 ]; then
    ch_log "ZooKeeper port $zk_port was taken; retrying with a new port"
    ch_stop_pid "$zk_pid" "$Z/zoo.cfg" 10 || true
    continue
  fi
  if ch_pid_alive "$zk_pid"; then
    ch_log "ZooKeeper (pid $zk_pid) was not serving on 127.0.0.1:$zk_port within ${TIMEOUT}s"
  else
    ch_log "ZooKeeper exited during start-up"
  fi
  zk_show_logs "$Z"
  exit 1
done
zk_version="$(zk_cmd "$zk_port" srvr | sed -n 's/^Zookeeper version: \([^,-]*\).*/\1/p')"
ch_log "ZooKeeper ${zk_version:-?} ready on 127.0.0.1:$zk_port (pid $zk_pid) after $(since "$t_start") ms"

# ---- ClickHouse nodes ----
declare -A HTTP TCP INTER PID
for attempt in 1 2 3; do
  mapfile -t ports < <(ch_free_ports 6)
  [ "${#ports[@]}" -eq 6 ] || ch_die "could not pick free ports (python3 needed)"
  HTTP[1]=${ports[0]} TCP[1]=${ports[1]} INTER[1]=${ports[2]}
  HTTP[2]=${ports[3]} TCP[2]=${ports[4]} INTER[2]=${ports[5]}
  for n in 1 2; do
    d="$DIR/node$n"
    mkdir -p "$d"
    ch_cluster_extra "$d/cluster.xml.part" "$CLUSTER" "$zk_port" "${TCP[1]}" "${TCP[2]}" "node$n"
    ch_write_config "$d" "${HTTP[$n]}" "${TCP[$n]}" "${INTER[$n]}" "$d/cluster.xml.part"
  done
  PID[1]="$(ch_launch "$DIR/node1")"
  PID[2]="$(ch_launch "$DIR/node2")"
  retry="" failed=""
  for n in 1 2; do
    rc=0
    ch_wait_ready "$DIR/node$n" "${PID[$n]}" "${HTTP[$n]}" "$TIMEOUT" || rc=$?
    if [ "$rc" -eq 2 ]; then retry=1; elif [ "$rc" -ne 0 ]; then failed="$failed $n"; fi
  done
  [ -z "$retry$failed" ] && break
  if [ -n "$retry" ] && [ -z "$failed" ] && [ "$attempt" -lt 3 ]; then
    ch_log "a ClickHouse port was taken; retrying both nodes with new ports"
    for n in 1 2; do ch_stop_pid "${PID[$n]}" "--config-file=$DIR/node$n/config.xml" 10 || true; done
    continue
  fi
  for n in ${failed:-1 2}; do
    if ch_pid_alive "${PID[$n]}"; then
      ch_log "node$n (pid ${PID[$n]}) did not answer SELECT 1 on http://127.0.0.1:${HTTP[$n]}/ within ${TIMEOUT}s"
    else
      ch_log "node$n exited during start-up"
    fi
    ch_show_logs "$DIR/node$n"
  done
  exit 1
done
ch_log "ClickHouse nodes answer SELECT 1 (node1 http ${HTTP[1]}, node2 http ${HTTP[2]}) after $(since "$t_start") ms"

# ---- check that the cluster really works ----
check_fail() {
  ch_log "cluster check failed: $*"
  for n in 1 2; do ch_show_logs "$DIR/node$n"; done
  zk_show_logs "$Z"
  exit 1
}
q() { # q NODE SQL: runs on node N with a bounded ON CLUSTER wait; body on stdout
  ch_query "${HTTP[$1]}?wait_end_of_query=1&distributed_ddl_task_timeout=60" "$2"
}
for n in 1 2; do
  out="$(q "$n" "SELECT count() FROM system.zookeeper WHERE path = '/'" 2>&1)" \
    || check_fail "node$n cannot read ZooKeeper: $out"
done
for n in 1 2; do
  out="$(q "$n" "SELECT count() FROM system.clusters WHERE cluster = '$CLUSTER'" 2>&1)" || check_fail "node$n: $out"
  [ "$out" = 2 ] || check_fail "node$n sees $out replicas in cluster $CLUSTER (expected 2)"
done
db="strata_cluster_check_$(date +%s)_$$"
out="$(q 1 "CREATE DATABASE $db ON CLUSTER $CLUSTER" 2>&1)" || check_fail "CREATE DATABASE ON CLUSTER: $out"
[ "$(printf '%s\n' "$out" | grep -c .)" -ge 2 ] || check_fail "CREATE DATABASE ON CLUSTER answered by fewer than 2 hosts: $out"
out="$(q 1 "CREATE TABLE $db.t ON CLUSTER $CLUSTER (id UInt64) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/$db/t', '{replica}') ORDER BY id" 2>&1)" \
  || check_fail "CREATE TABLE ... ReplicatedMergeTree ON CLUSTER: $out"
for n in 1 2; do
  out="$(q "$n" "SELECT engine FROM system.tables WHERE database = '$db' AND name = 't'" 2>&1)" || check_fail "node$n: $out"
  [ "$out" = ReplicatedMergeTree ] || check_fail "table $db.t missing on node$n after ON CLUSTER create"
done
out="$(q 1 "INSERT INTO $db.t VALUES (42)" 2>&1)" || check_fail "INSERT through node1: $out"
t_rep=$(date +%s%N)
while :; do
  out="$(q 2 "SELECT sum(id) FROM $db.t" 2>&1)" || check_fail "SELECT through node2: $out"
  [ "$out" = 42 ] && break
  [ "$(since "$t_rep")" -lt $((TIMEOUT * 1000)) ] || check_fail "row inserted through node1 not visible on node2 after ${TIMEOUT}s"
  sleep 0.2
done
out="$(q 1 "DROP TABLE $db.t ON CLUSTER $CLUSTER" 2>&1)" || check_fail "DROP TABLE ON CLUSTER: $out"
out="$(q 1 "DROP DATABASE $db ON CLUSTER $CLUSTER" 2>&1)" || check_fail "DROP DATABASE ON CLUSTER: $out"
ch_log "cluster check passed (ON CLUSTER DDL on both nodes, node1 -> node2 replication)"

version="$(ch_query "${HTTP[1]}" "SELECT version()" 2>/dev/null || ch_server_version)"
{
  echo "CLUSTER_DIR=$DIR"
  echo "CLUSTER_NAME=$CLUSTER"
  echo "CLICKHOUSE_VERSION=$version"
  echo "ZOOKEEPER_VERSION=$zk_version"
  echo "ZOOKEEPER_PORT=$zk_port"
  echo "ZOOKEEPER_PID=$zk_pid"
  for n in 1 2; do
    echo "NODE${n}_HTTP_PORT=${HTTP[$n]}"
    echo "NODE${n}_TCP_PORT=${TCP[$n]}"
    echo "NODE${n}_INTERSERVER_PORT=${INTER[$n]}"
    echo "NODE${n}_PID=${PID[$n]}"
    echo "NODE${n}_HTTP_URL=http://127.0.0.1:${HTTP[$n]}/"
    echo "NODE${n}_URL=clickhouse://default@127.0.0.1:${HTTP[$n]}/default"
    echo "NODE${n}_STRATA_URL=clickhouse://strata:$STRATA_CH_STRATA_PASSWORD@127.0.0.1:${HTTP[$n]}/default"
    echo "NODE${n}_READER_URL=clickhouse://reader:$STRATA_CH_READER_PASSWORD@127.0.0.1:${HTTP[$n]}/default"
  done
  echo "CLICKHOUSE_STRATA_PASSWORD=$STRATA_CH_STRATA_PASSWORD"
  echo "CLICKHOUSE_READER_PASSWORD=$STRATA_CH_READER_PASSWORD"
} > "$DIR/env.tmp"
mv -f "$DIR/env.tmp" "$DIR/env"
ok=1
ch_log "cluster $CLUSTER ready in $(since "$t_start") ms (env: $DIR/env)"
echo "clickhouse://default@127.0.0.1:${HTTP[1]}/default"
echo "clickhouse://default@127.0.0.1:${HTTP[2]}/default"
