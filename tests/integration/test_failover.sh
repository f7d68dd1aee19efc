# test_failover.sh - two workers in one group share the four input partitions; while articles
# are still streaming in, one is SIGKILLed (no chance to commit or flush); the survivor takes its
# partitions over and no article is lost. Duplicates (the killed worker's uncommitted work) are
# allowed, counted and reported.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 500
N=3000
RATE=250    # about 12 s of input: the kill lands mid-stream

cw_write_config
cw_start_broker

cw_start_worker w1
cw_start_worker w2
cw_wait_worker_started w1
cw_wait_worker_started w2

# Both members hold partitions: each logged an assignment of at least one input partition.
holds_partitions() { grep -Eq "assigned [1-9][0-9]* partition.*articles/" "$CW_TMP/$1.log"; }
wait_for 90 "both workers have partitions" eval "holds_partitions w1 && holds_partitions w2" ||
  fail "assignments: w1: $(grep assigned "$CW_TMP/w1.log" | tail -n 2); w2: $(grep assigned "$CW_TMP/w2.log" | tail -n 2)"
log "w1: $(grep "assigned" "$CW_TMP/w1.log" | tail -n 1)"
log "w2: $(grep "assigned" "$CW_TMP/w2.log" | tail -n 1)"

cw_start_stream fo $N $RATE
wait_for 120 "processing under way (>= $((N / 5)) outputs)" cw_topic_at_least claimwire.entities $((N / 5)) ||
  fail "no progress: $(cw_topic_count claimwire.entities) entities records"
at_kill=$(cw_topic_count claimwire.entities)
w1_assigned_before=$(grep -Ec "assigned [1-9][0-9]* partition" "$CW_TMP/w1.log")
cw_stream_running fo || fail "the input stream ended before the kill; the kill would not be mid-stream"
cw_kill_worker w2
log "killed w2 mid-stream with $at_kill of $N outputs written"

# The survivor gets w2's partitions once the group notices (session timeout 6 s).
wait_for 120 "w1 takes over w2's partitions" \
  eval "[ \$(grep -Ec 'assigned [1-9][0-9]* partition' '$CW_TMP/w1.log') -gt $w1_assigned_before ]" ||
  fail "w1 logged no new assignment after w2 died"
log "w1: $(grep "assigned" "$CW_TMP/w1.log" | tail -n 1)"

cw_wait_stream fo 120
wait_for 300 "all $N input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $N,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles); outputs: $(cw_topic_count claimwire.entities)"

kcheck consume -t claimwire.entities --timeout 120 --ids "$CW_TMP/fo.ids" \
  --schema io.claimwire.ArticleEntities >"$CW_TMP/entities.json" ||
  fail "entities: $(cat "$CW_TMP/entities.json")"
log "entities after failover: $(cat "$CW_TMP/entities.json")"
dups=$(sed 's/.*"duplicates": \([0-9]*\).*/\1/' "$CW_TMP/entities.json")
log "duplicates (the killed worker's uncommitted work, reprocessed by w1): $dups"

cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "the survivor exited $CW_EXIT on SIGTERM"
cw_pass
