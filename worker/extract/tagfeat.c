/* tagfeat.c - POS and NER feature templates hashed straight to 64-bit feature ids. */
#include "tagfeat.h"

#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "nerdoc.h"

/* Facts about one token, hashed once and combined by the templates. */
typedef struct {
  uint64_t exact, lower, shape, sshape;
  uint64_t pre[4], suf[4]; /* 0 when the word is shorter than the affix */
  uint64_t pos;
  uint32_t flags, gaz;
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
 * model. Words of WCACHE_WORD_MAX bytes or more are not kept. */
#define WCACHE_SLOTS 4096u
#define WCACHE_WORD_MAX 24u

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

typedef struct {
  uint32_t len; /* word length + 1; 0 = empty */
  char s[WCACHE_WORD_MAX];
  uint32_t pref[WP_N], nref[WN_WORD];
  tokfact_t tf;
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
  size_t rcap;
  uint32_t bprow[4][WP_N], bnrow[4][WN_N]; /* the boundary tokens' rows */
  uint64_t *taghash;   /* per POS tag: the hash of its name */
  uint32_t *tagref;    /* per POS tag: its WN_POS.. templates resolved */
};

feat_buf_t *feat_buf_create(void) {
  return cw_calloc(1, sizeof(feat_buf_t));
}

void feat_buf_destroy(feat_buf_t **b) {
  if (!b || !*b)
    return;
  free((*b)->tf);
  free((*b)->off);
  free((*b)->feats);
  free((*b)->init);
  free((*b)->wcache);
  free((*b)->wemit);
  free((*b)->prow);
  free((*b)->nrow);
  free((*b)->refs);
  free((*b)->taghash);
  free((*b)->tagref);
  free(*b);
  *b = NULL;
}

static void reserve(feat_buf_t *b, size_t n) {
  if (n <= b->cap)
    return;
  b->cap = n + n / 2 + 32;
  free(b->tf);
  free(b->off);
  free(b->feats);
  b->tf = cw_malloc((b->cap + 4) * sizeof(tokfact_t));
  b->off = cw_malloc((b->cap + 1) * sizeof(uint32_t));
  b->feats = cw_malloc(b->cap * FEAT_MAX_PER_TOKEN * sizeof(uint64_t));
}

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

static inline char lower_norm(unsigned char c) {
  if (c >= 'A' && c <= 'Z')
    return (char)(c + 32);
  if (c >= '0' && c <= '9')
    return '0';
  return (char)c;
}

static uint64_t hash_str(const char *s, size_t n) {
  return perc_hash_bytes(PERC_HASH_INIT, s, n);
}

/* Fills the facts of one word. Words are byte strings; long words are cut at 64 bytes for the
 * lower-case form, which only merges forms no tagger could tell apart anyway. */
static void fact_word(tokfact_t *f, const char *s, size_t n) {
  char low[64], shape[16], ss[8];
  size_t nl = n < sizeof low ? n : sizeof low, nsh = 0, nss = 0;
  uint32_t fl = 0;
  int alldig = n > 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char k;
    if (i < nl)
      low[i] = lower_norm(c); /* every byte, continuation bytes of UTF-8 letters included */
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
      fl |= TF_UPPER;
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
      fl |= TF_LOWER;
    } else if (c >= '0' && c <= '9') {
      k = 'd';
      fl |= TF_DIGIT;
    } else if (c >= 0x80) {
      if ((c & 0xC0) == 0x80)
        continue; /* continuation byte */
      k = 'u';
    } else {
      k = (char)c;
      if (c == '-')
        fl |= TF_HYPHEN;
      if (c == '.')
        fl |= TF_PERIOD;
    }
    if (k != 'd' && k != ',' && k != '.')
      alldig = 0;
    if (nsh < sizeof shape)
      shape[nsh++] = k;
    if (nss < sizeof ss && (nss == 0 || ss[nss - 1] != k))
      ss[nss++] = k;
  }
  if (n > 0 && s[0] >= 'A' && s[0] <= 'Z')
    fl |= TF_INITCAP;
  if (alldig && (fl & TF_DIGIT))
    fl |= TF_ALLDIGIT;
  f->flags = fl;
  f->exact = hash_str(s, n);
  f->lower = hash_str(low, nl);
  f->shape = hash_str(shape, nsh);
  f->sshape = hash_str(ss, nss);
  for (size_t k = 0; k < 4; k++) {
    size_t a = k + 1;
    if (n >= a + 1 && a <= nl) {
      f->pre[k] = hash_str(low, a);
      char suf[4];
      for (size_t j = 0; j < a && j < sizeof suf; j++)
        suf[j] = lower_norm((unsigned char)s[n - a + j]);
      f->suf[k] = hash_str(suf, a);
    } else {
      f->pre[k] = f->suf[k] = 0;
    }
  }
  f->pos = 0;
  f->gaz = 0;
  f->cl[0] = f->cl[1] = 0;
}

/* The facts of the two boundary tokens on each side: arbitrary distinct tags. */
#define BOS_TAG 0x5354415254ULL
#define EOS_TAG 0x454E44ULL

static void fact_boundary(tokfact_t *f, uint64_t tag) {
  memset(f, 0, sizeof *f);
  f->exact = f->lower = f->shape = f->sshape = f->pos = tag;
}

/* Fills b->tf for the sentence; tf[2 + i] is word i, two boundary tokens on each side. */
static void boundaries(feat_buf_t *b, size_t n) {
  reserve(b, n);
  fact_boundary(&b->tf[0], BOS_TAG);
  fact_boundary(&b->tf[1], BOS_TAG + 1);
  fact_boundary(&b->tf[n + 2], EOS_TAG);
  fact_boundary(&b->tf[n + 3], EOS_TAG + 1);
}

static void facts(feat_buf_t *b, const tagger_word_t *w, size_t n) {
  boundaries(b, n);
  for (size_t i = 0; i < n; i++)
    fact_word(&b->tf[i + 2], w[i].s, w[i].len);
}

enum {
  P_BIAS, P_EXACT, P_LOWER, P_PRE, P_SUF = P_PRE + 4, P_SHAPE = P_SUF + 4, P_SSHAPE, P_L1, P_R1,
  P_L2, P_R2, P_SUF3L, P_SUF3R, P_BIL, P_BIR, P_FIRST_SS, P_FLAGS, P_SSWIN, P_L1R1
};

/* The POS features of token t that depend on its word alone, in template order; they come
 * first, so a word's emission scores over them can be kept (see feat_tag_words). */
static size_t pos_local(const tokfact_t *t, uint64_t *o) {
  size_t m = 0;
  o[m++] = comb1(P_BIAS, 1);
  o[m++] = comb1(P_EXACT, t->exact);
  o[m++] = comb1(P_LOWER, t->lower);
  for (unsigned a = 0; a < 4; a++) {
    if (t->pre[a] && a < 3)
      o[m++] = comb1(P_PRE + a, t->pre[a]);
    if (t->suf[a])
      o[m++] = comb1(P_SUF + a, t->suf[a]);
  }
  o[m++] = comb1(P_SHAPE, t->shape);
  o[m++] = comb1(P_SSHAPE, t->sshape);
  return m;
}

/* The POS features of token t (word i of the sentence) that follow pos_local()'s. */
static size_t pos_context(const tokfact_t *t, size_t i, uint64_t *o) {
  size_t m = 0;
  o[m++] = comb1(P_L1, t[-1].lower);
  o[m++] = comb1(P_R1, t[1].lower);
  o[m++] = comb1(P_L2, t[-2].lower);
  o[m++] = comb1(P_R2, t[2].lower);
  o[m++] = comb1(P_SUF3L, t[-1].suf[2] ? t[-1].suf[2] : t[-1].lower);
  o[m++] = comb1(P_SUF3R, t[1].suf[2] ? t[1].suf[2] : t[1].lower);
  o[m++] = comb2(P_BIL, t[-1].lower, t->lower);
  o[m++] = comb2(P_BIR, t->lower, t[1].lower);
  o[m++] = comb2(P_FIRST_SS, i == 0, t->sshape);
  o[m++] = comb1(P_FLAGS, t->flags);
  o[m++] = comb3(P_SSWIN, t[-1].sshape, t->sshape, t[1].sshape);
  o[m++] = comb2(P_L1R1, t[-1].lower, t[1].lower);
  return m;
}

void feat_pos(feat_buf_t *b, const tagger_word_t *w, size_t n, perc_seq_t *seq) {
  facts(b, w, n);
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tokfact_t *t = &b->tf[i + 2];
    uint64_t *o = b->feats + k;
    b->off[i] = k;
    size_t m = pos_local(t, o);
    m += pos_context(t, i, o + m);
    k += (uint32_t)m;
  }
  b->off[n] = k;
  seq->n = n;
  seq->off = b->off;
  seq->feats = b->feats;
}

/* ---- NER ---- */

/* Marks gazetteer matches: longest phrase first for the multi-word kinds, single tokens for the
 * name-part kinds. Only capitalized tokens can start a match, which skips most lookups. */
static void gaz_marks(feat_buf_t *b, const tagger_word_t *w, size_t n, const gaz_t *g) {
  static const gaz_kind_t span_kinds[] = {GAZ_COUNTRY, GAZ_CITY, GAZ_DEMONYM, GAZ_ORG};
  static const gaz_kind_t word_kinds[] = {GAZ_FIRSTNAME, GAZ_ORGWORD, GAZ_TITLE};
  char phrase[256];
  const char *canon;
  for (size_t i = 0; i < n; i++) {
    if (!(b->tf[i + 2].flags & TF_INITCAP))
      continue;
    size_t len = 0, maxk = n - i < GAZ_SPAN_MAX ? n - i : GAZ_SPAN_MAX, filled = 0;
    size_t ends[GAZ_SPAN_MAX + 1] = {0};
    for (size_t k = 0; k < maxk; k++) {
      if (len + w[i + k].len + 2 > sizeof phrase)
        break;
      if (k)
        phrase[len++] = ' ';
      memcpy(phrase + len, w[i + k].s, w[i + k].len);
      len += w[i + k].len;
      ends[k + 1] = len;
      filled = k + 1;
    }
    maxk = filled;
    if (maxk == 0)
      continue;
    for (unsigned kind = 0; kind < 4; kind++) {
      for (size_t k = maxk; k >= 1; k--) {
        /* every listed phrase ends with a capitalized word ("Bosnia and Herzegovina") */
        if (k > 1 && !(b->tf[i + 2 + k - 1].flags & TF_INITCAP))
          continue;
        char save = phrase[ends[k]];
        phrase[ends[k]] = '\0';
        int hit = gaz_lookup(g, phrase, span_kinds[kind], &canon);
        phrase[ends[k]] = save;
        if (hit) {
          b->tf[i + 2].gaz |= 1u << (2 * kind);
          for (size_t j = 1; j < k; j++)
            b->tf[i + 2 + j].gaz |= 2u << (2 * kind);
          break;
        }
      }
    }
    phrase[ends[1]] = '\0';
    for (unsigned kind = 0; kind < 3; kind++)
      if (gaz_lookup(g, phrase, word_kinds[kind], &canon))
        b->tf[i + 2].gaz |= 1u << (8 + 2 * kind);
  }
}

enum {
  N_BIAS, N_EXACT, N_LOWER, N_SHAPE, N_SSHAPE, N_PRE, N_SUF = N_PRE + 4, N_L1 = N_SUF + 4, N_R1,
  N_L2, N_R2, N_XL1, N_XR1, N_SSL1, N_SSR1, N_SSWIN, N_BIL, N_BIR, N_POS, N_POSL1, N_POSR1,
  N_POSBIL, N_POSBIR, N_POS_SS, N_CAPS_SS, N_FIRST_SS, N_GAZ, N_GAZL1, N_GAZR1, N_GAZ_SS,
  N_FLAGS, N_POSL2, N_POSR2, N_LOWER_CAPS, N_SSL2, N_SSR2, N_C1, N_C2, N_C1L1, N_C1R1, N_C2L1,
  N_C2R1, N_C1L2, N_C1R2, N_C1BIL, N_C1BIR, N_SUF3L1, N_SUF3R1, N_XBIL, N_XBIR, N_DOC,
  N_DOC_LOWER, N_DOC_MAJ, N_DOC_MAJ_SS, N_DOC_MAJL1, N_DOC_MAJR1
};

/* Clusters of each word; words not found as written are tried in title case (all-caps
 * headlines) and in lower case (sentence-initial capitals). */
static void cluster_word(tokfact_t *t, const tagger_word_t *w, const wclust_t *wc) {
  char alt[64];
  uint16_t ids[WCLUST_LEVELS];
  int hit = wclust_lookup(wc, w->s, w->len, ids);
  if (!hit && w->len <= sizeof alt && (t->flags & (TF_UPPER | TF_LOWER))) {
    for (size_t k = 0; k < w->len; k++) {
      unsigned char c = (unsigned char)w->s[k];
      alt[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if ((t->flags & TF_UPPER) && !(t->flags & TF_LOWER) && alt[0] >= 'a' && alt[0] <= 'z') {
      alt[0] = (char)(alt[0] - 32);
      hit = wclust_lookup(wc, alt, w->len, ids);
      alt[0] = (char)(alt[0] + 32);
    }
    if (!hit)
      hit = wclust_lookup(wc, alt, w->len, ids);
  }
  if (hit)
    for (int l = 0; l < WCLUST_LEVELS; l++)
      t->cl[l] = (uint64_t)ids[l] + 1;
}

static void cluster_marks(feat_buf_t *b, const tagger_word_t *w, size_t n, const wclust_t *wc) {
  for (size_t i = 0; i < n; i++)
    cluster_word(&b->tf[i + 2], &w[i], wc);
}

static void ner_features(feat_buf_t *b, const tagger_word_t *w, size_t n,
                         const char *const *pos, const gaz_t *g, const wclust_t *wc,
                         const uint32_t *doc, perc_seq_t *seq);

/* The document features of word i (nerdoc_info() of the sentence in doc, 0 = nothing known):
 * the labels the other occurrences of its form got in the first pass, their majority (also
 * with the word's shape) and the majorities of its neighbours; at most FEAT_DOC_MAX. */
static size_t doc_features(const uint32_t *doc, size_t i, size_t n, uint64_t sshape,
                           uint64_t *o) {
  size_t m = 0;
  uint32_t v = doc[i];
  if (v) {
    for (unsigned y = 0; y < NERDOC_LABELS; y++)
      if (v & (1u << y))
        o[m++] = comb1(N_DOC, y);
    if (v & NERDOC_LOWER)
      o[m++] = comb1(N_DOC_LOWER, 1);
    if (NERDOC_MAJ(v)) {
      o[m++] = comb1(N_DOC_MAJ, NERDOC_MAJ(v));
      o[m++] = comb2(N_DOC_MAJ_SS, NERDOC_MAJ(v), sshape);
    }
  }
  if (i > 0 && NERDOC_MAJ(doc[i - 1]))
    o[m++] = comb1(N_DOC_MAJL1, NERDOC_MAJ(doc[i - 1]));
  if (i + 1 < n && NERDOC_MAJ(doc[i + 1]))
    o[m++] = comb1(N_DOC_MAJR1, NERDOC_MAJ(doc[i + 1]));
  return m;
}

void feat_ner_doc(feat_buf_t *b, const uint32_t *doc, size_t n, const uint64_t *sshape,
                  perc_seq_t *seq) {
  reserve(b, n);
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    b->off[i] = k;
    k += (uint32_t)doc_features(doc, i, n, sshape[i], b->feats + k);
  }
  b->off[n] = k;
  seq->n = n;
  seq->off = b->off;
  seq->feats = b->feats;
}

void feat_sshapes(const feat_buf_t *b, size_t n, uint64_t *out) {
  for (size_t i = 0; i < n; i++)
    out[i] = b->tf[i + 2].sshape;
}

/* How many features ner_local() lists for t. */
static size_t ner_local_count(const tokfact_t *t) {
  size_t m = 5;
  for (unsigned a = 0; a < 4; a++)
    m += (t->pre[a] != 0) + (t->suf[a] != 0);
  return m;
}

/* The NER features of token t that depend on its word alone, in template order (first). */
static size_t ner_local(const tokfact_t *t, uint64_t *o) {
  size_t m = 0;
  o[m++] = comb1(N_BIAS, 1);
  o[m++] = comb1(N_EXACT, t->exact);
  o[m++] = comb1(N_LOWER, t->lower);
  o[m++] = comb1(N_SHAPE, t->shape);
  o[m++] = comb1(N_SSHAPE, t->sshape);
  for (unsigned a = 0; a < 4; a++) {
    if (t->pre[a])
      o[m++] = comb1(N_PRE + a, t->pre[a]);
    if (t->suf[a])
      o[m++] = comb1(N_SUF + a, t->suf[a]);
  }
  return m;
}

void feat_ner(feat_buf_t *b, const tagger_word_t *w, size_t n, const char *const *pos,
              const gaz_t *g, const wclust_t *wc, const uint32_t *doc, perc_seq_t *seq) {
  facts(b, w, n);
  ner_features(b, w, n, pos, g, wc, doc, seq);
}

static void ner_features(feat_buf_t *b, const tagger_word_t *w, size_t n,
                         const char *const *pos, const gaz_t *g, const wclust_t *wc,
                         const uint32_t *doc, perc_seq_t *seq) {
  int caps_sentence = 1, any_letter = 0;
  for (size_t i = 0; i < n; i++) {
    tokfact_t *t = &b->tf[i + 2];
    t->pos = pos && pos[i] ? hash_str(pos[i], strlen(pos[i])) : 0;
    if (t->flags & TF_LOWER)
      caps_sentence = 0;
    if (t->flags & (TF_LOWER | TF_UPPER))
      any_letter = 1;
  }
  caps_sentence = caps_sentence && any_letter;
  if (g)
    gaz_marks(b, w, n, g);
  if (wc)
    cluster_marks(b, w, n, wc);
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tokfact_t *t = &b->tf[i + 2];
    uint64_t *o = b->feats + k;
    size_t m = ner_local(t, o);
    b->off[i] = k;
    o[m++] = comb1(N_L1, t[-1].lower);
    o[m++] = comb1(N_R1, t[1].lower);
    o[m++] = comb1(N_L2, t[-2].lower);
    o[m++] = comb1(N_R2, t[2].lower);
    o[m++] = comb1(N_XL1, t[-1].exact);
    o[m++] = comb1(N_XR1, t[1].exact);
    o[m++] = comb1(N_SSL1, t[-1].sshape);
    o[m++] = comb1(N_SSR1, t[1].sshape);
    o[m++] = comb1(N_SSL2, t[-2].sshape);
    o[m++] = comb1(N_SSR2, t[2].sshape);
    o[m++] = comb3(N_SSWIN, t[-1].sshape, t->sshape, t[1].sshape);
    o[m++] = comb2(N_BIL, t[-1].lower, t->lower);
    o[m++] = comb2(N_BIR, t->lower, t[1].lower);
    o[m++] = comb1(N_POS, t->pos);
    o[m++] = comb1(N_POSL1, t[-1].pos);
    o[m++] = comb1(N_POSR1, t[1].pos);
    o[m++] = comb1(N_POSL2, t[-2].pos);
    o[m++] = comb1(N_POSR2, t[2].pos);
    o[m++] = comb2(N_POSBIL, t[-1].pos, t->pos);
    o[m++] = comb2(N_POSBIR, t->pos, t[1].pos);
    o[m++] = comb2(N_POS_SS, t->pos, t->sshape);
    o[m++] = comb2(N_CAPS_SS, (uint64_t)caps_sentence, t->sshape);
    o[m++] = comb2(N_FIRST_SS, i == 0, t->sshape);
    o[m++] = comb1(N_FLAGS, t->flags);
    o[m++] = comb2(N_LOWER_CAPS, (uint64_t)caps_sentence, t->lower);
    o[m++] = comb1(N_SUF3L1, t[-1].suf[2] ? t[-1].suf[2] : t[-1].lower);
    o[m++] = comb1(N_SUF3R1, t[1].suf[2] ? t[1].suf[2] : t[1].lower);
    o[m++] = comb2(N_XBIL, t[-1].exact, t->exact);
    o[m++] = comb2(N_XBIR, t->exact, t[1].exact);
    if (wc) {
      o[m++] = comb1(N_C1, t->cl[0]);
      o[m++] = comb1(N_C2, t->cl[1]);
      o[m++] = comb1(N_C1L1, t[-1].cl[0]);
      o[m++] = comb1(N_C1R1, t[1].cl[0]);
      o[m++] = comb1(N_C2L1, t[-1].cl[1]);
      o[m++] = comb1(N_C2R1, t[1].cl[1]);
      o[m++] = comb1(N_C1L2, t[-2].cl[0]);
      o[m++] = comb1(N_C1R2, t[2].cl[0]);
      o[m++] = comb2(N_C1BIL, t[-1].cl[0], t->cl[0]);
      o[m++] = comb2(N_C1BIR, t->cl[0], t[1].cl[0]);
    }
    if (g) {
      for (unsigned q = 0; q < 14 && m + 4 + FEAT_DOC_MAX <= FEAT_MAX_PER_TOKEN; q++) {
        if (t->gaz & (1u << q)) {
          o[m++] = comb1(N_GAZ, q);
          o[m++] = comb2(N_GAZ_SS, q, t->sshape);
        }
        if (t[-1].gaz & (1u << q))
          o[m++] = comb1(N_GAZL1, q);
        if (t[1].gaz & (1u << q))
          o[m++] = comb1(N_GAZR1, q);
      }
    }
    /* last: the tagger's second pass adds them to the first pass's scores (feat_ner_doc) */
    if (doc)
      m += doc_features(doc, i, n, t->sshape, o + m);
    k += (uint32_t)m;
  }
  b->off[n] = k;
  seq->n = n;
  seq->off = b->off;
  seq->feats = b->feats;
}

/* ---- both taggers from the word-form cache ---- */

static void word_refs(const perc_model_t *pm, const perc_model_t *nm, const tokfact_t *t,
                      uint32_t *pr, uint32_t *nr) {
  uint64_t s3 = t->suf[2] ? t->suf[2] : t->lower;
  pr[WP_L1] = perc_feature_ref(pm, comb1(P_L1, t->lower));
  pr[WP_R1] = perc_feature_ref(pm, comb1(P_R1, t->lower));
  pr[WP_L2] = perc_feature_ref(pm, comb1(P_L2, t->lower));
  pr[WP_R2] = perc_feature_ref(pm, comb1(P_R2, t->lower));
  pr[WP_SUF3L] = perc_feature_ref(pm, comb1(P_SUF3L, s3));
  pr[WP_SUF3R] = perc_feature_ref(pm, comb1(P_SUF3R, s3));
  pr[WP_FLAGS] = perc_feature_ref(pm, comb1(P_FLAGS, t->flags));
  pr[WP_FIRST0] = perc_feature_ref(pm, comb2(P_FIRST_SS, 0, t->sshape));
  pr[WP_FIRST1] = perc_feature_ref(pm, comb2(P_FIRST_SS, 1, t->sshape));
  nr[WN_L1] = perc_feature_ref(nm, comb1(N_L1, t->lower));
  nr[WN_R1] = perc_feature_ref(nm, comb1(N_R1, t->lower));
  nr[WN_L2] = perc_feature_ref(nm, comb1(N_L2, t->lower));
  nr[WN_R2] = perc_feature_ref(nm, comb1(N_R2, t->lower));
  nr[WN_XL1] = perc_feature_ref(nm, comb1(N_XL1, t->exact));
  nr[WN_XR1] = perc_feature_ref(nm, comb1(N_XR1, t->exact));
  nr[WN_SSL1] = perc_feature_ref(nm, comb1(N_SSL1, t->sshape));
  nr[WN_SSR1] = perc_feature_ref(nm, comb1(N_SSR1, t->sshape));
  nr[WN_SSL2] = perc_feature_ref(nm, comb1(N_SSL2, t->sshape));
  nr[WN_SSR2] = perc_feature_ref(nm, comb1(N_SSR2, t->sshape));
  nr[WN_FLAGS] = perc_feature_ref(nm, comb1(N_FLAGS, t->flags));
  nr[WN_SUF3L1] = perc_feature_ref(nm, comb1(N_SUF3L1, s3));
  nr[WN_SUF3R1] = perc_feature_ref(nm, comb1(N_SUF3R1, s3));
  nr[WN_CAPS_SS0] = perc_feature_ref(nm, comb2(N_CAPS_SS, 0, t->sshape));
  nr[WN_CAPS_SS1] = perc_feature_ref(nm, comb2(N_CAPS_SS, 1, t->sshape));
  nr[WN_FIRST0] = perc_feature_ref(nm, comb2(N_FIRST_SS, 0, t->sshape));
  nr[WN_FIRST1] = perc_feature_ref(nm, comb2(N_FIRST_SS, 1, t->sshape));
  nr[WN_LCAPS0] = perc_feature_ref(nm, comb2(N_LOWER_CAPS, 0, t->lower));
  nr[WN_LCAPS1] = perc_feature_ref(nm, comb2(N_LOWER_CAPS, 1, t->lower));
  nr[WN_C1] = perc_feature_ref(nm, comb1(N_C1, t->cl[0]));
  nr[WN_C2] = perc_feature_ref(nm, comb1(N_C2, t->cl[1]));
  nr[WN_C1L1] = perc_feature_ref(nm, comb1(N_C1L1, t->cl[0]));
  nr[WN_C1R1] = perc_feature_ref(nm, comb1(N_C1R1, t->cl[0]));
  nr[WN_C2L1] = perc_feature_ref(nm, comb1(N_C2L1, t->cl[1]));
  nr[WN_C2R1] = perc_feature_ref(nm, comb1(N_C2R1, t->cl[1]));
  nr[WN_C1L2] = perc_feature_ref(nm, comb1(N_C1L2, t->cl[0]));
  nr[WN_C1R2] = perc_feature_ref(nm, comb1(N_C1R2, t->cl[0]));
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
    fact_boundary(&f, tags[k]);
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
  b->prow = cw_malloc((b->rcap + 4) * WP_N * sizeof(uint32_t));
  b->nrow = cw_malloc((b->rcap + 4) * WN_N * sizeof(uint32_t));
  b->refs = cw_malloc(b->rcap * FEAT_MAX_PER_TOKEN * sizeof(uint32_t));
}

void feat_tag_words(feat_buf_t *b, const perc_model_t *pm, const perc_model_t *nm,
                    const wclust_t *wc, const tagger_word_t *w, size_t n,
                    const float **init_pos, const float **init_ner) {
  boundaries(b, n);
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
  for (size_t i = 0; i < n; i++) {
    tokfact_t *t = &b->tf[i + 2];
    float *ep = ip + i * Lp, *en = in + i * Ln;
    uint32_t *pr = b->prow + (i + 2) * WP_N, *nr = b->nrow + (i + 2) * WN_N;
    wentry_t *ce = NULL;
    float *cemit = NULL;
    if (b->wcache && w[i].len < WCACHE_WORD_MAX) {
      size_t slot = (size_t)(mix(hash_str(w[i].s, w[i].len)) & (WCACHE_SLOTS - 1));
      ce = &b->wcache[slot];
      cemit = b->wemit + slot * L;
      if (ce->len == w[i].len + 1 && memcmp(ce->s, w[i].s, w[i].len) == 0) {
        *t = ce->tf;
        memcpy(ep, cemit, Lp * sizeof(float));
        memcpy(en, cemit + Lp, Ln * sizeof(float));
        memcpy(pr, ce->pref, sizeof ce->pref);
        memcpy(nr, ce->nref, sizeof ce->nref);
        continue;
      }
    }
    fact_word(t, w[i].s, w[i].len);
    if (wc)
      cluster_word(t, &w[i], wc);
    memset(ep, 0, Lp * sizeof(float));
    perc_emit_add(pm, o, pos_local(t, o), ep);
    memset(en, 0, Ln * sizeof(float));
    perc_emit_add(nm, o, ner_local(t, o), en);
    word_refs(pm, nm, t, pr, nr);
    if (ce) {
      ce->len = w[i].len + 1;
      memcpy(ce->s, w[i].s, w[i].len);
      ce->tf = *t;
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
    gaz_marks(b, w, n, g);
  /* the words' clusters came with their facts (feat_tag_words) */
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tokfact_t *t = &b->tf[i + 2];
    const uint32_t *R = b->nrow + (i + 2) * WN_N; /* R[d * WN_N + ..]: token i + d */
    uint64_t *o = b->feats + k;
    uint32_t *r = b->refs + k;
    size_t m = 0;
    b->off[i] = k;
    /* ner_features()'s templates after ner_local()'s, in its order */
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
      size_t own = ner_local_count(t);
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
      size_t nd = doc_features(doc, i, n, t->sshape, o + m);
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
