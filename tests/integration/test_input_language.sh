# test_input_language.sh - input as feeds send it, and articles not in English. A German article
# (no language field) gets an entities record with no entities and language "de" and no claims;
# an article with its body in "text", its title in "headline" and an RSS pubDate is processed
# with that title and time; the skip is counted in /metrics; an article with Windows-1252 bytes
# is dead-lettered (invalid_utf8). A second worker with input.unsupported_language =
# dead_letter and input.invalid_utf8 = windows_1252 (set in the environment) dead-letters the
# German article with code unsupported_language instead and processes the Windows-1252 one with
# its text repaired (counted in /metrics).
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 60

cw_write_config
cw_start_broker
cw_start_worker w1 CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0
cw_start_worker w2 CLAIMWIRE_WORKER_GROUP_ID="$CW_GROUP-dl" CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0 \
  CLAIMWIRE_INPUT_UNSUPPORTED_LANGUAGE=dead_letter CLAIMWIRE_INPUT_INVALID_UTF8=windows_1252
cw_wait_worker_started w1
cw_wait_worker_started w2
cw_produce "$CW_TEST_DATA/input/de-steuern.json" "$CW_TEST_DATA/input/rss-text.json" \
  "$CW_TEST_DATA/input/cp1252-cafe.json"

# w1: two entities records (German, text/headline) and a dead letter (Windows-1252); w2: two
# (text/headline, Windows-1252) and a dead letter (German).
wait_for 30 "4 entities records and 2 dead letters" \
  eval "cw_topic_at_least claimwire.entities 4 && cw_topic_at_least claimwire.deadletter 2" ||
  fail "$(cw_topic_count claimwire.entities) entities records, $(cw_topic_count claimwire.deadletter) dead letters"
port=$(cw_worker_http_port w1)
skipped=$(cw_metric "$port" claimwire_articles_skipped_total 'reason="unsupported_language"') ||
  fail "no claimwire_articles_skipped_total{reason=\"unsupported_language\"} on /metrics"
[ "$skipped" = 1 ] || fail "w1 counted $skipped skipped articles, expected 1"
port2=$(cw_worker_http_port w2)
transcoded=$(cw_metric "$port2" claimwire_articles_transcoded_total) ||
  fail "no claimwire_articles_transcoded_total on /metrics"
[ "$transcoded" = 1 ] || fail "w2 counted $transcoded transcoded articles, expected 1"
cw_stop_worker w1 30
cw_stop_worker w2 30

"$CW_BIN" tail -c "$CW_CFG" -t claimwire.entities -n 4 --timeout-ms 10000 >"$CW_TMP/entities.jsonl" ||
  fail "cannot read the entities records"
"$CW_BIN" tail -c "$CW_CFG" -t claimwire.deadletter -n 2 --timeout-ms 10000 >"$CW_TMP/dlq.jsonl" ||
  fail "cannot read the dead letter"
n_claims=$(cw_topic_count claimwire.claims)
"$CW_BIN" tail -c "$CW_CFG" -t claimwire.claims -n "$n_claims" --timeout-ms 10000 >"$CW_TMP/claims.jsonl" ||
  fail "cannot read the $n_claims claims"

"$CW_PY" - "$CW_TMP" <<'PY' || fail "records: $(cat "$CW_TMP/entities.jsonl" "$CW_TMP/dlq.jsonl")"
import json, sys
tmp = sys.argv[1]
ents = [json.loads(l) for l in open(tmp + "/entities.jsonl") if l.strip()]
by_id = {}
for e in ents:
    by_id.setdefault(e["article_id"], []).append(e)
de = by_id.get("de-steuern-1", [])
assert len(de) == 1, "German article: %d entities records (w1 only), expected 1" % len(de)
assert de[0]["entities"] == [], "German article has entities: %s" % de[0]["entities"][:3]
assert de[0]["language"] == "de", "German article language %r" % de[0]["language"]
rss = by_id.get("rss-text-1", [])
assert len(rss) == 2, "text/headline/pubDate article: %d records, expected 2" % len(rss)
for r in rss:
    assert r["title"] == "Port strike ends after four days", r["title"]
    assert r["url"] == "https://news.example/port-strike", r["url"]
    assert r["published_at"] == 1717670700000, r["published_at"]
    names = {x["canonical"] for x in r["entities"]}
    assert "Maria Jansen" in names or "Jansen" in names, sorted(names)
    assert r["language"] == "en", r["language"]
claims = [json.loads(l) for l in open(tmp + "/claims.jsonl") if l.strip()]
assert not [c for c in claims if c["article_id"] == "de-steuern-1"], "claims of the German article"
assert [c for c in claims if c["article_id"] == "rss-text-1"], "no claims of the English article"
cp = by_id.get("cp1252-1", [])
assert len(cp) == 1, "Windows-1252 article: %d records (w2 only), expected 1" % len(cp)
assert cp[0]["title"] == "Caf\u00e9 owners \u201crelieved\u201d", cp[0]["title"]
assert cp[0]["entities"], "Windows-1252 article has no entities"
dl = [json.loads(l) for l in open(tmp + "/dlq.jsonl") if l.strip()]
codes = sorted((d["headers"]["claimwire.error.code"], d["key"]) for d in dl)
# The Windows-1252 file's key is its name: `produce` could not read its id as JSON.
assert codes == [("invalid_utf8", "cp1252-cafe"), ("unsupported_language", "de-steuern-1")], codes
print("ok: German article skipped (language de), text/headline/pubDate article processed, "
      "dead letter unsupported_language, Windows-1252 article repaired; %d claims" % len(claims))
PY
cw_pass
