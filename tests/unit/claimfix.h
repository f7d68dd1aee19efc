/* claimfix.h - the harness of the unit tests that find claims with the shipped models (POS
 * tags, learned cues, claim scorer), as production finds them: an engine opened on the model
 * directory, short texts run through an extractor, and helpers to find a claim and print the
 * claims of a failed check. Static inline functions: include it in one test file each. */
#ifndef CW_CLAIMFIX_H
#define CW_CLAIMFIX_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "claimwire/extract.h"
#include "testhelp.h"

/* The claims of @p text; NULL when the engine failed (the failure is counted). */
static inline const cw_result_t *claims_of(cw_extractor_t *ex, const char *text) {
  char err[256];
  cw_doc_t doc = {.id = "t", .body = text, .body_len = strlen(text)};
  const cw_result_t *r = NULL;
  int ok = cw_extractor_run(ex, &doc, &r, err, sizeof err) == CW_OK;
  CHECK_MSG(ok, "extract: %s", err);
  return ok ? r : NULL;
}

/* The claims of an article titled @p title whose body is the paragraph @p para, formatted into
 * @p buf of @p size bytes (the caller's, so that it outlives the result's checks). */
static inline const cw_result_t *claims_in(cw_extractor_t *ex, char *buf, size_t size,
                                    const char *title, const char *para) {
  snprintf(buf, size, "%s\n\n%s\n", title, para);
  return claims_of(ex, buf);
}

/* The first claim whose cue text is @p cue (NULL: the first claim without a cue) and, when
 * @p source is not NULL, whose source text is @p source. */
static inline const cw_claim_t *find(const cw_result_t *r, const char *cue, const char *source) {
  for (size_t i = 0; r && i < r->n_claims; i++) {
    const cw_claim_t *cl = &r->claims[i];
    if (cue ? !cl->cue_text || strcmp(cl->cue_text, cue) != 0 : cl->has_cue) continue;
    if (source && (!cl->source_text || strcmp(cl->source_text, source) != 0)) continue;
    return cl;
  }
  return NULL;
}

/* Prints the claims of @p r (to read a failure). */
static inline void dump(const char *what, const cw_result_t *r) {
  fprintf(stderr, "%s:\n", what);
  for (size_t i = 0; r && i < r->n_claims; i++) {
    const cw_claim_t *cl = &r->claims[i];
    fprintf(stderr, "  cue=[%s] source=[%s] content=[%s]\n", cl->cue_text ? cl->cue_text : "",
            cl->source_text ? cl->source_text : "", cl->content_text ? cl->content_text : "");
  }
}

#define EXPECT(cond, what, r) do { int ok_ = (cond); CHECK_MSG(ok_, "%s", what); \
    if (!ok_) dump(what, r); } while (0)

/* The claim without a cue whose content holds @p words, or NULL. */
static inline const cw_claim_t *uncued(const cw_result_t *r, const char *words) {
  for (size_t i = 0; r && i < r->n_claims; i++)
    if (!r->claims[i].has_cue && strstr(r->claims[i].content_text, words)) return &r->claims[i];
  return NULL;
}

/* Opens the engine on $CW_MODEL_DIR or the shipped models; NULL (reason printed) when it fails. */
static inline cw_engine_t *claimfix_engine(void) {
  char err[256];
  const char *env = getenv("CW_MODEL_DIR");
  cw_engine_opts_t o = {.model_dir = env && *env ? env : CW_DEFAULT_MODEL_DIR};
  cw_engine_t *eng = NULL;
  if (cw_engine_open(&o, &eng, err, sizeof err) != CW_OK) {
    fprintf(stderr, "engine: %s\n", err);
    return NULL;
  }
  return eng;
}

typedef void (*claimfix_test_fn)(cw_extractor_t *ex);

/* Runs the @p n tests on one extractor of the shipped models: a test file's main(). */
static inline int claimfix_main(const claimfix_test_fn *tests, size_t n) {
  cw_engine_t *eng = claimfix_engine();
  if (!eng) return 1;
  cw_extractor_t *ex = cw_extractor_create(eng);
  CHECK(ex != NULL);
  for (size_t i = 0; ex && i < n; i++) tests[i](ex);
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  return TEST_REPORT();
}

#endif
