#!/usr/bin/env bash
# check.sh - golden case: the sample Global Times article (2021-03-07). Asserts on entities whose
# correct reading is clear from the text: people and their surname mentions, the acronym SII,
# the US alias, dates relative to publication, and numbers with qualifiers. Reads the records
# `extract` prints (the entities record, then the claims records).
# usage: bash check.sh <claimwire> <casedir>
set -euo pipefail
bin="$1"
case_dir="$2"
data="${CW_TEST_DATA:-$case_dir/../../data}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$bin" extract --id sample-global-times --published-at 2021-03-07T22:33:00+08:00 \
  "$data/global-times-2021-03-07.txt" >"$out"
/usr/bin/python3 - "$out" "$data/global-times-2021-03-07.txt" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
art, claims = recs[0], recs[1:]
body = open(sys.argv[2], encoding="utf-8").read()
fails = []

def check(cond, msg):
    if not cond:
        fails.append(msg)

ents = art["entities"]
check("claim_id" not in art, "the entities record comes first")
check(all("claim_id" in c for c in claims), "then claims records only")
check(art["article_id"] == "sample-global-times", "id echoed")
check(art["extractor_version"].startswith("claimwire-extract/"), "extractor version")
check(art["published_at"] == 1615127580000, "published_at from --published-at")

def ent(type_, canon):
    for e in ents:
        if e["type"] == type_ and e["canonical"] == canon:
            return e
    return None

# Offsets are code points into the body; every mention's text is exactly that slice.
for e in ents:
    check(0.0 <= e["salience"] <= 1.0, f"salience range {e['canonical']}")
    for m in e["mentions"]:
        check(body[m["start"]:m["end"]] == m["text"],
              f"mention offsets {m['text']!r} at {m['start']}")
firsts = [e["mentions"][0]["start"] for e in ents]
check(firsts == sorted(firsts), "entities sorted by first mention")

xiao = ent("PER", "Xiao Xinguang")
check(xiao is not None, "PER Xiao Xinguang")
if xiao:
    texts = [m["text"] for m in xiao["mentions"]]
    # "Xiao Xinguang", then "Xiao revealed", "Xiao said" (x2), "According to Xiao",
    # "Xiao's lab" (x2).
    check(texts.count("Xiao") >= 5, f"Xiao surname mentions: {texts}")
check(ent("PER", "Zhou Hongyi") is not None, "PER Zhou Hongyi")

sii = ent("ORG", "Serum Institute of India")
check(sii is not None and "SII" in [m["text"] for m in sii["mentions"]],
      "ORG Serum Institute of India with its acronym SII")
us = ent("LOC", "United States")
check(us is not None and "US" in [m["text"] for m in us["mentions"]], "US -> United States")
china = ent("LOC", "China")
check(china is not None and len(china["mentions"]) >= 10, "LOC China, many mentions")
if china:
    top = sorted(ents, key=lambda e: -e["salience"])[:3]
    check(china in top, "China among the three most salient entities")
check(ent("ORG", "Reuters") is not None, "ORG Reuters")

def dates(norm):
    return [e for e in ents if e["type"] == "DATE" and e["normalized"] == norm]

# Published Sunday 2021-03-07 (+08:00): "on Sunday" is that day, "on Thursday" the 4th.
sunday = dates("2021-03-07")
check(sunday and any(m["text"] == "Sunday" for e in sunday for m in e["mentions"]),
      "Sunday -> 2021-03-07")
check(any(m["text"] == "Thursday" for e in dates("2021-03-04") for m in e["mentions"]),
      "Thursday -> 2021-03-04")
check(any(m["text"] == "last year" for e in dates("2020") for m in e["mentions"]),
      "last year -> 2020")
for y in ("2013", "2014", "2016"):
    check(dates(y), f"DATE {y}")

def number(norm, qual):
    return any(e["type"] == "NUMBER" and e["normalized"] == norm and e["qualifier"] == qual
               for e in ents)

check(number("40", "at least"), "at least 40")
check(number("2700", "more than"), "more than 2,700")
check(number("3400", "more than"), "More than 3,400")
check(number("4", None), "four -> 4")

for c in claims:
    s, e = c["content"]["start"], c["content"]["end"]
    check(body[s:e] == c["content"]["text"], f"claim content offsets {c['claim_id']}")
    se = c["speaker_entity"]
    check(se is None or (0 <= se["index"] < len(ents) and
                         ents[se["index"]]["canonical"] == se["canonical"]), "claim speaker index")

if fails:
    for f in fails:
        print("FAIL:", f)
    sys.exit(1)
print(f"ok: {len(ents)} entities, {len(claims)} claims")
PY
