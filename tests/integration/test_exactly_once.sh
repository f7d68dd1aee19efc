# test_exactly_once.sh - processing_guarantee = exactly_once on the embedded broker: the worker
# initialises a transactional producer, produces every article's records inside transactions
# committed with the input offsets (send_offsets_to_transaction + commit_transaction), and
# stops cleanly; every input has exactly one entities record. Then a record the broker refuses
# for good (INVALID_RECORD, injected on the outputs' broker) makes the transaction abortable:
# the worker aborts it, rewinds to the committed offsets, produces the articles again, and its
# in-flight accounting returns to zero (nothing of the aborted work stays held).
#
# What the embedded broker cannot show: librdkafka 2.0.2's mock cluster acknowledges
# TxnOffsetCommit without storing the offsets and EndTxn without writing transaction markers,
# so a crash-and-restart test (read_committed consumer sees each result once) cannot be run
# against it; it needs a real Kafka cluster.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 300
N=400
RATE=200

CW_BROKER_COUNT=2
cw_write_config 'processing_guarantee = "exactly_once"; transactional_id = "cw-test-eos-1"; transaction_interval_ms = 300; log_level = "debug"; max_in_flight = 60;'
CW_BROKER_ARGS=(--control "$CW_TMP/control")
cw_start_broker
# Inputs on broker 1, outputs on broker 2: injected Produce errors reach only the worker.
for p in 0 1 2 3; do
  cw_ctl leader articles $p 1
  cw_ctl leader claimwire.entities $p 2
  cw_ctl leader claimwire.claims $p 2
done
cw_start_worker w1 CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0
cw_wait_worker_started w1
PORT=$(cw_worker_http_port w1) || fail "no HTTP port"
grep -q "exactly-once: transactional.id cw-test-eos-1" "$CW_TMP/w1.log" ||
  fail "the worker did not start in exactly-once mode"

cw_start_stream eos $N $RATE
cw_wait_stream eos 120
wait_for 180 "$N entities records" cw_topic_at_least claimwire.entities $N ||
  fail "$(cw_topic_count claimwire.entities) entities records"
wait_for 60 "a committed transaction" grep -q "transaction committed" "$CW_TMP/w1.log" ||
  fail "no transaction was committed"

commits=$(cw_count_lines w1 "transaction committed")
log "transactions committed: $commits"
grep -q "transaction aborted" "$CW_TMP/w1.log" && fail "a transaction was aborted in a run without faults"

kcheck consume -t claimwire.entities --expect $N --timeout 120 --ids "$CW_TMP/eos.ids" --exact \
  --schema io.claimwire.ArticleEntities >"$CW_TMP/entities.json" ||
  fail "entities: $(cat "$CW_TMP/entities.json")"
log "entities: $(cat "$CW_TMP/entities.json")"

# ---- A record refused for good: abort, rewind, produce again ----------------------------------
metric() { cw_metric "$PORT" "$@"; }
cw_ctl produce-errors 1 INVALID_RECORD 2
cw_start_stream abort 300 $RATE
cw_wait_stream abort 120
wait_for 120 "a transaction aborted and rewound" grep -q "transaction aborted.*rewinding" "$CW_TMP/w1.log" ||
  fail "no abort after the injected INVALID_RECORD"
log "$(grep -m1 "transaction aborted" "$CW_TMP/w1.log" | cut -c1-200)"
# The rewind goes back to the committed offsets: on this broker, which keeps no transactional
# offsets, to the beginning; the aborted records stay visible because it writes no markers.
wait_for 120 "outputs for all 300 articles after the abort" \
  eval "kcheck consume -t claimwire.entities --timeout 20 --ids <(cat '$CW_TMP/eos.ids' '$CW_TMP/abort.ids') >/dev/null" ||
  fail "entities after the abort: $(kcheck consume -t claimwire.entities --timeout 20 --ids <(cat "$CW_TMP/eos.ids" "$CW_TMP/abort.ids"))"
wait_for 60 "no message held in flight" eval '[ "$(metric claimwire_in_flight_messages)" = 0 ]' ||
  fail "claimwire_in_flight_messages stays at $(metric claimwire_in_flight_messages) after the abort"
wait_for 30 "fetching not paused" eval '[ "$(metric claimwire_fetch_paused)" = 0 ]' ||
  fail "fetching still paused after the abort"
# More input after the abort is processed too: the worker is not stuck at its caps.
cw_start_stream after 200 $RATE
cw_wait_stream after 120
wait_for 120 "outputs for the articles after the abort" \
  eval "kcheck consume -t claimwire.entities --timeout 20 --ids <(cat '$CW_TMP/eos.ids' '$CW_TMP/abort.ids' '$CW_TMP/after.ids') >/dev/null" ||
  fail "entities for the last stream missing"

cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "the worker exited $CW_EXIT on SIGTERM"
cw_pass
