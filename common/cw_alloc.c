/* cw_alloc.c - allocation wrappers that abort on out-of-memory (policy in cw_alloc.h). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"

static void oom(size_t n) {
  fprintf(stderr, "claimwire: out of memory trying to allocate %zu bytes\n", n);
  abort();
}

void *cw_malloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *cw_calloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    oom(n * size);
  return p;
}

void *cw_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

char *cw_strndup(const char *s, size_t n) {
  char *d = cw_malloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *cw_strdup(const char *s) { return cw_strndup(s, strlen(s)); }

int cw_alloc_limit_arenas(void) {
  const char *env = getenv("MALLOC_ARENA_MAX");
  if (env && *env)
    return 0;
  return mallopt(M_ARENA_MAX, 2) == 1;
}
