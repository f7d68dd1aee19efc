/* test_numbers.c - MONEY, PERCENT and NUMBER rules with qualifiers, and exact decimal
 * normalization. */
#include <limits.h>
#include <string.h>
#include "cw_arena.h"
#include "docview.h"
#include "resolve.h"
#include "rules_num.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

/* "TYPE:mention=normalized[|qualifier];..." for every candidate the number rules find. */
static const char *numbers(cw_arena_t *a, const char *text) {
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
  unsigned char *taken = cw_arena_calloc(a, tr.n + 1, 1);
  res_list_t l;
  res_list_init(&l, a);
  rules_num_find(&dv, tr.info, taken, &l);
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < l.n; i++) {
    const res_mention_t *m = &l.v[i];
    size_t b0 = tr.info[m->t0].b0, b1 = tr.info[m->t1 - 1].b1;
    int w = snprintf(buf + o, sizeof(buf) - o, "%s%s:%.*s=%s%s%s", i ? ";" : "",
                     cw_entity_type_name(m->type), (int)(b1 - b0), text + b0,
                     m->normalized ? m->normalized : "?", m->qualifier ? "|" : "",
                     m->qualifier ? m->qualifier : "");
    if (w < 0 || (size_t)w >= sizeof(buf) - o)
      break;
    o += (size_t)w;
  }
  return buf;
}

static void test_values(void) {
  char out[64];
  CHECK_INT(rules_num_value("2,700", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "2700");
  CHECK_INT(rules_num_value("1.5", 9, out, sizeof(out)), 0);
  CHECK_STR(out, "1500000000");
  CHECK_INT(rules_num_value("3.50", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "3.5");
  CHECK_INT(rules_num_value("1.13", 9, out, sizeof(out)), 0);
  CHECK_STR(out, "1130000000");
  CHECK_INT(rules_num_value("0.25", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "0.25");
  CHECK_INT(rules_num_value("007", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "7");
  CHECK_INT(rules_num_value("Twenty", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "20");
  CHECK_INT(rules_num_value("NINETY-nine", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "99");
  CHECK_INT(rules_num_value("Dozen", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "12");
  CHECK_INT(rules_num_value("hundred", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "100");
  CHECK_INT(rules_num_value("zero", 0, out, sizeof(out)), 0);
  CHECK_STR(out, "0");
  CHECK_INT(rules_num_value("thirty-ten", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("the", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("twent", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("\xC3\xA9t\xC3\xA9", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("twenty-five", 3, out, sizeof(out)), 0);
  CHECK_STR(out, "25000");
  CHECK_INT(rules_num_value("1,5", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("12,34,567", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("abc", 0, out, sizeof(out)), -1);
  CHECK_INT(rules_num_value("1", 100, out, sizeof(out)), -1);
  char small[4];
  CHECK_INT(rules_num_value("123456", 0, small, sizeof(small)), -1);
}

int main(void) {
  cw_arena_t *a = cw_arena_create(0);
  test_values();
  static const struct {
    const char *text, *want;
  } cases[] = {
    {"It raised $1.5 billion.", "MONEY:$1.5 billion=1500000000 USD"},
    {"A \xC2\xA3" "20m deal.", "MONEY:\xC2\xA3" "20m=20000000 GBP"},
    {"Costs of 20 million euros.", "MONEY:20 million euros=20000000 EUR"},
    {"Profits jumped 76% to $1.13bn.", "PERCENT:76%=76;MONEY:$1.13bn=1130000000 USD"},
    {"Inflation hit 3.5% in May.", "PERCENT:3.5%=3.5"},
    {"About 40 percent agreed.", "PERCENT:About 40 percent=40|about"},
    {"Rates rose 2 per cent.", "PERCENT:2 per cent=2"},
    {"It detected at least 40 groups.", "NUMBER:at least 40=40|at least"},
    {"It found more than 2,700 attacks.", "NUMBER:more than 2,700=2700|more than"},
    {"More than 3,400 people attended.", "NUMBER:More than 3,400=3400|more than"},
    {"It approved four vaccines.", "NUMBER:four=4"},
    {"It cost US$300m.", "MONEY:US$300m=300000000 USD"},
    {"one of them said", ""},
    {"Cases of COVID-19 rose.", ""},
    {"At 10:33 PM.", ""},
    {"TWO SESSIONS", ""},
    {"Nearly 1,000 homes and 5,000 cars.", "NUMBER:Nearly 1,000=1000|nearly;NUMBER:5,000=5000"},
    /* "m" without a currency: metres near sport words or for a race distance, else millions;
     * with a currency always millions. */
    {"She won the 800m title.", "NUMBER:800m=800"},
    {"He set a record in the 10,000m at the Olympics.", "NUMBER:10,000m=10000"},
    {"Holmes ran 1500m.", "NUMBER:1500m=1500"},
    {"Some 60m people watched.", "NUMBER:Some 60m=60000000|some"},
    {"He won the 100m in 9.8 seconds.", "NUMBER:100m=100;NUMBER:9.8=9.8"},
    {"It has 800m users.", "NUMBER:800m=800000000"},
    {"A \xC2\xA3" "800m title deal.", "MONEY:\xC2\xA3" "800m=800000000 GBP"},
    {"It paid 800m euros.", "MONEY:800m euros=800000000 EUR"},
    /* Odds and ratios are one number; a date written with slashes is none of them. */
    {"He started at 3/1 odds.", "NUMBER:3/1=3/1"},
    {"He was born on 3/1/2005.", "NUMBER:3=3;NUMBER:1=1;NUMBER:2005=2005"},
    /* A currency named by its country's adjective. */
    {"It raised 745bn Indian rupees.", "MONEY:745bn Indian rupees=745000000000 INR"},
    {"It cost 20 Hong Kong dollars.", "MONEY:20 Hong Kong dollars=20 HKD"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const char *got = numbers(a, cases[i].text);
    CHECK_MSG(strcmp(got, cases[i].want) == 0, "\"%s\": got \"%s\", want \"%s\"",
              cases[i].text, got, cases[i].want);
  }
  cw_arena_destroy(&a);
  return TEST_REPORT();
}
