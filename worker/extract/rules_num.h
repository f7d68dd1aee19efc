/* rules_num.h - MONEY ("$1.5 billion", "£20m", "20 million euros"), PERCENT ("3.5%",
 * "40 percent") and NUMBER ("more than 2,700", "four") mentions with their qualifier. */
#ifndef CW_RULES_NUM_H
#define CW_RULES_NUM_H
#include <stddef.h>
#include <stdint.h>
#include "docview.h"
#include "resolve.h"
#include "tok.h"

/**
 * @brief Adds MONEY, PERCENT and NUMBER candidates for tokens not yet in @p taken and marks
 * theirs. Numbers inside words ("COVID-19") and years taken by the date rules are skipped.
 */
void rules_num_find(const cw_docview_t *dv, const tok_info_t *info, unsigned char *taken,
                    res_list_t *l);

/**
 * @brief Parses a number token ("2,700", "3.5") or number word ("four", "twenty") times
 * 10^@p exp10 into the decimal string @p out ("2700", "3.5", "1500000000").
 * @returns 0 on success, -1 when it is not a number or does not fit.
 */
int rules_num_value(const char *tok, int exp10, char *out, size_t size);

#endif
