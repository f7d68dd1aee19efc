/* attr.c - attribution relations: cue words, the source and content around them, quotations,
 * and an optional learned cue table that rescores cue candidates. */
#include "attr.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "attr_cover.h"
#include "attr_names.h"
#include "attr_quote.h"
#include "attr_speaker.h"
#include "cw_alloc.h"
#include "cw_hash.h"
#include "cw_limits.h"

typedef struct {
  const char *form;
  const char *lemma;
} cw_attr_lex_t;

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
  {"bragged", "brag"}, {"brags", "brag"}, {"calculated", "calculate"}, {"called", "call"},
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

/* A weight slot: the feature hash's low bits choose the slot, its high 32 bits (never 0) are
 * kept to tell features apart. Eight bytes a slot keep the table small enough for the cache.
 * Two features whose hashes meet in one probe run with equal high bits would share a weight;
 * with about 2^18 slots and 32 tag bits that is as rare as any other hashed-feature clash. */
typedef struct {
  uint32_t tag;  /* 0 = empty slot */
  float v;
} attr_weight_t;

/* One word form known to the lexicon or the cue table, found by hash. */
typedef struct {
  uint64_t h;      /* hash of the form; 0 = empty slot */
  int32_t entry;   /* index into the cue table, or -1 */
  int32_t lex;     /* index into CUE_LEX, or -1 */
} attr_form_t;

typedef struct {
  char *form;    /* lower-case token */
  char *lemma;
  uint32_t cue;  /* times the form began a cue in training */
  uint32_t total;
  uint32_t tp;   /* claims the rules found with this cue that matched gold in training */
  uint32_t np;   /* claims the rules found with this cue in training */
} attr_entry_t;

struct cw_attr_model_s {
  attr_entry_t *e;   /* sorted by form */
  size_t n;
  double add_min;    /* a form outside the built-in lexicon becomes a cue at this rate */
  double keep_min;   /* a built-in form is dropped below this rate */
  uint32_t min_count;
  double prec_min;   /* a cue form whose training claims were right less often is dropped */
  int use_pos;       /* the statistics were gathered with POS tags */
  double threshold;  /* candidates scoring below are dropped (when weights exist) */
  double cue_threshold;  /* the cue classifier proposes tokens scoring at least this */
  size_t n_cue;      /* cue-classifier weights ("C" lines); 0 = no classifier */
  /* Averaged-perceptron weights over hashed candidate features (open addressing). */
  attr_weight_t *w;  /* open addressing over feature hashes */
  uint64_t *wkey;    /* the full hash of each slot while loading (growing needs it); then NULL */
  size_t wcap, nw;
  attr_form_t *forms;  /* the cue table's and the lexicon's forms by hash */
  size_t fcap;
};

static uint32_t weight_tag(uint64_t key) { return (uint32_t)(key >> 32) | 1u; }

static void weight_put(cw_attr_model_t *m, uint64_t key, float v) {
  /* Grown at 60 % load: misses (most look-ups) stay short with linear probing. */
  if (10 * (m->nw + 1) > 6 * m->wcap) {
    size_t nc = m->wcap ? 2 * m->wcap : 1024;
    attr_weight_t *nw = cw_calloc(nc, sizeof *nw);
    uint64_t *nk = cw_calloc(nc, sizeof *nk);
    for (size_t i = 0; i < m->wcap; i++) {
      if (!m->w[i].tag) continue;
      size_t k = m->wkey[i] & (nc - 1);
      while (nw[k].tag) k = (k + 1) & (nc - 1);
      nw[k] = m->w[i];
      nk[k] = m->wkey[i];
    }
    free(m->w);
    free(m->wkey);
    m->w = nw;
    m->wkey = nk;
    m->wcap = nc;
  }
  uint32_t tag = weight_tag(key);
  size_t k = key & (m->wcap - 1);
  while (m->w[k].tag && m->w[k].tag != tag) k = (k + 1) & (m->wcap - 1);
  if (!m->w[k].tag) m->nw++;
  m->w[k] = (attr_weight_t){tag, v};
  m->wkey[k] = key;
}

static float weight_get(const cw_attr_model_t *m, uint64_t key) {
  if (!m->wcap) return 0;
  uint32_t tag = weight_tag(key);
  size_t k = key & (m->wcap - 1);
  while (m->w[k].tag) {
    if (m->w[k].tag == tag) return m->w[k].v;
    k = (k + 1) & (m->wcap - 1);
  }
  return 0;
}

/* Sum of the weights of features @p f: the slots are fetched together first, so that their
 * cache misses overlap instead of queueing one after another. */
static float weights_sum(const cw_attr_model_t *m, const uint64_t *f, size_t n) {
  if (!m->wcap) return 0;
  for (size_t i = 0; i < n; i++) __builtin_prefetch(&m->w[f[i] & (m->wcap - 1)]);
  float s = 0;
  for (size_t i = 0; i < n; i++) s += weight_get(m, f[i]);
  return s;
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const attr_entry_t *)a)->form, ((const attr_entry_t *)b)->form);
}

static uint64_t form_hash(const char *w) {
  uint64_t h = cw_fnv1a64(CW_FNV64_OFFSET, w, strlen(w));
  return h ? h : 1;
}

static const char *slot_form(const cw_attr_model_t *m, const attr_form_t *f) {
  return f->entry >= 0 ? m->e[f->entry].form : CUE_LEX[f->lex].form;
}

static attr_form_t *form_slot(const cw_attr_model_t *m, uint64_t h, const char *w) {
  size_t k = h & (m->fcap - 1);
  while (m->forms[k].h && (m->forms[k].h != h || strcmp(slot_form(m, &m->forms[k]), w) != 0))
    k = (k + 1) & (m->fcap - 1);
  return &m->forms[k];
}

/* Indexes the cue table (sorted) and the lexicon by hash, so that a token costs one probe. */
static void index_forms(cw_attr_model_t *m) {
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

static const attr_entry_t *model_find(const cw_attr_model_t *m, const char *form) {
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  form_lookup(m, form, &lx, &me);
  return me;
}

void cw_attr_model_destroy(cw_attr_model_t **m) {
  if (!m || !*m) return;
  for (size_t i = 0; i < (*m)->n; i++) {
    free((*m)->e[i].form);
    free((*m)->e[i].lemma);
  }
  free((*m)->e);
  free((*m)->w);
  free((*m)->wkey);
  free((*m)->forms);
  free(*m);
  *m = NULL;
}

cw_err_t cw_attr_model_load(const char *path, cw_attr_model_t **out, char *errstr,
                            size_t errstr_size) {
  cw_err_t err = CW_OK;
  char line[512];
  size_t cap = 0, lineno = 1;
  *out = NULL;
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(errstr, errstr_size, "%s: %s", path, strerror(errno));
    return errno == ENOENT ? CW_ERR_NOT_FOUND : CW_ERR_IO;
  }
  cw_attr_model_t *m = cw_calloc(1, sizeof *m);
  int version = 0;
  if (!fgets(line, sizeof line, f) || sscanf(line, "claimwire-attr %d", &version) != 1 ||
      (version == 2 &&
       sscanf(line, "claimwire-attr 2 %lf %lf %" SCNu32 " %lf %d %lf", &m->add_min, &m->keep_min,
              &m->min_count, &m->prec_min, &m->use_pos, &m->threshold) != 6) ||
      (version == 3 &&
       sscanf(line, "claimwire-attr 3 %lf %lf %" SCNu32 " %lf %d %lf %lf", &m->add_min,
              &m->keep_min, &m->min_count, &m->prec_min, &m->use_pos, &m->threshold,
              &m->cue_threshold) != 7) ||
      version < 2 || version > 3) {
    snprintf(errstr, errstr_size, "%s:1: not a claimwire-attr 2 or 3 model", path);
    err = CW_ERR_FORMAT;
    goto done;
  }
  while (fgets(line, sizeof line, f)) {
    char form[128], lemma[128];
    uint32_t cue, total, tp, np;
    lineno++;
    if ((line[0] == 'W' || line[0] == 'C') && line[1] == ' ') {
      uint64_t key;
      float v;
      if (sscanf(line + 2, "%" SCNx64 " %f", &key, &v) != 2 || key == 0) {
        snprintf(errstr, errstr_size, "%s:%zu: expected %c <hex feature> <weight>", path, lineno,
                 line[0]);
        err = CW_ERR_FORMAT;
        goto done;
      }
      /* Claim (W) and cue (C) features hash different templates into one table. */
      weight_put(m, key, v);
      m->n_cue += line[0] == 'C';
      continue;
    }
    if (sscanf(line, "%127s %127s %" SCNu32 " %" SCNu32 " %" SCNu32 " %" SCNu32, form, lemma,
               &cue, &total, &tp, &np) != 6 ||
        cue > total || tp > np) {
      snprintf(errstr, errstr_size, "%s:%zu: expected <form> <lemma> <cue> <total> <tp> <np>",
               path, lineno);
      err = CW_ERR_FORMAT;
      goto done;
    }
    if (m->n == cap) {
      cap = cap ? 2 * cap : 256;
      m->e = cw_realloc(m->e, cap * sizeof *m->e);
    }
    m->e[m->n++] = (attr_entry_t){cw_strdup(form), cw_strdup(lemma), cue, total, tp, np};
  }
  if (m->n) qsort(m->e, m->n, sizeof *m->e, cmp_entry);
  index_forms(m);
  free(m->wkey);  /* only growing needs the full hashes */
  m->wkey = NULL;
done:
  fclose(f);
  if (err != CW_OK) cw_attr_model_destroy(&m);
  *out = m;
  return err;
}

void cw_attr_model_describe(const cw_attr_model_t *m, char *buf, size_t size) {
  if (!m) snprintf(buf, size, "attr: rules only");
  else
    snprintf(buf, size, "attr.model, %zu cue forms, %zu cue-classifier and %zu claim weights%s",
             m->n, m->n_cue, m->nw - m->n_cue, m->use_pos ? ", POS" : "");
}

/* ---------------------------------------------------------------- token helpers */

/* Whether a blank line (two line breaks) separates token i from the one before. */
static int blank_line_before(const cw_docview_t *doc, size_t i) {
  if (i == 0 || i >= doc->n_tokens) return 0;
  size_t a = doc->cp_byte[doc->tokens[i - 1].span.end];
  size_t b = doc->cp_byte[doc->tokens[i].span.start];
  const char *nl = memchr(doc->body + a, '\n', b - a);
  return nl && memchr(nl + 1, '\n', (size_t)(doc->body + b - nl - 1)) != NULL;
}

typedef struct {
  const cw_attr_model_t *model;
  const cw_docview_t *doc;
  const cw_token_t *tk;
  uint32_t *sent_lo, *sent_hi;  /* token range [lo, hi) of each sentence */
  cw_attr_quote_t *quotes;
  size_t n_quotes;
  int32_t *quote_of;            /* token -> index of the outermost quote holding it, or -1 */
  int has_pos;
  const cw_attr_mentions_t *ms; /* entity mentions, for the scorer's speaker features */
  uint64_t *wh, *ph;            /* per token: hash of the lower-case form and of the POS tag */
  uint8_t *wcl;                 /* per token: word class (WC_*) */
  uint32_t *lex_first, *lex_last; /* per sentence: first and last built-in reporting verb
                                     outside quotations, UINT32_MAX when none */
  int8_t *npc;                  /* per token: np_token() once computed, else -1 */
  uint8_t *name_tok;            /* per token: 1 for a word of a multi-word name, or NULL */
  uint32_t *qpre;               /* per token i: tokens inside quotations before i (n + 1) */
  uint32_t *brkpre;             /* per token i: clause breaks outside quotations before i */
  uint32_t *para_cut;           /* per token i: the first blank line after i that no
                                   quotation mark continues (n_tokens when none) */
} ctx_t;

typedef struct {
  uint32_t a, b;  /* tokens, inclusive; a > b means none */
} tspan_t;

#define NO_SPAN ((tspan_t){1, 0})
static int empty(tspan_t s) { return s.a > s.b; }

static void lower(const char *s, char *out, size_t n) {
  size_t i = 0;
  for (; s && s[i] && i + 1 < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
  out[i] = 0;
}

/* Whether token i is a form of the built-in reporting-verb lexicon. */
static int built_in_cue(const ctx_t *c, size_t i) {
  char w[64];
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  lower(c->tk[i].text, w, sizeof w);
  form_lookup(c->model, w, &lx, &me);
  return lx != NULL;
}

static int is_word(const ctx_t *c, size_t i, const char *w) {
  return c->tk[i].text && strcasecmp(c->tk[i].text, w) == 0;
}

static int any_word(const ctx_t *c, size_t i, const char *const *list) {
  for (; *list; list++)
    if (is_word(c, i, *list)) return 1;
  return 0;
}

static int pos_is(const ctx_t *c, size_t i, const char *prefix) {
  if (!c->has_pos) return 0;
  const char *p = c->tk[i].pos;
  return p && strncmp(p, prefix, strlen(prefix)) == 0;
}

static int is_punct_tok(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  return t && ((unsigned char)t[0] < 128 && !isalnum((unsigned char)t[0])) && strcmp(t, "'s") != 0;
}

static int is_cap(const ctx_t *c, size_t i) {
  const unsigned char *t = (const unsigned char *)c->tk[i].text;
  return t && (isupper(t[0]) || t[0] >= 0xC3);
}

static int open_quote_at(const ctx_t *c, size_t i) {
  int32_t q = c->quote_of[i];
  return q >= 0 && c->quotes[q].open == i;
}

static int close_quote_at(const ctx_t *c, size_t i) {
  int32_t q = c->quote_of[i];
  return q >= 0 && c->quotes[q].close == i && c->quotes[q].closed;
}

static int is_finite_verb(const ctx_t *c, size_t i) {
  return pos_is(c, i, "VBD") || pos_is(c, i, "VBZ") || pos_is(c, i, "VBP") || pos_is(c, i, "MD");
}

static int cmp_strp(const void *key, const void *e) {
  return strcmp((const char *)key, *(const char *const *)e);
}

/* Words that end a source noun phrase; sorted for bsearch. */
static const char *const STOP_NP[] = {
    "about", "across", "after", "against", "ago", "all", "also", "although", "amid", "among",
    "and", "are", "as", "at", "be", "because", "been", "before", "between", "but", "by", "can",
    "could", "despite", "did", "do", "does", "during", "earlier", "for", "friday", "from", "had",
    "has", "have", "how", "however", "if", "in", "instead", "into", "is", "it", "last", "later",
    "like", "many", "may", "meanwhile", "might", "monday", "moreover", "must", "next", "not",
    "on", "or", "over", "per", "said", "saturday", "says", "should", "since", "so", "some",
    "still", "such", "sunday", "than", "that", "then", "there", "these", "this", "those",
    "though", "through", "thursday", "to", "today", "told", "tonight", "toward", "towards",
    "tuesday", "under", "unless", "unlike", "until", "upon", "via", "was", "wednesday", "were",
    "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yesterday", "yet",
};
static const char *const PRONOUNS[] = {"he", "she", "they", "we", "i", "you", "it", NULL};
static const char *const DETS[] = {"the", "a", "an", "his", "her", "their", "its", "our", "my",
                                   "your", "this", "these", "those", "some", "many", "several",
                                   "two", "three", "both", "other", "another", "one", NULL};

/* Whether a word of at least @p min_len bytes is a lower-case -ly adverb ("jokingly",
 * "bluntly"), not a noun such as "family" or "rally". */
static int ly_adverb(const char *t, size_t min_len) {
  static const char *const LY_NOUNS[] = {"family", "rally", "supply", "assembly", "ally",
                                         "anomaly", "monopoly", "belly", NULL};
  size_t n = t ? strlen(t) : 0;
  if (n < min_len || strcmp(t + n - 2, "ly") != 0 || !islower((unsigned char)t[0])) return 0;
  for (size_t k = 0; LY_NOUNS[k]; k++)
    if (strcmp(t, LY_NOUNS[k]) == 0) return 0;
  return 1;
}

/* Whether token i can be part of a noun phrase naming a source (np_token caches it). */
static int np_token_calc(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  if (!t || !t[0]) return 0;
  if (strcmp(t, "'s") == 0 || strcmp(t, "\xE2\x80\x99s") == 0) return 1;
  /* General punctuation (U+2000-U+206F: curly quotes, dashes) and quote marks end a phrase. */
  if ((strcmp(t, "\xE2\x80\x99") == 0 || strcmp(t, "'") == 0) && c->quote_of[i] < 0 && i > 0 &&
      c->tk[i - 1].span.end == c->tk[i].span.start)
    return 1;  /* possessive apostrophe: "Sanders' campaign" */
  if ((unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80) return 0;
  if (cw_attr_is_quote_mark(c->doc, i)) return 0;
  if (c->has_pos) {
    const char *p = c->tk[i].pos;
    if (strncmp(p, "NN", 2) == 0 || strncmp(p, "JJ", 2) == 0 || strcmp(p, "POS") == 0 ||
        strcmp(p, "PRP$") == 0 || strcmp(p, "CD") == 0 || strcmp(p, "HYPH") == 0)
      return 1;
    if (strcmp(p, "DT") == 0) return !is_word(c, i, "that");
    return 0;
  }
  if (is_punct_tok(c, i)) return strcmp(t, "-") == 0 || strcmp(t, "&") == 0;
  if (any_word(c, i, DETS)) return 1;
  char lw[64];
  lower(t, lw, sizeof lw);
  if (bsearch(lw, STOP_NP, sizeof STOP_NP / sizeof STOP_NP[0], sizeof STOP_NP[0], cmp_strp) ||
      any_word(c, i, PRONOUNS))
    return 0;
  size_t n = strlen(t);
  if (ly_adverb(t, 3)) return 0;
  /* Without tags, a lower-case "-ed"/"-ing" word not after a determiner is most often a verb
   * ("started asking", "placed ads"). */
  if (n > 4 && !is_cap(c, i) &&
      (strcmp(t + n - 2, "ed") == 0 || strcmp(t + n - 3, "ing") == 0) &&
      !(i > 0 && (any_word(c, i - 1, DETS) || is_word(c, i - 1, "'s") ||
                  is_word(c, i - 1, "\xE2\x80\x99s"))) &&
      /* "retired Army Gen. Ann Kirk", "ranking Democrat": a modifier before a name */
      !(i + 1 < c->doc->n_tokens && is_cap(c, i + 1) && c->tk[i + 1].sentence == c->tk[i].sentence &&
        !cw_attr_is_quote_mark(c->doc, i + 1)))
    return 0;
  static const char *const VERBS[] = {"made", "make", "makes", "gave", "took", "put", "met",
                                      "got", "won", "lost", "went", "came", "left", "faces",
                                      "face", "comes", "avoids", "spent", "began", "kept", NULL};
  if (any_word(c, i, VERBS)) return 0;
  return 1;
}

static int np_token(const ctx_t *c, size_t i) {
  if (c->npc[i] < 0) c->npc[i] = (int8_t)np_token_calc(c, i);
  return c->npc[i];
}

/* Whether token i may sit between a subject and its verb ("has also said"). */
static int adverbial(const ctx_t *c, size_t i) {
  static const char *const AUX[] = {
      "has", "have", "had", "was", "is", "were", "are", "would", "will", "also", "previously",
      "later", "then", "once", "repeatedly", "recently", "reportedly", "publicly", "privately",
      "still", "already", "often", "further", "again", "even", "never", "not", "did", "does",
      "do", "could", "may", "might", "can", "should", "been", "just", "flatly", "firmly",
      "strongly", "quickly", "immediately", "clearly", "later", "subsequently", "first",
      "initially", "simply", "n't", "has", "had", "always", "long", "'s", "\xE2\x80\x99s",
      "'ve", "\xE2\x80\x99ve", "'re", "\xE2\x80\x99re", "'d", "\xE2\x80\x99" "d",
      "n\xE2\x80\x99t", NULL};
  if (any_word(c, i, AUX)) return 1;
  /* "jokingly tells", "bluntly accused": a lower-case -ly word before a verb is an adverb. */
  if (ly_adverb(c->tk[i].text, 5)) return 1;
  if (c->has_pos && (pos_is(c, i, "RB") || pos_is(c, i, "MD"))) return 1;
  return 0;
}

static int single_pronoun(const ctx_t *c, size_t i) {
  return any_word(c, i, PRONOUNS) || (c->has_pos && pos_is(c, i, "PRP") && !pos_is(c, i, "PRP$"));
}

/* Noun phrase ending at token j, not before lo. "of"/"for"/"and" join two noun parts. */
static tspan_t np_backward(const ctx_t *c, size_t j, size_t lo) {
  if (j < lo || j >= c->doc->n_tokens) return NO_SPAN;
  /* "Sen. Ann Kirk (D-Ore.)": a short parenthesis after a name belongs to it. */
  if (is_word(c, j, ")") && j > lo + 1) {
    size_t k = j - 1;
    while (k > lo && j - k < 8 && !is_word(c, k, "(") && !is_word(c, k, ")")) k--;
    if (is_word(c, k, "(") && k > lo && k + 1 < j) {
      tspan_t in = np_backward(c, k - 1, lo);
      if (!empty(in) && is_cap(c, k - 1)) return (tspan_t){in.a, (uint32_t)j};
    }
    return NO_SPAN;
  }
  if (single_pronoun(c, j)) return (tspan_t){(uint32_t)j, (uint32_t)j};
  size_t a = j + 1;
  while (a > lo) {
    size_t k = a - 1;
    if (np_token(c, k)) {
      a = k;
      continue;
    }
    /* A joiner counts only between noun parts and with room on the left. */
    /* "the fisheries ministry in Reykjavik": "in" joins a place name to a common noun. */
    int in_place = is_word(c, k, "in") && is_cap(c, k + 1) && !is_cap(c, k - 1) &&
                   c->quote_of[k + 1] < 0;
    if (a <= j && k > lo && (is_word(c, k, "of") || is_word(c, k, "for") || is_word(c, k, "and") ||
                             is_word(c, k, "at") || is_word(c, k, "(") || is_word(c, k, ")") ||
                             in_place) &&
        np_token(c, k - 1) && j - k < 25) {
      a = k;
      continue;
    }
    break;
  }
  /* Joiners cannot open the phrase. */
  while (a <= j && (is_word(c, a, "of") || is_word(c, a, "for") || is_word(c, a, "and") ||
                    is_word(c, a, "at") || is_word(c, a, "in") || is_word(c, a, ")")))
    a++;
  if (a > j) return NO_SPAN;
  return (tspan_t){(uint32_t)a, (uint32_t)j};
}

/* Noun phrase starting at token k, before hi. */
static tspan_t np_forward(const ctx_t *c, size_t k, size_t hi) {
  if (k >= hi) return NO_SPAN;
  if (single_pronoun(c, k)) return (tspan_t){(uint32_t)k, (uint32_t)k};
  size_t e = k;
  while (e < hi) {
    if (np_token(c, e)) {
      e++;
      continue;
    }
    if (e > k && e + 1 < hi && (is_word(c, e, "of") || is_word(c, e, "for") || is_word(c, e, "at")) &&
        np_token(c, e + 1)) {
      e++;
      continue;
    }
    break;
  }
  if (e == k) return NO_SPAN;
  /* "Sen. Ann Kirk (D-Ore.)": a short parenthesis after a name belongs to it. */
  if (e + 2 < hi && is_word(c, e, "(") && is_cap(c, e - 1)) {
    size_t r = e + 1;
    while (r < hi && r - e < 8 && !is_word(c, r, ")") && !is_word(c, r, "(")) r++;
    if (r < hi && is_word(c, r, ")") && r > e + 1) e = r + 1;
  }
  return (tspan_t){(uint32_t)k, (uint32_t)(e - 1)};
}

/* The chunk of tokens between comma boundaries ending at token j (inclusive): start index. */
static size_t chunk_start(const ctx_t *c, size_t j, size_t lo) {
  size_t a = j + 1;
  while (a > lo && !is_word(c, a - 1, ",") && !open_quote_at(c, a - 1) && !close_quote_at(c, a - 1))
    a--;
  return a;
}

/* Whether tokens [a, b] look like a name ("Zhou Hongyi"): noun-phrase tokens with a capital. */
static int name_chunk(const ctx_t *c, size_t a, size_t b) {
  if (a > b || b - a > 6) return 0;
  int cap = 0;
  for (size_t i = a; i <= b; i++) {
    if (!np_token(c, i)) return 0;
    if (is_cap(c, i) && (!c->has_pos || pos_is(c, i, "NNP"))) cap = 1;
  }
  return cap;
}

/* Whether tokens [a, b] can be an appositive description: no finite verb, no quotation. */
static int desc_chunk(const ctx_t *c, size_t a, size_t b) {
  if (a > b || b - a > 40) return 0;
  for (size_t i = a; i <= b; i++) {
    if ((c->quote_of[i] >= 0 && (open_quote_at(c, i) || close_quote_at(c, i))) ||
        is_word(c, i, "that") || is_word(c, i, "said"))
      return 0;
    if (is_finite_verb(c, i)) return 0;
  }
  return 1;
}

/* "Name, description[, who ...]," before the cue: tokens [name start, comma - 1], or NO_SPAN.
 * @p comma is the comma that closes the last description. */
static tspan_t appositive_subject(const ctx_t *c, size_t comma, size_t lo) {
  size_t end = comma;  /* exclusive end of the chunk being examined */
  for (int k = 0; k < 5 && end > lo; k++) {
    size_t a = chunk_start(c, end - 1, lo);
    if (k > 0 && name_chunk(c, a, end - 1)) return (tspan_t){(uint32_t)a, (uint32_t)(comma - 1)};
    int rel = is_word(c, a, "who") || is_word(c, a, "which") || is_word(c, a, "whose");
    if (!rel && !desc_chunk(c, a, end - 1)) return NO_SPAN;
    if (a <= lo + 1 || !is_word(c, a - 1, ",")) return NO_SPAN;
    end = a - 1;
  }
  return NO_SPAN;
}

/* ---------------------------------------------------------------- cues */

static const char *const BE_FORMS[] = {"is", "was", "were", "are", "be", "been", "being", NULL};
static const char *const NOUN_BEFORE[] = {"the", "a", "an", "his", "her", "their", "its", "our",
                                          "this", "that", "these", NULL};

static const char *const SUBJ_PREPS[] = {"in", "of", "for", "at", "from", "on", "with", NULL};

static const char *const POLL_WORDS[] = {"poll", "polls", "survey", "surveys", NULL};

/* Labels that head a paragraph the way a speaker does but name none. */
static const char *const NOT_SPEAKERS[] = {
  "correction", "update", "updated", "previously", "video", "watch", "note", "editor", "full",
  "text", "read", "more", "related", "breaking", "exclusive", "photo", "photos", "source",
  "sources", "transcript", "warning", "analysis", "opinion", "live", "q", "a", NULL};

static int terminal(const ctx_t *c, size_t i);

static int is_dash(const ctx_t *c, size_t i);

/* Whether token i opens a paragraph. */
static int para_start(const ctx_t *c, size_t i) { return i == 0 || cw_attr_para_break(c->doc, i); }

/* The signature after the dash at token d ("― Carla Sanchez, a teacher"): the words up to the
 * end of the paragraph, at most 12 and no quotation, or NO_SPAN. */
static tspan_t dash_source(const ctx_t *c, size_t d) {
  size_t n = c->doc->n_tokens, e = d + 1;
  while (e < n && !cw_attr_para_break(c->doc, e) && e - d <= 13) {
    if (cw_attr_is_quote_mark(c->doc, e)) return NO_SPAN;
    e++;
  }
  if (e - d > 13 || e == d + 1) return NO_SPAN;
  while (e > d + 1 && terminal(c, e - 1)) e--;
  return e > d + 1 ? (tspan_t){(uint32_t)(d + 1), (uint32_t)(e - 1)} : NO_SPAN;
}

/* Whether token i opens a cue: sets its last token and lemma. */
static int cue_at(const ctx_t *c, size_t i, size_t *last, const char **lemma) {
  char w[64];
  lower(c->tk[i].text, w, sizeof w);
  *last = i;
  if (strcmp(w, ":") == 0 && i > 0 && i + 1 < c->doc->n_tokens && open_quote_at(c, i + 1)) {
    *lemma = ":";  /* "Kerry: “...”" */
    return 1;
  }
  if (strcmp(w, ":") == 0 && i > 0 && i + 1 < c->doc->n_tokens && is_cap(c, i + 1) &&
      !cw_attr_para_break(c->doc, i + 1)) {
    /* A headline or transcript line "Sanders: Clinton Email Story Has Moved." */
    size_t a = i - 1;
    while (a > 0 && i - a <= 5 && !cw_attr_para_break(c->doc, a)) a--;
    int label = 0;
    for (size_t k = a; k < i && !label; k++) label = any_word(c, k, NOT_SPEAKERS);
    if (para_start(c, a) && !label && name_chunk(c, a, i - 1)) {
      *lemma = ":";
      return 1;
    }
  }
  if (i > 0 && close_quote_at(c, i - 1) && is_dash(c, i) && i + 1 < c->doc->n_tokens &&
      is_cap(c, i + 1) && !cw_attr_para_break(c->doc, i + 1) && !empty(dash_source(c, i))) {
    *lemma = "dash";  /* "“...” ― Carla Sanchez": a quotation signed by its speaker */
    return 1;
  }
  if (!w[0] || !isalpha((unsigned char)w[0])) return 0;
  if (strcmp(w, "in") == 0) {
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
  if (strcmp(w, "according") == 0) {
    if (i + 1 < c->doc->n_tokens && is_word(c, i + 1, "to")) {
      *last = i + 1;
      *lemma = "according to";
      return 1;
    }
    return 0;
  }
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  form_lookup(c->model, w, &lx, &me);
  int ok = 0;
  if (lx) {
    *lemma = lx->lemma;
    ok = 1;
    if (me && me->total >= c->model->min_count &&
        (double)me->cue / me->total < c->model->keep_min)
      ok = 0;
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
      !any_word(c, i - 1, BE_FORMS))
    return 0;
  if (strcmp(*lemma, "point") == 0) {
    if (i + 1 < c->doc->n_tokens && is_word(c, i + 1, "out")) *last = i + 1;
    else return 0;
  }
  return 1;
}

/* Whether sentence si is a headline: a paragraph of its own that ends without a full stop
 * ("Borders rail link campaign rally"). Its words are often nouns a tagger reads as verbs. */
static int headline(const ctx_t *c, uint32_t si) {
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si];
  if (!para_start(c, lo) || (hi < c->doc->n_tokens && !cw_attr_para_break(c->doc, hi)))
    return 0;
  return !terminal(c, hi - 1) && !cw_attr_is_quote_mark(c->doc, hi - 1) && !is_word(c, hi - 1, ")");
}

/* ---------------------------------------------------------------- cue classifier */

/* A learned classifier proposes cue words the lexicon and the cue table do not know ("support",
 * "criticism of", "seemed"): an averaged perceptron over hashed features of the token and its
 * neighbours, trained to find the word that heads a gold cue. */

#define CW_ATTR_NCUEFEAT 24

static uint64_t mix3(uint64_t t, uint64_t a, uint64_t b) {
  uint64_t h = t * 0x9E3779B97F4A7C15ULL ^ a * 0xC2B2AE3D27D4EB4FULL ^ b * 0x165667B19E3779F9ULL;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return h ? h : 1;
}

static int cue_eligible(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text, *p = c->tk[i].pos;
  if (!t || !isalpha((unsigned char)t[0]) || c->quote_of[i] >= 0 || !p) return 0;
  /* Verbs, common nouns and adjectives ("critical of"); not names or function words. */
  return p[0] == 'V' || (p[0] == 'N' && p[1] == 'N' && p[2] != 'P') || p[0] == 'J';
}

/* Word classes the cue classifier's context features test, computed once per token. */
enum { WC_OTHER, WC_THAT, WC_COLON, WC_TO, WC_COMMA, WC_PREP, WC_TERM, WC_PRON, WC_BE };

static uint8_t word_class(const char *w) {
  static const struct {
    const char *w;
    uint8_t cls;
  } T[] = {{"that", WC_THAT}, {":", WC_COLON}, {"to", WC_TO}, {",", WC_COMMA},
           {"for", WC_PREP}, {"of", WC_PREP}, {"about", WC_PREP}, {"on", WC_PREP},
           {".", WC_TERM}, {"?", WC_TERM}, {"!", WC_TERM}, {";", WC_TERM}, {"...", WC_TERM},
           {"\xE2\x80\xA6", WC_TERM}, {"he", WC_PRON}, {"she", WC_PRON}, {"they", WC_PRON},
           {"we", WC_PRON}, {"i", WC_PRON}, {"you", WC_PRON}, {"it", WC_PRON}, {"is", WC_BE},
           {"was", WC_BE}, {"were", WC_BE}, {"are", WC_BE}, {"be", WC_BE}, {"been", WC_BE},
           {"being", WC_BE}};
  if (!w[0] || strlen(w) > 5) return WC_OTHER;
  for (size_t k = 0; k < sizeof T / sizeof T[0]; k++)
    if (T[k].w[0] == w[0] && strcmp(T[k].w, w) == 0) return T[k].cls;
  return WC_OTHER;
}

/* Coarse class of the words right after a token: how a report would continue. */
static uint64_t next_class(const ctx_t *c, size_t i, size_t hi) {
  static const uint64_t CODE[] = {0, 2, 3, 4, 5, 6, 7, 0, 0};
  for (size_t k = i + 1; k < hi && k <= i + 3; k++) {
    if (open_quote_at(c, k)) return 1;
    if (CODE[c->wcl[k]]) return CODE[c->wcl[k]];
  }
  return 8;
}

/* Coarse class of the word before a token: who or what could be speaking. */
static uint64_t prev_class(const ctx_t *c, size_t i, size_t lo) {
  if (i <= lo) return 1;
  size_t k = i - 1;
  const char *p = c->tk[k].pos;
  if (close_quote_at(c, k)) return 2;
  if (c->wcl[k] == WC_COMMA) return 3;
  if (c->wcl[k] == WC_PRON) return 4;
  if (p && strncmp(p, "NNP", 3) == 0) return 5;
  if (p && strncmp(p, "NN", 2) == 0) return 6;
  if (c->wcl[k] == WC_BE) return 7;
  if (p && (strcmp(p, "RB") == 0 || strcmp(p, "MD") == 0)) return 8;
  return 9;
}

static size_t cue_features(const ctx_t *c, size_t i, uint64_t *f) {
  uint32_t si = c->tk[i].sentence;
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si], n = 0;
  const uint64_t B = 0x3C3C3C3C3C3C3C3CULL, E = 0x5A5A5A5A5A5A5A5AULL;
  uint64_t w0 = c->wh[i], p0 = c->ph[i];
  uint64_t w1 = i > lo ? c->wh[i - 1] : B, p1 = i > lo ? c->ph[i - 1] : B;
  uint64_t w2 = i > lo + 1 ? c->wh[i - 2] : B;
  uint64_t n1 = i + 1 < hi ? c->wh[i + 1] : E, q1 = i + 1 < hi ? c->ph[i + 1] : E;
  uint64_t n2 = i + 2 < hi ? c->wh[i + 2] : E;
  const char *t = c->tk[i].text;
  size_t len = strlen(t);
  uint64_t suf = cw_fnv1a64(CW_FNV64_OFFSET, len > 3 ? t + len - 3 : t, len > 3 ? 3 : len);
  /* A crude stem: the form without -s, -ed, -ing, so "supports" shares "support"'s weight. */
  size_t sl = len;
  if (sl > 5 && strcmp(t + sl - 3, "ing") == 0) sl -= 3;
  else if (sl > 4 && strcmp(t + sl - 2, "ed") == 0) sl -= 2;
  else if (sl > 3 && t[sl - 1] == 's' && t[sl - 2] != 's') sl -= 1;
  char stem[64];
  lower(t, stem, sl + 1 < sizeof stem ? sl + 1 : sizeof stem);
  uint64_t st = cw_fnv1a64(CW_FNV64_OFFSET, stem, strlen(stem));
  uint64_t nc = next_class(c, i, hi), pc = prev_class(c, i, lo);
  const cw_attr_lex_t *lx, *lx2;
  const attr_entry_t *me;
  char w[64];
  lower(t, w, sizeof w);
  form_lookup(c->model, stem, &lx, &me);
  form_lookup(c->model, w, &lx2, &me);
  int lex = lx || lx2;
  f[n++] = mix3(1, 0, 0);  /* bias */
  f[n++] = mix3(2, w0, 0);
  f[n++] = mix3(3, st, 0);
  f[n++] = mix3(4, p0, 0);
  f[n++] = mix3(5, w0, p0);
  f[n++] = mix3(6, suf, p0);
  f[n++] = mix3(7, w1, 0);
  f[n++] = mix3(8, n1, 0);
  f[n++] = mix3(9, w1, w0);
  f[n++] = mix3(10, w0, n1);
  f[n++] = mix3(11, p1, p0);
  f[n++] = mix3(12, p0, q1);
  f[n++] = mix3(13, w2, 0);
  f[n++] = mix3(14, n2, 0);
  f[n++] = mix3(15, nc, 0);
  f[n++] = mix3(16, pc, 0);
  f[n++] = mix3(17, st, nc);
  f[n++] = mix3(18, st, pc);
  f[n++] = mix3(19, p0, (uint64_t)(nc << 8 | pc));
  f[n++] = mix3(20, (uint64_t)lex, p0);
  f[n++] = mix3(21, i - lo < 2 ? 1 : i - lo < 5 ? 2 : i - lo < 12 ? 3 : 4, p0);
  f[n++] = mix3(22, st, n1);
  /* Another reporting verb in the sentence ("X said the plan would ...") usually heads the
   * report instead. */
  uint64_t other = c->lex_first[si] < i                              ? 1
                   : c->lex_last[si] != UINT32_MAX && c->lex_last[si] > i ? 2
                                                                          : 0;
  f[n++] = mix3(23, other, p0);
  f[n++] = mix3(24, other, st);
  return n;
}

/* Whether the classifier proposes token i as a cue; sets its lemma (the lower-case form). */
static float cue_score(const ctx_t *c, const uint64_t *f, size_t nf) {
  return weights_sum(c->model, f, nf);
}

static int cue_learned(const ctx_t *c, size_t i, float sc, size_t *last, const char **lemma) {
  if (sc < c->model->cue_threshold) return 0;
  char w[64];
  lower(c->tk[i].text, w, sizeof w);
  *last = i;
  *lemma = cw_arena_strndup(c->doc->arena, w, strlen(w));
  return 1;
}

/* ---------------------------------------------------------------- frames */

typedef struct {
  tspan_t cue, source, content;
  const char *lemma;
} cand_t;

static int is_dash(const ctx_t *c, size_t i) {
  return is_word(c, i, "\xE2\x80\x94") || is_word(c, i, "\xE2\x80\x93") || is_word(c, i, "--") ||
         is_word(c, i, "\xE2\x80\x95");
}

static int terminal(const ctx_t *c, size_t i) {
  return is_word(c, i, ".") || is_word(c, i, "?") || is_word(c, i, "!") || is_word(c, i, ";") ||
         is_word(c, i, "...") || is_word(c, i, "\xE2\x80\xA6");
}

/* Content end (exclusive) of sentence [lo, hi): drops final punctuation outside quotes. */
static size_t content_end(const ctx_t *c, size_t lo, size_t hi) {
  while (hi > lo && terminal(c, hi - 1)) hi--;
  return hi;
}

/* Extends the content [a, b] to cover every quotation it opens or closes. */
static tspan_t cover_quotes(const ctx_t *c, tspan_t s) {
  if (empty(s)) return s;
  int32_t qa = c->quote_of[s.a], qb = c->quote_of[s.b];
  if (qa >= 0 && c->quotes[qa].open < s.a && (int)s.b >= (int)c->quotes[qa].close) s.a = c->quotes[qa].open;
  if (qb >= 0 && c->quotes[qb].close > s.b) {
    /* Only when the quote opens inside the content. */
    if (c->quotes[qb].open >= s.a) s.b = c->quotes[qb].close;
  }
  return s;
}

/* The clause from token a to the end of its sentence part (before hi), with the quotations it
 * opens or closes, or NO_SPAN when it is empty. */
static tspan_t clause_from(const ctx_t *c, size_t a, size_t hi) {
  size_t e = content_end(c, a, hi);
  return e > a ? cover_quotes(c, (tspan_t){(uint32_t)a, (uint32_t)(e - 1)}) : NO_SPAN;
}

/* Content before the comma/quote at b: the quotation that ends there, or the clause from the
 * sentence start. */
static tspan_t backward_content(const ctx_t *c, size_t b, size_t lo) {
  size_t q = b;
  if (is_word(c, q, ",") && q > lo && close_quote_at(c, q - 1)) q--;
  if (close_quote_at(c, q)) {
    const cw_attr_quote_t *qq = &c->quotes[c->quote_of[q]];
    /* A quotation closing a longer clause ("reports showed that “...”") is part of it. */
    size_t words = 0;
    for (size_t i = lo; i < qq->open; i++) words += !is_punct_tok(c, i);
    if (qq->open > lo && words >= 3) return (tspan_t){(uint32_t)lo, qq->close};
    return (tspan_t){qq->open, qq->close};
  }
  if (!is_word(c, b, ",") || b <= lo) return NO_SPAN;
  size_t a = lo;
  if (c->quote_of[a] >= 0 && c->quotes[c->quote_of[a]].open < a &&
      c->quotes[c->quote_of[a]].close < b)
    a = c->quotes[c->quote_of[a]].open;  /* a quotation that began in an earlier sentence */
  return (tspan_t){(uint32_t)a, (uint32_t)(b - 1)};
}

static int tells_someone(const char *lemma) {
  return strcmp(lemma, "tell") == 0 || strcmp(lemma, "ask") == 0 || strcmp(lemma, "inform") == 0 ||
         strcmp(lemma, "assure") == 0 || strcmp(lemma, "warn") == 0 || strcmp(lemma, "urge") == 0 ||
         strcmp(lemma, "accuse") == 0 || strcmp(lemma, "promise") == 0 || strcmp(lemma, "caution") == 0;
}

/* Time and setting adjuncts between a cue and its content ("said on Thursday it would ...",
 * "said last week", "told reporters at a news conference the plan ..."): the token after the
 * adjuncts that start at k, or k when none does. They belong to neither cue nor content. */
static const char *const ADJ_DAYS[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
  "today", "tonight", "recently", "earlier", "later", NULL};
static const char *const ADJ_PARTS[] = {"morning", "afternoon", "evening", "night", NULL};
static const char *const ADJ_PERIODS[] = {
  "week", "month", "year", "weekend", "night", "spring", "summer", "autumn", "fall", "winter",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
static const char *const ADJ_MONTHS[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
  NULL};
static const char *const ADJ_SETTINGS[] = {
  "statement", "interview", "conference", "briefing", "release", "letter", "speech", "post",
  "email", "e-mail", "filing", "broadcast", "address", "hearing", "meeting", "tweet", "message",
  "video", "blog", "call", "appearance", "summit", "rally", "event", NULL};

static int adj_number(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  return t && isdigit((unsigned char)t[0]) && strlen(t) <= 4;
}

/* One adjunct at k (before e): the token after it, or k. */
static size_t adjunct_at(const ctx_t *c, size_t k, size_t e) {
  size_t i = k;
  if (c->quote_of[k] >= 0) return k;
  if (any_word(c, i, ADJ_DAYS)) {
    i++;
    if (i < e && any_word(c, i, ADJ_PARTS)) i++;
    return i;
  }
  if ((is_word(c, i, "last") || is_word(c, i, "this") || is_word(c, i, "next")) && i + 1 < e &&
      any_word(c, i + 1, ADJ_PERIODS))
    return i + 2;
  if (is_word(c, i, "on") && i + 1 < e) {
    if (any_word(c, i + 1, ADJ_DAYS) && !is_word(c, i + 1, "later") &&
        !is_word(c, i + 1, "earlier")) {
      i += 2;
      if (i < e && any_word(c, i, ADJ_PARTS)) i++;
      return i;
    }
    /* "on 5 March", "on March 5" */
    if (adj_number(c, i + 1) && i + 2 < e && any_word(c, i + 2, ADJ_MONTHS)) return i + 3;
    if (any_word(c, i + 1, ADJ_MONTHS) && i + 2 < e && adj_number(c, i + 2)) return i + 3;
  }
  /* "in a statement", "at a news conference", "in a written statement on its website" */
  if ((is_word(c, i, "in") || is_word(c, i, "at") || is_word(c, i, "during")) && i + 2 < e &&
      any_word(c, i + 1, DETS)) {
    for (size_t h = i + 2; h < e && h <= i + 4; h++) {
      if (c->quote_of[h] >= 0 || is_punct_tok(c, h)) break;
      if (any_word(c, h, ADJ_SETTINGS)) return h + 1;
    }
  }
  return k;
}

/* The addressee of "told reporters at a news conference ...": the noun phrase at k up to a
 * time or setting adjunct. */
static tspan_t addressee(const ctx_t *c, size_t k, size_t hi) {
  tspan_t o = np_forward(c, k, hi);
  size_t e = content_end(c, k, hi);
  for (size_t i = o.a + 1; !empty(o) && i <= o.b; i++)
    if (adjunct_at(c, i, e) != i) {
      o.b = (uint32_t)(i - 1);
      break;
    }
  return o;
}

static size_t skip_adjuncts(const ctx_t *c, size_t k, size_t hi) {
  size_t e = content_end(c, k, hi), i = k;
  for (int r = 0; r < 4 && i < e; r++) {
    size_t nx = adjunct_at(c, i, e);
    if (nx == i) break;
    i = nx;
  }
  /* Only before a clause of its own: "said on Tuesday." keeps what it had. */
  if (i == k || i >= e || is_word(c, i, ",") || is_word(c, i, ":") || is_word(c, i, "'s") ||
      is_word(c, i, "\xE2\x80\x99s"))
    return k;
  return i;
}

/* Content after the cue ending at token k - 1. */
static tspan_t forward_content(const ctx_t *c, size_t k, size_t lo, size_t hi, const char *lemma) {
  size_t n = c->doc->n_tokens;
  (void)lo;
  if (tells_someone(lemma) && k < hi && !open_quote_at(c, k)) {
    tspan_t o = addressee(c, k, hi);
    if (!empty(o)) k = o.b + 1;
  }
  /* "told the paper in an interview on Sunday that ...": the clause starts after "that". */
  static const char *const PREP[] = {"in", "on", "at", "during", "to", "with", "after",
                                     "before", "last", "earlier", "this", "from", "via", "over",
                                     "for", "through", "late", "early", "privately", "publicly",
                                     "monday", "tuesday", "wednesday", "thursday", "friday",
                                     "saturday", "sunday", "yesterday", "today", "recently",
                                     "tonight", "repeatedly", "again", "later", "then", NULL};
  for (size_t i = k; i < hi && i < k + 12 && any_word(c, k, PREP); i++) {
    /* "said in a statement: “...”" */
    if (open_quote_at(c, i) && i > k &&
        (is_word(c, i - 1, ":") || is_word(c, i - 1, ",") || is_word(c, i - 1, "that"))) {
      k = i;
      break;
    }
    if ((is_word(c, i, ",") || is_word(c, i, ":")) && i + 1 < hi && open_quote_at(c, i + 1)) {
      k = i + 1;
      break;
    }
    if (cw_attr_is_quote_mark(c->doc, i) || is_finite_verb(c, i) || is_word(c, i, ",")) break;
    if (is_word(c, i, "that") && i > k && !is_word(c, i - 1, ",")) {
      k = i;
      break;
    }
  }
  k = skip_adjuncts(c, k, hi);
  while (k < hi && (is_word(c, k, ",") || is_word(c, k, ":") ||
                    is_word(c, k, "\xE2\x80\x94") || is_word(c, k, "-")))
    k++;
  size_t kq = k;
  if (kq < hi && is_word(c, kq, "that")) kq++;
  if (kq < n && open_quote_at(c, kq) && kq == k) {
    const cw_attr_quote_t *q = &c->quotes[c->quote_of[k]];
    /* A quotation after the cue is the content even when it runs past the sentence. */
    if (q->close >= hi || q->close + 2 >= content_end(c, lo, hi)) return (tspan_t){q->open, q->close};
  }
  if (k >= hi) return NO_SPAN;
  size_t e = content_end(c, k, hi);
  int32_t inq = c->quote_of[k];
  if (inq >= 0 && c->quotes[inq].open < k && c->quotes[inq].close < e) {
    /* Reported inside a quotation: the content ends with the quotation. */
    e = c->quotes[inq].close;
    while (e > k && (is_word(c, e - 1, ",") || terminal(c, e - 1))) e--;
  }
  if (e <= k) return NO_SPAN;
  return cover_quotes(c, (tspan_t){(uint32_t)k, (uint32_t)(e - 1)});
}

/* Whether what follows the cue up to the sentence end closes an inverted report ("..., X
 * said on Sunday."): short, and no new clause or quotation. */
static int tail_is_short(const ctx_t *c, size_t k, size_t hi) {
  static const char *const PREP[] = {"in", "on", "at", "during", "after", "before", "last",
                                     "earlier", "this", "from", "via", "over", "through",
                                     "when", "while", "as", "of", "monday", "tuesday",
                                     "wednesday", "thursday", "friday", "saturday", "sunday",
                                     "yesterday", "today", "tonight", "recently", NULL};
  size_t e = content_end(c, k, hi);
  if (k >= e) return 1;
  if (is_word(c, k, ",")) return !(k + 1 < e && open_quote_at(c, k + 1));
  if (is_word(c, k, ";") || is_word(c, k, "\xE2\x80\x94")) return 1;
  static const char *const VERB_AUX[] = {"is", "was", "were", "are", "would", "will", "could",
                                          "can", "should", "has", "have", "had", "may", "might",
                                          "must", "did", "does", NULL};
  for (size_t i = k; i < e; i++) {
    if (is_word(c, i, "that") || cw_attr_is_quote_mark(c->doc, i) || is_word(c, i, ":")) return 0;
    if (is_finite_verb(c, i) || any_word(c, i, VERB_AUX)) return 0;
  }
  return e - k <= 3 || (any_word(c, k, PREP) && e - k <= 25);
}

/* "“...,” X said": a quotation ending with the comma (or ? !) that hands it to its
 * attribution, closing at token b (or b is a comma right after the closing mark). */
static int quote_comma_before(const ctx_t *c, size_t b) {
  if (is_word(c, b, ",") && b > 0 && close_quote_at(c, b - 1)) return 1;
  if (!close_quote_at(c, b) || b == 0) return 0;
  size_t m = b - 1;
  /* A mark written as two apostrophes ('') is two tokens. */
  if (m > 0 && is_word(c, m, "'") && is_word(c, b, "'") &&
      c->tk[m].span.end == c->tk[b].span.start)
    m--;
  return is_word(c, m, ",") || is_word(c, m, "?") || is_word(c, m, "!");
}

/* Whether the words after the cue at k start a report of their own ("that ...", ": ...", a
 * quotation). */
static int tail_reports(const ctx_t *c, size_t k, size_t hi) {
  if (k >= hi) return 0;
  if (is_word(c, k, ",") && k + 1 < hi) k++;
  return is_word(c, k, "that") || is_word(c, k, ":") || open_quote_at(c, k);
}

/* Token after the addressee of "told the paper": where the rest of the sentence starts. */
static size_t after_object(const ctx_t *c, size_t k, size_t hi, const char *lemma) {
  if (!tells_someone(lemma) || k >= hi || open_quote_at(c, k)) return k;
  tspan_t o = addressee(c, k, hi);
  return empty(o) ? k : o.b + 1;
}

/* A long subject heading the sentence that the noun-phrase rules do not take ("Large
 * majorities of the voters in six states said", "Rep. Jo Kim (D-Md.), chair of the
 * committee, said"): tokens [start, j] when they hold no finite verb, quotation or clause
 * break, or NO_SPAN. */
static const char *const LONG_SUBJ_STOP[] = {
  "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must",
  "he", "she", "they", "we", "i", "it", "you", "if", "when", "because", "while", "as", NULL};

static tspan_t long_subject(const ctx_t *c, size_t lo, size_t j) {
  size_t s0 = lo;
  while (s0 < j && (adverbial(c, s0) || is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
  if (s0 >= j || j - s0 > 30) return NO_SPAN;
  if (!is_cap(c, s0) && !any_word(c, s0, DETS)) return NO_SPAN;
  for (size_t i = s0; i <= j; i++) {
    if (c->quote_of[i] >= 0 || terminal(c, i) || is_word(c, i, ":") || is_word(c, i, ";") ||
        is_word(c, i, "that") || is_dash(c, i) || pos_is(c, i, "VBD") || pos_is(c, i, "VBZ") ||
        pos_is(c, i, "VBP") || pos_is(c, i, "MD") || any_word(c, i, BE_FORMS) ||
        any_word(c, i, LONG_SUBJ_STOP))
      return NO_SPAN;
  }
  return (tspan_t){(uint32_t)s0, (uint32_t)j};
}

/* The source after an inverted cue ("said Smith, a spokesman."). */
static tspan_t inverted_source(const ctx_t *c, size_t k, size_t hi) {
  tspan_t s = np_forward(c, k, hi);
  if (empty(s)) return s;
  size_t e = content_end(c, k, hi);
  if (s.b + 2 < e && is_word(c, s.b + 1, ",") && desc_chunk(c, s.b + 2, e - 1) &&
      !is_word(c, s.b + 2, "adding") && !is_word(c, s.b + 2, "citing") &&
      (any_word(c, s.b + 2, DETS) || is_cap(c, s.b + 2)))
    s.b = (uint32_t)(e - 1);
  /* "said Ann Kirk, who sponsored the bill.": the relative clause describes the source. */
  size_t r = s.b + 1 + (s.b + 1 < e && is_word(c, s.b + 1, ","));
  if (r < e && r + 1 < e && (is_word(c, r, "who") || is_word(c, r, "whose")))
    s.b = (uint32_t)(e - 1);
  return s;
}

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
      c->quotes[q0].close + 2 >= j || !quote_comma_before(c, c->quotes[q0].close) ||
      strcmp(lemma, ":") == 0 || !tail_is_short(c, after_object(c, c1 + 1, hi, lemma), hi))
    return 0;
  size_t s0 = c->quotes[q0].close + 1;
  tspan_t a = appositive_subject(c, j, s0);
  if (empty(a)) a = long_subject(c, s0, j);
  if (empty(a) || a.a != s0 || !is_cap(c, s0)) return 0;
  out->source = a;
  out->content = (tspan_t){c->quotes[q0].open, c->quotes[q0].close};
  return 1;
}

static int build(const ctx_t *c, size_t c0, size_t c1, const char *lemma, cand_t *out) {
  uint32_t si = c->tk[c0].sentence;
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si];
  out->cue = (tspan_t){(uint32_t)c0, (uint32_t)c1};
  out->lemma = lemma;
  out->source = NO_SPAN;
  out->content = NO_SPAN;
  if (strcmp(lemma, "dash") == 0) {
    const cw_attr_quote_t *q = &c->quotes[c->quote_of[c0 - 1]];
    out->source = dash_source(c, c0);
    out->content = (tspan_t){q->open, q->close};
    return !empty(out->source);
  }
  if (strcmp(lemma, "in") == 0) {
    size_t k = c1 + 1;
    while (k < hi && !is_word(c, k, ",")) k++;
    if (k >= hi || k == c1 + 1) return 0;
    out->source = (tspan_t){(uint32_t)(c1 + 1), (uint32_t)(k - 1)};
    out->content = clause_from(c, k + 1, hi);
    return !empty(out->content);
  }
  if (strcmp(lemma, "according to") == 0) {
    tspan_t s = np_forward(c, c1 + 1, hi);
    if (empty(s)) return 0;
    out->source = s;
    size_t after = s.b + 1;
    if (c0 == lo || (c0 > lo && c0 - 1 == lo && (is_word(c, lo, "but") || is_word(c, lo, "and")))) {
      while (after < hi && is_word(c, after, ",")) after++;
      out->content = clause_from(c, after, hi);
    } else if (c0 > lo) {
      size_t b = c0 - 1;
      if (!is_word(c, b, ",")) {
        out->content = (tspan_t){(uint32_t)lo, (uint32_t)b};
      } else {
        out->content = backward_content(c, b, lo);
      }
    }
    return !empty(out->content);
  }
  /* Subject to the left, skipping auxiliaries and adverbs. */
  size_t j = c0;
  while (j > lo && adverbial(c, j - 1)) j--;
  if (j == lo && quote_before(c, lo)) {
    /* "“Why not?” asked Clinton." */
    tspan_t s = inverted_source(c, c1 + 1, hi);
    if (!empty(s) && tail_is_short(c, s.b + 1, hi)) {
      const cw_attr_quote_t *q = &c->quotes[c->quote_of[lo - 1]];
      out->source = s;
      out->content = (tspan_t){q->open, q->close};
      return 1;
    }
  }
  if (j == lo && built_in_cue(c, c0)) {
    /* "Said Ellis: “...”": an inverted report before the quotation it introduces. */
    tspan_t s = np_forward(c, c1 + 1, hi);
    size_t k = empty(s) ? hi : s.b + 1;
    if (k + 1 < c->doc->n_tokens && (is_word(c, k, ":") || is_word(c, k, ",")) &&
        open_quote_at(c, k + 1) && is_cap(c, s.a)) {
      const cw_attr_quote_t *q = &c->quotes[c->quote_of[k + 1]];
      out->source = s;
      out->content = (tspan_t){q->open, q->close};
      return 1;
    }
  }
  if (j == lo) {
    /* "Asked whether ...": a question put to an unnamed source. */
    if (c1 + 1 < hi && (is_word(c, c1 + 1, "whether") || is_word(c, c1 + 1, "if") ||
                        is_word(c, c1 + 1, "about") || is_word(c, c1 + 1, "what") ||
                        is_word(c, c1 + 1, "how") || is_word(c, c1 + 1, "why"))) {
      out->content = forward_content(c, c1 + 1, lo, hi, lemma);
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
  j--;
  /* "Cruz, who said he would ...": the relative pronoun is the source, as PolNeAR marks it. */
  if ((is_word(c, j, "who") || is_word(c, j, "which")) && j > lo) {
    out->source = (tspan_t){(uint32_t)j, (uint32_t)j};
    out->content = forward_content(c, c1 + 1, lo, hi, lemma);
    return !empty(out->content);
  }
  /* "Kim voted no but said the bill ...": a second verb of the sentence's subject. */
  if ((is_word(c, j, "and") || is_word(c, j, "but")) && j > lo + 1 && c->quote_of[j] < 0 &&
      strcmp(lemma, ":") != 0) {
    size_t s0 = lo;
    while (s0 < j && (adverbial(c, s0) || is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
    tspan_t s = np_forward(c, s0, j);
    if (!empty(s) && s.b + 1 < j && !is_word(c, s.b + 1, ",") &&
        (is_cap(c, s.a) || single_pronoun(c, s.a))) {
      out->source = s;
      out->content = forward_content(c, c1 + 1, lo, hi, lemma);
      return !empty(out->content);
    }
  }
  /* "X did this, saying that ...", "X responded by saying ...", "before insisting ...": the
   * participle reports for the sentence's subject. */
  static const char *const GERUND_PREPS[] = {"by", "before", "after", "while", "in", "despite",
                                             NULL};
  size_t cl = strlen(c->tk[c0].text);
  if ((is_word(c, j, ",") || (any_word(c, j, GERUND_PREPS) && built_in_cue(c, c0))) && cl > 4 &&
      strcmp(c->tk[c0].text + cl - 3, "ing") == 0 &&
      !(c->quote_of[j] >= 0)) {
    size_t s0 = lo;
    while (s0 < j && (adverbial(c, s0) || is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
    tspan_t s = np_forward(c, s0, j);
    if (!empty(s) && (is_cap(c, s.a) || single_pronoun(c, s.a))) {
      out->source = s;
      out->content = forward_content(c, c1 + 1, lo, hi, lemma);
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
  }
  if (is_word(c, j, ",") || close_quote_at(c, j)) {
    /* "“A,” Jo Kim, director of the center, said of the plan." before "..., said X.", which
     * would take "of the plan" for the speaker. */
    static const char *const PREP[] = {"of", "about", "on", "in", "at", "for", "with", "to",
                                       "from", "by", NULL};
    if (is_word(c, j, ",") && c1 + 1 < hi && any_word(c, c1 + 1, PREP) &&
        quote_headed(c, lo, j, c1, hi, lemma, out))
      return 1;
    /* "..., said X." */
    tspan_t s = inverted_source(c, c1 + 1, hi);
    size_t tail = empty(s) ? c1 + 1 : s.b + 1;
    /* "..., said he." ends there; "..., said he voted ..." starts a new report. */
    int pron_ok = empty(s) || s.a != s.b || !single_pronoun(c, s.a) ||
                  content_end(c, tail, hi) <= tail || is_word(c, tail, ",");
    if (!empty(s) && pron_ok &&
        (tail_is_short(c, tail, hi) || (quote_comma_before(c, j) && !tail_reports(c, tail, hi)))) {
      out->source = s;
      out->content = backward_content(c, j, lo);
      return !empty(out->content);
    }
    /* "X, a member of ..., told Y that ..." */
    if (is_word(c, j, ",")) {
      tspan_t a = appositive_subject(c, j, lo);
      /* "Sen. Jo Reed (D-R.I.), said ...": a stray comma after a name heading the sentence. */
      if (empty(a) && j > lo) {
        size_t s0 = lo;
        while (s0 < j && (is_word(c, s0, "but") || is_word(c, s0, "and"))) s0++;
        tspan_t nm = np_backward(c, j - 1, s0);
        if (!empty(nm) && nm.a == s0 && is_cap(c, nm.a) && name_chunk(c, nm.a, nm.b))
          a = nm;
        else if (!empty(nm) && nm.a == s0 && is_word(c, nm.b, ")") && is_cap(c, nm.a))
          a = nm;
      }
      if (!empty(a)) {
        out->source = a;
        if (a.a > lo && (is_word(c, a.a - 1, ",") || close_quote_at(c, a.a - 1)) &&
            tail_is_short(c, after_object(c, c1 + 1, hi, lemma), hi)) {
          out->content = backward_content(c, a.a - 1, lo);
          if (!empty(out->content)) return 1;
        }
        out->content = forward_content(c, c1 + 1, lo, hi, lemma);
        return !empty(out->content);
      }
      a = long_subject(c, lo, j);
      if (!empty(a) && strcmp(lemma, ":") != 0) {
        out->source = a;
        out->content = forward_content(c, c1 + 1, lo, hi, lemma);
        return !empty(out->content);
      }
      if (quote_headed(c, lo, j, c1, hi, lemma, out)) return 1;
    }
    return 0;
  }
  /* Passive: "was reported by X". */
  if (c1 + 1 < hi && is_word(c, c1 + 1, "by") && c0 > lo &&
      (is_word(c, c0 - 1, "was") || is_word(c, c0 - 1, "were") || is_word(c, c0 - 1, "been") ||
       is_word(c, c0 - 1, "is") || is_word(c, c0 - 1, "are"))) {
    tspan_t s = np_forward(c, c1 + 2, hi);
    if (empty(s)) return 0;
    out->source = s;
    out->content = forward_content(c, s.b + 1, lo, hi, lemma);
    if (empty(out->content) || !is_word(c, s.b + 1, "that")) {
      tspan_t subj = np_backward(c, c0 - 2, lo);
      if (!empty(subj)) out->content = subj;
    }
    return !empty(out->content);
  }
  /* Passive without an agent ("was asked whether ..."): the report has no source. */
  size_t cl0 = strlen(c->tk[c0].text);
  int participle = cl0 > 3 && strcmp(c->tk[c0].text + cl0 - 3, "ing") != 0 &&
                   (strcmp(c->tk[c0].text + cl0 - 2, "ed") == 0 || is_word(c, c0, "told") ||
                    is_word(c, c0, "said") || is_word(c, c0, "written") || is_word(c, c0, "known") ||
                    is_word(c, c0, "shown") || is_word(c, c0, "thought") || is_word(c, c0, "found"));
  for (size_t i = j + 1; participle && i < c0; i++) {
    if (any_word(c, i, BE_FORMS) && !(c1 + 1 < hi && is_word(c, c1 + 1, "by"))) {
      out->content = forward_content(c, c1 + 1, lo, hi, lemma);
      return !empty(out->content);
    }
  }
  tspan_t subj = np_backward(c, j, lo);
  if (empty(subj) && j > lo + 2 && (is_dash(c, j) || is_word(c, j, ")"))) {
    /* "Jo Sims — a teacher from Keene — says", "Sen. Kim (a Democrat from ...) says": the
     * subject before an aside set off by dashes or a parenthesis. */
    int paren = is_word(c, j, ")");
    size_t k = j - 1;
    while (k > lo && j - k < 40 && !(paren ? is_word(c, k, "(") : is_dash(c, k)) &&
           !terminal(c, k))
      k--;
    if (k > lo && k + 1 < j && (paren ? is_word(c, k, "(") : is_dash(c, k))) {
      tspan_t in = np_backward(c, k - 1, lo);
      if (!empty(in) && (is_cap(c, in.a) || any_word(c, in.a, DETS)))
        subj = (tspan_t){in.a, (uint32_t)(paren ? j : j - 1)};
    }
  }
  if (empty(subj) && strcmp(lemma, ":") != 0) subj = long_subject(c, lo, j);
  if (empty(subj)) return 0;
  if (strcmp(lemma, ":") == 0) {
    /* A colon reports only for a bare name heading its sentence. */
    if (subj.a != lo || j + 1 != c0 || !is_cap(c, subj.a)) return 0;
    out->source = subj;
    out->content = forward_content(c, c1 + 1, lo, hi, lemma);
    return !empty(out->content);
  }
  if (subj.a > lo && is_word(c, subj.a - 1, ",")) {
    /* "Zhou Hongyi, a member of ... revealed": the name joins its description. */
    if (subj.a >= lo + 2 && name_chunk(c, chunk_start(c, subj.a - 2, lo), subj.a - 2)) {
      subj.a = (uint32_t)chunk_start(c, subj.a - 2, lo);
    }
  }
  if (subj.a > lo) {
    /* "“Why not?” a narrator in the ad asks.": a subject with a prepositional phrase right
     * after a quotation. */
    size_t k = subj.a;
    while (k > lo && subj.a - k < 8 && (np_token(c, k - 1) || any_word(c, k - 1, SUBJ_PREPS)))
      k--;
    if (k < subj.a && any_word(c, k, DETS) &&
        ((k == lo && quote_before(c, lo)) || (k > lo && close_quote_at(c, k - 1))))
      subj.a = (uint32_t)k;
  }
  out->source = subj;
  size_t b = subj.a;
  if (b > lo && is_word(c, b - 1, "as") && c->quote_of[b - 1] < 0 && built_in_cue(c, c0)) {
    size_t ta = after_object(c, c1 + 1, hi, lemma);
    if (b - 1 > lo && is_word(c, b - 2, ",") && content_end(c, ta, hi) <= ta) {
      /* "It did not say whether he had a gun, as police have said.": what came before. */
      out->content = backward_content(c, b - 2, lo);
      return !empty(out->content);
    }
    if (b - 1 == lo && !(c1 + 1 < hi && is_word(c, c1 + 1, "about"))) {
      /* "As Reuters reported on Monday, the bill ...": what follows the comma. */
      size_t k = c1 + 1;
      while (k < hi && k <= c1 + 15 && !is_word(c, k, ",") && !cw_attr_is_quote_mark(c->doc, k))
        k++;
      if (k + 1 < hi && is_word(c, k, ",")) out->content = clause_from(c, k + 1, hi);
      return !empty(out->content);
    }
  }
  if (b == lo && quote_before(c, lo) && tail_is_short(c, after_object(c, c1 + 1, hi, lemma), hi)) {
    /* "“Why not?” Clinton asked.": the sentence splitter cut after the quotation. */
    const cw_attr_quote_t *q = &c->quotes[c->quote_of[lo - 1]];
    out->content = (tspan_t){q->open, q->close};
    return 1;
  }
  if (b > lo) {
    b--;
    size_t ta = after_object(c, c1 + 1, hi, lemma);
    if ((is_word(c, b, ",") || close_quote_at(c, b)) &&
        (tail_is_short(c, ta, hi) || (quote_comma_before(c, b) && !tail_reports(c, ta, hi)))) {
      out->content = backward_content(c, b, lo);
      if (!empty(out->content)) return 1;
    }
  }
  out->content = forward_content(c, c1 + 1, lo, hi, lemma);
  return !empty(out->content);
}

/* "“A,” the judge said, “B.”": one quotation interrupted by its attribution. The content
 * spans both parts, as PolNeAR annotates it. */
static void join_split_quote(const ctx_t *c, cand_t *cd) {
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
static int coordinated(const ctx_t *c, cand_t *cand, size_t n, size_t c0, size_t c1,
                       const char *lemma, cand_t *out) {
  uint32_t si = c->tk[c0].sentence;
  size_t lo = c->sent_lo[si], hi = c->sent_hi[si];
  size_t j = c0;
  while (j > lo && adverbial(c, j - 1)) j--;
  if (j <= lo + 1 || !(is_word(c, j - 1, ",") || is_word(c, j - 1, "and"))) return 0;
  if (n == 0) return 0;
  cand_t *prev = &cand[n - 1];
  if (strcmp(lemma, "according to") == 0) {
    /* "A did B, according to C": C is the source of its own claim; B ends before it. */
    if (c->tk[prev->cue.a].sentence == si && !empty(prev->content) && prev->content.a < j - 1 &&
        prev->content.b >= c0 && c->quote_of[j - 1] < 0)
      prev->content.b = (uint32_t)(j - 2);
    return 0;
  }
  if (empty(prev->source) || empty(prev->content) || c->tk[prev->cue.a].sentence != si)
    return 0;
  size_t cl = strlen(c->tk[c0].text);
  if (is_word(c, j - 1, ",") && cl > 4 && strcmp(c->tk[c0].text + cl - 3, "ing") == 0 &&
      prev->content.b < j - 1 && prev->cue.b < c0) {
    /* "..., Xiao said, citing ...": the participle reports for the same speaker. */
    *out = (cand_t){{(uint32_t)c0, (uint32_t)c1}, prev->source, NO_SPAN, lemma};
    out->content = forward_content(c, c1 + 1, lo, hi, lemma);
    return !empty(out->content);
  }
  if (prev->content.a >= j - 1 || prev->content.b < c0) return 0;
  size_t cut = j - 1;
  if (is_word(c, cut, "and") && cut > lo && is_word(c, cut - 1, ",")) cut--;
  /* A conjunction inside a quotation belongs to the quotation. */
  if (c->quote_of[cut] >= 0) return 0;
  *out = (cand_t){{(uint32_t)c0, (uint32_t)c1}, prev->source, NO_SPAN, lemma};
  out->content = forward_content(c, c1 + 1, lo, hi, lemma);
  if (empty(out->content)) return 0;
  if (cut == 0 || cut - 1 < prev->content.a) return 0;
  prev->content.b = (uint32_t)(cut - 1);
  return 1;
}

/* Whether token @p t lies in the content of claim @p o, and that content follows o's cue. */
static int in_forward_content(const cand_t *o, size_t t) {
  return !empty(o->content) && !empty(o->cue) && o->content.a >= o->cue.b && t >= o->content.a &&
         t <= o->content.b;
}

/* Attributions do not nest: where a kept claim's forward content holds the subject and cue of a
 * later one after a clause boundary ("A said X, but B denied Y"; "X; B noted Y"), the first
 * content ends before that boundary. Claims inside quotations are left whole. */
static void split_nested(const ctx_t *c, cand_t *cand, size_t n) {
  static const char *const CONJ[] = {"but", "and", "although", "though", "while", "whereas",
                                     NULL};
  for (size_t k = 0; k + 1 < n; k++) {
    cand_t *o = &cand[k];
    for (size_t j = k + 1; j < n && j <= k + 8; j++) {
      const cand_t *in = &cand[j];
      if (empty(in->cue) || !in_forward_content(o, in->cue.a)) continue;
      size_t start = !empty(in->source) && in->source.a < in->cue.a ? in->source.a : in->cue.a;
      if (start <= o->content.a + 1 || c->quote_of[start] >= 0) continue;
      /* The boundary right before the inner clause: ", but", "; ", "and", "while". */
      size_t b = start - 1;
      if (any_word(c, b, CONJ) && b > o->content.a && (is_word(c, b - 1, ",") ||
                                                       is_word(c, b - 1, ";")))
        b--;
      else if (!(is_word(c, b, ";") || any_word(c, b, CONJ) || is_dash(c, b)))
        continue;
      if (b <= o->content.a || c->quote_of[b] >= 0) continue;
      o->content.b = (uint32_t)(b - 1);
      break;
    }
  }
}

static cw_claim_kind_t kind_of(const ctx_t *c, tspan_t s);
static cw_span_t cp_span(const ctx_t *c, tspan_t s);
/* ---------------------------------------------------------------- claim scoring */

static uint64_t feat(const char *name, const char *val) {
  uint64_t h = cw_fnv1a64(CW_FNV64_OFFSET, name, strlen(name));
  h = cw_fnv1a64(h, "=", 1);
  h = cw_fnv1a64(h, val, strlen(val));
  return h ? h : 1;
}

static const char *bucket(size_t n) {
  return n <= 1 ? "1" : n <= 3 ? "3" : n <= 6 ? "6" : n <= 12 ? "12" : n <= 25 ? "25" : "big";
}

static const char *shape(const ctx_t *c, tspan_t s) {
  if (empty(s)) return "none";
  if (s.a == s.b && single_pronoun(c, s.a)) return "pron";
  if (any_word(c, s.a, DETS)) return "det";
  return is_cap(c, s.a) ? "cap" : "low";
}

/* Where a candidate's cue sits relative to the forward content of an earlier claim: "out";
 * "wraps" when the candidate's own content holds that claim's cue ("A showed that “...,” said
 * B"); or inside it ("she said he plans to ...") by distance from the content's start and by
 * whether a clause boundary (a comma, semicolon, dash or "but") comes between. Annotators do not
 * nest attributions, so a cue inside another claim's content is more often part of that
 * content. */
/* A clause break outside quotations (",", ";", a dash, "but"): the nesting feature's test. */
static int clause_break(const ctx_t *c, size_t i) {
  return c->quote_of[i] < 0 && (is_word(c, i, ",") || is_word(c, i, ";") || is_dash(c, i) ||
                                is_word(c, i, "but"));
}

static const char *nesting(const ctx_t *c, const cand_t *cand, size_t n, const cand_t *cd) {
  static const char *const NEST[2][4] = {{"n0", "n3", "n8", "n20"}, {"b0", "b3", "b8", "b20"}};
  for (size_t k = n; k-- > 0 && n - k <= 8;) {
    const cand_t *o = &cand[k];
    if (!in_forward_content(o, cd->cue.a)) continue;
    /* "A showed that “...,” said B": B's report holds A's, not the other way round. */
    if (!empty(cd->content) && cd->content.a <= o->cue.a) return "wraps";
    size_t from = o->content.a, to = cd->cue.a, brk = 0;
    if (!empty(cd->source) && cd->source.a >= from && cd->source.a < to) to = cd->source.a;
    if (from < to) brk = c->brkpre[to] > c->brkpre[from];
    size_t d = cd->cue.a - from;
    return NEST[brk ? 1 : 0][d < 3 ? 0 : d < 8 ? 1 : d < 20 ? 2 : 3];
  }
  return "out";
}

/* Hashed features of a candidate claim into @p f (room for CW_ATTR_NFEAT). */
#define CW_ATTR_NFEAT 40  /* cand_features writes at most 35, the caller one more */
static size_t cand_features(const ctx_t *c, const cand_t *cd, int coord, const char *nest,
                            uint64_t *f) {
  size_t n = 0, a = cd->cue.a, b = cd->cue.b, N = c->doc->n_tokens;
  char w[64], p1[64] = "<s>", n1[64] = "</s>", tmp[160];
  lower(c->tk[a].text, w, sizeof w);
  uint32_t si = c->tk[a].sentence;
  if (a > c->sent_lo[si]) lower(c->tk[a - 1].text, p1, sizeof p1);
  if (b + 1 < c->sent_hi[si]) lower(c->tk[b + 1].text, n1, sizeof n1);
  const char *dir = empty(cd->content) ? "none" : cd->content.b < a ? "back" : "fwd";
  const char *spos = empty(cd->source) ? "none" : cd->source.b < a ? "before" : "after";
  const char *sh = shape(c, cd->source);
  f[n++] = feat("bias", "");
  f[n++] = feat("w", w);
  f[n++] = feat("lemma", cd->lemma ? cd->lemma : "");
  f[n++] = feat("p1", p1);
  f[n++] = feat("n1", n1);
  f[n++] = feat("dir", dir);
  f[n++] = feat("spos", spos);
  f[n++] = feat("shape", sh);
  f[n++] = feat("coord", coord ? "1" : "0");
  f[n++] = feat("slen", empty(cd->source) ? "0" : bucket(cd->source.b - cd->source.a + 1));
  f[n++] = feat("clen", bucket(cd->content.b - cd->content.a + 1));
  f[n++] = feat("kind", cw_claim_kind_name(kind_of(c, cd->content)));
  f[n++] = feat("cfirst", is_word(c, cd->content.a, "that") ? "that"
                          : open_quote_at(c, cd->content.a) ? "quote" : "other");
  f[n++] = feat("ccap", is_cap(c, a) ? "1" : "0");
  f[n++] = feat("inq", c->quote_of[a] >= 0 ? "1" : "0");
  snprintf(tmp, sizeof tmp, "%s|%s", w, dir);
  f[n++] = feat("w_dir", tmp);
  snprintf(tmp, sizeof tmp, "%s|%s", w, sh);
  f[n++] = feat("w_shape", tmp);
  snprintf(tmp, sizeof tmp, "%s|%s", w, n1);
  f[n++] = feat("w_n1", tmp);
  snprintf(tmp, sizeof tmp, "%s|%s", p1, w);
  f[n++] = feat("p1_w", tmp);
  snprintf(tmp, sizeof tmp, "%s|%s|%s", dir, spos, sh);
  f[n++] = feat("frame", tmp);
  /* How often the form opened a cue in training, and whether the built-in lexicon has it. */
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  form_lookup(c->model, w, &lx, &me);
  const char *rate = "unk";
  if (me && me->total) {
    double r = (double)me->cue / me->total;
    rate = r < 0.05 ? "r05" : r < 0.1 ? "r10" : r < 0.2 ? "r20" : r < 0.4 ? "r40" : r < 0.7 ? "r70" : "r100";
  }
  f[n++] = feat("rate", rate);
  f[n++] = feat("lex", lx ? "1" : "0");
  const char *pos = c->tk[a].pos ? c->tk[a].pos : "-";
  const char *pp = a > c->sent_lo[si] && c->tk[a - 1].pos ? c->tk[a - 1].pos : "<s>";
  const char *np = b + 1 < c->sent_hi[si] && c->tk[b + 1].pos ? c->tk[b + 1].pos : "</s>";
  f[n++] = feat("pos", pos);
  snprintf(tmp, sizeof tmp, "%s|%s|%s", pp, pos, np);
  f[n++] = feat("pos3", tmp);
  snprintf(tmp, sizeof tmp, "%s|%s", w, pos);
  f[n++] = feat("w_pos", tmp);
  if (!empty(cd->source)) {
    char sh1[64], sh2[64];
    lower(c->tk[cd->source.b].text, sh1, sizeof sh1);
    lower(c->tk[cd->source.a].text, sh2, sizeof sh2);
    f[n++] = feat("shead", sh1);
    f[n++] = feat("sfirst", sh2);
  }
  char c1[64];
  lower(c->tk[cd->content.a].text, c1, sizeof c1);
  f[n++] = feat("c1", c1);
  snprintf(tmp, sizeof tmp, "%s|%s|%s", w, spos, dir);
  f[n++] = feat("w_frame", tmp);
  f[n++] = feat("at", bucket(a - c->sent_lo[si]));
  const char *sent = "none";
  if (!empty(cd->source)) {
    int32_t e = cw_attr_resolve_speaker(c->doc, c->ms, cd->source.a, cd->source.b);
    sent = e < 0 ? "unres" : cw_entity_type_name(c->doc->entities[e].type);
  }
  f[n++] = feat("sent", sent);
  snprintf(tmp, sizeof tmp, "%s|%s", w, sent);
  f[n++] = feat("w_sent", tmp);
  f[n++] = feat("cpos", c->tk[cd->content.a].pos ? c->tk[cd->content.a].pos : "-");
  f[n++] = feat("nest", nest);
  snprintf(tmp, sizeof tmp, "%s|%s", w, nest);
  f[n++] = feat("w_nest", tmp);
  (void)N;
  return n;
}

static float cand_score(const cw_attr_model_t *m, const uint64_t *f, size_t n) {
  return weights_sum(m, f, n);
}

/* ---------------------------------------------------------------- claims */

static int cmp_claim(const void *a, const void *b) {
  const cw_claim_t *x = a, *y = b;
  if (x->content.start != y->content.start) return x->content.start < y->content.start ? -1 : 1;
  if (x->content.end != y->content.end) return x->content.end < y->content.end ? -1 : 1;
  if (x->cue.start != y->cue.start) return x->cue.start < y->cue.start ? -1 : 1;
  return 0;
}

static cw_span_t cp_span(const ctx_t *c, tspan_t s) {
  return (cw_span_t){c->tk[s.a].span.start, c->tk[s.b].span.end};
}

static const char *span_text(const ctx_t *c, cw_span_t s) {
  const cw_docview_t *d = c->doc;
  size_t a = d->cp_byte[s.start], b = d->cp_byte[s.end];
  return cw_arena_strndup(d->arena, d->body + a, b - a);
}

/* DIRECT when the content is one quotation, MIXED when it holds one, else INDIRECT. */
static cw_claim_kind_t kind_of(const ctx_t *c, tspan_t s) {
  int32_t q = c->quote_of[s.a];
  if (q >= 0 && c->quotes[q].open == s.a && c->quotes[q].close >= s.b) return CW_CLAIM_DIRECT;
  return c->qpre[s.b + 1] > c->qpre[s.a] ? CW_CLAIM_MIXED : CW_CLAIM_INDIRECT;
}

/* The code points of content @p s as a claim carries them: up to the end of its paragraph
 * (a blank line; one that a quotation mark continues does not end it) and at most CW_MAX_CONTENT_CP code
 * points, cut after the last whole token that fits (inside the first token when none does).
 * @returns 1 when the cap cut the content. */
static int content_capped(const ctx_t *c, tspan_t s, cw_span_t *out) {
  if (!empty(s) && c->para_cut[s.a] <= s.b) s.b = c->para_cut[s.a] - 1;
  *out = cp_span(c, s);
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

static int overlaps(tspan_t x, tspan_t y) { return !empty(x) && !empty(y) && x.a <= y.b && y.a <= x.b; }

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
    if (empty(cd->content) || empty(cd->cue) || kind_of(c, cd->content) == CW_CLAIM_INDIRECT)
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

/* Appends @p cd to the arena-grown array *@p cand of *@p n entries and room for *@p cap. */
static void push_cand(const ctx_t *c, cand_t **cand, size_t *n, size_t *cap, cand_t cd) {
  if (*n == *cap) {
    cand_t *g = cw_arena_alloc(c->doc->arena, 2 * *cap * sizeof *g);
    memcpy(g, *cand, *n * sizeof **cand);
    *cand = g;
    *cap *= 2;
  }
  (*cand)[(*n)++] = cd;
}

/* ---------------------------------------------------------------- transcripts */

/* Whether token i is an upper-case word of a speaker label ("PENCE", "JAKE", "O'REILLY"). */
static int caps_word(const ctx_t *c, size_t i) {
  const unsigned char *t = (const unsigned char *)c->tk[i].text;
  if (!t || !isupper(t[0])) return 0;
  for (; *t; t++)
    if (!isupper(*t) && *t != '\'' && *t != '-' && *t != '.') return 0;
  return 1;
}

/* The colon of a transcript line "PENCE: Well, look, ..." or "\"WALLACE: If I may, ...": one
 * to three upper-case words opening a paragraph (after an opening quotation mark, if any).
 * Returns the colon's token, or 0. */
static size_t turn_label(const ctx_t *c, size_t i, size_t *name_a) {
  size_t N = c->doc->n_tokens, a = i;
  if (!para_start(c, i)) return 0;
  if (cw_attr_is_quote_mark(c->doc, a) && a + 1 < N && !cw_attr_para_break(c->doc, a + 1)) a++;
  size_t k = a;
  while (k < N && k < a + 3 && caps_word(c, k) && !any_word(c, k, NOT_SPEAKERS)) k++;
  if (k == a || k + 1 >= N || !is_word(c, k, ":") || cw_attr_para_break(c->doc, k + 1)) return 0;
  for (size_t j = a + 1; j <= k; j++)
    if (cw_attr_para_break(c->doc, j)) return 0;
  *name_a = a;
  return k;
}

/* A transcript's turns: where an article has at least two labelled paragraphs, each label is a
 * claim whose source is the speaker and whose content runs to the end of the turn (through
 * paragraphs that continue the same quotation, up to the next label or a parenthetical
 * "(CROSSTALK.)"). Returns how many there are, in *@p out (arena memory; NULL when none). */
static size_t transcript_turns(const ctx_t *c, cand_t **out) {
  size_t N = c->doc->n_tokens, n = 0, labels = 0, name_a;
  *out = NULL;
  for (size_t i = 0; i < N; i++) labels += turn_label(c, i, &name_a) != 0;
  if (labels < 2) return 0;
  *out = cw_arena_alloc(c->doc->arena, labels * sizeof **out);
  for (size_t i = 0; i < N && n < labels; i++) {
    size_t colon = turn_label(c, i, &name_a);
    if (!colon) continue;
    int quoted = name_a > i;
    size_t end = colon + 1;
    while (end + 1 < N) {
      size_t nx = end + 1, na;
      if (cw_attr_para_break(c->doc, nx)) {
        if (!quoted || !cw_attr_is_quote_mark(c->doc, nx) || turn_label(c, nx, &na)) break;
        if (nx + 1 < N && (is_word(c, nx + 1, "(") || is_word(c, nx + 1, "["))) break;
      }
      end = nx;
    }
    /* The content leaves out the quotation marks that wrap the turn. */
    while (end > colon + 1 && cw_attr_is_quote_mark(c->doc, end)) end--;
    (*out)[n++] = (cand_t){{(uint32_t)colon, (uint32_t)colon},
                        {(uint32_t)name_a, (uint32_t)(colon - 1)},
                        {(uint32_t)(colon + 1), (uint32_t)end}, ":"};
    i = end;
  }
  return n;
}

/* The cue's extent as PolNeAR marks it, once the claim is decided: auxiliaries, negation and
 * adverbs between the subject and the verb ("has also said", "did not say"), a particle the
 * content began with ("called for X"), and a colon after the verb ("said:"). */
static void cue_extent(const ctx_t *c, cand_t *cd) {
  if (empty(cd->cue) || !cd->lemma || strcmp(cd->lemma, ":") == 0 ||
      strcmp(cd->lemma, "according to") == 0 || strcmp(cd->lemma, "in") == 0)
    return;
  uint32_t si = c->tk[cd->cue.a].sentence;
  while (cd->cue.a > c->sent_lo[si] && adverbial(c, cd->cue.a - 1) &&
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
             c->quote_of[nx] < 0) {
    cd->cue.b = nx;
    cd->content.a = nx + 1;
  }
  /* "Sanders, the senator from Vermont, said": the closing comma of the appositive. */
  if (!empty(cd->source) && cd->source.b + 2 == cd->cue.a && is_word(c, cd->source.b + 1, ","))
    cd->source.b++;
}

cw_err_t cw_attr_find(const cw_attr_model_t *m, const cw_docview_t *doc, cw_claim_t **claims,
                      size_t *n_claims, char *errstr, size_t errstr_size) {
  return cw_attr_find_ex(m, doc, NULL, claims, n_claims, errstr, errstr_size);
}

cw_err_t cw_attr_find_ex(const cw_attr_model_t *m, const cw_docview_t *doc,
                         const cw_attr_observer_t *obs, cw_claim_t **claims, size_t *n_claims,
                         char *errstr, size_t errstr_size) {
  cw_attr_cand_fn on_cand = obs ? obs->on_cand : NULL;
  cw_attr_token_fn on_token = obs ? obs->on_token : NULL;
  void *ud = obs ? obs->ud : NULL;
  *claims = NULL;
  *n_claims = 0;
  if (!doc || !doc->arena || (doc->n_tokens && (!doc->tokens || !doc->cp_byte))) {
    snprintf(errstr, errstr_size, "attribution: incomplete document view");
    return CW_ERR_INVALID;
  }
  if (doc->n_tokens == 0) return CW_OK;
  ctx_t c = {.model = m, .doc = doc, .tk = doc->tokens};
  size_t ns = doc->n_sentences ? doc->n_sentences : 1;
  c.sent_lo = cw_arena_alloc(doc->arena, ns * sizeof *c.sent_lo);
  c.sent_hi = cw_arena_calloc(doc->arena, ns, sizeof *c.sent_hi);
  for (size_t i = 0; i < ns; i++) c.sent_lo[i] = UINT32_MAX;
  for (size_t i = 0; i < doc->n_tokens; i++) {
    uint32_t s = doc->tokens[i].sentence;
    if (s >= ns) {
      snprintf(errstr, errstr_size, "attribution: token %zu in sentence %u of %zu", i, s, ns);
      return CW_ERR_INVALID;
    }
    if (c.sent_lo[s] == UINT32_MAX) c.sent_lo[s] = (uint32_t)i;
    c.sent_hi[s] = (uint32_t)(i + 1);
    /* POS tags steer the rules only for a model trained with them: its statistics hold for
     * the rules it was measured with (without a model the tag-free rules measured best). */
    if (doc->tokens[i].pos && m && m->use_pos) c.has_pos = 1;
  }
  c.n_quotes = cw_attr_quotes(doc, &c.quotes);
  c.quote_of = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c.quote_of);
  c.npc = cw_arena_alloc(doc->arena, doc->n_tokens);
  memset(c.npc, -1, doc->n_tokens);
  for (size_t i = 0; i < doc->n_tokens; i++) c.quote_of[i] = -1;
  for (size_t q = 0; q < c.n_quotes; q++)
    for (size_t i = c.quotes[q].open; i <= c.quotes[q].close; i++) c.quote_of[i] = (int32_t)q;
  c.qpre = cw_arena_alloc(doc->arena, (doc->n_tokens + 1) * sizeof *c.qpre);
  c.brkpre = cw_arena_alloc(doc->arena, (doc->n_tokens + 1) * sizeof *c.brkpre);
  c.qpre[0] = c.brkpre[0] = 0;
  for (size_t i = 0; i < doc->n_tokens; i++) {
    c.qpre[i + 1] = c.qpre[i] + (c.quote_of[i] >= 0);
    c.brkpre[i + 1] = c.brkpre[i] + clause_break(&c, i);
  }
  c.para_cut = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c.para_cut);
  for (size_t i = doc->n_tokens, cut = doc->n_tokens; i-- > 0;) {
    c.para_cut[i] = (uint32_t)cut;
    if (blank_line_before(doc, i) && !cw_attr_is_quote_mark(doc, i)) cut = i;
  }
  cw_dv_work(doc, 4 * doc->n_tokens);

  cw_attr_mentions_t ms;
  cw_attr_mentions_build(doc, &ms);
  c.ms = &ms;
  c.name_tok = cw_attr_name_tokens(doc, &ms);
  /* Token hashes for the cue classifier: only with tags, and when it runs or is trained. */
  if ((on_token || (m && m->n_cue)) && doc->tokens[0].pos) {
    c.wh = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c.wh);
    c.ph = cw_arena_alloc(doc->arena, doc->n_tokens * sizeof *c.ph);
    c.wcl = cw_arena_alloc(doc->arena, doc->n_tokens);
    for (size_t i = 0; i < doc->n_tokens; i++) {
      char w[64];
      lower(doc->tokens[i].text, w, sizeof w);
      c.wh[i] = cw_fnv1a64(CW_FNV64_OFFSET, w, strlen(w));
      c.wcl[i] = word_class(w);
      const char *p = doc->tokens[i].pos ? doc->tokens[i].pos : "";
      c.ph[i] = cw_fnv1a64(CW_FNV64_OFFSET ^ 0x55, p, strlen(p));
    }
  }
  if (c.wh) {
    c.lex_first = cw_arena_alloc(doc->arena, ns * sizeof *c.lex_first);
    c.lex_last = cw_arena_alloc(doc->arena, ns * sizeof *c.lex_last);
    for (size_t s = 0; s < ns; s++) c.lex_first[s] = c.lex_last[s] = UINT32_MAX;
    for (size_t i = 0; i < doc->n_tokens; i++) {
      const char *t = doc->tokens[i].text;
      if (c.quote_of[i] >= 0 || !t || !isalpha((unsigned char)t[0]) || !built_in_cue(&c, i))
        continue;
      uint32_t s = doc->tokens[i].sentence;
      if (c.lex_first[s] == UINT32_MAX) c.lex_first[s] = (uint32_t)i;
      c.lex_last[s] = (uint32_t)i;
    }
  }
  /* Candidates from transcript turns and from cues. */
  size_t cap = 64, n = 0, n_turns, next_turn = 0;
  cand_t *cand = cw_arena_alloc(doc->arena, cap * sizeof *cand);
  cand_t *turns;
  n_turns = transcript_turns(&c, &turns);
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
      push_cand(&c, &cand, &n, &cap, turns[next_turn]);
      i = turns[next_turn++].content.b;
      continue;
    }
    /* Reporting verbs inside a quotation belong to the quoted speech. */
    if (c.quote_of[i] >= 0) continue;
    int is_cue = cue_at(&c, i, &last, &lemma);
    const char *cue_band = "none";  /* the classifier's judgement, a feature of the claim */
    if (c.wh && cue_eligible(&c, i)) {
      uint64_t tf[CW_ATTR_NCUEFEAT];
      size_t ntf = cue_features(&c, i, tf);
      if (on_token) on_token(ud, doc->tokens, doc->n_tokens, i, tf, ntf);
      if (m && m->n_cue) {
        float sc = cue_score(&c, tf, ntf);
        cue_band = sc < -20 ? "m20" : sc < -10 ? "m10" : sc < -5 ? "m5" : sc < 0 ? "m0"
                 : sc < 5 ? "p0" : sc < 10 ? "p5" : "p10";
        if (!is_cue) is_cue = cue_learned(&c, i, sc, &last, &lemma);
      }
    }
    /* "the South Bank Show Awards", "Polar Express is based on": a word of a name. */
    if (!is_cue || (c.name_tok && c.name_tok[i])) continue;
    /* A headline reports only with a reporting verb of the built-in lexicon ("Mayor says
     * ..."), not with a word only the tables or the classifier take for a cue. */
    if (isalpha((unsigned char)doc->tokens[i].text[0]) && !built_in_cue(&c, i) &&
        strcmp(lemma, "according to") != 0 && headline(&c, doc->tokens[i].sentence))
      continue;
    /* A candidate is built from its sentence (the rules scan it) and scored. */
    uint32_t si = doc->tokens[i].sentence;
    cw_dv_work(doc, 16 + (c.sent_hi[si] - c.sent_lo[si]));
    cand_t cd;
    int coord = coordinated(&c, cand, n, i, last, lemma, &cd);
    if (!coord && !build(&c, i, last, lemma, &cd)) continue;
    if (!empty(cd.content)) cw_dv_work(doc, cd.content.b - cd.content.a + 1);
    if (overlaps(cd.content, cd.cue) || overlaps(cd.source, cd.cue)) continue;
    join_split_quote(&c, &cd);
    if (m && m->prec_min > 0) {
      /* Cue forms whose claims were mostly wrong in training are dropped. */
      char w[64];
      lower(doc->tokens[i].text, w, sizeof w);
      const attr_entry_t *me = model_find(m, w);
      if (me && me->np >= m->min_count && (double)me->tp < m->prec_min * me->np) continue;
    }
    /* A claim whose content is just another report ("cast, according to X") gives way. */
    int gives_way = n > 0 && cand[n - 1].content.a == cd.cue.a;
    const char *nest = nesting(&c, cand, n, &cd);
    if (!gives_way && (strcmp(nest, "n0") == 0 || strcmp(nest, "n3") == 0)) {
      /* A report within the first words of an earlier claim's content, with no clause
       * boundary between ("said he did not mention ...", "vowed not to repeat ..."), is part
       * of that content: annotators do not nest attributions. */
      continue;
    }
    if (on_cand || (m && m->nw)) {
      uint64_t f[CW_ATTR_NFEAT];
      size_t nf = cand_features(&c, &cd, coord, nest, f);
      f[nf++] = feat("cueclf", cue_band);
      if (on_cand) {
        cw_span_t none = {0, 0};
        /* Training keeps only the right candidates, as a perfect scorer would, so that later
         * candidates see the claims inference keeps (the nesting feature above). */
        if (!on_cand(ud, cp_span(&c, cd.cue), empty(cd.source) ? none : cp_span(&c, cd.source),
                     !empty(cd.source), cp_span(&c, cd.content), f, nf))
          continue;
      } else if (strcmp(cd.lemma, "dash") != 0 && cand_score(m, f, nf) < m->threshold) {
        /* The learned scorer rejects the candidate. A signed quotation is not scored: it is
         * certain, and the training articles hold too few to learn it from. */
        continue;
      }
    }
    if (gives_way) n--;
    push_cand(&c, &cand, &n, &cap, cd);
    i = last;
  }
  size_t n_attr = n;
  split_nested(&c, cand, n);
  for (size_t k = 0; k < n; k++) cue_extent(&c, &cand[k]);
  /* Quotations no cue claimed are unattributed claims. The tokens the claims' contents
   * cover are painted once, and the claims a quotation may continue are found by position. */
  attr_cover_t *cover = attr_cover_create(doc->arena, doc->n_tokens);
  for (size_t k = 0; k < n_attr; k++)
    if (!empty(cand[k].content))
      cw_dv_work(doc, 1 + attr_cover_paint(cover, cand[k].content.a, cand[k].content.b));
  reach_t reach;
  reach_init(&c, &reach, cand, n_attr, c.n_quotes);
  for (size_t q = 0; q < c.n_quotes; q++) {
    const cw_attr_quote_t *qq = &c.quotes[q];
    tspan_t qs = {qq->open, qq->close};
    /* Only whole quoted sentences: shorter quotations are titles, scare quotes or phrases
     * whose reporting verb was missed, and claiming them would mostly be noise. */
    if (qq->close < qq->open + 8 || !qq->closed) continue;
    if (qq->open != c.sent_lo[c.tk[qq->open].sentence]) continue;
    if (attr_cover_any(cover, qs.a, qs.b)) continue;
    if (continue_quote(&c, cand, &reach, cover, qs)) continue;
    push_cand(&c, &cand, &n, &cap, (cand_t){NO_SPAN, NO_SPAN, qs, NULL});
  }
  if (n > CW_MAX_CLAIMS) {
    n = CW_MAX_CLAIMS;  /* keep the cue-backed ones, found first */
    if (doc->capped) *doc->capped = 1;
  }

  cw_claim_t *out = cw_arena_calloc(doc->arena, n ? n : 1, sizeof *out);
  int32_t *ents = cw_arena_alloc(doc->arena, 64 * sizeof *ents);
  size_t k = 0;
  /* The content all claims may copy: output stays within a constant times the input. */
  uint64_t content_budget = (uint64_t)CW_MAX_CONTENT_FACTOR * doc->n_cp + CW_MAX_CONTENT_CP;
  for (size_t i = 0; i < n; i++) {
    const cand_t *cd = &cand[i];
    cw_claim_t *cl = &out[k];
    if ((k & 255) == 255 && cw_dv_expired(doc)) {
      snprintf(errstr, errstr_size, "extraction time budget used up in attribution output");
      return CW_ERR_BUDGET;
    }
    cl->content_truncated = content_capped(&c, cd->content, &cl->content);
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
    cl->content_text = span_text(&c, cl->content);
    cw_dv_work(doc, 1 + (cl->content.end - cl->content.start));
    cl->kind = kind_of(&c, cd->content);
    cl->speaker_entity = -1;
    if (!empty(cd->cue)) {
      cl->has_cue = 1;
      cl->cue = cp_span(&c, cd->cue);
      cl->cue_text = span_text(&c, cl->cue);
      cl->cue_lemma = cw_arena_strndup(doc->arena, cd->lemma, strlen(cd->lemma));
    }
    if (!empty(cd->source)) {
      cl->has_source = 1;
      cl->source = cp_span(&c, cd->source);
      cl->source_text = span_text(&c, cl->source);
      cl->speaker_entity = cw_attr_resolve_speaker(doc, &ms, cd->source.a, cd->source.b);
    } else {
      cl->kind = CW_CLAIM_UNATTRIBUTED;
    }
    size_t ne = cw_attr_entities_in(doc, &ms, cl->content.start, cl->content.end, ents, 64);
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
