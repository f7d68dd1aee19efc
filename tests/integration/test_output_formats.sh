# test_output_formats.sh - worker.output_format as downstream consumers see it, read by clients
# that share no code with the worker (format_read.py: confluent_kafka and python3-avro; kcat):
# confluent writes the Confluent wire format with the registry's schema ids, json writes the
# same claims as JSON objects; in both, claims are keyed by claim id and carry their article's
# url, title, source and language, and the speaker's entity id. The registry is
# tests/integration/registry_server.py, a test double of the Confluent REST API.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 120

"$CW_PY" "$CW_LIB_DIR/registry_server.py" --ready-file "$CW_TMP/reg.port" \
  --log "$CW_TMP/reg.requests" >"$CW_TMP/reg.log" 2>&1 &
CW_CHILD_PIDS+=("$!")
wait_for 30 "registry up" test -s "$CW_TMP/reg.port" || fail "the registry did not start"
URL="http://127.0.0.1:$(cat "$CW_TMP/reg.port")"

cw_write_config
# Topics of the JSON worker, beside the default ones.
sed -i 's/    { name = "claimwire.deadletter"; partitions = 1; }/&,\n    { name = "json.entities"; partitions = 2; },\n    { name = "json.claims"; partitions = 2; }/' "$CW_CFG"
grep -q json.claims "$CW_CFG" || fail "could not add the JSON topics to $CW_CFG"
cw_start_broker

mkdir "$CW_TMP/articles"
for a in rail-tunnel-oslo-2024-10 pension-protest-paris-2023-03 bridge-collapse-review-2024-04; do
  cp "$CW_TEST_DATA/articles/$a.json" "$CW_TMP/articles/"
done
N=3
cw_produce "$CW_TMP/articles"

# run_format NAME FORMAT ENTITIES_TOPIC CLAIMS_TOPIC [VAR=VALUE...]: one worker (its own group,
# so it reads the articles from the start) until every article is written and committed;
# sets NC to the number of claims records.
run_format() {
  local name=$1 fmt=$2 et=$3 ct=$4
  shift 4
  cw_start_worker "$name" CLAIMWIRE_WORKER_OUTPUT_FORMAT="$fmt" \
    CLAIMWIRE_WORKER_GROUP_ID="$CW_GROUP-$name" CLAIMWIRE_WORKER_ENTITIES_TOPIC="$et" \
    CLAIMWIRE_WORKER_CLAIMS_TOPIC="$ct" "$@"
  cw_wait_worker_started "$name"
  grep -q "output format $fmt; claims keyed by claim id" "$CW_TMP/$name.log" ||
    fail "$name did not log its format: $(grep output "$CW_TMP/$name.log")"
  grep -q "output_format is not set" "$CW_TMP/$name.log" && fail "$name warned about its format"
  wait_for 60 "$N $fmt entities records" cw_topic_at_least "$et" "$N" ||
    fail "$(cw_topic_count "$et") entities records"
  wait_for 60 "$name committed its input" \
    eval "kcheck committed -g '$CW_GROUP-$name' -t articles | grep '\"committed_total\": $N,' >/dev/null" ||
    fail "committed: $(kcheck committed -g "$CW_GROUP-$name" -t articles)"
  NC=$(cw_topic_count "$ct")
  [ "$NC" -ge "$N" ] || fail "only $NC $fmt claims"
  cw_stop_worker "$name" 30
  [ "$CW_EXIT" = 0 ] || fail "$name exited $CW_EXIT"
}

read_claims() {
  "$CW_PY" "$CW_LIB_DIR/format_read.py" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" --articles \
    "$CW_TMP/articles" --timeout 30 "$@"
}

# confluent: the registry's schema id in every header, records decoded through the registry.
run_format wc confluent claimwire.entities claimwire.claims CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL="$URL"
read_claims -t claimwire.claims --format confluent -r "$URL" --expect "$NC" \
  --show "$CW_TMP/confluent-claim.json" --dump "$CW_TMP/confluent.jsonl" >"$CW_TMP/confluent.json" ||
  fail "confluent claims: $(cat "$CW_TMP/confluent.json")"
log "confluent claims: $(cat "$CW_TMP/confluent.json")"
log "a confluent claim, decoded through the registry: $(cat "$CW_TMP/confluent-claim.json")"

# json: the same claims as JSON objects, no registry.
run_format wj json json.entities json.claims
NJ=$NC
read_claims -t json.claims --format json --expect "$NJ" --show "$CW_TMP/json-claim.json" \
  --dump "$CW_TMP/json.jsonl" >"$CW_TMP/json.json" || fail "json claims: $(cat "$CW_TMP/json.json")"
log "json claims: $(cat "$CW_TMP/json.json")"
log "a json claim: $(cat "$CW_TMP/json-claim.json")"

# The same claims in both formats: the same keys, ids, metadata, speakers and contents.
"$CW_PY" - "$CW_TMP/confluent.jsonl" "$CW_TMP/json.jsonl" <<'EOF' || fail "the formats disagree"
import json, sys
c, j = ([json.loads(l) for l in open(p)] for p in sys.argv[1:3])
if len(c) != len(j):
    sys.exit("%d confluent claims, %d json claims" % (len(c), len(j)))
for a, b in zip(c, j):
    if a["key"] != b["key"]:
        sys.exit("keys %r vs %r" % (a["key"], b["key"]))
    for f in ("claim_id", "title", "url", "source", "speaker", "speaker_entity", "content"):
        if a["value"][f] != b["value"][f]:
            sys.exit("%s: %r vs %r" % (f, a["value"][f], b["value"][f]))
EOF

# kcat: a JSON value is the JSON object itself, its key the claim id.
command -v kcat >/dev/null || fail "kcat is not installed"
kcat -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" -C -t json.claims -c 1 -e -f '%k\t%s\n' 2>/dev/null \
  >"$CW_TMP/kcat.txt" || fail "kcat failed"
"$CW_PY" -c '
import json, sys
key, value = open(sys.argv[1]).read().rstrip("\n").split("\t", 1)
rec = json.loads(value)
sys.exit(0 if key == rec["claim_id"] and rec["title"] else "kcat: key %r, record %r" % (key, rec))
' "$CW_TMP/kcat.txt" || fail "kcat record"
# claimwire tail prints JSON records as they are.
"$CW_BIN" tail -c "$CW_CFG" -t json.claims -n "$NJ" --timeout-ms 20000 >"$CW_TMP/tail.jsonl" \
  2>"$CW_TMP/tail.log" || fail "tail: $(tail -n 2 "$CW_TMP/tail.log")"
"$CW_PY" -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if len(recs) == int(sys.argv[2]) and all("claim_id" in r for r in recs) else recs[:1])
' "$CW_TMP/tail.jsonl" "$NJ" || fail "tail output: $(head -c 300 "$CW_TMP/tail.jsonl")"

# Not chosen: config check passes with one warning line. confluent without a registry: `run`
# refuses to start (exit 2) with one line saying what is missing.
"$CW_BIN" config check -c "$CW_CFG" >"$CW_TMP/check.out" 2>"$CW_TMP/check.err" ||
  fail "config check: $(cat "$CW_TMP/check.err")"
[ "$(grep -c '^warning: .*worker.output_format is not set' "$CW_TMP/check.err")" = 1 ] ||
  fail "config check did not warn: $(cat "$CW_TMP/check.err")"
CLAIMWIRE_WORKER_OUTPUT_FORMAT=confluent "$CW_BIN" run -c "$CW_CFG" >/dev/null 2>"$CW_TMP/refused.err"
rc=$?
[ "$rc" = 2 ] || fail "run with confluent and no registry exited $rc"
grep -q "output_format confluent needs worker.schema_registry_url" "$CW_TMP/refused.err" ||
  fail "run did not say what is missing: $(cat "$CW_TMP/refused.err")"
log "refused: $(grep -m1 output_format "$CW_TMP/refused.err")"
cw_pass
