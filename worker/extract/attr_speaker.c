/* attr_speaker.c - speaker resolution: names in the source span, then pronouns and
 * descriptions against the preceding mentions. */
#include "attr_speaker.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

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
  return s && (strcmp(s, "'s") == 0 || strcmp(s, "\xE2\x80\x99s") == 0 || strcmp(s, "'") == 0 ||
               strcmp(s, "\xE2\x80\x99") == 0);
}

/* The first token starting at or after code point cp, or SIZE_MAX (binary search). */
static size_t token_at(const cw_docview_t *doc, uint32_t cp) {
  size_t lo = 0, hi = doc->n_tokens;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->tokens[mid].span.start < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < doc->n_tokens ? lo : SIZE_MAX;
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

/* Nearest mention of type @p t ending before @p cp, at most @p max_sent sentences back; when
 * @p head is set, only entities whose canonical name contains it; masked mentions skipped. */
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
    if (head && (!en->canonical || !strcasestr(en->canonical, head))) continue;
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
                       uint32_t sentence, cw_entity_type_t t, const cw_attr_speaker_ctx_t *sc) {
  if (!sc || sc->prev_speaker < 0 || (size_t)sc->prev_speaker >= doc->n_entities) return -1;
  if (doc->entities[sc->prev_speaker].type != t || sc->prev_source_end > cp) return -1;
  if (sentence < sc->prev_sentence || sentence - sc->prev_sentence > CHAIN_SENT) return -1;
  size_t obj = sc->prev_cue_end ? token_at(doc, sc->prev_cue_end) : SIZE_MAX;
  for (size_t i = lower_bound(ms, sc->prev_source_end); i < ms->n && ms->m[i].start < cp; i++) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp || m->entity == sc->prev_speaker) continue;
    if (doc->entities[m->entity].type != t || masked(doc, sc, m)) continue;
    if (obj != SIZE_MAX && token_at(doc, m->start) == obj) continue;
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
    if (strcasecmp(w, *list) == 0) return 1;
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
    "manufacturer", "retailer", "airline", "automaker", "insurer", "regulator", "watchdog", NULL};
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

static int is_head_end(const char *s) {
  return s && (strcmp(s, ",") == 0 || strcmp(s, "and") == 0 || strcmp(s, "(") == 0 ||
               strcmp(s, "\xE2\x80\x94") == 0);
}

/* Whether token text @p t ends an apposition's head ("X, the coach, said", "X, the head of"). */
static int appos_end(const char *t) {
  return !t || strcmp(t, ",") == 0 || strcmp(t, ".") == 0 || strcmp(t, ";") == 0 ||
         strcmp(t, ":") == 0 || strcmp(t, ")") == 0 || strcmp(t, "of") == 0 ||
         strcmp(t, "\xE2\x80\x94") == 0 || strcmp(t, "\xE2\x80\x93") == 0;
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
        strcasecmp(tk[first - 1].text, head) == 0)
      return m->entity;
    size_t after = token_at(doc, m->end);
    if (after == SIZE_MAX || after + 2 >= n || !tk[after].text || strcmp(tk[after].text, ",") != 0 ||
        !tk[after + 1].text || !in_list(tk[after + 1].text, APPOS_DETS))
      continue;
    for (size_t k = after + 2; k < n && k <= after + 7; k++) {
      const char *t = tk[k].text;
      if (!t || tk[k].sentence != tk[after].sentence) break;
      if (strcasecmp(t, head) == 0 &&
          appos_end(k + 1 < n && tk[k + 1].sentence == tk[k].sentence ? tk[k + 1].text : NULL))
        return m->entity;
      if (!isalnum((unsigned char)t[0]) && strcmp(t, "'s") != 0 && strcmp(t, "-") != 0) break;
    }
  }
  return -1;
}

int32_t cw_attr_resolve_speaker(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                                size_t b) {
  return cw_attr_resolve_speaker_in(doc, ms, a, b, NULL);
}

int32_t cw_attr_resolve_speaker_in(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                                   size_t b, const cw_attr_speaker_ctx_t *sc) {
  const cw_token_t *tk = doc->tokens;
  uint32_t s = tk[a].span.start, e = tk[b].span.end;
  /* 1. A name inside the span; a possessor ("Xiao's lab") is not the speaker. */
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
     * is not China, "the Foreign Ministry" is the ministry. */
    if (r > 0 && after != SIZE_MAX && after <= b && !is_head_end(tk[after].text)) continue;
    /* "the woman from Leeds": a place after a preposition only says where the speaker is. */
    if (doc->entities[m->entity].type == CW_ENT_LOC && sc) {
      size_t at = token_at(doc, m->start);
      if (at != SIZE_MAX && at > a && tk[at - 1].text &&
          (in_list(tk[at - 1].text, LOC_PREPS) ||
           (at > a + 1 && strcasecmp(tk[at - 1].text, "the") == 0 && tk[at - 2].text &&
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
  if (best >= 0) return best;
  uint32_t sent = tk[a].sentence;
  /* 2. A pronoun: the previous claim's speaker when nobody else came up since, else the
   * nearest preceding compatible entity. */
  if (a == b && tk[a].text) {
    cw_entity_type_t t;
    uint32_t back;
    if (in_list(tk[a].text, PRON_PER)) t = CW_ENT_PER, back = 6;
    else if (in_list(tk[a].text, PRON_ORG)) t = CW_ENT_ORG, back = 3;
    else return -1;
    int32_t r = chained(doc, ms, s, sent, t, sc);
    return r >= 0 ? r : nearest_before(doc, ms, s, sent, back, t, NULL, sc);
  }
  /* 3. A definite description: its head noun decides the type. */
  const char *head = tk[b].text;
  size_t first = a;
  if (!head || !tk[first].text) return -1;
  if (is_possessive(tk[first + (first < b)].text) && first < b) {
    /* "Xiao's lab": the possessor was mentioned but the speaker is the thing possessed. */
  } else if (!in_list(tk[first].text, DEFINITE)) {
    return -1;
  }
  int definite = in_list(tk[first].text, DEFINITE);
  if (in_list(head, ORG_HEADS)) {
    int32_t r = nearest_before(doc, ms, s, sent, 20, CW_ENT_ORG, head, NULL);
    if (r < 0 && sc && definite) r = described(doc, ms, head, s, sent);
    /* Without the article's own description, any organization nearby is a guess. */
    if (r < 0 && !sc) r = nearest_before(doc, ms, s, sent, 2, CW_ENT_ORG, NULL, NULL);
    return r;
  }
  if (!definite) return -1;
  if (sc) {
    int32_t r = described(doc, ms, head, s, sent);
    if (r >= 0) return r;
  }
  /* "The senator said": the person just mentioned, when nobody else was. */
  if (in_list(head, PER_HEADS))
    return sc ? sole_before(doc, ms, s, sent, 2, CW_ENT_PER, sc)
              : nearest_before(doc, ms, s, sent, 2, CW_ENT_PER, NULL, NULL);
  return -1;
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
