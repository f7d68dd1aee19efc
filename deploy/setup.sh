#!/usr/bin/env bash
# setup.sh - installs what claimwire needs on Debian 12 (only the packages that are missing) and
# builds it into ./build (BUILD_DIR to change). Run from anywhere; as root, or with sudo at hand.
#   deploy/setup.sh              packages + build
#   deploy/setup.sh --no-build   packages only
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
PACKAGES=(build-essential cmake pkg-config librdkafka-dev libavro-dev libconfig-dev
          libjansson-dev libmicrohttpd-dev libcurl4-openssl-dev kcat curl python3-avro
          python3-confluent-kafka python3-requests python3-yaml prometheus systemd valgrind)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "setup: missing packages (${missing[*]}); run as root or install sudo" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present" >&2
fi

[ "${1:-}" = "--no-build" ] && exit 0

JOBS=$(nproc 2>/dev/null || echo 2)
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" -j "$JOBS"
echo "setup: built $BUILD_DIR/claimwire" >&2
