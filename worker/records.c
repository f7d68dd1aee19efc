/* records.c - one article's output records, encoded in topic order (records.h). */
#include <stdio.h>
#include <stdlib.h>
#include "cw_alloc.h"
#include "records.h"

cw_err_t cw_records_encode(cw_avro_codec_t *codec, const cw_article_t *a, const cw_result_t *r,
                           int64_t processed_at_ms, size_t max_record_bytes, cw_buf_t **recs,
                           size_t *n_recs, char *errstr, size_t errstr_size) {
  size_t n = r->n_claims + 1;
  cw_buf_t *b = cw_malloc(n * sizeof(*b));
  for (size_t i = 0; i < n; i++)
    cw_buf_init(&b[i], max_record_bytes);
  *recs = b;
  *n_recs = n;
  cw_err_t err =
      cw_avro_encode_entities(codec, a, r, processed_at_ms, &b[0], errstr, errstr_size);
  for (size_t i = 0; !err && i < r->n_claims; i++)
    err = cw_avro_encode_claim(codec, a, r, i, processed_at_ms, &b[i + 1], errstr,
                               errstr_size);
  if (err == CW_ERR_TOO_LARGE)
    snprintf(errstr, errstr_size, "an output record exceeds %zu bytes", max_record_bytes);
  return err;
}

void cw_records_free(cw_buf_t **recs, size_t *n) {
  if (!recs || !*recs) {
    if (n)
      *n = 0;
    return;
  }
  for (size_t i = 0; i < *n; i++)
    cw_buf_free(&(*recs)[i]);
  free(*recs);
  *recs = NULL;
  *n = 0;
}
