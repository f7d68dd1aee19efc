/* attr_frames.c - the frames: each sentence shape that turns a cue into a candidate claim
 * ("X said that ...", "“...,” said X", "According to X, ...", "X, a member of ..., told Y
 * ...", "was reported by X", ...) is one function; attr_build() tries them in order. Also the
 * frames that depend on the claim before ("X said A and said B") and the quotation an
 * attribution interrupts ("“A,” the judge said, “B.”"). */
#include <ctype.h>
#include <string.h>
#include "attr_int.h"
#include "cw_str.h"

static const char *const SUBJ_PREPS[] = {"in", "of", "for", "at", "from", "on", "with", NULL};

/* Whether the sentence starting at token lo directly follows a closed quotation in the same
 * paragraph. */
static int quote_before(const ctx_t *c, size_t lo) {
  return lo > 0 && close_quote_at(c, lo - 1) && !cw_attr_para_break(c->doc, lo);
}

/* "“A,” Jo Kim, director of the center, said of the plan.": the subject with its appositive
 * follows a quotation heading the sentence [lo, hi), and the quotation is the content; the cue
 * [.., c1] follows the comma at j. */
static int quote_headed(const ctx_t *c, size_t lo, size_t j, size_t c1, size_t hi,
                        const char *lemma, cand_t *out) {
  int32_t q0 = c->quote_of[lo];
  if (q0 < 0 || c->quotes[q0].open != lo || !c->quotes[q0].closed ||
      c->quotes[q0].close + 2 >= j || !attr_quote_comma_before(c, c->quotes[q0].close) ||
      cw_str_eq(lemma, ":") || !attr_tail_is_short(c, attr_after_object(c, c1 + 1, hi, lemma), hi))
    return 0;
  size_t s0 = c->quotes[q0].close + 1;
  tspan_t a = attr_appositive_subject(c, j, s0);
  if (empty(a)) a = attr_long_subject(c, s0, j);
  if (empty(a) || a.a != s0 || !is_cap(c, s0)) return 0;
  out->source = a;
  out->content = (tspan_t){c->quotes[q0].open, c->quotes[q0].close};
  return 1;
}

/* ---------------------------------------------------------------- frames */

/* What a frame sees: the cue [c0, c1] with its lemma in the sentence [lo, hi); aux is the
 * first of the auxiliaries and adverbs right before the cue ("has also said"), j the token
 * before them (only when aux > lo: the frames after frame_sentence_initial()). */
typedef struct {
  const ctx_t *c;
  size_t c0, c1, lo, hi, aux, j;
  size_t tj;  /* j before a time phrase was skipped ("a poll in late August found"), or j */
  const char *lemma;
} frame_t;

/* A frame fills the source and content of *out and returns 1 (a candidate) or 0 (no claim at
 * this cue), or returns FRAME_NEXT, leaving *out as it was, when the sentence does not have
 * its shape. */
#define FRAME_NEXT (-1)
typedef int (*frame_fn)(const frame_t *f, cand_t *out);

/* "“...” ― Carla Sanchez": a quotation signed by its speaker after a dash. */
static int frame_dash(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  if (!cw_str_eq(f->lemma, "dash")) return FRAME_NEXT;
  const cw_attr_quote_t *q = &c->quotes[c->quote_of[f->c0 - 1]];
  out->source = attr_dash_source(c, f->c0);
  out->content = (tspan_t){q->open, q->close};
  return !empty(out->source);
}

/* "In a poll released Monday, ...": the poll reports what follows the comma. */
static int frame_poll(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c1 = f->c1, hi = f->hi;
  if (!cw_str_eq(f->lemma, "in")) return FRAME_NEXT;
  size_t k = c1 + 1;
  while (k < hi && !is_word(c, k, ",")) k++;
  if (k >= hi || k == c1 + 1) return 0;
  out->source = (tspan_t){(uint32_t)(c1 + 1), (uint32_t)(k - 1)};
  out->content = attr_clause_from(c, k + 1, hi);
  return !empty(out->content);
}

/* "According to X, ...", "... , according to X": the source follows the cue, the content is
 * the rest of the clause on either side. */
static int frame_according(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c0 = f->c0, c1 = f->c1, lo = f->lo, hi = f->hi;
  if (!cw_str_eq(f->lemma, "according to")) return FRAME_NEXT;
  tspan_t s = attr_np_forward(c, c1 + 1, hi);
  if (empty(s)) return 0;
  out->source = s;
  size_t after = s.b + 1;
  if (c0 == lo || (c0 > lo && c0 - 1 == lo && (is_word(c, lo, "but") || is_word(c, lo, "and")))) {
    while (after < hi && is_word(c, after, ",")) after++;
    out->content = attr_clause_from(c, after, hi);
  } else if (c0 > lo) {
    size_t b = c0 - 1;
    if (!is_word(c, b, ",")) {
      out->content = (tspan_t){(uint32_t)lo, (uint32_t)b};
    } else {
      out->content = attr_backward_content(c, b, lo);
    }
  }
  return !empty(out->content);
}

/* "“Why not?” asked Clinton.": an inverted report opening the sentence right after the
 * quotation it attributes. */
static int frame_inverted_after_quote(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t lo = f->lo, hi = f->hi;
  if (f->aux != lo || !quote_before(c, lo)) return FRAME_NEXT;
  tspan_t s = attr_inverted_source(c, f->c1 + 1, hi);
  if (empty(s) || !attr_tail_is_short(c, s.b + 1, hi)) return FRAME_NEXT;
  const cw_attr_quote_t *q = &c->quotes[c->quote_of[lo - 1]];
  out->source = s;
  out->content = (tspan_t){q->open, q->close};
  return 1;
}

/* "House prices rebound says Halifax", "More reforms ahead, says Milburn": a headline ending
 * in the verb and a name reports the words before them. */
static int frame_headline_inverted(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t lo = f->lo, hi = f->hi, c1 = f->c1;
  /* verbs whose object is not whom they address ("Blair tells EU" names the addressee) */
  static const char *const SAYS[] = {"says", "said", "warns", "warned", "claims", "insists",
                                     "predicts", "admits", "believes", "fears", NULL};
  if (f->c0 != c1 || !any_word(c, f->c0, SAYS)) return FRAME_NEXT;
  if (f->c0 == lo || c1 + 1 >= hi || hi - (c1 + 1) > 3 || !attr_headline(c, c->tk[f->c0].sentence))
    return FRAME_NEXT;
  for (size_t k = c1 + 1; k < hi; k++)
    if (!is_cap(c, k) || c->quote_of[k] >= 0) return FRAME_NEXT;
  size_t e = f->c0;
  while (e > lo && is_word(c, e - 1, ",")) e--;
  if (e == lo) return FRAME_NEXT;
  out->source = (tspan_t){(uint32_t)(c1 + 1), (uint32_t)(hi - 1)};
  out->content = (tspan_t){(uint32_t)lo, (uint32_t)(e - 1)};
  return 1;
}

/* "Said Ellis: “...”": an inverted report before the quotation it introduces. */
static int frame_inverted_before_quote(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t hi = f->hi;
  if (f->aux != f->lo || !attr_built_in_cue(c, f->c0)) return FRAME_NEXT;
  tspan_t s = attr_np_forward(c, f->c1 + 1, hi);
  size_t k = empty(s) ? hi : s.b + 1;
  if (!(k + 1 < c->doc->n_tokens && (is_word(c, k, ":") || is_word(c, k, ",")) &&
        open_quote_at(c, k + 1) && is_cap(c, s.a)))
    return FRAME_NEXT;
  const cw_attr_quote_t *q = &c->quotes[c->quote_of[k + 1]];
  out->source = s;
  out->content = (tspan_t){q->open, q->close};
  return 1;
}

/* A cue opening its sentence without either quotation frame: only "Asked whether ...", a
 * question put to an unnamed source, is a claim. */
static int frame_sentence_initial(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c1 = f->c1, hi = f->hi;
  if (f->aux != f->lo) return FRAME_NEXT;
  if (c1 + 1 < hi && (is_word(c, c1 + 1, "whether") || is_word(c, c1 + 1, "if") ||
                      is_word(c, c1 + 1, "about") || is_word(c, c1 + 1, "what") ||
                      is_word(c, c1 + 1, "how") || is_word(c, c1 + 1, "why"))) {
    out->content = attr_forward_content(c, c1 + 1, f->lo, hi, f->lemma);
    if (!empty(out->content)) {
      /* The comma ends the question; what follows is the answer. */
      for (uint32_t i = out->content.a; i <= out->content.b; i++)
        if (is_word(c, i, ",") && i > out->content.a) {
          out->content.b = i - 1;
          break;
        }
      return 1;
    }
  }
  return 0;
}

/* "Cruz, who said he would ...": the source is the relative pronoun with the noun phrase it
 * stands for ("Cruz, who"), so that it names the speaker; without one, the pronoun alone. */
static int frame_relative(const frame_t *f, cand_t *out) {
  static const char *const SHARE[] = {"many", "most", "some", "all", "several", "few", "both",
                                      "each", "none", "one", "two", "three", "half", NULL};
  const ctx_t *c = f->c;
  size_t j = f->j, lo = f->lo, end = f->j;
  /* "the families, many of whom say ...": the share of the antecedent is the relative. */
  if (is_word(c, j, "whom") && j >= lo + 3 && is_word(c, j - 1, "of") && any_word(c, j - 2, SHARE))
    j -= 2;
  else if (!((is_word(c, j, "who") || is_word(c, j, "which")) && j > lo))
    return FRAME_NEXT;
  tspan_t ante = NO_SPAN;
  if (j >= lo + 2 && is_word(c, j - 1, ",")) {
    /* "Ann Kirk, the party's leader, who": the name with its description. */
    ante = attr_appositive_subject(c, j - 1, lo);
    if (empty(ante)) ante = attr_np_backward(c, j - 2, lo);
    /* "Staunton, 49, who": the age is an aside; the name comes before it. */
    if (!empty(ante) && ante.a == ante.b && isdigit((unsigned char)c->tk[ante.a].text[0]) &&
        ante.a >= lo + 2 && is_word(c, ante.a - 1, ","))
      ante = attr_np_backward(c, ante.a - 2, lo);
  } else if (j >= lo + 1) {
    ante = attr_np_backward(c, j - 1, lo);  /* "opinion polls which suggest" */
  }
  /* "The museum thanked Ann Kirk, who": the phrase starts after a verb the tagger saw. */
  for (uint32_t k = empty(ante) ? 1 : ante.b; !empty(ante) && k > ante.a; k--)
    if (c->tk[k - 1].pos && c->tk[k - 1].pos[0] == 'V' && islower((unsigned char)c->tk[k - 1].text[0])) {
      ante.a = k;
      break;
    }
  out->source = (tspan_t){empty(ante) ? (uint32_t)j : ante.a, (uint32_t)end};
  out->content = attr_forward_content(c, f->c1 + 1, lo, f->hi, f->lemma);
  return !empty(out->content);
}

/* "Kim voted no but said the bill ...": a second verb of the sentence's subject. */
static int frame_second_verb(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t j = f->j, lo = f->lo;
  if (!((is_word(c, j, "and") || is_word(c, j, "but") || is_word(c, j, "yet")) && j > lo + 1 &&
        c->quote_of[j] < 0 && !cw_str_eq(f->lemma, ":")))
    return FRAME_NEXT;
  size_t s0 = lo;
  while (s0 < j && (attr_adverbial(c, s0) || is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
  tspan_t s = attr_np_forward(c, s0, j);
  if (!(!empty(s) && s.b + 1 < j && !is_word(c, s.b + 1, ",") &&
        (is_cap(c, s.a) || attr_single_pronoun(c, s.a))))
    return FRAME_NEXT;
  out->source = s;
  out->content = attr_forward_content(c, f->c1 + 1, lo, f->hi, f->lemma);
  return !empty(out->content);
}

/* "X did this, saying that ...", "X responded by saying ...", "before insisting ...": the
 * participle reports for the sentence's subject. */
static int frame_participle(const frame_t *f, cand_t *out) {
  static const char *const GERUND_PREPS[] = {"by", "before", "after", "while", "in", "despite",
                                             NULL};
  const ctx_t *c = f->c;
  size_t c0 = f->c0, j = f->j, lo = f->lo;
  size_t cl = strlen(c->tk[c0].text);
  if (!((is_word(c, j, ",") || (any_word(c, j, GERUND_PREPS) && attr_built_in_cue(c, c0))) &&
        cl > 4 && cw_str_eq(c->tk[c0].text + cl - 3, "ing") && !(c->quote_of[j] >= 0)))
    return FRAME_NEXT;
  size_t s0 = lo;
  while (s0 < j && (attr_adverbial(c, s0) || is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
  /* "Earlier, writing in the paper, the minister conceded ...": a sentence adverb is no
   * subject; the participle's subject comes after it. */
  if (j == lo + 1 && c->tk[lo].pos && strncmp(c->tk[lo].pos, "RB", 2) == 0) return 0;
  tspan_t s = attr_np_forward(c, s0, j);
  if (!(!empty(s) && (is_cap(c, s.a) || attr_single_pronoun(c, s.a)))) return FRAME_NEXT;
  out->source = s;
  out->content = attr_forward_content(c, f->c1 + 1, lo, f->hi, f->lemma);
  if (!empty(out->content) && !is_word(c, j, ",") && j > lo && is_word(c, j - 1, ",")) {
    /* "X, despite admitting that A, did B": the aside ends at its closing comma. */
    for (uint32_t k = out->content.a + 1; k <= out->content.b; k++)
      if (is_word(c, k, ",") && c->quote_of[k] < 0) {
        out->content.b = k - 1;
        break;
      }
  }
  return !empty(out->content);
}

/* "..., said X.": a cue after a comma or a closing quotation mark, with its source after it
 * and its content before. */
static int frame_inverted(const frame_t *f, cand_t *out) {
  /* "“A,” Jo Kim, director of the center, said of the plan." before "..., said X.", which
   * would take "of the plan" for the speaker. */
  static const char *const PREP[] = {"of", "about", "on", "in", "at", "for", "with", "to",
                                     "from", "by", NULL};
  const ctx_t *c = f->c;
  size_t c1 = f->c1, j = f->j, lo = f->lo, hi = f->hi;
  if (!(is_word(c, j, ",") || close_quote_at(c, j))) return FRAME_NEXT;
  if (is_word(c, j, ",") && c1 + 1 < hi && any_word(c, c1 + 1, PREP) &&
      quote_headed(c, lo, j, c1, hi, f->lemma, out))
    return 1;
  /* "Ann Kirk, the mayor's deputy, noted the rule in ...": a name with its description
   * heading the sentence is the subject of the cue, not what an inverted report says. */
  if (!attr_quote_comma_before(c, j) && attr_built_in_cue(c, f->c0) &&
      attr_name_and_description(c, lo, j))
    return FRAME_NEXT;
  tspan_t s = attr_inverted_source(c, c1 + 1, hi);
  size_t tail = empty(s) ? c1 + 1 : s.b + 1;
  /* "..., said he." ends there; "..., said he voted ..." starts a new report. */
  int pron_ok = empty(s) || s.a != s.b || !attr_single_pronoun(c, s.a) ||
                attr_content_end(c, tail, hi) <= tail || is_word(c, tail, ",");
  if (!(!empty(s) && pron_ok &&
        (attr_tail_is_short(c, tail, hi) ||
         (attr_quote_comma_before(c, j) && !attr_tail_reports(c, tail, hi)))))
    return FRAME_NEXT;
  out->source = s;
  out->content = attr_backward_content(c, j, lo);
  return !empty(out->content);
}

/* "X, a member of ..., told Y that ...": a subject with its appositive before the comma that
 * precedes the cue. A cue after a closing quotation mark that frame_inverted() did not take
 * is no claim. */
static int frame_appositive(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c1 = f->c1, j = f->j, lo = f->lo, hi = f->hi;
  const char *lemma = f->lemma;
  if (!is_word(c, j, ",")) return close_quote_at(c, j) ? 0 : FRAME_NEXT;
  tspan_t a = attr_appositive_subject(c, j, lo);
  /* "Sen. Jo Reed (D-R.I.), said ...": a stray comma after a name heading the sentence. */
  if (empty(a) && j > lo) {
    size_t s0 = lo;
    while (s0 < j && (is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
    tspan_t nm = attr_np_backward(c, j - 1, s0);
    if (!empty(nm) && nm.a == s0 && is_cap(c, nm.a) && attr_name_chunk(c, nm.a, nm.b))
      a = nm;
    else if (!empty(nm) && nm.a == s0 && is_word(c, nm.b, ")") && is_cap(c, nm.a))
      a = nm;
  }
  if (!empty(a)) {
    out->source = a;
    if (a.a > lo && (is_word(c, a.a - 1, ",") || close_quote_at(c, a.a - 1)) &&
        attr_tail_is_short(c, attr_after_object(c, c1 + 1, hi, lemma), hi)) {
      out->content = attr_backward_content(c, a.a - 1, lo);
      if (!empty(out->content)) return 1;
    }
    out->content = attr_forward_content(c, c1 + 1, lo, hi, lemma);
    return !empty(out->content);
  }
  a = attr_long_subject(c, lo, j);
  if (!empty(a) && !cw_str_eq(lemma, ":")) {
    out->source = a;
    out->content = attr_forward_content(c, c1 + 1, lo, hi, lemma);
    return !empty(out->content);
  }
  if (quote_headed(c, lo, j, c1, hi, lemma, out)) return 1;
  return 0;
}

/* Passive: "was reported by X". */
static int frame_passive_agent(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c0 = f->c0, c1 = f->c1, lo = f->lo, hi = f->hi;
  if (!(c1 + 1 < hi && is_word(c, c1 + 1, "by") && c0 > lo &&
        (is_word(c, c0 - 1, "was") || is_word(c, c0 - 1, "were") || is_word(c, c0 - 1, "been") ||
         is_word(c, c0 - 1, "is") || is_word(c, c0 - 1, "are"))))
    return FRAME_NEXT;
  tspan_t s = attr_np_forward(c, c1 + 2, hi);
  if (empty(s)) return 0;
  out->source = s;
  out->content = attr_forward_content(c, s.b + 1, lo, hi, f->lemma);
  /* "The mayor was asked by the council to review the plan": the subject of a passive "ask",
   * "tell", "urge" is who was addressed; the content is what follows the agent, if anything. */
  static const char *const ADDRESSED[] = {"ask", "tell", "urge", "warn", "advise", "invite",
                                          "inform", "order", "instruct", "encourage", "press",
                                          "call", NULL};
  int addressed = 0;
  for (size_t k = 0; ADDRESSED[k] && !addressed; k++) addressed = cw_str_eq(f->lemma, ADDRESSED[k]);
  if (addressed) {
    size_t k = s.b + 1;
    return k < hi && !empty(out->content) &&
           (is_word(c, k, "to") || is_word(c, k, "that") || is_word(c, k, "whether") ||
            is_word(c, k, "if") || is_word(c, k, "about") || is_word(c, k, "what") ||
            is_word(c, k, "how") || is_word(c, k, "why") || is_word(c, k, "when"));
  }
  if (empty(out->content) || !is_word(c, s.b + 1, "that")) {
    size_t e = c0 - 2;
    /* "Kim, meanwhile, is supported by ...": the subject before a short aside. */
    if (e > lo + 2 && is_word(c, e, ",")) {
      size_t k = e - 1;
      while (k > lo && e - k <= 3 && !is_word(c, k, ",")) k--;
      if (k > lo && is_word(c, k, ",") && e - k <= 3) e = k - 1;
    }
    tspan_t subj = attr_np_backward(c, e, lo);
    if (empty(subj)) {
      /* No subject to be the content: the frames after this one decide. */
      out->source = out->content = NO_SPAN;
      return FRAME_NEXT;
    }
    out->content = subj;
  }
  return !empty(out->content);
}

/* Passive without an agent ("was asked whether ..."): the report has no source. */
static int frame_passive_bare(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c0 = f->c0, c1 = f->c1, hi = f->hi;
  size_t cl0 = strlen(c->tk[c0].text);
  int participle = cl0 > 3 && !cw_str_eq(c->tk[c0].text + cl0 - 3, "ing") &&
                   (cw_str_eq(c->tk[c0].text + cl0 - 2, "ed") || is_word(c, c0, "told") ||
                    is_word(c, c0, "said") || is_word(c, c0, "written") || is_word(c, c0, "known") ||
                    is_word(c, c0, "shown") || is_word(c, c0, "thought") || is_word(c, c0, "found"));
  /* "critics are concerned that ...": a participle naming a feeling or a conviction describes
   * its subject, who holds the view; it is no passive report. */
  static const char *const STATE[] = {"concerned", "worried", "convinced", "pleased",
                                      "disappointed", "surprised", "satisfied", "determined",
                                      "delighted", "frustrated", "alarmed", "encouraged",
                                      "dismayed", "troubled", "shocked", "relieved",
                                      "unconvinced", "disturbed", "angered", NULL};
  if (any_word(c, c0, STATE)) participle = 0;
  for (size_t i = f->j + 1; participle && i < c0; i++) {
    if (any_word(c, i, ATTR_BE_FORMS) && !(c1 + 1 < hi && is_word(c, c1 + 1, "by"))) {
      out->content = attr_forward_content(c, c1 + 1, f->lo, hi, f->lemma);
      return !empty(out->content);
    }
  }
  return FRAME_NEXT;
}

/* "Ann Kirk at Ashford on the coast in the South East said", "the woman from Leeds says":
 * a chain of place phrases after the subject's head joins the subject (the head, which names
 * the speaker, comes first). Each phrase must name a place: a capitalised word first. */
static tspan_t place_chain(const ctx_t *c, tspan_t subj, size_t lo) {
  static const char *const LOC_PREPS[] = {"at", "in", "on", "from", "near", NULL};
  for (int k = 0; k < 4 && !empty(subj) && subj.a > lo + 1; k++) {
    size_t p = subj.a - 1, h = subj.a + (is_word(c, subj.a, "the") && subj.a < subj.b);
    if (!any_word(c, p, LOC_PREPS) || !is_cap(c, h) || c->quote_of[p] >= 0) break;
    tspan_t left = attr_np_backward(c, p - 1, lo);
    if (empty(left) || attr_single_pronoun(c, left.b)) break;
    subj.a = left.a;
  }
  return subj;
}

/* "All the engineers I interviewed said", "everyone we spoke to said": a subject whose noun
 * phrase carries a relative clause of its own pronoun and verb, ending at token j; NO_SPAN
 * when the words before the cue do not have that shape. */
static tspan_t contact_clause_subject(const ctx_t *c, size_t j, size_t lo) {
  static const char *const PRON[] = {"i", "we", "they", "he", "she", "you", NULL};
  static const char *const STRAND[] = {"to", "with", "about", "for", "from", NULL};
  size_t k = j;
  if (k > lo && any_word(c, k, STRAND)) k--;
  const char *p = c->tk[k].pos;
  if (!p || !(strcmp(p, "VBD") == 0 || strcmp(p, "VBP") == 0 || strcmp(p, "VBN") == 0) ||
      !islower((unsigned char)c->tk[k].text[0]) || k < lo + 2 || !any_word(c, k - 1, PRON))
    return NO_SPAN;
  size_t h = k - 2;
  if (is_word(c, h, "that") || is_word(c, h, "who") || is_word(c, h, "whom")) {
    if (h <= lo) return NO_SPAN;
    h--;
  }
  if (c->quote_of[h] >= 0) return NO_SPAN;
  tspan_t np = attr_np_backward(c, h, lo);
  if (empty(np) || attr_single_pronoun(c, np.b)) return NO_SPAN;
  return (tspan_t){np.a, (uint32_t)j};
}

/* The subject ending at token j before the verb: a noun phrase, one before an aside set off by
 * dashes or a parenthesis, or a long subject heading the sentence; NO_SPAN when none. */
static tspan_t verb_subject(const frame_t *f) {
  const ctx_t *c = f->c;
  size_t j = f->j, lo = f->lo;
  if (f->tj != j && strcmp(f->lemma, ":") != 0) {
    /* "Large groups of fishermen from the harbors on Friday said": the long subject that ran
     * up to the time phrase, without it. */
    tspan_t ls = attr_long_subject(c, lo, f->tj);
    if (!empty(ls) && ls.a < j) return (tspan_t){ls.a, (uint32_t)j};
  }
  tspan_t subj = contact_clause_subject(c, j, lo);
  if (!empty(subj)) return subj;
  subj = place_chain(c, attr_np_backward(c, j, lo), lo);
  if (empty(subj) && j > lo + 2 && (is_dash(c, j) || is_word(c, j, ")"))) {
    /* "Jo Sims — a teacher from Keene — says", "Sen. Kim (a Democrat from ...) says": the
     * subject before an aside set off by dashes or a parenthesis. */
    int paren = is_word(c, j, ")");
    size_t k = j - 1;
    while (k > lo && j - k < 40 && !(paren ? is_word(c, k, "(") : is_dash(c, k)) &&
           !terminal(c, k))
      k--;
    if (k > lo && k + 1 < j && (paren ? is_word(c, k, "(") : is_dash(c, k))) {
      tspan_t in = attr_np_backward(c, k - 1, lo);
      if (!empty(in) && (is_cap(c, in.a) || any_word(c, in.a, ATTR_DETS)))
        subj = (tspan_t){in.a, (uint32_t)(paren ? j : j - 1)};
    }
  }
  if (empty(subj) && !cw_str_eq(f->lemma, ":")) subj = attr_long_subject(c, lo, j);
  return subj;
}

/* The subject @p subj widened to the left: a name before its description, a determiner
 * phrase with a prepositional phrase right after a quotation. */
static tspan_t widen_subject(const frame_t *f, tspan_t subj) {
  const ctx_t *c = f->c;
  size_t lo = f->lo;
  /* A pronoun is no description: in "... his party, the Respect Coalition, he said" the name
   * before the comma belongs to an earlier phrase, not to "he". */
  int pronoun = subj.a == subj.b && attr_single_pronoun(c, subj.a);
  /* "The market, a former minister once said, has no morality": a report set off by commas
   * inside the clause it reports; the words before it are the content's subject, not a name
   * the speaker's description follows. */
  int parenthetical = f->c1 + 2 < f->hi && is_word(c, f->c1 + 1, ",") &&
                      !cw_attr_is_quote_mark(c->doc, f->c1 + 2);
  if (!pronoun && !parenthetical && subj.a > lo && is_word(c, subj.a - 1, ",")) {
    /* "Zhou Hongyi, a member of ... revealed": the name joins its description. */
    if (subj.a >= lo + 2 && attr_name_chunk(c, attr_chunk_start(c, subj.a - 2, lo), subj.a - 2)) {
      subj.a = (uint32_t)attr_chunk_start(c, subj.a - 2, lo);
    }
  }
  if (subj.a > lo) {
    /* "“Why not?” a narrator in the ad asks.": a subject with a prepositional phrase right
     * after a quotation. */
    size_t k = subj.a;
    while (k > lo && subj.a - k < 8 && (attr_np_token(c, k - 1) || any_word(c, k - 1, SUBJ_PREPS)))
      k--;
    if (k < subj.a && any_word(c, k, ATTR_DETS) &&
        ((k == lo && quote_before(c, lo)) || (k > lo && close_quote_at(c, k - 1))))
      subj.a = (uint32_t)k;
  }
  return subj;
}

/* The content of a report whose subject starts at token @p b: "..., as police have said",
 * "As Reuters reported, ...", a quotation before the sentence, the clause before a comma, or
 * the clause after the cue. */
static int subject_content(const frame_t *f, size_t b, cand_t *out) {
  const ctx_t *c = f->c;
  size_t c0 = f->c0, c1 = f->c1, lo = f->lo, hi = f->hi;
  const char *lemma = f->lemma;
  if (b > lo && is_word(c, b - 1, "as") && c->quote_of[b - 1] < 0 && attr_built_in_cue(c, c0)) {
    size_t ta = attr_after_object(c, c1 + 1, hi, lemma);
    if (b - 1 > lo && is_word(c, b - 2, ",") && attr_content_end(c, ta, hi) <= ta) {
      /* "It did not say whether he had a gun, as police have said.": what came before. */
      out->content = attr_backward_content(c, b - 2, lo);
      return !empty(out->content);
    }
    if (b - 1 == lo && !(c1 + 1 < hi && is_word(c, c1 + 1, "about"))) {
      /* "As Reuters reported on Monday, the bill ...": what follows the comma. */
      size_t k = c1 + 1;
      while (k < hi && k <= c1 + 15 && !is_word(c, k, ",") && !cw_attr_is_quote_mark(c->doc, k))
        k++;
      if (k + 1 < hi && is_word(c, k, ",")) out->content = attr_clause_from(c, k + 1, hi);
      return !empty(out->content);
    }
  }
  if (b == lo && quote_before(c, lo) && attr_tail_is_short(c, attr_after_object(c, c1 + 1, hi, lemma), hi)) {
    /* "“Why not?” Clinton asked.": the sentence splitter cut after the quotation. */
    const cw_attr_quote_t *q = &c->quotes[c->quote_of[lo - 1]];
    out->content = (tspan_t){q->open, q->close};
    return 1;
  }
  if (b > lo) {
    b--;
    size_t ta = attr_after_object(c, c1 + 1, hi, lemma);
    /* "The market, a former minister once said, has no morality": the clause resumes after
     * the report; its predicate is what was said. */
    size_t v = ta + 1, vl = v < hi ? strlen(c->tk[v].text) : 0;
    int resumes = is_word(c, b, ",") && ta < hi && is_word(c, ta, ",") && v < hi &&
                  !cw_attr_is_quote_mark(c->doc, v) &&
                  !(vl > 4 && cw_str_eq(c->tk[v].text + vl - 3, "ing")) &&
                  !attr_tail_is_short(c, v, hi);
    if (!resumes && (is_word(c, b, ",") || close_quote_at(c, b)) &&
        (attr_tail_is_short(c, ta, hi) || (attr_quote_comma_before(c, b) && !attr_tail_reports(c, ta, hi)))) {
      out->content = attr_backward_content(c, b, lo);
      /* "In an interview on “Face the Nation,” Ryan said the plan ...": a phrase setting the
       * scene before the subject is not what was said; the words after the cue are. */
      if (!empty(out->content) && !attr_fronted_adjunct(c, out->content)) return 1;
      /* "With thousands of systems, “there is no single point of failure,” he said": the
       * quotation after the scene-setting phrase is. */
      if (!empty(out->content) && close_quote_at(c, b) &&
          attr_tail_is_short(c, attr_after_object(c, c1 + 1, hi, lemma), hi)) {
        const cw_attr_quote_t *q = &c->quotes[c->quote_of[b]];
        if (q->open > out->content.a) {
          out->content = (tspan_t){q->open, q->close};
          return 1;
        }
      }
    }
  }
  out->content = attr_forward_content(c, c1 + 1, lo, hi, lemma);
  if (empty(out->content) && c1 + 2 == hi && is_word(c, c1 + 1, ":") && hi < c->doc->n_tokens &&
      cw_attr_para_break(c->doc, hi) && c->quote_of[hi] < 0) {
    /* "The governor added:" closing its paragraph: the next paragraph is what was said, set
     * off as a block rather than quoted. */
    size_t e = c->para_cut[hi];
    while (e > hi + 1 && terminal(c, e - 1)) e--;
    if (e > hi) out->content = (tspan_t){(uint32_t)hi, (uint32_t)(e - 1)};
  }
  return !empty(out->content);
}

/* "X said that ...", "X said.": the subject before the verb. */
static int frame_subject(const frame_t *f, cand_t *out) {
  const ctx_t *c = f->c;
  tspan_t subj = verb_subject(f);
  if (empty(subj)) return 0;
  if (cw_str_eq(f->lemma, ":")) {
    /* A colon reports only for a bare name heading its sentence. */
    if (subj.a != f->lo || f->j + 1 != f->c0 || !is_cap(c, subj.a)) return 0;
    out->source = subj;
    out->content = attr_forward_content(c, f->c1 + 1, f->lo, f->hi, f->lemma);
    return !empty(out->content);
  }
  subj = widen_subject(f, subj);
  out->source = subj;
  return subject_content(f, subj.a, out);
}

/* The frames in the order they are tried; the last one always decides. The first three are
 * chosen by the cue's lemma; the next three take a cue opening its sentence (the third of them
 * always decides one), so the frames after them have a token j before the cue. */
static const frame_fn FRAMES[] = {
    frame_dash,
    frame_headline_inverted,
    frame_poll,
    frame_according,
    frame_inverted_after_quote,
    frame_inverted_before_quote,
    frame_sentence_initial,
    frame_relative,
    frame_second_verb,
    frame_participle,
    frame_passive_agent,
    frame_inverted,
    frame_appositive,
    frame_passive_bare,
    frame_subject,
};

/* The source @p s without what opens its sentence before the subject: a connective ("But",
 * "However,", "Meanwhile,") or a fronted phrase up to its comma ("On Monday,", "Looking
 * ahead,", "Speaking outside the school,", "In January 2004,"). */
static tspan_t trim_source_lead(const ctx_t *c, tspan_t s) {
  static const char *const CONNECTIVES[] = {"but", "and", "yet", "so", "however", "meanwhile",
                                            "now", "also", "still", "instead", "indeed",
                                            "moreover", "furthermore", "then", "thus", NULL};
  static const char *const FRONT[] = {"in", "on", "at", "after", "before", "following",
                                      "during", "despite", "with", "for", "since", "under",
                                      "over", "like", "unlike", "among", "speaking", "looking",
                                      "writing", "asked", "talking", "addressing", NULL};
  if (empty(s)) return s;
  static const char *const WHEN[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                     "saturday", "sunday", "january", "february", "march",
                                     "april", "may", "june", "july", "august", "september",
                                     "october", "november", "december", NULL};
  if (empty(s)) return s;
  while (s.a < s.b && any_word(c, s.a, CONNECTIVES) && is_cap(c, s.a)) {
    s.a++;
    if (is_word(c, s.a, ",")) s.a++;
  }
  if (s.a > s.b || (s.a == s.b && is_punct_tok(c, s.a))) return NO_SPAN;
  if (s.a < s.b && is_cap(c, s.a) && any_word(c, s.a, FRONT)) {
    /* A name in the phrase may be what the comma's apposition describes ("At the time Lord
     * Woolf, the Lord Chief Justice, said"): then only a name or a pronoun after the comma
     * begins the subject. */
    int named = 0;
    for (uint32_t k = s.a + 1; k < s.b && k <= s.a + 12; k++) {
      if (c->quote_of[k] >= 0) break;
      if (is_word(c, k, ",")) {
        int name_next = is_cap(c, k + 1) && !any_word(c, k + 1, ATTR_DETS);
        if (name_next || attr_single_pronoun(c, k + 1) || (!named && k + 1 <= s.b))
          s.a = k + 1;
        break;
      }
      named |= is_cap(c, k) && !any_word(c, k, WHEN);
    }
  }
  return s;
}

int attr_build(const ctx_t *c, size_t c0, size_t c1, const char *lemma, cand_t *out) {
  uint32_t si = c->tk[c0].sentence;
  frame_t f = {.c = c, .c0 = c0, .c1 = c1, .lo = c->sent_lo[si], .hi = c->sent_hi[si],
               .lemma = lemma};
  out->cue = (tspan_t){(uint32_t)c0, (uint32_t)c1};
  out->lemma = lemma;
  out->source = NO_SPAN;
  out->content = NO_SPAN;
  /* Subject to the left, skipping auxiliaries and adverbs. */
  f.aux = c0;
  while (f.aux > f.lo && attr_adverbial(c, f.aux - 1)) f.aux--;
  f.j = f.aux > f.lo ? f.aux - 1 : f.aux;
  f.tj = f.j;
  if (f.aux > f.lo) {
    /* "A poll in late August found", "who in 2010 said": a time phrase between the subject
     * and its verb is neither. */
    size_t t = attr_time_phrase_start(c, f.j, f.lo);
    if (t <= f.j) f.j = t - 1;
    /* "a report released on Wednesday found": a participle before the time phrase belongs
     * to the subject's noun phrase. */
    const char *pj = c->tk[f.j].pos;
    if (t <= f.tj && f.j > f.lo + 1 && pj && cw_str_eq(pj, "VBN") && c->tk[f.j - 1].pos &&
        strncmp(c->tk[f.j - 1].pos, "NN", 2) == 0)
      f.j--;
  }
  int r = 0;
  for (size_t k = 0; k < sizeof FRAMES / sizeof FRAMES[0]; k++) {
    r = FRAMES[k](&f, out);
    if (r != FRAME_NEXT) break;
  }
  if (r != 1) return 0;
  /* "They could not resist pointing out ...": a lone verb (as tagged, whether or not the
   * model's other rules use tags) before the cue is no source. */
  const char *sp =
      !empty(out->source) && out->source.a == out->source.b ? c->tk[out->source.a].pos : NULL;
  if (sp && sp[0] == 'V') out->source = NO_SPAN;
  out->source = attr_source_edges(c, trim_source_lead(c, out->source), f.lo);
  /* "Meanwhile, according to X, the firm ...", "Then, say analysts, there is ...": a content
   * of connectives alone before the report; the clause after it is what was said. */
  if (!empty(out->content) && out->content.b < c0 && out->content.b - out->content.a < 3 &&
      attr_fronted_adjunct(c, out->content)) {
    size_t k = c1 + 1;
    if (!empty(out->source) && out->source.b >= k) k = out->source.b + 1;
    while (k < f.hi && is_word(c, k, ",")) k++;
    out->content = k < f.hi ? attr_clause_from(c, k, f.hi) : NO_SPAN;
    if (empty(out->content)) return 0;
  }
  return !attr_reports_nothing(c, c0, c1, lemma, out);
}

/* "“A,” the judge said, “B.”": one quotation interrupted by its attribution. The content
 * spans both parts, as PolNeAR annotates it. */
void attr_join_split_quote(const ctx_t *c, cand_t *cd) {
  int32_t q = c->quote_of[cd->content.a];
  if (empty(cd->content) || q < 0 || c->quotes[q].open != cd->content.a ||
      c->quotes[q].close != cd->content.b || cd->cue.a < cd->content.b)
    return;
  size_t k = cd->cue.b;
  if (!empty(cd->source) && cd->source.b > k) k = cd->source.b;
  k++;
  if (k + 1 < c->doc->n_tokens && (is_word(c, k, ",") || is_word(c, k, ":")) && open_quote_at(c, k + 1) &&
      !cw_attr_para_break(c->doc, k + 1)) {
    const cw_attr_quote_t *q2 = &c->quotes[c->quote_of[k + 1]];
    cd->content.b = q2->close;
    return;
  }
  /* "“A,” he said. “B.”": the quotation resumes right after the attribution sentence. */
  uint32_t si = c->tk[cd->cue.a].sentence;
  size_t hi = c->sent_hi[si];
  if (hi < c->doc->n_tokens && hi - k <= 8 && open_quote_at(c, hi) && !cw_attr_para_break(c->doc, hi))
    cd->content.b = c->quotes[c->quote_of[hi]].close;
}

/* "X said A and said B", "X said A, adding that B": the second cue shares the subject of the
 * claim whose content it interrupts; that content ends before the conjunction. */
int attr_coordinated(const ctx_t *c, cand_t *cand, size_t n, size_t c0, size_t c1,
                       const char *lemma, cand_t *out) {
  uint32_t si = c->tk[c0].sentence;
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si];
  size_t j = c0;
  while (j > lo && attr_adverbial(c, j - 1)) j--;
  if (j <= lo + 1 || !(is_word(c, j - 1, ",") || is_word(c, j - 1, "and") || is_word(c, j - 1, "yet")))
    return 0;
  if (n == 0) return 0;
  cand_t *prev = &cand[n - 1];
  if (cw_str_eq(lemma, "according to")) {
    /* "A did B, according to C": C is the source of its own claim; B ends before it. */
    if (c->tk[prev->cue.a].sentence == si && !empty(prev->content) && prev->content.a < j - 1 &&
        prev->content.b >= c0 && c->quote_of[j - 1] < 0)
      prev->content.b = (uint32_t)(j - 2);
    return 0;
  }
  if (empty(prev->source) || empty(prev->content) || c->tk[prev->cue.a].sentence != si)
    return 0;
  size_t cl = strlen(c->tk[c0].text);
  if (is_word(c, j - 1, ",") && cl > 4 && cw_str_eq(c->tk[c0].text + cl - 3, "ing") &&
      prev->content.b < j - 1 && prev->cue.b < c0) {
    /* "..., Xiao said, citing ...": the participle reports for the same speaker. */
    *out = (cand_t){{(uint32_t)c0, (uint32_t)c1}, prev->source, NO_SPAN, lemma};
    out->content = attr_forward_content(c, c1 + 1, lo, hi, lemma);
    return !empty(out->content);
  }
  if (prev->content.a >= j - 1 || prev->content.b < c0) return 0;
  /* "..., people do not want A, said Jupiter.": a cue with its own source after it closes an
   * inverted report of its own. */
  tspan_t inv = cl > 4 && cw_str_eq(c->tk[c0].text + cl - 3, "ing")
                    ? NO_SPAN
                    : attr_inverted_source(c, c1 + 1, hi);
  if (!empty(inv) && attr_tail_is_short(c, inv.b + 1, hi)) return 0;
  size_t cut = j - 1;
  if ((is_word(c, cut, "and") || is_word(c, cut, "yet")) && cut > lo && is_word(c, cut - 1, ","))
    cut--;
  /* A conjunction inside a quotation belongs to the quotation. */
  if (c->quote_of[cut] >= 0) return 0;
  *out = (cand_t){{(uint32_t)c0, (uint32_t)c1}, prev->source, NO_SPAN, lemma};
  out->content = attr_forward_content(c, c1 + 1, lo, hi, lemma);
  if (empty(out->content)) return 0;
  if (cut == 0 || cut - 1 < prev->content.a) return 0;
  prev->content.b = (uint32_t)(cut - 1);
  return 1;
}
