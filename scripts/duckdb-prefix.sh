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

# The CDuckDB target finds duckdb.h and libduckdb through pkg-config (duckdb.pc), which
# SwiftPM applies to that target only; written here for whichever prefix is in use.
# Applications that depend on Strata set PKG_CONFIG_PATH the same way.
strata_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STRATA_PKG_CONFIG_DIR="$strata_root/.deps/pkgconfig"
write_duckdb_pc() {
  mkdir -p "$STRATA_PKG_CONFIG_DIR"
  local pc="$STRATA_PKG_CONFIG_DIR/duckdb.pc"
  local text
  text="$(printf 'Name: duckdb\nDescription: DuckDB C API (for Strata)\nVersion: %s\nCflags: -I%s\nLibs: -L%s -lduckdb\n' \
    "$DUCKDB_VERSION" "$DUCKDB_INCLUDE_DIR" "$DUCKDB_LIB_DIR")"
  # Rewrite only on change, so that SwiftPM does not rebuild for nothing.
  if [ ! -f "$pc" ] || [ "$(cat "$pc")" != "$text" ]; then printf '%s\n' "$text" > "$pc"; fi
}
export PKG_CONFIG_PATH="$STRATA_PKG_CONFIG_DIR${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# Flags for `swift build` / `swift test`: where the executable finds libduckdb at run time.
STRATA_SWIFT_FLAGS=(-Xlinker -rpath -Xlinker "$DUCKDB_LIB_DIR")
