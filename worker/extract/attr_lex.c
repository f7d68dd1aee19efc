/* attr_lex.c - the built-in lexicon of reporting verbs and the look-ups the rules make per
 * token in it and in attr.model's learned cue table (how often each word form opened a cue in
 * training); attr_model.c reads and writes the model file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attr_int.h"
#include "cw_alloc.h"
#include "cw_hash.h"
#include "cw_str.h"

/* Reporting verbs by form, sorted by byte order for bsearch. */
static const cw_attr_lex_t CUE_LEX[] = {
  {"according", "according"}, {"accuse", "accuse"}, {"accused", "accuse"}, {"accuses", "accuse"},
  {"accusing", "accuse"}, {"acknowledge", "acknowledge"}, {"acknowledged", "acknowledge"},
  {"acknowledges", "acknowledge"}, {"acknowledging", "acknowledge"}, {"add", "add"},
  {"added", "add"}, {"adding", "add"}, {"adds", "add"}, {"admit", "admit"}, {"admits", "admit"},
  {"admitted", "admit"}, {"admitting", "admit"}, {"agree", "agree"}, {"agreed", "agree"},
  {"agrees", "agree"}, {"allege", "allege"}, {"alleged", "allege"}, {"alleges", "allege"},
  {"alleging", "allege"}, {"announce", "announce"}, {"announced", "announce"},
  {"announces", "announce"}, {"announcing", "announce"}, {"argue", "argue"}, {"argued", "argue"},
  {"argues", "argue"}, {"arguing", "argue"}, {"ask", "ask"}, {"asked", "ask"}, {"asking", "ask"},
  {"asks", "ask"}, {"assert", "assert"}, {"asserted", "assert"}, {"asserting", "assert"},
  {"asserts", "assert"}, {"assured", "assure"}, {"assures", "assure"}, {"attest", "attest"},
  {"attested", "attest"}, {"attesting", "attest"}, {"attests", "attest"}, {"believe", "believe"},
  {"believed", "believe"}, {"believes", "believe"}, {"blamed", "blame"}, {"blames", "blame"},
  {"boast", "boast"}, {"boasted", "boast"}, {"boasting", "boast"}, {"boasts", "boast"},
  {"bragged", "brag"}, {"brags", "brag"}, {"branded", "brand"}, {"brands", "brand"},
  {"calculated", "calculate"}, {"called", "call"},
  {"cautioned", "caution"}, {"charged", "charge"}, {"claim", "claim"}, {"claimed", "claim"},
  {"claiming", "claim"}, {"claims", "claim"}, {"complain", "complain"},
  {"complained", "complain"}, {"complaining", "complain"}, {"complains", "complain"},
  {"concede", "concede"}, {"conceded", "concede"}, {"concedes", "concede"},
  {"conceding", "concede"}, {"conclude", "conclude"}, {"concluded", "conclude"},
  {"concludes", "conclude"}, {"concluding", "conclude"}, {"condemned", "condemn"},
  {"condemns", "condemn"}, {"confirm", "confirm"}, {"confirmed", "confirm"},
  {"confirming", "confirm"}, {"confirms", "confirm"}, {"contend", "contend"},
  {"contended", "contend"}, {"contending", "contend"}, {"contends", "contend"},
  {"continued", "continue"}, {"countered", "counter"}, {"cried", "cry"},
  {"criticize", "criticize"}, {"criticized", "criticize"}, {"criticizes", "criticize"},
  {"criticizing", "criticize"}, {"declare", "declare"}, {"declared", "declare"},
  {"declares", "declare"}, {"declaring", "declare"}, {"decried", "decry"}, {"demand", "demand"},
  {"demanded", "demand"}, {"demanding", "demand"}, {"demands", "demand"}, {"denied", "deny"},
  {"denies", "deny"}, {"deny", "deny"}, {"denying", "deny"}, {"describe", "describe"},
  {"described", "describe"}, {"describes", "describe"}, {"describing", "describe"},
  {"detailed", "detail"}, {"disclose", "disclose"}, {"disclosed", "disclose"},
  {"discloses", "disclose"}, {"disclosing", "disclose"}, {"dismissed", "dismiss"},
  {"dismisses", "dismiss"}, {"doubted", "doubt"}, {"doubts", "doubt"},
  {"emphasize", "emphasize"}, {"emphasized", "emphasize"}, {"emphasizes", "emphasize"},
  {"emphasizing", "emphasize"}, {"estimated", "estimate"}, {"estimates", "estimate"},
  {"exclaim", "exclaim"}, {"exclaimed", "exclaim"}, {"exclaiming", "exclaim"},
  {"exclaims", "exclaim"}, {"expect", "expect"}, {"expected", "expect"}, {"expecting", "expect"},
  {"expects", "expect"}, {"explain", "explain"}, {"explained", "explain"},
  {"explaining", "explain"}, {"explains", "explain"}, {"feared", "fear"}, {"fears", "fear"},
  {"feel", "feel"}, {"feels", "feel"}, {"felt", "feel"}, {"find", "find"}, {"finding", "find"},
  {"finds", "find"}, {"forecast", "forecast"}, {"forecasts", "forecast"}, {"found", "find"},
  {"guessed", "guess"}, {"highlighted", "highlight"}, {"hope", "hope"}, {"hoped", "hope"},
  {"hopes", "hope"}, {"indicate", "indicate"}, {"indicated", "indicate"},
  {"indicates", "indicate"}, {"indicating", "indicate"}, {"informed", "inform"},
  {"insinuated", "insinuate"}, {"insist", "insist"}, {"insisted", "insist"},
  {"insisting", "insist"}, {"insists", "insist"}, {"joke", "joke"}, {"joked", "joke"},
  {"jokes", "joke"}, {"joking", "joke"}, {"knew", "know"}, {"knows", "know"},
  {"lament", "lament"}, {"lamented", "lament"}, {"lamenting", "lament"}, {"laments", "lament"},
  {"maintain", "maintain"}, {"maintained", "maintain"}, {"maintaining", "maintain"},
  {"maintains", "maintain"}, {"mention", "mention"}, {"mentioned", "mention"},
  {"mentioning", "mention"}, {"mentions", "mention"}, {"mused", "muse"}, {"note", "note"},
  {"noted", "note"}, {"notes", "note"}, {"noting", "note"}, {"observe", "observe"},
  {"observed", "observe"}, {"observes", "observe"}, {"observing", "observe"},
  {"opined", "opine"}, {"pointed", "point"}, {"posited", "posit"}, {"praised", "praise"},
  {"predict", "predict"}, {"predicted", "predict"}, {"predicting", "predict"},
  {"predicts", "predict"}, {"proclaim", "proclaim"}, {"proclaimed", "proclaim"},
  {"proclaiming", "proclaim"}, {"proclaims", "proclaim"}, {"projected", "project"},
  {"promise", "promise"}, {"promised", "promise"}, {"promises", "promise"},
  {"promising", "promise"}, {"propose", "propose"}, {"proposed", "propose"},
  {"proposes", "propose"}, {"questioned", "question"}, {"quipped", "quip"},
  {"realized", "realize"}, {"reasoned", "reason"}, {"recall", "recall"}, {"recalled", "recall"},
  {"recalling", "recall"}, {"recalls", "recall"}, {"recognized", "recognize"},
  {"recognizes", "recognize"}, {"recommend", "recommend"}, {"recommended", "recommend"},
  {"recommending", "recommend"}, {"recommends", "recommend"}, {"recount", "recount"},
  {"recounted", "recount"}, {"recounting", "recount"}, {"recounts", "recount"},
  {"refute", "refute"}, {"refuted", "refute"}, {"refutes", "refute"}, {"refuting", "refute"},
  {"reiterate", "reiterate"}, {"reiterated", "reiterate"}, {"reiterates", "reiterate"},
  {"reiterating", "reiterate"}, {"remark", "remark"}, {"remarked", "remark"},
  {"remarking", "remark"}, {"remarks", "remark"}, {"repeat", "repeat"}, {"repeated", "repeat"},
  {"repeating", "repeat"}, {"repeats", "repeat"}, {"replied", "reply"}, {"replies", "reply"},
  {"reply", "reply"}, {"replying", "reply"}, {"report", "report"}, {"reported", "report"},
  {"reporting", "report"}, {"reports", "report"}, {"respond", "respond"},
  {"responded", "respond"}, {"responding", "respond"}, {"responds", "respond"},
  {"reveal", "reveal"}, {"revealed", "reveal"}, {"revealing", "reveal"}, {"reveals", "reveal"},
  {"said", "say"}, {"say", "say"}, {"saying", "say"}, {"says", "say"}, {"scream", "scream"},
  {"screamed", "scream"}, {"screaming", "scream"}, {"screams", "scream"}, {"shout", "shout"},
  {"shouted", "shout"}, {"shouting", "shout"}, {"shouts", "shout"}, {"show", "show"},
  {"showed", "show"}, {"showing", "show"}, {"shown", "show"}, {"shows", "show"},
  {"signaled", "signal"}, {"signalled", "signal"}, {"slam", "slam"}, {"slammed", "slam"},
  {"slamming", "slam"}, {"slams", "slam"}, {"speak", "speak"}, {"speaking", "speak"},
  {"speaks", "speak"}, {"speculated", "speculate"}, {"speculates", "speculate"},
  {"spoke", "speak"}, {"spoken", "speak"}, {"stated", "state"}, {"stating", "state"},
  {"stressed", "stress"}, {"stresses", "stress"}, {"stressing", "stress"},
  {"suggest", "suggest"}, {"suggested", "suggest"}, {"suggesting", "suggest"},
  {"suggests", "suggest"}, {"tell", "tell"}, {"telling", "tell"}, {"tells", "tell"},
  {"testified", "testify"}, {"testifies", "testify"}, {"testify", "testify"},
  {"testifying", "testify"}, {"theorized", "theorize"}, {"think", "think"},
  {"thinking", "think"}, {"thinks", "think"}, {"thought", "think"}, {"told", "tell"},
  {"tout", "tout"}, {"touted", "tout"}, {"touting", "tout"}, {"touts", "tout"},
  {"tweet", "tweet"}, {"tweeted", "tweet"}, {"tweeting", "tweet"}, {"tweets", "tweet"},
  {"underscored", "underscore"}, {"urge", "urge"}, {"urged", "urge"}, {"urges", "urge"},
  {"urging", "urge"}, {"vow", "vow"}, {"vowed", "vow"}, {"vowing", "vow"}, {"vows", "vow"},
  {"warn", "warn"}, {"warned", "warn"}, {"warning", "warn"}, {"warns", "warn"},
  {"wondered", "wonder"}, {"wonders", "wonder"}, {"worried", "worry"}, {"worries", "worry"},
  {"worry", "worry"}, {"write", "write"}, {"writes", "write"}, {"written", "write"},
  {"wrote", "write"}, {"yell", "yell"}, {"yelled", "yell"}, {"yelling", "yell"},
  {"yells", "yell"},
};

static int cmp_lex(const void *key, const void *e) {
  return strcmp((const char *)key, ((const cw_attr_lex_t *)e)->form);
}

/* ---------------------------------------------------------------- learned cue table */

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const attr_entry_t *)a)->form, ((const attr_entry_t *)b)->form);
}

static uint64_t form_hash(const char *w) {
  uint64_t h = cw_fnv1a64_str(CW_FNV64_OFFSET, w);
  return h ? h : 1;
}

static const char *slot_form(const cw_attr_model_t *m, const attr_form_t *f) {
  return f->entry >= 0 ? m->e[f->entry].form : CUE_LEX[f->lex].form;
}

static attr_form_t *form_slot(const cw_attr_model_t *m, uint64_t h, const char *w) {
  size_t k = h & (m->fcap - 1);
  while (m->forms[k].h && (m->forms[k].h != h || !cw_str_eq(slot_form(m, &m->forms[k]), w)))
    k = (k + 1) & (m->fcap - 1);
  return &m->forms[k];
}

/* Indexes the cue table (sorted) and the lexicon by hash, so that a token costs one probe. */
void attr_model_index(cw_attr_model_t *m) {
  if (m->n) qsort(m->e, m->n, sizeof *m->e, cmp_entry);
  size_t nlex = sizeof CUE_LEX / sizeof CUE_LEX[0];
  m->fcap = 64;
  while (m->fcap < 2 * (m->n + nlex)) m->fcap <<= 1;
  m->forms = cw_calloc(m->fcap, sizeof *m->forms);
  for (size_t i = 0; i < m->n; i++) {
    uint64_t h = form_hash(m->e[i].form);
    attr_form_t *f = form_slot(m, h, m->e[i].form);
    if (!f->h) *f = (attr_form_t){h, (int32_t)i, -1};
  }
  for (size_t i = 0; i < nlex; i++) {
    uint64_t h = form_hash(CUE_LEX[i].form);
    attr_form_t *f = form_slot(m, h, CUE_LEX[i].form);
    if (!f->h) *f = (attr_form_t){h, -1, -1};
    f->lex = (int32_t)i;
  }
}

/* The lexicon entry and the cue-table entry of the lower-case form @p w (either may be NULL). */
static void form_lookup(const cw_attr_model_t *m, const char *w, const cw_attr_lex_t **lx,
                        const attr_entry_t **me);

/* The American spelling of a British "-ise" form ("criticised" -> "criticized") into @p out,
 * or 0 when @p w has no such ending. */
static int ize_form(const char *w, char *out, size_t n) {
  static const struct {
    const char *s;
    size_t len;
  } ENDS[] = {{"ise", 3}, {"ised", 4}, {"ises", 4}, {"ising", 5}};
  size_t len = strlen(w);
  if (len >= n) return 0;
  for (size_t k = 0; k < sizeof ENDS / sizeof ENDS[0]; k++) {
    size_t el = ENDS[k].len;
    if (len > el + 2 && w[len - 1] == ENDS[k].s[el - 1] &&
        memcmp(w + len - el, ENDS[k].s, el) == 0) {
      memcpy(out, w, len + 1);
      out[len - el + 1] = 'z';
      return 1;
    }
  }
  return 0;
}

void attr_form_lookup(const cw_attr_model_t *m, const char *w, const cw_attr_lex_t **lx,
                      const attr_entry_t **me) {
  form_lookup(m, w, lx, me);
  char z[64];
  if (*lx || !ize_form(w, z, sizeof z)) return;
  /* British spelling of a verb of the lexicon: the lexicon's American form. */
  const cw_attr_lex_t *zl;
  const attr_entry_t *ze;
  form_lookup(m, z, &zl, &ze);
  if (!zl) return;
  *lx = zl;
  if (!*me) *me = ze;
}

static void form_lookup(const cw_attr_model_t *m, const char *w, const cw_attr_lex_t **lx,
                        const attr_entry_t **me) {
  if (!m || !m->forms) {
    *lx = bsearch(w, CUE_LEX, sizeof CUE_LEX / sizeof CUE_LEX[0], sizeof CUE_LEX[0], cmp_lex);
    *me = NULL;
    return;
  }
  const attr_form_t *f = form_slot(m, form_hash(w), w);
  *lx = f->h && f->lex >= 0 ? &CUE_LEX[f->lex] : NULL;
  *me = f->h && f->entry >= 0 ? &m->e[f->entry] : NULL;
}

const attr_entry_t *attr_model_find(const cw_attr_model_t *m, const char *form) {
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  attr_form_lookup(m, form, &lx, &me);
  return me;
}

void cw_attr_model_destroy(cw_attr_model_t **m) {
  if (!m || !*m) return;
  for (size_t i = 0; i < (*m)->n; i++) {
    free((*m)->e[i].form);
    free((*m)->e[i].lemma);
  }
  free((*m)->e);
  perc_bin_table_destroy(&(*m)->w);
  free((*m)->forms);
  free(*m);
  *m = NULL;
}

void cw_attr_model_describe(const cw_attr_model_t *m, char *buf, size_t size) {
  if (!m) snprintf(buf, size, "attr: rules only");
  else
    snprintf(buf, size, "attr.model, %zu cue forms, %zu cue-classifier and %zu claim weights%s",
             m->n, m->n_cue, perc_bin_table_count(m->w) - m->n_cue, m->use_pos ? ", POS" : "");
}
