/* docview.h - the engine-internal view of one article during extraction, shared by the stages
 * after tokenization (rules, resolution, attribution). Everything lives in @c arena. */
#ifndef CW_DOCVIEW_H
#define CW_DOCVIEW_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "cw_arena.h"

typedef struct {
  const char *id;                  /* article id or NULL */
  const char *body;                /* UTF-8 bytes */
  size_t body_len;
  const uint32_t *cp_byte;         /* byte offset of code point i; n_cp + 1 entries */
  size_t n_cp;
  int64_t published_days;          /* days since 1970-01-01 of publication, INT64_MIN if unknown */
  const cw_token_t *tokens;
  size_t n_tokens;
  const cw_sentence_t *sentences;
  size_t n_sentences;
  const cw_entity_t *entities;     /* resolved entities */
  size_t n_entities;
  cw_arena_t *arena;               /* per-article arena for stage outputs */
} cw_docview_t;

#endif
