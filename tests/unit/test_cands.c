/* test_cands.c - corrections before resolution: titles off person names, common-noun acronyms
 * and capitalized common words dropped, names over the date and number rules in them. */
#include <limits.h>
#include <string.h>
#include "cands.h"
#include "cw_arena.h"
#include "gaz.h"
#include "resolve.h"
#include "rules_date.h"
#include "rules_num.h"
#include "sent.h"
#include "docfix.h"
#include "testhelp.h"
#include "tok.h"

#define GAZ_DIR CW_SOURCE_DIR "/worker/extract/models/gaz"

/* Runs the rules (and gazetteer when @p g) and resolves. */
static void resolve(fixture_t *f, const gaz_t *g, size_t title_sentences) {
  char err[256];
  unsigned char *taken = cw_arena_calloc(f->a, f->tr.n + 1, 1);
  rules_date_find(&f->dv, f->tr.info, taken, &f->l);
  rules_num_find(&f->dv, f->tr.info, taken, &f->l);
  if (g)
    gaz_find(g, &f->dv, f->tr.info, taken, &f->l);
  CHECK_INT(res_resolve(&f->dv, f->tr.info, &f->l, title_sentences, &f->ents, &f->n, err,
                        sizeof(err)),
            CW_OK);
}

/* The entity with a mention whose text is @p text, or NULL. */
static const cw_entity_t *with_mention(const fixture_t *f, const char *text) {
  for (size_t i = 0; i < f->n; i++)
    for (size_t k = 0; k < f->ents[i].n_mentions; k++)
      if (strcmp(f->ents[i].mentions[k].text, text) == 0)
        return &f->ents[i];
  return NULL;
}

static void test_titles(fixture_t *f) {
  fix_setup(f, "Alan Milburn spoke. Mr Milburn said Baroness Kennedy agreed. Mr Milburn left.");
  uint32_t a = fix_at(f, "Alan", 0), m0 = fix_at(f, "Mr", 0), b = fix_at(f, "Baroness", 0),
           m1 = fix_at(f, "Mr", 1);
  fix_cand(f, a, a + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, m0, m0 + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, b, b + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, m1, m1 + 2, CW_ENT_ORG, RES_SRC_NER); /* a courtesy title makes it a person */
  resolve(f, NULL, 0);
  CHECK(with_mention(f, "Mr Milburn") == NULL);
  CHECK(with_mention(f, "Mr") == NULL);
  CHECK(with_mention(f, "Baroness Kennedy") == NULL);
  CHECK(with_mention(f, "Kennedy") != NULL);
  const cw_entity_t *e = with_mention(f, "Alan Milburn");
  CHECK(e != NULL);
  if (e) {
    CHECK_STR(e->canonical, "Alan Milburn");
    CHECK_INT(e->type, CW_ENT_PER);
    CHECK_INT(e->n_mentions, 3); /* "Mr Milburn" twice joins the full name as "Milburn" */
  }
  CHECK(cands_is_title("Minister", NULL));
  CHECK(cands_is_title("Prime", "Minister"));
  CHECK(!cands_is_title("Prime", "Time"));
}

static void test_common_acronyms(fixture_t *f) {
  fix_setup(f, "The DVD and two PCs went to the MPs at Macrovision.");
  fix_cand(f, fix_at(f, "DVD", 0), fix_at(f, "DVD", 0) + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, fix_at(f, "PCs", 0), fix_at(f, "PCs", 0) + 1, CW_ENT_MISC, RES_SRC_NER);
  fix_cand(f, fix_at(f, "MPs", 0), fix_at(f, "MPs", 0) + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Macrovision", 0), fix_at(f, "Macrovision", 0) + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, NULL, 0);
  CHECK_INT(f->n, 2); /* Macrovision and the number "two" */
  CHECK(with_mention(f, "Macrovision") != NULL);
  CHECK(with_mention(f, "DVD") == NULL);
  CHECK(!cands_is_common_acronym("DVDA"));
  /* the entries' plurals and prefixes, and words that share only a first letter */
  CHECK(cands_is_common_acronym("PhDs"));
  CHECK(cands_is_common_acronym("MP3"));
  CHECK(cands_is_common_acronym("MP3s"));
  CHECK(!cands_is_common_acronym("Ph"));
  CHECK(!cands_is_common_acronym("MPX"));
  CHECK(!cands_is_common_acronym("PT"));
  CHECK(!cands_is_common_acronym("Pd"));
}

static void test_numbers_in_names(fixture_t *f) {
  fix_setup(f, "He told BBC Radio 4 that the PlayStation 3 will sell. Microsoft 10 years ago did "
           "not. Arsenal 2 Chelsea 1 was the score.");
  uint32_t b = fix_at(f, "BBC", 0), p = fix_at(f, "PlayStation", 0), m = fix_at(f, "Microsoft", 0),
           ar = fix_at(f, "Arsenal", 0);
  fix_cand(f, b, b + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, p, p + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, m, m + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, ar, ar + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, NULL, 0);
  const cw_entity_t *e = with_mention(f, "BBC Radio 4");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "PlayStation 3");
  CHECK(e != NULL && e->type == CW_ENT_MISC); /* a company's name with a number: a product */
  CHECK(with_mention(f, "4") == NULL);
  CHECK(with_mention(f, "Microsoft 10") == NULL);
  CHECK(with_mention(f, "Microsoft") != NULL);
  CHECK(with_mention(f, "Arsenal 2") == NULL);
}

static void test_weekdays_in_names(fixture_t *f, const gaz_t *g) {
  fix_setup(f, "The Mail on Sunday and the Sunday Telegraph said on Sunday Microsoft agreed. "
           "Coach Mike Friday told Channel 4 on Friday.");
  uint32_t t = fix_at(f, "Telegraph", 0), ms = fix_at(f, "Microsoft", 0);
  fix_cand(f, t, t + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, ms, ms + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, g, 0);
  CHECK(with_mention(f, "Mail on Sunday") != NULL);
  CHECK(with_mention(f, "Sunday Telegraph") != NULL);
  CHECK(with_mention(f, "Microsoft") != NULL);
  const cw_entity_t *e = with_mention(f, "Mike Friday");
  CHECK(e != NULL && e->type == CW_ENT_PER);
  CHECK(with_mention(f, "Channel 4") != NULL);
  e = with_mention(f, "Sunday");
  CHECK(e != NULL && e->type == CW_ENT_DATE); /* "on Sunday" stays a date */
  CHECK(e != NULL && e->n_mentions == 1);
  e = with_mention(f, "Friday");
  CHECK(e != NULL && e->type == CW_ENT_DATE && e->n_mentions == 1);
}

static void test_codes_and_joins(fixture_t *f, const gaz_t *g) {
  fix_setup(f, "Its 7E7 and the SonyEricsson P900 beat 40GB drives in Q3. Labour MPs and US TV "
           "agreed. The Church of Scotland and John Smith of Reuters met.");
  uint32_t se = fix_at(f, "SonyEricsson", 0), lab = fix_at(f, "Labour", 0), us = fix_at(f, "US", 0),
           ch = fix_at(f, "Church", 0), sc = fix_at(f, "Scotland", 0), js = fix_at(f, "John", 0),
           re = fix_at(f, "Reuters", 0);
  fix_cand(f, se, se + 1, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, lab, lab + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, us, us + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, ch, ch + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, sc, sc + 1, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, js, js + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, re, re + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, g, 0);
  const cw_entity_t *e = with_mention(f, "7E7");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "SonyEricsson P900");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  CHECK(with_mention(f, "40GB") == NULL);
  CHECK(with_mention(f, "Q3") == NULL);
  e = with_mention(f, "Labour");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "US");
  CHECK(e != NULL && e->type == CW_ENT_LOC); /* the list's type once "TV" is off */
  e = with_mention(f, "Church of Scotland");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  CHECK(with_mention(f, "John Smith") != NULL && with_mention(f, "Reuters") != NULL);
  CHECK(cands_is_code("A350") && cands_is_code("7E7s") && cands_is_code("3GP"));
  CHECK(!cands_is_code("4G") && !cands_is_code("CO2") && !cands_is_code("3pm") &&
        !cands_is_code("2005") && !cands_is_code("ABC"));
}

static void test_works(fixture_t *f) {
  fix_setup(f, "The film Vera Drake won. Vera Drake is bleak. The comedy Diary of a Mad Black Woman "
           "led. They will play Wales.");
  uint32_t v0 = fix_at(f, "Vera", 0), v1 = fix_at(f, "Vera", 1), d = fix_at(f, "Diary", 0),
           mb = fix_at(f, "Mad", 0), w = fix_at(f, "Wales", 0);
  fix_cand(f, v0, v0 + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, v1, v1 + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, d, d + 1, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, mb, mb + 3, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, w, w + 1, CW_ENT_LOC, RES_SRC_NER);
  f->tr.tokens[w - 1].pos = "VB"; /* "play" the verb is no cue */
  resolve(f, NULL, 0);
  const cw_entity_t *e = with_mention(f, "Vera Drake");
  CHECK(e != NULL && e->type == CW_ENT_MISC && e->n_mentions == 2);
  e = with_mention(f, "Diary of a Mad Black Woman");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "Wales");
  CHECK(e != NULL && e->type == CW_ENT_LOC);

  /* Programmes, shows and series are works too. "the Today programme Mr Quell" stays a
   * person: the courtesy title comes off before the cue is looked at, so no name starts
   * right after the noun. */
  fix_setup(f, "He told the BBC programme Zarvo Nights it was late. The talent show Lumen Kaze "
           "returns. The shows Kel Tide and Brask aired. She told the Today programme Mr Quell "
           "was wrong. Documents show Anna Pell lied.");
  uint32_t z = fix_at(f, "Zarvo", 0), lk = fix_at(f, "Lumen", 0), kt = fix_at(f, "Kel", 0),
           br = fix_at(f, "Brask", 0), q = fix_at(f, "Mr", 0), ap = fix_at(f, "Anna", 0);
  fix_cand(f, z, z + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, lk, lk + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, kt, kt + 2, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, br, br + 1, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, q, q + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, ap, ap + 2, CW_ENT_PER, RES_SRC_NER);
  f->tr.tokens[ap - 1].pos = "VBP"; /* "show" the verb is no cue */
  resolve(f, NULL, 0);
  e = with_mention(f, "Zarvo Nights");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "Lumen Kaze");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "Kel Tide");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "Brask");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "Quell");
  CHECK(e != NULL && e->type == CW_ENT_PER);
  e = with_mention(f, "Anna Pell");
  CHECK(e != NULL && e->type == CW_ENT_PER);
}

static void test_listed_orgs(fixture_t *f, const gaz_t *g) {
  fix_setup(f, "The Lib Dems and a Tory MP sailed up the Amazon.");
  uint32_t ld = fix_at(f, "Lib", 0), t = fix_at(f, "Tory", 0), am = fix_at(f, "Amazon", 0);
  fix_cand(f, ld, ld + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, t, t + 1, CW_ENT_MISC, RES_SRC_NER);
  fix_cand(f, am, am + 1, CW_ENT_LOC, RES_SRC_NER);
  resolve(f, g, 0);
  const cw_entity_t *e = with_mention(f, "Lib Dems");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "Tory");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "Amazon");
  CHECK(e != NULL && e->type == CW_ENT_LOC); /* the list does not overrule a place */
}

static void test_common_words(fixture_t *f) {
  fix_setup(f, "Election could be target\n\"Look, the election is near,\" he said. Look at it. "
           "Budget day: the Budget is next. A budget. They look.");
  fix_cand(f, fix_at(f, "Election", 0), fix_at(f, "Election", 0) + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Look", 0), fix_at(f, "Look", 0) + 1, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Budget", 0), fix_at(f, "Budget", 0) + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, NULL, 1);
  CHECK(with_mention(f, "Election") == NULL);
  CHECK(with_mention(f, "Look") == NULL);
  /* Capitalized inside a sentence elsewhere: kept. */
  CHECK(with_mention(f, "Budget") != NULL);
}

static void test_quotes_and_former_titles(fixture_t *f) {
  fix_setup(f, "Airbus said so. \"We chose it over Airbus' jets,\" he said. The ex-King Simon "
           "Ferro met ex-President Ann Carver.");
  uint32_t a0 = fix_at(f, "Airbus", 0), a1 = fix_at(f, "Airbus", 1), k = fix_at(f, "ex-King", 0),
           p = fix_at(f, "ex-President", 0);
  fix_cand(f, a0, a0 + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, a1, a1 + 2, CW_ENT_MISC, RES_SRC_NER); /* the apostrophe taken in */
  fix_cand(f, k, k + 3, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, p, p + 3, CW_ENT_PER, RES_SRC_NER);
  resolve(f, NULL, 0);
  CHECK(with_mention(f, "Airbus'") == NULL);
  const cw_entity_t *e = with_mention(f, "Airbus");
  CHECK(e != NULL && e->type == CW_ENT_ORG && e->n_mentions == 2);
  CHECK(with_mention(f, "Simon Ferro") != NULL);
  CHECK(with_mention(f, "Ann Carver") != NULL);
  CHECK(cands_is_title("ex-King", "Simon") && cands_is_title("Ex-President", NULL));
  CHECK(!cands_is_title("ex-", NULL) && !cands_is_title("ex-Ferro", NULL));
}

static void test_programme_names(fixture_t *f) {
  fix_setup(f, "She told Radio 4's Today programme on Monday that the Sunday show is dull. Today "
           "she left.");
  resolve(f, NULL, 0);
  const cw_entity_t *e = NULL;
  for (size_t i = 0; i < f->n; i++)
    if (f->ents[i].mentions[0].span.start == 19) /* the first "Today" */
      e = &f->ents[i];
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  e = with_mention(f, "Monday");
  CHECK(e != NULL && e->type == CW_ENT_DATE);
  e = with_mention(f, "Sunday");
  CHECK(e != NULL && e->type == CW_ENT_DATE); /* it opens no programme's name */
}

static void test_company_cues(fixture_t *f) {
  fix_setup(f, "The American firm Ravelin and chip companies Tarsk, Omdel and Bruno Kessel agreed. "
           "The company Mara Vell founded grew, said firm boss Tim Sands.");
  uint32_t r = fix_at(f, "Ravelin", 0), t = fix_at(f, "Tarsk", 0), o = fix_at(f, "Omdel", 0),
           b = fix_at(f, "Bruno", 0), m = fix_at(f, "Mara", 0), ts = fix_at(f, "Tim", 0);
  fix_cand(f, r, r + 1, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, t, t + 1, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, o, o + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, b, b + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, m, m + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, ts, ts + 2, CW_ENT_PER, RES_SRC_NER);
  f->tr.tokens[m + 2].pos = "VBD"; /* "the company Mara Vell founded" */
  resolve(f, NULL, 0);
  const cw_entity_t *e = with_mention(f, "Ravelin");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "Tarsk");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "Omdel");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "Bruno Kessel");
  CHECK(e != NULL && e->type == CW_ENT_ORG); /* the third of the list */
  e = with_mention(f, "Mara Vell");
  CHECK(e != NULL && e->type == CW_ENT_PER);
  e = with_mention(f, "Tim Sands");
  CHECK(e != NULL && e->type == CW_ENT_PER); /* "firm boss": the name follows "boss" */
}

static void test_owned_products(fixture_t *f) {
  fix_setup(f, "Velta says its new Clarigo technology works. Clarigo is cheap. Clarigo sells. "
           "Clarigo ships. Clarigo wins. Clarigo grows. Clarigo fails. Velta software is out.");
  for (int i = 0; i < 7; i++) {
    uint32_t c = fix_at(f, "Clarigo", i);
    fix_cand(f, c, c + 1, CW_ENT_ORG, RES_SRC_NER);
  }
  fix_cand(f, fix_at(f, "Velta", 0), fix_at(f, "Velta", 0) + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, fix_at(f, "Velta", 1), fix_at(f, "Velta", 1) + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, NULL, 0);
  const cw_entity_t *e = with_mention(f, "Clarigo");
  /* the cue at one mention outweighs the tagger at the six others */
  CHECK(e != NULL && e->type == CW_ENT_MISC && e->n_mentions == 7);
  e = with_mention(f, "Velta");
  CHECK(e != NULL && e->type == CW_ENT_ORG); /* no owner's word before it */
}

/* A listed place glued to "-based", "-style", "-led" is the place, whatever type the tagger
 * gave the whole word; a demonym glued so stays what it was ("British-born"). */
static void test_affixed_places(fixture_t *f, const gaz_t *g) {
  fix_setup(f, "The Edinburgh-based firm hired a British-born chef for a Madrid-style menu.");
  uint32_t ed = fix_at(f, "Edinburgh-based", 0), br = fix_at(f, "British-born", 0),
           md = fix_at(f, "Madrid-style", 0);
  fix_cand(f, ed, ed + 1, CW_ENT_MISC, RES_SRC_NER);
  fix_cand(f, br, br + 1, CW_ENT_MISC, RES_SRC_NER);
  fix_cand(f, md, md + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, g, 0);
  const cw_entity_t *e = with_mention(f, "Edinburgh");
  CHECK(e != NULL && e->type == CW_ENT_LOC);
  e = with_mention(f, "Madrid");
  CHECK(e != NULL && e->type == CW_ENT_LOC);
  e = with_mention(f, "British");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
}

static void test_names_with_and(fixture_t *f, const gaz_t *g) {
  fix_setup(f, "Jo Byrne of Lamb and Dalton Partners met Fiat and General Motors. A Ministry for "
           "Roads, Rail and Ports official met France and Lazard Freres. Fiat agreed. They sold "
           "Space Raiders, Zorbo and Donkey Kelp. The Securities and Exchange Board met "
           "Securities Weekly. He made Splosh and Orbit 13.");
  uint32_t la = fix_at(f, "Lamb", 0), da = fix_at(f, "Dalton", 0), fi = fix_at(f, "Fiat", 0),
           ge = fix_at(f, "General", 0), mi = fix_at(f, "Ministry", 0), ra = fix_at(f, "Rail", 0),
           po = fix_at(f, "Ports", 0), fr = fix_at(f, "France", 0), lz = fix_at(f, "Lazard", 0);
  fix_cand(f, la, la + 1, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, da, da + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, fi, fi + 1, CW_ENT_PER, RES_SRC_NER); /* "Fiat" again below: two names */
  fix_cand(f, ge, ge + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, mi, mi + 3, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, ra, ra + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, po, po + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, fr, fr + 1, CW_ENT_ORG, RES_SRC_NER); /* a listed place: never half of a name */
  fix_cand(f, lz, lz + 2, CW_ENT_ORG, RES_SRC_NER);
  uint32_t f2 = fix_at(f, "Fiat", 1), z = fix_at(f, "Zorbo", 0), dk = fix_at(f, "Donkey", 0),
           se = fix_at(f, "Securities", 0), sw = fix_at(f, "Securities", 1);
  fix_cand(f, fi, ge + 2, CW_ENT_ORG, RES_SRC_PATTERN); /* glued by the capitalized run */
  fix_cand(f, f2, f2 + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, z, z + 1, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, dk, dk + 2, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, se, se + 4, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, sw, sw + 2, CW_ENT_ORG, RES_SRC_NER);
  uint32_t sp = fix_at(f, "Splosh", 0), ob = fix_at(f, "Orbit", 0);
  fix_cand(f, sp, sp + 1, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, ob, ob + 2, CW_ENT_MISC, RES_SRC_NER); /* two works, not one */
  resolve(f, g, 0);
  const cw_entity_t *e = with_mention(f, "Lamb and Dalton Partners");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  e = with_mention(f, "Ministry for Roads, Rail and Ports");
  CHECK(e != NULL && e->type == CW_ENT_ORG);
  CHECK(with_mention(f, "General Motors") != NULL);
  CHECK(with_mention(f, "Lazard Freres") != NULL);
  CHECK(with_mention(f, "France") != NULL);
  CHECK(with_mention(f, "Fiat and General Motors") == NULL);
  CHECK(with_mention(f, "Zorbo") != NULL && with_mention(f, "Donkey Kelp") != NULL);
  CHECK(with_mention(f, "Securities and Exchange Board") != NULL);
  CHECK(with_mention(f, "Splosh") != NULL && with_mention(f, "Orbit 13") != NULL);
}

static void test_sentence_openers(fixture_t *f) {
  fix_setup(f, "Why Zelt will sell\nThen Tony Brask spoke. New Jorvik agreed. \"Then Ola Mett "
           "left,\" he said.");
  uint32_t w = fix_at(f, "Why", 0), t = fix_at(f, "Then", 0), n = fix_at(f, "New", 0), t2 = fix_at(f, "Then", 1);
  fix_cand(f, w, w + 2, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, t, t + 3, CW_ENT_PER, RES_SRC_NER);
  fix_cand(f, n, n + 2, CW_ENT_LOC, RES_SRC_NER);
  fix_cand(f, t2, t2 + 3, CW_ENT_PER, RES_SRC_NER);
  resolve(f, NULL, 1);
  CHECK(with_mention(f, "Why Zelt") == NULL && with_mention(f, "Zelt") != NULL);
  CHECK(with_mention(f, "Tony Brask") != NULL);
  CHECK(with_mention(f, "Ola Mett") != NULL); /* after an opening quotation mark */
  CHECK(with_mention(f, "New Jorvik") != NULL);
}

static void test_work_articles_and_plural_models(fixture_t *f) {
  fix_setup(f, "The Vell Oren film The Lastwatch sold. Older Zanthi 3s and Korva 747s fly, as "
           "in the 1990s, and Korva 200 agreed.");
  uint32_t lw = fix_at(f, "Lastwatch", 0), z = fix_at(f, "Zanthi", 0), k = fix_at(f, "Korva", 0);
  fix_cand(f, lw, lw + 1, CW_ENT_ORG, RES_SRC_NER);
  fix_cand(f, z, z + 1, CW_ENT_MISC, RES_SRC_NER);
  fix_cand(f, k, k + 1, CW_ENT_ORG, RES_SRC_NER);
  resolve(f, NULL, 0);
  const cw_entity_t *e = with_mention(f, "The Lastwatch");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  CHECK(with_mention(f, "Zanthi 3s") != NULL);
  e = with_mention(f, "Korva 747s");
  CHECK(e != NULL && e->type == CW_ENT_MISC);
  CHECK(with_mention(f, "1990s") == NULL);
}

int main(void) {
  fixture_t f = {.a = cw_arena_create(0)};
  char err[512];
  gaz_t *g = NULL;
  CHECK_INT(gaz_load(GAZ_DIR, &g, err, sizeof(err)), CW_OK);
  test_titles(&f);
  test_work_articles_and_plural_models(&f);
  test_sentence_openers(&f);
  test_quotes_and_former_titles(&f);
  test_programme_names(&f);
  test_company_cues(&f);
  test_owned_products(&f);
  test_common_acronyms(&f);
  test_numbers_in_names(&f);
  if (g)
    test_weekdays_in_names(&f, g);
  test_common_words(&f);
  test_works(&f);
  if (g)
    test_listed_orgs(&f, g);
  if (g)
    test_codes_and_joins(&f, g);
  if (g)
    test_names_with_and(&f, g);
  if (g)
    test_affixed_places(&f, g);
  gaz_destroy(&g);
  cw_arena_destroy(&f.a);
  return TEST_REPORT();
}
