/* test_attr_sources.c - who a claim's source is, with the shipped models as production runs
 * them: subjects with asides, lists and parentheses, on short texts written for these tests. */
#include "claimfix.h"

static void test_party_and_state_after_a_name(cw_extractor_t *ex) {
  /* "Sen. Tim Lee (R-S.C.) told": the state's periods end no sentence, so the source is the
   * whole name with its parenthesis, not "C.)". */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Senate vote delayed",
                                   "Sen. Tim Lee (R-S.C.) told reporters on Thursday that the "
                                   "vote would wait until next month.");
  const cw_claim_t *cl = find(r, "told", NULL);
  EXPECT(cl && cl->has_source && strcmp(cl->source_text, "Sen. Tim Lee (R-S.C.)") == 0,
         "name with (R-S.C.)", r);
  EXPECT(cl && strcmp(cl->content_text, "that the vote would wait until next month") == 0,
         "content after the time phrase", r);
  /* A name with its parenthesis, then a description set off by commas. */
  r = claims_in(ex, buf, sizeof buf, "Report disputed",
                "Rep. Ana Ruiz (D-Calif.), the top Democrat on the panel, said the report was "
                "wrong.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->has_source &&
             strcmp(cl->source_text, "Rep. Ana Ruiz (D-Calif.), the top Democrat on the panel,") == 0,
         "name (state), description, said", r);
  /* A list of names, each with a parenthesis. */
  r = claims_in(ex, buf, sizeof buf, "Bank faces questions",
                "Sens. Tom Berg (D-Ore.), Lisa Kent (D-Ohio) and Ray Dunn (D-N.J.) all "
                "suggested that the bank had misled its customers.");
  cl = find(r, "suggested", NULL);
  EXPECT(cl && cl->has_source && strstr(cl->source_text, "Tom Berg (D-Ore.)") &&
             strstr(cl->source_text, "Ray Dunn (D-N.J.)"),
         "list of names with parentheses", r);
}

static void test_clause_after_said_is_no_inverted_source(cw_extractor_t *ex) {
  /* "X, who ..., said the event brought back memories": the words after "said" are what X
   * said, not a source after an inverted cue with X's description as its content. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Crowds at the memorial",
                                   "Dora Wills, who watched the ceremony from the park, said the "
                                   "event brought back memories of her father.");
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && cl->has_source && strncmp(cl->source_text, "Dora Wills", 10) == 0 &&
             strcmp(cl->content_text, "the event brought back memories of her father") == 0,
         "X, who ..., said CLAUSE", r);
  r = claims_in(ex, buf, sizeof buf, "Archive opens",
                "Tom Hale, assistant keeper of the archive, says the catalogue opens up new "
                "ground for historians.");
  cl = find(r, "says", NULL);
  EXPECT(cl && cl->has_source && strncmp(cl->source_text, "Tom Hale", 8) == 0 &&
             strncmp(cl->content_text, "the catalogue opens up", 22) == 0,
         "X, description, says CLAUSE", r);
  /* The inverted report itself is unchanged: "..., said the team's coach, Ann Reed." */
  r = claims_in(ex, buf, sizeof buf, "Team ready",
                "The players are ready for the final, said the club's sevens coach Ann Reed.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->has_source && strstr(cl->source_text, "Ann Reed") &&
             strncmp(cl->content_text, "The players are ready", 21) == 0,
         "inverted report", r);
}

static void test_name_with_description_is_the_subject(cw_extractor_t *ex) {
  /* "X, a description, has reported a rise": the name and its description are the subject of
   * the verb after them, not the content of an inverted report whose source is the object. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Profits rise",
                                   "Brontex, the Dutch paint maker at the centre of last year's "
                                   "pricing inquiry, has reported a sharp rise in profits.");
  const cw_claim_t *cl = find(r, "has reported", NULL);
  EXPECT(cl && cl->has_source && strncmp(cl->source_text, "Brontex, the Dutch paint maker", 30) == 0 &&
             strncmp(cl->content_text, "a sharp rise in profits", 23) == 0,
         "name, description, has reported NP", r);
  r = claims_in(ex, buf, sizeof buf, "Shares slip",
                "Mr Orland, a former chief executive of the bank, dismissed the offer as far too "
                "low.");
  cl = find(r, "dismissed", NULL);
  EXPECT(cl && cl->has_source && strncmp(cl->source_text, "Mr Orland", 9) == 0 &&
             strncmp(cl->content_text, "the offer", 9) == 0,
         "name, description, dismissed NP", r);
  /* After the quotation it attributes: "“...,” Name, description, told the paper." */
  r = claims_in(ex, buf, sizeof buf, "Oil prices",
                "\"The shock is not large by historical standards,\" Vera Koenig, a senior "
                "economist with the institute, told the BBC.");
  cl = find(r, "told", NULL);
  EXPECT(cl && cl->has_source &&
             strcmp(cl->source_text, "Vera Koenig, a senior economist with the institute,") == 0 &&
             strstr(cl->content_text, "The shock is not large") != NULL,
         "quotation, name, description, told X", r);
  /* The description first, then the name: "“...,” the bank's chief, Vera Koenig, said." */
  r = claims_in(ex, buf, sizeof buf, "Deal done",
                "\"The deal is done,\" the bank's chief executive, Vera Koenig, said.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->has_source &&
             strcmp(cl->source_text, "the bank's chief executive, Vera Koenig,") == 0 &&
             strstr(cl->content_text, "The deal is done") != NULL,
         "quotation, description, name, said", r);
  /* A clause before the comma still reports: "The plan is late, Jo Kim, its author, said." */
  r = claims_in(ex, buf, sizeof buf, "Plan late",
                "The new bridge will open a year late, said Jo Kim, the city's chief engineer.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->has_source && strncmp(cl->source_text, "Jo Kim", 6) == 0 &&
             strncmp(cl->content_text, "The new bridge will open", 24) == 0,
         "clause, said X, description", r);
}

static void test_quotation_after_a_report_has_its_speaker(cw_extractor_t *ex) {
  /* "X said he was disappointed.¶“It is a shame. ...”": the quotation opening the next
   * paragraph, with no cue of its own, is X's. */
  const char *text = "Premiere goes ahead\n\nThe film's director Peter Kovac said he was "
                     "disappointed that the star did not attend.\n\n\"It is a shame. I know she "
                     "is not well because she has also cancelled her tour.\"\n\nThe film opens "
                     "on Friday.\n";
  const cw_result_t *r = claims_of(ex, text);
  const cw_claim_t *q = uncued(r, "It is a shame");
  EXPECT(q && q->has_source && strstr(q->source_text, "Peter Kovac") != NULL &&
             q->speaker_resolution == CW_SPKRES_PREVIOUS_QUOTATION,
         "quotation paragraph after a report", r);
  /* A paragraph between them: no speaker is guessed. */
  text = "Premiere goes ahead\n\nThe film's director Peter Kovac said he was disappointed.\n\n"
         "Crowds filled the square for hours before the doors opened.\n\n\"It is a shame. I "
         "know she is not well because she has also cancelled her tour.\"\n";
  r = claims_of(ex, text);
  q = uncued(r, "It is a shame");
  EXPECT(q && !q->has_source, "no speaker across a paragraph", r);
}

static void test_business_descriptions_name_the_company(cw_extractor_t *ex) {
  /* "The search giant said", "the data seller said": the company the article is about. */
  const char *text = "Profits up at Norvik Holdings\n\nNorvik Holdings has reported a rise in "
                     "profits for the year.\n\nThe news and financial data seller said the year had begun well. "
                     "The software giant also said it would hire more staff.\n";
  const cw_result_t *r = claims_of(ex, text);
  for (size_t i = 0; r && i < r->n_claims; i++) {
    const cw_claim_t *cl = &r->claims[i];
    if (!cl->source_text || !strstr(cl->source_text, "seller")) continue;
    EXPECT(cl->speaker_entity >= 0 &&
               strcmp(r->entities[cl->speaker_entity].canonical, "Norvik Holdings") == 0,
           "the data seller -> Norvik Holdings", r);
  }
  const cw_claim_t *g = find(r, "also said", "The software giant");
  EXPECT(g && g->speaker_entity >= 0 &&
             strcmp(r->entities[g->speaker_entity].canonical, "Norvik Holdings") == 0,
         "the software giant -> Norvik Holdings", r);
}

static void test_second_verb_of_the_subject_ends_the_content(cw_extractor_t *ex) {
  /* "X believes A, but says B", "X reported A - but said B", "X said A but admitted B": two
   * claims, the first content ending before the second verb. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Phones of the future",
                                   "Mr Braddock firmly believes that phones are the future, but "
                                   "says they have to be simpler to use. The firm reported "
                                   "savings of 105m pounds - but said it expects costs to rise.");
  const cw_claim_t *b = find(r, "firmly believes", NULL), *s2 = find(r, "says", NULL);
  EXPECT(b && strcmp(b->content_text, "that phones are the future") == 0, "believes A, but", r);
  EXPECT(s2 && s2->has_source && strcmp(s2->content_text, "they have to be simpler to use") == 0,
         "but says B", r);
  const cw_claim_t *rep = find(r, "reported", NULL);
  EXPECT(rep && strcmp(rep->content_text, "savings of 105m pounds") == 0, "reported A - but", r);
}

static void test_time_and_participle_after_an_inverted_report(cw_extractor_t *ex) {
  /* "A, the government said on Tuesday, completing a programme ...": the clause before the
   * comma is what was said; "on Tuesday" and the participle clause are neither cue nor
   * content. "said about 270,000 children would benefit": "about" a number is content. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Free school meals",
                                   "Every pupil in the region is now entitled to a free lunch, "
                                   "the regional government said on Tuesday, completing a "
                                   "programme that began in 2022. The education minister said "
                                   "about 270,000 children would benefit.");
  const cw_claim_t *cl = find(r, "said", "the regional government");
  EXPECT(cl && strncmp(cl->content_text, "Every pupil in the region", 25) == 0,
         "A, X said on Tuesday, completing ...", r);
  cl = find(r, "said", "The education minister");
  EXPECT(cl && strcmp(cl->content_text, "about 270,000 children would benefit") == 0,
         "said about NUMBER", r);
}

static void test_addressee_time_tails_names_and_relatives(cw_extractor_t *ex) {
  char buf[1024];
  /* "told reporters the government had ...": the addressee ends before the reported subject. */
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Protests grow",
                                   "Union leader Jules Roussin told reporters the government had "
                                   "thrown oil on the fire.");
  const cw_claim_t *cl = find(r, "told", NULL);
  EXPECT(cl && strncmp(cl->content_text, "the government had", 18) == 0, "told NNS the X", r);
  /* "A, officials said on Wednesday, but B": A is what was said. */
  r = claims_in(ex, buf, sizeof buf, "Launch",
                "A power unit failed late in the mission, officials said on Wednesday, but the "
                "main goals were met.");
  cl = find(r, "said", "officials");
  EXPECT(cl && strcmp(cl->content_text, "A power unit failed late in the mission") == 0,
         "A, X said on DAY, but B", r);
  /* "vice chairman Nguyen Van Long told": "Long" is the name's, not an adverb of the cue. */
  r = claims_in(ex, buf, sizeof buf, "Coffee",
                "\"Many trees simply did not flower,\" association vice chairman Tran Van Long told "
                "Reuters.");
  cl = find(r, "told", NULL);
  EXPECT(cl && cl->has_source && strstr(cl->source_text, "Tran Van Long") != NULL,
         "name word Long", r);
  /* "steel supports that had not been inspected": a noun with a relative clause is no cue;
   * "a report released on Wednesday found" has the report for its subject. */
  r = claims_in(ex, buf, sizeof buf, "Bridge",
                "The bridge had badly corroded steel supports that had not been inspected for six "
                "years, a report released on Wednesday found.");
  EXPECT(find(r, "supports", NULL) == NULL, "supports that had", r);
  cl = find(r, "found", "a report");
  EXPECT(cl && strncmp(cl->content_text, "The bridge had badly corroded", 29) == 0,
         "a report released on DAY found", r);
}

static void test_accused_of_and_promised_things(cw_extractor_t *ex) {
  /* "accused officials of delays": the content is what they are accused of; "promised 1.2
   * billion reais in aid": what is promised; "promised voters a library": voters are told. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Count disputed",
                                   "The party accused officials of delays in three provinces. The "
                                   "government has promised 1.2 billion reais in emergency aid. "
                                   "The mayor promised voters a new library.");
  const cw_claim_t *cl = find(r, "accused", NULL);
  EXPECT(cl && strcmp(cl->content_text, "delays in three provinces") == 0, "accused X of Y", r);
  cl = find(r, "has promised", NULL);
  EXPECT(cl && strcmp(cl->content_text, "1.2 billion reais in emergency aid") == 0,
         "promised a thing", r);
  cl = find(r, "promised", "The mayor");
  EXPECT(cl && strcmp(cl->content_text, "a new library") == 0, "promised someone a thing", r);
}

static void test_source_edges(cw_extractor_t *ex) {
  /* "Last week US Treasury Secretary John Snow told", "This week China said": the time words
   * are no part of the source; "The Mail on Sunday's Financial Mail said": the possessor is. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Policy unchanged",
                                   "Last week US Treasury Secretary John Snow told reporters the "
                                   "policy remained unaltered. This week China said that it would "
                                   "punish violators. The Mail on Sunday's Financial Mail said the "
                                   "money was earmarked for the link.");
  EXPECT(find(r, "told", "US Treasury Secretary John Snow") != NULL, "Last week X told", r);
  EXPECT(find(r, "said", "China") != NULL, "This week X said", r);
  EXPECT(find(r, "said", "The Mail on Sunday's Financial Mail") != NULL, "possessor kept", r);
}

static void test_parts_of_an_interrupted_quotation(cw_extractor_t *ex) {
  /* "“A,” said X, a description. “B.”": one claim whose content runs from A to B (as PolNeAR
   * marks one speaker's quote), and whose parts are A and B without the attribution. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Chips fail",
                                   "\"We discovered that the chips fail under load,\" said Tim "
                                   "Dalton, editor of the magazine. \"This breaks the code that "
                                   "every maker has followed for years.\"");
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && cl->n_content_parts == 2, "two parts", r);
  if (cl && cl->n_content_parts == 2) {
    CHECK_STR(cl->content_part_texts[0], "\"We discovered that the chips fail under load,\"");
    CHECK_STR(cl->content_part_texts[1],
              "\"This breaks the code that every maker has followed for years.\"");
    CHECK(cl->content_parts[0].start == cl->content.start &&
          cl->content_parts[1].end == cl->content.end);
  }
  /* One piece: no parts. */
  r = claims_in(ex, buf, sizeof buf, "Chips", "Tim Dalton said the chips fail under load.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->n_content_parts == 0, "one piece", r);
}

static void test_subject_of_an_expected_infinitive(cw_extractor_t *ex) {
  /* "Higher fuel costs are expected to eat into earnings": the content runs from the subject;
   * its parts are the subject and the infinitive. "It is thought that" keeps its clause. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Airline warns",
                                   "Higher fuel costs are expected to eat into earnings in coming "
                                   "months. It is thought that the deal is close.");
  const cw_claim_t *cl = find(r, "are expected", NULL);
  EXPECT(cl && strncmp(cl->content_text, "Higher fuel costs are expected", 30) == 0 &&
             cl->n_content_parts == 2,
         "subject of are expected to", r);
  if (cl && cl->n_content_parts == 2) {
    CHECK_STR(cl->content_part_texts[0], "Higher fuel costs");
    CHECK_STR(cl->content_part_texts[1], "to eat into earnings in coming months");
  }
  cl = find(r, "is thought", NULL);
  EXPECT(cl && strcmp(cl->content_text, "that the deal is close") == 0, "it is thought that", r);
}

int main(void) {
  static const claimfix_test_fn TESTS[] = {
      test_party_and_state_after_a_name,
      test_clause_after_said_is_no_inverted_source,
      test_name_with_description_is_the_subject,
      test_quotation_after_a_report_has_its_speaker,
      test_business_descriptions_name_the_company,
      test_second_verb_of_the_subject_ends_the_content,
      test_time_and_participle_after_an_inverted_report,
      test_addressee_time_tails_names_and_relatives,
      test_accused_of_and_promised_things,
      test_source_edges,
      test_parts_of_an_interrupted_quotation,
      test_subject_of_an_expected_infinitive,
  };
  return claimfix_main(TESTS, sizeof TESTS / sizeof TESTS[0]);
}
