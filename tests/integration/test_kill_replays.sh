# test_kill_replays.sh - crash replays stay small: while articles stream in, the worker is
# killed with SIGKILL (no flush, no commit) after every few hundred outputs and restarted, KILLS
# times. At-least-once holds (every article has its entities record) and the records produced
# twice, per kill, stay small: offsets of delivered input are committed every
# worker.commit_interval_ms (200 ms), not on librdkafka's 5 s auto-commit timer, which let every
# worker here lose all its work (500 duplicates per kill).
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 300
N=3000
RATE=150         # 20 s of input: the stream must outlast the kills, each of which costs a
                 # worker start (1-2 s), a rebalance after the killed member's 3 s session and
                 # STEP outputs (with 2,000 articles the third worker once found fewer than
                 # STEP articles left on a loaded machine)
KILLS=3
STEP=300         # outputs between two kills: about 2 s of input
# Replayed per kill: what the worker produced since its last commit (200 ms, plus the
# acknowledgements in flight), even while it catches up at several hundred articles a second.
MAX_DUPS_PER_KILL=200

cw_write_config
# A killed member holds its partitions until its session expires: keep that short.
sed -i 's/session_timeout_ms = 6000;/session_timeout_ms = 3000;/; s/heartbeat_interval_ms = 1000;/heartbeat_interval_ms = 500;/' "$CW_CFG"
cw_start_broker
cw_start_stream s1 $N $RATE
for k in $(seq 1 $KILLS); do
  cw_start_worker "k$k" ${CW_WORKER_ENV:-}
  cw_wait_worker_started "k$k"
  before=$(cw_topic_count claimwire.entities)
  wait_for 60 "k$k: $STEP more outputs" cw_topic_at_least claimwire.entities $(( before + STEP )) ||
    fail "k$k made no progress"
  cw_kill_worker "k$k"
done
cw_wait_stream s1 120
cw_start_worker last
cw_wait_worker_started last
wait_for 180 "all $N input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $N,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
cw_stop_worker last 30
[ "$CW_EXIT" = 0 ] || fail "the last worker exited $CW_EXIT"

kcheck consume -t claimwire.entities --timeout 120 --ids "$CW_TMP/s1.ids" \
  >"$CW_TMP/entities.json" || fail "at-least-once: $(cat "$CW_TMP/entities.json")"
dups=$(sed 's/.*"duplicates": \([0-9]*\).*/\1/' "$CW_TMP/entities.json")
per_kill=$(awk -v d="$dups" -v k="$KILLS" 'BEGIN { printf "%.0f", d / k }')
log "entities: $(cat "$CW_TMP/entities.json")"
log "$dups duplicates after $KILLS kills: $per_kill per kill, $(awk -v d="$dups" -v n="$N" 'BEGIN { printf "%.3f", (n + d) / n }') records per input (bound $MAX_DUPS_PER_KILL per kill)"
[ "$per_kill" -le "$MAX_DUPS_PER_KILL" ] ||
  fail "$per_kill duplicates per kill, more than $MAX_DUPS_PER_KILL"
cw_pass
