/* config.h - the worker's configuration: one libconfig file (config/claimwire.cfg), declared
 * once in a table (config.c), validated before anything connects, with environment overrides. */
#ifndef CW_CONFIG_H
#define CW_CONFIG_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cw_err.h"
#include "input.h"

/** A librdkafka property passed through verbatim. */
typedef struct {
  char *name;   /* e.g. "bootstrap.servers" */
  char *value;
  char *where;  /* "file:line" or "environment NAME" it came from; NULL for a default */
} cw_kv_t;

typedef struct {
  cw_kv_t *items;
  size_t n;
} cw_kvlist_t;

typedef struct {
  char *name;
  int partitions;
} cw_topic_spec_t;

typedef enum { CW_GUARANTEE_AT_LEAST_ONCE = 0, CW_GUARANTEE_EXACTLY_ONCE } cw_guarantee_t;

/** How output records are written (worker.output_format). */
typedef enum {
  CW_FORMAT_SINGLE_OBJECT = 0, /* Avro single-object encoding: C3 01 + schema fingerprint */
  CW_FORMAT_CONFLUENT,         /* Confluent wire format: 00 + schema id from the registry */
  CW_FORMAT_JSON               /* the same record as one JSON object */
} cw_output_format_t;

typedef struct {
  /* worker { } */
  char *group_id;
  char *input_topic;
  char *entities_topic;
  char *claims_topic;
  char *dead_letter_topic;
  char *model_dir;            /* "" = next to the binary (see models.h) */
  int rules_only;             /* 1: no statistical models, by choice (extractor_version says so) */
  char *log_level;
  int log_json;
  int extract;                /* 0 = passthrough: parse and frame only (benchmarks) */
  char *processing_guarantee; /* "at_least_once" | "exactly_once" */
  cw_guarantee_t guarantee;
  char *transactional_id;          /* exactly_once: the producer's transactional.id */
  int64_t transaction_interval_ms; /* exactly_once: how long a transaction stays open */
  int64_t max_message_bytes;
  int64_t max_in_flight;       /* input messages consumed but not fully delivered */
  int64_t max_in_flight_bytes; /* their input bytes */
  int64_t max_in_flight_per_partition;       /* per input partition; 0 = max_in_flight / 2 */
  int64_t max_in_flight_bytes_per_partition; /* 0 = max_in_flight_bytes / 2 */
  int64_t threads;             /* extraction threads; 0 = number of online CPUs */
  int64_t shutdown_timeout_ms;
  int64_t commit_interval_ms;  /* at_least_once: stored offsets are committed this often */
  /* Extraction time budget per article: extract_budget_ms_per_100kb for each 100 KiB of body,
   * at least extract_budget_min_ms; past it the article is dead-lettered (extraction_budget).
   * extract_budget_ms_per_100kb = 0: no budget. */
  int64_t extract_budget_ms_per_100kb;
  int64_t extract_budget_min_ms;
  int64_t stats_interval_ms;  /* librdkafka statistics (consumer lag metrics); 0 = off */
  char *http_listen;          /* "HOST:PORT" of /metrics, /healthz, /readyz; "" = off */
  /* Output records: "confluent" | "single_object" | "json"; "" = not chosen (then confluent
   * with a registry URL, else single_object, and a warning: see cw_config_t.warning). */
  char *output_format;
  cw_output_format_t format;   /* the effective format, set by validation */
  char *claims_key;            /* "claim_id" | "article_id": the key of claims records */
  int claims_by_article;       /* 1: claims keyed by article id (claims_key = article_id) */
  /* Schema Registry (output_format confluent; `tail` reads with it too) */
  char *schema_registry_url;
  char *schema_registry_subject_strategy; /* topic | record | topic_record */
  char *schema_registry_key_format;       /* string (UTF-8 article id) | avro */
  char *schema_registry_user;
  char *schema_registry_password;
  char *schema_registry_ca_location;
  int64_t schema_registry_timeout_ms;
  /* input { }: candidate JSON member names per article field, comma-joined (a list in the
   * file, "a,b" in the environment), and what to do with non-UTF-8 bytes and other languages */
  char *input_fields[CW_FIELD__COUNT]; /* indexed by cw_field_t */
  char *input_invalid_utf8;            /* dead_letter | windows_1252 */
  int input_detect_language;
  char *input_unsupported_language;    /* empty_record | dead_letter */
  cw_input_t *input;                   /* built from the above by validation */
  /* kafka { common { } consumer { } producer { } } */
  cw_kvlist_t kafka_common, kafka_consumer, kafka_producer;
  /* broker { } */
  int64_t broker_count;
  char *bootstrap_file;       /* "" = don't write */
  cw_topic_spec_t *topics;
  size_t n_topics;
  char *path;                 /* file it was read from, or NULL for defaults */
  char *warning;              /* NULL, or what `config check` and `run` warn about: a setting
                               * left to a default that will change or that should be chosen */
} cw_config_t;

/** @returns a configuration holding every default. */
cw_config_t *cw_config_new_defaults(void);

/**
 * @brief Reads @p path over the defaults, then applies environment overrides (see
 * config/claimwire.cfg), then validates.
 * @returns CW_OK, or CW_ERR_CONFIG with "file:line: problem" in @p errstr.
 */
cw_err_t cw_config_load(const char *path, cw_config_t **out, char *errstr,
                        size_t errstr_size) CW_WUR;

/** Sets a kafka property in @p list (replacing an existing one of that name). */
void cw_kvlist_set(cw_kvlist_t *list, const char *name, const char *value);
/** @returns the value of @p name in @p list, or NULL. */
const char *cw_kvlist_get(const cw_kvlist_t *list, const char *name);

/** Writes the effective configuration in libconfig syntax; secrets print as "<redacted>". */
void cw_config_dump(const cw_config_t *cfg, FILE *out);

/** @returns non-zero if a librdkafka property name holds a secret (password, key, secret). */
int cw_config_is_secret(const char *name);

/** @returns the extraction time budget, ms, of an article body of @p body_bytes bytes; 0 = none. */
int64_t cw_config_extract_budget_ms(const cw_config_t *cfg, size_t body_bytes);

void cw_config_destroy(cw_config_t **cfg);

#endif
