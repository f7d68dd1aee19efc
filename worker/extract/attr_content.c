/* attr_content.c - content spans: the clause after a cue or before it, the quotations a
 * content opens or closes, the addressee of "told" and the time and setting adjuncts that
 * belong to neither cue nor content ("said on Thursday", "told reporters at a news
 * conference"), and whether what follows a cue closes an inverted report. */
#include <string.h>
#include "attr_int.h"
#include "cw_str.h"

/* Content end (exclusive) of sentence [lo, hi): drops final punctuation outside quotes. */
size_t attr_content_end(const ctx_t *c, size_t lo, size_t hi) {
  while (hi > lo && terminal(c, hi - 1)) hi--;
  return hi;
}

/* Extends the content [a, b] to cover every quotation it opens or closes. */
static tspan_t cover_quotes(const ctx_t *c, tspan_t s) {
  if (empty(s)) return s;
  int32_t qa = c->quote_of[s.a], qb = c->quote_of[s.b];
  if (qa >= 0 && c->quotes[qa].open < s.a && (int)s.b >= (int)c->quotes[qa].close) s.a = c->quotes[qa].open;
  if (qb >= 0 && c->quotes[qb].close > s.b) {
    /* Only when the quote opens inside the content. */
    if (c->quotes[qb].open >= s.a) s.b = c->quotes[qb].close;
  }
  return s;
}

/* The clause from token a to the end of its sentence part (before hi), with the quotations it
 * opens or closes, or NO_SPAN when it is empty. */
tspan_t attr_clause_from(const ctx_t *c, size_t a, size_t hi) {
  size_t e = attr_content_end(c, a, hi);
  return e > a ? cover_quotes(c, (tspan_t){(uint32_t)a, (uint32_t)(e - 1)}) : NO_SPAN;
}

/* Content before the comma/quote at b: the quotation that ends there, or the clause from the
 * sentence start. */
tspan_t attr_backward_content(const ctx_t *c, size_t b, size_t lo) {
  size_t q = b;
  if (is_word(c, q, ",") && q > lo && close_quote_at(c, q - 1)) q--;
  if (close_quote_at(c, q)) {
    const cw_attr_quote_t *qq = &c->quotes[c->quote_of[q]];
    /* A quotation closing a longer clause ("reports showed that “...”") is part of it. */
    size_t words = 0;
    for (size_t i = lo; i < qq->open; i++) words += !is_punct_tok(c, i);
    if (qq->open > lo && words >= 3) return (tspan_t){(uint32_t)lo, qq->close};
    return (tspan_t){qq->open, qq->close};
  }
  if (!is_word(c, b, ",") || b <= lo) return NO_SPAN;
  size_t a = lo;
  if (c->quote_of[a] >= 0 && c->quotes[c->quote_of[a]].open < a &&
      c->quotes[c->quote_of[a]].close < b)
    a = c->quotes[c->quote_of[a]].open;  /* a quotation that began in an earlier sentence */
  return (tspan_t){(uint32_t)a, (uint32_t)(b - 1)};
}

static int tells_someone(const char *lemma) {
  return cw_str_eq(lemma, "tell") || cw_str_eq(lemma, "ask") || cw_str_eq(lemma, "inform") ||
         cw_str_eq(lemma, "assure") || cw_str_eq(lemma, "warn") || cw_str_eq(lemma, "urge") ||
         cw_str_eq(lemma, "accuse") || cw_str_eq(lemma, "promise") || cw_str_eq(lemma, "caution");
}

/* Time and setting adjuncts between a cue and its content ("said on Thursday it would ...",
 * "said last week", "told reporters at a news conference the plan ..."): the token after the
 * adjuncts that start at k, or k when none does. They belong to neither cue nor content. */
static const char *const ADJ_DAYS[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
  "today", "tonight", "recently", "earlier", "later", NULL};
static const char *const ADJ_PARTS[] = {"morning", "afternoon", "evening", "night", NULL};
static const char *const ADJ_PERIODS[] = {
  "week", "month", "year", "weekend", "night", "spring", "summer", "autumn", "fall", "winter",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
static const char *const ADJ_MONTHS[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
  NULL};
static const char *const ADJ_SETTINGS[] = {
  "statement", "interview", "conference", "briefing", "release", "letter", "speech", "post",
  "email", "e-mail", "filing", "broadcast", "address", "hearing", "meeting", "tweet", "message",
  "video", "blog", "call", "appearance", "summit", "rally", "event", NULL};

static int adj_number(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  return t && isdigit((unsigned char)t[0]) && strlen(t) <= 4;
}

static int year_at(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  return t && strlen(t) == 4 && (strncmp(t, "19", 2) == 0 || strncmp(t, "20", 2) == 0) &&
         isdigit((unsigned char)t[2]) && isdigit((unsigned char)t[3]);
}

size_t attr_time_phrase_start(const ctx_t *c, size_t j, size_t lo) {
  static const char *const EDGE[] = {"late", "early", "mid", NULL};
  static const char *const DEICTIC[] = {"last", "this", "next", NULL};
  static const char *const AROUND[] = {"earlier", "later", "late", "early", NULL};
  if (j <= lo || c->quote_of[j] >= 0) return j + 1;
  /* "DaimlerChrysler last week agreed", "the firm earlier this year said", "two years ago" */
  if (any_word(c, j, ADJ_PERIODS) && j > lo + 1 && any_word(c, j - 1, DEICTIC)) {
    size_t k = j - 1;
    if (k > lo + 1 && any_word(c, k - 1, AROUND)) k--;
    return k;
  }
  if (!year_at(c, j) && !any_word(c, j, ADJ_MONTHS) && !any_word(c, j, ADJ_DAYS) &&
      !(adj_number(c, j) && any_word(c, j - 1, ADJ_MONTHS)))
    return j + 1;
  if (any_word(c, j, ADJ_DAYS) && !any_word(c, j, ADJ_PERIODS)) return j + 1;  /* "later" */
  size_t k = j;
  while (k > lo && j - k < 4 && (year_at(c, k - 1) || any_word(c, k - 1, ADJ_MONTHS) ||
                                 any_word(c, k - 1, EDGE)))
    k--;
  if (k <= lo + 1 || !(is_word(c, k - 1, "in") || is_word(c, k - 1, "on"))) return j + 1;
  return k - 1;
}

/* One adjunct at k (before e): the token after it, or k. */
static size_t adjunct_at(const ctx_t *c, size_t k, size_t e) {
  size_t i = k;
  if (c->quote_of[k] >= 0) return k;
  if (any_word(c, i, ADJ_DAYS)) {
    i++;
    if (i < e && any_word(c, i, ADJ_PARTS)) i++;
    return i;
  }
  if ((is_word(c, i, "last") || is_word(c, i, "this") || is_word(c, i, "next")) && i + 1 < e &&
      any_word(c, i + 1, ADJ_PERIODS))
    return i + 2;
  if (is_word(c, i, "on") && i + 1 < e) {
    if (any_word(c, i + 1, ADJ_DAYS) && !is_word(c, i + 1, "later") &&
        !is_word(c, i + 1, "earlier")) {
      i += 2;
      if (i < e && any_word(c, i, ADJ_PARTS)) i++;
      return i;
    }
    /* "on 5 March", "on March 5" */
    if (adj_number(c, i + 1) && i + 2 < e && any_word(c, i + 2, ADJ_MONTHS)) return i + 3;
    if (any_word(c, i + 1, ADJ_MONTHS) && i + 2 < e && adj_number(c, i + 2)) return i + 3;
  }
  /* "in a statement", "at a news conference", "in a written statement on its website" */
  if ((is_word(c, i, "in") || is_word(c, i, "at") || is_word(c, i, "during")) && i + 2 < e &&
      any_word(c, i + 1, ATTR_DETS)) {
    for (size_t h = i + 2; h < e && h <= i + 4; h++) {
      if (c->quote_of[h] >= 0 || is_punct_tok(c, h)) break;
      if (any_word(c, h, ADJ_SETTINGS)) return h + 1;
    }
  }
  return k;
}

/* The addressee of "told reporters at a news conference ...": the noun phrase at k up to a
 * time or setting adjunct. */
static tspan_t addressee(const ctx_t *c, size_t k, size_t hi) {
  tspan_t o = attr_np_forward(c, k, hi);
  size_t e = attr_content_end(c, k, hi);
  static const char *const ARTICLES[] = {"the", "a", "an", NULL};
  for (size_t i = o.a + 1; !empty(o) && i <= o.b; i++) {
    if (adjunct_at(c, i, e) != i) {
      o.b = (uint32_t)(i - 1);
      break;
    }
    /* "told reporters the government had ...": an article after a plural or proper noun opens
     * the subject of what was told. */
    const char *pp = c->tk[i - 1].pos;
    if (any_word(c, i, ARTICLES) && pp &&
        (cw_str_eq(pp, "NNS") || cw_str_eq(pp, "NNP") || cw_str_eq(pp, "NNPS") ||
         cw_str_eq(pp, "PRP"))) {
      o.b = (uint32_t)(i - 1);
      break;
    }
  }
  return o;
}

static size_t skip_adjuncts(const ctx_t *c, size_t k, size_t hi) {
  size_t e = attr_content_end(c, k, hi), i = k;
  for (int r = 0; r < 4 && i < e; r++) {
    size_t nx = adjunct_at(c, i, e);
    if (nx == i) break;
    i = nx;
  }
  /* Only before a clause of its own: "said on Tuesday." keeps what it had. */
  if (i == k || i >= e || is_word(c, i, ",") || is_word(c, i, ":") || is_word(c, i, "'s") ||
      is_word(c, i, "\xE2\x80\x99s"))
    return k;
  return i;
}

/* Content after the cue ending at token k - 1. */
tspan_t attr_forward_content(const ctx_t *c, size_t k, size_t lo, size_t hi, const char *lemma) {
  size_t n = c->doc->n_tokens;
  (void)lo;
  if (tells_someone(lemma) && k < hi && !open_quote_at(c, k)) {
    tspan_t o = addressee(c, k, hi);
    /* "accused officials of delays": the accused ends before "of", what they are accused of
     * is the content. */
    if (!empty(o) && cw_str_eq(lemma, "accuse"))
      for (uint32_t i = o.a + 1; i <= o.b; i++)
        if (is_word(c, i, "of")) {
          o.b = i - 1;
          break;
        }
    /* "promised 1.2 billion reais in aid", "promised a review": what is promised, no one
     * promised to; "promised voters a tax cut", "promised them that" name someone. */
    if (!empty(o) && cw_str_eq(lemma, "promise") && o.b + 1 < hi &&
        !(any_word(c, o.b + 1, ATTR_DETS) || is_word(c, o.b + 1, "that") ||
          is_word(c, o.b + 1, "to") || open_quote_at(c, o.b + 1)))
      o = NO_SPAN;
    if (!empty(o)) k = o.b + 1;
    if (!empty(o) && cw_str_eq(lemma, "accuse") && k < hi && is_word(c, k, "of")) k++;
  }
  /* "told the paper in an interview on Sunday that ...": the clause starts after "that". */
  static const char *const PREP[] = {"in", "on", "at", "during", "to", "with", "after",
                                     "before", "last", "earlier", "this", "from", "via", "over",
                                     "for", "through", "late", "early", "privately", "publicly",
                                     "monday", "tuesday", "wednesday", "thursday", "friday",
                                     "saturday", "sunday", "yesterday", "today", "recently",
                                     "tonight", "repeatedly", "again", "later", "then", NULL};
  for (size_t i = k; i < hi && i < k + 12 && any_word(c, k, PREP); i++) {
    /* "said in a statement: “...”" */
    if (open_quote_at(c, i) && i > k &&
        (is_word(c, i - 1, ":") || is_word(c, i - 1, ",") || is_word(c, i - 1, "that"))) {
      k = i;
      break;
    }
    if ((is_word(c, i, ",") || is_word(c, i, ":")) && i + 1 < hi && open_quote_at(c, i + 1)) {
      k = i + 1;
      break;
    }
    if (cw_attr_is_quote_mark(c->doc, i) || is_finite_verb(c, i) || is_word(c, i, ",")) break;
    if (is_word(c, i, "that") && i > k && !is_word(c, i - 1, ",")) {
      k = i;
      break;
    }
  }
  k = skip_adjuncts(c, k, hi);
  while (k < hi && (is_word(c, k, ",") || is_word(c, k, ":") ||
                    is_word(c, k, "\xE2\x80\x94") || is_word(c, k, "-")))
    k++;
  size_t kq = k;
  if (kq < hi && is_word(c, kq, "that")) kq++;
  if (kq < n && open_quote_at(c, kq) && kq == k) {
    const cw_attr_quote_t *q = &c->quotes[c->quote_of[k]];
    /* A quotation after the cue is the content even when it runs past the sentence. */
    if (q->close >= hi || q->close + 2 >= attr_content_end(c, lo, hi)) return (tspan_t){q->open, q->close};
  }
  if (k >= hi) return NO_SPAN;
  size_t e = attr_content_end(c, k, hi);
  int32_t inq = c->quote_of[k];
  if (inq >= 0 && c->quotes[inq].open < k && c->quotes[inq].close < e) {
    /* Reported inside a quotation: the content ends with the quotation. */
    e = c->quotes[inq].close;
    while (e > k && (is_word(c, e - 1, ",") || terminal(c, e - 1))) e--;
  }
  if (e <= k) return NO_SPAN;
  return cover_quotes(c, (tspan_t){(uint32_t)k, (uint32_t)(e - 1)});
}

/* Whether token i is a lower-case "-ing" word ("completing", "adding"). */
static int participle_ing(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  size_t n = t ? strlen(t) : 0;
  return n > 4 && islower((unsigned char)t[0]) && cw_str_eq(t + n - 3, "ing");
}

/* Whether what follows the cue up to the sentence end closes an inverted report ("..., X
 * said on Sunday."): short, and no new clause or quotation. */
int attr_tail_is_short(const ctx_t *c, size_t k, size_t hi) {
  static const char *const PREP[] = {"in", "on", "at", "during", "after", "before", "last",
                                     "earlier", "this", "from", "via", "over", "through",
                                     "when", "while", "as", "of", "monday", "tuesday",
                                     "wednesday", "thursday", "friday", "saturday", "sunday",
                                     "yesterday", "today", "tonight", "recently", NULL};
  size_t e = attr_content_end(c, k, hi);
  if (k >= e) return 1;
  if (is_word(c, k, ",")) return !(k + 1 < e && open_quote_at(c, k + 1));
  /* "..., the ministry said on Tuesday, completing a programme ...", "..., officials said on
   * Wednesday, but the goals were met": a participle clause or a contrast after a comma is
   * the writer's; a tail of time or place ends before it. */
  static const char *const BUT[] = {"but", "although", "though", "while", "whereas", NULL};
  for (size_t i = k + 1; any_word(c, k, PREP) && i + 1 < e; i++)
    if (is_word(c, i, ",") && c->quote_of[i] < 0 &&
        (participle_ing(c, i + 1) || any_word(c, i + 1, BUT))) {
      e = i;
      break;
    }
  if (is_word(c, k, ";") || is_word(c, k, "\xE2\x80\x94")) return 1;
  static const char *const VERB_AUX[] = {"is", "was", "were", "are", "would", "will", "could",
                                          "can", "should", "has", "have", "had", "may", "might",
                                          "must", "did", "does", NULL};
  for (size_t i = k; i < e; i++) {
    if (is_word(c, i, "that") || cw_attr_is_quote_mark(c->doc, i) || is_word(c, i, ":")) return 0;
    if (is_finite_verb(c, i) || any_word(c, i, VERB_AUX)) return 0;
  }
  return e - k <= 3 || (any_word(c, k, PREP) && e - k <= 25);
}

/* "“...,” X said": a quotation ending with the comma (or ? !) that hands it to its
 * attribution, closing at token b (or b is a comma right after the closing mark). */
int attr_quote_comma_before(const ctx_t *c, size_t b) {
  if (is_word(c, b, ",") && b > 0 && close_quote_at(c, b - 1)) return 1;
  if (!close_quote_at(c, b) || b == 0) return 0;
  size_t m = b - 1;
  /* A mark written as two apostrophes ('') is two tokens. */
  if (m > 0 && is_word(c, m, "'") && is_word(c, b, "'") &&
      c->tk[m].span.end == c->tk[b].span.start)
    m--;
  return is_word(c, m, ",") || is_word(c, m, "?") || is_word(c, m, "!");
}

/* Whether the words after the cue at k start a report of their own ("that ...", ": ...", a
 * quotation). */
int attr_tail_reports(const ctx_t *c, size_t k, size_t hi) {
  if (k >= hi) return 0;
  if (is_word(c, k, ",") && k + 1 < hi) k++;
  return is_word(c, k, "that") || is_word(c, k, ":") || open_quote_at(c, k);
}

/* Token after the addressee of "told the paper": where the rest of the sentence starts. */
size_t attr_after_object(const ctx_t *c, size_t k, size_t hi, const char *lemma) {
  if (!tells_someone(lemma) || k >= hi || open_quote_at(c, k)) return k;
  tspan_t o = addressee(c, k, hi);
  return empty(o) ? k : o.b + 1;
}

int attr_np_content(const ctx_t *c, tspan_t s) {
  static const char *const NP_TAGS[] = {"DT", "PRP$", "JJ", "JJR", "JJS", "NN", "NNS", "NNP",
                                        "NNPS", "POS", "CD", "HYPH", "PDT", NULL};
  if (empty(s) || c->quote_of[s.a] >= 0) return 0;
  size_t i = s.a;
  for (; i <= s.b; i++) {
    const char *p = c->tk[i].pos;
    int np = 0;
    for (size_t k = 0; p && NP_TAGS[k] && !np; k++) np = cw_str_eq(p, NP_TAGS[k]);
    if (!np || is_word(c, i, "that")) break;
    /* "the importance the government attached": a second determiner after a noun opens a
     * relative clause with its own subject. */
    if (i > s.a && (cw_str_eq(p, "DT") || cw_str_eq(p, "PRP$")) && c->tk[i - 1].pos &&
        strncmp(c->tk[i - 1].pos, "NN", 2) == 0)
      return 1;
  }
  if (i == s.a) return 0;  /* "that ...", "to ...", "how ...", a pronoun subject */
  if (i > s.b) return 1;
  /* What follows the noun phrase: its verb makes a clause ("the rates will rise"); a
   * preposition, a comma, a participle or a pronoun starting a relative clause ("the
   * importance they attached") modifies it. */
  const char *p = c->tk[i].pos;
  if (!p) return 0;
  return cw_str_eq(p, "IN") || cw_str_eq(p, ",") || cw_str_eq(p, "PRP") ||
         cw_str_eq(p, "WDT") || cw_str_eq(p, "VBN") || cw_str_eq(p, "VBG") ||
         cw_str_eq(p, "TO") || cw_str_eq(p, "CC");
}

/* Whether the tagger tagged token i with a tag starting with @p prefix; read whether or not
 * the model's other rules use tags (as attr_noun_tag() is). */
static int tag_is(const ctx_t *c, size_t i, const char *prefix) {
  const char *p = c->tk[i].pos;
  return p && strncmp(p, prefix, strlen(prefix)) == 0;
}

int attr_fronted_adjunct(const ctx_t *c, tspan_t s) {
  static const char *const PREPS[] = {"in", "on", "at", "during", "after", "before", "since",
                                      "from", "with", "without", "under", "despite", "amid",
                                      "throughout", "following", "like", "unlike", NULL};
  static const char *const SUBORD[] = {"when", "if", "because", "although", "though", "while",
                                       "once", "until", "unless", "whenever", NULL};
  if (empty(s) || c->quote_of[s.a] >= 0 || !c->tk[s.a].pos) return 0;
  /* "However, the ministry has dismissed the plan", "By contrast, X says": a connective or a
   * sentence adverb alone links the sentence to the one before; it is not what was said. */
  static const char *const LINKS[] = {"however", "instead", "also", "currently", "then",
                                      "meanwhile", "now", "still", "moreover", "indeed",
                                      "nevertheless", "nonetheless", "similarly", "likewise",
                                      "furthermore", "elsewhere", "overall", "separately",
                                      "contrast", "addition", "comparison", "fact", "particular",
                                      "short", "turn", "by", "in", "as", "a", "result", NULL};
  if (s.b - s.a < 3) {
    int links = 1;
    for (size_t i = s.a; i <= s.b && links; i++)
      links = any_word(c, i, LINKS) || is_word(c, i, ",");
    if (links && any_word(c, s.b, LINKS) && !is_word(c, s.b, "by") && !is_word(c, s.b, "in") &&
        !is_word(c, s.b, "as") && !is_word(c, s.b, "a"))
      return 1;
  }
  /* "But when Congress cut the funding, Mexico said enough": a subordinate clause up to the
   * comma before the subject, with no main clause after a comma of its own. */
  size_t a0 = s.a + ((is_word(c, s.a, "but") || is_word(c, s.a, "and")) && s.a < s.b);
  if (any_word(c, a0, SUBORD) && a0 < s.b) {
    size_t i = a0 + 1;
    while (i <= s.b && !(is_word(c, i, ",") && c->quote_of[i] < 0)) i++;
    if (i > s.b) return 1;
  }
  const char *w = c->tk[s.a].text;
  size_t wl = strlen(w);
  /* A participle heading the sentence is often tagged a noun there; "Nothing" is one. */
  int participle = wl > 5 && strcmp(w + wl - 3, "ing") == 0 && strcmp(w + wl - 5, "thing") != 0 &&
                   s.b > s.a && !(c->name_tok && c->name_tok[s.a]) &&
                   (tag_is(c, s.a, "VBG") || tag_is(c, s.a, "NN"));
  if (!any_word(c, s.a, PREPS) && !participle) return 0;
  for (size_t i = s.a; i <= s.b; i++) {
    if (c->quote_of[i] >= 0 || is_word(c, i, "'s") || is_word(c, i, "\xE2\x80\x99s")) continue;
    /* "this weekend's broadcast", "the press release": a word after a determiner or a
     * possessive is a noun, whatever its tag. */
    if (i > s.a && (tag_is(c, i - 1, "DT") || tag_is(c, i - 1, "PRP$") || tag_is(c, i - 1, "POS") ||
                    is_word(c, i - 1, "'s") || is_word(c, i - 1, "\xE2\x80\x99s")))
      continue;
    if (tag_is(c, i, "VBD") || tag_is(c, i, "VBZ") || tag_is(c, i, "VBP") || tag_is(c, i, "MD") ||
        is_word(c, i, "that"))
      return 0;
  }
  return 1;
}
