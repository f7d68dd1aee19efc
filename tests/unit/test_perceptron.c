/* test_perceptron.c - the averaged perceptron learns a toy task; model files round-trip and
 * truncated or corrupt files are refused with a reason. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cw_hash.h"
#include "perc_int.h"
#include "perceptron.h"
#include "testhelp.h"

/*
 * The toy language: words x, y, z have labels X, Y, Z; a sentence may end with a run of the
 * word "w", which repeats the label before it, so getting it right needs the transitions.
 */
#define MAXN 12
static const char *const kLabels[] = {"X", "Y", "Z"};
static const char *const kWords[] = {"x", "y", "z", "w"};

typedef struct {
  size_t n;
  int word[MAXN];
  uint8_t gold[MAXN];
  uint32_t off[MAXN + 1];
  uint64_t feats[2 * MAXN];
} toy_t;

static uint64_t rng_next(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 33;
}

static void toy_make(toy_t *t, uint64_t *rng) {
  t->n = 2 + rng_next(rng) % (MAXN - 2);
  size_t nw = rng_next(rng) % 4; /* trailing w's */
  if (nw >= t->n)
    nw = t->n - 1;
  uint8_t prev = 0;
  for (size_t i = 0; i < t->n; i++) {
    t->word[i] = i + nw >= t->n ? 3 : (int)(rng_next(rng) % 3);
    t->gold[i] = t->word[i] == 3 ? prev : (uint8_t)t->word[i];
    prev = t->gold[i];
    t->off[i] = (uint32_t)(2 * i);
    t->feats[2 * i] = perc_hash_bytes(PERC_HASH_INIT, kWords[t->word[i]], 1);
    t->feats[2 * i + 1] = perc_hash_bytes(PERC_HASH_INIT, "bias", 4);
  }
  t->off[t->n] = (uint32_t)(2 * t->n);
}

static double toy_accuracy(const perc_model_t *m, unsigned beam, uint64_t seed) {
  perc_scratch_t *s = perc_scratch_create();
  uint64_t rng = seed;
  size_t ok = 0, all = 0;
  for (int k = 0; k < 200; k++) {
    toy_t t;
    uint8_t out[MAXN];
    toy_make(&t, &rng);
    perc_seq_t seq = {t.n, t.off, t.feats};
    perc_decode(m, s, &seq, beam, out);
    for (size_t i = 0; i < t.n; i++)
      ok += out[i] == t.gold[i];
    all += t.n;
  }
  perc_scratch_destroy(&s);
  return (double)ok / (double)all;
}

static perc_model_t *toy_train(void) {
  perc_trainer_t *tr = perc_trainer_create(3, kLabels, 7, 42);
  CHECK(tr != NULL);
  uint64_t rng = 1;
  for (int k = 0; k < 300; k++) {
    toy_t t;
    toy_make(&t, &rng);
    perc_seq_t seq = {t.n, t.off, t.feats};
    CHECK_INT(perc_trainer_add(tr, &seq, t.gold), CW_OK);
  }
  uint8_t bad[1] = {3};
  toy_t t;
  toy_make(&t, &rng);
  perc_seq_t one = {1, t.off, t.feats};
  CHECK_INT(perc_trainer_add(tr, &one, bad), CW_ERR_INVALID); /* label out of range */
  perc_trainer_freeze(tr, 1);
  size_t ntok = 0, ok = 0;
  for (int e = 0; e < 10; e++)
    ok = perc_trainer_epoch(tr, (uint64_t)e, 0, &ntok);
  CHECK(ntok > 0);
  CHECK_MSG(ok * 100 >= ntok * 99, "last epoch train accuracy %zu/%zu", ok, ntok);
  perc_model_t *m = perc_trainer_model(tr, 0.0f);
  perc_trainer_destroy(&tr);
  CHECK(tr == NULL);
  return m;
}

static void test_learns(const perc_model_t *m) {
  double acc_v = toy_accuracy(m, 0, 99), acc_b = toy_accuracy(m, 2, 99);
  CHECK_MSG(acc_v >= 0.99, "viterbi accuracy %.3f", acc_v);
  CHECK_MSG(acc_b >= 0.99, "beam accuracy %.3f", acc_b);
  CHECK_INT(perc_model_nlabels(m), 3);
  CHECK_STR(perc_model_label(m, 1), "Y");
  CHECK_STR(perc_model_label(m, 9), "?");
  CHECK_INT(perc_model_label_id(m, "Z"), 2);
  CHECK_INT(perc_model_label_id(m, "Q"), -1);
  CHECK_INT(perc_model_type(m), 7);
  CHECK_INT(perc_model_feature_version(m), 42);
  CHECK(perc_model_nfeatures(m) >= 4 && perc_model_nfeatures(m) <= 5); /* words, bias */
}

/* Emission scores started from perc_emit_add() of each token's first features and decoded
 * over the rest give the labels of decoding all of them, for every beam width. */
static void test_decode_from(const perc_model_t *m) {
  perc_scratch_t *s = perc_scratch_create();
  uint64_t rng = 777;
  size_t L = perc_model_nlabels(m);
  int same = 1, moved = 0;
  for (int k = 0; k < 200; k++) {
    toy_t t;
    toy_make(&t, &rng);
    float init[MAXN * 3] = {0};
    uint32_t off[MAXN + 1];
    uint64_t rest[MAXN];
    for (size_t i = 0; i < t.n; i++) {
      perc_emit_add(m, &t.feats[2 * i], 1, init + i * L); /* the word */
      off[i] = (uint32_t)i;
      rest[i] = t.feats[2 * i + 1]; /* the bias */
    }
    off[t.n] = (uint32_t)t.n;
    for (unsigned beam = 0; beam <= 2; beam++) {
      uint8_t a[MAXN], b[MAXN], z[MAXN];
      perc_seq_t all = {t.n, t.off, t.feats}, tail = {t.n, off, rest};
      perc_decode(m, s, &all, beam, a);
      perc_decode_from(m, s, &tail, init, beam, b);
      perc_decode(m, s, &tail, beam, z); /* without the words' scores */
      same &= memcmp(a, b, t.n) == 0;
      moved |= memcmp(a, z, t.n) != 0;
    }
  }
  CHECK(same);
  CHECK(moved); /* the init scores did decide labels */
  perc_scratch_destroy(&s);
}

/* perc_scratch_emissions() of a decode over each token's first features, as the init of a
 * decode over the rest, gives the scores of a decode over all of them bit for bit. */
static void test_emissions(const perc_model_t *m) {
  perc_scratch_t *s = perc_scratch_create();
  uint64_t rng = 4242;
  size_t L = perc_model_nlabels(m);
  int same = 1, labels = 1;
  for (int k = 0; k < 100; k++) {
    toy_t t;
    toy_make(&t, &rng);
    float full[MAXN * 3], head[MAXN * 3];
    uint32_t off[MAXN + 1];
    uint64_t first[MAXN], rest[MAXN];
    for (size_t i = 0; i < t.n; i++) {
      off[i] = (uint32_t)i;
      first[i] = t.feats[2 * i];
      rest[i] = t.feats[2 * i + 1];
    }
    off[t.n] = (uint32_t)t.n;
    uint8_t a[MAXN], b[MAXN];
    perc_seq_t all = {t.n, t.off, t.feats}, hs = {t.n, off, first}, ts = {t.n, off, rest};
    perc_decode(m, s, &all, 0, a);
    memcpy(full, perc_scratch_emissions(s), t.n * L * sizeof(float));
    perc_decode(m, s, &hs, 0, b);
    memcpy(head, perc_scratch_emissions(s), t.n * L * sizeof(float));
    perc_decode_from(m, s, &ts, head, 0, b);
    same &= memcmp(perc_scratch_emissions(s), full, t.n * L * sizeof(float)) == 0;
    labels &= memcmp(a, b, t.n) == 0;
  }
  CHECK(same);
  CHECK(labels);
  perc_scratch_destroy(&s);
}

/* perc_feature_refs() resolves each hash as perc_feature_ref() does, and decoding with some
 * features given resolved (the others PERC_REF_LOOKUP) gives the emission scores, bit for bit,
 * and the labels of decoding over the hashes alone, for every beam width and with init scores
 * too. */
static void test_refs(const perc_model_t *m) {
  perc_scratch_t *s = perc_scratch_create();
  uint64_t rng = 9191;
  size_t L = perc_model_nlabels(m);
  int one = 1, scores = 1, labels = 1, found = 0;
  for (int k = 0; k < 200; k++) {
    toy_t t;
    toy_make(&t, &rng);
    size_t nf = t.off[t.n];
    uint32_t ref[2 * MAXN], mixed[2 * MAXN];
    perc_feature_refs(m, t.feats, nf, ref);
    for (size_t f = 0; f < nf; f++) {
      one &= ref[f] == perc_feature_ref(m, t.feats[f]);
      found += ref[f] != 0;
      /* a feature in three left to look up, which one varying with the sentence */
      mixed[f] = (f + (size_t)k) % 3 == 0 ? PERC_REF_LOOKUP : ref[f];
    }
    float init[MAXN * 3], full[MAXN * 3];
    for (size_t j = 0; j < t.n * L; j++)
      init[j] = (float)(rng_next(&rng) % 101) / 50.0f - 1.0f;
    for (unsigned beam = 0; beam <= 2; beam++)
      for (int with_init = 0; with_init < 2; with_init++) {
        uint8_t a[MAXN], b[MAXN];
        perc_seq_t seq = {t.n, t.off, t.feats};
        const float *in = with_init ? init : NULL;
        perc_decode_from(m, s, &seq, in, beam, a);
        memcpy(full, perc_scratch_emissions(s), t.n * L * sizeof(float));
        perc_decode_refs(m, s, &seq, k % 2 ? mixed : ref, in, beam, b);
        scores &= memcmp(perc_scratch_emissions(s), full, t.n * L * sizeof(float)) == 0;
        labels &= memcmp(a, b, t.n) == 0;
      }
  }
  CHECK(one);
  CHECK(found > 0);
  CHECK(scores);
  CHECK(labels);
  perc_scratch_destroy(&s);
}

/* The plain first-order Viterbi: per label the first best previous label as p rises. */
static void ref_viterbi(const float *emit, const float *trans, size_t n, size_t L, float *delta,
                        uint8_t *back, uint8_t *out) {
  for (size_t y = 0; y < L; y++)
    delta[y] = trans[L * L + y] + emit[y];
  for (size_t i = 1; i < n; i++)
    for (size_t y = 0; y < L; y++) {
      float best = delta[(i - 1) * L] + trans[y];
      size_t arg = 0;
      for (size_t p = 1; p < L; p++) {
        float v = delta[(i - 1) * L + p] + trans[p * L + y];
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      delta[i * L + y] = best + emit[i * L + y];
      back[i * L + y] = (uint8_t)arg;
    }
  size_t arg = 0;
  for (size_t y = 1; y < L; y++)
    if (delta[(n - 1) * L + y] > delta[(n - 1) * L + arg])
      arg = y;
  for (size_t i = n; i-- > 0;) {
    out[i] = (uint8_t)arg;
    if (i > 0)
      arg = back[i * L + arg];
  }
}

/* Greedy decoding as a beam of one: per token a sorted list of one candidate that a later
 * label takes over only by scoring strictly more. */
static void ref_greedy(const float *emit, const float *trans, size_t n, size_t L, uint8_t *out) {
  float prev = 0.0f;
  for (size_t i = 0; i < n; i++) {
    const float *tr = i == 0 ? trans + L * L : trans + (size_t)out[i - 1] * L;
    float top = 0.0f;
    size_t have = 0;
    for (size_t y = 0; y < L; y++) {
      float v = prev + tr[y] + emit[i * L + y];
      if (have == 0 || top < v) {
        top = v;
        out[i] = (uint8_t)y;
        have = 1;
      }
    }
    prev = top;
  }
}

/* Viterbi decoding (four labels at a time) and greedy decoding give the plain loops' labels for
 * label counts around multiples of four, with scores in whole numbers (many ties: the first
 * best label wins) and in fractions. */
static void test_viterbi_lanes(void) {
  enum { N = 40, LMAX = 13 };
  static const size_t counts[] = {1, 3, 4, 5, 8, 9, 12, 13};
  perc_scratch_t *s = perc_scratch_create();
  uint64_t rng = 99;
  int same = 1, same_greedy = 1;
  float emit[N * LMAX], trans[(LMAX + 1) * LMAX], delta[N * LMAX];
  uint8_t back[N * LMAX], a[N], b[N];
  for (int k = 0; k < 400; k++) {
    size_t L = counts[k % 8], n = 1 + rng_next(&rng) % N;
    int whole = k % 2;
    for (size_t j = 0; j < n * L; j++)
      emit[j] = whole ? (float)(rng_next(&rng) % 3) : (float)(rng_next(&rng) % 2001) / 997.0f;
    for (size_t j = 0; j < (L + 1) * L; j++)
      trans[j] = whole ? (float)(rng_next(&rng) % 3) - 1.0f
                       : (float)(rng_next(&rng) % 2001) / 1009.0f - 1.0f;
    perc_scratch_reserve(s, n, L, 0);
    perc_decode_scores(emit, trans, n, L, 0, s, a);
    ref_viterbi(emit, trans, n, L, delta, back, b);
    same &= memcmp(a, b, n) == 0;
    if (L > 1) {
      perc_decode_scores(emit, trans, n, L, 1, s, a);
      ref_greedy(emit, trans, n, L, b);
      same_greedy &= memcmp(a, b, n) == 0;
    }
  }
  CHECK(same);
  CHECK(same_greedy);
  perc_scratch_destroy(&s);
}

static void test_round_trip(const perc_model_t *m) {
  size_t len = 0;
  uint8_t *img = perc_model_serialize(m, &len);
  char err[256] = "";
  perc_model_t *m2 = NULL;
  CHECK_INT(perc_model_load_from_memory(img, len, &m2, err, sizeof err), CW_OK);
  CHECK(m2 != NULL);
  if (m2) {
    CHECK_STR(perc_model_label(m2, 2), "Z");
    CHECK_INT(perc_model_nfeatures(m2), perc_model_nfeatures(m));
    /* a loaded model is identified by its file's checksum, a trained one has none */
    uint64_t crc = 0;
    for (int i = 7; i >= 0; i--)
      crc = crc << 8 | img[len - 8 + (size_t)i];
    CHECK(perc_model_checksum(m2) == crc && crc != 0);
    CHECK(perc_model_checksum(m) == 0);
    /* identical tags on fresh sentences */
    perc_scratch_t *s = perc_scratch_create();
    uint64_t rng = 1234;
    int same = 1;
    for (int k = 0; k < 50; k++) {
      toy_t t;
      uint8_t a[MAXN], b[MAXN];
      toy_make(&t, &rng);
      perc_seq_t seq = {t.n, t.off, t.feats};
      perc_decode(m, s, &seq, 0, a);
      perc_decode(m2, s, &seq, 0, b);
      same &= memcmp(a, b, t.n) == 0;
    }
    CHECK(same);
    perc_scratch_destroy(&s);
    /* re-serializing gives the same bytes */
    size_t len2 = 0;
    uint8_t *img2 = perc_model_serialize(m2, &len2);
    CHECK(len2 == len && memcmp(img, img2, len) == 0);
    free(img2);
  }
  perc_model_destroy(&m2);
  CHECK(m2 == NULL);

  /* through a file */
  char path[] = "/tmp/cw_test_perc_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd >= 0) {
    close(fd);
    CHECK_INT(perc_model_save(m, path, err, sizeof err), CW_OK);
    CHECK_INT(perc_model_load(path, &m2, err, sizeof err), CW_OK);
    CHECK(m2 && perc_model_nlabels(m2) == 3);
    perc_model_destroy(&m2);
    remove(path);
    CHECK_INT(perc_model_load(path, &m2, err, sizeof err), CW_ERR_NOT_FOUND);
    CHECK(m2 == NULL);
  }
  free(img);
}

/* Loads a damaged image and checks it is refused with @p reason in the message. */
static void refused(const uint8_t *img, size_t len, const char *reason) {
  char err[256] = "";
  perc_model_t *m = (perc_model_t *)img; /* must be reset to NULL */
  cw_err_t rc = perc_model_load_from_memory(img, len, &m, err, sizeof err);
  CHECK_INT(rc, CW_ERR_FORMAT);
  CHECK(m == NULL);
  CHECK_MSG(strstr(err, reason) != NULL, "reason \"%s\" lacks \"%s\"", err, reason);
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

/* Rewrites the trailing checksum so that only the structural checks can catch the damage. */
static void reseal(uint8_t *img, size_t len) {
  uint64_t c = cw_crc64_avro(img, len - 8);
  for (int i = 0; i < 8; i++)
    img[len - 8 + i] = (uint8_t)(c >> (8 * i));
}

/* Offsets in a sequence model file (modelfile.h, perceptron.c): the header, the table of
 * six sections, then the seqhead section first. */
#define SECT(i) (32 + 16 * (i))
#define SEQHEAD (32 + 16 * 6)

static void test_damaged(const perc_model_t *m) {
  size_t len = 0;
  uint8_t *img = perc_model_serialize(m, &len);
  uint8_t *d = malloc(len);
  CHECK(len > 200);

  refused(img, 0, "truncated");
  refused(img, 30, "truncated");
  refused(img, len - 1, "truncated");
  refused(img, len / 2, "truncated");

  memcpy(d, img, len);
  d[len / 2] ^= 0x40;
  refused(d, len, "checksum mismatch");

  memcpy(d, img, len);
  d[0] = 'X';
  refused(d, len, "magic");

  memcpy(d, img, len);
  put32(d + 8, 99); /* format version */
  reseal(d, len);
  refused(d, len, "unsupported format version 99");

  memcpy(d, img, len);
  put32(d + 12, 2); /* model kind */
  reseal(d, len);
  refused(d, len, "model kind 2");

  memcpy(d, img, len);
  put32(d + SEQHEAD + 8, 3); /* slot count not a power of two */
  reseal(d, len);
  refused(d, len, "slot count");

  memcpy(d, img, len);
  put32(d + SEQHEAD + 4, 0); /* no labels */
  reseal(d, len);
  refused(d, len, "label count");

  memcpy(d, img, len);
  put32(d + SECT(5) + 8, (uint32_t)len); /* weights section longer than the file */
  reseal(d, len);
  refused(d, len, "past the end");

  memcpy(d, img, len);
  d[SECT(2)] = 'X'; /* the transitions section renamed */
  reseal(d, len);
  refused(d, len, "section trans missing");

  memcpy(d, img, len);
  put32(d + SEQHEAD + 4, 2); /* two labels: the transitions section is too long for them */
  reseal(d, len);
  refused(d, len, "length");

  memcpy(d, img, len);
  put32(d + SEQHEAD + 16, 1); /* weight count smaller than the slots refer to */
  reseal(d, len);
  refused(d, len, "length");

  free(d);
  free(img);
}

/* Emission scores of every word's features under model m: 4 words x 3 labels. */
static void word_scores(const perc_model_t *m, float *e) {
  for (int w = 0; w < 4; w++) {
    uint64_t f[2] = {perc_hash_bytes(PERC_HASH_INIT, kWords[w], 1),
                     perc_hash_bytes(PERC_HASH_INIT, "bias", 4)};
    memset(e + 3 * w, 0, 3 * sizeof(float));
    perc_emit_add(m, f, 2, e + 3 * w);
  }
}

/* A feature's emission scores alone are its weights: a dense row's labels (kept in the file,
 * cleared in memory) do not leak into the low bits of the scores, in a trained model and in
 * one loaded from its file. */
static void dense_rows_bare(const perc_model_t *m) {
  size_t L = perc_model_nlabels(m), dense = 0;
  for (uint32_t i = 0; i < m->nslots; i++)
    dense += (m->slot[2 * (size_t)i + 1] & 0xffu) == L;
  CHECK(dense > 0); /* the toy's features have weights for most labels */
  int bare = 1, nonzero = 0;
  for (int w = 0; w < 4; w++) {
    uint64_t f = perc_hash_bytes(PERC_HASH_INIT, kWords[w], 1);
    float e[3] = {0, 0, 0};
    perc_emit_add(m, &f, 1, e);
    for (size_t y = 0; y < L; y++) {
      bare &= (f2u(e[y]) & 0xffu) == 0;
      nonzero |= e[y] != 0.0f;
    }
  }
  CHECK(bare);
  CHECK(nonzero);
}

static void test_dense_rows(const perc_model_t *m) {
  dense_rows_bare(m);
  size_t len = 0;
  uint8_t *img = perc_model_serialize(m, &len);
  char err[256] = "";
  perc_model_t *m2 = NULL;
  CHECK_INT(perc_model_load_from_memory(img, len, &m2, err, sizeof err), CW_OK);
  if (m2)
    dense_rows_bare(m2);
  perc_model_destroy(&m2);
  free(img);
}

/* A clone of a frozen trainer trains on in its own orders; the model of several trainers has
 * the mean of their averaged weights, and one trainer alone gives its own model. */
static void test_orders(void) {
  perc_trainer_t *tr = perc_trainer_create(3, kLabels, 7, 42);
  uint64_t rng = 5;
  for (int k = 0; k < 200; k++) {
    toy_t t;
    toy_make(&t, &rng);
    perc_seq_t seq = {t.n, t.off, t.feats};
    CHECK_INT(perc_trainer_add(tr, &seq, t.gold), CW_OK);
  }
  CHECK(perc_trainer_clone(tr) == NULL); /* not frozen yet */
  perc_trainer_freeze(tr, 1);
  perc_trainer_t *c = perc_trainer_clone(tr);
  CHECK(c != NULL);
  if (!c) {
    perc_trainer_destroy(&tr);
    return;
  }
  size_t ntok;
  for (int e = 0; e < 3; e++) {
    (void)perc_trainer_epoch(tr, (uint64_t)e, 0, &ntok);
    (void)perc_trainer_epoch(c, (uint64_t)e + 1000, 0, &ntok);
  }
  const perc_trainer_t *both[2] = {tr, c};
  perc_model_t *m1 = perc_trainer_model(tr, 0.0f), *m2 = perc_trainer_model(c, 0.0f);
  perc_model_t *mean = perc_trainer_model_mean(both, 2, 0.0f);
  perc_model_t *alone = perc_trainer_model_mean(both, 1, 0.0f);
  float e1[12], e2[12], em[12], ea[12];
  word_scores(m1, e1);
  word_scores(m2, e2);
  word_scores(mean, em);
  word_scores(alone, ea);
  int differ = 0, is_mean = 1;
  for (int i = 0; i < 12; i++) {
    differ |= e1[i] != e2[i];
    is_mean &= fabsf(em[i] - (e1[i] + e2[i]) / 2) < 1e-3f;
  }
  CHECK_MSG(differ, "the clone trained in other orders has the same weights");
  CHECK(is_mean);
  CHECK(memcmp(ea, e1, sizeof e1) == 0);
  CHECK(toy_accuracy(mean, 0, 7) >= 0.99);
  perc_model_destroy(&m1);
  perc_model_destroy(&m2);
  perc_model_destroy(&mean);
  perc_model_destroy(&alone);
  perc_trainer_destroy(&c);
  perc_trainer_destroy(&tr);
}

int main(void) {
  test_orders();
  perc_model_t *m = toy_train();
  CHECK(m != NULL);
  if (m) {
    test_learns(m);
    test_decode_from(m);
    test_emissions(m);
    test_refs(m);
    test_viterbi_lanes();
    test_round_trip(m);
    test_dense_rows(m);
    test_damaged(m);
  }
  perc_model_destroy(&m);
  perc_model_destroy(&m); /* accepts NULL */
  return TEST_REPORT();
}
