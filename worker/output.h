/* output.h - what the worker writes for one article: the output format
 * (worker.output_format: confluent, single_object or json), the schema ids a confluent worker
 * registers at start, and the records with their keys (entities by article id, claims by claim
 * id or, with worker.claims_key = "article_id", by article id). */
#ifndef CW_OUTPUT_H
#define CW_OUTPUT_H
#include <stddef.h>
#include <stdint.h>
#include "article.h"
#include "avro_codec.h"
#include "claimwire/extract.h"
#include "config.h"
#include "cw_buf.h"
#include "cw_err.h"

typedef struct cw_output_s cw_output_t;

/** The largest record the worker encodes: librdkafka's default message.max.bytes (1000000)
 * minus room for the key and headers. An article with a larger record is dead-lettered
 * instead. The cap is fixed; it does not follow a message.max.bytes configured in
 * kafka.producer (which only the dead-letter truncation uses). */
#define CW_RECORD_MAX_BYTES (1000000u - 4096u)

/** One record to produce. */
typedef struct {
  const char *topic; /* the configuration's entities or claims topic (not owned) */
  cw_buf_t key;      /* the id as UTF-8, or Confluent-framed Avro "string" (key format avro) */
  cw_buf_t value;    /* the record in the output format */
} cw_output_rec_t;

/**
 * @brief Prepares the output of @p cfg (which must outlive it). With output format confluent
 * this registers the schemas (and Avro key schemas with schema_registry_key_format = "avro")
 * in the Schema Registry, retrying up to schema_registry_timeout_ms.
 * @returns CW_OK and *@p out, or the registry's error (CW_ERR_CONFIG when it refuses the
 *          schemas, CW_ERR_TIMEOUT when unreachable) with a reason in @p errstr.
 * @locality the main thread, once at start.
 */
cw_err_t cw_output_create(const cw_config_t *cfg, cw_output_t **out, char *errstr,
                          size_t errstr_size) CW_WUR;

/** @brief Frees @p *o and sets it to NULL. Accepts NULL. */
void cw_output_destroy(cw_output_t **o);

/** @returns the effective format. */
cw_output_format_t cw_output_format(const cw_output_t *o);

/** @returns "confluent", "single_object" or "json". */
const char *cw_output_format_name(cw_output_format_t f);

/**
 * @brief Creates a codec that writes in @p o's format, with @p extractor_version (NULL: the
 * default; not copied) in its records. One codec per thread.
 * @returns as cw_avro_codec_create().
 */
cw_err_t cw_output_codec_create(const cw_output_t *o, const char *extractor_version,
                                cw_avro_codec_t **out, char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Encodes every record of one article, the entities record first, then one per claim
 * in claim order, each at most @p max_record_bytes, into a new array *@p recs of *@p n_recs
 * (free with cw_output_recs_free(), also after an error).
 * All are encoded before any is used, so an article yields all its records or an error.
 * The worker and `claimwire extract` both go through here, so they cannot disagree.
 * @returns CW_OK; CW_ERR_TOO_LARGE ("an output record exceeds N bytes") when a record exceeds
 *          @p max_record_bytes; or the codec's error, with a reason in @p errstr.
 * @locality the thread owning @p codec; @p o is only read.
 */
cw_err_t cw_output_encode(const cw_output_t *o, cw_avro_codec_t *codec, const cw_article_t *a,
                          const cw_result_t *r, int64_t processed_at_ms,
                          size_t max_record_bytes, cw_output_rec_t **recs, size_t *n_recs,
                          char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees @p n records of *@p recs and sets it to NULL. Accepts NULL. */
void cw_output_recs_free(cw_output_rec_t **recs, size_t n);

#endif
