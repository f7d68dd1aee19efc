/* cands_util.h - small helpers shared by the candidate corrections (cands.c and
 * cands_cues.c): word lists, token access, candidate windows and a case-blind word set. */
#ifndef CW_CANDS_UTIL_H
#define CW_CANDS_UTIL_H
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "cands.h"
#include "cw_hash.h"
#include "cw_str.h"

/* Is @p w one of the NULL-terminated @p list? */
static inline int in_list(const char *const *list, const char *w) {
  for (size_t i = 0; list[i]; i++)
    if (cw_str_eq(list[i], w))
      return 1;
  return 0;
}

/* Token @p k's text, "" past the end. */
static inline const char *tk(const cw_docview_t *dv, size_t k) {
  return k < dv->n_tokens ? dv->tokens[k].text : "";
}

static inline int same_sentence(const cw_docview_t *dv, size_t a, size_t b) {
  return a < dv->n_tokens && b < dv->n_tokens && dv->tokens[a].sentence == dv->tokens[b].sentence;
}

/* Words of a broadcaster's channel or service ("BBC Radio 4", "Sky News"). */
static inline int is_broadcast_word(const char *w) {
  static const char *const b[] = {"Radio", "Channel", "News", "TV", "Sports", "Sport",
                                  "Live", "Extra", NULL};
  return in_list(b, w);
}

/* The first candidate of @p l (sorted by start, give or take one token) that may overlap
 * tokens from @p t: starts at most @p maxlen + 2 tokens before it. */
static inline size_t window_start(const res_list_t *l, uint32_t t, uint32_t maxlen) {
  uint32_t from = t > maxlen + 2 ? t - maxlen - 2 : 0;
  size_t lo = 0, hi = l->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (l->v[mid].t0 < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* A named candidate from the tagger, a list or a strong pattern (not a guess). */
static inline int strong_name(const res_mention_t *m) {
  return m->type <= CW_ENT_MISC && m->t0 < m->t1 &&
         (m->src == RES_SRC_NER || m->src == RES_SRC_GAZ || m->src == RES_SRC_PATTERN);
}

/* A set of words compared without case, in the article's arena. */
typedef struct {
  const char **v;
  size_t cap;
} strset_t;

/* FNV-1a of @p s in lower case. */
static inline uint64_t lower_hash(const char *s) {
  uint64_t h = CW_FNV64_OFFSET;
  for (; *s; s++) {
    unsigned char c = (unsigned char)cw_ascii_lower((unsigned char)*s);
    h = cw_fnv1a64(h, &c, 1);
  }
  return h;
}

/* Adds @p w (compared without case); @returns nonzero if it was there. */
static inline int set_put(strset_t *s, const char *w, int add) {
  size_t slot = (size_t)lower_hash(w) & (s->cap - 1);
  while (s->v[slot]) {
    if (cw_str_ieq(s->v[slot], w))
      return 1;
    slot = (slot + 1) & (s->cap - 1);
  }
  if (add)
    s->v[slot] = w;
  return 0;
}

/* An empty set for up to @p n words, in the article's arena. */
static inline strset_t set_new(const cw_docview_t *dv, size_t n) {
  size_t cap = 16;
  while (cap < n * 2)
    cap *= 2;
  return (strset_t){cw_arena_calloc(dv->arena, cap, sizeof(char *)), cap};
}

/* The context-cue passes of cands_cues.c, run by cands_clean() on the list sorted by start
 * (@p maxlen: the longest candidate, for the windows of cands_cued_names()). */
void cands_cued_names(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                      uint32_t maxlen);
void cands_owned_products(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l);
void cands_programme_names(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l);

#endif
