#!/usr/bin/env bash
# test.sh - the whole test suite, twice: a normal build (./build) and one with AddressSanitizer
# and UndefinedBehaviorSanitizer (./build-sanitize). Installs missing packages first (setup.sh).
# Extra arguments go to ctest, e.g. deploy/test.sh -L integration  or  -R e2e.
# Tests run in parallel, TEST_JOBS at a time (default: twice the CPUs; the integration tests
# mostly wait on their brokers); backpressure runs alone (RUN_SERIAL in tests/CMakeLists.txt).
# TEST_JOBS=1 runs one test at a time.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOBS=$(nproc 2>/dev/null || echo 2)
TEST_JOBS=${TEST_JOBS:-$(( JOBS * 2 ))}

"$ROOT/deploy/setup.sh"
echo "== ctest: $ROOT/build" >&2
(cd "$ROOT/build" && ctest --output-on-failure -j "$TEST_JOBS" "$@")

SAN_DIR=${SAN_BUILD_DIR:-$ROOT/build-sanitize}
cmake -S "$ROOT" -B "$SAN_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCW_SANITIZE=ON
cmake --build "$SAN_DIR" -j "$JOBS"
echo "== ctest: $SAN_DIR (ASan + UBSan)" >&2
# Leak reports fail the run; a sanitizer finding aborts the process so the test fails.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
(cd "$SAN_DIR" && ctest --output-on-failure -j "$TEST_JOBS" "$@")
echo "test: all tests passed in both builds" >&2
