#!/usr/bin/env bash
# checksrc_test.sh - the source check finds what it must on a planted tree (and lets written
# allowances, comments and strings pass), then passes on this repository's worker/ and common/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/worker" "$tmp/common"
cat >"$tmp/worker/bad.c" <<'C'
int f(const char *s) {
  char b[8];
  strcpy(b, s);
  strcat (b, s);
  sprintf(b, "%d", 1);
  return atoi(s) + sscanf(s, "%d", &n);
}
static void cb(rd_kafka_t *rk) {
  int coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
  rd_kafka_assignment(rk, &parts);
}
C
cat >"$tmp/common/fine.c" <<'C'
/* strcpy(a, b) in a comment,
 * sscanf( across lines of a comment */
int g(const char *s) {
  const char *t = "atoi(s) in a string";
  /* checksrc: allow sscanf (a fixed kernel format) */
  int n = sscanf(s, "%d", &x);
  return snprintf(b, 4, "%s", t) + my_atoi(s) + strtol(s, NULL, 10) + n; // atoi(s)
}
C
out=$("$here/checksrc.sh" "$tmp" || true)
want="worker/bad.c:3: strcpy
worker/bad.c:4: strcat
worker/bad.c:5: sprintf
worker/bad.c:6: atoi
worker/bad.c:6: sscanf
worker/bad.c:9: rd_kafka_rebalance_protocol
worker/bad.c:10: rd_kafka_assignment"
got=$(printf '%s\n' "$out" | grep '^worker/\|^common/' | cut -d: -f1-3)
if [ "$got" != "$want" ]; then
  printf 'checksrc found:\n%s\nexpected:\n%s\n' "$got" "$want" >&2
  exit 1
fi
"$here/checksrc.sh" "$here/../.."
