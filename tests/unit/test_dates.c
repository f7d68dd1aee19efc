/* test_dates.c - DATE rules: absolute and relative phrases against reference publication
 * dates, normalized to ISO 8601. */
#include <limits.h>
#include <string.h>
#include "cw_arena.h"
#include "cw_time.h"
#include "docview.h"
#include "resolve.h"
#include "rules_date.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

/* Runs the date rules on @p text published on @p pub ("YYYY-MM-DD" or NULL) and returns
 * "mention=ISO;..." for every DATE found, in text order. */
static const char *dates(cw_arena_t *a, const char *text, const char *pub) {
  static char buf[1024];
  char err[256];
  tok_result_t tr;
  cw_sentence_t *ss;
  size_t ns;
  cw_arena_reset(a);
  if (tok_run(text, strlen(text), a, &tr, err, sizeof(err)) != CW_OK ||
      sent_split(&tr, a, &ss, &ns, err, sizeof(err)) != CW_OK)
    return "(error)";
  cw_docview_t dv = {.body = text, .body_len = strlen(text), .cp_byte = tr.cp_byte,
                     .n_cp = tr.n_cp, .tokens = tr.tokens, .n_tokens = tr.n, .sentences = ss,
                     .n_sentences = ns, .arena = a, .published_days = INT64_MIN};
  if (pub) {
    cw_datetime_t dt;
    if (cw_time_parse_rfc3339(pub, &dt) != CW_OK)
      return "(bad pub)";
    dv.published_days = cw_days_from_civil(dt.year, dt.month, dt.day);
  }
  unsigned char *taken = cw_arena_calloc(a, tr.n + 1, 1);
  res_list_t l;
  res_list_init(&l, a);
  rules_date_find(&dv, tr.info, taken, &l);
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < l.n; i++) {
    const res_mention_t *m = &l.v[i];
    CHECK_INT(m->type, CW_ENT_DATE);
    size_t b0 = tr.info[m->t0].b0, b1 = tr.info[m->t1 - 1].b1;
    int w = snprintf(buf + o, sizeof(buf) - o, "%s%.*s=%s", i ? ";" : "", (int)(b1 - b0),
                     text + b0, m->normalized ? m->normalized : "?");
    if (w < 0 || (size_t)w >= sizeof(buf) - o)
      break;
    o += (size_t)w;
  }
  return buf;
}

int main(void) {
  cw_arena_t *a = cw_arena_create(0);
  static const struct {
    const char *text, *pub, *want;
  } cases[] = {
    /* Absolute. */
    {"It happened on March 7, 2021 in Beijing.", NULL, "March 7, 2021=2021-03-07"},
    {"Published: Mar 07, 2021 10:33 PM", NULL, "Mar 07, 2021=2021-03-07"},
    {"On 7 March 2021 they met.", NULL, "7 March 2021=2021-03-07"},
    {"The file is dated 2021-03-07.", NULL, "2021-03-07=2021-03-07"},
    /* a year is four digits, no fewer and no more */
    {"It was founded in March 2019.", "2021-03-07", "March 2019=2019-03"},
    {"It was founded in March 201.", "2021-03-07", "March=2021-03"},
    {"It was founded in March 20190.", "2021-03-07", "March=2021-03"},
    {"It was founded in 1998.", "2021-03-07", "1998=1998"},
    {"Sales fell in March 2021.", NULL, "March 2021=2021-03"},
    {"It was exposed in early 2013.", NULL, "2013=2013"},
    {"Rates rose on Sept. 3, 2019.", NULL, "Sept. 3, 2019=2019-09-03"},
    {"Not a date: February 30, 2021.", NULL, "February 30, 2021=?"},
    {"It rose 2014 percent.", NULL, ""},
    {"He may go.", "2021-03-07", ""},
    {"The vote is on March 7.", "2021-03-07T22:33:00+08:00", "March 7=2021-03-07"},
    {"In March, prices rose.", "2020-11-02", "March=2020-03"},
    {"Sales in the three months to December fell.", "2005-02-01", "December=2004-12"},
    {"The vote is on 3 April.", "2021-03-07", "3 April=2021-04-03"},
    {"It began on October 1.", "2021-01-10", "October 1=2020-10-01"},
    /* Relative to a Sunday publication (2021-03-07 was a Sunday). */
    {"He spoke on Sunday.", "2021-03-07T22:33:00+08:00", "Sunday=2021-03-07"},
    {"The deal closed on Thursday.", "2021-03-07T22:33:00+08:00", "Thursday=2021-03-04"},
    {"It rained yesterday and today.", "2021-03-07T22:33:00+08:00",
     "yesterday=2021-03-06;today=2021-03-07"},
    {"The plan launched last year.", "2021-03-07T22:33:00+08:00", "last year=2020"},
    {"Prices fell last month.", "2021-01-15", "last month=2020-12"},
    {"Talks resume this week.", "2021-03-07", "this week=2021-W09"},
    {"Talks resume this week.", "2021-01-01", "this week=2020-W53"},
    {"Talks resume next week.", "2021-01-01", "next week=2021-W01"},
    {"They meet next Monday.", "2021-03-07", "next Monday=2021-03-08"},
    {"He left last Friday.", "2021-03-05", "last Friday=2021-03-05"},
    {"She arrives tomorrow.", "2024-02-28", "tomorrow=2024-02-29"},
    /* A bare weekday in a clause about the future is the next one; a reporting verb before
     * it makes it the past one whatever follows. */
    {"The board will meet on Friday.", "2021-03-07", "Friday=2021-03-12"},
    {"The board meeting on Friday will decide.", "2021-03-07", "Friday=2021-03-12"},
    {"The company said on Friday it will cut jobs.", "2021-03-07", "Friday=2021-03-05"},
    /* Counts back from publication. */
    {"It happened two years ago.", "2021-03-07", "two years ago=2019"},
    {"She left 18 months ago.", "2021-03-07", "18 months ago=2019-09"},
    {"He called a week ago.", "2021-03-07", "a week ago=2021-W08"},
    {"He arrived three days ago.", "2021-03-07", "three days ago=2021-03-04"},
    {"He arrived three days ago.", NULL, "three days ago=?"},
    /* A month without a year: past tense looks back, future tense forward. */
    {"Sales fell in November.", "2005-10-15", "November=2004-11"},
    {"The plant will open in February.", "2005-11-15", "February=2006-02"},
    {"The plant opens in December.", "2005-11-15", "December=2005-12"},
    /* The publication's own calendar day, not UTC's. */
    {"Shops opened on Monday.", "2021-03-08T01:00:00+08:00", "Monday=2021-03-08"},
    /* Without a publication date, relative dates are found but not normalized. */
    {"He spoke on Sunday.", NULL, "Sunday=?"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const char *got = dates(a, cases[i].text, cases[i].pub);
    CHECK_MSG(strcmp(got, cases[i].want) == 0, "\"%s\" (pub %s): got \"%s\", want \"%s\"",
              cases[i].text, cases[i].pub ? cases[i].pub : "none", got, cases[i].want);
  }
  CHECK_INT(rules_month("Sept."), 9);
  CHECK_INT(rules_month("May"), 5);
  CHECK_INT(rules_month("Ma"), 0);
  /* months by name or abbreviation, case as written; every first letter of the year */
  static const char *const names[] = {"Jan", "Feb.", "March", "Apr", "May", "June",
                                      "Jul.", "August", "Sep", "October", "Nov", "Dec."};
  for (int m = 0; m < 12; m++)
    CHECK_INT(rules_month(names[m]), m + 1);
  CHECK_INT(rules_month("march"), 0);
  CHECK_INT(rules_month("MARCH"), 0);
  CHECK_INT(rules_month("Marc"), 0);
  CHECK_INT(rules_month(""), 0);
  CHECK_INT(rules_month("Sept"), 9);
  CHECK_INT(rules_month("Octo"), 0);
  CHECK_INT(rules_weekday("Sunday"), 6);
  CHECK_INT(rules_weekday("sunday"), -1);
  static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                     "Saturday", "Sunday"};
  for (int d = 0; d < 7; d++)
    CHECK_INT(rules_weekday(days[d]), d);
  CHECK_INT(rules_weekday(""), -1);
  CHECK_INT(rules_weekday("Mon"), -1);
  CHECK_INT(rules_weekday("Thursdays"), -1);
  CHECK_INT(rules_weekday("Sun"), -1);
  CHECK_INT(rules_weekday("Today"), -1);
  cw_arena_destroy(&a);
  return TEST_REPORT();
}
