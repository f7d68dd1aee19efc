/* train_attr.c - learning attr.model from a PolNeAR-style directory and scoring the engine's
 * claims against one (claimwire/train.h). The directory holds text/<stem>.txt and
 * attributions/<stem>_<annotator>.ann. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "attr_eval.h"
#include "attr_train.h"
#include "claimwire/train.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_file.h"
#include "cw_time.h"
#include "cw_utf8.h"
#include "engine_train.h"

#define ATTR_FILE_MAX (64u * 1024u * 1024u) /* one text or .ann file */

#define LOG(o, ...) ((o)->log ? (void)fprintf((o)->log, __VA_ARGS__) : (void)0)

/* The sorted .txt names under @p data/text and .ann names under @p data/attributions. */
static cw_err_t list_corpus(const char *data, cw_strlist_t *texts, cw_strlist_t *anns,
                            char *errstr, size_t errstr_size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/text", data);
  if (cw_dir_list(path, ".txt", CW_DIR_NAMES, texts, errstr, errstr_size) != CW_OK ||
      texts->n == 0) {
    snprintf(errstr, errstr_size, "no texts in %s", path);
    return CW_ERR_NOT_FOUND;
  }
  snprintf(path, sizeof path, "%s/attributions", data);
  if (cw_dir_list(path, ".ann", CW_DIR_NAMES, anns, errstr, errstr_size) != CW_OK) {
    snprintf(errstr, errstr_size, "cannot read %s: %s", path, strerror(errno));
    return CW_ERR_NOT_FOUND;
  }
  return CW_OK;
}

/* The annotator files of text @p text ("<stem>.txt"): "<stem>_<id>.ann" with no further
 * underscore, in name order, appended to @p mine. */
static void annotators(const char *text, const cw_strlist_t *anns, cw_strlist_t *mine) {
  size_t sl = strlen(text) - 4;
  for (size_t a = 0; a < anns->n; a++) {
    const char *nm = anns->v[a];
    if (strncmp(nm, text, sl) == 0 && nm[sl] == '_' && !strchr(nm + sl + 1, '_'))
      cw_strlist_push(mine, nm);
  }
}

/* Reads and parses @p data/attributions/@p name into @p out. */
static cw_err_t read_ann(const char *data, const char *name, cw_ann_doc_t *out, char *errstr,
                         size_t errstr_size) {
  char path[4096], *ann = NULL;
  size_t alen = 0;
  snprintf(path, sizeof path, "%s/attributions/%s", data, name);
  cw_err_t err = cw_file_read(path, ATTR_FILE_MAX, &ann, &alen, errstr, errstr_size);
  if (err == CW_OK)
    err = cw_ann_parse(ann, alen, out, errstr, errstr_size);
  free(ann);
  return err;
}

static void copy_score(const cw_ann_score_t *s, cw_attr_score_t *out) {
  for (int p = 0; p < CW_PART__COUNT; p++)
    for (int ov = 0; ov < 2; ov++) {
      out->m[p][ov].tp_pred = s->m[p][ov].tp_pred;
      out->m[p][ov].tp_gold = s->m[p][ov].tp_gold;
      out->m[p][ov].n_pred = s->m[p][ov].n_pred;
      out->m[p][ov].n_gold = s->m[p][ov].n_gold;
    }
}

void cw_match_prf(const cw_match_count_t *m, double *p, double *r, double *f1) {
  cw_prf_t c = {m->tp_pred, m->tp_gold, m->n_pred, m->n_gold};
  cw_prf(&c, p, r, f1);
}

/* ---- Evaluation ---- */

static void one_span(cw_ann_span_t *s, cw_span_t sp) {
  s->n = 1;
  s->start[0] = sp.start;
  s->end[0] = sp.end;
}

/* Claims as attributions; with @p cued_only, only claims that have a cue (the
 * UNATTRIBUTED quotations are not attribution relations in PolNeAR's sense). */
static void claims_to_ann(const cw_result_t *r, int cued_only, cw_ann_doc_t *d) {
  for (size_t i = 0; i < r->n_claims; i++) {
    const cw_claim_t *c = &r->claims[i];
    if (cued_only && !c->has_cue)
      continue;
    cw_ann_attr_t a;
    memset(&a, 0, sizeof a);
    one_span(&a.content, c->content);
    /* A quotation interrupted by its attribution: its parts, PolNeAR's discontinuous content. */
    for (size_t k = 0; k < c->n_content_parts && k < CW_ANN_MAX_PIECES; k++) {
      a.content.start[k] = c->content_parts[k].start;
      a.content.end[k] = c->content_parts[k].end;
      a.content.n = (uint32_t)(k + 1);
    }
    if (c->has_cue)
      one_span(&a.cue, c->cue);
    if (c->has_source)
      one_span(&a.source, c->source);
    cw_ann_add(d, &a);
  }
}

/* Adds each candidate claim to the cw_ann_doc_t @p ud and keeps it for the rest of the scan. */
static int collect_cand(void *ud, cw_span_t cue, cw_span_t source, int has_source,
                        cw_span_t content, const uint64_t *f, size_t nf) {
  (void)f;
  (void)nf;
  cw_ann_attr_t a;
  memset(&a, 0, sizeof a);
  one_span(&a.cue, cue);
  one_span(&a.content, content);
  if (has_source)
    one_span(&a.source, source);
  cw_ann_add(ud, &a);
  return 1;
}

/* The candidate claims the frames build in @p doc before the learned scorer judges them
 * (with the engine's model, which the observer makes skip its scorer), into @p cands. */
static cw_err_t candidates(const cw_engine_t *engine, cw_extractor_t *ex, const cw_doc_t *doc,
                           cw_ann_doc_t *cands, char *errstr, size_t errstr_size) {
  cw_attr_observer_t obs = {collect_cand, NULL, cands};
  const cw_result_t *r;
  cw_extractor_observe_attr(ex, cw_engine_attr_model(engine), &obs);
  cw_err_t err = cw_extractor_run(ex, doc, &r, errstr, errstr_size);
  cw_extractor_observe_attr(ex, NULL, NULL);
  return err;
}

/* Writes @p pred as @p dir/@p stem.ann, covered text taken from @p body. */
static cw_err_t write_pred(const char *dir, const char *stem, const cw_ann_doc_t *pred,
                           const char *body, size_t blen, char *errstr, size_t errstr_size) {
  char path[4096];
  uint32_t *map = cw_malloc((blen + 1) * sizeof *map);
  size_t i = 0, n_cp = 0;
  while (i < blen) {
    map[n_cp++] = (uint32_t)i;
    (void)cw_utf8_next(body, blen, &i);
  }
  map[n_cp] = (uint32_t)blen;
  cw_buf_t out;
  cw_buf_init(&out, ATTR_FILE_MAX);
  FILE *f = NULL;
  int ok = 1;
  snprintf(path, sizeof path, "%s/%s.ann", dir, stem);
  if (cw_ann_write(pred, body, blen, map, n_cp, &out) != CW_OK || !(f = fopen(path, "w")) ||
      fwrite(out.p ? out.p : "", 1, out.len, f) != out.len)
    ok = 0;
  if (f && fclose(f) != 0)
    ok = 0;
  cw_buf_free(&out);
  free(map);
  if (ok)
    return CW_OK;
  snprintf(errstr, errstr_size, "cannot write %s", path);
  return CW_ERR_IO;
}

cw_err_t cw_eval_attribution(const cw_engine_t *engine, const char *data,
                             const char *predictions, cw_attr_eval_t *out, char *errstr,
                             size_t errstr_size) {
  cw_strlist_t texts = {0}, anns = {0};
  cw_ann_score_t score, score_cued, human;
  cw_extractor_t *ex = NULL;
  char path[4096], err1[512];
  memset(out, 0, sizeof *out);
  memset(&score, 0, sizeof score);
  memset(&score_cued, 0, sizeof score_cued);
  memset(&human, 0, sizeof human);
  cw_err_t err = list_corpus(data, &texts, &anns, errstr, errstr_size);
  if (err)
    goto done;
  ex = cw_extractor_create(engine);
  for (size_t t = 0; err == CW_OK && t < texts.n; t++) {
    char stem[1024];
    size_t sl = strlen(texts.v[t]) - 4;
    if (sl >= sizeof stem)
      continue;
    memcpy(stem, texts.v[t], sl);
    stem[sl] = 0;
    cw_strlist_t mine = {0};
    annotators(texts.v[t], &anns, &mine);
    if (mine.n == 0) {
      cw_strlist_free(&mine);
      continue;
    }
    size_t blen = 0;
    char *body = NULL;
    cw_ann_doc_t gold = {0}, second = {0}, pred = {0};
    snprintf(path, sizeof path, "%s/text/%s", data, texts.v[t]);
    err = cw_file_read(path, ATTR_FILE_MAX, &body, &blen, errstr, errstr_size);
    for (size_t a = 0; err == CW_OK && a < mine.n && a < 2; a++)
      if ((err = read_ann(data, mine.v[a], a ? &second : &gold, err1, sizeof err1)) != CW_OK)
        snprintf(errstr, errstr_size, "%s/attributions/%s: %s", data, mine.v[a], err1);
    if (err == CW_OK) {
      const cw_result_t *r;
      cw_doc_t doc = {stem, body, blen, NULL};
      double t0 = cw_time_mono_s();
      err = cw_extractor_run(ex, &doc, &r, err1, sizeof err1);
      out->secs += cw_time_mono_s() - t0;
      if (err != CW_OK) {
        snprintf(errstr, errstr_size, "%s: %s", texts.v[t], err1);
      } else {
        out->n_docs++;
        out->n_tokens += r->n_tokens;
        claims_to_ann(r, 0, &pred);
        cw_ann_score(&gold, &pred, &score);
        cw_ann_doc_t cued = {0};
        claims_to_ann(r, 1, &cued);
        cw_ann_score(&gold, &cued, &score_cued);
        cw_ann_free(&cued);
        if (mine.n > 1) {
          cw_ann_score(&gold, &second, &human);
          out->n_human++;
        }
        cw_ann_doc_t cands = {0};
        size_t miss[CW_ANN_MISS__COUNT] = {0};
        err = candidates(engine, ex, &doc, &cands, err1, sizeof err1);
        if (err != CW_OK)
          snprintf(errstr, errstr_size, "%s: %s", texts.v[t], err1);
        cw_ann_misses(&gold, &pred, &cands, miss);
        for (int k = 0; k < CW_ANN_MISS__COUNT && k < CW_ATTR_MISS_CLASSES; k++)
          out->misses[k] += miss[k];
        cw_ann_free(&cands);
      }
      if (err == CW_OK && predictions)
        err = write_pred(predictions, stem, &pred, body, blen, errstr, errstr_size);
    }
    cw_ann_free(&gold);
    cw_ann_free(&second);
    cw_ann_free(&pred);
    free(body);
    cw_strlist_free(&mine);
  }
  copy_score(&score, &out->all);
  out->n_miss_classes = CW_ANN_MISS__COUNT < CW_ATTR_MISS_CLASSES ? CW_ANN_MISS__COUNT
                                                                  : CW_ATTR_MISS_CLASSES;
  for (size_t k = 0; k < out->n_miss_classes; k++)
    out->miss_name[k] = cw_ann_miss_name((int)k);
  copy_score(&score_cued, &out->cued);
  copy_score(&human, &out->human);
done:
  cw_extractor_destroy(&ex);
  cw_strlist_free(&texts);
  cw_strlist_free(&anns);
  return err;
}

/* ---- Training ---- */

void cw_train_attr_defaults(cw_train_attr_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->add_min = 0.15;
  o->keep_min = 0.05;
  o->min_count = 3;
  o->epochs = 10;
  o->threshold = -13.0;
  o->cue_epochs = 10;
  o->orders = 3;
  o->folds = 5;
}

typedef struct {
  char *body;
  size_t len;
  cw_ann_doc_t gold;
} train_doc_t;

/* Runs extraction over one article while @p t records, against its gold attributions, the
 * cue-classifier tokens (@p cands 0) or the candidate claims found with @p m (@p cands 1). */
static cw_err_t run_doc(cw_extractor_t *ex, const cw_attr_model_t *m, cw_attr_trainer_t *t,
                        const train_doc_t *d, int cands, char *err, size_t err_size) {
  cw_attr_observer_t obs;
  cw_attr_trainer_observer(t, &d->gold, &obs);
  if (cands)
    obs.on_token = NULL;
  else
    obs.on_cand = NULL;
  cw_extractor_observe_attr(ex, m, &obs);
  const cw_result_t *r = NULL;
  cw_doc_t doc = {NULL, d->body, d->len, NULL};
  cw_err_t e = cw_extractor_run(ex, &doc, &r, err, err_size);
  cw_extractor_observe_attr(ex, NULL, NULL);
  if (!e && cands)
    cw_attr_trainer_claims(t, r->tokens, r->n_tokens, r->claims, r->n_claims, &d->gold);
  return e;
}

/* Counts the articles @p docs[i] with i % folds != k (all of them when @p k is folds) into
 * @p t: word forms and cue openings, then the cue-classifier tokens of a run. */
static cw_err_t count_docs(cw_extractor_t *ex, cw_attr_trainer_t *t, const train_doc_t *docs,
                           size_t n, unsigned folds, unsigned k, char *err, size_t err_size) {
  cw_err_t e = CW_OK;
  for (size_t i = 0; e == CW_OK && i < n; i++)
    if (k == folds || i % folds != k) {
      e = cw_attr_trainer_add(t, docs[i].body, docs[i].len, &docs[i].gold, err, err_size);
      if (e == CW_OK)
        e = run_doc(ex, NULL, t, &docs[i], 0, err, err_size);
    }
  return e;
}

/* Every annotated article of @p data read once (first annotator): *@p docs, *@p n. */
static cw_err_t read_docs(const char *data, train_doc_t **docs, size_t *n, char *errstr,
                          size_t errstr_size) {
  cw_strlist_t texts = {0}, anns = {0};
  char path[4096], err1[512];
  *docs = NULL;
  *n = 0;
  cw_err_t err = list_corpus(data, &texts, &anns, errstr, errstr_size);
  if (err) {
    snprintf(errstr, errstr_size, "no text/ and attributions/ in %s", data);
    goto done;
  }
  *docs = cw_calloc(texts.n, sizeof **docs);
  for (size_t t = 0; err == CW_OK && t < texts.n; t++) {
    cw_strlist_t mine = {0};
    annotators(texts.v[t], &anns, &mine);
    if (mine.n) {
      train_doc_t *d = &(*docs)[(*n)++];
      snprintf(path, sizeof path, "%s/text/%s", data, texts.v[t]);
      err = cw_file_read(path, ATTR_FILE_MAX, &d->body, &d->len, err1, sizeof err1);
      if (err == CW_OK)
        err = read_ann(data, mine.v[0], &d->gold, err1, sizeof err1);
      if (err)
        snprintf(errstr, errstr_size, "%s: %s", texts.v[t], err1);
    }
    cw_strlist_free(&mine);
  }
done:
  cw_strlist_free(&texts);
  cw_strlist_free(&anns);
  return err;
}

cw_err_t cw_train_attribution(const cw_engine_t *engine, const char *data, const char *out_path,
                              const cw_train_attr_opts_t *o, size_t *n_used, char *errstr,
                              size_t errstr_size) {
  cw_attr_train_params_t prm = {o->add_min, o->keep_min,   o->min_count,  o->prec_min,
                                o->epochs,  o->threshold,  o->seed,       o->cue_epochs,
                                o->cue_threshold, o->orders};
  unsigned folds = o->folds ? o->folds : 1;
  train_doc_t *docs = NULL;
  size_t used = 0;
  cw_attr_trainer_t *tr = NULL, *fold = NULL;
  cw_attr_model_t *model = NULL;
  cw_extractor_t *ex = NULL;
  *n_used = 0;
  cw_err_t err = read_docs(data, &docs, &used, errstr, errstr_size);
  if (err)
    goto done;
  ex = cw_extractor_create(engine);
  /* The cue table and the cue classifier the model ships come from all articles. The claim
   * scorer learns from the candidates of each fold of articles found with a table and a
   * classifier learned on the other folds, so that its candidates look like those of unseen
   * text (a table counted on the same article would vouch for its own rare cues). */
  tr = cw_attr_trainer_create();
  if ((err = count_docs(ex, tr, docs, used, folds, folds, errstr, errstr_size)) != CW_OK)
    goto done;
  for (unsigned k = 0; k < folds; k++) {
    cw_attr_trainer_t *from = tr;
    if (folds > 1) {
      from = fold = cw_attr_trainer_create();
      if ((err = count_docs(ex, fold, docs, used, folds, k, errstr, errstr_size)) != CW_OK)
        goto done;
    }
    cw_attr_train_params_t first = prm;
    first.prec_min = 0;
    first.epochs = 0;
    if ((err = cw_attr_trainer_write(from, out_path, &first, errstr, errstr_size)) != CW_OK ||
        (err = cw_attr_model_load(out_path, &model, errstr, errstr_size)) != CW_OK)
      goto done;
    cw_attr_trainer_destroy(&fold);
    for (size_t i = k; i < used; i += folds)
      if ((err = run_doc(ex, model, tr, &docs[i], 1, errstr, errstr_size)) != CW_OK)
        goto done;
    cw_attr_model_destroy(&model);
    LOG(o, "claimwire train attribution: fold %u of %u measured\n", k + 1, folds);
  }
  if ((err = cw_attr_trainer_write(tr, out_path, &prm, errstr, errstr_size)) != CW_OK)
    goto done;
  *n_used = used;
done:
  for (size_t i = 0; docs && i < used; i++) {
    free(docs[i].body);
    cw_ann_free(&docs[i].gold);
  }
  free(docs);
  cw_attr_trainer_destroy(&fold);
  cw_attr_trainer_destroy(&tr);
  cw_attr_model_destroy(&model);
  cw_extractor_destroy(&ex);
  return err;
}
