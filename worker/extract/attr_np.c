/* attr_np.c - noun phrases and the spans that name a speaker: the phrase before or after a
 * cue, a name with its appositive ("Jo Kim, director of the center,"), a long subject heading
 * the sentence, the source after an inverted cue ("said Smith, a spokesman") and the signature
 * after a dash. Which entity a span names is attr_speaker.c's job. */
#include <stdlib.h>
#include <string.h>
#include "attr_int.h"
#include "cw_str.h"

static int cmp_strp(const void *key, const void *e) {
  return strcmp((const char *)key, *(const char *const *)e);
}

/* Words that end a source noun phrase; sorted for bsearch. */
static const char *const STOP_NP[] = {
    "about", "across", "after", "against", "ago", "all", "also", "although", "amid", "among",
    "and", "are", "as", "at", "be", "because", "been", "before", "between", "but", "by", "can",
    "could", "despite", "did", "do", "does", "during", "earlier", "for", "friday", "from", "had",
    "has", "have", "how", "however", "if", "in", "instead", "into", "is", "it", "last", "later",
    "like", "many", "may", "meanwhile", "might", "monday", "moreover", "must", "next", "not",
    "on", "or", "over", "per", "said", "saturday", "says", "should", "since", "so", "some",
    "still", "such", "sunday", "than", "that", "then", "there", "these", "this", "those",
    "though", "through", "thursday", "to", "today", "told", "tonight", "toward", "towards",
    "tuesday", "under", "unless", "unlike", "until", "upon", "via", "was", "wednesday", "were",
    "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yesterday", "yet",
};
static const char *const PRONOUNS[] = {"he", "she", "they", "we", "i", "you", "it", NULL};
const char *const ATTR_DETS[] = {"the", "a", "an", "his", "her", "their", "its", "our", "my",
                                 "your", "this", "these", "those", "some", "many", "several",
                                 "two", "three", "both", "other", "another", "one", NULL};
const char *const ATTR_BE_FORMS[] = {"is", "was", "were", "are", "be", "been", "being", NULL};

/* Whether a word of at least @p min_len bytes is a lower-case -ly adverb ("jokingly",
 * "bluntly"), not a noun such as "family" or "rally". */
static int ly_adverb(const char *t, size_t min_len) {
  static const char *const LY_NOUNS[] = {"family", "rally", "supply", "assembly", "ally",
                                         "anomaly", "monopoly", "belly", NULL};
  size_t n = t ? strlen(t) : 0;
  if (n < min_len || !cw_str_eq(t + n - 2, "ly") || !islower((unsigned char)t[0])) return 0;
  for (size_t k = 0; LY_NOUNS[k]; k++)
    if (cw_str_eq(t, LY_NOUNS[k])) return 0;
  return 1;
}

static int stop_np(const char *t) {
  char lw[64];
  lower(t, lw, sizeof lw);
  return bsearch(lw, STOP_NP, sizeof STOP_NP / sizeof STOP_NP[0], sizeof STOP_NP[0], cmp_strp) !=
         NULL;
}

/* Whether the sentence of token i is written in title case (a headline): more than half its
 * words capitalised. */
static int title_case_at(const ctx_t *c, size_t i) {
  uint32_t si = c->tk[i].sentence;
  size_t words = 0, caps = 0;
  for (size_t k = c->sent_lo[si]; k < c->sent_hi[si]; k++)
    if (c->tk[k].text && isalpha((unsigned char)c->tk[k].text[0])) {
      words++;
      caps += (size_t)is_cap(c, k);
    }
  return 2 * caps > words;
}

/* Whether token i is a capitalised month, weekday or modal that is a word of a name here, not
 * an adverb or a date: after a capitalised name word ("Theresa May", "Ann Will"), or, for a
 * weekday or month, between "the" or a name word and another capitalised word ("the Sunday
 * Telegraph"). Never the sentence's first word, never in a headline. */
int attr_name_word(const ctx_t *c, size_t i) {
  static const char *const GIVEN[] = {"may", "june", "april", "august", "will", NULL};
  static const char *const DAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                     "saturday", "sunday", NULL};
  const cw_token_t *tk = c->tk;
  if (i == 0 || !is_cap(c, i) || !tk[i].text || !islower((unsigned char)tk[i].text[1]) ||
      i == c->sent_lo[tk[i].sentence] || tk[i - 1].sentence != tk[i].sentence)
    return 0;
  int given = any_word(c, i, GIVEN);
  if (!given && !any_word(c, i, DAYS)) return 0;
  int prev_name = is_cap(c, i - 1) && isalpha((unsigned char)tk[i - 1].text[0]) &&
                  !stop_np(tk[i - 1].text) && !any_word(c, i - 1, ATTR_DETS) &&
                  !cw_attr_is_quote_mark(c->doc, i - 1);
  size_t n = c->doc->n_tokens;
  int next_cap = i + 1 < n && tk[i + 1].sentence == tk[i].sentence && is_cap(c, i + 1) &&
                 isalpha((unsigned char)tk[i + 1].text[0]) && !stop_np(tk[i + 1].text);
  if (!((prev_name && given) || ((prev_name || is_word(c, i - 1, "the")) && next_cap))) return 0;
  return !title_case_at(c, i);
}

/* Whether token i can be part of a noun phrase naming a source (attr_np_token caches it). */
static int np_token_calc(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  if (!t || !t[0]) return 0;
  if (cw_str_eq(t, "'s") || cw_str_eq(t, "\xE2\x80\x99s")) return 1;
  /* General punctuation (U+2000-U+206F: curly quotes, dashes) and quote marks end a phrase. */
  if ((cw_str_eq(t, "\xE2\x80\x99") || cw_str_eq(t, "'")) && c->quote_of[i] < 0 && i > 0 &&
      c->tk[i - 1].span.end == c->tk[i].span.start)
    return 1;  /* possessive apostrophe: "Sanders' campaign" */
  if ((unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80) return 0;
  if (cw_attr_is_quote_mark(c->doc, i)) return 0;
  if (c->has_pos) {
    const char *p = c->tk[i].pos;
    if (strncmp(p, "NN", 2) == 0 || strncmp(p, "JJ", 2) == 0 || cw_str_eq(p, "POS") ||
        cw_str_eq(p, "PRP$") || cw_str_eq(p, "CD") || (cw_str_eq(p, "HYPH") && !is_dash(c, i)))
      return 1;
    if (cw_str_eq(p, "DT")) return !is_word(c, i, "that");
    return 0;
  }
  if (is_punct_tok(c, i)) return (cw_str_eq(t, "-") && !is_dash(c, i)) || cw_str_eq(t, "&");
  if (any_word(c, i, ATTR_DETS) || attr_name_word(c, i)) return 1;
  char lw[64];
  lower(t, lw, sizeof lw);
  if (bsearch(lw, STOP_NP, sizeof STOP_NP / sizeof STOP_NP[0], sizeof STOP_NP[0], cmp_strp) ||
      any_word(c, i, PRONOUNS))
    return 0;
  size_t n = strlen(t);
  if (ly_adverb(t, 3)) return 0;
  /* Without tags, a lower-case "-ed"/"-ing" word not after a determiner is most often a verb
   * ("started asking", "placed ads"). */
  if (n > 4 && !is_cap(c, i) &&
      (cw_str_eq(t + n - 2, "ed") || cw_str_eq(t + n - 3, "ing")) &&
      !(i > 0 && (any_word(c, i - 1, ATTR_DETS) || is_word(c, i - 1, "'s") ||
                  is_word(c, i - 1, "\xE2\x80\x99s"))) &&
      /* "retired Army Gen. Ann Kirk", "ranking Democrat": a modifier before a name */
      !(i + 1 < c->doc->n_tokens && is_cap(c, i + 1) && c->tk[i + 1].sentence == c->tk[i].sentence &&
        !cw_attr_is_quote_mark(c->doc, i + 1)))
    return 0;
  static const char *const VERBS[] = {"made", "make", "makes", "gave", "took", "put", "met",
                                      "got", "won", "lost", "went", "came", "left", "faces",
                                      "face", "comes", "avoids", "spent", "began", "kept", NULL};
  if (any_word(c, i, VERBS)) return 0;
  return 1;
}

int attr_np_token(const ctx_t *c, size_t i) {
  if (c->npc[i] < 0) c->npc[i] = (int8_t)np_token_calc(c, i);
  return c->npc[i];
}

/* Whether token i may sit between a subject and its verb ("has also said"). */
int attr_adverbial(const ctx_t *c, size_t i) {
  static const char *const AUX[] = {
      "has", "have", "had", "was", "is", "were", "are", "would", "will", "also", "previously",
      "later", "then", "once", "repeatedly", "recently", "reportedly", "publicly", "privately",
      "still", "already", "often", "further", "again", "even", "never", "not", "did", "does",
      "do", "could", "may", "might", "can", "should", "been", "just", "flatly", "firmly",
      "strongly", "quickly", "immediately", "clearly", "later", "subsequently", "first",
      "initially", "simply", "n't", "has", "had", "always", "long", "'s", "\xE2\x80\x99s",
      "'ve", "\xE2\x80\x99ve", "'re", "\xE2\x80\x99re", "'d", "\xE2\x80\x99" "d",
      "n\xE2\x80\x99t", "now", "twice", NULL};
  /* "'s" is "is" or "has" only after a pronoun ("he's said", "it's expected"); after a name or
   * a noun it is a possessive ("GM's plans", "Foxx's portrayal"), no part of a verb. */
  if ((is_word(c, i, "'s") || is_word(c, i, "\xE2\x80\x99s")) &&
      !(i > 0 && (attr_single_pronoun(c, i - 1) || is_word(c, i - 1, "that") ||
                  is_word(c, i - 1, "there") || is_word(c, i - 1, "here") ||
                  is_word(c, i - 1, "what") || is_word(c, i - 1, "who"))))
    return 0;
  /* "Nguyen Van Long told": a capitalised word inside a sentence is a name's, not "long". */
  if (any_word(c, i, AUX))
    return !attr_name_word(c, i) &&
           !(isupper((unsigned char)c->tk[i].text[0]) && i > c->sent_lo[c->tk[i].sentence] &&
             i > 0 && is_cap(c, i - 1) && c->quote_of[i] < 0);
  /* "has so far refused" */
  if ((is_word(c, i, "far") && i > 0 && is_word(c, i - 1, "so")) ||
      (is_word(c, i, "so") && i + 1 < c->doc->n_tokens && is_word(c, i + 1, "far")))
    return 1;
  /* "ca n't", "wo n't": the tokenizer's halves of "can't" and "won't". */
  if ((is_word(c, i, "ca") || is_word(c, i, "wo")) && i + 1 < c->doc->n_tokens &&
      (is_word(c, i + 1, "n't") || is_word(c, i + 1, "n\xE2\x80\x99t")))
    return 1;
  /* "jokingly tells", "bluntly accused": a lower-case -ly word before a verb is an adverb. */
  if (ly_adverb(c->tk[i].text, 5)) return 1;
  if (c->has_pos && (pos_is(c, i, "RB") || pos_is(c, i, "MD"))) return 1;
  return 0;
}

int attr_single_pronoun(const ctx_t *c, size_t i) {
  return any_word(c, i, PRONOUNS) || (c->has_pos && pos_is(c, i, "PRP") && !pos_is(c, i, "PRP$"));
}

/* Noun phrase ending at token j, not before lo. "of"/"for"/"and" join two noun parts. */
tspan_t attr_np_backward(const ctx_t *c, size_t j, size_t lo) {
  if (j < lo || j >= c->doc->n_tokens) return NO_SPAN;
  /* "Sen. Ann Kirk (D-Ore.)": a short parenthesis after a name belongs to it. */
  if (is_word(c, j, ")") && j > lo + 1) {
    size_t k = j - 1;
    while (k > lo && j - k < 8 && !is_word(c, k, "(") && !is_word(c, k, ")")) k--;
    if (is_word(c, k, "(") && k > lo && k + 1 < j) {
      tspan_t in = attr_np_backward(c, k - 1, lo);
      if (!empty(in) && is_cap(c, k - 1)) return (tspan_t){in.a, (uint32_t)j};
    }
    return NO_SPAN;
  }
  if (attr_single_pronoun(c, j)) return (tspan_t){(uint32_t)j, (uint32_t)j};
  static const char *const ARTICLES[] = {"the", "a", "an", NULL};
  static const char *const JOIN[] = {"of", "nor", "neither", "either", "plus", "around",
                                     "near", "off", NULL};
  size_t a = j + 1;
  while (a > lo) {
    size_t k = a - 1;
    /* "told the BBC website the party avoided": an article opens its noun phrase; a common
     * word before it that is no determiner ends another phrase. */
    if (a <= j && any_word(c, a, ARTICLES) && !any_word(c, k, ATTR_DETS) &&
        !any_word(c, k, JOIN) && attr_np_token(c, k) && islower((unsigned char)c->tk[k].text[0]))
      break;
    if (attr_np_token(c, k)) {
      a = k;
      continue;
    }
    /* A joiner counts only between noun parts and with room on the left. */
    /* "the fisheries ministry in Reykjavik": "in" joins a place name to a common noun. */
    int in_place = is_word(c, k, "in") && is_cap(c, k + 1) && !is_cap(c, k - 1) &&
                   c->quote_of[k + 1] < 0;
    if (a <= j && k > lo && (is_word(c, k, "of") || is_word(c, k, "for") || is_word(c, k, "and") ||
                             is_word(c, k, "at") || is_word(c, k, "(") || is_word(c, k, ")") ||
                             in_place) &&
        attr_np_token(c, k - 1) && j - k < 25) {
      a = k;
      continue;
    }
    break;
  }
  /* Joiners cannot open the phrase. */
  while (a <= j && (is_word(c, a, "of") || is_word(c, a, "for") || is_word(c, a, "and") ||
                    is_word(c, a, "at") || is_word(c, a, "in") || is_word(c, a, ")")))
    a++;
  if (a > j) return NO_SPAN;
  return (tspan_t){(uint32_t)a, (uint32_t)j};
}

/* Noun phrase starting at token k, before hi. */
tspan_t attr_np_forward(const ctx_t *c, size_t k, size_t hi) {
  if (k >= hi) return NO_SPAN;
  if (attr_single_pronoun(c, k)) return (tspan_t){(uint32_t)k, (uint32_t)k};
  size_t e = k;
  while (e < hi) {
    if (attr_np_token(c, e)) {
      e++;
      continue;
    }
    if (e > k && e + 1 < hi && (is_word(c, e, "of") || is_word(c, e, "for") || is_word(c, e, "at")) &&
        attr_np_token(c, e + 1)) {
      e++;
      continue;
    }
    break;
  }
  if (e == k) return NO_SPAN;
  /* "Sen. Ann Kirk (D-Ore.)": a short parenthesis after a name belongs to it. */
  if (e + 2 < hi && is_word(c, e, "(") && is_cap(c, e - 1)) {
    size_t r = e + 1;
    while (r < hi && r - e < 8 && !is_word(c, r, ")") && !is_word(c, r, "(")) r++;
    if (r < hi && is_word(c, r, ")") && r > e + 1) e = r + 1;
  }
  return (tspan_t){(uint32_t)k, (uint32_t)(e - 1)};
}

/* The chunk of tokens between comma boundaries ending at token j (inclusive): start index. */
size_t attr_chunk_start(const ctx_t *c, size_t j, size_t lo) {
  size_t a = j + 1;
  while (a > lo && !is_word(c, a - 1, ",") && !open_quote_at(c, a - 1) && !close_quote_at(c, a - 1))
    a--;
  return a;
}

/* Whether tokens [a, b] look like a name ("Zhou Hongyi"): noun-phrase tokens with a capital. */
int attr_name_chunk(const ctx_t *c, size_t a, size_t b) {
  if (a > b || b - a > 6) return 0;
  int cap = 0;
  for (size_t i = a; i <= b; i++) {
    if (!attr_np_token(c, i)) return 0;
    if (is_cap(c, i) && (!c->has_pos || pos_is(c, i, "NNP"))) cap = 1;
  }
  return cap;
}

/* Whether tokens [a, b] can be an appositive description: no finite verb, no quotation. */
static int desc_chunk(const ctx_t *c, size_t a, size_t b) {
  if (a > b || b - a > 40) return 0;
  for (size_t i = a; i <= b; i++) {
    /* "the agency that runs the port": a relative clause on a described noun. */
    if (is_word(c, i, "that") && i > a + 1 && any_word(c, a, ATTR_DETS) &&
        c->quote_of[i] < 0 && attr_np_token(c, i - 1))
      continue;
    if ((c->quote_of[i] >= 0 && (open_quote_at(c, i) || close_quote_at(c, i))) ||
        is_word(c, i, "that") || is_word(c, i, "said"))
      return 0;
    if (is_finite_verb(c, i)) return 0;
  }
  return 1;
}

/* Whether tokens [a, b] are capitalised words joined by "and", "of", "for", "the" or "&"
 * ("Harbour Safety and Rescue Services"). */
static int cap_name(const ctx_t *c, size_t a, size_t b) {
  static const char *const JOIN[] = {"and", "of", "for", "the", "&", NULL};
  for (size_t i = a; i <= b; i++)
    if (c->quote_of[i] >= 0 || !(is_cap(c, i) || (i > a && any_word(c, i, JOIN)))) return 0;
  return 1;
}

/* The last token of the name in chunk [a, b] without a short parenthesis closing it ("Rep.
 * Jo Kim (D-Md.)"), or b. */
static size_t name_end(const ctx_t *c, size_t a, size_t b) {
  if (b <= a + 2 || !is_word(c, b, ")")) return b;
  for (size_t k = b - 1; k > a && b - k < 8; k--)
    if (is_word(c, k, "(")) return k - 1;
  return b;
}

/* "Name, description[, who ...]," before the cue: tokens [name start, comma - 1], or NO_SPAN.
 * @p comma is the comma that closes the last description. */
tspan_t attr_appositive_subject(const ctx_t *c, size_t comma, size_t lo) {
  size_t end = comma;  /* exclusive end of the chunk being examined */
  int named = 0;       /* the last chunk, right before the comma, is a name */
  for (int k = 0; k < 5 && end > lo; k++) {
    size_t a = attr_chunk_start(c, end - 1, lo);
    if (k > 0 && attr_name_chunk(c, a, name_end(c, a, end - 1)))
      return (tspan_t){(uint32_t)a, (uint32_t)(comma - 1)};
    if (k == 0) named = attr_name_chunk(c, a, name_end(c, a, end - 1));
    /* "“...,” the bank's chief executive, Vera Koenig, said": a description opening with a
     * determiner right after the quotation, then the name. */
    if (k > 0 && named && a > lo && attr_quote_comma_before(c, a - 1) &&
        any_word(c, a, ATTR_DETS) && desc_chunk(c, a, end - 1))
      return (tspan_t){(uint32_t)a, (uint32_t)(comma - 1)};
    /* "Harbour Safety and Rescue Services, the agency that ...,": a capitalised name with
     * "and" or "of" in it heading the sentence. */
    if (k > 0 && a == lo && end - a <= 8 && is_cap(c, a) && is_cap(c, end - 1) &&
        cap_name(c, a, end - 1))
      return (tspan_t){(uint32_t)a, (uint32_t)(comma - 1)};
    int rel = is_word(c, a, "who") || is_word(c, a, "which") || is_word(c, a, "whose");
    if (!rel && !desc_chunk(c, a, end - 1)) return NO_SPAN;
    if (a <= lo + 1 || !is_word(c, a - 1, ",")) return NO_SPAN;
    end = a - 1;
  }
  return NO_SPAN;
}

/* Whether tokens [lo, j) end in a name with its description set off by commas ("Ann Kirk, the
 * mayor's deputy,", "Jo Sims, who ran the race,"), heading the sentence or after the
 * quotation it attributes: no word the tagger took for a finite verb outside a relative
 * clause, no adverb first ("Currently, ..."). */
int attr_name_and_description(const ctx_t *c, size_t lo, size_t j) {
  tspan_t ap = attr_appositive_subject(c, j, lo);
  /* It heads the sentence, or follows the quotation it attributes ("“...,” Jo Sims, an
   * economist, told the paper"). */
  if (empty(ap) || (ap.a != lo && !attr_quote_comma_before(c, ap.a - 1)) ||
      (c->tk[ap.a].pos && strncmp(c->tk[ap.a].pos, "RB", 2) == 0))
    return 0;
  lo = ap.a;
  for (size_t i = lo; i < j; i++) {
    if (!tagged_finite_verb(c, i)) continue;
    size_t a = attr_chunk_start(c, i, lo);
    if (!(is_word(c, a, "who") || is_word(c, a, "which") || is_word(c, a, "whose"))) return 0;
  }
  return 1;
}

/* The signature after the dash at token d ("― Carla Sanchez, a teacher"): the words up to the
 * end of the paragraph, at most 12 and no quotation, or NO_SPAN. */
tspan_t attr_dash_source(const ctx_t *c, size_t d) {
  size_t n = c->doc->n_tokens, e = d + 1;
  while (e < n && !cw_attr_para_break(c->doc, e) && e - d <= 13) {
    if (cw_attr_is_quote_mark(c->doc, e)) return NO_SPAN;
    e++;
  }
  if (e - d > 13 || e == d + 1) return NO_SPAN;
  while (e > d + 1 && terminal(c, e - 1)) e--;
  return e > d + 1 ? (tspan_t){(uint32_t)(d + 1), (uint32_t)(e - 1)} : NO_SPAN;
}


/* A long subject heading the sentence that the noun-phrase rules do not take ("Large
 * majorities of the voters in six states said", "Rep. Jo Kim (D-Md.), chair of the
 * committee, said"): tokens [start, j] when they hold no finite verb, quotation or clause
 * break, or NO_SPAN. */
static const char *const LONG_SUBJ_STOP[] = {
  "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must",
  "he", "she", "they", "we", "i", "it", "you", "if", "when", "because", "while", "as", NULL};

tspan_t attr_long_subject(const ctx_t *c, size_t lo, size_t j) {
  size_t s0 = lo;
  while (s0 < j && (attr_adverbial(c, s0) || is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
  if (s0 >= j || j - s0 > 30) return NO_SPAN;
  if (!is_cap(c, s0) && !any_word(c, s0, ATTR_DETS)) return NO_SPAN;
  for (size_t i = s0; i <= j; i++) {
    /* "Sens. Jo Kim (D-Ore.), Al Ray (D-Ohio) and ...": the period of an abbreviation closing
     * a parenthesis ends no sentence. */
    int paren_period = is_word(c, i, ".") && i + 1 <= j && is_word(c, i + 1, ")");
    if (c->quote_of[i] >= 0 || (terminal(c, i) && !paren_period) || is_word(c, i, ":") ||
        is_word(c, i, ";") ||
        is_word(c, i, "that") || is_dash(c, i) || pos_is(c, i, "VBD") || pos_is(c, i, "VBZ") ||
        pos_is(c, i, "VBP") || pos_is(c, i, "MD") || any_word(c, i, ATTR_BE_FORMS) ||
        any_word(c, i, LONG_SUBJ_STOP))
      return NO_SPAN;
  }
  return (tspan_t){(uint32_t)s0, (uint32_t)j};
}

/* Whether tag @p p starts with one of @p prefixes. */
static int tag_in(const char *p, const char *const *prefixes) {
  for (size_t k = 0; p && prefixes[k]; k++)
    if (strncmp(p, prefixes[k], strlen(prefixes[k])) == 0) return 1;
  return 0;
}

/* The source after an inverted cue ("said Smith, a spokesman."). */
tspan_t attr_inverted_source(const ctx_t *c, size_t k, size_t hi) {
  tspan_t s = attr_np_forward(c, k, hi);
  if (empty(s)) return s;
  /* "..., said the event brought back memories": a word tagged as a finite verb and followed
   * by what opens a verb's complement (not by a noun: "the sevens coach") ends the phrase; it
   * is the subject of the clause reported, not a source after its cue. */
  static const char *const OPENS[] = {"DT", "PRP", "PRP$", "RB", "RP", "IN", "TO", "MD", "VB",
                                      "JJ", "CD", NULL};
  for (size_t i = s.a + 1; i <= s.b; i++)
    if (tagged_finite_verb(c, i) && !is_cap(c, i) && i + 1 < hi &&
        tag_in(c->tk[i + 1].pos, OPENS)) {
      s.b = (uint32_t)(i - 1);
      break;
    }
  size_t e = attr_content_end(c, k, hi);
  if (s.b + 2 < e && is_word(c, s.b + 1, ",") && desc_chunk(c, s.b + 2, e - 1) &&
      !is_word(c, s.b + 2, "adding") && !is_word(c, s.b + 2, "citing") &&
      (any_word(c, s.b + 2, ATTR_DETS) || is_cap(c, s.b + 2)))
    s.b = (uint32_t)(e - 1);
  /* "said Ann Kirk, who sponsored the bill.": the relative clause describes the source. */
  size_t r = s.b + 1 + (s.b + 1 < e && is_word(c, s.b + 1, ","));
  if (r < e && r + 1 < e && (is_word(c, r, "who") || is_word(c, r, "whose")))
    s.b = (uint32_t)(e - 1);
  return s;
}

/* The source @p s with its edges mended: "'s Financial Mail" of "The Mail on Sunday's
 * Financial Mail" takes back its possessor (capitalised words and the joiners between them);
 * "week US Treasury Secretary John Snow" of "Last week US Treasury Secretary ..." and "This
 * week China" lose the time words before the name (not "this week's chart", a possessive). */
tspan_t attr_source_edges(const ctx_t *c, tspan_t s, size_t lo) {
  static const char *const TIME[] = {"week", "month", "year", "weekend", "morning", "afternoon",
                                     "evening", "night", "season", NULL};
  static const char *const WHICH[] = {"this", "last", "next", "that", NULL};
  static const char *const JOIN[] = {"of", "on", "and", "the", "for", NULL};
  if (empty(s)) return s;
  if ((is_word(c, s.a, "'s") || is_word(c, s.a, "\xE2\x80\x99s")) && s.a > lo &&
      c->quote_of[s.a - 1] < 0 && c->tk[s.a - 1].text &&
      isupper((unsigned char)c->tk[s.a - 1].text[0])) {
    size_t a = s.a - 1;
    while (a > lo && c->quote_of[a - 1] < 0 && c->tk[a - 1].text &&
           (isupper((unsigned char)c->tk[a - 1].text[0]) ||
            (any_word(c, a - 1, JOIN) && a - 1 > lo && c->tk[a - 2].text &&
             isupper((unsigned char)c->tk[a - 2].text[0]))))
      a--;
    s.a = (uint32_t)a;
    return s;
  }
  size_t t = s.a;
  if (t < s.b && any_word(c, t, WHICH) && any_word(c, t + 1, TIME)) t++;
  if (t < s.b && any_word(c, t, TIME) &&
      (t > s.a || (t > lo && (any_word(c, t - 1, WHICH) || is_word(c, t - 1, "earlier")))) &&
      !is_word(c, t + 1, "'s") && !is_word(c, t + 1, "\xE2\x80\x99s")) {
    t++;
    if (t < s.b && is_word(c, t, ",")) t++;
    if (t <= s.b && !is_punct_tok(c, t)) s.a = (uint32_t)t;
  }
  return s;
}
