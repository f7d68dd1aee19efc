/* sent.h - the sentence splitter for news text: terminal punctuation with abbreviation and
 * quotation handling, and line breaks (titles, paragraphs) as boundaries. */
#ifndef CW_SENT_H
#define CW_SENT_H
#include <stddef.h>
#include "claimwire/extract.h"
#include "cw_arena.h"
#include "tok.h"

/* Most tokens in one sentence: a longer run without a boundary (an unpunctuated dump) is cut
 * there, so every stage that works within a sentence does bounded work per token. News
 * sentences stay far below it (under 100 tokens in the evaluation sets). */
#define SENT_MAX_TOKENS 256u

/**
 * @brief Splits the tokens of @p tr into sentences (allocated in @p arena) and sets each
 * token's .sentence; no sentence holds more than SENT_MAX_TOKENS tokens.
 * @returns CW_OK, or CW_ERR_TOO_LARGE past CW_MAX_SENTENCES with a reason.
 */
cw_err_t sent_split(tok_result_t *tr, cw_arena_t *arena, cw_sentence_t **out, size_t *n_out,
                    char *errstr, size_t errstr_size) CW_WUR;

#endif
