/* test_engine.c - the public engine API end to end: results, limits, errors, reuse of one
 * extractor across articles, and an engine without any model files. */
#include <stdlib.h>
#include <string.h>
#include "claimwire/extract.h"
#include "cw_limits.h"
#include "testhelp.h"

static const cw_entity_t *find(const cw_result_t *r, cw_entity_type_t t, const char *canon) {
  for (size_t i = 0; i < r->n_entities; i++)
    if (r->entities[i].type == t && strcmp(r->entities[i].canonical, canon) == 0)
      return &r->entities[i];
  return NULL;
}

static const char *ARTICLE =
  "Hackers hit vaccine makers\n"
  "\n"
  "Mary Robinson, a spokeswoman for the Serum Institute of India (SII), said on Sunday that "
  "more than 2,700 attacks hit the company last year. \xE2\x80\x9CWe were ready,\xE2\x80\x9D "
  "Robinson said. The U.S. and India signed a $1.5 billion deal on March 3, 2021; SII "
  "expects 40 percent growth.\n";

static void check_article(const cw_result_t *r) {
  CHECK(r->n_tokens > 40);
  CHECK_INT(r->n_sentences, 4);
  CHECK_STR(r->tokens[0].text, "Hackers");
  const cw_entity_t *e = find(r, CW_ENT_PER, "Mary Robinson");
  CHECK(e != NULL);
  if (e)
    CHECK_INT(e->n_mentions, 2);
  e = find(r, CW_ENT_ORG, "Serum Institute of India");
  CHECK(e != NULL);
  if (e)
    CHECK_INT(e->n_mentions, 3);
  e = find(r, CW_ENT_DATE, "Sunday");
  CHECK(e && e->normalized && strcmp(e->normalized, "2021-03-07") == 0);
  e = find(r, CW_ENT_DATE, "last year");
  CHECK(e && e->normalized && strcmp(e->normalized, "2020") == 0);
  e = find(r, CW_ENT_DATE, "March 3, 2021");
  CHECK(e && e->normalized && strcmp(e->normalized, "2021-03-03") == 0);
  e = find(r, CW_ENT_NUMBER, "more than 2,700");
  CHECK(e && strcmp(e->normalized, "2700") == 0 && e->qualifier &&
        strcmp(e->qualifier, "more than") == 0);
  e = find(r, CW_ENT_MONEY, "$1.5 billion");
  CHECK(e && strcmp(e->normalized, "1500000000 USD") == 0);
  e = find(r, CW_ENT_PERCENT, "40 percent");
  CHECK(e && strcmp(e->normalized, "40") == 0);
  e = find(r, CW_ENT_LOC, "United States");
  CHECK(e != NULL);
  if (e) {
    CHECK_STR(e->mentions[0].text, "U.S.");
    /* Code points, not bytes: the curly quotes before it are one code point each. */
    size_t byte_off = (size_t)(strstr(ARTICLE, "U.S.") - ARTICLE);
    CHECK_INT(e->mentions[0].span.start, byte_off - 4);
  }
  for (size_t i = 0; i < r->n_entities; i++) {
    CHECK(r->entities[i].salience >= 0.0 && r->entities[i].salience <= 1.0);
    CHECK(r->entities[i].n_mentions >= 1);
    if (i)
      CHECK(r->entities[i].mentions[0].span.start >= r->entities[i - 1].mentions[0].span.start);
  }
  for (size_t i = 0; i < r->n_claims; i++) {
    CHECK(r->claims[i].content.start <= r->claims[i].content.end);
    CHECK(r->claims[i].speaker_entity >= -1 &&
          r->claims[i].speaker_entity < (int32_t)r->n_entities);
  }
}

int main(void) {
  char err[512] = "";
  cw_engine_t *eng = NULL;
  /* The built-in model directory, or another one to check the same facts with other models. */
  const char *dir = getenv("CW_TEST_MODEL_DIR");
  CHECK_INT(cw_engine_load(dir && *dir ? dir : NULL, &eng, err, sizeof(err)), CW_OK);
  CHECK_MSG(eng != NULL, "%s", err);
  if (!eng)
    return TEST_REPORT();
  char desc[1024];
  cw_engine_describe(eng, desc, sizeof(desc));
  CHECK(strstr(desc, CW_EXTRACTOR_VERSION) != NULL);
  CHECK(strstr(desc, "pos=") != NULL && strstr(desc, "ner=") != NULL);
  CHECK(strstr(desc, "countries") != NULL);

  cw_extractor_t *ex = cw_extractor_create(eng);
  const cw_result_t *r = NULL;
  cw_doc_t doc = {.id = "a1", .body = ARTICLE, .body_len = strlen(ARTICLE),
                  .published_at = "2021-03-07T22:33:00+08:00"};
  CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  if (r)
    check_article(r);
  size_t n_ents = r ? r->n_entities : 0;

  /* Another article on the same extractor, then the first again: same answer. */
  cw_doc_t other = {.body = "Rain fell.", .body_len = 10};
  CHECK_INT(cw_extractor_run(ex, &other, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_tokens, 3);
  CHECK_INT(r->n_entities, 0);
  CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_entities, n_ents);

  /* Empty body. */
  cw_doc_t empty = {.body = "", .body_len = 0};
  CHECK_INT(cw_extractor_run(ex, &empty, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_tokens, 0);
  CHECK_INT(r->n_sentences, 0);

  /* Errors carry a reason and leave no result. */
  cw_doc_t bad = {.body = "abc\xFF", .body_len = 4};
  r = (const cw_result_t *)1;
  CHECK_INT(cw_extractor_run(ex, &bad, &r, err, sizeof(err)), CW_ERR_UTF8);
  CHECK(r == NULL);
  CHECK(strstr(err, "byte offset 3") != NULL);
  cw_doc_t badtime = {.body = "x", .body_len = 1, .published_at = "yesterday"};
  CHECK_INT(cw_extractor_run(ex, &badtime, &r, err, sizeof(err)), CW_ERR_INVALID);
  CHECK(strstr(err, "published_at") != NULL);
  char *big = malloc(CW_MAX_BODY_BYTES + 1);
  memset(big, 'x', CW_MAX_BODY_BYTES + 1);
  cw_doc_t huge = {.body = big, .body_len = CW_MAX_BODY_BYTES + 1};
  CHECK_INT(cw_extractor_run(ex, &huge, &r, err, sizeof(err)), CW_ERR_TOO_LARGE);
  /* Many short tokens: past CW_MAX_TOKENS. */
  for (size_t i = 0; i < CW_MAX_BODY_BYTES; i += 2)
    big[i + 1] = ' ';
  huge.body_len = CW_MAX_BODY_BYTES;
  CHECK_INT(cw_extractor_run(ex, &huge, &r, err, sizeof(err)), CW_ERR_TOO_LARGE);
  CHECK(strstr(err, "CW_MAX_TOKENS") != NULL);
  free(big);
  CHECK_INT(cw_extractor_run(ex, NULL, &r, err, sizeof(err)), CW_ERR_INVALID);

  /* And it still works after errors. */
  CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
  CHECK_INT(r->n_entities, n_ents);
  cw_extractor_destroy(&ex);
  CHECK(ex == NULL);
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  CHECK(eng == NULL);

  /* Without model files or gazetteers the engine still loads and runs rules. */
  CHECK_INT(cw_engine_load("/nonexistent-model-dir", &eng, err, sizeof(err)), CW_OK);
  if (eng) {
    cw_engine_describe(eng, desc, sizeof(desc));
    CHECK(strstr(desc, "pos=none") != NULL);
    ex = cw_extractor_create(eng);
    CHECK_INT(cw_extractor_run(ex, &doc, &r, err, sizeof(err)), CW_OK);
    CHECK(find(r, CW_ENT_DATE, "Sunday") != NULL);
    cw_extractor_destroy(&ex);
    cw_engine_destroy(&eng);
  }
  return TEST_REPORT();
}
