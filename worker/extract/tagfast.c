/* tagfast.c - the tagging fast path (tagfeat.h): a word-form cache of each word's facts,
 * emission scores over its word-local features and one-token templates resolved against the
 * models, and the context templates of both taggers over it. */
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "tagfeat_int.h"

static void word_refs(const perc_model_t *pm, const perc_model_t *nm, const tokfact_t *t,
                      uint32_t *pr, uint32_t *nr) {
  uint64_t s3 = t->suf[2] ? t->suf[2] : t->lower, ph[WP_N], nh[WN_WORD];
  ph[WP_L1] = comb1(P_L1, t->lower);
  ph[WP_R1] = comb1(P_R1, t->lower);
  ph[WP_L2] = comb1(P_L2, t->lower);
  ph[WP_R2] = comb1(P_R2, t->lower);
  ph[WP_SUF3L] = comb1(P_SUF3L, s3);
  ph[WP_SUF3R] = comb1(P_SUF3R, s3);
  ph[WP_FLAGS] = comb1(P_FLAGS, t->flags);
  ph[WP_FIRST0] = comb2(P_FIRST_SS, 0, t->sshape);
  ph[WP_FIRST1] = comb2(P_FIRST_SS, 1, t->sshape);
  nh[WN_L1] = comb1(N_L1, t->lower);
  nh[WN_R1] = comb1(N_R1, t->lower);
  nh[WN_L2] = comb1(N_L2, t->lower);
  nh[WN_R2] = comb1(N_R2, t->lower);
  nh[WN_XL1] = comb1(N_XL1, t->exact);
  nh[WN_XR1] = comb1(N_XR1, t->exact);
  nh[WN_SSL1] = comb1(N_SSL1, t->sshape);
  nh[WN_SSR1] = comb1(N_SSR1, t->sshape);
  nh[WN_SSL2] = comb1(N_SSL2, t->sshape);
  nh[WN_SSR2] = comb1(N_SSR2, t->sshape);
  nh[WN_FLAGS] = comb1(N_FLAGS, t->flags);
  nh[WN_SUF3L1] = comb1(N_SUF3L1, s3);
  nh[WN_SUF3R1] = comb1(N_SUF3R1, s3);
  nh[WN_CAPS_SS0] = comb2(N_CAPS_SS, 0, t->sshape);
  nh[WN_CAPS_SS1] = comb2(N_CAPS_SS, 1, t->sshape);
  nh[WN_FIRST0] = comb2(N_FIRST_SS, 0, t->sshape);
  nh[WN_FIRST1] = comb2(N_FIRST_SS, 1, t->sshape);
  nh[WN_LCAPS0] = comb2(N_LOWER_CAPS, 0, t->lower);
  nh[WN_LCAPS1] = comb2(N_LOWER_CAPS, 1, t->lower);
  nh[WN_C1] = comb1(N_C1, t->cl[0]);
  nh[WN_C2] = comb1(N_C2, t->cl[1]);
  nh[WN_C1L1] = comb1(N_C1L1, t->cl[0]);
  nh[WN_C1R1] = comb1(N_C1R1, t->cl[0]);
  nh[WN_C2L1] = comb1(N_C2L1, t->cl[1]);
  nh[WN_C2R1] = comb1(N_C2R1, t->cl[1]);
  nh[WN_C1L2] = comb1(N_C1L2, t->cl[0]);
  nh[WN_C1R2] = comb1(N_C1R2, t->cl[0]);
  perc_feature_refs(pm, ph, WP_N, pr);
  perc_feature_refs(nm, nh, WN_WORD, nr);
}

static void pos_refs(const perc_model_t *nm, uint64_t pos, uint32_t *nr) {
  nr[WN_POS] = perc_feature_ref(nm, comb1(N_POS, pos));
  nr[WN_POSL1] = perc_feature_ref(nm, comb1(N_POSL1, pos));
  nr[WN_POSR1] = perc_feature_ref(nm, comb1(N_POSR1, pos));
  nr[WN_POSL2] = perc_feature_ref(nm, comb1(N_POSL2, pos));
  nr[WN_POSR2] = perc_feature_ref(nm, comb1(N_POSR2, pos));
}

/* Points the word-form cache and the resolved tables at models @p pm and @p nm and clusters
 * @p wc, emptying the cache when they changed. */
static void cache_bind(feat_buf_t *b, const perc_model_t *pm, const perc_model_t *nm,
                       const wclust_t *wc) {
  uint64_t ps = perc_model_checksum(pm), ns = perc_model_checksum(nm), cs = wclust_checksum(wc);
  if (b->cpos == pm && b->cner == nm && b->cwc == wc && b->cpos_sum == ps &&
      b->cner_sum == ns && b->cwc_sum == cs)
    return;
  free(b->wcache);
  free(b->wemit);
  b->wcache = NULL;
  b->wemit = NULL;
  b->cpos = pm;
  b->cner = nm;
  b->cpos_sum = ps;
  b->cner_sum = ns;
  b->cwc = wc;
  b->cwc_sum = cs;
  size_t Lp = perc_model_nlabels(pm), L = Lp + perc_model_nlabels(nm);
  free(b->taghash);
  free(b->tagref);
  b->taghash = cw_malloc(Lp * sizeof(uint64_t));
  b->tagref = cw_malloc(Lp * WN_N * sizeof(uint32_t));
  for (size_t y = 0; y < Lp; y++) {
    const char *nmz = perc_model_label(pm, y);
    b->taghash[y] = hash_str(nmz, strlen(nmz));
    pos_refs(nm, b->taghash[y], b->tagref + y * WN_N);
  }
  const uint64_t tags[4] = {BOS_TAG, BOS_TAG + 1, EOS_TAG, EOS_TAG + 1};
  for (int k = 0; k < 4; k++) {
    tokfact_t f;
    feat_fact_boundary(&f, tags[k]);
    word_refs(pm, nm, &f, b->bprow[k], b->bnrow[k]);
    pos_refs(nm, f.pos, b->bnrow[k]);
  }
  if (ps == 0 || ns == 0)
    return;
  b->wcache = cw_calloc(WCACHE_SLOTS, sizeof(wentry_t));
  b->wemit = cw_malloc(WCACHE_SLOTS * L * sizeof(float));
}

static void rows_reserve(feat_buf_t *b) {
  if (b->rcap == b->cap)
    return;
  b->rcap = b->cap;
  free(b->prow);
  free(b->nrow);
  free(b->refs);
  free(b->wslot);
  b->wslot = cw_malloc(b->rcap * sizeof(uint32_t));
  b->prow = cw_malloc((b->rcap + 4) * WP_N * sizeof(uint32_t));
  b->nrow = cw_malloc((b->rcap + 4) * WN_N * sizeof(uint32_t));
  b->refs = cw_malloc(b->rcap * FEAT_MAX_PER_TOKEN * sizeof(uint32_t));
}

/* Starts fetching cache slot @p slot: the entry and its emission scores (L floats). */
static inline void wcache_fetch(const feat_buf_t *b, uint32_t slot, size_t L) {
  if (slot == WCACHE_NONE)
    return;
  const char *e = (const char *)&b->wcache[slot], *f = (const char *)(b->wemit + slot * L);
  for (size_t q = 0; q < sizeof(wentry_t); q += 64)
    __builtin_prefetch(e + q);
  __builtin_prefetch(e + sizeof(wentry_t) - 1);
  for (size_t q = 0; q < L * sizeof(float); q += 64)
    __builtin_prefetch(f + q);
  __builtin_prefetch(f + L * sizeof(float) - 1);
}

void feat_buf_prepare(feat_buf_t *b, const perc_model_t *pm, const perc_model_t *nm,
                      const wclust_t *wc) {
  cache_bind(b, pm, nm, wc);
  /* Written once, page by page: the cache is resident from now on instead of growing into
   * the process's memory over the first articles. */
  size_t L = perc_model_nlabels(pm) + perc_model_nlabels(nm);
  volatile unsigned char *e = (volatile unsigned char *)b->wcache;
  volatile unsigned char *f = (volatile unsigned char *)b->wemit;
  for (size_t q = 0; e && q < WCACHE_SLOTS * sizeof(wentry_t); q += 4096)
    e[q] = 0;
  for (size_t q = 0; f && q < WCACHE_SLOTS * L * sizeof(float); q += 4096)
    f[q] = 0;
}

void feat_tag_words(feat_buf_t *b, const perc_model_t *pm, const perc_model_t *nm,
                    const wclust_t *wc, const tagger_word_t *w, size_t n,
                    const float **init_pos, const float **init_ner) {
  feat_boundaries(b, n);
  rows_reserve(b);
  cache_bind(b, pm, nm, wc);
  size_t Lp = perc_model_nlabels(pm), Ln = perc_model_nlabels(nm), L = Lp + Ln;
  if (n * L > b->init_cap) {
    b->init_cap = (b->cap > n ? b->cap : n) * L;
    free(b->init);
    b->init = cw_malloc(b->init_cap * sizeof(float));
  }
  const size_t bpos[4] = {0, 1, n + 2, n + 3};
  for (int k = 0; k < 4; k++) {
    memcpy(b->prow + bpos[k] * WP_N, b->bprow[k], sizeof b->bprow[k]);
    memcpy(b->nrow + bpos[k] * WN_N, b->bnrow[k], sizeof b->bnrow[k]);
  }
  float *ip = b->init, *in = b->init + n * Lp;
  uint64_t o[FEAT_MAX_PER_TOKEN];
  /* the words' cache slots first, so that each word's entry is fetched a few words ahead */
  for (size_t i = 0; i < n; i++)
    b->wslot[i] = b->wcache && w[i].len < WCACHE_WORD_MAX
                      ? (uint32_t)(mix(hash_str(w[i].s, w[i].len)) & (WCACHE_SLOTS - 1))
                      : WCACHE_NONE;
  enum { AHEAD = 3 };
  for (size_t i = 0; i < n && i < AHEAD; i++)
    wcache_fetch(b, b->wslot[i], L);
  for (size_t i = 0; i < n; i++) {
    tokfact_t *t = &b->tf[i + 2];
    float *ep = ip + i * Lp, *en = in + i * Ln;
    uint32_t *pr = b->prow + (i + 2) * WP_N, *nr = b->nrow + (i + 2) * WN_N;
    wentry_t *ce = NULL;
    float *cemit = NULL;
    if (i + AHEAD < n)
      wcache_fetch(b, b->wslot[i + AHEAD], L);
    if (b->wslot[i] != WCACHE_NONE) {
      size_t slot = b->wslot[i];
      ce = &b->wcache[slot];
      cemit = b->wemit + slot * L;
      if (ce->len == w[i].len + 1 && memcmp(ce->s, w[i].s, w[i].len) == 0) {
        memset(t, 0, sizeof *t);
        t->exact = ce->f.exact;
        t->lower = ce->f.lower;
        t->sshape = ce->f.sshape;
        t->cl[0] = ce->f.cl0;
        t->flags = ce->f.flags;
        t->nner = ce->f.nner;
        memcpy(ep, cemit, Lp * sizeof(float));
        memcpy(en, cemit + Lp, Ln * sizeof(float));
        memcpy(pr, ce->pref, sizeof ce->pref);
        memcpy(nr, ce->nref, sizeof ce->nref);
        continue;
      }
    }
    feat_fact_word(t, w[i].s, w[i].len);
    if (wc)
      feat_cluster_word(t, &w[i], wc);
    memset(ep, 0, Lp * sizeof(float));
    perc_emit_add(pm, o, feat_pos_local(t, o), ep);
    memset(en, 0, Ln * sizeof(float));
    perc_emit_add(nm, o, feat_ner_local(t, o), en);
    word_refs(pm, nm, t, pr, nr);
    if (ce) {
      ce->len = w[i].len + 1;
      memcpy(ce->s, w[i].s, w[i].len);
      ce->f = (wfact_t){t->exact, t->lower, t->sshape, t->cl[0], t->flags, t->nner};
      memcpy(cemit, ep, Lp * sizeof(float));
      memcpy(cemit + Lp, en, Ln * sizeof(float));
      memcpy(ce->pref, pr, sizeof ce->pref);
      memcpy(ce->nref, nr, sizeof ce->nref);
    }
  }
  *init_pos = ip;
  *init_ner = in;
}

/* A feature of the fast path: a hash to look up, or one resolved already. */
#define FH(h) (o[m] = (h), r[m++] = PERC_REF_LOOKUP)
#define FR(x) (o[m] = 0, r[m++] = (x))

void feat_pos_context(feat_buf_t *b, size_t n, perc_seq_t *seq, const uint32_t **refs) {
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tokfact_t *t = &b->tf[i + 2];
    const uint32_t *R = b->prow + (i + 2) * WP_N; /* R[d * WP_N + ..]: token i + d */
    uint64_t *o = b->feats + k;
    uint32_t *r = b->refs + k;
    size_t m = 0;
    b->off[i] = k;
    /* pos_context()'s templates in its order */
    FR(R[-1 * WP_N + WP_L1]);
    FR(R[1 * WP_N + WP_R1]);
    FR(R[-2 * WP_N + WP_L2]);
    FR(R[2 * WP_N + WP_R2]);
    FR(R[-1 * WP_N + WP_SUF3L]);
    FR(R[1 * WP_N + WP_SUF3R]);
    FH(comb2(P_BIL, t[-1].lower, t->lower));
    FH(comb2(P_BIR, t->lower, t[1].lower));
    FR(R[i == 0 ? WP_FIRST1 : WP_FIRST0]);
    FR(R[WP_FLAGS]);
    FH(comb3(P_SSWIN, t[-1].sshape, t->sshape, t[1].sshape));
    FH(comb2(P_L1R1, t[-1].lower, t[1].lower));
    k += (uint32_t)m;
  }
  b->off[n] = k;
  seq->n = n;
  seq->off = b->off;
  seq->feats = b->feats;
  *refs = b->refs;
}

void feat_ner_context(feat_buf_t *b, const tagger_word_t *w, size_t n, const uint8_t *tags,
                      const gaz_t *g, const wclust_t *wc, const uint32_t *doc, perc_seq_t *seq,
                      const uint32_t **refs) {
  int caps_sentence = 1, any_letter = 0;
  for (size_t i = 0; i < n; i++) {
    tokfact_t *t = &b->tf[i + 2];
    t->pos = b->taghash[tags[i]];
    memcpy(b->nrow + (i + 2) * WN_N + WN_POS, b->tagref + (size_t)tags[i] * WN_N + WN_POS,
           (WN_N - WN_POS) * sizeof(uint32_t));
    if (t->flags & TF_LOWER)
      caps_sentence = 0;
    if (t->flags & (TF_LOWER | TF_UPPER))
      any_letter = 1;
  }
  caps_sentence = caps_sentence && any_letter;
  if (g)
    feat_gaz_marks(b, w, n, g);
  /* the words' clusters came with their facts (feat_tag_words) */
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tokfact_t *t = &b->tf[i + 2];
    const uint32_t *R = b->nrow + (i + 2) * WN_N; /* R[d * WN_N + ..]: token i + d */
    uint64_t *o = b->feats + k;
    uint32_t *r = b->refs + k;
    size_t m = 0;
    b->off[i] = k;
    /* ner_features()'s templates after feat_ner_local()'s, in its order */
    FR(R[-1 * WN_N + WN_L1]);
    FR(R[1 * WN_N + WN_R1]);
    FR(R[-2 * WN_N + WN_L2]);
    FR(R[2 * WN_N + WN_R2]);
    FR(R[-1 * WN_N + WN_XL1]);
    FR(R[1 * WN_N + WN_XR1]);
    FR(R[-1 * WN_N + WN_SSL1]);
    FR(R[1 * WN_N + WN_SSR1]);
    FR(R[-2 * WN_N + WN_SSL2]);
    FR(R[2 * WN_N + WN_SSR2]);
    FH(comb3(N_SSWIN, t[-1].sshape, t->sshape, t[1].sshape));
    FH(comb2(N_BIL, t[-1].lower, t->lower));
    FH(comb2(N_BIR, t->lower, t[1].lower));
    FR(R[WN_POS]);
    FR(R[-1 * WN_N + WN_POSL1]);
    FR(R[1 * WN_N + WN_POSR1]);
    FR(R[-2 * WN_N + WN_POSL2]);
    FR(R[2 * WN_N + WN_POSR2]);
    FH(comb2(N_POSBIL, t[-1].pos, t->pos));
    FH(comb2(N_POSBIR, t->pos, t[1].pos));
    FH(comb2(N_POS_SS, t->pos, t->sshape));
    FR(R[caps_sentence ? WN_CAPS_SS1 : WN_CAPS_SS0]);
    FR(R[i == 0 ? WN_FIRST1 : WN_FIRST0]);
    FR(R[WN_FLAGS]);
    FR(R[caps_sentence ? WN_LCAPS1 : WN_LCAPS0]);
    FR(R[-1 * WN_N + WN_SUF3L1]);
    FR(R[1 * WN_N + WN_SUF3R1]);
    FH(comb2(N_XBIL, t[-1].exact, t->exact));
    FH(comb2(N_XBIR, t->exact, t[1].exact));
    if (wc) {
      FR(R[WN_C1]);
      FR(R[WN_C2]);
      FR(R[-1 * WN_N + WN_C1L1]);
      FR(R[1 * WN_N + WN_C1R1]);
      FR(R[-1 * WN_N + WN_C2L1]);
      FR(R[1 * WN_N + WN_C2R1]);
      FR(R[-2 * WN_N + WN_C1L2]);
      FR(R[2 * WN_N + WN_C1R2]);
      FH(comb2(N_C1BIL, t[-1].cl[0], t->cl[0]));
      FH(comb2(N_C1BIR, t->cl[0], t[1].cl[0]));
    }
    if (g && (t[-1].gaz | t->gaz | t[1].gaz)) {
      /* the cap counts the word's own features, as ner_features() lists them first; the
       * kinds no neighbour has add nothing, the loop starts at the first one that does */
      size_t own = feat_ner_local_count(t);
      for (unsigned q = (unsigned)__builtin_ctz(t[-1].gaz | t->gaz | t[1].gaz);
           q < 14 && own + m + 4 + FEAT_DOC_MAX <= FEAT_MAX_PER_TOKEN; q++) {
        if (t->gaz & (1u << q)) {
          FH(comb1(N_GAZ, q));
          FH(comb2(N_GAZ_SS, q, t->sshape));
        }
        if (t[-1].gaz & (1u << q))
          FH(comb1(N_GAZL1, q));
        if (t[1].gaz & (1u << q))
          FH(comb1(N_GAZR1, q));
      }
    }
    /* last, as in ner_features() */
    if (doc) {
      size_t nd = feat_doc_features(doc, i, n, t->sshape, o + m);
      for (size_t j = 0; j < nd; j++)
        r[m + j] = PERC_REF_LOOKUP;
      m += nd;
    }
    k += (uint32_t)m;
  }
  b->off[n] = k;
  seq->n = n;
  seq->off = b->off;
  seq->feats = b->feats;
  *refs = b->refs;
}

#undef FH
#undef FR
