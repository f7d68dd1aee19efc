/* attr_cueclf.c - the learned cue classifier: it proposes cue words the lexicon and the cue
 * table do not know ("support", "criticism of", "seemed"): an averaged perceptron over hashed
 * features of the token and its neighbours, trained to find the word that heads a gold cue.
 * Its weights are attr.model's cue-classifier weights (attr_model.h). */
#include <string.h>
#include "attr_int.h"
#include "cw_hash.h"
#include "cw_str.h"

static uint64_t mix3(uint64_t t, uint64_t a, uint64_t b) {
  uint64_t h = t * 0x9E3779B97F4A7C15ULL ^ a * 0xC2B2AE3D27D4EB4FULL ^ b * 0x165667B19E3779F9ULL;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return h ? h : 1;
}

int attr_cue_eligible(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text, *p = c->tk[i].pos;
  if (!t || !isalpha((unsigned char)t[0]) || c->quote_of[i] >= 0 || !p) return 0;
  /* Verbs, common nouns and adjectives ("critical of"); not names or function words. */
  return p[0] == 'V' || (p[0] == 'N' && p[1] == 'N' && p[2] != 'P') || p[0] == 'J';
}

/* Word classes the cue classifier's context features test, computed once per token. */
enum { WC_OTHER, WC_THAT, WC_COLON, WC_TO, WC_COMMA, WC_PREP, WC_TERM, WC_PRON, WC_BE };

static uint8_t word_class(const char *w) {
  static const struct {
    const char *w;
    uint8_t cls;
  } T[] = {{"that", WC_THAT}, {":", WC_COLON}, {"to", WC_TO}, {",", WC_COMMA},
           {"for", WC_PREP}, {"of", WC_PREP}, {"about", WC_PREP}, {"on", WC_PREP},
           {".", WC_TERM}, {"?", WC_TERM}, {"!", WC_TERM}, {";", WC_TERM}, {"...", WC_TERM},
           {"\xE2\x80\xA6", WC_TERM}, {"he", WC_PRON}, {"she", WC_PRON}, {"they", WC_PRON},
           {"we", WC_PRON}, {"i", WC_PRON}, {"you", WC_PRON}, {"it", WC_PRON}, {"is", WC_BE},
           {"was", WC_BE}, {"were", WC_BE}, {"are", WC_BE}, {"be", WC_BE}, {"been", WC_BE},
           {"being", WC_BE}};
  if (!w[0] || strlen(w) > 5) return WC_OTHER;
  for (size_t k = 0; k < sizeof T / sizeof T[0]; k++)
    if (T[k].w[0] == w[0] && cw_str_eq(T[k].w, w)) return T[k].cls;
  return WC_OTHER;
}

/* Token hashes and word classes for the cue classifier, and each sentence's first and last
 * built-in reporting verb outside quotations. */
void attr_cue_hash_tokens(ctx_t *c) {
  const cw_docview_t *doc = c->doc;
  size_t ns = doc->n_sentences ? doc->n_sentences : 1;
  c->wh = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c->wh);
  c->ph = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c->ph);
  c->wcl = cw_arena_alloc(doc->arena, doc->n_tokens);
  for (size_t i = 0; i < doc->n_tokens; i++) {
    char w[64];
    lower(doc->tokens[i].text, w, sizeof w);
    c->wh[i] = cw_fnv1a64_str(CW_FNV64_OFFSET, w);
    c->wcl[i] = word_class(w);
    const char *p = doc->tokens[i].pos ? doc->tokens[i].pos : "";
    c->ph[i] = cw_fnv1a64_str(CW_FNV64_OFFSET ^ 0x55, p);
  }
  c->lex_first = cw_arena_alloc(doc->arena, ns * sizeof *c->lex_first);
  c->lex_last = cw_arena_alloc(doc->arena, ns * sizeof *c->lex_last);
  for (size_t s = 0; s < ns; s++) c->lex_first[s] = c->lex_last[s] = UINT32_MAX;
  for (size_t i = 0; i < doc->n_tokens; i++) {
    const char *t = doc->tokens[i].text;
    if (c->quote_of[i] >= 0 || !t || !isalpha((unsigned char)t[0]) || !attr_built_in_cue(c, i))
      continue;
    uint32_t s = doc->tokens[i].sentence;
    if (c->lex_first[s] == UINT32_MAX) c->lex_first[s] = (uint32_t)i;
    c->lex_last[s] = (uint32_t)i;
  }
}

/* Coarse class of the words right after a token: how a report would continue. */
static uint64_t next_class(const ctx_t *c, size_t i, size_t hi) {
  static const uint64_t CODE[] = {0, 2, 3, 4, 5, 6, 7, 0, 0};
  for (size_t k = i + 1; k < hi && k <= i + 3; k++) {
    if (open_quote_at(c, k)) return 1;
    if (CODE[c->wcl[k]]) return CODE[c->wcl[k]];
  }
  return 8;
}

/* Coarse class of the word before a token: who or what could be speaking. */
static uint64_t prev_class(const ctx_t *c, size_t i, size_t lo) {
  if (i <= lo) return 1;
  size_t k = i - 1;
  const char *p = c->tk[k].pos;
  if (close_quote_at(c, k)) return 2;
  if (c->wcl[k] == WC_COMMA) return 3;
  if (c->wcl[k] == WC_PRON) return 4;
  if (p && strncmp(p, "NNP", 3) == 0) return 5;
  if (p && strncmp(p, "NN", 2) == 0) return 6;
  if (c->wcl[k] == WC_BE) return 7;
  if (p && (cw_str_eq(p, "RB") || cw_str_eq(p, "MD"))) return 8;
  return 9;
}

size_t attr_cue_features(const ctx_t *c, size_t i, uint64_t *f) {
  uint32_t si = c->tk[i].sentence;
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si], n = 0;
  const uint64_t B = 0x3C3C3C3C3C3C3C3CULL, E = 0x5A5A5A5A5A5A5A5AULL;
  uint64_t w0 = c->wh[i], p0 = c->ph[i];
  uint64_t w1 = i > lo ? c->wh[i - 1] : B, p1 = i > lo ? c->ph[i - 1] : B;
  uint64_t w2 = i > lo + 1 ? c->wh[i - 2] : B;
  uint64_t n1 = i + 1 < hi ? c->wh[i + 1] : E, q1 = i + 1 < hi ? c->ph[i + 1] : E;
  uint64_t n2 = i + 2 < hi ? c->wh[i + 2] : E;
  const char *t = c->tk[i].text;
  size_t len = strlen(t);
  uint64_t suf = cw_fnv1a64(CW_FNV64_OFFSET, len > 3 ? t + len - 3 : t, len > 3 ? 3 : len);
  /* A crude stem: the form without -s, -ed, -ing, so "supports" shares "support"'s weight. */
  size_t sl = len;
  if (sl > 5 && cw_str_eq(t + sl - 3, "ing")) sl -= 3;
  else if (sl > 4 && cw_str_eq(t + sl - 2, "ed")) sl -= 2;
  else if (sl > 3 && t[sl - 1] == 's' && t[sl - 2] != 's') sl -= 1;
  char stem[64];
  lower(t, stem, sl + 1 < sizeof stem ? sl + 1 : sizeof stem);
  uint64_t st = cw_fnv1a64_str(CW_FNV64_OFFSET, stem);
  uint64_t nc = next_class(c, i, hi), pc = prev_class(c, i, lo);
  const cw_attr_lex_t *lx, *lx2;
  const attr_entry_t *me;
  attr_form_lookup(c->model, stem, &lx, &me);
  attr_token_form(c, i, &lx2, &me);
  int lex = lx || lx2;
  f[n++] = mix3(1, 0, 0);  /* bias */
  f[n++] = mix3(2, w0, 0);
  f[n++] = mix3(3, st, 0);
  f[n++] = mix3(4, p0, 0);
  f[n++] = mix3(5, w0, p0);
  f[n++] = mix3(6, suf, p0);
  f[n++] = mix3(7, w1, 0);
  f[n++] = mix3(8, n1, 0);
  f[n++] = mix3(9, w1, w0);
  f[n++] = mix3(10, w0, n1);
  f[n++] = mix3(11, p1, p0);
  f[n++] = mix3(12, p0, q1);
  f[n++] = mix3(13, w2, 0);
  f[n++] = mix3(14, n2, 0);
  f[n++] = mix3(15, nc, 0);
  f[n++] = mix3(16, pc, 0);
  f[n++] = mix3(17, st, nc);
  f[n++] = mix3(18, st, pc);
  f[n++] = mix3(19, p0, (uint64_t)(nc << 8 | pc));
  f[n++] = mix3(20, (uint64_t)lex, p0);
  f[n++] = mix3(21, i - lo < 2 ? 1 : i - lo < 5 ? 2 : i - lo < 12 ? 3 : 4, p0);
  f[n++] = mix3(22, st, n1);
  /* Another reporting verb in the sentence ("X said the plan would ...") usually heads the
   * report instead. */
  uint64_t other = c->lex_first[si] < i                              ? 1
                   : c->lex_last[si] != UINT32_MAX && c->lex_last[si] > i ? 2
                                                                          : 0;
  f[n++] = mix3(23, other, p0);
  f[n++] = mix3(24, other, st);
  return n;
}

/* The classifier's score for the features @p f of a token. */
float attr_cue_score(const ctx_t *c, const uint64_t *f, size_t nf) {
  return attr_weights_sum(c->model, f, nf);
}

/* Whether the classifier proposes token i as a cue (score @p sc); sets its lemma (the
 * lower-case form). */
int attr_cue_learned(const ctx_t *c, size_t i, float sc, size_t *last, const char **lemma) {
  if (sc < c->model->cue_threshold) return 0;
  char w[64];
  lower(c->tk[i].text, w, sizeof w);
  *last = i;
  *lemma = cw_arena_strndup(c->doc->arena, w, strlen(w));
  return 1;
}
