/* fuzz_model.c - libFuzzer target for the model loaders (worker/extract/perceptron.h,
 * attr_model.h): any byte string is refused with a reason, or loads into a sequence model that
 * serializes stably and decodes without going out of bounds, or into an attribution model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cw_hash.h"
#include "fuzz_check.h"
#include "attr_model.h"
#include "perceptron.h"

/* Decodes a few tokens whose feature hashes come from the input itself, so weights that the
 * fuzzer reached are looked up, with each decoder (Viterbi, greedy, beam). */
static void model_decode(const perc_model_t *m, const uint8_t *data, size_t size) {
  enum { NTOK = 6, NFEAT = 3 };
  uint32_t off[NTOK + 1];
  uint64_t feats[NTOK * NFEAT];
  for (size_t i = 0; i < NTOK * NFEAT; i++)
    feats[i] = perc_hash_bytes(PERC_HASH_INIT, data + (size ? i % size : 0), size ? 1 : 0) ^ i;
  for (size_t i = 0; i <= NTOK; i++)
    off[i] = (uint32_t)(i * NFEAT);
  perc_scratch_t *s = perc_scratch_create();
  uint8_t out[NTOK];
  const size_t nlabels = perc_model_nlabels(m);
  static const unsigned beams[3] = {0, 1, 4};
  for (size_t b = 0; b < 3; b++) {
    for (size_t n = 0; n <= NTOK; n += NTOK) {
      const perc_seq_t seq = {.n = n, .off = off, .feats = feats};
      memset(out, 0xEE, sizeof(out));
      perc_decode(m, s, &seq, beams[b], out);
      for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(out[i] < nlabels);
    }
  }
  perc_scratch_destroy(&s);
  FUZZ_CHECK(s == NULL);
}

/* Input layout: byte 0 bit 0 set = recompute the file's trailing CRC-64-AVRO before loading, so
 * mutations reach the parser behind the checksum; clear = load the bytes as they are (checksum
 * and truncation paths). The rest is the model file image. */
static int fuzz_model_one(const uint8_t *input, size_t input_size) {
  if (input_size < 1)
    return 0;
  const size_t size = input_size - 1;
  uint8_t *data = malloc(size ? size : 1);
  FUZZ_CHECK(data != NULL);
  if (size)
    memcpy(data, input + 1, size);
  if ((input[0] & 1) && size >= 8) {
    uint64_t crc = cw_crc64_avro(data, size - 8);
    for (int i = 0; i < 8; i++)
      data[size - 8 + i] = (uint8_t)(crc >> (8 * i));
  }
  /* The same bytes as an attribution model: refused with a reason, or loaded. */
  cw_attr_model_t *am = NULL;
  char errstr[256];
  errstr[0] = '\0';
  if (attr_model_load_from_memory(data, size, &am, errstr, sizeof(errstr)) == CW_OK) {
    char desc[256];
    FUZZ_CHECK(am != NULL);
    cw_attr_model_describe(am, desc, sizeof(desc));
    cw_attr_model_destroy(&am);
  } else {
    FUZZ_CHECK(am == NULL);
    FUZZ_CHECK(errstr[0] != '\0');
  }
  perc_model_t *m = NULL;
  errstr[0] = '\0';
  cw_err_t err = perc_model_load_from_memory(data, size, &m, errstr, sizeof(errstr));
  if (err != CW_OK) {
    FUZZ_CHECK(m == NULL);
    FUZZ_CHECK(errstr[0] != '\0');
    free(data);
    return 0;
  }
  FUZZ_CHECK(m != NULL);
  const size_t nlabels = perc_model_nlabels(m);
  FUZZ_CHECK(nlabels >= 1 && nlabels <= PERC_MAX_LABELS);
  for (size_t i = 0; i < nlabels; i++) {
    const char *name = perc_model_label(m, i);
    FUZZ_CHECK(name != NULL);
    FUZZ_CHECK(perc_model_label_id(m, name) >= 0);
  }
  FUZZ_CHECK(strcmp(perc_model_label(m, nlabels), "?") == 0);
  model_decode(m, data, size);

  /* A loaded model serializes to an image that loads back and serializes identically. */
  size_t len1 = 0, len2 = 0;
  void *img1 = perc_model_serialize(m, &len1);
  FUZZ_CHECK(img1 != NULL);
  perc_model_t *m2 = NULL;
  FUZZ_CHECK(perc_model_load_from_memory(img1, len1, &m2, errstr, sizeof(errstr)) == CW_OK);
  FUZZ_CHECK(perc_model_nlabels(m2) == nlabels);
  FUZZ_CHECK(perc_model_nfeatures(m2) == perc_model_nfeatures(m));
  FUZZ_CHECK(perc_model_type(m2) == perc_model_type(m));
  FUZZ_CHECK(perc_model_feature_version(m2) == perc_model_feature_version(m));
  void *img2 = perc_model_serialize(m2, &len2);
  FUZZ_CHECK(len2 == len1 && memcmp(img1, img2, len1) == 0);
  free(img1);
  free(img2);
  perc_model_destroy(&m2);
  perc_model_destroy(&m);
  FUZZ_CHECK(m == NULL);
  free(data);
  return 0;
}

#ifndef CW_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_model_one(data, size);
}
#endif
