#!/usr/bin/env bash
# checksrc.sh - keeps calls that have no bound or no error report out of the C sources under
# worker/ and common/: strcpy, strcat, sprintf, vsprintf, gets, strtok, atoi, atol, atoll, atof
# and sscanf. Use memcpy/snprintf/cw_buf with sizes, strtok_r, and strtol/strtoul with an end
# pointer and a range check. Also rd_kafka_assignment and rd_kafka_rebalance_protocol: they wait
# for librdkafka's group thread without a timeout, and inside the revocation that a consumer
# close delivers that thread may never answer (the worker counts its partitions itself and
# reads the protocol from the configured assignors). A line that must keep one (reading /proc, the fixed first line
# of a checksummed model file) says so in a comment on the same line or the line before:
#     /* checksrc: allow sscanf (why) */
# and a file whose whole job needs one says so once: /* checksrc: allow-file sscanf (why) */
# Usage: checksrc.sh [SOURCE_ROOT]. Prints each offending line; exits 1 if there is one.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
banned='strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|atof|sscanf'
banned+='|rd_kafka_assignment|rd_kafka_rebalance_protocol'
# Strips character and string literals and comments from each line, then looks for a banned
# name called as a function.
read -r -d '' prog <<'AWK' || true
{
  line = $0; allow = prev_allow; prev_allow = ""
  if (match(line, /checksrc: allow-file [a-z_]+/))
    file_allow = substr(line, RSTART + 21, RLENGTH - 21)
  else if (match(line, /checksrc: allow [a-z_]+/)) {
    allow = substr(line, RSTART + 16, RLENGTH - 16); prev_allow = allow
  }
  code = line
  gsub(/'(\\.|[^'\\])'/, "0", code)
  gsub(/"([^"\\]|\\.)*"/, "\"\"", code)
  if (in_comment) {
    if (!(i = index(code, "*/"))) next
    code = substr(code, i + 2); in_comment = 0
  }
  while ((i = index(code, "/*"))) {
    rest = substr(code, i + 2)
    if (!(j = index(rest, "*/"))) { code = substr(code, 1, i - 1); in_comment = 1; break }
    code = substr(code, 1, i - 1) " " substr(rest, j + 2)
  }
  sub(/\/\/.*/, "", code)
  rest = code
  while (match(rest, "(^|[^A-Za-z0-9_])(" banned ")[ \t]*\\(")) {
    call = substr(rest, RSTART, RLENGTH); gsub(/[^A-Za-z0-9_]/, "", call)
    if (call != allow && call != file_allow) printf "%s:%d: %s: %s\n", file, NR, call, $0
    rest = substr(rest, RSTART + RLENGTH)
  }
}
AWK
bad=0
while IFS= read -r -d '' f; do
  out=$(awk -v banned="$banned" -v file="${f#"$root"/}" "$prog" "$f")
  if [ -n "$out" ]; then
    printf '%s\n' "$out"
    bad=1
  fi
done < <(find "$root/worker" "$root/common" \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)
if [ "$bad" = 1 ]; then
  echo "checksrc: banned calls found (see tests/tools/checksrc.sh for what to use instead)"
  exit 1
fi
echo "checksrc: ok"
