#!/usr/bin/env bash
# run.sh - golden records: every article under tests/data/articles/ has the records
# `claimwire extract --envelope --processed-at 0` prints for it in
# tests/golden/expected/<article>.json (a JSON array of {topic, key, value}, laid out one mention,
# span or reference a line so that a change reads as a small diff). Runs extract once over all
# articles and prints a unified diff for every article whose records differ, every article
# without an expected file and every expected file without an article.
# usage: bash run.sh [--update] <claimwire>   (--update rewrites the expected files instead)
set -euo pipefail
update=0
if [ "${1:-}" = "--update" ]; then
  update=1
  shift
fi
bin="${1:?usage: run.sh [--update] <claimwire>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
articles="${CW_TEST_DATA:-$here/../data}/articles"
expected="$here/expected"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
mapfile -t files < <(LC_ALL=C ls "$articles"/*.json)
[ "${#files[@]}" -gt 0 ] || { echo "no articles under $articles"; exit 1; }
# Files in this order on the command line come out in this order.
"$bin" extract --envelope --processed-at 0 "${files[@]}" >"$out"
/usr/bin/python3 - "$out" "$expected" "$update" "${files[@]}" <<'PY'
import difflib, json, os, sys

out, expected, update, files = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4:]
ENTITIES = "claimwire.entities"


def fmt(v, ind=0):
    """JSON with every object or array of scalars on one line, the rest one member a line."""
    def flat(x):
        return not isinstance(x, (dict, list)) or not x
    if flat(v) or all(flat(x) for x in (v.values() if isinstance(v, dict) else v)):
        return json.dumps(v, ensure_ascii=False)
    pad = " " * (ind + 1)
    if isinstance(v, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {fmt(x, ind + 1)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * ind + "}"
    return "[\n" + ",\n".join(pad + fmt(x, ind + 1) for x in v) + "\n" + " " * ind + "]"


# Each article's records start with its entities record.
groups = []
for line in open(out, encoding="utf-8"):
    rec = json.loads(line)
    if rec["topic"] == ENTITIES:
        groups.append([])
    if not groups:
        sys.exit(f"FAIL: output starts with a {rec['topic']} record, not {ENTITIES}")
    groups[-1].append(rec)
if len(groups) != len(files):
    sys.exit(f"FAIL: {len(groups)} articles in the output, {len(files)} article files")

failed = 0
names = set()
for path, recs in zip(files, groups):
    name = os.path.splitext(os.path.basename(path))[0] + ".json"
    names.add(name)
    want_path = os.path.join(expected, name)
    got = fmt(recs) + "\n"
    if update:
        os.makedirs(expected, exist_ok=True)
        with open(want_path, "w", encoding="utf-8") as f:
            f.write(got)
        continue
    want = open(want_path, encoding="utf-8").read() if os.path.exists(want_path) else ""
    if got != want:
        failed += 1
        sys.stdout.writelines(difflib.unified_diff(
            want.splitlines(True), got.splitlines(True),
            f"expected/{name}", f"extract {os.path.basename(path)}"))
for name in sorted(set(os.listdir(expected)) - names if os.path.isdir(expected) else []):
    if update:
        os.remove(os.path.join(expected, name))
        print(f"removed expected/{name}: no article")
    else:
        failed += 1
        print(f"FAIL: expected/{name} has no article under tests/data/articles")
if update:
    print(f"wrote {len(files)} expected files")
elif failed:
    print(f"FAIL: {failed} of {len(files)} articles differ from tests/golden/expected "
          f"(if the change is intended: bash tests/golden/run.sh --update build/claimwire)")
    sys.exit(1)
else:
    print(f"ok: {len(files)} articles, {sum(len(g) for g in groups)} records as expected")
PY
