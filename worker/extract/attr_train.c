/* attr_train.c - learns attr.model from annotated articles: the cue table (how often each
 * word form opens a cue, and how often the rules' claims with it matched gold), and the
 * averaged perceptrons of the cue classifier and the claim scorer from the tokens and
 * candidate claims cw_attr_find_ex() reports. */
#include "attr_train.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
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

/* One candidate claim seen in the second pass: its features and whether it matched gold. */
typedef struct {
  uint32_t off, n;  /* into feats */
  int label;        /* +1 or -1 */
} example_t;

/* Perceptron weight with its running sum for averaging. */
typedef struct {
  uint64_t key;
  double w, u;
} pw_t;

/* Labelled examples for one averaged perceptron. */
typedef struct {
  example_t *ex;
  size_t n_ex, cap_ex;
  uint64_t *feats;
  size_t n_feats, cap_feats;
} exset_t;

struct cw_attr_trainer_s {
  slot_t *slot;  /* open addressing, power-of-two size */
  size_t cap, n;
  cw_arena_t *arena;
  exset_t cand;              /* candidate claims: matched gold or not */
  exset_t tok;               /* cue-classifier tokens: head a gold cue or not */
  const cw_ann_doc_t *gold;  /* the article being measured */
};

static void exset_push(exset_t *s, const uint64_t *f, size_t nf, int label) {
  if (s->n_ex == s->cap_ex) {
    s->cap_ex = s->cap_ex ? 2 * s->cap_ex : 4096;
    s->ex = cw_realloc(s->ex, s->cap_ex * sizeof *s->ex);
  }
  while (s->n_feats + nf > s->cap_feats) {
    s->cap_feats = s->cap_feats ? 2 * s->cap_feats : 65536;
    s->feats = cw_realloc(s->feats, s->cap_feats * sizeof *s->feats);
  }
  memcpy(s->feats + s->n_feats, f, nf * sizeof *f);
  s->ex[s->n_ex++] = (example_t){(uint32_t)s->n_feats, (uint32_t)nf, label ? 1 : -1};
  s->n_feats += nf;
}

cw_attr_trainer_t *cw_attr_trainer_create(void) {
  cw_attr_trainer_t *t = cw_calloc(1, sizeof *t);
  t->cap = 1u << 16;
  t->slot = cw_calloc(t->cap, sizeof *t->slot);
  t->arena = cw_arena_create(1u << 20);
  return t;
}

void cw_attr_trainer_destroy(cw_attr_trainer_t **t) {
  if (!t || !*t) return;
  for (size_t i = 0; i < (*t)->cap; i++) free((*t)->slot[i].form);
  free((*t)->slot);
  free((*t)->cand.ex);
  free((*t)->cand.feats);
  free((*t)->tok.ex);
  free((*t)->tok.feats);
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
  exset_push(&t->cand, f, nf, hit);
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
  exset_push(&t->tok, f, nf, heads_cue(tokens, n_tokens, token, t->gold));
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

static pw_t *pw_find(pw_t *tab, size_t cap, uint64_t key) {
  size_t k = key & (cap - 1);
  while (tab[k].key && tab[k].key != key) k = (k + 1) & (cap - 1);
  tab[k].key = key;
  return &tab[k];
}

/* Averaged perceptron over the second-pass examples; visits them in a fixed pseudo-random
 * order each epoch so the model is reproducible. @returns the table (cap entries). */
static pw_t *fit(const exset_t *t, unsigned epochs, unsigned seed, size_t *cap_out) {
  size_t cap = 1;
  while (cap < 2 * t->n_feats + 2) cap <<= 1;
  pw_t *tab = cw_calloc(cap, sizeof *tab);
  double step = 1;
  uint64_t rng = 0x2545F4914F6CDD1DULL ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL);
  size_t *order = cw_malloc((t->n_ex ? t->n_ex : 1) * sizeof *order);
  for (size_t i = 0; i < t->n_ex; i++) order[i] = i;
  for (unsigned ep = 0; ep < epochs; ep++) {
    for (size_t i = t->n_ex; i > 1; i--) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      size_t j = (size_t)(rng % i), tmp = order[i - 1];
      order[i - 1] = order[j];
      order[j] = tmp;
    }
    for (size_t k = 0; k < t->n_ex; k++, step++) {
      const example_t *e = &t->ex[order[k]];
      const uint64_t *f = t->feats + e->off;
      double sc = 0;
      for (uint32_t i = 0; i < e->n; i++) sc += pw_find(tab, cap, f[i])->w;
      if (e->label * sc > 0) continue;
      for (uint32_t i = 0; i < e->n; i++) {
        pw_t *p = pw_find(tab, cap, f[i]);
        p->w += e->label;
        p->u += e->label * step;
      }
    }
  }
  for (size_t i = 0; i < cap; i++)
    if (tab[i].key) tab[i].w -= tab[i].u / step;  /* averaged weights */
  free(order);
  *cap_out = cap;
  return tab;
}

static int cmp_pw(const void *a, const void *b) {
  uint64_t x = ((const pw_t *)a)->key, y = ((const pw_t *)b)->key;
  return x < y ? -1 : x > y;
}

cw_err_t cw_attr_trainer_write(const cw_attr_trainer_t *t, const char *path,
                               const cw_attr_train_params_t *p, char *errstr,
                               size_t errstr_size) {
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return CW_ERR_IO;
  }
  /* Sorted output: the same corpus always gives the same file. */
  const slot_t **v = cw_malloc((t->n ? t->n : 1) * sizeof *v);
  size_t n = 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->slot[i].form) v[n++] = &t->slot[i];
  qsort(v, n, sizeof *v, cmp_slot);
  /* POS tags were not used to gather these statistics (header field 0). */
  fprintf(f, "claimwire-attr 3 %.4f %.4f %u %.4f 0 %.4f %.4f\n", p->add_min, p->keep_min,
          p->min_count, p->prec_min, p->threshold, p->cue_threshold);
  for (size_t i = 0; i < n; i++) {
    const slot_t *s = v[i];
    if (s->cue < p->min_count && s->np < p->min_count) continue;
    /* Forms with spaces cannot occur (tokens); guard the format anyway. */
    if (strpbrk(s->form, " \t\n\r")) continue;
    fprintf(f, "%s %s %u %u %u %u\n", s->form, s->form, s->cue, s->total, s->tp, s->np);
  }
  free(v);
  for (int set = 0; set < 2; set++) {
    const exset_t *es = set ? &t->tok : &t->cand;
    unsigned epochs = set ? p->cue_epochs : p->epochs;
    if (!es->n_ex || !epochs) continue;
    size_t cap;
    pw_t *tab = fit(es, epochs, p->seed, &cap);
    /* Averaging over several visiting orders steadies the weights: one order alone moves the
     * dev scores by a few thousandths. Every fit holds the same keys (all seen in epoch 1). */
    unsigned orders = p->orders ? p->orders : 1;
    for (unsigned o = 1; o < orders; o++) {
      size_t cap2;
      pw_t *t2 = fit(es, epochs, p->seed + o, &cap2);
      for (size_t i = 0; i < cap2; i++)
        if (t2[i].key) pw_find(tab, cap, t2[i].key)->w += t2[i].w;
      free(t2);
    }
    for (size_t i = 0; i < cap; i++) tab[i].w /= orders;
    qsort(tab, cap, sizeof *tab, cmp_pw);
    for (size_t i = 0; i < cap; i++)
      if (tab[i].key && (tab[i].w > 1e-6 || tab[i].w < -1e-6))
        fprintf(f, "%c %016" PRIx64 " %.6g\n", set ? 'C' : 'W', tab[i].key, tab[i].w);
    free(tab);
  }
  if (fclose(f) != 0) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return CW_ERR_IO;
  }
  return CW_OK;
}
