#!/usr/bin/env bash
# demo.sh - claimwire end to end on one machine: installs what is missing and builds
# (deploy/setup.sh), starts the embedded broker, sends the sample articles of
# tests/data/articles/, runs one worker, prints the decoded entities and claims, stops cleanly.
# Run from anywhere on Debian 12, as root (or with sudo for the package installation).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
CFG="$ROOT/config/demo.cfg"
ARTICLES="$ROOT/tests/data/articles"
BIN="$BUILD_DIR/claimwire"

"$ROOT/deploy/setup.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/claimwire-demo.XXXXXX")
BROKER_PID=
WORKER_PID=
cleanup() {
  local pid
  for pid in $WORKER_PID $BROKER_PID; do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# poll SECONDS CMD...: runs CMD every 0.2 s until it succeeds or SECONDS pass.
poll() {
  local end=$(( $(date +%s) + $1 ))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.2
  done
}

step() { printf '\n== %s\n' "$*"; }

step "starting the embedded broker (librdkafka mock cluster)"
"$BIN" broker -c "$CFG" --bootstrap-file "$WORK/bootstrap" >/dev/null 2>"$WORK/broker.log" &
BROKER_PID=$!
poll 30 test -s "$WORK/bootstrap" || { cat "$WORK/broker.log" >&2; echo "demo: the broker did not start" >&2; exit 1; }
CLAIMWIRE_BOOTSTRAP_SERVERS=$(head -n 1 "$WORK/bootstrap")
export CLAIMWIRE_BOOTSTRAP_SERVERS
echo "bootstrap.servers = $CLAIMWIRE_BOOTSTRAP_SERVERS"

n=$(find "$ARTICLES" -maxdepth 1 -name '*.json' | wc -l)
step "producing $n articles from tests/data/articles/ to topic 'articles'"
"$BIN" produce -c "$CFG" -t articles "$ARTICLES"

step "running one worker (log: $WORK/worker.log)"
"$BIN" run -c "$CFG" 2>"$WORK/worker.log" &
WORKER_PID=$!
poll 60 grep -q "worker started" "$WORK/worker.log" || { cat "$WORK/worker.log" >&2; exit 1; }
grep "worker started" "$WORK/worker.log"

step "waiting for one entities record per article"
# tail -n waits (up to the timeout) until the records are there.
"$BIN" tail -c "$CFG" -t claimwire.entities -n "$n" --timeout-ms 180000 >"$WORK/entities.jsonl" || {
  tail -n 20 "$WORK/worker.log" >&2; echo "demo: not all articles were processed" >&2; exit 1; }
"$BIN" tail -c "$CFG" -t claimwire.claims --timeout-ms 30000 >"$WORK/claims.jsonl" || true

summary() {
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 - "$WORK/entities.jsonl" "$WORK/claims.jsonl" <<'PY'
import json, sys
ents = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
claims = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
print("\n== entities: %d records" % len(ents))
for r in sorted(ents, key=lambda r: r["article_id"]):
    top = sorted(r["entities"], key=lambda e: -e["salience"])[:6]
    print("%-38s %s" % (r["article_id"][:38], "; ".join(
        "%s %s%s" % (e["type"], e["canonical"], " = " + e["normalized"] if e.get("normalized") else "")
        for e in top)))
print("\n== claims: %d records (first 15)" % len(claims))
for c in claims[:15]:
    who = (c.get("speaker_entity") or {}).get("canonical") or (c.get("speaker") or {}).get("text") or "?"
    cue = (c.get("cue") or {}).get("text") or "-"
    text = c["content"]["text"].replace("\n", " ")
    print("%-10s %s [%s]: %s" % (c["kind"], who, cue, text[:110] + ("..." if len(text) > 110 else "")))
PY
  else
    cat "$WORK/entities.jsonl" "$WORK/claims.jsonl"
  fi
}
summary
echo
echo "one full entities record:"
head -n 1 "$WORK/entities.jsonl" | cut -c 1-1500

step "stopping the worker (SIGTERM: drain, flush, commit)"
kill -TERM "$WORKER_PID"
rc=0
poll 60 eval "! kill -0 $WORKER_PID" || { echo "demo: the worker did not stop" >&2; exit 1; }
wait "$WORKER_PID" || rc=$?
WORKER_PID=
grep "worker stopped" "$WORK/worker.log" || true
[ "$rc" -eq 0 ] || { echo "demo: the worker exited $rc" >&2; exit 1; }
kill -TERM "$BROKER_PID"
poll 30 eval "! kill -0 $BROKER_PID" || true
wait "$BROKER_PID" 2>/dev/null || true
BROKER_PID=
echo "demo: done"
