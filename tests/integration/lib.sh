# lib.sh - helpers for the integration tests: an embedded broker per test, workers as child
# processes, polling with deadlines, and a cleanup trap that stops every child.
#
# A test does:
#     . "$(dirname "$0")/lib.sh"
#     cw_setup "$@"                 # binary path from CTest; temp dir, traps, watchdog
#     cw_write_config               # $CW_CFG: a config for this test (group, topics, timeouts)
#     cw_start_broker               # exports CLAIMWIRE_BOOTSTRAP_SERVERS
#     cw_start_worker w1            # log in $CW_TMP/w1.log, pid in CW_WORKER_PID[w1]
#     wait_for 60 "w1 started" grep -q "worker started" "$CW_TMP/w1.log"
#     cw_pass
# Nothing sleeps for a fixed time to synchronise: every wait polls a condition until a deadline.

set -u
set -o pipefail

CW_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CW_SOURCE_DIR=${CW_SOURCE_DIR:-$(cd "$CW_LIB_DIR/../.." && pwd)}
CW_TEST_DATA=${CW_TEST_DATA:-$CW_SOURCE_DIR/tests/data}
CW_PY=${CW_PY:-/usr/bin/python3}     # Debian's python: sees python3-avro and confluent_kafka
CW_CHECK="$CW_LIB_DIR/kafka_check.py"
CW_TEST_NAME=$(basename "${0%.sh}")
CW_CHILD_PIDS=()
declare -A CW_WORKER_PID=()
CW_BROKER_ARGS=()
CW_WATCHDOG_PID=
CW_KEEP_TMP=${CW_KEEP_TMP:-0}          # 1: keep the temp dir (logs) even when the test passes

cw_now() { date +%s.%N; }
CW_T0=$(cw_now)

cw_elapsed() { awk -v a="$CW_T0" -v b="$(cw_now)" 'BEGIN { printf "%.1f", b - a }'; }

log() { printf '[%s %6ss] %s\n' "$CW_TEST_NAME" "$(cw_elapsed)" "$*" >&2; }

# Prints the tail of every log of the test, for the CTest output on failure.
cw_dump_logs() {
  local f
  [ -n "${CW_TMP:-}" ] && [ -d "$CW_TMP" ] || return 0
  for f in "$CW_TMP"/*.log; do
    [ -f "$f" ] || continue
    printf '\n----- %s (last 40 lines) -----\n' "$(basename "$f")" >&2
    tail -n 40 "$f" >&2
  done
}

fail() {
  log "FAIL: $*"
  cw_dump_logs
  CW_FAILED=1
  exit 1
}

cw_pass() {
  log "PASS in $(cw_elapsed) s"
  exit 0
}

# Stops one process: SIGTERM, then SIGKILL if it is still there after $2 seconds (default 10).
cw_stop_pid() {
  local pid=$1 grace=${2:-10} end
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
  kill -TERM "$pid" 2>/dev/null
  end=$(( $(date +%s) + grace ))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

cw_cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  [ -n "$CW_WATCHDOG_PID" ] && kill -TERM "$CW_WATCHDOG_PID" 2>/dev/null
  # Workers first (they need the broker to shut down cleanly), then the rest, newest first.
  for pid in "${CW_WORKER_PID[@]}"; do cw_stop_pid "$pid" 5; done
  for (( i=${#CW_CHILD_PIDS[@]}-1; i>=0; i-- )); do cw_stop_pid "${CW_CHILD_PIDS[$i]}" 5; done
  if [ "$rc" -ne 0 ] && [ -z "${CW_FAILED:-}" ]; then
    log "exited with status $rc"
    cw_dump_logs
  fi
  if [ -n "${CW_TMP:-}" ] && [ -d "$CW_TMP" ]; then
    if [ "$rc" -eq 0 ] && [ "$CW_KEEP_TMP" != 1 ]; then
      rm -rf "$CW_TMP"
    else
      log "logs kept in $CW_TMP"
    fi
  fi
  exit "$rc"
}

# cw_setup BINARY [LIMIT_S]: checks the binary and the Python clients, makes $CW_TMP, installs
# the cleanup trap and a watchdog that ends the test after LIMIT_S seconds (default
# $CW_TEST_LIMIT or 300) so that a hang fails the test instead of blocking CTest until its own
# timeout.
cw_setup() {
  CW_BIN=${1:-}
  local limit=${2:-${CW_TEST_LIMIT:-300}}
  [ -n "$CW_BIN" ] && [ -x "$CW_BIN" ] || { echo "usage: bash $0 <claimwire binary>" >&2; exit 2; }
  CW_BIN=$(cd "$(dirname "$CW_BIN")" && pwd)/$(basename "$CW_BIN")
  CW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/cw-$CW_TEST_NAME.XXXXXX")
  trap cw_cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
  "$CW_PY" -c 'import confluent_kafka, avro' 2>/dev/null ||
    fail "$CW_PY cannot import confluent_kafka and avro (apt-get install python3-confluent-kafka python3-avro)"
  local me=$$
  (
    # The watchdog's sleep is a time limit, not synchronisation. It stops the children first so
    # that the shell's trap runs even while it waits for a foreground command.
    trap 'kill "$sp" 2>/dev/null; exit 0' TERM
    sleep "$limit" &
    sp=$!
    wait "$sp"
    echo "[$CW_TEST_NAME] watchdog: no result after ${limit} s, stopping the test" >&2
    pkill -TERM -P "$me" 2>/dev/null
    kill -TERM "$me" 2>/dev/null
  ) &
  CW_WATCHDOG_PID=$!
  disown "$CW_WATCHDOG_PID"
  log "binary $CW_BIN, temp dir $CW_TMP, limit ${limit} s"
}

# wait_for TIMEOUT_S DESCRIPTION COMMAND [ARGS...]: runs COMMAND every 0.2 s until it succeeds.
# Returns 1 (after logging) if TIMEOUT_S passes first, or at once if a running worker exits
# (unless CW_ALLOW_EXIT is set).
wait_for() {
  local timeout=$1 what=$2 end
  shift 2
  end=$(awk -v a="$(cw_now)" -v t="$timeout" 'BEGIN { printf "%.3f", a + t }')
  local t0
  t0=$(cw_now)
  while :; do
    if "$@" >/dev/null 2>&1; then
      log "ok: $what ($(awk -v a="$t0" -v b="$(cw_now)" 'BEGIN { printf "%.1f", b - a }') s)"
      return 0
    fi
    # A worker the test did not stop must not exit: no point waiting for it any longer.
    if [ -z "${CW_ALLOW_EXIT:-}" ]; then
      local name
      for name in "${!CW_WORKER_PID[@]}"; do
        if ! kill -0 "${CW_WORKER_PID[$name]}" 2>/dev/null; then
          log "worker $name exited while waiting for: $what"
          return 1
        fi
      done
    fi
    if awk -v n="$(cw_now)" -v e="$end" 'BEGIN { exit !(n > e) }'; then
      log "timed out after ${timeout} s waiting for: $what"
      return 1
    fi
    sleep 0.2
  done
}

# cw_write_config [EXTRA_WORKER_SETTINGS] [EXTRA_CONSUMER_SETTINGS]: writes $CW_CFG with one
# mock broker, the default topics, a group unique to this test, no HTTP endpoint (several
# workers share the machine) and short session timeouts so that a dead member is noticed fast.
cw_write_config() {
  local extra_worker=${1:-} extra_consumer=${2:-} extra_producer=${3:-}
  CW_GROUP="cw-test-$CW_TEST_NAME-$$"
  CW_CFG="$CW_TMP/test.cfg"
  cat >"$CW_CFG" <<EOF
worker:
{
  group_id = "$CW_GROUP";
  input_topic = "articles";
  entities_topic = "claimwire.entities";
  claims_topic = "claimwire.claims";
  dead_letter_topic = "claimwire.deadletter";
  http_listen = "";
  shutdown_timeout_ms = ${CW_SHUTDOWN_MS:-20000};
  threads = 2;
  $extra_worker
};
kafka:
{
  common:
  {
    bootstrap_servers = "127.0.0.1:1";
  };
  consumer:
  {
    auto_offset_reset = "earliest";
    session_timeout_ms = 6000;
    heartbeat_interval_ms = 1000;
    $extra_consumer
  };
  producer:
  {
    $extra_producer
  };
};
broker:
{
  count = ${CW_BROKER_COUNT:-1};
  topics = (
    { name = "articles"; partitions = 4; },
    { name = "claimwire.entities"; partitions = 4; },
    { name = "claimwire.claims"; partitions = 4; },
    { name = "claimwire.deadletter"; partitions = 1; }
  );
};
EOF
}

# cw_start_broker: starts `claimwire broker` in the background and waits for its bootstrap file.
# CW_BROKER_ARGS (an array) adds options, e.g. CW_BROKER_ARGS=(--control "$CW_TMP/ctl").
cw_start_broker() {
  local bfile="$CW_TMP/bootstrap"
  "$CW_BIN" broker -c "$CW_CFG" --bootstrap-file "$bfile" "${CW_BROKER_ARGS[@]}" >"$CW_TMP/broker.out" 2>"$CW_TMP/broker.log" &
  CW_BROKER_PID=$!
  CW_CHILD_PIDS+=("$CW_BROKER_PID")
  wait_for 30 "broker bootstrap file" test -s "$bfile" || fail "the broker did not start"
  kill -0 "$CW_BROKER_PID" 2>/dev/null || fail "the broker exited"
  CLAIMWIRE_BOOTSTRAP_SERVERS=$(head -n 1 "$bfile")
  export CLAIMWIRE_BOOTSTRAP_SERVERS
  log "broker pid $CW_BROKER_PID on $CLAIMWIRE_BOOTSTRAP_SERVERS"
}

# cw_start_worker NAME [VAR=VALUE...]: starts `claimwire run -c $CW_CFG` with extra environment;
# stderr goes to $CW_TMP/NAME.log.
cw_start_worker() {
  local name=$1
  shift
  env "$@" "$CW_BIN" run -c "$CW_CFG" >"$CW_TMP/$name.out" 2>>"$CW_TMP/$name.log" &
  CW_WORKER_PID[$name]=$!
  log "worker $name started, pid ${CW_WORKER_PID[$name]}"
}

cw_worker_alive() { kill -0 "${CW_WORKER_PID[$1]}" 2>/dev/null; }

# cw_worker_http_port NAME: prints the HTTP port worker NAME logged (start it with
# CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0: the kernel picks a free port, so tests running in
# parallel never race for one); fails the test if none is logged in 30 s.
cw_worker_http_port() {
  local re='s/.*HTTP \/metrics \/healthz \/readyz on port \([0-9][0-9]*\).*/\1/p'
  wait_for 30 "worker $1 HTTP port logged" grep -q "HTTP /metrics /healthz /readyz on port [1-9]" \
    "$CW_TMP/$1.log" >&2 || fail "worker $1 did not log its HTTP port"
  sed -n "$re" "$CW_TMP/$1.log" | head -n 1
}

# Polls until the worker logs "worker started"; fails the test if it exits first.
cw_wait_worker_started() {
  local name=$1 timeout=${2:-60}
  wait_for "$timeout" "worker $name started" cw__started_or_dead "$name" ||
    fail "worker $name did not log 'worker started'"
  cw_worker_alive "$name" || fail "worker $name exited during startup"
}
cw__started_or_dead() {
  grep -q "worker started" "$CW_TMP/$1.log" || ! cw_worker_alive "$1"
}

# cw_count_lines NAME PATTERN: how many lines of NAME.log contain PATTERN (0 if none).
cw_count_lines() { grep -c -- "$2" "$CW_TMP/$1.log" 2>/dev/null || true; }

# cw_stop_worker NAME TIMEOUT_S: SIGTERM, then waits up to TIMEOUT_S for the exit. Sets
# CW_EXIT (exit status, or "timeout") and CW_STOP_SECONDS. The worker is SIGKILLed on timeout.
cw_stop_worker() {
  local name=$1 timeout=$2 pid=${CW_WORKER_PID[$1]} t0 end
  t0=$(cw_now)
  kill -TERM "$pid" 2>/dev/null
  end=$(( $(date +%s) + timeout ))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -le "$end" ]; do
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    CW_EXIT=timeout
  else
    wait "$pid"
    CW_EXIT=$?
  fi
  CW_STOP_SECONDS=$(awk -v a="$t0" -v b="$(cw_now)" 'BEGIN { printf "%.1f", b - a }')
  unset "CW_WORKER_PID[$name]"
  log "worker $name stopped: exit $CW_EXIT after $CW_STOP_SECONDS s"
}

# cw_kill_worker NAME: SIGKILL, no chance to commit or flush.
cw_kill_worker() {
  local pid=${CW_WORKER_PID[$1]}
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  unset "CW_WORKER_PID[$1]"
  log "worker $1 killed (SIGKILL)"
}

# kcheck ARGS...: runs kafka_check.py against the test's broker.
kcheck() { "$CW_PY" "$CW_CHECK" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" "$@"; }

# cw_topic_count TOPIC: number of records in TOPIC (sum of watermark differences).
cw_topic_count() { kcheck count -t "$1"; }

# cw_topic_at_least TOPIC N: true once TOPIC holds at least N records.
cw_topic_at_least() {
  local n
  n=$(cw_topic_count "$1" 2>/dev/null) || return 1
  [ "$n" -ge "$2" ]
}

# cw_produce FILE_OR_DIR...: `claimwire produce` to the input topic; fails the test on error.
cw_produce() {
  "$CW_BIN" produce -c "$CW_CFG" -t articles "$@" 2>>"$CW_TMP/produce.log" ||
    fail "claimwire produce $* failed"
}

# cw_start_stream NAME COUNT RATE: produces COUNT generated articles (ids prefixed NAME) to the
# input topic at about RATE messages/s in the background; the ids go to $CW_TMP/NAME.ids.
cw_start_stream() {
  local name=$1 count=$2 rate=$3
  "$CW_PY" "$CW_CHECK" -b "$CLAIMWIRE_BOOTSTRAP_SERVERS" stream -t articles \
    --fixtures "$CW_TEST_DATA/articles" --count "$count" --rate "$rate" --prefix "$name" \
    --seed "$RANDOM" --ids "$CW_TMP/$name.ids" >"$CW_TMP/$name.stream.out" 2>"$CW_TMP/$name.stream.log" &
  CW_STREAM_PID[$name]=$!
  CW_CHILD_PIDS+=("${CW_STREAM_PID[$name]}")
  log "stream $name: $count articles at $rate/s, pid ${CW_STREAM_PID[$name]}"
}
declare -A CW_STREAM_PID=()

cw_stream_running() { kill -0 "${CW_STREAM_PID[$1]}" 2>/dev/null; }

# cw_wait_stream NAME TIMEOUT_S: waits for the stream to end; fails the test unless every
# message was delivered.
cw_wait_stream() {
  local name=$1 rc
  CW_ALLOW_EXIT= wait_for "$2" "stream $name delivered" eval "! cw_stream_running $name" ||
    fail "stream $name still running after $2 s"
  wait "${CW_STREAM_PID[$name]}"
  rc=$?
  [ "$rc" -eq 0 ] || fail "stream $name failed ($rc): $(cat "$CW_TMP/$name.stream.out" "$CW_TMP/$name.stream.log")"
  log "stream $name: $(cat "$CW_TMP/$name.stream.out")"
}

# ---- Fault injection and metrics (tests that start the broker with --control / a worker with
# an HTTP port) ----

# cw_ctl COMMAND...: sends one command to the broker's control pipe ($CW_TMP/control; start the
# broker with CW_BROKER_ARGS=(--control "$CW_TMP/control")) and waits for its acknowledgement.
cw_ctl() {
  # The broker numbers the commands it read; this one is the next (also from a subshell).
  CW_CTL_SEQ=$(( $(grep -c "control #" "$CW_TMP/broker.log") + 1 ))
  printf '%s\n' "$*" >"$CW_TMP/control"
  wait_for 20 "broker: $*" grep -q "control #$CW_CTL_SEQ ok: $*" "$CW_TMP/broker.log" ||
    fail "the broker did not apply '$*': $(grep "control #$CW_CTL_SEQ" "$CW_TMP/broker.log")"
}

# cw_ctl_answer COMMAND...: sends a query command (errors-pending); prints the broker's answer.
cw_ctl_answer() {
  cw_ctl "$@"
  grep "control #$CW_CTL_SEQ ok: $* => " "$CW_TMP/broker.log" | sed 's/.* => //'
}

# cw_metric PORT NAME [LABELS]: the value of one /metrics series of the worker on PORT, summed
# over its label sets (those containing LABELS if given); fails if the series is absent.
cw_metric() {
  curl -sf "http://127.0.0.1:$1/metrics" | awk -v n="$2" -v l="${3:-}" '
    $1 == n || (index($1, n "{") == 1 && (l == "" || index($1, l) > 0)) { s += $2; f = 1 }
    END { if (!f) exit 1; printf "%d\n", s }'
}
