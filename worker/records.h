/* records.h - the records one article becomes on the output topics: its entities record first,
 * then one claims record per claim in claim order, each encoded with the codec's framing. The
 * worker produces them and `claimwire extract` prints them, both through this module, so the
 * two cannot disagree on what an article yields. */
#ifndef CW_RECORDS_H
#define CW_RECORDS_H
#include <stddef.h>
#include <stdint.h>
#include "article.h"
#include "avro_codec.h"
#include "claimwire/extract.h"
#include "cw_buf.h"
#include "cw_err.h"

/** The largest record the worker encodes: librdkafka's default message.max.bytes (1000000)
 * minus room for the key and headers. An article with a larger record is dead-lettered
 * instead. The cap is fixed; it does not follow a message.max.bytes configured in
 * kafka.producer (which only the dead-letter truncation uses). */
#define CW_RECORD_MAX_BYTES (1000000u - 4096u)

/** Which output topic a record goes to. */
typedef enum { CW_RECORD_ENTITIES = 0, CW_RECORD_CLAIMS } cw_record_kind_t;

/** @returns the topic kind of record @p i of an article: 0 is the entities record, the rest
 * are claims. */
static inline cw_record_kind_t cw_record_kind(size_t i) {
  return i == 0 ? CW_RECORD_ENTITIES : CW_RECORD_CLAIMS;
}

/**
 * @brief Encodes every record of one article: the entities record, then claim 0, 1, ...
 * All are encoded before any is used, so an article yields all its records or an error.
 * @param processed_at_ms the records' processed_at (epoch ms).
 * @param max_record_bytes each record's limit (CW_RECORD_MAX_BYTES in the worker).
 * @param recs set to a new array of *@p n_recs buffers (r->n_claims + 1); free it with
 *        cw_records_free() whatever the result.
 * @returns CW_OK, CW_ERR_TOO_LARGE ("an output record exceeds N bytes"), or the codec's
 *          CW_ERR_AVRO / CW_ERR_INVALID, with a reason in @p errstr.
 * @locality the thread owning @p codec.
 */
cw_err_t cw_records_encode(cw_avro_codec_t *codec, const cw_article_t *a, const cw_result_t *r,
                           int64_t processed_at_ms, size_t max_record_bytes, cw_buf_t **recs,
                           size_t *n_recs, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees the buffers of cw_records_encode() and sets *@p recs to NULL, *@p n to 0.
 * Accepts NULL and an empty array. */
void cw_records_free(cw_buf_t **recs, size_t *n);

#endif
