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

int main(void) {
  cw_engine_t *eng = claimfix_engine();
  if (!eng) return 1;
  cw_extractor_t *ex = cw_extractor_create(eng);
  CHECK(ex != NULL);
  if (ex) {
    test_party_and_state_after_a_name(ex);
  }
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  return TEST_REPORT();
}
