/* cw_alloc.h - allocation with one written policy: small fixed allocations that fail log
 * "out of memory" and abort(), as there is no sane way to continue. Allocations whose size
 * comes from input are bounded by cw_limits.h before they are made. */
#ifndef CW_ALLOC_H
#define CW_ALLOC_H
#include <stddef.h>

void *cw_malloc(size_t n);
void *cw_calloc(size_t n, size_t size);
void *cw_realloc(void *p, size_t n);
char *cw_strdup(const char *s);
char *cw_strndup(const char *s, size_t n);

/* Limits the process to two malloc arenas, unless MALLOC_ARENA_MAX in the environment says
 * otherwise. glibc otherwise gives each allocating thread its own arena (up to 8 per core):
 * librdkafka's threads and the extraction threads then each keep freed memory in their own
 * heaps, and a worker's RSS under the same load varied with scheduling. Called once, by a
 * process entry point, before any thread starts. Returns 1 if the limit was set. */
int cw_alloc_limit_arenas(void);

#endif
