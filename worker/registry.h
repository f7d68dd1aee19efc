/* registry.h - a Confluent Schema Registry client (REST subset over libcurl): registers the
 * output schemas, looks schemas up by id, caches both, and retries while the registry is down. */
#ifndef CW_REGISTRY_H
#define CW_REGISTRY_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"

/** How the subject of a topic's value schema is named (Confluent's subject name strategies). */
typedef enum {
  CW_REGISTRY_SUBJECT_TOPIC = 0,    /* "<topic>-value" (TopicNameStrategy, the default) */
  CW_REGISTRY_SUBJECT_RECORD,       /* "<record full name>" (RecordNameStrategy) */
  CW_REGISTRY_SUBJECT_TOPIC_RECORD  /* "<topic>-<record full name>" (TopicRecordNameStrategy) */
} cw_registry_strategy_t;

/** Connection options. Strings are copied by cw_registry_create(); NULL or "" means unset. */
typedef struct {
  const char *url;                 /* base URL, e.g. "http://registry:8081" (required) */
  const char *user;                /* HTTP basic auth user; no auth if unset */
  const char *password;            /* HTTP basic auth password */
  const char *ca_location;         /* CA bundle (PEM file) for https; system default if unset */
  cw_registry_strategy_t strategy; /* subject naming for cw_registry_register_topic() */
  int64_t timeout_ms;              /* total time one operation may take, retries included
                                    * (<= 0: 30000) */
} cw_registry_opts_t;

typedef struct cw_registry_s cw_registry_t;

/**
 * @brief Parses a strategy name: "topic", "record" or "topic_record".
 * @returns CW_OK and *@p out, or CW_ERR_CONFIG with a reason in @p errstr.
 */
cw_err_t cw_registry_parse_strategy(const char *name, cw_registry_strategy_t *out,
                                    char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Creates a client. Does not contact the registry (the first request does).
 * @returns CW_OK and *@p out, or CW_ERR_CONFIG (no or bad URL) with a reason in @p errstr.
 * @locality any thread; the client is then used by one thread at a time.
 */
cw_err_t cw_registry_create(cw_registry_t **out, const cw_registry_opts_t *opts, char *errstr,
                            size_t errstr_size) CW_WUR;

/** @brief Frees the client and its caches and sets *@p r to NULL. Accepts NULL. */
void cw_registry_destroy(cw_registry_t **r);

/**
 * @brief Writes the subject of @p topic's value schema @p schema_json (NUL-terminated) under
 * the client's strategy into @p out (@p out_size bytes, NUL-terminated).
 * @returns CW_OK, CW_ERR_FORMAT (the record/topic strategies need a named record schema),
 *          or CW_ERR_TOO_LARGE, with a reason in @p errstr.
 */
cw_err_t cw_registry_subject(const cw_registry_t *r, const char *topic,
                             const char *schema_json, char *out, size_t out_size,
                             char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Registers @p schema_json under @p subject (POST /subjects/{subject}/versions) and
 * returns its global id. Registering a schema the subject already has returns the existing id
 * (registry semantics); a (subject, schema) pair registered before by this client is answered
 * from the cache without a request.
 * @returns CW_OK and *@p id; CW_ERR_CONFIG when the registry refuses the schema (409
 *          incompatible, 422 invalid, 401/403 auth) with the registry's message in @p errstr;
 *          CW_ERR_TIMEOUT when it stayed unreachable or answered 5xx for the whole timeout;
 *          CW_ERR_FORMAT on an unexpected answer.
 */
cw_err_t cw_registry_register(cw_registry_t *r, const char *subject, const char *schema_json,
                              int32_t *id, char *errstr, size_t errstr_size) CW_WUR;

/** @brief cw_registry_register() under the subject of @p topic (cw_registry_subject()). */
cw_err_t cw_registry_register_topic(cw_registry_t *r, const char *topic,
                                    const char *schema_json, int32_t *id, char *errstr,
                                    size_t errstr_size) CW_WUR;

/**
 * @brief Looks schema @p id up (GET /schemas/ids/{id}), from the cache if seen before.
 * @param schema_json receives the schema text, owned by @p r and valid until it is destroyed.
 * @returns CW_OK, CW_ERR_NOT_FOUND (404), or as cw_registry_register().
 */
cw_err_t cw_registry_schema_by_id(cw_registry_t *r, int32_t id, const char **schema_json,
                                  char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Fetches the latest version of @p subject (GET /subjects/{subject}/versions/latest)
 * and caches its schema by id. Never answered from the cache: "latest" changes.
 * @param version may be NULL. @param schema_json may be NULL; as cw_registry_schema_by_id().
 * @returns CW_OK, CW_ERR_NOT_FOUND (no such subject), or as cw_registry_register().
 */
cw_err_t cw_registry_latest(cw_registry_t *r, const char *subject, int32_t *id,
                            int32_t *version, const char **schema_json, char *errstr,
                            size_t errstr_size) CW_WUR;

/**
 * @brief Registers the key schema "string" under "<topic>-key" (keys always follow the topic
 * name strategy, as Confluent's serializers default to) for Avro-framed keys; see
 * cw_avro_confluent_string_key().
 * @returns CW_OK and *@p id, or as cw_registry_register() with the topic named in @p errstr.
 */
cw_err_t cw_registry_register_key(cw_registry_t *r, const char *topic, int32_t *id,
                                  char *errstr, size_t errstr_size) CW_WUR;

/**
 * @brief Registers the embedded output schemas (schemas.h: entities.avsc, claims.avsc) under
 * the subjects of @p entities_topic and @p claims_topic; called once at worker start. The ids
 * go to cw_avro_codec_set_framing(codec, CW_AVRO_FRAME_CONFLUENT, *entities_id, *claims_id).
 * @returns CW_OK, or as cw_registry_register() with the topic named in @p errstr.
 */
cw_err_t cw_registry_register_outputs(cw_registry_t *r, const char *entities_topic,
                                      const char *claims_topic, int32_t *entities_id,
                                      int32_t *claims_id, char *errstr,
                                      size_t errstr_size) CW_WUR;

/** @returns the number of HTTP requests sent so far (attempts, retries included). */
uint64_t cw_registry_requests(const cw_registry_t *r);

#endif
