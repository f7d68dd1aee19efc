# test_consuming_python.sh - the Python recipe of schemas/CONSUMING.md, schemas/consuming/consume.py,
# run as written against the embedded broker: both topics in the confluent format (through
# tests/integration/registry_server.py, a test double of the Confluent REST API) and in the json
# format. Both formats must read back as the same records: claims keyed by claim id with their
# article's title and url and a speaker with an entity id; entities rows (--flat) one per entity
# with entity ids and, for places, ISO codes. Also the kcat recipe for the Confluent header.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 120
RECIPE="$CW_SOURCE_DIR/schemas/consuming/consume.py"
[ -f "$RECIPE" ] || fail "no $RECIPE"

"$CW_PY" "$CW_LIB_DIR/registry_server.py" --ready-file "$CW_TMP/reg.port" \
  --log "$CW_TMP/reg.requests" >"$CW_TMP/reg.log" 2>&1 &
CW_CHILD_PIDS+=("$!")
wait_for 30 "registry up" test -s "$CW_TMP/reg.port" || fail "the registry did not start"
URL="http://127.0.0.1:$(cat "$CW_TMP/reg.port")"

cw_write_config
sed -i 's/    { name = "claimwire.deadletter"; partitions = 1; }/&,\n    { name = "json.entities"; partitions = 2; },\n    { name = "json.claims"; partitions = 2; }/' "$CW_CFG"
grep -q json.claims "$CW_CFG" || fail "could not add the JSON topics to $CW_CFG"
cw_start_broker

mkdir "$CW_TMP/articles"
for a in rail-tunnel-oslo-2024-10 pension-protest-paris-2023-03; do
  cp "$CW_TEST_DATA/articles/$a.json" "$CW_TMP/articles/"
done
N=2
cw_produce "$CW_TMP/articles"

# Both workers at once, each with its own group and topics.
cw_start_worker wc CLAIMWIRE_WORKER_OUTPUT_FORMAT=confluent CLAIMWIRE_WORKER_GROUP_ID="$CW_GROUP-c" \
  CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL="$URL"
cw_start_worker wj CLAIMWIRE_WORKER_OUTPUT_FORMAT=json CLAIMWIRE_WORKER_GROUP_ID="$CW_GROUP-j" \
  CLAIMWIRE_WORKER_ENTITIES_TOPIC=json.entities CLAIMWIRE_WORKER_CLAIMS_TOPIC=json.claims
for w in wc wj; do
  g="$CW_GROUP-${w#w}"
  wait_for 60 "$w committed its input" \
    eval "kcheck committed -g '$g' -t articles | grep '\"committed_total\": $N,' >/dev/null" ||
    fail "$w committed: $(kcheck committed -g "$g" -t articles)"
done
NC=$(cw_topic_count claimwire.claims)
[ "$NC" -ge 2 ] || fail "only $NC claims"
[ "$(cw_topic_count json.claims)" = "$NC" ] || fail "json.claims: $(cw_topic_count json.claims), confluent: $NC"
[ "$(cw_topic_count claimwire.entities)" = "$N" ] || fail "$(cw_topic_count claimwire.entities) entities records"
log "$N articles, $NC claims in each format"

# recipe NAME ARGS...: the recipe as a user runs it, in the background; output in NAME.jsonl,
# stderr in NAME.log, exit status in NAME.rc.
recipe() {
  local name=$1
  shift
  ( "$CW_PY" "$RECIPE" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" --timeout 10 "$@" >"$CW_TMP/$name.jsonl" \
      2>"$CW_TMP/$name.log"; echo $? >"$CW_TMP/$name.rc" ) &
  RECIPE_PIDS+=("$!")
}
RECIPE_PIDS=()
recipe c-claims -t claimwire.claims --format confluent -r "$URL" -n "$NC"
recipe c-entities -t claimwire.entities --format confluent -r "$URL" -n "$N"
recipe c-flat -t claimwire.entities --format confluent -r "$URL" -n "$N" --flat
recipe j-claims -t json.claims --format json -n "$NC"
recipe j-entities -t json.entities --format json -n "$N"
recipe j-flat -t json.entities --format json -n "$N" --flat
wait "${RECIPE_PIDS[@]}"
for r in c-claims c-entities c-flat j-claims j-entities j-flat; do
  [ "$(cat "$CW_TMP/$r.rc")" = 0 ] || fail "consume.py ($r): $(tail -n 3 "$CW_TMP/$r.log")"
done
log "confluent values decoded with: $(grep -ho 'decoded with .*' "$CW_TMP/c-claims.log")"

"$CW_PY" - "$CW_TMP" "$N" "$NC" >"$CW_TMP/shown.json" <<'EOF' || fail "the recipe's output"
import glob, json, os, re, sys
tmp, n, nc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
arts = {}
for p in glob.glob(os.path.join(tmp, "articles", "*.json")):
    a = json.load(open(p))
    arts[a["id"]] = a
def load(name):
    return [json.loads(l) for l in open(os.path.join(tmp, name + ".jsonl"))]
def same(a, b, what):
    # processed_at is each worker's own clock; everything else must match.
    strip = lambda r: {k: v for k, v in r["value"].items() if k != "processed_at"}
    a = sorted(a, key=lambda r: r["key"]); b = sorted(b, key=lambda r: r["key"])
    if [r["key"] for r in a] != [r["key"] for r in b]:
        sys.exit("%s: keys differ between the formats" % what)
    for x, y in zip(a, b):
        if strip(x) != strip(y):
            sys.exit("%s %s differs: %r vs %r" % (what, x["key"], strip(x), strip(y)))
cc, jc = load("c-claims"), load("j-claims")
if len(cc) != nc or len(jc) != nc:
    sys.exit("claims read: %d confluent, %d json, %d expected" % (len(cc), len(jc), nc))
same(cc, jc, "claim")
shown = None
for r in cc:
    v = r["value"]
    if r["key"] != v["claim_id"]:
        sys.exit("claim key %r is not its claim_id" % r["key"])
    art = arts[v["article_id"]]
    if (v["title"], v["url"]) != (art["title"], art["url"]):
        sys.exit("claim %s: title/url %r, article %r" % (v["claim_id"], (v["title"], v["url"]),
                                                         (art["title"], art["url"])))
    if not isinstance(v["published_at"], int) or not isinstance(v["processed_at"], int):
        sys.exit("timestamps not epoch milliseconds: %r" % v["published_at"])
    se = v.get("speaker_entity") or {}
    if v.get("speaker") and re.fullmatch(r"PER:[0-9a-f]{16}", se.get("entity_id") or ""):
        shown = v
if shown is None:
    sys.exit("no claim with a speaker resolved to a PER entity id")
ce, je = load("c-entities"), load("j-entities")
if len(ce) != n or len(je) != n:
    sys.exit("entities read: %d confluent, %d json" % (len(ce), len(je)))
same(ce, je, "entities record")
cf, jf = load("c-flat"), load("j-flat")
total = sum(len(r["value"]["entities"]) for r in ce)
if len(cf) != total or len(jf) != total:
    sys.exit("--flat: %d/%d rows for %d entities" % (len(cf), len(jf), total))
if any(not re.fullmatch(r"[A-Z]+:[0-9a-f]{16}", row["entity_id"] or "") for row in cf):
    sys.exit("an entity row without an entity_id")
places = [row for row in cf if row["iso_code"]]
if not any(row["iso_code"] == "FR" and row["latitude"] is not None for row in places):
    sys.exit("no place row with iso_code FR and coordinates: %r" % places)
print(json.dumps({k: shown[k] for k in ("claim_id", "title", "url", "speaker", "speaker_entity")},
                 ensure_ascii=False))
EOF
log "a claim read back by the recipe: $(cat "$CW_TMP/shown.json")"

# kcat (Debian's build has no Avro deserializer): the Confluent header, magic byte and schema id.
command -v kcat >/dev/null || fail "kcat is not installed"
kcat -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" -C -t claimwire.claims -c 1 -e -q -f '%s' 2>"$CW_TMP/kcat.log" |
  head -c 5 | od -An -tx1 | tr -d ' \n' >"$CW_TMP/kcat.txt"
sid=$(curl -sf "$URL/subjects/claimwire.claims-value/versions/latest" |
  "$CW_PY" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
[ "$(cat "$CW_TMP/kcat.txt")" = "$(printf '00%08x' "$sid")" ] ||
  fail "kcat header $(cat "$CW_TMP/kcat.txt"), schema id $sid: $(cat "$CW_TMP/kcat.log")"
log "kcat header: $(cat "$CW_TMP/kcat.txt") (schema id $sid)"
cw_pass
