/* attr_miss.c - why gold attributions are missed: each one the engine's claims do not match
 * (whole, overlap) gets the first class of attr_eval.h's list that applies, so that work on
 * recall can start from counts rather than examples. */
#include <stdlib.h>
#include "attr_eval.h"
#include "cw_alloc.h"

static const char *const MISS_NAMES[CW_ANN_MISS__COUNT] = {
    [CW_ANN_MISS_NO_CUE] = "gold has no cue",
    [CW_ANN_MISS_CUE_CONTENT] = "cue found, content disjoint",
    [CW_ANN_MISS_CUE_SOURCE_NONE] = "cue found, no source",
    [CW_ANN_MISS_CUE_SOURCE] = "cue found, source disjoint",
    [CW_ANN_MISS_CUE_SOURCE_XTRA] = "cue found, source where gold has none",
    [CW_ANN_MISS_CUE_TAKEN] = "cue found, claim matched elsewhere",
    [CW_ANN_MISS_OTHER_CUE] = "content held by another cue",
    [CW_ANN_MISS_DROPPED_MATCH] = "dropped by the scorer, would match",
    [CW_ANN_MISS_DROPPED_CUE] = "dropped by the scorer, cue only",
    [CW_ANN_MISS_NO_CANDIDATE] = "no candidate",
};

const char *cw_ann_miss_name(int k) {
  return k >= 0 && k < CW_ANN_MISS__COUNT ? MISS_NAMES[k] : "?";
}

/* Whether @p q matches @p g whole by overlap (a missing source matches a missing source). */
static int whole(const cw_ann_attr_t *g, const cw_ann_attr_t *q) {
  int src = g->source.n || q->source.n ? cw_ann_overlaps(&g->source, &q->source) : 1;
  return src && cw_ann_overlaps(&g->cue, &q->cue) && cw_ann_overlaps(&g->content, &q->content);
}

/* The class of gold item @p g that no claim of @p pred matched. */
static int classify(const cw_ann_attr_t *g, const cw_ann_doc_t *pred, const cw_ann_doc_t *cands) {
  if (!g->cue.n) return CW_ANN_MISS_NO_CUE;
  const cw_ann_attr_t *q = NULL;
  for (size_t i = 0; i < pred->n && !q; i++)
    if (cw_ann_overlaps(&g->cue, &pred->a[i].cue)) q = &pred->a[i];
  if (q) {
    if (!cw_ann_overlaps(&g->content, &q->content)) return CW_ANN_MISS_CUE_CONTENT;
    if (g->source.n && !q->source.n) return CW_ANN_MISS_CUE_SOURCE_NONE;
    if (g->source.n && !cw_ann_overlaps(&g->source, &q->source)) return CW_ANN_MISS_CUE_SOURCE;
    if (!g->source.n && q->source.n) return CW_ANN_MISS_CUE_SOURCE_XTRA;
    return CW_ANN_MISS_CUE_TAKEN;
  }
  for (size_t i = 0; i < pred->n; i++)
    if (cw_ann_overlaps(&g->content, &pred->a[i].content)) return CW_ANN_MISS_OTHER_CUE;
  int cue = 0;
  for (size_t i = 0; cands && i < cands->n; i++) {
    if (whole(g, &cands->a[i])) return CW_ANN_MISS_DROPPED_MATCH;
    cue |= cw_ann_overlaps(&g->cue, &cands->a[i].cue);
  }
  return cue ? CW_ANN_MISS_DROPPED_CUE : CW_ANN_MISS_NO_CANDIDATE;
}

void cw_ann_misses(const cw_ann_doc_t *gold, const cw_ann_doc_t *pred, const cw_ann_doc_t *cands,
                   size_t *counts) {
  unsigned char *used = cw_calloc(gold->n ? gold->n : 1, 1);
  cw_ann_matched(gold, pred, CW_ANN_WHOLE, 1, used);
  for (size_t k = 0; k < gold->n; k++)
    if (!used[k]) counts[classify(&gold->a[k], pred, cands)]++;
  free(used);
}
