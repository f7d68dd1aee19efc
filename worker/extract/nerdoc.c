/* nerdoc.c - per-document counts of first-pass NER labels by case-folded word form. */
#include "nerdoc.h"

#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"

typedef struct {
  uint64_t key;                   /* 0: empty slot */
  uint16_t cnt[NERDOC_LABELS];    /* capitalised occurrences by label */
  uint16_t lower;                 /* lower-case occurrences */
} slot_t;

struct nerdoc_s {
  slot_t *slot;
  size_t cap, used; /* cap a power of two, used <= cap / 2 */
  uint32_t *filled; /* the indices of the used slots, for nerdoc_reset() to clear */
};

nerdoc_t *nerdoc_create(void) {
  nerdoc_t *d = cw_calloc(1, sizeof(*d));
  d->cap = 256;
  d->slot = cw_calloc(d->cap, sizeof(slot_t));
  d->filled = cw_malloc(d->cap / 2 * sizeof(uint32_t));
  return d;
}

void nerdoc_destroy(nerdoc_t **d) {
  if (!d || !*d)
    return;
  free((*d)->slot);
  free((*d)->filled);
  free(*d);
  *d = NULL;
}

/* Only the slots the document filled are cleared: the table keeps the size of the longest
 * document seen, most documents fill a small part of it. */
void nerdoc_reset(nerdoc_t *d) {
  for (size_t k = 0; k < d->used; k++)
    memset(&d->slot[d->filled[k]], 0, sizeof(slot_t));
  d->used = 0;
}

/* The case-folded form's key (never 0); *upper gets whether the word has an upper-case
 * ASCII letter. */
static uint64_t word_key(const tagger_word_t *w, int *upper) {
  uint64_t h = 0xcbf29ce484222325ULL;
  int up = 0;
  for (uint32_t i = 0; i < w->len; i++) {
    unsigned char c = (unsigned char)w->s[i];
    if (c >= 'A' && c <= 'Z') {
      c = (unsigned char)(c + 32);
      up = 1;
    }
    h = (h ^ c) * 0x100000001b3ULL;
  }
  *upper = up;
  h ^= h >> 29;
  return h ? h : 1;
}

static slot_t *find(const nerdoc_t *d, uint64_t key) {
  size_t i = (size_t)key & (d->cap - 1);
  while (d->slot[i].key && d->slot[i].key != key)
    i = (i + 1) & (d->cap - 1);
  return &d->slot[i];
}

static void grow(nerdoc_t *d) {
  slot_t *old = d->slot;
  size_t ocap = d->cap, k = 0;
  d->cap *= 2;
  d->slot = cw_calloc(d->cap, sizeof(slot_t));
  free(d->filled);
  d->filled = cw_malloc(d->cap / 2 * sizeof(uint32_t));
  for (size_t i = 0; i < ocap; i++)
    if (old[i].key) {
      slot_t *s = find(d, old[i].key);
      *s = old[i];
      d->filled[k++] = (uint32_t)(s - d->slot);
    }
  free(old);
}

static void bump(uint16_t *c) {
  if (*c < UINT16_MAX)
    (*c)++;
}

void nerdoc_add(nerdoc_t *d, const tagger_word_t *w, size_t n, const uint8_t *labels) {
  for (size_t i = 0; i < n; i++) {
    int up;
    uint64_t key = word_key(&w[i], &up);
    if (up && labels[i] >= NERDOC_LABELS)
      continue;
    slot_t *s = find(d, key);
    if (!s->key) {
      if (2 * (d->used + 1) > d->cap) {
        grow(d);
        s = find(d, key);
      }
      s->key = key;
      d->filled[d->used++] = (uint32_t)(s - d->slot);
    }
    bump(up ? &s->cnt[labels[i]] : &s->lower);
  }
}

size_t nerdoc_info(const nerdoc_t *d, const tagger_word_t *w, size_t n, const uint8_t *labels,
                   uint32_t *info) {
  size_t known = 0;
  for (size_t i = 0; i < n; i++) {
    int up;
    uint64_t key = word_key(&w[i], &up);
    info[i] = 0;
    if (!up || labels[i] >= NERDOC_LABELS)
      continue;
    const slot_t *s = find(d, key);
    if (!s->key)
      continue;
    uint32_t v = s->lower ? NERDOC_LOWER : 0, best = 0, maj = 0;
    for (uint32_t y = 0; y < NERDOC_LABELS; y++) {
      uint32_t c = s->cnt[y] - (y == labels[i]); /* the other occurrences */
      if (y == labels[i] && s->cnt[y] == 0)
        c = 0;
      if (c == 0)
        continue;
      v |= 1u << y;
      if (c > best) {
        best = c;
        maj = y + 1;
      }
    }
    info[i] = v | maj << NERDOC_MAJ_SHIFT;
    known += info[i] != 0;
  }
  return known;
}

void nerdoc_keep_spans(const char *bio, const uint8_t *type, const uint8_t *first,
                       uint8_t *second, size_t n) {
  for (size_t a = 0, b; a < n; a = b) {
    b = a + 1;
    if (bio[first[a]] == 'O')
      continue;
    while (b < n && bio[first[b]] == 'I' && type[first[b]] == type[first[a]])
      b++;
    /* the types of the second pass's entities that start in [a, b) */
    uint32_t seen = 0;
    int cut = 0;
    for (size_t i = a; i < b; i++) {
      char c = bio[second[i]];
      int starts = c == 'B' || (c == 'I' && (i == a || bio[second[i - 1]] == 'O' ||
                                            type[second[i - 1]] != type[second[i]]));
      if (!starts)
        continue;
      uint32_t bit = 1u << (type[second[i]] & 31u);
      cut |= (seen & bit) != 0;
      seen |= bit;
    }
    if (cut)
      memcpy(second + a, first + a, b - a);
  }
}

void nerdoc_label_kinds(const char *const *names, size_t n, char *bio, uint8_t *type) {
  for (size_t y = 0; y < n; y++) {
    const char *nm = names[y];
    bio[y] = 'O';
    type[y] = 0;
    if (!((nm[0] == 'B' || nm[0] == 'I') && nm[1] == '-' && nm[2]))
      continue;
    bio[y] = nm[0];
    size_t k = 0;
    while (k < y && !(bio[k] != 'O' && strcmp(names[k] + 2, nm + 2) == 0))
      k++;
    type[y] = (uint8_t)((k + 1) & 0xff);
  }
}
