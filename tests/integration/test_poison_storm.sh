# test_poison_storm.sh - 10,000 malformed and adversarial messages interleaved with 2,000 valid
# articles through ONE worker under a memory limit (ulimit -v): every valid article is
# processed once, every malformed one dead-lettered once with the code it deserves and a reason
# (invalid JSON and UTF-8, empty and null values, JSON scalars, arrays, byte-order marks, deep
# nesting, blank bodies of any kind of space or control, NUL, oversized ids), every adversarial
# body (quotation marks, brackets, "said that" runs, capitalised words, amounts, transcript
# labels) either processed or dead-lettered for its extraction budget; the worker never
# restarts and its RSS, sampled all along, stays under the 150 MB that deploy/README.md
# promises. AddressSanitizer builds reserve terabytes of virtual memory and keep freed memory
# in quarantine: there the limit and the RSS bound are reported, not enforced.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 240
PS="$CW_LIB_DIR/poison_storm.py"
GOOD=2000
BAD=10000
RSS_BOUND_KB=$(( 150 * 1024 ))
VMEM_LIMIT_KB=$(( 2 * 1024 * 1024 ))   # address space: models, 2 threads' heaps, librdkafka
asan=0
ldd "$CW_BIN" 2>/dev/null | grep libasan >/dev/null && asan=1

cw_write_config
cw_start_broker

# The worker runs under `ulimit -v` (exec keeps the pid).
real_bin=$CW_BIN
cat >"$CW_TMP/limited.sh" <<EOF
#!/bin/bash
[ "$asan" = 1 ] || ulimit -v $VMEM_LIMIT_KB || exit 97
exec "$real_bin" "\$@"
EOF
chmod +x "$CW_TMP/limited.sh"
CW_BIN="$CW_TMP/limited.sh" cw_start_worker w1
cw_wait_worker_started w1
pid=${CW_WORKER_PID[w1]}
grep -q "^VmSize" "/proc/$pid/status" || fail "no /proc/$pid/status"
[ "$asan" = 1 ] && log "sanitizer build: no ulimit -v, RSS bound reported only" ||
  log "worker pid $pid under ulimit -v $VMEM_LIMIT_KB kB: $(grep -E '^Vm(Size|RSS)' "/proc/$pid/status" | tr -s ' \t\n' ' ')"

# RSS and virtual size every 0.1 s while the worker lives.
(
  while [ -r "/proc/$pid/status" ]; do
    awk -v t="$(cw_now)" '/^VmRSS:/ { r = $2 } /^VmSize:/ { v = $2 } END { if (r) print t, r, v }' \
      "/proc/$pid/status" >>"$CW_TMP/rss" 2>/dev/null
    sleep 0.1
  done
) &
CW_CHILD_PIDS+=("$!")

"$CW_PY" "$PS" produce -t articles --fixtures "$CW_TEST_DATA/articles" --good $GOOD --bad $BAD \
  --manifest "$CW_TMP/manifest.jsonl" >"$CW_TMP/produced.json" || fail "cannot produce the storm"
log "produced: $(cat "$CW_TMP/produced.json")"
total=$(( GOOD + BAD ))
wait_for 150 "all $total input offsets committed" \
  eval "kcheck committed -g '$CW_GROUP' -t articles | grep '\"committed_total\": $total,' >/dev/null" ||
  fail "committed: $(kcheck committed -g "$CW_GROUP" -t articles)"
cw_worker_alive w1 || fail "the worker died in the storm"
"$CW_PY" "$PS" check --manifest "$CW_TMP/manifest.jsonl" --dlq claimwire.deadletter \
  --entities claimwire.entities --input-topic articles --timeout 90 >"$CW_TMP/check.json" ||
  fail "outcomes: $(cat "$CW_TMP/check.json")"
log "outcomes: $(cat "$CW_TMP/check.json")"

read -r n max_rss max_vsz < <(awk '{ n++; if ($2 > r) r = $2; if ($3 > v) v = $3 } END { printf "%d %d %.0f\n", n, r, v }' "$CW_TMP/rss")
log "RSS: max $max_rss kB over $n samples (bound $RSS_BOUND_KB kB); VmSize max $max_vsz kB"
[ "$n" -ge 20 ] || fail "only $n RSS samples"
if [ "$asan" = 1 ]; then
  log "sanitizer build: RSS bound not enforced"
else
  [ "$max_rss" -le "$RSS_BOUND_KB" ] || fail "RSS reached $max_rss kB, over $RSS_BOUND_KB kB"
fi
[ "$(cw_count_lines w1 'worker started')" -eq 1 ] || fail "the worker restarted"

cw_stop_worker w1 30
[ "$CW_EXIT" = 0 ] || fail "exit $CW_EXIT on SIGTERM"
cw_pass
