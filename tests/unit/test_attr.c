/* test_attr.c - attribution finding and speaker resolution, one test per construction, on
 * short texts written for these tests. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "attr.h"
#include "attr_model.h"
#include "attr_quote.h"
#include "cw_arena.h"
#include "cw_hash.h"
#include "cw_limits.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

/* An entity for a test document: its canonical name, type and the surface forms whose every
 * occurrence in the text is a mention. */
typedef struct {
  const char *canonical;
  cw_entity_type_t type;
  const char *forms[4];
} ent_spec_t;

typedef struct {
  cw_arena_t *arena;
  cw_docview_t dv;
  cw_claim_t *claims;
  size_t n;
} run_t;

static uint32_t cp_of_byte(const cw_docview_t *d, size_t byte) {
  size_t lo = 0, hi = d->n_cp;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (d->cp_byte[mid] < byte) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}

static uint32_t sentence_of(const cw_docview_t *d, uint32_t cp) {
  for (size_t i = 0; i < d->n_tokens; i++)
    if (d->tokens[i].span.end > cp) return d->tokens[i].sentence;
  return d->n_tokens ? d->tokens[d->n_tokens - 1].sentence : 0;
}

/* Tokenizes and splits @p text, adds the entities, and runs attribution. */
static int run(run_t *r, const char *text, const ent_spec_t *ents, size_t n_ents) {
  char err[256];
  memset(r, 0, sizeof *r);
  r->arena = cw_arena_create(1 << 16);
  tok_result_t tr;
  cw_sentence_t *sents;
  size_t ns;
  size_t len = strlen(text);
  if (tok_run(text, len, r->arena, &tr, err, sizeof err) != CW_OK ||
      sent_split(&tr, r->arena, &sents, &ns, err, sizeof err) != CW_OK) {
    fprintf(stderr, "text layer failed: %s\n", err);
    return 0;
  }
  cw_docview_t *d = &r->dv;
  *d = (cw_docview_t){.id = "test-article", .body = text, .body_len = len, .cp_byte = tr.cp_byte,
                      .n_cp = tr.n_cp, .published_days = INT64_MIN, .tokens = tr.tokens,
                      .n_tokens = tr.n, .sentences = sents, .n_sentences = ns,
                      .arena = r->arena};
  cw_entity_t *e = cw_arena_calloc(r->arena, n_ents ? n_ents : 1, sizeof *e);
  for (size_t i = 0; i < n_ents; i++) {
    cw_mention_t *m = cw_arena_calloc(r->arena, 32, sizeof *m);
    size_t nm = 0;
    /* Mentions in text order: scan positions, try every form at each. */
    for (size_t at = 0; at < len && nm < 32; at++) {
      for (size_t f = 0; f < 4 && ents[i].forms[f]; f++) {
        size_t fl = strlen(ents[i].forms[f]);
        if (strncmp(text + at, ents[i].forms[f], fl) != 0) continue;
        uint32_t s = cp_of_byte(d, at), en = cp_of_byte(d, at + fl);
        m[nm++] = (cw_mention_t){{s, en}, ents[i].forms[f], sentence_of(d, s)};
        at += fl - 1;
        break;
      }
    }
    e[i] = (cw_entity_t){ents[i].canonical, ents[i].type, 0.5, NULL, NULL, nm, m, NULL, 0, 0, 0, NULL};
  }
  d->entities = e;
  d->n_entities = n_ents;
  if (cw_attr_find(NULL, d, &r->claims, &r->n, err, sizeof err) != CW_OK) {
    fprintf(stderr, "attribution failed: %s\n", err);
    return 0;
  }
  return 1;
}

static void done(run_t *r) { cw_arena_destroy(&r->arena); }

/* The claim whose cue text is @p cue (the @p nth such), or NULL. */
static const cw_claim_t *by_cue(const run_t *r, const char *cue, int nth) {
  for (size_t i = 0; i < r->n; i++)
    if (r->claims[i].cue_text && strcmp(r->claims[i].cue_text, cue) == 0 && nth-- == 0)
      return &r->claims[i];
  return NULL;
}

#define CLAIM_IS(cl, src, cue, content) do { \
    CHECK_MSG((cl) != NULL, "no claim with cue %s", cue); \
    if (cl) { CHECK_STR((cl)->source_text, src); CHECK_STR((cl)->cue_text, cue); \
              CHECK_STR((cl)->content_text, content); } } while (0)

static void test_quote_styles(void) {
  static const char *const texts[][2] = {
      {"\xE2\x80\x9CWe will build the bridge next year,\xE2\x80\x9D said Anna Berg.",
       "\xE2\x80\x9CWe will build the bridge next year,\xE2\x80\x9D"},
      {"\"We will build the bridge next year,\" said Anna Berg.",
       "\"We will build the bridge next year,\""},
      {"\xE2\x80\x98We will build the bridge next year,\xE2\x80\x99 said Anna Berg.",
       "\xE2\x80\x98We will build the bridge next year,\xE2\x80\x99"},
      {"'We will build the bridge next year,' said Anna Berg.",
       "'We will build the bridge next year,'"},
      {"\xC2\xAB We will build the bridge next year, \xC2\xBB said Anna Berg.",
       "\xC2\xAB We will build the bridge next year, \xC2\xBB"},
      {"\xE2\x80\x9EWe will build the bridge next year,\xE2\x80\x9C said Anna Berg.",
       "\xE2\x80\x9EWe will build the bridge next year,\xE2\x80\x9C"},
      {"``We will build the bridge next year,'' said Anna Berg.",
       "``We will build the bridge next year,''"},
  };
  static const ent_spec_t ents[] = {{"Anna Berg", CW_ENT_PER, {"Anna Berg"}}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    run_t r;
    CHECK(run(&r, texts[i][0], ents, 1));
    const cw_claim_t *cl = by_cue(&r, "said", 0);
    CHECK_MSG(cl != NULL, "style %zu: no claim", i);
    if (cl) {
      CHECK_STR(cl->content_text, texts[i][1]);
      CHECK_STR(cl->source_text, "Anna Berg");
      CHECK_INT(cl->kind, CW_CLAIM_DIRECT);
      CHECK_INT(cl->speaker_entity, 0);
      CHECK_STR(cl->cue_lemma, "say");
    }
    done(&r);
  }
}

static void test_quote_spanning_sentences(void) {
  const char *text =
      "Officials met on Monday.\n\n"
      "\xE2\x80\x9CThe river is rising. We have moved the families to the school,\xE2\x80\x9D "
      "Mayor Tom Reed said. \xE2\x80\x9CMore rain is coming.\xE2\x80\x9D\n";
  static const ent_spec_t ents[] = {{"Tom Reed", CW_ENT_PER, {"Tom Reed"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK(cl != NULL);
  if (cl) {
    /* Both sentences of the quotation, and its continuation after the attribution. */
    CHECK(strncmp(cl->content_text, "\xE2\x80\x9CThe river is rising.", 22) == 0);
    CHECK(strstr(cl->content_text, "More rain is coming.") != NULL);
    CHECK_STR(cl->source_text, "Mayor Tom Reed");
    CHECK_INT(cl->speaker_entity, 0);
  }
  CHECK_INT(r.n, 1);
  done(&r);
}

static void test_quote_continued_paragraph(void) {
  /* A quotation continued into the next paragraph reopens it without closing the first. Each
   * paragraph is a claim of the speaker; the next has no cue of its own. */
  const char *text =
      "Lena Ortiz said: \xE2\x80\x9CWe planted two hundred trees this spring and most survived.\n\n"
      "\xE2\x80\x9CNext year we will plant twice as many.\xE2\x80\x9D\n";
  static const ent_spec_t ents[] = {{"Lena Ortiz", CW_ENT_PER, {"Lena Ortiz"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  cw_attr_quote_t *q;
  size_t nq = cw_attr_quotes(&r.dv, &q);
  CHECK_INT(nq, 1);
  const cw_claim_t *cl = by_cue(&r, "said:", 0);
  CHECK(cl != NULL);
  if (cl) {
    CHECK_STR(cl->content_text, "\xE2\x80\x9CWe planted two hundred trees this spring and most "
                                "survived.");
    CHECK_INT(cl->kind, CW_CLAIM_DIRECT);
  }
  CHECK_INT(r.n, 2);
  const cw_claim_t *next = NULL;
  for (size_t i = 0; i < r.n; i++)
    if (!r.claims[i].has_cue) next = &r.claims[i];
  CHECK(next != NULL);
  if (next) {
    CHECK_STR(next->content_text, "\xE2\x80\x9CNext year we will plant twice as many.\xE2\x80\x9D");
    CHECK(next->has_source);
    if (next->has_source) CHECK_STR(next->source_text, "Lena Ortiz");
    CHECK_INT(next->kind, CW_CLAIM_DIRECT);
  }
  done(&r);
}

static void test_said_that(void) {
  const char *text = "Maria Lopez said that the new clinic will open in June.";
  static const ent_spec_t ents[] = {{"Maria Lopez", CW_ENT_PER, {"Maria Lopez"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Maria Lopez", "said", "that the new clinic will open in June");
  if (cl) {
    CHECK_INT(cl->kind, CW_CLAIM_INDIRECT);
    CHECK_INT(cl->speaker_entity, 0);
  }
  done(&r);
}

static void test_long_subject(void) {
  /* A long subject heading the sentence, with no finite verb or clause break of its own. */
  const char *text = "Large groups of fishermen from the northern harbors on Friday said the "
                     "catch was the smallest in years.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Large groups of fishermen from the northern harbors on Friday", "said",
           "the catch was the smallest in years");
  done(&r);
  const char *text2 = "Three bakeries in the old town, including the Blue Oven, said the price of "
                      "flour had doubled.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Three bakeries in the old town, including the Blue Oven,", "said",
           "the price of flour had doubled");
  done(&r);
  /* A finite verb before the cue is a clause of its own, not a subject. */
  const char *text3 = "The farmers in the valley were angry after the market closed, said the "
                      "harvest was late.";
  CHECK(run(&r, text3, NULL, 0));
  cl = by_cue(&r, "said", 0);
  if (cl && cl->source_text) CHECK(strstr(cl->source_text, "were") == NULL);
  done(&r);
}

static void test_in_poll(void) {
  /* "In <poll>, ...": the poll is the source of what follows the comma. */
  const char *text = "In a county survey released Tuesday, most residents backed the new park.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "In", 0);
  CLAIM_IS(cl, "a county survey released Tuesday", "In", "most residents backed the new park");
  done(&r);
  /* Not a poll: no report. */
  const char *text2 = "In a small village near the coast, most residents fish.";
  CHECK(run(&r, text2, NULL, 0));
  CHECK(by_cue(&r, "In", 0) == NULL);
  done(&r);
}

static void test_inverted_said_x(void) {
  const char *text = "The new clinic will open in June, said Maria Lopez.";
  static const ent_spec_t ents[] = {{"Maria Lopez", CW_ENT_PER, {"Maria Lopez"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Maria Lopez", "said", "The new clinic will open in June");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
}

static void test_told(void) {
  const char *text =
      "Peter Hall told the Daily Courier on Sunday that the factory would hire 300 workers.";
  static const ent_spec_t ents[] = {{"Peter Hall", CW_ENT_PER, {"Peter Hall"}},
                                    {"Daily Courier", CW_ENT_ORG, {"Daily Courier"}}};
  run_t r;
  CHECK(run(&r, text, ents, 2));
  const cw_claim_t *cl = by_cue(&r, "told", 0);
  CLAIM_IS(cl, "Peter Hall", "told", "that the factory would hire 300 workers");
  if (cl) {
    CHECK_STR(cl->cue_lemma, "tell");
    CHECK_INT(cl->speaker_entity, 0);
  }
  done(&r);
}

static void test_according_to(void) {
  const char *text = "According to the Weather Office, the storm will reach the coast tonight.";
  static const ent_spec_t ents[] = {{"Weather Office", CW_ENT_ORG, {"Weather Office"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "According to", 0);
  CLAIM_IS(cl, "the Weather Office", "According to", "the storm will reach the coast tonight");
  if (cl) {
    CHECK_STR(cl->cue_lemma, "according to");
    CHECK_INT(cl->speaker_entity, 0);
  }
  done(&r);

  const char *text2 = "The storm will reach the coast tonight, according to forecasters.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "according to", 0);
  CLAIM_IS(cl, "forecasters", "according to", "The storm will reach the coast tonight");
  if (cl) CHECK_INT(cl->speaker_entity, -1);
  done(&r);
}

static void test_denied(void) {
  const char *text = "Carla Diaz denied any role in the contract award.";
  static const ent_spec_t ents[] = {{"Carla Diaz", CW_ENT_PER, {"Carla Diaz"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "denied", 0);
  CLAIM_IS(cl, "Carla Diaz", "denied", "any role in the contract award");
  if (cl) CHECK_STR(cl->cue_lemma, "deny");
  done(&r);
}

static void test_relative_pronoun_source(void) {
  const char *text = "The council met Tom Reyes, who said the road would be repaved in May.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Tom Reyes, who", "said", "the road would be repaved in May");
  done(&r);

  const char *text2 = "The union, which endorsed the mayor last spring, now regrets the deal.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "endorsed", 0);
  if (cl) CHECK_STR(cl->source_text, "The union, which");
  done(&r);
}

static void test_ly_adverb_before_cue(void) {
  const char *text = "Lena Ortiz bluntly warned that the budget would not pass.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "bluntly warned", 0);
  CLAIM_IS(cl, "Lena Ortiz", "bluntly warned", "that the budget would not pass");
  done(&r);
}

static void test_single_name_appositive(void) {
  const char *text = "Okafor, who chairs the board, said the vote would be delayed.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Okafor, who chairs the board,", "said", "the vote would be delayed");
  done(&r);
}

static void test_inverted_pronoun_needs_end(void) {
  /* "said he" followed by a clause is not an inverted report of the words before it. */
  const char *text = "The crew worked all night, said he was proud of them.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  if (cl) CHECK(strcmp(cl->content_text, "The crew worked all night") != 0);
  done(&r);

  const char *text2 = "The crew worked all night, said he.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "he", "said", "The crew worked all night");
  done(&r);
}

static void test_party_parenthesis(void) {
  const char *text = "Sen. Ann Kirk (D-Ore.) said the bill would pass.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Sen. Ann Kirk (D-Ore.)", "said", "the bill would pass");
  done(&r);

  const char *text2 = "The bill will pass, said Sen. Ann Kirk (D-Ore.).";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Sen. Ann Kirk (D-Ore.)", "said", "The bill will pass");
  done(&r);
}

static void test_quote_then_short_report(void) {
  /* The sentence splitter cuts after "?”": the short report names the quotation before it. */
  const char *text = "\xE2\x80\x9CWhy is the ferry still closed?\xE2\x80\x9D Ana Ruiz asked.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "asked", 0);
  CLAIM_IS(cl, "Ana Ruiz", "asked", "\xE2\x80\x9CWhy is the ferry still closed?\xE2\x80\x9D");
  done(&r);

  const char *text2 = "\xE2\x80\x9CWhy is the ferry still closed?\xE2\x80\x9D asked Ana Ruiz.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "asked", 0);
  CLAIM_IS(cl, "Ana Ruiz", "asked", "\xE2\x80\x9CWhy is the ferry still closed?\xE2\x80\x9D");
  done(&r);
}

static void test_inverted_source_relative_clause(void) {
  const char *text = "\xE2\x80\x9CThe ferry will run again in May,\xE2\x80\x9D said Ana Ruiz, "
                     "who runs the harbor office.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Ana Ruiz, who runs the harbor office", "said",
           "\xE2\x80\x9CThe ferry will run again in May,\xE2\x80\x9D");
  done(&r);
}

static void test_second_verb_of_subject(void) {
  const char *text = "Tom Reyes voted against the plan but said the city needs a new bridge.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Tom Reyes", "said", "the city needs a new bridge");
  done(&r);
}

static void test_dash_and_paren_asides(void) {
  const char *text =
      "Jo Sims \xE2\x80\x94 a teacher from Keene \xE2\x80\x94 says the school needs more staff.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "says", 0);
  CLAIM_IS(cl, "Jo Sims \xE2\x80\x94 a teacher from Keene", "says",
           "the school needs more staff");
  done(&r);

  const char *text2 = "Sen. Ann Kirk (a Democrat who chairs the budget panel) said the vote "
                      "would wait.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Sen. Ann Kirk (a Democrat who chairs the budget panel)", "said",
           "the vote would wait");
  done(&r);
}

static void test_headline_colon(void) {
  const char *text = "Ann Kirk: Harbor Bridge Will Reopen In May.\n\nThe bridge closed in June.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, ":", 0);
  CLAIM_IS(cl, "Ann Kirk", ":", "Harbor Bridge Will Reopen In May");
  done(&r);
}

static void test_signed_quotation(void) {
  /* "“...” ― Name, role": a quotation signed by its speaker after a dash. */
  const char *text = "\xE2\x80\x9CThe bridge will reopen in May and the ferries will stop.\xE2\x80\x9D "
                     "\xE2\x80\x95 Ann Kirk, harbor master\n\nThe bridge closed in June.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "\xE2\x80\x95", 0);
  CLAIM_IS(cl, "Ann Kirk, harbor master", "\xE2\x80\x95",
           "\xE2\x80\x9CThe bridge will reopen in May and the ferries will stop.\xE2\x80\x9D");
  if (cl) CHECK_INT(cl->kind, CW_CLAIM_DIRECT);
  done(&r);
  /* A dash inside a sentence, or after a quotation but followed by more of the sentence, signs
   * nothing. */
  const char *text2 = "The bridge \xE2\x80\x94 closed in June \xE2\x80\x94 reopens in May.\n\n"
                      "\xE2\x80\x9CSafe\xE2\x80\x9D \xE2\x80\x94 the word the mayor used \xE2\x80\x94 "
                      "is not what the inspectors wrote in their long report on the bridge.";
  CHECK(run(&r, text2, NULL, 0));
  CHECK(by_cue(&r, "\xE2\x80\x94", 0) == NULL);
  done(&r);
}

static void test_signed_quotation_reversed_mark(void) {
  /* A paragraph opening with a closing mark typed for an opening one still holds a quotation
   * the dash signs. */
  const char *text = "\xE2\x80\x9DThe ferries will stop once the bridge reopens in May.\xE2\x80\x9D "
                     "\xE2\x80\x95 Ann Kirk\n\nThe bridge closed in June.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "\xE2\x80\x95", 0);
  CLAIM_IS(cl, "Ann Kirk", "\xE2\x80\x95",
           "\xE2\x80\x9DThe ferries will stop once the bridge reopens in May.\xE2\x80\x9D");
  done(&r);
}

static void test_transcript_turns(void) {
  /* A quoted transcript: each paragraph reopens the quotation; a turn runs on through the
   * paragraphs that continue it and stops at the next label or a "(CROSSTALK.)". */
  const char *text =
      "The mayor spoke on the radio.\n\n"
      "\"HOST: Will the bridge reopen in May? The ferries are full.\n\n"
      "\"KIRK: It will. The inspectors signed off last week.\n\n"
      "\"And the ferries will stop once it does.\n\n"
      "\"(CROSSTALK.)\n\n"
      "\"HOST: Thank you.\"\n\nThe bridge closed in June, the city said.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *host = by_cue(&r, ":", 0), *kirk = by_cue(&r, ":", 1),
                   *host2 = by_cue(&r, ":", 2);
  CLAIM_IS(host, "HOST", ":", "Will the bridge reopen in May? The ferries are full.");
  CLAIM_IS(kirk, "KIRK", ":",
           "It will. The inspectors signed off last week.\n\n\"And the ferries will stop once it "
           "does.");
  CLAIM_IS(host2, "HOST", ":", "Thank you.");
  CHECK(by_cue(&r, ":", 3) == NULL);
  CHECK(by_cue(&r, "said", 0) != NULL);  /* the article goes on after the transcript */
  done(&r);
  /* Unquoted labels: a turn ends with its paragraph; a reporting verb inside it is the
   * speaker's words, not another claim. */
  const char *text2 = "JANE DOE: The bridge will reopen in May, the engineers said.\n\n"
                      "KIRK: It will.\n\nThe bridge closed in June.";
  CHECK(run(&r, text2, NULL, 0));
  CLAIM_IS(by_cue(&r, ":", 0), "JANE DOE", ":",
           "The bridge will reopen in May, the engineers said.");
  CLAIM_IS(by_cue(&r, ":", 1), "KIRK", ":", "It will.");
  CHECK(by_cue(&r, "said", 0) == NULL);
  done(&r);
  /* One label is a heading, not a transcript; nor are notes like "UPDATE:". */
  const char *text3 = "UPDATE: The bridge reopened on Friday.\n\nCORRECTION: It closed in June.\n\n"
                      "The ferries stopped.";
  CHECK(run(&r, text3, NULL, 0));
  CHECK(by_cue(&r, ":", 0) == NULL);
  done(&r);
}

static void test_no_nesting(void) {
  /* "A said X, but B said Y": the first content ends at the clause boundary, so the two
   * claims do not nest. */
  const char *text = "The mayor said the bridge will reopen in May, but the engineers said the "
                     "deck needs more work.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "The mayor", "said", "the bridge will reopen in May");
  CLAIM_IS(by_cue(&r, "said", 1), "the engineers", "said", "the deck needs more work");
  done(&r);
  /* Inside a quotation the boundary belongs to the quoted words. */
  const char *text2 = "The mayor said \"the bridge will reopen in May, but the engineers said "
                      "otherwise\" on Monday.";
  CHECK(run(&r, text2, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK(cl != NULL);
  if (cl) CHECK(strstr(cl->content_text, "otherwise") != NULL);
  done(&r);
}

static void test_nested_report_dropped(void) {
  /* A report in the first words of another claim's content, with no clause boundary between,
   * is part of that content: one claim, not two. */
  const char *text = "The mayor said he denied the charges. Lena Ortiz said she never told the "
                     "board about the loan.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CHECK_INT(r.n, 2);
  CLAIM_IS(by_cue(&r, "said", 0), "The mayor", "said", "he denied the charges");
  CLAIM_IS(by_cue(&r, "said", 1), "Lena Ortiz", "said", "she never told the board about the loan");
  CHECK(by_cue(&r, "denied", 0) == NULL);
  CHECK(by_cue(&r, "never told", 0) == NULL);
  done(&r);
  /* A report whose content holds the earlier claim ("A showed that “...,” said B") is kept. */
  const char *text2 = "Reports showed that \"the plan failed,\" said Kim.";
  CHECK(run(&r, text2, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "Kim", "said", "Reports showed that \"the plan failed,\"");
  done(&r);
}

static void test_gerund_after_preposition(void) {
  /* "X answered by saying ...": the gerund reports for the sentence's subject. */
  const char *text = "Dana Whitfield answered the charge by saying that the audit was complete. "
                     "Mayor Ruiz, despite admitting that the plan had flaws, signed it.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "saying", 0), "Dana Whitfield", "saying", "that the audit was complete");
  CLAIM_IS(by_cue(&r, "admitting", 0), "Mayor Ruiz", "admitting", "that the plan had flaws");
  done(&r);
}

static void test_as_source_said(void) {
  /* "..., as police have said.": the report is the clause before the comma; "As X said, ..."
   * reports the clause after it. */
  const char *text = "The bridge was closed for repairs, as officials have said. "
                     "As the minister said on Monday, the tariffs will stay in place.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "have said", 0), "officials", "have said",
           "The bridge was closed for repairs");
  CLAIM_IS(by_cue(&r, "said", 0), "the minister", "said", "the tariffs will stay in place");
  done(&r);
  /* Not a report: "as" in a clause that goes on. */
  const char *text2 = "If, as I have suggested, the council waits, the costs will rise.";
  CHECK(run(&r, text2, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "have suggested", 0);
  if (cl) CHECK(strcmp(cl->content_text, "If") != 0);
  done(&r);
}

static void test_quote_then_prepositional_subject(void) {
  /* "“...?” a narrator in the ad asks.": the subject carries a prepositional phrase. */
  const char *text = "\xE2\x80\x9CWho pays for this?\xE2\x80\x9D a narrator in the new ad asks.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "asks", 0), "a narrator in the new ad", "asks",
           "\xE2\x80\x9CWho pays for this?\xE2\x80\x9D");
  done(&r);
}

static void test_inverted_said_colon(void) {
  /* "Said Ellis: “...”": the inverted report introduces the quotation after it. */
  const char *text = "The tax code is long. Said Ellis: \xE2\x80\x9CNobody reads all of it.\xE2\x80\x9D";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "Said", 0), "Ellis", "Said",
           "\xE2\x80\x9CNobody reads all of it.\xE2\x80\x9D");
  done(&r);
}

static void test_ly_noun_in_subject(void) {
  /* "family" ends in -ly but is a noun of the subject, not an adverb. */
  const char *text = "The relatives watched the video on Thursday, attorneys for the family said.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "attorneys for the family", "said",
           "The relatives watched the video on Thursday");
  done(&r);
}

static void test_quote_then_appositive_subject(void) {
  /* "''A,'' X, a description, said of Y.": the subject follows the quotation, which is the
   * content (here with the two-apostrophe marks some papers use), not "of the plan". */
  const char *text = "''The plan is fiscally responsible,'' Jo Reed, director of the Harbor Tax "
                     "Center, said of the plan.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Jo Reed, director of the Harbor Tax Center,", "said",
           "''The plan is fiscally responsible,''");
  done(&r);
}

static void test_modifier_before_inverted_name(void) {
  const char *text = "\xE2\x80\x9CThe bridge is safe,\xE2\x80\x9D said retired Army Gen. Ann Kirk.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "retired Army Gen. Ann Kirk", "said", "\xE2\x80\x9CThe bridge is safe,\xE2\x80\x9D");
  done(&r);
}

static void test_stray_comma_after_name(void) {
  const char *text = "Sen. Jo Reed (D-Ore.), said the plan was a starting point.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Sen. Jo Reed (D-Ore.),", "said", "the plan was a starting point");
  done(&r);
}

static void test_quote_continues_claim(void) {
  /* A quotation next to a quoted claim continues it; the content grows over it. */
  const char *text = "Ana Ruiz said, \xE2\x80\x9CThe ferry is late again today.\xE2\x80\x9D "
                     "\xE2\x80\x9CIt will run on time again in May, I promise you.\xE2\x80\x9D";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CHECK_INT(r.n, 1);
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Ana Ruiz", "said",
           "\xE2\x80\x9CThe ferry is late again today.\xE2\x80\x9D "
           "\xE2\x80\x9CIt will run on time again in May, I promise you.\xE2\x80\x9D");
  done(&r);

  /* The rest of the attribution sentence lies between the pieces. */
  const char *text2 = "\xE2\x80\x9CThe ferry is late,\xE2\x80\x9D she told the harbor board "
                      "on Monday. \xE2\x80\x9CIt will run on time again in May, I promise "
                      "you.\xE2\x80\x9D";
  CHECK(run(&r, text2, NULL, 0));
  CHECK_INT(r.n, 1);
  cl = by_cue(&r, "told", 0);
  if (cl) CHECK_STR(cl->content_text, text2);
  done(&r);

  /* The quotation opening the next paragraph. */
  const char *text3 = "\xE2\x80\x9CThe ferry is late,\xE2\x80\x9D Ana Ruiz said.\n\n"
                      "\xE2\x80\x9CIt will run on time again in May, I promise you.\xE2\x80\x9D";
  CHECK(run(&r, text3, NULL, 0));
  CHECK_INT(r.n, 1);
  cl = by_cue(&r, "said", 0);
  if (cl) CHECK_STR(cl->content_text, text3);
  done(&r);
}

static void test_quote_comma_long_tail(void) {
  /* The comma closing the quotation hands it to the report, however long the rest is. */
  const char *text = "\xE2\x80\x9CThe ferry will run in May,\xE2\x80\x9D Ana Ruiz said in "
                     "Keene at a forum hosted by the harbor board and the port union.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Ana Ruiz", "said", "\xE2\x80\x9CThe ferry will run in May,\xE2\x80\x9D");
  done(&r);

  const char *text2 = "\xE2\x80\x9CThe ferry will run in May,\xE2\x80\x9D said Ana Ruiz in "
                      "Keene at a forum hosted by the harbor board and the port union.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "said", 0);
  if (cl) CHECK_STR(cl->content_text, "\xE2\x80\x9CThe ferry will run in May,\xE2\x80\x9D");
  done(&r);
}

static void test_long_prepositional_tail(void) {
  /* "A, X said on Monday, ...": a long tail of circumstances still closes the report. */
  const char *text = "The ferry will run again in May, the harbor board said on Monday, two days "
                     "after the storm closed the port for the rest of the week.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "the harbor board", "said", "The ferry will run again in May");
  done(&r);
}

static void test_cue_extent(void) {
  /* PolNeAR's cue extent: auxiliaries, negation and adverbs before the verb, a particle that
   * would open the content, and a colon after the verb. */
  const char *text = "Ana Ruiz has not publicly said that the ferry is late.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "has not publicly said", 0);
  CLAIM_IS(cl, "Ana Ruiz", "has not publicly said", "that the ferry is late");
  done(&r);

  const char *text2 = "Ana Ruiz called for a new ferry to the island.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "called for", 0);
  CLAIM_IS(cl, "Ana Ruiz", "called for", "a new ferry to the island");
  done(&r);
}

static void test_passive(void) {
  const char *text = "The merger was reported by the Harbor Gazette last week.";
  static const ent_spec_t ents[] = {{"Harbor Gazette", CW_ENT_ORG, {"Harbor Gazette"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "was reported", 0);
  CLAIM_IS(cl, "the Harbor Gazette", "was reported", "The merger");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
}

/* "Asked about ...": a cue opening its sentence reports a question put to an unnamed source;
 * the comma ends the question. */
static void test_asked_about(void) {
  const char *text = "Asked about the ferry on Sunday, the mayor said she did not know.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "Asked about", 0);
  CHECK_MSG(cl != NULL, "no claim with cue Asked about");
  if (cl) {
    CHECK(!cl->has_source);
    CHECK_INT(cl->kind, CW_CLAIM_UNATTRIBUTED);
    CHECK_STR(cl->content_text, "the ferry on Sunday");
  }
  CLAIM_IS(by_cue(&r, "said", 0), "the mayor", "said", "she did not know");
  done(&r);
}

/* A passive report without an agent ("was asked about ...") has no source. */
static void test_passive_without_agent(void) {
  const char *text = "The minister was asked about the bridge repairs.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "was asked about", 0);
  CHECK_MSG(cl != NULL, "no claim with cue was asked about");
  if (cl) {
    CHECK(!cl->has_source);
    CHECK_STR(cl->content_text, "the bridge repairs");
  }
  done(&r);
}

static void test_mixed_quote(void) {
  const char *text =
      "Senator Ruth Kim said the budget plan was \xE2\x80\x9C" "a disaster for farmers\xE2\x80\x9D "
      "and should be withdrawn.";
  static const ent_spec_t ents[] = {{"Ruth Kim", CW_ENT_PER, {"Ruth Kim"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Senator Ruth Kim", "said",
           "the budget plan was \xE2\x80\x9C" "a disaster for farmers\xE2\x80\x9D and should be withdrawn");
  if (cl) {
    CHECK_INT(cl->kind, CW_CLAIM_MIXED);
    CHECK_INT(cl->speaker_entity, 0);
  }
  done(&r);
}

static void test_pronoun_speaker(void) {
  const char *text =
      "Jonas Weber, head of the Alpine Rail company, spoke in Zurich on Friday.\n\n"
      "Ticket prices will stay flat until 2025, he noted.";
  static const ent_spec_t ents[] = {{"Jonas Weber", CW_ENT_PER, {"Jonas Weber"}},
                                    {"Alpine Rail", CW_ENT_ORG, {"Alpine Rail"}},
                                    {"Zurich", CW_ENT_LOC, {"Zurich"}}};
  run_t r;
  CHECK(run(&r, text, ents, 3));
  const cw_claim_t *cl = by_cue(&r, "noted", 0);
  CLAIM_IS(cl, "he", "noted", "Ticket prices will stay flat until 2025");
  if (cl) CHECK_INT(cl->speaker_entity, 0);  /* the nearest preceding person, not Zurich */
  done(&r);
}

static void test_pronoun_skips_quoted_names(void) {
  /* A name inside the speaker's own quotation or content is not who "he" is. */
  const char *text = "Karl Dorn watched the final from the stand.\n\n"
                     "\"Mika Laine was the best player on the pitch today,\" he said.";
  static const ent_spec_t ents[] = {{"Karl Dorn", CW_ENT_PER, {"Karl Dorn"}},
                                    {"Mika Laine", CW_ENT_PER, {"Mika Laine"}}};
  run_t r;
  CHECK(run(&r, text, ents, 2));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK_MSG(cl != NULL, "no claim");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
  const char *text2 = "Karl Dorn watched the final from the stand. He said Mika Laine was the "
                      "best player, and he added that the club would keep him.";
  CHECK(run(&r, text2, ents, 2));
  cl = by_cue(&r, "added", 0);
  CHECK_MSG(cl != NULL, "no claim");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
}

static void test_pronoun_chain(void) {
  /* "he said" after "he said" keeps the named speaker past the six-sentence window while no
   * other person is named outside quotations. */
  const char *text =
      "Ruth Maier, the director of the museum, said the roof would be repaired. "
      "The work starts in June. It will take a year. The cost is high. Visitors will still "
      "come in. The shop stays open. The cafe moves to the garden. Tours continue. "
      "\"We will not close for a single day,\" she said.";
  static const ent_spec_t ents[] = {{"Ruth Maier", CW_ENT_PER, {"Ruth Maier"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "said", 1);
  CHECK_MSG(cl != NULL, "no second claim");
  if (cl) {
    CHECK_STR(cl->source_text, "she");
    CHECK_INT(cl->speaker_entity, 0);
  }
  done(&r);
}

static void test_name_words(void) {
  /* A month or modal inside a name is a name word, not part of the cue. */
  const char *text = "The plan was published on Monday. Party chair Hanna May said the plan "
                     "would cost too much.";
  static const ent_spec_t ents[] = {{"Hanna May", CW_ENT_PER, {"Hanna May"}}};
  run_t r;
  CHECK(run(&r, text, ents, 1));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Party chair Hanna May", "said", "the plan would cost too much");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
  /* A weekday between "the" and a capitalised word: a newspaper's name. */
  const char *text2 = "The Sunday Herald reported that the mill would close.";
  static const ent_spec_t ents2[] = {{"Sunday Herald", CW_ENT_ORG, {"Sunday Herald"}}};
  CHECK(run(&r, text2, ents2, 1));
  cl = by_cue(&r, "reported", 0);
  CLAIM_IS(cl, "The Sunday Herald", "reported", "that the mill would close");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
  /* Lower case, "may" stays a modal; a month after a preposition stays a month. */
  const char *text3 = "Officials may say the road will open in May.";
  CHECK(run(&r, text3, NULL, 0));
  cl = by_cue(&r, "may say", 0);
  CLAIM_IS(cl, "Officials", "may say", "the road will open in May");
  done(&r);
}

static void test_speaker_roles(void) {
  /* The person a reporting verb is aimed at is not the next "he". */
  const char *text = "After the vote, Omar Said accused Lars Holm of misleading the board. "
                     "\"The figures were never checked,\" he said.";
  static const ent_spec_t ents[] = {{"Omar Said", CW_ENT_PER, {"Omar Said"}},
                                    {"Lars Holm", CW_ENT_PER, {"Lars Holm"}}};
  run_t r;
  CHECK(run(&r, text, ents, 2));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK_MSG(cl != NULL, "no claim");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
  /* "Acme chairwoman, Ann Kirk,": the person after the role speaks, not a person-typed
   * name that modifies the role. */
  const char *text2 = "Nora Vik chairwoman, Ella Stone, said the deal was fair.";
  static const ent_spec_t ents2[] = {{"Nora Vik", CW_ENT_PER, {"Nora Vik"}},
                                     {"Ella Stone", CW_ENT_PER, {"Ella Stone"}}};
  CHECK(run(&r, text2, ents2, 2));
  cl = by_cue(&r, "said", 0);
  CHECK_MSG(cl != NULL, "no claim");
  if (cl) CHECK_INT(cl->speaker_entity, 1);
  done(&r);
  /* "The senator said" with two people just named: no guess. */
  const char *text3 = "Ann Kirk met Bo Lund in Oslo. The senator said the talks went well.";
  static const ent_spec_t ents3[] = {{"Ann Kirk", CW_ENT_PER, {"Ann Kirk"}},
                                     {"Bo Lund", CW_ENT_PER, {"Bo Lund"}}};
  CHECK(run(&r, text3, ents3, 2));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "The senator", "said", "the talks went well");
  if (cl) CHECK_INT(cl->speaker_entity, -1);
  done(&r);
  /* With one person just named, "the senator" is that person. */
  const char *text4 = "Ann Kirk met reporters in Oslo. The senator said the talks went well.";
  CHECK(run(&r, text4, ents3, 2));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "The senator", "said", "the talks went well");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
}

static void test_british_spelling(void) {
  /* "-ise" forms of the lexicon's "-ize" verbs are cues too. */
  const char *text = "The health minister emphasised that the clinics would stay open.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "emphasised", 0);
  CLAIM_IS(cl, "The health minister", "emphasised", "that the clinics would stay open");
  if (cl) CHECK_STR(cl->cue_lemma, "emphasize");
  done(&r);
  /* A verb that only ends like one ("promised") is looked up as itself. */
  const char *text2 = "The mayor promised that the bridge would reopen.";
  CHECK(run(&r, text2, NULL, 0));
  cl = by_cue(&r, "promised", 0);
  CLAIM_IS(cl, "The mayor", "promised", "that the bridge would reopen");
  done(&r);
}

static void test_place_phrases_in_source(void) {
  /* Place phrases after the subject's head join the source; the head speaks, not the place. */
  const char *text = "Radio reporter Eva Lind at Harwick on Bleak Moor in the North Riding said "
                     "300 riders had set off.";
  static const ent_spec_t ents[] = {{"Eva Lind", CW_ENT_PER, {"Eva Lind"}},
                                    {"Harwick", CW_ENT_LOC, {"Harwick"}},
                                    {"North Riding", CW_ENT_LOC, {"North Riding"}}};
  run_t r;
  CHECK(run(&r, text, ents, 3));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Radio reporter Eva Lind at Harwick on Bleak Moor in the North Riding", "said",
           "300 riders had set off");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
  const char *text2 = "A farmer from Kent says the harvest came two weeks early.";
  static const ent_spec_t ents2[] = {{"Kent", CW_ENT_LOC, {"Kent"}}};
  CHECK(run(&r, text2, ents2, 1));
  cl = by_cue(&r, "says", 0);
  CLAIM_IS(cl, "A farmer from Kent", "says", "the harvest came two weeks early");
  if (cl) CHECK_INT(cl->speaker_entity, -1);
  done(&r);
}

static void test_article_opens_phrase(void) {
  /* An article after a common noun opens the next noun phrase: the addressee ends there. */
  const char *text = "After the talks with the mayor the residents said the road was unsafe.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "the residents", "said", "the road was unsafe");
  done(&r);
  /* "of the" stays inside one phrase. */
  const char *text2 = "The head of the rail union said the strike would go ahead.";
  CHECK(run(&r, text2, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "The head of the rail union", "said",
           "the strike would go ahead");
  done(&r);
}

static void test_description_speaker(void) {
  /* "the company" names the organization the article called a company. */
  const char *text = "The food company Northwind Foods opened a plant in Leeds in March. The "
                     "company said sales rose by a third.";
  static const ent_spec_t ents[] = {{"Leeds", CW_ENT_LOC, {"Leeds"}},
                                    {"Northwind Foods", CW_ENT_ORG, {"Northwind Foods"}}};
  run_t r;
  CHECK(run(&r, text, ents, 2));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "The company", "said", "sales rose by a third");
  if (cl) CHECK_INT(cl->speaker_entity, 1);
  done(&r);

  /* An organization merely mentioned nearby is not "the company": no guess. */
  const char *text1 = "Anglers met officials of Harbour Trust in Leeds in March. The company "
                      "said sales rose by a third.";
  static const ent_spec_t ents1[] = {{"Leeds", CW_ENT_LOC, {"Leeds"}},
                                     {"Harbour Trust", CW_ENT_ORG, {"Harbour Trust"}}};
  CHECK(run(&r, text1, ents1, 2));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "The company", "said", "sales rose by a third");
  if (cl) CHECK_INT(cl->speaker_entity, -1);
  done(&r);

  /* The article's own descriptions: an apposition after the name and a title before it. */
  const char *text3 =
      "Lena Olsen, the union's negotiator, met Tom Beck in Oslo. Tom Beck answered questions "
      "from Ivo Sand. The negotiator said the offer was too low.";
  static const ent_spec_t ents3[] = {{"Lena Olsen", CW_ENT_PER, {"Lena Olsen"}},
                                     {"Tom Beck", CW_ENT_PER, {"Tom Beck"}},
                                     {"Ivo Sand", CW_ENT_PER, {"Ivo Sand"}},
                                     {"Oslo", CW_ENT_LOC, {"Oslo"}}};
  CHECK(run(&r, text3, ents3, 4));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "The negotiator", "said", "the offer was too low");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
  const char *text4 =
      "The goalkeeper Piet Rood trained with Jan Maas on Monday. Jan Maas left early. The "
      "goalkeeper said the pitch was too hard.";
  static const ent_spec_t ents4[] = {{"Piet Rood", CW_ENT_PER, {"Piet Rood"}},
                                     {"Jan Maas", CW_ENT_PER, {"Jan Maas"}}};
  CHECK(run(&r, text4, ents4, 2));
  cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "The goalkeeper", "said", "the pitch was too hard");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);

  /* No organization precedes: left unresolved rather than guessed. */
  const char *text2 = "A spokesman said the talks would resume. The company said sales rose.";
  CHECK(run(&r, text2, NULL, 0));
  CHECK_INT(r.n, 2);
  for (size_t i = 0; i < r.n; i++) CHECK_INT(r.claims[i].speaker_entity, -1);
  done(&r);
}

static void test_claim_fields(void) {
  const char *text =
      "Ana Silva said Portugal would sign the deal. \xE2\x80\x9CThis was never about money and "
      "never will be,\xE2\x80\x9D she added. \xE2\x80\x9CThe voters of this country decided it "
      "long ago and nobody asked them again.\xE2\x80\x9D";
  static const ent_spec_t ents[] = {{"Ana Silva", CW_ENT_PER, {"Ana Silva"}},
                                    {"Portugal", CW_ENT_LOC, {"Portugal"}}};
  run_t r, r2;
  CHECK(run(&r, text, ents, 2));
  CHECK(run(&r2, text, ents, 2));
  CHECK_INT(r.n, r2.n);
  CHECK(r.n >= 2);
  for (size_t i = 0; i < r.n && i < r2.n; i++) {
    CHECK_INT(strlen(r.claims[i].id), 32);
    CHECK_STR(r.claims[i].id, r2.claims[i].id);  /* deterministic */
    if (i) {
      CHECK(r.claims[i - 1].content.start <= r.claims[i].content.start);  /* sorted */
      CHECK(strcmp(r.claims[i - 1].id, r.claims[i].id) != 0);
    }
  }
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK(cl != NULL);
  if (cl) {
    CHECK_INT(cl->n_entities, 1);
    if (cl->n_entities == 1) CHECK_INT(cl->entities[0], 1);  /* Portugal, inside the content */
    CHECK_INT(cl->has_cue, 1);
    CHECK_INT(cl->has_source, 1);
  }
  cl = by_cue(&r, "added", 0);
  CHECK(cl != NULL);
  if (cl) {
    CHECK_INT(cl->speaker_entity, 0);
    CHECK(strstr(cl->content_text, "asked them again") != NULL);
  }
  done(&r2);
  done(&r);

  /* Another article id gives other ids for the same spans. */
  CHECK(run(&r, text, ents, 2));
  r.dv.id = "another-article";
  cw_claim_t *c2;
  size_t n2;
  char err[128];
  CHECK(cw_attr_find(NULL, &r.dv, &c2, &n2, err, sizeof err) == CW_OK);
  CHECK(n2 == r.n && n2 > 0 && strcmp(c2[0].id, r.claims[0].id) != 0);
  done(&r);
}

static void test_unattributed_quote(void) {
  const char *text =
      "The hall was full.\n\n\xE2\x80\x9C" "Every seat in this room was paid for by the people "
      "who live here.\xE2\x80\x9D\n";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CHECK_INT(r.n, 1);
  if (r.n == 1) {
    CHECK_INT(r.claims[0].kind, CW_CLAIM_UNATTRIBUTED);
    CHECK_INT(r.claims[0].has_cue, 0);
    CHECK_INT(r.claims[0].has_source, 0);
    CHECK_INT(r.claims[0].speaker_entity, -1);
  }
  done(&r);
}

static void test_no_claims_and_limits(void) {
  run_t r;
  CHECK(run(&r, "The sun rose over the quiet valley and the farmers went to work.", NULL, 0));
  CHECK_INT(r.n, 0);
  done(&r);

  /* More claims than CW_MAX_CLAIMS: the list is capped, never overrun. */
  size_t reps = CW_MAX_CLAIMS + 50;
  const char *unit = "Tom said prices rose. ";
  char *big = malloc(reps * strlen(unit) + 1);
  big[0] = 0;
  for (size_t i = 0; i < reps; i++) strcat(big, unit);
  CHECK(run(&r, big, NULL, 0));
  CHECK_INT(r.n, CW_MAX_CLAIMS);
  done(&r);
  free(big);

  /* A view with a token outside its sentences is refused with a reason. */
  cw_arena_t *a = cw_arena_create(4096);
  cw_token_t tk = {{0, 3}, "Tom", NULL, 5};
  uint32_t cpb[4] = {0, 1, 2, 3};
  cw_sentence_t s = {{0, 3}};
  cw_docview_t dv = {.body = "Tom", .body_len = 3, .cp_byte = cpb, .n_cp = 3, .tokens = &tk,
                     .n_tokens = 1, .sentences = &s, .n_sentences = 1, .arena = a};
  cw_claim_t *cl;
  size_t n;
  char err[128] = "";
  CHECK_INT(cw_attr_find(NULL, &dv, &cl, &n, err, sizeof err), CW_ERR_INVALID);
  CHECK(err[0] != 0);
  cw_arena_destroy(&a);
}

static void test_model(void) {
  char err[256], path[1024];
  cw_attr_model_t *m = NULL;
  snprintf(path, sizeof path, "%s/attr/no-such.model", CW_TEST_DATA);
  CHECK_INT(cw_attr_model_load(path, &m, err, sizeof err), CW_ERR_NOT_FOUND);
  CHECK(m == NULL);
  /* A file that is not a model (the text format of earlier builds) is refused. */
  FILE *f = fopen("test_attr_bad.model", "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs("claimwire-attr 2 0.3000 0.0500 3 0.0000 0 -6.0000\ngriped griped 10\n", f);
  fclose(f);
  CHECK_INT(cw_attr_model_load("test_attr_bad.model", &m, err, sizeof err), CW_ERR_FORMAT);
  CHECK(strstr(err, "test_attr_bad.model: not a claimwire model file") != NULL);
  CHECK(m == NULL);
  remove("test_attr_bad.model");
  cw_attr_model_destroy(&m);  /* NULL is accepted */

  /* A learned cue form outside the built-in lexicon becomes a cue. */
  static const attr_row_t rows[] = {{"griped", "griped", 10, 12, 0, 0},
                                    {"said", "said", 100, 120, 90, 100}};
  attr_file_t tiny = {.params = {0.3, 0.05, 0, -6, 0, 3, 0}, .rows = rows, .n_rows = 2};
  CHECK_INT(attr_model_save(&tiny, "test_attr_tiny.model", err, sizeof err), CW_OK);
  CHECK_INT(cw_attr_model_load("test_attr_tiny.model", &m, err, sizeof err), CW_OK);
  remove("test_attr_tiny.model");
  char desc[128];
  cw_attr_model_describe(m, desc, sizeof desc);
  CHECK(strstr(desc, "2 cue forms") != NULL);
  run_t r;
  const char *text = "Tom Berg griped that the buses were late again.";
  CHECK(run(&r, text, NULL, 0));
  CHECK(by_cue(&r, "griped", 0) == NULL);  /* rules alone do not know the word */
  cw_claim_t *cl;
  size_t n;
  CHECK(cw_attr_find(m, &r.dv, &cl, &n, err, sizeof err) == CW_OK);
  CHECK_INT(n, 1);
  if (n == 1) {
    CHECK_STR(cl[0].cue_text, "griped");
    CHECK_STR(cl[0].source_text, "Tom Berg");
    CHECK_STR(cl[0].content_text, "that the buses were late again");
  }
  done(&r);
  cw_attr_model_destroy(&m);
  CHECK(m == NULL);

  /* The learned scorer: a bias far below the threshold rejects every candidate. The bias
   * feature is the hash of "bias=" (see attr_cand_features in attr_score.c). */
  const perc_bin_weight_t bias = {cw_fnv1a64(cw_fnv1a64(CW_FNV64_OFFSET, "bias", 4), "=", 1),
                                  -100};
  attr_file_t scorer = {.params = {0.3, 0.05, 0, -6, 0, 3, 0}, .claim = &bias, .n_claim = 1};
  CHECK_INT(attr_model_save(&scorer, "test_attr_scorer.model", err, sizeof err), CW_OK);
  CHECK_INT(cw_attr_model_load("test_attr_scorer.model", &m, err, sizeof err), CW_OK);
  CHECK(run(&r, "Ana Ruiz said the bridge is safe.", NULL, 0));
  CHECK_INT(r.n, 1);  /* rules alone find it */
  CHECK(cw_attr_find(m, &r.dv, &cl, &n, err, sizeof err) == CW_OK);
  CHECK_INT(n, 0);
  done(&r);
  cw_attr_model_destroy(&m);
  remove("test_attr_scorer.model");
}

static void test_time_adjunct_after_cue(void) {
  /* "said on Thursday it would ...": the time or setting between the cue and the reported
   * clause belongs to neither. */
  static const struct {
    const char *text, *source, *cue, *content;
  } cases[] = {
      {"Norvane Shipping said on Thursday it would buy six new ferries.", "Norvane Shipping",
       "said", "it would buy six new ferries"},
      {"The port authority said last week the dredging would start in May.",
       "The port authority", "said", "the dredging would start in May"},
      {"Lena Moss said in a statement the museum would reopen in spring.", "Lena Moss", "said",
       "the museum would reopen in spring"},
      {"Lena Moss told reporters at a news conference the museum would reopen.", "Lena Moss",
       "told", "the museum would reopen"},
      {"Tom Reed said yesterday morning the talks had failed.", "Tom Reed", "said",
       "the talks had failed"},
      /* "this year's budget" is the reported clause's subject, not a time. */
      {"Tom Reed said this year's budget was too small.", "Tom Reed", "said",
       "this year's budget was too small"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    run_t r;
    CHECK(run(&r, cases[k].text, NULL, 0));
    const cw_claim_t *cl = by_cue(&r, cases[k].cue, 0);
    CLAIM_IS(cl, cases[k].source, cases[k].cue, cases[k].content);
    done(&r);
  }
}

static void test_place_in_inverted_source(void) {
  /* ", the transport office in Lisbon said on Monday, citing ...": the place belongs to the
   * source, and the report is the clause before it. */
  const char *text = "The city will close two bridges for repairs next month, the transport "
                     "office in Lisbon said on Monday, citing safety checks.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "the transport office in Lisbon", "said",
           "The city will close two bridges for repairs next month");
  done(&r);
}

static void test_pronoun_after_apposition(void) {
  /* "..., the Harbour Party, he said": a pronoun subject takes no name from before the comma
   * (that is how "Ann Kirk, the mayor, said" joins a name to its description). */
  static const ent_spec_t ents[] = {{"Tom Reyes", CW_ENT_PER, {"Tom Reyes"}},
                                    {"Harbour Party", CW_ENT_ORG, {"Harbour Party"}}};
  run_t r;
  CHECK(run(&r, "Tom Reyes spoke at the first meeting of his new group, the Harbour Party, he "
                "said the ferry would stay.", ents, 2));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "he", "said", "the ferry would stay");
  if (cl) CHECK_INT(cl->speaker_entity, 0);
  done(&r);
}

static void test_name_words_not_cues(void) {
  /* A capitalised word of a multi-word name is no cue, spelled like a reporting verb or not. */
  static const ent_spec_t show[] = {{"Harbour Reports", CW_ENT_MISC, {"Harbour Reports"}}};
  run_t r;
  CHECK(run(&r, "Harbour Reports is a weekly podcast about the port and its ships.", show, 1));
  CHECK(by_cue(&r, "Reports", 0) == NULL);
  done(&r);
  CHECK(run(&r, "Her play won the Riverside Show Awards prize for the best new drama.", NULL, 0));
  CHECK(by_cue(&r, "Show", 0) == NULL);
  done(&r);
  /* The name around a real cue leaves the cue alone. */
  static const ent_spec_t anna[] = {{"Anna Berg", CW_ENT_PER, {"Anna Berg"}}};
  CHECK(run(&r, "Anna Berg said the Riverside Show Awards would move to May.", anna, 1));
  CLAIM_IS(by_cue(&r, "said", 0), "Anna Berg", "said", "the Riverside Show Awards would move to May");
  done(&r);
}

/* Runs @p text through the engine with the shipped models (tags, learned cues, scorer), as
 * production does, and returns whether a claim has the cue @p cue with the given source and
 * content (NULL: any); @p found is set to whether any claim has that cue text. */
static int engine_claim(const char *text, const char *cue, const char *source,
                        const char *content, int *found) {
  char err[256];
  const char *env = getenv("CW_MODEL_DIR");
  cw_engine_opts_t o = {.model_dir = env && *env ? env : CW_DEFAULT_MODEL_DIR};
  cw_engine_t *eng = NULL;
  *found = 0;
  if (cw_engine_open(&o, &eng, err, sizeof err) != CW_OK) {
    fprintf(stderr, "engine: %s\n", err);
    return 0;
  }
  cw_extractor_t *ex = cw_extractor_create(eng);
  cw_doc_t doc = {.id = "t", .body = text, .body_len = strlen(text)};
  const cw_result_t *r = NULL;
  int ok = 0;
  if (ex && cw_extractor_run(ex, &doc, &r, err, sizeof err) == CW_OK) {
    for (size_t i = 0; i < r->n_claims; i++) {
      const cw_claim_t *cl = &r->claims[i];
      if (!cl->cue_text || strcmp(cl->cue_text, cue) != 0) continue;
      *found = 1;
      if ((!source || (cl->source_text && strcmp(cl->source_text, source) == 0)) &&
          (!content || strcmp(cl->content_text, content) == 0))
        ok = 1;
    }
  }
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  return ok;
}

static void test_shipped_models_adjuncts_and_names(void) {
  int found;
  CHECK(engine_claim("Norvane Shipping said on Thursday it would buy six new ferries for the "
                     "northern routes.",
                     "said", "Norvane Shipping", "it would buy six new ferries for the northern "
                     "routes", &found));
  CHECK(engine_claim("The city will close two bridges for repairs next month, the transport "
                     "office in Lisbon said on Monday, citing safety checks.",
                     "said", "the transport office in Lisbon",
                     "The city will close two bridges for repairs next month", &found));
  engine_claim("The film The Polar Express is based on a book by a teacher in Ohio.", "Express",
               NULL, NULL, &found);
  CHECK(!found);
  engine_claim("Her play won the Riverside Show Awards prize for the best new drama in London.",
               "Show", NULL, NULL, &found);
  CHECK(!found);
  /* A headline's nouns read as verbs by the tagger report nothing. */
  engine_claim("Borders rail link campaign rally\n\nCampaigners will gather in Galashiels on "
               "Saturday to back the new line.",
               "rail", NULL, NULL, &found);
  CHECK(!found);
}

static void test_shipped_models_noun_cues(void) {
  int found;
  /* A word tagged as a noun inside a common noun phrase, with no complement, is no cue. */
  engine_claim("Outside the stadium, some touts simply offered tickets at twice the price.",
               "touts", NULL, NULL, &found);
  CHECK(!found);
  /* A quantifier before a verb is its subject; a noun with a complement reports. */
  CHECK(engine_claim("Some say the new bridge will never be finished.", "say", "Some",
                     NULL, &found));
}

int main(void) {
  test_model();
  test_quote_styles();
  test_quote_spanning_sentences();
  test_quote_continued_paragraph();
  test_said_that();
  test_long_subject();
  test_in_poll();
  test_inverted_said_x();
  test_told();
  test_according_to();
  test_denied();
  test_passive();
  test_passive_without_agent();
  test_asked_about();
  test_relative_pronoun_source();
  test_ly_adverb_before_cue();
  test_single_name_appositive();
  test_inverted_pronoun_needs_end();
  test_party_parenthesis();
  test_quote_then_short_report();
  test_inverted_source_relative_clause();
  test_second_verb_of_subject();
  test_dash_and_paren_asides();
  test_headline_colon();
  test_signed_quotation();
  test_signed_quotation_reversed_mark();
  test_transcript_turns();
  test_no_nesting();
  test_nested_report_dropped();
  test_gerund_after_preposition();
  test_as_source_said();
  test_quote_then_prepositional_subject();
  test_inverted_said_colon();
  test_ly_noun_in_subject();
  test_quote_then_appositive_subject();
  test_modifier_before_inverted_name();
  test_stray_comma_after_name();
  test_quote_continues_claim();
  test_quote_comma_long_tail();
  test_long_prepositional_tail();
  test_cue_extent();
  test_time_adjunct_after_cue();
  test_place_in_inverted_source();
  test_name_words_not_cues();
  test_pronoun_after_apposition();
  test_shipped_models_adjuncts_and_names();
  test_shipped_models_noun_cues();
  test_mixed_quote();
  test_pronoun_speaker();
  test_description_speaker();
  test_pronoun_skips_quoted_names();
  test_pronoun_chain();
  test_name_words();
  test_speaker_roles();
  test_british_spelling();
  test_place_phrases_in_source();
  test_article_opens_phrase();
  test_claim_fields();
  test_unattributed_quote();
  test_no_claims_and_limits();
  return TEST_REPORT();
}
