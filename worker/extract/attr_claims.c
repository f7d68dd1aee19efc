/* attr_claims.c - candidates to claims: attributions do not nest, a cue takes its final
 * extent, a quotation no cue claimed continues a quoted claim next to it or becomes an
 * unattributed claim, and the candidates become the output records (kinds, capped contents,
 * resolved speakers, ids). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attr_cover.h"
#include "attr_int.h"
#include "cw_hash.h"
#include "cw_limits.h"
#include "speaker.h"
#include "cw_str.h"

/* Claims by content start, content end, then cue start. */
static int cmp_claim(const void *a, const void *b) {
  const cw_claim_t *x = a, *y = b;
  if (x->content.start != y->content.start) return x->content.start < y->content.start ? -1 : 1;
  if (x->content.end != y->content.end) return x->content.end < y->content.end ? -1 : 1;
  if (x->cue.start != y->cue.start) return x->cue.start < y->cue.start ? -1 : 1;
  return 0;
}

/* The code points of tokens @p s. */
cw_span_t attr_cp_span(const ctx_t *c, tspan_t s) {
  return (cw_span_t){c->tk[s.a].span.start, c->tk[s.b].span.end};
}

/* A copy of the text of code points @p s in the arena. */
static const char *span_text(const ctx_t *c, cw_span_t s) {
  const cw_docview_t *d = c->doc;
  size_t a = d->cp_byte[s.start], b = d->cp_byte[s.end];
  return cw_arena_strndup(d->arena, d->body + a, b - a);
}

/* DIRECT when the content is one quotation, MIXED when it holds one, else INDIRECT. */
cw_claim_kind_t attr_kind_of(const ctx_t *c, tspan_t s) {
  int32_t q = c->quote_of[s.a];
  if (q >= 0 && (c->quotes[q].open == s.a || attr_reopens(c, s.a)) && c->quotes[q].close >= s.b)
    return CW_CLAIM_DIRECT;
  return c->qpre[s.b + 1] > c->qpre[s.a] ? CW_CLAIM_MIXED : CW_CLAIM_INDIRECT;
}

/* The code points of content @p s as a claim carries them: up to the end of its paragraph
 * (a blank line; one that a quotation mark continues does not end it) and at most CW_MAX_CONTENT_CP code
 * points, cut after the last whole token that fits (inside the first token when none does).
 * @returns 1 when the cap cut the content. */
static int content_capped(const ctx_t *c, tspan_t s, cw_span_t *out) {
  if (!empty(s) && c->para_cut[s.a] <= s.b) s.b = c->para_cut[s.a] - 1;
  *out = attr_cp_span(c, s);
  if (empty(s) || out->end - out->start <= CW_MAX_CONTENT_CP) return 0;
  uint32_t limit = out->start + CW_MAX_CONTENT_CP;
  size_t lo = s.a, hi = s.b + 1;  /* the first token in [a, b] ending past the limit */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->tk[mid].span.end <= limit) lo = mid + 1;
    else hi = mid;
  }
  out->end = lo > s.a ? c->tk[lo - 1].span.end : limit;
  return 1;
}

static void claim_id(const cw_docview_t *d, cw_claim_t *cl) {
  uint32_t v[7] = {cl->content.start, cl->content.end,
                   cl->has_cue ? cl->cue.start : UINT32_MAX, cl->has_cue ? cl->cue.end : UINT32_MAX,
                   cl->has_source ? cl->source.start : UINT32_MAX,
                   cl->has_source ? cl->source.end : UINT32_MAX, 0};
  uint64_t h1 = CW_FNV64_OFFSET;
  if (d->id) h1 = cw_fnv1a64(h1, d->id, strlen(d->id));
  h1 = cw_fnv1a64(h1, "\x1f", 1);
  unsigned char le[28];
  for (size_t i = 0; i < 7; i++)
    for (size_t k = 0; k < 4; k++) le[4 * i + k] = (unsigned char)(v[i] >> (8 * k));
  h1 = cw_fnv1a64(h1, le, sizeof le);
  /* A second pass over the same bytes seeded differently widens the id to 128 bits. */
  uint64_t h2 = cw_fnv1a64(h1 ^ 0x9e3779b97f4a7c15ULL, le, sizeof le);
  if (d->id) h2 = cw_fnv1a64(h2, d->id, strlen(d->id));
  snprintf(cl->id, sizeof cl->id, "%016" PRIx64 "%016" PRIx64, h1, h2);
}

/* Attributions do not nest: where a kept claim's forward content holds the subject and cue of a
 * later one after a clause boundary ("A said X, but B denied Y"; "X; B noted Y"), the first
 * content ends before that boundary. Claims inside quotations are left whole. */
void attr_split_nested(const ctx_t *c, cand_t *cand, size_t n) {
  static const char *const CONJ[] = {"but", "and", "although", "though", "while", "whereas",
                                     NULL};
  for (size_t k = 0; k + 1 < n; k++) {
    cand_t *o = &cand[k];
    for (size_t j = k + 1; j < n && j <= k + 8; j++) {
      const cand_t *in = &cand[j];
      if (empty(in->cue) || !in_forward_content(o, in->cue.a)) continue;
      /* A second verb of the outer claim's subject ("X believes A, but says B") starts at its
       * cue; the shared subject lies before the outer content. */
      size_t start = !empty(in->source) && in->source.a < in->cue.a && in->source.a > o->content.a
                         ? in->source.a
                         : in->cue.a;
      if (start <= o->content.a + 1 || c->quote_of[start] >= 0) continue;
      /* The boundary right before the inner clause: ", but", "; ", "and", "while", "- but". */
      size_t b = start - 1;
      if (any_word(c, b, CONJ) && b > o->content.a &&
          (is_word(c, b - 1, ",") || is_word(c, b - 1, ";") || is_dash(c, b - 1)))
        b--;
      else if (!(is_word(c, b, ";") || any_word(c, b, CONJ) || is_dash(c, b)))
        continue;
      if (b <= o->content.a || c->quote_of[b] >= 0) continue;
      o->content.b = (uint32_t)(b - 1);
      break;
    }
  }
}

/* Whether tokens (a, b) exclusive are a short gap within one paragraph: at most 4 tokens, no
 * quotation mark. */
static int short_gap(const ctx_t *c, size_t a, size_t b) {
  if (b <= a) return 0;
  /* At most 4 tokens, or the rest of a's sentence when b opens the next one. */
  if (b - a > 5 && !(c->tk[b].sentence == c->tk[a].sentence + 1 && b - a <= 30)) return 0;
  for (size_t i = a + 1; i <= b; i++) {
    if (cw_attr_para_break(c->doc, i)) return 0;
    if (i < b && cw_attr_is_quote_mark(c->doc, i)) return 0;
  }
  return 1;
}

/* Whether token b opens the paragraph after the one token a ends (only punctuation between). */
static int next_paragraph(const ctx_t *c, size_t a, size_t b) {
  if (b <= a || b - a > 3 || !cw_attr_para_break(c->doc, b)) return 0;
  for (size_t i = a + 1; i < b; i++)
    if (!terminal(c, i) && !is_word(c, i, ",")) return 0;
  return 1;
}

/* The first and last token a candidate spans: content, cue and source. */
static void cand_extent(const cand_t *cd, uint32_t *lo, uint32_t *hi) {
  *lo = cd->content.a;
  *hi = cd->content.b;
  if (cd->cue.a < *lo) *lo = cd->cue.a;
  if (cd->cue.b > *hi) *hi = cd->cue.b;
  if (!empty(cd->source) && cd->source.a < *lo) *lo = cd->source.a;
  if (!empty(cd->source) && cd->source.b > *hi) *hi = cd->source.b;
}

/* The claims a quotation can continue, indexed by the token their extent ends at (hi lists)
 * and starts at (lo lists): a quotation only joins a claim within a short gap (30 tokens, see
 * short_gap), so it visits the lists of 31 tokens on each side instead of every claim. An
 * entry is stale when its claim's extent has moved since (a joined quotation). */
#define REACH_GAP 31u
typedef struct {
  int32_t *head_hi, *head_lo;  /* per token: first entry, -1 when none */
  int32_t *next;               /* per entry: next entry of the same list */
  uint32_t *cand;              /* per entry: the claim */
  size_t n, cap;
  uint32_t *pick;              /* scratch: the claims a quotation reaches */
} reach_t;

static void reach_add(reach_t *r, int32_t *head, uint32_t t, uint32_t k) {
  if (r->n == r->cap) return;  /* sized for every entry that can be added */
  r->cand[r->n] = k;
  r->next[r->n] = head[t];
  head[t] = (int32_t)r->n++;
}

static void reach_init(const ctx_t *c, reach_t *r, const cand_t *cand, size_t n, size_t nq) {
  size_t N = c->doc->n_tokens;
  cw_arena_t *a = c->doc->arena;
  r->head_hi = cw_arena_alloc(a, N * sizeof *r->head_hi);
  r->head_lo = cw_arena_alloc(a, N * sizeof *r->head_lo);
  memset(r->head_hi, -1, N * sizeof *r->head_hi);
  memset(r->head_lo, -1, N * sizeof *r->head_lo);
  r->cap = 2 * n + nq + 1;
  r->n = 0;
  r->next = cw_arena_alloc(a, r->cap * sizeof *r->next);
  r->cand = cw_arena_alloc(a, r->cap * sizeof *r->cand);
  r->pick = cw_arena_alloc(a, (2 * n + 1) * sizeof *r->pick);
  for (size_t k = 0; k < n; k++) {
    uint32_t lo, hi;
    if (empty(cand[k].content) || empty(cand[k].cue)) continue;
    cand_extent(&cand[k], &lo, &hi);
    if (hi < N) reach_add(r, r->head_hi, hi, (uint32_t)k);
    if (lo < N) reach_add(r, r->head_lo, lo, (uint32_t)k);
  }
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* "He said, “A.” “B.”" and "“A.” “B,” he said.": a quotation next to a quoted claim in the
 * same paragraph continues it; its content grows over the quotation, as PolNeAR joins the
 * pieces of one speaker's quote. The first claim (in candidate order) that qualifies takes it.
 * @returns 1 when @p qs was joined to a claim. */
static int continue_quote(const ctx_t *c, cand_t *cand, reach_t *r, attr_cover_t *cover,
                          tspan_t qs) {
  size_t N = c->doc->n_tokens, np = 0, visited = 0;
  uint32_t t0 = qs.a > REACH_GAP ? qs.a - REACH_GAP : 0;
  for (uint32_t t = t0; t < qs.a; t++)
    for (int32_t e = r->head_hi[t]; e >= 0; e = r->next[e], visited++) {
      uint32_t lo, hi;
      cand_extent(&cand[r->cand[e]], &lo, &hi);
      if (hi == t) r->pick[np++] = r->cand[e];
    }
  for (uint32_t t = qs.b + 1; t < N && t <= qs.b + REACH_GAP; t++)
    for (int32_t e = r->head_lo[t]; e >= 0; e = r->next[e], visited++) {
      uint32_t lo, hi;
      cand_extent(&cand[r->cand[e]], &lo, &hi);
      if (lo == t) r->pick[np++] = r->cand[e];
    }
  cw_dv_work(c->doc, visited + 2 * REACH_GAP);
  if (np > 1) qsort(r->pick, np, sizeof *r->pick, cmp_u32);
  for (size_t p = 0; p < np; p++) {
    if (p > 0 && r->pick[p] == r->pick[p - 1]) continue;
    uint32_t k = r->pick[p];
    cand_t *cd = &cand[k];
    if (empty(cd->content) || empty(cd->cue) || attr_kind_of(c, cd->content) == CW_CLAIM_INDIRECT)
      continue;
    uint32_t lo, hi;
    cand_extent(cd, &lo, &hi);
    if (hi < qs.a && (short_gap(c, hi, qs.a) || next_paragraph(c, hi, qs.a))) {
      cd->content.b = qs.b;
      cand_extent(cd, &lo, &hi);
      reach_add(r, r->head_hi, hi, k);
      attr_cover_paint(cover, cd->content.a, cd->content.b);
      return 1;
    }
    if (qs.b < lo && short_gap(c, qs.b, lo)) {
      cd->content.a = qs.a;
      cand_extent(cd, &lo, &hi);
      reach_add(r, r->head_lo, lo, k);
      attr_cover_paint(cover, cd->content.a, cd->content.b);
      return 1;
    }
  }
  return 0;
}

/* Whether token i reopens the quotation holding it for a new paragraph: an opening mark after
 * the end of a sentence inside the quotation ("... level. “Every pool ..."), where the text
 * lost its paragraph break or kept it. */
int attr_reopens(const ctx_t *c, size_t i) {
  int32_t q = c->quote_of[i];
  return q >= 0 && c->quotes[q].open != i && i > 0 && terminal(c, i - 1) &&
         cw_attr_opening_mark(c->doc, i);
}

void attr_split_continued(const ctx_t *c, cand_t **pcand, size_t *pn, size_t *pcap) {
  size_t n0 = *pn;
  for (size_t k = 0; k < n0; k++) {
    cand_t cd = (*pcand)[k];
    /* A labelled turn ("KIRK: ...") is one speaker's turn however many paragraphs it runs. */
    if (empty(cd.content) || empty(cd.source) || (cd.lemma && cw_str_eq(cd.lemma, ":")) ||
        c->qpre[cd.content.b + 1] == c->qpre[cd.content.a])
      continue;
    cw_dv_work(c->doc, cd.content.b - cd.content.a + 1);
    /* The paragraphs of the content: [starts[p], starts[p + 1]). */
    uint32_t first = UINT32_MAX, last = UINT32_MAX;
    for (uint32_t t = cd.content.a + 1; t <= cd.content.b; t++)
      if (attr_reopens(c, t)) {
        if (first == UINT32_MAX) first = t;
        last = t;
      }
    if (first == UINT32_MAX) continue;
    /* The cue's own paragraph keeps it: the first after a cue, the last before one. */
    int before_cue = !empty(cd.cue) && cd.content.b < cd.cue.a;
    uint32_t a = cd.content.a, b = cd.content.b;
    (*pcand)[k].content = before_cue ? (tspan_t){last, b} : (tspan_t){a, first - 1};
    uint32_t seg = before_cue ? a : first;
    uint32_t stop = before_cue ? last - 1 : b;
    for (uint32_t t = seg + 1; t <= stop + 1; t++) {
      if (t <= stop && !attr_reopens(c, t)) continue;
      attr_push_cand(c, pcand, pn, pcap, (cand_t){NO_SPAN, cd.source, {seg, t - 1}, NULL});
      seg = t;
    }
  }
}

void attr_raised_subject(const ctx_t *c, cand_t *cd) {
  if (empty(cd->cue) || !empty(cd->source) || empty(cd->content) ||
      cd->content.a != cd->cue.b + 1 || !is_word(c, cd->content.a, "to") || cd->cue.a == 0)
    return;
  /* Only a passive of a verb of belief or report: "are expected", "is said", "was thought"
   * (not "were told to", whose subject was told). */
  static const char *const RAISING[] = {"expected", "said", "thought", "believed", "known",
                                        "understood", "reported", "alleged", "rumoured",
                                        "rumored", "estimated", "predicted", "considered",
                                        "supposed", "presumed", "reckoned", "feared", "tipped",
                                        "seen", "set", "due", NULL};
  if (!any_word(c, cd->cue.b, RAISING)) return;
  int passive = 0;
  for (uint32_t k = cd->cue.a; k < cd->cue.b && !passive; k++)
    passive = any_word(c, k, ATTR_BE_FORMS);
  uint32_t si = c->tk[cd->cue.a].sentence, lo = c->sent_lo[si];
  if (!passive || cd->cue.a <= lo) return;
  tspan_t subj = attr_np_backward(c, cd->cue.a - 1, lo);
  if (empty(subj) || is_word(c, subj.a, "there") || c->quote_of[subj.a] >= 0)
    return;
  cd->content.a = subj.a;
}

/* Appends @p cd to the arena-grown array *@p cand of *@p n entries and room for *@p cap. */
void attr_push_cand(const ctx_t *c, cand_t **cand, size_t *n, size_t *cap, cand_t cd) {
  if (*n == *cap) {
    cand_t *g = cw_arena_alloc(c->doc->arena, 2 * *cap * sizeof *g);
    memcpy(g, *cand, *n * sizeof **cand);
    *cand = g;
    *cap *= 2;
  }
  (*cand)[(*n)++] = cd;
}

/* The cue's extent as PolNeAR marks it, once the claim is decided: auxiliaries, negation and
 * adverbs between the subject and the verb ("has also said", "did not say"), a particle the
 * content began with ("called for X"), and a colon after the verb ("said:"). */
void attr_cue_extent(const ctx_t *c, cand_t *cd) {
  if (empty(cd->cue) || !cd->lemma || cw_str_eq(cd->lemma, ":") ||
      cw_str_eq(cd->lemma, "according to") || cw_str_eq(cd->lemma, "in"))
    return;
  uint32_t si = c->tk[cd->cue.a].sentence;
  while (cd->cue.a > c->sent_lo[si] && attr_adverbial(c, cd->cue.a - 1) &&
         c->quote_of[cd->cue.a - 1] < 0 &&
         !(overlaps(cd->content, (tspan_t){cd->cue.a - 1, cd->cue.a - 1})) &&
         !(overlaps(cd->source, (tspan_t){cd->cue.a - 1, cd->cue.a - 1})))
    cd->cue.a--;
  static const char *const PART[] = {"for", "about", "on", "of", "against", "with", "out", NULL};
  uint32_t nx = cd->cue.b + 1;
  if (nx >= c->sent_hi[si]) return;
  if (is_word(c, nx, ":") && !overlaps(cd->content, (tspan_t){nx, nx})) {
    cd->cue.b = nx;
  } else if (any_word(c, nx, PART) && cd->content.a == nx && cd->content.b > nx &&
             c->quote_of[nx] < 0 &&
             /* "said about 270,000 children would benefit": "about" a number is no particle. */
             !(is_word(c, nx, "about") && c->tk[nx + 1].text &&
               (isdigit((unsigned char)c->tk[nx + 1].text[0]) || is_word(c, nx + 1, "half") ||
                (c->tk[nx + 1].pos && cw_str_eq(c->tk[nx + 1].pos, "CD"))))) {
    cd->cue.b = nx;
    cd->content.a = nx + 1;
  }
  /* "Sanders, the senator from Vermont, said": the closing comma of the appositive. */
  if (!empty(cd->source) && cd->source.b + 2 == cd->cue.a && is_word(c, cd->source.b + 1, ","))
    cd->source.b++;
}

/* Quotations no cue claimed are unattributed claims, appended to *@p pcand (as
 * attr_push_cand()); the first @p n_attr candidates are the claims of cues. */
void attr_quote_claims(const ctx_t *c, cand_t **pcand, size_t *pn, size_t *pcap, size_t n_attr) {
  const cw_docview_t *doc = c->doc;
  cand_t *cand = *pcand;
  size_t n = *pn, cap = *pcap;
  /* The tokens the claims' contents cover are painted once, and the claims a quotation may
   * continue are found by position. */
  attr_cover_t *cover = attr_cover_create(doc->arena, doc->n_tokens);
  for (size_t k = 0; k < n_attr; k++)
    if (!empty(cand[k].content))
      cw_dv_work(doc, 1 + attr_cover_paint(cover, cand[k].content.a, cand[k].content.b));
  reach_t reach;
  reach_init(c, &reach, cand, n_attr, c->n_quotes);
  for (size_t q = 0; q < c->n_quotes; q++) {
    const cw_attr_quote_t *qq = &c->quotes[q];
    tspan_t qs = {qq->open, qq->close};
    /* Only whole quoted sentences: shorter quotations are titles, scare quotes or phrases
     * whose reporting verb was missed, and claiming them would mostly be noise. */
    if (qq->close < qq->open + 8 || !qq->closed) continue;
    if (qq->open != c->sent_lo[c->tk[qq->open].sentence]) continue;
    if (attr_cover_any(cover, qs.a, qs.b)) continue;
    if (continue_quote(c, cand, &reach, cover, qs)) continue;
    attr_push_cand(c, &cand, &n, &cap, (cand_t){NO_SPAN, NO_SPAN, qs, NULL});
  }
  *pcand = cand;
  *pn = n;
  *pcap = cap;
}

/* A claim whose speaker was resolved, as the pronouns of the next claims read it. */
typedef struct {
  cw_span_t content;
  int32_t speaker;
  uint32_t source_end, cue_end, sentence;
} prev_claim_t;

/* The claim of the quotation right before the quotation @p cd, among the first @p k claims
 * @p out: a quotation paragraph with no cue of its own continues the speaker of the one before
 * it, when that one is quoted, has a source and ends at most two sentences before (a question
 * or a remark of the writer may stand between). NULL when there is none. */
static const cw_claim_t *previous_quotation(const ctx_t *c, const cw_claim_t *out, size_t k,
                                            const cand_t *cd) {
  int32_t q = c->quote_of[cd->content.a];
  if (q <= 0) return NULL;
  const cw_attr_quote_t *pq = &c->quotes[q - 1];
  uint32_t start = c->tk[cd->content.a].span.start, pstart = c->tk[pq->open].span.start,
           pend = c->tk[pq->close].span.end;
  if (c->tk[cd->content.a].sentence > c->tk[pq->close].sentence + 3) return NULL;
  const cw_claim_t *best = NULL;
  for (size_t p = 0; p < k; p++) {
    const cw_claim_t *o = &out[p];
    /* The claim holding that quotation (its content may leave out the closing mark). */
    if (!o->has_source || o->kind == CW_CLAIM_INDIRECT || o->content.end > start ||
        o->content.start > pstart || o->content.end <= pstart || o->content.end + 3 < pend)
      continue;
    if (!best || o->content.end > best->content.end) best = o;
  }
  cw_dv_work(c->doc, k + 1);
  return best;
}

/* The claim reported in the last sentence of the paragraph before the quotation @p cd, when
 * that quotation opens its paragraph ("Peter Kim said he was disappointed.¶“It's a shame.”"):
 * the quotation is most often that speaker's words. Among the first @p k claims @p out, one
 * with a cue and a named speaker ("Latest figures showed ..." names nobody to quote); NULL
 * when there is none. */
static const cw_claim_t *previous_report(const ctx_t *c, const cw_claim_t *out, size_t k,
                                         const cand_t *cd) {
  uint32_t si = c->tk[cd->content.a].sentence;
  if (si == 0 || !cw_attr_para_break(c->doc, cd->content.a)) return NULL;
  uint32_t start = c->tk[c->sent_lo[si - 1]].span.start,
           end = c->tk[c->sent_hi[si - 1] - 1].span.end;
  const cw_claim_t *best = NULL;
  for (size_t p = 0; p < k; p++) {
    const cw_claim_t *o = &out[p];
    if (!o->has_source || !o->has_cue || o->speaker_entity < 0 || o->content.start < start ||
        o->content.end > end || o->source.start < start)
      continue;
    if (!best || o->content.end > best->content.end) best = o;
  }
  cw_dv_work(c->doc, k + 1);
  return best;
}

/* The parts of claim @p cl's content (candidate @p cd) when its cue and source lie inside it
 * ("“A,” said Kim. “B.”"): the words before them and after them, without the punctuation
 * that joined the attribution to the quotation. */
static void content_parts(const ctx_t *c, const cand_t *cd, cw_claim_t *cl) {
  if (empty(cd->cue) || cd->cue.a <= cd->content.a || cd->cue.b >= cd->content.b) return;
  uint32_t lo = cd->cue.a, hi = cd->cue.b;
  if (!empty(cd->source) && overlaps(cd->source, cd->content)) {
    if (cd->source.a < lo) lo = cd->source.a;
    if (cd->source.b > hi) hi = cd->source.b;
  }
  if (lo <= cd->content.a || hi >= cd->content.b) return;
  uint32_t a_end = lo - 1, b_start = hi + 1;
  /* A quoted content resumes at the next opening mark ("said Tim Danton, editor of PC Pro.
   * “This ...”": the description is the speaker's, not what was said). */
  uint32_t q = b_start;
  while (q <= cd->content.b && !open_quote_at(c, q)) q++;
  if (c->quote_of[cd->content.a] >= 0 && q <= cd->content.b) b_start = q;
  while (b_start < cd->content.b && c->quote_of[b_start] < 0 &&
         (is_word(c, b_start, ",") || terminal(c, b_start) || is_word(c, b_start, ":")))
    b_start++;
  if (a_end < cd->content.a || b_start > cd->content.b) return;
  cw_span_t *sp = cw_arena_alloc(c->doc->arena, 2 * sizeof *sp);
  const char **tx = cw_arena_alloc(c->doc->arena, 2 * sizeof *tx);
  sp[0] = attr_cp_span(c, (tspan_t){cd->content.a, a_end});
  sp[1] = attr_cp_span(c, (tspan_t){b_start, cd->content.b});
  if (sp[1].end > cl->content.end) sp[1].end = cl->content.end; /* a capped content */
  if (sp[1].start >= sp[1].end) return;
  tx[0] = span_text(c, sp[0]);
  tx[1] = span_text(c, sp[1]);
  cl->content_parts = sp;
  cl->content_part_texts = tx;
  cl->n_content_parts = 2;
}

/* The claims of candidates @p cand (in arena memory, sorted by content), at most
 * CW_MAX_CLAIMS and one per content span. @returns CW_ERR_BUDGET when the deadline passed. */
cw_err_t attr_emit_claims(const ctx_t *c, const cand_t *cand, size_t n, cw_claim_t **claims,
                          size_t *n_claims, char *errstr, size_t errstr_size) {
  const cw_docview_t *doc = c->doc;
  if (n > CW_MAX_CLAIMS) {
    n = CW_MAX_CLAIMS;  /* keep the cue-backed ones, found first */
    if (doc->capped) *doc->capped = 1;
  }

  cw_claim_t *out = cw_arena_calloc(doc->arena, n ? n : 1, sizeof *out);
  int32_t *ents = cw_arena_alloc(doc->arena, 64 * sizeof *ents);
  size_t k = 0;
  /* The content all claims may copy: output stays within a constant times the input. */
  uint64_t content_budget = (uint64_t)CW_MAX_CONTENT_FACTOR * doc->n_cp + CW_MAX_CONTENT_CP;
  /* The last claim with a resolved speaker, and the last with a person, for the pronouns of
   * the next ones. */
  prev_claim_t prev = {{0, 0}, -1, 0, 0, 0}, prev_per = {{0, 0}, -1, 0, 0, 0};
  /* Per candidate: its speaker, for the quotation paragraphs that continue it. */
  int32_t *spk = cw_arena_alloc(doc->arena, (n ? n : 1) * sizeof *spk);
  for (size_t i = 0; i < n; i++) spk[i] = -1;
  for (size_t i = 0; i < n; i++) {
    const cand_t *cd = &cand[i];
    cw_claim_t *cl = &out[k];
    if ((k & 255) == 255 && cw_dv_expired(doc)) {
      snprintf(errstr, errstr_size, "extraction time budget used up in attribution output");
      return CW_ERR_BUDGET;
    }
    cl->content_truncated = content_capped(c, cd->content, &cl->content);
    /* One claim per content span: a second cue over the same words adds nothing. */
    int dup = 0;
    for (size_t p = 0; p < k && !dup; p++)
      dup = out[p].content.start == cl->content.start && out[p].content.end == cl->content.end;
    if (dup) {
      memset(cl, 0, sizeof *cl);
      continue;
    }
    if (cl->content.end - cl->content.start > content_budget) {
      memset(cl, 0, sizeof *cl);
      if (doc->capped) *doc->capped = 1;
      continue;
    }
    content_budget -= cl->content.end - cl->content.start;
    cl->content_text = span_text(c, cl->content);
    cw_dv_work(doc, 1 + (cl->content.end - cl->content.start));
    cl->kind = attr_kind_of(c, cd->content);
    content_parts(c, cd, cl);
    cl->speaker_entity = -1;
    if (!empty(cd->cue)) {
      cl->has_cue = 1;
      cl->cue = attr_cp_span(c, cd->cue);
      cl->cue_text = span_text(c, cl->cue);
      cl->cue_lemma = cw_arena_strndup(doc->arena, cd->lemma, strlen(cd->lemma));
    }
    if (empty(cd->source) && empty(cd->cue)) {
      /* A quotation no cue claimed, after another: the speaker of the quotation before it, or
       * of the report closing the paragraph before. */
      const cw_claim_t *pq = previous_quotation(c, out, k, cd);
      if (!pq) pq = previous_report(c, out, k, cd);
      if (pq) {
        cl->has_source = 1;
        cl->source = pq->source;
        cl->source_text = pq->source_text;
        cl->speaker_entity = pq->speaker_entity;
        cl->speaker_resolution =
            pq->speaker_entity >= 0 ? CW_SPKRES_PREVIOUS_QUOTATION : CW_SPKRES_NONE;
      }
    } else if (!empty(cd->source)) {
      cl->has_source = 1;
      cl->source = attr_cp_span(c, cd->source);
      cl->source_text = span_text(c, cl->source);
      /* "he", "she": the last person who spoke, even if an organization spoke since. */
      cw_pronoun_t pr;
      int per = cd->source.a == cd->source.b && cw_speaker_pronoun(c->tk[cd->source.a].text, &pr) &&
                pr.type == CW_ENT_PER && !pr.plural;
      const prev_claim_t *pv = per && prev_per.speaker >= 0 ? &prev_per : &prev;
      cw_attr_speaker_ctx_t sc = {{cl->content.start, prev.content.start},
                                  {cl->content.end, prev.content.end},
                                  c->quote_of,
                                  pv->speaker,
                                  pv->source_end,
                                  pv->cue_end,
                                  pv->sentence};
      if (empty(cd->cue)) {
        /* A quotation paragraph continuing the quoted claim of this source before it. */
        cl->speaker_entity = -1;
        for (size_t j = i; j-- > 0;)
          if (!empty(cand[j].cue) && cand[j].source.a == cd->source.a &&
              cand[j].source.b == cd->source.b) {
            cl->speaker_entity = spk[j];
            break;
          }
        cl->speaker_resolution = cl->speaker_entity >= 0 ? CW_SPKRES_PREVIOUS_QUOTATION
                                                         : CW_SPKRES_NONE;
      } else {
        cl->speaker_entity = cw_attr_resolve_speaker_in(doc, c->ms, cd->source.a, cd->source.b,
                                                        &sc, &cl->speaker_resolution);
      }
      spk[i] = cl->speaker_entity;
      if (cl->speaker_entity >= 0 && !empty(cd->cue)) {
        prev.content = cl->content;
        prev.speaker = cl->speaker_entity;
        prev.source_end = cl->source.end;
        prev.cue_end = cl->has_cue ? cl->cue.end : 0;
        prev.sentence = c->tk[cd->source.b].sentence;
        if (doc->entities[cl->speaker_entity].type == CW_ENT_PER) prev_per = prev;
      }
    }
    if (!cl->has_source) cl->kind = CW_CLAIM_UNATTRIBUTED;
    size_t ne = cw_attr_entities_in(doc, c->ms, cl->content.start, cl->content.end, ents, 64);
    if (ne) {
      int32_t *e = cw_arena_alloc(doc->arena, ne * sizeof *e);
      memcpy(e, ents, ne * sizeof *e);
      cl->entities = e;
      cl->n_entities = ne;
    }
    claim_id(doc, cl);
    k++;
  }
  qsort(out, k, sizeof *out, cmp_claim);
  *claims = out;
  *n_claims = k;
  return CW_OK;
}
