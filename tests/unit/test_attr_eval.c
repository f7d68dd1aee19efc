/* test_attr_eval.c - the attribution scorer and BRAT standoff reader/writer on small
 * hand-made fixtures (tests/data/attr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "attr.h"
#include "attr_eval.h"
#include "attr_train.h"
#include "modelfile.h"
#include "cw_arena.h"
#include "cw_buf.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

static char *slurp(const char *name, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/attr/%s", CW_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *b = malloc(1 << 16);
  *len = fread(b, 1, (1 << 16) - 1, f);
  b[*len] = 0;
  fclose(f);
  return b;
}

static int load(const char *name, cw_ann_doc_t *d) {
  size_t n;
  char err[128];
  char *t = slurp(name, &n);
  if (!t) return 0;
  cw_err_t e = cw_ann_parse(t, n, d, err, sizeof err);
  free(t);
  if (e) fprintf(stderr, "%s: %s\n", name, err);
  return e == CW_OK;
}

static void check_prf(const cw_prf_t *p, size_t tp, size_t n_pred, size_t n_gold) {
  CHECK_INT(p->tp_pred, tp);
  CHECK_INT(p->tp_gold, tp);
  CHECK_INT(p->n_pred, n_pred);
  CHECK_INT(p->n_gold, n_gold);
}

static void test_parse(void) {
  cw_ann_doc_t d = {0};
  CHECK(load("attributions/harbor_a1.ann", &d));
  CHECK_INT(d.n, 2);
  if (d.n == 2) {
    CHECK_INT(d.a[0].source.n, 1);
    CHECK_INT(d.a[0].source.start[0], 12);
    CHECK_INT(d.a[0].source.end[0], 26);
    CHECK_INT(d.a[0].cue.start[0], 27);
    CHECK_INT(d.a[0].content.end[0], 61);
    /* The discontinuous content with its wrapped covered text. */
    CHECK_INT(d.a[1].content.n, 2);
    CHECK_INT(d.a[1].content.start[1], 72);
    CHECK_INT(d.a[1].content.end[1], 78);
    CHECK_INT(d.a[1].source.start[0], 79);
  }
  cw_ann_free(&d);

  cw_ann_doc_t b = {0};
  CHECK(load("attributions/harbor_b2.ann", &b));
  CHECK_INT(b.n, 2);
  if (b.n == 2) CHECK_INT(b.a[1].source.n, 0);  /* Attribution-no-source */
  cw_ann_free(&b);

  char err[128];
  const char *bad = "T1\tCue 5\tsaid\n";
  CHECK_INT(cw_ann_parse(bad, strlen(bad), &b, err, sizeof err), CW_ERR_FORMAT);
  CHECK(strstr(err, "line 1") != NULL);
  cw_ann_free(&b);
  const char *dangling = "E1\tAttribution:T4 Cue:T9\n";
  CHECK_INT(cw_ann_parse(dangling, strlen(dangling), &b, err, sizeof err), CW_ERR_FORMAT);
  cw_ann_free(&b);
}

static void test_score(void) {
  cw_ann_doc_t gold = {0}, pred = {0};
  CHECK(load("attributions/harbor_a1.ann", &gold));
  CHECK(load("attributions/harbor_b2.ann", &pred));
  cw_ann_score_t s;
  memset(&s, 0, sizeof s);
  cw_ann_score(&gold, &pred, &s);
  check_prf(&s.m[CW_ANN_CUE][CW_ANN_EXACT], 2, 2, 2);
  check_prf(&s.m[CW_ANN_CUE][CW_ANN_OVERLAP], 2, 2, 2);
  /* "Tom Reed" overlaps "Mayor Tom Reed" but is not exact; the second has no source. */
  check_prf(&s.m[CW_ANN_SOURCE][CW_ANN_EXACT], 0, 1, 2);
  check_prf(&s.m[CW_ANN_SOURCE][CW_ANN_OVERLAP], 1, 1, 2);
  /* A discontinuous span matches exactly on its outer bounds. */
  check_prf(&s.m[CW_ANN_CONTENT][CW_ANN_EXACT], 2, 2, 2);
  /* Whole: the second lacks the source that gold has. */
  check_prf(&s.m[CW_ANN_WHOLE][CW_ANN_OVERLAP], 1, 2, 2);
  check_prf(&s.m[CW_ANN_WHOLE][CW_ANN_EXACT], 0, 2, 2);
  double p, r, f;
  cw_prf(&s.m[CW_ANN_SOURCE][CW_ANN_OVERLAP], &p, &r, &f);
  CHECK(p > 0.999 && p < 1.001);
  CHECK(r > 0.499 && r < 0.501);
  CHECK(f > 0.666 && f < 0.667);

  /* Scoring against itself is perfect; an empty prediction has recall 0 and no NaN. */
  cw_ann_score_t self, none;
  memset(&self, 0, sizeof self);
  memset(&none, 0, sizeof none);
  cw_ann_score(&gold, &gold, &self);
  cw_ann_doc_t empty = {0};
  cw_ann_score(&gold, &empty, &none);
  for (int part = 0; part < CW_ANN__PARTS; part++) {
    cw_prf(&self.m[part][CW_ANN_EXACT], &p, &r, &f);
    CHECK(f > 0.999);
    cw_prf(&none.m[part][CW_ANN_OVERLAP], &p, &r, &f);
    CHECK(f == 0.0 && p == 0.0 && r == 0.0);
  }
  /* One gold item is matched at most once: a duplicate prediction is a false positive. */
  cw_ann_doc_t dup = {0};
  cw_ann_add(&dup, &gold.a[0]);
  cw_ann_add(&dup, &gold.a[0]);
  cw_ann_score_t ds;
  memset(&ds, 0, sizeof ds);
  cw_ann_score(&gold, &dup, &ds);
  check_prf(&ds.m[CW_ANN_WHOLE][CW_ANN_OVERLAP], 1, 2, 2);
  cw_ann_free(&dup);
  cw_ann_free(&gold);
  cw_ann_free(&pred);
}

/* One attribution of single-piece spans [s, e) (a missing part: e == 0). */
static cw_ann_attr_t attr(uint32_t cs, uint32_t ce, uint32_t ss, uint32_t se, uint32_t ns,
                          uint32_t ne) {
  cw_ann_attr_t a;
  memset(&a, 0, sizeof a);
  cw_ann_span_t *sp[3] = {&a.cue, &a.source, &a.content};
  uint32_t b[6] = {cs, ce, ss, se, ns, ne};
  for (int i = 0; i < 3; i++)
    if (b[2 * i + 1]) {
      sp[i]->n = 1;
      sp[i]->start[0] = b[2 * i];
      sp[i]->end[0] = b[2 * i + 1];
    }
  return a;
}

static void test_misses(void) {
  /* Ten gold attributions, 100 code points apart: cue at +10, source at +0, content at +20. */
  cw_ann_doc_t gold = {0}, pred = {0}, cands = {0};
  for (uint32_t k = 0; k < 10; k++) {
    uint32_t o = 100 * k;
    cw_ann_attr_t g = attr(o + 10, o + 15, o, o + 8, o + 20, o + 60);
    if (k == 4) g.source.n = 0;  /* gold without a source */
    if (k == 9) g.cue.n = 0;     /* gold without a cue */
    cw_ann_add(&gold, &g);
  }
  cw_ann_attr_t p[] = {
      attr(10, 15, 0, 8, 20, 60),        /* 0: matched */
      attr(110, 115, 100, 108, 0, 0),    /* 1: cue, no content */
      attr(212, 214, 0, 0, 230, 240),    /* 2: cue and content, no source */
      attr(310, 315, 390, 395, 320, 330), /* 3: source elsewhere */
      attr(410, 415, 400, 405, 420, 460), /* 4: a source gold does not have */
      attr(560, 565, 500, 508, 530, 540), /* 5: another cue over the content */
  };
  for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) cw_ann_add(&pred, &p[i]);
  /* Before the scorer: a candidate that matches 6 and one with only 7's cue. */
  cw_ann_attr_t c6 = attr(610, 615, 600, 608, 620, 660), c7 = attr(710, 715, 0, 0, 790, 795);
  cw_ann_add(&cands, &c6);
  cw_ann_add(&cands, &c7);
  size_t n[CW_ANN_MISS__COUNT] = {0};
  cw_ann_misses(&gold, &pred, &cands, n);
  CHECK_INT(n[CW_ANN_MISS_CUE_CONTENT], 1);
  CHECK_INT(n[CW_ANN_MISS_CUE_SOURCE_NONE], 1);
  CHECK_INT(n[CW_ANN_MISS_CUE_SOURCE], 1);
  CHECK_INT(n[CW_ANN_MISS_CUE_SOURCE_XTRA], 1);
  CHECK_INT(n[CW_ANN_MISS_OTHER_CUE], 1);
  CHECK_INT(n[CW_ANN_MISS_DROPPED_MATCH], 1);
  CHECK_INT(n[CW_ANN_MISS_DROPPED_CUE], 1);
  CHECK_INT(n[CW_ANN_MISS_NO_CANDIDATE], 1); /* 8 */
  CHECK_INT(n[CW_ANN_MISS_NO_CUE], 1);
  CHECK_INT(n[CW_ANN_MISS_CUE_TAKEN], 0);
  /* Without the candidates, the dropped ones have no candidate. */
  size_t m[CW_ANN_MISS__COUNT] = {0};
  cw_ann_misses(&gold, &pred, NULL, m);
  CHECK_INT(m[CW_ANN_MISS_NO_CANDIDATE], 3);
  CHECK_INT(m[CW_ANN_MISS_DROPPED_MATCH], 0);
  /* A duplicate of a matched claim leaves its gold matched once: the second gold that has the
   * same cue, content and source is missed with its claim matched elsewhere. */
  cw_ann_doc_t g2 = {0}, p2 = {0};
  cw_ann_add(&g2, &gold.a[0]);
  cw_ann_add(&g2, &gold.a[0]);
  cw_ann_add(&p2, &gold.a[0]);
  size_t t[CW_ANN_MISS__COUNT] = {0};
  cw_ann_misses(&g2, &p2, NULL, t);
  CHECK_INT(t[CW_ANN_MISS_CUE_TAKEN], 1);
  CHECK(strcmp(cw_ann_miss_name(CW_ANN_MISS_NO_CANDIDATE), "no candidate") == 0);
  CHECK(strcmp(cw_ann_miss_name(CW_ANN_MISS__COUNT), "?") == 0);
  cw_ann_free(&g2);
  cw_ann_free(&p2);
  cw_ann_free(&gold);
  cw_ann_free(&pred);
  cw_ann_free(&cands);
}

static void test_write_roundtrip(void) {
  size_t blen;
  char *body = slurp("text/harbor.txt", &blen);
  CHECK(body != NULL);
  if (!body) return;
  uint32_t map[256];
  size_t n_cp = 0;
  for (size_t i = 0; i < blen && n_cp < 255; i++)
    if (((unsigned char)body[i] & 0xC0) != 0x80) map[n_cp++] = (uint32_t)i;
  map[n_cp] = (uint32_t)blen;
  cw_ann_doc_t gold = {0}, back = {0};
  CHECK(load("attributions/harbor_a1.ann", &gold));
  cw_buf_t out;
  cw_buf_init(&out, 1 << 20);
  CHECK(cw_ann_write(&gold, body, blen, map, n_cp, &out) == CW_OK);
  CHECK(strstr(out.p, "T1\tSource 12 26\tMayor Tom Reed\n") != NULL);
  CHECK(strstr(out.p, "Content 63 71;72 78\t\"We are") != NULL);
  CHECK(strstr(out.p, "E2\tAttribution:T") != NULL);
  char err[128];
  CHECK(cw_ann_parse(out.p, out.len, &back, err, sizeof err) == CW_OK);
  CHECK_INT(back.n, gold.n);
  for (size_t i = 0; i < back.n && i < gold.n; i++)
    CHECK(memcmp(&back.a[i], &gold.a[i], sizeof back.a[i]) == 0);
  cw_buf_free(&out);
  cw_ann_free(&gold);
  cw_ann_free(&back);
  free(body);
}

static void test_train(void) {
  /* Train on the fixture directory's article, then load the model it wrote. */
  size_t blen, alen;
  char *body = slurp("text/harbor.txt", &blen);
  char *ann = slurp("attributions/harbor_a1.ann", &alen);
  CHECK(body && ann);
  if (!body || !ann) return;
  cw_ann_doc_t gold = {0};
  char err[256];
  CHECK(cw_ann_parse(ann, alen, &gold, err, sizeof err) == CW_OK);
  cw_attr_trainer_t *t = cw_attr_trainer_create();
  CHECK(cw_attr_trainer_add(t, body, blen, &gold, err, sizeof err) == CW_OK);
  cw_attr_train_params_t p = {0.3, 0.05, 1, 0, 0, -6, 0, 0, 0, 1};
  CHECK(cw_attr_trainer_write(t, "test_attr_eval.model", &p, err, sizeof err) == CW_OK);
  cw_attr_model_t *m = NULL;
  CHECK(cw_attr_model_load("test_attr_eval.model", &m, err, sizeof err) == CW_OK);
  CHECK(cw_attr_trainer_measure(t, m, body, blen, &gold, err, sizeof err) == CW_OK);
  p.epochs = 3;
  CHECK(cw_attr_trainer_write(t, "test_attr_eval.model", &p, err, sizeof err) == CW_OK);
  cw_attr_model_destroy(&m);
  uint8_t *model = NULL;
  size_t n = 0, sl = 0, cl = 0;
  modelfile_t mf;
  CHECK(modelfile_read("test_attr_eval.model", &model, &n, err, sizeof err) == CW_OK);
  CHECK(model && modelfile_parse(model, n, MODELFILE_KIND_ATTR, &mf, err, sizeof err) == CW_OK);
  if (model) {
    /* "said" opened both cues: 2 cue openings of 2 occurrences; both claims matched gold. */
    const uint8_t *forms = modelfile_section(&mf, "forms", &sl);
    const uint8_t *counts = modelfile_section(&mf, "counts", &cl);
    size_t row = 0, found = 0;
    for (size_t at = 0; forms && at < sl; row++) {
      const char *form = (const char *)forms + at;
      at += strlen(form) + 1;
      at += strlen((const char *)forms + at) + 1;
      if (strcmp(form, "said") == 0 && 16 * row + 16 <= cl) {
        found = 1;
        for (int k = 0; k < 4; k++)
          CHECK_INT(modelfile_get32(counts + 16 * row + 4 * (size_t)k), 2);
      }
    }
    CHECK(found);
    CHECK(modelfile_section(&mf, "claimw", &sl) && sl > 0); /* perceptron weights */
  }
  CHECK(cw_attr_model_load("test_attr_eval.model", &m, err, sizeof err) == CW_OK);
  cw_attr_model_destroy(&m);
  remove("test_attr_eval.model");
  free(model);
  cw_attr_trainer_destroy(&t);
  CHECK(t == NULL);
  cw_ann_free(&gold);
  free(body);
  free(ann);
}

/* A docview of @p text with crude tags (names NNP, "-ed" words VBD, other words NN): enough
 * for the cue classifier, which needs tags to run. */
static int tagged_view(const char *text, cw_arena_t *a, cw_docview_t *dv) {
  char err[128];
  tok_result_t tr;
  cw_sentence_t *sents;
  size_t ns, len = strlen(text);
  if (tok_run(text, len, a, &tr, err, sizeof err) != CW_OK ||
      sent_split(&tr, a, &sents, &ns, err, sizeof err) != CW_OK)
    return 0;
  for (size_t i = 0; i < tr.n; i++) {
    const char *t = tr.tokens[i].text;
    size_t n = strlen(t);
    tr.tokens[i].pos = !isalpha((unsigned char)t[0]) ? "."
                       : isupper((unsigned char)t[0]) ? "NNP"
                       : n > 3 && strcmp(t + n - 2, "ed") == 0 ? "VBD" : "NN";
  }
  *dv = (cw_docview_t){.id = "t", .body = text, .body_len = len, .cp_byte = tr.cp_byte,
                       .n_cp = tr.n_cp, .published_days = INT64_MIN, .tokens = tr.tokens,
                       .n_tokens = tr.n, .sentences = sents, .n_sentences = ns, .arena = a};
  return 1;
}

/* Claims of @p text with the model at @p path whose cue reads @p cue. */
static size_t claims_with_cue(const char *path, const char *text, const char *cue) {
  char err[256];
  cw_attr_model_t *m = NULL;
  cw_arena_t *a = cw_arena_create(1 << 16);
  cw_docview_t dv;
  cw_claim_t *cl;
  size_t n = 0, hits = 0;
  CHECK(cw_attr_model_load(path, &m, err, sizeof err) == CW_OK);
  CHECK(tagged_view(text, a, &dv));
  CHECK(cw_attr_find(m, &dv, &cl, &n, err, sizeof err) == CW_OK);
  for (size_t i = 0; i < n; i++)
    if (cl[i].has_cue && strcmp(cl[i].cue_text, cue) == 0) {
      CHECK_STR(cl[i].source_text, "Nurses");
      CHECK_STR(cl[i].content_text, "the bill");
      hits++;
    }
  cw_attr_model_destroy(&m);
  cw_arena_destroy(&a);
  return hits;
}

static void test_cue_classifier(void) {
  /* "backed" is in neither the built-in lexicon nor (with these thresholds) the cue table: only
   * the classifier, having seen it head gold cues, can propose it in a new sentence. */
  const char *text = "Voters backed the plan. Mayors backed the tax. Farmers backed the dam. "
                     "Teachers visited the school.";
  const char *ann = "T1\tSource 0 6\tVoters\nT2\tCue 7 13\tbacked\nT3\tContent 14 22\tthe plan\n"
                    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
                    "T4\tSource 24 30\tMayors\nT5\tCue 31 37\tbacked\nT6\tContent 38 45\tthe tax\n"
                    "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n"
                    "T7\tSource 47 54\tFarmers\nT8\tCue 55 61\tbacked\nT9\tContent 62 69\tthe dam\n"
                    "E3\tAttribution:T8 Content:T9 Cue:T8 Source:T7\n";
  char err[256];
  cw_ann_doc_t gold = {0};
  CHECK(cw_ann_parse(ann, strlen(ann), &gold, err, sizeof err) == CW_OK);
  cw_attr_trainer_t *t = cw_attr_trainer_create();
  CHECK(cw_attr_trainer_add(t, text, strlen(text), &gold, err, sizeof err) == CW_OK);
  cw_arena_t *a = cw_arena_create(1 << 16);
  cw_docview_t dv;
  CHECK(tagged_view(text, a, &dv));
  cw_attr_observer_t obs;
  cw_attr_trainer_observer(t, &gold, &obs);
  obs.on_cand = NULL;
  cw_claim_t *cl;
  size_t n;
  CHECK(cw_attr_find_ex(NULL, &dv, &obs, &cl, &n, err, sizeof err) == CW_OK);
  cw_arena_destroy(&a);
  const char *novel = "Nurses backed the bill.";
  /* add_min 1 and min_count 1000 keep "backed" out of the cue table. */
  cw_attr_train_params_t p = {1.0, 0.05, 1000, 0, 0, -6, 0, 0, 0, 1};
  CHECK(cw_attr_trainer_write(t, "test_attr_cue.model", &p, err, sizeof err) == CW_OK);
  CHECK_INT(claims_with_cue("test_attr_cue.model", novel, "backed"), 0);
  p.cue_epochs = 5;
  CHECK(cw_attr_trainer_write(t, "test_attr_cue.model", &p, err, sizeof err) == CW_OK);
  CHECK_INT(claims_with_cue("test_attr_cue.model", novel, "backed"), 1);
  /* The word the classifier never saw as a cue stays out. */
  CHECK_INT(claims_with_cue("test_attr_cue.model", "Nurses visited the bill.", "visited"), 0);
  remove("test_attr_cue.model");
  cw_attr_trainer_destroy(&t);
  cw_ann_free(&gold);
}

int main(void) {
  test_train();
  test_cue_classifier();
  test_parse();
  test_score();
  test_misses();
  test_write_roundtrip();
  return TEST_REPORT();
}
