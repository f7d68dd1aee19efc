/* attr_model.h - attr.model, the attribution model file: a modelfile.h container of kind
 * MODELFILE_KIND_ATTR holding the thresholds, the learned cue table and the averaged-perceptron
 * weights of the claim scorer and the cue classifier. Sections (integers little-endian):
 *   params   f64 add_min, keep_min, prec_min, threshold, cue_threshold; u32 min_count, use_pos
 *   forms    per cue-table row its form and lemma, each NUL-terminated
 *   counts   per cue-table row u32 cue, total, tp, np
 *   claimw   claim-scorer weights: per weight u64 feature hash, u32 float bits
 *   cuew     cue-classifier weights, as claimw
 * The weights are put into one table claim weights first, each set in file order. */
#ifndef CW_ATTR_MODEL_H
#define CW_ATTR_MODEL_H
#include <stddef.h>
#include <stdint.h>
#include "attr.h"
#include "cw_err.h"
#include "perceptron.h"

/* What the cue classifier's and the claim scorer's feature hashes mean (attr_cueclf.c,
 * attr_score.c): bump when they change, and retrain. */
#define ATTR_FEATURE_VERSION 3u

/* The model's thresholds (cw_attr_train_params_t documents them). */
typedef struct {
  double add_min, keep_min, prec_min, threshold, cue_threshold;
  uint32_t min_count, use_pos;
} attr_params_t;

/* One row of the cue table. */
typedef struct {
  const char *form, *lemma;
  uint32_t cue, total, tp, np;
} attr_row_t;

/* The contents of a model file, for writing. */
typedef struct {
  attr_params_t params;
  const attr_row_t *rows;
  size_t n_rows;
  const perc_bin_weight_t *claim, *cue;
  size_t n_claim, n_cue;
} attr_file_t;

/** @returns the file image of @p f in a new buffer; *@p len gets its size. */
uint8_t *attr_model_image(const attr_file_t *f, size_t *len);

/** @brief Writes @p f to @p path (through a temporary file and a rename). */
cw_err_t attr_model_save(const attr_file_t *f, const char *path, char *errstr,
                         size_t errstr_size) CW_WUR;

/**
 * @brief Parses the file image @p data of @p len bytes.
 * @returns CW_OK and *@p out; CW_ERR_FORMAT with the reason (the container's: truncated,
 *          checksum mismatch, format version, model kind; or feature version, a section
 *          missing or malformed) and *@p out NULL.
 */
cw_err_t attr_model_load_from_memory(const void *data, size_t len, cw_attr_model_t **out,
                                     char *errstr, size_t errstr_size) CW_WUR;

#endif
