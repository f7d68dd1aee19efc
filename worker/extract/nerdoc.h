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

#endif
