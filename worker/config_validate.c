/* config_validate.c - checks the configuration as a whole once file and environment are read:
 * topics, guarantee, caps, auto-commit, input field names, output format and keys; derives the
 * parsed enums the rest of the worker reads (guarantee, format, subject strategy, key format). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config_int.h"
#include "netaddr.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_log.h"

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

cw_err_t cfg_validate(cw_config_t *c, char *errstr, size_t errsz) {
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
  char why[256];
  if (cw_registry_parse_strategy(c->schema_registry_subject_strategy, &c->subject_strategy, why,
                                 sizeof(why)) != CW_OK) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_subject_strategy: %s", where, why);
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
  c->key_format_avro = !strcmp(c->schema_registry_key_format, "avro");
  if (!c->key_format_avro && strcmp(c->schema_registry_key_format, "string")) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_key_format '%s' is not string or avro",
             where, c->schema_registry_key_format);
    return CW_ERR_CONFIG;
  }
  if (c->key_format_avro && !c->schema_registry_url[0]) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_key_format avro needs "
             "worker.schema_registry_url", where);
    return CW_ERR_CONFIG;
  }
  err = validate_input(c, where, errstr, errsz);
  if (err)
    return err;
  if (c->key_format_avro && c->format != CW_FORMAT_CONFLUENT) {
    snprintf(errstr, errsz, "%s: worker.schema_registry_key_format avro needs "
             "worker.output_format confluent", where);
    return CW_ERR_CONFIG;
  }
  if (c->n_topics == 0) {
    cfg_add_topic(c, c->input_topic, 4);
    cfg_add_topic(c, c->entities_topic, 4);
    cfg_add_topic(c, c->claims_topic, 4);
    cfg_add_topic(c, c->dead_letter_topic, 1);
  }
  return CW_OK;
}
