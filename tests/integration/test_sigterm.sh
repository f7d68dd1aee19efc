# test_sigterm.sh - SIGTERM under load (input still streaming in): the worker exits 0 within its
# shutdown timeout; the committed offsets are exactly what it processed (every committed input
# has its output, no output is left uncommitted); a restarted worker processes the rest without
# redoing committed work. Then a second signal during the shutdown ends a worker at once, and
# at-least-once still holds after that abrupt exit.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 500
N=4000
RATE=200               # about 20 s of input: SIGTERM lands mid-stream
UNDER_LOAD=$(( N / 10 )) # outputs before SIGTERM: 2-3 s in; ~10 s for an ASan build on a busy
                       # machine, where N / 5 once took 19.5 s and the 13 s stream had ended
SHUTDOWN_MS=10000
SLACK_S=5              # allowed after the shutdown deadline: destroy the clients, exit

# At most 200 articles in flight (default 1000): what SIGTERM finds must be finishable within
# the 10 s shutdown timeout even on a slow machine (an ASan build beside other tests finished
# 621 of 1,000 in 10 s and rightly exited 1).
CW_SHUTDOWN_MS=$SHUTDOWN_MS cw_write_config "max_in_flight = 200;"
cw_start_broker

# Phase 1: SIGTERM while articles are arriving and being processed.
cw_start_worker w1
cw_wait_worker_started w1
cw_start_stream t1 $N $RATE
wait_for 120 "worker under load (>= $UNDER_LOAD outputs)" cw_topic_at_least claimwire.entities $UNDER_LOAD ||
  fail "no progress: $(cw_topic_count claimwire.entities) entities records"
cw_stream_running t1 || fail "the input stream ended before SIGTERM; the stop would not be under load"
at_stop=$(cw_topic_count claimwire.entities)
cw_stop_worker w1 $(( SHUTDOWN_MS / 1000 + SLACK_S ))
[ "$CW_EXIT" = 0 ] || fail "SIGTERM: exit $CW_EXIT after $CW_STOP_SECONDS s (timeout ${SHUTDOWN_MS} ms)"
grep -q "worker stopped" "$CW_TMP/w1.log" || fail "no 'worker stopped' line"
log "SIGTERM at $at_stop/$N outputs: exit 0 after $CW_STOP_SECONDS s"
log "w1: $(grep "worker stopped" "$CW_TMP/w1.log" | tail -n 1)"

kcheck check-commits -g "$CW_GROUP" --input-topic articles --entities-topic claimwire.entities \
  --out "$CW_TMP/commits1.json" >"$CW_TMP/commits1.log" || fail "after SIGTERM: $(cat "$CW_TMP/commits1.log")"
log "after SIGTERM: $(cat "$CW_TMP/commits1.log")"
committed1=$(sed 's/.*"committed_total": \([0-9]*\).*/\1/' "$CW_TMP/commits1.json")
uncommitted1=$(sed 's/.*"outputs_uncommitted": \([0-9]*\).*/\1/' "$CW_TMP/commits1.json")
[ "$committed1" -gt 0 ] || fail "nothing committed before the shutdown"
[ "$committed1" -lt $N ] || fail "all $N committed at SIGTERM: the stop was not under load"

# Phase 2: a restart continues from the committed offsets; nothing committed is redone.
cw_wait_stream t1 120
cw_start_worker w2
cw_wait_worker_started w2
wait_for 300 "all $N input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $N,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
kcheck consume -t claimwire.entities --timeout 120 --ids "$CW_TMP/t1.ids" --max-dups "$uncommitted1" \
  >"$CW_TMP/entities2.json" || fail "after restart: $(cat "$CW_TMP/entities2.json")"
log "after restart: $(cat "$CW_TMP/entities2.json")"
cw_stop_worker w2 $(( SHUTDOWN_MS / 1000 + SLACK_S ))
[ "$CW_EXIT" = 0 ] || fail "second worker: exit $CW_EXIT"
kcheck check-commits -g "$CW_GROUP" --input-topic articles --entities-topic claimwire.entities \
  >"$CW_TMP/commits2.log" || fail "after restart: $(cat "$CW_TMP/commits2.log")"

# Phase 3: a second SIGTERM during the shutdown ends the process at once.
cw_start_worker w3
cw_wait_worker_started w3
cw_start_stream t3 2000 400
before=$(cw_topic_count claimwire.entities)
wait_for 120 "w3 under load" cw_topic_at_least claimwire.entities $(( before + 300 )) ||
  fail "w3 made no progress"
kill -TERM "${CW_WORKER_PID[w3]}"
CW_ALLOW_EXIT=1 wait_for 10 "w3 begins its shutdown" grep -q "shutting down" "$CW_TMP/w3.log" ||
  log "w3 logged no 'shutting down' line"
cw_stop_worker w3 3
[ "$CW_EXIT" != timeout ] || fail "a second SIGTERM did not end the worker within 3 s"
log "second signal: exit $CW_EXIT after $CW_STOP_SECONDS s"

# At-least-once after the abrupt exit: a fourth worker completes everything.
cw_wait_stream t3 120
cat "$CW_TMP/t1.ids" "$CW_TMP/t3.ids" >"$CW_TMP/ids_all"
total=$(( N + 2000 ))
cw_start_worker w4
cw_wait_worker_started w4
wait_for 300 "all $total input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $total,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
kcheck consume -t claimwire.entities --timeout 120 --ids "$CW_TMP/ids_all" \
  >"$CW_TMP/entities4.json" || fail "after the abrupt exit: $(cat "$CW_TMP/entities4.json")"
log "after the abrupt exit: $(cat "$CW_TMP/entities4.json")"
cw_stop_worker w4 $(( SHUTDOWN_MS / 1000 + SLACK_S ))
[ "$CW_EXIT" = 0 ] || fail "fourth worker: exit $CW_EXIT"
cw_pass
