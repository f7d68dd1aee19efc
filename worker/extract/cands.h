/* cands.h - corrections to the mention candidates of one article before resolution: titles
 * off person names ("Mr Milburn" -> "Milburn"), common-noun acronyms ("DVD", "MPs") and
 * capitalized common words ("Look, ...") dropped, and names over the date and number rules
 * inside or next to them ("The Mail on Sunday", "BBC Radio 4"). */
#ifndef CW_CANDS_H
#define CW_CANDS_H
#include <stddef.h>
#include "docview.h"
#include "resolve.h"
#include "tok.h"

/**
 * @brief Corrects the candidates of @p l in place; a dropped candidate gets an empty span.
 * @param title_sentences sentences [0, title_sentences) are the title.
 */
void cands_clean(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                 size_t title_sentences);

/** @returns nonzero when @p w is a title before a person's name ("Mr", "Sir", "President");
 * @p next (or NULL) is the word after it, for "Prime Minister". */
int cands_is_title(const char *w, const char *next);

/** @returns nonzero for an acronym of a common noun ("DVD", "PCs", "MP"). */
int cands_is_common_acronym(const char *w);

/** @returns nonzero for a model or product code ("A350", "7E7", "P900"; not "4G", "Q3"). */
int cands_is_code(const char *w);

#endif
