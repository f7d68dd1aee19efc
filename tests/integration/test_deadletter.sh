# test_deadletter.sh - 50 malformed messages (invalid JSON, invalid UTF-8, empty and null
# values, over 1 MiB, wrong shapes) interleaved with 150 valid ones: each malformed one lands on
# the dead-letter topic once, with its original key and bytes and the reason and source
# headers; every valid one is processed; the worker keeps running and then stops cleanly.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 400
GOOD=150
BAD=50

cw_write_config
cw_start_broker
cw_start_worker w1
cw_wait_worker_started w1

kcheck produce-mixed -t articles --fixtures "$CW_TEST_DATA/articles" --good $GOOD --bad $BAD \
  --prefix ok --manifest "$CW_TMP/manifest.jsonl" >"$CW_TMP/produced.json" ||
  fail "cannot produce the mixed input"
log "produced: $(cat "$CW_TMP/produced.json")"
grep '"kind": "valid"' "$CW_TMP/manifest.jsonl" | sed 's/.*"key": "\([^"]*\)".*/\1/' >"$CW_TMP/ids"
[ "$(wc -l <"$CW_TMP/ids")" -eq $GOOD ] || fail "manifest lists $(wc -l <"$CW_TMP/ids") valid messages"

wait_for 240 "$BAD dead letters and $GOOD entities records" \
  eval "cw_topic_at_least claimwire.deadletter $BAD && cw_topic_at_least claimwire.entities $GOOD" ||
  fail "$(cw_topic_count claimwire.deadletter) dead letters, $(cw_topic_count claimwire.entities) entities records"

kcheck check-deadletter -t claimwire.deadletter --input-topic articles \
  --manifest "$CW_TMP/manifest.jsonl" --timeout 60 >"$CW_TMP/dlq.json" ||
  fail "dead letters: $(cat "$CW_TMP/dlq.json")"
log "dead letters: $(cat "$CW_TMP/dlq.json")"

kcheck consume -t claimwire.entities --expect $GOOD --timeout 60 --ids "$CW_TMP/ids" --exact \
  --schema io.claimwire.ArticleEntities >"$CW_TMP/entities.json" ||
  fail "entities: $(cat "$CW_TMP/entities.json")"
log "entities: $(cat "$CW_TMP/entities.json")"
kcheck consume -t claimwire.claims --timeout 60 --within "$CW_TMP/ids" --schema io.claimwire.Claim \
  >"$CW_TMP/claims.json" || fail "claims: $(cat "$CW_TMP/claims.json")"

cw_worker_alive w1 || fail "the worker died on malformed input"

# A poison message never loops: once everything is committed, nothing more is produced.
wait_for 60 "all $((GOOD + BAD)) input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $((GOOD + BAD)),' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
[ "$(cw_topic_count claimwire.deadletter)" -eq $BAD ] ||
  fail "$(cw_topic_count claimwire.deadletter) dead letters, expected $BAD"

cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "the worker exited $CW_EXIT on SIGTERM"
grep -q "worker stopped" "$CW_TMP/w1.log" || fail "no 'worker stopped' line"
log "final log line: $(grep "worker stopped" "$CW_TMP/w1.log" | tail -n 1)"
cw_pass
