/* wclust.h - word clusters for the NER features: induction from unlabeled text with the
 * exchange algorithm (class-bigram likelihood), a text file format, and lookup. */
#ifndef CW_WCLUST_H
#define CW_WCLUST_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cw_err.h"

/* Cluster granularities per word (a fine and a coarse clustering). */
#define WCLUST_LEVELS 2

/* A loaded word -> cluster map: read-only, shared by threads. */
typedef struct wclust_s wclust_t;
/* Induction state: vocabulary and bigram counts. */
typedef struct wclust_builder_s wclust_builder_t;

/**
 * @brief Loads a cluster file: a "# wclust 1 K1 K2" line, then "word<TAB>c1<TAB>c2" lines with
 * 0 <= c1 < K1, 0 <= c2 < K2.
 * @returns CW_OK; CW_ERR_NOT_FOUND when the file is absent; CW_ERR_IO; CW_ERR_FORMAT with
 *          "path:line: reason".
 */
cw_err_t wclust_load(const char *path, wclust_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees @p *w and sets it to NULL. Accepts NULL. */
void wclust_destroy(wclust_t **w);

/** @returns the number of words. */
size_t wclust_size(const wclust_t *w);

/** @returns 1 and the word's cluster per level in @p ids, or 0 for an unknown word. */
int wclust_lookup(const wclust_t *w, const char *word, size_t len, uint16_t ids[WCLUST_LEVELS]);

/** @returns a checksum of the file @p w was loaded from (0 for NULL): tells two loads apart. */
uint64_t wclust_checksum(const wclust_t *w);

/** @returns a new builder (aborts on OOM). */
wclust_builder_t *wclust_builder_create(void);
/** @brief Frees @p *b and sets it to NULL. Accepts NULL. */
void wclust_builder_destroy(wclust_builder_t **b);

/** @brief Counts the @p n tokens of one sentence (each @p len[i] bytes at @p tok[i]). */
void wclust_builder_add(wclust_builder_t *b, const char *const *tok, const size_t *len, size_t n);

/**
 * @brief Clusters the words seen at least @p min_count times into @p k[l] classes per level
 * with @p iters exchange passes each, printing progress on @p log (may be NULL), and writes
 * the cluster file to @p path.
 * @returns CW_OK; CW_ERR_INVALID for bad sizes; CW_ERR_IO with a reason.
 */
cw_err_t wclust_builder_write(wclust_builder_t *b, const unsigned k[WCLUST_LEVELS],
                              unsigned min_count, unsigned iters, FILE *log, const char *path,
                              char *errstr, size_t errstr_size) CW_WUR;

#endif
