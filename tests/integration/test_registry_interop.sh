# test_registry_interop.sh - with a schema registry configured, the worker registers its schemas
# (basic auth), writes the Confluent wire format, and downstream tools read the records:
# confluent_kafka's legacy Avro deserializer through the registry (also resolving to a newer version
# with an added optional field), `claimwire tail`, and kcat. A registry that calls the schema
# incompatible stops the worker at start with the registry's message.
# The registry is tests/integration/registry_server.py, a test double of the Confluent REST API.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 400
REG_AUTH="claimwire:reg-s3cret"

# cw_start_registry NAME [OPTIONS...]: starts the test registry; sets REG_URL.
cw_start_registry() {
  local name=$1
  shift
  "$CW_PY" "$CW_LIB_DIR/registry_server.py" --ready-file "$CW_TMP/$name.port" \
    --log "$CW_TMP/$name.requests" "$@" >"$CW_TMP/$name.log" 2>&1 &
  CW_CHILD_PIDS+=("$!")
  wait_for 30 "registry $name up" test -s "$CW_TMP/$name.port" || fail "registry $name did not start"
  REG_URL="http://127.0.0.1:$(cat "$CW_TMP/$name.port")"
  log "registry $name at $REG_URL"
}

cw_start_registry reg --user "$REG_AUTH"
URL=$REG_URL
cw_write_config
cw_start_broker
cw_start_worker w1 CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL="$URL" \
  CLAIMWIRE_WORKER_SCHEMA_REGISTRY_USER="${REG_AUTH%%:*}" \
  CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD="${REG_AUTH#*:}"
cw_wait_worker_started w1
grep -q "entities schema id" "$CW_TMP/w1.log" || fail "the worker did not log its schema ids"
grep -q "reg-s3cret" "$CW_TMP/w1.log" && fail "the worker logged the registry password"

N=$(ls "$CW_TEST_DATA"/articles/*.json | wc -l)
[ "$N" -ge 10 ] || fail "only $N fixture articles"
for f in "$CW_TEST_DATA"/articles/*.json; do
  "$CW_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$f"
done >"$CW_TMP/ids"
cw_produce "$CW_TEST_DATA/articles"
wait_for 180 "$N entities records" cw_topic_at_least claimwire.entities "$N" ||
  fail "$(cw_topic_count claimwire.entities) entities records"
# Claims follow their article's entities record; wait until the count settles.
wait_for 60 "claims topic written" cw_topic_at_least claimwire.claims 1 || fail "no claims"
wait_for 60 "all input committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $N,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
NC=$(cw_topic_count claimwire.claims)
log "$N entities records, $NC claims records"

# The registry holds one version under each TopicNameStrategy subject.
for s in claimwire.entities-value claimwire.claims-value; do
  curl -sf -u "$REG_AUTH" "$URL/subjects/$s/versions" | grep -qx '\[1\]' ||
    fail "subject $s: $(curl -s -u "$REG_AUTH" "$URL/subjects/$s/versions")"
done

consume() {
  "$CW_PY" "$CW_LIB_DIR/registry_consume.py" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" -r "$URL" \
    --auth "$REG_AUTH" --ids "$CW_TMP/ids" --timeout 60 "$@"
}
consume -t claimwire.entities --expect "$N" >"$CW_TMP/entities.json" ||
  fail "registry consumer, entities: $(cat "$CW_TMP/entities.json")"
log "registry consumer, entities: $(cat "$CW_TMP/entities.json")"
consume -t claimwire.claims --expect "$NC" >"$CW_TMP/claims.json" ||
  fail "registry consumer, claims: $(cat "$CW_TMP/claims.json")"
log "registry consumer, claims: $(cat "$CW_TMP/claims.json")"

# A consumer already on the next schema version (one more optional field) reads today's records.
"$CW_PY" - "$CW_SOURCE_DIR/schemas/entities.avsc" >"$CW_TMP/entities.v2.avsc" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s["fields"].append({"name": "sentiment", "type": ["null", "double"], "default": None})
print(json.dumps(s))
EOF
consume -t claimwire.entities --expect "$N" --reader-schema "$CW_TMP/entities.v2.avsc" \
  >"$CW_TMP/entities.v2.json" || fail "registry consumer with a v2 reader: $(cat "$CW_TMP/entities.v2.json")"
grep -q '"reader_schema_extra_fields": \["sentiment"\]' "$CW_TMP/entities.v2.json" ||
  fail "v2 reader: $(cat "$CW_TMP/entities.v2.json")"

# claimwire tail finds the registry in the configuration (here: the environment).
CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL="$URL" CLAIMWIRE_WORKER_SCHEMA_REGISTRY_USER="${REG_AUTH%%:*}" \
  CLAIMWIRE_WORKER_SCHEMA_REGISTRY_PASSWORD="${REG_AUTH#*:}" \
  "$CW_BIN" tail -c "$CW_CFG" -t claimwire.entities -n "$N" --timeout-ms 60000 \
  >"$CW_TMP/tail.jsonl" 2>"$CW_TMP/tail.log" || fail "claimwire tail: $(tail -n 3 "$CW_TMP/tail.log")"
"$CW_PY" -c '
import json, sys
ids = {l.strip() for l in open(sys.argv[2]) if l.strip()}
got = {json.loads(l)["article_id"] for l in open(sys.argv[1])}
sys.exit(0 if got == ids else "tail decoded %d of %d articles" % (len(got & ids), len(ids)))
' "$CW_TMP/tail.jsonl" "$CW_TMP/ids" || fail "claimwire tail output"
# Without a registry, tail says what is missing instead of printing garbage.
"$CW_BIN" tail -c "$CW_CFG" -t claimwire.entities -n 1 --timeout-ms 5000 >/dev/null \
  2>"$CW_TMP/tail-noreg.log"
grep -q "pass --registry URL" "$CW_TMP/tail-noreg.log" ||
  fail "tail without a registry: $(tail -n 2 "$CW_TMP/tail-noreg.log")"

# kcat: the topics exist, and values start with the magic byte 0.
command -v kcat >/dev/null || fail "kcat is not installed"
kcat -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" -L >"$CW_TMP/kcat-L.txt" 2>&1 || fail "kcat -L failed"
for t in claimwire.entities claimwire.claims articles; do
  grep -q "topic \"$t\"" "$CW_TMP/kcat-L.txt" || fail "kcat -L does not list $t"
done
first=$(kcat -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" -C -t claimwire.entities -c 1 -e -f '%s' 2>/dev/null |
  head -c 5 | od -An -tx1 | tr -d ' \n')
ent_id=$(curl -sf -u "$REG_AUTH" "$URL/subjects/claimwire.entities-value/versions/latest" |
  "$CW_PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
[ "$first" = "$(printf '00%08x' "$ent_id")" ] ||
  fail "kcat: first bytes $first, expected 00 + schema id $ent_id"
log "kcat: header $first = magic 0 + schema id $ent_id"
cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "w1 exited $CW_EXIT"

# A registry that finds the schema incompatible: the worker refuses to start, with its message.
cw_start_registry locked --incompatible claimwire.entities-value
cw_start_worker w2 CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL="$REG_URL" \
  CLAIMWIRE_WORKER_SCHEMA_REGISTRY_TIMEOUT_MS=5000
CW_ALLOW_EXIT=1 wait_for 60 "w2 exits" eval '! cw_worker_alive w2' || fail "w2 kept running"
wait "${CW_WORKER_PID[w2]}"
rc=$?
unset "CW_WORKER_PID[w2]"
[ "$rc" -ne 0 ] || fail "w2 exited 0 although its schema was refused"
grep -q "incompatible with an earlier schema" "$CW_TMP/w2.log" ||
  fail "w2 did not report the registry's message: $(tail -n 3 "$CW_TMP/w2.log")"
log "w2 refused to start (exit $rc): $(grep -m1 incompatible "$CW_TMP/w2.log")"
cw_pass
