/* tagfeat.c - POS and NER feature templates hashed straight to 64-bit feature ids. */
#include "tagfeat_int.h"

#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "nerdoc.h"

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
  free((*b)->wslot);
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

static inline char lower_norm(unsigned char c) {
  if (c >= 'A' && c <= 'Z')
    return (char)(c + 32);
  if (c >= '0' && c <= '9')
    return '0';
  return (char)c;
}

/* Fills the facts of one word. Words are byte strings; long words are cut at 64 bytes for the
 * lower-case form, which only merges forms no tagger could tell apart anyway. */
void feat_fact_word(tokfact_t *f, const char *s, size_t n) {
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
  f->nner = 5;
  for (size_t k = 0; k < 4; k++)
    f->nner += (f->pre[k] != 0) + (f->suf[k] != 0);
  f->pos = 0;
  f->gaz = 0;
  f->cl[0] = f->cl[1] = 0;
}

void feat_fact_boundary(tokfact_t *f, uint64_t tag) {
  memset(f, 0, sizeof *f);
  f->exact = f->lower = f->shape = f->sshape = f->pos = tag;
  f->nner = 5;
}

/* Fills b->tf for the sentence; tf[2 + i] is word i, two boundary tokens on each side. */
void feat_boundaries(feat_buf_t *b, size_t n) {
  reserve(b, n);
  feat_fact_boundary(&b->tf[0], BOS_TAG);
  feat_fact_boundary(&b->tf[1], BOS_TAG + 1);
  feat_fact_boundary(&b->tf[n + 2], EOS_TAG);
  feat_fact_boundary(&b->tf[n + 3], EOS_TAG + 1);
}

static void facts(feat_buf_t *b, const tagger_word_t *w, size_t n) {
  feat_boundaries(b, n);
  for (size_t i = 0; i < n; i++)
    feat_fact_word(&b->tf[i + 2], w[i].s, w[i].len);
}


/* The POS features of token t that depend on its word alone, in template order; they come
 * first, so a word's emission scores over them can be kept (see feat_tag_words). */
size_t feat_pos_local(const tokfact_t *t, uint64_t *o) {
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

/* The POS features of token t (word i of the sentence) that follow feat_pos_local()'s. */
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
    size_t m = feat_pos_local(t, o);
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
void feat_gaz_marks(feat_buf_t *b, const tagger_word_t *w, size_t n, const gaz_t *g) {
  static const gaz_kind_t span_kinds[] = {GAZ_COUNTRY, GAZ_CITY, GAZ_DEMONYM, GAZ_ORG};
  static const gaz_kind_t word_kinds[] = {GAZ_FIRSTNAME, GAZ_ORGWORD, GAZ_TITLE};
  char phrase[256];
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
    if (filled == 0)
      continue;
    /* the kinds of each run of words from i, looked up together */
    unsigned kinds[GAZ_SPAN_MAX + 1];
    maxk = gaz_run_kinds(g, phrase, ends, filled, kinds);
    for (unsigned kind = 0; kind < 4; kind++) {
      for (size_t k = maxk; k >= 1; k--) {
        /* every listed phrase ends with a capitalized word ("Bosnia and Herzegovina") */
        if (k > 1 && !(b->tf[i + 2 + k - 1].flags & TF_INITCAP))
          continue;
        if (kinds[k] & (1u << span_kinds[kind])) {
          b->tf[i + 2].gaz |= 1u << (2 * kind);
          for (size_t j = 1; j < k; j++)
            b->tf[i + 2 + j].gaz |= 2u << (2 * kind);
          break;
        }
      }
    }
    for (unsigned kind = 0; kind < 3; kind++)
      if (kinds[1] & (1u << word_kinds[kind]))
        b->tf[i + 2].gaz |= 1u << (8 + 2 * kind);
  }
}

/* Clusters of each word; words not found as written are tried in title case (all-caps
 * headlines) and in lower case (sentence-initial capitals). */
void feat_cluster_word(tokfact_t *t, const tagger_word_t *w, const wclust_t *wc) {
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
    feat_cluster_word(&b->tf[i + 2], &w[i], wc);
}

static void ner_features(feat_buf_t *b, const tagger_word_t *w, size_t n,
                         const char *const *pos, const gaz_t *g, const wclust_t *wc,
                         const uint32_t *doc, perc_seq_t *seq);

/* The document features of word i (nerdoc_info() of the sentence in doc, 0 = nothing known):
 * the labels the other occurrences of its form got in the first pass, their majority (also
 * with the word's shape) and the majorities of its neighbours; at most FEAT_DOC_MAX. */
size_t feat_doc_features(const uint32_t *doc, size_t i, size_t n, uint64_t sshape,
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
    k += (uint32_t)feat_doc_features(doc, i, n, sshape[i], b->feats + k);
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

/* The NER features of token t that depend on its word alone, in template order (first). */
size_t feat_ner_local(const tokfact_t *t, uint64_t *o) {
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
    feat_gaz_marks(b, w, n, g);
  if (wc)
    cluster_marks(b, w, n, wc);
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tokfact_t *t = &b->tf[i + 2];
    uint64_t *o = b->feats + k;
    size_t m = feat_ner_local(t, o);
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
      m += feat_doc_features(doc, i, n, t->sshape, o + m);
    k += (uint32_t)m;
  }
  b->off[n] = k;
  seq->n = n;
  seq->off = b->off;
  seq->feats = b->feats;
}
