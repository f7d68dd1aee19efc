/* attr_cover.c - painted token ranges (see attr_cover.h). */
#include "attr_cover.h"

struct attr_cover_s {
  size_t n;
  uint32_t *next;  /* union-find: the first unpainted token at or after i (n when none) */
  uint32_t *fen;   /* Fenwick tree of painted tokens, 1-based */
};

attr_cover_t *attr_cover_create(cw_arena_t *arena, size_t n) {
  attr_cover_t *cv = cw_arena_alloc(arena, sizeof *cv);
  cv->n = n;
  cv->next = cw_arena_alloc(arena, (n + 1) * sizeof *cv->next);
  cv->fen = cw_arena_calloc(arena, n + 1, sizeof *cv->fen);
  for (size_t i = 0; i <= n; i++) cv->next[i] = (uint32_t)i;
  return cv;
}

static uint32_t find(attr_cover_t *cv, uint32_t i) {
  uint32_t r = i;
  while (cv->next[r] != r) r = cv->next[r];
  while (cv->next[i] != r) {
    uint32_t up = cv->next[i];
    cv->next[i] = r;
    i = up;
  }
  return r;
}

static uint32_t prefix(const attr_cover_t *cv, size_t i) {  /* painted tokens in [0, i) */
  uint32_t s = 0;
  for (; i > 0; i -= i & (~i + 1)) s += cv->fen[i];
  return s;
}

size_t attr_cover_paint(attr_cover_t *cv, uint32_t a, uint32_t b) {
  size_t painted = 0;
  if (a > b || a >= cv->n) return 0;
  if (b >= cv->n) b = (uint32_t)(cv->n - 1);
  for (uint32_t i = find(cv, a); i <= b; i = find(cv, i + 1)) {
    for (size_t k = (size_t)i + 1; k <= cv->n; k += k & (~k + 1)) cv->fen[k]++;
    cv->next[i] = i + 1;
    painted++;
  }
  return painted;
}

int attr_cover_any(const attr_cover_t *cv, uint32_t a, uint32_t b) {
  if (a > b || a >= cv->n) return 0;
  if (b >= cv->n) b = (uint32_t)(cv->n - 1);
  return prefix(cv, (size_t)b + 1) > prefix(cv, a);
}
