# test_readiness.sh - /healthz and /readyz follow the worker's real state, and /metrics carries
# claimwire_build_info and the process_* metrics. The worker becomes ready once it joined its
# group; the group coordinator going away (session lost, partitions revoked) makes it not
# ready with the reason, and ready again after it rejoined; every broker going away makes it
# not ready ("brokers unreachable") while it stays alive, and ready again once they are back.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 240

# Two brokers: the input and output partitions on broker 1, the group coordinator on broker 2,
# so that the coordinator can go away while the data brokers stay.
CW_BROKER_COUNT=2 cw_write_config
CW_BROKER_ARGS=(--control "$CW_TMP/control")
cw_start_broker
for t in articles claimwire.entities claimwire.claims; do
  for p in 0 1 2 3; do cw_ctl leader "$t" "$p" 1; done
done
cw_ctl leader claimwire.deadletter 0 1
cw_ctl coordinator "$CW_GROUP" 2

cw_start_worker w1 CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0 CLAIMWIRE_WORKER_STATS_INTERVAL_MS=500
PORT=$(cw_worker_http_port w1) || fail "no HTTP port"
URL="http://127.0.0.1:$PORT"

# status PATH: the HTTP status of GET PATH (000 if there is no answer).
status() { curl -s -o "$CW_TMP/body" -w '%{http_code}' --max-time 5 "$URL$1"; }
# answers PATH CODE [TEXT]: GET PATH answers CODE, with TEXT in the body if given.
answers() {
  [ "$(status "$1")" = "$2" ] || return 1
  [ -z "${3:-}" ] || grep -q -- "$3" "$CW_TMP/body"
}

# now PATH: the status and body of GET PATH, for failure messages.
now() { echo "$(status "$1") $(cat "$CW_TMP/body")"; }

wait_for 60 "/healthz 200 (main loop runs)" answers /healthz 200 || fail "/healthz: $(now /healthz)"
wait_for 60 "/readyz 200 (group joined)" answers /readyz 200 || fail "/readyz: $(now /readyz)"
grep -Eq "assigned [1-9][0-9]* partition" "$CW_TMP/w1.log" || fail "ready without an assignment"

# Build and process metrics.
curl -sf "$URL/metrics" >"$CW_TMP/metrics" || fail "GET /metrics failed"
for series in 'claimwire_build_info{version="' process_resident_memory_bytes \
  process_cpu_seconds_total process_open_fds process_start_time_seconds; do
  grep -q "^$series" "$CW_TMP/metrics" || fail "/metrics has no $series"
done
rss=$(awk '$1 == "process_resident_memory_bytes" { print $2 }' "$CW_TMP/metrics")
vmrss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/${CW_WORKER_PID[w1]}/status")
awk -v a="$rss" -v b="$vmrss_kb" 'BEGIN { exit !(a > b * 1024 / 2 && a < b * 1024 * 2) }' ||
  fail "process_resident_memory_bytes $rss vs VmRSS $vmrss_kb kB"
start=$(awk '$1 == "process_start_time_seconds" { print $2 }' "$CW_TMP/metrics")
awk -v s="$start" -v n="$(date +%s)" 'BEGIN { exit !(s > n - 300 && s <= n + 1) }' ||
  fail "process_start_time_seconds $start is not the worker's start ($(date +%s) now)"
log "build and process metrics: $(grep -E '^(claimwire_build_info|process_)' "$CW_TMP/metrics" |
  tr '\n' ' ')"

# The coordinator goes away: the session times out (6 s), the partitions are lost.
cw_ctl down 2
wait_for 60 "/readyz 503, group not joined" answers /readyz 503 "consumer group not joined" ||
  fail "/readyz after the coordinator went away: $(now /readyz)"
answers /healthz 200 || fail "/healthz $(now /healthz) while the coordinator is away"
cw_ctl up 2
wait_for 90 "/readyz 200 after rejoining" answers /readyz 200 ||
  fail "/readyz after the coordinator came back: $(now /readyz)"
n_assigned=$(grep -Ec "assigned [1-9][0-9]* partition" "$CW_TMP/w1.log")
[ "$n_assigned" -ge 2 ] || fail "ready again without a new assignment"

# Every broker goes away.
cw_ctl down 1
cw_ctl down 2
wait_for 60 "/readyz 503, brokers unreachable" answers /readyz 503 "brokers unreachable" ||
  fail "/readyz during the outage: $(now /readyz)"
answers /healthz 200 || fail "/healthz $(now /healthz) during the outage (the loop still runs)"
# (Into a file: grep -q may exit before curl is done, and pipefail would count curl's SIGPIPE.)
curl -sf "$URL/metrics" >"$CW_TMP/metrics" || fail "GET /metrics failed during the outage"
grep -q '^claimwire_ready 0$' "$CW_TMP/metrics" || fail "claimwire_ready is not 0 during the outage"
cw_ctl up 1
cw_ctl up 2
wait_for 90 "/readyz 200 after the outage" answers /readyz 200 ||
  fail "/readyz after the outage: $(now /readyz)"

# Stopping: no longer ready while it shuts down, and it exits 0.
cw_stop_worker w1 30
[ "$CW_EXIT" = 0 ] || fail "the worker exited $CW_EXIT on SIGTERM"
cw_pass
