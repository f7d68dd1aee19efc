/* broker.c - embedded broker on librdkafka's mock cluster (rdkafka_mock.h, librdkafka 2.0). */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "broker.h"
#include "cw_alloc.h"
#include "cw_log.h"
#include "kafka_conf.h"

/* Kafka protocol API keys; rdkafka_mock.h takes them but librdkafka keeps their names private. */
enum { API_PRODUCE = 0, API_OFFSET_COMMIT = 8 };

struct cw_broker_s {
  rd_kafka_t *rk;  /* owns the mock cluster */
  rd_kafka_mock_cluster_t *mcluster;
};

cw_err_t cw_broker_start(const cw_config_t *cfg, cw_broker_t **out, char *errstr,
                         size_t errsz) {
  cw_err_t err = CW_OK;
  char rderr[512];
  cw_broker_t *b = cw_calloc(1, sizeof(*b));
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, cw_kafka_log_cb);
  b->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, rderr, sizeof(rderr));
  if (!b->rk) {
    rd_kafka_conf_destroy(conf);
    snprintf(errstr, errsz, "cannot create the broker's client handle: %s", rderr);
    err = CW_ERR_KAFKA;
    goto out;
  }
  conf = NULL; /* owned by rk now */
  b->mcluster = rd_kafka_mock_cluster_new(b->rk, (int)cfg->broker_count);
  if (!b->mcluster) {
    snprintf(errstr, errsz, "cannot start the mock cluster");
    err = CW_ERR_KAFKA;
    goto out;
  }
  for (size_t i = 0; i < cfg->n_topics; i++) {
    int rf = cfg->broker_count < 3 ? (int)cfg->broker_count : 3;
    rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(b->mcluster, cfg->topics[i].name,
                                                       cfg->topics[i].partitions, rf);
    if (e) {
      snprintf(errstr, errsz, "cannot create topic '%s': %s", cfg->topics[i].name,
               rd_kafka_err2str(e));
      err = CW_ERR_KAFKA;
      goto out;
    }
    CW_INFO("broker", "topic %s created with %d partitions", cfg->topics[i].name,
            cfg->topics[i].partitions);
  }
out:
  if (err)
    cw_broker_destroy(&b);
  *out = b;
  return err;
}

const char *cw_broker_bootstraps(const cw_broker_t *b) {
  return rd_kafka_mock_cluster_bootstraps(b->mcluster);
}

void cw_broker_destroy(cw_broker_t **pb) {
  if (!pb || !*pb)
    return;
  if ((*pb)->mcluster)
    rd_kafka_mock_cluster_destroy((*pb)->mcluster);
  if ((*pb)->rk)
    rd_kafka_destroy((*pb)->rk);
  free(*pb);
  *pb = NULL;
}

/* Looks an error up by its Kafka name, with or without the "ERR_" prefix librdkafka's
 * enum uses; librdkafka's own table keeps this in step with the library version. */
static int error_by_name(const char *name, rd_kafka_resp_err_t *out) {
  const struct rd_kafka_err_desc *descs;
  size_t n;
  if (strncmp(name, "ERR_", 4) == 0)
    name += 4;
  rd_kafka_get_err_descs(&descs, &n);
  for (size_t i = 0; i < n; i++) {
    if (descs[i].name && strcmp(descs[i].name, name) == 0) {
      *out = descs[i].code;
      return 0;
    }
  }
  return -1;
}

/* Parses a decimal number that must fill the whole token. */
static int parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

/* Queues COUNT errors for the next requests of API: on broker ID alone, or on every broker
 * when ID is 0. */
static rd_kafka_resp_err_t push_errors(cw_broker_t *b, int16_t api, int32_t id, size_t count,
                                       rd_kafka_resp_err_t code) {
  rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (id == 0) {
    rd_kafka_resp_err_t *errs = cw_calloc(count, sizeof(*errs));
    for (size_t i = 0; i < count; i++)
      errs[i] = code;
    rd_kafka_mock_push_request_errors_array(b->mcluster, api, count, errs);
    free(errs);
    return e;
  }
  for (size_t i = 0; i < count && !e; i++)
    e = rd_kafka_mock_broker_push_request_error_rtts(b->mcluster, id, api, 1, code, 0);
  return e;
}

cw_err_t cw_broker_control(cw_broker_t *b, const char *command, char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  char line[512], *tok[4] = {0}, *save = NULL;
  errstr[0] = '\0';
  int ntok = 0;
  long id = 0, num = 0;
  rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR, code;
  if (strlen(command) >= sizeof(line)) {
    snprintf(errstr, errsz, "command too long");
    return CW_ERR_INVALID;
  }
  memcpy(line, command, strlen(command) + 1);
  for (char *t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
    if (ntok == 4) {
      snprintf(errstr, errsz, "too many arguments");
      return CW_ERR_INVALID;
    }
    tok[ntok++] = t;
  }
  if (ntok == 0) {
    snprintf(errstr, errsz, "empty command");
    return CW_ERR_INVALID;
  }
  const char *verb = tok[0];
  if ((strcmp(verb, "down") == 0 || strcmp(verb, "up") == 0) && ntok == 2) {
    if (parse_long(tok[1], 1, INT32_MAX, &id) != 0)
      goto bad_args;
    e = verb[0] == 'd' ? rd_kafka_mock_broker_set_down(b->mcluster, (int32_t)id)
                       : rd_kafka_mock_broker_set_up(b->mcluster, (int32_t)id);
  } else if (strcmp(verb, "rtt") == 0 && ntok == 3) {
    if (parse_long(tok[1], 1, INT32_MAX, &id) != 0 || parse_long(tok[2], 0, 3600000, &num) != 0)
      goto bad_args;
    e = rd_kafka_mock_broker_set_rtt(b->mcluster, (int32_t)id, (int)num);
  } else if ((strcmp(verb, "produce-errors") == 0 || strcmp(verb, "commit-errors") == 0) &&
             (ntok == 3 || ntok == 4)) {
    if (parse_long(tok[1], 1, 100000, &num) != 0 ||
        (ntok == 4 && parse_long(tok[3], 1, INT32_MAX, &id) != 0))
      goto bad_args;
    if (error_by_name(tok[2], &code) != 0) {
      snprintf(errstr, errsz, "unknown error name '%s'", tok[2]);
      return CW_ERR_INVALID;
    }
    e = push_errors(b, verb[0] == 'p' ? API_PRODUCE : API_OFFSET_COMMIT, (int32_t)id,
                    (size_t)num, code);
  } else if (strcmp(verb, "errors-pending") == 0 && ntok == 3) {
    size_t cnt = 0;
    if (parse_long(tok[1], 1, INT32_MAX, &id) != 0 ||
        (strcmp(tok[2], "produce") != 0 && strcmp(tok[2], "commit") != 0))
      goto bad_args;
    e = rd_kafka_mock_broker_error_stack_cnt(
        b->mcluster, (int32_t)id, tok[2][0] == 'p' ? API_PRODUCE : API_OFFSET_COMMIT, &cnt);
    if (!e)
      snprintf(errstr, errsz, "%zu", cnt);
  } else if (strcmp(verb, "leader") == 0 && ntok == 4) {
    long part = 0;
    if (parse_long(tok[2], 0, INT32_MAX, &part) != 0 ||
        parse_long(tok[3], 1, INT32_MAX, &id) != 0)
      goto bad_args;
    e = rd_kafka_mock_partition_set_leader(b->mcluster, tok[1], (int32_t)part, (int32_t)id);
  } else if (strcmp(verb, "coordinator") == 0 && ntok == 3) {
    if (parse_long(tok[2], 1, INT32_MAX, &id) != 0)
      goto bad_args;
    e = rd_kafka_mock_coordinator_set(b->mcluster, "group", tok[1], (int32_t)id);
  } else {
    snprintf(errstr, errsz, "unknown command or wrong number of arguments: '%s'", verb);
    return CW_ERR_INVALID;
  }
  if (e) {
    snprintf(errstr, errsz, "%s: %s", verb, rd_kafka_err2str(e));
    err = CW_ERR_KAFKA;
  }
  return err;
bad_args:
  snprintf(errstr, errsz, "%s: bad argument", verb);
  return CW_ERR_INVALID;
}
