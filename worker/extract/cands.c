/* cands.c - corrections to the candidate list before resolution: titles, quotation marks
 * and sentence openers come off names, common-noun acronyms and capitalized common words are
 * not names, a name wins over a date or number rule inside it, names with "of" or "and"
 * inside join and two glued at "and" come apart; the context cues are in cands_cues.c. */
#include <stdlib.h>
#include "cands_util.h"
#include "rules_date.h"
#include "cw_str.h"

/* Courtesy titles: whatever the tagger called the span, "Mr Milburn" is a person. */
static const char *const courtesy[] = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Mx", "Dr",
                                       "Dr.", NULL};
/* Titles and ranks before a person's name; not part of it. */
static const char *const titles[] = {
  "Miss", "Prof", "Prof.", "Professor", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron",
  "Earl", "Countess", "King", "Queen", "Prince", "Princess", "President", "Senator", "Sen.",
  "Governor", "Gov.", "Mayor", "Judge", "Rev", "Rev.", "Reverend", "General", "Gen.",
  "Colonel", "Col.", "Captain", "Capt.", "Chancellor", "Secretary", "Minister", "Premier",
  "Chairman", "Chairwoman", "Ambassador", "Pope", "Cardinal", "Bishop", "Archbishop", "Rabbi",
  "Sheikh", "Inspector", "Detective", "Sergeant", "Sgt", "Sgt.", "Lt", "Lt.", "Coach",
  "Commissioner", "Chief", "Vice-President", "Deputy", NULL};

int cands_is_title(const char *w, const char *next) {
  /* "ex-King Michael", "ex-President Carter": a former title is a title too. */
  if ((w[0] == 'e' || w[0] == 'E') && w[1] == 'x' && w[2] == '-' && w[3])
    w += 3;
  if (in_list(courtesy, w) || in_list(titles, w))
    return 1;
  /* "Prime Minister", "Foreign Secretary" and the like are covered by their last word. */
  return (cw_str_eq(w, "Prime") || cw_str_eq(w, "Foreign") || cw_str_eq(w, "Home")) &&
         next && (cw_str_eq(next, "Minister") || cw_str_eq(next, "Secretary"));
}

int cands_is_common_acronym(const char *w) {
  static const char *const c[] = {
    "DVD", "CD", "PC", "TV", "MP", "MEP", "MSP", "PR", "PhD", "CEO", "CFO", "COO", "GDP", "GNP",
    "IPO", "AGM", "SMS", "PIN", "ATM", "HQ", "ID", "IQ", "DNA", "CCTV", "LCD", "LED", "USB",
    "PDA", "MP3", "GPS", "HDTV", "DJ", "VIP", "PM", "QC", "UFO", "FAQ", "PDF", "CV", "MBA",
    "VCR", "IVF", "ISP", "PIN", "SUV", "WMD", "CT", "MRI", "OBE", "MBE", "CBE", NULL};
  /* Every entry starts with two capitals, or "Ph". */
  if (!isupper((unsigned char)w[0]) || !(isupper((unsigned char)w[1]) || w[1] == 'h'))
    return 0;
  size_t n = strlen(w);
  for (size_t i = 0; c[i]; i++) {
    /* every entry has two bytes or more: a word that differs in them differs */
    if (w[0] != c[i][0] || w[1] != c[i][1])
      continue;
    size_t cl = strlen(c[i]);
    if (strncmp(w, c[i], cl) == 0 && (n == cl || (n == cl + 1 && w[cl] == 's')))
      return 1;
  }
  return 0;
}

/* A person's span loses its leading titles ("Mr Milburn" -> "Milburn"); a span that is only a
 * title ("Mr") is no mention. Courtesy titles make a person of any named span. */
static void strip_titles(const cw_docview_t *dv, res_list_t *l) {
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->t0 >= m->t1)
      continue;
    int courtesy_title = in_list(courtesy, tk(dv, m->t0));
    if (m->type != CW_ENT_PER && !courtesy_title)
      continue;
    while (m->t0 < m->t1 &&
           cands_is_title(tk(dv, m->t0), m->t0 + 1 < m->t1 ? tk(dv, m->t0 + 1) : NULL))
      m->t0++;
    if (courtesy_title)
      m->type = CW_ENT_PER;
    if (m->t0 == m->t1)
      m->t1 = m->t0 = 0; /* dropped: selection skips empty spans */
  }
}

static int is_digits(const char *w) {
  size_t n = strlen(w);
  if (n == 0 || n > 5)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)w[i]))
      return 0;
  return 1;
}

/* Words that a number before them counts: "Microsoft 10 years ago", not "Windows 10". */
static int counted_word(const char *w) {
  static const char *const units[] = {"year", "month", "week", "day", "hour", "minute",
                                      "second", "time", "per", "percent", "point", "goal",
                                      "run", "km", "kg", "mph", "am", "pm", NULL};
  size_t n = strlen(w);
  for (size_t i = 0; units[i]; i++) {
    size_t ul = strlen(units[i]);
    if (strncmp(w, units[i], ul) == 0 && (n == ul || (n == ul + 1 && w[ul] == 's')))
      return 1;
  }
  /* A plural noun is what is counted ("Apple 3 shares"); "news" and "series" are not plurals
   * of anything counted. */
  return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && !cw_str_eq(w, "news") &&
         !cw_str_eq(w, "series");
}

/* Does a number at token @p k continue the name before it ("BBC Radio 4", "PlayStation 3")?
 * Not when it counts the word after it, nor in a score line ("Arsenal 2 Chelsea 1"). */
static int number_continues_name(const cw_docview_t *dv, const tok_info_t *info, size_t k) {
  if (!is_digits(tk(dv, k)) || !(info[k].flags & TOK_F_SPACE_BEFORE))
    return 0;
  size_t nx = k + 1;
  if (!same_sentence(dv, k, nx))
    return 1;
  uint32_t f = info[nx].flags;
  if ((f & TOK_F_ALPHA) && !(f & TOK_F_CAP) && !(f & TOK_F_CLITIC) && counted_word(tk(dv, nx)))
    return 0;
  if (cw_str_eq(tk(dv, nx), "-") || cw_str_eq(tk(dv, nx), "/") ||
      cw_str_eq(tk(dv, nx), "%") || (f & TOK_F_NUM))
    return 0;
  /* Score lines: a capitalized word and a number next ("Arsenal 2 Chelsea 1", "Arsenal 2,
   * Chelsea 1"). */
  size_t j = cw_str_eq(tk(dv, nx), ",") ? nx + 1 : nx;
  return !(same_sentence(dv, k, j + 1) && (info[j].flags & TOK_F_CAP) &&
           is_digits(tk(dv, j + 1)));
}

/* Words before a weekday that make it a date ("on Sunday"), not part of a name. */
static int date_word_before(const char *w) {
  static const char *const w_[] = {"on", "On", "by", "until", "till", "since", "from", "last",
                                    "next", "this", "that", "every", "each", "before", "after",
                                    "through", "of", "for", "to", "late", "early", "and", "or",
                                    "Last", "Next", "This", "Every", "By", "Since", "Until",
                                    "From", NULL};
  return in_list(w_, w);
}

static int cmp_t0(const void *a, const void *b) {
  const res_mention_t *x = a, *y = b;
  return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

/* A name wins over a date or number rule inside it: a name that holds a rule's span drops the
 * rule ("The Mail on Sunday" from a gazetteer, "Bloody Sunday" from the tagger); an
 * organization or work runs on over a number after it ("BBC Radio 4", "PlayStation 3") and
 * back over a weekday after "the" ("the Sunday Telegraph"). */
static void names_over_rules(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                             uint32_t maxlen) {
  for (size_t r = 0; r < l->n; r++) {
    res_mention_t *rm = &l->v[r];
    if (rm->src != RES_SRC_RULE || rm->t0 >= rm->t1)
      continue;
    int one = rm->t1 - rm->t0 == 1;
    int number = one && rm->type == CW_ENT_NUMBER && !rm->qualifier &&
                 number_continues_name(dv, info, rm->t0);
    int weekday = one && rm->type == CW_ENT_DATE && rules_weekday(tk(dv, rm->t0)) >= 0;
    int before_ok = 0;
    if (weekday) {
      size_t p = rm->t0;
      int starts = p == 0 || !same_sentence(dv, p - 1, p);
      before_ok = starts || cw_str_eq(tk(dv, p - 1), "the") || cw_str_eq(tk(dv, p - 1), "The");
      before_ok = before_ok && (starts || !date_word_before(tk(dv, p - 1)));
    }
    int drop = 0;
    for (size_t i = window_start(l, rm->t0, maxlen); i < l->n && l->v[i].t0 <= rm->t1 + 1;
         i++) {
      res_mention_t *m = &l->v[i];
      if (!strong_name(m))
        continue;
      if (m->t0 <= rm->t0 && m->t1 >= rm->t1 && m->t1 - m->t0 > rm->t1 - rm->t0) {
        /* A list name beats the tagger's fragments inside it as a strong pattern would. */
        if (m->src == RES_SRC_GAZ)
          m->src = RES_SRC_PATTERN;
        drop = 1;
      } else if (number && m->t1 == rm->t0 && same_sentence(dv, m->t0, rm->t0) &&
                 (m->type == CW_ENT_ORG || m->type == CW_ENT_MISC)) {
        /* A company's name with a number is a product or model ("Nokia 6600", "Xbox 2"),
         * a broadcaster's a channel ("BBC Radio 4"). */
        if (m->type == CW_ENT_ORG && !is_broadcast_word(tk(dv, m->t1 - 1)))
          m->type = CW_ENT_MISC;
        m->t1 = rm->t1;
        drop = 1;
      } else if (before_ok && m->t0 == rm->t1 && same_sentence(dv, rm->t0, m->t0) &&
                 (m->type == CW_ENT_ORG || m->type == CW_ENT_MISC)) {
        m->t0 = rm->t0;
        drop = 1;
      }
    }
    if (drop)
      rm->t1 = rm->t0; /* empty, and still in start order */
  }
}

/* A model or product code: letters and digits with a capital, "A350", "7E7", "P900", "3GP"
 * (a plural "s" may follow); not a unit ("4G"), a quarter or half ("Q3", "H1"), nor a formula
 * ("CO2"). */
int cands_is_code(const char *w) {
  if (!strpbrk(w, "0123456789"))
    return 0;
  static const char *const not_codes[] = {"CO2", "H2O", "NO2", "SO2", "CH4", "PM10", "B2B",
                                          "B2C", "P2P", "A4", "A3", "A5", NULL};
  size_t n = strlen(w), digits = 0, upper = 0;
  if (n >= 2 && w[n - 1] == 's' && isupper((unsigned char)w[n - 2]) == 0 &&
      isdigit((unsigned char)w[n - 2]) == 0)
    return 0;
  if (n >= 3 && w[n - 1] == 's')
    n--;
  if (n < 2 || n > 8 || in_list(not_codes, w))
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)w[i];
    if (isdigit(c))
      digits++;
    else if (isupper(c))
      upper++;
    else if (!islower(c) && c != '-')
      return 0;
  }
  if (!digits || !upper || digits == n)
    return 0;
  if (n == 2 && (w[0] == 'Q' || w[0] == 'H') && isdigit((unsigned char)w[1]))
    return 0;
  /* Digits then a unit: "40GB", "3GHz", "4G", "3D", "4K". */
  size_t d = 0;
  while (d < n && isdigit((unsigned char)w[d]))
    d++;
  if (d > 0 && n - d <= 1)
    return 0;
  static const char *const units[] = {"GB", "MB", "KB", "TB", "PB", "Gb", "Mb", "GHz", "MHz",
                                      "KHz", "kHz", "Hz", "MW", "GW", "KW", "kW", "Mbps",
                                      "Gbps", "Kbps", "MP", "KM", "V", "W", NULL};
  if (d > 0) {
    char tail[16];
    size_t tl = n - d < sizeof(tail) - 1 ? n - d : sizeof(tail) - 1;
    memcpy(tail, w + d, tl);
    tail[tl] = '\0';
    int only_letters = 1;
    for (size_t i = 0; i < tl; i++)
      only_letters &= isalpha((unsigned char)tail[i]) != 0;
    if (only_letters && in_list(units, tail))
      return 0;
  }
  /* Lower-case letters only after the first capital ("iPod3" is a name, "3pm" a time). */
  return isupper((unsigned char)w[0]) || isdigit((unsigned char)w[0]) ? 1 : 0;
}

/* Product codes become MISC candidates; after a name they extend it ("SonyEricsson P900"). */
static void add_codes(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l) {
  size_t n0 = l->n;
  for (size_t k = 0; k < dv->n_tokens; k++) {
    /* A plural model number after a name ("PlayStation 2s", "Boeing 747s") extends it only;
     * four digits are a decade ("the 1990s"). */
    const char *w = tk(dv, k);
    size_t wl = strlen(w);
    int plural_number = wl >= 2 && wl <= 4 && w[wl - 1] == 's' && w[0] != '0';
    for (size_t d = 0; plural_number && d + 1 < wl; d++)
      plural_number = isdigit((unsigned char)w[d]) != 0;
    if (!plural_number &&
        (!(info[k].flags & TOK_F_ALPHA) || (info[k].flags & TOK_F_URL) ||
         !cands_is_code(tk(dv, k)) || cands_is_common_acronym(tk(dv, k))))
      continue;
    int extended = 0;
    for (size_t i = 0; i < n0; i++) {
      res_mention_t *m = &l->v[i];
      if (strong_name(m) && m->type != CW_ENT_PER && m->t1 == k && k > 0 &&
          same_sentence(dv, k - 1, k) && (info[k].flags & TOK_F_SPACE_BEFORE)) {
        m->t1 = (uint32_t)k + 1;
        m->type = CW_ENT_MISC;
        extended = 1;
      }
    }
    if (!extended && !plural_number) {
      res_mention_t m = {.t0 = (uint32_t)k, .t1 = (uint32_t)k + 1, .type = CW_ENT_MISC,
                         .src = RES_SRC_HEUR};
      res_list_add(l, &m);
    }
  }
}

/* A multi-word name loses common-noun acronyms at its end ("Labour MPs" -> "Labour", "US TV"
 * -> "US"), a person's name also at its start ("MP Alan Johnson"); "TV Bloopers" keeps its
 * first word. */
static void trim_common(const cw_docview_t *dv, res_list_t *l) {
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->t1 - m->t0 < 2)
      continue;
    uint32_t t0 = m->t0, t1 = m->t1;
    while (m->t1 > m->t0 && cands_is_common_acronym(tk(dv, m->t1 - 1)))
      m->t1--;
    while (m->type == CW_ENT_PER && m->t0 < m->t1 && cands_is_common_acronym(tk(dv, m->t0)))
      m->t0++;
    /* The type was given to the longer span: a list name for the rest beats it. */
    if ((m->t0 != t0 || m->t1 != t1) && m->src != RES_SRC_RULE)
      m->src = RES_SRC_HEUR;
    if (m->t0 == m->t1)
      m->t0 = m->t1 = 0;
  }
}

/* Two names with "of" or "of the" between them are one when the first is no person ("Church
 * of Scotland", "Bank of England"); "John Smith of Reuters" stays two. After a work's cue
 * "of a" joins too ("comedy Diary of a Mad Black Woman"). The joined name is MISC when either
 * part was, else the first part's type. */
static void join_of(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l) {
  size_t n0 = l->n;
  for (size_t i = 0; i < n0; i++) {
    res_mention_t *a = &l->v[i];
    if (!strong_name(a) || a->type == CW_ENT_PER)
      continue;
    size_t c = a->t1;
    if (!cw_str_eq(tk(dv, c), "of") || !same_sentence(dv, a->t0, c))
      continue;
    c++;
    if (cw_str_eq(tk(dv, c), "the") || (a->cued && cw_str_eq(tk(dv, c), "a")))
      c++;
    if (c >= dv->n_tokens || !(info[c].flags & TOK_F_CAP))
      continue;
    for (size_t j = 0; j < n0; j++) {
      res_mention_t *b = &l->v[j];
      if (j == i || !strong_name(b) || b->t0 != c || (b->type == CW_ENT_PER && !a->cued) ||
          !same_sentence(dv, a->t0, b->t1 - 1))
        continue;
      res_mention_t m = *a;
      m.t1 = b->t1;
      m.src = RES_SRC_PATTERN;
      m.canon = NULL;
      if (b->type == CW_ENT_MISC)
        m.type = CW_ENT_MISC;
      res_list_add(l, &m);
      a = &l->v[i]; /* the list may have moved */
      break;
    }
  }
}

/* Two names glued at "and" by the tagger or the capitalized-run pattern come apart when the
 * word before "and" is a one-word name of its own elsewhere in the article ("Fiat and General
 * Motors" with "Fiat" named again); a name always written with its "and" ("Marks and
 * Spencer", "Securities and Exchange Commission") stays whole. */
static void split_and(const cw_docview_t *dv, res_list_t *l) {
  size_t n0 = l->n;
  strset_t single = set_new(dv, n0);
  for (size_t i = 0; i < n0; i++) {
    const res_mention_t *m = &l->v[i];
    if (strong_name(m) && m->t1 == m->t0 + 1)
      set_put(&single, tk(dv, m->t0), 1);
  }
  for (size_t i = 0; i < n0; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->src == RES_SRC_RULE || m->t1 - m->t0 < 3 ||
        !cw_str_eq(tk(dv, m->t0 + 1), "and") || !set_put(&single, tk(dv, m->t0), 0))
      continue;
    res_mention_t first = *m, second = *m;
    first.t1 = first.t0 + 1;
    second.t0 = m->t0 + 2;
    first.canon = second.canon = NULL;
    m->t0 = m->t1 = 0;
    res_list_add(l, &first);
    res_list_add(l, &second);
  }
}

/* Names with "and" inside. The tagger cuts them where two names would meet, so the halves
 * join when nothing says they are two:
 * - "Fact and Opinion Economics": a one-word name of another type than the organization
 *   of two or more words after "and" (two works are two: "Splash and Apollo 13"), not a
 *   listed place or demonym,
 *   written nowhere else in the article and not the end of a list ("Fiat and General
 *   Motors", "Britain and Manchester United", "Jobs and Apple Computer", "Space Invaders,
 *   Pac-Man and Donkey Kong" stay apart);
 * - "Department for Media, Culture and Sport": an organization ending in "for W" (W no
 *   listed place) runs on over a list of single capitalized words to one after "and"; not
 *   after "of W", which is as often a name before another ("the Bank of England and
 *   Barclays"). */
static void join_and(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l) {
  size_t n = dv->n_tokens;
  int32_t *start = cw_arena_alloc(dv->arena, n * sizeof(*start));
  unsigned char *listed = cw_arena_calloc(dv->arena, n, 1);
  memset(start, 0xff, n * sizeof(*start));
  for (size_t i = 0; i < l->n; i++) {
    const res_mention_t *m = &l->v[i];
    if (m->t0 >= m->t1 || m->t1 > n)
      continue;
    if (m->src == RES_SRC_GAZ && (m->type == CW_ENT_LOC || m->type == CW_ENT_MISC))
      memset(listed + m->t0, 1, m->t1 - m->t0);
    if (strong_name(m) && (start[m->t0] < 0 || l->v[start[m->t0]].t1 < m->t1))
      start[m->t0] = (int32_t)i;
  }
  strset_t once = set_new(dv, n), twice = set_new(dv, n);
  for (size_t k = 0; k < n; k++)
    if ((info[k].flags & TOK_F_CAP) && set_put(&once, dv->tokens[k].text, 1))
      set_put(&twice, dv->tokens[k].text, 1);
  size_t n0 = l->n;
  for (size_t i = 0; i < n0; i++) {
    res_mention_t a = l->v[i];
    if (!strong_name(&a) || a.src == RES_SRC_GAZ || a.t1 + 1 >= n ||
        !cw_str_eq(tk(dv, a.t1), "and") || !same_sentence(dv, a.t0, a.t1 + 1))
      continue;
    /* the last two of a list ("Space Invaders, Pac-Man and Donkey Kong") are two */
    if (a.t0 > 0 && cw_str_eq(tk(dv, a.t0 - 1), ","))
      continue;
    int32_t bi = start[a.t1 + 1];
    if (a.t1 - a.t0 == 1 && bi >= 0) {
      const res_mention_t *b = &l->v[bi];
      if (b->t1 - b->t0 < 2 || b->type == a.type || b->type != CW_ENT_ORG || listed[a.t0] ||
          !same_sentence(dv, a.t0, b->t1 - 1))
        continue;
      if (set_put(&twice, tk(dv, a.t0), 0))
        continue; /* written elsewhere too */
      res_mention_t m = *b;
      m.t0 = a.t0;
      m.src = RES_SRC_PATTERN;
      m.canon = NULL;
      res_list_add(l, &m);
    }
  }
  for (size_t i = 0; i < n0; i++) {
    res_mention_t a = l->v[i];
    if (!strong_name(&a) || a.type != CW_ENT_ORG || a.t1 - a.t0 < 3 || a.t1 + 1 >= n)
      continue;
    if (!cw_str_eq(tk(dv, a.t1 - 2), "for") || listed[a.t1 - 1])
      continue;
    /* ", W" any number of times, then "and W"; each W one capitalized word. */
    size_t k = a.t1, end = 0;
    while (k + 1 < n && same_sentence(dv, a.t0, k + 1) && !end) {
      int is_and = cw_str_eq(tk(dv, k), "and");
      if (!is_and && !cw_str_eq(tk(dv, k), ","))
        break;
      size_t w = k + 1;
      if (!(info[w].flags & TOK_F_CAP) || (info[w].flags & TOK_F_ALLCAP) || listed[w] ||
          (w + 1 < n && same_sentence(dv, w, w + 1) && (info[w + 1].flags & TOK_F_CAP)))
        break;
      if (is_and)
        end = w + 1;
      k = w + 1;
    }
    if (!end)
      continue;
    res_mention_t m = a;
    m.t1 = (uint32_t)end;
    m.src = RES_SRC_PATTERN;
    m.canon = NULL;
    res_list_add(l, &m);
  }
}

/* A name the hand-written organization list has is an organization, also where the tagger
 * called that very span a person or MISC ("Lib Dems", "Tory", "Commons"); a place it may be
 * ("Amazon"), so LOC stays. */
static void listed_orgs(res_list_t *l, uint32_t maxlen) {
  for (size_t i = 0; i < l->n; i++) {
    const res_mention_t *g = &l->v[i];
    if (g->src != RES_SRC_GAZ || g->type != CW_ENT_ORG || g->t0 >= g->t1)
      continue;
    for (size_t j = window_start(l, g->t0, maxlen); j < l->n && l->v[j].t0 <= g->t0 + 1; j++) {
      res_mention_t *m = &l->v[j];
      if (m->src == RES_SRC_NER && m->t0 == g->t0 && m->t1 == g->t1 && !m->cued &&
          (m->type == CW_ENT_PER || m->type == CW_ENT_MISC))
        m->type = CW_ENT_ORG;
    }
  }
}

/* ---- capitalized common words ---- */

/* Is token @p k the first word of its sentence (after any opening quotation marks)? */
static int opens_sentence(const cw_docview_t *dv, const tok_info_t *info, size_t k) {
  size_t j = k;
  while (j > 0 && same_sentence(dv, j - 1, k) && (info[j - 1].flags & TOK_F_QUOTE))
    j--;
  return j == 0 || !same_sentence(dv, j - 1, k);
}

/* A one-word name at the start of a sentence or in the title is a common word when the
 * article writes it in lower case elsewhere and never capitalized inside a sentence ("Look,
 * I have already said ...", a headline "Election 'could be terror target'"). */
static void drop_common_words(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                              size_t title_sentences) {
  size_t cap = 16;
  while (cap < dv->n_tokens * 2)
    cap *= 2;
  strset_t lower = {cw_arena_calloc(dv->arena, cap, sizeof(char *)), cap};
  strset_t inner = {cw_arena_calloc(dv->arena, cap, sizeof(char *)), cap};
  for (size_t k = 0; k < dv->n_tokens; k++) {
    uint32_t f = info[k].flags;
    if (!(f & TOK_F_ALPHA))
      continue;
    if (f & TOK_F_LOWER)
      set_put(&lower, dv->tokens[k].text, 1);
    else if ((f & TOK_F_CAP) && dv->tokens[k].sentence >= title_sentences &&
             !opens_sentence(dv, info, k))
      set_put(&inner, dv->tokens[k].text, 1);
  }
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->t1 != m->t0 + 1)
      continue;
    size_t k = m->t0;
    uint32_t f = info[k].flags;
    if ((f & TOK_F_ALLCAP) || !(f & TOK_F_CAP))
      continue;
    if (dv->tokens[k].sentence >= title_sentences && !opens_sentence(dv, info, k))
      continue;
    const char *w = dv->tokens[k].text;
    if (set_put(&lower, w, 0) && !set_put(&inner, w, 0))
      m->t0 = m->t1 = 0;
  }
}

/* Quotation marks and apostrophes are never the first or last token of a name: the tagger
 * takes in a possessive apostrophe standing alone ("both it and Airbus' aircraft," inside a
 * quotation). */
static void trim_quotes(const tok_info_t *info, res_list_t *l) {
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->t0 >= m->t1)
      continue;
    uint32_t t0 = m->t0, t1 = m->t1;
    while (m->t1 > m->t0 && (info[m->t1 - 1].flags & TOK_F_QUOTE))
      m->t1--;
    while (m->t0 < m->t1 && (info[m->t0].flags & TOK_F_QUOTE))
      m->t0++;
    if (m->t0 == m->t1)
      m->t0 = m->t1 = 0;
    else if ((m->t0 != t0 || m->t1 != t1) && m->src == RES_SRC_NER && t1 - t0 == 2)
      m->src = RES_SRC_HEUR; /* the type was given to the word with its mark */
  }
}

/* A name the tagger ran on from the word opening a sentence or headline loses that word when
 * it is a pronoun, question word, conjunction or adverb, which no name starts with ("Why Cell
 * will get the hard sell", "Then Tony Blair spoke"). */
static void trim_openers(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l) {
  static const char *const w_[] = {
    "Why", "How", "What", "When", "Where", "Which", "Who", "Whom", "Whose", "Then", "Now",
    "However", "Meanwhile", "Moreover", "But", "And", "If", "While", "Although", "Though",
    "Because", "Despite", "Also", "Even", "Still", "Yet", "So", "Some", "Many", "Most", "Both",
    "Each", "Every", "Another", "Such", "Several", "Unlike", "According", "Earlier", "Later",
    "Previously", "It", "He", "She", "They", "We", "I", "You", "His", "Her", "Its", "Their",
    "Our", "My", "Your", "There", "Here", "This", "That", "These", "Those", "Will", "Can",
    "Should", "Would", "Could", "Did", "Does", "Do", "Is", "Are", "Was", "Were", NULL};
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->src == RES_SRC_RULE || m->t1 - m->t0 < 2 ||
        !opens_sentence(dv, info, m->t0) || !in_list(w_, tk(dv, m->t0)))
      continue;
    m->t0++;
    if (m->src == RES_SRC_NER && m->t1 - m->t0 == 1)
      m->src = RES_SRC_HEUR; /* the type was given to the longer span */
  }
}

void cands_clean(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                 size_t title_sentences) {
  if (dv->n_tokens == 0)
    return;
  trim_quotes(info, l);
  trim_openers(dv, info, l);
  cands_programme_names(dv, info, l);
  strip_titles(dv, l);
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type <= CW_ENT_MISC && m->t1 == m->t0 + 1 &&
        cands_is_common_acronym(tk(dv, m->t0)))
      m->t0 = m->t1 = 0;
  }
  trim_common(dv, l);
  /* Sorted by start, the passes over pairs of candidates look only near each other. */
  qsort(l->v, l->n, sizeof(*l->v), cmp_t0);
  uint32_t maxlen = 0;
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].t1 > l->v[i].t0 && l->v[i].t1 - l->v[i].t0 > maxlen)
      maxlen = l->v[i].t1 - l->v[i].t0;
  names_over_rules(dv, info, l, maxlen);
  cands_cued_names(dv, info, l, maxlen);
  cands_owned_products(dv, info, l);
  listed_orgs(l, maxlen);
  /* These two append candidates; the list is no longer sorted after them. */
  add_codes(dv, info, l);
  join_of(dv, info, l);
  split_and(dv, l);
  join_and(dv, info, l);
  drop_common_words(dv, info, l, title_sentences);
}
