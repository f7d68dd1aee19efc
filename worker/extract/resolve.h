/* resolve.h - mention candidates from every stage (NER, rules, gazetteers) and their
 * resolution into the entities of one article: overlaps settled by priority, mentions merged
 * (surname -> full name, acronym -> long form, aliases), canonical names and salience. */
#ifndef CW_RESOLVE_H
#define CW_RESOLVE_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "cw_arena.h"
#include "docview.h"
#include "tok.h"

/* Where a candidate came from; a higher value wins an overlap of equal length. */
typedef enum {
  RES_SRC_HEUR = 0,  /* capitalization heuristics */
  RES_SRC_GAZ,       /* gazetteer match */
  RES_SRC_PATTERN,   /* a strong pattern: capitalized run ending in an organization word */
  RES_SRC_NER,       /* statistical NER */
  RES_SRC_RULE,      /* DATE / MONEY / PERCENT / NUMBER rules */
} res_src_t;

typedef struct {
  uint32_t t0, t1;          /* token range [t0, t1) */
  cw_entity_type_t type;
  res_src_t src;
  const char *canon;        /* canonical name from a gazetteer, or NULL */
  const char *normalized;   /* rules: ISO date, amount, value; or NULL */
  const char *qualifier;    /* rules: "at least", ...; or NULL */
  int cued;                 /* the type comes from a context cue ("the film X"); it
                               outweighs the tagger's guesses at other mentions */
} res_mention_t;

/** A growable candidate list in an arena. */
typedef struct {
  res_mention_t *v;
  size_t n, cap;
  cw_arena_t *arena;
} res_list_t;

void res_list_init(res_list_t *l, cw_arena_t *arena);
/** @returns the length of the hyphenated suffix that glues a word to a name ("-based" in
 * "London-based", "-style" in "Madrid-style"), or 0; the name alone is the mention. */
size_t res_name_suffix_len(const char *token);
/** Appends a copy of @p m. */
void res_list_add(res_list_t *l, const res_mention_t *m);

/**
 * @brief Resolves the candidates of @p l into entities for @p dv (tokens, sentences set).
 * @param info the tokenizer facts parallel to dv->tokens.
 * @param title_sentences sentences [0, title_sentences) count as the title for salience.
 * Past CW_MAX_MENTIONS the first mentions in text order are kept, past CW_MAX_ENTITIES the
 * mentions of further entities are dropped; either sets *dv->capped.
 * @returns CW_OK and the entities (in dv->arena, sorted by first mention).
 */
cw_err_t res_resolve(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                     size_t title_sentences, cw_entity_t **out, size_t *n_out, char *errstr,
                     size_t errstr_size) CW_WUR;

#endif
