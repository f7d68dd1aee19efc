#!/usr/bin/env bash
# build.sh - builds the libFuzzer targets with clang, AddressSanitizer and UBSan.
#
#   tests/fuzz/build.sh [OUT_DIR]        (default OUT_DIR: build-fuzz next to the source tree)
#
# Needs Debian's clang and libclang-rt-14-dev (the libFuzzer runtime). Each target is one
# tests/fuzz/fuzz_<name>.c linked with the sources it exercises; a target whose code under test
# is not in the tree yet is skipped with a note instead of failing the whole build.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$SRC/../build-fuzz}
CC=${CC:-clang}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if ! command -v "$CC" >/dev/null; then
  echo "build.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi

SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra $SAN"
# Internal directories are quote-only (-iquote) so a header there never shadows a system one.
INC="-I$SRC/common -I$SRC/worker/extract/include -iquote $SRC/worker -iquote $SRC/worker/extract -iquote $SRC/tests/fuzz"
DEFS="-DCW_DEFAULT_MODEL_DIR=\"$SRC/worker/extract/models\""

COMMON_SRC=$(ls "$SRC"/common/*.c)
EXTRACT_SRC=$(ls "$SRC"/worker/extract/*.c 2>/dev/null || true)

built=0
skipped=0
# build NAME 'SOURCES' 'LIBS': the harness is compiled with -Werror; code under test is not,
# so a new compiler warning elsewhere does not stop fuzzing.
build() {
  local name=$1 sources=$2 libs=$3
  local obj="$OUT/obj/$name"
  mkdir -p "$obj"
  # shellcheck disable=SC2086
  $CC $CFLAGS -Werror $INC $DEFS -c "$SRC/tests/fuzz/fuzz_$name.c" -o "$obj/fuzz_$name.o"
  local objs=("$obj/fuzz_$name.o")
  for s in $sources; do
    local o="$obj/$(basename "$(dirname "$s")")_$(basename "${s%.c}").o"
    # shellcheck disable=SC2086
    $CC $CFLAGS $INC $DEFS -c "$s" -o "$o"
    objs+=("$o")
  done
  # shellcheck disable=SC2086
  $CC $SAN "${objs[@]}" $libs -lm -lpthread -o "$OUT/fuzz_$name"
  echo "built $OUT/fuzz_$name"
  built=$((built + 1))
}

skip() {
  echo "skipped fuzz_$1: $2" >&2
  skipped=$((skipped + 1))
}

build utf8 "$COMMON_SRC" ""
build article "$COMMON_SRC $SRC/worker/article.c $SRC/worker/input.c $SRC/worker/langid.c $SRC/worker/pubtime.c $SRC/worker/cp1252.c" "$(pkg-config --libs jansson)"

if grep -qs 'cw_extractor_run' $EXTRACT_SRC /dev/null; then
  build extract "$COMMON_SRC $EXTRACT_SRC" ""
else
  skip extract "no engine source in worker/extract yet (cw_extractor_run not defined)"
fi

if [ -f "$SRC/worker/extract/perceptron.h" ] && grep -qs 'perc_model_load_from_memory' "$SRC/worker/extract/perceptron.h"; then
  build model "$COMMON_SRC $EXTRACT_SRC" ""
else
  skip model "worker/extract/perceptron.h has no perc_model_load_from_memory yet"
fi

echo "build.sh: $built built, $skipped skipped, in $OUT"
