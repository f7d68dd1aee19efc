# test_e2e_500.sh - 500 articles in, exactly one entities record per article out, every record
# decoded by the independent decoder (avro_decode.py), metadata and mention offsets checked
# against the inputs, claims decodable and keyed by known articles, offsets committed.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 400
N=500

cw_write_config
cw_start_broker

kcheck gen --fixtures "$CW_TEST_DATA/articles" --count $N --prefix e2e --out "$CW_TMP/articles.jsonl" \
  --ids "$CW_TMP/ids" >/dev/null || fail "cannot generate the articles"
[ "$(sort -u "$CW_TMP/ids" | wc -l)" -eq $N ] || fail "generated ids are not unique"
cw_produce "$CW_TMP/articles.jsonl"
[ "$(cw_topic_count articles)" -eq $N ] || fail "the input topic holds $(cw_topic_count articles) messages, expected $N"
log "produced $N articles"

cw_start_worker w1
cw_wait_worker_started w1
wait_for 240 "$N entities records" cw_topic_at_least claimwire.entities $N ||
  fail "only $(cw_topic_count claimwire.entities) entities records after 240 s"
cw_worker_alive w1 || fail "the worker exited"
log "throughput: $N articles done $(cw_elapsed) s after the test started"

kcheck consume -t claimwire.entities --expect $N --timeout 60 --ids "$CW_TMP/ids" --exact \
  --schema io.claimwire.ArticleEntities --articles "$CW_TMP/articles.jsonl" --min-entities $N \
  >"$CW_TMP/entities.json" || fail "entities check: $(cat "$CW_TMP/entities.json")"
log "entities: $(cat "$CW_TMP/entities.json")"

kcheck consume -t claimwire.claims --timeout 60 --within "$CW_TMP/ids" --schema io.claimwire.Claim \
  >"$CW_TMP/claims.json" || fail "claims check: $(cat "$CW_TMP/claims.json")"
log "claims: $(cat "$CW_TMP/claims.json")"

[ "$(cw_topic_count claimwire.deadletter)" -eq 0 ] ||
  fail "$(cw_topic_count claimwire.deadletter) valid articles were dead-lettered"

cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "the worker exited $CW_EXIT on SIGTERM"
grep -q "worker stopped" "$CW_TMP/w1.log" || fail "no 'worker stopped' line"

# After a clean stop every input offset is committed and matches one output.
kcheck check-commits -g "$CW_GROUP" --input-topic articles --entities-topic claimwire.entities \
  >"$CW_TMP/commits.json" || fail "commits: $(cat "$CW_TMP/commits.json")"
grep -q "\"committed_total\": $N," "$CW_TMP/commits.json" || fail "commits: $(cat "$CW_TMP/commits.json")"
log "final log line: $(grep "worker stopped" "$CW_TMP/w1.log" | tail -n 1)"
cw_pass
