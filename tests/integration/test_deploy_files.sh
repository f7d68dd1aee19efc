#!/usr/bin/env bash
# test_deploy_files.sh - validates the deployment artifacts in deploy/ without a container
# engine or a cluster (see deploy_check.py for the checks), then proves the checks can fail:
# each of a list of small breakages applied to a copy of deploy/ must be reported.
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

# 1. The real files.
if $PY "$CHECK" --src "$SRC" --deploy "$SRC/deploy" --bin "$BIN" >"$TMP/real.log" 2>&1; then
  pass "deploy/ passes $(grep -c '^ok:' "$TMP/real.log") checks"
else
  fail "deploy/ checks:"
  grep -v '^ok:' "$TMP/real.log"
fi

# 2. Broken copies. Each mutation edits one file of a fresh copy of deploy/ inside a mirror of
# the source tree (so relative paths still resolve) and must make the checks fail.
mirror=$TMP/src
mkdir -p "$mirror"
for e in "$SRC"/* "$SRC"/.[!.]*; do
  [ -e "$e" ] || continue
  [ "$(basename "$e")" = deploy ] && continue
  ln -s "$e" "$mirror/$(basename "$e")"
done

# mutate FILE DESCRIPTION PYTHON-EXPRESSION-ON-s: s is the file's text.
mutate() {
  local file=$1 what=$2 expr=$3
  rm -rf "$mirror/deploy"
  cp -r "$SRC/deploy" "$mirror/deploy"
  if ! $PY - "$mirror/deploy/$file" "$expr" <<'EOF'
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
t = eval(expr)
if t == s:
    sys.exit(f"mutation changed nothing in {path}")
open(path, "w", encoding="utf-8").write(t)
EOF
  then
    fail "mutation '$what' could not be applied (the file changed; update the test)"
    return
  fi
  if $PY "$CHECK" --src "$mirror" --deploy "$mirror/deploy" --bin "$BIN" >"$TMP/mut.log" 2>&1; then
    fail "broken $file not detected: $what"
  else
    pass "broken $file detected: $what ($(grep -m1 '^FAIL' "$TMP/mut.log" | cut -c7-90))"
  fi
}

mutate Dockerfile "COPY of a missing path" \
  's.replace("COPY schemas/ /usr/share", "COPY schema/ /usr/share")'
mutate Dockerfile "runtime library package dropped" 's.replace(" libjansson4", "")'
mutate Dockerfile "runs as root" 's.replace("USER 10001:10001", "USER root")'
mutate Dockerfile "shell-form ENTRYPOINT" 's.replace("ENTRYPOINT [\"claimwire\"]", "ENTRYPOINT claimwire")'
mutate compose.yaml "YAML syntax error" 's.replace("services:\n", "services:\n  - broken\n", 1)'
mutate compose.yaml "a worker in another group" \
  's.replace("CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID: claimwire-3", "CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID: claimwire-3\n      CLAIMWIRE_WORKER_GROUP_ID: other")'
mutate compose.yaml "invalid override value" 's.replace("CLAIMWIRE_WORKER_THREADS: \"1\"", "CLAIMWIRE_WORKER_THREADS: \"many\"")'
mutate compose.yaml "registry URL naming no service" 's.replace("http://schema-registry:8081", "http://registry:8081")'
mutate k8s/deployment.yaml "readiness on a wrong path" 's.replace("path: /readyz", "path: /ready")'
mutate k8s/deployment.yaml "grace period below the shutdown timeout" \
  's.replace("terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 20")'
mutate k8s/configmap.yaml "config value out of range" 's.replace("max_in_flight = 1000;", "max_in_flight = 0;")'
mutate k8s/scaledobject.yaml "KEDA watching another group" 's.replace("consumerGroup: claimwire", "consumerGroup: claimwire-x")'
mutate systemd/claimwire.service "misspelt setting name" 's.replace("ProtectKernelTunables=yes", "ProtectKernelTunable=yes")'
mutate systemd/claimwire.service "stop timeout below the shutdown timeout" 's.replace("TimeoutStopSec=45", "TimeoutStopSec=10")'
mutate systemd/claimwire.service "sandbox weakened" \
  '"\n".join(l for l in s.splitlines() if not l.startswith(("Protect", "Private", "Restrict", "SystemCall", "CapabilityBoundingSet", "MemoryDeny", "NoNewPrivileges", "DynamicUser"))) + "\n"'
mutate prometheus/alerts.yml "PromQL syntax error" 's.replace("up{job=\"claimwire\"} == 0", "up{job=\"claimwire\"} ==", 1)'
mutate prometheus/alerts.yml "alert that no longer matches its unit test" 's.replace("for: 2m", "for: 10m", 1)'
mutate prometheus/alerts.yml "unknown metric" 's.replace("claimwire_delivery_failures_total", "claimwire_delivery_errors_total")'
mutate prometheus/prometheus.yml "scrape target that is not a worker" 's.replace("worker-3:9464", "worker-4:9464")'
mutate grafana/claimwire-dashboard.json "truncated JSON" 's[: len(s) // 2]'
mutate grafana/claimwire-dashboard.json "unknown metric" \
  's.replace("claimwire_messages_processed_total", "claimwire_messages_done_total")'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
