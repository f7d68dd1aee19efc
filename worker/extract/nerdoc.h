/* nerdoc.h - the document memory of the NER tagger's second pass: the labels the first pass
 * gave every capitalised word form of a document, and for one word what the other occurrences
 * of its form were labelled (the document-level features of tagfeat.h). */
#ifndef CW_NERDOC_H
#define CW_NERDOC_H
#include <stddef.h>
#include <stdint.h>
#include "tagger.h"

/* Label ids below NERDOC_LABELS are counted (NER models have 9); others are ignored. */
#define NERDOC_LABELS 15u
/* Bits of a word's information word (nerdoc_info): bit y < NERDOC_LABELS when another
 * capitalised occurrence of the form had label y; NERDOC_LOWER when the form is also written
 * in lower case; the majority label of the other capitalised occurrences + 1 from bit
 * NERDOC_MAJ_SHIFT (0: none). 0 as a whole: nothing known. */
#define NERDOC_LOWER (1u << 15)
#define NERDOC_MAJ_SHIFT 16
#define NERDOC_MAJ(info) ((info) >> NERDOC_MAJ_SHIFT)

typedef struct nerdoc_s nerdoc_t;

/** @returns a new, empty document memory (aborts on OOM). */
nerdoc_t *nerdoc_create(void);
/** @brief Frees @p *d and sets it to NULL. Accepts NULL. */
void nerdoc_destroy(nerdoc_t **d);
/** @brief Forgets every word: the start of a new document. */
void nerdoc_reset(nerdoc_t *d);

/**
 * @brief Adds the @p n words of one sentence with their first-pass labels. Forms are compared
 * case-folded (ASCII); a word with an upper-case letter counts under its label, one without
 * counts as a lower-case use of the form.
 */
void nerdoc_add(nerdoc_t *d, const tagger_word_t *w, size_t n, const uint8_t *labels);

/**
 * @brief For each of the @p n words of a sentence added with nerdoc_add() and the same
 * @p labels: what the document says of the other occurrences of its form, info[i] as above (0
 * for words without an upper-case letter and for forms seen nowhere else).
 * @returns the number of words with information.
 */
size_t nerdoc_info(const nerdoc_t *d, const tagger_word_t *w, size_t n, const uint8_t *labels,
                   uint32_t *info);

/**
 * @brief Keeps the first pass's multi-word entities whole where the second pass cuts one into
 * pieces of one type: when the second pass's labels @p second hold two entities of the same
 * type inside one of the first pass's entities of two words or more (@p first), that entity's
 * words get their first-pass labels back. What the document says of a word alone
 * ("Rotterdam", "Bush") does not cut the longer name that holds it ("Port of Rotterdam",
 * "George W Bush"); the second pass may still retype a name, drop a word off its edge or part
 * two names of different types ("U.S. Treasury"). Per label id, @p bio gives 'B', 'I' or 'O'
 * and @p type a number that labels of one entity type share.
 */
void nerdoc_keep_spans(const char *bio, const uint8_t *type, const uint8_t *first,
                       uint8_t *second, size_t n);

/**
 * @brief The @p bio and @p type of nerdoc_keep_spans() for the @p n labels @p names ("O",
 * "B-PER", "I-PER", ...): 'B'/'I' and 1 + the index of the first label of the same type, or
 * 'O' and 0 for any other label.
 */
void nerdoc_label_kinds(const char *const *names, size_t n, char *bio, uint8_t *type);

#endif
