/* conll.c - CoNLL column file reader and conlleval-style chunk scores (see conll.h). */
#include "conll.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw_alloc.h"
#include "cw_file.h"

#define CONLL_MAX_BYTES (1ul << 30)

void conll_destroy(conll_t **cp) {
  if (!cp || !*cp)
    return;
  free((*cp)->sent);
  free((*cp)->cols);
  free((*cp)->text);
  free(*cp);
  *cp = NULL;
}

cw_err_t conll_read(const char *path, conll_t **out, char *errstr, size_t errstr_size) {
  size_t len = 0;
  char *text = NULL;
  *out = NULL;
  cw_err_t err = cw_file_read(path, CONLL_MAX_BYTES, &text, &len, errstr, errstr_size);
  if (err)
    return err;
  if (memchr(text, '\0', len)) {
    snprintf(errstr, errstr_size, "%s: contains a NUL byte", path);
    free(text);
    return CW_ERR_FORMAT;
  }
  conll_t *c = cw_calloc(1, sizeof(*c));
  c->text = text;
  size_t nlines = 1;
  for (size_t i = 0; i < len; i++)
    nlines += text[i] == '\n';
  c->cols = cw_malloc(3 * nlines * sizeof(char *) + 1);
  c->sent = cw_malloc((nlines + 1) * sizeof(conll_sent_t));
  size_t ntok = 0, lineno = 0, doc = 0;
  int doc_used = 0;
  conll_sent_t *cur = NULL;
  char *p = text;
  while (p && *p != '\0') {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    lineno++;
    size_t l = strlen(p);
    if (l && p[l - 1] == '\r')
      p[--l] = '\0';
    char *f[16], *save = NULL;
    size_t nf = 0;
    for (char *tok = strtok_r(p, " \t", &save); tok && nf < 16;
         tok = strtok_r(NULL, " \t", &save))
      f[nf++] = tok;
    if (nf == 0) {
      cur = NULL;
    } else if (strcmp(f[0], "-DOCSTART-") == 0) {
      cur = NULL;
      doc += doc_used;
      doc_used = 0;
    } else if (nf < 2) {
      snprintf(errstr, errstr_size, "%s:%zu: expected at least 2 columns", path, lineno);
      conll_destroy(&c);
      return CW_ERR_FORMAT;
    } else {
      if (!cur) {
        cur = &c->sent[c->nsent++];
        cur->n = 0;
        cur->word = c->cols + ntok;
        cur->pos = c->cols + nlines + ntok;
        cur->ner = c->cols + 2 * nlines + ntok;
        cur->doc = doc;
        doc_used = 1;
      }
      cur->word[cur->n] = f[0];
      cur->pos[cur->n] = f[1];
      cur->ner[cur->n] = f[nf - 1];
      cur->n++;
      ntok++;
    }
    p = nl ? nl + 1 : NULL;
  }
  c->ntok = ntok;
  c->ndoc = doc + doc_used;
  *out = c;
  return CW_OK;
}

typedef struct {
  size_t start, end; /* [start, end] */
  const char *type;
  size_t tlen;
} chunk_t;

static void split_label(const char *l, char *bio, const char **type, size_t *tlen) {
  if ((l[0] == 'B' || l[0] == 'I' || l[0] == 'E' || l[0] == 'S') && l[1] == '-') {
    *bio = l[0] == 'E' ? 'I' : l[0] == 'S' ? 'B' : l[0];
    *type = l + 2;
    *tlen = strlen(l + 2);
  } else {
    *bio = 'O';
    *type = "";
    *tlen = 0;
  }
}

/* Extracts chunks of one label sequence into out (at most n); returns their count. */
static size_t chunks(const char *const *lab, size_t n, chunk_t *out) {
  size_t k = 0;
  char pb = 'O';
  const char *pt = "";
  size_t ptl = 0;
  for (size_t i = 0; i < n; i++) {
    char b;
    const char *t;
    size_t tl;
    split_label(lab[i], &b, &t, &tl);
    int same = tl == ptl && memcmp(t, pt, tl) == 0;
    int start = b == 'B' || (b == 'I' && (pb == 'O' || !same));
    if (b != 'O' && start) {
      out[k].start = out[k].end = i;
      out[k].type = t;
      out[k].tlen = tl;
      k++;
    } else if (b == 'I' && k > 0) {
      out[k - 1].end = i;
    }
    pb = b;
    pt = t;
    ptl = tl;
  }
  return k;
}

static conll_type_count_t *type_slot(conll_score_t *s, const char *t, size_t tl) {
  if (tl >= sizeof s->t[0].type) {
    t = "?";
    tl = 1;
  }
  for (size_t i = 0; i < s->ntypes; i++)
    if (strlen(s->t[i].type) == tl && memcmp(s->t[i].type, t, tl) == 0)
      return &s->t[i];
  if (s->ntypes == CW_CHUNK_TYPES)
    return &s->t[CW_CHUNK_TYPES - 1];
  conll_type_count_t *c = &s->t[s->ntypes++];
  memcpy(c->type, t, tl);
  c->type[tl] = '\0';
  return c;
}

void conll_score_add(conll_score_t *s, const char *const *gold, const char *const *pred,
                     size_t n) {
  if (n == 0)
    return;
  chunk_t *g = cw_malloc(2 * n * sizeof(chunk_t)), *p = g + n;
  size_t ng = chunks(gold, n, g), np = chunks(pred, n, p);
  for (size_t i = 0; i < n; i++) {
    s->tokens++;
    s->tok_correct += strcmp(gold[i], pred[i]) == 0;
  }
  for (size_t i = 0; i < ng; i++) {
    type_slot(s, g[i].type, g[i].tlen)->gold++;
    s->gold++;
  }
  size_t j = 0;
  for (size_t i = 0; i < np; i++) {
    conll_type_count_t *c = type_slot(s, p[i].type, p[i].tlen);
    c->pred++;
    s->pred++;
    while (j < ng && g[j].start < p[i].start)
      j++;
    if (j < ng && g[j].start == p[i].start && g[j].end == p[i].end && g[j].tlen == p[i].tlen &&
        memcmp(g[j].type, p[i].type, p[i].tlen) == 0) {
      c->correct++;
      s->correct++;
    }
  }
  free(g);
}

void cw_chunk_prf(size_t correct, size_t pred, size_t gold, double *p, double *r, double *f) {
  *p = pred ? (double)correct / (double)pred : 0.0;
  *r = gold ? (double)correct / (double)gold : 0.0;
  *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}
