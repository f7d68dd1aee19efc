/* modelfile.c - the model file container: checked parsing and writing (see modelfile.h). */
#include "modelfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "cw_hash.h"

#define MF_MAGIC "CWMODEL"
#define MF_HEADER 32u
#define MF_ENTRY 16u

static size_t pad8(size_t n) { return (n + 7u) & ~(size_t)7u; }

const char *modelfile_kind_name(uint32_t kind) {
  return kind == MODELFILE_KIND_SEQ    ? "sequence labeller"
         : kind == MODELFILE_KIND_ATTR ? "attribution"
                                       : "unknown";
}

cw_err_t modelfile_parse(const void *data, size_t len, uint32_t kind, modelfile_t *out,
                         char *errstr, size_t errstr_size) {
  const uint8_t *b = data;
  memset(out, 0, sizeof(*out));
#define BAD(...) do { snprintf(errstr, errstr_size, __VA_ARGS__); return CW_ERR_FORMAT; } while (0)
  if (!data || len < MF_HEADER + 8)
    BAD("truncated: %zu bytes, the header alone needs %u", len, MF_HEADER + 8);
  if (memcmp(b, MF_MAGIC, 8) != 0)
    BAD("not a claimwire model file (bad magic)");
  uint32_t version = modelfile_get32(b + 8);
  if (version != MODELFILE_VERSION)
    BAD("unsupported format version %u (this build reads %u)", version, MODELFILE_VERSION);
  uint64_t flen = modelfile_get64(b + 24);
  if (flen > len)
    BAD("truncated: %zu bytes of the %llu the header gives", len, (unsigned long long)flen);
  if (flen < len)
    BAD("%zu bytes past the %llu the header gives", len - (size_t)flen,
        (unsigned long long)flen);
  uint64_t crc = modelfile_get64(b + len - 8);
  if (crc != cw_crc64_avro(b, len - 8))
    BAD("checksum mismatch (the file is corrupt)");
  uint32_t k = modelfile_get32(b + 12), n = modelfile_get32(b + 20);
  if (k != kind)
    BAD("model kind %u (%s), expected %u (%s)", k, modelfile_kind_name(k), kind,
        modelfile_kind_name(kind));
  if (n > MODELFILE_MAX_SECT)
    BAD("%u sections, at most %u", n, MODELFILE_MAX_SECT);
  size_t off = MF_HEADER + (size_t)n * MF_ENTRY, end = len - 8;
  if (off > end)
    BAD("section table: %u entries do not fit the file", n);
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *e = b + MF_HEADER + (size_t)i * MF_ENTRY;
    modelfile_sect_t *s = &out->sect[i];
    memcpy(s->name, e, 8);
    s->name[8] = '\0';
    if (!s->name[0])
      BAD("section %u: no name", i);
    uint64_t sl = modelfile_get64(e + 8);
    if (sl > end - off || pad8((size_t)sl) > end - off)
      BAD("section %s: %llu bytes at %zu past the end of the file", s->name,
          (unsigned long long)sl, off);
    s->data = b + off;
    s->len = (size_t)sl;
    off += pad8((size_t)sl);
  }
  if (off != end)
    BAD("%zu bytes after the last section", end - off);
#undef BAD
  out->kind = k;
  out->feature_version = modelfile_get32(b + 16);
  out->n = n;
  out->checksum = crc;
  return CW_OK;
}

const uint8_t *modelfile_section(const modelfile_t *f, const char *name, size_t *len) {
  for (size_t i = 0; i < f->n; i++)
    if (strcmp(f->sect[i].name, name) == 0) {
      *len = f->sect[i].len;
      return f->sect[i].data;
    }
  *len = 0;
  return NULL;
}

cw_err_t modelfile_read(const char *path, uint8_t **buf, size_t *len, char *errstr,
                        size_t errstr_size) {
  cw_err_t err = CW_OK;
  *buf = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    int e = errno;
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(e));
    return e == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  long sz = -1;
  if (fseek(f, 0, SEEK_END) == 0)
    sz = ftell(f);
  if (sz < 0 || fseek(f, 0, SEEK_SET) != 0) {
    snprintf(errstr, errstr_size, "%s: cannot size: %s", path, strerror(errno));
    err = CW_ERR_IO;
    goto done;
  }
  if ((unsigned long)sz > MODELFILE_MAX_BYTES) {
    snprintf(errstr, errstr_size, "%s: %ld bytes is too large for a model", path, sz);
    err = CW_ERR_FORMAT;
    goto done;
  }
  *buf = cw_malloc((size_t)sz + 1);
  if (fread(*buf, 1, (size_t)sz, f) != (size_t)sz) {
    snprintf(errstr, errstr_size, "%s: read failed", path);
    free(*buf);
    *buf = NULL;
    err = CW_ERR_IO;
    goto done;
  }
  *len = (size_t)sz;
done:
  fclose(f);
  return err;
}

/* ---- writing ---- */

struct modelfile_writer_s {
  uint32_t kind, feature_version;
  size_t n;
  char name[MODELFILE_MAX_SECT][8];
  uint8_t *data[MODELFILE_MAX_SECT];
  size_t len[MODELFILE_MAX_SECT];
};

modelfile_writer_t *modelfile_writer_create(uint32_t kind, uint32_t feature_version) {
  modelfile_writer_t *w = cw_calloc(1, sizeof(*w));
  w->kind = kind;
  w->feature_version = feature_version;
  return w;
}

void modelfile_writer_destroy(modelfile_writer_t **w) {
  if (!w || !*w)
    return;
  for (size_t i = 0; i < (*w)->n; i++)
    free((*w)->data[i]);
  free(*w);
  *w = NULL;
}

void modelfile_writer_add(modelfile_writer_t *w, const char *name, const void *data, size_t len) {
  size_t nl = strlen(name);
  if (w->n >= MODELFILE_MAX_SECT || nl == 0 || nl > 8)
    abort(); /* a fixed set of sections per model kind */
  memset(w->name[w->n], 0, 8);
  memcpy(w->name[w->n], name, nl);
  w->data[w->n] = cw_malloc(len ? len : 1);
  if (len)
    memcpy(w->data[w->n], data, len);
  w->len[w->n] = len;
  w->n++;
}

uint8_t *modelfile_writer_image(const modelfile_writer_t *w, size_t *len) {
  size_t total = MF_HEADER + w->n * MF_ENTRY;
  for (size_t i = 0; i < w->n; i++)
    total += pad8(w->len[i]);
  total += 8;
  uint8_t *b = cw_calloc(1, total);
  memcpy(b, MF_MAGIC, 8);
  modelfile_put32(b + 8, MODELFILE_VERSION);
  modelfile_put32(b + 12, w->kind);
  modelfile_put32(b + 16, w->feature_version);
  modelfile_put32(b + 20, (uint32_t)w->n);
  modelfile_put64(b + 24, total);
  size_t off = MF_HEADER + w->n * MF_ENTRY;
  for (size_t i = 0; i < w->n; i++) {
    memcpy(b + MF_HEADER + i * MF_ENTRY, w->name[i], 8);
    modelfile_put64(b + MF_HEADER + i * MF_ENTRY + 8, w->len[i]);
    if (w->len[i])
      memcpy(b + off, w->data[i], w->len[i]);
    off += pad8(w->len[i]);
  }
  modelfile_put64(b + total - 8, cw_crc64_avro(b, total - 8));
  *len = total;
  return b;
}

cw_err_t modelfile_save_image(const void *img, size_t len, const char *path, char *errstr,
                             size_t errstr_size) {
  cw_err_t err = CW_OK;
  size_t plen = strlen(path) + 8;
  char *tmp = cw_malloc(plen);
  snprintf(tmp, plen, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", tmp, strerror(errno));
    err = CW_ERR_IO;
    goto done;
  }
  size_t wr = fwrite(img, 1, len, f);
  int cl = fclose(f);
  if (wr != len || cl != 0) {
    snprintf(errstr, errstr_size, "%s: write failed: %s", tmp, strerror(errno));
    remove(tmp);
    err = CW_ERR_IO;
    goto done;
  }
  if (rename(tmp, path) != 0) {
    snprintf(errstr, errstr_size, "rename %s -> %s: %s", tmp, path, strerror(errno));
    remove(tmp);
    err = CW_ERR_IO;
  }
done:
  free(tmp);
  return err;
}

cw_err_t modelfile_writer_save(const modelfile_writer_t *w, const char *path, char *errstr,
                               size_t errstr_size) {
  size_t len = 0;
  uint8_t *img = modelfile_writer_image(w, &len);
  cw_err_t err = modelfile_save_image(img, len, path, errstr, errstr_size);
  free(img);
  return err;
}
