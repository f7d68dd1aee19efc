# test_cli.sh - the command line: help texts, exit codes, `config check` pointing at file:line.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 120

# expect_exit CODE NAME COMMAND...: runs COMMAND, keeps stdout/stderr in $CW_TMP/NAME.{out,err}.
expect_exit() {
  local want=$1 name=$2 rc
  shift 2
  "$@" >"$CW_TMP/$name.out" 2>"$CW_TMP/$name.err" </dev/null
  rc=$?
  [ "$rc" -eq "$want" ] ||
    fail "$name: '$*' exited $rc, expected $want; stderr: $(head -c 400 "$CW_TMP/$name.err")"
  log "ok: $name exits $want"
}
has() { grep -q -- "$2" "$CW_TMP/$1" || fail "$1 does not contain '$2': $(head -c 400 "$CW_TMP/$1")"; }
hasnt() { ! grep -q -- "$2" "$CW_TMP/$1" || fail "$1 contains '$2'"; }

# Top-level help: every command listed, on stdout, exit 0.
expect_exit 0 help "$CW_BIN" --help
for c in run broker produce tail config extract; do
  grep -Eq "^ +$c " "$CW_TMP/help.out" || fail "--help does not list the command '$c'"
done
has help.out "usage: claimwire"

expect_exit 0 version "$CW_BIN" --version
grep -Eq '^claimwire [0-9]+\.[0-9]+' "$CW_TMP/version.out" || fail "--version: $(cat "$CW_TMP/version.out")"

# Per-command help on stdout with exit 0, naming the options the tests and the README rely on.
expect_exit 0 run_help "$CW_BIN" run --help
has run_help.out "usage: claimwire run"
has run_help.out "-c"
expect_exit 0 broker_help "$CW_BIN" broker --help
has broker_help.out "--bootstrap-file"
expect_exit 0 produce_help "$CW_BIN" produce --help
has produce_help.out "-t"
expect_exit 0 tail_help "$CW_BIN" tail --help
has tail_help.out "-t"
expect_exit 0 config_help "$CW_BIN" config --help
has config_help.out "check"

# Usage errors exit 2 and say why on stderr.
expect_exit 2 noargs "$CW_BIN"
has noargs.err "usage"
expect_exit 2 unknown "$CW_BIN" frobnicate
has unknown.err "frobnicate"
expect_exit 2 badopt "$CW_BIN" run --no-such-option
expect_exit 2 config_badaction "$CW_BIN" config frob

# The shipped configurations are valid.
expect_exit 0 check_default "$CW_BIN" config check -c "$CW_SOURCE_DIR/config/claimwire.cfg"
expect_exit 0 check_demo "$CW_BIN" config check -c "$CW_SOURCE_DIR/config/demo.cfg"

# Broken configurations: `config check` prints FILE:LINE: problem and exits 2; so does `run`.
cfg="$CW_TMP/syntax.cfg"
printf 'worker:\n{\n  group_id = "g";\n  input_topic = = "articles";\n};\n' >"$cfg"
expect_exit 2 check_syntax "$CW_BIN" config check -c "$cfg"
has check_syntax.err "$cfg:4:"
expect_exit 2 run_syntax "$CW_BIN" run -c "$cfg"
has run_syntax.err "$cfg:4:"

cfg="$CW_TMP/range.cfg"
printf '# comment\nworker:\n{\n  group_id = "g";\n\n  max_in_flight = 0;\n};\n' >"$cfg"
expect_exit 2 check_range "$CW_BIN" config check -c "$cfg"
has check_range.err "$cfg:6:"
has check_range.err "max_in_flight"

cfg="$CW_TMP/unknown.cfg"
printf 'worker:\n{\n  group_id = "g";\n  shutdown_timeout = 5;\n};\n' >"$cfg"
expect_exit 2 check_unknown "$CW_BIN" config check -c "$cfg"
has check_unknown.err "$cfg:4:"
has check_unknown.err "shutdown_timeout"

cfg="$CW_TMP/type.cfg"
printf 'worker:\n{\n  group_id = 7;\n};\n' >"$cfg"
expect_exit 2 check_type "$CW_BIN" config check -c "$cfg"
has check_type.err "$cfg:3:"

expect_exit 2 check_missing "$CW_BIN" config check -c "$CW_TMP/does-not-exist.cfg"
has check_missing.err "does-not-exist.cfg"

# An environment override is validated like the file (run exits 2 before connecting anywhere).
expect_exit 2 env_range env CLAIMWIRE_WORKER_SHUTDOWN_TIMEOUT_MS=5 "$CW_BIN" config check \
  -c "$CW_SOURCE_DIR/config/claimwire.cfg"
has env_range.err "shutdown_timeout_ms"
expect_exit 2 run_env_range env CLAIMWIRE_WORKER_SHUTDOWN_TIMEOUT_MS=5 "$CW_BIN" run \
  -c "$CW_SOURCE_DIR/config/claimwire.cfg"

# `config dump` never prints a secret given in the environment.
expect_exit 0 dump env CLAIMWIRE_KAFKA_COMMON_SASL_PASSWORD=hunter2-secret "$CW_BIN" config dump \
  -c "$CW_SOURCE_DIR/config/claimwire.cfg"
hasnt dump.out "hunter2-secret"
has dump.out "group_id"

# `extract` reads what the input topic takes and prints the output records, one JSON object a
# line: a JSON article file, JSON lines, plain text, a directory (name order, hidden files
# skipped) and stdin. Every article gives its entities record first, then its claims records.
ex="$CW_TMP/extract"
mkdir -p "$ex/dir"
printf '{"id":"a-json","title":"Bridge","published_at":"2024-05-06T10:00:00Z","body":"Mayor Anna Schmidt said on Monday that the bridge would reopen in June."}\n' \
  >"$ex/dir/1-article.json"
printf '{"id":"a-line","body":"Police in Oslo said two people were hurt."}\n\n{"body":"Kari Holm told reporters the tunnel was safe."}\n' \
  >"$ex/dir/2-feed.jsonl"
printf 'Héron strike ends\n\nUnion leader Jean Héron said the strike was over.\n' >"$ex/dir/3-plain.txt"
printf 'not an article\n' >"$ex/dir/.hidden"
expect_exit 0 extract_help "$CW_BIN" extract --help
has extract_help.out "--processed-at"
has extract_help.out "--envelope"
expect_exit 0 extract_dir "$CW_BIN" extract --processed-at 0 "$ex/dir"
expect_exit 0 extract_files "$CW_BIN" extract --processed-at 1970-01-01T00:00:00Z -e \
  "$ex/dir/1-article.json" "$ex/dir/2-feed.jsonl" "$ex/dir/3-plain.txt"
"$CW_BIN" extract --processed-at 0 - <"$ex/dir/2-feed.jsonl" >"$CW_TMP/extract_stdin_lines.out" \
  2>/dev/null || fail "extract of JSON lines on stdin failed"
"$CW_BIN" extract --processed-at 0 --id given-key --published-at 2024-05-06T10:00:00Z - \
  <"$ex/dir/3-plain.txt" >"$CW_TMP/extract_stdin_text.out" 2>/dev/null ||
  fail "extract of plain text on stdin failed"
"$CW_PY" - "$CW_TMP" "$ex/dir" <<'PY' || fail "extract output is not the records"
import json, sys, os
tmp, d = sys.argv[1], sys.argv[2]
def lines(name):
    return [json.loads(l) for l in open(os.path.join(tmp, name), encoding="utf-8")]
def articles(recs):
    """[(entities record, [claims records])] in output order; claims follow their article."""
    out = []
    for r in recs:
        if "claim_id" in r:
            assert out and r["article_id"] == out[-1][0]["article_id"], r
            assert r["claim_index"] == len(out[-1][1]), r
            out[-1][1].append(r)
        else:
            assert "entities" in r and "claim_id" not in r, r
            out.append((r, []))
    return out
recs = lines("extract_dir.out")
arts = articles(recs)
ids = [e["article_id"] for e, _ in arts]
feed = os.path.join(d, "2-feed.jsonl")
assert ids == ["a-json", "a-line", feed + ":3", "3-plain"], ids
bodies = {"a-json": json.loads(open(os.path.join(d, "1-article.json")).read())["body"],
          "3-plain": open(os.path.join(d, "3-plain.txt"), encoding="utf-8").read()}
for e, claims in arts:
    assert e["processed_at"] == 0 and e["origin_topic"] is None, e
    assert e["extractor_version"].startswith("claimwire-extract/"), e
    body = bodies.get(e["article_id"])
    for ent in e["entities"]:
        for m in ent["mentions"]:
            assert body is None or body[m["start"]:m["end"]] == m["text"], (m, e["article_id"])
    for c in claims:
        assert body is None or body[c["content"]["start"]:c["content"]["end"]] == c["content"]["text"], c
        assert c["speaker_entity"] is None or isinstance(c["speaker_entity"], dict), c
json_art = arts[0][0]
assert json_art["title"] == "Bridge" and json_art["published_at"] == 1714989600000, json_art
assert any(ent["canonical"] == "Anna Schmidt" and ent["type"] == "PER" for ent in json_art["entities"]), json_art
assert any(c["speaker_entity"] and c["speaker_entity"]["canonical"] == "Anna Schmidt" for c in arts[0][1]), arts[0][1]
assert any(ent["type"] == "DATE" and ent["normalized"] == "2024-05-06" for ent in json_art["entities"]), json_art
plain = arts[3][0]
# Plain text: the whole file is the body (offsets count from its first byte), first line the title.
assert plain["title"] == "Héron strike ends" and plain["published_at"] is None, plain
assert any(m["text"] == "Jean Héron" and m["start"] == 32 for ent in plain["entities"] for m in ent["mentions"]), plain
# Files named one by one give the same records; --envelope names topic and key.
env = lines("extract_files.out")
assert [r["value"] for r in env] == recs, "files and directory differ"
assert [r["topic"] for r in env] == ["claimwire.claims" if "claim_id" in r else "claimwire.entities" for r in recs]
assert [r["key"] for r in env] == [r.get("claim_id", r["article_id"]) for r in recs]  # claims by claim id
# stdin: more than one JSON value is JSON lines (keys stdin:LINE); one plain-text body is one article.
st = articles(lines("extract_stdin_lines.out"))
assert [e["article_id"] for e, _ in st] == ["a-line", "stdin:3"], st
assert [e["entities"] for e, _ in st] == [e["entities"] for e, _ in arts[1:3]]
st = articles(lines("extract_stdin_text.out"))
assert len(st) == 1 and st[0][0]["article_id"] == "given-key", st
assert st[0][0]["published_at"] == 1714989600000 and st[0][0]["entities"] == plain["entities"], st
print("extract records ok:", len(recs), "records")
PY
log "ok: extract prints the records of JSON, JSON lines, plain text, a directory and stdin"

# What the worker would dead-letter is named on stderr and exits 1; the other articles still print.
printf '{"id":"good","body":"Kari Holm said the tunnel was safe."}\n{"id":"bad","body":7}\n' \
  >"$ex/mixed.jsonl"
expect_exit 1 extract_dead "$CW_BIN" extract --processed-at 0 "$ex/mixed.jsonl"
has extract_dead.err "mixed.jsonl:2: would be dead-lettered (invalid_input)"
has extract_dead.err "'body' must be a string"
has extract_dead.out '"article_id":"good"'
# A German article gets what the worker gives it: its language and no entities or claims.
printf '{"id":"de1","body":"Die Regierung hat am Montag neue Steuern beschlossen, sagte der Minister in Berlin. Es ist nicht klar, wann die Regeln gelten werden und wer sie bezahlen muss."}\n' \
  >"$ex/german.json"
expect_exit 0 extract_german "$CW_BIN" extract --processed-at 0 "$ex/german.json"
has extract_german.out '"language":"de"'
has extract_german.out '"entities":\[\]'
[ "$(grep -c '"claim_id"' "$CW_TMP/extract_german.out")" -eq 0 ] || fail "claims from a German article"
expect_exit 1 extract_nofile "$CW_BIN" extract "$ex/no-such-file.json"
expect_exit 2 extract_noargs "$CW_BIN" extract
expect_exit 2 extract_tokens "$CW_BIN" extract --tokens "$ex/dir"
has extract_tokens.err "--result"
expect_exit 2 extract_badtime "$CW_BIN" extract --processed-at yesterday "$ex/dir"
# --result keeps the engine's result object of earlier versions (content_text, index speakers).
expect_exit 0 extract_result "$CW_BIN" extract --result "$ex/dir/1-article.json"
has extract_result.out '"content_text"'
has extract_result.out '"speaker_entity":[0-9]'

cw_pass
