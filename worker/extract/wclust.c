/* wclust.c - word clusters: exchange-algorithm induction, the cluster file, and lookup. */
#include "wclust.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cw_alloc.h"
#include "cw_hash.h"

#define WCLUST_MAX_K 4096u
#define WCLUST_MAX_WORD 256u

/* ==== Lookup ==== */

typedef struct {
  uint64_t h; /* 0 = empty */
  uint16_t id[WCLUST_LEVELS];
} wslot_t;

struct wclust_s {
  wslot_t *slot;
  size_t cap, n;
};

static uint64_t word_hash(const char *w, size_t len) {
  uint64_t h = cw_fnv1a64(CW_FNV64_OFFSET, w, len);
  return h ? h : 1;
}

static wslot_t *wfind(const wclust_t *c, uint64_t h) {
  size_t i = (size_t)h & (c->cap - 1);
  while (c->slot[i].h && c->slot[i].h != h)
    i = (i + 1) & (c->cap - 1);
  return &c->slot[i];
}

size_t wclust_size(const wclust_t *w) { return w->n; }

int wclust_lookup(const wclust_t *w, const char *word, size_t len, uint16_t ids[WCLUST_LEVELS]) {
  const wslot_t *s = wfind(w, word_hash(word, len));
  if (!s->h)
    return 0;
  memcpy(ids, s->id, sizeof s->id);
  return 1;
}

void wclust_destroy(wclust_t **w) {
  if (!w || !*w)
    return;
  free((*w)->slot);
  free(*w);
  *w = NULL;
}

cw_err_t wclust_load(const char *path, wclust_t **out, char *errstr, size_t errstr_size) {
  cw_err_t err = CW_ERR_FORMAT;
  *out = NULL;
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return errno == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  wclust_t *c = cw_calloc(1, sizeof(*c));
  char line[WCLUST_MAX_WORD + 64];
  unsigned k[WCLUST_LEVELS] = {0, 0};
  size_t lineno = 1;
  /* checksrc: allow sscanf (the fixed first line of a file checked against SHA256SUMS) */
  if (!fgets(line, sizeof line, f) || sscanf(line, "# wclust 1 %u %u", &k[0], &k[1]) != 2 ||
      k[0] < 2 || k[0] > WCLUST_MAX_K || k[1] < 2 || k[1] > WCLUST_MAX_K) {
    snprintf(errstr, errstr_size, "%s:1: expected \"# wclust 1 K1 K2\"", path);
    goto done;
  }
  c->cap = 1024;
  c->slot = cw_calloc(c->cap, sizeof(wslot_t));
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t l = strlen(line);
    if (l == 0 || line[l - 1] != '\n') {
      snprintf(errstr, errstr_size, "%s:%zu: line too long or unterminated", path, lineno);
      goto done;
    }
    line[--l] = '\0';
    char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL, *end;
    if (!t1 || !t2 || t1 == line) {
      snprintf(errstr, errstr_size, "%s:%zu: expected word<TAB>c1<TAB>c2", path, lineno);
      goto done;
    }
    unsigned long c1 = strtoul(t1 + 1, &end, 10);
    if (end != t2 || c1 >= k[0]) {
      snprintf(errstr, errstr_size, "%s:%zu: bad fine cluster", path, lineno);
      goto done;
    }
    unsigned long c2 = strtoul(t2 + 1, &end, 10);
    if (*end || end == t2 + 1 || c2 >= k[1]) {
      snprintf(errstr, errstr_size, "%s:%zu: bad coarse cluster", path, lineno);
      goto done;
    }
    if ((c->n + 1) * 2 > c->cap) {
      wclust_t big = {cw_calloc(c->cap * 2, sizeof(wslot_t)), c->cap * 2, 0};
      for (size_t i = 0; i < c->cap; i++)
        if (c->slot[i].h)
          *wfind(&big, c->slot[i].h) = c->slot[i];
      free(c->slot);
      c->slot = big.slot;
      c->cap = big.cap;
    }
    wslot_t *s = wfind(c, word_hash(line, (size_t)(t1 - line)));
    if (s->h) {
      snprintf(errstr, errstr_size, "%s:%zu: duplicate word", path, lineno);
      goto done;
    }
    s->h = word_hash(line, (size_t)(t1 - line));
    s->id[0] = (uint16_t)c1;
    s->id[1] = (uint16_t)c2;
    c->n++;
  }
  if (ferror(f)) {
    snprintf(errstr, errstr_size, "%s: read error", path);
    err = CW_ERR_IO;
    goto done;
  }
  *out = c;
  c = NULL;
  err = CW_OK;
done:
  wclust_destroy(&c);
  fclose(f);
  return err;
}

/* ==== Induction ==== */

struct wclust_builder_s {
  /* vocabulary: open addressing over word ids */
  uint32_t *tab;
  size_t tcap;
  char *chars;
  size_t nchars, cap_chars;
  size_t *woff; /* word id -> offset in chars (NUL-terminated) */
  uint64_t *wcount;
  size_t nw, cap_w;
  /* the corpus as word ids, UINT32_MAX between sentences */
  uint32_t *stream;
  size_t ns, cap_s;
};

wclust_builder_t *wclust_builder_create(void) {
  wclust_builder_t *b = cw_calloc(1, sizeof(*b));
  b->tcap = 1 << 16;
  b->tab = cw_malloc(b->tcap * sizeof(uint32_t));
  memset(b->tab, 0xff, b->tcap * sizeof(uint32_t));
  return b;
}

void wclust_builder_destroy(wclust_builder_t **bp) {
  if (!bp || !*bp)
    return;
  wclust_builder_t *b = *bp;
  free(b->tab);
  free(b->chars);
  free(b->woff);
  free(b->wcount);
  free(b->stream);
  free(b);
  *bp = NULL;
}

static const char *bword(const wclust_builder_t *b, uint32_t id) { return b->chars + b->woff[id]; }

static uint32_t intern(wclust_builder_t *b, const char *w, size_t len) {
  uint64_t h = word_hash(w, len);
  size_t i = (size_t)h & (b->tcap - 1);
  while (b->tab[i] != UINT32_MAX) {
    const char *s = bword(b, b->tab[i]);
    if (strlen(s) == len && memcmp(s, w, len) == 0)
      return b->tab[i];
    i = (i + 1) & (b->tcap - 1);
  }
  if (b->nw == b->cap_w) {
    b->cap_w = b->cap_w ? b->cap_w * 2 : 65536;
    b->woff = cw_realloc(b->woff, b->cap_w * sizeof(size_t));
    b->wcount = cw_realloc(b->wcount, b->cap_w * sizeof(uint64_t));
  }
  while (b->nchars + len + 1 > b->cap_chars) {
    b->cap_chars = b->cap_chars ? b->cap_chars * 2 : 1 << 20;
    b->chars = cw_realloc(b->chars, b->cap_chars);
  }
  memcpy(b->chars + b->nchars, w, len);
  b->chars[b->nchars + len] = '\0';
  b->woff[b->nw] = b->nchars;
  b->wcount[b->nw] = 0;
  b->nchars += len + 1;
  uint32_t id = (uint32_t)b->nw++;
  b->tab[i] = id;
  if (b->nw * 2 > b->tcap) { /* grow and rehash */
    free(b->tab);
    b->tcap *= 2;
    b->tab = cw_malloc(b->tcap * sizeof(uint32_t));
    memset(b->tab, 0xff, b->tcap * sizeof(uint32_t));
    for (uint32_t k = 0; k < b->nw; k++) {
      const char *s = bword(b, k);
      size_t j = (size_t)word_hash(s, strlen(s)) & (b->tcap - 1);
      while (b->tab[j] != UINT32_MAX)
        j = (j + 1) & (b->tcap - 1);
      b->tab[j] = k;
    }
  }
  return id;
}

static void push(wclust_builder_t *b, uint32_t v) {
  if (b->ns == b->cap_s) {
    b->cap_s = b->cap_s ? b->cap_s * 2 : 1 << 20;
    b->stream = cw_realloc(b->stream, b->cap_s * sizeof(uint32_t));
  }
  b->stream[b->ns++] = v;
}

void wclust_builder_add(wclust_builder_t *b, const char *const *tok, const size_t *len, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (len[i] == 0 || len[i] >= WCLUST_MAX_WORD || memchr(tok[i], '\t', len[i]) ||
        memchr(tok[i], '\n', len[i]) || memchr(tok[i], '\0', len[i]))
      continue;
    uint32_t id = intern(b, tok[i], len[i]);
    b->wcount[id]++;
    push(b, id);
  }
  push(b, UINT32_MAX);
}

/* x log x, tabulated for small counts (most class-bigram counts) */
typedef struct {
  double *t;
  size_t n;
} xlx_t;

static inline double xlx(const xlx_t *T, int64_t x) {
  if (x <= 0)
    return 0.0;
  if ((size_t)x < T->n)
    return T->t[x];
  return (double)x * log((double)x);
}

typedef struct {
  uint32_t v;
  uint32_t c;
} edge_t;

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* CSR adjacency: for word w, e[off[w] .. off[w+1]) */
typedef struct {
  size_t *off;
  edge_t *e;
} csr_t;

static void csr_build(const uint64_t *pairs, size_t np, size_t V, int flip, csr_t *g) {
  g->off = cw_calloc(V + 1, sizeof(size_t));
  g->e = cw_malloc((np + 1) * sizeof(edge_t));
  /* pairs are sorted (a<<32|b) with duplicates; count distinct per source */
  uint64_t *tmp = NULL;
  const uint64_t *src = pairs;
  if (flip) {
    tmp = cw_malloc((np + 1) * sizeof(uint64_t));
    for (size_t i = 0; i < np; i++)
      tmp[i] = (pairs[i] << 32) | (pairs[i] >> 32);
    qsort(tmp, np, sizeof(uint64_t), cmp_u64);
    src = tmp;
  }
  size_t ne = 0;
  for (size_t i = 0; i < np;) {
    size_t j = i;
    while (j < np && src[j] == src[i])
      j++;
    uint32_t a = (uint32_t)(src[i] >> 32), v = (uint32_t)src[i];
    g->e[ne].v = v;
    g->e[ne].c = (uint32_t)(j - i);
    g->off[a + 1]++;
    ne++;
    i = j;
  }
  for (size_t w = 0; w < V; w++)
    g->off[w + 1] += g->off[w];
  free(tmp);
}

/* One clustering of V words (ids in frequency order, counts n[]) into K classes. */
static void exchange(size_t V, const uint64_t *n, const csr_t *succ, const csr_t *pred,
                     unsigned K, unsigned iters, const xlx_t *T, uint16_t *cls, FILE *logf) {
  int64_t *N = cw_calloc((size_t)K * K, sizeof(int64_t));
  int64_t *Nc = cw_calloc(K, sizeof(int64_t));
  int64_t *rd = cw_calloc(K, sizeof(int64_t)), *ld = cw_calloc(K, sizeof(int64_t));
  uint32_t *rl = cw_malloc(K * sizeof(uint32_t)), *ll = cw_malloc(K * sizeof(uint32_t));
  for (size_t w = 0; w < V; w++)
    cls[w] = (uint16_t)(w % K);
  for (size_t w = 0; w < V; w++) {
    Nc[cls[w]] += (int64_t)n[w];
    for (size_t q = succ->off[w]; q < succ->off[w + 1]; q++)
      N[(size_t)cls[w] * K + cls[succ->e[q].v]] += succ->e[q].c;
  }
  for (unsigned it = 0; it < iters; it++) {
    size_t moved = 0;
    clock_t t0 = clock();
    for (size_t w = 0; w < V; w++) {
      unsigned a = cls[w];
      int64_t s = 0;
      size_t nr = 0, nl = 0;
      for (size_t q = succ->off[w]; q < succ->off[w + 1]; q++) {
        unsigned d = cls[succ->e[q].v];
        if (succ->e[q].v == w) {
          s = succ->e[q].c;
          continue;
        }
        if (!rd[d])
          rl[nr++] = d;
        rd[d] += succ->e[q].c;
      }
      for (size_t q = pred->off[w]; q < pred->off[w + 1]; q++) {
        if (pred->e[q].v == w)
          continue;
        unsigned d = cls[pred->e[q].v];
        if (!ld[d])
          ll[nl++] = d;
        ld[d] += pred->e[q].c;
      }
      /* take w out of class a */
      for (size_t i = 0; i < nr; i++)
        N[(size_t)a * K + rl[i]] -= rd[rl[i]];
      for (size_t i = 0; i < nl; i++)
        N[(size_t)ll[i] * K + a] -= ld[ll[i]];
      N[(size_t)a * K + a] -= s;
      Nc[a] -= (int64_t)n[w];
      /* the class that gains the most likelihood */
      double best = -1e300;
      unsigned bb = a;
      for (unsigned b = 0; b < K; b++) {
        const int64_t *row = N + (size_t)b * K;
        double g = 0;
        for (size_t i = 0; i < nr; i++) {
          unsigned d = rl[i];
          if (d != b)
            g += xlx(T, row[d] + rd[d]) - xlx(T, row[d]);
        }
        for (size_t i = 0; i < nl; i++) {
          unsigned d = ll[i];
          if (d != b)
            g += xlx(T, N[(size_t)d * K + b] + ld[d]) - xlx(T, N[(size_t)d * K + b]);
        }
        g += xlx(T, row[b] + rd[b] + ld[b] + s) - xlx(T, row[b]);
        g -= 2 * (xlx(T, Nc[b] + (int64_t)n[w]) - xlx(T, Nc[b]));
        if (g > best + 1e-9 || (b == a && g >= best - 1e-9)) {
          best = g;
          bb = b;
        }
      }
      for (size_t i = 0; i < nr; i++)
        N[(size_t)bb * K + rl[i]] += rd[rl[i]];
      for (size_t i = 0; i < nl; i++)
        N[(size_t)ll[i] * K + bb] += ld[ll[i]];
      N[(size_t)bb * K + bb] += s;
      Nc[bb] += (int64_t)n[w];
      moved += bb != a;
      cls[w] = (uint16_t)bb;
      for (size_t i = 0; i < nr; i++)
        rd[rl[i]] = 0;
      for (size_t i = 0; i < nl; i++)
        ld[ll[i]] = 0;
    }
    if (logf)
      fprintf(logf, "clusters K=%u: pass %u/%u moved %zu of %zu words (%.1fs)\n", K, it + 1, iters,
              moved, V, (double)(clock() - t0) / CLOCKS_PER_SEC);
    if (moved == 0)
      break;
  }
  free(N);
  free(Nc);
  free(rd);
  free(ld);
  free(rl);
  free(ll);
}

cw_err_t wclust_builder_write(wclust_builder_t *b, const unsigned k[WCLUST_LEVELS],
                              unsigned min_count, unsigned iters, FILE *logf, const char *path,
                              char *errstr, size_t errstr_size) {
  for (int l = 0; l < WCLUST_LEVELS; l++)
    if (k[l] < 2 || k[l] > WCLUST_MAX_K) {
      snprintf(errstr, errstr_size, "cluster count %u outside 2..%u", k[l], WCLUST_MAX_K);
      return CW_ERR_INVALID;
    }
  /* vocabulary in frequency order */
  uint32_t *order = cw_malloc((b->nw + 1) * sizeof(uint32_t));
  uint64_t *key = cw_malloc((b->nw + 1) * sizeof(uint64_t));
  size_t V = 0;
  for (uint32_t w = 0; w < b->nw; w++) {
    if (b->wcount[w] < min_count)
      continue;
    /* most frequent first, ties by first appearance */
    uint64_t c = b->wcount[w] > UINT32_MAX ? UINT32_MAX : b->wcount[w];
    key[V++] = ((uint64_t)(UINT32_MAX - c) << 32) | w;
  }
  qsort(key, V, sizeof(uint64_t), cmp_u64);
  for (size_t i = 0; i < V; i++)
    order[i] = (uint32_t)key[i];
  free(key);
  uint32_t *remap = cw_malloc((b->nw + 1) * sizeof(uint32_t));
  memset(remap, 0xff, (b->nw + 1) * sizeof(uint32_t));
  uint64_t *n = cw_malloc((V + 1) * sizeof(uint64_t));
  for (size_t i = 0; i < V; i++) {
    remap[order[i]] = (uint32_t)i;
    n[i] = b->wcount[order[i]];
  }
  /* bigrams of kept words */
  size_t np = 0;
  uint64_t *pairs = cw_malloc((b->ns + 1) * sizeof(uint64_t));
  for (size_t i = 0; i + 1 < b->ns; i++) {
    uint32_t x = b->stream[i], y = b->stream[i + 1];
    if (x == UINT32_MAX || y == UINT32_MAX || remap[x] == UINT32_MAX || remap[y] == UINT32_MAX)
      continue;
    pairs[np++] = ((uint64_t)remap[x] << 32) | remap[y];
  }
  qsort(pairs, np, sizeof(uint64_t), cmp_u64);
  csr_t succ, pred;
  csr_build(pairs, np, V, 0, &succ);
  csr_build(pairs, np, V, 1, &pred);
  free(pairs);
  if (logf)
    fprintf(logf, "clusters: %zu tokens, %zu words (%zu seen >= %u times), %zu bigrams\n", b->ns,
            b->nw, V, min_count, np);
  xlx_t T = {cw_malloc(((size_t)1 << 20) * sizeof(double)), (size_t)1 << 20};
  T.t[0] = 0;
  for (size_t i = 1; i < T.n; i++)
    T.t[i] = (double)i * log((double)i);
  uint16_t *cls[WCLUST_LEVELS];
  for (int l = 0; l < WCLUST_LEVELS; l++) {
    cls[l] = cw_malloc((V + 1) * sizeof(uint16_t));
    exchange(V, n, &succ, &pred, k[l], iters, &T, cls[l], logf);
  }
  cw_err_t err = CW_OK;
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    err = CW_ERR_IO;
  } else {
    fprintf(f, "# wclust 1 %u %u\n", k[0], k[1]);
    for (size_t i = 0; i < V; i++)
      fprintf(f, "%s\t%u\t%u\n", bword(b, order[i]), cls[0][i], cls[1][i]);
    if (ferror(f) | fclose(f)) {
      snprintf(errstr, errstr_size, "%s: write failed", path);
      err = CW_ERR_IO;
    }
  }
  for (int l = 0; l < WCLUST_LEVELS; l++)
    free(cls[l]);
  free(T.t);
  free(succ.off);
  free(succ.e);
  free(pred.off);
  free(pred.e);
  free(order);
  free(remap);
  free(n);
  return err;
}
