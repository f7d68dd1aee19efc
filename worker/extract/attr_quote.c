/* attr_quote.c - pairs quotation marks into outermost quotation spans. */
#include "attr_quote.h"
#include <string.h>
#include "cw_utf8.h"
#include "cw_str.h"

typedef enum { Q_NONE = 0, Q_OPEN, Q_CLOSE, Q_AMBIG } qdir_t;
typedef enum { Q_DOUBLE = 0, Q_SINGLE } qlevel_t;

/* Whether tokens i and i + 1 are two adjacent ASCII marks forming one double mark ('' or ``). */
static int mark_pair(const cw_docview_t *doc, size_t i) {
  if (i + 1 >= doc->n_tokens) return 0;
  const cw_token_t *a = &doc->tokens[i], *b = &doc->tokens[i + 1];
  if (!a->text || !b->text || a->span.end != b->span.start) return 0;
  return (cw_str_eq(a->text, "'") && cw_str_eq(b->text, "'")) ||
         (cw_str_eq(a->text, "`") && cw_str_eq(b->text, "`"));
}

/* Code point of a one-code-point token, or 0. */
static uint32_t single_cp(const cw_docview_t *doc, size_t i) {
  const cw_token_t *t = &doc->tokens[i];
  if (mark_pair(doc, i)) return cw_str_eq(t->text, "`") ? 0x201C : '"';
  if (i > 0 && mark_pair(doc, i - 1)) return 0;  /* second half of a pair */
  if (t->span.end != t->span.start + 1) {
    /* LaTeX-style `` and '' count as one mark. */
    if (t->span.end == t->span.start + 2 && t->text) {
      if (cw_str_eq(t->text, "``")) return 0x201C;
      if (cw_str_eq(t->text, "''")) return 0x201D;
    }
    return 0;
  }
  size_t b = doc->cp_byte[t->span.start];
  return cw_utf8_next(doc->body, doc->body_len, &b);
}

/* Whether the code point next to token @p i (before when @p before) is a space or absent. */
static int spaced(const cw_docview_t *doc, size_t i, int before) {
  const cw_token_t *t = &doc->tokens[i];
  uint32_t at;
  if (before) {
    if (t->span.start == 0) return 1;
    at = t->span.start - 1;
  } else {
    if (mark_pair(doc, i)) t = &doc->tokens[i + 1];
    if (t->span.end >= doc->n_cp) return 1;
    at = t->span.end;
  }
  size_t b = doc->cp_byte[at];
  uint32_t c = cw_utf8_next(doc->body, doc->body_len, &b);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0) return 1;
  /* An opening bracket or dash before a mark behaves like a space; so does punctuation after. */
  if (before) return c == '(' || c == '[' || c == 0x2014 || c == 0x2013 || c == '-';
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '?' || c == '!' || c == ')' ||
         c == 0x2014 || c == 0x2013 || c == 0x2026;
}

static qdir_t classify(const cw_docview_t *doc, size_t i, qlevel_t *level) {
  uint32_t c = single_cp(doc, i);
  int sb, sa;
  switch (c) {
    case 0x201C: case 0x201E: case 0x00AB: case 0x300C: case 0x300E: case 0x2039:
      *level = (c == 0x2039) ? Q_SINGLE : Q_DOUBLE;
      return Q_OPEN;
    case 0x201D:
      /* A closing mark typed where an opening one belongs: spaced before, a word after
       * (a paragraph opening "”Fear. I am truly afraid ..."). */
      *level = Q_DOUBLE;
      return spaced(doc, i, 1) && !spaced(doc, i, 0) ? Q_OPEN : Q_CLOSE;
    case 0x00BB: case 0x300D: case 0x300F: case 0x203A:
      *level = (c == 0x203A) ? Q_SINGLE : Q_DOUBLE;
      return Q_CLOSE;
    case '"':
      *level = Q_DOUBLE;
      sb = spaced(doc, i, 1);
      sa = spaced(doc, i, 0);
      if (sb && !sa) return Q_OPEN;
      if (!sb && sa) return Q_CLOSE;
      return Q_AMBIG;
    case 0x2018: case 0x201A: case '\'': case 0x2019:
      *level = Q_SINGLE;
      sb = spaced(doc, i, 1);
      sa = spaced(doc, i, 0);
      if (sb && !sa && c != 0x2019) return Q_OPEN;
      if (!sb && sa) return Q_CLOSE;
      return Q_NONE;  /* apostrophe inside a word */
    default:
      return Q_NONE;
  }
}

int cw_attr_is_quote_mark(const cw_docview_t *doc, size_t i) {
  qlevel_t lv;
  uint32_t c = single_cp(doc, i);
  if (c == '\'' || c == 0x2019 || c == 0x2018) return classify(doc, i, &lv) != Q_NONE;
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB || c == 0x00BB ||
         c == 0x300C || c == 0x300D || c == 0x300E || c == 0x300F || c == 0x2039 || c == 0x203A ||
         c == 0x201A;
}

int cw_attr_opening_mark(const cw_docview_t *doc, size_t i) {
  qlevel_t lv;
  return classify(doc, i, &lv) == Q_OPEN && lv == Q_DOUBLE;
}

int cw_attr_para_break(const cw_docview_t *doc, size_t i) {
  if (i == 0 || i >= doc->n_tokens) return 0;
  size_t a = doc->cp_byte[doc->tokens[i - 1].span.end];
  size_t b = doc->cp_byte[doc->tokens[i].span.start];
  return memchr(doc->body + a, '\n', b - a) != NULL;
}

size_t cw_attr_quotes(const cw_docview_t *doc, cw_attr_quote_t **out) {
  size_t cap = 16, n = 0;
  cw_attr_quote_t *q = cw_arena_alloc(doc->arena, cap * sizeof *q);
  int open = 0;            /* inside an outermost quote */
  qlevel_t open_level = Q_DOUBLE;
  uint32_t open_at = 0, open_cp = 0;
  for (size_t i = 0; i < doc->n_tokens; i++) {
    if (open && cw_attr_para_break(doc, i)) {
      /* Convention: a quote continued into the next paragraph leaves the mark open and
       * reopens the next paragraph; otherwise the quote ends with its paragraph. */
      qlevel_t lv;
      qdir_t d = classify(doc, i, &lv);
      if ((d == Q_OPEN || d == Q_AMBIG) && lv == open_level && lv == Q_DOUBLE) continue;
      open = 0;
      /* An unclosed single mark was an apostrophe after all ("'90s"). */
      if (open_level == Q_SINGLE) goto mark;
      if (n == cap) {
        cw_attr_quote_t *g = cw_arena_alloc(doc->arena, 2 * cap * sizeof *g);
        memcpy(g, q, n * sizeof *q);
        q = g;
        cap *= 2;
      }
      q[n++] = (cw_attr_quote_t){open_at, (uint32_t)(i - 1), 0};
    }
  mark:;
    qlevel_t lv;
    qdir_t d = classify(doc, i, &lv);
    if (d == Q_NONE) continue;
    if (!open) {
      /* A lone closing single mark outside quotes is an apostrophe ("voters'"). */
      if (d == Q_OPEN || (d == Q_AMBIG && lv == Q_DOUBLE)) {
        open = 1;
        open_level = lv;
        open_at = (uint32_t)i;
        open_cp = single_cp(doc, i);
      }
      continue;
    }
    /* German-style „...“ closes with the mark that opens English quotes. */
    if (d == Q_OPEN && open_cp == 0x201E && single_cp(doc, i) == 0x201C) d = Q_CLOSE;
    if (open_cp == 0x201A && single_cp(doc, i) == 0x2018) {
      d = Q_CLOSE;
      lv = Q_SINGLE;
    }
    if (lv != open_level) continue;  /* nested quote of the other level */
    if (d == Q_CLOSE || d == Q_AMBIG) {
      if (n == cap) {
        cw_attr_quote_t *g = cw_arena_alloc(doc->arena, 2 * cap * sizeof *g);
        memcpy(g, q, n * sizeof *q);
        q = g;
        cap *= 2;
      }
      q[n++] = (cw_attr_quote_t){open_at, (uint32_t)(i + (size_t)mark_pair(doc, i)), 1};
      open = 0;
      i += (size_t)mark_pair(doc, i);
    }
  }
  if (open && open_level == Q_DOUBLE && doc->n_tokens > open_at + 1) {
    if (n == cap) {
      cw_attr_quote_t *g = cw_arena_alloc(doc->arena, 2 * cap * sizeof *g);
      memcpy(g, q, n * sizeof *q);
      q = g;
      cap *= 2;
    }
    q[n++] = (cw_attr_quote_t){open_at, (uint32_t)(doc->n_tokens - 1), 0};
  }
  *out = q;
  return n;
}
