/* attr_cue.c - which tokens open a cue by rule: a reporting verb of the built-in lexicon or
 * the learned cue table, "according to", a poll ("In a poll released Monday, ..."), a colon
 * after a name ("Kerry: “...”") and a dash signing a quotation. The learned classifier that
 * proposes further cue words is attr_cueclf.c. */
#include <string.h>
#include "attr_int.h"
#include "cw_str.h"

static const char *const NOUN_BEFORE[] = {"the", "a", "an", "his", "her", "their", "its", "our",
                                          "this", "that", "these", NULL};

static const char *const POLL_WORDS[] = {"poll", "polls", "survey", "surveys", NULL};

/* Labels that head a paragraph the way a speaker does but name none. */
const char *const ATTR_NOT_SPEAKERS[] = {
  "correction", "update", "updated", "previously", "video", "watch", "note", "editor", "full",
  "text", "read", "more", "related", "breaking", "exclusive", "photo", "photos", "source",
  "sources", "transcript", "warning", "analysis", "opinion", "live", "q", "a", "published",
  "posted", "profile", "background", "timeline", "factbox", "explainer", "obituary",
  "interview", "review", "comment", NULL};

/* Whether token i opens a cue: sets its last token and lemma. */
int attr_cue_at(const ctx_t *c, size_t i, size_t *last, const char **lemma) {
  char w[64];
  lower(c->tk[i].text, w, sizeof w);
  *last = i;
  if (cw_str_eq(w, ":") && i > 0 && i + 1 < c->doc->n_tokens && open_quote_at(c, i + 1)) {
    *lemma = ":";  /* "Kerry: “...”" */
    return 1;
  }
  if (cw_str_eq(w, ":") && i > 0 && i + 1 < c->doc->n_tokens && is_cap(c, i + 1) &&
      !cw_attr_para_break(c->doc, i + 1)) {
    /* A headline or transcript line "Sanders: Clinton Email Story Has Moved." */
    size_t a = i - 1;
    while (a > 0 && i - a <= 5 && !cw_attr_para_break(c->doc, a)) a--;
    int label = 0;
    for (size_t k = a; k < i && !label; k++) label = any_word(c, k, ATTR_NOT_SPEAKERS);
    if (para_start(c, a) && !label && attr_name_chunk(c, a, i - 1)) {
      *lemma = ":";
      return 1;
    }
  }
  if (i > 0 && close_quote_at(c, i - 1) && is_dash(c, i) && i + 1 < c->doc->n_tokens &&
      is_cap(c, i + 1) && !cw_attr_para_break(c->doc, i + 1) && !empty(attr_dash_source(c, i))) {
    *lemma = "dash";  /* "“...” ― Carla Sanchez": a quotation signed by its speaker */
    return 1;
  }
  if (!w[0] || !isalpha((unsigned char)w[0])) return 0;
  if (cw_str_eq(w, "in")) {
    /* "In a poll released Monday, ...": the poll reports what follows the comma. */
    if (c->sent_lo[c->tk[i].sentence] != i) return 0;
    size_t hi = c->sent_hi[c->tk[i].sentence];
    int poll = 0;
    for (size_t k = i + 1; k < hi && k <= i + 14; k++) {
      if (is_word(c, k, ",")) {
        if (!poll || k == i + 1) return 0;
        *lemma = "in";
        return 1;
      }
      if (c->quote_of[k] >= 0 || terminal(c, k)) return 0;
      if (any_word(c, k, POLL_WORDS)) poll = 1;
    }
    return 0;
  }
  if (cw_str_eq(w, "according")) {
    if (i + 1 < c->doc->n_tokens && is_word(c, i + 1, "to")) {
      *last = i + 1;
      *lemma = "according to";
      return 1;
    }
    return 0;
  }
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  attr_token_form(c, i, &lx, &me); /* w's */
  int ok = 0;
  if (lx) {
    *lemma = lx->lemma;
    ok = 1;
    if (me && me->total >= c->model->min_count &&
        (double)me->cue / me->total < c->model->keep_min)
      ok = 0;
    /* "Some technical websites report that ...": a form mostly used as a noun is a verb
     * between a plural subject and "that". */
    if (!ok && i > 0 && i + 1 < c->doc->n_tokens && is_word(c, i + 1, "that") &&
        c->quote_of[i - 1] < 0 &&
        ((c->tk[i - 1].pos && strncmp(c->tk[i - 1].pos, "NNS", 3) == 0) ||
         any_word(c, i - 1, (const char *const[]){"they", "we", "i", "you", NULL})))
      ok = 1;
  } else if (me && me->total >= c->model->min_count &&
             (double)me->cue / me->total >= c->model->add_min) {
    *lemma = me->lemma;
    ok = 1;
  }
  if (!ok) return 0;
  if (c->has_pos) {
    if (!pos_is(c, i, "VB") && !(me && !lx)) return 0;
  } else if (i > 0 && any_word(c, i - 1, NOUN_BEFORE)) {
    return 0;
  }
  /* "an organization backed by ...": a participle modifying a noun reports nothing. */
  if (i + 1 < c->doc->n_tokens && is_word(c, i + 1, "by") && i > 0 &&
      !any_word(c, i - 1, ATTR_BE_FORMS))
    return 0;
  if (cw_str_eq(*lemma, "point")) {
    if (i + 1 < c->doc->n_tokens && is_word(c, i + 1, "out")) *last = i + 1;
    else return 0;
  }
  return 1;
}

/* Whether sentence si is a headline: a paragraph of its own that ends without a full stop
 * ("Borders rail link campaign rally"). Its words are often nouns a tagger reads as verbs. */
int attr_headline(const ctx_t *c, uint32_t si) {
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si];
  if (!para_start(c, lo) || (hi < c->doc->n_tokens && !cw_attr_para_break(c->doc, hi)))
    return 0;
  return !terminal(c, hi - 1) && !cw_attr_is_quote_mark(c->doc, hi - 1) && !is_word(c, hi - 1, ")");
}

int attr_noun_cue_frame(const ctx_t *c, size_t i) {
  static const char *const AFTER[] = {"of", "that", "to", "about", "for", "on", "over", "from",
                                      ":", NULL};
  size_t n = c->doc->n_tokens;
  /* Only inside a common noun phrase ("some touts", "marketing calls", "the show"): after a
   * name or a pronoun the tag is too often wrong ("Blige sings", "what it calls"). */
  const char *pp = i > 0 ? c->tk[i - 1].pos : NULL;
  if (i == 0 || !pp || !c->tk[i - 1].text || !islower((unsigned char)c->tk[i - 1].text[0]) ||
      !(pp[0] == 'N' || pp[0] == 'J' || cw_str_eq(pp, "DT") || cw_str_eq(pp, "CD") ||
        cw_str_eq(pp, "VBG")))
    return 1;
  /* "some say", "each touting": a quantifier is the subject itself; not before a plural
   * noun ("some touts"), which no verb after a plural quantifier is. */
  static const char *const ARTICLES[] = {"the", "a", "an", "this", "that", "these", "those",
                                         "every", "no", NULL};
  if (cw_str_eq(pp, "DT") && !any_word(c, i - 1, ARTICLES) &&
      !(c->tk[i].pos && cw_str_eq(c->tk[i].pos, "NNS")))
    return 1;
  if (i > 0 && (is_word(c, i - 1, "'s") || is_word(c, i - 1, "\xE2\x80\x99s") ||
                any_word(c, i - 1, (const char *const[]){"his", "her", "their", "its", NULL})))
    return 1;
  /* "corroded steel supports that had not been inspected": "that" and a verb right after it
   * is a relative clause on the noun, not the clause it reports ("claims that the firm ..."). */
  static const char *const VERB_NEXT[] = {"had", "has", "have", "was", "were", "is", "are",
                                          "will", "would", "could", "can", "may", "might",
                                          NULL};
  if (i + 2 < n && is_word(c, i + 1, "that") &&
      (any_word(c, i + 2, VERB_NEXT) ||
       (c->tk[i + 2].pos && (cw_str_eq(c->tk[i + 2].pos, "VBD") || cw_str_eq(c->tk[i + 2].pos, "MD")))))
    return 0;
  return i + 1 < n && (any_word(c, i + 1, AFTER) || cw_attr_is_quote_mark(c->doc, i + 1));
}

int attr_phrasal_action(const ctx_t *c, size_t i) {
  static const char *const FORMS[] = {"show", "shows", "showed", "showing", "shown", "call",
                                      "calls", "called", "calling", NULL};
  static const char *const CALL[] = {"call", "calls", "called", "calling", NULL};
  /* "is calling back 17,815 cars", "called in the police": a recall, a summons. */
  return i + 1 < c->doc->n_tokens && any_word(c, i, FORMS) &&
         (is_word(c, i + 1, "off") || is_word(c, i + 1, "up") ||
          (any_word(c, i, CALL) && (is_word(c, i + 1, "back") || is_word(c, i + 1, "in"))));
}

int attr_noun_modifier(const ctx_t *c, size_t i) {
  size_t n = c->doc->n_tokens;
  if (i == 0 || i + 1 >= n || c->tk[i - 1].sentence != c->tk[i].sentence) return 0;
  const char *pp = c->tk[i - 1].pos, *p = c->tk[i].pos, *np = c->tk[i + 1].pos;
  /* "the now formally launched site", "its proposed law": a participle between a determiner
   * and its noun describes the noun (not the verbs that attribute by themselves: "the
   * alleged fraud", "the so-called deal"). */
  static const char *const DET[] = {"the", "a", "an", "this", "that", "these", "those", "its",
                                    "their", "his", "her", "our", "my", "your", NULL};
  static const char *const ATTRIBUTING[] = {"alleged", "reported", "claimed", "purported",
                                            "rumoured", "rumored", "suspected", "accused",
                                            "so-called", NULL};
  size_t tl = strlen(c->tk[i].text);
  if (tl > 3 && cw_str_eq(c->tk[i].text + tl - 2, "ed") && !any_word(c, i, ATTRIBUTING) &&
      np && strncmp(np, "NN", 2) == 0) {
    size_t k = i;
    while (k > 0 && i - k < 3 && c->tk[k - 1].sentence == c->tk[i].sentence &&
           (is_word(c, k - 1, "now") || is_word(c, k - 1, "newly") ||
            (strlen(c->tk[k - 1].text) > 4 &&
             cw_str_eq(c->tk[k - 1].text + strlen(c->tk[k - 1].text) - 2, "ly"))))
      k--;
    if (k > 0 && c->tk[k - 1].sentence == c->tk[i].sentence && any_word(c, k - 1, DET))
      return 1;
  }
  /* "a technology called XDR", "a group named Open Rivers", "a scruffy little Austrian
   * called Adolf": naming, not reporting. */
  static const char *const NAMING[] = {"called", "named", "dubbed", NULL};
  if (any_word(c, i, NAMING) && (is_cap(c, i + 1) || cw_attr_is_quote_mark(c->doc, i + 1)))
    for (size_t k = i - 1; k + 4 >= i && k > c->sent_lo[c->tk[i].sentence]; k--)
      if (is_word(c, k - 1, "a") || is_word(c, k - 1, "an")) return 1;
  int after_noun = (pp && strncmp(pp, "NN", 2) == 0 && strncmp(pp, "NNP", 3) != 0 &&
                    islower((unsigned char)c->tk[i - 1].text[0])) ||
                   is_word(c, i - 1, "those");
  if (!after_noun) return 0;
  /* "36 people accused in connection with the blasts said": a participle after a noun,
   * with a preposition after it, is a reduced relative clause. */
  if (p && cw_str_eq(p, "VBN") && np && cw_str_eq(np, "IN") && !is_word(c, i + 1, "that"))
    return 1;
  /* "approved a tunnel estimated to cost 32 billion crowns": so is a participle before "to". */
  if (p && strcmp(p, "VBN") == 0 && is_word(c, i + 1, "to")) return 1;
  return 0;
}
