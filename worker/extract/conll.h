/* conll.h - reads CoNLL-2003 style column files (word POS chunk NER) and scores BIO labels
 * conlleval-style, for the training and evaluation entry points (claimwire/train.h). */
#ifndef CW_CONLL_H
#define CW_CONLL_H
#include <stddef.h>
#include "claimwire/train.h"
#include "cw_err.h"

typedef struct {
  size_t n;
  char **word, **pos, **ner; /* n each; pos is column 2, ner the last column */
  size_t doc;                /* document number: -DOCSTART- lines open the next one */
} conll_sent_t;

typedef struct {
  conll_sent_t *sent;
  size_t nsent, ntok, ndoc;
  char *text;  /* the file, split in place */
  char **cols; /* backing store of the column pointers */
} conll_t;

/**
 * @brief Reads @p path: one token per line with at least 2 whitespace-separated columns, blank
 * lines between sentences, -DOCSTART- lines closing a document (sentences before the first
 * one are document 0; ndoc counts the documents that hold sentences), the last sentence
 * closed at EOF.
 * @returns CW_OK and *@p out; CW_ERR_IO, or CW_ERR_FORMAT with "path:line: reason".
 */
cw_err_t conll_read(const char *path, conll_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees @p *c and sets it to NULL. Accepts NULL. */
void conll_destroy(conll_t **c);

typedef cw_chunk_count_t conll_type_count_t;
typedef cw_chunk_score_t conll_score_t;

/**
 * @brief Adds one sentence's BIO labels to @p s. Chunks follow conlleval: an I-X after O or
 * another type opens a chunk; a chunk is correct when type, start and end all match.
 */
void conll_score_add(conll_score_t *s, const char *const *gold, const char *const *pred, size_t n);

#endif
