/* test_speaker.c - who said it: the facts speaker resolution reads (speaker.c) and, run as
 * production runs them (the shipped tagger, NER and attribution models), one test per kind of
 * speaker the resolution must find, on short texts written for these tests. Each engine case
 * also checks the claim's speaker_resolution. */
#include <stdlib.h>
#include <string.h>
#include "attr_speaker.h"
#include "claimwire/extract.h"
#include "cw_arena.h"
#include "gaz.h"
#include "sent.h"
#include "speaker.h"
#include "testhelp.h"
#include "tok.h"

static const char *model_dir(void) {
  const char *env = getenv("CW_MODEL_DIR");
  return env && *env ? env : CW_DEFAULT_MODEL_DIR;
}

static void test_first_name_genders(void) {
  char err[256], dir[1024];
  gaz_t *g = NULL;
  snprintf(dir, sizeof dir, "%s/gaz", model_dir());
  CHECK_MSG(gaz_load(dir, &g, err, sizeof err) == CW_OK, "%s", err);
  if (!g) return;
  CHECK_INT(gaz_first_name_gender(g, "Maria"), 'F');
  CHECK_INT(gaz_first_name_gender(g, "Daniel"), 'M');
  CHECK_INT(gaz_first_name_gender(g, "Chris"), 'U');  /* on both lists */
  CHECK_INT(gaz_first_name_gender(g, "Zqxwv"), 0);
  CHECK_INT(gaz_first_name_gender(g, NULL), 0);
  gaz_destroy(&g);
}

static void test_pronouns_and_nouns(void) {
  cw_pronoun_t p;
  CHECK(cw_speaker_pronoun("she", &p) && p.type == CW_ENT_PER && p.gender == CW_GENDER_FEMALE);
  CHECK(cw_speaker_pronoun("He", &p) && p.type == CW_ENT_PER && p.gender == CW_GENDER_MALE);
  CHECK(cw_speaker_pronoun("its", &p) && p.type == CW_ENT_ORG && !p.plural);
  CHECK(cw_speaker_pronoun("They", &p) && p.plural);
  CHECK(!cw_speaker_pronoun("we", &p));
  CHECK_INT(cw_speaker_noun_gender("spokeswoman"), CW_GENDER_FEMALE);
  CHECK_INT(cw_speaker_noun_gender("Chairman"), CW_GENDER_MALE);
  CHECK_INT(cw_speaker_noun_gender("coach"), CW_GENDER_UNKNOWN);
  CHECK_INT(cw_speaker_age("32-year-old"), 32);
  CHECK_INT(cw_speaker_age("year-old"), 0);
  CHECK_INT(cw_speaker_age("32-year-olds"), 0);
  CHECK(cw_speaker_document_noun("report") && cw_speaker_document_noun("Statistics"));
  CHECK(!cw_speaker_document_noun("minister"));
}

/* A document whose entities have exactly the mentions given (byte offsets into the text),
 * so that a name the tagger missed can be left out. */
typedef struct {
  cw_arena_t *arena;
  cw_docview_t dv;
  cw_attr_mentions_t ms;
} doc_t;

typedef struct {
  const char *canonical;
  cw_entity_type_t type;
  size_t at[3], len;  /* byte offsets of its mentions (0 ends the list after the first) */
} mention_spec_t;

static int make_doc(doc_t *d, const char *text, const mention_spec_t *es, size_t n) {
  char err[256];
  tok_result_t tr;
  cw_sentence_t *sents;
  size_t ns;
  memset(d, 0, sizeof *d);
  d->arena = cw_arena_create(1 << 16);
  if (tok_run(text, strlen(text), d->arena, &tr, err, sizeof err) != CW_OK ||
      sent_split(&tr, d->arena, &sents, &ns, err, sizeof err) != CW_OK)
    return 0;
  d->dv = (cw_docview_t){.id = "t", .body = text, .body_len = strlen(text),
                         .cp_byte = tr.cp_byte, .n_cp = tr.n_cp, .published_days = INT64_MIN,
                         .tokens = tr.tokens, .n_tokens = tr.n, .sentences = sents,
                         .n_sentences = ns, .arena = d->arena};
  cw_entity_t *e = cw_arena_calloc(d->arena, n, sizeof *e);
  for (size_t i = 0; i < n; i++) {
    cw_mention_t *m = cw_arena_calloc(d->arena, 3, sizeof *m);
    size_t nm = 0;
    for (size_t k = 0; k < 3 && (k == 0 || es[i].at[k]); k++) {
      size_t t = 0;  /* ASCII texts: code points are bytes */
      while (t < tr.n && tr.tokens[t].span.start < es[i].at[k]) t++;
      m[nm++] = (cw_mention_t){{(uint32_t)es[i].at[k], (uint32_t)(es[i].at[k] + es[i].len)},
                               es[i].canonical, t < tr.n ? tr.tokens[t].sentence : 0};
    }
    e[i] = (cw_entity_t){es[i].canonical, es[i].type, 0.5, NULL, NULL, nm, m, NULL, 0, 0, 0, NULL};
  }
  d->dv.entities = e;
  d->dv.n_entities = n;
  cw_attr_mentions_build(&d->dv, &d->ms);
  return 1;
}

/* The speaker of the source written @p src (its first occurrence at or after byte @p from). */
static int32_t speaker_of(doc_t *d, const char *src, size_t from, cw_speaker_resolution_t *how) {
  const char *at = strstr(d->dv.body + from, src);
  if (!at) return -2;
  size_t s = (size_t)(at - d->dv.body), e = s + strlen(src), a = SIZE_MAX, b = 0;
  for (size_t t = 0; t < d->dv.n_tokens; t++) {
    if (d->dv.tokens[t].span.start >= s && d->dv.tokens[t].span.end <= e) {
      if (a == SIZE_MAX) a = t;
      b = t;
    }
  }
  cw_attr_speaker_ctx_t sc = {{0, 0}, {0, 0}, NULL, -1, 0, 0, 0};
  return a == SIZE_MAX ? -2 : cw_attr_resolve_speaker_in(&d->dv, &d->ms, a, b, &sc, how);
}

static void test_names_in_the_span(void) {
  doc_t d;
  cw_speaker_resolution_t how;
  /* The tagger found the company's first mention only: a source written exactly the same way
   * is that company; one written otherwise is no guess. */
  const char *t2 = "Norvik said chips were scarce. Norvik says prices will fall.";
  static const mention_spec_t e2[] = {{"Norvik", CW_ENT_ORG, {0}, 6}};
  CHECK(make_doc(&d, t2, e2, 1));
  CHECK_INT(speaker_of(&d, "Norvik", 31, &how), 0);
  CHECK_INT(how, CW_SPKRES_NAME);
  cw_arena_destroy(&d.arena);
  const char *t1 = "Norvik Systems makes chips. Norvik says prices will fall.";
  static const mention_spec_t e1[] = {{"Norvik Systems", CW_ENT_ORG, {0}, 14}};
  CHECK(make_doc(&d, t1, e1, 1));
  CHECK_INT(speaker_of(&d, "Norvik", 28, &how), -1);
  CHECK_INT(how, CW_SPKRES_NONE);
  cw_arena_destroy(&d.arena);

  /* The span cuts a name: "the Harlow Research" of "Harlow Research and Data Centre". */
  const char *t3 = "Experts at the Harlow Research and Data Centre disagree. They say so.";
  static const mention_spec_t e3[] = {{"Harlow Research and Data Centre", CW_ENT_ORG, {14}, 32}};
  CHECK(make_doc(&d, t3, e3, 1));
  CHECK_INT(speaker_of(&d, "the Harlow Research", 0, &how), 0);
  CHECK_INT(how, CW_SPKRES_NAME);
  cw_arena_destroy(&d.arena);

  /* "media chief Ann Kirk, Bo Lund": the name after the comma ends the span and speaks. */
  const char *t4 = "They blamed press chief Ann Kirk, Bo Lund has said.";
  static const mention_spec_t e4[] = {{"Ann Kirk", CW_ENT_PER, {24}, 8},
                                      {"Bo Lund", CW_ENT_PER, {34}, 7}};
  CHECK(make_doc(&d, t4, e4, 2));
  CHECK_INT(speaker_of(&d, "press chief Ann Kirk, Bo Lund", 0, &how), 1);
  cw_arena_destroy(&d.arena);
}

/* The shipped models, loaded once for the engine cases. */
typedef struct {
  cw_engine_t *eng;
  cw_extractor_t *ex;
} engine_t;

/* Runs @p text and checks that it has a claim with the cue text @p cue (NULL: none) and the
 * source @p source, whose speaker is @p speaker (NULL: none), found as @p how. */
static void expect(engine_t *e, const char *what, const char *text, const char *cue,
                   const char *source, const char *speaker, cw_speaker_resolution_t how) {
  char err[256];
  cw_doc_t doc = {.id = what, .body = text, .body_len = strlen(text)};
  const cw_result_t *r = NULL;
  if (!e->ex || cw_extractor_run(e->ex, &doc, &r, err, sizeof err) != CW_OK) {
    CHECK_MSG(0, "%s: extract failed", what);
    return;
  }
  const cw_claim_t *cl = NULL;
  for (size_t i = 0; i < r->n_claims && !cl; i++) {
    const cw_claim_t *c = &r->claims[i];
    if ((cue ? (c->cue_text && strcmp(c->cue_text, cue) == 0) : !c->has_cue) &&
        c->source_text && strcmp(c->source_text, source) == 0)
      cl = c;
  }
  CHECK_MSG(cl != NULL, "%s: no claim with cue %s and source %s", what, cue ? cue : "(none)",
            source);
  if (!cl) return;
  const char *got = cl->speaker_entity >= 0 ? r->entities[cl->speaker_entity].canonical : NULL;
  CHECK_MSG(speaker ? got && strcmp(got, speaker) == 0 : got == NULL, "%s: speaker %s, not %s",
            what, got ? got : "(none)", speaker ? speaker : "(none)");
  CHECK_MSG(cl->speaker_resolution == how, "%s: resolution %s, not %s", what,
            cw_speaker_resolution_name(cl->speaker_resolution), cw_speaker_resolution_name(how));
}

static void test_resolution_with_models(void) {
  char err[256];
  engine_t e = {0};
  cw_engine_opts_t o = {.model_dir = model_dir()};
  CHECK_MSG(cw_engine_open(&o, &e.eng, err, sizeof err) == CW_OK, "engine: %s", err);
  if (!e.eng) return;
  e.ex = cw_extractor_create(e.eng);

  /* A name inside the source. */
  expect(&e, "name", "Lena Brandt said inflation would stay high until the summer.", "said",
         "Lena Brandt", "Lena Brandt", CW_SPKRES_NAME);
  /* Times between a name and its verb are neither source nor content; the name speaks. */
  expect(&e, "name-then-time",
         "Norvik Systems this week announced that it would close two plants in Ohio.",
         "announced", "Norvik Systems", "Norvik Systems", CW_SPKRES_NAME);

  /* "she" is not the man named last: gender from the given name. */
  expect(&e, "gender",
         "Maria Lopez met Daniel Ortega at the port on Monday.\n\n"
         "\"We need more ships before the winter,\" she said.\n",
         "said", "she", "Maria Lopez", CW_SPKRES_PRONOUN);
  /* "he" after a second player was named as the one passing: the subject, not the nearest. */
  expect(&e, "subject", "Tom Hale scored twice after a pass from Jack Reid.\n\n"
                        "\"I want more of that,\" he said.\n",
         "said", "he", "Tom Hale", CW_SPKRES_PRONOUN);
  /* The given-name list is wrong now and then ("Philippe" is on its female list): the text's
   * own "he" after the name outweighs it, and the one person there is stays the fallback. */
  expect(&e, "list-error",
         "Philippe Marchand said the season had been long. He added that he would stay.\n\n"
         "Philippe Marchand admitted he was tired. \"We are ready,\" he said.\n",
         "said", "he", "Philippe Marchand", CW_SPKRES_PRONOUN);
  expect(&e, "list-error-only-one",
         "Philippe Marchand said the season had been long. He added that he would stay.",
         "added", "He", "Philippe Marchand", CW_SPKRES_PRONOUN);
  /* "They" is a group: no one of its members. */
  expect(&e, "plural",
         "Acme Corp and Bolt Ltd signed the deal in Oslo. They said the new plant would open "
         "in May.",
         "said", "They", NULL, CW_SPKRES_NONE);

  /* Ages and roles the article did not give a name before: the person it is about. */
  expect(&e, "age", "Rosa Diaz signed a new contract with the club on Friday.\n\n"
                    "The 29-year-old said she was delighted to stay for two more seasons.\n",
         "said", "The 29-year-old", "Rosa Diaz", CW_SPKRES_DESCRIPTION);
  expect(&e, "role",
         "Veteran television host Carl Berg is in hospital after a fall at his home.\n\n"
         "Berg is expected to return to the studio in May. The presenter said he was hopeful "
         "of a quick recovery.\n",
         "said", "The presenter", "Carl Berg", CW_SPKRES_DESCRIPTION);
  /* A description the next sentence names. */
  expect(&e, "named-next",
         "Prices will rise again this year, a senior central bank official has said.\n\n"
         "Lena Brandt said inflation would stay high until the summer.\n",
         "has said", "a senior central bank official", "Lena Brandt", CW_SPKRES_DESCRIPTION);
  /* "The company": the organization the article is about. */
  expect(&e, "company",
         "Norvik Systems said its new chip would ship in June.\n\nAnalysts expect strong "
         "demand from phone makers. The company said prices would fall by a tenth next year.\n",
         "said", "The company", "Norvik Systems", CW_SPKRES_DESCRIPTION);
  /* "The country's government": the country the article is about. */
  expect(&e, "country",
         "Chile mine safety drive\n\nInspectors closed 300 small mines in the north in 2023, "
         "the country's government said.\n",
         "said", "the country's government", "Chile", CW_SPKRES_DESCRIPTION);
  /* "The paper": the newspaper named last. */
  expect(&e, "paper",
         "Ann Kirk told the Harbour Gazette that the ferry would stop in May.\n\n"
         "The paper said the council had not been told of the plan.\n",
         "said", "The paper", "Harbour Gazette", CW_SPKRES_DESCRIPTION);
  /* Someone's spokesman is not the person named next. */
  expect(&e, "owned",
         "The prime minister's spokesman said the talks were over.\n\n"
         "Ann Kirk said the talks would go on.\n",
         "said", "The prime minister's spokesman", NULL, CW_SPKRES_NONE);
  /* "The report" speaks for the one who wrote it. */
  expect(&e, "report",
         "A study by the Harlow Institute found that most commuters drive alone.\n\n"
         "The report said bus use had fallen by a third since 2019.\n",
         "said", "The report", "Harlow Institute", CW_SPKRES_DESCRIPTION);

  /* A quotation paragraph with no cue: the speaker of the quotation before it, even past a
   * paragraph of the writer's own. */
  expect(&e, "previous-quotation",
         "\"The ferry is late again today,\" Ana Ruiz said.\n\nShe is the harbour master.\n\n"
         "\"It will run on time again in May, I promise you.\"\n",
         NULL, "Ana Ruiz", "Ana Ruiz", CW_SPKRES_PREVIOUS_QUOTATION);

  cw_extractor_destroy(&e.ex);
  cw_engine_destroy(&e.eng);
}

int main(void) {
  test_first_name_genders();
  test_pronouns_and_nouns();
  test_names_in_the_span();
  test_resolution_with_models();
  return TEST_REPORT();
}
