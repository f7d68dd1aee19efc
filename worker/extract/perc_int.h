/* perc_int.h - what the sequence perceptron's files share (perceptron.c: decoding and model
 * files; perc_train.c: training): the model and scratch layouts, the weight packing and the
 * decoder over computed emission scores. */
#ifndef CW_PERC_INT_H
#define CW_PERC_INT_H
#include <stdint.h>
#include <string.h>
#include "perceptron.h"

#define PERC_NSECT 5
#define PERC_HEAD_SIZE 20u
#define PERC_MAX_SLOTS (1u << 28)
#define PERC_MAX_PAIRS ((1u << 24) - 1u)

struct perc_model_s {
  uint32_t type, feature_version;
  size_t nlabels;
  char **names;
  float *trans;
  uint32_t nslots, nfeat, npairs;
  uint32_t *slot; /* nslots x {key, info}: one cache line fetch per probe */
  uint32_t *pair; /* a weight's float bits with the low 8 mantissa bits replaced by its label;
                   * in a dense row (a feature with nlabels weights) those bits are 0, its labels
                   * being its positions (perc_model_dense_bare()) */
  uint64_t checksum; /* the file's CRC-64-AVRO; 0 for a model built in memory */
};

struct perc_scratch_s {
  size_t cap_n, cap_l; /* sized for cap_n tokens x cap_l labels */
  float *emit;         /* n x L */
  float *delta;        /* Viterbi: n x L; beam: 2 x beam scores */
  uint8_t *back;       /* n x L backpointers (Viterbi) or n x beam (beam labels) */
  uint16_t *bptr;      /* n x beam: index of the previous hypothesis */
  float *cand;         /* beam x L candidate scores */
};

/* A weight's float bits (the low 8 mantissa bits then carry the label). */
static inline uint32_t f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static inline float u2f(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

/* The key a hash slot stores for feature hash @p h (its index comes from the low bits). */
static inline uint32_t slot_key(uint64_t h) {
  return (uint32_t)(h >> 32);
}

/* Clears the label bits of the dense rows' weights (a model file lists them, in label order):
 * decoding then adds a row without masking. Called once on a model built or loaded. */
void perc_model_dense_bare(perc_model_t *m);

/* Grows @p s for @p n tokens of @p L labels and a beam of @p beam. */
void perc_scratch_reserve(perc_scratch_t *s, size_t n, size_t L, unsigned beam);
/* Best labels of @p n tokens (out) from emission scores @p emit (n x L) and transitions
 * @p trans: Viterbi when @p beam is 0 or at least L, else a beam of @p beam. */
void perc_decode_scores(const float *emit, const float *trans, size_t n, size_t L, unsigned beam,
                        perc_scratch_t *s, uint8_t *out);

#endif
