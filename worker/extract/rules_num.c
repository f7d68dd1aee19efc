/* rules_num.c - MONEY, PERCENT and NUMBER rules over tokens. Amounts are computed on decimal
 * strings, not floating point, so "$1.5 billion" is exactly "1500000000 USD". */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rules_num.h"
#include "cw_str.h"

static const char *const small_words[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
  "nineteen", NULL};
static const char *const tens_words[] = {"twenty", "thirty", "forty", "fifty", "sixty",
                                         "seventy", "eighty", "ninety", NULL};

/* @returns the value of a number word ("four", "twenty-five", "dozen"), or -1. */
static long word_value(const char *w) {
  char low[32];
  /* Every number word starts with one of the letters d e f h n o s t z, in either case; most
   * tokens stop here. */
  enum { FIRST = 1u << ('d' - 'a') | 1u << ('e' - 'a') | 1u << ('f' - 'a') | 1u << ('h' - 'a') |
                 1u << ('n' - 'a') | 1u << ('o' - 'a') | 1u << ('s' - 'a') | 1u << ('t' - 'a') |
                 1u << ('z' - 'a') };
  int c0 = cw_ascii_lower((unsigned char)w[0]);
  if (c0 < 'a' || c0 > 'z' || !((unsigned)FIRST >> (c0 - 'a') & 1u))
    return -1;
  size_t n = cw_str_lower(w, low, sizeof(low));
  if (n < 3 || n >= sizeof(low))
    return -1;
  for (long i = 0; small_words[i]; i++)
    if (cw_str_eq(low, small_words[i]))
      return i;
  for (long i = 0; tens_words[i]; i++) {
    if (low[0] != tens_words[i][0] || low[1] != tens_words[i][1])
      continue;
    size_t tl = strlen(tens_words[i]);
    if (strncmp(low, tens_words[i], tl) != 0)
      continue;
    if (low[tl] == '\0')
      return 20 + 10 * i;
    if (low[tl] == '-')
      for (long j = 1; j < 10; j++)
        if (cw_str_eq(low + tl + 1, small_words[j]))
          return 20 + 10 * i + j;
  }
  if (cw_str_eq(low, "dozen"))
    return 12;
  if (cw_str_eq(low, "hundred"))
    return 100;
  return -1;
}

int rules_num_value(const char *tok, int exp10, char *out, size_t size) {
  char digits[64];
  size_t nd = 0;
  long point = -1;
  long wv = word_value(tok);
  if (wv >= 0) {
    nd = (size_t)snprintf(digits, sizeof(digits), "%ld", wv);
  } else {
    const char *p = tok;
    if (!isdigit((unsigned char)*p))
      return -1;
    size_t group = 0;
    int seen_comma = 0;
    for (; *p; p++) {
      if (isdigit((unsigned char)*p)) {
        if (nd + 1 >= sizeof(digits))
          return -1;
        digits[nd++] = *p;
        group++;
      } else if (*p == ',' && point < 0) {
        /* Thousands separators come in groups of three. */
        if ((seen_comma && group != 3) || (!seen_comma && (group == 0 || group > 3)))
          return -1;
        seen_comma = 1;
        group = 0;
      } else if (*p == '.' && point < 0) {
        if (seen_comma && group != 3)
          return -1;
        point = (long)nd;
        seen_comma = 0;
        group = 0;
      } else {
        return -1;
      }
    }
    if (seen_comma && group != 3)
      return -1;
  }
  if (nd == 0)
    return -1;
  long ip = (point < 0 ? (long)nd : point) + exp10; /* digits before the point */
  char buf[128];
  size_t o = 0;
  if (ip <= 0) {
    buf[o++] = '0';
  } else {
    if (ip > 60)
      return -1;
    for (long i = 0; i < ip; i++)
      buf[o++] = i < (long)nd ? digits[i] : '0';
  }
  size_t int_end = o;
  if ((long)nd > ip) {
    buf[o++] = '.';
    for (long i = ip; i < 0; i++) {
      if (o + 2 >= sizeof(buf))
        return -1;
      buf[o++] = '0';
    }
    for (long i = ip < 0 ? 0 : ip; i < (long)nd; i++) {
      if (o + 2 >= sizeof(buf))
        return -1;
      buf[o++] = digits[i];
    }
    while (buf[o - 1] == '0')
      o--;
    if (buf[o - 1] == '.')
      o--;
  }
  buf[o] = '\0';
  /* Leading zeros of the integer part go, one stays. */
  size_t lz = 0;
  while (lz + 1 < int_end && buf[lz] == '0')
    lz++;
  if (o - lz + 1 > size)
    return -1;
  memcpy(out, buf + lz, o - lz + 1);
  return 0;
}

typedef struct {
  const char *w;
  int exp10;
} scale_t;

static int scale_of(const char *w) {
  static const scale_t sc[] = {{"thousand", 3}, {"million", 6},  {"billion", 9},
                               {"trillion", 12}, {"m", 6},       {"mn", 6},
                               {"bn", 9},        {"b", 9},       {"k", 3},
                               {"tn", 12},       {"trn", 12},    {"millions", 6},
                               {"billions", 9},  {NULL, 0}};
  for (size_t i = 0; sc[i].w; i++)
    if (cw_str_eq(w, sc[i].w))
      return sc[i].exp10;
  return 0;
}

/* Currency symbols or codes written before the amount. */
static const char *currency_before(const char *w) {
  static const char *const m[][2] = {{"$", "USD"}, {"US$", "USD"}, {"\xC2\xA3", "GBP"},
                                     {"\xE2\x82\xAC", "EUR"}, {"\xC2\xA5", "JPY"},
                                     {"\xE2\x82\xB9", "INR"}, {"USD", "USD"}, {"EUR", "EUR"},
                                     {"GBP", "GBP"}, {"Rs", "INR"}, {"Rs.", "INR"},
                                     {NULL, NULL}};
  for (size_t i = 0; m[i][0]; i++)
    if (cw_str_eq(w, m[i][0]))
      return m[i][1];
  return NULL;
}

/* Currency words written after the amount. */
static const char *currency_after(const char *w) {
  static const char *const m[][2] = {
    {"dollars", "USD"}, {"dollar", "USD"}, {"euros", "EUR"}, {"euro", "EUR"},
    {"pounds", "GBP"}, {"sterling", "GBP"}, {"yuan", "CNY"}, {"renminbi", "CNY"},
    {"yen", "JPY"}, {"rupees", "INR"}, {"rupee", "INR"}, {"francs", "CHF"}, {"roubles", "RUB"},
    {"rubles", "RUB"}, {"won", "KRW"}, {NULL, NULL}};
  for (size_t i = 0; m[i][0]; i++)
    if (cw_str_ieq(w, m[i][0]))
      return m[i][1];
  return NULL;
}

/* A currency named by its country's adjective after the amount ("745bn Indian rupees").
 * @returns the code and *@p ntok, the tokens it spans, or NULL. */
static const char *currency_adj(const cw_docview_t *dv, size_t k, size_t *ntok);

static const char *const qualifiers[] = {
  "at least", "more than", "less than", "fewer than", "up to", "as many as", "as much as",
  "at most", "no more than", "just over", "just under", "close to", "nearly", "almost", "about",
  "around", "approximately", "over", "under", "some", "roughly", "about", "an estimated",
  "only", NULL};

static const char *tk(const cw_docview_t *dv, size_t k) {
  return k < dv->n_tokens ? dv->tokens[k].text : "";
}

static const char *currency_adj(const cw_docview_t *dv, size_t k, size_t *ntok) {
  static const char *const m[][2] = {
    {"Indian rupees", "INR"}, {"Indian rupee", "INR"}, {"Pakistani rupees", "PKR"},
    {"Sri Lankan rupees", "LKR"}, {"Nepalese rupees", "NPR"}, {"Australian dollars", "AUD"},
    {"Canadian dollars", "CAD"}, {"Hong Kong dollars", "HKD"}, {"New Zealand dollars", "NZD"},
    {"Singapore dollars", "SGD"}, {"Taiwan dollars", "TWD"}, {"Taiwanese dollars", "TWD"},
    {"American dollars", "USD"}, {"Swiss francs", "CHF"}, {"Chinese yuan", "CNY"},
    {"Japanese yen", "JPY"}, {"South African rand", "ZAR"}, {"Russian roubles", "RUB"},
    {"Russian rubles", "RUB"}, {"Brazilian reais", "BRL"}, {"Brazilian real", "BRL"},
    {"Mexican pesos", "MXN"}, {"Philippine pesos", "PHP"}, {"Argentine pesos", "ARS"},
    {"Turkish lira", "TRY"}, {"Egyptian pounds", "EGP"}, {"Indonesian rupiah", "IDR"},
    {"Nigerian naira", "NGN"}, {"Kenyan shillings", "KES"}, {"Thai baht", "THB"},
    {"South Korean won", "KRW"}, {"Korean won", "KRW"}, {"Danish kroner", "DKK"},
    {"Swedish kronor", "SEK"}, {"Norwegian kroner", "NOK"}, {"Israeli shekels", "ILS"},
    {"Saudi riyals", "SAR"}, {"Malaysian ringgit", "MYR"}, {NULL, NULL}};
  for (size_t i = 0; m[i][0]; i++) {
    const char *p = m[i][0];
    size_t j = k;
    int ok = 1;
    while (*p && ok) {
      size_t wl = strcspn(p, " ");
      const char *w = tk(dv, j);
      ok = strlen(w) == wl && strncmp(w, p, wl) == 0;
      p += wl + (p[wl] == ' ');
      j++;
    }
    if (ok) {
      *ntok = j - k;
      return m[i][1];
    }
  }
  return NULL;
}

/* Words near a distance in metres ("the 800m title", "won the 10,000m"). */
static int sport_word(const char *w) {
  static const char *const s[] = {
    "race", "races", "sprint", "hurdles", "freestyle", "backstroke", "breaststroke",
    "butterfly", "medley", "relay", "steeplechase", "final", "finals", "heat", "heats",
    "metres", "meters", "champion", "championship", "championships", "title", "record",
    "athletics", "run", "ran", "runner", "runners", "running", "swim", "swimmer", "swimming",
    "marathon", "track", "indoor", "indoors", "outdoor", "medal", "gold", "silver", "bronze",
    "Olympic", "Olympics", "lap", "personal", "best", "world", "season", NULL};
  for (size_t i = 0; s[i]; i++)
    if (cw_str_eq(w, s[i]))
      return 1;
  return 0;
}

/* "m" after an amount with no currency is millions ("60m people") or metres ("the 800m
 * title"): metres when sport words stand within three tokens in the sentence, or for a
 * standard race distance not followed by a plural noun. @p num is the number, @p m the "m". */
static int metres(const cw_docview_t *dv, const tok_info_t *info, size_t num, size_t m) {
  uint32_t s = dv->tokens[num].sentence;
  for (size_t j = num > 3 ? num - 3 : 0; j <= m + 3 && j < dv->n_tokens; j++)
    if (j != num && j != m && dv->tokens[j].sentence == s && sport_word(tk(dv, j)))
      return 1;
  static const char *const distances[] = {"50", "60", "100", "110", "200", "400", "800",
                                          "1500", "1,500", "3000", "3,000", "5000", "5,000",
                                          "10000", "10,000", NULL};
  int standard = 0;
  for (size_t i = 0; distances[i]; i++)
    standard |= cw_str_eq(tk(dv, num), distances[i]);
  /* "800m users", "60m people": a noun after it is what the millions count. */
  static const char *const function_words[] = {"in", "at", "on", "and", "or", "with", "for",
                                               "by", "of", "to", "from", "when", "after",
                                               "before", "than", "this", "last", "is", "was",
                                               NULL};
  const char *nx = tk(dv, m + 1);
  int noun = m + 1 < dv->n_tokens && dv->tokens[m + 1].sentence == s &&
             (info[m + 1].flags & TOK_F_LOWER) && (info[m + 1].flags & TOK_F_ALPHA);
  for (size_t i = 0; noun && function_words[i]; i++)
    noun = !cw_str_eq(nx, function_words[i]);
  return standard && !noun;
}

/* The qualifier ending just before token @p k: @returns its first token, or k if none. */
static size_t qualifier_start(const cw_docview_t *dv, const unsigned char *taken, size_t k,
                              const char **q) {
  *q = NULL;
  for (size_t i = 0; qualifiers[i]; i++) {
    const char *s = qualifiers[i];
    size_t words = 1;
    for (const char *p = s; *p; p++)
      words += *p == ' ';
    if (words > k)
      continue;
    size_t t = k - words;
    const char *p = s;
    int ok = 1;
    for (size_t j = t; j < k && ok; j++) {
      const char *w = tk(dv, j);
      size_t pl = strcspn(p, " ");
      ok = !taken[j] && cw_ascii_lower((unsigned char)w[0]) == (unsigned char)p[0] &&
           strlen(w) == pl && strncasecmp(p, w, pl) == 0;
      p += pl + (p[pl] == ' ');
    }
    if (ok) {
      *q = s;
      return t;
    }
  }
  return k;
}

void rules_num_find(const cw_docview_t *dv, const tok_info_t *info, unsigned char *taken,
                    res_list_t *l) {
  for (size_t k = 0; k < dv->n_tokens; k++) {
    if (taken[k])
      continue;
    const char *w = tk(dv, k);
    size_t start = k, num = k;
    /* Currency symbols and codes never start with a lower-case letter. */
    const char *cur = (w[0] >= 'a' && w[0] <= 'z') ? NULL : currency_before(w);
    if (!cur && cw_str_eq(w, "US") && cw_str_eq(tk(dv, k + 1), "$")) {
      cur = "USD";
      num = k + 1;
    }
    if (cur)
      num++;
    if (num >= dv->n_tokens || taken[num])
      continue;
    const char *nw = tk(dv, num);
    uint32_t nf = info[num].flags;
    int is_digit = (nf & TOK_F_NUM) != 0;
    long wv = is_digit ? -1 : word_value(nw);
    if (!is_digit && wv < 0)
      continue;
    /* Numbers glued into words ("COVID-19") are not tokens of their own; a number word
     * must be lower case unless it opens a sentence. */
    if (!is_digit && (nf & TOK_F_CAP) &&
        ((nf & TOK_F_ALLCAP) ||
         (num > 0 && dv->tokens[num].sentence == dv->tokens[num - 1].sentence)))
      continue;
    if (strchr(nw, ':'))
      continue;
    size_t end = num + 1;
    /* Odds and ratios written "3/1" are one number. */
    if (is_digit && cw_str_eq(tk(dv, end), "/") && end + 1 < dv->n_tokens &&
        !(num > 0 && cw_str_eq(tk(dv, num - 1), "/")) &&
        (info[end + 1].flags & TOK_F_NUM) && !(info[end].flags & TOK_F_SPACE_BEFORE) &&
        !(info[end + 1].flags & TOK_F_SPACE_BEFORE) && !cw_str_eq(tk(dv, end + 2), "/") &&
        !cur) {
      const char *q = NULL;
      size_t qs = qualifier_start(dv, taken, start, &q);
      char ratio[64];
      snprintf(ratio, sizeof(ratio), "%s/%s", nw, tk(dv, end + 1));
      res_mention_t m = {.t0 = (uint32_t)qs, .t1 = (uint32_t)(end + 2), .type = CW_ENT_NUMBER,
                         .src = RES_SRC_RULE, .qualifier = q,
                         .normalized = cw_arena_strndup(dv->arena, ratio, strlen(ratio))};
      res_list_add(l, &m);
      memset(taken + qs, 1, end + 2 - qs);
      k = end + 1;
      continue;
    }
    int exp10 = scale_of(tk(dv, end));
    /* Without a currency "m" may be metres; money needs a currency. */
    size_t adj_n = 0;
    if (exp10 && !cur && cw_str_eq(tk(dv, end), "m") && !currency_after(tk(dv, end + 1)) &&
        !currency_adj(dv, end + 1, &adj_n) && metres(dv, info, num, end)) {
      exp10 = 0;
      end++; /* the unit stays in the mention, the value is the number of metres */
    } else if (exp10) {
      end++;
    }
    cw_entity_type_t type = CW_ENT_NUMBER;
    if (cur) {
      type = CW_ENT_MONEY;
    } else if (cw_str_eq(tk(dv, end), "%") || cw_str_ieq(tk(dv, end), "percent")) {
      type = CW_ENT_PERCENT;
      end++;
    } else if (cw_str_ieq(tk(dv, end), "per") && cw_str_ieq(tk(dv, end + 1), "cent")) {
      type = CW_ENT_PERCENT;
      end += 2;
    } else {
      const char *ca = currency_after(tk(dv, end));
      if (ca) {
        cur = ca;
        type = CW_ENT_MONEY;
        end++;
      } else if (cw_str_eq(tk(dv, end), "US") && currency_after(tk(dv, end + 1))) {
        cur = currency_after(tk(dv, end + 1));
        type = CW_ENT_MONEY;
        end += 2;
      } else if ((cur = currency_adj(dv, end, &adj_n)) != NULL) {
        type = CW_ENT_MONEY;
        end += adj_n;
      }
    }
    /* "one" alone is mostly a pronoun or determiner, not a count. */
    const char *q = NULL;
    size_t qs = qualifier_start(dv, taken, start, &q);
    if (wv == 1 && type == CW_ENT_NUMBER && !exp10 && !q)
      continue;
    if (wv == 0 && type == CW_ENT_NUMBER && !q)
      continue;
    char val[96];
    char norm[128];
    const char *nz = NULL;
    if (rules_num_value(nw, exp10, val, sizeof(val)) == 0) {
      if (type == CW_ENT_MONEY)
        snprintf(norm, sizeof(norm), "%s %s", val, cur);
      else
        snprintf(norm, sizeof(norm), "%s", val);
      nz = cw_arena_strndup(dv->arena, norm, strlen(norm));
    }
    res_mention_t m = {.t0 = (uint32_t)qs, .t1 = (uint32_t)end, .type = type,
                       .src = RES_SRC_RULE, .normalized = nz, .qualifier = q};
    res_list_add(l, &m);
    memset(taken + qs, 1, end - qs);
    k = end - 1;
  }
}
