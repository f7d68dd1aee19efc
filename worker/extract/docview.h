/* docview.h - the engine-internal view of one article during extraction, shared by the stages
 * after tokenization (rules, resolution, attribution). Everything lives in @c arena. */
#ifndef CW_DOCVIEW_H
#define CW_DOCVIEW_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "cw_arena.h"
#include "cw_time.h"

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
  const uint8_t *entity_gender;    /* per entity: a cw_gender_t (speaker.h), or NULL: unknown */
  cw_arena_t *arena;               /* per-article arena for stage outputs */
  uint64_t *work;                  /* NULL or the run's work count: stages add what they visit */
  int *capped;                     /* NULL or set to 1 when a stage drops what a cap allows */
  int64_t deadline_ns;             /* CLOCK_MONOTONIC time the run must stop by; 0 = none */
} cw_docview_t;

/* Adds @p n units to the run's work count (cw_result_t.work). */
static inline void cw_dv_work(const cw_docview_t *dv, uint64_t n) {
  if (dv->work)
    *dv->work += n;
}

/* Whether the run's deadline has passed: long loops ask every few thousand steps and stop with
 * CW_ERR_BUDGET, so a run ends within milliseconds of its deadline. */
static inline int cw_dv_expired(const cw_docview_t *dv) {
  if (!dv->deadline_ns)
    return 0;
  return cw_time_mono_ns() >= dv->deadline_ns;
}

/* The first token starting at or after code point @p cp, or dv->n_tokens (binary search). */
static inline size_t cw_docview_token_from(const cw_docview_t *dv, uint32_t cp) {
  size_t lo = 0, hi = dv->n_tokens;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (dv->tokens[mid].span.start < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

#endif
