/* attr_speaker.c - speaker resolution: names in the source span, then pronouns and
 * descriptions against the preceding mentions. */
#include "attr_speaker.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include "attr_quote.h"
#include "speaker.h"
#include "cw_str.h"

static int cmp_mention(const void *a, const void *b) {
  const cw_attr_mention_t *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  return x->entity < y->entity ? -1 : x->entity > y->entity;
}

void cw_attr_mentions_build(const cw_docview_t *doc, cw_attr_mentions_t *out) {
  size_t n = 0;
  for (size_t e = 0; e < doc->n_entities; e++) n += doc->entities[e].n_mentions;
  out->m = cw_arena_alloc(doc->arena, (n ? n : 1) * sizeof *out->m);
  out->n = 0;
  for (size_t e = 0; e < doc->n_entities; e++) {
    const cw_entity_t *en = &doc->entities[e];
    for (size_t k = 0; k < en->n_mentions; k++) {
      out->m[out->n++] = (cw_attr_mention_t){en->mentions[k].span.start, en->mentions[k].span.end,
                                              (int32_t)e, en->mentions[k].sentence};
    }
  }
  qsort(out->m, out->n, sizeof *out->m, cmp_mention);
}

/* First mention index whose start is >= cp (binary search). */
static size_t lower_bound(const cw_attr_mentions_t *ms, uint32_t cp) {
  size_t lo = 0, hi = ms->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ms->m[mid].start < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Speaker preference by entity type: people first, then organizations, places, other names. */
static int type_rank(cw_entity_type_t t) {
  switch (t) {
    case CW_ENT_PER: return 0;
    case CW_ENT_ORG: return 1;
    case CW_ENT_LOC: return 2;
    case CW_ENT_MISC: return 3;
    default: return 99;
  }
}

static int is_possessive(const char *s) {
  return s && (cw_str_eq(s, "'s") || cw_str_eq(s, "\xE2\x80\x99s") || cw_str_eq(s, "'") ||
               cw_str_eq(s, "\xE2\x80\x99"));
}

/* The first token starting at or after code point cp, or SIZE_MAX. */
static size_t token_at(const cw_docview_t *doc, uint32_t cp) {
  size_t t = cw_docview_token_from(doc, cp);
  return t < doc->n_tokens ? t : SIZE_MAX;
}

/* Whether mention @p m is masked for pronoun antecedents: it lies inside the claim's own
 * content or the previous claim's, or inside quotation marks (a name a speaker says is not
 * the speaker). */
static int masked(const cw_docview_t *doc, const cw_attr_speaker_ctx_t *sc,
                  const cw_attr_mention_t *m) {
  if (!sc) return 0;
  for (int k = 0; k < 2; k++)
    if (sc->mask_start[k] < sc->mask_end[k] && m->start >= sc->mask_start[k] &&
        m->end <= sc->mask_end[k])
      return 1;
  if (sc->quote_of) {
    size_t t = token_at(doc, m->start);
    if (t != SIZE_MAX && sc->quote_of[t] >= 0) return 1;
  }
  return 0;
}

static cw_gender_t gender_of(const cw_docview_t *doc, int32_t e) {
  return doc->entity_gender && e >= 0 ? (cw_gender_t)(doc->entity_gender[e] & CW_GENDER_MASK)
                                      : CW_GENDER_UNKNOWN;
}

static int gender_fits(const cw_docview_t *doc, int32_t e, cw_gender_t want) {
  cw_gender_t g = gender_of(doc, e);
  return want == CW_GENDER_UNKNOWN || g == CW_GENDER_UNKNOWN || g == want;
}

/* Whether the gender of entity @p e fits @p want or comes from the given-name list alone (which
 * has errors): good enough for the one candidate there is. */
static int gender_may_fit(const cw_docview_t *doc, int32_t e, cw_gender_t want) {
  return gender_fits(doc, e, want) || !(doc->entity_gender[e] & CW_GENDER_ARTICLE);
}

/* Nearest mention of type @p t ending before @p cp, at most @p max_sent sentences back; when
 * @p head is set, only entities whose canonical name contains it; masked mentions skipped. */
/* Whether the name @p canonical holds the noun @p head in either spelling: "the centre" for
 * the "... Information Center", "the organisation" for an "Organization". */
static int name_has_head(const char *canonical, const char *head) {
  static const char *const VARIANTS[][2] = {{"centre", "center"},
                                            {"organisation", "organization"},
                                            {"programme", "program"},
                                            {"defence", "defense"},
                                            {"labour", "labor"}};
  if (strcasestr(canonical, head)) return 1;
  for (size_t k = 0; k < sizeof VARIANTS / sizeof VARIANTS[0]; k++)
    for (int v = 0; v < 2; v++)
      if (cw_str_ieq(head, VARIANTS[k][v]) && strcasestr(canonical, VARIANTS[k][1 - v])) return 1;
  return 0;
}

static int32_t nearest_before(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t cp,
                              uint32_t sentence, uint32_t max_sent, cw_entity_type_t t,
                              const char *head, const cw_attr_speaker_ctx_t *sc) {
  size_t i = lower_bound(ms, cp);
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp) continue;
    if (sentence > m->sentence && sentence - m->sentence > max_sent) break;
    const cw_entity_t *en = &doc->entities[m->entity];
    if (en->type != t) continue;
    if (head && (!en->canonical || !name_has_head(en->canonical, head))) continue;
    if (masked(doc, sc, m)) continue;
    return m->entity;
  }
  return -1;
}

/* The previous claim's speaker for a pronoun of type @p t, when it is of that type, was
 * named at most CHAIN_SENT sentences back and no other entity of the type is mentioned
 * (outside quotations and claim contents) after that claim's source up to @p cp: a run of "he
 * said" after a named speaker stays with that speaker. The object right after that claim's
 * cue ("X accused Y of ...") is the one addressed, not a new speaker. */
#define CHAIN_SENT 12
static int32_t chained(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t cp,
                       uint32_t sentence, cw_entity_type_t t, cw_gender_t g,
                       const cw_attr_speaker_ctx_t *sc) {
  if (!sc || sc->prev_speaker < 0 || (size_t)sc->prev_speaker >= doc->n_entities) return -1;
  if (doc->entities[sc->prev_speaker].type != t || sc->prev_source_end > cp) return -1;
  if (sentence < sc->prev_sentence || sentence - sc->prev_sentence > CHAIN_SENT) return -1;
  if (!gender_fits(doc, sc->prev_speaker, g)) return -1;
  size_t obj = sc->prev_cue_end ? token_at(doc, sc->prev_cue_end) : SIZE_MAX;
  for (size_t i = lower_bound(ms, sc->prev_source_end); i < ms->n && ms->m[i].start < cp; i++) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp || m->entity == sc->prev_speaker) continue;
    if (doc->entities[m->entity].type != t || masked(doc, sc, m)) continue;
    size_t at = token_at(doc, m->start);
    if (obj != SIZE_MAX && at == obj) continue;
    /* Someone the pronoun cannot be ("she" after a man), or named as an object ("a pass from
     * Lund"), does not take the pronoun from the speaker. */
    if (!gender_fits(doc, m->entity, g)) continue;
    if (at != SIZE_MAX && cw_speaker_oblique_at(doc, at)) continue;
    return -1;
  }
  return sc->prev_speaker;
}

/* The only entity of type @p t mentioned (outside quotations and claim contents) in the
 * @p max_sent sentences before code point @p cp, or -1 when none or several. */
static int32_t sole_before(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t cp,
                           uint32_t sentence, uint32_t max_sent, cw_entity_type_t t,
                           const cw_attr_speaker_ctx_t *sc) {
  int32_t one = -1;
  size_t i = lower_bound(ms, cp);
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp) continue;
    if (sentence > m->sentence && sentence - m->sentence > max_sent) break;
    if (doc->entities[m->entity].type != t || masked(doc, sc, m)) continue;
    if (one >= 0 && one != m->entity) return -1;
    one = m->entity;
  }
  return one;
}

static int in_list(const char *w, const char *const *list) {
  for (; *list; list++)
    if (cw_str_ieq(w, *list)) return 1;
  return 0;
}

static const char *const PRON_PER[] = {"he", "she", "him", "her", "his", "hers", NULL};
static const char *const PRON_ORG[] = {"it", "its", NULL};
/* Words after a name that do not make it a modifier ("X and Y", "X of the union"). */
static const char *const JOINERS[] = {"and", "or", "of", "for", "from", "at", "in", "on", "with",
                                      "who", "whose", "to", "by", "as", "nor", "but", NULL};
static const char *const LOC_PREPS[] = {"at", "in", "on", "from", "near", NULL};
static const char *const DEFINITE[] = {"the", "this", "that", NULL};
/* Heads of descriptions that name an organization ("the company", "the lab"). */
static const char *const ORG_HEADS[] = {
    "company", "firm", "group", "ministry", "agency", "organization", "organisation",
    "government", "embassy", "department", "lab", "laboratory", "campaign", "committee",
    "party", "council", "administration", "newspaper", "paper", "network", "bank",
    "university", "institute", "court", "union", "commission", "bureau", "office", "team",
    "corporation", "association", "foundation", "center", "centre", "board", "outlet",
    "publication", "magazine", "channel", "station", "club", "startup", "maker", "producer",
    "manufacturer", "retailer", "airline", "automaker", "insurer", "regulator", "watchdog",
    "giant", "seller", "chain", "lender", "carrier", "operator", "developer", "publisher",
    "supplier", "provider", "broadcaster", "conglomerate", "business", NULL};
/* Heads of singular descriptions of one person ("the senator", "the advisor"). */
static const char *const PER_HEADS[] = {
    "senator", "president", "candidate", "nominee", "spokesman", "spokeswoman", "spokesperson",
    "advisor", "adviser", "minister", "governor", "mayor", "congressman", "congresswoman",
    "lawmaker", "chairman", "chairwoman", "chief", "director", "founder", "businessman",
    "businesswoman", "billionaire", "actor", "actress", "singer", "author", "expert",
    "official", "diplomat", "ambassador", "secretary", "leader", "democrat", "republican",
    "politician", "professor", "researcher", "scientist", "analyst", "economist", "attorney",
    "lawyer", "judge", "ceo", "executive", "host", "anchor", "reporter", "journalist",
    "columnist", "strategist", "pollster", "aide", "manager", "representative", "member",
    "architect", "speaker", "commentator", "historian", "mogul", "star", "mother", "father",
    "wife", "husband", "woman", "man", NULL};

/* Heads any company or club goes by, whatever its own name says. */
static const char *const ORG_HEADS_ANY[] = {
    "company", "firm", "group", "corporation", "startup", "maker", "producer", "manufacturer",
    "retailer", "airline", "automaker", "insurer", "carrier", "operator", "developer",
    "publisher", "club", "team", "business", "chain", "giant", "lender", "seller", "supplier",
    "provider", "conglomerate", NULL};
/* Heads of a newspaper or broadcaster, and words of their names. */
static const char *const MEDIA_HEADS[] = {"paper", "newspaper", "magazine", "broadcaster",
                                          "channel", "station", "tabloid", "daily", "weekly",
                                          "website", "publication", "outlet", NULL};
static const char *const MEDIA_WORDS[] = {
    "Times", "Post", "News", "Gazette", "Herald", "Journal", "Telegraph", "Guardian", "Mail",
    "Express", "Courier", "Tribune", "Chronicle", "Observer", "Independent", "Mirror", "Sun",
    "Star", "Standard", "Record", "Press", "Radio", "TV", "Television", "Magazine", "BBC",
    "CNN", "Reuters", "Bloomberg", "Economist", "Review", "Daily", "Weekly", "Today", NULL};
/* More heads of one person, read only in context (the scorer's features keep the list above). */
static const char *const PER_HEADS_MORE[] = {
    "officer", "presenter", "coach", "player", "striker", "defender", "midfielder",
    "goalkeeper", "captain", "winger", "boss", "skipper", "veteran", "champion", "frontbencher",
    "frontbenchers", "commissioner", "chancellor", "premier", "prop", "forward", "batsman",
    "bowler", "driver", "rider", "athlete", "sprinter", "runner", "chef", "designer", "artist",
    "musician", "filmmaker", "novelist", "writer", "poet", "doctor", "surgeon", "teacher",
    "detective", "inspector", "prosecutor", "owner", "investor", "trader", "banker",
    "entrepreneur", "rapper", "comedian", "pianist", NULL};
/* Determiners before a source's head. */
static const char *const ATTR_SPK_DETS[] = {"the", "a", "an", "this", "that", "its", "their",
                                            "his", "her", NULL};

static int person_head(const char *w) {
  return in_list(w, PER_HEADS) || in_list(w, PER_HEADS_MORE) || cw_speaker_age(w) > 0 ||
         cw_speaker_noun_gender(w) != CW_GENDER_UNKNOWN;
}

static int is_head_end(const char *s) {
  return s && (cw_str_eq(s, ",") || cw_str_eq(s, "and") || cw_str_eq(s, "(") ||
               cw_str_eq(s, "\xE2\x80\x94"));
}

/* Whether token text @p t ends an apposition's head ("X, the coach, said", "X, the head of"). */
static int appos_end(const char *t) {
  return !t || cw_str_eq(t, ",") || cw_str_eq(t, ".") || cw_str_eq(t, ";") ||
         cw_str_eq(t, ":") || cw_str_eq(t, ")") || cw_str_eq(t, "of") ||
         cw_str_eq(t, "\xE2\x80\x94") || cw_str_eq(t, "\xE2\x80\x93");
}

/* The person or organization the article itself described with the noun @p head before code
 * point @p cp: a title or role right before the name ("the MEP Ann Kirk", "prop Ann Kirk") or
 * an apposition right after it ("Ann Kirk, the party's leader,"). The nearest one wins; -1
 * when the article gave no such description. */
#define DESC_SENT 30
static int32_t described(const cw_docview_t *doc, const cw_attr_mentions_t *ms, const char *head,
                         uint32_t cp, uint32_t sentence) {
  static const char *const APPOS_DETS[] = {"the", "a", "an", "its", "his", "her", "their", NULL};
  const cw_token_t *tk = doc->tokens;
  size_t n = doc->n_tokens;
  size_t i = lower_bound(ms, cp);
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp) continue;
    if (sentence > m->sentence && sentence - m->sentence > DESC_SENT) break;
    cw_entity_type_t ty = doc->entities[m->entity].type;
    if (ty != CW_ENT_PER && ty != CW_ENT_ORG) continue;
    size_t first = token_at(doc, m->start);
    if (first == SIZE_MAX) continue;
    if (first > 0 && tk[first - 1].sentence == tk[first].sentence && tk[first - 1].text &&
        cw_str_ieq(tk[first - 1].text, head))
      return m->entity;
    size_t after = token_at(doc, m->end);
    if (after == SIZE_MAX || after + 2 >= n || !tk[after].text || !cw_str_eq(tk[after].text, ",") ||
        !tk[after + 1].text || !in_list(tk[after + 1].text, APPOS_DETS))
      continue;
    for (size_t k = after + 2; k < n && k <= after + 7; k++) {
      const char *t = tk[k].text;
      if (!t || tk[k].sentence != tk[after].sentence) break;
      if (cw_str_ieq(t, head) &&
          appos_end(k + 1 < n && tk[k + 1].sentence == tk[k].sentence ? tk[k + 1].text : NULL))
        return m->entity;
      if (!isalnum((unsigned char)t[0]) && !cw_str_eq(t, "'s") && !cw_str_eq(t, "-")) break;
    }
  }
  return -1;
}

int32_t cw_attr_resolve_speaker(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                                size_t b) {
  return cw_attr_resolve_speaker_in(doc, ms, a, b, NULL, NULL);
}

/* ------------------------------------------------------------------ facts in context */

/* Words after a name inside a source span that leave the name its head: times and adverbs
 * ("Airbus this week", "Technorati now"). */
static const char *const TIME_WORDS[] = {
    "now", "today", "yesterday", "tonight", "this", "last", "next", "week", "month", "year",
    "earlier", "later", "recently", "also", "again", "still", "already", "itself", "alone",
    "too", "previously", "meanwhile", "then", "morning", "afternoon", "evening", "on", "in",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};

/* Whether tokens [k, b] after a name leave it the head of the span: times and adverbs only, or
 * a determiner right after the name (the span ran on into what follows it). */
static int name_stays_head(const cw_token_t *tk, size_t k, size_t b) {
  if (k > b) return 1;
  if (tk[k].text && (cw_str_ieq(tk[k].text, "the") || cw_str_ieq(tk[k].text, "a") ||
                     cw_str_ieq(tk[k].text, "an")))
    return 1;
  for (; k <= b; k++)
    if (!tk[k].text || !(in_list(tk[k].text, TIME_WORDS) || isdigit((unsigned char)tk[k].text[0])))
      return 0;
  return 1;
}

/* The entity of the first person or organization named after "by" or "from" within [k, b]
 * ("a study by the Acme Institute", "figures from Acme"), or -1. */
static int32_t named_after_by(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t k,
                              size_t b) {
  const cw_token_t *tk = doc->tokens;
  for (; k < b; k++) {
    if (!tk[k].text || (!cw_str_ieq(tk[k].text, "by") && !cw_str_ieq(tk[k].text, "from")))
      continue;
    size_t n = k + 1 + (k + 1 < b && tk[k + 1].text && cw_str_ieq(tk[k + 1].text, "the"));
    for (size_t i = lower_bound(ms, tk[n].span.start);
         i < ms->n && ms->m[i].start == tk[n].span.start; i++) {
      cw_entity_type_t t = doc->entities[ms->m[i].entity].type;
      if (t == CW_ENT_PER || t == CW_ENT_ORG) return ms->m[i].entity;
    }
  }
  return -1;
}

/* The author of the document the article last mentioned before token @p a, at most DESC_SENT
 * sentences back: "the Acme report", "a study by Acme", "statistics from Acme". -1 when none. */
static int32_t document_author(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                               const cw_attr_speaker_ctx_t *sc) {
  const cw_token_t *tk = doc->tokens;
  uint32_t sent = tk[a].sentence;
  for (size_t d = a; d-- > 0;) {
    if (sent - tk[d].sentence > DESC_SENT) break;
    if (!cw_speaker_document_noun(tk[d].text) || (sc->quote_of && sc->quote_of[d] >= 0)) continue;
    /* A name right before the noun, perhaps with a modifier between ("the Acme mobile report"). */
    for (size_t back = 1; back <= 2 && back <= d; back++) {
      uint32_t end = tk[d - back].span.end;
      for (size_t i = lower_bound(ms, tk[d - back].span.start > 64 ? tk[d - back].span.start - 64
                                                                   : 0);
           i < ms->n && ms->m[i].start < end; i++) {
        cw_entity_type_t t = doc->entities[ms->m[i].entity].type;
        if (ms->m[i].end == end && (t == CW_ENT_ORG || t == CW_ENT_PER)) return ms->m[i].entity;
      }
    }
    size_t hi = d + 4 < doc->n_tokens ? d + 4 : doc->n_tokens - 1;
    int32_t r = named_after_by(doc, ms, d + 1, hi);
    if (r >= 0) return r;
  }
  return -1;
}

/* The entity of type @p t the recent sentences are about: of those named other than after a
 * preposition (outside quotations and claim contents) in the @p back sentences before @p cp,
 * the one the article has named most often so far. Gender must fit @p g. -1 when none or on a tie. */
static int32_t salient_before(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t cp,
                              uint32_t sentence, uint32_t back, cw_entity_type_t t, cw_gender_t g,
                              const cw_attr_speaker_ctx_t *sc) {
  int32_t best = -1;
  size_t best_n = 0;
  int tie = 0;
  size_t i = lower_bound(ms, cp), end = i;
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp) continue;
    if (sentence > m->sentence && sentence - m->sentence > back) break;
    if (doc->entities[m->entity].type != t || m->entity == best || masked(doc, sc, m) ||
        !gender_fits(doc, m->entity, g))
      continue;
    size_t at = token_at(doc, m->start);
    if (at == SIZE_MAX || cw_speaker_oblique_at(doc, at)) continue;
    size_t n = 0;
    for (size_t k = 0; k < end; k++) n += ms->m[k].entity == m->entity;
    if (n > best_n) best = m->entity, best_n = n, tie = 0;
    else if (n == best_n) tie = 1;
  }
  cw_dv_work(doc, 4 * (end + 1));
  return tie ? -1 : best;
}

/* The newspaper or broadcaster named last before @p cp, at most 5 sentences back: an
 * organization with a word of a paper's or broadcaster's name ("the Harbour Gazette"). */
static int32_t media_before(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t cp,
                            uint32_t sentence) {
  size_t i = lower_bound(ms, cp);
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (sentence > m->sentence && sentence - m->sentence > 5) break;
    const cw_entity_t *en = &doc->entities[m->entity];
    if (m->end > cp || en->type != CW_ENT_ORG || !en->canonical) continue;
    for (const char *const *w = MEDIA_WORDS; *w; w++) {
      const char *at = strstr(en->canonical, *w);
      size_t l = strlen(*w);
      if (at && (at == en->canonical || at[-1] == ' ') && (at[l] == 0 || at[l] == ' '))
        return m->entity;
    }
  }
  return -1;
}

/* Whether the article used the noun @p head before token @p a for someone it did not name
 * there ("a police officer", "the prime minister's spokesman ... the spokesman"): then "the
 * HEAD" is that unnamed person, not whoever was named near it. A title right before a name
 * ("spokesman Ed Lund") names its person. */
static int introduced_unnamed(const cw_docview_t *doc, const cw_attr_mentions_t *ms,
                              const char *head, size_t a) {
  const cw_token_t *tk = doc->tokens;
  for (size_t k = a; k-- > 0;) {
    if (tk[a].sentence - tk[k].sentence > DESC_SENT) break;
    if (!tk[k].text || !cw_str_ieq(tk[k].text, head) || k + 1 >= doc->n_tokens) continue;
    size_t i = lower_bound(ms, tk[k + 1].span.start);
    int titled = i < ms->n && ms->m[i].start == tk[k + 1].span.start &&
                 doc->entities[ms->m[i].entity].type == CW_ENT_PER;
    if (!titled) return 1;
  }
  return 0;
}

/* The person the next sentence names at its start, for a description that comes before its
 * name ("a senior officer has said ... Sir Ann Kirk said"): only when nobody was named in the
 * paragraph before the description. -1 otherwise. */
static int32_t named_next(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                          size_t b, cw_gender_t g, const cw_attr_speaker_ctx_t *sc) {
  const cw_token_t *tk = doc->tokens;
  size_t p = a;
  while (p > 0 && !cw_attr_para_break(doc, p)) p--;
  for (size_t i = lower_bound(ms, tk[p].span.start); i < ms->n && ms->m[i].start < tk[a].span.start;
       i++)
    if (doc->entities[ms->m[i].entity].type == CW_ENT_PER && !masked(doc, sc, &ms->m[i])) return -1;
  uint32_t next = tk[b].sentence + 1;
  size_t k = b + 1;
  while (k < doc->n_tokens && tk[k].sentence < next) k++;
  if (k >= doc->n_tokens || tk[k].sentence != next) return -1;
  for (size_t i = lower_bound(ms, tk[k].span.start); i < ms->n && ms->m[i].sentence == next; i++) {
    const cw_attr_mention_t *m = &ms->m[i];
    size_t t = token_at(doc, m->start);
    if (t == SIZE_MAX || t > k + 8) break;
    if (doc->entities[m->entity].type != CW_ENT_PER || masked(doc, sc, m)) continue;
    if (cw_speaker_oblique_at(doc, t) || !gender_fits(doc, m->entity, g)) return -1;
    return m->entity;
  }
  return -1;
}

/* An entity whose mention the tagger missed here: the span (without a leading "the") is
 * written exactly as a person's or organization's mention elsewhere ("Macrovision says"). */
static int32_t same_text_as_mention(const cw_docview_t *doc, const cw_attr_mentions_t *ms,
                                    size_t a, size_t b) {
  const cw_token_t *tk = doc->tokens;
  if (a < b && tk[a].text && cw_str_ieq(tk[a].text, "the")) a++;
  if (!tk[a].text || !isupper((unsigned char)tk[a].text[0])) return -1;
  uint32_t s = tk[a].span.start, e = tk[b].span.end;
  size_t bs = doc->cp_byte[s], bl = doc->cp_byte[e] - bs;
  cw_dv_work(doc, ms->n);
  for (size_t i = 0; i < ms->n; i++) {
    const cw_attr_mention_t *m = &ms->m[i];
    cw_entity_type_t t = doc->entities[m->entity].type;
    if (t != CW_ENT_PER && t != CW_ENT_ORG) continue;
    size_t ms0 = doc->cp_byte[m->start], ml = doc->cp_byte[m->end] - ms0;
    if (ml == bl && memcmp(doc->body + ms0, doc->body + bs, bl) == 0) return m->entity;
  }
  return -1;
}

/* A person or organization mention that the span cuts ("the Acme Research" of "Acme Research
 * and Development Center", "Borders group" of "Reporters Without Borders"): it covers the
 * span's last token, or ends right before a last token that heads organizations. -1 when none. */
static int32_t cut_mention(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                           size_t b) {
  const cw_token_t *tk = doc->tokens;
  uint32_t s = tk[a].span.start, e = tk[b].span.end;
  size_t i = lower_bound(ms, s > 256 ? s - 256 : 0);
  for (; i < ms->n && ms->m[i].start < e; i++) {
    const cw_attr_mention_t *m = &ms->m[i];
    cw_entity_type_t t = doc->entities[m->entity].type;
    if ((t != CW_ENT_PER && t != CW_ENT_ORG) || m->end <= s) continue;
    if (m->start <= tk[b].span.start && m->end >= e) return m->entity;
    if (t == CW_ENT_ORG && b > a && m->end == tk[b - 1].span.end && in_list(tk[b].text, ORG_HEADS))
      return m->entity;
  }
  return -1;
}

/* ------------------------------------------------------------------ resolution */

/* 1. A name inside the span [a, b]; a possessor ("Xiao's lab") is not the speaker. */
static int32_t by_name(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a, size_t b,
                       const cw_attr_speaker_ctx_t *sc) {
  const cw_token_t *tk = doc->tokens;
  uint32_t s = tk[a].span.start, e = tk[b].span.end;
  /* "A study of the floods by the Acme Institute": the document speaks for its author. */
  if (sc) {
    size_t h = a + (a < b && in_list(tk[a].text, ATTR_SPK_DETS));
    if (cw_speaker_document_noun(tk[h].text) || (h < b && cw_speaker_document_noun(tk[h + 1].text))) {
      int32_t r = named_after_by(doc, ms, h, b);
      if (r >= 0) return r;
    }
  }
  int32_t best = -1, premod = -1;
  int best_rank = 99;
  for (size_t i = lower_bound(ms, s); i < ms->n && ms->m[i].start < e; i++) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > e) continue;
    int r = type_rank(doc->entities[m->entity].type);
    if (r >= best_rank) continue;
    size_t after = token_at(doc, m->end);
    if (after != SIZE_MAX && after <= b && is_possessive(tk[after].text)) continue;
    /* Other than a person, only the head of the phrase speaks: "a Chinese political advisor"
     * is not China, "the Foreign Ministry" is the ministry. In context, a name followed by
     * times only ("Acme this week"), by a document noun ("the Acme report") or by a
     * determiner the span ran on into is still the head. */
    if (r > 0 && after != SIZE_MAX && after <= b && !is_head_end(tk[after].text) &&
        !(sc && r == 1 && (name_stays_head(tk, after, b) || cw_speaker_document_noun(tk[after].text))))
      continue;
    /* "the woman from Leeds", "a resident of Palu": a place after a preposition only says
     * where the speaker is ("the government of Nigeria" is Nigeria's). */
    if (doc->entities[m->entity].type == CW_ENT_LOC && sc) {
      size_t at = token_at(doc, m->start);
      if (at != SIZE_MAX && at > a && tk[at - 1].text &&
          (in_list(tk[at - 1].text, LOC_PREPS) ||
           (cw_str_eq(tk[at - 1].text, "of") && at > a + 1 && tk[at - 2].text &&
            !in_list(tk[at - 2].text, ORG_HEADS)) ||
           (at > a + 1 && cw_str_ieq(tk[at - 1].text, "the") && tk[at - 2].text &&
            in_list(tk[at - 2].text, LOC_PREPS))))
        continue;
    }
    /* "Acme chairwoman, Ann Kirk,": a name before a common noun modifies it; the person named
     * after it is the speaker. */
    if (r == 0 && sc && after != SIZE_MAX && after < b && tk[after].text &&
        islower((unsigned char)tk[after].text[0]) && !in_list(tk[after].text, JOINERS)) {
      if (premod < 0) premod = m->entity;
      continue;
    }
    best = m->entity;
    best_rank = r;
  }
  if (best < 0 || (premod >= 0 && best_rank > 0)) best = premod >= 0 ? premod : best;
  /* "media chief Ann Kirk, Bo Lund": the person named last, after the comma, is the head. */
  if (sc && best >= 0 && best_rank == 0) {
    for (size_t i = lower_bound(ms, s); i < ms->n && ms->m[i].start < e; i++) {
      const cw_attr_mention_t *m = &ms->m[i];
      size_t at = token_at(doc, m->start);
      if (m->entity != best && m->end == e && doc->entities[m->entity].type == CW_ENT_PER &&
          at != SIZE_MAX && at > a && tk[at - 1].text && cw_str_eq(tk[at - 1].text, ","))
        return m->entity;
    }
  }
  if (best >= 0 || !sc) return best;
  best = cut_mention(doc, ms, a, b);
  return best >= 0 ? best : same_text_as_mention(doc, ms, a, b);
}

/* 2. A pronoun: the previous claim's speaker when nobody else came up since, else the nearest
 * preceding entity that fits, one not named in passing after a preposition first. */
static int32_t by_pronoun(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                          const cw_attr_speaker_ctx_t *sc, int *is_pronoun) {
  const cw_token_t *tk = doc->tokens;
  uint32_t s = tk[a].span.start, sent = tk[a].sentence;
  cw_pronoun_t pr;
  *is_pronoun = 0;
  if (!sc) {
    cw_entity_type_t t;
    uint32_t back;
    if (in_list(tk[a].text, PRON_PER)) t = CW_ENT_PER, back = 6;
    else if (in_list(tk[a].text, PRON_ORG)) t = CW_ENT_ORG, back = 3;
    else return -1;
    *is_pronoun = 1;
    return nearest_before(doc, ms, s, sent, back, t, NULL, NULL);
  }
  if (!cw_speaker_pronoun(tk[a].text, &pr) || (!in_list(tk[a].text, PRON_PER) &&
                                               !in_list(tk[a].text, PRON_ORG) && !pr.plural))
    return -1;
  *is_pronoun = 1;
  if (pr.plural) return -1;  /* "they": a group, not one of its members */
  uint32_t back = pr.type == CW_ENT_PER ? 6 : 3;
  int32_t r = chained(doc, ms, s, sent, pr.type, pr.gender, sc);
  if (r >= 0) return r;
  /* The nearest that fits; one of the same or the previous sentence not after a preposition
   * before it ("Hale scored after a pass from Reid. He said"). */
  int32_t near = -1, loose = -1;
  uint32_t near_sent = 0;
  size_t i = lower_bound(ms, s);
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > s) continue;
    if (sent > m->sentence && sent - m->sentence > back) break;
    if (near >= 0 && near_sent > m->sentence + 1) break;
    if (doc->entities[m->entity].type != pr.type || masked(doc, sc, m)) continue;
    if (!gender_fits(doc, m->entity, pr.gender)) {
      /* Only the list of given names says otherwise: the fallback when nobody else fits. */
      if (loose < 0 && gender_may_fit(doc, m->entity, pr.gender)) loose = m->entity;
      continue;
    }
    if (near < 0) near = m->entity, near_sent = m->sentence;
    size_t t = token_at(doc, m->start);
    if (t != SIZE_MAX && !cw_speaker_oblique_at(doc, t)) return m->entity;
  }
  return near >= 0 ? near : loose;
}

/* Whether a possessor stands inside the description [a, b] ("the minister's spokesman", "the
 * sport's top official"): the one described is someone else than the people named near it,
 * and the article seldom names them. */
static int owned_by_other(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                          size_t b) {
  const cw_token_t *tk = doc->tokens;
  for (size_t k = a + 1; k < b; k++) {
    if (!is_possessive(tk[k].text)) continue;
    /* "London's most senior officer": a place says where, it owns no one. */
    int place = 0;
    for (size_t i = lower_bound(ms, tk[a].span.start); i < ms->n && ms->m[i].start < tk[k].span.start;
         i++)
      place |= ms->m[i].end == tk[k - 1].span.end && doc->entities[ms->m[i].entity].type == CW_ENT_LOC;
    if (!place) return 1;
  }
  return 0;
}

/* 3. A description: its head noun decides what it names. */
static int32_t by_description(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                              size_t b, const cw_attr_speaker_ctx_t *sc) {
  const cw_token_t *tk = doc->tokens;
  uint32_t s = tk[a].span.start, sent = tk[a].sentence;
  const char *head = tk[b].text;
  size_t first = a;
  if (!head || !tk[first].text) return -1;
  int definite = in_list(tk[first].text, DEFINITE);
  int possessed = first < b && is_possessive(tk[first + 1].text);
  if (sc && !definite && !possessed) {
    /* "a senior officer said", "one of its members said": named in the next sentence. */
    int one_of = first + 1 < b && cw_str_ieq(tk[first].text, "one") && tk[first + 1].text &&
                 cw_str_ieq(tk[first + 1].text, "of");
    if ((person_head(head) || one_of) && !owned_by_other(doc, ms, a, b))
      return named_next(doc, ms, a, b, cw_speaker_noun_gender(head), sc);
    return -1;
  }
  if (!definite && !possessed) return -1;
  /* "the country's government": the country the recent sentences are about. */
  if (sc && definite && first + 2 < b && tk[first + 1].text && is_possessive(tk[first + 2].text) &&
      (cw_str_ieq(tk[first + 1].text, "country") || cw_str_ieq(tk[first + 1].text, "nation")))
    return salient_before(doc, ms, s, sent, 5, CW_ENT_LOC, CW_GENDER_UNKNOWN, sc);
  if (sc && cw_speaker_document_noun(head) && !in_list(head, ORG_HEADS))
    return definite ? document_author(doc, ms, a, sc) : -1;
  if (in_list(head, ORG_HEADS)) {
    int32_t r = nearest_before(doc, ms, s, sent, 20, CW_ENT_ORG, head, NULL);
    if (r < 0 && sc && definite) r = described(doc, ms, head, s, sent);
    /* "The company said": the organization the last sentences are about, for the heads any
     * business or club goes by (not "the ministry", "the government"). */
    if (r < 0 && sc && definite && !possessed && in_list(head, ORG_HEADS_ANY))
      r = salient_before(doc, ms, s, sent, 3, CW_ENT_ORG, CW_GENDER_UNKNOWN, sc);
    /* "The paper said": the newspaper or broadcaster named last. */
    if (r < 0 && sc && definite && !possessed && in_list(head, MEDIA_HEADS))
      r = media_before(doc, ms, s, sent);
    /* Without the article's own description, any organization nearby is a guess. */
    if (r < 0 && !sc) r = nearest_before(doc, ms, s, sent, 2, CW_ENT_ORG, NULL, NULL);
    return r;
  }
  if (!definite && !sc) return -1;
  if (sc) {
    int32_t r = described(doc, ms, head, s, sent);
    if (r >= 0) return r;
    cw_gender_t g = cw_speaker_noun_gender(head);
    int person = person_head(head);
    /* "The 32-year-old", "the presenter": the person the last sentences are about, unless the
     * article brought in an unnamed one with that noun ("a police officer ... the officer"). */
    if (owned_by_other(doc, ms, a, b)) return -1;
    if (person && definite && !introduced_unnamed(doc, ms, head, a))
      r = salient_before(doc, ms, s, sent, 3, CW_ENT_PER, g, sc);
    if (r < 0 && person) r = named_next(doc, ms, a, b, g, sc);
    /* "The senator said": the person just mentioned, when nobody else was. */
    if (r < 0 && definite && in_list(head, PER_HEADS))
      r = sole_before(doc, ms, s, sent, 2, CW_ENT_PER, sc);
    return r;
  }
  /* "The senator said": the person just mentioned, when nobody else was. */
  if (in_list(head, PER_HEADS)) return nearest_before(doc, ms, s, sent, 2, CW_ENT_PER, NULL, NULL);
  return -1;
}

int32_t cw_attr_resolve_speaker_in(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                                   size_t b, const cw_attr_speaker_ctx_t *sc,
                                   cw_speaker_resolution_t *how) {
  cw_speaker_resolution_t h = CW_SPKRES_NONE;
  /* "Ann Kirk - a teacher from Leeds - said", "The bank - along with its auditors - wants":
   * the head before an aside set off by a dash speaks, not a name inside the aside; a head
   * that names nobody ("The actor - Ann Kirk - said") leaves it to the whole span. */
  size_t hb = b;
  for (size_t k = a + 1; k <= b; k++) {
    const char *t = doc->tokens[k].text;
    if (t && (cw_str_eq(t, "-") || cw_str_eq(t, "--") || cw_str_eq(t, "\xE2\x80\x94") ||
              cw_str_eq(t, "\xE2\x80\x93"))) {
      hb = k - 1;
      break;
    }
  }
  int32_t r = by_name(doc, ms, a, hb, sc);
  size_t i0 = lower_bound(ms, doc->tokens[a].span.start);
  int head_named = i0 < ms->n && ms->m[i0].end <= doc->tokens[hb].span.end;
  if (r >= 0) {
    h = CW_SPKRES_NAME;
  } else if (a == b && doc->tokens[a].text) {
    int pron;
    r = by_pronoun(doc, ms, a, sc, &pron);
    if (r >= 0) h = CW_SPKRES_PRONOUN;
  } else {
    r = by_description(doc, ms, a, hb, sc);
    if (r >= 0) {
      h = CW_SPKRES_DESCRIPTION;
    } else if (hb < b && !head_named) {
      r = by_name(doc, ms, a, b, sc);
      if (r >= 0) h = CW_SPKRES_NAME;
      else if ((r = by_description(doc, ms, a, b, sc)) >= 0) h = CW_SPKRES_DESCRIPTION;
    }
  }
  if (how) *how = h;
  return r;
}

size_t cw_attr_entities_in(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t start,
                           uint32_t end, int32_t *out, size_t cap) {
  (void)doc;
  size_t n = 0;
  for (size_t i = lower_bound(ms, start); i < ms->n && ms->m[i].start < end; i++) {
    if (ms->m[i].end > end) continue;
    int seen = 0;
    for (size_t k = 0; k < n; k++)
      if (out[k] == ms->m[i].entity) seen = 1;
    if (!seen && n < cap) out[n++] = ms->m[i].entity;
  }
  return n;
}
