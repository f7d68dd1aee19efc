/* attrfix.h - the attribution unit tests' harness: a hand-written article tokenised and split,
 * entities given by their surface forms, attribution run without tags or models (the rules
 * alone), and helpers to find a claim by its cue. Static functions: include it in one test file
 * each. */
#ifndef CW_ATTRFIX_H
#define CW_ATTRFIX_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attr.h"
#include "cw_arena.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"
/* An entity for a test document: its canonical name, type and the surface forms whose every
 * occurrence in the text is a mention. */
typedef struct {
  const char *canonical;
  cw_entity_type_t type;
  const char *forms[4];
} ent_spec_t;

typedef struct {
  cw_arena_t *arena;
  cw_docview_t dv;
  cw_claim_t *claims;
  size_t n;
} run_t;

static uint32_t cp_of_byte(const cw_docview_t *d, size_t byte) {
  size_t lo = 0, hi = d->n_cp;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (d->cp_byte[mid] < byte) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}

static uint32_t sentence_of(const cw_docview_t *d, uint32_t cp) {
  for (size_t i = 0; i < d->n_tokens; i++)
    if (d->tokens[i].span.end > cp) return d->tokens[i].sentence;
  return d->n_tokens ? d->tokens[d->n_tokens - 1].sentence : 0;
}

/* Tokenizes and splits @p text, adds the entities, and runs attribution. */
static int run(run_t *r, const char *text, const ent_spec_t *ents, size_t n_ents) {
  char err[256];
  memset(r, 0, sizeof *r);
  r->arena = cw_arena_create(1 << 16);
  tok_result_t tr;
  cw_sentence_t *sents;
  size_t ns;
  size_t len = strlen(text);
  if (tok_run(text, len, r->arena, &tr, err, sizeof err) != CW_OK ||
      sent_split(&tr, r->arena, &sents, &ns, err, sizeof err) != CW_OK) {
    fprintf(stderr, "text layer failed: %s\n", err);
    return 0;
  }
  cw_docview_t *d = &r->dv;
  *d = (cw_docview_t){.id = "test-article", .body = text, .body_len = len, .cp_byte = tr.cp_byte,
                      .n_cp = tr.n_cp, .published_days = INT64_MIN, .tokens = tr.tokens,
                      .n_tokens = tr.n, .sentences = sents, .n_sentences = ns,
                      .arena = r->arena};
  cw_entity_t *e = cw_arena_calloc(r->arena, n_ents ? n_ents : 1, sizeof *e);
  for (size_t i = 0; i < n_ents; i++) {
    cw_mention_t *m = cw_arena_calloc(r->arena, 32, sizeof *m);
    size_t nm = 0;
    /* Mentions in text order: scan positions, try every form at each. */
    for (size_t at = 0; at < len && nm < 32; at++) {
      for (size_t f = 0; f < 4 && ents[i].forms[f]; f++) {
        size_t fl = strlen(ents[i].forms[f]);
        if (strncmp(text + at, ents[i].forms[f], fl) != 0) continue;
        uint32_t s = cp_of_byte(d, at), en = cp_of_byte(d, at + fl);
        m[nm++] = (cw_mention_t){{s, en}, ents[i].forms[f], sentence_of(d, s)};
        at += fl - 1;
        break;
      }
    }
    e[i] = (cw_entity_t){ents[i].canonical, ents[i].type, 0.5, NULL, NULL, nm, m, NULL, 0, 0, 0, NULL};
  }
  d->entities = e;
  d->n_entities = n_ents;
  if (cw_attr_find(NULL, d, &r->claims, &r->n, err, sizeof err) != CW_OK) {
    fprintf(stderr, "attribution failed: %s\n", err);
    return 0;
  }
  return 1;
}

static void done(run_t *r) { cw_arena_destroy(&r->arena); }

/* The claim whose cue text is @p cue (the @p nth such), or NULL. */
static const cw_claim_t *by_cue(const run_t *r, const char *cue, int nth) {
  for (size_t i = 0; i < r->n; i++)
    if (r->claims[i].cue_text && strcmp(r->claims[i].cue_text, cue) == 0 && nth-- == 0)
      return &r->claims[i];
  return NULL;
}

#define CLAIM_IS(cl, src, cue, content) do { \
    CHECK_MSG((cl) != NULL, "no claim with cue %s", cue); \
    if (cl) { CHECK_STR((cl)->source_text, src); CHECK_STR((cl)->cue_text, cue); \
              CHECK_STR((cl)->content_text, content); } } while (0)


#endif
