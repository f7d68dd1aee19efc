/* attr_train.h - learns the cue table of attr.model from annotated articles: for every word
 * form, how often it opens a cue and how often it occurs. */
#ifndef CW_ATTR_TRAIN_H
#define CW_ATTR_TRAIN_H
#include <stddef.h>
#include "attr_eval.h"
#include "cw_err.h"

typedef struct cw_attr_trainer_s cw_attr_trainer_t;

/** @brief Creates an empty trainer; aborts on out-of-memory. */
cw_attr_trainer_t *cw_attr_trainer_create(void);

/** @brief Frees the trainer and sets *@p t to NULL. Accepts NULL. */
void cw_attr_trainer_destroy(cw_attr_trainer_t **t);

/**
 * @brief Counts the word forms of one article (@p body, @p len bytes of UTF-8) and the cue
 * openings of its gold attributions @p gold (code-point offsets).
 * @returns CW_OK, or the tokenizer's error with a reason.
 */
cw_err_t cw_attr_trainer_add(cw_attr_trainer_t *t, const char *body, size_t len,
                             const cw_ann_doc_t *gold, char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Writes the model: a header with the decision thresholds, then one line per form seen
 * as a cue at least @p min_count times.
 */
cw_err_t cw_attr_trainer_write(const cw_attr_trainer_t *t, const char *path, double add_min,
                               double keep_min, unsigned min_count, char *errstr,
                               size_t errstr_size) CW_WUR;

#endif
