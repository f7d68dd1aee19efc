# test_extract_records.sh - `claimwire extract` prints the records the worker produces: the same
# inputs (the fixture articles, a JSON lines file with an article without id, a plain-text file)
# go through `produce` and a worker on the embedded broker, and through `extract`; the records
# `tail` reads back equal those `extract` prints, field for field, except processed_at and
# the fields that name the input message (ingested_at, origin_*), which extract leaves null.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 120

in="$CW_TMP/in"
mkdir -p "$in"
printf '{"id":"line-with-id","body":"Police in Oslo said two people were hurt."}\n{"body":"Kari Holm told reporters on Monday that the tunnel was safe."}\n' \
  >"$in/feed.jsonl"
printf 'Strike ends\n\nUnion leader Jean Heron said the strike at the harbour was over.\n' \
  >"$in/plain.txt"
paths=("$CW_TEST_DATA/articles" "$in/feed.jsonl" "$in/plain.txt")

cw_write_config
"$CW_BIN" extract -c "$CW_CFG" --envelope "${paths[@]}" >"$CW_TMP/extract.jsonl" \
  2>"$CW_TMP/extract.log" || fail "extract failed: $(tail -n 3 "$CW_TMP/extract.log")"
n_ent=$(grep -c '^{"topic":"claimwire.entities"' "$CW_TMP/extract.jsonl")
n_claims=$(grep -c '^{"topic":"claimwire.claims"' "$CW_TMP/extract.jsonl")
[ "$n_ent" -gt 20 ] && [ "$n_claims" -gt 20 ] || fail "extract printed $n_ent entities, $n_claims claims records"
log "extract: $n_ent entities records, $n_claims claims records"

cw_start_broker
cw_produce "${paths[@]}"
cw_start_worker w1
all_out() { cw_topic_at_least claimwire.entities "$n_ent" && cw_topic_at_least claimwire.claims "$n_claims"; }
wait_for 60 "$n_ent entities and $n_claims claims records" all_out ||
  fail "the worker produced $(cw_topic_count claimwire.entities) entities and $(cw_topic_count claimwire.claims) claims records"
for t in entities claims; do
  n=$n_ent; [ $t = claims ] && n=$n_claims
  "$CW_BIN" tail -c "$CW_CFG" -t "claimwire.$t" --envelope -n "$n" --timeout-ms 30000 \
    >"$CW_TMP/tail.$t.jsonl" 2>"$CW_TMP/tail.$t.log" || fail "tail $t: $(tail -n 3 "$CW_TMP/tail.$t.log")"
done
[ "$(cw_topic_count claimwire.deadletter)" -eq 0 ] || fail "the worker dead-lettered an article"

"$CW_PY" - "$CW_TMP/extract.jsonl" "$CW_TMP/tail.entities.jsonl" "$CW_TMP/tail.claims.jsonl" <<'PY' ||
import difflib, json, sys
# Set by the worker from the message and the clock; extract has no message and a fixed clock.
MESSAGE = ("processed_at", "ingested_at", "origin_topic", "origin_partition", "origin_offset")

def load(*paths):
    recs = []
    for p in paths:
        for line in open(p, encoding="utf-8"):
            r = json.loads(line)
            v = {k: x for k, x in r["value"].items() if k not in MESSAGE}
            recs.append({"topic": r["topic"], "key": r["key"], "value": v})
    return sorted(recs, key=lambda r: (r["topic"], r["key"], r["value"].get("claim_index", -1)))

def lines(recs):
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in recs]

want = load(sys.argv[2], sys.argv[3])
got = load(sys.argv[1])
if got != want:
    sys.stdout.writelines(list(difflib.unified_diff(lines(want), lines(got), "worker (tail)", "extract"))[:60])
    sys.exit(1)
keys = {r["key"] for r in got}
assert "plain" in keys and "line-with-id" in keys and any(k.endswith("feed.jsonl:2") for k in keys), keys
print(f"{len(got)} records equal")
PY
  fail "extract and the worker disagree (diff above)"
log "ok: extract prints the worker's records ($n_ent entities, $n_claims claims)"
cw_stop_worker w1 30
cw_pass
