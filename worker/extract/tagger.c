/* tagger.c - loads the POS and NER perceptron models and tags sentences with them. */
#include "tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "tagfeat.h"
#include "gaz.h"
#include "nerdoc.h"
#include "perceptron.h"

struct tagger_s {
  perc_model_t *pos, *ner;
  gaz_t *gaz;
  wclust_t *wc;
  char **ner_type; /* per NER label: the type after "B-"/"I-", "" for O */
  char *ner_bio;
  uint8_t *ner_tid; /* per NER label: a number its entity type's labels share (0 for O) */
  int doc; /* the NER model reads document features */
};

/* A sentence of the document as tagger_doc_add() got it, in order; its first-pass NER scores
 * are at tokens off .. off + n of the score store, or not kept (off == NO_SCORES). */
typedef struct {
  const tagger_t *t; /* the tagger that scored it */
  uint64_t hash;     /* words_hash() of its words */
  uint32_t off, n;
} docsent_t;

#define NO_SCORES UINT32_MAX
/* At most this many tokens of a document keep their first-pass scores (9 floats, a short-shape
 * hash and a POS tag each: 45 bytes); the second pass computes the later sentences' again. */
#define DOC_SCORED_MAX (1u << 16)

struct tagger_scratch_s {
  feat_buf_t *fb;
  perc_scratch_t *ps;
  const char **posname;
  size_t cap;
  nerdoc_t *doc;  /* the document of tagger_doc_add() */
  uint32_t *info; /* TAGGER_MAX_WORDS: nerdoc_info() of a sentence */
  uint8_t *first; /* TAGGER_MAX_WORDS: its first-pass labels */
  /* The first pass's NER emission scores of the document's sentences, so that the second pass
   * only adds the document features (the last features of a word) and decodes again. Per
   * token: the scores (nscore floats), the short-shape hash and the POS tag. tagger_tag() puts
   * a sentence's after the kept ones (staged), tagger_doc_add() keeps them when its words are
   * the staged sentence's. */
  float *score;
  uint64_t *sshape;
  uint8_t *spos;
  size_t ntok, tokcap, nscore;
  docsent_t *sent;
  size_t nsent, sentcap, cursor; /* cursor: the tagger_ner_doc() call's sentence */
  const tagger_t *staged_t;      /* NULL: nothing staged */
  uint64_t staged_hash;
  size_t staged_n;
  size_t reused; /* second-pass sentences decoded from the kept scores */
};

/* Loads dir/file, or takes *@p given (already loaded from it) when not NULL. */
static cw_err_t load_one(const char *dir, const char *file, perc_model_t **given, uint32_t type,
                         uint32_t fver, uint32_t fver_mask, perc_model_t **out, char *errstr,
                         size_t errstr_size) {
  char path[4096];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path) {
    snprintf(errstr, errstr_size, "model directory path too long");
    return CW_ERR_INVALID;
  }
  *out = given ? *given : NULL;
  if (given)
    *given = NULL;
  cw_err_t err = *out ? CW_OK : perc_model_load(path, out, errstr, errstr_size);
  if (err != CW_OK)
    return err;
  if (perc_model_type(*out) != type ||
      (perc_model_feature_version(*out) & fver_mask) != fver) {
    snprintf(errstr, errstr_size,
             "%s: model type %u / feature version %u, this build needs %u / %u", path,
             perc_model_type(*out), perc_model_feature_version(*out) & fver_mask, type, fver);
    perc_model_destroy(out);
    return CW_ERR_FORMAT;
  }
  return CW_OK;
}

cw_err_t tagger_load(const char *model_dir, tagger_t **out, char *errstr, size_t errstr_size) {
  return tagger_load_models(model_dir, NULL, NULL, out, errstr, errstr_size);
}

cw_err_t tagger_load_models(const char *model_dir, perc_model_t **pos, perc_model_t **ner,
                            tagger_t **out, char *errstr, size_t errstr_size) {
  cw_err_t err;
  tagger_t *t = cw_calloc(1, sizeof(*t));
  *out = NULL;
  err = load_one(model_dir, "pos.model", pos, FEAT_MODEL_POS, FEAT_POS_VERSION, 0xffffffffu,
                 &t->pos, errstr, errstr_size);
  if (err != CW_OK)
    goto fail;
  err = load_one(model_dir, "ner.model", ner, FEAT_MODEL_NER, FEAT_NER_VERSION, 0xffffu, &t->ner,
                 errstr, errstr_size);
  if (err != CW_OK)
    goto fail;
  if (perc_model_feature_version(t->ner) & FEAT_NER_GAZ) {
    char gdir[4096];
    snprintf(gdir, sizeof gdir, "%s/gaz", model_dir);
    err = gaz_load(gdir, &t->gaz, errstr, errstr_size);
    if (err != CW_OK)
      goto fail;
    size_t nphr = 0;
    for (int k = 0; k < GAZ__COUNT; k++)
      nphr += gaz_count(t->gaz, (gaz_kind_t)k);
    if (nphr == 0) {
      /* the model's gazetteer features would all be off: quietly worse tags */
      snprintf(errstr, errstr_size, "%s: no gazetteers, which ner.model was trained with", gdir);
      err = CW_ERR_NOT_FOUND;
      goto fail;
    }
  }
  t->doc = (perc_model_feature_version(t->ner) & FEAT_NER_DOC) != 0;
  if (perc_model_feature_version(t->ner) & FEAT_NER_CLUSTERS) {
    char cpath[4096];
    snprintf(cpath, sizeof cpath, "%s/clusters.txt", model_dir);
    err = wclust_load(cpath, &t->wc, errstr, errstr_size);
    if (err != CW_OK)
      goto fail;
  }
  size_t L = perc_model_nlabels(t->ner);
  t->ner_type = cw_calloc(L, sizeof(char *));
  t->ner_bio = cw_calloc(L, 1);
  t->ner_tid = cw_calloc(L, 1);
  for (size_t i = 0; i < L; i++) {
    const char *nm = perc_model_label(t->ner, i);
    if ((nm[0] == 'B' || nm[0] == 'I') && nm[1] == '-' && nm[2]) {
      t->ner_bio[i] = nm[0];
      t->ner_type[i] = cw_strdup(nm + 2);
    } else if (strcmp(nm, "O") == 0) {
      t->ner_bio[i] = 'O';
      t->ner_type[i] = cw_strdup("");
    } else {
      snprintf(errstr, errstr_size, "%s/ner.model: label \"%s\" is not BIO", model_dir, nm);
      err = CW_ERR_FORMAT;
      goto fail;
    }
  }
  const char **names = cw_malloc(L * sizeof(char *));
  char *bio = cw_malloc(L);
  for (size_t i = 0; i < L; i++)
    names[i] = perc_model_label(t->ner, i);
  nerdoc_label_kinds(names, L, bio, t->ner_tid);
  free(names);
  free(bio);
  *out = t;
  return CW_OK;
fail:
  if (pos)
    perc_model_destroy(pos);
  if (ner)
    perc_model_destroy(ner);
  tagger_destroy(&t);
  return err;
}

void tagger_destroy(tagger_t **tp) {
  if (!tp || !*tp)
    return;
  tagger_t *t = *tp;
  if (t->ner_type)
    for (size_t i = 0; i < perc_model_nlabels(t->ner); i++)
      free(t->ner_type[i]);
  free(t->ner_type);
  free(t->ner_bio);
  free(t->ner_tid);
  perc_model_destroy(&t->pos);
  perc_model_destroy(&t->ner);
  gaz_destroy(&t->gaz);
  wclust_destroy(&t->wc);
  free(t);
  *tp = NULL;
}

tagger_scratch_t *tagger_scratch_create(void) {
  tagger_scratch_t *s = cw_calloc(1, sizeof(*s));
  s->fb = feat_buf_create();
  s->ps = perc_scratch_create();
  s->doc = nerdoc_create();
  s->info = cw_malloc(TAGGER_MAX_WORDS * sizeof(uint32_t));
  s->first = cw_malloc(TAGGER_MAX_WORDS);
  return s;
}

void tagger_scratch_prepare(tagger_scratch_t *s, const tagger_t *t) {
  feat_buf_prepare(s->fb, t->pos, t->ner, t->wc);
}

void tagger_scratch_destroy(tagger_scratch_t **sp) {
  if (!sp || !*sp)
    return;
  feat_buf_destroy(&(*sp)->fb);
  perc_scratch_destroy(&(*sp)->ps);
  free((*sp)->posname);
  nerdoc_destroy(&(*sp)->doc);
  free((*sp)->info);
  free((*sp)->first);
  free((*sp)->score);
  free((*sp)->sshape);
  free((*sp)->spos);
  free((*sp)->sent);
  free(*sp);
  *sp = NULL;
}

cw_err_t tagger_pos(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    uint8_t *tags) {
  if (!t || !s || (n && (!words || !tags)))
    return CW_ERR_INVALID;
  if (n > TAGGER_MAX_WORDS)
    return CW_ERR_TOO_LARGE;
  if (n == 0)
    return CW_OK;
  perc_seq_t seq;
  feat_pos(s->fb, words, n, &seq);
  perc_decode(t->pos, s->ps, &seq, FEAT_POS_BEAM, tags);
  return CW_OK;
}

static void set_posnames(const tagger_t *t, tagger_scratch_t *s, const uint8_t *pos, size_t n) {
  if (n > s->cap) {
    s->cap = n < 256 ? 256 : n;
    s->posname = cw_realloc(s->posname, s->cap * sizeof(char *));
  }
  for (size_t i = 0; i < n; i++)
    s->posname[i] = perc_model_label(t->pos, pos[i]);
}

cw_err_t tagger_ner(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    const uint8_t *pos, uint8_t *labels) {
  if (!t || !s || (n && (!words || !pos || !labels)))
    return CW_ERR_INVALID;
  if (n > TAGGER_MAX_WORDS)
    return CW_ERR_TOO_LARGE;
  if (n == 0)
    return CW_OK;
  set_posnames(t, s, pos, n);
  perc_seq_t seq;
  feat_ner(s->fb, words, n, s->posname, t->gaz, t->wc, NULL, &seq);
  perc_decode(t->ner, s->ps, &seq, FEAT_NER_BEAM, labels);
  return CW_OK;
}

/* One multiply-xorshift round of words_hash(). */
static inline uint64_t words_mix(uint64_t h, uint64_t v) {
  h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
  return h ^ h >> 29;
}

/* A hash of the @p n words' bytes and lengths: tells the sentence tagger_tag() scored from
 * others. Eight bytes a round: each sentence is hashed up to three times. */
static uint64_t words_hash(const tagger_word_t *w, size_t n) {
  uint64_t h = PERC_HASH_INIT, v;
  for (size_t i = 0; i < n; i++) {
    const char *p = w[i].s;
    size_t len = w[i].len;
    h = words_mix(h, len + 0x100000000ULL);
    for (; len >= 8; len -= 8, p += 8) {
      memcpy(&v, p, 8);
      h = words_mix(h, v);
    }
    if (len >= 4) { /* the last 1..7 bytes, by two 4-byte reads that may overlap */
      uint32_t a, b;
      memcpy(&a, p, 4);
      memcpy(&b, p + len - 4, 4);
      h = words_mix(h, (uint64_t)a << 32 | b);
    } else if (len) {
      const unsigned char *u = (const unsigned char *)p;
      h = words_mix(h, (uint64_t)u[0] << 16 | (uint64_t)u[len / 2] << 8 | u[len - 1]);
    }
  }
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ h >> 31;
}

/* Stages the NER scores of the sentence tagger_tag() just decoded (n words, POS tags @p pos)
 * after the kept ones, for tagger_doc_add(). */
static void stage_scores(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words,
                         size_t n, const uint8_t *pos) {
  s->staged_t = NULL;
  if (s->ntok + n > DOC_SCORED_MAX)
    return;
  size_t L = perc_model_nlabels(t->ner);
  if (s->ntok + n > s->tokcap || L != s->nscore) {
    size_t cap = s->tokcap ? s->tokcap : 1024;
    while (cap < s->ntok + n)
      cap *= 2;
    s->score = cw_realloc(s->score, cap * L * sizeof(float));
    s->sshape = cw_realloc(s->sshape, cap * sizeof(uint64_t));
    s->spos = cw_realloc(s->spos, cap);
    s->tokcap = cap;
    if (L != s->nscore) { /* scores kept for a model of another label count */
      for (size_t k = 0; k < s->nsent; k++)
        s->sent[k].off = NO_SCORES;
      s->ntok = 0;
    }
    s->nscore = L;
  }
  memcpy(s->score + s->ntok * L, perc_scratch_emissions(s->ps), n * L * sizeof(float));
  feat_sshapes(s->fb, n, s->sshape + s->ntok);
  memcpy(s->spos + s->ntok, pos, n);
  s->staged_t = t;
  s->staged_hash = words_hash(words, n);
  s->staged_n = n;
}

cw_err_t tagger_tag(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    uint8_t *pos, uint8_t *labels) {
  if (!t || !s || (n && (!words || !pos || !labels)))
    return CW_ERR_INVALID;
  if (n > TAGGER_MAX_WORDS)
    return CW_ERR_TOO_LARGE;
  if (n == 0)
    return CW_OK;
  perc_seq_t seq;
  const float *ipos, *iner;
  const uint32_t *refs;
  feat_tag_words(s->fb, t->pos, t->ner, t->wc, words, n, &ipos, &iner);
  feat_pos_context(s->fb, n, &seq, &refs);
  perc_decode_refs(t->pos, s->ps, &seq, refs, ipos, FEAT_POS_BEAM, pos);
  feat_ner_context(s->fb, words, n, pos, t->gaz, t->wc, NULL, &seq, &refs);
  perc_decode_refs(t->ner, s->ps, &seq, refs, iner, FEAT_NER_BEAM, labels);
  if (t->doc)
    stage_scores(t, s, words, n, pos);
  return CW_OK;
}

int tagger_ner_uses_doc(const tagger_t *t) { return t->doc; }

void tagger_doc_begin(tagger_scratch_t *s) {
  nerdoc_reset(s->doc);
  s->ntok = s->nsent = s->cursor = s->reused = 0;
  s->staged_t = NULL;
}

void tagger_doc_add(tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    const uint8_t *labels) {
  nerdoc_add(s->doc, words, n, labels);
  if (s->nsent == s->sentcap) {
    s->sentcap = s->sentcap ? 2 * s->sentcap : 64;
    s->sent = cw_realloc(s->sent, s->sentcap * sizeof(docsent_t));
  }
  docsent_t *d = &s->sent[s->nsent++];
  d->t = s->staged_t;
  d->n = (uint32_t)n;
  d->off = NO_SCORES;
  d->hash = 0;
  if (s->staged_t && s->staged_n == n && (d->hash = words_hash(words, n)) == s->staged_hash) {
    d->off = (uint32_t)s->ntok;
    s->ntok += n;
  }
  s->staged_t = NULL;
}

/* The kept first-pass scores of the second pass's sentence @p k when they are those of the
 * @p n words @p words with POS tags @p pos tagged by @p t; NULL when not kept. */
static const docsent_t *kept_scores(const tagger_t *t, const tagger_scratch_t *s, size_t k,
                                    const tagger_word_t *words, size_t n, const uint8_t *pos) {
  if (k >= s->nsent)
    return NULL;
  const docsent_t *d = &s->sent[k];
  if (d->off == NO_SCORES || d->t != t || d->n != n ||
      memcmp(s->spos + d->off, pos, n) != 0 || d->hash != words_hash(words, n))
    return NULL;
  return d;
}

size_t tagger_doc_reused(const tagger_scratch_t *s) { return s->reused; }

cw_err_t tagger_ner_doc(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words,
                        size_t n, const uint8_t *pos, uint8_t *labels) {
  if (!t || !s || (n && (!words || !pos || !labels)))
    return CW_ERR_INVALID;
  if (n > TAGGER_MAX_WORDS)
    return CW_ERR_TOO_LARGE;
  size_t k = s->cursor++;
  /* no document information: the features, and so the labels, are the first pass's */
  if (n == 0 || !t->doc || nerdoc_info(s->doc, words, n, labels, s->info) == 0)
    return CW_OK;
  perc_seq_t seq;
  memcpy(s->first, labels, n);
  const docsent_t *d = kept_scores(t, s, k, words, n, pos);
  if (d) {
    /* the document features come last: the first pass's scores plus theirs, added in the
     * same order, are the scores over all the features bit for bit */
    feat_ner_doc(s->fb, s->info, n, s->sshape + d->off, &seq);
    perc_decode_from(t->ner, s->ps, &seq, s->score + (size_t)d->off * s->nscore, FEAT_NER_BEAM,
                     labels);
    s->reused++;
  } else {
    const float *ipos, *iner;
    const uint32_t *refs;
    feat_tag_words(s->fb, t->pos, t->ner, t->wc, words, n, &ipos, &iner);
    feat_ner_context(s->fb, words, n, pos, t->gaz, t->wc, s->info, &seq, &refs);
    perc_decode_refs(t->ner, s->ps, &seq, refs, iner, FEAT_NER_BEAM, labels);
  }
  nerdoc_keep_spans(t->ner_bio, t->ner_tid, s->first, labels, n);
  return CW_OK;
}

size_t tagger_pos_count(const tagger_t *t) { return perc_model_nlabels(t->pos); }
size_t tagger_ner_count(const tagger_t *t) { return perc_model_nlabels(t->ner); }
const char *tagger_pos_name(const tagger_t *t, uint8_t id) { return perc_model_label(t->pos, id); }
const char *tagger_ner_name(const tagger_t *t, uint8_t id) { return perc_model_label(t->ner, id); }
int tagger_pos_id(const tagger_t *t, const char *name) { return perc_model_label_id(t->pos, name); }
int tagger_ner_id(const tagger_t *t, const char *name) { return perc_model_label_id(t->ner, name); }

void tagger_ner_split(const tagger_t *t, uint8_t id, char *bio, const char **type) {
  if (id >= perc_model_nlabels(t->ner)) {
    *bio = 'O';
    *type = "";
    return;
  }
  *bio = t->ner_bio[id];
  *type = t->ner_type[id];
}
