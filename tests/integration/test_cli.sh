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

cw_pass
