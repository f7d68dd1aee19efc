# test_extract_budget.sh - the per-article extraction time budget: with a tiny budget (1 ms per
# 100 KiB, 1 ms at least) a 300 KiB article of ordinary news text is dead-lettered with code
# extraction_budget and a reason, its offset is committed like any other, the worker goes on
# with the articles after it, and claimwire_dead_letters_total{code="extraction_budget"}
# counts it.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 240
PS="$CW_LIB_DIR/poison_storm.py"
GOOD=20

cw_write_config 'extract_budget_ms_per_100kb = 1; extract_budget_min_ms = 1;'
sed -i 's/http_listen = "";/http_listen = "127.0.0.1:0";/' "$CW_CFG"
cw_start_broker
cw_start_worker w1
cw_wait_worker_started w1
port=$(sed -n 's/.*HTTP \/metrics \/healthz \/readyz on port \([0-9][0-9]*\).*/\1/p' "$CW_TMP/w1.log" | head -n 1)
[ -n "$port" ] || fail "no HTTP port in the log"

"$CW_PY" "$PS" big -t articles --fixtures "$CW_TEST_DATA/articles" --key huge-1 --kb 300 \
  --manifest "$CW_TMP/manifest.jsonl" >"$CW_TMP/big.json" || fail "cannot produce the big article"
log "produced: $(cat "$CW_TMP/big.json")"
# Ordinary articles after it: each ends as an entities record or, on a slow moment, as a
# dead letter for its (1 ms) budget; either way exactly once.
"$CW_PY" "$PS" produce -t articles --fixtures "$CW_TEST_DATA/articles" --good $GOOD --bad 0 \
  --manifest "$CW_TMP/small.jsonl" >"$CW_TMP/small.json" || fail "cannot produce the articles"
sed 's/"may": \["processed"\]/"may": ["processed", "extraction_budget"]/' "$CW_TMP/small.jsonl" \
  >>"$CW_TMP/manifest.jsonl"

total=$(( GOOD + 1 ))
wait_for 120 "all $total input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $total,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
"$CW_PY" "$PS" check --manifest "$CW_TMP/manifest.jsonl" --dlq claimwire.deadletter \
  --entities claimwire.entities --input-topic articles --timeout 60 >"$CW_TMP/check.json" ||
  fail "outcomes: $(cat "$CW_TMP/check.json")"
log "outcomes: $(cat "$CW_TMP/check.json")"
grep -q '"big->extraction_budget": 1' "$CW_TMP/check.json" ||
  fail "the 300 KiB article was not dead-lettered for its budget: $(cat "$CW_TMP/check.json")"
line=$(grep "dead-lettered (extraction_budget)" "$CW_TMP/w1.log" | head -n 1)
log "log: ${line#*: }"
echo "$line" | grep -q "extraction time budget used up" || fail "no budget reason in the log: $line"

budget=$(cw_metric "$port" claimwire_dead_letters_total 'code="extraction_budget"') ||
  fail "no extraction_budget series on /metrics"
[ "$budget" -ge 1 ] || fail "claimwire_dead_letters_total{code=\"extraction_budget\"} = $budget"
log "claimwire_dead_letters_total{code=\"extraction_budget\"} = $budget"

cw_stop_worker w1 30
[ "$CW_EXIT" = 0 ] || fail "exit $CW_EXIT on SIGTERM"
cw_pass
