/* modelfile.h - the one container every model file uses (pos.model, ner.model, attr.model):
 * a header naming the format version, the kind of model and the feature version it was built
 * for, named sections with their lengths, and a checksum over the whole file, all checked on
 * load. What a section holds is the business of the model that wrote it.
 *
 * Layout, all integers little-endian:
 *   0   magic "CWMODEL\0"
 *   8   u32 format version (MODELFILE_VERSION)
 *   12  u32 model kind (MODELFILE_KIND_*)
 *   16  u32 feature version (what the model's features mean; the loader compares it)
 *   20  u32 section count (at most MODELFILE_MAX_SECT)
 *   24  u64 file length, checksum included
 *   32  section table: per section an 8-byte name (NUL-padded) and a u64 length
 *   ..  section data in table order, each padded with zeros to a multiple of 8 bytes
 *   end u64 CRC-64-AVRO of every byte before it
 */
#ifndef CW_MODELFILE_H
#define CW_MODELFILE_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"

#define MODELFILE_VERSION 1u
#define MODELFILE_MAX_SECT 16u
#define MODELFILE_MAX_BYTES (1u << 30)

/* Model kinds. */
enum {
  MODELFILE_KIND_SEQ = 1,  /* averaged-perceptron sequence labeller (perceptron.c) */
  MODELFILE_KIND_ATTR = 2, /* attribution cue table and scorers (attr_model.c) */
};

/** @returns "sequence labeller", "attribution" or "unknown". */
const char *modelfile_kind_name(uint32_t kind);

/* A parsed file: the sections point into the image given to modelfile_parse(). */
typedef struct {
  char name[9];
  const uint8_t *data;
  size_t len;
} modelfile_sect_t;

typedef struct {
  uint32_t kind, feature_version;
  size_t n;
  modelfile_sect_t sect[MODELFILE_MAX_SECT];
  uint64_t checksum; /* the file's CRC-64-AVRO */
} modelfile_t;

/**
 * @brief Checks the image @p data of @p len bytes and fills @p out.
 * @returns CW_OK; CW_ERR_FORMAT with the reason in @p errstr ("truncated: ...", "checksum
 *          mismatch", "unsupported format version 2 (this build reads 1)", "model kind ...,
 *          expected ...", "not a claimwire model file (bad magic)", "section ...").
 */
cw_err_t modelfile_parse(const void *data, size_t len, uint32_t kind, modelfile_t *out,
                         char *errstr, size_t errstr_size) CW_WUR;

/** @returns the section named @p name and its length in *@p len, or NULL when absent. */
const uint8_t *modelfile_section(const modelfile_t *f, const char *name, size_t *len);

/**
 * @brief Reads @p path whole (at most MODELFILE_MAX_BYTES) into a new buffer *@p buf.
 * @returns CW_OK; CW_ERR_NOT_FOUND or CW_ERR_IO with "path: reason".
 */
cw_err_t modelfile_read(const char *path, uint8_t **buf, size_t *len, char *errstr,
                        size_t errstr_size) CW_WUR;

/* ---- writing ---- */

typedef struct modelfile_writer_s modelfile_writer_t;

/** @returns a writer for a file of @p kind and @p feature_version (aborts on OOM). */
modelfile_writer_t *modelfile_writer_create(uint32_t kind, uint32_t feature_version);

/** @brief Frees @p *w and sets it to NULL. Accepts NULL. */
void modelfile_writer_destroy(modelfile_writer_t **w);

/**
 * @brief Appends a section named @p name (1 to 8 bytes) holding a copy of @p len bytes of
 * @p data. Aborts past MODELFILE_MAX_SECT sections (a programming error).
 */
void modelfile_writer_add(modelfile_writer_t *w, const char *name, const void *data, size_t len);

/** @returns the file image in a new buffer; *@p len gets its size. */
uint8_t *modelfile_writer_image(const modelfile_writer_t *w, size_t *len);

/** @brief Writes the file image to @p path through a temporary file and a rename. */
cw_err_t modelfile_writer_save(const modelfile_writer_t *w, const char *path, char *errstr,
                               size_t errstr_size) CW_WUR;

/** @brief Writes @p len bytes of @p img to @p path through "<path>.tmp" and a rename. */
cw_err_t modelfile_save_image(const void *img, size_t len, const char *path, char *errstr,
                              size_t errstr_size) CW_WUR;

/* Little-endian fields inside sections. */
static inline void modelfile_put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}
static inline void modelfile_put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t modelfile_get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t modelfile_get64(const uint8_t *p) {
  return (uint64_t)modelfile_get32(p) | (uint64_t)modelfile_get32(p + 4) << 32;
}

#endif
