#!/usr/bin/env bash
# Installs what the ClickHouse tests need, from Debian's packages, once per machine:
#   clickhouse-server + clickhouse-client  (Debian ships 18.16.1 only)
#   zookeeper                              (needed by 18.16 for replicated tables / ON CLUSTER)
#   a Java runtime                         (for ZooKeeper)
#   curl, python3                          (used by the start scripts)
#   openssl                                (the TLS tests make a throw-away certificate authority)
#
# Idempotent: anything already present is left alone; `apt-get update` runs only when
# apt does not know a package yet. No service is started: servers run as plain processes
# (see start-server.sh / start-cluster.sh). A temporary /usr/sbin/policy-rc.d stops the
# packages' maintainer scripts from trying to start services during the install.
#
# Usage: scripts/clickhouse/install.sh        (run as root, or with sudo available)
set -euo pipefail

log() { echo "clickhouse-install: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "must run as root (or have sudo) to install packages"
  SUDO="sudo"
fi

have_server() {
  [ -x /usr/bin/clickhouse-server ] || [ -x /usr/sbin/clickhouse-server ] || [ -x /usr/bin/clickhouse ] \
    || command -v clickhouse-server >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1
}
have_client() {
  [ -x /usr/bin/clickhouse-client ] || command -v clickhouse-client >/dev/null 2>&1 \
    || [ -x /usr/bin/clickhouse ] || command -v clickhouse >/dev/null 2>&1
}
have_zookeeper() { [ -f /usr/share/java/zookeeper.jar ]; }
have_java() { command -v java >/dev/null 2>&1; }
have_curl() { command -v curl >/dev/null 2>&1; }
have_python() { [ -x /usr/bin/python3 ] || command -v python3 >/dev/null 2>&1; }
have_openssl() { command -v openssl >/dev/null 2>&1; }

pkgs=()
have_server || pkgs+=(clickhouse-server)
have_client || pkgs+=(clickhouse-client)
have_zookeeper || pkgs+=(zookeeper)
have_java || pkgs+=(default-jre-headless)
have_curl || pkgs+=(curl)
have_python || pkgs+=(python3)
have_openssl || pkgs+=(openssl)

if [ ${#pkgs[@]} -eq 0 ]; then
  log "already installed (nothing to do)"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || die "missing ${pkgs[*]} and apt-get is not available (this script supports Debian/Ubuntu)"
log "installing: ${pkgs[*]}"

export DEBIAN_FRONTEND=noninteractive

# Keep maintainer scripts from starting services (there is no init system to start them
# under, and the tests run their own processes anyway). Only remove the file if we made it.
policy=/usr/sbin/policy-rc.d
made_policy=""
cleanup() {
  if [ -n "$made_policy" ]; then $SUDO rm -f "$policy"; fi
}
trap cleanup EXIT
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# temporary, from strata scripts/clickhouse/install.sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi

# apt-get update only if some package has no install candidate yet.
needs_update=""
for p in "${pkgs[@]}"; do
  cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then needs_update=1; break; fi
done
if [ -n "$needs_update" ]; then
  log "apt-get update"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
fi

apt_install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${pkgs[@]}" >&2
}
if ! apt_install; then
  # Old package lists can name versions the mirror no longer has: refresh once and retry.
  [ -z "$needs_update" ] || die "apt-get install ${pkgs[*]} failed (see apt output above)"
  log "apt-get install failed; running apt-get update and retrying"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
  apt_install || die "apt-get install ${pkgs[*]} failed (see apt output above)"
fi

# Check the result rather than trusting apt's exit code.
have_server || die "clickhouse-server binary not found after install"
have_client || die "clickhouse-client binary not found after install"
have_zookeeper || die "/usr/share/java/zookeeper.jar not found after install"
have_java || die "java not found after install"
have_curl || die "curl not found after install"
have_python || die "python3 not found after install"
have_openssl || die "openssl not found after install"

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
log "done: clickhouse-server $(ch_server_version), zookeeper $(dpkg-query -W -f='${Version}' zookeeper 2>/dev/null || echo '?')"
