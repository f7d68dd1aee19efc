/* docfix.h - a tokenised, sentence-split article for the engine's unit tests (candidates,
 * resolution): the document view the stages read, a candidate list, and helpers to find a
 * token and add a candidate by hand. Static functions: include it in one test file each. */
#ifndef CW_DOCFIX_H
#define CW_DOCFIX_H
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "cw_arena.h"
#include "resolve.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

typedef struct {
  cw_arena_t *a; /* owned by the test; reset by fix_setup */
  tok_result_t tr;
  cw_docview_t dv;
  res_list_t l;
  cw_entity_t *ents; /* filled by a test's own resolve step */
  size_t n;
} fixture_t;

/* Tokenises and splits @p text (kept by reference) into @p f, with an empty candidate list. */
static void fix_setup(fixture_t *f, const char *text) {
  char err[256];
  cw_sentence_t *ss;
  size_t ns;
  cw_arena_reset(f->a);
  CHECK_INT(tok_run(text, strlen(text), f->a, &f->tr, err, sizeof(err)), CW_OK);
  CHECK_INT(sent_split(&f->tr, f->a, &ss, &ns, err, sizeof(err)), CW_OK);
  f->dv = (cw_docview_t){.body = text, .body_len = strlen(text), .cp_byte = f->tr.cp_byte,
                         .n_cp = f->tr.n_cp, .tokens = f->tr.tokens, .n_tokens = f->tr.n,
                         .sentences = ss, .n_sentences = ns, .arena = f->a,
                         .published_days = INT64_MIN};
  res_list_init(&f->l, f->a);
}

/* Token index of the @p nth (0-based) token with text @p w; UINT32_MAX when there is none. */
static uint32_t fix_at(const fixture_t *f, const char *w, int nth) {
  for (size_t k = 0; k < f->tr.n; k++)
    if (strcmp(f->tr.tokens[k].text, w) == 0 && nth-- == 0)
      return (uint32_t)k;
  return UINT32_MAX;
}

/* Adds the candidate tokens [t0, t1) of @p type from @p src. */
static void fix_cand(fixture_t *f, uint32_t t0, uint32_t t1, cw_entity_type_t type,
                     res_src_t src) {
  res_mention_t m = {.t0 = t0, .t1 = t1, .type = type, .src = src};
  res_list_add(&f->l, &m);
}

#endif
