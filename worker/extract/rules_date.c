/* rules_date.c - DATE rules over tokens. Absolute forms are normalized as far as they are
 * specified ("March 2021" -> "2021-03"); relative forms are anchored on the publication date
 * in the article's own time zone: a bare weekday is the most recent such day on or before
 * publication, "last year" the year before, "this week" the ISO week ("2021-W09"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cw_time.h"
#include "rules_date.h"
#include "rules_num.h"
#include "cw_str.h"

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

int rules_month(const char *w) {
  /* Every match compares at least three bytes with a month's name, case and all: a word
   * whose first byte opens no month's name is none (most words stop here). */
  if (!strchr("JFMASOND", w[0]) || !w[0])
    return 0;
  size_t len = strlen(w);
  if (len && w[len - 1] == '.')
    len--;
  if (len < 3)
    return 0;
  for (int m = 0; m < 12; m++) {
    size_t ml = strlen(month_names[m]);
    if (len == ml && strncmp(w, month_names[m], len) == 0)
      return m + 1;
    /* Three-letter abbreviations, and "Sept"; "May" is covered above. */
    if ((len == 3 || (m == 8 && len == 4)) && strncmp(w, month_names[m], len) == 0)
      return m + 1;
  }
  return 0;
}

int rules_weekday(const char *w) {
  static const char *const days[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
  /* every day's name opens with M, T, W, F or S (most words stop here) */
  if (!strchr("MTWFS", w[0]) || !w[0])
    return -1;
  for (int d = 0; d < 7; d++)
    if (cw_str_eq(w, days[d]))
      return d;
  return -1;
}

/* A day of month 1-31 written "7", "07", "7th". */
static int day_num(const char *w) {
  char *end;
  /* what strtol() would read no number from, without the call */
  if (!(w[0] >= '0' && w[0] <= '9') && w[0] != '+' && w[0] != '-' && !isspace((unsigned char)w[0]))
    return 0;
  long v = strtol(w, &end, 10);
  if (end == w || end - w > 2 || v < 1 || v > 31)
    return 0;
  if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
    return 0;
  return (int)v;
}

/* A year written in four digits, 1000-2999. */
static int year_num(const char *w) {
  /* four digits (the NUL is no digit, so a shorter word stops) and then the end */
  for (int i = 0; i < 4; i++)
    if (w[i] < '0' || w[i] > '9')
      return 0;
  if (w[4])
    return 0;
  int v = (w[0] - '0') * 1000 + (w[1] - '0') * 100 + (w[2] - '0') * 10 + (w[3] - '0');
  return v >= 1000 && v <= 2999 ? v : 0;
}

typedef struct {
  const cw_docview_t *dv;
  const tok_info_t *info;
  unsigned char *taken;
  res_list_t *l;
  int pub_y, pub_m, pub_d; /* the publication date, found once; 0 when unknown */
} ctx_t;

static const char *tk(const ctx_t *c, size_t k) {
  return k < c->dv->n_tokens ? c->dv->tokens[k].text : "";
}

/* Words that end a clause for the tense scan. */
static int clause_end(const char *w) {
  return cw_str_eq(w, ",") || cw_str_eq(w, ";") || cw_str_eq(w, ":") ||
         cw_str_eq(w, "but") || cw_str_eq(w, "and") || cw_str_eq(w, "\"") ||
         cw_str_eq(w, "(") || cw_str_eq(w, ")");
}

/* -1 past, +1 future, 0 unknown for one token. */
static int tense_of(const cw_token_t *t) {
  static const char *const future[] = {"will", "'ll", "\xE2\x80\x99ll", "shall", "wo", "due",
                                       "scheduled", "expected", "plans", "planned", "going",
                                       "intends", "upcoming", "forthcoming", NULL};
  static const char *const past[] = {"was", "were", "had", "did", "said", "told", "ago",
                                     "went", "came", "took", "rose", "fell", "met", NULL};
  for (size_t i = 0; future[i]; i++)
    if (cw_str_ieq(t->text, future[i]))
      return 1;
  for (size_t i = 0; past[i]; i++)
    if (cw_str_ieq(t->text, past[i]))
      return -1;
  if (t->pos && cw_str_eq(t->pos, "VBD"))
    return -1;
  return 0;
}

/* The tense of the clause around tokens [t0, t1): the nearest marker before them ("will meet
 * on Friday", "said on Friday it will ..."), else the first after them ("the meeting on
 * Friday will decide"), within the sentence and clause. */
static int clause_tense(const ctx_t *c, size_t t0, size_t t1) {
  const cw_token_t *tok = c->dv->tokens;
  uint32_t s = tok[t0].sentence;
  for (size_t k = t0, n = 0; k > 0 && n < 10; n++) {
    k--;
    if (tok[k].sentence != s || clause_end(tok[k].text))
      break;
    int t = tense_of(&tok[k]);
    if (t)
      return t;
  }
  for (size_t k = t1, n = 0; k < c->dv->n_tokens && n < 6; k++, n++) {
    if (tok[k].sentence != s || clause_end(tok[k].text))
      break;
    int t = tense_of(&tok[k]);
    if (t)
      return t;
  }
  return 0;
}

static void add(ctx_t *c, size_t t0, size_t t1, const char *iso) {
  res_mention_t m = {.t0 = (uint32_t)t0, .t1 = (uint32_t)t1, .type = CW_ENT_DATE,
                     .src = RES_SRC_RULE};
  if (iso)
    m.normalized = cw_arena_strndup(c->dv->arena, iso, strlen(iso));
  res_list_add(c->l, &m);
  memset(c->taken + t0, 1, t1 - t0);
}

static void iso_day(int64_t days, char *buf, size_t size) {
  int y, m, d;
  cw_civil_from_days(days, &y, &m, &d);
  snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* ISO 8601 week date of @p days: "2021-W09". */
static void iso_week(int64_t days, char *buf, size_t size) {
  int wd = cw_weekday_from_days(days);      /* 0 = Monday */
  int64_t thursday = days - wd + 3;         /* the week belongs to its Thursday's year */
  int y, m, d;
  cw_civil_from_days(thursday, &y, &m, &d);
  int64_t jan1 = cw_days_from_civil(y, 1, 1);
  int week = (int)((thursday - jan1) / 7) + 1;
  snprintf(buf, size, "%04d-W%02d", y, week);
}

/* The year of a month named without one. In a clause about the past a month after the
 * publication month is last year's ("sales fell in November", published in October); in one
 * about the future a month before it is next year's ("will open in March", published in
 * November). Otherwise news reports the past: a month more than two months after publication
 * is last year's ("the three months to December", published in February), any other this
 * year's. */
static int year_for_month(int pub_y, int pub_m, int mon, int tense) {
  if (tense < 0 && mon > pub_m)
    return pub_y - 1;
  if (tense > 0 && mon < pub_m)
    return pub_y + 1;
  return mon - pub_m > 2 ? pub_y - 1 : pub_y;
}

/* Tries an absolute date at token k. @returns tokens consumed, 0 if none. */
static size_t absolute(ctx_t *c, size_t k) {
  const char *w = tk(c, k);
  char iso[32];
  int pub_y = c->pub_y, pub_m = c->pub_m;
  int mon = (c->info[k].flags & TOK_F_CAP) ? rules_month(w) : 0;
  /* "May" alone is too often the verb; it needs a day or year next to it. */
  if (mon) {
    size_t j = k + 1;
    int day = day_num(tk(c, j));
    if (day) {
      j++;
      if (cw_str_eq(tk(c, j), ",") && year_num(tk(c, j + 1)))
        j++;
      int y = year_num(tk(c, j));
      if (y) {
        /* "February 30, 2021" is written as a date but names no day. */
        int ok = day <= cw_days_in_month(y, mon);
        if (ok)
          snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, mon, day);
        add(c, k, j + 1, ok ? iso : NULL);
        return j + 1 - k;
      }
      /* "March 7": the year of publication. */
      int yy = year_for_month(pub_y, pub_m, mon, clause_tense(c, k, k + 2));
      if (pub_y && day <= cw_days_in_month(yy, mon)) {
        snprintf(iso, sizeof(iso), "%04d-%02d-%02d", yy, mon, day);
        add(c, k, k + 2, iso);
      } else {
        add(c, k, k + 2, NULL);
      }
      return 2;
    }
    int y = year_num(tk(c, k + 1));
    if (y) {
      snprintf(iso, sizeof(iso), "%04d-%02d", y, mon);
      add(c, k, k + 2, iso);
      return 2;
    }
    if (mon != 5 && strchr(w, '.') == NULL && strlen(w) > 3) {
      /* "in March": the month of the publication year. */
      if (pub_y) {
        snprintf(iso, sizeof(iso), "%04d-%02d",
                 year_for_month(pub_y, pub_m, mon, clause_tense(c, k, k + 1)), mon);
        add(c, k, k + 1, iso);
      } else {
        add(c, k, k + 1, NULL);
      }
      return 1;
    }
    return 0;
  }
  /* "7 March 2021", "7 March". */
  int day = day_num(w);
  if (day && (c->info[k].flags & TOK_F_NUM || strlen(w) > 2)) {
    int m2 = (c->info[k + 1 < c->dv->n_tokens ? k + 1 : k].flags & TOK_F_CAP)
                 ? rules_month(tk(c, k + 1)) : 0;
    if (m2) {
      int y = year_num(tk(c, k + 2));
      if (y && day <= cw_days_in_month(y, m2)) {
        snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m2, day);
        add(c, k, k + 3, iso);
        return 3;
      }
      int yy = year_for_month(pub_y, pub_m, m2, clause_tense(c, k, k + 2));
      if (pub_y && day <= cw_days_in_month(yy, m2)) {
        snprintf(iso, sizeof(iso), "%04d-%02d-%02d", yy, m2, day);
        add(c, k, k + 2, iso);
        return 2;
      }
    }
  }
  /* "2021-03-07". */
  if (w[0] >= '0' && w[0] <= '9' && strlen(w) == 10 && w[4] == '-' && w[7] == '-') {
    char ybuf[5] = {w[0], w[1], w[2], w[3], 0};
    int y = year_num(ybuf);
    int m = (w[5] - '0') * 10 + (w[6] - '0');
    int d = (w[8] - '0') * 10 + (w[9] - '0');
    if (y && w[5] >= '0' && w[5] <= '1' && w[6] >= '0' && w[6] <= '9' && w[8] >= '0' &&
        w[8] <= '3' && w[9] >= '0' && w[9] <= '9' && m >= 1 && m <= 12 && d >= 1 &&
        d <= cw_days_in_month(y, m)) {
      add(c, k, k + 1, w);
      return 1;
    }
  }
  /* A bare year: not as an amount ("$2014", "2014 people" is rare enough) nor a
   * percentage, and in a range plausible for news. */
  int y = year_num(w);
  if (y >= 1900 && y <= 2100 && (c->info[k].flags & TOK_F_NUM)) {
    const char *prev = k ? tk(c, k - 1) : "";
    const char *next = tk(c, k + 1);
    if (strcmp(prev, "$") && strcmp(next, "%") && strcmp(next, "percent") &&
        strcmp(next, "per") && !(c->info[k + 1 < c->dv->n_tokens ? k + 1 : k].flags & TOK_F_NUM)) {
      add(c, k, k + 1, w);
      return 1;
    }
  }
  return 0;
}

/* The count of "two years ago": a number or number word, "a", "an". @returns -1 if none. */
static long count_of(const char *w) {
  if (cw_str_ieq(w, "a") || cw_str_ieq(w, "an"))
    return 1;
  char val[32];
  if (rules_num_value(w, 0, val, sizeof(val)) != 0 || strchr(val, '.'))
    return -1;
  long v = strtol(val, NULL, 10);
  return v >= 1 && v <= 1000 ? v : -1;
}

/* "two years ago" and the like at token k, normalized to the year, month, ISO week or day.
 * @returns tokens consumed, 0 if none. */
static size_t ago(ctx_t *c, size_t k) {
  if (!cw_str_eq(tk(c, k + 2), "ago"))
    return 0;
  long n = count_of(tk(c, k));
  if (n < 0)
    return 0;
  const char *u = tk(c, k + 1);
  size_t ul = strlen(u);
  if (ul > 1 && u[ul - 1] == 's')
    ul--;
  int64_t pub = c->dv->published_days;
  int have = pub != INT64_MIN;
  char iso[32];
  int py = c->pub_y, pm = c->pub_m;
  if (ul == 4 && strncmp(u, "year", 4) == 0) {
    snprintf(iso, sizeof(iso), "%04d", py - (int)n);
  } else if (ul == 5 && strncmp(u, "month", 5) == 0) {
    long mm = (long)py * 12 + (pm - 1) - n;
    snprintf(iso, sizeof(iso), "%04ld-%02ld", mm / 12, mm % 12 + 1);
  } else if (ul == 4 && strncmp(u, "week", 4) == 0) {
    if (have)
      iso_week(pub - 7 * n, iso, sizeof(iso));
  } else if (ul == 3 && strncmp(u, "day", 3) == 0) {
    if (have)
      iso_day(pub - n, iso, sizeof(iso));
  } else {
    return 0;
  }
  add(c, k, k + 3, have ? iso : NULL);
  return 3;
}

/* Tries a date relative to publication at token k. @returns tokens consumed, 0 if none. */
static size_t relative(ctx_t *c, size_t k) {
  const char *w = tk(c, k);
  int64_t pub = c->dv->published_days;
  int have = pub != INT64_MIN;
  char iso[32];
  int py = c->pub_y, pm = c->pub_m;
  int wd = rules_weekday(w);
  if (wd >= 0) {
    /* "last Sunday" and a bare "Sunday" are the most recent one on or before publication;
     * "next Sunday" the first after it. */
    const char *prev = k ? tk(c, k - 1) : "";
    size_t t0 = k;
    int next = cw_str_ieq(prev, "next");
    if (next || cw_str_ieq(prev, "last"))
      t0 = k - 1;
    /* A bare weekday in a clause about the future is the next one ("the board will meet on
     * Friday"). */
    if (!next && t0 == k && clause_tense(c, k, k + 1) > 0)
      next = 1;
    if (have) {
      int pwd = cw_weekday_from_days(pub);
      int64_t d = next ? pub + ((wd - pwd + 6) % 7) + 1 : pub - ((pwd - wd + 7) % 7);
      iso_day(d, iso, sizeof(iso));
      add(c, t0, k + 1, iso);
    } else {
      add(c, t0, k + 1, NULL);
    }
    return 1;
  }
  int delta = 0, known = 1;
  if (cw_str_ieq(w, "today"))
    delta = 0;
  else if (cw_str_ieq(w, "yesterday"))
    delta = -1;
  else if (cw_str_ieq(w, "tomorrow"))
    delta = 1;
  else
    known = 0;
  if (known) {
    if (have)
      iso_day(pub + delta, iso, sizeof(iso));
    add(c, k, k + 1, have ? iso : NULL);
    return 1;
  }
  /* "two years ago", "a week ago", "18 months ago". */
  size_t used = ago(c, k);
  if (used)
    return used;
  /* "last year", "this month", "next week". */
  int dir;
  if (cw_str_ieq(w, "last") || cw_str_ieq(w, "past"))
    dir = -1;
  else if (cw_str_ieq(w, "this"))
    dir = 0;
  else if (cw_str_ieq(w, "next"))
    dir = 1;
  else
    return 0;
  if (cw_str_ieq(w, "past") && !(k && cw_str_ieq(tk(c, k - 1), "the")))
    return 0;
  const char *unit = tk(c, k + 1);
  if (cw_str_eq(unit, "year")) {
    snprintf(iso, sizeof(iso), "%04d", py + dir);
  } else if (cw_str_eq(unit, "month")) {
    int m = pm + dir, y = py;
    if (m < 1) {
      m = 12;
      y--;
    } else if (m > 12) {
      m = 1;
      y++;
    }
    snprintf(iso, sizeof(iso), "%04d-%02d", y, m);
  } else if (cw_str_eq(unit, "week")) {
    if (have)
      iso_week(pub + 7 * dir, iso, sizeof(iso));
  } else {
    return 0;
  }
  add(c, k, k + 2, have ? iso : NULL);
  return 2;
}

void rules_date_find(const cw_docview_t *dv, const tok_info_t *info, unsigned char *taken,
                     res_list_t *l) {
  ctx_t c = {.dv = dv, .info = info, .taken = taken, .l = l};
  if (dv->published_days != INT64_MIN)
    cw_civil_from_days(dv->published_days, &c.pub_y, &c.pub_m, &c.pub_d);
  for (size_t k = 0; k < dv->n_tokens;) {
    uint32_t f = info[k].flags;
    size_t used = 0;
    char c0 = dv->tokens[k].text[0];
    if (!taken[k] && ((f & (TOK_F_ALPHA | TOK_F_NUM)) || (c0 >= '0' && c0 <= '9')))
      used = absolute(&c, k);
    if (!used && !taken[k] && (f & TOK_F_ALPHA))
      used = relative(&c, k);
    if (!used && !taken[k] && (f & TOK_F_NUM))
      used = ago(&c, k);
    k += used ? used : 1;
  }
}
