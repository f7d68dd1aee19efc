# test_models.sh - a worker never runs on part of its models: with a model or gazetteer missing,
# cut short or corrupt (against SHA256SUMS or, when that was rewritten, the model file's own
# checksum), `run`, `config check` and `extract` exit 2 with one line naming the file;
# rules only is an explicit setting that shows in the version; where the models are looked for.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 120

expect_exit() {
  local want=$1 name=$2 rc
  shift 2
  timeout 60 "$@" >"$CW_TMP/$name.out" 2>"$CW_TMP/$name.err" </dev/null
  rc=$?
  [ "$rc" -eq "$want" ] ||
    fail "$name: '$*' exited $rc, expected $want; stderr: $(head -c 600 "$CW_TMP/$name.err")"
  log "ok: $name exits $want"
}
has() { grep -q -- "$2" "$CW_TMP/$1" || fail "$1 does not contain '$2': $(head -c 600 "$CW_TMP/$1")"; }
hasnt() { ! grep -q -- "$2" "$CW_TMP/$1" || fail "$1 contains '$2'"; }

src="$CW_SOURCE_DIR/worker/extract/models"
md="$CW_TMP/models"
mkdir -p "$md/gaz"
cp "$src"/SHA256SUMS "$src"/*.model "$src"/clusters.txt "$md/"
cp "$src"/gaz/* "$md/gaz/"
article="$CW_TMP/article.txt"
printf 'Mary Robinson, a spokeswoman for the Serum Institute of India, said on Sunday that the plant in Pune would reopen.\n' >"$article"
cfg="$CW_TMP/w.cfg"
printf 'worker:\n{\n  model_dir = "%s";\n  http_listen = "";\n};\nkafka:\n{\n  common:\n  {\n    bootstrap_servers = "127.0.0.1:1";\n  };\n};\n' "$md" >"$cfg"

# Intact: the version carries the models' hash.
expect_exit 0 check_ok "$CW_BIN" config check -c "$cfg"
has check_ok.out "claimwire-extract/[0-9.]*+m\.[0-9a-f]\{8\}"
expect_exit 0 extract_ok "$CW_BIN" extract -c "$cfg" "$article"
has extract_ok.out '"extractor_version":"claimwire-extract/[0-9.]*+m\.[0-9a-f]\{8\}"'
has extract_ok.out '"canonical":"Mary Robinson","type":"PER"'

# One clear line: run stops at start with exit 2, naming clusters.txt (not pos.model).
mv "$md/clusters.txt" "$CW_TMP/clusters.txt"
expect_exit 2 run_missing "$CW_BIN" run -c "$cfg"
has run_missing.err "$md/clusters.txt: missing"
hasnt run_missing.err "pos.model"
[ "$(grep -c ' error ' "$CW_TMP/run_missing.err")" -eq 1 ] ||
  fail "run: not exactly one error line: $(cat "$CW_TMP/run_missing.err")"
hasnt run_missing.err "worker started"
expect_exit 2 check_missing "$CW_BIN" config check -c "$cfg"
has check_missing.err "$md/clusters.txt: missing"
expect_exit 2 extract_missing "$CW_BIN" extract -c "$cfg" "$article"
has extract_missing.err "$md/clusters.txt: missing"
mv "$CW_TMP/clusters.txt" "$md/clusters.txt"

# A gazetteer cut short is refused by its checksum.
cp "$md/gaz/orgs.tsv" "$CW_TMP/orgs.tsv"
head -c 500 "$CW_TMP/orgs.tsv" >"$md/gaz/orgs.tsv"
expect_exit 2 run_truncated "$CW_BIN" run -c "$cfg"
has run_truncated.err "$md/gaz/orgs.tsv: checksum mismatch"
expect_exit 2 check_truncated "$CW_BIN" config check -c "$cfg"
has check_truncated.err "$md/gaz/orgs.tsv: checksum mismatch"
cp "$CW_TMP/orgs.tsv" "$md/gaz/orgs.tsv"

# A model file changed and SHA256SUMS rewritten to match: the file's own checksum and header
# refuse it, one line naming the file and the reason.
cp "$md/attr.model" "$CW_TMP/attr.model"
cp "$md/SHA256SUMS" "$CW_TMP/SHA256SUMS"
resum() { (cd "$md" && sha256sum gaz/* pos.model ner.model clusters.txt attr.model >SHA256SUMS); }
size=$(stat -c %s "$CW_TMP/attr.model")
{ head -c $((size / 2)) "$CW_TMP/attr.model"; printf 'X'; tail -c +$((size / 2 + 2)) "$CW_TMP/attr.model"; } >"$md/attr.model"
resum
expect_exit 2 run_corrupt "$CW_BIN" run -c "$cfg"
has run_corrupt.err "$md/attr.model: checksum mismatch"
[ "$(grep -c ' error ' "$CW_TMP/run_corrupt.err")" -eq 1 ] ||
  fail "run: not exactly one error line: $(cat "$CW_TMP/run_corrupt.err")"
hasnt run_corrupt.err "worker started"
expect_exit 2 check_corrupt "$CW_BIN" config check -c "$cfg"
has check_corrupt.err "$md/attr.model: checksum mismatch"
printf 'claimwire-attr 3 0.1500 0.0500 3 0.0000 0 -13.0000 0.0000\n' >"$md/attr.model"
resum
expect_exit 2 run_oldformat "$CW_BIN" run -c "$cfg"
has run_oldformat.err "$md/attr.model: not a claimwire model file"
cp "$CW_TMP/attr.model" "$md/attr.model"
cp "$CW_TMP/SHA256SUMS" "$md/SHA256SUMS"

# Rules only is a choice, and the records say so.
mkdir -p "$CW_TMP/stat"
mv "$md"/*.model "$md/clusters.txt" "$CW_TMP/stat/"
expect_exit 2 check_nomodels "$CW_BIN" config check -c "$cfg"
expect_exit 0 check_rules env CLAIMWIRE_WORKER_RULES_ONLY=true "$CW_BIN" config check -c "$cfg"
has check_rules.out "+rules-only.m."
expect_exit 0 extract_rules env CLAIMWIRE_WORKER_RULES_ONLY=true "$CW_BIN" extract -c "$cfg" "$article"
has extract_rules.out '"extractor_version":"claimwire-extract/[0-9.]*+rules-only\.m\.[0-9a-f]\{8\}"'
mv "$CW_TMP/stat"/* "$md/"

# Where the models are found: --model-dir over CLAIMWIRE_WORKER_MODEL_DIR over worker.model_dir.
expect_exit 2 env_over_file env CLAIMWIRE_WORKER_MODEL_DIR="$CW_TMP/nowhere" "$CW_BIN" config check -c "$cfg"
has env_over_file.err "$CW_TMP/nowhere"
expect_exit 0 flag_over_env env CLAIMWIRE_WORKER_MODEL_DIR="$CW_TMP/nowhere" "$CW_BIN" extract \
  -c "$cfg" --model-dir "$md" "$article"
expect_exit 0 env_over_default env CLAIMWIRE_WORKER_MODEL_DIR="$md" "$CW_BIN" config check

cw_pass
