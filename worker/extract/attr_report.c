/* attr_report.c - candidates whose frame fits but that report nothing: a verb of evidence
 * before a mere noun phrase ("highlights the case of X"), speaking to an audience or for a
 * while ("spoke to reporters"), making remarks ("made the comments at a rally"), going
 * somewhere ("went to see"), not responding to requests for comment, filing for bankruptcy,
 * the verb of a relative clause inside a subject ("everyone we spoke to said"), and plain
 * actions whose form only looks like a report (actions()). */
#include <string.h>
#include "attr_int.h"

/* Whether token i's form reports: a verb of the lexicon, or a form that began a cue at least
 * as often as not in training. */
static int reporting_form(const ctx_t *c, size_t i) {
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  attr_token_form(c, i, &lx, &me);
  return lx || (me && 2 * me->cue >= me->total);
}

/* Whether token i follows a form of "have" (adverbs between): a perfect. */
static int after_have(const ctx_t *c, size_t i, size_t lo) {
  static const char *const HAVE[] = {"has", "have", "had", "having", NULL};
  while (i > lo && (is_word(c, i - 1, "also") || is_word(c, i - 1, "recently") ||
                    is_word(c, i - 1, "already") || is_word(c, i - 1, "never") ||
                    is_word(c, i - 1, "not")))
    i--;
  return i > lo && any_word(c, i - 1, HAVE);
}

/* Whether the noun phrase from token k names something said or written ("a statement", "its
 * findings", "a new radio ad", "an attack on"): its head, the first noun after determiners and
 * modifiers. */
static int names_a_statement(const ctx_t *c, size_t k, size_t e) {
  static const char *const SAID[] = {
      "statement", "statements", "report", "reports", "ad", "ads", "advert", "adverts", "video",
      "memo", "letter", "letters", "list", "proposal", "proposals", "plan", "plans", "findings",
      "figures", "data", "results", "totals", "complaint", "threat", "attack", "attacks",
      "appeal", "apology", "warning", "warnings", "call", "calls", "challenge", "response",
      "rebuttal", "endorsement", "endorsements", "slate", "batch", "messages", "emails",
      "documents", "transcript", "tape", "recording", "poll", "survey", "study", "analysis",
      "review", "guidance", "guidelines", "rules", "order", "ruling", "verdict", "decision",
      "ultimatum", "manifesto", "policy", "policies", "platform", "agenda", "campaign",
      "criticism", "defence", "defense", "denial", "demand", "demands", "forecast", "forecasts",
      "estimate", "estimates", "update", "notice", "summons", "subpoena", "indictment",
      "charges", "lawsuit", "suit", "petition", "motion", "bill", "budget", "strategy",
      "message", "note", "tweet", "tweets", "post", "press", "communique", "declaration",
      "bid", "pledge", "pledges", "promise", "promises", "commitment", "vision", "argument",
      "case", "cry", "campaigns", "appeals", "challenges", "threats", "responses",
      NULL};
  for (size_t i = k; i < e && i < k + 6; i++) {
    if (c->quote_of[i] >= 0 || is_word(c, i, ",")) return 1; /* a quotation: words said */
    if (any_word(c, i, SAID)) return 1;
    const char *p = c->tk[i].pos;
    if (p && p[0] == 'N' && p[1] == 'N' && !(i + 1 < e && c->tk[i + 1].pos &&
                                            strncmp(c->tk[i + 1].pos, "NN", 2) == 0))
      return 0; /* the head, and not a word said */
  }
  return 1;
}

/* Plain actions in the forms of a report: "went on to win the award" (not "went on to say"),
 * "has seen a fivefold rise in profits", "is designed to work with", "allows users to",
 * "was ruled out of the match", "knocked the ball back". */
static int actions(const ctx_t *c, size_t c0, size_t c1, const cand_t *out) {
  size_t lo = c->sent_lo[c->tk[c0].sentence], hi = c->sent_hi[c->tk[c0].sentence];
  if (is_word(c, c0, "went") && c1 + 2 < hi && is_word(c, c1 + 1, "on") &&
      is_word(c, c1 + 2, "to"))
    return c1 + 3 >= hi || !reporting_form(c, c1 + 3);
  if (is_word(c, c0, "went") && c1 == c0 + 1 && is_word(c, c1, "on") && c1 + 1 < hi &&
      is_word(c, c1 + 1, "to"))
    return c1 + 2 >= hi || !reporting_form(c, c1 + 2);
  if (is_word(c, c0, "seen") && after_have(c, c0, lo) && !empty(out->content) &&
      out->content.a > c1 && attr_np_content(c, out->content))
    return 1;
  /* "saw its sales rise 2%", "2005 will see more competition": seeing reports a view only as
   * "seeing X as Y" or "seeing that ...". */
  static const char *const SEE[] = {"see", "sees", "saw", "seeing", NULL};
  static const char *const CLAUSE[] = {"that", "whether", "how", "why", "what", "if", NULL};
  if (any_word(c, c0, SEE) && !empty(out->content) && out->content.a > c1 &&
      c->quote_of[out->content.a] < 0 && !any_word(c, out->content.a, CLAUSE)) {
    int as = 0;
    for (uint32_t k = out->content.a; k <= out->content.b && k <= out->content.a + 10 && !as; k++)
      as = is_word(c, k, "as");
    if (!as) return 1;
  }
  if (is_word(c, c0, "designed") && c0 > lo && any_word(c, c0 - 1, ATTR_BE_FORMS)) return 1;
  /* "released its first album", "has launched a new phone", "unveiled the finished version",
   * "formally adopted the standard", "recorded his final album", "is also using filters":
   * putting out or taking up a thing reports nothing; putting out "a statement", "a report"
   * or "an attack on" does. (With a noun phrase after them these verbs open a PolNeAR cue in
   * at most a third of their training uses; "offered" and "signed", at about half, stay.) */
  static const char *const PUT_OUT[] = {
      "launch", "launches", "launched", "launching", "release", "releases", "released",
      "releasing", "issue", "issues", "issued", "issuing", "unveil", "unveils", "unveiled",
      "unveiling", "adopted", "adopts", "introduced", "introduces", "using", "uses", "recorded",
      "records", NULL};
  if (any_word(c, c0, PUT_OUT) && !empty(out->content) && out->content.a == c1 + 1 &&
      c->quote_of[out->content.a] < 0 && !is_word(c, out->content.a, "that") &&
      !names_a_statement(c, out->content.a, out->content.b + 1))
    return 1;
  /* "added a second goal with a 20-yard shot", "claimed a draw at Anfield", "proposed to the
   * singer": adding a thing, winning a result and proposing marriage report nothing; "added
   * that ...", "added: ...", "claimed the plan would fail", "proposed to cut taxes" do. */
  int np_after = !empty(out->content) && out->content.a == c1 + 1 &&
                 c->quote_of[out->content.a] < 0 && attr_np_content(c, out->content);
  static const char *const ADD[] = {"add", "adds", "added", "adding", NULL};
  if (any_word(c, c0, ADD) && np_after &&
      !names_a_statement(c, out->content.a, out->content.b + 1))
    return 1;
  static const char *const CLAIM[] = {"claim", "claims", "claimed", "claiming", NULL};
  static const char *const RESULT[] = {
      "draw", "win", "wins", "victory", "victories", "title", "titles", "lead", "point",
      "points", "place", "medal", "medals", "gold", "silver", "bronze", "prize", "trophy",
      "crown", "lives", "life", "seat", "seats", "record", "spot", "scalp", "wicket", "wickets",
      "pole", "championship", "cup", "double", "treble", "hat-trick", "clean", "sheet", NULL};
  if (any_word(c, c0, CLAIM) && np_after) {
    for (uint32_t k = out->content.a; k <= out->content.b && k <= out->content.a + 3; k++)
      if (any_word(c, k, RESULT)) return 1;
  }
  static const char *const PROPOSE[] = {"propose", "proposes", "proposed", "proposing", NULL};
  if (any_word(c, c0, PROPOSE) && !empty(out->content) && out->content.a == c1 + 1 &&
      is_word(c, c1 + 1, "to") && c1 + 2 <= out->content.b && c->tk[c1 + 2].pos &&
      c->tk[c1 + 2].pos[0] != 'V')
    return 1;
  /* "continued to rise", "continued her fine run": going on doing something; "he continued:
   * “...”", "continued that ...", "continued to insist", "continued to call for" report. */
  static const char *const CONTINUE[] = {"continue", "continues", "continued", "continuing",
                                         NULL};
  if (any_word(c, c0, CONTINUE) && !empty(out->content) && out->content.a > c1 &&
      c->quote_of[out->content.a] < 0 && !is_word(c, out->content.a, "that") &&
      !is_word(c, c1, ":") &&
      !(is_word(c, out->content.a, "to") && out->content.a + 1 < hi &&
        (reporting_form(c, out->content.a + 1) ||
         (is_word(c, out->content.a + 1, "call") && out->content.a + 2 < hi &&
          (is_word(c, out->content.a + 2, "for") || is_word(c, out->content.a + 2, "on"))))))
    return 1;
  static const char *const ALLOW[] = {"allow", "allows", "allowed", "allowing", NULL};
  if (any_word(c, c0, ALLOW)) return 1;
  static const char *const OUT[] = {"ruled", "knocked", NULL};
  if (any_word(c, c0, OUT) && ((c0 > lo && any_word(c, c0 - 1, ATTR_BE_FORMS)) ||
                               is_word(c, c0, "knocked")))
    return 1;
  return 0;
}

int attr_reports_nothing(const ctx_t *c, size_t c0, size_t c1, const char *lemma, cand_t *out) {
  size_t hi = c->sent_hi[c->tk[c0].sentence];
  /* "..., which indicates the importance they attached to it", "the report highlights the
   * case of X": a verb of evidence reports a proposition (a clause: "polls suggest the party
   * is gaining"); with a mere noun phrase after it, it reports nothing. */
  static const char *const EVIDENCE[] = {"indicat", "highlight", "reflect", NULL};
  char w[64];
  lower(c->tk[c0].text, w, sizeof w);
  int evidence = 0;
  for (size_t k = 0; EVIDENCE[k] && !evidence; k++)
    evidence = strncmp(w, EVIDENCE[k], strlen(EVIDENCE[k])) == 0;
  if (evidence && out->content.a > c1 && attr_np_content(c, out->content)) return 1;
  /* "spoke to reporters", "spoke for five minutes", "spoke against a backdrop of ...": whom
   * and where one spoke to is not what was said; "spoke to them about the plan" reports the
   * topic after "about". */
  static const char *const NOT_SAID[] = {"to", "for", "against", "that", "with", "at", "before",
                                         NULL};
  /* The lexicon's lemma, whoever proposed the cue (the classifier's lemma is the form). */
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  attr_form_lookup(c->model, w, &lx, &me);
  const char *lex = lx ? lx->lemma : lemma;
  if (strcmp(lex, "speak") == 0 && out->content.a == c1 + 1 &&
      any_word(c, out->content.a, NOT_SAID)) {
    uint32_t k = out->content.a + 1;
    while (k <= out->content.b && !is_word(c, k, ",") && !is_word(c, k, "about")) k++;
    if (k >= out->content.b || is_word(c, k, ",")) return 1;
    /* "spoke for about five minutes": a number, not a topic. */
    const char *np = c->tk[k + 1].pos;
    if (isdigit((unsigned char)c->tk[k + 1].text[0]) || (np && strcmp(np, "CD") == 0)) return 1;
    out->content.a = k + 1;
    if (empty(out->content)) return 1;
  }
  /* "Kim made the remarks at a rally", "went to see the ice": making a statement names the
   * act, not what was said; going somewhere reports nothing ("went on about" and "went after"
   * do). */
  static const char *const MAKE[] = {"make", "makes", "made", "making", NULL};
  static const char *const GO[] = {"go", "goes", "went", "gone", "going", NULL};
  static const char *const SPEECH[] = {"statement", "statements", "comment", "comments",
                                       "remark", "remarks", "pledge", "promise", "claim",
                                       "claims", "speech", "announcement", NULL};
  if (any_word(c, c0, MAKE) && out->content.a > c1) {
    for (uint32_t k = out->content.a; k <= out->content.b && k <= out->content.a + 2; k++)
      if (any_word(c, k, SPEECH)) return 1;
  }
  if (any_word(c, c0, GO) &&
      !(c1 + 1 < hi && (is_word(c, c1 + 1, "on") || is_word(c, c1 + 1, "after"))))
    return 1;
  /* "did not respond to requests for comment", "filed for bankruptcy": no report. */
  static const char *const ASKED[] = {"request", "requests", "message", "messages", "email",
                                      "emails", "call", "calls", "inquiry", "inquiries",
                                      "questions", NULL};
  static const char *const FILE_FORMS[] = {"file", "files", "filed", "filing", NULL};
  if ((strcmp(lex, "respond") == 0 || strcmp(lex, "reply") == 0) && out->content.a == c1 + 1 &&
      is_word(c, c1 + 1, "to")) {
    for (uint32_t k = c1 + 2; k <= out->content.b && k <= c1 + 4; k++)
      if (any_word(c, k, ASKED)) return 1;
  }
  if (any_word(c, c0, FILE_FORMS) && c1 + 1 < hi && is_word(c, c1 + 1, "for")) return 1;
  if (actions(c, c0, c1, out)) return 1;
  /* "If you want to take part, ...", "if you believe the hype": a condition, no report (PolNeAR
   * train marks 5 of 43 such uses). */
  static const char *const IF[] = {"if", "unless", NULL};
  if (!empty(out->source) && out->source.a == out->source.b && out->source.a > 0 &&
      out->source.b < c0 && attr_single_pronoun(c, out->source.a) &&
      any_word(c, out->source.a - 1, IF))
    return 1;
  /* "Everyone we spoke to said ...": the cue's stranded preposition before the verb of the
   * sentence; the cue is part of that verb's subject and reports nothing. */
  size_t k = out->content.a;
  const char *kp = k + 1 < hi ? c->tk[k + 1].pos : NULL;
  if (k == c1 + 1 && k < out->content.b && (is_word(c, k, "to") || is_word(c, k, "with")) &&
      kp && (strcmp(kp, "VBD") == 0 || strcmp(kp, "VBZ") == 0) && attr_built_in_cue(c, k + 1))
    return 1;
  return 0;
}
