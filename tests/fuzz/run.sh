#!/usr/bin/env bash
# run.sh - runs one fuzz target for a while and prints executions and crashes.
#
#   tests/fuzz/run.sh TARGET SECONDS [OUT_DIR]
#
# TARGET is utf8, article, extract or model (OUT_DIR/fuzz_TARGET, built by build.sh). The seed
# corpus tests/fuzz/corpus/TARGET is read but never written: new inputs go to
# OUT_DIR/corpus/TARGET, crash inputs to OUT_DIR/crashes/TARGET. KEEP_GOING=1 fuzzes on past
# crashes (libFuzzer fork mode) to find more than the first bug. A unit slower than
# UNIT_TIMEOUT seconds (default 2; inputs are at most MAX_LEN bytes, which the engine handles in
# milliseconds) or growing the process past RSS_LIMIT_MB (default 1024, sanitizers included) is
# a finding like a crash: a super-linear path or unbounded memory. Exit status: 0 when nothing
# was found, 1 when a crash, slow unit or out-of-memory was found, 2 on a usage error.
set -uo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 TARGET SECONDS [OUT_DIR]" >&2
  exit 2
fi
TARGET=$1
SECONDS_=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${3:-$SRC/../build-fuzz}
BIN=$OUT/fuzz_$TARGET
if [ ! -x "$BIN" ]; then
  echo "run.sh: $BIN not built (run tests/fuzz/build.sh $OUT)" >&2
  exit 2
fi
case $SECONDS_ in ''|*[!0-9]*) echo "run.sh: SECONDS must be a number" >&2; exit 2;; esac

CORPUS=$OUT/corpus/$TARGET
CRASHES=$OUT/crashes/$TARGET
LOG=$OUT/fuzz_$TARGET.log
mkdir -p "$CORPUS" "$CRASHES"
STAMP=$(mktemp)
trap 'rm -f "$STAMP"' EXIT

UNIT_TIMEOUT=${UNIT_TIMEOUT:-2}
RSS_LIMIT_MB=${RSS_LIMIT_MB:-1024}
case $UNIT_TIMEOUT$RSS_LIMIT_MB in ''|*[!0-9]*) echo "run.sh: UNIT_TIMEOUT and RSS_LIMIT_MB must be numbers" >&2; exit 2;; esac
args=(-max_total_time="$SECONDS_" -print_final_stats=1 -artifact_prefix="$CRASHES/"
      -rss_limit_mb="$RSS_LIMIT_MB" -malloc_limit_mb="$RSS_LIMIT_MB" -timeout="$UNIT_TIMEOUT"
      -max_len="${MAX_LEN:-16384}")
[ -f "$SRC/tests/fuzz/$TARGET.dict" ] && args+=(-dict="$SRC/tests/fuzz/$TARGET.dict")
[ "${KEEP_GOING:-0}" = 1 ] && args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
SEEDS=()
[ -d "$SRC/tests/fuzz/corpus/$TARGET" ] && SEEDS+=("$SRC/tests/fuzz/corpus/$TARGET")

echo "run.sh: fuzzing $TARGET for ${SECONDS_}s (log: $LOG)"
nice -n 10 "$BIN" "${args[@]}" "$CORPUS" "${SEEDS[@]}" >"$LOG" 2>&1
rc=$?

# Executions: the final stats in plain mode, the last status line in fork mode.
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG" | tail -1)
[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\):.*/\1/p' "$LOG" | tail -1)
mapfile -t found < <(find "$CRASHES" -maxdepth 1 -type f -newer "$STAMP" \
                       \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
echo "target:     $TARGET"
echo "seconds:    $SECONDS_"
echo "executions: ${execs:-0}"
echo "corpus:     $(find "$CORPUS" -type f | wc -l) inputs"
echo "limits:     ${UNIT_TIMEOUT}s per unit, ${RSS_LIMIT_MB} MB"
echo "crashes:    ${#found[@]} (crash, leak, timeout = slow unit, oom)"
if [ ${#found[@]} -gt 0 ]; then
  # One line per distinct failure: the sanitizer summary, the broken invariant, or the slow
  # unit or memory limit (replayed under the same limits).
  for f in "${found[@]}"; do
    "$BIN" -timeout="$UNIT_TIMEOUT" -rss_limit_mb="$RSS_LIMIT_MB" \
      -malloc_limit_mb="$RSS_LIMIT_MB" "$f" 2>&1 |
      grep -m1 -E '^SUMMARY:|fuzz invariant failed|runtime error|ERROR: libFuzzer: (timeout|out-of-memory)' |
      sed "s|^|  $(basename "$f"): |"
  done | sort -t: -k2 -u
  exit 1
fi
[ $rc -eq 0 ] || { echo "run.sh: fuzzer exited with status $rc (see $LOG)" >&2; exit 1; }
exit 0
