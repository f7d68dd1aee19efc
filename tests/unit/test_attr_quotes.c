/* test_attr_quotes.c - attribution: quotation marks: styles, quotations over sentences and
 * paragraphs, signed quotations, transcripts, a quotation followed by its report, mixed and
 * unattributed quotations. */
#include "attr_quote.h"
#include "attrfix.h"

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

static void test_quote_then_prepositional_subject(void) {
  /* "“...?” a narrator in the ad asks.": the subject carries a prepositional phrase. */
  const char *text = "\xE2\x80\x9CWho pays for this?\xE2\x80\x9D a narrator in the new ad asks.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "asks", 0), "a narrator in the new ad", "asks",
           "\xE2\x80\x9CWho pays for this?\xE2\x80\x9D");
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

int main(void) {
  test_quote_styles();
  test_quote_spanning_sentences();
  test_quote_continued_paragraph();
  test_quote_then_short_report();
  test_signed_quotation();
  test_signed_quotation_reversed_mark();
  test_transcript_turns();
  test_quote_then_prepositional_subject();
  test_quote_then_appositive_subject();
  test_quote_continues_claim();
  test_quote_comma_long_tail();
  test_mixed_quote();
  test_unattributed_quote();
  return TEST_REPORT();
}
