/* perceptron.c - averaged-perceptron sequence labelling: training, decoding, model files. */
#include "perceptron.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "cw_hash.h"

/*
 * Model file layout, all integers little-endian:
 *   0   magic "CWPERCM\0"
 *   8   u32 format version, model type, feature version, nlabels, nslots, nfeat, npairs,
 *       names length
 *   40  5 sections x (u64 offset, u64 length): names, transitions, slot keys, slot infos,
 *       pairs
 *   120 section data
 *   end u64 CRC-64-AVRO of every byte before it
 * Slot s holds a feature when info[s] & 0xff (its weight count) is nonzero; its weights are
 * pairs (info[s] >> 8) .. + count; a pair is a u32 holding the float bits of the weight whose
 * low 8 mantissa bits are replaced by the label (a relative error below 2^-15). A feature with
 * nlabels weights lists them in label order (a dense row). Transitions are (nlabels + 1) x nlabels
 * floats, the last row scoring the first label of a sentence.
 */
#define PERC_MAGIC "CWPERCM"
#define PERC_FORMAT_VERSION 1u
#define PERC_HEADER_SIZE 120u
#define PERC_NSECT 5
#define PERC_MAX_SLOTS (1u << 28)
#define PERC_MAX_PAIRS ((1u << 24) - 1u)

struct perc_model_s {
  uint32_t type, feature_version;
  size_t nlabels;
  char **names;
  float *trans;
  uint32_t nslots, nfeat, npairs;
  uint32_t *slot; /* nslots x {key, info}: one cache line fetch per probe */
  uint32_t *pair; /* a weight's float bits with the low 8 mantissa bits replaced by its label */
  uint64_t checksum; /* the file's CRC-64-AVRO; 0 for a model built in memory */
};

struct perc_scratch_s {
  size_t cap_n, cap_l; /* sized for cap_n tokens x cap_l labels */
  float *emit;         /* n x L */
  float *delta;        /* Viterbi: n x L; beam: 2 x beam scores */
  uint8_t *back;       /* n x L backpointers (Viterbi) or n x beam (beam labels) */
  uint16_t *bptr;      /* n x beam: index of the previous hypothesis */
  float *cand;         /* beam x L candidate scores */
  uint32_t *fref;      /* per feature of the sentence: slot index, then the slot's info */
  size_t cap_f;
};

static inline uint32_t f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static inline float u2f(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

uint64_t perc_hash_bytes(uint64_t h, const void *s, size_t len) {
  return cw_fnv1a64(h, s, len);
}

/* ==== Decoding (shared by training and tagging) ==== */

static void scratch_reserve(perc_scratch_t *s, size_t n, size_t L, unsigned beam) {
  size_t w = L > beam ? L : beam;
  if (w < 1)
    w = 1;
  if (n <= s->cap_n && w <= s->cap_l)
    return;
  if (n > s->cap_n)
    s->cap_n = n + n / 2 + 16;
  if (w > s->cap_l)
    s->cap_l = w;
  free(s->emit);
  free(s->delta);
  free(s->back);
  free(s->bptr);
  free(s->cand);
  s->emit = cw_malloc(s->cap_n * s->cap_l * sizeof(float));
  s->delta = cw_malloc(s->cap_n * s->cap_l * sizeof(float));
  s->back = cw_malloc(s->cap_n * s->cap_l);
  s->bptr = cw_malloc(s->cap_n * s->cap_l * sizeof(uint16_t));
  s->cand = cw_malloc(s->cap_l * s->cap_l * sizeof(float));
}

perc_scratch_t *perc_scratch_create(void) {
  return cw_calloc(1, sizeof(perc_scratch_t));
}

void perc_scratch_destroy(perc_scratch_t **s) {
  if (!s || !*s)
    return;
  free((*s)->emit);
  free((*s)->delta);
  free((*s)->back);
  free((*s)->bptr);
  free((*s)->cand);
  free((*s)->fref);
  free(*s);
  *s = NULL;
}

/* Exact first-order decoding over emission scores emit (n x L) and transitions trans. */
static void viterbi(const float *emit, const float *trans, size_t n, size_t L, float *delta,
                    uint8_t *back, uint8_t *out) {
  const float *start = trans + L * L;
  for (size_t y = 0; y < L; y++)
    delta[y] = start[y] + emit[y];
  for (size_t i = 1; i < n; i++) {
    const float *pd = delta + (i - 1) * L;
    float *d = delta + i * L;
    uint8_t *b = back + i * L;
    for (size_t y = 0; y < L; y++) {
      float best = pd[0] + trans[y];
      size_t arg = 0;
      for (size_t p = 1; p < L; p++) {
        float v = pd[p] + trans[p * L + y];
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      d[y] = best + emit[i * L + y];
      b[y] = (uint8_t)arg;
    }
  }
  const float *d = delta + (n - 1) * L;
  size_t arg = 0;
  for (size_t y = 1; y < L; y++)
    if (d[y] > d[arg])
      arg = y;
  for (size_t i = n; i-- > 0;) {
    out[i] = (uint8_t)arg;
    if (i > 0)
      arg = back[i * L + arg];
  }
}

/*
 * Left-to-right beam search keeping the @p k best label prefixes; k == 1 is greedy. Ties keep
 * the earlier candidate so results do not depend on the platform.
 */
static void beam_search(const float *emit, const float *trans, size_t n, size_t L, unsigned k,
                        perc_scratch_t *s, uint8_t *out) {
  const float *start = trans + L * L;
  float *cur = s->delta, *nxt = s->delta + k;
  size_t ncur = 0;
  uint8_t *lab = s->back;  /* n x k */
  uint16_t *bp = s->bptr;  /* n x k */
  for (size_t i = 0; i < n; i++) {
    size_t nn = 0;
    size_t nprev = i == 0 ? 1 : ncur;
    for (size_t h = 0; h < nprev; h++) {
      const float *tr = i == 0 ? start : trans + (size_t)lab[(i - 1) * k + h] * L;
      float base = i == 0 ? 0.0f : cur[h];
      for (size_t y = 0; y < L; y++) {
        float v = base + tr[y] + emit[i * L + y];
        /* insertion into the sorted top-k list nxt[0..nn) */
        size_t pos = nn;
        while (pos > 0 && nxt[pos - 1] < v)
          pos--;
        if (pos >= k)
          continue;
        size_t last = nn < k ? nn : k - 1;
        for (size_t q = last; q > pos; q--) {
          nxt[q] = nxt[q - 1];
          lab[i * k + q] = lab[i * k + q - 1];
          bp[i * k + q] = bp[i * k + q - 1];
        }
        nxt[pos] = v;
        lab[i * k + pos] = (uint8_t)y;
        bp[i * k + pos] = (uint16_t)h;
        if (nn < k)
          nn++;
      }
    }
    float *t = cur;
    cur = nxt;
    nxt = t;
    ncur = nn;
  }
  size_t h = 0;
  for (size_t i = n; i-- > 0;) {
    out[i] = lab[i * k + h];
    h = bp[i * k + h];
  }
}

static void decode_scores(const float *emit, const float *trans, size_t n, size_t L, unsigned beam,
                          perc_scratch_t *s, uint8_t *out) {
  if (n == 0)
    return;
  if (beam == 0 || beam >= L)
    viterbi(emit, trans, n, L, s->delta, s->back, out);
  else
    beam_search(emit, trans, n, L, beam, s, out);
}

static inline uint32_t slot_key(uint64_t h) {
  return (uint32_t)(h >> 32);
}

/* GCC/Clang vector types: four lanes at a time on any target, no intrinsics. */
typedef float v4f_t __attribute__((vector_size(16)));
typedef uint32_t v4u_t __attribute__((vector_size(16)));

/* e[0..L) += the weights of a dense row of pairs (labels in order). */
static inline void add_row(float *e, const uint32_t *pr, size_t L) {
  const v4u_t mask = {~0xffu, ~0xffu, ~0xffu, ~0xffu};
  size_t q = 0;
  for (; q + 4 <= L; q += 4) {
    v4u_t u;
    v4f_t w, ev;
    memcpy(&u, pr + q, sizeof u);
    u &= mask;
    memcpy(&w, &u, sizeof w);
    memcpy(&ev, e + q, sizeof ev);
    ev += w;
    memcpy(e + q, &ev, sizeof ev);
  }
  for (; q < L; q++)
    e[q] += u2f(pr[q] & ~0xffu);
}

/* The slot info of feature hash @p h: (pair offset << 8) | weight count, 0 when absent. */
static inline uint32_t slot_info(const perc_model_t *m, uint64_t h) {
  uint32_t mask = m->nslots - 1, key = slot_key(h), idx = (uint32_t)h & mask, inf;
  for (;;) {
    inf = m->slot[2 * (size_t)idx + 1];
    if (inf == 0 || m->slot[2 * (size_t)idx] == key)
      return inf;
    idx = (idx + 1) & mask;
  }
}

/* e[0..L) += the weights of the feature with slot info @p inf: every emission score is summed
 * one feature at a time in feature order, whichever path computes it. */
static inline void add_feature(const perc_model_t *m, uint32_t inf, float *e, size_t L) {
  uint32_t o = inf >> 8, c = inf & 0xffu;
  const uint32_t *pr = m->pair + o;
  if (c == L) {
    add_row(e, pr, L); /* labels 0..L-1 in order, checked at load */
  } else {
    for (uint32_t q = 0; q < c; q++)
      e[pr[q] & 0xffu] += u2f(pr[q] & ~0xffu);
  }
}

void perc_emit_add(const perc_model_t *m, const uint64_t *feats, size_t nf, float *e) {
  for (size_t f = 0; f < nf; f++)
    add_feature(m, slot_info(m, feats[f]), e, m->nlabels);
}

uint32_t perc_feature_ref(const perc_model_t *m, uint64_t h) { return slot_info(m, h); }

static void decode(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq,
                   const uint32_t *refs, const float *init, unsigned beam, uint8_t *out) {
  size_t n = seq->n, L = m->nlabels;
  if (n == 0)
    return;
  if (beam > 64)
    beam = 64;
  scratch_reserve(s, n, L, beam);
  uint32_t mask = m->nslots - 1;
  size_t nf = seq->off[n] - seq->off[0];
  if (nf > s->cap_f) {
    s->cap_f = nf + nf / 2 + 64;
    free(s->fref);
    s->fref = cw_malloc(s->cap_f * sizeof(uint32_t));
  }
  /* The table is much larger than the cache and each feature costs a slot fetch and a weight
   * fetch: prefetching a fixed distance ahead keeps several loads in flight without
   * overrunning the CPU's miss buffers. */
  const uint64_t *fe = seq->feats + seq->off[0];
  const uint32_t *rf = refs ? refs + seq->off[0] : NULL;
  enum { AHEAD = 20 };
  for (size_t f = 0; f < nf && f < AHEAD; f++)
    if (!rf || rf[f] == PERC_REF_LOOKUP)
      __builtin_prefetch(&m->slot[2 * (size_t)((uint32_t)fe[f] & mask)]);
  for (size_t f = 0; f < nf; f++) {
    if (f + AHEAD < nf && (!rf || rf[f + AHEAD] == PERC_REF_LOOKUP))
      __builtin_prefetch(&m->slot[2 * (size_t)((uint32_t)fe[f + AHEAD] & mask)]);
    uint32_t inf = rf && rf[f] != PERC_REF_LOOKUP ? rf[f] : slot_info(m, fe[f]);
    s->fref[f] = inf;
    if (inf) {
      const uint32_t *pr = &m->pair[inf >> 8];
      __builtin_prefetch(pr);
      if ((inf & 0xffu) > 16) /* dense rows span several cache lines */
        for (uint32_t q = 16; q < (inf & 0xffu); q += 16)
          __builtin_prefetch(pr + q);
    }
  }
  for (size_t i = 0; i < n; i++) {
    float *e = s->emit + i * L;
    if (init)
      memcpy(e, init + i * L, L * sizeof(float));
    else
      memset(e, 0, L * sizeof(float));
    for (uint32_t f = seq->off[i] - seq->off[0]; f < seq->off[i + 1] - seq->off[0]; f++)
      if (s->fref[f])
        add_feature(m, s->fref[f], e, L);
  }
  decode_scores(s->emit, m->trans, n, L, beam, s, out);
}

void perc_decode(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq, unsigned beam,
                 uint8_t *out) {
  decode(m, s, seq, NULL, NULL, beam, out);
}

void perc_decode_from(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq,
                      const float *init, unsigned beam, uint8_t *out) {
  decode(m, s, seq, NULL, init, beam, out);
}

void perc_decode_refs(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq,
                      const uint32_t *refs, const float *init, unsigned beam, uint8_t *out) {
  decode(m, s, seq, refs, init, beam, out);
}

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
    scratch_reserve(t->scratch, n, L, beam);
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
    decode_scores(emit, t->trans, n, L, beam, t->scratch, t->pred);
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
  return (float)((double)w - wa / step);
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

/* ==== Model files ==== */

void perc_model_destroy(perc_model_t **mp) {
  if (!mp || !*mp)
    return;
  perc_model_t *m = *mp;
  for (size_t i = 0; m->names && i < m->nlabels; i++)
    free(m->names[i]);
  free(m->names);
  free(m->trans);
  free(m->slot);
  free(m->pair);
  free(m);
  *mp = NULL;
}

size_t perc_model_nlabels(const perc_model_t *m) { return m->nlabels; }
uint32_t perc_model_type(const perc_model_t *m) { return m->type; }
uint32_t perc_model_feature_version(const perc_model_t *m) { return m->feature_version; }
size_t perc_model_nfeatures(const perc_model_t *m) { return m->nfeat; }
uint64_t perc_model_checksum(const perc_model_t *m) { return m->checksum; }

const char *perc_model_label(const perc_model_t *m, size_t id) {
  return id < m->nlabels ? m->names[id] : "?";
}

int perc_model_label_id(const perc_model_t *m, const char *name) {
  for (size_t i = 0; i < m->nlabels; i++)
    if (strcmp(m->names[i], name) == 0)
      return (int)i;
  return -1;
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) {
  return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

void *perc_model_serialize(const perc_model_t *m, size_t *len) {
  size_t L = m->nlabels, names_len = 0;
  for (size_t i = 0; i < L; i++)
    names_len += strlen(m->names[i]) + 1;
  uint64_t sl[PERC_NSECT] = {names_len, (L + 1) * L * 4, (uint64_t)m->nslots * 4,
                             (uint64_t)m->nslots * 4, (uint64_t)m->npairs * 4};
  uint64_t so[PERC_NSECT];
  size_t total = PERC_HEADER_SIZE;
  for (int i = 0; i < PERC_NSECT; i++) {
    so[i] = total;
    total += sl[i];
  }
  total += 8;
  uint8_t *b = cw_calloc(1, total);
  memcpy(b, PERC_MAGIC, 8);
  uint32_t hv[8] = {PERC_FORMAT_VERSION, m->type, m->feature_version, (uint32_t)L,
                    m->nslots, m->nfeat, m->npairs, (uint32_t)names_len};
  for (int i = 0; i < 8; i++)
    put32(b + 8 + 4 * i, hv[i]);
  for (int i = 0; i < PERC_NSECT; i++) {
    put64(b + 40 + 16 * i, so[i]);
    put64(b + 48 + 16 * i, sl[i]);
  }
  uint8_t *p = b + so[0];
  for (size_t i = 0; i < L; i++) {
    size_t l = strlen(m->names[i]) + 1;
    memcpy(p, m->names[i], l);
    p += l;
  }
  for (size_t i = 0; i < (L + 1) * L; i++)
    put32(b + so[1] + 4 * i, f2u(m->trans[i]));
  for (uint32_t i = 0; i < m->nslots; i++) {
    put32(b + so[2] + 4 * (size_t)i, m->slot[2 * (size_t)i]);
    put32(b + so[3] + 4 * (size_t)i, m->slot[2 * (size_t)i + 1]);
  }
  for (uint32_t i = 0; i < m->npairs; i++)
    put32(b + so[4] + 4 * (size_t)i, m->pair[i]);
  put64(b + total - 8, cw_crc64_avro(b, total - 8));
  *len = total;
  return b;
}

cw_err_t perc_model_save(const perc_model_t *m, const char *path, char *errstr,
                         size_t errstr_size) {
  cw_err_t err = CW_OK;
  size_t len = 0;
  void *buf = perc_model_serialize(m, &len);
  size_t plen = strlen(path) + 8;
  char *tmp = cw_malloc(plen);
  snprintf(tmp, plen, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", tmp, strerror(errno));
    err = CW_ERR_IO;
    goto done;
  }
  size_t wr = fwrite(buf, 1, len, f);
  int cl = fclose(f);
  if (wr != len || cl != 0) {
    snprintf(errstr, errstr_size, "%s: write failed: %s", tmp, strerror(errno));
    remove(tmp);
    err = CW_ERR_IO;
    goto done;
  }
  if (rename(tmp, path) != 0) {
    snprintf(errstr, errstr_size, "rename %s -> %s: %s", tmp, path, strerror(errno));
    remove(tmp);
    err = CW_ERR_IO;
  }
done:
  free(tmp);
  free(buf);
  return err;
}

static const char *const sect_name[PERC_NSECT] = {"label names", "transitions", "slot keys",
                                                   "slot infos", "weights"};

cw_err_t perc_model_load_from_memory(const void *data, size_t len, perc_model_t **out,
                                     char *errstr, size_t errstr_size) {
  const uint8_t *b = data;
  perc_model_t *m = NULL;
  uint32_t *dense_check = NULL; /* pair offsets of full rows */
  *out = NULL;
#define BAD(...) do { snprintf(errstr, errstr_size, __VA_ARGS__); goto fail; } while (0)
  if (!data || len < PERC_HEADER_SIZE + 8)
    BAD("model file truncated: %zu bytes, the header alone needs %u", len, PERC_HEADER_SIZE + 8);
  if (memcmp(b, PERC_MAGIC, 8) != 0)
    BAD("not a perceptron model file (bad magic)");
  uint32_t version = get32(b + 8);
  if (version != PERC_FORMAT_VERSION)
    BAD("unsupported model format version %u (expected %u)", version, PERC_FORMAT_VERSION);
  uint64_t crc = get64(b + len - 8);
  if (crc != cw_crc64_avro(b, len - 8))
    BAD("model file checksum mismatch (corrupt or truncated)");
  uint32_t type = get32(b + 12), fver = get32(b + 16), L = get32(b + 20), nslots = get32(b + 24),
           nfeat = get32(b + 28), npairs = get32(b + 32), names_len = get32(b + 36);
  if (L == 0 || L > PERC_MAX_LABELS)
    BAD("bad label count %u", L);
  if (nslots < 2 || nslots > PERC_MAX_SLOTS || (nslots & (nslots - 1)) != 0)
    BAD("bad slot count %u (must be a power of two)", nslots);
  if (nfeat >= nslots)
    BAD("feature count %u does not fit %u slots", nfeat, nslots);
  if (npairs > PERC_MAX_PAIRS)
    BAD("bad weight count %u", npairs);
  uint64_t want[PERC_NSECT] = {names_len, ((uint64_t)L + 1) * L * 4, (uint64_t)nslots * 4,
                               (uint64_t)nslots * 4, (uint64_t)npairs * 4};
  uint64_t so[PERC_NSECT];
  for (int i = 0; i < PERC_NSECT; i++) {
    uint64_t o = get64(b + 40 + 16 * i), l = get64(b + 48 + 16 * i);
    if (l != want[i])
      BAD("section %s: length %llu, expected %llu", sect_name[i], (unsigned long long)l,
          (unsigned long long)want[i]);
    if (o < PERC_HEADER_SIZE || o > len - 8 || l > len - 8 - o)
      BAD("section %s: offset %llu + length %llu outside the %zu-byte file", sect_name[i],
          (unsigned long long)o, (unsigned long long)l, len);
    so[i] = o;
  }
  m = cw_calloc(1, sizeof(*m));
  m->checksum = crc;
  m->type = type;
  m->feature_version = fver;
  m->nlabels = L;
  m->nslots = nslots;
  m->nfeat = nfeat;
  m->npairs = npairs;
  m->names = cw_calloc(L, sizeof(char *));
  const char *np = (const char *)b + so[0], *ne = np + names_len;
  for (uint32_t i = 0; i < L; i++) {
    const char *z = memchr(np, '\0', (size_t)(ne - np));
    if (!z || z == np)
      BAD("label names: label %u missing or empty", i);
    m->names[i] = cw_strndup(np, (size_t)(z - np));
    np = z + 1;
  }
  if (np != ne)
    BAD("label names: %zu trailing bytes", (size_t)(ne - np));
  m->trans = cw_malloc(((size_t)L + 1) * L * sizeof(float));
  for (size_t i = 0; i < ((size_t)L + 1) * L; i++) {
    m->trans[i] = u2f(get32(b + so[1] + 4 * i));
    if (!isfinite(m->trans[i]))
      BAD("transition weight %zu is not finite", i);
  }
  m->slot = cw_malloc(2 * (size_t)nslots * sizeof(uint32_t));
  dense_check = cw_malloc(((size_t)nslots + 1) * sizeof(uint32_t));
  uint32_t used = 0;
  size_t ndense = 0;
  for (uint32_t i = 0; i < nslots; i++) {
    uint32_t inf = get32(b + so[3] + 4 * (size_t)i);
    m->slot[2 * (size_t)i] = get32(b + so[2] + 4 * (size_t)i);
    m->slot[2 * (size_t)i + 1] = inf;
    uint32_t c = inf & 0xffu, o = inf >> 8;
    if (inf == 0)
      continue;
    if (c == 0 || c > L || (uint64_t)o + c > npairs)
      BAD("slot %u: weights %u..+%u outside the %u weights", i, o, c, npairs);
    if (c == L)
      dense_check[ndense++] = o;
    used++;
  }
  if (used != nfeat)
    BAD("%u slots in use, header says %u features", used, nfeat);
  m->pair = cw_malloc(((size_t)npairs + 1) * sizeof(uint32_t));
  for (uint32_t i = 0; i < npairs; i++) {
    uint32_t v = get32(b + so[4] + 4 * (size_t)i);
    if ((v & 0xffu) >= L)
      BAD("weight %u: label %u out of range", i, v & 0xffu);
    if (!isfinite(u2f(v & ~0xffu)))
      BAD("weight %u is not finite", i);
    m->pair[i] = v;
  }
  /* decoding adds a full row without reading its labels */
  for (size_t i = 0; i < ndense; i++)
    for (uint32_t y = 0; y < L; y++)
      if ((m->pair[dense_check[i] + y] & 0xffu) != y)
        BAD("weights %u..: a full row must list the labels in order", dense_check[i]);
#undef BAD
  free(dense_check);
  *out = m;
  return CW_OK;
fail:
  free(dense_check);
  perc_model_destroy(&m);
  return CW_ERR_FORMAT;
}

cw_err_t perc_model_load(const char *path, perc_model_t **out, char *errstr, size_t errstr_size) {
  cw_err_t err = CW_OK;
  uint8_t *buf = NULL;
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return errno == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  if (fseek(f, 0, SEEK_END) != 0) {
    snprintf(errstr, errstr_size, "%s: cannot seek: %s", path, strerror(errno));
    err = CW_ERR_IO;
    goto done;
  }
  long sz = ftell(f);
  if (sz < 0 || fseek(f, 0, SEEK_SET) != 0) {
    snprintf(errstr, errstr_size, "%s: cannot size: %s", path, strerror(errno));
    err = CW_ERR_IO;
    goto done;
  }
  if ((unsigned long)sz > (1ul << 30)) {
    snprintf(errstr, errstr_size, "%s: %ld bytes is too large for a model", path, sz);
    err = CW_ERR_FORMAT;
    goto done;
  }
  buf = cw_malloc((size_t)sz + 1);
  if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
    snprintf(errstr, errstr_size, "%s: read failed", path);
    err = CW_ERR_IO;
    goto done;
  }
  char why[200];
  err = perc_model_load_from_memory(buf, (size_t)sz, out, why, sizeof why);
  if (err != CW_OK)
    snprintf(errstr, errstr_size, "%s: %s", path, why);
done:
  free(buf);
  fclose(f);
  return err;
}
