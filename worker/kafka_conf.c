/* kafka_conf.c - librdkafka configuration and log routing (see kafka_conf.h). */
#include <stdio.h>
#include "cw_log.h"
#include "kafka_conf.h"

void cw_kafka_log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
  (void)rk;
  cw_log_level_t l = level <= 3 ? CW_LOG_ERROR : level == 4 ? CW_LOG_WARN
                   : level <= 6 ? CW_LOG_INFO : CW_LOG_DEBUG;
  cw_log(l, "rdkafka", "%s: %s", fac, buf);
}

static cw_err_t set_list(rd_kafka_conf_t *conf, const cw_kvlist_t *l, char *errstr,
                         size_t errsz) {
  for (size_t i = 0; i < l->n; i++) {
    char rderr[256];
    if (rd_kafka_conf_set(conf, l->items[i].name, l->items[i].value, rderr, sizeof(rderr)) !=
        RD_KAFKA_CONF_OK) {
      snprintf(errstr, errsz, "kafka property '%s': %s", l->items[i].name, rderr);
      return CW_ERR_CONFIG;
    }
  }
  return CW_OK;
}

cw_err_t cw_kafka_conf_build(const cw_config_t *cfg, cw_kafka_role_t role,
                             const char *const *extra, rd_kafka_conf_t **out, char *errstr,
                             size_t errsz) {
  cw_err_t err;
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  char rderr[256];
  *out = NULL;
  rd_kafka_conf_set_log_cb(conf, cw_kafka_log_cb);
  err = set_list(conf, &cfg->kafka_common, errstr, errsz);
  if (!err)
    err = set_list(conf, role == CW_KAFKA_CONSUMER ? &cfg->kafka_consumer : &cfg->kafka_producer,
                   errstr, errsz);
  for (size_t i = 0; !err && extra && extra[i]; i += 2) {
    if (rd_kafka_conf_set(conf, extra[i], extra[i + 1], rderr, sizeof(rderr)) !=
        RD_KAFKA_CONF_OK) {
      snprintf(errstr, errsz, "kafka property '%s': %s", extra[i], rderr);
      err = CW_ERR_CONFIG;
    }
  }
  if (err) {
    rd_kafka_conf_destroy(conf);
    return err;
  }
  *out = conf;
  return CW_OK;
}
