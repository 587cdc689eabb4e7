#!/usr/bin/env bash
# Builds the `strata` command for deploy jobs and CI: release mode, with the Swift runtime
# and Foundation linked in (`--static-swift-stdlib`), so that the binary needs only libc, zlib,
# libstdc++ and libduckdb on the machine that runs it, and starts about 8 ms faster (no
# dynamic linking of the Swift libraries: 19 against 27 ms for `strata --version`).
#
#   bash scripts/build-release.sh                 # prints the binary's path
#   bash scripts/build-release.sh --scratch DIR   # build folder (default .build-release)
#
# libduckdb is installed when missing (scripts/install-duckdb.sh); the binary looks for it
# where it was built against (an rpath to $DUCKDB_LIB_DIR) and then where the system's loader
# looks (LD_LIBRARY_PATH, /etc/ld.so.conf): copy libduckdb.so along with the binary to a
# machine without that folder. The first build takes about 10 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$root/.build-release"
while [ $# -gt 0 ]; do
  case "$1" in
    --scratch) scratch="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "build-release.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

bash "$root/scripts/install-duckdb.sh" >&2
# shellcheck source=duckdb-prefix.sh
source "$root/scripts/duckdb-prefix.sh"
write_duckdb_pc
cd "$root"
swift build -c release --static-swift-stdlib --product strata --scratch-path "$scratch" "${STRATA_SWIFT_FLAGS[@]}" >&2
echo "$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path "${STRATA_SWIFT_FLAGS[@]}")/strata"
