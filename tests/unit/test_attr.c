/* test_attr.c - attribution: the attribution model file, claim fields, limits, nesting, and
 * claims with the shipped models as production runs them. */
#include "attr_model.h"
#include "cw_hash.h"
#include "cw_limits.h"
#include "attrfix.h"

static void test_no_nesting(void) {
  /* "A said X, but B said Y": the first content ends at the clause boundary, so the two
   * claims do not nest. */
  const char *text = "The mayor said the bridge will reopen in May, but the engineers said the "
                     "deck needs more work.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "The mayor", "said", "the bridge will reopen in May");
  CLAIM_IS(by_cue(&r, "said", 1), "the engineers", "said", "the deck needs more work");
  done(&r);
  /* Inside a quotation the boundary belongs to the quoted words. */
  const char *text2 = "The mayor said \"the bridge will reopen in May, but the engineers said "
                      "otherwise\" on Monday.";
  CHECK(run(&r, text2, NULL, 0));
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK(cl != NULL);
  if (cl) CHECK(strstr(cl->content_text, "otherwise") != NULL);
  done(&r);
}

static void test_nested_report_dropped(void) {
  /* A report in the first words of another claim's content, with no clause boundary between,
   * is part of that content: one claim, not two. */
  const char *text = "The mayor said he denied the charges. Lena Ortiz said she never told the "
                     "board about the loan.";
  run_t r;
  CHECK(run(&r, text, NULL, 0));
  CHECK_INT(r.n, 2);
  CLAIM_IS(by_cue(&r, "said", 0), "The mayor", "said", "he denied the charges");
  CLAIM_IS(by_cue(&r, "said", 1), "Lena Ortiz", "said", "she never told the board about the loan");
  CHECK(by_cue(&r, "denied", 0) == NULL);
  CHECK(by_cue(&r, "never told", 0) == NULL);
  done(&r);
  /* A report whose content holds the earlier claim ("A showed that “...,” said B") is kept. */
  const char *text2 = "Reports showed that \"the plan failed,\" said Kim.";
  CHECK(run(&r, text2, NULL, 0));
  CLAIM_IS(by_cue(&r, "said", 0), "Kim", "said", "Reports showed that \"the plan failed,\"");
  done(&r);
}

static void test_claim_fields(void) {
  const char *text =
      "Ana Silva said Portugal would sign the deal. \xE2\x80\x9CThis was never about money and "
      "never will be,\xE2\x80\x9D she added. \xE2\x80\x9CThe voters of this country decided it "
      "long ago and nobody asked them again.\xE2\x80\x9D";
  static const ent_spec_t ents[] = {{"Ana Silva", CW_ENT_PER, {"Ana Silva"}},
                                    {"Portugal", CW_ENT_LOC, {"Portugal"}}};
  run_t r, r2;
  CHECK(run(&r, text, ents, 2));
  CHECK(run(&r2, text, ents, 2));
  CHECK_INT(r.n, r2.n);
  CHECK(r.n >= 2);
  for (size_t i = 0; i < r.n && i < r2.n; i++) {
    CHECK_INT(strlen(r.claims[i].id), 32);
    CHECK_STR(r.claims[i].id, r2.claims[i].id);  /* deterministic */
    if (i) {
      CHECK(r.claims[i - 1].content.start <= r.claims[i].content.start);  /* sorted */
      CHECK(strcmp(r.claims[i - 1].id, r.claims[i].id) != 0);
    }
  }
  const cw_claim_t *cl = by_cue(&r, "said", 0);
  CHECK(cl != NULL);
  if (cl) {
    CHECK_INT(cl->n_entities, 1);
    if (cl->n_entities == 1) CHECK_INT(cl->entities[0], 1);  /* Portugal, inside the content */
    CHECK_INT(cl->has_cue, 1);
    CHECK_INT(cl->has_source, 1);
  }
  cl = by_cue(&r, "added", 0);
  CHECK(cl != NULL);
  if (cl) {
    CHECK_INT(cl->speaker_entity, 0);
    CHECK(strstr(cl->content_text, "asked them again") != NULL);
  }
  done(&r2);
  done(&r);

  /* Another article id gives other ids for the same spans. */
  CHECK(run(&r, text, ents, 2));
  r.dv.id = "another-article";
  cw_claim_t *c2;
  size_t n2;
  char err[128];
  CHECK(cw_attr_find(NULL, &r.dv, &c2, &n2, err, sizeof err) == CW_OK);
  CHECK(n2 == r.n && n2 > 0 && strcmp(c2[0].id, r.claims[0].id) != 0);
  done(&r);
}

static void test_no_claims_and_limits(void) {
  run_t r;
  CHECK(run(&r, "The sun rose over the quiet valley and the farmers went to work.", NULL, 0));
  CHECK_INT(r.n, 0);
  done(&r);

  /* More claims than CW_MAX_CLAIMS: the list is capped, never overrun. */
  size_t reps = CW_MAX_CLAIMS + 50;
  const char *unit = "Tom said prices rose. ";
  char *big = malloc(reps * strlen(unit) + 1);
  big[0] = 0;
  for (size_t i = 0; i < reps; i++) strcat(big, unit);
  CHECK(run(&r, big, NULL, 0));
  CHECK_INT(r.n, CW_MAX_CLAIMS);
  done(&r);
  free(big);

  /* A view with a token outside its sentences is refused with a reason. */
  cw_arena_t *a = cw_arena_create(4096);
  cw_token_t tk = {{0, 3}, "Tom", NULL, 5};
  uint32_t cpb[4] = {0, 1, 2, 3};
  cw_sentence_t s = {{0, 3}};
  cw_docview_t dv = {.body = "Tom", .body_len = 3, .cp_byte = cpb, .n_cp = 3, .tokens = &tk,
                     .n_tokens = 1, .sentences = &s, .n_sentences = 1, .arena = a};
  cw_claim_t *cl;
  size_t n;
  char err[128] = "";
  CHECK_INT(cw_attr_find(NULL, &dv, &cl, &n, err, sizeof err), CW_ERR_INVALID);
  CHECK(err[0] != 0);
  cw_arena_destroy(&a);
}

static void test_model(void) {
  char err[256], path[1024];
  cw_attr_model_t *m = NULL;
  snprintf(path, sizeof path, "%s/attr/no-such.model", CW_TEST_DATA);
  CHECK_INT(cw_attr_model_load(path, &m, err, sizeof err), CW_ERR_NOT_FOUND);
  CHECK(m == NULL);
  /* A file that is not a model (the text format of earlier builds) is refused. */
  FILE *f = fopen("test_attr_bad.model", "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs("claimwire-attr 2 0.3000 0.0500 3 0.0000 0 -6.0000\ngriped griped 10\n", f);
  fclose(f);
  CHECK_INT(cw_attr_model_load("test_attr_bad.model", &m, err, sizeof err), CW_ERR_FORMAT);
  CHECK(strstr(err, "test_attr_bad.model: not a claimwire model file") != NULL);
  CHECK(m == NULL);
  remove("test_attr_bad.model");
  cw_attr_model_destroy(&m);  /* NULL is accepted */

  /* A learned cue form outside the built-in lexicon becomes a cue. */
  static const attr_row_t rows[] = {{"griped", "griped", 10, 12, 0, 0},
                                    {"said", "said", 100, 120, 90, 100}};
  attr_file_t tiny = {.params = {0.3, 0.05, 0, -6, 0, 3, 0}, .rows = rows, .n_rows = 2};
  CHECK_INT(attr_model_save(&tiny, "test_attr_tiny.model", err, sizeof err), CW_OK);
  CHECK_INT(cw_attr_model_load("test_attr_tiny.model", &m, err, sizeof err), CW_OK);
  remove("test_attr_tiny.model");
  char desc[128];
  cw_attr_model_describe(m, desc, sizeof desc);
  CHECK(strstr(desc, "2 cue forms") != NULL);
  run_t r;
  const char *text = "Tom Berg griped that the buses were late again.";
  CHECK(run(&r, text, NULL, 0));
  CHECK(by_cue(&r, "griped", 0) == NULL);  /* rules alone do not know the word */
  cw_claim_t *cl;
  size_t n;
  CHECK(cw_attr_find(m, &r.dv, &cl, &n, err, sizeof err) == CW_OK);
  CHECK_INT(n, 1);
  if (n == 1) {
    CHECK_STR(cl[0].cue_text, "griped");
    CHECK_STR(cl[0].source_text, "Tom Berg");
    CHECK_STR(cl[0].content_text, "that the buses were late again");
  }
  done(&r);
  cw_attr_model_destroy(&m);
  CHECK(m == NULL);

  /* The learned scorer: a bias far below the threshold rejects every candidate. The bias
   * feature is the hash of "bias=" (see attr_cand_features in attr_score.c). */
  const perc_bin_weight_t bias = {cw_fnv1a64(cw_fnv1a64(CW_FNV64_OFFSET, "bias", 4), "=", 1),
                                  -100};
  attr_file_t scorer = {.params = {0.3, 0.05, 0, -6, 0, 3, 0}, .claim = &bias, .n_claim = 1};
  CHECK_INT(attr_model_save(&scorer, "test_attr_scorer.model", err, sizeof err), CW_OK);
  CHECK_INT(cw_attr_model_load("test_attr_scorer.model", &m, err, sizeof err), CW_OK);
  CHECK(run(&r, "Ana Ruiz said the bridge is safe.", NULL, 0));
  CHECK_INT(r.n, 1);  /* rules alone find it */
  CHECK(cw_attr_find(m, &r.dv, &cl, &n, err, sizeof err) == CW_OK);
  CHECK_INT(n, 0);
  done(&r);
  cw_attr_model_destroy(&m);
  remove("test_attr_scorer.model");
}

/* Runs @p text through the engine with the shipped models (tags, learned cues, scorer), as
 * production does, and returns whether a claim has the cue @p cue with the given source and
 * content (NULL: any); @p found is set to whether any claim has that cue text. */
static int engine_claim(const char *text, const char *cue, const char *source,
                        const char *content, int *found) {
  char err[256];
  const char *env = getenv("CW_MODEL_DIR");
  cw_engine_opts_t o = {.model_dir = env && *env ? env : CW_DEFAULT_MODEL_DIR};
  cw_engine_t *eng = NULL;
  *found = 0;
  if (cw_engine_open(&o, &eng, err, sizeof err) != CW_OK) {
    fprintf(stderr, "engine: %s\n", err);
    return 0;
  }
  cw_extractor_t *ex = cw_extractor_create(eng);
  cw_doc_t doc = {.id = "t", .body = text, .body_len = strlen(text)};
  const cw_result_t *r = NULL;
  int ok = 0;
  if (ex && cw_extractor_run(ex, &doc, &r, err, sizeof err) == CW_OK) {
    for (size_t i = 0; i < r->n_claims; i++) {
      const cw_claim_t *cl = &r->claims[i];
      if (!cl->cue_text || strcmp(cl->cue_text, cue) != 0) continue;
      *found = 1;
      if ((!source || (cl->source_text && strcmp(cl->source_text, source) == 0)) &&
          (!content || strcmp(cl->content_text, content) == 0))
        ok = 1;
    }
  }
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  return ok;
}

static void test_shipped_models_adjuncts_and_names(void) {
  int found;
  CHECK(engine_claim("Norvane Shipping said on Thursday it would buy six new ferries for the "
                     "northern routes.",
                     "said", "Norvane Shipping", "it would buy six new ferries for the northern "
                     "routes", &found));
  CHECK(engine_claim("The city will close two bridges for repairs next month, the transport "
                     "office in Lisbon said on Monday, citing safety checks.",
                     "said", "the transport office in Lisbon",
                     "The city will close two bridges for repairs next month", &found));
  engine_claim("The film The Polar Express is based on a book by a teacher in Ohio.", "Express",
               NULL, NULL, &found);
  CHECK(!found);
  engine_claim("Her play won the Riverside Show Awards prize for the best new drama in London.",
               "Show", NULL, NULL, &found);
  CHECK(!found);
  /* A headline's nouns read as verbs by the tagger report nothing. */
  engine_claim("Borders rail link campaign rally\n\nCampaigners will gather in Galashiels on "
               "Saturday to back the new line.",
               "rail", NULL, NULL, &found);
  CHECK(!found);
}

static void test_shipped_models_noun_cues(void) {
  int found;
  /* A word tagged as a noun inside a common noun phrase, with no complement, is no cue. */
  engine_claim("Outside the stadium, some touts simply offered tickets at twice the price.",
               "touts", NULL, NULL, &found);
  CHECK(!found);
  /* A quantifier before a verb is its subject; a noun with a complement reports. */
  CHECK(engine_claim("Some say the new bridge will never be finished.", "say", "Some",
                     NULL, &found));
}

int main(void) {
  test_model();
  test_no_nesting();
  test_nested_report_dropped();
  test_shipped_models_adjuncts_and_names();
  test_shipped_models_noun_cues();
  test_claim_fields();
  test_no_claims_and_limits();
  return TEST_REPORT();
}
