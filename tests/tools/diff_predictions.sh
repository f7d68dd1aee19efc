#!/usr/bin/env bash
# diff_predictions.sh - compares the engine result with tokens (`claimwire extract --result
# --tokens`; `extract --tokens` in builds before --result) of two builds over directories of
# articles and prints every difference; with --records also the records the worker would
# produce (`extract --processed-at 0`: every field of every Avro record, decoded), which is
# what a change to the encoder must leave alone.
#
#   tests/tools/diff_predictions.sh [--records] BEFORE_BIN AFTER_BIN DIR...
#
# Each DIR is searched (not recursively) for *.txt (an article body) and *.json (an article
# object with "body", and "id" / "published_at" when present). Prints one line per article
# that differs, with the first lines of the diff, and a summary; exits 1 when any differs, 2
# on a usage error. Compared per article: stdout, stderr without the info log lines (their
# timestamps differ between any two runs) and the exit status. Outputs are kept in $OUT
# (default: a temporary directory, removed).
set -uo pipefail
RECORDS=0
if [ "${1:-}" = "--records" ]; then
  RECORDS=1
  shift
fi
if [ $# -lt 3 ]; then
  echo "usage: $0 [--records] BEFORE_BIN AFTER_BIN DIR..." >&2
  exit 2
fi
BEFORE=$1
AFTER=$2
shift 2
KEEP=${OUT:-}
WORK=${OUT:-$(mktemp -d)}
[ -n "$KEEP" ] || trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/before" "$WORK/after" "$WORK/in"

# The engine result object: `--result --tokens`, or `--tokens` in builds before --result.
result_flags() {
  if "$1" extract --help 2>/dev/null | grep -q -- '--result'; then
    echo "--result --tokens"
  else
    echo "--tokens"
  fi
}
read -r -a BEFORE_FLAGS <<<"$(result_flags "$BEFORE")"
read -r -a AFTER_FLAGS <<<"$(result_flags "$AFTER")"

# Runs BIN extract ARGS... into OUTFILE: stdout, then stderr without the start-up info log lines
# (they carry a timestamp and the model directory, which differ from run to run and between
# builds, not the predictions) and with the timestamp cut from any other log line, then the
# exit status.
run() {
  local bin=$1 out=$2
  shift 2
  "$bin" extract "$@" >"$out" 2>"$out.err"
  local rc=$?
  grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z +info ' "$out.err" |
    sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z +//' >>"$out"
  rm -f "$out.err"
  echo "exit $rc" >>"$out"
}

# The records of every article of DIR (the files the loop below reads), one run of each build.
records() {
  local bin=$1 out=$2 dir=$3 files=()
  for f in "$dir"/*.txt "$dir"/*.json; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  "$bin" extract --processed-at 0 "${files[@]}" >"$out" 2>/dev/null
  echo "exit $?" >>"$out"
}

n=0
differ=0
rdiffer=0
for dir in "$@"; do
  if [ "$RECORDS" = 1 ]; then
    key=$(printf '%s' "$dir" | tr '/' '_')
    records "$BEFORE" "$WORK/before/$key.records" "$dir"
    records "$AFTER" "$WORK/after/$key.records" "$dir"
    if ! cmp -s "$WORK/before/$key.records" "$WORK/after/$key.records"; then
      rdiffer=$((rdiffer + 1))
      echo "RECORDS DIFFER: $dir"
      diff "$WORK/before/$key.records" "$WORK/after/$key.records" | head -6 | cut -c1-300 |
        sed 's/^/  /'
    fi
  fi
  for f in "$dir"/*.txt "$dir"/*.json; do
    [ -f "$f" ] || continue
    key=$(printf '%s' "$f" | tr '/' '_')
    args=()
    body=$f
    if [[ $f == *.json ]]; then
      # An article object: the body and its metadata become extract's input and options.
      meta=$(python3 - "$f" "$WORK/in/$key.body" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
except ValueError:
    sys.exit(1)
if not isinstance(d, dict) or not isinstance(d.get("body"), str):
    sys.exit(1)
open(sys.argv[2], "w", encoding="utf-8").write(d["body"])
print(d.get("id") or "")
print(d.get("published_at") or "")
PY
      ) || continue
      id=$(sed -n 1p <<<"$meta")
      pub=$(sed -n 2p <<<"$meta")
      [ -n "$id" ] && args+=(--id "$id")
      [ -n "$pub" ] && args+=(--published-at "$pub")
      body=$WORK/in/$key.body
    fi
    run "$BEFORE" "$WORK/before/$key" "${BEFORE_FLAGS[@]}" "${args[@]}" "$body"
    run "$AFTER" "$WORK/after/$key" "${AFTER_FLAGS[@]}" "${args[@]}" "$body"
    n=$((n + 1))
    if ! cmp -s "$WORK/before/$key" "$WORK/after/$key"; then
      differ=$((differ + 1))
      echo "DIFFERS: $f"
      diff "$WORK/before/$key" "$WORK/after/$key" | head -20 | sed 's/^/  /'
    fi
  done
done
if [ "$RECORDS" = 1 ]; then
  echo "articles: $n, differing: $differ; directories whose records differ: $rdiffer"
else
  echo "articles: $n, differing: $differ"
fi
[ "$differ" -eq 0 ] && [ "$rdiffer" -eq 0 ]
