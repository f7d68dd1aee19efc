/* test_engine.c - the public engine API end to end: results, limits, errors, reuse of one
 * extractor across articles; a model directory with one file missing, unreadable, cut short or
 * corrupted is refused naming that file; rules only by explicit choice; the version names the
 * models. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "claimwire/extract.h"
#include "cw_limits.h"
#include "cw_hash.h"
#include "cw_sha256.h"
#include "testhelp.h"

#define SRC_MODELS CW_DEFAULT_MODEL_DIR

static const cw_entity_t *find(const cw_result_t *r, cw_entity_type_t t, const char *canon);

/* The files a full engine checks; the first six are all a rules-only engine needs. */
static const char *const FILES[] = {"gaz/countries.tsv", "gaz/cities.tsv", "gaz/demonyms.tsv",
                                    "gaz/orgs.tsv", "gaz/firstnames.txt", "gaz/places.tsv",
                                    "pos.model",
                                    "ner.model", "clusters.txt", "attr.model"};
#define N_FILES (sizeof(FILES) / sizeof(FILES[0]))

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  *len = fread(b, 1, (size_t)n, f);
  fclose(f);
  return b;
}

static int spit(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  size_t w = fwrite(data, 1, len, f);
  return (fclose(f) == 0 && w == len) ? 0 : -1;
}

static void pathof(char *out, size_t n, const char *dir, const char *file) {
  snprintf(out, n, "%s/%s", dir, file);
}

/* Loads @p dir, expecting @p want; on an error, the message must name @p file and @p why. */
static void expect_load(const char *dir, int rules_only, cw_err_t want, const char *file,
                        const char *why) {
  char err[1024] = "", path[4096];
  cw_engine_t *eng = NULL;
  cw_engine_opts_t o = {.model_dir = dir, .rules_only = rules_only};
  cw_err_t got = cw_engine_open(&o, &eng, err, sizeof(err));
  CHECK_MSG(got == want, "%s broken (%s): got %s, expected %s: %s", file, why, cw_err2str(got),
            cw_err2str(want), err);
  if (want != CW_OK) {
    CHECK(eng == NULL);
    if (file[0])
      pathof(path, sizeof path, dir, file);
    else
      snprintf(path, sizeof path, "%s", dir);
    CHECK_MSG(strstr(err, path) != NULL, "error does not name %s: %s", path, err);
    CHECK_MSG(strstr(err, why) != NULL, "error does not say '%s': %s", why, err);
    CHECK_MSG(strchr(err, '\n') == NULL, "error is not one line: %s", err);
  }
  cw_engine_destroy(&eng);
}

/* Rewrites dir/SHA256SUMS from the files as they are now. */
static void write_sums(const char *dir) {
  char path[4096], line[200], all[4096] = "";
  for (size_t i = 0; i < N_FILES; i++) {
    size_t n = 0;
    pathof(path, sizeof path, dir, FILES[i]);
    char *b = slurp(path, &n);
    if (!b)
      continue;
    cw_sha256_t st;
    uint8_t d[32];
    char hex[65];
    cw_sha256_init(&st);
    cw_sha256_update(&st, b, n);
    cw_sha256_final(&st, d);
    cw_sha256_hex(d, hex);
    free(b);
    snprintf(line, sizeof line, "%s  %s\n", hex, FILES[i]);
    strncat(all, line, sizeof(all) - strlen(all) - 1);
  }
  pathof(path, sizeof path, dir, "SHA256SUMS");
  CHECK(spit(path, all, strlen(all)) == 0);
}

static void version_of(const char *dir, int rules_only, char *out, size_t n) {
  char err[1024] = "";
  cw_engine_t *eng = NULL;
  cw_engine_opts_t o = {.model_dir = dir, .rules_only = rules_only};
  CHECK_MSG(cw_engine_open(&o, &eng, err, sizeof(err)) == CW_OK, "%s", err);
  snprintf(out, n, "%s", eng ? cw_engine_version(eng) : "");
  cw_engine_destroy(&eng);
}

/* A copy of the shipped model directory in a temporary directory, broken one file at a time. */
static void model_dir_checks(const cw_doc_t *doc, const char *v_src) {
  char tmpl[] = "/tmp/cw-test-engine.XXXXXX", path[4096], err[1024];
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL);
  if (!dir)
    return;
  pathof(path, sizeof path, dir, "gaz");
  CHECK(mkdir(path, 0755) == 0);
  char *orig[N_FILES];
  size_t olen[N_FILES];
  for (size_t i = 0; i < N_FILES; i++) {
    char src[4096];
    pathof(src, sizeof src, SRC_MODELS, FILES[i]);
    orig[i] = slurp(src, &olen[i]);
    CHECK_MSG(orig[i] != NULL, "cannot read %s", src);
    pathof(path, sizeof path, dir, FILES[i]);
    CHECK(orig[i] && spit(path, orig[i], olen[i]) == 0);
  }
  char sums_src[4096], dst[4096];
  size_t slen = 0;
  pathof(sums_src, sizeof sums_src, SRC_MODELS, "SHA256SUMS");
  char *sums = slurp(sums_src, &slen);
  CHECK(sums != NULL);
  pathof(dst, sizeof dst, dir, "SHA256SUMS");
  CHECK(sums && spit(dst, sums, slen) == 0);

  /* The intact copy loads, with the version of the shipped directory: the same files. */
  char v_copy[128];
  version_of(dir, 0, v_copy, sizeof v_copy);
  CHECK_STR(v_copy, v_src);
  CHECK(strncmp(v_src, CW_EXTRACTOR_VERSION "+m.", strlen(CW_EXTRACTOR_VERSION) + 3) == 0);
  CHECK_INT(strlen(v_src), strlen(CW_EXTRACTOR_VERSION) + 3 + 8);

  for (size_t i = 0; i < N_FILES; i++) {
    pathof(path, sizeof path, dir, FILES[i]);
    /* missing (a missing clusters.txt is reported as itself, not as pos.model) */
    CHECK(unlink(path) == 0);
    expect_load(dir, 0, CW_ERR_NOT_FOUND, FILES[i], "missing");
    /* cut short */
    CHECK(spit(path, orig[i], olen[i] / 2) == 0);
    expect_load(dir, 0, CW_ERR_FORMAT, FILES[i], "checksum mismatch");
    /* one byte changed in the middle */
    orig[i][olen[i] / 2] ^= 0x20;
    CHECK(spit(path, orig[i], olen[i]) == 0);
    expect_load(dir, 0, CW_ERR_FORMAT, FILES[i], "checksum mismatch");
    orig[i][olen[i] / 2] ^= 0x20;
    CHECK(spit(path, orig[i], olen[i]) == 0);
  }
  /* Empty, and unreadable: a directory in its place (chmod 0 does not stop root). The
   * checks do not depend on the kind of file: one gazetteer and one model. */
  static const size_t some[] = {3, 7};
  for (size_t k = 0; k < 2; k++) {
    size_t i = some[k];
    pathof(path, sizeof path, dir, FILES[i]);
    CHECK(spit(path, orig[i], 0) == 0);
    expect_load(dir, 0, CW_ERR_FORMAT, FILES[i], "empty");
    CHECK(unlink(path) == 0);
    CHECK(mkdir(path, 0755) == 0);
    expect_load(dir, 0, CW_ERR_IO, FILES[i], "cannot read");
    CHECK(rmdir(path) == 0);
    CHECK(spit(path, orig[i], olen[i]) == 0);
    if (geteuid() != 0) {
      CHECK(chmod(path, 0) == 0);
      expect_load(dir, 0, CW_ERR_IO, FILES[i], "Permission denied");
      CHECK(chmod(path, 0644) == 0);
    }
  }

  /* The checksum list itself: missing, or silent about a file. */
  CHECK(unlink(dst) == 0);
  expect_load(dir, 0, CW_ERR_NOT_FOUND, "SHA256SUMS", "missing");
  expect_load(dir, 1, CW_ERR_NOT_FOUND, "SHA256SUMS", "missing");
  const char *cut = sums ? strstr(sums, "  clusters.txt\n") : NULL;
  CHECK(cut != NULL);
  if (cut) {
    const char *line = cut - 64;
    size_t head = (size_t)(line - sums), tail_at = (size_t)(cut - sums) + 15;
    char *edited = malloc(slen);
    memcpy(edited, sums, head);
    memcpy(edited + head, sums + tail_at, slen - tail_at);
    CHECK(spit(dst, edited, slen - (tail_at - head)) == 0);
    free(edited);
    expect_load(dir, 0, CW_ERR_FORMAT, "clusters.txt", "not listed");
  }
  CHECK(spit(dst, "not a checksum line\n", 20) == 0);
  expect_load(dir, 0, CW_ERR_FORMAT, "SHA256SUMS", "SHA256SUMS:1:");
  CHECK(sums && spit(dst, sums, slen) == 0);

  /* No directory at all, and no directory given. */
  cw_engine_t *eng = NULL;
  expect_load("/nonexistent-model-dir", 0, CW_ERR_NOT_FOUND, "", "missing");
  CHECK_INT(cw_engine_load(NULL, &eng, err, sizeof(err)), CW_ERR_INVALID);
  CHECK(eng == NULL);

  /* Rules only, by choice: the statistical models may be absent, the gazetteers may not; the
   * version says so. */
  for (size_t i = 6; i < N_FILES; i++) {
    pathof(path, sizeof path, dir, FILES[i]);
    CHECK(unlink(path) == 0);
  }
  expect_load(dir, 0, CW_ERR_NOT_FOUND, "pos.model", "missing");
  cw_engine_opts_t ro = {.model_dir = dir, .rules_only = 1};
  CHECK_INT(cw_engine_open(&ro, &eng, err, sizeof(err)), CW_OK);
  if (eng) {
    char desc[1024];
    cw_engine_describe(eng, desc, sizeof(desc));
    CHECK(strstr(desc, "pos=none") != NULL);
    CHECK(strncmp(cw_engine_version(eng), CW_EXTRACTOR_VERSION "+rules-only.m.",
                  strlen(CW_EXTRACTOR_VERSION) + 14) == 0);
    CHECK(strcmp(cw_engine_version(eng), v_src) != 0);
    cw_extractor_t *ex = cw_extractor_create(eng);
    const cw_result_t *r = NULL;
    CHECK_INT(cw_extractor_run(ex, doc, &r, err, sizeof(err)), CW_OK);
    CHECK(r && find(r, CW_ENT_DATE, "Sunday") != NULL);
    /* No POS model: tokens carry no tags. */
    CHECK(r && r->n_tokens > 0 && r->tokens[0].pos == NULL);
    cw_extractor_destroy(&ex);
    cw_engine_destroy(&eng);
  }
  pathof(path, sizeof path, dir, FILES[3]);
  CHECK(spit(path, orig[3], olen[3] - 1) == 0);
  expect_load(dir, 1, CW_ERR_FORMAT, FILES[3], "checksum mismatch");

  /* Different models, different versions: another attr.model, listed as such. */
  for (size_t i = 0; i < N_FILES; i++) {
    pathof(path, sizeof path, dir, FILES[i]);
    CHECK(spit(path, orig[i], olen[i]) == 0);
  }
  /* A model changed behind SHA256SUMS's back (the list rewritten after the change): the
   * model file's own checksum refuses it, with one line naming the file and the reason. */
  static const size_t models[] = {7, 9}; /* ner.model, attr.model */
  for (size_t k = 0; k < 2; k++) {
    size_t i = models[k];
    pathof(path, sizeof path, dir, FILES[i]);
    orig[i][olen[i] / 2] ^= 0x20;
    CHECK(spit(path, orig[i], olen[i]) == 0);
    write_sums(dir);
    expect_load(dir, 0, CW_ERR_FORMAT, FILES[i], ": checksum mismatch");
    orig[i][olen[i] / 2] ^= 0x20;
    CHECK(spit(path, orig[i], olen[i] - 100) == 0);
    write_sums(dir);
    expect_load(dir, 0, CW_ERR_FORMAT, FILES[i], ": truncated");
    CHECK(spit(path, orig[i], olen[i]) == 0);
  }
  /* Another valid attr.model: the lowest byte of its first parameter (the first byte of the
   * first section, after the 32-byte header and five 16-byte section entries) changed and
   * the file's checksum recomputed. */
  pathof(path, sizeof path, dir, "attr.model");
  char *other = malloc(olen[9]);
  CHECK(other && strcmp(FILES[9], "attr.model") == 0);
  memcpy(other, orig[9], olen[9]);
  other[32 + 5 * 16] ^= 1;
  uint64_t crc = cw_crc64_avro(other, olen[9] - 8);
  for (int b = 0; b < 8; b++)
    other[olen[9] - 8 + (size_t)b] = (char)(crc >> (8 * b));
  CHECK(spit(path, other, olen[9]) == 0);
  free(other);
  write_sums(dir);
  char v_other[128];
  version_of(dir, 0, v_other, sizeof v_other);
  CHECK(strncmp(v_other, CW_EXTRACTOR_VERSION "+m.", strlen(CW_EXTRACTOR_VERSION) + 3) == 0);
  CHECK(strcmp(v_other, v_src) != 0);

  for (size_t i = 0; i < N_FILES; i++) {
    pathof(path, sizeof path, dir, FILES[i]);
    unlink(path);
    free(orig[i]);
  }
  unlink(dst);
  pathof(path, sizeof path, dir, "gaz");
  rmdir(path);
  CHECK(rmdir(dir) == 0);
  free(sums);
}

static const cw_entity_t *find(const cw_result_t *r, cw_entity_type_t t, const char *canon) {
  for (size_t i = 0; i < r->n_entities; i++)
    if (r->entities[i].type == t && strcmp(r->entities[i].canonical, canon) == 0)
      return &r->entities[i];
  return NULL;
}

static const char *ARTICLE =
  "Hackers hit vaccine makers\n"
  "\n"
  "Mary Robinson, a spokeswoman for the Serum Institute of India (SII), said on Sunday that "
  "more than 2,700 attacks hit the company last year. \xE2\x80\x9CWe were ready,\xE2\x80\x9D "
  "Robinson said. The U.S. and India signed a $1.5 billion deal on March 3, 2021; SII "
  "expects 40 percent growth.\n";

static void check_article(const cw_result_t *r) {
  CHECK(r->n_tokens > 40);
  CHECK_INT(r->n_sentences, 4);
  CHECK_STR(r->tokens[0].text, "Hackers");
  const cw_entity_t *e = find(r, CW_ENT_PER, "Mary Robinson");
  CHECK(e != NULL);
  if (e)
    CHECK_INT(e->n_mentions, 2);
  e = find(r, CW_ENT_ORG, "Serum Institute of India");
  CHECK(e != NULL);
  if (e)
    CHECK_INT(e->n_mentions, 3);
  e = find(r, CW_ENT_DATE, "Sunday");
  CHECK(e && e->normalized && strcmp(e->normalized, "2021-03-07") == 0);
  e = find(r, CW_ENT_DATE, "last year");
  CHECK(e && e->normalized && strcmp(e->normalized, "2020") == 0);
  e = find(r, CW_ENT_DATE, "March 3, 2021");
  CHECK(e && e->normalized && strcmp(e->normalized, "2021-03-03") == 0);
  e = find(r, CW_ENT_NUMBER, "more than 2,700");
  CHECK(e && strcmp(e->normalized, "2700") == 0 && e->qualifier &&
        strcmp(e->qualifier, "more than") == 0);
  e = find(r, CW_ENT_MONEY, "$1.5 billion");
  CHECK(e && strcmp(e->normalized, "1500000000 USD") == 0);
  e = find(r, CW_ENT_PERCENT, "40 percent");
  CHECK(e && strcmp(e->normalized, "40") == 0);
  e = find(r, CW_ENT_LOC, "United States");
  CHECK(e != NULL);
  if (e) {
    CHECK_STR(e->mentions[0].text, "U.S.");
    /* Code points, not bytes: the curly quotes before it are one code point each. */
    size_t byte_off = (size_t)(strstr(ARTICLE, "U.S.") - ARTICLE);
    CHECK_INT(e->mentions[0].span.start, byte_off - 4);
  }
  for (size_t i = 0; i < r->n_entities; i++) {
    CHECK(r->entities[i].salience >= 0.0 && r->entities[i].salience <= 1.0);
    CHECK(r->entities[i].n_mentions >= 1);
    if (i)
      CHECK(r->entities[i].mentions[0].span.start >= r->entities[i - 1].mentions[0].span.start);
  }
  for (size_t i = 0; i < r->n_claims; i++) {
    CHECK(r->claims[i].content.start <= r->claims[i].content.end);
    CHECK(r->claims[i].speaker_entity >= -1 &&
          r->claims[i].speaker_entity < (int32_t)r->n_entities);
  }
}

int main(void) {
  char err[512] = "";
  cw_engine_t *eng = NULL;
  /* The source tree's model directory, or another one to check the same facts with other
   * models. */
  const char *dir = getenv("CW_TEST_MODEL_DIR");
  CHECK_INT(cw_engine_load(dir && *dir ? dir : SRC_MODELS, &eng, err, sizeof(err)), CW_OK);
  CHECK_MSG(eng != NULL, "%s", err);
  if (!eng)
    return TEST_REPORT();
  char desc[1024], v_src[128];
  cw_engine_describe(eng, desc, sizeof(desc));
  CHECK(strstr(desc, cw_engine_version(eng)) != NULL);
  snprintf(v_src, sizeof v_src, "%s", cw_engine_version(eng));
  CHECK(strstr(desc, "pos=") != NULL && strstr(desc, "ner=") != NULL);
  CHECK(strstr(desc, "countries") != NULL);

  cw_extractor_t *ex = cw_extractor_create(eng);
  const cw_result_t *r = NULL;
  cw_doc_t doc = {.id = "a1", .body = ARTICLE, .body_len = strlen(ARTICLE),
                  .published_at = "2021-03-07T22:33:00+08:00"};
  CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  if (r)
    check_article(r);
  size_t n_ents = r ? r->n_entities : 0;

  /* Another article on the same extractor, then the first again: same answer. */
  cw_doc_t other = {.body = "Rain fell.", .body_len = 10};
  CHECK_INT(cw_extractor_run(ex, &other, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_tokens, 3);
  CHECK_INT(r->n_entities, 0);
  CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_entities, n_ents);

  /* A description glued before a person's given name is not part of the name. */
  const char *desc_text = "Oscars\n\nCinematographer John Mathieson, who was nominated, met "
                          "Blairite Alan Milburn, Sarah Jessica Parker and Farhat Omar Ben "
                          "Gadaravice.";
  cw_doc_t described = {.body = desc_text, .body_len = strlen(desc_text)};
  CHECK_INT(cw_extractor_run(ex, &described, &r, err, sizeof(err)), CW_OK);
  CHECK(find(r, CW_ENT_PER, "John Mathieson") != NULL);
  CHECK(find(r, CW_ENT_PER, "Alan Milburn") != NULL);
  CHECK(find(r, CW_ENT_PER, "Sarah Jessica Parker") != NULL);
  CHECK(find(r, CW_ENT_PER, "Farhat Omar Ben Gadaravice") != NULL);

  /* Empty body. */
  cw_doc_t empty = {.body = "", .body_len = 0};
  CHECK_INT(cw_extractor_run(ex, &empty, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_tokens, 0);
  CHECK_INT(r->n_sentences, 0);

  /* Errors carry a reason and leave no result. */
  cw_doc_t bad = {.body = "abc\xFF", .body_len = 4};
  r = (const cw_result_t *)1;
  CHECK_INT(cw_extractor_run(ex, &bad, &r, err, sizeof(err)), CW_ERR_UTF8);
  CHECK(r == NULL);
  CHECK(strstr(err, "byte offset 3") != NULL);
  cw_doc_t badtime = {.body = "x", .body_len = 1, .published_at = "yesterday"};
  CHECK_INT(cw_extractor_run(ex, &badtime, &r, err, sizeof(err)), CW_ERR_INVALID);
  CHECK(strstr(err, "published_at") != NULL);
  char *big = malloc(CW_MAX_BODY_BYTES + 1);
  memset(big, 'x', CW_MAX_BODY_BYTES + 1);
  cw_doc_t huge = {.body = big, .body_len = CW_MAX_BODY_BYTES + 1};
  CHECK_INT(cw_extractor_run(ex, &huge, &r, err, sizeof(err)), CW_ERR_TOO_LARGE);
  /* Many short tokens: past CW_MAX_TOKENS. */
  for (size_t i = 0; i < CW_MAX_BODY_BYTES; i += 2)
    big[i + 1] = ' ';
  huge.body_len = CW_MAX_BODY_BYTES;
  CHECK_INT(cw_extractor_run(ex, &huge, &r, err, sizeof(err)), CW_ERR_TOO_LARGE);
  CHECK(strstr(err, "CW_MAX_TOKENS") != NULL);
  free(big);
  CHECK_INT(cw_extractor_run(ex, NULL, &r, err, sizeof(err)), CW_ERR_INVALID);

  /* And it still works after errors. */
  CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_entities, n_ents);

  /* Stage profiling: off, nothing is counted; on, every stage an article with entities and
   * a claim passes through is charged, within the wall time of the runs; results unchanged. */
  uint64_t ns[CW_STAGE_COUNT], sum = 0;
  cw_extractor_stage_ns(ex, ns);
  for (int s = 0; s < CW_STAGE_COUNT; s++)
    CHECK_MSG(ns[s] == 0, "stage %s timed with profiling off", cw_stage_name((cw_stage_t)s));
  cw_extractor_set_profiling(ex, 1);
  struct timespec w0, w1;
  clock_gettime(CLOCK_MONOTONIC, &w0);
  for (int i = 0; i < 3; i++)
    CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  clock_gettime(CLOCK_MONOTONIC, &w1);
  CHECK_INT(r->n_entities, n_ents);
  cw_extractor_stage_ns(ex, ns);
  for (int s = 0; s < CW_STAGE_COUNT; s++) {
    CHECK_MSG(ns[s] > 0, "stage %s not timed", cw_stage_name((cw_stage_t)s));
    sum += ns[s];
  }
  uint64_t wall = (uint64_t)(w1.tv_sec - w0.tv_sec) * 1000000000u + (uint64_t)w1.tv_nsec -
                  (uint64_t)w0.tv_nsec;
  CHECK_MSG(sum <= wall, "stages %llu ns > wall %llu ns", (unsigned long long)sum,
            (unsigned long long)wall);
  CHECK_STR(cw_stage_name(CW_STAGE_TAGGING), "tagging");
  CHECK_STR(cw_stage_name(CW_STAGE_NER_DOC), "ner-doc");
  CHECK_STR(cw_stage_name(CW_STAGE_COUNT), "?");
  cw_extractor_set_profiling(ex, 0);
  cw_extractor_set_profiling(ex, 1);  /* turning it on again starts from zero */
  cw_extractor_stage_ns(ex, ns);
  CHECK_INT(ns[CW_STAGE_TAGGING], 0);
  cw_extractor_set_profiling(ex, 0);
  cw_extractor_destroy(&ex);
  CHECK(ex == NULL);
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  CHECK(eng == NULL);

  if (dir && *dir)
    version_of(SRC_MODELS, 0, v_src, sizeof v_src);
  model_dir_checks(&doc, v_src);
  return TEST_REPORT();
}
