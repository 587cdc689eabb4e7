#!/usr/bin/env bash
# Installs chDB (PyPI's chdb-core 26.9.0: ClickHouse 26.9.2.1 as a library) into a virtual
# environment of its own, once per machine, for the ClickHouse 26.9 test front (front.py).
#
# Where: /opt/strata/chdb-26.9.0 when /opt/strata is writable, else
# ${XDG_DATA_HOME:-$HOME/.local/share}/strata/chdb-26.9.0 (STRATA_CHDB_PREFIX overrides).
#
# Idempotent: an environment that imports chDB at the pinned version is reused as it is. One
# that does not (an install cut short, a Python that went away) is removed and made again. A
# marker file stays in the environment while it is being made, and a lock keeps two installs
# (two test processes) from making it at the same time.
#
# Only chdb-core itself, with --no-deps: the full `chdb` package pulls pandas, pyarrow and
# numpy (~900 MB) that the front never imports. The wheel is ~181 MB.
#
# Usage: scripts/chdb/install.sh
# Environment: STRATA_CHDB_PREFIX (where), STRATA_PYTHON (the Python to make the
#   environment with), STRATA_CHDB_WHEEL (a chdb-core wheel file to install instead of
#   downloading one, for machines without PyPI); pip's own PIP_INDEX_URL etc. apply.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

if chdb_ready; then
  chdb_log "already installed: chdb-core $CHDB_CORE_VERSION in $CHDB_PREFIX (nothing to do)"
  exit 0
fi

# A Python with the venv module and ensurepip (Debian splits them into python3-venv). The
# system one first: a venv points at the Python it was made with, and a version manager's
# (pyenv's) Python can move or go away.
python=""
for candidate in ${STRATA_PYTHON:-} /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
    python="$(command -v "$candidate")"
    break
  fi
done
[ -n "$python" ] || chdb_die "no Python 3.9 or newer with the venv module found (on Debian/Ubuntu: apt-get install python3-venv; or set STRATA_PYTHON)"

mkdir -p "$(dirname "$CHDB_PREFIX")" || chdb_die "cannot create $(dirname "$CHDB_PREFIX")"
exec 9>"$CHDB_PREFIX.lock" || chdb_die "cannot write $CHDB_PREFIX.lock"
if ! flock -w 900 9; then chdb_die "another install into $CHDB_PREFIX has held $CHDB_PREFIX.lock for 15 minutes"; fi
# The install that held the lock may have finished it.
if chdb_ready; then
  chdb_log "installed by another process meanwhile: chdb-core $CHDB_CORE_VERSION in $CHDB_PREFIX"
  exit 0
fi

if [ -e "$CHDB_PREFIX" ]; then
  chdb_log "removing the incomplete environment in $CHDB_PREFIX (it does not import chdb-core $CHDB_CORE_VERSION)"
  rm -rf "$CHDB_PREFIX"
fi
t_start=$(date +%s)
chdb_log "creating a virtual environment in $CHDB_PREFIX with $python ($("$python" --version 2>&1))"
"$python" -m venv "$CHDB_PREFIX" >&2 || chdb_die "python -m venv $CHDB_PREFIX failed (see above)"
touch "$CHDB_PREFIX/.strata-install-in-progress"

if [ -n "${STRATA_CHDB_WHEEL:-}" ]; then
  [ -f "$STRATA_CHDB_WHEEL" ] || chdb_die "STRATA_CHDB_WHEEL=$STRATA_CHDB_WHEEL is not a file"
  target="$STRATA_CHDB_WHEEL"
else
  target="chdb-core==$CHDB_CORE_VERSION"
fi
chdb_log "pip install --no-deps $target (a ~181 MB wheel)"
pip_log="$(mktemp)"
trap 'rm -f "$pip_log"' EXIT
if ! "$CHDB_PYTHON" -m pip install --no-deps --no-input --disable-pip-version-check --timeout 60 --retries 2 \
    "$target" > "$pip_log" 2>&1; then
  tail -n 25 "$pip_log" >&2
  if grep -qiE 'connection|resolve|network|timed out|proxy|ssl|certificate|no matching distribution|could not find a version' "$pip_log"; then
    chdb_die "pip could not get chdb-core $CHDB_CORE_VERSION from its index (${PIP_INDEX_URL:-PyPI}): no network, a proxy, or a mirror without it. Point PIP_INDEX_URL at a mirror, or set STRATA_CHDB_WHEEL to a downloaded wheel, and run this again."
  fi
  chdb_die "pip install --no-deps $target failed (pip's output above)"
fi

rm -f "$CHDB_PREFIX/.strata-install-in-progress"
# Check the result rather than trusting pip's exit code.
if ! chdb_ready; then
  "$CHDB_PYTHON" -c 'from chdb import session' >&2 || true
  chdb_die "chdb-core was installed into $CHDB_PREFIX but does not import as chdb-core $CHDB_CORE_VERSION (error above)"
fi
chdb_log "done in $(( $(date +%s) - t_start )) s: chdb-core $CHDB_CORE_VERSION in $CHDB_PREFIX"
