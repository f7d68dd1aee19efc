# test_avro_keys.sh - with schema_registry_key_format = "avro" the worker registers the key
# schema "string" under <topic>-key and writes Confluent-framed Avro keys, so a consumer that
# decodes keys and values through the registry (confluent_kafka's AvroConsumer, as Kafka
# Connect's AvroConverter or ksqlDB KEY_FORMAT='AVRO' do) reads every record; dead letters keep
# the input's own key. The registry is tests/integration/registry_server.py, a test double of the
# Confluent REST API (no real registry can be installed here).
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 300

"$CW_PY" "$CW_LIB_DIR/registry_server.py" --ready-file "$CW_TMP/reg.port" \
  --log "$CW_TMP/reg.requests" >"$CW_TMP/reg.log" 2>&1 &
CW_CHILD_PIDS+=("$!")
wait_for 30 "registry up" test -s "$CW_TMP/reg.port" || fail "the registry did not start"
URL="http://127.0.0.1:$(cat "$CW_TMP/reg.port")"

cw_write_config
cw_start_broker
cw_start_worker w1 CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL="$URL" \
  CLAIMWIRE_WORKER_SCHEMA_REGISTRY_KEY_FORMAT=avro
cw_wait_worker_started w1

# The key subjects hold the Avro schema "string".
for t in claimwire.entities claimwire.claims; do
  schema=$(curl -sf "$URL/subjects/$t-key/versions/latest" |
    "$CW_PY" -c 'import json,sys; print(json.loads(json.load(sys.stdin)["schema"]))') ||
    fail "no key subject for $t"
  [ "$schema" = string ] || fail "key schema of $t is $schema"
done

for f in "$CW_TEST_DATA"/articles/*.json; do
  "$CW_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$f"
done >"$CW_TMP/ids"
N=$(wc -l <"$CW_TMP/ids")
cw_produce "$CW_TEST_DATA/articles"
"$CW_PY" "$CW_CHECK" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" produce-mixed -t articles \
  --fixtures "$CW_TEST_DATA/articles" --good 0 --bad 3 --prefix bad --manifest "$CW_TMP/bad.json" \
  >/dev/null 2>"$CW_TMP/bad.log" || fail "cannot produce malformed inputs: $(cat "$CW_TMP/bad.log")"
wait_for 180 "$N entities records" cw_topic_at_least claimwire.entities "$N" ||
  fail "$(cw_topic_count claimwire.entities) entities records"
wait_for 60 "all input committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $((N + 3)),' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
NC=$(cw_topic_count claimwire.claims)
[ "$NC" -gt 0 ] || fail "no claims"

read_avro() {
  "$CW_PY" "$CW_LIB_DIR/avro_consumer_read.py" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" -r "$URL" \
    --ids "$CW_TMP/ids" "$@"
}
read_avro -t claimwire.entities --expect "$N" --all-ids >"$CW_TMP/entities.json" ||
  fail "AvroConsumer, entities: $(cat "$CW_TMP/entities.json")"
log "AvroConsumer, entities: $(cat "$CW_TMP/entities.json")"
read_avro -t claimwire.claims --expect "$NC" >"$CW_TMP/claims.json" ||
  fail "AvroConsumer, claims: $(cat "$CW_TMP/claims.json")"
log "AvroConsumer, claims: $(cat "$CW_TMP/claims.json")"

# Dead letters are the input's bytes: their keys are the producer's, untouched.
kcheck check-deadletter -t claimwire.deadletter --input-topic articles --manifest "$CW_TMP/bad.json" \
  --timeout 60 >"$CW_TMP/dlq.json" || fail "dead letters: $(cat "$CW_TMP/dlq.json")"
cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "w1 exited $CW_EXIT"
cw_pass
