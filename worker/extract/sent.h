/* sent.h - the sentence splitter for news text: terminal punctuation with abbreviation and
 * quotation handling, and line breaks (titles, paragraphs) as boundaries. */
#ifndef CW_SENT_H
#define CW_SENT_H
#include <stddef.h>
#include "claimwire/extract.h"
#include "cw_arena.h"
#include "tok.h"

/**
 * @brief Splits the tokens of @p tr into sentences (allocated in @p arena) and sets each
 * token's .sentence.
 * @returns CW_OK, or CW_ERR_TOO_LARGE past CW_MAX_SENTENCES with a reason.
 */
cw_err_t sent_split(tok_result_t *tr, cw_arena_t *arena, cw_sentence_t **out, size_t *n_out,
                    char *errstr, size_t errstr_size) CW_WUR;

#endif
