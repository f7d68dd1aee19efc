/* avro_codec.h - encodes extraction results as Avro records of schemas/entities.avsc and
 * schemas/claims.avsc, framed as Avro single-object encoding (Avro 1.11 spec, "Single-object
 * encoding": C3 01, then the schema's CRC-64-AVRO fingerprint little-endian, then the datum),
 * and decodes such records back to JSON for tools and tests. */
#ifndef CW_AVRO_CODEC_H
#define CW_AVRO_CODEC_H
#include <stddef.h>
#include <stdint.h>
#include "article.h"
#include "claimwire/extract.h"
#include "cw_buf.h"
#include "cw_err.h"

/** Schema files of the output records (names in the embedded schema table, schemas.h). */
#define CW_AVRO_SCHEMA_ENTITIES "entities.avsc"
#define CW_AVRO_SCHEMA_CLAIMS "claims.avsc"

/** Length of the single-object header: 2 magic bytes + 8-byte fingerprint. */
#define CW_AVRO_SOE_HEADER_LEN 10
/** Length of the Confluent wire-format header: magic 0 + 4-byte big-endian schema id. */
#define CW_AVRO_CONFLUENT_HEADER_LEN 5

/** How an encoded record is framed in front of the Avro datum. */
typedef enum {
  CW_AVRO_FRAME_SINGLE_OBJECT = 0, /* C3 01 + CRC-64-AVRO fingerprint (default, no registry) */
  CW_AVRO_FRAME_CONFLUENT,         /* 00 + schema id; ids come from a schema registry */
  CW_AVRO_FRAME_NONE,              /* bare datum, for embedding in other containers */
  CW_AVRO_FRAME_JSON               /* the record as one JSON object, as cw_avro_decode_to_json()
                                    * renders it (no framing: the JSON is the whole value) */
} cw_avro_frame_t;

typedef struct cw_avro_codec_s cw_avro_codec_t;

/**
 * @brief Builds a codec from the embedded schemas: parses them, computes their canonical-form
 * fingerprints, and prepares reusable values and writers.
 * @returns CW_OK and *@p out, or CW_ERR_AVRO / CW_ERR_FORMAT with a reason in @p errstr.
 * @locality any thread; the codec is then used by one thread only (one codec per thread).
 */
cw_err_t cw_avro_codec_create(cw_avro_codec_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees the codec and sets *@p c to NULL. Accepts NULL. */
void cw_avro_codec_destroy(cw_avro_codec_t **c);

/**
 * @brief Selects the framing of subsequent encodes. For CW_AVRO_FRAME_CONFLUENT the caller
 * supplies the registry ids of the two schemas; otherwise the ids are ignored.
 * The default after create is CW_AVRO_FRAME_SINGLE_OBJECT.
 */
void cw_avro_codec_set_framing(cw_avro_codec_t *c, cw_avro_frame_t frame,
                               int32_t entities_schema_id, int32_t claims_schema_id);

/**
 * @brief Sets the extractor_version written into records (cw_engine_version() of the engine
 * that made them; not copied, so it must outlive the codec). Default: CW_EXTRACTOR_VERSION.
 */
void cw_avro_codec_set_extractor_version(cw_avro_codec_t *c, const char *version);

/**
 * @brief Encodes the entities record of one article (one record per article) into @p out,
 * which is reset first: framing header, then the Avro binary datum.
 * @param processed_at_ms wall-clock epoch ms at which the article was processed.
 * @returns CW_OK, CW_ERR_TOO_LARGE if the record exceeds @p out's maximum, or CW_ERR_AVRO /
 *          CW_ERR_INVALID with a reason in @p errstr.
 * @locality the thread owning @p c.
 */
cw_err_t cw_avro_encode_entities(cw_avro_codec_t *c, const cw_article_t *a,
                                 const cw_result_t *r, int64_t processed_at_ms, cw_buf_t *out,
                                 char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Encodes claim @p claim_index of @p r as one claims record into @p out (reset first).
 * @returns as cw_avro_encode_entities(); CW_ERR_INVALID if @p claim_index is out of range.
 */
cw_err_t cw_avro_encode_claim(cw_avro_codec_t *c, const cw_article_t *a, const cw_result_t *r,
                              size_t claim_index, int64_t processed_at_ms, cw_buf_t *out,
                              char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Decodes one single-object-encoded record: checks the header, finds the schema by its
 * fingerprint, reads the datum and appends it to @p json as one JSON object (no newline).
 * Unions are written as plain JSON values (null or the branch's value), enums as strings,
 * timestamps as epoch milliseconds.
 * @returns CW_OK, CW_ERR_FORMAT (bad header, unknown fingerprint, truncated or trailing data),
 *          CW_ERR_TOO_LARGE (json full), with a reason in @p errstr.
 * @locality the thread owning @p c.
 */
cw_err_t cw_avro_decode_to_json(cw_avro_codec_t *c, const void *data, size_t len,
                                cw_buf_t *json, char *errstr, size_t errstr_size) CW_WUR;

/** @returns the CRC-64-AVRO fingerprint of the canonical form of schema file @p schema_file
 * (CW_AVRO_SCHEMA_ENTITIES or CW_AVRO_SCHEMA_CLAIMS), or 0 if unknown. */
/** Longest Confluent-framed string key: header, a 10-byte length varint, the string. */
#define CW_AVRO_KEY_MAX(n) (CW_AVRO_CONFLUENT_HEADER_LEN + 10u + (n))

/**
 * @brief Writes @p s (@p n bytes) as a record key in the Confluent wire format with Avro
 * schema "string" @p schema_id: 00, the 4-byte big-endian id, the zig-zag varint length, the
 * bytes. This is what an Avro key deserializer (Kafka Connect's AvroConverter, ksqlDB's
 * KEY_FORMAT='AVRO', confluent_kafka's AvroConsumer) reads.
 * @returns the bytes written, or 0 if @p out_size < CW_AVRO_KEY_MAX(n).
 */
size_t cw_avro_confluent_string_key(int32_t schema_id, const char *s, size_t n, uint8_t *out,
                                    size_t out_size);

uint64_t cw_avro_codec_fingerprint(const cw_avro_codec_t *c, const char *schema_file);

#endif
