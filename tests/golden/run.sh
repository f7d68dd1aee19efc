#!/usr/bin/env bash
# Golden tests: each tests/golden/NNN-name/ holds input.txt, optional published_at, and
# expected.txt (lines that must appear in the extraction, see the case's README). 
set -euo pipefail
bin=$1
dir=$(cd "$(dirname "$0")" && pwd)
fail=0; n=0
for case in "$dir"/[0-9]*/; do
  [ -f "$case/check.sh" ] || continue
  n=$((n+1))
  if bash "$case/check.sh" "$bin" "$case"; then echo "ok   $(basename "$case")"; else echo "FAIL $(basename "$case")"; fail=1; fi
done
[ "$n" -gt 0 ] || { echo "no golden cases found"; exit 1; }
exit $fail
