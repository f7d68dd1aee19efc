/* attr_eval.h - attribution annotations in BRAT standoff (PolNeAR's layout): reading, writing
 * and scoring predictions against gold (exact and overlap matches). */
#ifndef CW_ATTR_EVAL_H
#define CW_ATTR_EVAL_H
#include <stddef.h>
#include <stdint.h>
#include "cw_buf.h"
#include "cw_err.h"

#define CW_ANN_MAX_PIECES 8

/** A possibly discontinuous span of code points; n == 0 means absent. */
typedef struct {
  uint32_t n;
  uint32_t start[CW_ANN_MAX_PIECES], end[CW_ANN_MAX_PIECES];
} cw_ann_span_t;

typedef struct {
  cw_ann_span_t source, cue, content;
} cw_ann_attr_t;

typedef struct {
  cw_ann_attr_t *a;
  size_t n, cap;
} cw_ann_doc_t;

/** @brief Appends one attribution to @p d. */
void cw_ann_add(cw_ann_doc_t *d, const cw_ann_attr_t *a);

/** @brief Frees the attributions of @p d; it is empty and reusable afterwards. */
void cw_ann_free(cw_ann_doc_t *d);

/**
 * @brief Parses a .ann file's text (@p n bytes): the E lines with their Source/Cue/Content
 * T lines. Wrapped continuation lines and notes are skipped.
 * @returns CW_OK, or CW_ERR_FORMAT with the line number in @p errstr.
 */
cw_err_t cw_ann_parse(const char *text, size_t n, cw_ann_doc_t *out, char *errstr,
                      size_t errstr_size) CW_WUR;

/**
 * @brief Writes @p d as BRAT standoff: Source/Cue/Content/Attribution T lines and E lines.
 * @p body (UTF-8, @p body_len bytes) and @p cp_byte (code point -> byte) give covered text.
 */
cw_err_t cw_ann_write(const cw_ann_doc_t *d, const char *body, size_t body_len,
                      const uint32_t *cp_byte, size_t n_cp, cw_buf_t *out) CW_WUR;

/** Matched/predicted/gold counts of one measure. */
typedef struct {
  size_t tp_pred, tp_gold, n_pred, n_gold;
} cw_prf_t;

enum { CW_ANN_EXACT = 0, CW_ANN_OVERLAP = 1 };
enum { CW_ANN_CUE = 0, CW_ANN_SOURCE, CW_ANN_CONTENT, CW_ANN_WHOLE, CW_ANN__PARTS };

typedef struct {
  cw_prf_t m[CW_ANN__PARTS][2];  /* [part][CW_ANN_EXACT|CW_ANN_OVERLAP] */
} cw_ann_score_t;

/**
 * @brief Adds the comparison of @p pred against @p gold to @p acc. Each gold item matches at
 * most one predicted item. A whole attribution matches when cue, content and source all match
 * (a missing source matches a missing source).
 */
void cw_ann_score(const cw_ann_doc_t *gold, const cw_ann_doc_t *pred, cw_ann_score_t *acc);

/**
 * @brief Marks in @p used (gold->n bytes) the gold items that cw_ann_score() matches for part
 * @p part (CW_ANN_CUE .. CW_ANN_WHOLE), exactly (@p overlap 0) or by overlap.
 */
void cw_ann_matched(const cw_ann_doc_t *gold, const cw_ann_doc_t *pred, int part, int overlap,
                    unsigned char *used);

/** @returns whether spans @p x and @p y are both present and share a code point. */
int cw_ann_overlaps(const cw_ann_span_t *x, const cw_ann_span_t *y);

/* Why a gold attribution was missed (whole, overlap), first class that applies:
 *   NO_CUE          the gold attribution has no cue
 *   CUE_CONTENT     a claim has its cue but content that does not overlap (or none)
 *   CUE_SOURCE_NONE a claim has its cue and content but no source
 *   CUE_SOURCE      a claim has its cue and content but a source that does not overlap
 *   CUE_SOURCE_XTRA a claim has its cue and content and a source where gold has none
 *   CUE_TAKEN       a claim has its cue, content and source, but was matched to another gold
 *   OTHER_CUE       no claim has its cue; a claim with another cue (or none) holds its content
 *   DROPPED_MATCH   no claim is near it; a candidate the frames built before the learned
 *                   scorer would have matched it
 *   DROPPED_CUE     no claim is near it; a candidate before the scorer had its cue
 *   NO_CANDIDATE    no claim and no candidate had its cue or content */
enum {
  CW_ANN_MISS_NO_CUE = 0,
  CW_ANN_MISS_CUE_CONTENT,
  CW_ANN_MISS_CUE_SOURCE_NONE,
  CW_ANN_MISS_CUE_SOURCE,
  CW_ANN_MISS_CUE_SOURCE_XTRA,
  CW_ANN_MISS_CUE_TAKEN,
  CW_ANN_MISS_OTHER_CUE,
  CW_ANN_MISS_DROPPED_MATCH,
  CW_ANN_MISS_DROPPED_CUE,
  CW_ANN_MISS_NO_CANDIDATE,
  CW_ANN_MISS__COUNT
};

/**
 * @brief Adds to @p counts (CW_ANN_MISS__COUNT entries) the class of each gold attribution of
 * @p gold that @p pred misses (whole, overlap). @p cands holds the candidates before the
 * learned scorer (NULL: none known; the DROPPED classes are then never used).
 */
void cw_ann_misses(const cw_ann_doc_t *gold, const cw_ann_doc_t *pred, const cw_ann_doc_t *cands,
                   size_t *counts);

/** @returns a short name of miss class @p k ("no candidate"), or "?" out of range. */
const char *cw_ann_miss_name(int k);

/** @brief Precision, recall and F1 of @p p (0 when undefined). */
void cw_prf(const cw_prf_t *p, double *precision, double *recall, double *f1);

#endif
