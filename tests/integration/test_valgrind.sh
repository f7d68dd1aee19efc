# test_valgrind.sh - the worker under valgrind memcheck: processes the fixture articles (outputs
# and a dead letter), stops on SIGTERM, and valgrind reports no leaks and no memory errors.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 500
command -v valgrind >/dev/null || fail "valgrind is not installed (deploy/setup.sh installs it)"

# No extraction time budget: valgrind runs the engine tens of times slower than native, and an
# article over its budget would be dead-lettered instead of extracted.
cw_write_config 'extract_budget_ms_per_100kb = 0;'
cw_start_broker
n=$(find "$CW_TEST_DATA/articles" -maxdepth 1 -name '*.json' | wc -l)
"$CW_BIN" produce -c "$CW_CFG" -t articles "$CW_TEST_DATA/articles" 2>"$CW_TMP/produce.log" ||
  fail "produce: $(tail -n 3 "$CW_TMP/produce.log")"
printf '{"body": 42}\n' >"$CW_TMP/bad.jsonl"
"$CW_BIN" produce -c "$CW_CFG" -t articles "$CW_TMP/bad.jsonl" 2>>"$CW_TMP/produce.log" ||
  fail "produce: $(tail -n 3 "$CW_TMP/produce.log")"

valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
  --log-file="$CW_TMP/valgrind.txt" "$CW_BIN" run -c "$CW_CFG" >"$CW_TMP/vg.out" 2>>"$CW_TMP/vg.log" &
CW_WORKER_PID[vg]=$!
CW_CHILD_PIDS+=("${CW_WORKER_PID[vg]}")
log "worker vg started under valgrind, pid ${CW_WORKER_PID[vg]}"
wait_for 300 "$n entities records and 1 dead letter" \
  eval "cw_topic_at_least claimwire.entities $n && cw_topic_at_least claimwire.deadletter 1" ||
  fail "$(cw_topic_count claimwire.entities) entities records, $(cw_topic_count claimwire.deadletter) dead letters"
cw_stop_worker vg 240
log "valgrind: $(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost' "$CW_TMP/valgrind.txt" | sed 's/==[0-9]*== //' | tr '\n' ';')"
[ "$CW_EXIT" = 0 ] || fail "worker under valgrind exited $CW_EXIT (99 = valgrind found errors or leaks): $(grep -A12 -E 'Invalid|definitely lost in|uninitialised' "$CW_TMP/valgrind.txt" | head -n 40)"
grep -q "ERROR SUMMARY: 0 errors" "$CW_TMP/valgrind.txt" || fail "valgrind errors: $(grep 'ERROR SUMMARY' "$CW_TMP/valgrind.txt")"
cw_pass
