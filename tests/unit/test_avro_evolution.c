/* test_avro_evolution.c - schema evolution of the output records: a new version of each schema
 * adds an optional field with a default. Records the codec writes with the current schema are
 * read with the new one, and records written with the new one are read with the current one,
 * by avro-c (new -> current) and by python3-avro (both ways, tests/integration/evolution_check.py).
 * Also pins that the single-object decoder refuses a record of an unknown schema version, and
 * that the fields added after the version kept in tests/data/schemas (entity ids, places,
 * the claim's article metadata) are compatible both ways with it. */
#include <avro.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "avro_canon.h"
#include "avro_codec.h"
#include "schemas.h"
#include "testhelp.h"

#define CHECKER CW_SOURCE_DIR "/tests/integration/evolution_check.py"
#define NEW_FIELD "sentiment"
#define NEW_VALUE 0.75

static const char BODY[] = "Anna Berg said on Monday that the bridge in Oslo will reopen.";

static cw_span_t span_of(const char *needle) {
  const char *p = strstr(BODY, needle);
  cw_span_t s = {0, 0};
  if (p) {
    s.start = (uint32_t)(p - BODY);
    s.end = s.start + (uint32_t)strlen(needle);
  }
  return s;
}

typedef struct {
  cw_mention_t mentions[2];
  cw_entity_t entities[2];
  int32_t claim_ents[1];
  cw_claim_t claims[1];
  cw_result_t result;
  cw_article_t article;
} fixture_t;

static void build(fixture_t *f) {
  memset(f, 0, sizeof *f);
  f->mentions[0] = (cw_mention_t){span_of("Anna Berg"), "Anna Berg", 0};
  f->mentions[1] = (cw_mention_t){span_of("Oslo"), "Oslo", 0};
  f->entities[0] = (cw_entity_t){"Anna Berg", CW_ENT_PER, 0.5, NULL, NULL, 1, &f->mentions[0],
                                 NULL, 0, 0, 0, NULL};
  f->entities[1] = (cw_entity_t){"Oslo", CW_ENT_LOC, 0.25, NULL, NULL, 1, &f->mentions[1], "NO", 1,
                                 59.9127, 10.7461, NULL};
  cw_claim_t *c = &f->claims[0];
  strcpy(c->id, "0123456789abcdef0123456789abcdef");
  c->kind = CW_CLAIM_INDIRECT;
  c->content = span_of("the bridge in Oslo will reopen");
  c->content_text = "the bridge in Oslo will reopen";
  c->has_cue = 1;
  c->cue = span_of("said");
  c->cue_text = "said";
  c->cue_lemma = "say";
  c->has_source = 1;
  c->source = span_of("Anna Berg");
  c->source_text = "Anna Berg";
  c->speaker_entity = 0;
  c->speaker_resolution = CW_SPKRES_NAME;
  f->claim_ents[0] = 1;
  c->n_entities = 1;
  c->entities = f->claim_ents;
  f->result.n_entities = 2;
  f->result.entities = f->entities;
  f->result.n_claims = 1;
  f->result.claims = f->claims;
  f->article.id = "evo-1";
  f->article.url = "https://example.org/evo/1";
  f->article.title = "Bridge";
  f->article.body = (char *)BODY;
  f->article.body_len = strlen(BODY);
  f->article.published_at = "2024-05-06T08:00:00Z";
  f->article.published_at_ms = 1714982400000LL;
  f->article.language = "en";
  f->article.origin = (cw_origin_t){"articles", 1, 42, 1714982500000LL};
}

/* The schema with one more field, optional with a default: a backward- and forward-compatible
 * change (Avro 1.11, "Schema Resolution"). */
static char *evolve(const char *schema_json) {
  json_t *j = json_loads(schema_json, 0, NULL);
  json_t *f = json_pack("{s:s, s:[s,s], s:n, s:s}", "name", NEW_FIELD, "type", "null", "double",
                        "default", "doc", "added in the next version");
  json_array_append_new(json_object_get(j, "fields"), f);
  char *s = json_dumps(j, JSON_INDENT(1));
  json_decref(j);
  return s;
}

static avro_schema_t parse(const char *json) {
  avro_schema_t s = NULL;
  CHECK_MSG(avro_schema_from_json_length(json, strlen(json), &s) == 0, "%s", avro_strerror());
  return s;
}

static void hex(FILE *f, const void *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    fprintf(f, "%02x", ((const unsigned char *)p)[i]);
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fputs(text, f);
  return fclose(f);
}

/* python3-avro reads both datums with both schemas; checks the resolved views. */
static void check_with_python(const char *tmpdir, const char *name, const char *v1,
                              const char *v2, const void *d1, size_t n1, const void *d2,
                              size_t n2) {
  char p1[512], p2[512], in[512], outp[512], cmd[2200];
  snprintf(p1, sizeof p1, "%s/%s.v1.avsc", tmpdir, name);
  snprintf(p2, sizeof p2, "%s/%s.v2.avsc", tmpdir, name);
  snprintf(in, sizeof in, "%s/%s.in", tmpdir, name);
  snprintf(outp, sizeof outp, "%s/%s.out", tmpdir, name);
  CHECK(write_file(p1, v1) == 0 && write_file(p2, v2) == 0);
  FILE *f = fopen(in, "w");
  CHECK(f != NULL);
  if (!f)
    return;
  fputs("old ", f);
  hex(f, d1, n1);
  fputs("\nnew ", f);
  hex(f, d2, n2);
  fputc('\n', f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s --old %s --new %s < %s > %s", CHECKER, p1, p2,
           in, outp);
  CHECK_MSG(system(cmd) == 0, "%s failed", cmd);
  FILE *o = fopen(outp, "r");
  char line[1 << 16];
  int lines = 0;
  while (o && fgets(line, sizeof line, o)) {
    json_error_t je;
    json_t *j = json_loads(line, 0, &je);
    CHECK_MSG(j != NULL, "%s", je.text);
    if (!j)
      continue;
    lines++;
    const char *w = json_string_value(json_object_get(j, "writer"));
    json_t *own = json_object_get(j, "as_writer"), *other = json_object_get(j, "as_other");
    CHECK(json_is_object(own) && json_is_object(other));
    if (w && strcmp(w, "old") == 0) {
      /* Current record, new reader: the new field takes its default, the rest is unchanged. */
      CHECK(json_is_null(json_object_get(other, NEW_FIELD)));
      CHECK(json_object_get(own, NEW_FIELD) == NULL);
      json_object_del(other, NEW_FIELD);
    } else {
      /* New record, current reader: the new field is skipped, the rest is unchanged. */
      CHECK(json_real_value(json_object_get(own, NEW_FIELD)) == NEW_VALUE);
      CHECK(json_object_get(other, NEW_FIELD) == NULL);
      json_object_del(own, NEW_FIELD);
    }
    CHECK_MSG(json_equal(own, other), "%s: %s-written record differs when resolved", name, w);
    CHECK(json_object_size(own) > 5);
    json_decref(j);
  }
  CHECK_INT(lines, 2);
  if (o)
    fclose(o);
}

/* One schema: the codec's record (current version) and a new-version record made from it. */
static void check_schema(const char *tmpdir, const char *name, const char *file,
                         cw_avro_codec_t *codec, const cw_buf_t *rec) {
  char errstr[256];
  const char *v1_json = cw_schema_text(file);
  char *v2_json = evolve(v1_json);
  avro_schema_t v1 = parse(v1_json), v2 = parse(v2_json);
  const char *d1 = rec->p + CW_AVRO_SOE_HEADER_LEN;
  size_t n1 = rec->len - CW_AVRO_SOE_HEADER_LEN;
  avro_value_iface_t *c1 = avro_generic_class_from_schema(v1);
  avro_value_iface_t *c2 = avro_generic_class_from_schema(v2);
  avro_value_t r1, r2, back;
  avro_generic_value_new(c1, &r1);
  avro_generic_value_new(c2, &r2);
  avro_generic_value_new(c1, &back);

  /* Read the codec's datum, and copy it field by field into a new-version record. */
  avro_reader_t rd = avro_reader_memory(d1, (int64_t)n1);
  CHECK_MSG(avro_value_read(rd, &r1) == 0, "%s", avro_strerror());
  avro_reader_free(rd);
  size_t nf = 0;
  avro_value_get_size(&r1, &nf);
  for (size_t i = 0; i < nf; i++) {
    avro_value_t src, dst;
    const char *fname = NULL;
    CHECK(avro_value_get_by_index(&r1, i, &src, &fname) == 0);
    CHECK(avro_value_get_by_name(&r2, fname, &dst, NULL) == 0);
    CHECK_MSG(avro_value_copy(&dst, &src) == 0, "%s: %s", fname, avro_strerror());
  }
  avro_value_t nfv, branch;
  CHECK(avro_value_get_by_name(&r2, NEW_FIELD, &nfv, NULL) == 0);
  CHECK(avro_value_set_branch(&nfv, 1, &branch) == 0 && avro_value_set_double(&branch, NEW_VALUE)
        == 0);
  size_t n2 = 0;
  CHECK(avro_value_sizeof(&r2, &n2) == 0 && n2 > n1);
  char *d2 = malloc(n2);
  avro_writer_t wr = avro_writer_memory(d2, (int64_t)n2);
  CHECK_MSG(avro_value_write(wr, &r2) == 0, "%s", avro_strerror());
  avro_writer_free(wr);

  /* avro-c resolves the new-version datum to the current schema: the same record as the codec
   * wrote, byte for byte once re-encoded. */
  avro_value_iface_t *res = avro_resolved_writer_new(v2, v1);
  CHECK_MSG(res != NULL, "%s", avro_strerror());
  if (res) {
    avro_value_t rv;
    avro_resolved_writer_new_value(res, &rv);
    avro_resolved_writer_set_dest(&rv, &back);
    rd = avro_reader_memory(d2, (int64_t)n2);
    CHECK_MSG(avro_value_read(rd, &rv) == 0, "%s", avro_strerror());
    avro_reader_free(rd);
    CHECK(avro_value_equal(&r1, &back));
    size_t nb = 0;
    CHECK(avro_value_sizeof(&back, &nb) == 0);
    CHECK_INT(nb, n1);
    char *db = malloc(nb ? nb : 1);
    wr = avro_writer_memory(db, (int64_t)nb);
    CHECK(avro_value_write(wr, &back) == 0);
    avro_writer_free(wr);
    CHECK(nb == n1 && memcmp(db, d1, n1) == 0);
    free(db);
    avro_value_decref(&rv);
    avro_value_iface_decref(res);
  }

  check_with_python(tmpdir, name, v1_json, v2_json, d1, n1, d2, n2);

  /* The new version has its own fingerprint; a single-object record carrying it is refused
   * by a decoder that only knows the current version, never misread. */
  uint64_t fp1 = 0, fp2 = 0;
  CHECK(cw_avro_fingerprint(v2_json, strlen(v2_json), &fp2, errstr, sizeof errstr) == CW_OK);
  CHECK(cw_avro_fingerprint(v1_json, strlen(v1_json), &fp1, errstr, sizeof errstr) == CW_OK);
  CHECK(fp1 == cw_avro_codec_fingerprint(codec, file));
  CHECK(fp2 != fp1);
  cw_buf_t soe, js;
  cw_buf_init(&soe, 1 << 20);
  cw_buf_init(&js, 1 << 20);
  unsigned char hdr[CW_AVRO_SOE_HEADER_LEN] = {0xC3, 0x01};
  for (int i = 0; i < 8; i++)
    hdr[2 + i] = (unsigned char)(fp2 >> (8 * i));
  CHECK(cw_buf_append(&soe, hdr, sizeof hdr) == CW_OK && cw_buf_append(&soe, d2, n2) == CW_OK);
  CHECK_INT(cw_avro_decode_to_json(codec, soe.p, soe.len, &js, errstr, sizeof errstr),
            CW_ERR_FORMAT);
  CHECK_MSG(strstr(errstr, "unknown schema fingerprint") != NULL, "%s", errstr);
  CHECK_INT(js.len, 0);
  cw_buf_free(&soe);
  cw_buf_free(&js);

  free(d2);
  avro_value_decref(&r1);
  avro_value_decref(&r2);
  avro_value_decref(&back);
  avro_value_iface_decref(c1);
  avro_value_iface_decref(c2);
  avro_schema_decref(v1);
  avro_schema_decref(v2);
  free(v2_json);
}

/* The version before the cap flags: the current schema without the boolean fields @p added. */
static char *devolve(const char *schema_json, const char *const *added) {
  json_t *j = json_loads(schema_json, 0, NULL);
  json_t *fields = json_object_get(j, "fields");
  for (size_t i = json_array_size(fields); i-- > 0;)
    for (const char *const *a = added; *a; a++)
      if (!strcmp(json_string_value(json_object_get(json_array_get(fields, i), "name")), *a)) {
        json_array_remove(fields, i);
        break;
      }
  char *s = json_dumps(j, JSON_INDENT(1));
  json_decref(j);
  return s;
}

/* BACKWARD compatibility of the cap flags: a record written with the previous schema (no
 * @p added fields) reads with the current one, the flags taking their default false
 * (python3-avro); a current record with the flags set reads with the previous schema
 * (FORWARD), the flags skipped (avro-c and python3-avro). @p rec: the codec's record with every
 * flag true. */
static void check_added_flags(const char *tmpdir, const char *name, const char *file,
                              const cw_buf_t *rec, const char *const *added) {
  const char *cur_json = cw_schema_text(file);
  char *prev_json = devolve(cur_json, added);
  avro_schema_t cur = parse(cur_json), prev = parse(prev_json);
  CHECK(avro_schema_record_size(prev) + 1 + (added[1] != NULL) == avro_schema_record_size(cur));
  const char *d1 = rec->p + CW_AVRO_SOE_HEADER_LEN;
  size_t n1 = rec->len - CW_AVRO_SOE_HEADER_LEN;
  avro_value_iface_t *ccur = avro_generic_class_from_schema(cur);
  avro_value_iface_t *cprev = avro_generic_class_from_schema(prev);
  avro_value_t r1, r0;
  avro_generic_value_new(ccur, &r1);
  avro_generic_value_new(cprev, &r0);
  avro_reader_t rd = avro_reader_memory(d1, (int64_t)n1);
  CHECK_MSG(avro_value_read(rd, &r1) == 0, "%s", avro_strerror());
  avro_reader_free(rd);
  for (const char *const *a = added; *a; a++) {
    avro_value_t fv;
    int b = 0;
    CHECK(avro_value_get_by_name(&r1, *a, &fv, NULL) == 0 && avro_value_get_boolean(&fv, &b) == 0);
    CHECK_MSG(b == 1, "%s.%s is not set in the codec's record", name, *a);
  }
  /* A previous-version record: every field but the flags. */
  size_t nf = 0;
  avro_value_get_size(&r0, &nf);
  for (size_t i = 0; i < nf; i++) {
    avro_value_t src, dst;
    const char *fname = NULL;
    CHECK(avro_value_get_by_index(&r0, i, &dst, &fname) == 0);
    CHECK(avro_value_get_by_name(&r1, fname, &src, NULL) == 0);
    CHECK_MSG(avro_value_copy(&dst, &src) == 0, "%s: %s", fname, avro_strerror());
  }
  size_t n0 = 0;
  CHECK(avro_value_sizeof(&r0, &n0) == 0 && n0 < n1);
  char *d0 = malloc(n0 ? n0 : 1);
  avro_writer_t wr = avro_writer_memory(d0, (int64_t)n0);
  CHECK_MSG(avro_value_write(wr, &r0) == 0, "%s", avro_strerror());
  avro_writer_free(wr);

  /* avro-c (which fills no reader defaults, so only this way): current writer, previous
   * reader; the flags are skipped and the rest is the previous-version record. */
  avro_value_iface_t *res = avro_resolved_writer_new(cur, prev);
  CHECK_MSG(res != NULL, "%s: current -> previous: %s", name, avro_strerror());
  if (res) {
    avro_value_t rv, down;
    avro_generic_value_new(cprev, &down);
    avro_resolved_writer_new_value(res, &rv);
    avro_resolved_writer_set_dest(&rv, &down);
    rd = avro_reader_memory(d1, (int64_t)n1);
    CHECK_MSG(avro_value_read(rd, &rv) == 0, "%s", avro_strerror());
    avro_reader_free(rd);
    CHECK(avro_value_equal(&r0, &down));
    avro_value_decref(&down);
    avro_value_decref(&rv);
    avro_value_iface_decref(res);
  }

  /* python3-avro, both ways: a previous-version record read with the current schema has the
   * flags false (BACKWARD). */
  char p0[512], p1[512], in[512], outp[512], cmd[2200];
  snprintf(p0, sizeof p0, "%s/%s.prev.avsc", tmpdir, name);
  snprintf(p1, sizeof p1, "%s/%s.cur.avsc", tmpdir, name);
  snprintf(in, sizeof in, "%s/%s.flags.in", tmpdir, name);
  snprintf(outp, sizeof outp, "%s/%s.flags.out", tmpdir, name);
  CHECK(write_file(p0, prev_json) == 0 && write_file(p1, cur_json) == 0);
  FILE *f = fopen(in, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("old ", f);
    hex(f, d0, n0);
    fputs("\nnew ", f);
    hex(f, d1, n1);
    fputc('\n', f);
    fclose(f);
  }
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s --old %s --new %s < %s > %s", CHECKER, p0, p1,
           in, outp);
  CHECK_MSG(system(cmd) == 0, "%s failed", cmd);
  FILE *o = fopen(outp, "r");
  char line[1 << 16];
  int lines = 0;
  while (o && fgets(line, sizeof line, o)) {
    json_error_t je;
    json_t *j = json_loads(line, 0, &je);
    CHECK_MSG(j != NULL, "%s", je.text);
    if (!j)
      continue;
    lines++;
    const char *w = json_string_value(json_object_get(j, "writer"));
    json_t *own = json_object_get(j, "as_writer"), *other = json_object_get(j, "as_other");
    int old = w && !strcmp(w, "old");
    for (const char *const *a = added; *a; a++) {
      if (old) { /* previous record, current reader: the default */
        CHECK_MSG(json_is_false(json_object_get(other, *a)), "%s.%s", name, *a);
        CHECK(json_object_get(own, *a) == NULL);
        json_object_del(other, *a);
      } else { /* current record, previous reader: skipped */
        CHECK_MSG(json_is_true(json_object_get(own, *a)), "%s.%s", name, *a);
        CHECK(json_object_get(other, *a) == NULL);
        json_object_del(own, *a);
      }
    }
    CHECK_MSG(json_equal(own, other), "%s: %s-written record differs when resolved", name, w);
    json_decref(j);
  }
  CHECK_INT(lines, 2);
  if (o)
    fclose(o);
  free(d0);
  avro_value_decref(&r1);
  avro_value_decref(&r0);
  avro_value_iface_decref(ccur);
  avro_value_iface_decref(cprev);
  avro_schema_decref(cur);
  avro_schema_decref(prev);
  free(prev_json);
}

/* Strips the fields named in @p names from every object inside @p j, counting them and those
 * not null. */
static void strip(json_t *j, const char *const *names, int *found, int *set) {
  if (json_is_object(j)) {
    for (const char *const *n = names; *n; n++) {
      json_t *v = json_object_get(j, *n);
      if (!v)
        continue;
      (*found)++;
      /* Null, or an empty array (an array field's default), is a field not set. */
      *set += !json_is_null(v) && !(json_is_array(v) && json_array_size(v) == 0);
      json_object_del(j, *n);
    }
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v)
      strip(v, names, found, set);
  } else if (json_is_array(j)) {
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v)
      strip(v, names, found, set);
  }
}

/* The previous schema version @p prev_file (tests/data/schemas) against the current one, whose
 * new fields (@p added, also inside nested records) are optional with null (or, for an array,
 * empty) defaults. The codec's record @p rec (new fields set) reads with the previous schema
 * (avro-c and python3-avro); a previous-version record, made from it by avro-c's resolution,
 * reads with the current schema with every new field at its default (python3-avro). */
static void check_previous_version(const char *tmpdir, const char *name, const char *file,
                                   const char *prev_file, const cw_buf_t *rec,
                                   const char *const *added) {
  const char *cur_json = cw_schema_text(file);
  FILE *pf = fopen(prev_file, "r");
  char *prev_json = calloc(1, 1 << 16);
  size_t plen = pf ? fread(prev_json, 1, (1 << 16) - 1, pf) : 0;
  if (pf)
    fclose(pf);
  CHECK_MSG(plen > 100, "cannot read %s", prev_file);
  avro_schema_t cur = parse(cur_json), prev = parse(prev_json);
  const char *d1 = rec->p + CW_AVRO_SOE_HEADER_LEN;
  size_t n1 = rec->len - CW_AVRO_SOE_HEADER_LEN;
  avro_value_iface_t *cprev = avro_generic_class_from_schema(prev);
  avro_value_iface_t *res = avro_resolved_writer_new(cur, prev);
  CHECK_MSG(res != NULL, "%s: current -> previous: %s", name, avro_strerror());
  char *d0 = NULL;
  size_t n0 = 0;
  if (res && cprev) {
    avro_value_t rv, down;
    avro_generic_value_new(cprev, &down);
    avro_resolved_writer_new_value(res, &rv);
    avro_resolved_writer_set_dest(&rv, &down);
    avro_reader_t rd = avro_reader_memory(d1, (int64_t)n1);
    CHECK_MSG(avro_value_read(rd, &rv) == 0, "%s", avro_strerror());
    avro_reader_free(rd);
    CHECK(avro_value_sizeof(&down, &n0) == 0 && n0 > 0 && n0 < n1);
    d0 = malloc(n0 ? n0 : 1);
    avro_writer_t wr = avro_writer_memory(d0, (int64_t)n0);
    CHECK_MSG(avro_value_write(wr, &down) == 0, "%s", avro_strerror());
    avro_writer_free(wr);
    avro_value_decref(&down);
    avro_value_decref(&rv);
  }
  char p0[512], p1[512], in[512], outp[512], cmd[2200];
  snprintf(p0, sizeof p0, "%s/%s.before.avsc", tmpdir, name);
  snprintf(p1, sizeof p1, "%s/%s.now.avsc", tmpdir, name);
  snprintf(in, sizeof in, "%s/%s.before.in", tmpdir, name);
  snprintf(outp, sizeof outp, "%s/%s.before.out", tmpdir, name);
  CHECK(write_file(p0, prev_json) == 0 && write_file(p1, cur_json) == 0);
  FILE *f = fopen(in, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("old ", f);
    hex(f, d0, n0);
    fputs("\nnew ", f);
    hex(f, d1, n1);
    fputc('\n', f);
    fclose(f);
  }
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s --old %s --new %s < %s > %s", CHECKER, p0, p1,
           in, outp);
  CHECK_MSG(system(cmd) == 0, "%s failed", cmd);
  FILE *o = fopen(outp, "r");
  char line[1 << 16];
  int lines = 0;
  while (o && fgets(line, sizeof line, o)) {
    json_error_t je;
    json_t *j = json_loads(line, 0, &je);
    CHECK_MSG(j != NULL, "%s", je.text);
    if (!j)
      continue;
    lines++;
    const char *w = json_string_value(json_object_get(j, "writer"));
    json_t *own = json_object_get(j, "as_writer"), *other = json_object_get(j, "as_other");
    int found = 0, set = 0, found_other = 0, set_other = 0;
    if (w && !strcmp(w, "old")) {
      /* A previous-version record, current reader: every new field there, null. */
      strip(own, added, &found_other, &set_other);
      strip(other, added, &found, &set);
      CHECK_INT(found_other, 0);
      CHECK_MSG(found > 0 && set == 0, "%s: %d new fields, %d not null", name, found, set);
    } else {
      /* A current record, previous reader: the new fields were set and are skipped. */
      strip(other, added, &found_other, &set_other);
      strip(own, added, &found, &set);
      CHECK_INT(found_other, 0);
      CHECK_MSG(found > 0 && set > 0, "%s: %d new fields, %d set", name, found, set);
    }
    CHECK_MSG(json_equal(own, other), "%s: %s-written record differs when resolved", name, w);
    json_decref(j);
  }
  CHECK_INT(lines, 2);
  if (o)
    fclose(o);
  free(d0);
  free(prev_json);
  if (res)
    avro_value_iface_decref(res);
  avro_value_iface_decref(cprev);
  avro_schema_decref(cur);
  avro_schema_decref(prev);
}

int main(void) {
  char tmpdir[] = "/tmp/cw-test-evolution-XXXXXX", errstr[256];
  fixture_t f;
  cw_avro_codec_t *codec = NULL;
  cw_buf_t rec;
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  build(&f);
  cw_buf_init(&rec, 1 << 20);
  CHECK_MSG(cw_avro_codec_create(&codec, errstr, sizeof errstr) == CW_OK, "%s", errstr);
  if (codec) {
    CHECK(cw_avro_encode_entities(codec, &f.article, &f.result, 1714982600000LL, &rec, errstr,
                                  sizeof errstr) == CW_OK);
    check_schema(tmpdir, "entities", CW_AVRO_SCHEMA_ENTITIES, codec, &rec);
    CHECK(cw_avro_encode_claim(codec, &f.article, &f.result, 0, 1714982600000LL, &rec, errstr,
                               sizeof errstr) == CW_OK);
    check_schema(tmpdir, "claims", CW_AVRO_SCHEMA_CLAIMS, codec, &rec);

    /* The cap flags, set: written true, and compatible with the version before them. */
    static const char *const ent_flags[] = {"capped", NULL};
    static const char *const claim_flags[] = {"content_truncated", "capped", NULL};
    f.result.capped = 1;
    f.claims[0].content_truncated = 1;
    CHECK(cw_avro_encode_entities(codec, &f.article, &f.result, 1714982600000LL, &rec, errstr,
                                  sizeof errstr) == CW_OK);
    check_added_flags(tmpdir, "entities", CW_AVRO_SCHEMA_ENTITIES, &rec, ent_flags);
    CHECK(cw_avro_encode_claim(codec, &f.article, &f.result, 0, 1714982600000LL, &rec, errstr,
                               sizeof errstr) == CW_OK);
    check_added_flags(tmpdir, "claims", CW_AVRO_SCHEMA_CLAIMS, &rec, claim_flags);

    /* Entity ids and places on entities and entity references; the article's metadata on
     * claims: compatible both ways with the version before them. */
    static const char *const ent_added[] = {"entity_id", "iso_code", "latitude", "longitude",
                                            NULL};
    static const char *const claim_added[] = {"entity_id", "url", "title", "article_source",
                                              "language", "speaker_resolution", "content_parts",
                                              NULL};
    CHECK(cw_avro_encode_entities(codec, &f.article, &f.result, 1714982600000LL, &rec, errstr,
                                  sizeof errstr) == CW_OK);
    check_previous_version(tmpdir, "entities", CW_AVRO_SCHEMA_ENTITIES,
                           CW_TEST_DATA "/schemas/entities.before-entity-ids.avsc", &rec,
                           ent_added);
    CHECK(cw_avro_encode_claim(codec, &f.article, &f.result, 0, 1714982600000LL, &rec, errstr,
                               sizeof errstr) == CW_OK);
    check_previous_version(tmpdir, "claims", CW_AVRO_SCHEMA_CLAIMS,
                           CW_TEST_DATA "/schemas/claims.before-entity-ids.avsc", &rec,
                           claim_added);

    /* How the speaker was found (speaker_resolution): records of the version before it read
     * with the current schema as null, and current records read with that version. */
    static const char *const spkres_added[] = {"speaker_resolution", "content_parts", NULL};
    CHECK(cw_avro_encode_claim(codec, &f.article, &f.result, 0, 1714982600000LL, &rec, errstr,
                               sizeof errstr) == CW_OK);
    check_previous_version(tmpdir, "claims-spkres", CW_AVRO_SCHEMA_CLAIMS,
                           CW_TEST_DATA "/schemas/claims.before-speaker-resolution.avsc", &rec,
                           spkres_added);

    /* The parts of an interrupted quotation (content_parts): records of the version before it
     * read with the current schema as an empty array, and current records, parts set, read
     * with that version. */
    static const char *const parts_added[] = {"content_parts", NULL};
    static const cw_span_t parts[2] = {{0, 5}, {9, 14}};
    static const char *const part_texts[2] = {"first", "later"};
    f.claims[0].n_content_parts = 2;
    f.claims[0].content_parts = parts;
    f.claims[0].content_part_texts = part_texts;
    CHECK(cw_avro_encode_claim(codec, &f.article, &f.result, 0, 1714982600000LL, &rec, errstr,
                               sizeof errstr) == CW_OK);
    check_previous_version(tmpdir, "claims-parts", CW_AVRO_SCHEMA_CLAIMS,
                           CW_TEST_DATA "/schemas/claims.before-content-parts.avsc", &rec,
                           parts_added);
  }
  cw_avro_codec_destroy(&codec);
  cw_buf_free(&rec);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tmpdir);
  return TEST_REPORT();
}
