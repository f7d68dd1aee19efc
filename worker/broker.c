/* broker.c - embedded broker on librdkafka's mock cluster (rdkafka_mock.h, librdkafka 2.0). */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include "broker.h"
#include "cw_alloc.h"
#include "cw_log.h"
#include "kafka_conf.h"

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
