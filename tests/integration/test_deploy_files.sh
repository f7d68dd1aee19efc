#!/usr/bin/env bash
# test_deploy_files.sh - validates the deployment artifacts in deploy/ without a container
# engine or a cluster (see deploy_check.py for the checks), then proves the checks can fail:
# each of a list of small breakages (deploy_check.py, MUTATIONS) applied to a copy of deploy/
# must be reported.
#
#   tests/integration/test_deploy_files.sh path/to/claimwire
#
# Needs /usr/bin/python3 with PyYAML (python3-yaml), promtool (prometheus), systemd-analyze
# (systemd), dpkg, readelf (binutils) and pkg-config.
set -uo pipefail

BIN=${1:?usage: $0 path/to/claimwire}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SRC=${CW_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CHECK=$SRC/tests/integration/deploy_check.py
PY=/usr/bin/python3

passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

missing=()
$PY -c 'import yaml' 2>/dev/null || missing+=("python3-yaml")
command -v promtool >/dev/null || missing+=("prometheus (promtool)")
command -v systemd-analyze >/dev/null || missing+=("systemd (systemd-analyze)")
command -v readelf >/dev/null || missing+=("binutils (readelf)")
if [ ${#missing[@]} -gt 0 ]; then
  fail "missing tools: ${missing[*]} (apt-get install them)"
  echo "$passed passed, $failed failed"
  exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The real files, then every deliberate breakage of deploy_check.py's MUTATIONS list (each must
# be reported), all in one process.
if $PY "$CHECK" --src "$SRC" --deploy "$SRC/deploy" --bin "$BIN" --mutations >"$TMP/check.log" 2>&1; then
  pass "deploy/ passes $(grep -c '^ok:' "$TMP/check.log") checks"
  grep -E '^(PASS|FAIL):' "$TMP/check.log"
  passed=$((passed + $(grep -c '^PASS:' "$TMP/check.log")))
else
  fail "deploy/ checks:"
  grep -v '^ok:' "$TMP/check.log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
