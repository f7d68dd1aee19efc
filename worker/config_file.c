/* config_file.c - reads a libconfig file into the configuration: worker { }, input { },
 * broker { } against cfg_table[] (unknown keys refused, with file:line), broker.topics, and
 * kafka { common { } consumer { } producer { } } with '_' in a key read as '.' (libconfig names
 * cannot contain dots), each property checked by librdkafka. */
#include <libconfig.h>
#include <librdkafka/rdkafka.h>
#include <stdlib.h>
#include <string.h>
#include "config_int.h"
#include "cw_alloc.h"
#include "cw_buf.h"

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
    for (size_t k = 0; k < cfg_table_n; k++)
      if (!strcmp(cfg_table[k].section, secname) && !strcmp(cfg_table[k].name, name))
        e = &cfg_table[k];
    if (!e) {
      snprintf(errstr, errsz, "%s: unknown setting '%s.%s'", where, secname, name);
      return CW_ERR_CONFIG;
    }
    int t = config_setting_type(s);
    if ((e->type == T_STR || e->type == T_LIST) && t == CONFIG_TYPE_STRING) {
      free(*cfg_str(c, e));
      *cfg_str(c, e) = cw_strdup(config_setting_get_string(s));
    } else if (e->type == T_INT && (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)) {
      *cfg_int(c, e) = config_setting_get_int64(s);
    } else if (e->type == T_BOOL && t == CONFIG_TYPE_BOOL) {
      *cfg_bool(c, e) = config_setting_get_bool(s);
    } else if (e->type == T_LIST && (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST)) {
      cw_err_t err = read_names(cfg_str(c, e), s, where, secname, name, errstr, errsz);
      if (err)
        return err;
    } else {
      snprintf(errstr, errsz, "%s: %s.%s must be %s", where, secname, name,
               e->type == T_STR ? "a string" : e->type == T_INT ? "an integer"
               : e->type == T_LIST ? "a list of names [\"a\", \"b\"]" : "true or false");
      return CW_ERR_CONFIG;
    }
    cw_err_t err = cfg_check_bounds(c, e, errstr, errsz, where);
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
    cfg_add_topic(c, name, parts);
  }
  return CW_OK;
}

/* Checks one librdkafka property against librdkafka itself, so typos fail at config check. */
cw_err_t cfg_check_kafka_prop(const char *name, const char *value, char *errstr, size_t errsz,
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
    cw_err_t err = cfg_check_kafka_prop(name, v, errstr, errsz, where);
    if (err)
      return err;
    cfg_kv_set_at(l, name, v, where);
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

cw_err_t cfg_read_file(cw_config_t *c, const char *path, char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  config_t lc;
  config_init(&lc);
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
out:
  config_destroy(&lc);
  return err;
}
