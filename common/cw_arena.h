/* cw_arena.h - a per-message arena: many small allocations, one reset. Memory is kept across
 * resets so a steady stream of articles allocates nothing after warm-up. Aborts on OOM. */
#ifndef CW_ARENA_H
#define CW_ARENA_H
#include <stddef.h>

typedef struct cw_arena_s cw_arena_t;

cw_arena_t *cw_arena_create(size_t block_size);
void cw_arena_destroy(cw_arena_t **a);
/** Releases every allocation at once; keeps the first block for reuse, frees the rest. */
void cw_arena_reset(cw_arena_t *a);
/** @returns @p n bytes aligned to 16 (zeroed when @p zero). */
void *cw_arena_alloc(cw_arena_t *a, size_t n);
void *cw_arena_calloc(cw_arena_t *a, size_t count, size_t size);
/** @returns a NUL-terminated copy of @p n bytes of @p s. */
char *cw_arena_strndup(cw_arena_t *a, const char *s, size_t n);
/** @returns bytes currently allocated from the system by the arena. */
size_t cw_arena_footprint(const cw_arena_t *a);

#endif
