/* attr_speaker.c - speaker resolution: names in the source span, then pronouns and
 * descriptions against the preceding mentions. */
#include "attr_speaker.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Nearest mention of type @p t ending before @p cp, at most @p max_sent sentences back; when
 * @p head is set, only entities whose canonical name contains it. */
static int32_t nearest_before(const cw_docview_t *doc, const cw_attr_mentions_t *ms, uint32_t cp,
                              uint32_t sentence, uint32_t max_sent, cw_entity_type_t t,
                              const char *head) {
  size_t i = lower_bound(ms, cp);
  while (i-- > 0) {
    const cw_attr_mention_t *m = &ms->m[i];
    if (m->end > cp) continue;
    if (sentence > m->sentence && sentence - m->sentence > max_sent) break;
    const cw_entity_t *en = &doc->entities[m->entity];
    if (en->type != t) continue;
    if (head && (!en->canonical || !strcasestr(en->canonical, head))) continue;
    return m->entity;
  }
  return -1;
}

static int in_list(const char *w, const char *const *list) {
  for (; *list; list++)
    if (strcasecmp(w, *list) == 0) return 1;
  return 0;
}

static const char *const PRON_PER[] = {"he", "she", "him", "her", "his", "hers", NULL};
static const char *const PRON_ORG[] = {"it", "its", NULL};
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

int32_t cw_attr_resolve_speaker(const cw_docview_t *doc, const cw_attr_mentions_t *ms, size_t a,
                                size_t b) {
  const cw_token_t *tk = doc->tokens;
  uint32_t s = tk[a].span.start, e = tk[b].span.end;
  /* 1. A name inside the span; a possessor ("Xiao's lab") is not the speaker. */
  int32_t best = -1;
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
    best = m->entity;
    best_rank = r;
  }
  if (best >= 0) return best;
  uint32_t sent = tk[a].sentence;
  /* 2. A pronoun: the nearest preceding compatible entity. */
  if (a == b && tk[a].text) {
    if (in_list(tk[a].text, PRON_PER))
      return nearest_before(doc, ms, s, sent, 6, CW_ENT_PER, NULL);
    if (in_list(tk[a].text, PRON_ORG))
      return nearest_before(doc, ms, s, sent, 3, CW_ENT_ORG, NULL);
    return -1;
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
  if (in_list(head, ORG_HEADS)) {
    int32_t r = nearest_before(doc, ms, s, sent, 20, CW_ENT_ORG, head);
    if (r < 0) r = nearest_before(doc, ms, s, sent, 2, CW_ENT_ORG, NULL);
    return r;
  }
  if (in_list(head, PER_HEADS) && in_list(tk[first].text, DEFINITE))
    return nearest_before(doc, ms, s, sent, 2, CW_ENT_PER, NULL);
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
