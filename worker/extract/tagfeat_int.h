/* tagfeat_int.h - what the feature templates' files share (tagfeat.c: token facts and the
 * templates of feat_pos() / feat_ner(); tagfast.c: the word-form cache and the context
 * templates of the tagging fast path): the buffer layout, the template numbers and the hashing
 * of facts into feature ids. */
#ifndef CW_TAGFEAT_INT_H
#define CW_TAGFEAT_INT_H
#include <stdint.h>
#include <string.h>
#include "tagfeat.h"

/* Facts about one token, hashed once and combined by the templates. */
typedef struct {
  uint64_t exact, lower, shape, sshape;
  uint64_t pre[4], suf[4]; /* 0 when the word is shorter than the affix */
  uint64_t pos;
  uint32_t flags, gaz;
  uint32_t nner; /* how many features feat_ner_local() lists: 5 + the affixes present */
  uint64_t cl[WCLUST_LEVELS]; /* cluster + 1; 0 = not clustered */
} tokfact_t;

enum {
  TF_DIGIT = 1u << 0,
  TF_HYPHEN = 1u << 1,
  TF_UPPER = 1u << 2,   /* has an upper-case ASCII letter */
  TF_LOWER = 1u << 3,   /* has a lower-case ASCII letter */
  TF_INITCAP = 1u << 4, /* first byte is upper-case */
  TF_PERIOD = 1u << 5,
  TF_ALLDIGIT = 1u << 6,
};

/* Per-kind gazetteer bits: 2 bits per kind, B (span start) and I (inside). */
#define GAZ_SPAN_MAX 5u
/* At most: the document features of a word (doc_features) */
#define FEAT_DOC_MAX 20u
/* 42 fixed templates + 10 cluster templates + at most 11 gazetteer bits x 4, then the
 * document features */
#define FEAT_MAX_PER_TOKEN (112u + FEAT_DOC_MAX)

/* The word-form cache of feat_tag_words(): direct-mapped on the word's bytes, it keeps a word's
 * facts and its emission scores over the word-local features of both models. News text
 * repeats a few thousand forms, so most words skip hashing and a dozen weight lookups per
 * model. Words of WCACHE_WORD_MAX bytes or more are not kept. 16384 entries of some 430 bytes
 * (7 MB a thread) halve the misses of 4096 on a news corpus; entries keep only the facts the
 * context templates read (wfact_t) so that they fit. */
#define WCACHE_SLOTS 16384u
#define WCACHE_WORD_MAX 24u
#define WCACHE_NONE UINT32_MAX

/* The context templates that read one neighbour's (or the word's own) facts: a word keeps them
 * resolved against the models, as they are looked up for each of its neighbours. */
/* (and those that pair the word with a yes/no of the sentence: both answers kept, "0" and "1"
 * for the first word of the sentence or an all-caps sentence) */
enum { WP_L1, WP_R1, WP_L2, WP_R2, WP_SUF3L, WP_SUF3R, WP_FLAGS, WP_FIRST0, WP_FIRST1, WP_N };
enum {
  WN_L1, WN_R1, WN_L2, WN_R2, WN_XL1, WN_XR1, WN_SSL1, WN_SSR1, WN_SSL2, WN_SSR2, WN_FLAGS,
  WN_SUF3L1, WN_SUF3R1, WN_CAPS_SS0, WN_CAPS_SS1, WN_FIRST0, WN_FIRST1, WN_LCAPS0, WN_LCAPS1,
  /* the word's clusters (from the cluster file the cache is bound to) */
  WN_C1, WN_C2, WN_C1L1, WN_C1R1, WN_C2L1, WN_C2R1, WN_C1L2, WN_C1R2, WN_WORD,
  /* and those of its POS tag, filled in once the tag is known */
  WN_POS = WN_WORD, WN_POSL1, WN_POSR1, WN_POSL2, WN_POSR2, WN_N
};

/* What the fast path reads of a cached word's facts: the context templates hash its exact and
 * lower-case forms, short shape and first cluster, test its flags and count its own NER
 * features; the affixes, full shape and second cluster only feed templates kept resolved. */
typedef struct {
  uint64_t exact, lower, sshape, cl0;
  uint32_t flags, nner;
} wfact_t;

typedef struct {
  uint32_t len; /* word length + 1; 0 = empty */
  char s[WCACHE_WORD_MAX];
  uint32_t pref[WP_N], nref[WN_WORD];
  wfact_t f;
} wentry_t;

struct feat_buf_s {
  size_t cap;          /* tokens */
  tokfact_t *tf;       /* cap + 4: two boundary tokens on each side */
  uint32_t *off;       /* cap + 1 */
  uint64_t *feats;     /* cap * FEAT_MAX_PER_TOKEN */
  /* feat_tag_words(): per-sentence emission starts, and the cache with the models it is for
   * (identified by pointer and file checksum; no cache for models without a checksum) */
  float *init;         /* init_cap floats: n x (Lp + Ln) */
  size_t init_cap;
  const perc_model_t *cpos, *cner;
  const wclust_t *cwc;
  uint64_t cpos_sum, cner_sum, cwc_sum;
  wentry_t *wcache;    /* WCACHE_SLOTS, or NULL */
  float *wemit;        /* WCACHE_SLOTS x (Lp + Ln) */
  /* per position of b->tf (cap + 4): the resolved one-token templates; per feature: its
   * resolved form or PERC_REF_LOOKUP */
  uint32_t *prow, *nrow, *refs;
  uint32_t *wslot;     /* per word of the sentence: its cache slot, or WCACHE_NONE */
  size_t rcap;
  uint32_t bprow[4][WP_N], bnrow[4][WN_N]; /* the boundary tokens' rows */
  uint64_t *taghash;   /* per POS tag: the hash of its name */
  uint32_t *tagref;    /* per POS tag: its WN_POS.. templates resolved */
};

static inline uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/* Feature ids from a template number and one to three token-level hashes: one mixing round
 * per hash, as these run some 70 times per token. */
static inline uint64_t comb1(unsigned tmpl, uint64_t a) {
  return mix(a + 0x9E3779B97F4A7C15ULL * (tmpl + 1));
}

static inline uint64_t comb2(unsigned tmpl, uint64_t a, uint64_t b) {
  return mix(comb1(tmpl, a) ^ b);
}

static inline uint64_t comb3(unsigned tmpl, uint64_t a, uint64_t b, uint64_t c) {
  return mix(comb2(tmpl, a, b) ^ (c + 0x632BE59BD9B4E019ULL));
}

/* The hash of a byte string, the start of every fact. */
static inline uint64_t hash_str(const char *s, size_t n) {
  return perc_hash_bytes(PERC_HASH_INIT, s, n);
}

/* The facts of the two boundary tokens on each side: arbitrary distinct tags. */
#define BOS_TAG 0x5354415254ULL
#define EOS_TAG 0x454E44ULL

/* The template numbers of the POS and NER features: part of every feature id, so of the
 * trained models; new templates go at the end. */
enum {
  P_BIAS, P_EXACT, P_LOWER, P_PRE, P_SUF = P_PRE + 4, P_SHAPE = P_SUF + 4, P_SSHAPE, P_L1, P_R1,
  P_L2, P_R2, P_SUF3L, P_SUF3R, P_BIL, P_BIR, P_FIRST_SS, P_FLAGS, P_SSWIN, P_L1R1
};

enum {
  N_BIAS, N_EXACT, N_LOWER, N_SHAPE, N_SSHAPE, N_PRE, N_SUF = N_PRE + 4, N_L1 = N_SUF + 4, N_R1,
  N_L2, N_R2, N_XL1, N_XR1, N_SSL1, N_SSR1, N_SSWIN, N_BIL, N_BIR, N_POS, N_POSL1, N_POSR1,
  N_POSBIL, N_POSBIR, N_POS_SS, N_CAPS_SS, N_FIRST_SS, N_GAZ, N_GAZL1, N_GAZR1, N_GAZ_SS,
  N_FLAGS, N_POSL2, N_POSR2, N_LOWER_CAPS, N_SSL2, N_SSR2, N_C1, N_C2, N_C1L1, N_C1R1, N_C2L1,
  N_C2R1, N_C1L2, N_C1R2, N_C1BIL, N_C1BIR, N_SUF3L1, N_SUF3R1, N_XBIL, N_XBIR, N_DOC,
  N_DOC_LOWER, N_DOC_MAJ, N_DOC_MAJ_SS, N_DOC_MAJL1, N_DOC_MAJR1
};

/* How many features feat_ner_local() lists for t. */
static inline size_t feat_ner_local_count(const tokfact_t *t) {
  return t->nner;
}

/* Grows @p b for @p n tokens and fills the boundary tokens: b->tf[2 + i] is word i, two
 * boundary tokens on each side. */
void feat_boundaries(feat_buf_t *b, size_t n);
/* The facts of a boundary token with tag @p tag. */
void feat_fact_boundary(tokfact_t *f, uint64_t tag);
/* The facts of the word @p s of @p n bytes (no clusters, no gazetteer marks). */
void feat_fact_word(tokfact_t *f, const char *s, size_t n);
/* The word's clusters into @p t (wclust_lookup(), then title and lower case). */
void feat_cluster_word(tokfact_t *t, const tagger_word_t *w, const wclust_t *wc);
/* Marks the gazetteer matches of the @p n words in b->tf. */
void feat_gaz_marks(feat_buf_t *b, const tagger_word_t *w, size_t n, const gaz_t *g);
/* The POS / NER features of token @p t that depend on its word alone, first in template
 * order: @returns how many were written to @p o. */
size_t feat_pos_local(const tokfact_t *t, uint64_t *o);
size_t feat_ner_local(const tokfact_t *t, uint64_t *o);
/* The document features of word @p i of the @p n (doc: nerdoc_info() of the sentence):
 * @returns how many were written to @p o, at most FEAT_DOC_MAX. */
size_t feat_doc_features(const uint32_t *doc, size_t i, size_t n, uint64_t sshape, uint64_t *o);

#endif
