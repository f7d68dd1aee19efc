/* avro_codec_int.h - what the Avro codec's files share (avro_codec.c: schemas, layout checks,
 * framing; avro_encode.c: results to records; avro_decode.c: records to JSON): the field
 * positions, checked against the schemas at create time, and the codec itself. */
#ifndef CW_AVRO_CODEC_INT_H
#define CW_AVRO_CODEC_INT_H
#include <stddef.h>
#include <stdint.h>
#include <avro.h>
#include "avro_codec.h"
#include "avro_tree.h"
#include "cw_buf.h"

/* First size of the encode scratch buffer; grows by doubling up to the output's maximum. */
#define ENC_SCRATCH_INITIAL 4096u

/* ==== Field positions (names in avro_codec.c, in the same order) ==== */

enum { AE_ARTICLE_ID, AE_URL, AE_SOURCE, AE_TITLE, AE_LANGUAGE, AE_PUBLISHED_AT, AE_INGESTED_AT,
       AE_PROCESSED_AT, AE_ORIGIN_TOPIC, AE_ORIGIN_PARTITION, AE_ORIGIN_OFFSET,
       AE_EXTRACTOR_VERSION, AE_ENTITIES, AE_CAPPED, AE__COUNT };

enum { EN_CANONICAL, EN_TYPE, EN_SALIENCE, EN_NORMALIZED, EN_QUALIFIER, EN_MENTIONS,
       EN_ENTITY_ID, EN_ISO_CODE, EN_LATITUDE, EN_LONGITUDE, EN__COUNT };

enum { MN_START, MN_END, MN_TEXT, MN_SENTENCE, MN__COUNT };

enum { CL_CLAIM_ID, CL_ARTICLE_ID, CL_CLAIM_INDEX, CL_PUBLISHED_AT, CL_PROCESSED_AT,
       CL_EXTRACTOR_VERSION, CL_KIND, CL_CONTENT, CL_CUE, CL_SPEAKER, CL_SPEAKER_ENTITY,
       CL_ENTITIES, CL_NUMBERS, CL_CONTENT_TRUNCATED, CL_CAPPED, CL_URL, CL_TITLE, CL_SOURCE,
       CL_LANGUAGE, CL_SPEAKER_RESOLUTION, CL_CONTENT_PARTS, CL__COUNT };

enum { SP_START, SP_END, SP_TEXT, SP__COUNT };

enum { CU_START, CU_END, CU_TEXT, CU_LEMMA, CU__COUNT };

enum { ER_INDEX, ER_CANONICAL, ER_TYPE, ER_ENTITY_ID, ER__COUNT };

enum { NU_INDEX, NU_TYPE, NU_TEXT, NU_NORMALIZED, NU_QUALIFIER, NU__COUNT };

enum { SCH_ENTITIES, SCH_CLAIMS, SCH__COUNT };

typedef struct {
  avro_schema_t schema;
  uint64_t fingerprint;     /* CRC-64-AVRO of the Parsing Canonical Form */
  int32_t registry_id;      /* Confluent schema id, when that framing is selected */
} codec_schema_t;

struct cw_avro_codec_s {
  codec_schema_t sch[SCH__COUNT];
  cw_avro_tree_t *tree;          /* the record being encoded, reused for every record */
  char (*ids)[CW_ENTITY_ID_MAX]; /* per entity: its id when the result has none, computed */
  size_t ids_cap;
  avro_writer_t writer;
  char *scratch;
  size_t scratch_cap;
  cw_avro_frame_t frame;
  const char *extractor_version; /* not owned; CW_EXTRACTOR_VERSION until set */
};

static inline const char *avro_version_of(const cw_avro_codec_t *c) {
  return c->extractor_version ? c->extractor_version : CW_EXTRACTOR_VERSION;
}

/* The schema a named reference points to (the schema itself when it is not a link). */
static inline avro_schema_t avro_link_resolve(avro_schema_t s) {
  while (s && is_avro_link(s))
    s = avro_schema_link_target(s);
  return s;
}

/* Copies avro-c's last error, prefixed by @p what, into @p errstr. */
void avro_copy_error(char *errstr, size_t errstr_size, const char *what);

/* Appends the bare datum @p datum of @p s to @p json as one JSON object (avro_decode.c); on an
 * error the buffer is left as it was. */
cw_err_t avro_render_json(const codec_schema_t *s, const void *datum, size_t len,
                          cw_buf_t *json, char *errstr, size_t errstr_size);

#endif
