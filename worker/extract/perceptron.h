/* perceptron.h - the averaged perceptron: a sequence labeller over hashed feature ids per token
 * with a first-order label-transition matrix, Viterbi or beam decoding and a checked model file
 * (perceptron.c), and a binary classifier over hashed features with the weight table that
 * scores them (perc_bin.c). Both average their weights the same way (perc_avg.h). */
#ifndef CW_PERCEPTRON_H
#define CW_PERCEPTRON_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"
#include "cw_hash.h"

/* Labels are small ints 0 .. nlabels-1. */
#define PERC_MAX_LABELS 255u

/* A trained model: read-only after load, shareable between threads. */
typedef struct perc_model_s perc_model_t;
/* Per-thread decoding memory. */
typedef struct perc_scratch_s perc_scratch_t;
/* Training state: dense weights over the features seen in training. */
typedef struct perc_trainer_s perc_trainer_t;

/*
 * A sentence's features: token i has the 64-bit feature hashes feats[off[i] .. off[i+1]-1]
 * (off has n + 1 entries). Callers hash feature strings with perc_hash_*(); the model keys on
 * the hashes only, so two strings that collide share a weight.
 */
typedef struct {
  size_t n;
  const uint32_t *off;
  const uint64_t *feats;
} perc_seq_t;

/** @returns the FNV-1a hash of @p len bytes of @p s continued from @p h (start: PERC_HASH_INIT). */
#define PERC_HASH_INIT 0xcbf29ce484222325ULL
static inline uint64_t perc_hash_bytes(uint64_t h, const void *s, size_t len) {
  return cw_fnv1a64(h, s, len);
}

/* ---- training ---- */

/**
 * @brief Creates a trainer for @p nlabels labels named @p names (copied). @p model_type and
 * @p feature_version are stored in the model so a loader can refuse a model built for other
 * features.
 */
perc_trainer_t *perc_trainer_create(size_t nlabels, const char *const *names, uint32_t model_type,
                                    uint32_t feature_version);

/** @brief Frees @p *t and sets it to NULL. Accepts NULL. */
void perc_trainer_destroy(perc_trainer_t **t);

/**
 * @brief Adds one training sentence (features and gold labels are copied).
 * @returns CW_OK; CW_ERR_INVALID when a label is out of range.
 */
cw_err_t perc_trainer_add(perc_trainer_t *t, const perc_seq_t *seq, const uint8_t *gold) CW_WUR;

/**
 * @brief Freezes the feature set: drops features seen fewer than @p min_count times in the added
 * sentences and allocates the weights. Call once, after every perc_trainer_add().
 */
void perc_trainer_freeze(perc_trainer_t *t, unsigned min_count);

/**
 * @brief Runs one epoch over the sentences in an order shuffled with @p seed, decoding with
 * beam width @p beam (0 = exact Viterbi).
 * @returns the number of tokens decoded correctly; *@p ntok gets the number of tokens.
 */
size_t perc_trainer_epoch(perc_trainer_t *t, uint64_t seed, unsigned beam, size_t *ntok);

/**
 * @brief Builds a model from the averaged weights so far, keeping weights with |w| > @p prune.
 * The trainer can keep training afterwards.
 */
perc_model_t *perc_trainer_model(const perc_trainer_t *t, float prune);

/**
 * @brief A copy of frozen trainer @p t (its sentences, features and weights), to train in other
 * orders and average with perc_trainer_model_mean().
 * @returns the copy; NULL when @p t is not frozen.
 */
perc_trainer_t *perc_trainer_clone(const perc_trainer_t *t);

/**
 * @brief perc_trainer_model() of the mean of the averaged weights of the @p k trainers @p t,
 * each @p t[0] or a perc_trainer_clone() of it trained on.
 */
perc_model_t *perc_trainer_model_mean(const perc_trainer_t *const *t, size_t k, float prune);

/* ---- models ---- */

/**
 * @brief Parses a model file image of @p len bytes (copied).
 * @returns CW_OK and *@p out; CW_ERR_FORMAT with the reason (bad magic, version, checksum,
 *          truncated, an offset or count out of range) and *@p out NULL.
 */
cw_err_t perc_model_load_from_memory(const void *data, size_t len, perc_model_t **out,
                                     char *errstr, size_t errstr_size) CW_WUR;

/** @brief Reads and parses @p path; CW_ERR_NOT_FOUND when it does not exist, CW_ERR_IO. */
cw_err_t perc_model_load(const char *path, perc_model_t **out, char *errstr,
                         size_t errstr_size) CW_WUR;

/** @brief Writes the model file image to @p path (via a temporary file and rename). */
cw_err_t perc_model_save(const perc_model_t *m, const char *path, char *errstr,
                         size_t errstr_size) CW_WUR;

/** @brief Serializes into a new malloc'd buffer; *@p len gets its size. */
void *perc_model_serialize(const perc_model_t *m, size_t *len);

/** @brief Frees @p *m and sets it to NULL. Accepts NULL. */
void perc_model_destroy(perc_model_t **m);

size_t perc_model_nlabels(const perc_model_t *m);
const char *perc_model_label(const perc_model_t *m, size_t id); /* "?" when out of range */
int perc_model_label_id(const perc_model_t *m, const char *name); /* -1 when absent */
uint32_t perc_model_type(const perc_model_t *m);
uint32_t perc_model_feature_version(const perc_model_t *m);
size_t perc_model_nfeatures(const perc_model_t *m);
/** @returns the CRC-64-AVRO of the file the model was loaded from; 0 for a trained model. */
uint64_t perc_model_checksum(const perc_model_t *m);

/** @returns a new scratch (aborts on OOM). */
perc_scratch_t *perc_scratch_create(void);
/** @brief Frees @p *s and sets it to NULL. Accepts NULL. */
void perc_scratch_destroy(perc_scratch_t **s);

/**
 * @brief Labels @p seq into @p out (seq->n entries) with beam width @p beam (0 = Viterbi,
 * 1 = greedy).
 */
void perc_decode(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq, unsigned beam,
                 uint8_t *out);

/**
 * @brief Adds to @p e (nlabels floats) the weights of the @p nf features @p feats, one feature
 * at a time in order: starting from zeros, the emission scores perc_decode() computes for a
 * token whose features are @p feats, bit for bit.
 */
void perc_emit_add(const perc_model_t *m, const uint64_t *feats, size_t nf, float *e);

/**
 * @brief perc_decode() with token i's emission scores starting from init[i * nlabels ..]
 * instead of zeros: when init holds perc_emit_add() of the first features of each token and
 * @p seq the rest, the labels equal perc_decode() over all of them.
 */
void perc_decode_from(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq,
                      const float *init, unsigned beam, uint8_t *out);

/**
 * @brief The emission scores (n x nlabels floats, token i's from [i * nlabels]) of the last
 * perc_decode*() on @p s, init included: valid until @p s decodes again. Passed as the init of
 * perc_decode_from() with further features, they give the labels of a decode over all of them.
 */
const float *perc_scratch_emissions(const perc_scratch_t *s);

/*
 * A feature resolved against one model: perc_feature_ref() of its hash, kept by callers that
 * see the same feature often (the tagger's word-form cache). PERC_REF_LOOKUP, which no
 * feature resolves to, marks a feature to look up by its hash.
 */
#define PERC_REF_LOOKUP 0xffffffffu
uint32_t perc_feature_ref(const perc_model_t *m, uint64_t h);
/** @brief perc_feature_ref() of each of the @p n hashes @p h into @p out, their look-ups
 * overlapped. */
void perc_feature_refs(const perc_model_t *m, const uint64_t *h, size_t n, uint32_t *out);

/**
 * @brief perc_decode_from() where feature f (an index into seq->feats) is refs[f] when that is
 * not PERC_REF_LOOKUP, which must be perc_feature_ref(m, seq->feats[f]); the labels equal
 * perc_decode_from() over the hashes. @p refs and @p init may be NULL.
 */
void perc_decode_refs(const perc_model_t *m, perc_scratch_t *s, const perc_seq_t *seq,
                      const uint32_t *refs, const float *init, unsigned beam, uint8_t *out);

/* ---- binary classifier over hashed features (perc_bin.c) ---- */

/* Training examples: feature hashes labelled positive or negative. */
typedef struct perc_bin_trainer_s perc_bin_trainer_t;
/* An averaged weight of one feature hash. */
typedef struct {
  uint64_t key;
  float w;
} perc_bin_weight_t;
/* Weights by feature hash, for scoring: read-only once filled. */
typedef struct perc_bin_table_s perc_bin_table_t;

/** @returns an empty trainer (aborts on OOM). */
perc_bin_trainer_t *perc_bin_trainer_create(void);
/** @brief Frees @p *t and sets it to NULL. Accepts NULL. */
void perc_bin_trainer_destroy(perc_bin_trainer_t **t);
/** @brief Adds an example: @p nf feature hashes (copied), @p positive nonzero or 0. */
void perc_bin_trainer_add(perc_bin_trainer_t *t, const uint64_t *f, size_t nf, int positive);
/** @returns the number of examples added. */
size_t perc_bin_trainer_count(const perc_bin_trainer_t *t);

/**
 * @brief Trains @p epochs epochs visiting the examples in an order drawn from @p seed, and
 * averages the averaged weights of @p orders such runs (seeds seed .. seed + orders - 1; 0
 * counts as 1). Deterministic.
 * @returns a new array of the weights with |w| > 1e-6 sorted by key, *@p n of them (none when
 *          there are no examples or epochs is 0).
 */
perc_bin_weight_t *perc_bin_trainer_fit(const perc_bin_trainer_t *t, unsigned epochs,
                                        unsigned seed, unsigned orders, size_t *n);

/** @returns an empty table (aborts on OOM). */
perc_bin_table_t *perc_bin_table_create(void);
/** @brief Frees @p *t and sets it to NULL. Accepts NULL. */
void perc_bin_table_destroy(perc_bin_table_t **t);
/**
 * @brief Sets the weight of @p key (nonzero) to @p v. Keys are told apart by their high 32 bits
 * within a probe run: a later key that meets an earlier one with the same high bits replaces
 * its weight.
 */
void perc_bin_table_put(perc_bin_table_t *t, uint64_t key, float v);
/** @brief Ends filling: frees what only perc_bin_table_put() needs. */
void perc_bin_table_seal(perc_bin_table_t *t);
/** @returns the number of weights held (0 for NULL). */
size_t perc_bin_table_count(const perc_bin_table_t *t);
/** @returns the sum of the weights of the @p n features @p f (0 for NULL or empty). */
float perc_bin_table_sum(const perc_bin_table_t *t, const uint64_t *f, size_t n);

#endif
