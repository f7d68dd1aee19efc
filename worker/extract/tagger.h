/* tagger.h - part-of-speech and named-entity tagging of one sentence at a time with the
 * averaged-perceptron models in the model directory (pos.model, ner.model, gaz/). */
#ifndef CW_TAGGER_H
#define CW_TAGGER_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"
#include "perceptron.h"

/* The loaded models: read-only after tagger_load(), shared by every thread. */
typedef struct tagger_s tagger_t;
/* Per-thread working memory for tagging; grows to the longest sentence seen, never per token. */
typedef struct tagger_scratch_s tagger_scratch_t;

/* One token of a sentence: a view into the caller's text (UTF-8, not NUL-terminated). */
typedef struct {
  const char *s;
  uint32_t len;
} tagger_word_t;

/* The longest sentence the taggers accept; callers split longer runs. */
#define TAGGER_MAX_WORDS 4096u

/**
 * @brief Loads "<model_dir>/pos.model", "<model_dir>/ner.model" and, when present, the
 * gazetteers in "<model_dir>/gaz" (the NER features use them; a missing gaz/ is an error when
 * the NER model was trained with gazetteer features).
 * @returns CW_OK and *@p out; CW_ERR_NOT_FOUND when a model file is missing; CW_ERR_IO or
 *          CW_ERR_FORMAT (truncated, corrupt, wrong version) with a reason in @p errstr.
 */
cw_err_t tagger_load(const char *model_dir, tagger_t **out, char *errstr,
                     size_t errstr_size) CW_WUR;

/**
 * @brief tagger_load() with pos.model and ner.model already loaded from @p model_dir: takes
 * *@p pos and *@p ner (each pointer may be NULL, or point to NULL: that file is read) and sets
 * them to NULL, on failure too.
 */
cw_err_t tagger_load_models(const char *model_dir, perc_model_t **pos, perc_model_t **ner,
                            tagger_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees @p *t and sets it to NULL. Accepts NULL. */
void tagger_destroy(tagger_t **t);

/** @returns a new scratch for one thread (aborts on OOM like cw_alloc). */
tagger_scratch_t *tagger_scratch_create(void);

/** Sizes @p s for @p t now (the word-form cache, bound and resident) rather than over the
 * first articles: a worker's memory at start is then what it keeps while it runs. */
void tagger_scratch_prepare(tagger_scratch_t *s, const tagger_t *t);

/** @brief Frees @p *s and sets it to NULL. Accepts NULL. */
void tagger_scratch_destroy(tagger_scratch_t **s);

/**
 * @brief Tags the @p n words of one sentence with Penn Treebank POS tags: tags[i] is an id for
 * tagger_pos_name(). n == 0 is allowed.
 * @returns CW_OK; CW_ERR_TOO_LARGE when n > TAGGER_MAX_WORDS; CW_ERR_INVALID on NULL arguments.
 */
cw_err_t tagger_pos(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    uint8_t *tags) CW_WUR;

/**
 * @brief Labels the @p n words of one sentence with BIO entity labels (B-PER, I-ORG, ..., O):
 * labels[i] is an id for tagger_ner_name(). @p pos are the sentence's tagger_pos() tags.
 * @returns as tagger_pos().
 */
cw_err_t tagger_ner(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    const uint8_t *pos, uint8_t *labels) CW_WUR;

/**
 * @brief tagger_pos() then tagger_ner() on the same sentence, sharing the per-word work: the
 * fast path when both are wanted.
 * @returns as tagger_pos().
 */
cw_err_t tagger_tag(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    uint8_t *pos, uint8_t *labels) CW_WUR;

/*
 * Document-level NER. A model trained with document features labels a document in two passes:
 * tagger_tag() on each sentence, the sentences and their labels given to tagger_doc_add(),
 * then tagger_ner_doc() on each sentence, which relabels it knowing what the first pass said
 * of the other occurrences of its words in the document (a name written in full earlier, the
 * same word in a plainer context).
 */

/** @returns 1 when the NER model reads document features, 0 when tagger_tag() is final. */
int tagger_ner_uses_doc(const tagger_t *t);

/** @brief Starts a new document on @p s: forgets the sentences tagger_doc_add() gave it. */
void tagger_doc_begin(tagger_scratch_t *s);

/** @brief Adds one sentence's @p n words and its tagger_tag() NER labels to the document. */
void tagger_doc_add(tagger_scratch_t *s, const tagger_word_t *words, size_t n,
                    const uint8_t *labels);

/**
 * @brief The second NER pass over one sentence of the document: @p labels holds the first
 * pass's labels (as given to tagger_doc_add()) and gets the final ones; @p pos are its POS
 * tags. A sentence whose words the document says nothing about, or a model without document
 * features, keeps its labels. Called on the sentences in the order tagger_doc_add() got them,
 * each right after its tagger_tag(), it reuses the first pass's scores and only adds the
 * document's; otherwise (another order, a sentence not tagged just before it was added, a
 * document past some 65000 words) it computes them again: the labels are the same.
 * @returns as tagger_pos().
 */
cw_err_t tagger_ner_doc(const tagger_t *t, tagger_scratch_t *s, const tagger_word_t *words,
                        size_t n, const uint8_t *pos, uint8_t *labels) CW_WUR;

/** @returns how many sentences of the document tagger_ner_doc() relabelled from the first
 * pass's scores (since tagger_doc_begin()). */
size_t tagger_doc_reused(const tagger_scratch_t *s);

/** @returns the number of POS tags / NER labels (ids are 0 .. count-1). */
size_t tagger_pos_count(const tagger_t *t);
size_t tagger_ner_count(const tagger_t *t);

/** @returns the name of a POS tag ("NNP") or NER label ("B-PER", "O"); "?" for a bad id. */
const char *tagger_pos_name(const tagger_t *t, uint8_t id);
const char *tagger_ner_name(const tagger_t *t, uint8_t id);

/**
 * @brief Splits NER label @p id: *@p bio is 'B', 'I' or 'O'; *@p type is "PER", "ORG", "LOC",
 * "MISC" (NUL-terminated, static to the model) or "" for O.
 */
void tagger_ner_split(const tagger_t *t, uint8_t id, char *bio, const char **type);

/** @returns the id of POS tag / NER label @p name, or -1 when the model has no such tag. */
int tagger_pos_id(const tagger_t *t, const char *name);
int tagger_ner_id(const tagger_t *t, const char *name);

#endif
