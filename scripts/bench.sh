#!/usr/bin/env bash
# Strata's process-level benchmarks (issue 7), against the physical limits, in one run on
# one machine. Prints medians and the ratios the targets are stated in.
#
#   bash scripts/bench.sh                      # apply noop scale clickhouse micro, full sizes
#   bash scripts/bench.sh apply noop           # only these workloads
#   bash scripts/bench.sh --quick              # small sizes, few runs: a smoke test (~3 min)
#   bash scripts/bench.sh --compare-python     # also duckdb-flyway and alembic (+duckdb_engine)
#
# Workloads:
#   apply       N migrations (default 1,000) applied to a new DuckDB file by `strata up`,
#               against one C process running the same up sections on one connection, one
#               transaction per migration, no bookkeeping (scripts/bench/baseline.c); and the
#               same with one history row per migration in its transaction (what recording a
#               migration atomically costs in DuckDB alone).
#   noop        `strata up` and `strata status` on a database where all N are applied
#               (N = 1,000 and 10,000), against a C process that opens the database and
#               reads the history once; growth from the first size to the last.
#   scale       `strata status` time and peak memory (max RSS) at 100, 1,000, 10,000; and
#               `strata lint` (reads only the folder), which must grow with it linearly.
#   clickhouse  N migrations (default 200) on a test server (scripts/clickhouse/start-server.sh,
#               stopped afterwards): HTTP requests per migration, counted by a proxy, and
#               time against a plain loop of one POST per statement, and the same loop with
#               one history-shaped row per migration (what recording costs the server);
#               and one-row INSERTs into tables of four shapes (scripts/bench/ch_row_shapes.py).
#   micro       the in-process benchmarks of Benchmarks/ (package-benchmark): parser,
#               checksum, fold, planner, Migrator.ensure on an open database.
#   phases      where the time of a nothing-to-do run goes, phase by phase, in one process.
#
# Options:
#   --quick                 sizes 100 / 100,1000 / 100,1000 / 20, fewer runs
#   --apply-count N         migrations for `apply` (default 1000)
#   --noop-counts "A B"     sizes for `noop` (default "1000 10000")
#   --scale-counts "A B C"  sizes for `scale` (default "100 1000 10000")
#   --ch-count N            migrations for `clickhouse` (default 200)
#   --ch-data DIR           where the ClickHouse server keeps its data (default: in the work
#                           folder); e.g. a folder under /dev/shm, to time the protocol
#                           without this machine's disk (its latency drifts under the server)
#   --runs N                rounds (noop: each command once per round, interleaved) or
#                           hyperfine runs (scale, micro) for the fast commands (default 10)
#   --apply-runs N          rounds for apply and ClickHouse (each command once per round,
#                           interleaved), and hyperfine runs for the Python tools (default 3)
#   --compare-python        run duckdb-flyway and alembic on the same folders (venv under
#                           ~/.cache/strata/bench-python; needs Python >= 3.12 for duckdb-flyway)
#   --work DIR              keep generated folders and databases in DIR (default: a temporary
#                           folder, removed at the end; generated data is never committed)
#   --ref REF               benchmark the committed Strata at REF (e.g. HEAD) instead of the
#                           working tree: it is exported with `git archive` into
#                           Benchmarks/.build-bench/source-<sha> (the benchmark code itself
#                           still comes from the working tree's Benchmarks/)
#
# Everything is built in release mode in Benchmarks/.build-bench (git-ignored). Needs
# libduckdb (scripts/install-duckdb.sh); installs hyperfine with apt-get when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/bench"

quick=""
apply_count=1000
noop_counts="1000 10000"
scale_counts="100 1000 10000"
ch_count=200
ch_data=""
runs=10
apply_runs=3
compare_python=""
work=""
ref=""
workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; apply_count=100; noop_counts="100 1000"; scale_counts="100 1000"; ch_count=20; runs=3; apply_runs=2 ;;
    --apply-count) apply_count="$2"; shift ;;
    --noop-counts) noop_counts="$2"; shift ;;
    --scale-counts) scale_counts="$2"; shift ;;
    --ch-count) ch_count="$2"; shift ;;
    --ch-data) ch_data="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --apply-runs) apply_runs="$2"; shift ;;
    --compare-python) compare_python=1 ;;
    --work) work="$2"; shift ;;
    --ref) ref="$2"; shift ;;
    apply|noop|scale|clickhouse|micro|phases) workloads+=("$1") ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#workloads[@]} -gt 0 ] || workloads=(apply noop scale clickhouse micro)
wants() { local w; for w in "${workloads[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

# ---------------------------------------------------------------------------------------
# Set-up: libduckdb, tools, release builds.

# shellcheck source=duckdb-prefix.sh
source "$root/scripts/duckdb-prefix.sh"
duckdb_prefix_ready || bash "$root/scripts/install-duckdb.sh"
write_duckdb_pc
export DUCKDB_LIB_DIR
if ! command -v hyperfine >/dev/null; then
  echo "Installing hyperfine (Debian) ..."
  apt-get install -y hyperfine >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null; }
fi
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

temporary_work=""
if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/strata-bench.XXXXXX")"
  temporary_work=1
fi
chdir=""
proxy_pid=""
cleanup() {
  [ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null || true
  [ -z "$chdir" ] || [ ! -f "$chdir/env" ] || bash "$root/scripts/clickhouse/stop.sh" "$chdir" >/dev/null 2>&1 || true
  [ -z "$temporary_work" ] || rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# What is measured: the working tree, or a snapshot of a commit (--ref).
src="$root"
source_label="working tree of $root ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- Sources Package.swift 2>/dev/null || echo ', with uncommitted changes'))"
if [ -n "$ref" ]; then
  sha="$(git -C "$root" rev-parse --short "$ref^{commit}")"
  src="$root/Benchmarks/.build-bench/source-$sha"
  if [ ! -f "$src/.complete" ]; then
    rm -rf "$src"; mkdir -p "$src"
    git -C "$root" archive "$sha" | tar -x -C "$src"
    touch "$src/.complete"
  fi
  # Copied only when changed: a newer Package.swift makes SwiftPM resolve and rebuild.
  mkdir -p "$src/Benchmarks"
  for part in Package.swift Sources Benchmarks; do
    if ! diff -rq "$root/Benchmarks/$part" "$src/Benchmarks/$part" >/dev/null 2>&1; then
      rm -rf "${src:?}/Benchmarks/$part"; cp -R "$root/Benchmarks/$part" "$src/Benchmarks/$part"
    fi
  done
  source_label="commit $sha ($(git -C "$root" log -1 --format=%s "$sha" | cut -c1-70))"
fi

scratch="$src/Benchmarks/.build-bench"
echo "Building strata and strata-bench (release, $scratch) ..."
build_started=$(date +%s)
# No -Xlinker flags on the command line: the benchmark plugin builds in the same folder with
# none, and SwiftPM rebuilds everything when they change. This package's executables carry an
# rpath to libduckdb (Package.swift); `strata` (the root's product) finds it through
# LD_LIBRARY_PATH, set here for every command this script runs.
export LD_LIBRARY_PATH="$DUCKDB_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The root package is a path dependency here, and SwiftPM does not always notice a source
# file added to it: without its cached build plan it lists the files again.
rm -f "$scratch/release.yaml"
(cd "$src/Benchmarks" && swift build -c release --scratch-path "$scratch" --product strata-bench >"$work/build.log" 2>&1) \
  || { tail -40 "$work/build.log"; echo "bench.sh: build failed (log above)" >&2; exit 1; }
bin="$(cd "$src/Benchmarks" && swift build -c release --scratch-path "$scratch" --show-bin-path)"
tool="$bin/strata-bench"
# `strata` itself is measured as deploy jobs get it: scripts/build-release.sh (release, Swift
# runtime linked in). Commits from before that script build it here, with the package.
if [ -f "$src/scripts/build-release.sh" ]; then
  strata="$(bash "$src/scripts/build-release.sh" --scratch "$src/.build-release" 2>>"$work/build.log")" \
    || { tail -40 "$work/build.log"; echo "bench.sh: build failed (log above)" >&2; exit 1; }
else
  (cd "$src/Benchmarks" && swift build -c release --scratch-path "$scratch" --product strata >>"$work/build.log" 2>&1) \
    || { tail -40 "$work/build.log"; echo "bench.sh: build failed (log above)" >&2; exit 1; }
  strata="$bin/strata"
fi
baseline="$work/baseline"
cc -O2 -Wall -o "$baseline" "$here/baseline.c" -I"$DUCKDB_INCLUDE_DIR" -L"$DUCKDB_LIB_DIR" -lduckdb -Wl,-rpath,"$DUCKDB_LIB_DIR"
echo "  built in $(( $(date +%s) - build_started )) s"

# ---------------------------------------------------------------------------------------
# Helpers.

hf() { python3 "$here/hf.py" "$@"; }
say() { printf '%s\n' "$*" | tee -a "$work/summary.txt"; }
section() { say ""; say "== $* =="; }
table_header() { say "      median        min        max   CPU(u+s)  runs   command (times in ms)"; }
table() { hf table "$@" | tee -a "$work/summary.txt"; }
# Targets, collected for the closing summary: "name|figure|target|PASS or MISS".
targets=()
target() { targets+=("$1|$2|$3|$4"); }
verdict() { python3 -c "import sys; print('PASS' if float(sys.argv[1]) $2 float(sys.argv[3]) else 'MISS')" "$1" "$2" "$3"; }

folder() {  # folder N [dialect] -> path of a generated folder (made once per run)
  local n="$1" dialect="${2:-duckdb}" dir="$work/migrations-${2:-duckdb}-$1"
  if [ ! -f "$dir/.complete" ]; then
    "$tool" generate "$n" "$dir" "$dialect"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# A database made by strata up is reused only when it was made with the history format of
# the Strata measured (a newer format may keep more, e.g. the summary table ensure reads).
history_format="$(grep -o 'currentFormatVersion = [0-9]*' "$src/Sources/Strata/History/HistoryEvent.swift" | grep -o '[0-9]*$')"
mark_applied() { echo "history format $history_format" > "$1.complete"; }
is_applied() { [ -f "$1.complete" ] && [ "$(cat "$1.complete")" = "history format $history_format" ]; }

applied_db() {  # applied_db N -> a database with all N applied (made once, by strata up)
  local n="$1" db="$work/applied-$1.duckdb" dir
  dir="$(folder "$n")"
  if ! is_applied "$db"; then
    rm -f "$db" "$db.wal"
    local started=$SECONDS
    "$strata" up --url "duckdb:$db" --dir "$dir" >/dev/null
    echo "  (made $db: strata up of $n migrations took $(( SECONDS - started )) s)" >&2
    mark_applied "$db"
  fi
  echo "$db"
}

machine() {
  say "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
      "$(uname -sr); $(swift --version 2>/dev/null | head -1); libduckdb $(cat "$DUCKDB_PREFIX/VERSION" 2>/dev/null || echo '?') ($DUCKDB_LIB_DIR)"
  say "Load average: $(cut -d' ' -f1-3 /proc/loadavg). Busiest other processes (%CPU, command):"
  { ps -eo pcpu=,args= --sort=-pcpu | grep -v -E "ps -eo|bench.sh" | head -5 | cut -c1-110 | sed 's/^/    /' | tee -a "$work/summary.txt"; } || true
}

section "Strata benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')${quick:+ (quick mode)}"
machine
say "Measured: $source_label"
say "Workloads: ${workloads[*]}; work folder $work"

# ---------------------------------------------------------------------------------------
# apply

if wants apply; then
  section "Apply: $apply_count migrations to a new DuckDB file"
  dir="$(folder "$apply_count")"
  a="$work/apply-strata.duckdb" b="$work/apply-baseline.duckdb" c="$work/apply-stmts.duckdb" h="$work/apply-history.duckdb"
  # Interleaved rounds (scripts/bench/paired.py): this machine's speed drifts by 10-30% over
  # minutes, and one command's runs taken together would carry that drift into the ratios.
  python3 "$here/paired.py" "$work/apply.json" "$apply_runs" \
    "strata up" "rm -f $a $a.wal" "$strata up --url duckdb:$a --dir $dir" \
    "baseline (C, whole up section per duckdb_query)" "rm -f $b $b.wal" "$baseline apply $b $dir" \
    "baseline (C, statement by statement)" "rm -f $c $c.wal" "$baseline apply-stmts $c $dir" \
    "baseline + one history row per migration, same transaction (C)" "rm -f $h $h.wal" "$baseline apply-history $h $dir"
  table_header; table "$work/apply.json"
  s=$(hf median "$work/apply.json" 0); b1=$(hf median "$work/apply.json" 1); b2=$(hf median "$work/apply.json" 2)
  b3=$(hf median "$work/apply.json" 3)
  floor_index=$(python3 -c "print(1 if $b1 <= $b2 else 2)")
  floor=$(python3 -c "print(min($b1, $b2))")
  r=$(hf ratio "$s" "$floor")
  say "  strata/baseline = $r (medians, wall, against the faster baseline); per round: $(hf paired "$work/apply.json" 0 "$floor_index")"
  say "  the history row alone, in DuckDB: (baseline + row)/baseline per round = $(hf paired "$work/apply.json" 3 2)"
  say "  strata/(baseline + row) per round = $(hf paired "$work/apply.json" 0 3)"
  target "Apply $apply_count: strata/baseline" "$r" "<= 1.05" "$(verdict "$r" "<=" 1.05)"
  # The database strata made is the applied fixture of this size.
  cp "$a" "$work/applied-$apply_count.duckdb" && mark_applied "$work/applied-$apply_count.duckdb"
fi

# ---------------------------------------------------------------------------------------
# noop

if wants noop; then
  first=""; last=""
  for n in $noop_counts; do
    section "Nothing to do: $n migrations, all applied"
    dir="$(folder "$n")"; db="$(applied_db "$n")"
    python3 "$here/paired.py" --warmup 1 "$work/noop-$n.json" "$runs" \
      "strata up (nothing pending)" "" "$strata up --url duckdb:$db --dir $dir" \
      "baseline: open read-write, read history, close" "" "$baseline read $db rw" \
      "strata status" "" "$strata status --url duckdb:$db --dir $dir" \
      "baseline: open read-only, read history, close" "" "$baseline read $db ro" \
      "open read-write + close only" "" "$baseline open $db rw" \
      "open read-only + close only" "" "$baseline open $db ro" \
      "strata --version (process start-up)" "" "$strata --version"
    table_header; table "$work/noop-$n.json"
    up_ratio=$(hf paired-ratio "$work/noop-$n.json" 0 1); status_ratio=$(hf paired-ratio "$work/noop-$n.json" 2 3)
    say "  per round: up/baseline = $(hf paired "$work/noop-$n.json" 0 1); status/baseline = $(hf paired "$work/noop-$n.json" 2 3)"
    if [ "$n" = "1000" ] || [ -n "$quick" ]; then
      target "Nothing to do $n: up/baseline" "$up_ratio" "<= 1.2" "$(verdict "$up_ratio" "<=" 1.2)"
      target "Nothing to do $n: status/baseline" "$status_ratio" "<= 1.2" "$(verdict "$status_ratio" "<=" 1.2)"
    fi
    [ -n "$first" ] || first="$n"
    last="$n"
  done
  if [ "$first" != "$last" ]; then
    section "Nothing to do: growth from $first to $last migrations"
    for i in 0 1 2 3; do
      name=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][$i]['command'])" "$work/noop-$first.json")
      g=$(hf ratio "$(hf median "$work/noop-$last.json" $i)" "$(hf median "$work/noop-$first.json" $i)")
      say "  x$g  $name"
    done
    gu=$(hf ratio "$(hf median "$work/noop-$last.json" 0)" "$(hf median "$work/noop-$first.json" 0)")
    gr=$(hf ratio "$(hf median "$work/noop-$last.json" 1)" "$(hf median "$work/noop-$first.json" 1)")
    gs=$(hf ratio "$(hf median "$work/noop-$last.json" 2)" "$(hf median "$work/noop-$first.json" 2)")
    go=$(hf ratio "$(hf median "$work/noop-$last.json" 3)" "$(hf median "$work/noop-$first.json" 3)")
    target "Nothing to do growth $first->$last: up vs floor" "x$gu vs x$gr" "<= floor" "$(verdict "$gu" "<=" "$(python3 -c "print($gr * 1.05)")")"
    target "Nothing to do growth $first->$last: status vs floor" "x$gs vs x$go" "<= floor" "$(verdict "$gs" "<=" "$(python3 -c "print($go * 1.05)")")"
  fi
fi

# ---------------------------------------------------------------------------------------
# scale

if wants scale; then
  section "Scale: strata status, time and peak memory"
  say "  migrations   status median ms   baseline read ms   status max RSS MB   baseline max RSS MB   lint ms (files only)"
  for n in $scale_counts; do
    dir="$(folder "$n")"; db="$(applied_db "$n")"
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/scale-$n.json" \
      -n "strata status ($n)" "$strata status --url duckdb:$db --dir $dir" \
      -n "baseline read ro ($n)" "$baseline read $db ro" \
      -n "strata lint ($n)" "$strata lint --dir $dir" >/dev/null
    rss() {  # median max RSS (MB) of three runs of a command
      local i values=()
      for i in 1 2 3; do
        values+=("$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')")
      done
      printf '%s\n' "${values[@]}" | sort -n | sed -n 2p | awk '{printf "%.1f", $1 / 1024}'
    }
    m1=$(rss "$strata" status --url "duckdb:$db" --dir "$dir")
    m2=$(rss "$baseline" read "$db" ro)
    printf '  %10s   %16s   %16s   %17s   %19s   %20s\n' "$n" "$(hf median "$work/scale-$n.json" 0)" "$(hf median "$work/scale-$n.json" 1)" "$m1" "$m2" \
      "$(hf median "$work/scale-$n.json" 2)" \
      | tee -a "$work/summary.txt"
    last_scale="$n"; last_rss="$m1"
  done
  target "Peak memory, status at $last_scale" "$last_rss MB" "< 64 MB" "$(verdict "$last_rss" "<" 64)"
fi

# ---------------------------------------------------------------------------------------
# clickhouse

if wants clickhouse; then
  section "ClickHouse: $ch_count migrations"
  bash "$root/scripts/clickhouse/install.sh" >/dev/null
  chdir="${ch_data:-$work/clickhouse}"
  bash "$root/scripts/clickhouse/start-server.sh" "$chdir" >/dev/null 2>"$work/clickhouse-start.log" \
    || { cat "$work/clickhouse-start.log"; exit 1; }
  # shellcheck disable=SC1091
  . "$chdir/env"
  say "  server: ClickHouse $CLICKHOUSE_VERSION on 127.0.0.1:$CLICKHOUSE_HTTP_PORT (pid $CLICKHOUSE_PID), data in $chdir ($(df --output=fstype "$chdir" | tail -1))"
  chq() { curl -sS --fail-with-body --data-binary "$1" "$CLICKHOUSE_HTTP_URL" >/dev/null; }
  dir="$(folder "$ch_count" clickhouse)"

  # 1. Count requests through a proxy (one run; only the count and the statements matter).
  proxy_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  python3 "$here/ch_counting_proxy.py" "$proxy_port" "$CLICKHOUSE_HTTP_PORT" "$work/ch-requests.log" &
  proxy_pid=$!
  for _ in $(seq 50); do curl -s "http://127.0.0.1:$proxy_port/" -o /dev/null && break; sleep 0.1; done
  : > "$work/ch-requests.log"
  chq "DROP DATABASE IF EXISTS bench_count"; chq "CREATE DATABASE bench_count"
  "$strata" up --url "clickhouse://default@127.0.0.1:$proxy_port/bench_count" --dir "$dir" >/dev/null
  total=$(wc -l < "$work/ch-requests.log")
  statements=$(grep -c -v -i -E "schema_migrations|current_schema_version|system\.|version\(\)|SELECT id, seq, version, name" "$work/ch-requests.log" || true)
  history_inserts=$(grep -c -i "INSERT INTO .*schema_migrations" "$work/ch-requests.log" || true)
  other=$(( total - statements - history_inserts ))
  expected=$(( ch_count * 4 ))
  say "  requests by strata up: $total = $statements statements (folder has $expected) + $history_inserts history inserts + $other other"
  per=$(python3 -c "print(f'{($total - $other) / $ch_count:.2f}')")
  say "  per migration: $per requests (4 statements + $(python3 -c "print(f'{$history_inserts / $ch_count:.2f}')") history rows); per run: $other (version, history table checks, history reads)"
  say "  the per-run requests, in order:"
  { grep -i -E "schema_migrations|current_schema_version|system\.|version\(\)|SELECT id, seq, version, name" "$work/ch-requests.log" | grep -v -i "INSERT INTO" | cut -f1,4 | cut -c1-110 | sed 's/^/    /' | tee -a "$work/summary.txt"; } || true
  : > "$work/ch-requests.log"
  chq "DROP DATABASE IF EXISTS bench_count_loop"; chq "CREATE DATABASE bench_count_loop"
  python3 "$here/ch_plain_loop.py" "$proxy_port" bench_count_loop "$dir"
  say "  requests by the plain loop: $(wc -l < "$work/ch-requests.log")"
  kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""
  # One request per statement, one history insert per migration (its outcome travels with the
  # next one's started event) plus a few per run (the last outcome, the lock's lease rows).
  if [ "$statements" = "$expected" ] && [ "$history_inserts" -le "$(( ch_count + 5 ))" ]; then
    target "ClickHouse requests" "$per/migration + $other/run" "statements + constant" "PASS"
  else
    target "ClickHouse requests" "$per/migration + $other/run" "statements + constant" "MISS"
  fi

  # 2. Time, directly against the server: a fresh database before every run, the two
  # commands interleaved (this server's DDL latency drifts from one minute to the next).
  fresh() { echo "curl -sS --fail-with-body --data-binary 'DROP DATABASE IF EXISTS $1' $CLICKHOUSE_HTTP_URL && curl -sS --fail-with-body --data-binary 'CREATE DATABASE $1' $CLICKHOUSE_HTTP_URL"; }
  python3 "$here/paired.py" "$work/clickhouse.json" "$apply_runs" \
    "strata up ($ch_count migrations)" "$(fresh bench_s)" "$strata up --url clickhouse://default@127.0.0.1:$CLICKHOUSE_HTTP_PORT/bench_s --dir $dir" \
    "plain loop (python3, one POST per statement, keep-alive)" "$(fresh bench_p)" "python3 $here/ch_plain_loop.py $CLICKHOUSE_HTTP_PORT bench_p $dir" \
    "plain loop + one history-shaped row per migration" "$(fresh bench_h)" "python3 $here/ch_plain_loop.py $CLICKHOUSE_HTTP_PORT bench_h $dir --history"
  table_header; table "$work/clickhouse.json"
  r=$(hf paired-ratio "$work/clickhouse.json" 0 1)
  say "  strata/plain loop per round = $(hf paired "$work/clickhouse.json" 0 1)"
  say "  the history row alone, on this server: (loop + row)/loop per round = $(hf paired "$work/clickhouse.json" 2 1)"
  say "  strata/(loop + row) per round = $(hf paired "$work/clickhouse.json" 0 2)"
  target "ClickHouse $ch_count: strata/plain loop" "$r" "<= 1.2" "$(verdict "$r" "<=" 1.2)"
  # 3. What a row costs the server by the shape of its table: the floor under any history row.
  say "  one INSERT of one row, by table shape, against a request that writes nothing:"
  python3 "$here/ch_row_shapes.py" "$CLICKHOUSE_HTTP_PORT" "$ch_count" | tee -a "$work/summary.txt"
  bash "$root/scripts/clickhouse/stop.sh" "$chdir" >/dev/null 2>&1 || true
  say "  server stopped"
fi

# ---------------------------------------------------------------------------------------
# Python tools (--compare-python)

if [ -n "$compare_python" ] && { wants apply || wants noop; }; then
  section "Python tools on the same folders (duckdb-flyway, alembic + duckdb_engine)"
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/strata/bench-python"
  python312=""
  for candidate in python3.13 python3.12 "$HOME/.pyenv/versions/3.12.1/bin/python3" python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
       && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      python312="$candidate"; break
    fi
  done
  if [ ! -x "$venv/bin/python" ]; then
    if [ -n "$python312" ]; then "$python312" -m venv "$venv"; else python3 -m venv "$venv"; fi
  fi
  "$venv/bin/pip" install -q duckdb-flyway alembic duckdb_engine >"$work/pip.log" 2>&1 || true
  py="$venv/bin/python"; tools="$here/python_tools.py"
  have_flyway=""; have_alembic=""
  "$py" -c "import duckdb_flyway" 2>/dev/null && have_flyway=1 \
    || say "  duckdb-flyway could not run: $(grep -m1 -i -E 'requires|error' "$work/pip.log" || echo 'not importable') (it needs Python >= 3.12; found $("$venv/bin/python" --version))"
  "$py" -c "import alembic, duckdb_engine" 2>/dev/null && have_alembic=1 || say "  alembic/duckdb_engine could not be installed: $(tail -1 "$work/pip.log")"
  say "  $("$py" --version); $("$venv/bin/pip" list 2>/dev/null | grep -i -E '^(duckdb|duckdb-flyway|duckdb_engine|alembic|sqlalchemy) ' | tr -s ' ' | tr '\n' ';')"

  if wants apply; then
    dir="$(folder "$apply_count")"
    cmds=(); names=(); prepares=()
    if [ -n "$have_flyway" ]; then
      "$py" "$tools" flyway-prepare "$dir" "$work/flyway-$apply_count"
      names+=("duckdb-flyway apply"); cmds+=("$py $tools flyway-up $work/py-flyway.duckdb $work/flyway-$apply_count"); prepares+=(--prepare "rm -f $work/py-flyway.duckdb $work/py-flyway.duckdb.wal")
    fi
    if [ -n "$have_alembic" ]; then
      "$py" "$tools" alembic-prepare "$dir" "$work/alembic-$apply_count"
      names+=("alembic upgrade head"); cmds+=("$py $tools alembic-up $work/py-alembic.duckdb $work/alembic-$apply_count"); prepares+=(--prepare "rm -f $work/py-alembic.duckdb $work/py-alembic.duckdb.wal")
    fi
    if [ ${#cmds[@]} -gt 0 ]; then
      args=(); for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
      # One --prepare per command (hyperfine runs the n-th before each run of the n-th command),
      # so that each command's database survives the other commands' runs.
      hyperfine --style none --runs "$apply_runs" "${prepares[@]}" --export-json "$work/py-apply.json" "${args[@]}" >/dev/null
      say "  Apply $apply_count:"; table_header; table "$work/py-apply.json"
      if [ -f "$work/apply.json" ]; then
        floor=$(python3 -c "print(min($(hf median "$work/apply.json" 1), $(hf median "$work/apply.json" 2)))")
        for i in "${!cmds[@]}"; do say "  ${names[$i]}/baseline = $(hf ratio "$(hf median "$work/py-apply.json" "$i")" "$floor")   (strata/baseline = $(hf ratio "$(hf median "$work/apply.json" 0)" "$floor"))"; done
      fi
      # Keep the applied databases for the nothing-to-do comparison.
      [ -z "$have_flyway" ] || cp "$work/py-flyway.duckdb" "$work/py-flyway-applied.duckdb"
      [ -z "$have_alembic" ] || cp "$work/py-alembic.duckdb" "$work/py-alembic-applied.duckdb"
    fi
  fi
  if wants noop && [ -f "$work/noop-$apply_count.json" ]; then
    args=()
    [ -z "$have_flyway" ] || [ ! -f "$work/py-flyway-applied.duckdb" ] || args+=(-n "duckdb-flyway (nothing pending)" "$py $tools flyway-up $work/py-flyway-applied.duckdb $work/flyway-$apply_count")
    [ -z "$have_alembic" ] || [ ! -f "$work/py-alembic-applied.duckdb" ] || args+=(-n "alembic upgrade head (nothing pending)" "$py $tools alembic-up $work/py-alembic-applied.duckdb $work/alembic-$apply_count" \
                                                                               -n "alembic current" "$py $tools alembic-current $work/py-alembic-applied.duckdb $work/alembic-$apply_count")
    if [ ${#args[@]} -gt 0 ]; then
      hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/py-noop.json" "${args[@]}" >/dev/null
      say "  Nothing to do, $apply_count applied:"; table_header; table "$work/py-noop.json"
      rw=$(hf median "$work/noop-$apply_count.json" 1)
      count=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['results']))" "$work/py-noop.json")
      for ((i = 0; i < count; i++)); do
        name=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][$i]['command'])" "$work/py-noop.json")
        say "  $name / baseline read = $(hf ratio "$(hf median "$work/py-noop.json" "$i")" "$rw")   (strata up / baseline = $(hf ratio "$(hf median "$work/noop-$apply_count.json" 0)" "$rw"))"
      done
    fi
  fi
fi

# ---------------------------------------------------------------------------------------
# phases

if wants phases; then
  for n in $noop_counts; do
    section "Phases of a nothing-to-do run at $n (one process, median of 5, ms)"
    dir="$(folder "$n")"; db="$(applied_db "$n")"
    say "  strata status:"; "$tool" phases "$dir" "$db" status 5 | column -t -s $'\t' | sed 's/^/    /' | tee -a "$work/summary.txt"
    say "  strata up:"; "$tool" phases "$dir" "$db" up 5 | column -t -s $'\t' | sed 's/^/    /' | tee -a "$work/summary.txt"
  done
fi

# ---------------------------------------------------------------------------------------
# micro (package-benchmark)

if wants micro; then
  section "In-process (package-benchmark, Benchmarks/)"
  filter=()
  [ -z "$quick" ] || filter=(--filter ".*(ensure|fold of 1,000|Parse one|digest|session).*")
  (cd "$src/Benchmarks" && STRATA_BENCH_WORK="$work" swift package --scratch-path "$scratch" benchmark --no-progress \
     --format markdown --path stdout "${filter[@]}" 2>"$work/micro.err") >"$work/micro.md" \
    || { tail -30 "$work/micro.err"; echo "bench.sh: package-benchmark failed" >&2; exit 1; }
  python3 - "$work/micro.md" <<'EOF' | tee -a "$work/summary.txt"
import re, sys
# Print the wall-clock p50 of every benchmark from package-benchmark's markdown tables
# (columns: metric, p0, p25, p50, ...).
name = None
for line in open(sys.argv[1]):
    m = re.match(r"^### (.+?)(?: metrics)?$", line.rstrip("\n"))
    if m:
        name = m.group(1)
    if name and line.startswith("| Time (wall clock)"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        unit = re.search(r"\((\w+)\)", cells[0])
        print(f"  p50 {cells[3]:>10} {unit.group(1) if unit else ''}  {name}")
        name = None
EOF
  # The target is measured in an ordinary process (strata-bench ensure): package-benchmark's
  # process allocates through its own counting allocator, which slows DuckDB's planning.
  say "  Migrator.ensure in an application-like process, 1,000 applied (median, min; ms):"
  "$tool" ensure "$(folder 1000)" "$(applied_db 1000)" 300 | tee "$work/ensure.tsv" | sed 's/^/    /' | tee -a "$work/summary.txt"
  ensure_ms=$(awk -F'\t' '$1 == "Migrator.ensure" { print $2 }' "$work/ensure.tsv")
  target "Migrator.ensure, 1,000 applied (median)" "$ensure_ms ms" "< 1 ms" "$(verdict "$ensure_ms" "<" 1)"
fi

# ---------------------------------------------------------------------------------------

section "Targets (issue 7)"
for t in "${targets[@]}"; do
  IFS='|' read -r name figure goal result <<<"$t"
  printf '  %-4s  %-50s %-22s (target %s)\n' "$result" "$name" "$figure" "$goal" | tee -a "$work/summary.txt"
done
say ""
machine
cp "$work/summary.txt" "$root/Benchmarks/.build-bench/bench-summary.txt"
say "Summary also in Benchmarks/.build-bench/bench-summary.txt"
