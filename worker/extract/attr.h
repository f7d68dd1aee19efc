/* attr.h - attribution relations (claims): finds source, cue and content in one article and
 * resolves the source to an article entity. */
#ifndef CW_ATTR_H
#define CW_ATTR_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "docview.h"

/** Optional learned weights that rescore rule candidates; opaque, read-only once loaded. */
typedef struct cw_attr_model_s cw_attr_model_t;

/**
 * @brief Loads the attribution model from @p path (e.g. "<model_dir>/attr.model").
 * @returns CW_OK and *@p out; CW_ERR_NOT_FOUND when the file does not exist (the caller then
 *          runs rules only, passing NULL to cw_attr_find); CW_ERR_FORMAT/CW_ERR_IO with a reason.
 */
cw_err_t cw_attr_model_load(const char *path, cw_attr_model_t **out, char *errstr,
                            size_t errstr_size) CW_WUR;

/** @brief Frees the model and sets *@p m to NULL. Accepts NULL. */
void cw_attr_model_destroy(cw_attr_model_t **m);

/** @brief Writes a short description ("attr.model, N cue forms, ...", or "attr: rules only"
 * for NULL) into @p buf. */
void cw_attr_model_describe(const cw_attr_model_t *m, char *buf, size_t size);

/**
 * @brief Finds the claims of @p doc (tokens, sentences and resolved entities must be filled).
 * @param m the model, or NULL for rules only.
 * @returns CW_OK and *@p claims (allocated in doc->arena, sorted by content start, at most
 *          CW_MAX_CLAIMS; *@p n_claims may be 0), or CW_ERR_INVALID with a reason.
 * @locality any thread; the model is only read.
 */
cw_err_t cw_attr_find(const cw_attr_model_t *m, const cw_docview_t *doc, cw_claim_t **claims,
                      size_t *n_claims, char *errstr, size_t errstr_size) CW_WUR;

/** Receives each candidate claim with its hashed features, before any learned filtering
 * (training). @p source is meaningful only when @p has_source. @returns whether the candidate
 * is right: only a right one is kept as a claim for the rest of the scan, as a perfect scorer
 * would keep it. */
typedef int (*cw_attr_cand_fn)(void *ud, cw_span_t cue, cw_span_t source, int has_source,
                                cw_span_t content, const uint64_t *features, size_t n_features);

/** Receives each token the cue classifier would judge (outside quotations, open-class words),
 * with its hashed features (training). */
typedef void (*cw_attr_token_fn)(void *ud, const cw_token_t *tokens, size_t n_tokens,
                                 size_t token, const uint64_t *features, size_t n_features);

/** What training watches during cw_attr_find_ex(); either callback may be NULL. */
typedef struct {
  cw_attr_cand_fn on_cand;
  cw_attr_token_fn on_token;
  void *ud;
} cw_attr_observer_t;

/**
 * @brief cw_attr_find() that also reports candidates and cue-classifier tokens to @p obs (may
 * be NULL). With an on_cand callback the learned claim scorer is not applied, so training sees
 * all candidates.
 */
cw_err_t cw_attr_find_ex(const cw_attr_model_t *m, const cw_docview_t *doc,
                         const cw_attr_observer_t *obs, cw_claim_t **claims, size_t *n_claims,
                         char *errstr, size_t errstr_size) CW_WUR;

#endif
