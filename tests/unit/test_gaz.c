/* test_gaz.c - gazetteer loading (the repository's gaz/ files), lookups and candidates. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "cw_arena.h"
#include "gaz.h"
#include "resolve.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

#define GAZ_DIR CW_SOURCE_DIR "/worker/extract/models/gaz"

/* "TYPE:text[=canon];..." for the candidates gaz_find adds on @p text. */
static const char *find(const gaz_t *g, cw_arena_t *a, const char *text) {
  static char buf[2048];
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
  gaz_find(g, &dv, tr.info, taken, &l);
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < l.n; i++) {
    const res_mention_t *m = &l.v[i];
    size_t b0 = tr.info[m->t0].b0, b1 = tr.info[m->t1 - 1].b1;
    int w = snprintf(buf + o, sizeof(buf) - o, "%s%s:%.*s%s%s", i ? ";" : "",
                     cw_entity_type_name(m->type), (int)(b1 - b0), text + b0,
                     m->canon ? "=" : "", m->canon ? m->canon : "");
    if (w < 0 || (size_t)w >= sizeof(buf) - o)
      break;
    o += (size_t)w;
  }
  return buf;
}

/* gaz_run_kinds() gives, for each run of words, the kinds gaz_lookup() finds for it, as far
 * as a listed phrase continues the run (the kinds of the runs after that are 0, and no lookup
 * finds them either). */
static void test_run_kinds(const gaz_t *g) {
  static const char *const texts[] = {
      "New York City Council said", "Bosnia and Herzegovina won", "United States of America",
      "The Hague ruled", "John Smith met Mr. Brown", "South Korea and North Korea",
      "Ministry of Defence", "Chinese officials", "Unlisted Words Here Too Now"};
  int same = 1, stopped = 0;
  for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
    char phrase[128];
    size_t ends[6] = {0}, nw = 0;
    snprintf(phrase, sizeof phrase, "%s", texts[t]);
    for (size_t i = 0; phrase[i] && nw < 5; i++)
      if (phrase[i + 1] == ' ' || phrase[i + 1] == '\0')
        ends[++nw] = i + 1;
    unsigned kinds[6];
    size_t probed = gaz_run_kinds(g, phrase, ends, nw, kinds);
    stopped += probed < nw;
    for (size_t k = 1; k <= nw; k++) {
      char run[128];
      memcpy(run, phrase, ends[k]);
      run[ends[k]] = '\0';
      for (unsigned kind = 0; kind < GAZ__COUNT; kind++) {
        int want = gaz_lookup(g, run, (gaz_kind_t)kind, NULL);
        same &= want == !!(kinds[k] & (1u << kind));
        same &= k <= probed || !want;
      }
    }
  }
  CHECK(same);
  CHECK(stopped >= 3);
  unsigned none[6];
  size_t e1[2] = {0, 3};
  CHECK_INT((int)gaz_run_kinds(NULL, "Foo", e1, 1, none), 0);
  CHECK_INT((int)none[1], 0);
}

/* Capitalized function words: each listed word, and neither its other cases nor words that
 * share its first letter or are a prefix of it. */
static void test_common_cap(void) {
  static const char *const yes[] = {
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "As", "By", "To",
    "From", "With", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
    "You", "His", "Her", "Its", "Their", "Our", "My", "Your", "There", "Here", "When", "While",
    "After", "Before", "Since", "During", "Through", "However", "Meanwhile", "Moreover",
    "Some", "Many", "Most", "All", "No", "Not", "So", "Yet", "Also", "Even", "Still", "Then",
    "Now", "Later", "Earlier", "Previously", "According", "Similar", "Western", "Eastern",
    "Northern", "Southern", "Other", "Such", "What", "Who", "Why", "How", "Where", "Which",
    "Both", "Each", "Every", "Another", "Last", "Next", "First", "New", "Photo", "Published",
    "Facts", "Several", "Under", "Over", "Despite", "Although", "Because", "Unlike"};
  static const char *const no[] = {"the", "THE", "Th", "Thee", "", "Z", "Zebra", "Ai", "Is",
                                   "Iran", "Acme", "Quite", "Google", "Kent", "\xC3\x89t\xC3\xA9",
                                   "Ahead", "Y", "Yes", "Youth", "V"};
  for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
    CHECK_MSG(gaz_is_common_cap(yes[i]), "%s", yes[i]);
  for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
    CHECK_MSG(!gaz_is_common_cap(no[i]), "%s", no[i]);
}

int main(void) {
  char err[512] = "";
  test_common_cap();
  gaz_t *g = NULL;
  CHECK_INT(gaz_load(GAZ_DIR, &g, err, sizeof(err)), CW_OK);
  CHECK_MSG(g != NULL, "%s", err);
  if (!g)
    return TEST_REPORT();
  /* The shipped lists are small but cover what news needs. */
  CHECK(gaz_count(g, GAZ_COUNTRY) > 200 && gaz_count(g, GAZ_COUNTRY) < 2000);
  CHECK(gaz_count(g, GAZ_CITY) > 100 && gaz_count(g, GAZ_CITY) < 5000);
  CHECK(gaz_count(g, GAZ_FIRSTNAME) > 1000);
  CHECK(gaz_count(g, GAZ_ORGWORD) > 20);
  test_run_kinds(g);

  const char *canon = NULL;
  static const char *const us[] = {"US", "U.S.", "United States", "America", "USA"};
  for (size_t i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
    canon = NULL;
    CHECK_MSG(gaz_lookup(g, us[i], GAZ_COUNTRY, &canon) == 1, "%s", us[i]);
    CHECK_STR(canon, "United States");
  }
  CHECK(gaz_lookup(g, "UK", GAZ_COUNTRY, &canon) == 1);
  CHECK_STR(canon, "United Kingdom");
  CHECK(gaz_lookup(g, "Chinese", GAZ_DEMONYM, &canon) == 1);
  CHECK_STR(canon, "China");
  CHECK(gaz_lookup(g, "Reuters", GAZ_ORG, NULL) == 1);
  CHECK(gaz_lookup(g, "Mumbai", GAZ_CITY, NULL) == 1);
  CHECK(gaz_lookup(g, "Mary", GAZ_FIRSTNAME, NULL) == 1);
  CHECK(gaz_lookup(g, "IT", GAZ_COUNTRY, NULL) == 0);    /* codes are left out */
  CHECK(gaz_lookup(g, "us", GAZ_COUNTRY, NULL) == 0);    /* case matters */
  CHECK(gaz_lookup(g, "Mumbai", GAZ_COUNTRY, NULL) == 0);

  cw_arena_t *a = cw_arena_create(0);
  CHECK_STR(find(g, a, "Officials in the U.S. and China met."),
            "LOC:U.S.=United States;LOC:China=China");
  CHECK_STR(find(g, a, "He flew from Mumbai to Paris."), "LOC:Mumbai=Mumbai;LOC:Paris=Paris");
  CHECK_STR(find(g, a, "Indian officials agreed."), "MISC:Indian");
  CHECK_STR(find(g, a, "It sold shares to the Serum Institute of India (SII)."),
            "LOC:India=India;ORG:Serum Institute of India");
  CHECK_STR(find(g, a, "Mary Robinson visited."), "PER:Mary Robinson");
  CHECK_STR(find(g, a, "They met President Joe Biden."), "PER:Joe Biden");
  CHECK_STR(find(g, a, "Xiao Xinguang, a member of the committee, spoke."),
            "PER:Xiao Xinguang");
  CHECK_STR(find(g, a, "The team lost."), "");
  cw_arena_destroy(&a);
  gaz_destroy(&g);
  CHECK(g == NULL);
  gaz_destroy(&g); /* accepts NULL */

  /* A directory without gazetteers still loads (built-in word lists only). */
  CHECK_INT(gaz_load("/nonexistent-gaz-dir", &g, err, sizeof(err)), CW_OK);
  CHECK_INT(gaz_count(g, GAZ_COUNTRY), 0);
  CHECK(gaz_count(g, GAZ_TITLE) > 0);
  gaz_destroy(&g);
  return TEST_REPORT();
}
