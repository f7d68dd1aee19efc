/* attr_names.h - which tokens are words of a multi-word name ("South Bank Show Awards",
 * "Polar Express"): such a word names something and never heads a report, even when it is
 * spelled like a reporting verb. */
#ifndef CW_ATTR_NAMES_H
#define CW_ATTR_NAMES_H
#include <stdint.h>
#include "attr_speaker.h"
#include "docview.h"

/**
 * @brief Marks the capitalised tokens of @p doc that lie inside an entity mention of two or more
 * tokens, or between two capitalised words, in sentences not written in title case (headlines
 * capitalise their verbs too).
 * @returns one flag per token (arena memory; 1 = a word of a name), or NULL when the document
 * has no tokens.
 */
uint8_t *cw_attr_name_tokens(const cw_docview_t *doc, const cw_attr_mentions_t *ms);

#endif
