# test_package.sh - the Debian package: `cpack -G DEB` from this build, unpacked with
# `dpkg-deb -x` into a temporary root, works on its own: its Depends name the Debian packages of
# every library the binary needs; without its models it refuses to start; with them, the
# unpacked broker, producer and worker turn tests/data/articles into records carrying the
# models' version. Nothing of the source or build tree is reachable from the unpacked binary:
# it is stripped (no path of this tree in it) and runs with a clean environment from the
# temporary directory.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 180

build=$(dirname "$CW_BIN")
[ -f "$build/CPackConfig.cmake" ] || fail "no CPackConfig.cmake in $build"
command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing"

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$CW_TMP/pkg" >"$CW_TMP/cpack.log" 2>&1 ||
  fail "cpack failed: $(tail -n 20 "$CW_TMP/cpack.log")"
deb=$(ls "$CW_TMP"/pkg/claimwire_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "cpack made no claimwire_*.deb: $(ls "$CW_TMP/pkg")"
log "package $(basename "$deb"), $(stat -c %s "$deb") bytes"
rm -rf "$CW_TMP/pkg/_CPack_Packages"

# Depends: the runtime package of every library the binary links.
depends=$(dpkg-deb -f "$deb" Depends)
log "Depends: $depends"
root="$CW_TMP/root"
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x failed"
bin="$root/usr/bin/claimwire"
[ -x "$bin" ] || fail "no usr/bin/claimwire in the package"
for lib in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
  [ -n "$path" ] || fail "$lib: not found by ldconfig"
  pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1)
  [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1)
  [ -n "$pkg" ] || fail "$lib ($path): no Debian package owns it"
  printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$pkg" ||
    fail "$lib comes from $pkg, which Depends does not name"
  log "ok: $lib from $pkg"
done

# The FHS layout, and nothing that points back at the build.
for f in usr/share/claimwire/models/SHA256SUMS usr/share/claimwire/models/pos.model \
         usr/share/claimwire/models/ner.model usr/share/claimwire/models/clusters.txt \
         usr/share/claimwire/models/attr.model usr/share/claimwire/models/gaz/countries.tsv \
         usr/share/claimwire/schemas/entities.avsc usr/share/claimwire/schemas/claims.avsc \
         usr/share/claimwire/schemas/CONSUMING.md usr/share/claimwire/schemas/consuming/consume.py \
         usr/share/doc/claimwire/examples/claimwire.cfg; do
  [ -f "$root/$f" ] || fail "the package lacks /$f"
done
[ -z "$(find "$root" -name claimwire-models.path)" ] || fail "the package holds claimwire-models.path"
! grep -aqF "$CW_SOURCE_DIR" "$bin" || fail "the packaged binary names the source tree $CW_SOURCE_DIR"
! grep -aqF "$build" "$bin" || fail "the packaged binary names the build tree $build"
(cd "$root/usr/share/claimwire/models" && sha256sum --quiet -c SHA256SUMS) ||
  fail "the packaged models do not match their SHA256SUMS"

# A clean environment in the temporary directory: no CLAIMWIRE_* setting, no tree nearby.
pkgrun() { (cd "$CW_TMP" && env -i PATH=/usr/bin:/bin "$@"); }

# Without its models the unpacked binary refuses to start (exit 2, saying why).
bare="$CW_TMP/bare"
cp -a "$root" "$bare"
rm -rf "$bare/usr/share/claimwire/models"
pkgrun "$bare/usr/bin/claimwire" config check >"$CW_TMP/bare.out" 2>"$CW_TMP/bare.err"
rc=$?
[ "$rc" -eq 2 ] || fail "config check without models exited $rc: $(cat "$CW_TMP/bare.err")"
grep -q "no model directory" "$CW_TMP/bare.err" || fail "without models: $(cat "$CW_TMP/bare.err")"
rm -rf "$bare"
log "ok: without its models the unpacked binary exits 2"

# With them: the installed models, the same version the build's binary reports.
pkgrun "$bin" config check >"$CW_TMP/check.out" 2>"$CW_TMP/check.err" ||
  fail "config check of the unpacked binary failed: $(cat "$CW_TMP/check.err")"
grep -q "$root/usr/share/claimwire/models (installed" "$CW_TMP/check.err" ||
  fail "the unpacked binary did not use its own models: $(cat "$CW_TMP/check.err")"
version=$(sed -n 's/.*; models \(claimwire-extract\/[^ ]*\)$/\1/p' "$CW_TMP/check.out")
want=$(cd "$CW_TMP" && env -u CLAIMWIRE_WORKER_MODEL_DIR "$CW_BIN" config check 2>/dev/null |
  sed -n 's/.*; models \(claimwire-extract\/[^ ]*\)$/\1/p')
[ -n "$version" ] && [ "$version" = "$want" ] ||
  fail "unpacked binary reports '$version', the build '$want'"
case "$version" in *+m.*) ;; *) fail "version without a models hash: $version" ;; esac
log "ok: unpacked binary runs on its models, $version"

# The whole worker from the package: its broker, producer, worker and tail on the fixtures.
CW_BIN="$bin"
unset CLAIMWIRE_WORKER_MODEL_DIR
cw_write_config
cd "$CW_TMP" || fail "cd $CW_TMP"
cw_start_broker
n=$(ls "$CW_TEST_DATA"/articles/*.json | wc -l)
cw_produce "$CW_TEST_DATA/articles"
cw_start_worker w1
cw_wait_worker_started w1 60
wait_for 90 "$n entity records" cw_topic_at_least claimwire.entities "$n" ||
  fail "the packaged worker did not process the $n fixtures"
"$CW_BIN" tail -c "$CW_CFG" -t claimwire.entities -n "$n" --timeout-ms 30000 \
  >"$CW_TMP/entities.jsonl" 2>"$CW_TMP/tail.log" || fail "tail failed"
"$CW_PY" - "$CW_TMP/entities.jsonl" "$version" "$n" <<'PY' || fail "entity records do not carry $version"
import json, sys
path, version, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
recs = [json.loads(l) for l in open(path) if l.strip()]
assert len(recs) == n, f"{len(recs)} records, expected {n}"
bad = [r["article_id"] for r in recs if r["extractor_version"] != version]
assert not bad, f"records with another extractor_version: {bad[:3]}"
ents = sum(len(r["entities"]) for r in recs)
assert ents > 0 and "+rules-only" not in version, f"{ents} entities, {version}"
print(f"{len(recs)} records, {ents} entities, extractor_version {version}")
PY
[ "$(cw_topic_count claimwire.deadletter)" -eq 0 ] || fail "dead letters from the fixtures"
cw_pass
