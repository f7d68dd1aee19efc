#!/usr/bin/env bash
# check.sh - golden case: the claims of the sample Global Times article (2021-03-07). Asserts on
# attributions whose reading is clear from the text: who told, revealed, said and noted what,
# and that "he noted" and "Xiao said" resolve to Xiao Xinguang. Reads the records `extract`
# prints (the entities record, then the claims records).
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
import json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
body = open(sys.argv[2], encoding="utf-8").read()
art, claims = recs[0], recs[1:]
ents = art["entities"]
fails = []

def check(cond, msg):
    if not cond:
        fails.append(msg)

def ent_index(type_, canon):
    for i, e in enumerate(ents):
        if e["type"] == type_ and e["canonical"] == canon:
            return i
    return None

def text(c, part):
    """The text of a claim's span (content, cue or speaker), or None."""
    return c[part]["text"] if c.get(part) else None

def speaker(c):
    """Index of the entity the claim's speaker resolves to, or -1."""
    return c["speaker_entity"]["index"] if c["speaker_entity"] else -1

def find(cue, source=None, content_has=None):
    for c in claims:
        if text(c, "cue") != cue:
            continue
        if source is not None and text(c, "speaker") != source:
            continue
        if content_has is not None and content_has not in text(c, "content"):
            continue
        return c
    return None

# Structure: offsets are code points into the body, claims sorted, ids deterministic hex.
starts = [c["content"]["start"] for c in claims]
check(starts == sorted(starts), "claims sorted by content start")
ids = [c["claim_id"] for c in claims]
check(all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids), "32-hex claim ids")
check(len(set(ids)) == len(ids), "claim ids unique")
# Cap flags: present, and not raised by an ordinary article.
check(art.get("capped") is False and all(c["capped"] is False for c in claims), "capped is false")
check([c["claim_index"] for c in claims] == list(range(len(claims))), "claim_index in order")
check(all(c["article_id"] == "sample-global-times" for c in claims), "claims carry the article id")
check(all(c["content_truncated"] is False for c in claims), "no content truncated")
for c in claims:
    for part in ("content", "cue", "speaker"):
        if c.get(part):
            check(body[c[part]["start"]:c[part]["end"]] == c[part]["text"],
                  f"{part} offsets {c[part]['text'][:40]!r}")
    check(c["speaker_entity"] is None or (0 <= speaker(c) < len(ents) and
          ents[speaker(c)]["canonical"] == c["speaker_entity"]["canonical"]),
          "speaker index in range")
    for k in c["entities"] + c["numbers"]:
        check(0 <= k["index"] < len(ents), "content entity index in range")

xiao = ent_index("PER", "Xiao Xinguang")
zhou = ent_index("PER", "Zhou Hongyi")
check(xiao is not None and zhou is not None, "Xiao Xinguang and Zhou Hongyi are entities")

# Xiao Xinguang, a member of ..., told the Global Times ... that cyberspace has become ...
c = find("told", content_has="cyberspace has become an area of confrontation")
check(c is not None, "claim: Xiao told the Global Times that cyberspace ...")
if c:
    check(c["kind"] == "INDIRECT", f"told: kind {c['kind']}")
    check((text(c, "speaker") or "").startswith("Xiao Xinguang"), f"told: source {text(c, 'speaker')!r}")
    check(speaker(c) == xiao, "told: speaker is Xiao Xinguang")
    check(c["cue"]["lemma"] == "tell", "told: lemma tell")
    check("Global Times" not in text(c, "content"), "told: the addressee is not content")

# ..., Xiao revealed.
c = find("revealed", source="Xiao", content_has="posing cyberspace threats in border conflicts")
check(c is not None, "claim: ..., Xiao revealed")
if c:
    check(speaker(c) == xiao, "Xiao revealed: speaker")

# Some superpower has never stopped ..., he noted.
c = find("noted", source="he", content_has="Some superpower has never stopped its ambition")
check(c is not None, "claim: ..., he noted")
if c:
    check(speaker(c) == xiao, "he noted: resolved to Xiao Xinguang")
    check(text(c, "content").endswith("in the name of cybersecurity"), "he noted: content end")

# Two "..., Xiao said" claims.
c1 = find("said", source="Xiao", content_has="Western countries have long hyped the issue")
c2 = find("said", source="Xiao", content_has="the plan aims to suppress Chinese enterprises")
check(c1 is not None, "claim: Western countries have long hyped ..., Xiao said")
check(c2 is not None, "claim: the plan aims to suppress ..., Xiao said")
for c in (c1, c2):
    if c:
        check(speaker(c) == xiao, "Xiao said: speaker")
        check(c["kind"] == "INDIRECT", f"Xiao said: kind {c['kind']}")

# According to Xiao, an organization backed by the Indian government was exposed ...
c = find("According to", source="Xiao", content_has="an organization backed by the Indian government")
check(c is not None, "claim: According to Xiao, ...")
if c:
    check(c["cue"]["lemma"] == "according to", "according to: lemma")
    check(speaker(c) == xiao, "according to: speaker")

# Zhou Hongyi, a member of ..., revealed that the company has detected at least 40 ...
c = find("revealed", content_has="the company has detected at least 40 high-level overseas hacker")
check(c is not None, "claim: Zhou Hongyi revealed that ...")
if c:
    check((text(c, "speaker") or "").startswith("Zhou Hongyi"), f"Zhou: source {text(c, 'speaker')!r}")
    check(speaker(c) == zhou, "Zhou revealed: speaker")
    check(c["cue"]["lemma"] == "reveal", "revealed: lemma")

# ..., said a Chinese political advisor: an indefinite description is not resolved by guess.
c = find("said", source="a Chinese political advisor",
         content_has="vaccine research institutions and research institutes were subject to")
check(c is not None, "claim: ..., said a Chinese political advisor")
if c:
    check(speaker(c) in (-1, xiao), "advisor: unresolved or Xiao Xinguang")
    check("a thief was crying" in text(c, "content"), "advisor: content keeps the quoted words")

# Reuters reported that a Chinese hacking group ...
c = find("reported", source="Reuters", content_has="a Chinese hacking group called APT-10")
check(c is not None, "claim: Reuters reported that ...")

if fails:
    print("FAIL: " + "\n  ".join(fails))
    print("claims were:")
    for c in claims:
        print(" ", text(c, "speaker"), "|", text(c, "cue"), "|", text(c, "content")[:80],
              "| speaker", speaker(c))
    sys.exit(1)
print(f"ok: {len(claims)} claims")
PY
