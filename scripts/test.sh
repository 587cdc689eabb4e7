#!/usr/bin/env bash
# Sets up everything the tests need on this machine, then runs the whole test suite.
#
#   bash scripts/test.sh [extra `swift test` arguments, e.g. --filter Planner]
#
# Installs libduckdb (built once, up to ~50 min on 2 cores; later runs reuse it) and Debian's
# ClickHouse and ZooKeeper when missing. The ClickHouse tests start their own servers on
# 127.0.0.1 (free ports, temporary folders) and stop them afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

started=$(date +%s)
bash scripts/install-duckdb.sh
bash scripts/clickhouse/install.sh
bash scripts/chdb/install.sh
# shellcheck source=duckdb-prefix.sh
source scripts/duckdb-prefix.sh
write_duckdb_pc

echo "Building (debug) with libduckdb from $DUCKDB_LIB_DIR ..."
swift build --build-tests "${STRATA_SWIFT_FLAGS[@]}"
echo "Running the tests ..."
swift test --skip-build "${STRATA_SWIFT_FLAGS[@]}" "$@"
echo "All tests passed in $(( $(date +%s) - started )) s."
