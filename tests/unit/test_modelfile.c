/* test_modelfile.c - the model file container (modelfile.h) and the models written in it:
 * round trips, and a truncated file, a changed byte, another format version and another kind
 * of model each refused with its reason. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr_model.h"
#include "cw_hash.h"
#include "modelfile.h"
#include "modelset.h"
#include "perceptron.h"
#include "testhelp.h"

/* Rewrites the trailing checksum, so that only the check under test can catch the change. */
static void reseal(uint8_t *img, size_t len) {
  modelfile_put64(img + len - 8, cw_crc64_avro(img, len - 8));
}

static uint8_t *container(size_t *len) {
  modelfile_writer_t *w = modelfile_writer_create(MODELFILE_KIND_ATTR, 7);
  modelfile_writer_add(w, "one", "abc", 3);
  modelfile_writer_add(w, "two", "", 0);
  modelfile_writer_add(w, "eight888", "0123456789", 10);
  uint8_t *img = modelfile_writer_image(w, len);
  modelfile_writer_destroy(&w);
  CHECK(w == NULL);
  return img;
}

/* Parsing @p img of @p len bytes as @p kind fails with @p reason in the message. */
static void parse_refused(const uint8_t *img, size_t len, uint32_t kind, const char *reason) {
  modelfile_t mf;
  char err[256] = "";
  CHECK_INT(modelfile_parse(img, len, kind, &mf, err, sizeof err), CW_ERR_FORMAT);
  CHECK_MSG(strstr(err, reason) != NULL, "reason \"%s\" lacks \"%s\"", err, reason);
}

static void test_container(void) {
  size_t len = 0, sl = 0;
  uint8_t *img = container(&len);
  modelfile_t mf;
  char err[256] = "";
  CHECK_INT(modelfile_parse(img, len, MODELFILE_KIND_ATTR, &mf, err, sizeof err), CW_OK);
  CHECK_INT(mf.kind, MODELFILE_KIND_ATTR);
  CHECK_INT(mf.feature_version, 7);
  CHECK_INT(mf.n, 3);
  CHECK(mf.checksum == cw_crc64_avro(img, len - 8));
  const uint8_t *s = modelfile_section(&mf, "one", &sl);
  CHECK(s && sl == 3 && memcmp(s, "abc", 3) == 0);
  s = modelfile_section(&mf, "two", &sl);
  CHECK(s != NULL && sl == 0);
  s = modelfile_section(&mf, "eight888", &sl);
  CHECK(s && sl == 10 && memcmp(s, "0123456789", 10) == 0);
  CHECK(modelfile_section(&mf, "three", &sl) == NULL && sl == 0);

  uint8_t *d = malloc(len);
  /* Truncated anywhere, or with bytes after it. */
  parse_refused(img, 0, MODELFILE_KIND_ATTR, "truncated");
  parse_refused(img, 20, MODELFILE_KIND_ATTR, "truncated");
  parse_refused(img, len - 1, MODELFILE_KIND_ATTR, "truncated");
  parse_refused(img, len / 2, MODELFILE_KIND_ATTR, "truncated");
  /* One byte changed: in a section, in the section table, in the checksum itself. */
  static const size_t at[] = {8 + 3 * 16 + 32 + 1, 40, 0};
  for (size_t k = 0; k < 3; k++) {
    size_t i = at[k] ? at[k] : len - 3;
    memcpy(d, img, len);
    d[i] ^= 0x04;
    parse_refused(d, len, MODELFILE_KIND_ATTR, "checksum mismatch");
  }
  memcpy(d, img, len);
  d[0] = 'X';
  parse_refused(d, len, MODELFILE_KIND_ATTR, "bad magic");
  /* Another format version: named with the one this build reads, whatever the checksum. */
  memcpy(d, img, len);
  modelfile_put32(d + 8, MODELFILE_VERSION + 1);
  char want[64];
  snprintf(want, sizeof want, "unsupported format version %u (this build reads %u)",
           MODELFILE_VERSION + 1, MODELFILE_VERSION);
  parse_refused(d, len, MODELFILE_KIND_ATTR, want);
  /* Another kind of model. */
  parse_refused(img, len, MODELFILE_KIND_SEQ, "model kind 2 (attribution), expected 1");
  /* A section longer than the file, a section count past the limit. */
  memcpy(d, img, len);
  modelfile_put64(d + 32 + 2 * 16 + 8, len);
  reseal(d, len);
  parse_refused(d, len, MODELFILE_KIND_ATTR, "past the end");
  memcpy(d, img, len);
  modelfile_put32(d + 20, MODELFILE_MAX_SECT + 1);
  reseal(d, len);
  parse_refused(d, len, MODELFILE_KIND_ATTR, "sections, at most");
  memcpy(d, img, len);
  modelfile_put32(d + 20, 2); /* the third section's bytes are left over */
  reseal(d, len);
  parse_refused(d, len, MODELFILE_KIND_ATTR, "after the last section");
  free(d);

  /* Written to a file and read back whole; a missing file is NOT_FOUND. */
  modelfile_writer_t *w = modelfile_writer_create(MODELFILE_KIND_SEQ, 1);
  modelfile_writer_add(w, "x", "y", 1);
  const char *path = "test_modelfile.bin";
  CHECK_INT(modelfile_writer_save(w, path, err, sizeof err), CW_OK);
  uint8_t *buf = NULL;
  size_t blen = 0;
  CHECK_INT(modelfile_read(path, &buf, &blen, err, sizeof err), CW_OK);
  CHECK_INT(modelfile_parse(buf, blen, MODELFILE_KIND_SEQ, &mf, err, sizeof err), CW_OK);
  free(buf);
  remove(path);
  CHECK_INT(modelfile_read(path, &buf, &blen, err, sizeof err), CW_ERR_NOT_FOUND);
  CHECK(buf == NULL && strstr(err, path) != NULL);
  modelfile_writer_destroy(&w);
  free(img);
}

static const attr_row_t ROWS[] = {{"said", "say", 9, 10, 8, 9}, {"griped", "gripe", 3, 4, 0, 1}};
static const perc_bin_weight_t CLAIM[] = {{0x10, -1.5f}, {0x1234567800000001ULL, 0.25f}};
static const perc_bin_weight_t CUE[] = {{0x99, 2.0f}};

static uint8_t *attr_image(size_t *len) {
  attr_file_t f = {.params = {0.3, 0.05, 0.1, -6, 0.5, 3, 0},
                   .rows = ROWS, .n_rows = 2, .claim = CLAIM, .n_claim = 2,
                   .cue = CUE, .n_cue = 1};
  return attr_model_image(&f, len);
}

static void attr_refused(const uint8_t *img, size_t len, const char *reason) {
  cw_attr_model_t *m = (cw_attr_model_t *)img; /* must be reset to NULL */
  char err[256] = "";
  CHECK_INT(attr_model_load_from_memory(img, len, &m, err, sizeof err), CW_ERR_FORMAT);
  CHECK(m == NULL);
  CHECK_MSG(strstr(err, reason) != NULL, "reason \"%s\" lacks \"%s\"", err, reason);
}

static void test_attr_model(void) {
  size_t len = 0;
  uint8_t *img = attr_image(&len);
  cw_attr_model_t *m = NULL;
  char err[256] = "", desc[256];
  CHECK_INT(attr_model_load_from_memory(img, len, &m, err, sizeof err), CW_OK);
  cw_attr_model_describe(m, desc, sizeof desc);
  CHECK_MSG(strstr(desc, "2 cue forms, 1 cue-classifier and 2 claim weights") != NULL, "%s",
            desc);
  cw_attr_model_destroy(&m);
  /* The same model always gives the same bytes. */
  size_t len2 = 0;
  uint8_t *img2 = attr_image(&len2);
  CHECK(len2 == len && memcmp(img, img2, len) == 0);
  free(img2);

  uint8_t *d = malloc(len);
  attr_refused(img, len - 8, "truncated");
  memcpy(d, img, len);
  d[len / 2] ^= 0x01;
  attr_refused(d, len, "checksum mismatch");
  memcpy(d, img, len);
  modelfile_put32(d + 8, 2);
  attr_refused(d, len, "unsupported format version 2");
  memcpy(d, img, len);
  modelfile_put32(d + 12, MODELFILE_KIND_SEQ);
  reseal(d, len);
  attr_refused(d, len, "model kind 1 (sequence labeller), expected 2 (attribution)");
  memcpy(d, img, len);
  modelfile_put32(d + 16, ATTR_FEATURE_VERSION + 1);
  reseal(d, len);
  attr_refused(d, len, "feature version");
  free(d);

  /* A text model of the earlier format is not read. */
  const char *path = "test_modelfile_attr.model";
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("claimwire-attr 3 0.1500 0.0500 3 0.0000 0 -13.0000 0.0000\nsaid say 1 2 1 1\n", f);
    fclose(f);
  }
  CHECK_INT(cw_attr_model_load(path, &m, err, sizeof err), CW_ERR_FORMAT);
  CHECK_MSG(strstr(err, path) && strstr(err, "bad magic"), "%s", err);
  remove(path);
  free(img);
}

static void test_seq_model(void) {
  static const char *const names[] = {"A", "B"};
  perc_trainer_t *tr = perc_trainer_create(2, names, 5, 9);
  uint64_t feats[2] = {11, 12};
  uint32_t off[3] = {0, 1, 2};
  uint8_t gold[2] = {0, 1};
  perc_seq_t seq = {2, off, feats};
  CHECK_INT(perc_trainer_add(tr, &seq, gold), CW_OK);
  size_t ntok = 0;
  (void)perc_trainer_epoch(tr, 1, 0, &ntok);
  perc_model_t *m = perc_trainer_model(tr, 0);
  size_t len = 0;
  uint8_t *img = perc_model_serialize(m, &len);
  modelfile_t mf;
  char err[256] = "";
  CHECK_INT(modelfile_parse(img, len, MODELFILE_KIND_SEQ, &mf, err, sizeof err), CW_OK);
  CHECK_INT(mf.feature_version, 9);
  /* An attribution model is not a tagger model, and the other way round. */
  perc_model_t *m2 = NULL;
  size_t alen = 0;
  uint8_t *aimg = attr_image(&alen);
  CHECK_INT(perc_model_load_from_memory(aimg, alen, &m2, err, sizeof err), CW_ERR_FORMAT);
  CHECK_MSG(strstr(err, "model kind 2 (attribution), expected 1 (sequence labeller)"), "%s", err);
  cw_attr_model_t *am = NULL;
  CHECK_INT(attr_model_load_from_memory(img, len, &am, err, sizeof err), CW_ERR_FORMAT);
  CHECK_MSG(strstr(err, "model kind 1 (sequence labeller), expected 2"), "%s", err);
  CHECK(m2 == NULL && am == NULL);
  free(aimg);
  free(img);
  perc_model_destroy(&m);
  perc_trainer_destroy(&tr);
}

/* modelset_verify() hands a wanted file's checked bytes to the loader, which reports in the
 * file's name. */
typedef struct {
  size_t calls, i, len;
  char first[8];
  int fail;
} seen_t;

static cw_err_t seen_parse(void *ud, size_t i, const uint8_t *data, size_t len, char *why,
                           size_t why_size) {
  seen_t *s = ud;
  s->calls++;
  s->i = i;
  s->len = len;
  memcpy(s->first, data, len < 7 ? len : 7);
  if (s->fail) {
    snprintf(why, why_size, "checksum mismatch (the file is corrupt)");
    return CW_ERR_FORMAT;
  }
  return CW_OK;
}

static void test_modelset_parse(void) {
  char tmpl[] = "/tmp/cw-test-modelfile.XXXXXX", path[4096], err[512] = "", hash[9];
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL);
  if (!dir)
    return;
  static const char *const files[] = {"a.txt", "b.model"};
  static const char *const body[] = {"alpha\n", "CWMODEL-ish"};
  FILE *f;
  for (int k = 0; k < 2; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[k]);
    f = fopen(path, "w");
    CHECK(f && fputs(body[k], f) >= 0);
    if (f)
      fclose(f);
  }
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "cd %s && sha256sum a.txt b.model > SHA256SUMS", dir);
  CHECK(system(cmd) == 0);
  const unsigned char want[2] = {0, 1};
  seen_t seen = {0};
  modelset_parse_t parse = {want, seen_parse, &seen};
  CHECK_INT(modelset_verify(dir, files, 2, hash, &parse, err, sizeof err), CW_OK);
  CHECK_INT(seen.calls, 1);
  CHECK_INT(seen.i, 1);
  CHECK_INT(seen.len, strlen(body[1]));
  CHECK(memcmp(seen.first, "CWMODEL", 7) == 0);
  seen.fail = 1;
  CHECK_INT(modelset_verify(dir, files, 2, hash, &parse, err, sizeof err), CW_ERR_FORMAT);
  snprintf(path, sizeof path, "%s/b.model: checksum mismatch", dir);
  CHECK_MSG(strstr(err, path) != NULL, "%s", err);
  snprintf(cmd, sizeof cmd, "rm -r %s", dir);
  CHECK(system(cmd) == 0);
}

int main(void) {
  test_modelset_parse();
  test_container();
  test_attr_model();
  test_seq_model();
  return TEST_REPORT();
}
