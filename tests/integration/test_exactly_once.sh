# test_exactly_once.sh - processing_guarantee = exactly_once on the embedded broker: the worker
# initialises a transactional producer, produces every article's records inside transactions
# committed with the input offsets (send_offsets_to_transaction + commit_transaction), and
# stops cleanly; every input has exactly one entities record.
#
# What the embedded broker cannot show: librdkafka 2.0.2's mock cluster acknowledges
# TxnOffsetCommit without storing the offsets and EndTxn without writing transaction markers,
# so a crash-and-restart test (read_committed consumer sees each result once) cannot be run
# against it; it needs a real Kafka cluster.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 300
N=400
RATE=200

cw_write_config 'processing_guarantee = "exactly_once"; transactional_id = "cw-test-eos-1"; transaction_interval_ms = 300; log_level = "debug";'
cw_start_broker
cw_start_worker w1
cw_wait_worker_started w1
grep -q "exactly-once: transactional.id cw-test-eos-1" "$CW_TMP/w1.log" ||
  fail "the worker did not start in exactly-once mode"

cw_start_stream eos $N $RATE
cw_wait_stream eos 120
wait_for 180 "$N entities records" cw_topic_at_least claimwire.entities $N ||
  fail "$(cw_topic_count claimwire.entities) entities records"
wait_for 60 "a committed transaction" grep -q "transaction committed" "$CW_TMP/w1.log" ||
  fail "no transaction was committed"

cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "the worker exited $CW_EXIT on SIGTERM"
commits=$(cw_count_lines w1 "transaction committed")
log "transactions committed: $commits"
grep -q "transaction aborted" "$CW_TMP/w1.log" && fail "a transaction was aborted in a run without faults"

kcheck consume -t claimwire.entities --expect $N --timeout 120 --ids "$CW_TMP/eos.ids" --exact \
  --schema io.claimwire.ArticleEntities >"$CW_TMP/entities.json" ||
  fail "entities: $(cat "$CW_TMP/entities.json")"
log "entities: $(cat "$CW_TMP/entities.json")"
cw_pass
