/* attr.c - attribution relations (claims) in one article: the per-article context, the scan
 * for cues that turns each into a candidate claim, and the order of the passes after it.
 * attr_int.h lists the files that do each part. */
#include "attr.h"
#include <stdio.h>
#include <string.h>
#include "attr_int.h"
#include "attr_names.h"
#include "cw_str.h"

/* Whether a blank line (two line breaks) separates token i from the one before. */
static int blank_line_before(const cw_docview_t *doc, size_t i) {
  if (i == 0 || i >= doc->n_tokens) return 0;
  size_t a = doc->cp_byte[doc->tokens[i - 1].span.end];
  size_t b = doc->cp_byte[doc->tokens[i].span.start];
  const char *nl = memchr(doc->body + a, '\n', b - a);
  return nl && memchr(nl + 1, '\n', (size_t)(doc->body + b - nl - 1)) != NULL;
}

/* Whether token i is a word in capitals ("BRUSSELS", "WASHINGTON"), as a dateline gives its
 * place. */
static int caps_word(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  size_t n = 0;
  for (; t && t[n]; n++)
    if (!(isupper((unsigned char)t[n]) || (n > 0 && (t[n] == '.' || t[n] == '-'))))
      return 0;
  return n >= 2;
}

/* The first token after the dateline opening sentence [lo, hi) ("BRUSSELS - European leaders
 * met ...", "NEW YORK (Reuters) \xE2\x80\x94 ..."), or lo when it has none: a place in capitals,
 * perhaps with a country and an agency in parentheses, then a dash. The place is neither a
 * subject nor a speaker. */
static size_t after_dateline(const ctx_t *c, size_t lo, size_t hi) {
  size_t k = lo, words = 0;
  while (k < hi && k - lo < 8 && caps_word(c, k)) k++, words++;
  if (!words) return lo;
  if (k + 1 < hi && is_word(c, k, ",") && is_cap(c, k + 1)) k += 2; /* "PARIS, France" */
  while (k < hi && k - lo < 8 && !is_word(c, k, ",") && is_cap(c, k) && !is_dash(c, k)) k++;
  if (k < hi && is_word(c, k, "(")) {
    while (k < hi && k - lo < 12 && !is_word(c, k, ")")) k++;
    k++;
  }
  return k + 1 < hi && is_dash(c, k) ? k + 1 : lo;
}

/* Whether token i, a verb, is tagged finite, or a past participle after an adverb or a name
 * ("The Treasury also announced", which the tagger may read as a participle) rather than
 * after a determiner ("those questioned said"). */
static int finite_after_subject(const cw_docview_t *doc, size_t i) {
  const char *p = doc->tokens[i].pos, *q = i > 0 ? doc->tokens[i - 1].pos : NULL;
  if (!p) return 0;
  if (cw_str_eq(p, "VBD") || cw_str_eq(p, "VBZ") || cw_str_eq(p, "VBP")) return 1;
  return cw_str_eq(p, "VBN") && q && (cw_str_eq(q, "RB") || cw_str_eq(q, "NNP"));
}

/* Fills @p c for @p doc: sentence ranges, quotations, per-token prefix counts, paragraph cuts,
 * the entity mentions (into @p ms, which must outlive @p c) and the words of names.
 * @returns CW_ERR_INVALID when a token names a sentence the document does not have. */
static cw_err_t ctx_init(ctx_t *c, const cw_attr_model_t *m, const cw_docview_t *doc,
                         cw_attr_mentions_t *ms, char *errstr, size_t errstr_size) {
  *c = (ctx_t){.model = m, .doc = doc, .tk = doc->tokens};
  size_t ns = doc->n_sentences ? doc->n_sentences : 1;
  c->sent_lo = cw_arena_alloc(doc->arena, ns * sizeof *c->sent_lo);
  c->sent_hi = cw_arena_calloc(doc->arena, ns, sizeof *c->sent_hi);
  for (size_t i = 0; i < ns; i++) c->sent_lo[i] = UINT32_MAX;
  for (size_t i = 0; i < doc->n_tokens; i++) {
    uint32_t s = doc->tokens[i].sentence;
    if (s >= ns) {
      snprintf(errstr, errstr_size, "attribution: token %zu in sentence %u of %zu", i, s, ns);
      return CW_ERR_INVALID;
    }
    if (c->sent_lo[s] == UINT32_MAX) c->sent_lo[s] = (uint32_t)i;
    c->sent_hi[s] = (uint32_t)(i + 1);
    /* POS tags steer the rules only for a model trained with them: its statistics hold for
     * the rules it was measured with (without a model the tag-free rules measured best). */
    if (doc->tokens[i].pos && m && m->use_pos) c->has_pos = 1;
  }
  c->n_quotes = cw_attr_quotes(doc, &c->quotes);
  c->quote_of = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c->quote_of);
  c->npc = cw_arena_alloc(doc->arena, doc->n_tokens);
  memset(c->npc, -1, doc->n_tokens);
  for (size_t i = 0; i < doc->n_tokens; i++) c->quote_of[i] = -1;
  for (size_t q = 0; q < c->n_quotes; q++)
    for (size_t i = c->quotes[q].open; i <= c->quotes[q].close; i++) c->quote_of[i] = (int32_t)q;
  c->flx = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c->flx);
  c->fme = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c->fme);
  for (size_t i = 0; i < doc->n_tokens; i++) {
    c->flx[i] = NULL;
    c->fme[i] = NULL;
    if (attr_form_kept(c, i)) {
      char w[64];
      lower(doc->tokens[i].text, w, sizeof w);
      attr_form_lookup(m, w, &c->flx[i], &c->fme[i]);
    }
  }
  for (size_t s = 0; s < ns; s++)
    if (c->sent_lo[s] < c->sent_hi[s] && c->quote_of[c->sent_lo[s]] < 0)
      c->sent_lo[s] = (uint32_t)after_dateline(c, c->sent_lo[s], c->sent_hi[s]);
  c->qpre = cw_arena_alloc(doc->arena, (doc->n_tokens + 1) * sizeof *c->qpre);
  c->brkpre = cw_arena_alloc(doc->arena, (doc->n_tokens + 1) * sizeof *c->brkpre);
  c->qpre[0] = c->brkpre[0] = 0;
  for (size_t i = 0; i < doc->n_tokens; i++) {
    c->qpre[i + 1] = c->qpre[i] + (c->quote_of[i] >= 0);
    c->brkpre[i + 1] = c->brkpre[i] + attr_clause_break(c, i);
  }
  c->para_cut = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c->para_cut);
  for (size_t i = doc->n_tokens, cut = doc->n_tokens; i-- > 0;) {
    c->para_cut[i] = (uint32_t)cut;
    if (blank_line_before(doc, i) && !cw_attr_is_quote_mark(doc, i)) cut = i;
  }
  cw_dv_work(doc, 4 * doc->n_tokens);
  cw_attr_mentions_build(doc, ms);
  c->ms = ms;
  c->name_tok = cw_attr_name_tokens(doc, ms);
  return CW_OK;
}

/* "“...,” said X.": a reporting verb of the lexicon right after a quotation that hands itself
 * to it, its source after it and its content before. */
static int quote_then_said(const ctx_t *c, const cand_t *cd) {
  return cd->cue.a > 0 && !empty(cd->source) && cd->source.a > cd->cue.b &&
         !empty(cd->content) && cd->content.b < cd->cue.a &&
         attr_quote_comma_before(c, cd->cue.a - 1) && attr_built_in_cue(c, cd->cue.a);
}

/* Candidates from transcript turns and from cues, in text order, appended to the arena-grown
 * array *@p pcand (*@p pn entries, room for *@p pcap). @returns CW_ERR_BUDGET when the
 * deadline has passed. */
static cw_err_t scan_cues(const ctx_t *c, const cw_attr_observer_t *obs, cand_t **pcand,
                          size_t *pn, size_t *pcap, char *errstr, size_t errstr_size) {
  const cw_attr_model_t *m = c->model;
  const cw_docview_t *doc = c->doc;
  cw_attr_cand_fn on_cand = obs ? obs->on_cand : NULL;
  cw_attr_token_fn on_token = obs ? obs->on_token : NULL;
  void *ud = obs ? obs->ud : NULL;
  cand_t *cand = *pcand, *turns;
  size_t cap = *pcap, n = *pn, n_turns, next_turn = 0;
  n_turns = attr_transcript_turns(c, &turns);
  for (size_t i = 0; i < doc->n_tokens; i++) {
    size_t last = i;
    const char *lemma = NULL;
    cw_dv_work(doc, 1);
    if ((i & 1023) == 1023 && cw_dv_expired(doc)) {
      snprintf(errstr, errstr_size, "extraction time budget used up in attribution");
      return CW_ERR_BUDGET;
    }
    if (next_turn < n_turns && i >= turns[next_turn].source.a) {
      /* A speaker's turn is certain and holds no other claim. */
      attr_push_cand(c, &cand, &n, &cap, turns[next_turn]);
      i = turns[next_turn++].content.b;
      continue;
    }
    /* Reporting verbs inside a quotation belong to the quoted speech. */
    if (c->quote_of[i] >= 0) continue;
    int is_cue = attr_cue_at(c, i, &last, &lemma);
    const char *cue_band = "none";  /* the classifier's judgement, a feature of the claim */
    if (c->wh && attr_cue_eligible(c, i)) {
      uint64_t tf[CW_ATTR_NCUEFEAT];
      size_t ntf = attr_cue_features(c, i, tf);
      if (on_token) on_token(ud, doc->tokens, doc->n_tokens, i, tf, ntf);
      if (m && m->n_cue) {
        float sc = attr_cue_score(c, tf, ntf);
        cue_band = sc < -20 ? "m20" : sc < -10 ? "m10" : sc < -5 ? "m5" : sc < 0 ? "m0"
                 : sc < 5 ? "p0" : sc < 10 ? "p5" : "p10";
        if (!is_cue) is_cue = attr_cue_learned(c, i, sc, &last, &lemma);
      }
    }
    /* "the South Bank Show Awards", "Polar Express is based on": a word of a name. */
    if (!is_cue || (c->name_tok && c->name_tok[i])) continue;
    /* "Steve Jobs showed off the laptop", "he was called up to the squad": no report. */
    if (attr_phrasal_action(c, i) || attr_noun_modifier(c, i)) continue;
    /* A headline reports only with a reporting verb of the built-in lexicon ("Mayor says
     * ..."), not with a word only the tables or the classifier take for a cue. */
    if (isalpha((unsigned char)doc->tokens[i].text[0]) && !attr_built_in_cue(c, i) &&
        !cw_str_eq(lemma, "according to") && attr_headline(c, doc->tokens[i].sentence))
      continue;
    /* Nor does a word the tagger reads as a noun with no complement ("some touts offered",
     * "marketing calls apply"), unlike "plans to", "criticism of", "the conclusion that",
     * "Kirk's refusal": the tag is checked for every cue outside the lexicon, whether or not
     * the model's other rules use tags. */
    if (isalpha((unsigned char)doc->tokens[i].text[0]) &&
        !cw_str_eq(lemma, "according to") && attr_noun_tag(doc, i) && last == i &&
        !attr_noun_cue_frame(c, i))
      continue;
    /* A candidate is built from its sentence (the rules scan it) and scored. */
    uint32_t si = doc->tokens[i].sentence;
    cw_dv_work(doc, 16 + (c->sent_hi[si] - c->sent_lo[si]));
    cand_t cd;
    int coord = attr_coordinated(c, cand, n, i, last, lemma, &cd);
    if (!coord && !attr_build(c, i, last, lemma, &cd)) continue;
    if (!empty(cd.content)) cw_dv_work(doc, cd.content.b - cd.content.a + 1);
    if (overlaps(cd.content, cd.cue) || overlaps(cd.source, cd.cue)) continue;
    /* "needless speculation that", "fresh claims that", "cheap calls over the internet": a
     * noun has no source in an adjective modifying it in its own noun phrase (a noun there
     * may name who speaks: "government plans", "newspaper speculation"). */
    if (!empty(cd.source) && cd.source.a == cd.source.b && cd.source.b + 1 == cd.cue.a &&
        doc->tokens[cd.cue.a].pos && strncmp(doc->tokens[cd.cue.a].pos, "NN", 2) == 0 &&
        strncmp(doc->tokens[cd.cue.a].pos, "NNP", 3) != 0 && doc->tokens[cd.source.a].pos &&
        islower((unsigned char)doc->tokens[cd.source.a].text[0]) &&
        strncmp(doc->tokens[cd.source.a].pos, "JJ", 2) == 0)
      cd.source = NO_SPAN;
    /* "Wipro said demand was strong", "the Treasury announced plans to": a word right after a
     * reporting verb opens that verb's content; a subject ending in the verb names nobody. */
    if (!empty(cd.source) && cd.source.b + 1 == cd.cue.a && cd.source.a < cd.source.b &&
        attr_built_in_cue(c, cd.source.b) && finite_after_subject(doc, cd.source.b))
      continue;
    attr_join_split_quote(c, &cd);
    if (m && m->prec_min > 0) {
      /* Cue forms whose claims were mostly wrong in training are dropped. */
      char w[64];
      lower(doc->tokens[i].text, w, sizeof w);
      const attr_entry_t *me = attr_model_find(m, w);
      if (me && me->np >= m->min_count && (double)me->tp < m->prec_min * me->np) continue;
    }
    /* A claim whose content is just another report ("cast, according to X") gives way. */
    int gives_way = n > 0 && cand[n - 1].content.a == cd.cue.a;
    const char *nest = attr_nesting(c, cand, n, &cd);
    if (!gives_way && (cw_str_eq(nest, "n0") || cw_str_eq(nest, "n3"))) {
      /* A report within the first words of an earlier claim's content, with no clause
       * boundary between ("said he did not mention ...", "vowed not to repeat ..."), is part
       * of that content: annotators do not nest attributions. */
      continue;
    }
    if (on_cand || (m && perc_bin_table_count(m->w))) {
      uint64_t f[CW_ATTR_NFEAT];
      size_t nf = attr_cand_features(c, &cd, coord, nest, f);
      f[nf++] = attr_feat("cueclf", cue_band);
      if (on_cand) {
        cw_span_t none = {0, 0};
        /* Training keeps only the right candidates, as a perfect scorer would, so that later
         * candidates see the claims inference keeps (the nesting feature above). */
        if (!on_cand(ud, attr_cp_span(c, cd.cue), empty(cd.source) ? none : attr_cp_span(c, cd.source),
                     !empty(cd.source), attr_cp_span(c, cd.content), f, nf))
          continue;
      } else if (!cw_str_eq(cd.lemma, "dash") && !quote_then_said(c, &cd) &&
                 attr_cand_score(m, f, nf) < m->threshold) {
        /* The learned scorer rejects the candidate. A signed quotation is not scored, nor is
         * "“...,” said X": they are certain (the first too rare in training to learn). */
        continue;
      }
    }
    if (gives_way) n--;
    if (cw_str_eq(nest, "wraps")) {
      /* "Despite A, people do not want B, said Jupiter.": the report that holds an earlier
       * claim's cue in its own content takes that claim in; attributions do not nest. Not a
       * named speaker's "said" ("Kim also said A, the report showed"): that report stands,
       * with the later one inside it. */
      size_t keep = n;
      while (keep > 0 && n - keep < 8 && !empty(cand[keep - 1].cue) &&
             cand[keep - 1].cue.a >= cd.content.a && cand[keep - 1].cue.b <= cd.content.b &&
             !(!empty(cand[keep - 1].source) && cand[keep - 1].lemma &&
               strcmp(cand[keep - 1].lemma, "say") == 0))
        keep--;
      n = keep;
    }
    attr_push_cand(c, &cand, &n, &cap, cd);
    i = last;
  }
  *pcand = cand;
  *pn = n;
  *pcap = cap;
  return CW_OK;
}

cw_err_t cw_attr_find(const cw_attr_model_t *m, const cw_docview_t *doc, cw_claim_t **claims,
                      size_t *n_claims, char *errstr, size_t errstr_size) {
  return cw_attr_find_ex(m, doc, NULL, claims, n_claims, errstr, errstr_size);
}

cw_err_t cw_attr_find_ex(const cw_attr_model_t *m, const cw_docview_t *doc,
                         const cw_attr_observer_t *obs, cw_claim_t **claims, size_t *n_claims,
                         char *errstr, size_t errstr_size) {
  *claims = NULL;
  *n_claims = 0;
  if (!doc || !doc->arena || (doc->n_tokens && (!doc->tokens || !doc->cp_byte))) {
    snprintf(errstr, errstr_size, "attribution: incomplete document view");
    return CW_ERR_INVALID;
  }
  if (doc->n_tokens == 0) return CW_OK;
  ctx_t c;
  cw_attr_mentions_t ms;
  cw_err_t err = ctx_init(&c, m, doc, &ms, errstr, errstr_size);
  if (err != CW_OK) return err;
  /* Token hashes for the cue classifier: only with tags, and when it runs or is trained. */
  if (((obs && obs->on_token) || (m && m->n_cue)) && doc->tokens[0].pos) attr_cue_hash_tokens(&c);
  size_t cap = 64, n = 0;
  cand_t *cand = cw_arena_alloc(doc->arena, cap * sizeof *cand);
  err = scan_cues(&c, obs, &cand, &n, &cap, errstr, errstr_size);
  if (err != CW_OK) return err;
  /* Claims do not nest; cues take their final extent; quotations no cue claimed continue a
   * quoted claim or become unattributed claims. */
  size_t n_attr = n;
  attr_split_nested(&c, cand, n);
  for (size_t k = 0; k < n; k++) {
    attr_cue_extent(&c, &cand[k]);
    attr_raised_subject(&c, &cand[k]);
  }
  attr_quote_claims(&c, &cand, &n, &cap, n_attr);
  attr_split_continued(&c, &cand, &n, &cap);
  return attr_emit_claims(&c, cand, n, claims, n_claims, errstr, errstr_size);
}
