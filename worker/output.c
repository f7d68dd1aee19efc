/* output.c - the output format, the registry ids it needs, and the records of one article
 * with their keys (output.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_limits.h"
#include "cw_log.h"
#include "output.h"
#include "registry.h"

enum { OUT_ENTITIES, OUT_CLAIMS };

struct cw_output_s {
  const cw_config_t *cfg;
  cw_output_format_t format;
  int32_t schema_ids[2]; /* confluent: registry ids of the entities and claims schemas */
  int32_t key_ids[2];    /* Avro-framed keys: ids of the "string" key schemas; -1: plain keys */
};

const char *cw_output_format_name(cw_output_format_t f) {
  switch (f) {
  case CW_FORMAT_CONFLUENT: return "confluent";
  case CW_FORMAT_JSON: return "json";
  default: return "single_object";
  }
}

/* Registers the output schemas (and Avro key schemas when chosen) under the configured
 * subjects. */
static cw_err_t register_schemas(cw_output_t *o, char *errstr, size_t errstr_size) {
  const cw_config_t *cfg = o->cfg;
  cw_registry_t *reg = NULL;
  cw_registry_opts_t ro = {cfg->schema_registry_url, cfg->schema_registry_user,
                           cfg->schema_registry_password, cfg->schema_registry_ca_location,
                           CW_REGISTRY_SUBJECT_TOPIC, cfg->schema_registry_timeout_ms};
  cw_err_t err = cw_registry_parse_strategy(cfg->schema_registry_subject_strategy,
                                            &ro.strategy, errstr, errstr_size);
  if (!err)
    err = cw_registry_create(&reg, &ro, errstr, errstr_size);
  if (!err)
    err = cw_registry_register_outputs(reg, cfg->entities_topic, cfg->claims_topic,
                                       &o->schema_ids[OUT_ENTITIES], &o->schema_ids[OUT_CLAIMS],
                                       errstr, errstr_size);
  if (!err && strcmp(cfg->schema_registry_key_format, "avro") == 0) {
    err = cw_registry_register_key(reg, cfg->entities_topic, &o->key_ids[OUT_ENTITIES], errstr,
                                   errstr_size);
    if (!err)
      err = cw_registry_register_key(reg, cfg->claims_topic, &o->key_ids[OUT_CLAIMS], errstr,
                                     errstr_size);
  }
  cw_registry_destroy(&reg);
  return err;
}

cw_err_t cw_output_create(const cw_config_t *cfg, cw_output_t **out, char *errstr,
                          size_t errstr_size) {
  cw_output_t *o = cw_calloc(1, sizeof(*o));
  cw_err_t err = CW_OK;
  o->cfg = cfg;
  o->format = cfg->format;
  o->schema_ids[0] = o->schema_ids[1] = -1;
  o->key_ids[0] = o->key_ids[1] = -1;
  if (o->format == CW_FORMAT_CONFLUENT) {
    err = register_schemas(o, errstr, errstr_size);
    if (err)
      goto out;
    /* The URL is not logged: it may carry user:password@. */
    CW_INFO("output", "schema registry: entities schema id %d, claims schema id %d",
            (int)o->schema_ids[OUT_ENTITIES], (int)o->schema_ids[OUT_CLAIMS]);
  }
  CW_INFO("output", "output format %s; claims keyed by %s", cw_output_format_name(o->format),
          cfg->claims_by_article ? "article id" : "claim id");
  *out = o;
  o = NULL;
out:
  cw_output_destroy(&o);
  return err;
}

void cw_output_destroy(cw_output_t **po) {
  if (!po || !*po)
    return;
  free(*po);
  *po = NULL;
}

cw_output_format_t cw_output_format(const cw_output_t *o) { return o->format; }

cw_err_t cw_output_codec_create(const cw_output_t *o, const char *extractor_version,
                                cw_avro_codec_t **out, char *errstr, size_t errstr_size) {
  cw_err_t err = cw_avro_codec_create(out, errstr, errstr_size);
  if (err)
    return err;
  if (o->format == CW_FORMAT_CONFLUENT)
    cw_avro_codec_set_framing(*out, CW_AVRO_FRAME_CONFLUENT, o->schema_ids[OUT_ENTITIES],
                              o->schema_ids[OUT_CLAIMS]);
  else if (o->format == CW_FORMAT_JSON)
    cw_avro_codec_set_framing(*out, CW_AVRO_FRAME_JSON, 0, 0);
  if (extractor_version)
    cw_avro_codec_set_extractor_version(*out, extractor_version);
  return CW_OK;
}

/* The key of a record of topic @p which: @p id as UTF-8, or Confluent-framed Avro. */
static cw_err_t put_key(const cw_output_t *o, int which, const char *id, cw_buf_t *key) {
  size_t n = strlen(id);
  if (o->key_ids[which] < 0)
    return cw_buf_append(key, id, n);
  uint8_t *tmp = cw_malloc(CW_AVRO_KEY_MAX(n));
  size_t len = cw_avro_confluent_string_key(o->key_ids[which], id, n, tmp, CW_AVRO_KEY_MAX(n));
  cw_err_t err = cw_buf_append(key, tmp, len);
  free(tmp);
  return err;
}

cw_err_t cw_output_encode(const cw_output_t *o, cw_avro_codec_t *codec, const cw_article_t *a,
                          const cw_result_t *r, int64_t processed_at_ms,
                          size_t max_record_bytes, cw_output_rec_t **recs, size_t *n_recs,
                          char *errstr, size_t errstr_size) {
  size_t n = r->n_claims + 1;
  cw_output_rec_t *v = cw_calloc(n, sizeof(*v));
  cw_err_t err = CW_OK;
  for (size_t i = 0; i < n; i++) {
    /* Keys are ids: CW_MAX_ID_BYTES at most, and claim ids are 32 hex digits. */
    cw_buf_init(&v[i].key, CW_AVRO_KEY_MAX(CW_MAX_ID_BYTES));
    cw_buf_init(&v[i].value, max_record_bytes);
    v[i].topic = i == 0 ? o->cfg->entities_topic : o->cfg->claims_topic;
  }
  *recs = v;
  *n_recs = n;
  err = cw_avro_encode_entities(codec, a, r, processed_at_ms, &v[0].value, errstr, errstr_size);
  if (!err)
    err = put_key(o, OUT_ENTITIES, a->id, &v[0].key);
  for (size_t i = 0; !err && i < r->n_claims; i++) {
    const char *key = o->cfg->claims_by_article ? a->id : r->claims[i].id;
    err = cw_avro_encode_claim(codec, a, r, i, processed_at_ms, &v[i + 1].value, errstr,
                               errstr_size);
    if (!err)
      err = put_key(o, OUT_CLAIMS, key, &v[i + 1].key);
  }
  if (err == CW_ERR_TOO_LARGE)
    snprintf(errstr, errstr_size, "an output record exceeds %zu bytes", max_record_bytes);
  return err;
}

void cw_output_recs_free(cw_output_rec_t **recs, size_t n) {
  if (!recs || !*recs)
    return;
  for (size_t i = 0; i < n; i++) {
    cw_buf_free(&(*recs)[i].key);
    cw_buf_free(&(*recs)[i].value);
  }
  free(*recs);
  *recs = NULL;
}
