# Sourced by the other scripts: where libduckdb is, and the flags that point a Swift build at it.
#
# Sets DUCKDB_PREFIX, DUCKDB_INCLUDE_DIR, DUCKDB_LIB_DIR and defines duckdb_prefix_ready.
# A prefix may be laid out as include/ + lib/ (what install-duckdb.sh writes, Homebrew)
# or flat (a DuckDB release zip: duckdb.h and libduckdb.so side by side).

DUCKDB_VERSION="${DUCKDB_VERSION:-2.0.1}"
if [ -n "${DUCKDB_PREFIX:-}" ]; then
  DUCKDB_PREFIX_FROM_USER=1
else
  if mkdir -p /opt/strata 2>/dev/null && [ -w /opt/strata ]; then
    DUCKDB_PREFIX="/opt/strata/libduckdb-$DUCKDB_VERSION"
  else
    DUCKDB_PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}/strata/libduckdb-$DUCKDB_VERSION"
  fi
fi
export DUCKDB_PREFIX

if [ -f "$DUCKDB_PREFIX/duckdb.h" ]; then
  DUCKDB_INCLUDE_DIR="$DUCKDB_PREFIX"; DUCKDB_LIB_DIR="$DUCKDB_PREFIX"
else
  DUCKDB_INCLUDE_DIR="$DUCKDB_PREFIX/include"; DUCKDB_LIB_DIR="$DUCKDB_PREFIX/lib"
fi
export DUCKDB_INCLUDE_DIR DUCKDB_LIB_DIR

duckdb_prefix_ready() {
  [ -f "$DUCKDB_INCLUDE_DIR/duckdb.h" ] && [ -f "$DUCKDB_LIB_DIR/libduckdb.so" ] \
    && [ ! -f "$DUCKDB_PREFIX/.strata-build-in-progress" ]
}

# Flags for `swift build` / `swift test`: header, library and run-time search path.
STRATA_SWIFT_FLAGS=(-Xcc "-I$DUCKDB_INCLUDE_DIR" -Xlinker "-L$DUCKDB_LIB_DIR" -Xlinker -rpath -Xlinker "$DUCKDB_LIB_DIR")
