# test_faults.sh - the worker rides out broker faults injected through the embedded broker's
# control pipe (claimwire broker --control), while articles keep streaming in:
#   1. the broker leading every output partition is down for 10 s,
#   2. 50 Produce requests to it fail with retriable errors,
#   3. offset commits fail,
#   4. the group coordinator moves twice,
#   5. a rebalance storm: members join, leave cleanly and die.
# After each fault the worker makes progress again by itself; at the end every article has its
# output, every input offset is committed, the worker is still the same process, and its
# /metrics show what happened (Kafka errors, commit errors, backpressure, rebalances).
# Three brokers: input partitions led by broker 1, outputs by broker 2, the group by broker 3,
# so each fault hits the worker and not the test's own producer.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 560
RATE=100

CW_BROKER_COUNT=3
cw_write_config "max_in_flight = 200;" "auto_commit_interval_ms = 1000;"
# The mock keeps only the newest 5 MiB per partition: enough entities partitions for every
# output of the test to stay readable for the final check.
ENT_PARTS=16
sed -i "s/name = \"claimwire.entities\"; partitions = 4;/name = \"claimwire.entities\"; partitions = $ENT_PARTS;/" "$CW_CFG"
grep -q "partitions = $ENT_PARTS" "$CW_CFG" || fail "cannot set the entities partitions"
CW_BROKER_ARGS=(--control "$CW_TMP/control")
cw_start_broker

# produce_errors_used_up: every Produce error queued on broker 2 has been returned to the worker.
produce_errors_used_up() { [ "$(cw_ctl_answer errors-pending 2 produce)" = 0 ]; }

for p in 0 1 2 3; do
  cw_ctl leader articles $p 1
  cw_ctl leader claimwire.claims $p 2
done
for p in $(seq 0 $((ENT_PARTS - 1))); do cw_ctl leader claimwire.entities "$p" 2; done
cw_ctl leader claimwire.deadletter 0 2
cw_ctl coordinator "$CW_GROUP" 3

# One Produce request in flight: the mock cluster does not check an idempotent (non-
# transactional) producer's sequence numbers, so after an injected error on one request it would
# accept the next, and librdkafka, which rightly takes a later success as proof that the earlier
# batch was written (a real broker refuses out-of-order sequences), would report the failed
# batch delivered. With one request in flight the injected errors test the retries themselves.
cw_start_worker w1 CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0 CLAIMWIRE_WORKER_STATS_INTERVAL_MS=1000 \
  CLAIMWIRE_KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION=1
cw_wait_worker_started w1
PORT=$(cw_worker_http_port w1) || fail "no HTTP port"
W1_PID=${CW_WORKER_PID[w1]}
wait_for 60 "w1 holds the input partitions" grep -Eq "assigned [1-9][0-9]* partition" "$CW_TMP/w1.log" ||
  fail "w1 got no partitions"

metric() { cw_metric "$PORT" "$@"; }
metric_above() { local v; v=$(metric "$1" "${3:-}") && [ "$v" -gt "$2" ]; }
# outputs_at_least N: N entities records written so far (high watermarks).
outputs_at_least() { local n; n=$(kcheck count --produced -t claimwire.entities) && [ "$n" -ge "$1" ]; }

TOTAL=0
: >"$CW_TMP/all.ids"
# phase NAME COUNT: streams COUNT articles in the background at RATE/s.
phase_start() {
  cw_start_stream "$1" "$2" $RATE
  TOTAL=$((TOTAL + $2))
}
# phase_end NAME TIMEOUT: the stream delivered and every article so far has its output.
phase_end() {
  cw_wait_stream "$1" 120
  cat "$CW_TMP/$1.ids" >>"$CW_TMP/all.ids"
  wait_for "$2" "outputs for all $TOTAL articles" outputs_at_least $TOTAL ||
    fail "after $1: $(kcheck count --produced -t claimwire.entities) entities records for $TOTAL articles; $(kcheck consume -t claimwire.entities --timeout 30 --ids "$CW_TMP/all.ids")"
  cw_worker_alive w1 || fail "w1 exited during $1"
}

# ---- 1. the output broker is down for 10 s -----------------------------------------------
phase_start down 1200
wait_for 60 "some outputs before the fault" outputs_at_least 100 ||
  fail "no progress before the fault"
cw_ctl down 2
# The fault's duration is part of the scenario, not a synchronisation wait.
sleep 10
cw_ctl up 2
log "broker 2 (all output partitions) was down for 10 s"
wait_for 60 "backpressure paused fetching while outputs could not be written" \
  metric_above claimwire_backpressure_pauses_total 0 || fail "no backpressure pause while the outputs' broker was down"
phase_end down 120
log "kafka errors so far: $(metric claimwire_kafka_errors_total || echo none)"

# ---- 2. retriable Produce errors on the outputs' broker ----------------------------------
phase_start produce 400
cw_ctl produce-errors 25 NOT_LEADER_FOR_PARTITION 2
cw_ctl produce-errors 25 REQUEST_TIMED_OUT 2
phase_end produce 120
# Only the worker writes to broker 2: it met all 50 errors and retried past them.
wait_for 60 "the worker met every injected Produce error" produce_errors_used_up ||
  fail "$(cw_ctl_answer errors-pending 2 produce) Produce errors left on broker 2"

# ---- 3. offset commits fail -----------------------------------------------------------------
commit_errors0=$(metric claimwire_commit_errors_total || echo 0)
phase_start commit 400
cw_ctl commit-errors 5 REQUEST_TIMED_OUT
cw_ctl commit-errors 3 COORDINATOR_NOT_AVAILABLE
phase_end commit 120
wait_for 60 "commit errors counted" metric_above claimwire_commit_errors_total "$commit_errors0" ||
  fail "claimwire_commit_errors_total stayed at $commit_errors0"

# ---- 4. the group coordinator moves --------------------------------------------------------
phase_start coord 500
cw_ctl coordinator "$CW_GROUP" 1
wait_for 60 "progress after the first move" outputs_at_least $((TOTAL - 300)) ||
  fail "no progress after the coordinator moved"
cw_ctl coordinator "$CW_GROUP" 2
phase_end coord 120

# ---- 5. rebalance storm -----------------------------------------------------------------------
rebalances0=$(metric claimwire_rebalances_total)
phase_start storm 1500
for round in 1 2 3; do
  cw_start_worker "j$round"
  cw_wait_worker_started "j$round"
  wait_for 60 "j$round holds partitions" grep -Eq "assigned [1-9][0-9]* partition" "$CW_TMP/j$round.log" ||
    fail "j$round got no partitions"
  if [ "$round" -eq 2 ]; then
    cw_kill_worker "j$round"   # dies without leaving the group
  else
    cw_stop_worker "j$round" 60
    [ "$CW_EXIT" = 0 ] || fail "j$round exited $CW_EXIT on SIGTERM"
  fi
  # w1 gets every partition back before the next member joins: each round then revokes from
  # w1 and assigns to it at least once (a member joining while the killed one still held its
  # partitions could take them over in one rebalance that w1 never sees).
  wait_for 90 "w1 owns all 4 input partitions again after j$round" \
    eval "[ \"\$(metric claimwire_assigned_partitions)\" = 4 ]" ||
    fail "w1 holds $(metric claimwire_assigned_partitions) partitions after j$round left"
done
phase_end storm 180
wait_for 30 "rebalances counted" metric_above claimwire_rebalances_total $((rebalances0 + 5)) ||
  fail "claimwire_rebalances_total went from $rebalances0 to $(metric claimwire_rebalances_total)"

# ---- Nothing lost ----------------------------------------------------------------------------
[ "$(sort -u "$CW_TMP/all.ids" | wc -l)" -eq "$TOTAL" ] || fail "the streams' ids are not $TOTAL distinct ids"
wait_for 120 "all $TOTAL input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $TOTAL,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
kcheck consume -t claimwire.entities --timeout 120 --ids "$CW_TMP/all.ids" \
  --schema io.claimwire.ArticleEntities >"$CW_TMP/entities.json" ||
  fail "entities: $(cat "$CW_TMP/entities.json")"
log "entities: $(cat "$CW_TMP/entities.json")"
[ "${CW_WORKER_PID[w1]}" = "$W1_PID" ] && cw_worker_alive w1 || fail "w1 is not the original process"
for m in claimwire_kafka_errors_total claimwire_commit_errors_total claimwire_backpressure_pauses_total \
         claimwire_rebalances_total claimwire_delivery_failures_total claimwire_messages_processed_total; do
  log "metric $m = $(metric $m || echo absent)"
done
[ "$(metric claimwire_delivery_failures_total || echo 0)" -eq 0 ] || fail "records failed delivery"
cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "w1 exited $CW_EXIT on SIGTERM"
cw_pass
