/* test_attr_actions.c - plain actions in the forms of a report, with the shipped models as
 * production runs them: sentences that tell what someone did, not what they said or think, on
 * short texts written for these tests. */
#include "claimfix.h"

/* Whether any claim of @p r has the cue @p cue. */
static int has_cue(const cw_result_t *r, const char *cue) {
  return find(r, cue, NULL) != NULL;
}

static void test_results_and_goals_are_no_reports(cw_extractor_t *ex) {
  /* "added a second goal", "claimed a draw", "proposed to the singer": a match report and a
   * marriage proposal. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Late goal rescues point",
                                   "Tom Reyes added a second with a 20-yard shot in injury-time. "
                                   "Harbour Town claimed a draw at Riverside Park on Saturday.");
  EXPECT(r && !has_cue(r, "added") && !has_cue(r, "claimed"), "added a goal, claimed a draw", r);
  r = claims_in(ex, buf, sizeof buf, "Singer engaged",
                "Her manager Leo Park, 26, proposed to the singer on holiday in Crete.");
  EXPECT(r && !has_cue(r, "proposed"), "proposed to a person", r);
  /* The same verbs reporting: "added that", a clause, a statement noun, "proposed that". */
  r = claims_in(ex, buf, sizeof buf, "Budget talks",
                "The minister added that the plan would fail. Ms Ortiz claimed the figures were "
                "wrong. The council proposed that the parking fees be cut. He added a note of caution.");
  EXPECT(find(r, "added", "The minister") != NULL, "added that", r);
  EXPECT(find(r, "claimed", "Ms Ortiz") != NULL, "claimed a clause", r);
  EXPECT(find(r, "proposed", "The council") != NULL, "proposed that", r);
  EXPECT(find(r, "added", "He") != NULL, "added a note", r);
}

static void test_going_on_doing_is_no_report(cw_extractor_t *ex) {
  /* "continued to rise", "continued her fine run": no report; "continued:" before a quotation,
   * "continued to insist that", "continued to call for" report. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Output rises",
                                   "Factory output continued to rise in May. Ana Lind continued "
                                   "her fine run with a win in Oslo.");
  EXPECT(r && !has_cue(r, "continued"), "continued to rise, continued her run", r);
  r = claims_in(ex, buf, sizeof buf, "Protests go on",
                "Small groups of protesters continued to call for the release of the video. The "
                "mayor continued: \"We will publish everything we have as soon as we can.\"");
  EXPECT(find(r, "continued", "Small groups of protesters") != NULL, "continued to call for", r);
  EXPECT(find(r, "continued:", NULL) != NULL || find(r, "continued", "The mayor") != NULL,
         "continued: quotation", r);
}

static void test_recalls_and_summons_are_no_reports(cw_extractor_t *ex) {
  /* "is calling back 17,000 cars", "called in administrators": a recall and a summons. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Carmaker recalls vehicles",
                                   "The car giant is calling back 17,815 trucks from dealers "
                                   "because of a fault in the brakes. The software firm called in "
                                   "administrators on Friday.");
  EXPECT(r && !has_cue(r, "is calling") && !has_cue(r, "called"), "calling back, called in", r);
}

static void test_conditions_are_no_reports(cw_extractor_t *ex) {
  /* "If you want to take part, ...", "if they believe the hype": a condition; a report that
   * holds a condition still reports. */
  char buf[1024];
  const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Take part",
                                   "If you want to take part in the series, write to us. If they "
                                   "believe the hype, buyers will queue for days. The minister "
                                   "said that if they want a deal, they must pay.");
  EXPECT(r && !has_cue(r, "want") && !has_cue(r, "believe"), "if PRONOUN cue", r);
  EXPECT(find(r, "said", "The minister") != NULL, "report holding a condition", r);
}

int main(void) {
  static const claimfix_test_fn TESTS[] = {
      test_results_and_goals_are_no_reports,
      test_going_on_doing_is_no_report,
      test_recalls_and_summons_are_no_reports,
      test_conditions_are_no_reports,
  };
  return claimfix_main(TESTS, sizeof TESTS / sizeof TESTS[0]);
}
