/* rules_date.h - DATE mentions: absolute dates ("March 7, 2021", "7 March 2021", "2021-03-07",
 * "March 2021", "2014") and dates relative to publication ("on Sunday", "yesterday",
 * "last year", "this week"), normalized to ISO 8601. */
#ifndef CW_RULES_DATE_H
#define CW_RULES_DATE_H
#include <stdint.h>
#include "docview.h"
#include "resolve.h"
#include "tok.h"

/**
 * @brief Adds a DATE candidate for every date in @p dv to @p l and marks its tokens in
 * @p taken (one byte per token). Relative dates resolve against dv->published_days and are
 * left unnormalized when it is INT64_MIN.
 */
void rules_date_find(const cw_docview_t *dv, const tok_info_t *info, unsigned char *taken,
                     res_list_t *l);

/** @returns 1-12 for an English month name or abbreviation ("March", "Mar", "Mar."), else 0. */
int rules_month(const char *w);

/** @returns 0 (Monday) - 6 (Sunday) for a capitalized weekday name, else -1. */
int rules_weekday(const char *w);

#endif
