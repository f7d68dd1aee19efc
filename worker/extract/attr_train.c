/* attr_train.c - learns attr.model from annotated articles: the cue table (how often each
 * word form opens a cue, and how often the rules' claims with it matched gold), and the
 * averaged perceptrons (perceptron.h) of the cue classifier and the claim scorer from the
 * tokens and candidate claims cw_attr_find_ex() reports. */
#include "attr_train.h"
#include "attr_model.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_arena.h"
#include "cw_hash.h"
#include "sent.h"
#include "tok.h"

typedef struct {
  char *form;
  unsigned cue, total;  /* first pass: cue openings and occurrences */
  unsigned tp, np;      /* second pass: matching and all claims with this cue form */
} slot_t;

struct cw_attr_trainer_s {
  slot_t *slot;  /* open addressing, power-of-two size */
  size_t cap, n;
  cw_arena_t *arena;
  perc_bin_trainer_t *cand;  /* candidate claims: matched gold or not */
  perc_bin_trainer_t *tok;   /* cue-classifier tokens: head a gold cue or not */
  const cw_ann_doc_t *gold;  /* the article being measured */
};

cw_attr_trainer_t *cw_attr_trainer_create(void) {
  cw_attr_trainer_t *t = cw_calloc(1, sizeof *t);
  t->cap = 1u << 16;
  t->slot = cw_calloc(t->cap, sizeof *t->slot);
  t->arena = cw_arena_create(1u << 20);
  t->cand = perc_bin_trainer_create();
  t->tok = perc_bin_trainer_create();
  return t;
}

void cw_attr_trainer_destroy(cw_attr_trainer_t **t) {
  if (!t || !*t) return;
  for (size_t i = 0; i < (*t)->cap; i++) free((*t)->slot[i].form);
  free((*t)->slot);
  perc_bin_trainer_destroy(&(*t)->cand);
  perc_bin_trainer_destroy(&(*t)->tok);
  cw_arena_destroy(&(*t)->arena);
  free(*t);
  *t = NULL;
}

static slot_t *lookup(cw_attr_trainer_t *t, const char *form) {
  if (2 * (t->n + 1) > t->cap) {
    size_t nc = 2 * t->cap;
    slot_t *ns = cw_calloc(nc, sizeof *ns);
    for (size_t i = 0; i < t->cap; i++) {
      if (!t->slot[i].form) continue;
      size_t h = (size_t)cw_fnv1a64(CW_FNV64_OFFSET, t->slot[i].form, strlen(t->slot[i].form));
      size_t k = h & (nc - 1);
      while (ns[k].form) k = (k + 1) & (nc - 1);
      ns[k] = t->slot[i];
    }
    free(t->slot);
    t->slot = ns;
    t->cap = nc;
  }
  size_t h = (size_t)cw_fnv1a64(CW_FNV64_OFFSET, form, strlen(form));
  size_t k = h & (t->cap - 1);
  while (t->slot[k].form && strcmp(t->slot[k].form, form) != 0) k = (k + 1) & (t->cap - 1);
  if (!t->slot[k].form) {
    t->slot[k].form = cw_strdup(form);
    t->n++;
  }
  return &t->slot[k];
}

/* Auxiliaries and adverbs that open many cues ("has said", "also noted") but are not the
 * reporting word itself. */
static int skip_word(const char *w) {
  static const char *const S[] = {"has", "have", "had", "is", "was", "were", "are", "be",
                                  "been", "also", "did", "does", "do", "not", "would", "will",
                                  "could", "can", "may", "might", "should", "later", "then",
                                  "previously", "repeatedly", "reportedly", "n't", NULL};
  for (const char *const *p = S; *p; p++)
    if (strcmp(w, *p) == 0) return 1;
  size_t n = strlen(w);
  return n > 4 && strcmp(w + n - 2, "ly") == 0;
}

static void lower(const char *s, char *out, size_t n) {
  size_t i = 0;
  for (; s[i] && i + 1 < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
  out[i] = 0;
}

cw_err_t cw_attr_trainer_add(cw_attr_trainer_t *t, const char *body, size_t len,
                             const cw_ann_doc_t *gold, char *errstr, size_t errstr_size) {
  tok_result_t tr;
  cw_arena_reset(t->arena);
  cw_err_t err = tok_run(body, len, t->arena, &tr, errstr, errstr_size);
  if (err) return err;
  unsigned char *is_cue = cw_arena_calloc(t->arena, tr.n + 1, 1);
  for (size_t g = 0; g < gold->n; g++) {
    const cw_ann_span_t *cu = &gold->a[g].cue;
    if (!cu->n) continue;
    /* The first token of the cue that is not an auxiliary or adverb. */
    for (size_t i = 0; i < tr.n; i++) {
      if (tr.tokens[i].span.start < cu->start[0]) continue;
      if (tr.tokens[i].span.start >= cu->end[cu->n - 1]) break;
      char w[64];
      lower(tr.tokens[i].text, w, sizeof w);
      if (skip_word(w) && i + 1 < tr.n && tr.tokens[i + 1].span.start < cu->end[cu->n - 1])
        continue;
      is_cue[i] = 1;
      break;
    }
  }
  for (size_t i = 0; i < tr.n; i++) {
    char w[64];
    lower(tr.tokens[i].text, w, sizeof w);
    if (!w[0] || strlen(w) >= 63) continue;
    slot_t *s = lookup(t, w);
    s->total++;
    s->cue += is_cue[i];
  }
  return CW_OK;
}

static int cmp_slot(const void *a, const void *b) {
  return strcmp((*(const slot_t *const *)a)->form, (*(const slot_t *const *)b)->form);
}

static int ov(const cw_ann_span_t *g, uint32_t s, uint32_t e) {
  for (uint32_t i = 0; i < g->n; i++)
    if (g->start[i] < e && s < g->end[i]) return 1;
  return 0;
}

static int on_cand(void *ud, cw_span_t cue, cw_span_t source, int has_source,
                    cw_span_t content, const uint64_t *f, size_t nf) {
  cw_attr_trainer_t *t = ud;
  int hit = 0;
  for (size_t g = 0; g < t->gold->n && !hit; g++) {
    const cw_ann_attr_t *a = &t->gold->a[g];
    hit = ov(&a->cue, cue.start, cue.end) && ov(&a->content, content.start, content.end) &&
          (has_source ? ov(&a->source, source.start, source.end) : a->source.n == 0);
  }
  perc_bin_trainer_add(t->cand, f, nf, hit);
  return hit;
}

/* Whether token i heads a gold cue: its first word past auxiliaries and adverbs ("has also
 * said" -> "said"), as cw_attr_trainer_add counts cue openings. */
static int heads_cue(const cw_token_t *tk, size_t n, size_t i, const cw_ann_doc_t *gold) {
  for (size_t g = 0; g < gold->n; g++) {
    const cw_ann_span_t *cu = &gold->a[g].cue;
    if (!cu->n || tk[i].span.start < cu->start[0] || tk[i].span.start >= cu->end[cu->n - 1])
      continue;
    size_t k = i;
    while (k > 0 && tk[k - 1].span.start >= cu->start[0]) k--;
    for (;; k++) {
      char w[64];
      lower(tk[k].text, w, sizeof w);
      if (!skip_word(w) || k + 1 >= n || tk[k + 1].span.start >= cu->end[cu->n - 1]) break;
    }
    if (k == i) return 1;
  }
  return 0;
}

static void on_token(void *ud, const cw_token_t *tokens, size_t n_tokens, size_t token,
                     const uint64_t *f, size_t nf) {
  cw_attr_trainer_t *t = ud;
  perc_bin_trainer_add(t->tok, f, nf, heads_cue(tokens, n_tokens, token, t->gold));
}

void cw_attr_trainer_observer(cw_attr_trainer_t *t, const cw_ann_doc_t *gold,
                              cw_attr_observer_t *obs) {
  t->gold = gold;
  *obs = (cw_attr_observer_t){on_cand, on_token, t};
}

cw_err_t cw_attr_trainer_measure(cw_attr_trainer_t *t, const cw_attr_model_t *m,
                                 const char *body, size_t len, const cw_ann_doc_t *gold,
                                 char *errstr, size_t errstr_size) {
  tok_result_t tr;
  cw_sentence_t *sents;
  size_t ns;
  cw_arena_reset(t->arena);
  cw_err_t err = tok_run(body, len, t->arena, &tr, errstr, errstr_size);
  if (!err) err = sent_split(&tr, t->arena, &sents, &ns, errstr, errstr_size);
  if (err) return err;
  cw_docview_t dv = {.body = body, .body_len = len, .cp_byte = tr.cp_byte, .n_cp = tr.n_cp,
                     .published_days = INT64_MIN, .tokens = tr.tokens, .n_tokens = tr.n,
                     .sentences = sents, .n_sentences = ns, .arena = t->arena};
  cw_claim_t *cl;
  size_t nc;
  cw_attr_observer_t obs;
  cw_attr_trainer_observer(t, gold, &obs);
  err = cw_attr_find_ex(m, &dv, &obs, &cl, &nc, errstr, errstr_size);
  t->gold = NULL;
  if (err) return err;
  cw_attr_trainer_claims(t, tr.tokens, tr.n, cl, nc, gold);
  return CW_OK;
}

void cw_attr_trainer_claims(cw_attr_trainer_t *t, const cw_token_t *tokens, size_t n_tokens,
                            const cw_claim_t *cl, size_t nc, const cw_ann_doc_t *gold) {
  t->gold = NULL;
  for (size_t i = 0; i < nc; i++) {
    if (!cl[i].has_cue) continue;
    /* The cue's first token, as cw_attr_find looks it up. */
    size_t k = 0;
    while (k < n_tokens && tokens[k].span.start < cl[i].cue.start) k++;
    if (k == n_tokens) continue;
    char w[64];
    lower(tokens[k].text, w, sizeof w);
    /* Past the auxiliaries and adverbs the cue's extent includes ("has also said"). */
    while (skip_word(w) && k + 1 < n_tokens && tokens[k + 1].span.start < cl[i].cue.end) {
      k++;
      lower(tokens[k].text, w, sizeof w);
    }
    if (!w[0] || strlen(w) >= 63) continue;
    int hit = 0;
    for (size_t g = 0; g < gold->n && !hit; g++) {
      const cw_ann_attr_t *a = &gold->a[g];
      hit = ov(&a->cue, cl[i].cue.start, cl[i].cue.end) &&
            ov(&a->content, cl[i].content.start, cl[i].content.end) &&
            (cl[i].has_source ? ov(&a->source, cl[i].source.start, cl[i].source.end)
                              : a->source.n == 0);
    }
    slot_t *s = lookup(t, w);
    s->np++;
    s->tp += (unsigned)hit;
  }
}

cw_err_t cw_attr_trainer_write(const cw_attr_trainer_t *t, const char *path,
                               const cw_attr_train_params_t *p, char *errstr,
                               size_t errstr_size) {
  /* Sorted rows: the same corpus always gives the same file. */
  const slot_t **v = cw_malloc((t->n ? t->n : 1) * sizeof *v);
  size_t n = 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->slot[i].form) v[n++] = &t->slot[i];
  qsort(v, n, sizeof *v, cmp_slot);
  attr_row_t *rows = cw_malloc((n ? n : 1) * sizeof *rows);
  size_t nr = 0;
  for (size_t i = 0; i < n; i++) {
    const slot_t *s = v[i];
    if (s->cue < p->min_count && s->np < p->min_count) continue;
    rows[nr++] = (attr_row_t){s->form, s->form, s->cue, s->total, s->tp, s->np};
  }
  /* POS tags were not used to gather these statistics (use_pos 0). */
  attr_file_t f = {.params = {p->add_min, p->keep_min, p->prec_min, p->threshold,
                              p->cue_threshold, p->min_count, 0},
                   .rows = rows, .n_rows = nr};
  perc_bin_weight_t *claim = perc_bin_trainer_fit(t->cand, p->epochs, p->seed, p->orders,
                                                  &f.n_claim);
  perc_bin_weight_t *cue = perc_bin_trainer_fit(t->tok, p->cue_epochs, p->seed, p->orders,
                                                &f.n_cue);
  f.claim = claim;
  f.cue = cue;
  cw_err_t err = attr_model_save(&f, path, errstr, errstr_size);
  free(claim);
  free(cue);
  free(rows);
  free(v);
  return err;
}
