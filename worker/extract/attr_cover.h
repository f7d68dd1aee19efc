/* attr_cover.h - which tokens the contents of the claims found so far cover: ranges are
 * painted once each token (union-find skips painted runs) and a range query answers whether any
 * painted token lies in it, so N tokens and Q queries cost O((N + Q) log N) in all. */
#ifndef CW_ATTR_COVER_H
#define CW_ATTR_COVER_H
#include <stddef.h>
#include <stdint.h>
#include "cw_arena.h"

typedef struct attr_cover_s attr_cover_t;

/** @returns an empty cover of @p n tokens in @p arena. */
attr_cover_t *attr_cover_create(cw_arena_t *arena, size_t n);
/** Paints tokens [a, b] (inclusive; nothing when a > b). @returns the tokens newly painted. */
size_t attr_cover_paint(attr_cover_t *cv, uint32_t a, uint32_t b);
/** @returns nonzero when a token of [a, b] (inclusive) is painted. */
int attr_cover_any(const attr_cover_t *cv, uint32_t a, uint32_t b);

#endif
