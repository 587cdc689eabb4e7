#!/usr/bin/env bash
# Installs libduckdb (duckdb.h + libduckdb.so) once per machine.
#
# DuckDB ships no ready-made C library through the registries this project may use,
# so this script builds the DuckDB source tree that the `duckdb` source distribution
# on PyPI carries (external/duckdb) and installs the shared library and its header
# into a prefix that every later build, test run and CI job reuses.
#
#   DUCKDB_PREFIX   where libduckdb lives or is installed
#                   (default /opt/strata/libduckdb-$DUCKDB_VERSION, or
#                    ~/.local/share/strata/libduckdb-$DUCKDB_VERSION when /opt is not writable).
#                   If the folder already holds duckdb.h and libduckdb.so (a release zip
#                   unpacked flat, or a prefix with include/ and lib/), nothing is built.
#   DUCKDB_BUILD_JOBS  parallel compile jobs (default: number of cores)
#
# Choices, measured on 2 cores (see README "How long the first set-up takes"):
#   - clang from the Swift toolchain: it compiles DuckDB's unity files faster than gcc 12;
#   - -O1 -g0: a migration tool runs DDL and small inserts, so DuckDB's -O3 buys little at
#     run time and costs much compile time; no debug info keeps the link small;
#   - only the `duckdb` shared-library target: no shell, no unit tests, no benchmarks;
#   - DuckDB's standard statically linked extensions stay in: core_functions, json, icu
#     (time zones) and parquet (read_parquet backfills); nothing can be downloaded later,
#     so extension auto-install is switched off and a missing extension fails at once.
set -euo pipefail

DUCKDB_VERSION="${DUCKDB_VERSION:-2.0.1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=duckdb-prefix.sh
source "$here/duckdb-prefix.sh"

if duckdb_prefix_ready; then
  echo "libduckdb: using $DUCKDB_INCLUDE_DIR/duckdb.h and $DUCKDB_LIB_DIR/libduckdb.so"
  exit 0
fi

if [ -n "${DUCKDB_PREFIX_FROM_USER:-}" ] && [ -e "$DUCKDB_PREFIX" ] && [ -n "$(ls -A "$DUCKDB_PREFIX" 2>/dev/null)" ] \
   && [ ! -f "$DUCKDB_PREFIX/.strata-build-in-progress" ]; then
  echo "libduckdb: DUCKDB_PREFIX=$DUCKDB_PREFIX exists but holds no duckdb.h and libduckdb.so." >&2
  echo "  Point DUCKDB_PREFIX at the folder that has them (flat, or include/ and lib/), or at an empty folder to build there." >&2
  exit 1
fi

started=$(date +%s)
work="${DUCKDB_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/strata/duckdb-build-$DUCKDB_VERSION}"
mkdir -p "$work" "$DUCKDB_PREFIX"
touch "$DUCKDB_PREFIX/.strata-build-in-progress"
echo "libduckdb $DUCKDB_VERSION: building into $DUCKDB_PREFIX (work folder $work)."
echo "  This takes up to about 50 minutes on 2 cores (52 min measured under load), once per machine."

# Build tools: cmake and ninja from PyPI when the machine has none.
tools="$work/tools"
if ! command -v cmake >/dev/null || ! command -v ninja >/dev/null; then
  if [ ! -x "$tools/bin/cmake" ] || [ ! -x "$tools/bin/ninja" ]; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet cmake ninja
  fi
  export PATH="$tools/bin:$PATH"
fi

# Sources: the sdist of the pinned version (never --no-binary :all:, which builds cmake too).
src="$work/duckdb-$DUCKDB_VERSION"
if [ ! -f "$src/external/duckdb/CMakeLists.txt" ]; then
  python3 -m pip download --quiet --no-deps --no-binary duckdb "duckdb==$DUCKDB_VERSION" -d "$work/sdist"
  tar -xzf "$work/sdist/duckdb-$DUCKDB_VERSION.tar.gz" -C "$work"
fi

# Compiler: clang from the Swift toolchain when present, else the system's.
swift_bin="$(dirname "$(readlink -f "$(command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)")")"
if [ -x "$swift_bin/clang" ] && [ -x "$swift_bin/clang++" ]; then
  cc="$swift_bin/clang"; cxx="$swift_bin/clang++"
elif command -v clang++ >/dev/null; then
  cc=clang; cxx=clang++
else
  cc=gcc; cxx=g++
fi

build="$work/build"
jobs="${DUCKDB_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}"
cmake -S "$src/external/duckdb" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCXX_EXTRA="-O1 -g0" \
  -DOVERRIDE_GIT_DESCRIBE="v$DUCKDB_VERSION" -DDUCKDB_COMMIT=0000000000 \
  -DBUILD_EXTENSIONS="core_functions;json;icu;parquet" \
  -DBUILD_SHELL=FALSE -DBUILD_UNITTESTS=FALSE -DENABLE_UNITTEST_CPP_TESTS=FALSE \
  -DBUILD_BENCHMARKS=FALSE -DENABLE_EXTENSION_AUTOINSTALL=FALSE \
  -DENABLE_SANITIZER=FALSE -DENABLE_UBSAN=FALSE > "$work/configure.log"
ninja -C "$build" -j "$jobs" duckdb

mkdir -p "$DUCKDB_PREFIX/include" "$DUCKDB_PREFIX/lib"
cp "$src/external/duckdb/src/include/duckdb.h" "$DUCKDB_PREFIX/include/duckdb.h"
cp "$build/src/libduckdb.so" "$DUCKDB_PREFIX/lib/libduckdb.so"
rm -f "$DUCKDB_PREFIX/.strata-build-in-progress"
echo "$DUCKDB_VERSION" > "$DUCKDB_PREFIX/VERSION"
elapsed=$(( $(date +%s) - started ))
echo "libduckdb $DUCKDB_VERSION installed in $DUCKDB_PREFIX after $((elapsed / 60)) min $((elapsed % 60)) s."
