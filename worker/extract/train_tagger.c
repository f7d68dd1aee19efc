/* train_tagger.c - training the POS and NER taggers and the word clusters, and scoring the NER
 * tagger on a CoNLL file (claimwire/train.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimwire/train.h"
#include "conll.h"
#include "cw_alloc.h"
#include "cw_arena.h"
#include "cw_time.h"
#include "gaz.h"
#include "nerdoc.h"
#include "perceptron.h"
#include "tagfeat.h"
#include "tagger.h"
#include "tok.h"
#include "wclust.h"

#define LOG(o, ...) ((o)->log ? (void)fprintf((o)->log, __VA_ARGS__) : (void)0)

void cw_train_tagger_defaults(cw_train_tagger_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->epochs = 8;
  o->min_count = 1;
  o->seed = 1;
  o->prune = 0.01;
}

/* Epochs of the models that give the training documents their first-pass labels
 * (--doc-folds): the base features' dev F1 is within 0.2 points of its best by then. */
#define DOC_FOLD_EPOCHS 10u

typedef struct {
  int ner, doc;       /* doc: the NER features read the document (two passes) */
  perc_model_t *posm; /* optional, ner only */
  gaz_t *gaz;
  wclust_t *wc;
  feat_buf_t *fb;
  perc_scratch_t *ps;
  const char **posname;
  uint8_t *tmp;
  nerdoc_t *nd;   /* the document being labelled */
  uint32_t *info; /* per word of a sentence: nerdoc_info() */
  uint8_t *first; /* per word of a sentence: its first-pass label */
  char *bio;      /* per label: nerdoc_label_kinds() */
  uint8_t *type;
} trainctx_t;

static void sent_words(const conll_sent_t *s, tagger_word_t *w) {
  for (size_t i = 0; i < s->n; i++) {
    w[i].s = s->word[i];
    w[i].len = (uint32_t)strlen(s->word[i]);
  }
}

/* Features of one sentence into seq (valid until the next call); @p doc: its nerdoc_info(),
 * or NULL for the first pass. */
static void sent_features(trainctx_t *c, const conll_sent_t *s, tagger_word_t *w,
                          const uint32_t *doc, perc_seq_t *seq) {
  sent_words(s, w);
  if (!c->ner) {
    feat_pos(c->fb, w, s->n, seq);
    return;
  }
  if (c->posm) {
    perc_seq_t ps;
    feat_pos(c->fb, w, s->n, &ps);
    perc_decode(c->posm, c->ps, &ps, FEAT_POS_BEAM, c->tmp);
    for (size_t i = 0; i < s->n; i++)
      c->posname[i] = perc_model_label(c->posm, c->tmp[i]);
  } else {
    for (size_t i = 0; i < s->n; i++)
      c->posname[i] = s->pos[i];
  }
  feat_ner(c->fb, w, s->n, c->posname, c->gaz, c->wc, doc, seq);
}

/* Labels sentences [s0, s1) of @p cs, one document, with model @p m into lab + off[s]: the
 * first pass, then with c->doc the second with the first's labels of the document. */
static void label_doc(trainctx_t *c, const perc_model_t *m, const conll_t *cs, size_t s0,
                      size_t s1, tagger_word_t *w, uint8_t *lab, const size_t *off) {
  unsigned beam = c->ner ? FEAT_NER_BEAM : FEAT_POS_BEAM;
  perc_seq_t seq;
  if (c->doc)
    nerdoc_reset(c->nd);
  for (size_t s = s0; s < s1; s++) {
    sent_features(c, &cs->sent[s], w, NULL, &seq);
    perc_decode(m, c->ps, &seq, beam, lab + off[s]);
    if (c->doc)
      nerdoc_add(c->nd, w, cs->sent[s].n, lab + off[s]);
  }
  for (size_t s = s0; c->doc && s < s1; s++) {
    sent_words(&cs->sent[s], w);
    if (nerdoc_info(c->nd, w, cs->sent[s].n, lab + off[s], c->info) == 0)
      continue;
    sent_features(c, &cs->sent[s], w, c->info, &seq);
    memcpy(c->first, lab + off[s], cs->sent[s].n);
    perc_decode(m, c->ps, &seq, beam, lab + off[s]);
    nerdoc_keep_spans(c->bio, c->type, c->first, lab + off[s], cs->sent[s].n);
  }
}

/* The end of the document that starts at sentence s0. */
static size_t doc_end(const conll_t *cs, size_t s0) {
  size_t s1 = s0 + 1;
  while (s1 < cs->nsent && cs->sent[s1].doc == cs->sent[s0].doc)
    s1++;
  return s1;
}

/* Per sentence: the offset of its first token among the file's tokens. */
static size_t *sent_offsets(const conll_t *cs) {
  size_t *off = cw_malloc((cs->nsent + 1) * sizeof(size_t));
  off[0] = 0;
  for (size_t s = 0; s < cs->nsent; s++)
    off[s + 1] = off[s] + cs->sent[s].n;
  return off;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The label set of the training data: sorted, with "O" first for NER. */
static size_t label_set(const conll_t *c, int ner, const char **names) {
  size_t n = 0;
  for (size_t s = 0; s < c->nsent; s++) {
    for (size_t i = 0; i < c->sent[s].n; i++) {
      const char *l = ner ? c->sent[s].ner[i] : c->sent[s].pos[i];
      size_t k = 0;
      while (k < n && strcmp(names[k], l) != 0)
        k++;
      if (k == n) {
        if (n == PERC_MAX_LABELS)
          return n + 1;
        names[n++] = l;
      }
    }
  }
  qsort(names, n, sizeof(char *), cmp_str);
  if (ner)
    for (size_t k = 0; k < n; k++)
      if (strcmp(names[k], "O") == 0) {
        memmove(names + 1, names, k * sizeof(char *));
        names[0] = "O";
      }
  return n;
}

static int label_of(const char **names, size_t n, const char *l) {
  for (size_t k = 0; k < n; k++)
    if (strcmp(names[k], l) == 0)
      return (int)k;
  return -1;
}

/* Dev score of model m: token accuracy (pos) or entity F1 (ner), both 0..1. */
static double dev_score(trainctx_t *c, const perc_model_t *m, const conll_t *dev, tagger_word_t *w,
                        uint8_t *lab, const size_t *off, const char **pred,
                        conll_score_t *sc) {
  size_t tok = 0, ok = 0;
  memset(sc, 0, sizeof *sc);
  for (size_t s0 = 0, s1; s0 < dev->nsent; s0 = s1) {
    s1 = doc_end(dev, s0);
    label_doc(c, m, dev, s0, s1, w, lab, off);
  }
  for (size_t s = 0; s < dev->nsent; s++) {
    const conll_sent_t *st = &dev->sent[s];
    const uint8_t *out = lab + off[s];
    for (size_t i = 0; i < st->n; i++) {
      pred[i] = perc_model_label(m, out[i]);
      tok++;
      ok += strcmp(pred[i], c->ner ? st->ner[i] : st->pos[i]) == 0;
    }
    if (c->ner)
      conll_score_add(sc, (const char *const *)st->ner, pred, st->n);
  }
  if (!c->ner)
    return tok ? (double)ok / (double)tok : 0.0;
  double p, r, f;
  cw_chunk_prf(sc->correct, sc->pred, sc->gold, &p, &r, &f);
  return f;
}

/* Adds training sentence @p s of @p train to @p tr with the features of @p doc (NULL: first
 * pass). */
static cw_err_t add_sentence(trainctx_t *c, perc_trainer_t *tr, const conll_t *train, size_t s,
                             const char **names, size_t L, const uint32_t *doc,
                             tagger_word_t *w, uint8_t *gold) {
  const conll_sent_t *st = &train->sent[s];
  perc_seq_t seq;
  sent_features(c, st, w, doc, &seq);
  for (size_t i = 0; i < st->n; i++)
    gold[i] = (uint8_t)label_of(names, L, c->ner ? st->ner[i] : st->pos[i]);
  return perc_trainer_add(tr, &seq, gold);
}

/* The first-pass labels of every training sentence into lab + off[s], each document's from a
 * model trained DOC_FOLD_EPOCHS epochs on the documents of the other o->doc_folds - 1 folds
 * (document number modulo o->doc_folds), so that they err as the first pass errs on new text. */
static cw_err_t doc_fold_labels(trainctx_t *c, const cw_train_tagger_opts_t *o,
                                const conll_t *train, const char **names, size_t L,
                                uint32_t fver, tagger_word_t *w, uint8_t *gold, uint8_t *lab,
                                const size_t *off) {
  cw_err_t err = CW_OK;
  int doc = c->doc;
  c->doc = 0;
  for (unsigned k = 0; err == CW_OK && k < o->doc_folds; k++) {
    perc_trainer_t *tr = perc_trainer_create(L, names, FEAT_MODEL_NER, fver);
    for (size_t s = 0; err == CW_OK && s < train->nsent; s++)
      if (train->sent[s].doc % o->doc_folds != k)
        err = add_sentence(c, tr, train, s, names, L, NULL, w, gold);
    if (err == CW_OK) {
      perc_trainer_freeze(tr, o->min_count);
      for (unsigned e = 1; e <= DOC_FOLD_EPOCHS; e++) {
        size_t ntok;
        (void)perc_trainer_epoch(tr, (uint64_t)o->seed * 1000 + 100 * (k + 1) + e,
                                 FEAT_NER_BEAM, &ntok);
      }
      perc_model_t *m = perc_trainer_model(tr, (float)o->prune);
      for (size_t s0 = 0, s1; s0 < train->nsent; s0 = s1) {
        s1 = doc_end(train, s0);
        if (train->sent[s0].doc % o->doc_folds == k)
          label_doc(c, m, train, s0, s1, w, lab, off);
      }
      perc_model_destroy(&m);
    }
    perc_trainer_destroy(&tr);
  }
  c->doc = doc;
  return err;
}

/* Adds the training sentences to @p tr; with document features each twice: as the first pass
 * sees it, and with what the first-pass labels @p lab say of its document. */
static cw_err_t add_training(trainctx_t *c, perc_trainer_t *tr, const conll_t *train,
                             const char **names, size_t L, tagger_word_t *w, uint8_t *gold,
                             const uint8_t *lab, const size_t *off) {
  cw_err_t err = CW_OK;
  for (size_t s0 = 0, s1; err == CW_OK && s0 < train->nsent; s0 = s1) {
    s1 = doc_end(train, s0);
    for (size_t s = s0; err == CW_OK && s < s1; s++)
      err = add_sentence(c, tr, train, s, names, L, NULL, w, gold);
    if (!c->doc)
      continue;
    nerdoc_reset(c->nd);
    for (size_t s = s0; s < s1; s++) {
      sent_words(&train->sent[s], w);
      nerdoc_add(c->nd, w, train->sent[s].n, lab + off[s]);
    }
    for (size_t s = s0; err == CW_OK && s < s1; s++) {
      sent_words(&train->sent[s], w);
      (void)nerdoc_info(c->nd, w, train->sent[s].n, lab + off[s], c->info);
      err = add_sentence(c, tr, train, s, names, L, c->info, w, gold);
    }
  }
  return err;
}

cw_err_t cw_train_tagger(const cw_train_tagger_opts_t *o, double *best_out, char *errstr,
                         size_t errstr_size) {
  cw_err_t err = CW_ERR_INVALID;
  conll_t *train = NULL, *dev = NULL;
  perc_trainer_t *tr = NULL, **trs = NULL;
  perc_model_t *best = NULL;
  trainctx_t c = {.ner = o->kind == CW_TAGGER_NER};
  tagger_word_t *w = NULL;
  uint8_t *gold = NULL, *dlab = NULL, *tlab = NULL;
  size_t *doff = NULL, *toff = NULL;
  const char **pred = NULL, **names = NULL;
  if (!o->train_path || !o->dev_path || !o->out_path || o->epochs < 1) {
    snprintf(errstr, errstr_size, "a train file, a dev file, an output and epochs are needed");
    return CW_ERR_INVALID;
  }
  if (!c.ner && (o->pos_model || o->gaz_dir || o->clusters || o->doc_folds)) {
    snprintf(errstr, errstr_size, "--pos-model, --gaz, --clusters and --doc-folds apply to ner only");
    return CW_ERR_INVALID;
  }
  if (o->doc_folds == 1) {
    snprintf(errstr, errstr_size, "--doc-folds needs 0 (none) or at least 2 folds");
    return CW_ERR_INVALID;
  }
  c.doc = c.ner && o->doc_folds >= 2;
  if ((err = conll_read(o->train_path, &train, errstr, errstr_size)) != CW_OK ||
      (err = conll_read(o->dev_path, &dev, errstr, errstr_size)) != CW_OK)
    goto done;
  if (o->pos_model &&
      (err = perc_model_load(o->pos_model, &c.posm, errstr, errstr_size)) != CW_OK)
    goto done;
  if (c.posm && (perc_model_type(c.posm) != FEAT_MODEL_POS ||
                 perc_model_feature_version(c.posm) != FEAT_POS_VERSION)) {
    snprintf(errstr, errstr_size, "%s is not a pos model of this build", o->pos_model);
    err = CW_ERR_FORMAT;
    goto done;
  }
  if (o->gaz_dir && (err = gaz_load(o->gaz_dir, &c.gaz, errstr, errstr_size)) != CW_OK)
    goto done;
  if (o->clusters && (err = wclust_load(o->clusters, &c.wc, errstr, errstr_size)) != CW_OK)
    goto done;
  names = cw_calloc(PERC_MAX_LABELS + 1, sizeof(char *));
  size_t L = label_set(train, c.ner, names);
  if (L < 2 || L > PERC_MAX_LABELS) {
    snprintf(errstr, errstr_size, "%zu labels in %s (need 2..%u)", L, o->train_path,
             PERC_MAX_LABELS);
    err = CW_ERR_FORMAT;
    goto done;
  }
  size_t maxn = 1;
  for (size_t s = 0; s < train->nsent; s++)
    maxn = train->sent[s].n > maxn ? train->sent[s].n : maxn;
  for (size_t s = 0; s < dev->nsent; s++)
    maxn = dev->sent[s].n > maxn ? dev->sent[s].n : maxn;
  w = cw_malloc(maxn * sizeof(tagger_word_t));
  gold = cw_malloc(maxn);
  doff = sent_offsets(dev);
  dlab = cw_malloc(dev->ntok + 1);
  pred = cw_malloc(maxn * sizeof(char *));
  c.posname = cw_malloc(maxn * sizeof(char *));
  c.tmp = cw_malloc(maxn);
  c.fb = feat_buf_create();
  c.ps = perc_scratch_create();
  uint32_t fver = c.ner ? FEAT_NER_VERSION | (c.gaz ? FEAT_NER_GAZ : 0) |
                              (c.wc ? FEAT_NER_CLUSTERS : 0)
                        : FEAT_POS_VERSION;
  double t0 = cw_time_mono_s();
  if (c.doc) {
    c.nd = nerdoc_create();
    c.info = cw_malloc(maxn * sizeof(uint32_t));
    c.first = cw_malloc(maxn);
    c.bio = cw_malloc(L);
    c.type = cw_malloc(L);
    nerdoc_label_kinds(names, L, c.bio, c.type);
    toff = sent_offsets(train);
    tlab = cw_malloc(train->ntok + 1);
    if ((err = doc_fold_labels(&c, o, train, names, L, fver, w, gold, tlab, toff)) != CW_OK) {
      snprintf(errstr, errstr_size, "%s: a bad sentence", o->train_path);
      goto done;
    }
    LOG(o, "first-pass labels of %zu training documents from %u folds in %.1fs\n", train->ndoc,
        o->doc_folds, cw_time_mono_s() - t0);
    fver |= FEAT_NER_DOC;
  }
  tr = perc_trainer_create(L, names, c.ner ? FEAT_MODEL_NER : FEAT_MODEL_POS, fver);
  if ((err = add_training(&c, tr, train, names, L, w, gold, tlab, toff)) != CW_OK) {
    snprintf(errstr, errstr_size, "%s: a bad sentence", o->train_path);
    goto done;
  }
  perc_trainer_freeze(tr, o->min_count);
  size_t K = o->orders > 1 ? o->orders : 1;
  trs = cw_calloc(K, sizeof(*trs));
  trs[0] = tr;
  for (size_t k = 1; k < K; k++)
    trs[k] = perc_trainer_clone(tr);
  LOG(o, "train %s: %zu sentences, %zu tokens, %zu labels; dev %zu sentences; features "
      "in %.1fs\n", c.ner ? "ner" : "pos", train->nsent, train->ntok, L, dev->nsent,
      cw_time_mono_s() - t0);
  double best_score = -1;
  unsigned best_epoch = 0;
  conll_score_t sc;
  for (unsigned e = 1; e <= o->epochs; e++) {
    double te = cw_time_mono_s();
    size_t ntok = 0;
    size_t ok = 0;
    for (size_t k = 0; k < K; k++)
      ok += perc_trainer_epoch(trs[k], (uint64_t)(o->seed + 7919 * k) * 1000 + e,
                               c.ner ? FEAT_NER_BEAM : FEAT_POS_BEAM, &ntok);
    ok /= K;
    perc_model_t *m = perc_trainer_model_mean((const perc_trainer_t *const *)trs, K,
                                              (float)o->prune);
    double score = dev_score(&c, m, dev, w, dlab, doff, pred, &sc);
    LOG(o, "epoch %u/%u: train acc %.4f, dev %s %.4f, %zu features (%.1fs)\n", e, o->epochs,
        ntok ? (double)ok / (double)ntok : 0.0, c.ner ? "F1" : "acc", score,
        perc_model_nfeatures(m), cw_time_mono_s() - te);
    for (size_t k = 0; c.ner && k < sc.ntypes; k++) {
      double p, r, f;
      cw_chunk_prf(sc.t[k].correct, sc.t[k].pred, sc.t[k].gold, &p, &r, &f);
      LOG(o, "  %-5s P %.4f R %.4f F1 %.4f\n", sc.t[k].type, p, r, f);
    }
    if (score > best_score) {
      best_score = score;
      best_epoch = e;
      perc_model_destroy(&best);
      best = m;
    } else {
      perc_model_destroy(&m);
    }
  }
  if ((err = perc_model_save(best, o->out_path, errstr, errstr_size)) != CW_OK)
    goto done;
  LOG(o, "wrote %s: epoch %u, dev %s %.4f, %zu features\n", o->out_path, best_epoch,
      c.ner ? "F1" : "acc", best_score, perc_model_nfeatures(best));
  if (best_out)
    *best_out = best_score;
  err = CW_OK;
done:
  perc_model_destroy(&best);
  for (size_t k = 1; trs && k < (o->orders > 1 ? o->orders : 1); k++)
    perc_trainer_destroy(&trs[k]);
  free(trs);
  perc_trainer_destroy(&tr);
  perc_model_destroy(&c.posm);
  gaz_destroy(&c.gaz);
  wclust_destroy(&c.wc);
  feat_buf_destroy(&c.fb);
  perc_scratch_destroy(&c.ps);
  free(c.posname);
  free(c.tmp);
  nerdoc_destroy(&c.nd);
  free(c.info);
  free(c.first);
  free(c.bio);
  free(c.type);
  free(doff);
  free(dlab);
  free(toff);
  free(tlab);
  free(w);
  free(gold);
  free(pred);
  free(names);
  conll_destroy(&train);
  conll_destroy(&dev);
  return err;
}

/* ---- Clusters ---- */

/* Adds the words of the CoNLL file @p path to @p b. */
static cw_err_t clusters_conll(wclust_builder_t *b, const char *path, const char **tok,
                               size_t *tl, size_t max, char *errstr, size_t errstr_size) {
  conll_t *c = NULL;
  cw_err_t err = conll_read(path, &c, errstr, errstr_size);
  for (size_t s = 0; err == CW_OK && s < c->nsent; s++) {
    size_t n = c->sent[s].n < max ? c->sent[s].n : max;
    for (size_t i = 0; i < n; i++) {
      tok[i] = c->sent[s].word[i];
      tl[i] = strlen(tok[i]);
    }
    wclust_builder_add(b, tok, tl, n);
  }
  conll_destroy(&c);
  return err;
}

/* Adds the tokens of each line of the raw text file @p path to @p b, tokenized as extraction
 * tokenizes; counts the lines the tokenizer rejects in *@p skipped. */
static cw_err_t clusters_text(wclust_builder_t *b, const char *path, const char **tok,
                              size_t *tl, size_t max, cw_arena_t *arena, size_t *skipped,
                              char *errstr, size_t errstr_size) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(errstr, errstr_size, "cannot read %s", path);
    return CW_ERR_IO;
  }
  char *line = NULL, terr[128];
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) > 0) {
    tok_result_t r;
    cw_arena_reset(arena);
    if (tok_run(line, (size_t)len, arena, &r, terr, sizeof terr) != CW_OK) {
      (*skipped)++;
      continue;
    }
    size_t n = r.n < max ? r.n : max;
    for (size_t i = 0; i < n; i++) {
      tok[i] = line + r.info[i].b0;
      tl[i] = r.info[i].b1 - r.info[i].b0;
    }
    wclust_builder_add(b, tok, tl, n);
  }
  cw_err_t err = ferror(f) ? CW_ERR_IO : CW_OK;
  if (err)
    snprintf(errstr, errstr_size, "%s: read error", path);
  free(line);
  fclose(f);
  return err;
}

cw_err_t cw_train_clusters(const cw_train_clusters_opts_t *o, char *errstr,
                           size_t errstr_size) {
  enum { MAXTOK = 1 << 16 };
  cw_err_t err = CW_OK;
  size_t skipped = 0;
  wclust_builder_t *b = wclust_builder_create();
  cw_arena_t *arena = cw_arena_create(1 << 20);
  const char **tok = cw_malloc(MAXTOK * sizeof(char *));
  size_t *tl = cw_malloc(MAXTOK * sizeof(size_t));
  for (size_t i = 0; err == CW_OK && i < o->n_inputs; i++)
    err = o->inputs[i].conll
              ? clusters_conll(b, o->inputs[i].path, tok, tl, MAXTOK, errstr, errstr_size)
              : clusters_text(b, o->inputs[i].path, tok, tl, MAXTOK, arena, &skipped, errstr,
                              errstr_size);
  if (err == CW_OK && skipped)
    LOG(o, "skipped %zu lines the tokenizer rejects (not UTF-8 or too long)\n", skipped);
  if (err == CW_OK)
    err = wclust_builder_write(b, o->classes, o->min_count, o->iters, o->log, o->out_path,
                               errstr, errstr_size);
  free(tok);
  free(tl);
  cw_arena_destroy(&arena);
  wclust_builder_destroy(&b);
  return err;
}

/* ---- NER evaluation ---- */

cw_err_t cw_eval_ner(const char *model_dir, const char *data, const char *predictions,
                     cw_chunk_score_t *sc, double *secs, char *errstr, size_t errstr_size) {
  conll_t *c = NULL;
  tagger_t *tg = NULL;
  tagger_scratch_t *ts = NULL;
  FILE *pf = NULL;
  tagger_word_t *w = NULL;
  uint8_t *pos = NULL, *lab = NULL;
  size_t *off = NULL;
  const char **pred = NULL;
  double tag_time = 0;
  cw_err_t err;
  memset(sc, 0, sizeof *sc);
  *secs = 0;
  if ((err = conll_read(data, &c, errstr, errstr_size)) != CW_OK ||
      (err = tagger_load(model_dir, &tg, errstr, errstr_size)) != CW_OK)
    goto done;
  if (predictions && !(pf = fopen(predictions, "w"))) {
    snprintf(errstr, errstr_size, "cannot write %s", predictions);
    err = CW_ERR_IO;
    goto done;
  }
  ts = tagger_scratch_create();
  w = cw_malloc(TAGGER_MAX_WORDS * sizeof(*w));
  off = sent_offsets(c);
  pos = cw_malloc(c->ntok + 1);
  lab = cw_malloc(c->ntok + 1);
  pred = cw_malloc(TAGGER_MAX_WORDS * sizeof(char *));
  /* each document (-DOCSTART-) as extraction labels an article: every sentence, then with a
   * model that reads the document, every sentence again; sentences longer than the tagger
   * accepts are tagged in pieces */
  for (size_t s0 = 0, s1; s0 < c->nsent; s0 = s1) {
    s1 = doc_end(c, s0);
    double t0 = cw_time_mono_s();
    tagger_doc_begin(ts);
    for (int pass = 0; pass < (tagger_ner_uses_doc(tg) ? 2 : 1); pass++) {
      for (size_t s = s0; s < s1; s++) {
        const conll_sent_t *st = &c->sent[s];
        for (size_t b = 0; b < st->n; b += TAGGER_MAX_WORDS) {
          size_t n = st->n - b < TAGGER_MAX_WORDS ? st->n - b : TAGGER_MAX_WORDS;
          uint8_t *sp = pos + off[s] + b, *sl = lab + off[s] + b;
          for (size_t i = 0; i < n; i++) {
            w[i].s = st->word[b + i];
            w[i].len = (uint32_t)strlen(st->word[b + i]);
          }
          err = pass ? tagger_ner_doc(tg, ts, w, n, sp, sl) : tagger_tag(tg, ts, w, n, sp, sl);
          if (err != CW_OK) {
            snprintf(errstr, errstr_size, "tagging sentence %zu failed", s + 1);
            goto done;
          }
          if (!pass)
            tagger_doc_add(ts, w, n, sl);
        }
      }
    }
    tag_time += cw_time_mono_s() - t0;
    for (size_t s = s0; s < s1; s++) {
      const conll_sent_t *st = &c->sent[s];
      for (size_t b = 0; b < st->n; b += TAGGER_MAX_WORDS) {
        size_t n = st->n - b < TAGGER_MAX_WORDS ? st->n - b : TAGGER_MAX_WORDS;
        for (size_t i = 0; i < n; i++)
          pred[i] = tagger_ner_name(tg, lab[off[s] + b + i]);
        conll_score_add(sc, (const char *const *)st->ner + b, pred, n);
        for (size_t i = 0; pf && i < n; i++)
          fprintf(pf, "%s %s %s\n", st->word[b + i], st->ner[b + i], pred[i]);
      }
      if (pf)
        fputc('\n', pf);
    }
  }
  if (pf) {
    int bad = ferror(pf);
    bad |= fclose(pf) != 0;
    pf = NULL;
    if (bad) {
      snprintf(errstr, errstr_size, "writing %s failed", predictions);
      err = CW_ERR_IO;
      goto done;
    }
  }
  *secs = tag_time;
  err = CW_OK;
done:
  if (pf)
    fclose(pf);
  free(w);
  free(pos);
  free(lab);
  free(off);
  free(pred);
  tagger_scratch_destroy(&ts);
  tagger_destroy(&tg);
  conll_destroy(&c);
  return err;
}
