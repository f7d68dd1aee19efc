/* attr_train.h - learns attr.model from annotated articles: the cue table (for every word
 * form, how often it opens a cue and how often it occurs) and the weights of the cue
 * classifier and the claim scorer. */
#ifndef CW_ATTR_TRAIN_H
#define CW_ATTR_TRAIN_H
#include <stddef.h>
#include "attr.h"
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
 * @brief Second pass: runs the rules with @p m (a model written from the first pass with
 * prec_min 0) on one article and counts, per cue form, the claims found and those matching a
 * gold attribution (cue, content and source overlapping).
 */
cw_err_t cw_attr_trainer_measure(cw_attr_trainer_t *t, const cw_attr_model_t *m,
                                 const char *body, size_t len, const cw_ann_doc_t *gold,
                                 char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Fills @p obs so that cw_attr_find_ex() (directly or through an extractor) records,
 * against the gold attributions @p gold of the article being run: every candidate claim (for
 * the claim scorer) and every token the cue classifier judges (for the classifier). @p gold must
 * stay valid until the run ends.
 */
void cw_attr_trainer_observer(cw_attr_trainer_t *t, const cw_ann_doc_t *gold,
                              cw_attr_observer_t *obs);

/** @brief Counts, per cue form, the claims @p cl found and those matching @p gold (what
 * cw_attr_trainer_measure does after its run). */
void cw_attr_trainer_claims(cw_attr_trainer_t *t, const cw_token_t *tokens, size_t n_tokens,
                            const cw_claim_t *cl, size_t nc, const cw_ann_doc_t *gold);

/** Decision thresholds written into the model header. */
typedef struct {
  double add_min;      /* a form outside the lexicon becomes a cue at this cue rate */
  double keep_min;     /* a lexicon form is dropped below this cue rate */
  unsigned min_count;  /* occurrences needed before a rate is trusted */
  double prec_min;     /* a cue form whose measured claims matched less often is dropped */
  unsigned epochs;     /* perceptron epochs over the measured candidates; 0 = no scorer */
  double threshold;    /* the scorer keeps candidates scoring at least this */
  unsigned seed;       /* perceptron visiting order; 0 = the default order */
  unsigned cue_epochs; /* cue-classifier epochs over the observed tokens; 0 = no classifier */
  double cue_threshold; /* the classifier proposes tokens scoring at least this */
  unsigned orders;     /* perceptron weights are averaged over this many visiting orders
                          (seeds seed .. seed + orders - 1); 0 counts as 1 */
} cw_attr_train_params_t;

/**
 * @brief Writes the model file (attr_model.h): the thresholds; a cue-table row per form seen as
 * a cue or measured at least min_count times (form, lemma, cue count, occurrences, matched,
 * claims); when candidates were measured and epochs > 0, the averaged-perceptron weights of the
 * claim scorer and, when tokens were observed and cue_epochs > 0, those of the cue classifier.
 */
cw_err_t cw_attr_trainer_write(const cw_attr_trainer_t *t, const char *path,
                               const cw_attr_train_params_t *p, char *errstr,
                               size_t errstr_size) CW_WUR;

#endif
