/* attr_quote.h - quotation spans of an article: every quotation-mark style, quotes spanning
 * sentences, and quotes continued across paragraphs. */
#ifndef CW_ATTR_QUOTE_H
#define CW_ATTR_QUOTE_H
#include <stddef.h>
#include <stdint.h>
#include "docview.h"

/** One outermost quotation: tokens [open, close] inclusive (close is the closing mark, or the
 * last token before the paragraph break when the quote is left open). */
typedef struct {
  uint32_t open;
  uint32_t close;
  int closed;  /* 1 when a closing mark was found */
} cw_attr_quote_t;

/** @returns 1 when token @p i is a quotation mark of any style (straight or typographic). */
int cw_attr_is_quote_mark(const cw_docview_t *doc, size_t i);

/** @returns 1 when a paragraph break (a newline) separates token @p i - 1 from token @p i. */
int cw_attr_para_break(const cw_docview_t *doc, size_t i);

/** @returns 1 when token @p i is a double quotation mark that opens a quotation (a space or
 * nothing before it, a word after it): inside an open quotation, one that reopens it for the
 * next paragraph ("... level. “Every ..."). */
int cw_attr_opening_mark(const cw_docview_t *doc, size_t i);

/**
 * @brief Finds the outermost quotations of @p doc in text order into the arena.
 * @returns the number found; *@p out points into doc->arena.
 */
size_t cw_attr_quotes(const cw_docview_t *doc, cw_attr_quote_t **out);

#endif
