/* test_adversarial.c - crafted bodies that pass every input limit cannot make the engine's work
 * or output grow faster than the input: for each class of body, the work count per byte at the
 * largest size the limits admit stays within a small factor of the work per byte at 10 KB, the
 * output (content, cue, source and mention texts) stays within a constant times the input, and
 * the per-article caps hold and are flagged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "claimwire/extract.h"
#include "cw_limits.h"
#include "engine_train.h"
#include "testhelp.h"

/* Under the sanitizers (several times slower) the largest size runs for the classes that were
 * quadratic once; the normal build runs it for every class. */
#if defined(__SANITIZE_ADDRESS__)
#define LARGEST_ALL 0
#else
#define LARGEST_ALL 1
#endif
static const char *const LARGEST_ALWAYS[] = {"quotes", "said_that", "verbs", "control", NULL};

static int run_largest_for(const char *kind) {
  for (size_t i = 0; LARGEST_ALWAYS[i]; i++)
    if (strcmp(LARGEST_ALWAYS[i], kind) == 0)
      return 1;
  return LARGEST_ALL;
}

/* Work per byte may grow by at most this factor from 10 KB to the largest body. */
#define WORK_GROWTH_MAX 3.0
/* Output bytes per input byte, at any size. */
#define OUTPUT_PER_BYTE_MAX 8.0

typedef struct {
  char *s;
  size_t n, cap;
} buf_t;

static void put(buf_t *b, const char *s) {
  size_t l = strlen(s);
  if (b->n + l + 1 > b->cap) {
    b->cap = (b->n + l + 1) * 2;
    b->s = realloc(b->s, b->cap);
    if (!b->s)
      abort();
  }
  memcpy(b->s + b->n, s, l + 1);
  b->n += l;
}

/* A pronounceable capitalised word unique for @p i ("Bako", "Dure", ...). */
static void name_word(unsigned i, char *out) {
  static const char *const C = "BDFGKLMNPRSTVZ", *const V = "aeiou";
  size_t o = 0;
  out[o++] = C[i % 14];
  i /= 14;
  do {
    out[o++] = V[i % 5];
    i /= 5;
    out[o++] = (char)(C[i % 14] + 32);
    i /= 14;
  } while (i);
  out[o++] = 'o';
  out[o] = '\0';
}

/* Appends one unit of the body class @p kind (the i-th) to @p b. */
static void unit(const char *kind, unsigned i, buf_t *b) {
  char t[512], n1[32], n2[32];
  name_word(i, n1);
  name_word(i + 7919, n2);
  if (strcmp(kind, "quotes") == 0) {
    put(b, "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"");
  } else if (strcmp(kind, "quotes_balanced") == 0) {
    snprintf(t, sizeof t, "\"We w%u w%u w%u w%u w%u w%u w%u,\" %s said. \"The w%u w%u w%u w%u "
             "w%u w%u w%u w%u.\" ", i, i, i, i, i, i, i, n1, i, i, i, i, i, i, i, i);
    put(b, t);
  } else if (strcmp(kind, "long_quote") == 0) {
    /* A quotation of about 3,000 code points in one paragraph, attributed. */
    put(b, "\xE2\x80\x9C");
    for (int k = 0; k < 400; k++) {
      snprintf(t, sizeof t, "w%u%02d ", i, k);
      put(b, t);
    }
    snprintf(t, sizeof t, "end,\xE2\x80\x9D %s said.\n\n", n1);
    put(b, t);
  } else if (strcmp(kind, "nopunct") == 0) {
    snprintf(t, sizeof t, "w%u and w%u ", i, i + 1);
    put(b, t);
  } else if (strcmp(kind, "said_that") == 0) {
    snprintf(t, sizeof t, "said that w%u w%u w%u ", i + 2, i + 3, i + 4);
    put(b, t);
  } else if (strcmp(kind, "verbs") == 0) {
    snprintf(t, sizeof t, "%s said %s told officials they claimed ", n1, n2);
    put(b, t);
  } else if (strcmp(kind, "according_to") == 0) {
    snprintf(t, sizeof t, "according to %s w%u w%u ", n1, i, i + 1);
    put(b, t);
  } else if (strcmp(kind, "caps") == 0) {
    snprintf(t, sizeof t, "%s %s met %s of the %s Institute ", n1, n2, n2, n1);
    put(b, t);
  } else if (strcmp(kind, "nested") == 0) {
    put(b, "((((((((((((((((((((w))))))))))))))))))) ");
  } else if (strcmp(kind, "parens") == 0) {
    put(b, "))))))))))))))))");
  } else if (strcmp(kind, "numbers") == 0) {
    snprintf(t, sizeof t, "$%u.5 million %u%% %u,000 euros more than %u ", i, i % 100, i, i);
    put(b, t);
  } else if (strcmp(kind, "transcript") == 0) {
    /* Speaker labels, and every tenth turn long enough to pass the content cap. */
    snprintf(t, sizeof t, "SMITH: w%u said w%u that w%u\n\nJONES: w%u", i, i, i, i);
    put(b, t);
    for (int k = 0; i % 10 == 0 && k < 400; k++)
      put(b, " and more words");
    put(b, "\n\n");
  } else if (strcmp(kind, "control") == 0) {
    snprintf(t, sizeof t, "w%u\x01\x02\x1b said\x7f w%u\x0b \x1f", i, i + 1);
    put(b, t);
  }
}

/* A body of class @p kind of about @p size bytes (whole units). */
static buf_t body(const char *kind, size_t size) {
  buf_t b = {0};
  put(&b, "");
  for (unsigned i = 0; b.n < size; i++)
    unit(kind, i, &b);
  return b;
}

typedef struct {
  cw_err_t err;
  size_t bytes;
  uint64_t work;
  size_t out_bytes;
  int capped, truncated;
  size_t n_claims, n_entities, n_mentions;
  uint32_t longest_content;
} run_t;

static run_t run(cw_extractor_t *ex, const buf_t *b) {
  run_t r = {.bytes = b->n};
  cw_doc_t doc = {.id = "adversarial", .body = b->s, .body_len = b->n};
  const cw_result_t *res;
  char err[256] = "";
  r.err = cw_extractor_run(ex, &doc, &res, err, sizeof err);
  if (r.err)
    return r;
  r.work = res->work;
  r.capped = res->capped;
  r.n_claims = res->n_claims;
  r.n_entities = res->n_entities;
  for (size_t i = 0; i < res->n_entities; i++) {
    const cw_entity_t *e = &res->entities[i];
    r.n_mentions += e->n_mentions;
    r.out_bytes += strlen(e->canonical);
    for (size_t k = 0; k < e->n_mentions; k++)
      r.out_bytes += strlen(e->mentions[k].text);
  }
  for (size_t i = 0; i < res->n_claims; i++) {
    const cw_claim_t *c = &res->claims[i];
    r.out_bytes += strlen(c->content_text) + 4 * c->n_entities;
    if (c->cue_text)
      r.out_bytes += strlen(c->cue_text);
    if (c->source_text)
      r.out_bytes += strlen(c->source_text);
    r.truncated |= c->content_truncated;
    if (c->content.end - c->content.start > r.longest_content)
      r.longest_content = c->content.end - c->content.start;
  }
  return r;
}

/* Runs the largest body of @p kind the limits admit: from CW_MAX_BODY_BYTES down by 15% while
 * the engine refuses it as too large (tokens, sentences). */
static run_t run_largest(cw_extractor_t *ex, const char *kind) {
  run_t r = {.err = CW_ERR_TOO_LARGE};
  for (size_t size = CW_MAX_BODY_BYTES - 4096; size > 10240 && r.err == CW_ERR_TOO_LARGE;
       size = size * 85 / 100) {
    buf_t b = body(kind, size);
    if (b.n <= CW_MAX_BODY_BYTES)
      r = run(ex, &b);
    free(b.s);
  }
  return r;
}

static void check_caps(const char *kind, const char *size, const run_t *r) {
  CHECK_MSG(r->err == CW_OK, "%s %s: error %s", kind, size, cw_err2str(r->err));
  CHECK_MSG(r->out_bytes <= OUTPUT_PER_BYTE_MAX * (double)r->bytes + 4096,
            "%s %s: %zu output bytes for %zu input bytes", kind, size, r->out_bytes, r->bytes);
  CHECK_MSG(r->n_claims <= CW_MAX_CLAIMS && r->n_entities <= CW_MAX_ENTITIES &&
            r->n_mentions <= CW_MAX_MENTIONS, "%s %s: %zu claims, %zu entities, %zu mentions",
            kind, size, r->n_claims, r->n_entities, r->n_mentions);
  CHECK_MSG(r->longest_content <= CW_MAX_CONTENT_CP, "%s %s: a content of %u code points", kind,
            size, (unsigned)r->longest_content);
}

int main(void) {
  static const char *const KINDS[] = {"quotes", "quotes_balanced", "long_quote", "nopunct",
                                      "said_that", "verbs", "according_to", "caps", "nested",
                                      "parens", "numbers", "transcript", "control", NULL};
  const char *dir = getenv("CW_MODEL_DIR");
  cw_engine_t *eng = NULL;
  char err[512];
  const char *models = dir && *dir ? dir : CW_DEFAULT_MODEL_DIR;
  CHECK_INT(cw_engine_load(models, &eng, err, sizeof(err)), CW_OK);
  if (!eng)
    return TEST_REPORT();
  cw_extractor_t *ex = cw_extractor_create(eng);
  for (size_t k = 0; KINDS[k]; k++) {
    const char *kind = KINDS[k];
    buf_t small = body(kind, 10240), mid = body(kind, 102400);
    run_t rs = run(ex, &small), rm = run(ex, &mid);
    free(small.s);
    free(mid.s);
    check_caps(kind, "10 KB", &rs);
    check_caps(kind, "100 KB", &rm);
    if (!run_largest_for(kind)) {
      double ws = (double)rs.work / (double)rs.bytes, wm = (double)rm.work / (double)rm.bytes;
      CHECK_MSG(wm <= WORK_GROWTH_MAX * ws, "%s: work per byte %.2f at 10 KB, %.2f at 100 KB",
                kind, ws, wm);
      continue;
    }
    run_t rl = run_largest(ex, kind);
    check_caps(kind, "largest", &rl);
    double ws = (double)rs.work / (double)rs.bytes, wm = (double)rm.work / (double)rm.bytes,
           wl = (double)rl.work / (double)rl.bytes;
    fprintf(stderr, "%-16s work/byte %.2f %.2f %.2f (largest %zu bytes); output/byte %.2f "
            "%.2f %.2f; claims %zu, entities %zu, capped %d, truncated %d\n", kind, ws, wm, wl,
            rl.bytes, (double)rs.out_bytes / rs.bytes, (double)rm.out_bytes / rm.bytes,
            (double)rl.out_bytes / rl.bytes, rl.n_claims, rl.n_entities, rl.capped,
            rl.truncated);
    CHECK_MSG(rs.work > rs.bytes, "%s: work %llu for %zu bytes", kind,
              (unsigned long long)rs.work, rs.bytes);
    CHECK_MSG(wm <= WORK_GROWTH_MAX * ws && wl <= WORK_GROWTH_MAX * ws,
              "%s: work per byte %.2f at 10 KB, %.2f at 100 KB, %.2f at %zu bytes", kind, ws,
              wm, wl, rl.bytes);
    CHECK_MSG(rl.bytes > 150000, "%s: the largest admitted body is only %zu bytes", kind,
              rl.bytes);
    if (strcmp(kind, "verbs") == 0) {
      CHECK_MSG(rl.capped && rl.n_claims == CW_MAX_CLAIMS, "verbs: %zu claims, capped %d", rl.n_claims, rl.capped);
    }
    if (strcmp(kind, "numbers") == 0) {
      CHECK_MSG(rl.capped && rl.n_entities == CW_MAX_ENTITIES, "numbers: %zu entities, capped %d", rl.n_entities, rl.capped);
    }
    if (strcmp(kind, "caps") == 0)
      /* Past the entity cap, single names still join the people they belong to. */
      CHECK_MSG(rl.capped && rl.n_entities > CW_MAX_ENTITIES * 9 / 10,
                "caps: %zu entities, %zu mentions, capped %d", rl.n_entities, rl.n_mentions,
                rl.capped);
    if (strcmp(kind, "long_quote") == 0 || strcmp(kind, "transcript") == 0) {
      CHECK_MSG(rs.truncated && rl.truncated, "%s: content_truncated %d at 10 KB, %d largest",
                kind, rs.truncated, rl.truncated);
      CHECK_MSG(!rs.capped, "%s: capped at 10 KB", kind);
    }
  }

  /* Memory a huge article took goes back: at the next run, or at once on release. */
  buf_t huge = body("said_that", CW_MAX_BODY_BYTES / 2), tiny = body("verbs", 2048);
  run_t rh = run(ex, &huge);
  size_t at_huge = cw_extractor_footprint(ex);
  run_t rt = run(ex, &tiny);
  size_t after_tiny = cw_extractor_footprint(ex);
  CHECK(rh.err == CW_OK && rt.err == CW_OK);
  CHECK_MSG(at_huge > 8u << 20 && after_tiny <= 4u << 20,
            "arena %zu bytes after a %zu-byte body, %zu after the next small one", at_huge,
            huge.n, after_tiny);
  rh = run(ex, &huge);
  cw_extractor_release(ex);
  CHECK_MSG(cw_extractor_footprint(ex) <= 4u << 20, "arena %zu bytes after release",
            cw_extractor_footprint(ex));
  free(huge.s);
  free(tiny.s);

  /* A deadline that has passed stops the run with CW_ERR_BUDGET and no result. */
  buf_t b = body("verbs", 102400);
  cw_doc_t doc = {.body = b.s, .body_len = b.n};
  const cw_result_t *res = NULL;
  cw_extractor_set_deadline(ex, 1);
  CHECK_INT(cw_extractor_run(ex, &doc, &res, err, sizeof err), CW_ERR_BUDGET);
  CHECK(res == NULL);
  cw_extractor_set_deadline(ex, 0);
  CHECK_INT(cw_extractor_run(ex, &doc, &res, err, sizeof err), CW_OK);
  free(b.s);

  cw_extractor_destroy(&ex);
  cw_engine_destroy(&eng);
  return TEST_REPORT();
}
