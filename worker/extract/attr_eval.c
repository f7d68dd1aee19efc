/* attr_eval.c - BRAT standoff attribution files and their exact/overlap scoring. */
#include "attr_eval.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"

void cw_ann_add(cw_ann_doc_t *d, const cw_ann_attr_t *a) {
  if (d->n == d->cap) {
    d->cap = d->cap ? 2 * d->cap : 32;
    d->a = cw_realloc(d->a, d->cap * sizeof *d->a);
  }
  d->a[d->n++] = *a;
}

void cw_ann_free(cw_ann_doc_t *d) {
  free(d->a);
  memset(d, 0, sizeof *d);
}

/* Parses "start end[;start end...]" at *p into s. */
static int parse_pieces(const char **p, const char *end, cw_ann_span_t *s) {
  memset(s, 0, sizeof *s);
  for (;;) {
    char *q;
    unsigned long a = strtoul(*p, &q, 10);
    if (q == *p || q >= end || *q != ' ') return 0;
    *p = q + 1;
    unsigned long b = strtoul(*p, &q, 10);
    if (q == *p || b < a || a > UINT32_MAX || b > UINT32_MAX) return 0;
    if (s->n < CW_ANN_MAX_PIECES) {
      s->start[s->n] = (uint32_t)a;
      s->end[s->n] = (uint32_t)b;
      s->n++;
    } else {
      s->end[s->n - 1] = (uint32_t)b;  /* fold extra pieces into the last one */
    }
    *p = q;
    if (*p < end && **p == ';') {
      (*p)++;
      continue;
    }
    return 1;
  }
}

typedef struct {
  int type;  /* 0 none, 1 source, 2 cue, 3 content */
  cw_ann_span_t span;
} tb_t;

cw_err_t cw_ann_parse(const char *text, size_t n, cw_ann_doc_t *out, char *errstr,
                      size_t errstr_size) {
  cw_err_t err = CW_OK;
  tb_t *tb = NULL;
  size_t ntb = 0, lineno = 0;
  const char *p = text, *end = text + n;
  /* Two passes: T lines first, since E lines may precede the T lines they name. */
  for (int pass = 0; pass < 2; pass++) {
    p = text;
    lineno = 0;
    while (p < end) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      const char *le = nl ? nl : end;
      lineno++;
      if (pass == 0 && le - p > 1 && p[0] == 'T' && p[1] >= '0' && p[1] <= '9') {
        char *q;
        unsigned long id = strtoul(p + 1, &q, 10);
        if (q >= le || *q != '\t' || id > 10000000) goto bad;
        const char *ty = q + 1;
        const char *sp = memchr(ty, ' ', (size_t)(le - ty));
        if (!sp) goto bad;
        int type = 0;
        size_t tl = (size_t)(sp - ty);
        if (tl == 6 && memcmp(ty, "Source", 6) == 0) type = 1;
        else if (tl == 3 && memcmp(ty, "Cue", 3) == 0) type = 2;
        else if (tl == 7 && memcmp(ty, "Content", 7) == 0) type = 3;
        const char *np = sp + 1;
        cw_ann_span_t s;
        if (!parse_pieces(&np, le, &s)) goto bad;
        if (id >= ntb) {
          size_t nn = id + 64;
          tb = cw_realloc(tb, nn * sizeof *tb);
          memset(tb + ntb, 0, (nn - ntb) * sizeof *tb);
          ntb = nn;
        }
        tb[id].type = type;
        tb[id].span = s;
      } else if (pass == 1 && le - p > 1 && p[0] == 'E' && p[1] >= '0' && p[1] <= '9') {
        cw_ann_attr_t a;
        memset(&a, 0, sizeof a);
        const char *q = memchr(p, '\t', (size_t)(le - p));
        if (!q) goto bad;
        q++;
        while (q < le) {
          const char *colon = memchr(q, ':', (size_t)(le - q));
          if (!colon || colon + 2 > le || colon[1] != 'T') goto bad;
          char *r;
          unsigned long id = strtoul(colon + 2, &r, 10);
          if (r == colon + 2) goto bad;
          size_t rl = (size_t)(colon - q);
          if (id >= ntb || tb[id].span.n == 0) goto bad;
          if (rl == 6 && memcmp(q, "Source", 6) == 0) a.source = tb[id].span;
          else if (rl == 3 && memcmp(q, "Cue", 3) == 0) a.cue = tb[id].span;
          else if (rl == 7 && memcmp(q, "Content", 7) == 0) a.content = tb[id].span;
          q = r;
          while (q < le && (*q == ' ' || *q == '\r')) q++;
        }
        cw_ann_add(out, &a);
      }
      p = nl ? nl + 1 : end;
    }
  }
  goto done;
bad:
  snprintf(errstr, errstr_size, "line %zu: malformed standoff line", lineno);
  err = CW_ERR_FORMAT;
done:
  free(tb);
  return err;
}

/* Appends the covered text of [s, e), newlines flattened so the line stays one line. */
static cw_err_t put_text(cw_buf_t *b, const char *body, size_t body_len, const uint32_t *cp_byte,
                         size_t n_cp, uint32_t s, uint32_t e) {
  if (s > e || e > n_cp) return cw_buf_puts(b, "");
  size_t bs = cp_byte[s], be = cp_byte[e];
  if (be > body_len) be = body_len;
  for (size_t i = bs; i < be; i++) {
    char ch = body[i] == '\n' || body[i] == '\r' ? ' ' : body[i];
    cw_err_t err = cw_buf_putc(b, ch);
    if (err) return err;
  }
  return CW_OK;
}

static cw_err_t put_t(cw_buf_t *b, unsigned id, const char *type, const cw_ann_span_t *s,
                      const char *body, size_t body_len, const uint32_t *cp_byte, size_t n_cp) {
  cw_err_t err = cw_buf_printf(b, "T%u\t%s ", id, type);
  for (uint32_t i = 0; !err && i < s->n; i++)
    err = cw_buf_printf(b, "%s%u %u", i ? ";" : "", s->start[i], s->end[i]);
  if (!err) err = cw_buf_putc(b, '\t');
  for (uint32_t i = 0; !err && i < s->n; i++) {
    if (i) err = cw_buf_putc(b, ' ');
    if (!err) err = put_text(b, body, body_len, cp_byte, n_cp, s->start[i], s->end[i]);
  }
  if (!err) err = cw_buf_putc(b, '\n');
  return err;
}

cw_err_t cw_ann_write(const cw_ann_doc_t *d, const char *body, size_t body_len,
                      const uint32_t *cp_byte, size_t n_cp, cw_buf_t *out) {
  cw_err_t err = CW_OK;
  unsigned t = 0, e = 0;
  for (size_t i = 0; !err && i < d->n; i++) {
    const cw_ann_attr_t *a = &d->a[i];
    unsigned ts = 0, tc = 0, tn = 0, ta = 0;
    if (a->source.n) {
      ts = ++t;
      err = put_t(out, ts, "Source", &a->source, body, body_len, cp_byte, n_cp);
    }
    if (!err && a->cue.n) {
      tc = ++t;
      err = put_t(out, tc, "Cue", &a->cue, body, body_len, cp_byte, n_cp);
    }
    if (!err && a->content.n) {
      tn = ++t;
      err = put_t(out, tn, "Content", &a->content, body, body_len, cp_byte, n_cp);
    }
    if (!err) {
      /* PolNeAR anchors the event on the cue, or on the content when there is none. */
      ta = ++t;
      err = put_t(out, ta, a->source.n ? "Attribution" : "Attribution-no-source",
                  a->cue.n ? &a->cue : &a->content, body, body_len, cp_byte, n_cp);
    }
    if (!err) {
      err = cw_buf_printf(out, "E%u\t%s:T%u", ++e, a->source.n ? "Attribution" : "Attribution-no-source", ta);
      if (!err && tn) err = cw_buf_printf(out, " Content:T%u", tn);
      if (!err && tc) err = cw_buf_printf(out, " Cue:T%u", tc);
      if (!err && ts) err = cw_buf_printf(out, " Source:T%u", ts);
      if (!err) err = cw_buf_putc(out, '\n');
    }
  }
  return err;
}

static int span_exact(const cw_ann_span_t *x, const cw_ann_span_t *y) {
  if (!x->n || !y->n) return x->n == 0 && y->n == 0;
  return x->start[0] == y->start[0] && x->end[x->n - 1] == y->end[y->n - 1];
}

static int span_overlap(const cw_ann_span_t *x, const cw_ann_span_t *y) {
  if (!x->n || !y->n) return x->n == 0 && y->n == 0;
  for (uint32_t i = 0; i < x->n; i++)
    for (uint32_t k = 0; k < y->n; k++)
      if (x->start[i] < y->end[k] && y->start[k] < x->end[i]) return 1;
  return 0;
}

static const cw_ann_span_t *part(const cw_ann_attr_t *a, int p) {
  return p == CW_ANN_CUE ? &a->cue : p == CW_ANN_SOURCE ? &a->source : &a->content;
}

static int match(const cw_ann_attr_t *g, const cw_ann_attr_t *q, int p, int overlap) {
  int (*f)(const cw_ann_span_t *, const cw_ann_span_t *) = overlap ? span_overlap : span_exact;
  if (p != CW_ANN_WHOLE) return f(part(g, p), part(q, p));
  return f(&g->cue, &q->cue) && f(&g->content, &q->content) && f(&g->source, &q->source);
}

void cw_ann_matched(const cw_ann_doc_t *gold, const cw_ann_doc_t *pred, int p, int ov,
                    unsigned char *used) {
  memset(used, 0, gold->n);
  for (size_t i = 0; i < pred->n; i++) {
    const cw_ann_attr_t *q = &pred->a[i];
    if (p != CW_ANN_WHOLE && !part(q, p)->n) continue;
    /* Prefer an exact partner so that overlap matching never steals one. */
    size_t hit = SIZE_MAX;
    for (size_t k = 0; k < gold->n && hit == SIZE_MAX; k++) {
      if (used[k] || (p != CW_ANN_WHOLE && !part(&gold->a[k], p)->n)) continue;
      if (match(&gold->a[k], q, p, 0)) hit = k;
    }
    for (size_t k = 0; ov && k < gold->n && hit == SIZE_MAX; k++) {
      if (used[k] || (p != CW_ANN_WHOLE && !part(&gold->a[k], p)->n)) continue;
      if (match(&gold->a[k], q, p, 1)) hit = k;
    }
    if (hit != SIZE_MAX) used[hit] = 1;
  }
}

void cw_ann_score(const cw_ann_doc_t *gold, const cw_ann_doc_t *pred, cw_ann_score_t *acc) {
  unsigned char *used = cw_calloc(gold->n ? gold->n : 1, 1);
  for (int p = 0; p < CW_ANN__PARTS; p++) {
    for (int ov = 0; ov < 2; ov++) {
      cw_prf_t *r = &acc->m[p][ov];
      size_t ng = 0, np = 0, tp = 0;
      for (size_t i = 0; i < gold->n; i++) ng += p == CW_ANN_WHOLE || part(&gold->a[i], p)->n;
      for (size_t i = 0; i < pred->n; i++) np += p == CW_ANN_WHOLE || part(&pred->a[i], p)->n;
      cw_ann_matched(gold, pred, p, ov, used);
      for (size_t k = 0; k < gold->n; k++) tp += used[k];
      r->tp_pred += tp;
      r->tp_gold += tp;
      r->n_pred += np;
      r->n_gold += ng;
    }
  }
  free(used);
}

int cw_ann_overlaps(const cw_ann_span_t *x, const cw_ann_span_t *y) {
  return x->n && y->n && span_overlap(x, y);
}

void cw_prf(const cw_prf_t *p, double *precision, double *recall, double *f1) {
  double pr = p->n_pred ? (double)p->tp_pred / (double)p->n_pred : 0.0;
  double rc = p->n_gold ? (double)p->tp_gold / (double)p->n_gold : 0.0;
  *precision = pr;
  *recall = rc;
  *f1 = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0.0;
}
