/* speaker.c - facts for speaker resolution: genders of people, pronouns, ages, document nouns,
 * subject positions. */
#include "speaker.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cw_str.h"

static int in_list(const char *w, const char *const *list) {
  for (; w && *list; list++)
    if (cw_str_ieq(w, *list)) return 1;
  return 0;
}

static const char *const HON_MALE[] = {"Mr", "Mr.", "Sir", "Lord", "Mister", NULL};
static const char *const HON_FEMALE[] = {"Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Lady", "Dame",
                                         "Madam", NULL};
/* Sorted (bsearch), lower case. */
static const char *const NOUN_MALE[] = {
    "actor", "boy", "boyfriend", "brother", "businessman", "chairman", "congressman",
    "councilman", "father", "fireman", "frontman", "grandfather", "headmaster", "husband",
    "king", "man", "nephew", "policeman", "prince", "son", "spokesman", "sportsman", "uncle"};
static const char *const NOUN_FEMALE[] = {
    "actress", "aunt", "businesswoman", "chairwoman", "congresswoman", "councilwoman",
    "daughter", "girl", "girlfriend", "grandmother", "headmistress", "mother", "niece",
    "policewoman", "princess", "queen", "sister", "spokeswoman", "sportswoman", "widow", "wife",
    "woman"};

static int cmp_word(const void *key, const void *elem) {
  return strcasecmp((const char *)key, *(const char *const *)elem);
}

/* Whether @p w is in the sorted list @p list of @p n words (case-insensitive). */
static int in_sorted(const char *w, const char *const *list, size_t n) {
  return w && isalpha((unsigned char)w[0]) && bsearch(w, list, n, sizeof *list, cmp_word) != NULL;
}
#define IN_SORTED(w, list) in_sorted((w), (list), sizeof(list) / sizeof((list)[0]))

cw_gender_t cw_speaker_noun_gender(const char *w) {
  if (IN_SORTED(w, NOUN_MALE)) return CW_GENDER_MALE;
  if (IN_SORTED(w, NOUN_FEMALE)) return CW_GENDER_FEMALE;
  return CW_GENDER_UNKNOWN;
}

static cw_gender_t honorific_gender(const char *w) {
  if (!w) return CW_GENDER_UNKNOWN;
  for (const char *const *h = HON_MALE; *h; h++)
    if (cw_str_eq(w, *h)) return CW_GENDER_MALE;
  for (const char *const *h = HON_FEMALE; *h; h++)
    if (cw_str_eq(w, *h)) return CW_GENDER_FEMALE;
  return CW_GENDER_UNKNOWN;
}

/* The gender a mention's surroundings give: an honorific or gendered noun right before it
 * ("Mrs Kirk", "actress Ann Kirk"), or an apposition after it ("Kirk, the chairman,"). */
static cw_gender_t context_gender(const cw_docview_t *dv, const cw_mention_t *m) {
  const cw_token_t *tk = dv->tokens;
  size_t t0 = cw_docview_token_from(dv, m->span.start), t1 = cw_docview_token_from(dv, m->span.end);
  if (t0 >= dv->n_tokens) return CW_GENDER_UNKNOWN;
  cw_gender_t g = honorific_gender(tk[t0].text);  /* a mention may hold its title */
  if (g == CW_GENDER_UNKNOWN && t0 > 0 && tk[t0 - 1].sentence == tk[t0].sentence) {
    g = honorific_gender(tk[t0 - 1].text);
    if (g == CW_GENDER_UNKNOWN) g = cw_speaker_noun_gender(tk[t0 - 1].text);
  }
  if (g != CW_GENDER_UNKNOWN) return g;
  /* "Kirk, the party's chairwoman," / "Kirk, a spokeswoman for ...": the apposition's head. */
  if (t1 + 2 < dv->n_tokens && tk[t1].text && cw_str_eq(tk[t1].text, ",")) {
    for (size_t k = t1 + 1; k < dv->n_tokens && k <= t1 + 6; k++) {
      const char *w = tk[k].text;
      if (!w || tk[k].sentence != tk[t1].sentence || cw_str_eq(w, ",") || cw_str_eq(w, "of") ||
          cw_str_eq(w, "for") || cw_str_eq(w, "at"))
        break;
      g = cw_speaker_noun_gender(w);
      if (g != CW_GENDER_UNKNOWN) return g;
    }
  }
  return CW_GENDER_UNKNOWN;
}

/* The gender a pronoun right after a mention gives ("Kirk admitted she had ..."): the first
 * "he"/"she"/"his"/"her" in the next 8 tokens of its sentence, before another person's name or
 * a quotation mark. */
static cw_gender_t pronoun_after(const cw_docview_t *dv, const cw_mention_t *m,
                                 const uint8_t *per_start) {
  const cw_token_t *tk = dv->tokens;
  size_t t1 = cw_docview_token_from(dv, m->span.end);
  for (size_t k = t1; k < dv->n_tokens && k < t1 + 8; k++) {
    const char *w = tk[k].text;
    if (!w || tk[k].sentence != tk[t1 > 0 ? t1 - 1 : 0].sentence || per_start[k] ||
        cw_str_eq(w, "\"") || cw_str_eq(w, "\xE2\x80\x9C") || cw_str_eq(w, "\xE2\x80\x9D"))
      break;
    cw_pronoun_t p;
    if (cw_speaker_pronoun(w, &p) && p.type == CW_ENT_PER && !p.plural) return p.gender;
  }
  return CW_GENDER_UNKNOWN;
}

uint8_t *cw_speaker_genders(const gaz_t *g, const cw_docview_t *dv) {
  uint8_t *out = cw_arena_calloc(dv->arena, dv->n_entities ? dv->n_entities : 1, 1);
  uint8_t *per_start = cw_arena_calloc(dv->arena, dv->n_tokens ? dv->n_tokens : 1, 1);
  for (size_t e = 0; e < dv->n_entities; e++)
    for (size_t k = 0; dv->entities[e].type == CW_ENT_PER && k < dv->entities[e].n_mentions; k++) {
      size_t t = cw_docview_token_from(dv, dv->entities[e].mentions[k].span.start);
      if (t < dv->n_tokens) per_start[t] = 1;
    }
  /* Votes: a title or gendered noun weighs 3, the list of given names 1 (it has errors:
   * "Philippe" is on its female list), each pronoun right after a mention 1. */
  for (size_t e = 0; e < dv->n_entities; e++) {
    const cw_entity_t *en = &dv->entities[e];
    if (en->type != CW_ENT_PER) continue;
    int votes[3] = {0, 0, 0};
    /* The canonical name's first word, when there is a surname after it. */
    const char *c = en->canonical, *sp = c ? strchr(c, ' ') : NULL;
    if (g && sp && sp > c && (size_t)(sp - c) < 32) {
      char first[32];
      memcpy(first, c, (size_t)(sp - c));
      first[sp - c] = 0;
      int fg = gaz_first_name_gender(g, first);
      votes[fg == 'F' ? CW_GENDER_FEMALE : fg == 'M' ? CW_GENDER_MALE : 0] += 1;
    }
    int listed = votes[CW_GENDER_FEMALE] ? CW_GENDER_FEMALE : votes[CW_GENDER_MALE] ? CW_GENDER_MALE : 0;
    for (size_t k = 0; k < en->n_mentions; k++) {
      votes[context_gender(dv, &en->mentions[k])] += 3;
      votes[pronoun_after(dv, &en->mentions[k], per_start)] += 1;
    }
    int fm = votes[CW_GENDER_FEMALE], ma = votes[CW_GENDER_MALE];
    int gd = fm > ma ? CW_GENDER_FEMALE : ma > fm ? CW_GENDER_MALE : CW_GENDER_UNKNOWN;
    int article = gd && votes[gd] > (listed == gd);
    out[e] = (uint8_t)(gd | (article ? CW_GENDER_ARTICLE : 0));
    cw_dv_work(dv, 1 + 8 * en->n_mentions);
  }
  return out;
}

int cw_speaker_pronoun(const char *w, cw_pronoun_t *out) {
  int c0 = w ? tolower((unsigned char)w[0]) : 0;
  if (c0 != 'h' && c0 != 's' && c0 != 'i' && c0 != 't') return 0;
  static const char *const HE[] = {"he", "him", "his", "himself", NULL};
  static const char *const SHE[] = {"she", "her", "hers", "herself", NULL};
  static const char *const IT[] = {"it", "its", "itself", NULL};
  static const char *const THEY[] = {"they", "them", "their", "themselves", NULL};
  *out = (cw_pronoun_t){CW_ENT_PER, CW_GENDER_UNKNOWN, 0};
  if (in_list(w, HE)) out->gender = CW_GENDER_MALE;
  else if (in_list(w, SHE)) out->gender = CW_GENDER_FEMALE;
  else if (in_list(w, IT)) out->type = CW_ENT_ORG;
  else if (in_list(w, THEY)) out->plural = 1;
  else return 0;
  return 1;
}

int cw_speaker_age(const char *w) {
  if (!w || !isdigit((unsigned char)w[0])) return 0;
  char *end;
  long n = strtol(w, &end, 10);
  if (n <= 0 || n >= 130) return 0;
  return cw_str_ieq(end, "-year-old") ? (int)n : 0;
}

int cw_speaker_document_noun(const char *w) {
  static const char *const DOCS[] = {
      "analysis", "article", "assessment", "audit", "complaint", "data", "document", "documents",
      "estimate", "estimates", "figures", "filing", "forecast", "index", "inquiry",
      "investigation", "lawsuit", "letter", "memo", "paper", "poll", "polls", "release", "report",
      "reports", "research", "review", "ruling", "statement", "statistics", "story", "studies",
      "study", "survey", "surveys", "verdict"};
  return IN_SORTED(w, DOCS);
}

int cw_speaker_oblique_at(const cw_docview_t *dv, size_t t) {
  static const char *const PREPS[] = {"to", "from", "by", "with", "of", "for", "at", "in", "on",
                                      "against", "than", "about", "over", "after", "before",
                                      "under", "like", "behind", "beside", "towards", NULL};
  static const char *const SKIP[] = {"the", "a", "an", "his", "her", "their", "its", NULL};
  const cw_token_t *tk = dv->tokens;
  if (t >= dv->n_tokens) return 0;
  /* Back over the name's title and determiner ("from team-mate Jo Reid", "to the coach Lund"). */
  for (size_t k = t, n = 0; k-- > 0 && n < 4; n++) {
    const char *w = tk[k].text;
    if (!w || tk[k].sentence != tk[t].sentence) return 0;
    const char *p = tk[k].pos;
    if (p ? (cw_str_eq(p, "IN") || cw_str_eq(p, "TO")) : in_list(w, PREPS)) return 1;
    if (!(in_list(w, SKIP) || (p && (strncmp(p, "NN", 2) == 0 || strncmp(p, "JJ", 2) == 0)) ||
          isupper((unsigned char)w[0])))
      return 0;
  }
  return 0;
}
