/* claimwire/train.h - the engine's training and evaluation entry points: POS and NER taggers
 * trained from CoNLL files, word clusters from raw text, the attribution model learned from
 * annotated articles, and the scores of the NER tagger and of the whole engine's attributions
 * against labelled data. Progress goes to the FILE given in the options (NULL: none); results
 * come back in structs; errors as cw_err_t with a reason in errstr. */
#ifndef CLAIMWIRE_TRAIN_H
#define CLAIMWIRE_TRAIN_H
#include <stddef.h>
#include <stdio.h>
#include "claimwire/extract.h"

/* ---- Chunk (entity) scores, conlleval-style: overall and per type. ---- */

#define CW_CHUNK_TYPES 16 /* types beyond this are pooled in the last slot */

typedef struct {
  char type[16];
  size_t gold, pred, correct;
} cw_chunk_count_t;

typedef struct {
  cw_chunk_count_t t[CW_CHUNK_TYPES];
  size_t ntypes;
  size_t gold, pred, correct; /* entities */
  size_t tokens, tok_correct; /* labels */
} cw_chunk_score_t;

/** @brief Precision, recall and F1 (0..1) of @p correct / @p pred / @p gold (0 if undefined). */
void cw_chunk_prf(size_t correct, size_t pred, size_t gold, double *p, double *r, double *f);

/* ---- Taggers ---- */

typedef enum { CW_TAGGER_POS = 0, CW_TAGGER_NER = 1 } cw_tagger_kind_t;

typedef struct {
  cw_tagger_kind_t kind;
  const char *train_path, *dev_path; /* CoNLL-2003 style: word POS chunk NER (BIO) */
  const char *out_path;              /* the best epoch's model is written here */
  const char *pos_model;             /* NER only, optional: POS tags from this model */
  const char *gaz_dir;               /* NER only, optional: gazetteer features */
  const char *clusters;              /* NER only, optional: word-cluster features */
  unsigned doc_folds;                /* NER only: 0, or document features with the training
                                      * documents' first-pass labels from doc_folds (>= 2)
                                      * models each trained without one doc_folds-th of them */
  unsigned orders;                   /* train this many copies, each visiting the sentences in
                                      * its own orders, and average their weights (0 or 1: one) */
  unsigned epochs, min_count, seed;
  double prune;                      /* drop averaged weights with |w| <= prune */
  FILE *log;                         /* per-epoch progress and dev scores */
} cw_train_tagger_opts_t;

/** @brief The command line's defaults: 8 epochs, min_count 1, seed 1, prune 0.01. */
void cw_train_tagger_defaults(cw_train_tagger_opts_t *o);

/**
 * @brief Trains an averaged-perceptron POS or NER tagger on @p o->train_path, scores every
 * epoch on @p o->dev_path (token accuracy, or entity F1) and writes the best epoch's model.
 * @returns CW_OK and the best dev score in *@p best (may be NULL); CW_ERR_IO/CW_ERR_FORMAT/
 *          CW_ERR_INVALID with a reason.
 */
cw_err_t cw_train_tagger(const cw_train_tagger_opts_t *o, double *best, char *errstr,
                         size_t errstr_size) CW_WUR;

/** One input of cluster training: raw text (one document or paragraph a line, tokenized by
 * the engine's tokenizer) or a CoNLL file (its words). */
typedef struct {
  const char *path;
  int conll;
} cw_cluster_input_t;

typedef struct {
  const cw_cluster_input_t *inputs; /* read in this order */
  size_t n_inputs;
  const char *out_path;
  unsigned classes[2];              /* fine and coarse cluster counts */
  unsigned min_count, iters;
  FILE *log;
} cw_train_clusters_opts_t;

/**
 * @brief Word clusters for the NER features by the exchange algorithm; writes @p o->out_path.
 * Lines the tokenizer rejects (invalid UTF-8, too long) are skipped and counted in the log.
 */
cw_err_t cw_train_clusters(const cw_train_clusters_opts_t *o, char *errstr,
                           size_t errstr_size) CW_WUR;

/**
 * @brief Tags the words of the CoNLL file @p data with the POS and NER models of @p model_dir
 * and scores the NER labels against the file's last column. With @p predictions (NULL: none),
 * writes "word gold predicted" lines there, a blank line after each sentence.
 * @returns CW_OK, *@p score and the seconds spent tagging in *@p secs; or an error.
 */
cw_err_t cw_eval_ner(const char *model_dir, const char *data, const char *predictions,
                     cw_chunk_score_t *score, double *secs, char *errstr,
                     size_t errstr_size) CW_WUR;

/* ---- Attribution ---- */

/** Room for the classes of missed attributions in cw_attr_eval_t. */
#define CW_ATTR_MISS_CLASSES 16

/** Matched predicted, matched gold, predicted and gold counts of one measure. */
typedef struct {
  size_t tp_pred, tp_gold, n_pred, n_gold;
} cw_match_count_t;

enum { CW_MATCH_EXACT = 0, CW_MATCH_OVERLAP = 1 };
enum { CW_PART_CUE = 0, CW_PART_SOURCE, CW_PART_CONTENT, CW_PART_WHOLE, CW_PART__COUNT };

typedef struct {
  cw_match_count_t m[CW_PART__COUNT][2]; /* [part][CW_MATCH_EXACT|CW_MATCH_OVERLAP] */
} cw_attr_score_t;

/** @brief Precision, recall and F1 of @p m (0 when undefined). */
void cw_match_prf(const cw_match_count_t *m, double *p, double *r, double *f1);

typedef struct {
  cw_attr_score_t all;     /* every claim of the engine vs the first annotator */
  cw_attr_score_t cued;    /* claims with a cue only */
  cw_attr_score_t human;   /* second annotator vs first, where there is one */
  size_t n_docs, n_tokens, n_human;
  double secs;             /* spent in extraction */
  /* Gold attributions that no claim matches (whole, overlap), by why: the class names (no
   * cue found, content held by another cue, dropped by the learned scorer, ...) and counts. */
  size_t n_miss_classes;
  const char *miss_name[CW_ATTR_MISS_CLASSES];
  size_t misses[CW_ATTR_MISS_CLASSES];
} cw_attr_eval_t;

/**
 * @brief Runs @p engine over every article of the PolNeAR-style directory @p data
 * (text/<stem>.txt, attributions/<stem>_<annotator>.ann; the first annotator file of an article
 * in name order is gold, the second one is scored as human agreement) and scores the claims.
 * With @p predictions (an existing directory, NULL: none), writes <stem>.ann there.
 * @returns CW_OK and *@p out; CW_ERR_NOT_FOUND when @p data holds no texts or no readable
 *          attributions/; CW_ERR_IO/CW_ERR_FORMAT with a reason.
 */
cw_err_t cw_eval_attribution(const cw_engine_t *engine, const char *data,
                             const char *predictions, cw_attr_eval_t *out, char *errstr,
                             size_t errstr_size) CW_WUR;

typedef struct {
  double add_min, keep_min;   /* cue rates: a new form is added / a built-in form kept */
  unsigned min_count;         /* cue occurrences a form needs */
  double prec_min;            /* drop cue forms whose claims matched less often (0: off) */
  unsigned epochs;            /* claim-scorer epochs (0: no scorer) */
  double threshold;           /* the scorer keeps candidates scoring at least this */
  unsigned seed, orders;      /* perceptron visiting orders: seeds seed .. seed + orders - 1 */
  unsigned cue_epochs;        /* cue-classifier epochs (0: no classifier) */
  double cue_threshold;       /* the classifier proposes tokens scoring at least this */
  unsigned folds;             /* the claim scorer learns from K folds of the articles */
  FILE *log;                  /* one line a fold */
} cw_train_attr_opts_t;

/** @brief The command line's defaults (add_min 0.15, keep_min 0.05, min_count 3, epochs 10,
 * threshold -13, cue_epochs 10, orders 3, folds 5, the rest 0). */
void cw_train_attr_defaults(cw_train_attr_opts_t *o);

/**
 * @brief Learns attr.model from the PolNeAR-style directory @p data (first annotator of each
 * article) and writes it to @p out_path. The articles run through @p engine, so the learned
 * parts see the tokens, tags and entities extraction produces. The claim scorer learns, fold
 * by fold, from the candidates found with a cue table and classifier learned on the other
 * folds.
 * @returns CW_OK and the number of articles used in *@p n_used; CW_ERR_NOT_FOUND when @p data
 *          has no text/ and attributions/; other errors with a reason.
 */
cw_err_t cw_train_attribution(const cw_engine_t *engine, const char *data, const char *out_path,
                              const cw_train_attr_opts_t *o, size_t *n_used, char *errstr,
                              size_t errstr_size) CW_WUR;

#endif
