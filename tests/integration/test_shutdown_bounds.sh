# test_shutdown_bounds.sh - worker.shutdown_timeout_ms holds when the shutdown cannot finish:
#  1. articles stuck in extraction (900 KiB each, a budget far beyond the timeout): SIGTERM
#     ends the worker within the timeout, exit 1 with the reason logged; nothing of those
#     articles is committed, and a restarted worker processes them (at-least-once). The
#     articles are all waiting before the worker starts, and their extraction (about 0.6 s
#     each on one core here) is several times the timeout, so a fast machine cannot finish
#     them inside it either;
#  2. brokers gone while articles stream in: SIGTERM ends the worker within the timeout (the
#     outputs, the offset commit and leaving the group are not waited for beyond it), exit 1.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 300
PS="$CW_LIB_DIR/poison_storm.py"
TIMEOUT_MS=2000
STUCK_TIMEOUT_MS=500  # phase 1: well below the extraction still to do at SIGTERM
SLACK_S=2        # after the timeout: destroy the clients, exit
# AddressSanitizer's exit (leak check over the whole heap) takes seconds of its own.
ldd "$CW_BIN" 2>/dev/null | grep libasan >/dev/null && SLACK_S=6
BIG=8

cw_write_config 'extract_budget_ms_per_100kb = 3600000;'
sed -i 's/http_listen = "";/http_listen = "127.0.0.1:0";/' "$CW_CFG"
cw_start_broker
port_of() { sed -n 's/.*HTTP \/metrics \/healthz \/readyz on port \([0-9][0-9]*\).*/\1/p' "$CW_TMP/$1.log" | head -n 1; }

# Phase 1: articles in extraction at SIGTERM.
for i in $(seq 1 $BIG); do
  "$CW_PY" "$PS" big -t articles --fixtures "$CW_TEST_DATA/articles" --key "big-$i" --kb 900 \
    --manifest "$CW_TMP/big.jsonl" >/dev/null || fail "cannot produce big-$i"
done
cw_start_worker w1 CLAIMWIRE_WORKER_SHUTDOWN_TIMEOUT_MS=$STUCK_TIMEOUT_MS
cw_wait_worker_started w1
p1=$(port_of w1)
wait_for 60 "w1 consumed the big articles" \
  eval "[ \"\$(cw_metric $p1 claimwire_messages_consumed_total)\" -ge 2 ]" ||
  fail "w1 consumed nothing"
done_before=$(cw_metric "$p1" claimwire_messages_processed_total)
cw_stop_worker w1 $(( SLACK_S + 30 ))
log "stuck extraction: exit $CW_EXIT after $CW_STOP_SECONDS s (timeout $STUCK_TIMEOUT_MS ms; $done_before processed at SIGTERM)"
[ "$done_before" -lt $BIG ] || fail "all $BIG big articles were done before SIGTERM: nothing was stuck"
awk -v s="$CW_STOP_SECONDS" -v l="$(awk -v t=$STUCK_TIMEOUT_MS -v k=$SLACK_S 'BEGIN { print t / 1000 + k }')" \
  'BEGIN { exit !(s <= l) }' ||
  fail "SIGTERM with articles in extraction took $CW_STOP_SECONDS s, timeout $STUCK_TIMEOUT_MS ms"
[ "$CW_EXIT" = 1 ] || fail "a timed-out shutdown exited $CW_EXIT, not 1"
grep -q "shutdown timeout" "$CW_TMP/w1.log" || fail "no 'shutdown timeout' reason in the log"
log "w1: $(grep "stopped with an error" "$CW_TMP/w1.log" | sed 's/.*\[run\] //')"

# At-least-once: a restarted worker (no hurry this time) processes every big article.
cw_start_worker w2
cw_wait_worker_started w2
wait_for 240 "all $BIG big articles committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $BIG,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
"$CW_PY" "$PS" check --manifest "$CW_TMP/big.jsonl" --dlq claimwire.deadletter \
  --entities claimwire.entities --input-topic articles --timeout 60 --allow-dups >"$CW_TMP/check.json" ||
  fail "after the restart: $(cat "$CW_TMP/check.json")"

# Phase 2: the brokers go away, then SIGTERM.
cw_stop_worker w2 30
[ "$CW_EXIT" = 0 ] || fail "w2 exited $CW_EXIT"
cw_start_worker w3 CLAIMWIRE_WORKER_SHUTDOWN_TIMEOUT_MS=$TIMEOUT_MS
cw_wait_worker_started w3
cw_start_stream s3 4000 400
before=$(cw_topic_count claimwire.entities)
wait_for 60 "w3 under load" cw_topic_at_least claimwire.entities $(( before + 200 )) ||
  fail "w3 made no progress"
kill -KILL "$CW_BROKER_PID"
wait "$CW_BROKER_PID" 2>/dev/null
log "broker killed"
CW_ALLOW_EXIT=1 wait_for 30 "w3 notices" grep -q "Connection refused\|Disconnected\|ERR__TRANSPORT\|ALL_BROKERS_DOWN\|brokers are down" "$CW_TMP/w3.log" ||
  log "w3 logged no broker trouble yet"
cw_stop_worker w3 $(( TIMEOUT_MS / 1000 + SLACK_S + 60 ))
log "brokers gone: exit $CW_EXIT after $CW_STOP_SECONDS s (timeout $TIMEOUT_MS ms)"
awk -v s="$CW_STOP_SECONDS" -v l="$(( TIMEOUT_MS / 1000 + SLACK_S ))" 'BEGIN { exit !(s <= l) }' ||
  fail "SIGTERM without brokers took $CW_STOP_SECONDS s, timeout $TIMEOUT_MS ms"
[ "$CW_EXIT" = 1 ] || fail "a shutdown that could not leave the group exited $CW_EXIT, not 1"
cw_pass
