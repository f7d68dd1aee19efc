/* config_env.c - environment overrides, applied over the file: CLAIMWIRE_<SECTION>_<KEY>,
 * <...>_FILE for mounted secrets, CLAIMWIRE_KAFKA_<GROUP>_<PROPERTY> and
 * CLAIMWIRE_BOOTSTRAP_SERVERS. A misspelt CLAIMWIRE_WORKER_/INPUT_/BROKER_ name is an error. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_int.h"
#include "cw_alloc.h"

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
    for (size_t i = 0; i < cfg_table_n && !known; i++) {
      env_name(&cfg_table[i], "", key, sizeof(key));
      known = strlen(key) == len && strncmp(*env, key, len) == 0;
      env_name(&cfg_table[i], "_FILE", key, sizeof(key));
      known |= cfg_table[i].type == T_STR && strlen(key) == len &&
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

cw_err_t cfg_apply_env(cw_config_t *c, char *errstr, size_t errsz) {
  extern char **environ;
  char key[256], fkey[270], where[300];
  cw_err_t err = check_env_names(errstr, errsz);
  if (err)
    return err;
  for (size_t i = 0; i < cfg_table_n; i++) {
    const centry_t *e = &cfg_table[i];
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
    err = cfg_set_from_string(c, e, v, errstr, errsz, where);
    if (!err)
      err = cfg_check_bounds(c, e, errstr, errsz, where);
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
      cw_err_t err = cfg_check_kafka_prop(key, value, errstr, errsz, where);
      if (!err)
        cfg_kv_set_at((cw_kvlist_t *)((char *)c + groups[g].off), key, value, where);
      free(value);
      if (err)
        return err;
    }
  }
  return CW_OK;
}

/* ==== Validation of the whole ==== */
