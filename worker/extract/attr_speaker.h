/* attr_speaker.h - resolves a claim's source span to one of the article's entities: names
 * inside the span, pronouns ("he noted") and descriptions ("the company"). */
#ifndef CW_ATTR_SPEAKER_H
#define CW_ATTR_SPEAKER_H
#include <stddef.h>
#include <stdint.h>
#include "docview.h"

/** Every entity mention of an article sorted by start, for span look-ups. */
typedef struct {
  uint32_t start, end;  /* code points */
  int32_t entity;
  uint32_t sentence;
} cw_attr_mention_t;

typedef struct {
  cw_attr_mention_t *m;
  size_t n;
} cw_attr_mentions_t;

/** @brief Collects and sorts the mentions of @p doc (arena memory). */
void cw_attr_mentions_build(const cw_docview_t *doc, cw_attr_mentions_t *out);

/** What a claim's surroundings tell speaker resolution. */
typedef struct {
  uint32_t mask_start[2], mask_end[2]; /* code points of the claim's content and of the
                                          previous claim's; names there are never
                                          antecedents of a pronoun */
  const int32_t *quote_of;             /* per token: its quotation or -1 (NULL: none);
                                          names quoted are never antecedents either */
  int32_t prev_speaker;                /* the previous claim's speaker, or -1 */
  uint32_t prev_source_end;            /* code point where that claim's source ends */
  uint32_t prev_cue_end;               /* code point where its cue ends, 0 when none */
  uint32_t prev_sentence;              /* the sentence of that source */
} cw_attr_speaker_ctx_t;

/**
 * @brief Resolves the source tokens [@p a, @p b] (inclusive) to an entity index.
 * @returns the entity index, or -1 when no entity fits (never a guess).
 */
int32_t cw_attr_resolve_speaker(const cw_docview_t *doc, const cw_attr_mentions_t *ms,
                                size_t a, size_t b);

/**
 * @brief cw_attr_resolve_speaker() for a claim in its article: pronouns skip names inside
 * quotations and claim contents and keep the previous claim's speaker while no other name of
 * the type intervened; descriptions ("the coach") are linked to the name the article gave that
 * description, and an organization is never guessed from proximity alone. In context, pronouns
 * also agree in gender and number (speaker.h) and prefer a name that is no preposition's object; "the report" speaks for
 * its author; "the company" and "the 32-year-old" are the organization or person the recent
 * sentences are about; a description the next sentence names ("a senior officer said ... Ann
 * Kirk said") is that name. *@p how (may be NULL) says which way the entity was found. @p sc
 * NULL gives cw_attr_resolve_speaker().
 */
int32_t cw_attr_resolve_speaker_in(const cw_docview_t *doc, const cw_attr_mentions_t *ms,
                                   size_t a, size_t b, const cw_attr_speaker_ctx_t *sc,
                                   cw_speaker_resolution_t *how);

/** @brief Appends to @p out (capacity @p cap) the distinct entities mentioned within
 * code points [@p start, @p end). @returns how many were written. */
size_t cw_attr_entities_in(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t start,
                           uint32_t end, int32_t *out, size_t cap);

#endif
