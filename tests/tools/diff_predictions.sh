#!/usr/bin/env bash
# diff_predictions.sh - compares the engine result with tokens (`claimwire extract --result
# --tokens`; `extract --tokens` in builds before --result) of two builds over directories of
# articles and prints every difference.
#
#   tests/tools/diff_predictions.sh BEFORE_BIN AFTER_BIN DIR... 
#
# Each DIR is searched (not recursively) for *.txt (an article body) and *.json (an article
# object with "body", and "id" / "published_at" when present). Prints one line per article
# that differs, with the first lines of the diff, and a summary; exits 1 when any differs, 2
# on a usage error. Outputs are kept in $OUT (default: a temporary directory, removed).
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 BEFORE_BIN AFTER_BIN DIR..." >&2
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

n=0
differ=0
for dir in "$@"; do
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
    "$BEFORE" extract "${BEFORE_FLAGS[@]}" "${args[@]}" "$body" >"$WORK/before/$key" 2>&1
    echo "exit $?" >>"$WORK/before/$key"
    "$AFTER" extract "${AFTER_FLAGS[@]}" "${args[@]}" "$body" >"$WORK/after/$key" 2>&1
    echo "exit $?" >>"$WORK/after/$key"
    n=$((n + 1))
    if ! cmp -s "$WORK/before/$key" "$WORK/after/$key"; then
      differ=$((differ + 1))
      echo "DIFFERS: $f"
      diff "$WORK/before/$key" "$WORK/after/$key" | head -20 | sed 's/^/  /'
    fi
  done
done
echo "articles: $n, differing: $differ"
[ "$differ" -eq 0 ]
