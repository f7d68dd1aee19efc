/* perceptron.c - averaged-perceptron sequence labelling: decoding and model files (training is
 * perc_train.c). */
#include "perc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "cw_hash.h"
#include "modelfile.h"

/*
 * A model file is a modelfile.h container of kind MODELFILE_KIND_SEQ whose feature version is
 * the model's. Sections, integers little-endian:
 *   seqhead  u32 model type, nlabels, nslots, nfeat, npairs
 *   labels   the label names, each NUL-terminated
 *   trans    (nlabels + 1) x nlabels f32: transitions, the last row scoring a sentence's first
 *            label
 *   slotkey  nslots u32: the key of each hash slot
 *   slotinf  nslots u32: per slot, weight count (low 8 bits) and first weight (the rest)
 *   weights  npairs u32
 * Slot s holds a feature when its count is nonzero; its weights are pairs first .. + count; a
 * pair is a u32 holding the float bits of the weight whose low 8 mantissa bits are replaced by
 * the label (a relative error below 2^-15). A feature with nlabels weights lists them in label
 * order (a dense row); in memory a dense row's label bits are cleared (perc_model_dense_bare)
 * and perc_model_serialize() puts them back.
 */



/* ==== Decoding (shared by training and tagging) ==== */

void perc_scratch_reserve(perc_scratch_t *s, size_t n, size_t L, unsigned beam) {
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
  free(*s);
  *s = NULL;
}

/* GCC/Clang vector types: four lanes at a time on any target, no intrinsics. */
typedef float v4f_t __attribute__((vector_size(16)));
typedef uint32_t v4u_t __attribute__((vector_size(16)));
typedef int32_t v4i_t __attribute__((vector_size(16)));

/* One Viterbi step for labels y .. y + 3: per label, the best previous label p of pd[p] +
 * trans[p * L + y] (the first of equals, as p rises) and that score plus the emission. Lane by
 * lane the same additions and comparisons in the same order as the scalar loop of viterbi(). */
static inline void viterbi_step4(const float *pd, const float *trans, const float *emit,
                                 size_t L, size_t y, float *d, uint8_t *b) {
  v4f_t tr, best, v;
  v4i_t arg = {0, 0, 0, 0};
  memcpy(&tr, trans + y, sizeof tr);
  best = (v4f_t){pd[0], pd[0], pd[0], pd[0]} + tr;
  for (size_t p = 1; p < L; p++) {
    memcpy(&tr, trans + p * L + y, sizeof tr);
    v = (v4f_t){pd[p], pd[p], pd[p], pd[p]} + tr;
    v4i_t gt = v > best, bi, vi;
    memcpy(&bi, &best, sizeof bi);
    memcpy(&vi, &v, sizeof vi);
    bi = (vi & gt) | (bi & ~gt);
    memcpy(&best, &bi, sizeof best);
    arg = ((v4i_t){(int32_t)p, (int32_t)p, (int32_t)p, (int32_t)p} & gt) | (arg & ~gt);
  }
  v4f_t em;
  memcpy(&em, emit + y, sizeof em);
  best += em;
  memcpy(d + y, &best, sizeof best);
  for (int q = 0; q < 4; q++)
    b[y + (size_t)q] = (uint8_t)arg[q];
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
    size_t y = 0;
    for (; y + 4 <= L; y += 4)
      viterbi_step4(pd, trans, emit + i * L, L, y, d, b);
    for (; y < L; y++) {
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

/* beam_search() with k == 1: per token the label of the best previous score + transition +
 * emission, the first of equals (a later label must score strictly more), with the same
 * additions in the same order. Four labels at a time: lane q keeps the first best of labels
 * q, q + 4, ..., and of the lanes' bests the highest wins, the lowest label among equals. */
static void greedy(const float *emit, const float *trans, size_t n, size_t L, uint8_t *out) {
  const float *tr = trans + L * L;
  float base = 0.0f;
  for (size_t i = 0; i < n; i++) {
    const float *e = emit + i * L;
    float best = base + tr[0] + e[0];
    size_t arg = 0, y = 1;
    if (L >= 8) {
      v4f_t b4 = {base, base, base, base}, t4, e4, bv, v;
      v4i_t ba = {0, 1, 2, 3}, idx = ba, gt, bi, vi;
      const v4i_t four = {4, 4, 4, 4};
      memcpy(&t4, tr, sizeof t4);
      memcpy(&e4, e, sizeof e4);
      bv = b4 + t4 + e4;
      for (y = 4; y + 4 <= L; y += 4) {
        idx += four;
        memcpy(&t4, tr + y, sizeof t4);
        memcpy(&e4, e + y, sizeof e4);
        v = b4 + t4 + e4;
        gt = bv < v;
        memcpy(&bi, &bv, sizeof bi);
        memcpy(&vi, &v, sizeof vi);
        bi = (vi & gt) | (bi & ~gt);
        memcpy(&bv, &bi, sizeof bv);
        ba = (idx & gt) | (ba & ~gt);
      }
      best = bv[0];
      arg = (size_t)ba[0];
      for (int q = 1; q < 4; q++)
        if (best < bv[q] || (best == bv[q] && (size_t)ba[q] < arg)) {
          best = bv[q];
          arg = (size_t)ba[q];
        }
    }
    for (; y < L; y++) {
      float v = base + tr[y] + e[y];
      if (best < v) {
        best = v;
        arg = y;
      }
    }
    out[i] = (uint8_t)arg;
    base = best;
    tr = trans + arg * L;
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

void perc_decode_scores(const float *emit, const float *trans, size_t n, size_t L,
                        unsigned beam, perc_scratch_t *s, uint8_t *out) {
  if (n == 0)
    return;
  if (beam == 0 || beam >= L)
    viterbi(emit, trans, n, L, s->delta, s->back, out);
  else if (beam == 1)
    greedy(emit, trans, n, L, out);
  else
    beam_search(emit, trans, n, L, beam, s, out);
}


/* e[0..L) += the weights of a dense row (labels in order, their bits cleared at load). */
static inline void add_row(float *e, const uint32_t *pr, size_t L) {
  size_t q = 0;
#pragma GCC unroll 16
  for (; q + 4 <= L; q += 4) {
    v4f_t w, ev;
    memcpy(&w, pr + q, sizeof w);
    memcpy(&ev, e + q, sizeof ev);
    ev += w;
    memcpy(e + q, &ev, sizeof ev);
  }
  for (; q < L; q++)
    e[q] += u2f(pr[q]);
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

/* Starts fetching the slot of feature hash @p h. */
static inline void fetch_slot(const perc_model_t *m, uint64_t h) {
  __builtin_prefetch(&m->slot[2 * (size_t)((uint32_t)h & (m->nslots - 1))]);
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

static inline __attribute__((always_inline)) void emit_add(const perc_model_t *m,
                                                           const uint64_t *feats, size_t nf,
                                                           float *e, size_t L) {
  for (size_t f = 0; f < nf; f++)
    add_feature(m, slot_info(m, feats[f]), e, L);
}

void perc_emit_add(const perc_model_t *m, const uint64_t *feats, size_t nf, float *e) {
  for (size_t f = 0; f < nf; f++) /* the slots' misses overlap, not queue */
    fetch_slot(m, feats[f]);
  if (m->nlabels == 9) /* as in decode() */
    emit_add(m, feats, nf, e, 9);
  else if (m->nlabels == 45)
    emit_add(m, feats, nf, e, 45);
  else
    emit_add(m, feats, nf, e, m->nlabels);
}

uint32_t perc_feature_ref(const perc_model_t *m, uint64_t h) { return slot_info(m, h); }

void perc_feature_refs(const perc_model_t *m, const uint64_t *h, size_t n, uint32_t *out) {
  for (size_t i = 0; i < n; i++)
    fetch_slot(m, h[i]);
  for (size_t i = 0; i < n; i++)
    out[i] = slot_info(m, h[i]);
}

void perc_model_dense_bare(perc_model_t *m) {
  for (uint32_t i = 0; i < m->nslots; i++) {
    uint32_t inf = m->slot[2 * (size_t)i + 1];
    if (inf && (inf & 0xffu) == m->nlabels)
      for (uint32_t y = 0; y < m->nlabels; y++)
        m->pair[(inf >> 8) + y] &= ~0xffu;
  }
}

/* Starts fetching what feature f needs: its slot when it is to be looked up, else the first
 * line of its weights. */
static inline __attribute__((always_inline)) void fetch_ahead(const perc_model_t *m,
                                                             const uint64_t *fe,
                                                             const uint32_t *rf, size_t f,
                                                             int has_refs) {
  if (!has_refs || rf[f] == PERC_REF_LOOKUP)
    fetch_slot(m, fe[f]);
  else if (rf[f])
    __builtin_prefetch(&m->pair[rf[f] >> 8]);
}

/*
 * The emission scores s->emit of the seq->n tokens, starting from @p init (or zeros): token by
 * token, one feature at a time in order, each feature's slot info given resolved in @p rf
 * (with @p has_refs) or looked up from its hash. One pass: each feature is resolved and added
 * as it comes, what the feature AHEAD places on needs being fetched meanwhile (the tables are
 * larger than the cache). A first pass resolving every feature of the sentence into an array
 * cost a quarter more instructions and no fewer stalls.
 */
static inline __attribute__((always_inline)) void emit_scores(const perc_model_t *m,
                                                              perc_scratch_t *s,
                                                              const perc_seq_t *seq,
                                                              const uint32_t *rf,
                                                              const float *init, size_t L,
                                                              int has_refs) {
  enum { AHEAD = 16 };
  const uint64_t *fe = seq->feats + seq->off[0];
  size_t nf = seq->off[seq->n] - seq->off[0], f = 0;
  for (size_t k = 0; k < nf && k < AHEAD; k++)
    fetch_ahead(m, fe, rf, k, has_refs);
  for (size_t i = 0; i < seq->n; i++) {
    float *e = s->emit + i * L;
    if (init)
      memcpy(e, init + i * L, L * sizeof(float));
    else
      memset(e, 0, L * sizeof(float));
    for (size_t end = seq->off[i + 1] - seq->off[0]; f < end; f++) {
      if (f + AHEAD < nf)
        fetch_ahead(m, fe, rf, f + AHEAD, has_refs);
      uint32_t inf = has_refs && rf[f] != PERC_REF_LOOKUP ? rf[f] : slot_info(m, fe[f]);
      if (inf)
        add_feature(m, inf, e, L);
    }
  }
}

static void decode(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq,
                   const uint32_t *refs, const float *init, unsigned beam, uint8_t *out) {
  size_t n = seq->n, L = m->nlabels;
  if (n == 0)
    return;
  if (beam > 64)
    beam = 64;
  perc_scratch_reserve(s, n, L, beam);
  const uint32_t *rf = refs ? refs + seq->off[0] : NULL;
  /* the label counts of the shipped models (CoNLL BIO labels, Penn Treebank tags) get their
   * own copy of the loop, where a dense row's additions are unrolled */
  if (L == 9)
    rf ? emit_scores(m, s, seq, rf, init, 9, 1) : emit_scores(m, s, seq, NULL, init, 9, 0);
  else if (L == 45)
    rf ? emit_scores(m, s, seq, rf, init, 45, 1) : emit_scores(m, s, seq, NULL, init, 45, 0);
  else
    rf ? emit_scores(m, s, seq, rf, init, L, 1) : emit_scores(m, s, seq, NULL, init, L, 0);
  perc_decode_scores(s->emit, m->trans, n, L, beam, s, out);
}

const float *perc_scratch_emissions(const perc_scratch_t *s) { return s->emit; }

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

static const char *const sect_name[PERC_NSECT] = {"labels", "trans", "slotkey", "slotinf",
                                                   "weights"};

void *perc_model_serialize(const perc_model_t *m, size_t *len) {
  size_t L = m->nlabels, names_len = 0;
  for (size_t i = 0; i < L; i++)
    names_len += strlen(m->names[i]) + 1;
  modelfile_writer_t *w = modelfile_writer_create(MODELFILE_KIND_SEQ, m->feature_version);
  uint8_t head[PERC_HEAD_SIZE];
  uint32_t hv[5] = {m->type, (uint32_t)L, m->nslots, m->nfeat, m->npairs};
  for (int i = 0; i < 5; i++)
    modelfile_put32(head + 4 * i, hv[i]);
  modelfile_writer_add(w, "seqhead", head, sizeof head);
  size_t big = (L + 1) * L * 4;
  if ((size_t)m->nslots * 4 > big)
    big = (size_t)m->nslots * 4;
  if ((size_t)m->npairs * 4 > big)
    big = (size_t)m->npairs * 4;
  if (names_len > big)
    big = names_len;
  uint8_t *b = cw_malloc(big + 1);
  uint8_t *p = b;
  for (size_t i = 0; i < L; i++) {
    size_t l = strlen(m->names[i]) + 1;
    memcpy(p, m->names[i], l);
    p += l;
  }
  modelfile_writer_add(w, sect_name[0], b, names_len);
  for (size_t i = 0; i < (L + 1) * L; i++)
    modelfile_put32(b + 4 * i, f2u(m->trans[i]));
  modelfile_writer_add(w, sect_name[1], b, (L + 1) * L * 4);
  for (int half = 0; half < 2; half++) {
    for (uint32_t i = 0; i < m->nslots; i++)
      modelfile_put32(b + 4 * (size_t)i, m->slot[2 * (size_t)i + (size_t)half]);
    modelfile_writer_add(w, sect_name[2 + half], b, (size_t)m->nslots * 4);
  }
  for (uint32_t i = 0; i < m->npairs; i++)
    modelfile_put32(b + 4 * (size_t)i, m->pair[i]);
  for (uint32_t i = 0; i < m->nslots; i++) { /* a dense row's labels, cleared in memory */
    uint32_t inf = m->slot[2 * (size_t)i + 1];
    if (inf && (inf & 0xffu) == L)
      for (uint32_t y = 0; y < L; y++)
        modelfile_put32(b + 4 * ((size_t)(inf >> 8) + y), m->pair[(inf >> 8) + y] | y);
  }
  modelfile_writer_add(w, sect_name[4], b, (size_t)m->npairs * 4);
  free(b);
  void *img = modelfile_writer_image(w, len);
  modelfile_writer_destroy(&w);
  return img;
}

cw_err_t perc_model_save(const perc_model_t *m, const char *path, char *errstr,
                         size_t errstr_size) {
  size_t len = 0;
  uint8_t *img = perc_model_serialize(m, &len);
  cw_err_t err = modelfile_save_image(img, len, path, errstr, errstr_size);
  free(img);
  return err;
}

cw_err_t perc_model_load_from_memory(const void *data, size_t len, perc_model_t **out,
                                     char *errstr, size_t errstr_size) {
  perc_model_t *m = NULL;
  uint32_t *dense_check = NULL; /* pair offsets of full rows */
  modelfile_t mf;
  const uint8_t *sd[PERC_NSECT];
  *out = NULL;
#define BAD(...) do { snprintf(errstr, errstr_size, __VA_ARGS__); goto fail; } while (0)
  if (modelfile_parse(data, len, MODELFILE_KIND_SEQ, &mf, errstr, errstr_size) != CW_OK)
    goto fail;
  size_t hl = 0;
  const uint8_t *h = modelfile_section(&mf, "seqhead", &hl);
  if (!h || hl != PERC_HEAD_SIZE)
    BAD("section seqhead: missing or not %u bytes", PERC_HEAD_SIZE);
  uint32_t type = modelfile_get32(h), L = modelfile_get32(h + 4), nslots = modelfile_get32(h + 8),
           nfeat = modelfile_get32(h + 12), npairs = modelfile_get32(h + 16);
  uint64_t crc = mf.checksum;
  uint32_t fver = mf.feature_version;
  if (L == 0 || L > PERC_MAX_LABELS)
    BAD("bad label count %u", L);
  if (nslots < 2 || nslots > PERC_MAX_SLOTS || (nslots & (nslots - 1)) != 0)
    BAD("bad slot count %u (must be a power of two)", nslots);
  if (nfeat >= nslots)
    BAD("feature count %u does not fit %u slots", nfeat, nslots);
  if (npairs > PERC_MAX_PAIRS)
    BAD("bad weight count %u", npairs);
  size_t names_len = 0;
  uint64_t want[PERC_NSECT] = {0, ((uint64_t)L + 1) * L * 4, (uint64_t)nslots * 4,
                               (uint64_t)nslots * 4, (uint64_t)npairs * 4};
  for (int i = 0; i < PERC_NSECT; i++) {
    size_t l = 0;
    sd[i] = modelfile_section(&mf, sect_name[i], &l);
    if (!sd[i])
      BAD("section %s missing", sect_name[i]);
    if (i == 0)
      names_len = l;
    else if (l != want[i])
      BAD("section %s: length %zu, expected %llu", sect_name[i], l,
          (unsigned long long)want[i]);
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
  const char *np = (const char *)sd[0], *ne = np + names_len;
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
    m->trans[i] = u2f(modelfile_get32(sd[1] + 4 * i));
    if (!isfinite(m->trans[i]))
      BAD("transition weight %zu is not finite", i);
  }
  m->slot = cw_malloc(2 * (size_t)nslots * sizeof(uint32_t));
  dense_check = cw_malloc(((size_t)nslots + 1) * sizeof(uint32_t));
  uint32_t used = 0;
  size_t ndense = 0;
  for (uint32_t i = 0; i < nslots; i++) {
    uint32_t inf = modelfile_get32(sd[3] + 4 * (size_t)i);
    m->slot[2 * (size_t)i] = modelfile_get32(sd[2] + 4 * (size_t)i);
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
    uint32_t v = modelfile_get32(sd[4] + 4 * (size_t)i);
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
  perc_model_dense_bare(m);
  free(dense_check);
  *out = m;
  return CW_OK;
fail:
  free(dense_check);
  perc_model_destroy(&m);
  return CW_ERR_FORMAT;
}

cw_err_t perc_model_load(const char *path, perc_model_t **out, char *errstr, size_t errstr_size) {
  uint8_t *buf = NULL;
  size_t len = 0;
  *out = NULL;
  cw_err_t err = modelfile_read(path, &buf, &len, errstr, errstr_size);
  if (err == CW_OK) {
    char why[200];
    err = perc_model_load_from_memory(buf, len, out, why, sizeof why);
    if (err != CW_OK)
      snprintf(errstr, errstr_size, "%s: %s", path, why);
  }
  free(buf);
  return err;
}
