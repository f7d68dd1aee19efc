/* attr_int.h - what the attribution stage's files share and nothing outside them includes: the
 * model's layout, the per-article context, token spans and candidate claims, the small token
 * tests every rule uses, and the functions each file offers the others.
 *
 * The stage, file by file:
 *   attr.c            cw_attr_find_ex(): the per-article context, the scan for cues, the order
 *                     of the passes below
 *   attr_lex.c        the built-in reporting-verb lexicon and the look-ups in it and in
 *                     attr.model's cue table
 *   attr_model.c      attr.model: reading and writing the file (attr_model.h)
 *   attr_cue.c        which tokens open a cue by rule (lexicon, cue table, ":", dashes, polls)
 *   attr_cueclf.c     the learned cue classifier: per-token hashes and features
 *   attr_np.c         noun phrases and the spans that name a speaker
 *   attr_content.c    content spans: clauses, quotations, adjuncts between cue and content
 *   attr_frames.c     the frames: one function per sentence shape that turns a cue into a
 *                     candidate claim; coordinated cues and split quotations
 *   attr_score.c      the learned claim scorer's features and the nesting feature
 *   attr_transcript.c speaker turns of transcripts ("PENCE: ...")
 *   attr_claims.c     candidates to claims: nesting, cue extents, unattributed quotations, the
 *                     output records
 *   attr_quote.c, attr_speaker.c, attr_names.c, attr_cover.c: quotations, speaker resolution,
 *                     words of names, painted token ranges (their own headers). */
#ifndef CW_ATTR_INT_H
#define CW_ATTR_INT_H
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "attr.h"
#include "attr_quote.h"
#include "attr_speaker.h"
#include "docview.h"
#include "perceptron.h"
#include "cw_str.h"

/* ------------------------------------------------------ the model (attr_lex.c, attr_model.c) */

/* A reporting verb of the built-in lexicon. */
typedef struct {
  const char *form;
  const char *lemma;
} cw_attr_lex_t;

/* One word form known to the lexicon or the cue table, found by hash. */
typedef struct {
  uint64_t h;      /* hash of the form; 0 = empty slot */
  int32_t entry;   /* index into the cue table, or -1 */
  int32_t lex;     /* index into CUE_LEX, or -1 */
} attr_form_t;

/* One form of the learned cue table. */
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
  size_t n_cue;      /* cue-classifier weights; 0 = no classifier */
  /* Averaged-perceptron weights of the claim scorer and the cue classifier: their features
   * hash different templates into one table. NULL or empty: no weights. */
  perc_bin_table_t *w;
  attr_form_t *forms;  /* the cue table's and the lexicon's forms by hash */
  size_t fcap;
};

/* Sum of the weights of the hashed features @p f (0 without weights). */
static inline float attr_weights_sum(const cw_attr_model_t *m, const uint64_t *f, size_t n) {
  return perc_bin_table_sum(m->w, f, n);
}

/* Sorts the cue table by form and indexes it and the lexicon by hash (after loading). */
void attr_model_index(cw_attr_model_t *m);

/* The lexicon entry and the cue-table entry of the lower-case form @p w (either may be NULL;
 * @p m may be NULL: the lexicon only). */
void attr_form_lookup(const cw_attr_model_t *m, const char *w, const cw_attr_lex_t **lx,
                      const attr_entry_t **me);

/* The cue-table entry of the lower-case form @p form, or NULL. */
const attr_entry_t *attr_model_find(const cw_attr_model_t *m, const char *form);

/* ---------------------------------------------------------------------------- the article */

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
  uint8_t *wcl;                 /* per token: word class (attr_cueclf.c) */
  uint32_t *lex_first, *lex_last; /* per sentence: first and last built-in reporting verb
                                     outside quotations, UINT32_MAX when none */
  int8_t *npc;                  /* per token: attr_np_token() once computed, else -1 */
  uint8_t *name_tok;            /* per token: 1 for a word of a multi-word name, or NULL */
  uint32_t *qpre;               /* per token i: tokens inside quotations before i (n + 1) */
  uint32_t *brkpre;             /* per token i: clause breaks outside quotations before i */
  uint32_t *para_cut;           /* per token i: the first blank line after i that no
                                   quotation mark continues (n_tokens when none) */
  /* per token outside quotations whose text starts with a letter: attr_form_lookup() of its
   * lower-case form (attr_token_form()), which the cue tests, the classifier and its hashes
   * each need */
  const cw_attr_lex_t **flx;
  const attr_entry_t **fme;
} ctx_t;

typedef struct {
  uint32_t a, b;  /* tokens, inclusive; a > b means none */
} tspan_t;

#define NO_SPAN ((tspan_t){1, 0})
static inline int empty(tspan_t s) { return s.a > s.b; }

static inline int overlaps(tspan_t x, tspan_t y) {
  return !empty(x) && !empty(y) && x.a <= y.b && y.a <= x.b;
}

/* A candidate claim: tokens of its cue, source and content; lemma of its cue. */
typedef struct {
  tspan_t cue, source, content;
  const char *lemma;
} cand_t;

/* Whether token @p t lies in the content of claim @p o, and that content follows o's cue. */
static inline int in_forward_content(const cand_t *o, size_t t) {
  return !empty(o->content) && !empty(o->cue) && o->content.a >= o->cue.b && t >= o->content.a &&
         t <= o->content.b;
}

/* ---------------------------------------------------------------------------- token tests */

static inline void lower(const char *s, char *out, size_t n) {
  size_t i = 0;
  for (; s && s[i] && i + 1 < n; i++) out[i] = (char)cw_ascii_lower((unsigned char)s[i]);
  out[i] = 0;
}

static inline int is_word(const ctx_t *c, size_t i, const char *w) {
  return c->tk[i].text && cw_str_ieq(c->tk[i].text, w);
}

static inline int any_word(const ctx_t *c, size_t i, const char *const *list) {
  for (; *list; list++)
    if (is_word(c, i, *list)) return 1;
  return 0;
}

static inline int pos_is(const ctx_t *c, size_t i, const char *prefix) {
  if (!c->has_pos) return 0;
  const char *p = c->tk[i].pos;
  return p && strncmp(p, prefix, strlen(prefix)) == 0;
}

static inline int is_punct_tok(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  return t && ((unsigned char)t[0] < 128 && !isalnum((unsigned char)t[0])) && !cw_str_eq(t, "'s");
}

static inline int is_cap(const ctx_t *c, size_t i) {
  const unsigned char *t = (const unsigned char *)c->tk[i].text;
  return t && (isupper(t[0]) || t[0] >= 0xC3);
}

static inline int open_quote_at(const ctx_t *c, size_t i) {
  int32_t q = c->quote_of[i];
  return q >= 0 && c->quotes[q].open == i;
}

static inline int close_quote_at(const ctx_t *c, size_t i) {
  int32_t q = c->quote_of[i];
  return q >= 0 && c->quotes[q].close == i && c->quotes[q].closed;
}

/* Whether the tagger tagged token i as a finite verb, whether or not the rules steer by tags
 * (has_pos): for the few tests that hold with any model. */
static inline int tagged_finite_verb(const ctx_t *c, size_t i) {
  const char *p = c->tk[i].pos;
  return p && (cw_str_eq(p, "VBD") || cw_str_eq(p, "VBZ") || cw_str_eq(p, "VBP") ||
               cw_str_eq(p, "MD"));
}

static inline int is_finite_verb(const ctx_t *c, size_t i) {
  return pos_is(c, i, "VBD") || pos_is(c, i, "VBZ") || pos_is(c, i, "VBP") || pos_is(c, i, "MD");
}

/* Whether token i opens a paragraph. */
static inline int para_start(const ctx_t *c, size_t i) {
  return i == 0 || cw_attr_para_break(c->doc, i);
}

/* A dash setting off an aside: an em, en or horizontal-bar dash, "--", or a hyphen standing
 * alone between spaces, as many outlets type one ("Ann Kirk - a teacher - said"); a hyphen
 * inside a word ("well-known") is part of its token. */
static inline int is_dash(const ctx_t *c, size_t i) {
  if (is_word(c, i, "-")) {
    const cw_docview_t *d = c->doc;
    uint32_t a = d->cp_byte[d->tokens[i].span.start], b = d->cp_byte[d->tokens[i].span.end];
    return a > 0 && b < d->body_len && isspace((unsigned char)d->body[a - 1]) &&
           isspace((unsigned char)d->body[b]);
  }
  return is_word(c, i, "\xE2\x80\x94") || is_word(c, i, "\xE2\x80\x93") || is_word(c, i, "--") ||
         is_word(c, i, "\xE2\x80\x95");
}

static inline int terminal(const ctx_t *c, size_t i) {
  return is_word(c, i, ".") || is_word(c, i, "?") || is_word(c, i, "!") || is_word(c, i, ";") ||
         is_word(c, i, "...") || is_word(c, i, "\xE2\x80\xA6");
}

/* A clause break outside quotations (",", ";", a dash, "but"): the nesting feature's test. */
static inline int attr_clause_break(const ctx_t *c, size_t i) {
  return c->quote_of[i] < 0 && (is_word(c, i, ",") || is_word(c, i, ";") || is_dash(c, i) ||
                                is_word(c, i, "but"));
}

/* Whether ctx_t's flx / fme hold token i's forms. */
static inline int attr_form_kept(const ctx_t *c, size_t i) {
  const char *t = c->tk[i].text;
  return c->flx && c->quote_of[i] < 0 && t && isalpha((unsigned char)t[0]);
}

/* attr_form_lookup() of token i's lower-case form (lower() into 64 bytes). */
static inline void attr_token_form(const ctx_t *c, size_t i, const cw_attr_lex_t **lx,
                                   const attr_entry_t **me) {
  if (attr_form_kept(c, i)) {
    *lx = c->flx[i];
    *me = c->fme[i];
    return;
  }
  char w[64];
  lower(c->tk[i].text, w, sizeof w);
  attr_form_lookup(c->model, w, lx, me);
}

/* Whether token i is a form of the built-in reporting-verb lexicon. */
static inline int attr_built_in_cue(const ctx_t *c, size_t i) {
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  attr_token_form(c, i, &lx, &me);
  return lx != NULL;
}

/* Whether the tagger tagged token i a noun (NN, NNS, NNP, NNPS); 0 without tags. */
static inline int attr_noun_tag(const cw_docview_t *doc, size_t i) {
  const char *p = doc->tokens[i].pos;
  return p && p[0] == 'N' && p[1] == 'N';
}

/* Whether a noun-tagged cue at token i may stand: it does not follow a determiner, adjective
 * or common noun, or it has a reporting frame, a possessor before it ("Kirk's refusal") or a
 * complement after it ("plans to", "criticism of", "the view that"). */
int attr_noun_cue_frame(const ctx_t *c, size_t i);

/* --------------------------------------------------------------- noun phrases (attr_np.c) */

extern const char *const ATTR_DETS[];      /* determiners and quantifiers, NULL-terminated */
extern const char *const ATTR_BE_FORMS[];  /* forms of "be", NULL-terminated */

/* Whether token i can be part of a noun phrase naming a source (cached in c->npc). */
int attr_np_token(const ctx_t *c, size_t i);
/* Whether token i is a capitalised stop word or modal inside a name ("Theresa May"). */
int attr_name_word(const ctx_t *c, size_t i);
/* Whether token i may sit between a subject and its verb ("has also said"). */
int attr_adverbial(const ctx_t *c, size_t i);
/* Whether token i is a personal pronoun ("he", "they"). */
int attr_single_pronoun(const ctx_t *c, size_t i);
/* The noun phrase ending at token j, not before lo, or NO_SPAN. */
tspan_t attr_np_backward(const ctx_t *c, size_t j, size_t lo);
/* The noun phrase starting at token k, before hi, or NO_SPAN. */
tspan_t attr_np_forward(const ctx_t *c, size_t k, size_t hi);
/* The first token of the comma-bounded chunk ending at token j, not before lo. */
size_t attr_chunk_start(const ctx_t *c, size_t j, size_t lo);
/* Whether tokens [a, b] look like a name: noun-phrase tokens with a capital. */
int attr_name_chunk(const ctx_t *c, size_t a, size_t b);
/* "Name, description, " before the comma at @p comma: the name and its description. */
tspan_t attr_appositive_subject(const ctx_t *c, size_t comma, size_t lo);
/* Whether tokens [lo, j) are a name with its description set off by commas. */
int attr_name_and_description(const ctx_t *c, size_t lo, size_t j);
/* The source @p s with a cut possessor taken back and leading time words ("This week") off. */
tspan_t attr_source_edges(const ctx_t *c, tspan_t s, size_t lo);
/* A long subject [start, j] heading the sentence from lo, or NO_SPAN. */
tspan_t attr_long_subject(const ctx_t *c, size_t lo, size_t j);
/* The source after an inverted cue ending at token k - 1 ("said Smith, a spokesman."). */
tspan_t attr_inverted_source(const ctx_t *c, size_t k, size_t hi);
/* The signature after the dash at token d, or NO_SPAN. */
tspan_t attr_dash_source(const ctx_t *c, size_t d);

/* ---------------------------------------------------------------------- cues (attr_cue.c) */

extern const char *const ATTR_NOT_SPEAKERS[];  /* labels that name no speaker */

/* Whether token i opens a cue by rule: sets its last token and lemma. */
int attr_cue_at(const ctx_t *c, size_t i, size_t *last, const char **lemma);
/* Whether token i is a verb whose particle makes it an action ("showed off", "called up",
 * "calling back" cars, "called in" administrators). */
int attr_phrasal_action(const ctx_t *c, size_t i);
/* Whether token i modifies the noun before it rather than reporting: a reduced relative
 * ("people accused in connection with ...") or a name given ("a technology called XDR"). */
int attr_noun_modifier(const ctx_t *c, size_t i);
/* Whether sentence si is a headline (a paragraph of its own without a full stop). */
int attr_headline(const ctx_t *c, uint32_t si);

/* --------------------------------------------------------- cue classifier (attr_cueclf.c) */

#define CW_ATTR_NCUEFEAT 24

/* Fills c->wh, c->ph and c->wcl (token hashes and word classes the features read) and
 * c->lex_first, c->lex_last (each sentence's first and last built-in reporting verb outside
 * quotations). */
void attr_cue_hash_tokens(ctx_t *c);
/* Whether the classifier judges token i: an open-class word outside quotations. */
int attr_cue_eligible(const ctx_t *c, size_t i);
/* The hashed features of token i into @p f (room for CW_ATTR_NCUEFEAT). @returns how many. */
size_t attr_cue_features(const ctx_t *c, size_t i, uint64_t *f);
/* The classifier's score for features @p f. */
float attr_cue_score(const ctx_t *c, const uint64_t *f, size_t nf);
/* Whether score @p sc makes token i a cue; sets its last token and lemma (the form). */
int attr_cue_learned(const ctx_t *c, size_t i, float sc, size_t *last, const char **lemma);

/* --------------------------------------------------------------- content (attr_content.c) */

/* The end (exclusive) of [lo, hi) without its final punctuation. */
size_t attr_content_end(const ctx_t *c, size_t lo, size_t hi);
/* The clause from token a to the end of its sentence part, or NO_SPAN. */
tspan_t attr_clause_from(const ctx_t *c, size_t a, size_t hi);
/* The content before the comma or closing quotation mark at token b, or NO_SPAN. */
tspan_t attr_backward_content(const ctx_t *c, size_t b, size_t lo);
/* The content after the cue ending at token k - 1, or NO_SPAN. */
tspan_t attr_forward_content(const ctx_t *c, size_t k, size_t lo, size_t hi, const char *lemma);
/* The preposition opening a time phrase that ends at token j ("in 2010", "in late August",
 * "on Monday"), after token lo; j + 1 when none ends there. */
size_t attr_time_phrase_start(const ctx_t *c, size_t j, size_t lo);
/* Whether what follows the cue from token k closes an inverted report ("..., X said."). */
int attr_tail_is_short(const ctx_t *c, size_t k, size_t hi);
/* Whether a quotation handing itself to its attribution ("“...,” X said") closes at b. */
int attr_quote_comma_before(const ctx_t *c, size_t b);
/* Whether the words from token k start a report of their own ("that", ":", a quotation). */
int attr_tail_reports(const ctx_t *c, size_t k, size_t hi);
/* The token after the addressee of "told the paper" at k (k when there is none). */
size_t attr_after_object(const ctx_t *c, size_t k, size_t hi, const char *lemma);

/* Whether content @p s is a noun phrase with no clause of its own ("the importance they
 * attached to it", "his plans for the port"), as the tagger reads it. */
int attr_np_content(const ctx_t *c, tspan_t s);
/* Whether content @p s is an adjunct heading the sentence with no clause of its own ("In an
 * interview on “Face the Nation,”", "Speaking at a rally in Ohio,"), as the tagger reads it:
 * a preposition or a participle first and no finite verb outside quotations. */
int attr_fronted_adjunct(const ctx_t *c, tspan_t s);

/* ----------------------------------------------------------------- frames (attr_frames.c) */

/* The candidate claim of the cue [c0, c1] into *@p out. @returns 0 when its sentence has no
 * frame that makes it one. */
int attr_build(const ctx_t *c, size_t c0, size_t c1, const char *lemma, cand_t *out);
/* "X said A and said B": a cue sharing the subject of the previous candidate cand[n - 1],
 * whose content it may end. @returns 1 and *@p out when it does. */
int attr_coordinated(const ctx_t *c, cand_t *cand, size_t n, size_t c0, size_t c1,
                     const char *lemma, cand_t *out);
/* Whether the candidate @p out a frame built for the cue [c0, c1] reports nothing
 * (attr_report.c); it may narrow the content ("spoke to them about the plan"). */
int attr_reports_nothing(const ctx_t *c, size_t c0, size_t c1, const char *lemma, cand_t *out);
/* "“A,” the judge said, “B.”": extends a quoted content over the second part. */
void attr_join_split_quote(const ctx_t *c, cand_t *cd);

/* ------------------------------------------------------------ claim scorer (attr_score.c) */

#define CW_ATTR_NFEAT 40  /* attr_cand_features writes at most 35, the caller one more */

/* The hash of feature "name=val" (never 0). */
uint64_t attr_feat(const char *name, const char *val);
/* Where @p cd's cue sits in the forward content of the candidates kept so far: "out",
 * "wraps", or inside by distance and clause break ("n0".."n20", "b0".."b20"). */
const char *attr_nesting(const ctx_t *c, const cand_t *cand, size_t n, const cand_t *cd);
/* The hashed features of candidate @p cd into @p f (room for CW_ATTR_NFEAT). @returns how
 * many. */
size_t attr_cand_features(const ctx_t *c, const cand_t *cd, int coord, const char *nest,
                          uint64_t *f);
/* The scorer's score for features @p f. */
float attr_cand_score(const cw_attr_model_t *m, const uint64_t *f, size_t n);

/* -------------------------------------------------------- transcripts (attr_transcript.c) */

/* The speaker turns of a transcript into *@p out (arena memory). @returns how many (0 unless
 * at least two paragraphs are labelled). */
size_t attr_transcript_turns(const ctx_t *c, cand_t **out);

/* ----------------------------------------------------------------- claims (attr_claims.c) */

/* The code points of tokens @p s. */
cw_span_t attr_cp_span(const ctx_t *c, tspan_t s);
/* DIRECT when content @p s is one quotation, MIXED when it holds one, else INDIRECT. */
cw_claim_kind_t attr_kind_of(const ctx_t *c, tspan_t s);
/* Appends @p cd to the arena-grown array *@p cand of *@p n entries and room for *@p cap. */
void attr_push_cand(const ctx_t *c, cand_t **cand, size_t *n, size_t *cap, cand_t cd);
/* Ends a claim's forward content before a later claim it would hold after a clause break. */
void attr_split_nested(const ctx_t *c, cand_t *cand, size_t n);
/* The cue's extent as PolNeAR marks it ("has also said", "called for", "said:"). */
void attr_cue_extent(const ctx_t *c, cand_t *cd);
/* Quotations no cue claimed: they continue a quoted claim next to them or are appended as
 * unattributed claims; the first @p n_attr candidates are the claims of cues. */
void attr_quote_claims(const ctx_t *c, cand_t **cand, size_t *n, size_t *cap, size_t n_attr);
/* Whether token i reopens the quotation holding it for a new paragraph ("... level. “Every"). */
int attr_reopens(const ctx_t *c, size_t i);
/* "He said: “A. “B. “C.”": a quotation continued over paragraphs is one claim a paragraph,
 * as a reader attributes each; the claim of the cue keeps the paragraph next to the cue and the
 * others are appended with its source and no cue (as attr_push_cand()). */
void attr_split_continued(const ctx_t *c, cand_t **cand, size_t *n, size_t *cap);
/* "Profits are expected to fall", "the battery is said to last": a passive report with no
 * source whose content is an infinitive runs from the subject, which is what is expected to
 * do it (its parts are the subject and the infinitive, without the cue). Not "there". */
void attr_raised_subject(const ctx_t *c, cand_t *cd);
/* The output claims of the candidates (arena memory, sorted by content). @returns
 * CW_ERR_BUDGET with a reason when the deadline has passed. */
cw_err_t attr_emit_claims(const ctx_t *c, const cand_t *cand, size_t n, cw_claim_t **claims,
                          size_t *n_claims, char *errstr, size_t errstr_size);

#endif
