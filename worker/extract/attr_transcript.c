/* attr_transcript.c - speaker turns of a transcript ("PENCE: Well, look, ..."): each labelled
 * paragraph is a claim of the speaker it names, running to the end of the turn. */
#include "attr_int.h"

/* Whether token i is an upper-case word of a speaker label ("PENCE", "JAKE", "O'REILLY"). */
static int caps_word(const ctx_t *c, size_t i) {
  const unsigned char *t = (const unsigned char *)c->tk[i].text;
  if (!t || !isupper(t[0])) return 0;
  for (; *t; t++)
    if (!isupper(*t) && *t != '\'' && *t != '-' && *t != '.') return 0;
  return 1;
}

/* The colon of a transcript line "PENCE: Well, look, ..." or "\"WALLACE: If I may, ...": one
 * to three upper-case words opening a paragraph (after an opening quotation mark, if any).
 * Returns the colon's token, or 0. */
static size_t turn_label(const ctx_t *c, size_t i, size_t *name_a) {
  size_t N = c->doc->n_tokens, a = i;
  if (!para_start(c, i)) return 0;
  if (cw_attr_is_quote_mark(c->doc, a) && a + 1 < N && !cw_attr_para_break(c->doc, a + 1)) a++;
  size_t k = a;
  while (k < N && k < a + 3 && caps_word(c, k) && !any_word(c, k, ATTR_NOT_SPEAKERS)) k++;
  if (k == a || k + 1 >= N || !is_word(c, k, ":") || cw_attr_para_break(c->doc, k + 1)) return 0;
  for (size_t j = a + 1; j <= k; j++)
    if (cw_attr_para_break(c->doc, j)) return 0;
  *name_a = a;
  return k;
}

/* A transcript's turns: where an article has at least two labelled paragraphs, each label is a
 * claim whose source is the speaker and whose content runs to the end of the turn (through
 * paragraphs that continue the same quotation, up to the next label or a parenthetical
 * "(CROSSTALK.)"). Returns how many there are, in *@p out (arena memory; NULL when none). */
size_t attr_transcript_turns(const ctx_t *c, cand_t **out) {
  size_t N = c->doc->n_tokens, n = 0, labels = 0, name_a;
  *out = NULL;
  for (size_t i = 0; i < N; i++) labels += turn_label(c, i, &name_a) != 0;
  if (labels < 2) return 0;
  *out = cw_arena_alloc(c->doc->arena, labels * sizeof **out);
  for (size_t i = 0; i < N && n < labels; i++) {
    size_t colon = turn_label(c, i, &name_a);
    if (!colon) continue;
    int quoted = name_a > i;
    size_t end = colon + 1;
    while (end + 1 < N) {
      size_t nx = end + 1, na;
      if (cw_attr_para_break(c->doc, nx)) {
        if (!quoted || !cw_attr_is_quote_mark(c->doc, nx) || turn_label(c, nx, &na)) break;
        if (nx + 1 < N && (is_word(c, nx + 1, "(") || is_word(c, nx + 1, "["))) break;
      }
      end = nx;
    }
    /* The content leaves out the quotation marks that wrap the turn. */
    while (end > colon + 1 && cw_attr_is_quote_mark(c->doc, end)) end--;
    (*out)[n++] = (cand_t){{(uint32_t)colon, (uint32_t)colon},
                        {(uint32_t)name_a, (uint32_t)(colon - 1)},
                        {(uint32_t)(colon + 1), (uint32_t)end}, ":"};
    i = end;
  }
  return n;
}
