/* speaker.h - what an article and the language tell about who can be a claim's speaker: the
 * gender of each person (given names of the gazetteer, honorifics, gendered role nouns beside a
 * name), what a pronoun asks of its antecedent (type, gender, number), the age a description
 * gives ("the 32-year-old"), the nouns that name a document rather than a speaker ("the
 * report"), and whether a name is only the object of a preposition. Speaker resolution
 * (attr_speaker.c) decides with these facts; this file decides nothing. */
#ifndef CW_SPEAKER_H
#define CW_SPEAKER_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "docview.h"
#include "gaz.h"

typedef enum { CW_GENDER_UNKNOWN = 0, CW_GENDER_MALE, CW_GENDER_FEMALE } cw_gender_t;
#define CW_GENDER_MASK 3     /* the cw_gender_t bits of a cw_speaker_genders() byte */
#define CW_GENDER_ARTICLE 4  /* set when the article itself (a title, a noun, a pronoun) agrees */

/** What a pronoun asks of the entity it refers to. */
typedef struct {
  cw_entity_type_t type;  /* CW_ENT_PER ("he", "she") or CW_ENT_ORG ("it") */
  cw_gender_t gender;     /* UNKNOWN for "it" */
  int plural;             /* "they": a group, never one person or organization */
} cw_pronoun_t;

/**
 * @brief The gender of each entity of @p dv (one byte per entity, a cw_gender_t, in dv's
 * arena; UNKNOWN for everything but people): the gazetteer's given name of the canonical name
 * ("Ann Kirk": female), an honorific before a mention ("Mr Kirk", "Mrs Kirk", "Sir Ian"), a
 * gendered noun right before a mention or in apposition after it ("actress Ann Kirk", "Kirk,
 * the chairman,"), "he" or "she" right after a mention. A title or noun outweighs the list,
 * and so do two pronouns; a tie leaves it UNKNOWN. CW_GENDER_ARTICLE is set when more than the
 * list supports it. @p g may be NULL (no given names).
 */
uint8_t *cw_speaker_genders(const gaz_t *g, const cw_docview_t *dv);

/** @returns 1 and fills *@p out when @p w is a third-person pronoun ("he", "its", "they"),
 * else 0. */
int cw_speaker_pronoun(const char *w, cw_pronoun_t *out);

/** @returns the gender a person noun implies ("spokeswoman", "actress": female; "chairman",
 * "father": male), else UNKNOWN. Case-insensitive. */
cw_gender_t cw_speaker_noun_gender(const char *w);

/** @returns the age of a description head such as "32-year-old", else 0. */
int cw_speaker_age(const char *w);

/** @returns 1 when @p w names a document or a body of data that speaks for its author ("report",
 * "study", "survey", "statistics", "figures", "story"). Case-insensitive. */
int cw_speaker_document_noun(const char *w);

/**
 * @brief Whether a name starting at token @p t is the object of a preposition ("a pass from
 * Kirk", "talks with the coach Jo Lund"): named in passing, not as the one the sentence is
 * about. Without POS tags: a preposition of a short list. A subject, a direct object or a
 * predicate ("the witness is Kirk") is not oblique.
 */
int cw_speaker_oblique_at(const cw_docview_t *dv, size_t t);

#endif
