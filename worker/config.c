/* config.c - configuration file parsing (libconfig), environment overrides and validation.
 * Every worker/broker key is declared once in config_table[] with its type, bounds and default,
 * after redis's static_configs[]. kafka.{common,consumer,producer} groups go verbatim to
 * librdkafka with '_' in a key read as '.' (libconfig names cannot contain dots). */
#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config.h"
#include "netaddr.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_log.h"

typedef enum { T_STR, T_INT, T_BOOL, T_LIST } ctype_t; /* T_LIST: char *, names joined by , */

typedef struct {
  const char *section;
  const char *name;
  ctype_t type;
  size_t off;
  const char *def_str;
  int64_t def_int, min, max;
} centry_t;

#define S(sec, n, f, d) {sec, n, T_STR, offsetof(cw_config_t, f), d, 0, 0, 0}
#define I(sec, n, f, d, lo, hi) {sec, n, T_INT, offsetof(cw_config_t, f), NULL, d, lo, hi}
#define B(sec, n, f, d) {sec, n, T_BOOL, offsetof(cw_config_t, f), NULL, d, 0, 1}
#define L(n, k, d) {"input", n, T_LIST, offsetof(cw_config_t, input_fields[k]), d, 0, 0, 0}

static const centry_t config_table[] = {
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
#define N_ENTRIES (sizeof(config_table) / sizeof(config_table[0]))

static char **str_field(cw_config_t *c, const centry_t *e) { return (char **)((char *)c + e->off); }
static int64_t *int_field(cw_config_t *c, const centry_t *e) { return (int64_t *)((char *)c + e->off); }
static int *bool_field(cw_config_t *c, const centry_t *e) { return (int *)((char *)c + e->off); }

/* Sets @p name, remembering where the value came from (NULL: a default or a command line). */
static void kv_set_at(cw_kvlist_t *l, const char *name, const char *value, const char *where) {
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
  kv_set_at(l, name, value, NULL);
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

static void add_topic(cw_config_t *c, const char *name, int partitions) {
  c->topics = cw_realloc(c->topics, (c->n_topics + 1) * sizeof(*c->topics));
  c->topics[c->n_topics].name = cw_strdup(name);
  c->topics[c->n_topics].partitions = partitions;
  c->n_topics++;
}

cw_config_t *cw_config_new_defaults(void) {
  cw_config_t *c = cw_calloc(1, sizeof(*c));
  for (size_t i = 0; i < N_ENTRIES; i++) {
    const centry_t *e = &config_table[i];
    if (e->type == T_STR || e->type == T_LIST)
      *str_field(c, e) = cw_strdup(e->def_str);
    else if (e->type == T_INT)
      *int_field(c, e) = e->def_int;
    else
      *bool_field(c, e) = (int)e->def_int;
  }
  c->input = cw_input_new_defaults();
  cw_kvlist_set(&c->kafka_common, "bootstrap.servers", "localhost:9092");
  cw_kvlist_set(&c->kafka_consumer, "partition.assignment.strategy", "cooperative-sticky");
  cw_kvlist_set(&c->kafka_consumer, "auto.offset.reset", "earliest");
  cw_kvlist_set(&c->kafka_producer, "enable.idempotence", "true");
  cw_kvlist_set(&c->kafka_producer, "linger.ms", "5");
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
  for (size_t i = 0; i < N_ENTRIES; i++)
    if (config_table[i].type == T_STR || config_table[i].type == T_LIST)
      free(*str_field(c, &config_table[i]));
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

static cw_err_t set_from_string(cw_config_t *c, const centry_t *e, const char *v, char *errstr,
                                size_t errsz, const char *where) {
  if (e->type == T_STR || e->type == T_LIST) {
    free(*str_field(c, e));
    *str_field(c, e) = cw_strdup(v);
    return CW_OK;
  }
  if (e->type == T_BOOL) {
    if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"))
      *bool_field(c, e) = 1;
    else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no"))
      *bool_field(c, e) = 0;
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
  *int_field(c, e) = x;
  return CW_OK;
}

static cw_err_t check_bounds(cw_config_t *c, const centry_t *e, char *errstr, size_t errsz,
                             const char *where) {
  if (e->type != T_INT)
    return CW_OK;
  int64_t v = *int_field(c, e);
  if (v < e->min || v > e->max) {
    snprintf(errstr, errsz, "%s: %s.%s = %lld is out of range [%lld, %lld]", where, e->section,
             e->name, (long long)v, (long long)e->min, (long long)e->max);
    return CW_ERR_CONFIG;
  }
  return CW_OK;
}

static void where_of(const config_setting_t *s, const char *path, char *buf, size_t n) {
  snprintf(buf, n, "%s:%d", path, config_setting_source_line(s));
}

/* A list of field names ["body", "text"], stored joined by ','. */
static cw_err_t read_names(char **out, const config_setting_t *s, const char *where,
                           const char *secname, const char *name, char *errstr, size_t errsz) {
  cw_buf_t b;
  cw_buf_init(&b, 1 << 16);
  cw_err_t err = CW_OK;
  for (int i = 0; i < config_setting_length(s) && !err; i++) {
    const char *v = config_setting_get_string_elem(s, i);
    if (!v || !*v || strchr(v, ',')) {
      snprintf(errstr, errsz, "%s: %s.%s must be a list of non-empty names without ','", where,
               secname, name);
      err = CW_ERR_CONFIG;
    } else if (cw_buf_printf(&b, "%s%s", i ? "," : "", v) != CW_OK) {
      snprintf(errstr, errsz, "%s: %s.%s is too long", where, secname, name);
      err = CW_ERR_CONFIG;
    }
  }
  if (!err) {
    free(*out);
    *out = cw_strndup(b.p ? b.p : "", b.len);
  }
  cw_buf_free(&b);
  return err;
}

/* Reads one worker/input/broker section, refusing unknown keys. */
static cw_err_t read_section(cw_config_t *c, config_setting_t *sec, const char *secname,
                             const char *path, char *errstr, size_t errsz) {
  char where[512];
  if (!config_setting_is_group(sec)) {
    where_of(sec, path, where, sizeof(where));
    snprintf(errstr, errsz, "%s: '%s' must be a group { ... }", where, secname);
    return CW_ERR_CONFIG;
  }
  int n = config_setting_length(sec);
  for (int i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(sec, (unsigned)i);
    const char *name = config_setting_name(s);
    where_of(s, path, where, sizeof(where));
    if (!strcmp(secname, "broker") && !strcmp(name, "topics"))
      continue; /* read by read_topics() */
    const centry_t *e = NULL;
    for (size_t k = 0; k < N_ENTRIES; k++)
      if (!strcmp(config_table[k].section, secname) && !strcmp(config_table[k].name, name))
        e = &config_table[k];
    if (!e) {
      snprintf(errstr, errsz, "%s: unknown setting '%s.%s'", where, secname, name);
      return CW_ERR_CONFIG;
    }
    int t = config_setting_type(s);
    if ((e->type == T_STR || e->type == T_LIST) && t == CONFIG_TYPE_STRING) {
      free(*str_field(c, e));
      *str_field(c, e) = cw_strdup(config_setting_get_string(s));
    } else if (e->type == T_INT && (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)) {
      *int_field(c, e) = config_setting_get_int64(s);
    } else if (e->type == T_BOOL && t == CONFIG_TYPE_BOOL) {
      *bool_field(c, e) = config_setting_get_bool(s);
    } else if (e->type == T_LIST && (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST)) {
      cw_err_t err = read_names(str_field(c, e), s, where, secname, name, errstr, errsz);
      if (err)
        return err;
    } else {
      snprintf(errstr, errsz, "%s: %s.%s must be %s", where, secname, name,
               e->type == T_STR ? "a string" : e->type == T_INT ? "an integer"
               : e->type == T_LIST ? "a list of names [\"a\", \"b\"]" : "true or false");
      return CW_ERR_CONFIG;
    }
    cw_err_t err = check_bounds(c, e, errstr, errsz, where);
    if (err)
      return err;
  }
  return CW_OK;
}

static cw_err_t read_topics(cw_config_t *c, config_setting_t *list, const char *path,
                            char *errstr, size_t errsz) {
  char where[512];
  where_of(list, path, where, sizeof(where));
  if (!config_setting_is_list(list)) {
    snprintf(errstr, errsz, "%s: broker.topics must be a list ( {name=...; partitions=...;}, ... )",
             where);
    return CW_ERR_CONFIG;
  }
  for (size_t i = 0; i < c->n_topics; i++)
    free(c->topics[i].name);
  c->n_topics = 0;
  int n = config_setting_length(list);
  for (int i = 0; i < n; i++) {
    config_setting_t *t = config_setting_get_elem(list, (unsigned)i);
    const char *name = NULL;
    int parts = 1;
    where_of(t, path, where, sizeof(where));
    if (!config_setting_is_group(t) || !config_setting_lookup_string(t, "name", &name) ||
        !*name) {
      snprintf(errstr, errsz, "%s: each topic needs name = \"...\"", where);
      return CW_ERR_CONFIG;
    }
    if (config_setting_get_member(t, "partitions") &&
        (!config_setting_lookup_int(t, "partitions", &parts) || parts < 1 || parts > 1024)) {
      snprintf(errstr, errsz, "%s: partitions of topic '%s' must be an integer in [1, 1024]",
               where, name);
      return CW_ERR_CONFIG;
    }
    add_topic(c, name, parts);
  }
  return CW_OK;
}

/* Checks one librdkafka property against librdkafka itself, so typos fail at config check. */
static cw_err_t check_kafka_prop(const char *name, const char *value, char *errstr, size_t errsz,
                                 const char *where) {
  char rderr[256];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, name, value, rderr, sizeof(rderr));
  rd_kafka_conf_destroy(conf);
  if (res != RD_KAFKA_CONF_OK) {
    snprintf(errstr, errsz, "%s: kafka property '%s': %s", where, name, rderr);
    return CW_ERR_CONFIG;
  }
  return CW_OK;
}

static void dots(char *s) {
  for (; *s; s++)
    if (*s == '_')
      *s = '.';
}

static cw_err_t read_kafka_group(cw_kvlist_t *l, config_setting_t *g, const char *path,
                                 char *errstr, size_t errsz) {
  char where[512], name[256], value[64];
  int n = config_setting_length(g);
  for (int i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    where_of(s, path, where, sizeof(where));
    snprintf(name, sizeof(name), "%s", config_setting_name(s));
    dots(name);
    const char *v;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_STRING: v = config_setting_get_string(s); break;
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
      snprintf(value, sizeof(value), "%lld", config_setting_get_int64(s));
      v = value;
      break;
    case CONFIG_TYPE_BOOL: v = config_setting_get_bool(s) ? "true" : "false"; break;
    default:
      snprintf(errstr, errsz, "%s: kafka property '%s' must be a string, integer or boolean",
               where, name);
      return CW_ERR_CONFIG;
    }
    cw_err_t err = check_kafka_prop(name, v, errstr, errsz, where);
    if (err)
      return err;
    kv_set_at(l, name, v, where);
  }
  return CW_OK;
}

static cw_err_t read_kafka(cw_config_t *c, config_setting_t *k, const char *path, char *errstr,
                           size_t errsz) {
  char where[512];
  int n = config_setting_length(k);
  for (int i = 0; i < n; i++) {
    config_setting_t *g = config_setting_get_elem(k, (unsigned)i);
    const char *name = config_setting_name(g);
    where_of(g, path, where, sizeof(where));
    cw_kvlist_t *l = !strcmp(name, "common")     ? &c->kafka_common
                     : !strcmp(name, "consumer") ? &c->kafka_consumer
                     : !strcmp(name, "producer") ? &c->kafka_producer
                                                 : NULL;
    if (!l || !config_setting_is_group(g)) {
      snprintf(errstr, errsz, "%s: kafka groups are common { }, consumer { } and producer { }; "
               "got '%s'", where, name);
      return CW_ERR_CONFIG;
    }
    cw_err_t err = read_kafka_group(l, g, path, errstr, errsz);
    if (err)
      return err;
  }
  return CW_OK;
}

/* ==== Environment overrides ==== */

static char *read_secret_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char buf[8192];
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
    n--;
  return cw_strndup(buf, n);
}

/* CLAIMWIRE_<SECTION>_<KEY> for worker/broker keys (e.g. CLAIMWIRE_WORKER_GROUP_ID);
 * CLAIMWIRE_KAFKA_<GROUP>_<PROPERTY> for librdkafka (e.g. CLAIMWIRE_KAFKA_COMMON_SASL_PASSWORD
 * -> sasl.password); a _FILE suffix reads the value from that file (for mounted secrets);
 * CLAIMWIRE_BOOTSTRAP_SERVERS is short for CLAIMWIRE_KAFKA_COMMON_BOOTSTRAP_SERVERS. */
static void env_name(const centry_t *e, const char *suffix, char *key, size_t size) {
  snprintf(key, size, "CLAIMWIRE_%s_%s%s", e->section, e->name, suffix);
  for (char *p = key; *p; p++)
    *p = (char)toupper((unsigned char)*p);
}

/* Every CLAIMWIRE_WORKER_* and CLAIMWIRE_BROKER_* variable must name a setting (a string
 * setting also as <NAME>_FILE): a misspelt override is an error, not silently ignored. */
static cw_err_t check_env_names(char *errstr, size_t errsz) {
  extern char **environ;
  static const char *const prefixes[] = {"CLAIMWIRE_WORKER_", "CLAIMWIRE_BROKER_",
                                         "CLAIMWIRE_INPUT_"};
  char key[256];
  for (char **env = environ; *env; env++) {
    const char *eq = strchr(*env, '=');
    size_t len = eq ? (size_t)(eq - *env) : strlen(*env);
    int ours = 0, known = 0;
    for (size_t p = 0; p < 3; p++)
      ours |= strncmp(*env, prefixes[p], strlen(prefixes[p])) == 0;
    if (!ours)
      continue;
    for (size_t i = 0; i < N_ENTRIES && !known; i++) {
      env_name(&config_table[i], "", key, sizeof(key));
      known = strlen(key) == len && strncmp(*env, key, len) == 0;
      env_name(&config_table[i], "_FILE", key, sizeof(key));
      known |= config_table[i].type == T_STR && strlen(key) == len &&
               strncmp(*env, key, len) == 0;
    }
    if (!known) {
      snprintf(errstr, errsz, "environment %.*s: unknown setting (CLAIMWIRE_WORKER_<KEY>, "
               "CLAIMWIRE_INPUT_<KEY> and CLAIMWIRE_BROKER_<KEY> override worker.<key>, "
               "input.<key> and broker.<key>; see `claimwire config dump`)", (int)len, *env);
      return CW_ERR_CONFIG;
    }
  }
  return CW_OK;
}

static cw_err_t apply_env(cw_config_t *c, char *errstr, size_t errsz) {
  extern char **environ;
  char key[256], fkey[270], where[300];
  cw_err_t err = check_env_names(errstr, errsz);
  if (err)
    return err;
  for (size_t i = 0; i < N_ENTRIES; i++) {
    const centry_t *e = &config_table[i];
    env_name(e, "", key, sizeof(key));
    env_name(e, "_FILE", fkey, sizeof(fkey));
    const char *v = getenv(key), *file = e->type == T_STR ? getenv(fkey) : NULL;
    char *from_file = NULL;
    if (v && file) {
      snprintf(errstr, errsz, "environment %s and %s: set one or the other", key, fkey);
      return CW_ERR_CONFIG;
    }
    if (file) {
      /* A mounted secret (the registry password): the file's content, final newline off. */
      from_file = read_secret_file(file);
      if (!from_file) {
        snprintf(errstr, errsz, "environment %s: cannot read file '%s'", fkey, file);
        return CW_ERR_CONFIG;
      }
      v = from_file;
    }
    if (!v)
      continue;
    snprintf(where, sizeof(where), "environment %s", file ? fkey : key);
    err = set_from_string(c, e, v, errstr, errsz, where);
    if (!err)
      err = check_bounds(c, e, errstr, errsz, where);
    free(from_file);
    if (err)
      return err;
  }
  const char *bs = getenv("CLAIMWIRE_BOOTSTRAP_SERVERS");
  if (bs && *bs)
    cw_kvlist_set(&c->kafka_common, "bootstrap.servers", bs);
  static const struct {
    const char *prefix;
    size_t off;
  } groups[] = {{"CLAIMWIRE_KAFKA_COMMON_", offsetof(cw_config_t, kafka_common)},
                {"CLAIMWIRE_KAFKA_CONSUMER_", offsetof(cw_config_t, kafka_consumer)},
                {"CLAIMWIRE_KAFKA_PRODUCER_", offsetof(cw_config_t, kafka_producer)}};
  for (char **env = environ; *env; env++) {
    for (size_t g = 0; g < 3; g++) {
      size_t pl = strlen(groups[g].prefix);
      if (strncmp(*env, groups[g].prefix, pl) != 0)
        continue;
      const char *eq = strchr(*env, '=');
      if (!eq || (size_t)(eq - *env) <= pl || (size_t)(eq - *env) - pl >= sizeof(key))
        continue;
      size_t kl = (size_t)(eq - *env) - pl;
      memcpy(key, *env + pl, kl);
      key[kl] = '\0';
      char *value = NULL;
      if (kl > 5 && !strcmp(key + kl - 5, "_FILE")) {
        key[kl - 5] = '\0';
        value = read_secret_file(eq + 1);
        if (!value) {
          snprintf(errstr, errsz, "environment %.*s: cannot read file '%s'", (int)(eq - *env),
                   *env, eq + 1);
          return CW_ERR_CONFIG;
        }
      } else {
        value = cw_strdup(eq + 1);
      }
      for (char *p = key; *p; p++)
        *p = *p == '_' ? '.' : (char)tolower((unsigned char)*p);
      snprintf(where, sizeof(where), "environment %s%s", groups[g].prefix, key);
      cw_err_t err = check_kafka_prop(key, value, errstr, errsz, where);
      if (!err)
        kv_set_at((cw_kvlist_t *)((char *)c + groups[g].off), key, value, where);
      free(value);
      if (err)
        return err;
    }
  }
  return CW_OK;
}

/* ==== Validation of the whole ==== */

/* A per-partition cap above its total cap could never apply: refuse it rather than ignore it. */
static cw_err_t check_part_cap(const char *where, const char *name, int64_t part, int64_t total,
                               char *errstr, size_t errsz) {
  if (part <= total)
    return CW_OK;
  snprintf(errstr, errsz, "%s: worker.%s_per_partition = %lld exceeds worker.%s = %lld; a "
           "partition cannot hold more than the whole worker (0 = half of worker.%s)", where,
           name, (long long)part, name, (long long)total, name);
  return CW_ERR_CONFIG;
}

static cw_err_t validate_caps(const cw_config_t *c, const char *where, char *errstr,
                              size_t errsz) {
  cw_err_t err = check_part_cap(where, "max_in_flight", c->max_in_flight_per_partition,
                                c->max_in_flight, errstr, errsz);
  if (!err)
    err = check_part_cap(where, "max_in_flight_bytes", c->max_in_flight_bytes_per_partition,
                         c->max_in_flight_bytes, errstr, errsz);
  return err;
}

/* At least once, offsets are stored as records are acknowledged and committed by the
 * auto-commit timer: with enable.auto.commit = false nothing would be committed while running,
 * and a restart would reprocess everything. (Exactly once commits in transactions and turns it
 * off itself.) */
static cw_err_t validate_auto_commit(const cw_config_t *c, const char *where, char *errstr,
                                     size_t errsz) {
  if (c->guarantee != CW_GUARANTEE_AT_LEAST_ONCE)
    return CW_OK;
  const cw_kvlist_t *lists[] = {&c->kafka_consumer, &c->kafka_common};
  for (size_t i = 0; i < 2; i++) {
    for (size_t k = 0; k < lists[i]->n; k++) {
      const cw_kv_t *kv = &lists[i]->items[k];
      if (strcmp(kv->name, "enable.auto.commit") != 0)
        continue;
      if (strcasecmp(kv->value, "false") == 0 || strcmp(kv->value, "0") == 0) {
        snprintf(errstr, errsz, "%s: kafka property 'enable.auto.commit' = %s: with "
                 "worker.processing_guarantee at_least_once the worker commits through the "
                 "auto-commit timer, so no offset would ever be committed; remove it",
                 kv->where ? kv->where : where, kv->value);
        return CW_ERR_CONFIG;
      }
    }
  }
  return CW_OK;
}

/* Builds the input settings; the names are stored back as the module split them (trimmed). A
 * refused value set in the environment is reported as coming from there. */
static cw_err_t validate_input(cw_config_t *c, const char *where, char *errstr, size_t errsz) {
  char why[400], env[300];
  cw_input_destroy(&c->input);
  if (cw_input_create((const char *const *)c->input_fields, c->input_invalid_utf8,
                      c->input_detect_language, c->input_unsupported_language, &c->input, why,
                      sizeof(why)) != CW_OK) {
    size_t k = strcspn(why + 6, " :"); /* why = "input.<key> ..." */
    snprintf(env, sizeof(env), "CLAIMWIRE_INPUT_%.*s", (int)k, why + 6);
    for (char *p = env; *p; p++)
      *p = (char)toupper((unsigned char)*p);
    if (getenv(env))
      snprintf(errstr, errsz, "environment %s: %s", env, why);
    else
      snprintf(errstr, errsz, "%s: %s", where, why);
    return CW_ERR_CONFIG;
  }
  cw_err_t err = CW_OK;
  for (int f = 0; f < CW_FIELD__COUNT && !err; f++) {
    const char *const *names;
    size_t n = cw_input_names(c->input, (cw_field_t)f, &names);
    cw_buf_t b;
    cw_buf_init(&b, 1 << 16);
    for (size_t i = 0; i < n && !err; i++)
      err = cw_buf_printf(&b, "%s%s", i ? "," : "", names[i]);
    if (!err) {
      free(c->input_fields[f]);
      c->input_fields[f] = cw_strndup(b.p ? b.p : "", b.len);
    }
    cw_buf_free(&b);
  }
  if (err)
    snprintf(errstr, errsz, "%s: input field names too long", where);
  return err ? CW_ERR_CONFIG : CW_OK;
}

/* The output format is chosen, not implied: "" still works as before (a registry URL means
 * confluent, none single_object) but leaves a warning. A registry is required by confluent
 * and refused by the others, so one topic never gets two framings by a stray URL. */
static cw_err_t validate_output(cw_config_t *c, const char *where, char *errstr,
                                size_t errsz) {
  const char *f = c->output_format;
  int has_url = c->schema_registry_url[0] != '\0';
  char warn[512];
  free(c->warning);
  c->warning = NULL;
  if (!f[0]) {
    c->format = has_url ? CW_FORMAT_CONFLUENT : CW_FORMAT_SINGLE_OBJECT;
    snprintf(warn, sizeof(warn), "%s: worker.output_format is not set: writing %s; choose "
             "confluent (with worker.schema_registry_url), single_object or json", where,
             has_url ? "confluent" : "single_object");
    c->warning = cw_strdup(warn);
  } else if (!strcmp(f, "confluent")) {
    c->format = CW_FORMAT_CONFLUENT;
  } else if (!strcmp(f, "single_object")) {
    c->format = CW_FORMAT_SINGLE_OBJECT;
  } else if (!strcmp(f, "json")) {
    c->format = CW_FORMAT_JSON;
  } else {
    snprintf(errstr, errsz, "%s: worker.output_format '%s' is not confluent, single_object "
             "or json", where, f);
    return CW_ERR_CONFIG;
  }
  if (f[0] && c->format == CW_FORMAT_CONFLUENT && !has_url) {
    snprintf(errstr, errsz, "%s: worker.output_format confluent needs "
             "worker.schema_registry_url (the Schema Registry that assigns the schema ids)",
             where);
    return CW_ERR_CONFIG;
  }
  if (f[0] && c->format != CW_FORMAT_CONFLUENT && has_url) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_url is set but worker.output_format "
             "is %s: the registry serves confluent only; choose confluent or remove the URL",
             where, f);
    return CW_ERR_CONFIG;
  }
  if (!strcmp(c->claims_key, "claim_id"))
    c->claims_by_article = 0;
  else if (!strcmp(c->claims_key, "article_id"))
    c->claims_by_article = 1;
  else {
    snprintf(errstr, errsz, "%s: worker.claims_key '%s' is not claim_id or article_id", where,
             c->claims_key);
    return CW_ERR_CONFIG;
  }
  return CW_OK;
}

static cw_err_t validate(cw_config_t *c, char *errstr, size_t errsz) {
  cw_err_t err;
  const char *where = c->path ? c->path : "defaults";
  const char *topics[] = {c->input_topic, c->entities_topic, c->claims_topic,
                          c->dead_letter_topic};
  for (int i = 0; i < 4; i++) {
    if (!topics[i][0]) {
      snprintf(errstr, errsz, "%s: topic names must not be empty", where);
      return CW_ERR_CONFIG;
    }
    for (int j = 0; j < i; j++)
      if (!strcmp(topics[i], topics[j])) {
        snprintf(errstr, errsz, "%s: topic '%s' is used for two roles", where, topics[i]);
        return CW_ERR_CONFIG;
      }
  }
  if (!c->group_id[0]) {
    snprintf(errstr, errsz, "%s: worker.group_id must not be empty", where);
    return CW_ERR_CONFIG;
  }
  if (c->http_listen[0]) { /* what `run` binds: config check accepts nothing else */
    struct sockaddr_storage sa;
    socklen_t salen;
    char why[300];
    if (cw_netaddr_resolve(c->http_listen, &sa, &salen, why, sizeof(why)) != CW_OK) {
      snprintf(errstr, errsz, "%s: worker.http_listen %s", where, why);
      return CW_ERR_CONFIG;
    }
  }
  if (cw_log_level_parse(c->log_level) < 0) {
    snprintf(errstr, errsz, "%s: worker.log_level '%s' is not one of error, warn, info, debug",
             where, c->log_level);
    return CW_ERR_CONFIG;
  }
  if (!strcmp(c->processing_guarantee, "at_least_once"))
    c->guarantee = CW_GUARANTEE_AT_LEAST_ONCE;
  else if (!strcmp(c->processing_guarantee, "exactly_once"))
    c->guarantee = CW_GUARANTEE_EXACTLY_ONCE;
  else {
    snprintf(errstr, errsz,
             "%s: worker.processing_guarantee '%s' is not at_least_once or exactly_once", where,
             c->processing_guarantee);
    return CW_ERR_CONFIG;
  }
  if (c->guarantee == CW_GUARANTEE_EXACTLY_ONCE && !c->transactional_id[0]) {
    snprintf(errstr, errsz, "%s: worker.processing_guarantee exactly_once needs "
             "worker.transactional_id (unique per worker instance, stable across restarts)",
             where);
    return CW_ERR_CONFIG;
  }
  if (strcmp(c->schema_registry_subject_strategy, "topic") &&
      strcmp(c->schema_registry_subject_strategy, "record") &&
      strcmp(c->schema_registry_subject_strategy, "topic_record")) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_subject_strategy '%s' is not topic, "
             "record or topic_record", where, c->schema_registry_subject_strategy);
    return CW_ERR_CONFIG;
  }
  err = validate_caps(c, where, errstr, errsz);
  if (err)
    return err;
  err = validate_auto_commit(c, where, errstr, errsz);
  if (err)
    return err;
  err = validate_output(c, where, errstr, errsz);
  if (err)
    return err;
  if (strcmp(c->schema_registry_key_format, "string") &&
      strcmp(c->schema_registry_key_format, "avro")) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_key_format '%s' is not string or avro",
             where, c->schema_registry_key_format);
    return CW_ERR_CONFIG;
  }
  if (!strcmp(c->schema_registry_key_format, "avro") && !c->schema_registry_url[0]) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_key_format avro needs "
             "worker.schema_registry_url", where);
    return CW_ERR_CONFIG;
  }
  err = validate_input(c, where, errstr, errsz);
  if (err)
    return err;
  if (!strcmp(c->schema_registry_key_format, "avro") && c->format != CW_FORMAT_CONFLUENT) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_key_format avro needs "
             "worker.output_format confluent", where);
    return CW_ERR_CONFIG;
  }
  if (c->n_topics == 0) {
    add_topic(c, c->input_topic, 4);
    add_topic(c, c->entities_topic, 4);
    add_topic(c, c->claims_topic, 4);
    add_topic(c, c->dead_letter_topic, 1);
  }
  return CW_OK;
}

cw_err_t cw_config_load(const char *path, cw_config_t **out, char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  config_t lc;
  cw_config_t *c = cw_config_new_defaults();
  config_init(&lc);
  if (path) {
    c->path = cw_strdup(path);
    if (!config_read_file(&lc, path)) {
      if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
        snprintf(errstr, errsz, "%s: cannot read file", path);
      else
        snprintf(errstr, errsz, "%s:%d: %s", config_error_file(&lc) ? config_error_file(&lc) : path,
                 config_error_line(&lc), config_error_text(&lc));
      err = CW_ERR_CONFIG;
      goto out;
    }
    config_setting_t *root = config_root_setting(&lc);
    int n = config_setting_length(root);
    for (int i = 0; i < n && !err; i++) {
      config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
      const char *name = config_setting_name(s);
      char where[512];
      where_of(s, path, where, sizeof(where));
      if (!strcmp(name, "worker") || !strcmp(name, "input") || !strcmp(name, "broker")) {
        err = read_section(c, s, name, path, errstr, errsz);
        config_setting_t *t = !err && !strcmp(name, "broker")
                                  ? config_setting_get_member(s, "topics") : NULL;
        if (t)
          err = read_topics(c, t, path, errstr, errsz);
      } else if (!strcmp(name, "kafka")) {
        err = read_kafka(c, s, path, errstr, errsz);
      } else {
        snprintf(errstr, errsz, "%s: unknown section '%s' (expected worker, input, kafka, broker)",
                 where, name);
        err = CW_ERR_CONFIG;
      }
    }
    if (err)
      goto out;
  }
  err = apply_env(c, errstr, errsz);
  if (!err)
    err = validate(c, errstr, errsz);
out:
  config_destroy(&lc);
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
    for (size_t i = 0; i < N_ENTRIES; i++) {
      const centry_t *e = &config_table[i];
      if (strcmp(e->section, sections[s]))
        continue;
      if (e->type == T_STR)
        fprintf(out, "  %s = \"%s\";\n", e->name,
                cw_config_is_secret(e->name) && (*str_field(c, e))[0] ? "<redacted>"
                                                                     : *str_field(c, e));
      else if (e->type == T_LIST)
        dump_names(out, e->name, *str_field(c, e));
      else if (e->type == T_INT)
        fprintf(out, "  %s = %lld;\n", e->name, (long long)*int_field(c, e));
      else
        fprintf(out, "  %s = %s;\n", e->name, *bool_field(c, e) ? "true" : "false");
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
