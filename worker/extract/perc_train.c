/* perc_train.c - training the averaged-perceptron sequence labeller: sentences of hashed
 * features added, features frozen into dense ids, epochs of decoding and updates with lazy
 * averaging, and the averaged, pruned model built in the packed layout perceptron.c reads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "perc_avg.h"
#include "perc_int.h"

/* ==== Training ==== */

struct perc_trainer_s {
  size_t nlabels;
  char **names;
  uint32_t type, feature_version;
  /* sentences: token t of all sentences has features feats[toff[t] .. toff[t+1]) */
  size_t nsent, cap_sent, ntok, cap_tok, nfeat_occ, cap_feat;
  size_t *sent_tok; /* nsent + 1 token starts */
  size_t *toff;     /* ntok + 1 feature starts */
  uint64_t *feats;  /* hashes, replaced by ids (or UINT64_MAX when pruned) at freeze */
  uint8_t *gold;
  /* feature id table */
  uint64_t *fkeys;  /* id -> hash */
  size_t nf;
  /* weights: w[f * L + y]; wa accumulates step-weighted updates for the average */
  float *w, *trans;
  double *wa, *transa;
  double step;
  perc_scratch_t *scratch;
  uint8_t *pred;
  size_t cap_pred;
};

perc_trainer_t *perc_trainer_create(size_t nlabels, const char *const *names, uint32_t model_type,
                                    uint32_t feature_version) {
  if (nlabels == 0 || nlabels > PERC_MAX_LABELS)
    return NULL;
  perc_trainer_t *t = cw_calloc(1, sizeof(*t));
  t->nlabels = nlabels;
  t->names = cw_calloc(nlabels, sizeof(char *));
  for (size_t i = 0; i < nlabels; i++)
    t->names[i] = cw_strdup(names[i]);
  t->type = model_type;
  t->feature_version = feature_version;
  t->sent_tok = cw_calloc(1, sizeof(size_t));
  t->cap_sent = 0;
  t->toff = cw_calloc(1, sizeof(size_t));
  t->step = 1.0;
  t->scratch = perc_scratch_create();
  return t;
}

void perc_trainer_destroy(perc_trainer_t **tp) {
  if (!tp || !*tp)
    return;
  perc_trainer_t *t = *tp;
  for (size_t i = 0; i < t->nlabels; i++)
    free(t->names[i]);
  free(t->names);
  free(t->sent_tok);
  free(t->toff);
  free(t->feats);
  free(t->gold);
  free(t->fkeys);
  free(t->w);
  free(t->wa);
  free(t->trans);
  free(t->transa);
  free(t->pred);
  perc_scratch_destroy(&t->scratch);
  free(t);
  *tp = NULL;
}

cw_err_t perc_trainer_add(perc_trainer_t *t, const perc_seq_t *seq, const uint8_t *gold) {
  if (t->w)
    return CW_ERR_INVALID; /* frozen */
  for (size_t i = 0; i < seq->n; i++)
    if (gold[i] >= t->nlabels)
      return CW_ERR_INVALID;
  if (seq->n == 0)
    return CW_OK;
  size_t nf = seq->off[seq->n] - seq->off[0];
  if (t->nsent + 2 > t->cap_sent) {
    t->cap_sent = t->cap_sent ? t->cap_sent * 2 : 1024;
    t->sent_tok = cw_realloc(t->sent_tok, (t->cap_sent + 1) * sizeof(size_t));
  }
  if (t->ntok + seq->n + 1 > t->cap_tok) {
    while (t->ntok + seq->n + 1 > t->cap_tok)
      t->cap_tok = t->cap_tok ? t->cap_tok * 2 : 16384;
    t->toff = cw_realloc(t->toff, (t->cap_tok + 1) * sizeof(size_t));
    t->gold = cw_realloc(t->gold, t->cap_tok);
  }
  if (t->nfeat_occ + nf > t->cap_feat) {
    while (t->nfeat_occ + nf > t->cap_feat)
      t->cap_feat = t->cap_feat ? t->cap_feat * 2 : 262144;
    t->feats = cw_realloc(t->feats, t->cap_feat * sizeof(uint64_t));
  }
  memcpy(t->feats + t->nfeat_occ, seq->feats + seq->off[0], nf * sizeof(uint64_t));
  for (size_t i = 0; i < seq->n; i++) {
    t->gold[t->ntok + i] = gold[i];
    t->toff[t->ntok + i + 1] = t->nfeat_occ + (seq->off[i + 1] - seq->off[0]);
  }
  t->nfeat_occ += nf;
  t->ntok += seq->n;
  t->nsent++;
  t->sent_tok[t->nsent] = t->ntok;
  return CW_OK;
}

static inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

void perc_trainer_freeze(perc_trainer_t *t, unsigned min_count) {
  if (t->w)
    return;
  /* count occurrences in an open-addressing table keyed by hash */
  size_t cap = 1024;
  while (cap < t->nfeat_occ / 2 + 1024)
    cap *= 2;
  uint64_t *keys = cw_calloc(cap, sizeof(uint64_t));
  uint32_t *cnt = cw_calloc(cap, sizeof(uint32_t));
  uint8_t *used = cw_calloc(cap, 1);
  size_t nused = 0;
  for (size_t f = 0; f < t->nfeat_occ; f++) {
    uint64_t h = t->feats[f];
    size_t idx = mix64(h) & (cap - 1);
    while (used[idx] && keys[idx] != h)
      idx = (idx + 1) & (cap - 1);
    if (!used[idx]) {
      used[idx] = 1;
      keys[idx] = h;
      nused++;
      if (nused * 10 > cap * 7) { /* grow and rehash */
        size_t ncap = cap * 2;
        uint64_t *nk = cw_calloc(ncap, sizeof(uint64_t));
        uint32_t *nc = cw_calloc(ncap, sizeof(uint32_t));
        uint8_t *nu = cw_calloc(ncap, 1);
        for (size_t s = 0; s < cap; s++) {
          if (!used[s])
            continue;
          size_t j = mix64(keys[s]) & (ncap - 1);
          while (nu[j])
            j = (j + 1) & (ncap - 1);
          nu[j] = 1;
          nk[j] = keys[s];
          nc[j] = cnt[s];
        }
        free(keys);
        free(cnt);
        free(used);
        keys = nk;
        cnt = nc;
        used = nu;
        cap = ncap;
        idx = mix64(h) & (cap - 1);
        while (keys[idx] != h || !used[idx])
          idx = (idx + 1) & (cap - 1);
      }
    }
    cnt[idx]++;
  }
  /* assign ids; cnt becomes id + 1 (0 = pruned) */
  t->fkeys = cw_malloc((nused + 1) * sizeof(uint64_t));
  t->nf = 0;
  for (size_t s = 0; s < cap; s++) {
    if (!used[s])
      continue;
    if (cnt[s] >= min_count) {
      t->fkeys[t->nf] = keys[s];
      cnt[s] = (uint32_t)++t->nf;
    } else {
      cnt[s] = 0;
    }
  }
  for (size_t f = 0; f < t->nfeat_occ; f++) {
    uint64_t h = t->feats[f];
    size_t idx = mix64(h) & (cap - 1);
    while (keys[idx] != h || !used[idx])
      idx = (idx + 1) & (cap - 1);
    t->feats[f] = cnt[idx] ? cnt[idx] - 1 : UINT64_MAX;
  }
  free(keys);
  free(cnt);
  free(used);
  size_t L = t->nlabels;
  t->w = cw_calloc(t->nf * L + 1, sizeof(float));
  t->wa = cw_calloc(t->nf * L + 1, sizeof(double));
  t->trans = cw_calloc((L + 1) * L, sizeof(float));
  t->transa = cw_calloc((L + 1) * L, sizeof(double));
}

static inline void upd(float *w, double *wa, size_t i, float d, double step) {
  w[i] += d;
  wa[i] += step * d;
}

size_t perc_trainer_epoch(perc_trainer_t *t, uint64_t seed, unsigned beam, size_t *ntok) {
  size_t L = t->nlabels, correct = 0;
  if (!t->w)
    perc_trainer_freeze(t, 1);
  if (beam > 64)
    beam = 64;
  size_t *order = cw_malloc((t->nsent + 1) * sizeof(size_t));
  for (size_t i = 0; i < t->nsent; i++)
    order[i] = i;
  uint64_t r = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (size_t i = t->nsent; i > 1; i--) {
    r = r * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t j = (size_t)((r >> 33) % i);
    size_t tmp = order[i - 1];
    order[i - 1] = order[j];
    order[j] = tmp;
  }
  for (size_t k = 0; k < t->nsent; k++) {
    size_t s0 = t->sent_tok[order[k]], n = t->sent_tok[order[k] + 1] - s0;
    perc_scratch_reserve(t->scratch, n, L, beam);
    if (n > t->cap_pred) {
      t->cap_pred = n * 2;
      t->pred = cw_realloc(t->pred, t->cap_pred);
    }
    float *emit = t->scratch->emit;
    for (size_t i = 0; i < n; i++) {
      float *e = emit + i * L;
      memset(e, 0, L * sizeof(float));
      for (size_t f = t->toff[s0 + i]; f < t->toff[s0 + i + 1]; f++) {
        uint64_t id = t->feats[f];
        if (id == UINT64_MAX)
          continue;
        const float *wr = t->w + id * L;
        for (size_t y = 0; y < L; y++)
          e[y] += wr[y];
      }
    }
    perc_decode_scores(emit, t->trans, n, L, beam, t->scratch, t->pred);
    const uint8_t *g = t->gold + s0;
    for (size_t i = 0; i < n; i++) {
      if (t->pred[i] == g[i]) {
        correct++;
      } else {
        for (size_t f = t->toff[s0 + i]; f < t->toff[s0 + i + 1]; f++) {
          uint64_t id = t->feats[f];
          if (id == UINT64_MAX)
            continue;
          upd(t->w, t->wa, id * L + g[i], 1.0f, t->step);
          upd(t->w, t->wa, id * L + t->pred[i], -1.0f, t->step);
        }
      }
      size_t pg = i == 0 ? L : g[i - 1], pp = i == 0 ? L : t->pred[i - 1];
      if (pg != pp || g[i] != t->pred[i]) {
        upd(t->trans, t->transa, pg * L + g[i], 1.0f, t->step);
        upd(t->trans, t->transa, pp * L + t->pred[i], -1.0f, t->step);
      }
    }
    t->step += 1.0;
  }
  free(order);
  if (ntok)
    *ntok = t->ntok;
  return correct;
}

static float avg_weight(float w, double wa, double step) {
  return (float)perc_avg((double)w, wa, step);
}

perc_model_t *perc_trainer_model(const perc_trainer_t *t, float prune) {
  size_t L = t->nlabels;
  perc_model_t *m = cw_calloc(1, sizeof(*m));
  m->type = t->type;
  m->feature_version = t->feature_version;
  m->nlabels = L;
  m->names = cw_calloc(L, sizeof(char *));
  for (size_t i = 0; i < L; i++)
    m->names[i] = cw_strdup(t->names[i]);
  m->trans = cw_malloc((L + 1) * L * sizeof(float));
  if (t->trans)
    for (size_t i = 0; i < (L + 1) * L; i++)
      m->trans[i] = avg_weight(t->trans[i], t->transa[i], t->step);
  else
    memset(m->trans, 0, (L + 1) * L * sizeof(float));
  /* count kept features and pairs */
  /* Features with weights for more than a third of the labels are stored dense (all L labels
   * in order), which decodes faster than the sparse pairs. */
  size_t nkeep = 0, npairs = 0;
  for (size_t f = 0; t->w && f < t->nf; f++) {
    size_t c = 0;
    for (size_t y = 0; y < L; y++)
      if (fabsf(avg_weight(t->w[f * L + y], t->wa[f * L + y], t->step)) > prune)
        c++;
    if (c) {
      nkeep++;
      npairs += c * 3 > L ? L : c;
    }
  }
  if (npairs > PERC_MAX_PAIRS)
    npairs = PERC_MAX_PAIRS; /* the loop below stops adding features at the cap */
  uint32_t nslots = 16;
  while (nslots < nkeep + nkeep / 2 + 1)
    nslots *= 2;
  m->nslots = nslots;
  m->slot = cw_calloc(2 * (size_t)nslots, sizeof(uint32_t));
  m->pair = cw_malloc((npairs + 1) * sizeof(uint32_t));
  uint32_t np = 0;
  for (size_t f = 0; t->w && f < t->nf; f++) {
    uint32_t start = np, c = 0, kept = 0;
    for (size_t y = 0; y < L; y++)
      kept += fabsf(avg_weight(t->w[f * L + y], t->wa[f * L + y], t->step)) > prune;
    int dense = kept * 3 > L;
    if (kept && dense && np + L > npairs)
      break; /* the pair cap (PERC_MAX_PAIRS) was reached */
    for (size_t y = 0; y < L; y++) {
      float v = avg_weight(t->w[f * L + y], t->wa[f * L + y], t->step);
      if ((dense || fabsf(v) > prune) && np < npairs) {
        m->pair[np] = (f2u(v) & ~0xffu) | (uint32_t)y;
        np++;
        c++;
      }
    }
    if (!c)
      continue;
    uint64_t h = t->fkeys[f];
    uint32_t idx = (uint32_t)h & (nslots - 1);
    while (m->slot[2 * (size_t)idx + 1])
      idx = (idx + 1) & (nslots - 1);
    m->slot[2 * (size_t)idx] = slot_key(h);
    m->slot[2 * (size_t)idx + 1] = (start << 8) | c;
    m->nfeat++;
  }
  m->npairs = np;
  perc_model_dense_bare(m);
  return m;
}

static void *dup_mem(const void *p, size_t n) {
  void *q = cw_malloc(n ? n : 1);
  if (n)
    memcpy(q, p, n);
  return q;
}

perc_trainer_t *perc_trainer_clone(const perc_trainer_t *t) {
  if (!t->w)
    return NULL;
  size_t L = t->nlabels;
  perc_trainer_t *c = perc_trainer_create(L, (const char *const *)t->names, t->type,
                                          t->feature_version);
  free(c->sent_tok);
  free(c->toff);
  c->nsent = c->cap_sent = t->nsent;
  c->ntok = c->cap_tok = t->ntok;
  c->nfeat_occ = c->cap_feat = t->nfeat_occ;
  c->sent_tok = dup_mem(t->sent_tok, (t->nsent + 1) * sizeof(size_t));
  c->toff = dup_mem(t->toff, (t->ntok + 1) * sizeof(size_t));
  c->feats = dup_mem(t->feats, t->nfeat_occ * sizeof(uint64_t));
  c->gold = dup_mem(t->gold, t->ntok);
  c->nf = t->nf;
  c->fkeys = dup_mem(t->fkeys, t->nf * sizeof(uint64_t));
  c->w = dup_mem(t->w, (t->nf * L + 1) * sizeof(float));
  c->wa = dup_mem(t->wa, (t->nf * L + 1) * sizeof(double));
  c->trans = dup_mem(t->trans, (L + 1) * L * sizeof(float));
  c->transa = dup_mem(t->transa, (L + 1) * L * sizeof(double));
  c->step = t->step;
  return c;
}

perc_model_t *perc_trainer_model_mean(const perc_trainer_t *const *t, size_t k, float prune) {
  if (k == 1)
    return perc_trainer_model(t[0], prune);
  /* a trainer whose weights are the mean and whose running sums are zero: its average is
   * that mean */
  perc_trainer_t m = *t[0];
  size_t L = t[0]->nlabels, nw = t[0]->nf * L + 1, nt = (L + 1) * L;
  m.w = cw_calloc(nw, sizeof(float));
  m.wa = cw_calloc(nw, sizeof(double));
  m.trans = cw_calloc(nt, sizeof(float));
  m.transa = cw_calloc(nt, sizeof(double));
  m.step = 1.0;
  for (size_t i = 0; i < nw; i++) {
    double s = 0;
    for (size_t j = 0; j < k; j++)
      s += avg_weight(t[j]->w[i], t[j]->wa[i], t[j]->step);
    m.w[i] = (float)(s / (double)k);
  }
  for (size_t i = 0; i < nt; i++) {
    double s = 0;
    for (size_t j = 0; j < k; j++)
      s += avg_weight(t[j]->trans[i], t[j]->transa[i], t[j]->step);
    m.trans[i] = (float)(s / (double)k);
  }
  perc_model_t *out = perc_trainer_model(&m, prune);
  free(m.w);
  free(m.wa);
  free(m.trans);
  free(m.transa);
  return out;
}
