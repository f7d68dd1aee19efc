/* fuzz_extract.c - libFuzzer target for cw_extractor_run (claimwire/extract.h): the engine is
 * loaded once and every input is one article body; results are checked against the API's
 * contract (spans in range, indexes valid, sorted, deterministic ids). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "claimwire/extract.h"
#include "cw_utf8.h"
#include "fuzz_check.h"

/* A fuzz process extracts millions of articles with one engine; loading it per input would
 * measure the loader, not the extractor. */
static cw_engine_t *fuzz_engine;
static cw_extractor_t *fuzz_extractor;

static void fuzz_extract_setup(void) {
  if (fuzz_engine)
    return;
  char errstr[512];
  const char *dir = getenv("CW_FUZZ_MODEL_DIR");
  if (cw_engine_load(dir && dir[0] ? dir : CW_DEFAULT_MODEL_DIR, &fuzz_engine, errstr,
                     sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "fuzz_extract: cannot load the engine: %s\n", errstr);
    abort();
  }
  fuzz_extractor = cw_extractor_create(fuzz_engine);
}

#ifdef CW_FUZZ_NO_MAIN
/* Frees the engine at the end of a replay (a fuzz process just exits). */
static void fuzz_extract_teardown(void) {
  cw_extractor_destroy(&fuzz_extractor);
  cw_engine_destroy(&fuzz_engine);
}
#endif

static int extract_valid_cstr(const char *s) {
  return s && cw_utf8_validate(s, strlen(s), NULL, NULL) == CW_OK;
}

static int span_ok(cw_span_t s, size_t ncp) {
  return s.start <= s.end && s.end <= ncp;
}

static void check_result(const cw_result_t *r, size_t ncp) {
  for (size_t i = 0; i < r->n_sentences; i++) {
    FUZZ_CHECK(span_ok(r->sentences[i].span, ncp));
    FUZZ_CHECK(i == 0 || r->sentences[i].span.start >= r->sentences[i - 1].span.start);
  }
  for (size_t i = 0; i < r->n_tokens; i++) {
    const cw_token_t *t = &r->tokens[i];
    FUZZ_CHECK(span_ok(t->span, ncp) && t->span.start < t->span.end);
    FUZZ_CHECK(extract_valid_cstr(t->text));
    FUZZ_CHECK(t->sentence < r->n_sentences);
    FUZZ_CHECK(!t->pos || t->pos[0] != '\0');
    FUZZ_CHECK(i == 0 || t->span.start >= r->tokens[i - 1].span.start);
  }
  for (size_t i = 0; i < r->n_entities; i++) {
    const cw_entity_t *e = &r->entities[i];
    FUZZ_CHECK(extract_valid_cstr(e->canonical) && e->canonical[0] != '\0');
    FUZZ_CHECK((unsigned)e->type < CW_ENT__COUNT);
    FUZZ_CHECK(cw_entity_type_name(e->type) != NULL);
    FUZZ_CHECK(!isnan(e->salience) && e->salience >= 0.0 && e->salience <= 1.0);
    FUZZ_CHECK(!e->normalized || extract_valid_cstr(e->normalized));
    FUZZ_CHECK(!e->qualifier || extract_valid_cstr(e->qualifier));
    FUZZ_CHECK(e->n_mentions >= 1 && e->mentions != NULL);
    for (size_t m = 0; m < e->n_mentions; m++) {
      const cw_mention_t *mn = &e->mentions[m];
      FUZZ_CHECK(span_ok(mn->span, ncp) && mn->span.start < mn->span.end);
      FUZZ_CHECK(extract_valid_cstr(mn->text));
      FUZZ_CHECK(mn->sentence < r->n_sentences);
      FUZZ_CHECK(m == 0 || mn->span.start >= e->mentions[m - 1].span.start);
    }
    FUZZ_CHECK(i == 0 || e->mentions[0].span.start >= r->entities[i - 1].mentions[0].span.start);
  }
  for (size_t i = 0; i < r->n_claims; i++) {
    const cw_claim_t *c = &r->claims[i];
    FUZZ_CHECK((unsigned)c->kind < CW_CLAIM__COUNT);
    FUZZ_CHECK(cw_claim_kind_name(c->kind) != NULL);
    FUZZ_CHECK(strlen(c->id) == 32 && strspn(c->id, "0123456789abcdef") == 32);
    FUZZ_CHECK(span_ok(c->content, ncp));
    FUZZ_CHECK(extract_valid_cstr(c->content_text));
    if (c->has_cue) {
      FUZZ_CHECK(span_ok(c->cue, ncp));
      FUZZ_CHECK(extract_valid_cstr(c->cue_text) && extract_valid_cstr(c->cue_lemma));
    } else {
      FUZZ_CHECK(c->cue_text == NULL && c->cue_lemma == NULL);
    }
    if (c->has_source) {
      FUZZ_CHECK(span_ok(c->source, ncp));
      FUZZ_CHECK(extract_valid_cstr(c->source_text));
    } else {
      FUZZ_CHECK(c->source_text == NULL);
    }
    FUZZ_CHECK(c->speaker_entity >= -1 && c->speaker_entity < (int64_t)r->n_entities);
    FUZZ_CHECK(c->n_entities == 0 || c->entities != NULL);
    for (size_t k = 0; k < c->n_entities; k++)
      FUZZ_CHECK(c->entities[k] >= 0 && (size_t)c->entities[k] < r->n_entities);
    FUZZ_CHECK(i == 0 || c->content.start >= r->claims[i - 1].content.start);
  }
}

/* Input layout: byte 0 picks the optional id and published_at; the rest is the body, copied
 * into a buffer of exactly its size (the body need not be NUL-terminated). */
static int fuzz_extract_one(const uint8_t *data, size_t size) {
  static const char *const dates[4] = {NULL, "2021-03-07T10:00:00Z", "1999-12-31T23:59:59+05:30",
                                       "not a date"};
  if (size < 1)
    return 0;
  fuzz_extract_setup();
  const size_t len = size - 1;
  char *body = malloc(len ? len : 1);
  FUZZ_CHECK(body != NULL);
  if (len)
    memcpy(body, data + 1, len);
  const cw_doc_t doc = {.id = (data[0] & 1) ? "fuzz-article-1" : NULL, .body = body,
                        .body_len = len, .published_at = dates[(data[0] >> 1) & 3]};
  size_t ncp = 0;
  const int valid = cw_utf8_validate(body, len, &ncp, NULL) == CW_OK;
  const cw_result_t *r = NULL;
  char errstr[512];
  errstr[0] = '\0';
  cw_err_t err = cw_extractor_run(fuzz_extractor, &doc, &r, errstr, sizeof(errstr));
  if (err == CW_OK) {
    FUZZ_CHECK(valid);
    FUZZ_CHECK(r != NULL);
    check_result(r, ncp);
    /* Same article, same extractor: same output (claim ids are deterministic and the
     * per-article arena leaves nothing behind). */
    size_t n_tok = r->n_tokens, n_ent = r->n_entities, n_claims = r->n_claims;
    char(*ids)[33] = n_claims ? malloc(n_claims * sizeof(*ids)) : NULL;
    for (size_t i = 0; i < n_claims; i++)
      memcpy(ids[i], r->claims[i].id, sizeof(ids[i]));
    const cw_result_t *r2 = NULL;
    FUZZ_CHECK(cw_extractor_run(fuzz_extractor, &doc, &r2, errstr, sizeof(errstr)) == CW_OK);
    FUZZ_CHECK(r2->n_tokens == n_tok && r2->n_entities == n_ent && r2->n_claims == n_claims);
    for (size_t i = 0; i < n_claims; i++)
      FUZZ_CHECK(memcmp(ids[i], r2->claims[i].id, sizeof(ids[i])) == 0);
    free(ids);
  } else {
    FUZZ_CHECK(err == CW_ERR_UTF8 || err == CW_ERR_TOO_LARGE || err == CW_ERR_INVALID);
    FUZZ_CHECK(errstr[0] != '\0');
    FUZZ_CHECK(err != CW_ERR_UTF8 || !valid);
  }
  free(body);
  return 0;
}

#ifndef CW_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_extract_one(data, size);
}
#endif
