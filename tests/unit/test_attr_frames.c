/* test_attr_frames.c - attribution: reporting frames and spans: "said that", long and inverted
 * subjects, told, according to, passives, asides, adjuncts after the cue, sources that are
 * places or relative clauses. */
#include "attrfix.h"

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
  /* A long subject heading the sentence, with no finite verb or clause break of its own; the
   * time phrase before the verb ("on Friday") is not part of the source. */
  const char *text = "Large groups of fishermen from the northern harbors on Friday said the "
                     "catch was the smallest in years.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CLAIM_IS(cl, "Large groups of fishermen from the northern harbors", "said",
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

int main(void) {
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
  test_party_parenthesis();
  test_inverted_source_relative_clause();
  test_second_verb_of_subject();
  test_dash_and_paren_asides();
  test_headline_colon();
  test_gerund_after_preposition();
  test_as_source_said();
  test_inverted_said_colon();
  test_ly_noun_in_subject();
  test_modifier_before_inverted_name();
  test_stray_comma_after_name();
  test_long_prepositional_tail();
  test_cue_extent();
  test_time_adjunct_after_cue();
  test_place_in_inverted_source();
  test_name_words_not_cues();
  test_british_spelling();
  test_place_phrases_in_source();
  test_article_opens_phrase();
  return TEST_REPORT();
}
