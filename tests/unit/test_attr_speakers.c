/* test_attr_speakers.c - attribution: speakers as the rules alone find them: pronouns,
 * descriptions, roles, appositions, name words. */
#include "attrfix.h"

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

int main(void) {
  test_single_name_appositive();
  test_inverted_pronoun_needs_end();
  test_pronoun_after_apposition();
  test_pronoun_speaker();
  test_description_speaker();
  test_pronoun_skips_quoted_names();
  test_pronoun_chain();
  test_name_words();
  test_speaker_roles();
  return TEST_REPORT();
}
