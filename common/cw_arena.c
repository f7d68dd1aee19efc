/* cw_arena.c - bump allocator over a chain of blocks (see cw_arena.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_arena.h"

typedef struct block_s {
  struct block_s *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} block_t;

struct cw_arena_s {
  block_t *head;      /* current block; older blocks follow via next */
  size_t block_size;
  size_t footprint;
};

static block_t *block_new(size_t size) {
  block_t *b = cw_malloc(sizeof(block_t) + size);
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

cw_arena_t *cw_arena_create(size_t block_size) {
  cw_arena_t *a = cw_calloc(1, sizeof(*a));
  a->block_size = block_size ? block_size : 64 * 1024;
  a->head = block_new(a->block_size);
  a->footprint = a->block_size;
  return a;
}

void cw_arena_destroy(cw_arena_t **pa) {
  if (!pa || !*pa)
    return;
  block_t *b = (*pa)->head;
  while (b) {
    block_t *n = b->next;
    free(b);
    b = n;
  }
  free(*pa);
  *pa = NULL;
}

void cw_arena_reset(cw_arena_t *a) {
  /* Keep the largest block (the last in the chain is the oldest; find the biggest) so the
   * next article of similar size needs no allocation. */
  block_t *keep = a->head;
  for (block_t *b = a->head; b; b = b->next)
    if (b->size > keep->size)
      keep = b;
  block_t *b = a->head;
  while (b) {
    block_t *n = b->next;
    if (b != keep)
      free(b);
    b = n;
  }
  keep->next = NULL;
  keep->used = 0;
  a->head = keep;
  a->footprint = keep->size;
}

void *cw_arena_alloc(cw_arena_t *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (a->head->size - a->head->used < n) {
    size_t size = n > a->block_size ? n : a->block_size;
    block_t *b = block_new(size);
    b->next = a->head;
    a->head = b;
    a->footprint += size;
  }
  void *p = a->head->data + a->head->used;
  a->head->used += n;
  return p;
}

void *cw_arena_calloc(cw_arena_t *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    abort(); /* a caller bug: sizes are bounded by cw_limits.h before allocation */
  void *p = cw_arena_alloc(a, count * size);
  memset(p, 0, count * size);
  return p;
}

char *cw_arena_strndup(cw_arena_t *a, const char *s, size_t n) {
  char *d = cw_arena_alloc(a, n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

size_t cw_arena_footprint(const cw_arena_t *a) { return a->footprint; }
