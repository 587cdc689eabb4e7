#!/usr/bin/env bash
# Sets up Strata and runs it on an embedded DuckDB file: applies the example migrations
# in examples/migrations to .demo/app.duckdb, then prints `strata status`.
#
#   bash scripts/demo.sh
#
# The first run builds libduckdb (~30-40 min on 2 cores, once per machine) and Strata.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-duckdb.sh
# shellcheck source=duckdb-prefix.sh
source scripts/duckdb-prefix.sh
write_duckdb_pc
swift build --product strata "${STRATA_SWIFT_FLAGS[@]}"
strata="$(swift build --show-bin-path "${STRATA_SWIFT_FLAGS[@]}")/strata"

mkdir -p .demo
url="duckdb:.demo/app.duckdb"
echo
echo "\$ strata up --url $url --dir examples/migrations"
"$strata" up --url "$url" --dir examples/migrations
echo
echo "\$ strata status --url $url --dir examples/migrations"
"$strata" status --url "$url" --dir examples/migrations
