/* perc_bin.c - the binary averaged perceptron over hashed features: training on labelled
 * feature sets and the weight table that scores them (perceptron.h). */
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "perc_avg.h"
#include "perceptron.h"

/* ==== Training ==== */

typedef struct {
  uint32_t off, n; /* into feats */
  int label;       /* +1 or -1 */
} example_t;

struct perc_bin_trainer_s {
  example_t *ex;
  size_t n_ex, cap_ex;
  uint64_t *feats;
  size_t n_feats, cap_feats;
};

/* A weight with its step-weighted update sum. */
typedef struct {
  uint64_t key;
  double w, u;
} pw_t;

perc_bin_trainer_t *perc_bin_trainer_create(void) {
  return cw_calloc(1, sizeof(perc_bin_trainer_t));
}

void perc_bin_trainer_destroy(perc_bin_trainer_t **t) {
  if (!t || !*t)
    return;
  free((*t)->ex);
  free((*t)->feats);
  free(*t);
  *t = NULL;
}

void perc_bin_trainer_add(perc_bin_trainer_t *s, const uint64_t *f, size_t nf, int positive) {
  if (s->n_ex == s->cap_ex) {
    s->cap_ex = s->cap_ex ? 2 * s->cap_ex : 4096;
    s->ex = cw_realloc(s->ex, s->cap_ex * sizeof *s->ex);
  }
  while (s->n_feats + nf > s->cap_feats) {
    s->cap_feats = s->cap_feats ? 2 * s->cap_feats : 65536;
    s->feats = cw_realloc(s->feats, s->cap_feats * sizeof *s->feats);
  }
  memcpy(s->feats + s->n_feats, f, nf * sizeof *f);
  s->ex[s->n_ex++] = (example_t){(uint32_t)s->n_feats, (uint32_t)nf, positive ? 1 : -1};
  s->n_feats += nf;
}

size_t perc_bin_trainer_count(const perc_bin_trainer_t *t) { return t->n_ex; }

static pw_t *pw_find(pw_t *tab, size_t cap, uint64_t key) {
  size_t k = key & (cap - 1);
  while (tab[k].key && tab[k].key != key)
    k = (k + 1) & (cap - 1);
  tab[k].key = key;
  return &tab[k];
}

/* One averaged perceptron, visiting the examples in a fixed pseudo-random order each epoch so
 * the weights are reproducible. @returns the table (cap entries). */
static pw_t *fit(const perc_bin_trainer_t *t, unsigned epochs, unsigned seed, size_t *cap_out) {
  size_t cap = 1;
  while (cap < 2 * t->n_feats + 2)
    cap <<= 1;
  pw_t *tab = cw_calloc(cap, sizeof *tab);
  double step = 1;
  uint64_t rng = 0x2545F4914F6CDD1DULL ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL);
  size_t *order = cw_malloc((t->n_ex ? t->n_ex : 1) * sizeof *order);
  for (size_t i = 0; i < t->n_ex; i++)
    order[i] = i;
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
      for (uint32_t i = 0; i < e->n; i++)
        sc += pw_find(tab, cap, f[i])->w;
      if (e->label * sc > 0)
        continue;
      for (uint32_t i = 0; i < e->n; i++) {
        pw_t *p = pw_find(tab, cap, f[i]);
        p->w += e->label;
        p->u += e->label * step;
      }
    }
  }
  for (size_t i = 0; i < cap; i++)
    if (tab[i].key)
      tab[i].w = perc_avg(tab[i].w, tab[i].u, step);
  free(order);
  *cap_out = cap;
  return tab;
}

static int cmp_pw(const void *a, const void *b) {
  uint64_t x = ((const pw_t *)a)->key, y = ((const pw_t *)b)->key;
  return x < y ? -1 : x > y;
}

perc_bin_weight_t *perc_bin_trainer_fit(const perc_bin_trainer_t *t, unsigned epochs,
                                        unsigned seed, unsigned orders, size_t *n) {
  size_t cap;
  *n = 0;
  if (!t->n_ex || !epochs)
    return cw_malloc(sizeof(perc_bin_weight_t));
  pw_t *tab = fit(t, epochs, seed, &cap);
  /* Averaging over several visiting orders steadies the weights: one order alone moves the
   * scores by a few thousandths. Every fit holds the same keys (all seen in epoch 1). */
  if (!orders)
    orders = 1;
  for (unsigned o = 1; o < orders; o++) {
    size_t cap2;
    pw_t *t2 = fit(t, epochs, seed + o, &cap2);
    for (size_t i = 0; i < cap2; i++)
      if (t2[i].key)
        pw_find(tab, cap, t2[i].key)->w += t2[i].w;
    free(t2);
  }
  for (size_t i = 0; i < cap; i++)
    tab[i].w /= orders;
  qsort(tab, cap, sizeof *tab, cmp_pw);
  perc_bin_weight_t *out = cw_malloc((cap ? cap : 1) * sizeof *out);
  for (size_t i = 0; i < cap; i++)
    if (tab[i].key && (tab[i].w > 1e-6 || tab[i].w < -1e-6))
      out[(*n)++] = (perc_bin_weight_t){tab[i].key, (float)tab[i].w};
  free(tab);
  return out;
}

/* ==== Scoring ==== */

/* A slot: the feature hash's low bits choose it, its high 32 bits (never 0) are kept to tell
 * features apart. Eight bytes a slot keep the table small enough for the cache. Two features
 * whose hashes meet in one probe run with equal high bits would share a weight; with about 2^18
 * slots and 32 tag bits that is as rare as any other hashed-feature clash. */
typedef struct {
  uint32_t tag; /* 0 = empty slot */
  float v;
} slot_t;

struct perc_bin_table_s {
  slot_t *w;
  uint64_t *wkey; /* the full hash of each slot while filling (growing needs it); then NULL */
  size_t cap, n;
};

static uint32_t weight_tag(uint64_t key) { return (uint32_t)(key >> 32) | 1u; }

perc_bin_table_t *perc_bin_table_create(void) {
  return cw_calloc(1, sizeof(perc_bin_table_t));
}

void perc_bin_table_destroy(perc_bin_table_t **t) {
  if (!t || !*t)
    return;
  free((*t)->w);
  free((*t)->wkey);
  free(*t);
  *t = NULL;
}

void perc_bin_table_put(perc_bin_table_t *m, uint64_t key, float v) {
  /* Grown at 60 % load: misses (most look-ups) stay short with linear probing. */
  if (10 * (m->n + 1) > 6 * m->cap) {
    size_t nc = m->cap ? 2 * m->cap : 1024;
    slot_t *nw = cw_calloc(nc, sizeof *nw);
    uint64_t *nk = cw_calloc(nc, sizeof *nk);
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->w[i].tag)
        continue;
      size_t k = m->wkey[i] & (nc - 1);
      while (nw[k].tag)
        k = (k + 1) & (nc - 1);
      nw[k] = m->w[i];
      nk[k] = m->wkey[i];
    }
    free(m->w);
    free(m->wkey);
    m->w = nw;
    m->wkey = nk;
    m->cap = nc;
  }
  uint32_t tag = weight_tag(key);
  size_t k = key & (m->cap - 1);
  while (m->w[k].tag && m->w[k].tag != tag)
    k = (k + 1) & (m->cap - 1);
  if (!m->w[k].tag)
    m->n++;
  m->w[k] = (slot_t){tag, v};
  m->wkey[k] = key;
}

void perc_bin_table_seal(perc_bin_table_t *t) {
  free(t->wkey);
  t->wkey = NULL;
}

size_t perc_bin_table_count(const perc_bin_table_t *t) { return t ? t->n : 0; }

static float weight_get(const perc_bin_table_t *m, uint64_t key) {
  uint32_t tag = weight_tag(key);
  size_t k = key & (m->cap - 1);
  while (m->w[k].tag) {
    if (m->w[k].tag == tag)
      return m->w[k].v;
    k = (k + 1) & (m->cap - 1);
  }
  return 0;
}

/* The slots are fetched together first, so that their cache misses overlap instead of
 * queueing one after another. */
float perc_bin_table_sum(const perc_bin_table_t *m, const uint64_t *f, size_t n) {
  if (!m || !m->cap)
    return 0;
  for (size_t i = 0; i < n; i++)
    __builtin_prefetch(&m->w[f[i] & (m->cap - 1)]);
  float s = 0;
  for (size_t i = 0; i < n; i++)
    s += weight_get(m, f[i]);
  return s;
}
