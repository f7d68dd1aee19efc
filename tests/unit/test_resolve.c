/* test_resolve.c - entity resolution: overlaps, surnames, possessives, acronyms, aliases,
 * case-insensitive repeats, canonical names, salience and order. */
#include <limits.h>
#include <string.h>
#include "cw_arena.h"
#include "gaz.h"
#include "resolve.h"
#include "sent.h"
#include "docfix.h"
#include "testhelp.h"
#include "tok.h"

#define GAZ_DIR CW_SOURCE_DIR "/worker/extract/models/gaz"

static const cw_entity_t *by_canon(const cw_entity_t *e, size_t n, const char *canon) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(e[i].canonical, canon) == 0)
      return &e[i];
  return NULL;
}

static void test_manual(fixture_t *f) {
  const char *text = "Xiao Xinguang spoke. Later Xiao's lab said xiao xinguang erred. "
                     "Zhou Hongyi agreed with Xiao.";
  fix_setup(f, text);
  uint32_t x0 = fix_at(f, "Xiao", 0);
  fix_cand(f, x0, x0 + 2, CW_ENT_PER, RES_SRC_NER);
  /* A lower-cased repeat, tagged as ORG by mistake: merged by case-insensitive name. */
  uint32_t x2 = fix_at(f, "xiao", 0);
  fix_cand(f, x2, x2 + 2, CW_ENT_PER, RES_SRC_HEUR);
  uint32_t z = fix_at(f, "Zhou", 0);
  fix_cand(f, z, z + 2, CW_ENT_PER, RES_SRC_NER);
  /* Overlapping shorter candidate loses. */
  fix_cand(f, z + 1, z + 2, CW_ENT_LOC, RES_SRC_GAZ);
  cw_entity_t *ents;
  size_t n;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 0, &ents, &n, err, sizeof(err)), CW_OK);
  CHECK_INT(n, 2);
  if (n != 2)
    return;
  CHECK_STR(ents[0].canonical, "Xiao Xinguang");
  CHECK_INT(ents[0].type, CW_ENT_PER);
  /* Full name, "Xiao" of "Xiao's" (possessive split off), the repeat, and the last "Xiao". */
  CHECK_INT(ents[0].n_mentions, 4);
  CHECK_STR(ents[0].mentions[1].text, "Xiao");
  CHECK_INT(ents[0].mentions[1].span.start, 27);
  CHECK_INT(ents[0].mentions[1].span.end, 31);
  CHECK_INT(ents[0].mentions[1].sentence, 1);
  CHECK_STR(ents[1].canonical, "Zhou Hongyi");
  CHECK_INT(ents[1].n_mentions, 1);
  /* More mentions and an earlier first mention: more salient. */
  CHECK(ents[0].salience > ents[1].salience);
  for (size_t i = 0; i < n; i++)
    CHECK(ents[i].salience >= 0.0 && ents[i].salience <= 1.0);
  for (size_t i = 0; i < n; i++)
    for (size_t m = 1; m < ents[i].n_mentions; m++)
      CHECK(ents[i].mentions[m].span.start > ents[i].mentions[m - 1].span.start);
}

static void test_with_gaz(fixture_t *f, const gaz_t *g) {
  const char *text = "Vaccine makers\n"
                     "Hackers targeted Serum Institute of India (SII), the U.S. said. "
                     "SII denied it. The United States and America's allies, and the US, "
                     "disagreed. Officials of the Serum Institute of India met.";
  fix_setup(f, text);
  unsigned char *taken = cw_arena_calloc(f->a, f->tr.n + 1, 1);
  gaz_find(g, &f->dv, f->tr.info, taken, &f->l);
  cw_entity_t *ents;
  size_t n;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 1, &ents, &n, err, sizeof(err)), CW_OK);
  const cw_entity_t *sii = by_canon(ents, n, "Serum Institute of India");
  CHECK(sii != NULL);
  if (sii) {
    CHECK_INT(sii->type, CW_ENT_ORG);
    CHECK_INT(sii->n_mentions, 4); /* long form twice, acronym twice */
  }
  const cw_entity_t *us = by_canon(ents, n, "United States");
  CHECK(us != NULL);
  if (us) {
    CHECK_INT(us->type, CW_ENT_LOC);
    CHECK_INT(us->n_mentions, 4); /* U.S., United States, America('s), US */
  }
  /* Sorted by first mention; no mention of one entity is counted twice. */
  for (size_t i = 1; i < n; i++)
    CHECK(ents[i].mentions[0].span.start >= ents[i - 1].mentions[0].span.start);
  CHECK(by_canon(ents, n, "India") == NULL); /* inside the ORG name only */
}

static void test_gaz_alias_of_a_tagged_name(fixture_t *f, const gaz_t *g) {
  /* The tagger finds "Tories" and "Conservatives" (the same spans the gazetteer lists as
   * names of the Conservative Party); the mentions take the gazetteer's canonical name and
   * make one entity. A listed name that is its own canonical keeps the tagged text. */
  const char *text = "Tax row\nThe Tories attacked the plan. The Conservatives said Labour "
                     "had no answer.";
  fix_setup(f, text);
  unsigned char *taken = cw_arena_calloc(f->a, f->tr.n + 1, 1);
  gaz_find(g, &f->dv, f->tr.info, taken, &f->l);
  uint32_t t = fix_at(f, "Tories", 0), c = fix_at(f, "Conservatives", 0), l = fix_at(f, "Labour", 0);
  fix_cand(f, t, t + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, c, c + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, l, l + 1, CW_ENT_ORG, RES_SRC_NER);
  cw_entity_t *ents;
  size_t n;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 1, &ents, &n, err, sizeof(err)), CW_OK);
  const cw_entity_t *party = by_canon(ents, n, "Conservative Party");
  CHECK(party != NULL);
  if (party)
    CHECK_INT(party->n_mentions, 2);
  CHECK(by_canon(ents, n, "Tories") == NULL);
  CHECK(by_canon(ents, n, "Labour") != NULL);
}

/* The entity holding the mention at token @p t, or NULL. */
static const cw_entity_t *holding(const fixture_t *f, const cw_entity_t *e, size_t n,
                                  uint32_t t) {
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < e[i].n_mentions; k++)
      if (e[i].mentions[k].span.start == f->tr.tokens[t].span.start)
        return &e[i];
  return NULL;
}

static void test_merging(fixture_t *f) {
  const char *text =
    "Ronnie O'Sullivan beat Sonia O'Sullivan's cousin. Sonia O'Sullivan ran. O'Sullivan won. "
    "Ronnie O'Sullivan lost. O'Sullivan wept. Mac Format reviewed the Mac. Father Christmas "
    "came at Christmas. Steve Jobs spoke. Mr Jobs said the ECB and the European Central Bank "
    "agree.";
  fix_setup(f, text);
  fix_cand(f, fix_at(f, "Ronnie", 0), fix_at(f, "Ronnie", 0) + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Sonia", 0), fix_at(f, "Sonia", 0) + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Sonia", 1), fix_at(f, "Sonia", 1) + 2, CW_ENT_PER, RES_SRC_NER);
  uint32_t os1 = fix_at(f, "O'Sullivan", 3), os2 = fix_at(f, "O'Sullivan", 5);
  fix_cand(f, os1, os1 + 1, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Ronnie", 1), fix_at(f, "Ronnie", 1) + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, os2, os2 + 1, CW_ENT_PER, RES_SRC_NER);
  uint32_t mf = fix_at(f, "Mac", 0), mac = fix_at(f, "Mac", 1);
  fix_cand(f, mf, mf + 2, CW_ENT_PER, RES_SRC_NER); /* mistyped, as taggers do */
  fix_cand(f, mac, mac + 1, CW_ENT_ORG, RES_SRC_NER);
  uint32_t fc = fix_at(f, "Father", 0), xm = fix_at(f, "Christmas", 1);
  fix_cand(f, fc, fc + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, xm, xm + 1, CW_ENT_MISC, RES_SRC_NER);
  uint32_t sj = fix_at(f, "Steve", 0), mj = fix_at(f, "Mr", 0);
  fix_cand(f, sj, sj + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, mj, mj + 2, CW_ENT_PER, RES_SRC_NER);
  uint32_t ecb = fix_at(f, "ECB", 0), eu = fix_at(f, "European", 0);
  fix_cand(f, ecb, ecb + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, eu, eu + 3, CW_ENT_ORG, RES_SRC_NER);
  cw_entity_t *ents;
  size_t n;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 0, &ents, &n, err, sizeof(err)), CW_OK);
  const cw_entity_t *ronnie = by_canon(ents, n, "Ronnie O'Sullivan");
  const cw_entity_t *sonia = by_canon(ents, n, "Sonia O'Sullivan");
  CHECK(ronnie != NULL && sonia != NULL && ronnie != sonia);
  /* Each bare surname goes to the O'Sullivan named last before it. */
  CHECK(holding(f, ents, n, os1) == sonia);
  CHECK(holding(f, ents, n, os2) == ronnie);
  const cw_entity_t *e = holding(f, ents, n, mac);
  CHECK(e != NULL && e != holding(f, ents, n, mf));
  e = holding(f, ents, n, xm);
  CHECK(e != NULL && e != holding(f, ents, n, fc) && e->type == CW_ENT_MISC);
  e = by_canon(ents, n, "Steve Jobs");
  CHECK(e != NULL && e == holding(f, ents, n, mj + 1) && e->n_mentions == 2);
  e = by_canon(ents, n, "European Central Bank");
  CHECK(e != NULL && e == holding(f, ents, n, ecb) && e->n_mentions == 2);
}

static void test_first_name(fixture_t *f) {
  fix_setup(f, "Britney wins. Britney Spears sang. Britney smiled. Britney left.");
  uint32_t b0 = fix_at(f, "Britney", 0), b1 = fix_at(f, "Britney", 1), b2 = fix_at(f, "Britney", 2),
           b3 = fix_at(f, "Britney", 3);
  fix_cand(f, b0, b0 + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, b3, b3 + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, b1, b1 + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, b2, b2 + 1, CW_ENT_PER, RES_SRC_NER);
  cw_entity_t *ents;
  size_t n;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 0, &ents, &n, err, sizeof(err)), CW_OK);
  /* A person at one mention: the given name joins the full name, as its first word. */
  CHECK_INT(n, 1);
  CHECK(n == 1 && ents[0].n_mentions == 4 && ents[0].type == CW_ENT_PER);
}

static void test_affixes(fixture_t *f) {
  const char *text = "An ex-Downing Street aide backed Madrid-style rules. Downing Street and "
                     "Madrid agreed.";
  fix_setup(f, text);
  uint32_t d0 = fix_at(f, "ex-Downing", 0), m0 = fix_at(f, "Madrid-style", 0),
           d1 = fix_at(f, "Downing", 0), m1 = fix_at(f, "Madrid", 0);
  fix_cand(f, d0, d0 + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, m0, m0 + 1, CW_ENT_MISC, RES_SRC_NER);
  fix_cand(f, d1, d1 + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, m1, m1 + 1, CW_ENT_LOC, RES_SRC_NER);
  cw_entity_t *ents;
  size_t n;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 0, &ents, &n, err, sizeof(err)), CW_OK);
  CHECK_INT(n, 2);
  const cw_entity_t *e = by_canon(ents, n, "Downing Street");
  CHECK(e != NULL && e->n_mentions == 2);
  if (e && e->n_mentions == 2) {
    CHECK_STR(e->mentions[0].text, "Downing Street");
    CHECK_INT(e->mentions[0].span.start, 6);
    CHECK_INT(e->mentions[0].span.end, 20);
  }
  e = by_canon(ents, n, "Madrid");
  CHECK(e != NULL && e->n_mentions == 2 && e->type == CW_ENT_LOC);
  if (e && e->n_mentions == 2) {
    CHECK_INT(e->mentions[0].span.start, 33);
    CHECK_INT(e->mentions[0].span.end, 39);
  }
}

static void test_limits(fixture_t *f) {
  fix_setup(f, "a b c");
  cw_entity_t *ents = (cw_entity_t *)1;
  size_t n = 7;
  char err[256];
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 0, &ents, &n, err, sizeof(err)), CW_OK);
  CHECK_INT(n, 0);
  /* Out-of-range candidates are ignored, not trusted. */
  fix_cand(f, 2, 9, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, 1, 1, CW_ENT_ORG, RES_SRC_NER);
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, 0, &ents, &n, err, sizeof(err)), CW_OK);
  CHECK_INT(n, 0);
}

int main(void) {
  fixture_t f = {.a = cw_arena_create(0)};
  char err[512];
  gaz_t *g = NULL;
  CHECK_INT(gaz_load(GAZ_DIR, &g, err, sizeof(err)), CW_OK);
  test_manual(&f);
  if (g) {
    test_with_gaz(&f, g);
    test_gaz_alias_of_a_tagged_name(&f, g);
  }
  test_merging(&f);
  test_affixes(&f);
  test_first_name(&f);
  test_limits(&f);
  gaz_destroy(&g);
  cw_arena_destroy(&f.a);
  return TEST_REPORT();
}
