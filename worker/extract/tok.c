/* tok.c - the tokenizer: splits UTF-8 text into Penn-Treebank-like tokens (clitics 's and n't
 * split off, "$" and "%" separate, numbers like 2,700 and 3.5 kept whole, URLs, e-mail
 * addresses, @handles and abbreviations such as "U.S." and "Mr." kept whole) with code-point
 * offsets. One pass over the bytes, no per-token malloc: everything lands in the arena. */
#include <stdio.h>
#include <string.h>
#include "cw_limits.h"
#include "cw_utf8.h"
#include "tok.h"

/* Character classes. Only what the token rules need is told apart. */
enum { C_SPACE, C_NL, C_UPPER, C_LOWER, C_ALPHA, C_DIGIT, C_MARK, C_PUNCT };

static const unsigned char ascii_class[128] = {
  /* 0x00 */ C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
  /* 0x08 */ C_SPACE, C_SPACE, C_NL, C_SPACE, C_SPACE, C_NL, C_SPACE, C_SPACE,
  /* 0x10 */ C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
  /* 0x18 */ C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
  /* 0x20 */ C_SPACE, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
  /* 0x28 */ C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
  /* 0x30 */ C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
  /* 0x38 */ C_DIGIT, C_DIGIT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
  /* 0x40 */ C_PUNCT, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
  /* 0x48 */ C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
  /* 0x50 */ C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER, C_UPPER,
  /* 0x58 */ C_UPPER, C_UPPER, C_UPPER, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
  /* 0x60 */ C_PUNCT, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
  /* 0x68 */ C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
  /* 0x70 */ C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER, C_LOWER,
  /* 0x78 */ C_LOWER, C_LOWER, C_LOWER, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_SPACE,
};

/* A coarse classification of the code points news text uses; scripts without case count as
 * letters, symbols and emoji as punctuation. */
static int uclass(uint32_t cp) {
  if (cp < 0x80)
    return ascii_class[cp];
  if (cp < 0xA0)
    return cp == 0x85 ? C_NL : C_SPACE;
  if (cp == 0xA0)
    return C_SPACE;
  if (cp < 0xC0)
    return C_PUNCT;
  if (cp < 0x100) {
    if (cp == 0xD7 || cp == 0xF7)
      return C_PUNCT;
    return cp < 0xDF ? C_UPPER : C_LOWER;
  }
  if (cp < 0x180)
    return (cp & 1) ? C_LOWER : C_UPPER;
  if (cp < 0x300)
    return C_ALPHA;
  if (cp < 0x370)
    return C_MARK;
  if (cp < 0x400) {
    if (cp >= 0x391 && cp <= 0x3A9)
      return C_UPPER;
    if (cp >= 0x3B1 && cp <= 0x3C9)
      return C_LOWER;
    return C_ALPHA;
  }
  if (cp < 0x530) {
    if (cp < 0x430)
      return C_UPPER;
    if (cp < 0x460)
      return C_LOWER;
    return C_ALPHA;
  }
  if (cp == 0x1680)
    return C_SPACE;
  if (cp >= 0x1E00 && cp < 0x1F00)
    return (cp & 1) ? C_LOWER : C_UPPER;
  if (cp < 0x2000)
    return C_ALPHA;
  if (cp < 0x2070) {
    if (cp <= 0x200B || cp == 0x202F || cp == 0x205F || cp == 0x2060)
      return C_SPACE;
    if (cp == 0x200C || cp == 0x200D)
      return C_MARK;
    if (cp == 0x2028 || cp == 0x2029)
      return C_NL;
    return C_PUNCT;
  }
  if (cp < 0x2C00)
    return C_PUNCT;
  if (cp < 0x2E00)
    return C_ALPHA;
  if (cp < 0x3040)
    return cp == 0x3000 ? C_SPACE : C_PUNCT;
  if (cp < 0xE000)
    return C_ALPHA;
  if (cp < 0xF900)
    return C_PUNCT;
  if (cp < 0xFE00)
    return C_ALPHA;
  if (cp < 0xFE10)
    return C_MARK;
  if (cp < 0xFE70)
    return C_PUNCT;
  if (cp < 0xFF00)
    return cp == 0xFEFF ? C_SPACE : C_ALPHA;
  if (cp < 0xFFF0) {
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A) || cp >= 0xFF66)
      return C_ALPHA;
    return C_PUNCT;
  }
  if (cp < 0x10000)
    return C_PUNCT;
  if (cp >= 0x1F3FB && cp <= 0x1F3FF)
    return C_MARK;
  if (cp >= 0x1F000 && cp < 0x1FB00)
    return C_PUNCT;
  if (cp >= 0xE0000 && cp < 0xE0080)
    return C_MARK;
  return C_ALPHA;
}

static int is_wordc(int c) {
  return c == C_UPPER || c == C_LOWER || c == C_ALPHA || c == C_DIGIT || c == C_MARK;
}

static int is_quote_cp(uint32_t cp) {
  switch (cp) {
  case '"': case '\'': case '`': case 0xAB: case 0xBB: case 0x2018: case 0x2019: case 0x201A:
  case 0x201B: case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2039: case 0x203A:
    return 1;
  default:
    return 0;
  }
}

/* Titles and other abbreviations that take a period in news text. */
static const char *const title_abbrevs[] = {
  "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Cpt",
  "Sgt", "Maj", "Adm", "Cmdr", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Cpl", "Pte",
  "Fr", "Messrs", "Mme", "Mlle", "St", NULL};
static const char *const other_abbrevs[] = {
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
  "Inc", "Corp", "Co", "Ltd", "Bros", "Jr", "Sr", "No", "Nos", "vs", "etc", "Ave", "Blvd",
  "Mt", "Ft", "approx", "est", "dept", "Dept", "Univ", "Assn", "Ald", "Ariz", "Calif",
  "Colo", "Conn", "Fla", "Ill", "Mass", "Mich", "Minn", "Nev", "Okla", "Penn", "Tenn", "Tex",
  "Va", "Wash", "Wis", "al", "cf", "viz", "Fig", "fig", "Vol", "vol", "pp", NULL};

static int in_list(const char *const *list, const char *w, size_t len) {
  for (size_t i = 0; list[i]; i++)
    if ((!len || list[i][0] == w[0]) && strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
      return 1;
  return 0;
}

int tok_is_title_abbrev(const char *w, size_t len) {
  return in_list(title_abbrevs, w, len);
}

int tok_is_abbrev(const char *w, size_t len) {
  return in_list(title_abbrevs, w, len) || in_list(other_abbrevs, w, len);
}

/* ==== Scanner ==== */

typedef struct {
  const unsigned char *s;
  size_t n;
  cw_arena_t *arena;
  tok_result_t *out;
  size_t cap;
  char *text;        /* next free byte of the token text buffer */
  uint32_t pending;  /* TOK_F_* layout flags for the next token */
  char *errstr;
  size_t errstr_size;
} scan_t;

/* Decodes the code point at byte @p i (input validated); *len gets its byte length. */
static inline uint32_t dec(const scan_t *sc, size_t i, size_t *len) {
  const unsigned char *s = sc->s;
  unsigned char c = s[i];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if ((c & 0xE0) == 0xC0) {
    *len = 2;
    return ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if ((c & 0xF0) == 0xE0) {
    *len = 3;
    return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  *len = 4;
  return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3F) << 12) |
         ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
}

/* Class of the code point at byte @p i, C_SPACE past the end. */
static inline int cls_at(const scan_t *sc, size_t i, uint32_t *cp, size_t *len) {
  if (i >= sc->n) {
    *cp = 0;
    *len = 0;
    return C_SPACE;
  }
  if (sc->s[i] < 0x80) {
    *cp = sc->s[i];
    *len = 1;
    return ascii_class[sc->s[i]];
  }
  *cp = dec(sc, i, len);
  return uclass(*cp);
}

static inline int byte_is(const scan_t *sc, size_t i, char c) {
  return i < sc->n && sc->s[i] == (unsigned char)c;
}

static inline int ascii_word(const scan_t *sc, size_t i) {
  if (i >= sc->n)
    return 0;
  unsigned char c = sc->s[i];
  return c < 0x80 && (ascii_class[c] == C_UPPER || ascii_class[c] == C_LOWER ||
                      ascii_class[c] == C_DIGIT);
}

/* Emits the token [b0, b1) starting at code point @p c0 and spanning @p ncp code points. */
static cw_err_t emit(scan_t *sc, size_t b0, size_t b1, uint32_t c0, uint32_t ncp,
                     uint32_t flags) {
  tok_result_t *o = sc->out;
  if (o->n >= CW_MAX_TOKENS) {
    snprintf(sc->errstr, sc->errstr_size, "more than %u tokens (CW_MAX_TOKENS)",
             (unsigned)CW_MAX_TOKENS);
    return CW_ERR_TOO_LARGE;
  }
  if (o->n == sc->cap) {
    /* Doubling inside the arena wastes at most the old arrays, bounded by the final size. */
    size_t cap = sc->cap * 2;
    cw_token_t *t = cw_arena_alloc(sc->arena, cap * sizeof(*t));
    tok_info_t *in = cw_arena_alloc(sc->arena, cap * sizeof(*in));
    memcpy(t, o->tokens, o->n * sizeof(*t));
    memcpy(in, o->info, o->n * sizeof(*in));
    o->tokens = t;
    o->info = in;
    sc->cap = cap;
  }
  cw_token_t *t = &o->tokens[o->n];
  tok_info_t *in = &o->info[o->n];
  size_t len = b1 - b0;
  memcpy(sc->text, sc->s + b0, len);
  sc->text[len] = '\0';
  t->text = sc->text;
  sc->text += len + 1;
  t->span.start = c0;
  t->span.end = c0 + ncp;
  t->pos = NULL;
  t->sentence = 0;

  /* Shape flags from the first letters. */
  const unsigned char *p = sc->s + b0;
  uint32_t f = flags | sc->pending;
  int has_lower = 0, has_alpha = 0, has_digit = 0, all_num = 1;
  for (size_t i = 0; i < len;) {
    size_t l = 1;
    int c;
    if (p[i] < 0x80)
      c = ascii_class[p[i]];
    else
      c = uclass(dec(sc, b0 + i, &l));
    if (i == 0) {
      if (c == C_UPPER)
        f |= TOK_F_CAP;
      else if (c == C_LOWER)
        f |= TOK_F_LOWER;
    }
    if (c == C_LOWER)
      has_lower = 1;
    if (c == C_UPPER || c == C_LOWER || c == C_ALPHA)
      has_alpha = 1;
    if (c == C_DIGIT)
      has_digit = 1;
    else if (!(i > 0 && (p[i] == ',' || p[i] == '.' || p[i] == ':') && i + 1 < len))
      all_num = 0;
    i += l;
  }
  if (has_alpha) {
    f |= TOK_F_ALPHA;
    if (!has_lower)
      f |= TOK_F_ALLCAP;
  }
  if (has_digit && all_num)
    f |= TOK_F_NUM;
  in->b0 = (uint32_t)b0;
  in->b1 = (uint32_t)b1;
  in->flags = f;
  sc->pending = 0;
  o->n++;
  return CW_OK;
}

/* A clitic that follows an apostrophe: s, re, ve, ll, d, m (any case), then a non-letter.
 * @returns its length in bytes, or 0. */
static size_t clitic_len(const scan_t *sc, size_t i) {
  static const char *const cl[] = {"s", "re", "ve", "ll", "d", "m", NULL};
  for (size_t k = 0; cl[k]; k++) {
    size_t l = strlen(cl[k]);
    if (i + l > sc->n)
      continue;
    size_t j = 0;
    while (j < l && (sc->s[i + j] | 0x20) == (unsigned char)cl[k][j])
      j++;
    uint32_t cp;
    size_t cl2;
    if (j == l && !is_wordc(cls_at(sc, i + l, &cp, &cl2)))
      return l;
  }
  return 0;
}

static int is_apos(const scan_t *sc, size_t i, size_t *len) {
  if (byte_is(sc, i, '\'')) {
    *len = 1;
    return 1;
  }
  /* U+2019 RIGHT SINGLE QUOTATION MARK is the usual typographic apostrophe. */
  if (i + 2 < sc->n && sc->s[i] == 0xE2 && sc->s[i + 1] == 0x80 && sc->s[i + 2] == 0x99) {
    *len = 3;
    return 1;
  }
  return 0;
}

/* Scans a URL starting at @p i, if one starts there. @returns its end byte or 0. */
static size_t scan_url(const scan_t *sc, size_t i) {
  static const char *const pre[] = {"http://", "https://", "www.", NULL};
  int hit = 0;
  for (size_t k = 0; pre[k] && !hit; k++) {
    size_t l = strlen(pre[k]);
    if (i + l < sc->n && strncasecmp((const char *)sc->s + i, pre[k], l) == 0 &&
        sc->s[i + l] > 0x20)
      hit = 1;
  }
  if (!hit)
    return 0;
  size_t j = i;
  while (j < sc->n) {
    uint32_t cp;
    size_t l;
    int c = cls_at(sc, j, &cp, &l);
    if (c == C_SPACE || c == C_NL || cp == '"' || cp == '<' || cp == '>' ||
        (cp >= 0x2018 && cp <= 0x201F))
      break;
    j += l;
  }
  /* Sentence punctuation after a URL is not part of it. */
  while (j > i && strchr(".,;:!?)]}'", sc->s[j - 1]))
    j--;
  return j;
}

/* Scans e-mail "local@domain.tld" whose local part starts at @p i. @returns end or 0. */
static size_t scan_email(const scan_t *sc, size_t i) {
  size_t j = i;
  while (j < sc->n && (ascii_word(sc, j) || strchr("._+-", sc->s[j])))
    j++;
  if (j == i || !byte_is(sc, j, '@') || !ascii_word(sc, j + 1))
    return 0;
  size_t k = j + 1, last_dot = 0;
  while (k < sc->n && (ascii_word(sc, k) || sc->s[k] == '-' || sc->s[k] == '.')) {
    if (sc->s[k] == '.' && ascii_word(sc, k + 1))
      last_dot = k;
    k++;
  }
  if (!last_dot)
    return 0;
  while (k > j && (sc->s[k - 1] == '.' || sc->s[k - 1] == '-'))
    k--;
  return k;
}

/* Number+scale written together ("20m", "1.5bn"): @returns the byte length of the numeric
 * prefix when the rest is a scale suffix, else 0. */
static size_t scale_split(const unsigned char *p, size_t len) {
  static const char *const suf[] = {"m", "bn", "mn", "b", "k", "tn", "trn", NULL};
  size_t i = 0;
  while (i < len && ((p[i] >= '0' && p[i] <= '9') ||
                     ((p[i] == '.' || p[i] == ',') && i > 0 && i + 1 < len && p[i + 1] >= '0' &&
                      p[i + 1] <= '9')))
    i++;
  if (i == 0 || i == len)
    return 0;
  for (size_t k = 0; suf[k]; k++)
    if (strlen(suf[k]) == len - i && strncasecmp((const char *)p + i, suf[k], len - i) == 0)
      return i;
  return 0;
}

/* Scans a word or number at @p i (a word character): letters, digits and marks joined by
 * in-word hyphens, number separators, and apostrophes that are not clitics; then emits it and
 * any clitic or abbreviation period. */
static cw_err_t scan_word(scan_t *sc, size_t i, uint32_t *cpos, size_t *next) {
  size_t b0 = i, j = i;
  uint32_t c0 = *cpos, ncp = 0;
  int digits_only = 1, units = 0;
  size_t first_unit_cps = 0, last_unit_cps = 0;
  for (;;) {
    /* One unit of word characters. */
    size_t unit_cps = 0;
    for (;;) {
      uint32_t cp;
      size_t l;
      int c = cls_at(sc, j, &cp, &l);
      if (!is_wordc(c))
        break;
      if (c != C_DIGIT)
        digits_only = 0;
      j += l;
      ncp++;
      unit_cps++;
    }
    if (units++ == 0)
      first_unit_cps = unit_cps;
    last_unit_cps = unit_cps;
    uint32_t cp, cp2;
    size_t l, l2;
    int c = cls_at(sc, j, &cp, &l);
    (void)c;
    int c2 = cls_at(sc, j + l, &cp2, &l2);
    /* In-word hyphen (also U+2011) between word characters: "anti-virus", "COVID-19". */
    if ((cp == '-' || cp == 0x2011) && is_wordc(c2)) {
      digits_only = 0;
      j += l;
      ncp++;
      continue;
    }
    /* Separators inside numbers: 2,700  3.5  10:33. */
    if (digits_only && (cp == ',' || cp == '.' || cp == ':') && c2 == C_DIGIT) {
      j += l;
      ncp++;
      continue;
    }
    /* Apostrophe inside a word: a clitic ends the word; otherwise it joins (O'Brien). */
    size_t al;
    if (is_apos(sc, j, &al) && cls_at(sc, j + al, &cp2, &l2) != C_SPACE &&
        is_wordc(cls_at(sc, j + al, &cp2, &l2))) {
      size_t cl = clitic_len(sc, j + al);
      int nt = 0;
      if (!cl && (sc->s[j + al] | 0x20) == 't' && !is_wordc(cls_at(sc, j + al + 1, &cp2, &l2)) &&
          j - b0 >= 2 && (sc->s[j - 1] | 0x20) == 'n')
        nt = 1;
      if (cl || nt) {
        size_t wend = nt ? j - 1 : j;
        uint32_t wcp = nt ? ncp - 1 : ncp;
        cw_err_t err;
        if (wend > b0) {
          err = emit(sc, b0, wend, c0, wcp, 0);
          if (err)
            return err;
        }
        size_t cend = j + al + (nt ? 1 : cl);
        uint32_t ccps = (uint32_t)(nt ? 3 : 1 + cl);
        err = emit(sc, wend, cend, c0 + wcp, ccps, TOK_F_CLITIC);
        if (err)
          return err;
        *cpos = c0 + wcp + ccps;
        *next = cend;
        return CW_OK;
      }
      j += al;
      ncp++;
      digits_only = 0;
      continue;
    }
    break;
  }
  /* Letter-period runs: U.S., e.g., a.m.; also after a hyphen, as in the party and state
   * of a US politician, "(R-S.C.)", "(D-N.Y.)": a run of two letters or more. */
  uint32_t flags = 0;
  int hyph_run = units > 1 && last_unit_cps == 1 && !digits_only && byte_is(sc, j, '.');
  if ((units == 1 && first_unit_cps == 1 && !digits_only && byte_is(sc, j, '.')) || hyph_run) {
    size_t k = j + 1;
    uint32_t kcp = ncp + 1;
    int letters = 1;
    for (;;) {
      uint32_t cp;
      size_t l;
      int c = cls_at(sc, k, &cp, &l);
      if (!(c == C_UPPER || c == C_LOWER) || l != 1)
        break;
      uint32_t cp3;
      size_t l3;
      if (!byte_is(sc, k + 1, '.') || is_wordc(cls_at(sc, k + 2, &cp3, &l3)))
        break;
      k += 2;
      kcp += 2;
      letters++;
    }
    uint32_t cp0;
    size_t l0;
    int c0cls = cls_at(sc, b0, &cp0, &l0);
    if (letters >= 2 || (c0cls == C_UPPER && !hyph_run)) {
      j = letters >= 2 ? k : j + 1;
      ncp = letters >= 2 ? kcp : ncp + 1;
      flags |= TOK_F_ABBR;
    }
  } else if (byte_is(sc, j, '.') && tok_is_abbrev((const char *)sc->s + b0, j - b0)) {
    j++;
    ncp++;
    flags |= TOK_F_ABBR;
  }
  if (!(flags & TOK_F_ABBR)) {
    size_t e = scan_email(sc, b0);
    if (e > j) {
      ncp = 0;
      for (size_t k = b0; k < e; k++)
        ncp++; /* e-mail addresses are ASCII */
      j = e;
      flags |= TOK_F_URL;
    }
  }
  cw_err_t err;
  size_t sp = (flags & TOK_F_URL) ? 0 : scale_split(sc->s + b0, j - b0);
  if (sp) {
    err = emit(sc, b0, b0 + sp, c0, (uint32_t)sp, 0);
    if (!err)
      err = emit(sc, b0 + sp, j, c0 + (uint32_t)sp, (uint32_t)(j - b0 - sp), 0);
  } else {
    err = emit(sc, b0, j, c0, ncp, flags);
  }
  *cpos = c0 + ncp;
  *next = j;
  return err;
}

/* Scans punctuation or a symbol at @p i. */
static cw_err_t scan_punct(scan_t *sc, size_t i, uint32_t cp, size_t l, uint32_t *cpos,
                           size_t *next) {
  size_t j = i + l;
  uint32_t ncp = 1, flags = TOK_F_PUNCT;
  uint32_t cp2;
  size_t l2;
  if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
    flags |= TOK_F_TERM;
    /* "..." and "?!" are one token. */
    while (j < sc->n && (sc->s[j] == '.' || sc->s[j] == '!' || sc->s[j] == '?')) {
      j++;
      ncp++;
    }
  } else if (cp == '-') {
    while (byte_is(sc, j, '-')) {
      j++;
      ncp++;
    }
  } else if (is_quote_cp(cp)) {
    flags |= TOK_F_QUOTE;
  } else {
    /* Emoji with modifiers and zero-width-joiner sequences stay one token. */
    for (;;) {
      int c = cls_at(sc, j, &cp2, &l2);
      if (c != C_MARK)
        break;
      j += l2;
      ncp++;
      if (cp2 == 0x200D && j < sc->n) {
        cls_at(sc, j, &cp2, &l2);
        j += l2;
        ncp++;
      }
    }
  }
  cw_err_t err = emit(sc, i, j, *cpos, ncp, flags);
  *cpos += ncp;
  *next = j;
  return err;
}

cw_err_t tok_run(const char *s, size_t n, cw_arena_t *arena, tok_result_t *out, char *errstr,
                 size_t errstr_size) {
  cw_err_t err = CW_OK;
  memset(out, 0, sizeof(*out));
  if (n > CW_MAX_BODY_BYTES) {
    snprintf(errstr, errstr_size, "body is %zu bytes, more than %u (CW_MAX_BODY_BYTES)", n,
             (unsigned)CW_MAX_BODY_BYTES);
    return CW_ERR_TOO_LARGE;
  }
  size_t ncp = 0, bad = 0;
  if (cw_utf8_validate(s, n, &ncp, &bad) != CW_OK) {
    snprintf(errstr, errstr_size, "bad byte 0x%02X at byte offset %zu",
             (unsigned)(unsigned char)s[bad], bad);
    return CW_ERR_UTF8;
  }
  uint32_t *cpb = cw_arena_alloc(arena, (ncp + 1) * sizeof(uint32_t));
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      cpb[c++] = (uint32_t)i;
  cpb[c] = (uint32_t)n;
  out->cp_byte = cpb;
  out->n_cp = ncp;

  scan_t sc = {.s = (const unsigned char *)s, .n = n, .arena = arena, .out = out,
               .errstr = errstr, .errstr_size = errstr_size};
  sc.cap = n / 4 + 16;
  if (sc.cap > CW_MAX_TOKENS + 1)
    sc.cap = CW_MAX_TOKENS + 1;
  out->tokens = cw_arena_alloc(arena, sc.cap * sizeof(cw_token_t));
  out->info = cw_arena_alloc(arena, sc.cap * sizeof(tok_info_t));
  /* Token texts are the token bytes plus a NUL each: at most 2n + 1. */
  sc.text = cw_arena_alloc(arena, 2 * n + 1);

  size_t i = 0;
  uint32_t cpos = 0;
  int newlines = 0;
  while (i < n) {
    uint32_t cp;
    size_t l;
    int cl = cls_at(&sc, i, &cp, &l);
    if (cl == C_SPACE || cl == C_NL) {
      sc.pending |= TOK_F_SPACE_BEFORE;
      /* "\r\n" is one line break. */
      if (cl == C_NL && !(cp == '\r' && byte_is(&sc, i + 1, '\n'))) {
        sc.pending |= TOK_F_NL_BEFORE;
        if (++newlines >= 2)
          sc.pending |= TOK_F_PARA_BEFORE;
      }
      i += l;
      cpos++;
      continue;
    }
    newlines = 0;
    size_t next = i;
    size_t ue = 0;
    if ((cp == 'h' || cp == 'H' || cp == 'w' || cp == 'W') && (ue = scan_url(&sc, i)) > i) {
      uint32_t k = 0;
      for (size_t b = i; b < ue; b++)
        if ((sc.s[b] & 0xC0) != 0x80)
          k++;
      err = emit(&sc, i, ue, cpos, k, TOK_F_URL);
      cpos += k;
      next = ue;
    } else if (cp == '@' && (ascii_word(&sc, i + 1) || byte_is(&sc, i + 1, '_'))) {
      size_t j = i + 1;
      while (j < n && (ascii_word(&sc, j) || sc.s[j] == '_'))
        j++;
      err = emit(&sc, i, j, cpos, (uint32_t)(j - i), TOK_F_URL);
      cpos += (uint32_t)(j - i);
      next = j;
    } else if (is_wordc(cl)) {
      err = scan_word(&sc, i, &cpos, &next);
    } else {
      err = scan_punct(&sc, i, cp, l, &cpos, &next);
    }
    if (err)
      goto out;
    i = next;
  }
out:
  return err;
}
