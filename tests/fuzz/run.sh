#!/usr/bin/env bash
# run.sh - runs one fuzz target for a while and prints executions and crashes.
#
#   tests/fuzz/run.sh TARGET SECONDS [OUT_DIR]
#
# TARGET is utf8, article, extract or model (OUT_DIR/fuzz_TARGET, built by build.sh). The seed
# corpus tests/fuzz/corpus/TARGET is read but never written: new inputs go to
# OUT_DIR/corpus/TARGET, crash inputs to OUT_DIR/crashes/TARGET. KEEP_GOING=1 fuzzes on past
# crashes (libFuzzer fork mode) to find more than the first bug. Exit status: 0 when no crash,
# 1 when a crash was found, 2 on a usage error.
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

args=(-max_total_time="$SECONDS_" -print_final_stats=1 -artifact_prefix="$CRASHES/"
      -rss_limit_mb=2048 -timeout=10 -max_len="${MAX_LEN:-16384}")
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
echo "crashes:    ${#found[@]}"
if [ ${#found[@]} -gt 0 ]; then
  # One line per distinct failure: the sanitizer summary or the broken invariant.
  for f in "${found[@]}"; do
    "$BIN" "$f" 2>&1 | grep -m1 -E '^SUMMARY:|fuzz invariant failed|runtime error' |
      sed "s|^|  $(basename "$f"): |"
  done | sort -t: -k2 -u
  exit 1
fi
[ $rc -eq 0 ] || { echo "run.sh: fuzzer exited with status $rc (see $LOG)" >&2; exit 1; }
exit 0
