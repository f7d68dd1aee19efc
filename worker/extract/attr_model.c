/* attr_model.c - reading and writing attr.model (attr_model.h). */
#include "attr_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_int.h"
#include "cw_alloc.h"
#include "modelfile.h"

#define PARAMS_SIZE 48u
#define WEIGHT_SIZE 12u

static uint64_t d2u(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

static double u2d(uint64_t u) {
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static uint32_t f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static float u2f(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

static void add_weights(modelfile_writer_t *w, const char *name, const perc_bin_weight_t *v,
                        size_t n) {
  uint8_t *b = cw_malloc(n * WEIGHT_SIZE + 1);
  for (size_t i = 0; i < n; i++) {
    modelfile_put64(b + WEIGHT_SIZE * i, v[i].key);
    modelfile_put32(b + WEIGHT_SIZE * i + 8, f2u(v[i].w));
  }
  modelfile_writer_add(w, name, b, n * WEIGHT_SIZE);
  free(b);
}

uint8_t *attr_model_image(const attr_file_t *f, size_t *len) {
  modelfile_writer_t *w = modelfile_writer_create(MODELFILE_KIND_ATTR, ATTR_FEATURE_VERSION);
  const attr_params_t *p = &f->params;
  uint8_t head[PARAMS_SIZE];
  const double dv[5] = {p->add_min, p->keep_min, p->prec_min, p->threshold, p->cue_threshold};
  for (int i = 0; i < 5; i++)
    modelfile_put64(head + 8 * i, d2u(dv[i]));
  modelfile_put32(head + 40, p->min_count);
  modelfile_put32(head + 44, p->use_pos);
  modelfile_writer_add(w, "params", head, sizeof head);
  size_t slen = 0;
  for (size_t i = 0; i < f->n_rows; i++)
    slen += strlen(f->rows[i].form) + strlen(f->rows[i].lemma) + 2;
  uint8_t *b = cw_malloc(slen + 16 * f->n_rows + 1), *q = b;
  for (size_t i = 0; i < f->n_rows; i++)
    for (int k = 0; k < 2; k++) {
      const char *s = k ? f->rows[i].lemma : f->rows[i].form;
      size_t l = strlen(s) + 1;
      memcpy(q, s, l);
      q += l;
    }
  modelfile_writer_add(w, "forms", b, slen);
  for (size_t i = 0; i < f->n_rows; i++) {
    const attr_row_t *r = &f->rows[i];
    modelfile_put32(b + 16 * i, r->cue);
    modelfile_put32(b + 16 * i + 4, r->total);
    modelfile_put32(b + 16 * i + 8, r->tp);
    modelfile_put32(b + 16 * i + 12, r->np);
  }
  modelfile_writer_add(w, "counts", b, 16 * f->n_rows);
  free(b);
  add_weights(w, "claimw", f->claim, f->n_claim);
  add_weights(w, "cuew", f->cue, f->n_cue);
  uint8_t *img = modelfile_writer_image(w, len);
  modelfile_writer_destroy(&w);
  return img;
}

cw_err_t attr_model_save(const attr_file_t *f, const char *path, char *errstr,
                         size_t errstr_size) {
  size_t len = 0;
  uint8_t *img = attr_model_image(f, &len);
  cw_err_t err = modelfile_save_image(img, len, path, errstr, errstr_size);
  free(img);
  return err;
}

/* Puts the weights of section @p name into the model's table. */
static cw_err_t load_weights(cw_attr_model_t *m, const modelfile_t *mf, const char *name,
                             size_t *n, char *errstr, size_t errstr_size) {
  size_t len = 0;
  const uint8_t *b = modelfile_section(mf, name, &len);
  *n = 0;
  if (!b || len % WEIGHT_SIZE) {
    snprintf(errstr, errstr_size, "section %s: %s", name,
             b ? "length not a multiple of 12" : "missing");
    return CW_ERR_FORMAT;
  }
  for (size_t i = 0; i < len / WEIGHT_SIZE; i++) {
    uint64_t key = modelfile_get64(b + WEIGHT_SIZE * i);
    float v = u2f(modelfile_get32(b + WEIGHT_SIZE * i + 8));
    if (key == 0 || !isfinite(v)) {
      snprintf(errstr, errstr_size, "section %s: weight %zu: %s", name, i,
               key ? "not finite" : "feature hash 0");
      return CW_ERR_FORMAT;
    }
    perc_bin_table_put(m->w, key, v);
  }
  *n = len / WEIGHT_SIZE;
  return CW_OK;
}

/* Reads the cue table: @p forms (form and lemma of each row) and @p counts. */
static cw_err_t load_rows(cw_attr_model_t *m, const modelfile_t *mf, char *errstr,
                          size_t errstr_size) {
  size_t slen = 0, clen = 0;
  const uint8_t *s = modelfile_section(mf, "forms", &slen);
  const uint8_t *c = modelfile_section(mf, "counts", &clen);
#define BAD(...) do { snprintf(errstr, errstr_size, __VA_ARGS__); return CW_ERR_FORMAT; } while (0)
  if (!s || !c)
    BAD("section %s missing", s ? "counts" : "forms");
  if (clen % 16)
    BAD("section counts: length not a multiple of 16");
  size_t n = clen / 16;
  m->e = cw_calloc(n ? n : 1, sizeof *m->e);
  const char *p = (const char *)s, *end = p + slen;
  for (size_t i = 0; i < n; i++) {
    const uint8_t *r = c + 16 * i;
    attr_entry_t *e = &m->e[m->n++]; /* owned by m from here: freed with it on failure */
    *e = (attr_entry_t){NULL, NULL, modelfile_get32(r), modelfile_get32(r + 4),
                        modelfile_get32(r + 8), modelfile_get32(r + 12)};
    for (int k = 0; k < 2; k++) {
      const char *z = memchr(p, '\0', (size_t)(end - p));
      if (!z || z == p)
        BAD("section forms: row %zu: %s missing or empty", i, k ? "lemma" : "form");
      *(k ? &e->lemma : &e->form) = cw_strndup(p, (size_t)(z - p));
      p = z + 1;
    }
    if (e->cue > e->total || e->tp > e->np)
      BAD("section counts: row %zu (%s): more cues than occurrences or matches than claims", i,
          e->form);
  }
  if (p != end)
    BAD("section forms: %zu bytes past the %zu rows", (size_t)(end - p), n);
#undef BAD
  return CW_OK;
}

cw_err_t attr_model_load_from_memory(const void *data, size_t len, cw_attr_model_t **out,
                                     char *errstr, size_t errstr_size) {
  modelfile_t mf;
  size_t n_claim = 0, plen = 0;
  cw_attr_model_t *m = NULL;
  *out = NULL;
  cw_err_t err = modelfile_parse(data, len, MODELFILE_KIND_ATTR, &mf, errstr, errstr_size);
  if (err)
    return err;
  if (mf.feature_version != ATTR_FEATURE_VERSION) {
    snprintf(errstr, errstr_size, "feature version %u, this build's features are version %u "
             "(retrain attr.model)", mf.feature_version, ATTR_FEATURE_VERSION);
    return CW_ERR_FORMAT;
  }
  const uint8_t *h = modelfile_section(&mf, "params", &plen);
  if (!h || plen != PARAMS_SIZE) {
    snprintf(errstr, errstr_size, "section params: missing or not %u bytes", PARAMS_SIZE);
    return CW_ERR_FORMAT;
  }
  m = cw_calloc(1, sizeof *m);
  double *dv[5] = {&m->add_min, &m->keep_min, &m->prec_min, &m->threshold, &m->cue_threshold};
  for (int i = 0; i < 5; i++)
    *dv[i] = u2d(modelfile_get64(h + 8 * i));
  m->min_count = modelfile_get32(h + 40);
  m->use_pos = modelfile_get32(h + 44) != 0;
  m->w = perc_bin_table_create();
  err = load_rows(m, &mf, errstr, errstr_size);
  /* Claim (claimw) and cue (cuew) features hash different templates into one table. */
  if (!err)
    err = load_weights(m, &mf, "claimw", &n_claim, errstr, errstr_size);
  if (!err)
    err = load_weights(m, &mf, "cuew", &m->n_cue, errstr, errstr_size);
  if (err) {
    cw_attr_model_destroy(&m);
    return err;
  }
  perc_bin_table_seal(m->w);
  attr_model_index(m);
  *out = m;
  return CW_OK;
}

cw_err_t cw_attr_model_load(const char *path, cw_attr_model_t **out, char *errstr,
                            size_t errstr_size) {
  uint8_t *buf = NULL;
  size_t len = 0;
  *out = NULL;
  cw_err_t err = modelfile_read(path, &buf, &len, errstr, errstr_size);
  if (err == CW_OK) {
    char why[256];
    err = attr_model_load_from_memory(buf, len, out, why, sizeof why);
    if (err != CW_OK)
      snprintf(errstr, errstr_size, "%s: %s", path, why);
  }
  free(buf);
  return err;
}
