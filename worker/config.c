/* config.c - the configuration: every worker/input/broker key declared once in cfg_table[]
 * with its type, bounds and default (after redis's static_configs[]), defaults, loading (file,
 * then environment, then validation: config_file.c, config_env.c, config_validate.c) and
 * `config dump`. kafka.{common,consumer,producer} groups go verbatim to librdkafka. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "config_int.h"
#include "cw_alloc.h"

#define S(sec, n, f, d) {sec, n, T_STR, offsetof(cw_config_t, f), d, 0, 0, 0}
#define I(sec, n, f, d, lo, hi) {sec, n, T_INT, offsetof(cw_config_t, f), NULL, d, lo, hi}
#define B(sec, n, f, d) {sec, n, T_BOOL, offsetof(cw_config_t, f), NULL, d, 0, 1}
#define L(n, k, d) {"input", n, T_LIST, offsetof(cw_config_t, input_fields[k]), d, 0, 0, 0}

const centry_t cfg_table[] = {
  S("worker", "group_id", group_id, "claimwire"),
  S("worker", "input_topic", input_topic, "articles"),
  S("worker", "entities_topic", entities_topic, "claimwire.entities"),
  S("worker", "claims_topic", claims_topic, "claimwire.claims"),
  S("worker", "dead_letter_topic", dead_letter_topic, "claimwire.deadletter"),
  S("worker", "model_dir", model_dir, ""),
  B("worker", "rules_only", rules_only, 0),
  S("worker", "log_level", log_level, "info"),
  B("worker", "log_json", log_json, 0),
  B("worker", "extract", extract, 1),
  S("worker", "processing_guarantee", processing_guarantee, "at_least_once"),
  S("worker", "transactional_id", transactional_id, ""),
  I("worker", "transaction_interval_ms", transaction_interval_ms, 1000, 10, 600000),
  I("worker", "max_message_bytes", max_message_bytes, 1048576, 1024, 1048576),
  I("worker", "max_in_flight", max_in_flight, 1000, 1, 1000000),
  I("worker", "max_in_flight_bytes", max_in_flight_bytes, 64 << 20, 1 << 20, 1LL << 34),
  I("worker", "max_in_flight_per_partition", max_in_flight_per_partition, 0, 0, 1000000),
  I("worker", "max_in_flight_bytes_per_partition", max_in_flight_bytes_per_partition, 0, 0,
    1LL << 34),
  I("worker", "threads", threads, 0, 0, 256),
  I("worker", "shutdown_timeout_ms", shutdown_timeout_ms, 30000, 100, 3600000),
  I("worker", "commit_interval_ms", commit_interval_ms, 200, 10, 600000),
  I("worker", "extract_budget_ms_per_100kb", extract_budget_ms_per_100kb, 3000, 0, 3600000),
  I("worker", "extract_budget_min_ms", extract_budget_min_ms, 2000, 1, 3600000),
  I("worker", "stats_interval_ms", stats_interval_ms, 5000, 0, 3600000),
  S("worker", "http_listen", http_listen, "127.0.0.1:9464"),
  S("worker", "output_format", output_format, ""),
  S("worker", "claims_key", claims_key, "claim_id"),
  S("worker", "schema_registry_url", schema_registry_url, ""),
  S("worker", "schema_registry_subject_strategy", schema_registry_subject_strategy, "topic"),
  S("worker", "schema_registry_key_format", schema_registry_key_format, "string"),
  S("worker", "schema_registry_user", schema_registry_user, ""),
  S("worker", "schema_registry_password", schema_registry_password, ""),
  S("worker", "schema_registry_ca_location", schema_registry_ca_location, ""),
  I("worker", "schema_registry_timeout_ms", schema_registry_timeout_ms, 30000, 100, 3600000),
  L("id_fields", CW_FIELD_ID, CW_INPUT_DEFAULT_ID),
  L("body_fields", CW_FIELD_BODY, CW_INPUT_DEFAULT_BODY),
  L("title_fields", CW_FIELD_TITLE, CW_INPUT_DEFAULT_TITLE),
  L("url_fields", CW_FIELD_URL, CW_INPUT_DEFAULT_URL),
  L("source_fields", CW_FIELD_SOURCE, CW_INPUT_DEFAULT_SOURCE),
  L("time_fields", CW_FIELD_TIME, CW_INPUT_DEFAULT_TIME),
  L("language_fields", CW_FIELD_LANGUAGE, CW_INPUT_DEFAULT_LANGUAGE),
  S("input", "invalid_utf8", input_invalid_utf8, "dead_letter"),
  B("input", "detect_language", input_detect_language, 1),
  S("input", "unsupported_language", input_unsupported_language, "empty_record"),
  I("broker", "count", broker_count, 3, 1, 16),
  S("broker", "bootstrap_file", bootstrap_file, ""),
};
const size_t cfg_table_n = sizeof(cfg_table) / sizeof(cfg_table[0]);

void cfg_kv_set_at(cw_kvlist_t *l, const char *name, const char *value, const char *where) {
  cw_kv_t *kv = NULL;
  for (size_t i = 0; i < l->n && !kv; i++)
    if (strcmp(l->items[i].name, name) == 0)
      kv = &l->items[i];
  if (!kv) {
    l->items = cw_realloc(l->items, (l->n + 1) * sizeof(*l->items));
    kv = &l->items[l->n++];
    kv->name = cw_strdup(name);
  } else {
    free(kv->value);
    free(kv->where);
  }
  kv->value = cw_strdup(value);
  kv->where = where ? cw_strdup(where) : NULL;
}

void cw_kvlist_set(cw_kvlist_t *l, const char *name, const char *value) {
  cfg_kv_set_at(l, name, value, NULL);
}

const char *cw_kvlist_get(const cw_kvlist_t *l, const char *name) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->items[i].name, name) == 0)
      return l->items[i].value;
  return NULL;
}

static void kvlist_free(cw_kvlist_t *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].name);
    free(l->items[i].value);
    free(l->items[i].where);
  }
  free(l->items);
  l->items = NULL;
  l->n = 0;
}

void cfg_add_topic(cw_config_t *c, const char *name, int partitions) {
  c->topics = cw_realloc(c->topics, (c->n_topics + 1) * sizeof(*c->topics));
  c->topics[c->n_topics].name = cw_strdup(name);
  c->topics[c->n_topics].partitions = partitions;
  c->n_topics++;
}

cw_config_t *cw_config_new_defaults(void) {
  cw_config_t *c = cw_calloc(1, sizeof(*c));
  for (size_t i = 0; i < cfg_table_n; i++) {
    const centry_t *e = &cfg_table[i];
    if (e->type == T_STR || e->type == T_LIST)
      *cfg_str(c, e) = cw_strdup(e->def_str);
    else if (e->type == T_INT)
      *cfg_int(c, e) = e->def_int;
    else
      *cfg_bool(c, e) = (int)e->def_int;
  }
  c->input = cw_input_new_defaults();
  cw_kvlist_set(&c->kafka_common, "bootstrap.servers", "localhost:9092");
  cw_kvlist_set(&c->kafka_consumer, "partition.assignment.strategy", "cooperative-sticky");
  cw_kvlist_set(&c->kafka_consumer, "auto.offset.reset", "earliest");
  cw_kvlist_set(&c->kafka_producer, "enable.idempotence", "true");
  /* An article's records leave in batches: 20 ms instead of librdkafka's 5 halves the produce
   * requests, and the producer's CPU per article with them, for at most 15 ms more latency. */
  cw_kvlist_set(&c->kafka_producer, "linger.ms", "20");
  /* Dead letters carry the original value, which may exceed librdkafka's 1 MB default. */
  cw_kvlist_set(&c->kafka_producer, "message.max.bytes", "8388608");
  return c;
}

int64_t cw_config_extract_budget_ms(const cw_config_t *c, size_t body_bytes) {
  if (c->extract_budget_ms_per_100kb <= 0)
    return 0;
  /* body_bytes <= 2^40 and the rate <= 3600000 keep the product far inside int64_t */
  int64_t ms = (int64_t)(((uint64_t)body_bytes * (uint64_t)c->extract_budget_ms_per_100kb +
                          102399u) / 102400u);
  return ms > c->extract_budget_min_ms ? ms : c->extract_budget_min_ms;
}

void cw_config_destroy(cw_config_t **pc) {
  if (!pc || !*pc)
    return;
  cw_config_t *c = *pc;
  for (size_t i = 0; i < cfg_table_n; i++)
    if (cfg_table[i].type == T_STR || cfg_table[i].type == T_LIST)
      free(*cfg_str(c, &cfg_table[i]));
  cw_input_destroy(&c->input);
  kvlist_free(&c->kafka_common);
  kvlist_free(&c->kafka_consumer);
  kvlist_free(&c->kafka_producer);
  for (size_t i = 0; i < c->n_topics; i++)
    free(c->topics[i].name);
  free(c->topics);
  free(c->path);
  free(c->warning);
  free(c);
  *pc = NULL;
}

int cw_config_is_secret(const char *name) {
  static const char *needles[] = {"password", "secret", "key.pem", "key.password",
                                  "keystore", "sasl.oauthbearer.config", "token"};
  for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
    if (strstr(name, needles[i]))
      return 1;
  /* ssl.key.location is a path, not a secret; ssl.key.pem is the key itself. */
  return 0;
}

/* ==== Setting a value from text (environment) or a libconfig setting ==== */


cw_err_t cfg_set_from_string(cw_config_t *c, const centry_t *e, const char *v, char *errstr,
                                size_t errsz, const char *where) {
  if (e->type == T_STR || e->type == T_LIST) {
    free(*cfg_str(c, e));
    *cfg_str(c, e) = cw_strdup(v);
    return CW_OK;
  }
  if (e->type == T_BOOL) {
    if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"))
      *cfg_bool(c, e) = 1;
    else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no"))
      *cfg_bool(c, e) = 0;
    else {
      snprintf(errstr, errsz, "%s: %s.%s must be true or false", where, e->section, e->name);
      return CW_ERR_CONFIG;
    }
    return CW_OK;
  }
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (errno || end == v || *end) {
    snprintf(errstr, errsz, "%s: %s.%s must be an integer", where, e->section, e->name);
    return CW_ERR_CONFIG;
  }
  *cfg_int(c, e) = x;
  return CW_OK;
}

cw_err_t cfg_check_bounds(cw_config_t *c, const centry_t *e, char *errstr, size_t errsz,
                             const char *where) {
  if (e->type != T_INT)
    return CW_OK;
  int64_t v = *cfg_int(c, e);
  if (v < e->min || v > e->max) {
    snprintf(errstr, errsz, "%s: %s.%s = %lld is out of range [%lld, %lld]", where, e->section,
             e->name, (long long)v, (long long)e->min, (long long)e->max);
    return CW_ERR_CONFIG;
  }
  return CW_OK;
}

cw_err_t cw_config_load(const char *path, cw_config_t **out, char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  cw_config_t *c = cw_config_new_defaults();
  if (path) {
    c->path = cw_strdup(path);
    err = cfg_read_file(c, path, errstr, errsz);
  }
  if (!err)
    err = cfg_apply_env(c, errstr, errsz);
  if (!err)
    err = cfg_validate(c, errstr, errsz);
  if (err)
    cw_config_destroy(&c);
  *out = c;
  return err;
}

static void dump_kv(FILE *out, const char *group, const cw_kvlist_t *l) {
  fprintf(out, "  %s: {\n", group);
  for (size_t i = 0; i < l->n; i++) {
    char name[256];
    snprintf(name, sizeof(name), "%s", l->items[i].name);
    for (char *p = name; *p; p++)
      if (*p == '.')
        *p = '_';
    fprintf(out, "    %s = \"%s\";\n", name,
            cw_config_is_secret(l->items[i].name) ? "<redacted>" : l->items[i].value);
  }
  fprintf(out, "  };\n");
}

static void dump_names(FILE *out, const char *key, const char *joined) {
  fprintf(out, "  %s = [\"", key);
  for (const char *p = joined; *p; p++)
    fputs(*p == ',' ? "\", \"" : (char[2]){*p, 0}, out);
  fprintf(out, "\"];\n");
}

void cw_config_dump(const cw_config_t *cc, FILE *out) {
  cw_config_t *c = (cw_config_t *)cc;
  const char *sections[] = {"worker", "input", "broker"};
  for (int s = 0; s < 3; s++) {
    fprintf(out, "%s: {\n", sections[s]);
    for (size_t i = 0; i < cfg_table_n; i++) {
      const centry_t *e = &cfg_table[i];
      if (strcmp(e->section, sections[s]))
        continue;
      if (e->type == T_STR)
        fprintf(out, "  %s = \"%s\";\n", e->name,
                cw_config_is_secret(e->name) && (*cfg_str(c, e))[0] ? "<redacted>"
                                                                     : *cfg_str(c, e));
      else if (e->type == T_LIST)
        dump_names(out, e->name, *cfg_str(c, e));
      else if (e->type == T_INT)
        fprintf(out, "  %s = %lld;\n", e->name, (long long)*cfg_int(c, e));
      else
        fprintf(out, "  %s = %s;\n", e->name, *cfg_bool(c, e) ? "true" : "false");
    }
    if (s == 2) {
      fprintf(out, "  topics = (\n");
      for (size_t i = 0; i < c->n_topics; i++)
        fprintf(out, "    { name = \"%s\"; partitions = %d; }%s\n", c->topics[i].name,
                c->topics[i].partitions, i + 1 < c->n_topics ? "," : "");
      fprintf(out, "  );\n");
    }
    fprintf(out, "};\n");
  }
  fprintf(out, "kafka: {\n");
  dump_kv(out, "common", &c->kafka_common);
  dump_kv(out, "consumer", &c->kafka_consumer);
  dump_kv(out, "producer", &c->kafka_producer);
  fprintf(out, "};\n");
}
