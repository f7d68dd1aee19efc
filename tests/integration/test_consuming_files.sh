# test_consuming_files.sh - the recipes of schemas/CONSUMING.md that cannot run on this machine
# (no ClickHouse, ksqlDB or Kafka Connect here) checked by consuming_check.py: the JSON files
# parse, the SQL files split into complete statements, and every field the ClickHouse and ksqlDB
# statements and the Connect configs name exists, with a fitting type, in schemas/*.avsc. Then
# the checker is shown to catch what it is there for: a field renamed in a schema, a statement
# without ';', an unbalanced parenthesis, a JSON file cut short.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 60
CHECK=("$CW_PY" "$CW_LIB_DIR/consuming_check.py")

check() { # SCHEMAS RECIPES DOC
  "${CHECK[@]}" --schemas "$1" --recipes "$2" --doc "$3" >"$CW_TMP/check.out" 2>&1
}
check "$CW_SOURCE_DIR/schemas" "$CW_SOURCE_DIR/schemas/consuming" "$CW_SOURCE_DIR/schemas/CONSUMING.md" ||
  fail "the recipes: $(cat "$CW_TMP/check.out")"
log "checked: $(tr -d '\n ' <"$CW_TMP/check.out" | head -c 300)"

# mutant NAME FILE SED_EXPR PATTERN: a copy of the schemas and recipes with one edit must fail
# the check, with PATTERN in its report.
mutant() {
  local name=$1 file=$2 expr=$3 pattern=$4 d="$CW_TMP/$1"
  mkdir -p "$d"
  cp -r "$CW_SOURCE_DIR/schemas/." "$d/"
  sed -i "$expr" "$d/$file"
  cmp -s "$d/$file" "$CW_SOURCE_DIR/schemas/$file" && fail "mutant $name: the edit changed nothing"
  if check "$d" "$d/consuming" "$d/CONSUMING.md"; then
    fail "mutant $name passed the check"
  fi
  grep -q -- "$pattern" "$CW_TMP/check.out" || fail "mutant $name: $(cat "$CW_TMP/check.out")"
  log "mutant $name caught: $(grep -m1 -- "$pattern" "$CW_TMP/check.out" | sed 's/^ *//')"
}
mutant claims-entity-id claims.avsc 's/"name": "entity_id"/"name": "entity_ref_id"/' "entity_id"
mutant entities-iso-code entities.avsc 's/"name": "iso_code"/"name": "country_code"/' "iso_code"
mutant content-text claims.avsc 's/"name": "text", "type": "string", "doc": "The text of the span/"name": "body", "type": "string", "doc": "The text of the span/' "text"
mutant latitude-type entities.avsc 's/"name": "latitude", "type": \["null", "double"\]/"name": "latitude", "type": ["null", "string"]/' "latitude"
mutant ksql-semicolon consuming/ksqldb.sql '0,/EMIT CHANGES;/s/EMIT CHANGES;/EMIT CHANGES/' "two statements run together"
mutant ksql-path consuming/ksqldb.sql 's/speaker_entity->entity_id/speaker_entity->entity_ident/' "no field entity_ident"
mutant ksql-column consuming/ksqldb.sql 's/^         title,/         headline,/' "headline is not a column"
mutant ch-example-semicolon consuming/clickhouse_tables.sql 's/LIMIT 10 BY hour;/LIMIT 10 BY hour/' "two statements run together"
mutant ch-tuple-element consuming/clickhouse_json.sql "s/'lemma'/'lema'/" "no such element in cue"
mutant ch-paren consuming/clickhouse_json.sql '0,/fromUnixTimestamp64Milli(q.published_at, .UTC.)/s/, .UTC.)/, '"'"'UTC'"'"'/' "inside parentheses"
mutant ch-views-differ consuming/clickhouse_confluent.sql 's/AS speaker_canonical/AS speaker_name/' "speaker_"
mutant json-cut consuming/connect-jdbc-claims.json '$d' "not JSON"
cw_pass
