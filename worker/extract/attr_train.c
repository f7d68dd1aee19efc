/* attr_train.c - counts cue openings per word form over annotated articles (attr.model). */
#include "attr_train.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_arena.h"
#include "cw_hash.h"
#include "tok.h"

typedef struct {
  char *form;
  unsigned cue, total;
} slot_t;

struct cw_attr_trainer_s {
  slot_t *slot;  /* open addressing, power-of-two size */
  size_t cap, n;
  cw_arena_t *arena;
};

cw_attr_trainer_t *cw_attr_trainer_create(void) {
  cw_attr_trainer_t *t = cw_calloc(1, sizeof *t);
  t->cap = 1u << 16;
  t->slot = cw_calloc(t->cap, sizeof *t->slot);
  t->arena = cw_arena_create(1u << 20);
  return t;
}

void cw_attr_trainer_destroy(cw_attr_trainer_t **t) {
  if (!t || !*t) return;
  for (size_t i = 0; i < (*t)->cap; i++) free((*t)->slot[i].form);
  free((*t)->slot);
  cw_arena_destroy(&(*t)->arena);
  free(*t);
  *t = NULL;
}

static slot_t *lookup(cw_attr_trainer_t *t, const char *form) {
  if (2 * (t->n + 1) > t->cap) {
    size_t nc = 2 * t->cap;
    slot_t *ns = cw_calloc(nc, sizeof *ns);
    for (size_t i = 0; i < t->cap; i++) {
      if (!t->slot[i].form) continue;
      size_t h = (size_t)cw_fnv1a64(CW_FNV64_OFFSET, t->slot[i].form, strlen(t->slot[i].form));
      size_t k = h & (nc - 1);
      while (ns[k].form) k = (k + 1) & (nc - 1);
      ns[k] = t->slot[i];
    }
    free(t->slot);
    t->slot = ns;
    t->cap = nc;
  }
  size_t h = (size_t)cw_fnv1a64(CW_FNV64_OFFSET, form, strlen(form));
  size_t k = h & (t->cap - 1);
  while (t->slot[k].form && strcmp(t->slot[k].form, form) != 0) k = (k + 1) & (t->cap - 1);
  if (!t->slot[k].form) {
    t->slot[k].form = cw_strdup(form);
    t->n++;
  }
  return &t->slot[k];
}

/* Auxiliaries and adverbs that open many cues ("has said", "also noted") but are not the
 * reporting word itself. */
static int skip_word(const char *w) {
  static const char *const S[] = {"has", "have", "had", "is", "was", "were", "are", "be",
                                  "been", "also", "did", "does", "do", "not", "would", "will",
                                  "could", "can", "may", "might", "should", "later", "then",
                                  "previously", "repeatedly", "reportedly", "n't", NULL};
  for (const char *const *p = S; *p; p++)
    if (strcmp(w, *p) == 0) return 1;
  size_t n = strlen(w);
  return n > 4 && strcmp(w + n - 2, "ly") == 0;
}

static void lower(const char *s, char *out, size_t n) {
  size_t i = 0;
  for (; s[i] && i + 1 < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
  out[i] = 0;
}

cw_err_t cw_attr_trainer_add(cw_attr_trainer_t *t, const char *body, size_t len,
                             const cw_ann_doc_t *gold, char *errstr, size_t errstr_size) {
  tok_result_t tr;
  cw_arena_reset(t->arena);
  cw_err_t err = tok_run(body, len, t->arena, &tr, errstr, errstr_size);
  if (err) return err;
  unsigned char *is_cue = cw_arena_calloc(t->arena, tr.n + 1, 1);
  for (size_t g = 0; g < gold->n; g++) {
    const cw_ann_span_t *cu = &gold->a[g].cue;
    if (!cu->n) continue;
    /* The first token of the cue that is not an auxiliary or adverb. */
    for (size_t i = 0; i < tr.n; i++) {
      if (tr.tokens[i].span.start < cu->start[0]) continue;
      if (tr.tokens[i].span.start >= cu->end[cu->n - 1]) break;
      char w[64];
      lower(tr.tokens[i].text, w, sizeof w);
      if (skip_word(w) && i + 1 < tr.n && tr.tokens[i + 1].span.start < cu->end[cu->n - 1])
        continue;
      is_cue[i] = 1;
      break;
    }
  }
  for (size_t i = 0; i < tr.n; i++) {
    char w[64];
    lower(tr.tokens[i].text, w, sizeof w);
    if (!w[0] || strlen(w) >= 63) continue;
    slot_t *s = lookup(t, w);
    s->total++;
    s->cue += is_cue[i];
  }
  return CW_OK;
}

static int cmp_slot(const void *a, const void *b) {
  return strcmp((*(const slot_t *const *)a)->form, (*(const slot_t *const *)b)->form);
}

cw_err_t cw_attr_trainer_write(const cw_attr_trainer_t *t, const char *path, double add_min,
                               double keep_min, unsigned min_count, char *errstr,
                               size_t errstr_size) {
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return CW_ERR_IO;
  }
  /* Sorted output: the same corpus always gives the same file. */
  const slot_t **v = cw_malloc((t->n ? t->n : 1) * sizeof *v);
  size_t n = 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->slot[i].form) v[n++] = &t->slot[i];
  qsort(v, n, sizeof *v, cmp_slot);
  fprintf(f, "claimwire-attr 1 %.4f %.4f %u\n", add_min, keep_min, min_count);
  for (size_t i = 0; i < n; i++) {
    const slot_t *s = v[i];
    if (!s->form || s->cue < min_count) continue;
    /* Forms with spaces or tabs cannot occur (tokens); guard the format anyway. */
    if (strpbrk(s->form, " \t\n")) continue;
    fprintf(f, "%s %s %u %u\n", s->form, s->form, s->cue, s->total);
  }
  free(v);
  if (fclose(f) != 0) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return CW_ERR_IO;
  }
  return CW_OK;
}
