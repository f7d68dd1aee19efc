/* test_broker.c - the embedded broker's fault-injection commands: syntax errors are refused
 * with a reason, and the accepted ones change what a real librdkafka client sees (partition
 * leaders in metadata, injected Produce errors in delivery reports, brokers going down). */
#include <librdkafka/rdkafka.h>
#include <string.h>
#include "broker.h"
#include "config.h"
#include "testhelp.h"

/* Leader of articles/PART as the cluster's metadata reports it, or -1. */
static int32_t leader_of(rd_kafka_t *rk, int32_t part) {
  const struct rd_kafka_metadata *md = NULL;
  rd_kafka_topic_t *t = rd_kafka_topic_new(rk, "articles", NULL);
  int32_t leader = -1;
  if (rd_kafka_metadata(rk, 0, t, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; md->topic_cnt == 1 && i < md->topics[0].partition_cnt; i++)
      if (md->topics[0].partitions[i].id == part)
        leader = md->topics[0].partitions[i].leader;
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_topic_destroy(t);
  return leader;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  *(rd_kafka_resp_err_t *)opaque = m->err;
}

/* Produces one message to articles/PART without retries; @returns its delivery result. */
static rd_kafka_resp_err_t produce_once(const char *bootstraps, int32_t part) {
  char errstr[256];
  rd_kafka_resp_err_t result = RD_KAFKA_RESP_ERR__FAIL;
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, errstr, sizeof(errstr));
  rd_kafka_conf_set(conf, "retries", "0", errstr, sizeof(errstr));
  rd_kafka_conf_set(conf, "message.timeout.ms", "10000", errstr, sizeof(errstr));
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &result);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk)
    return RD_KAFKA_RESP_ERR__FAIL;
  if (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("articles"), RD_KAFKA_V_PARTITION(part),
                        RD_KAFKA_V_VALUE("x", 1), RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR)
    rd_kafka_flush(rk, 15000);
  rd_kafka_destroy(rk);
  return result;
}

static void test_syntax(cw_broker_t *b) {
  char err[256];
  static const char *bad[] = {"",          "bogus",          "down",           "down x",
                              "down 0",    "up 1 2",         "rtt 1",          "rtt 1 -5",
                              "leader articles x 1",         "leader articles 0",
                              "produce-errors 0 REQUEST_TIMED_OUT",
                              "produce-errors 2 NO_SUCH_ERROR",
                              "commit-errors 2 REQUEST_TIMED_OUT 0",
                              "coordinator grp", "down 1 2 3 4 5"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    err[0] = '\0';
    CHECK_MSG(cw_broker_control(b, bad[i], err, sizeof(err)) == CW_ERR_INVALID, "'%s'", bad[i]);
    CHECK_MSG(err[0] != '\0', "no reason for '%s'", bad[i]);
  }
  /* A well-formed command on a broker that does not exist is the cluster's error. */
  CHECK(cw_broker_control(b, "down 42", err, sizeof(err)) == CW_ERR_KAFKA);
  CHECK(strstr(err, "down") != NULL);
  CHECK(cw_broker_control(b, "rtt 2 0", err, sizeof(err)) == CW_OK);
  CHECK(cw_broker_control(b, "coordinator some-group 3", err, sizeof(err)) == CW_OK);
  CHECK(cw_broker_control(b, "commit-errors 1 ERR_NOT_COORDINATOR", err, sizeof(err)) == CW_OK);
}

static void test_effects(cw_broker_t *b) {
  char err[256], errstr[256];
  const char *bs = cw_broker_bootstraps(b);
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bs, errstr, sizeof(errstr));
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  CHECK(rk != NULL);
  if (!rk)
    return;
  /* Leadership moves as commanded. */
  CHECK(cw_broker_control(b, "leader articles 1 3", err, sizeof(err)) == CW_OK);
  CHECK_INT(leader_of(rk, 1), 3);
  CHECK(cw_broker_control(b, "leader articles 1 2", err, sizeof(err)) == CW_OK);
  CHECK_INT(leader_of(rk, 1), 2);
  rd_kafka_destroy(rk);

  /* Injected Produce errors reach a client without retries, on the named broker only. */
  CHECK(produce_once(bs, 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
  CHECK(cw_broker_control(b, "produce-errors 1 INVALID_RECORD 2", err, sizeof(err)) == CW_OK);
  CHECK(cw_broker_control(b, "leader articles 0 1", err, sizeof(err)) == CW_OK);
  CHECK(produce_once(bs, 0) == RD_KAFKA_RESP_ERR_NO_ERROR); /* broker 1: untouched */
  CHECK_INT(produce_once(bs, 1), RD_KAFKA_RESP_ERR_INVALID_RECORD);
  CHECK(produce_once(bs, 1) == RD_KAFKA_RESP_ERR_NO_ERROR); /* one error, used up */
  CHECK(cw_broker_control(b, "produce-errors 3 INVALID_RECORD 3", err, sizeof(err)) == CW_OK);
  CHECK_STR(err, "");
  CHECK(cw_broker_control(b, "errors-pending 3 produce", err, sizeof(err)) == CW_OK);
  CHECK_STR(err, "3");
  CHECK(cw_broker_control(b, "errors-pending 2 produce", err, sizeof(err)) == CW_OK);
  CHECK_STR(err, "0");
  CHECK(cw_broker_control(b, "errors-pending 2 fetch", err, sizeof(err)) == CW_ERR_INVALID);
  /* Cluster-wide: whichever broker leads. */
  CHECK(cw_broker_control(b, "produce-errors 1 INVALID_RECORD", err, sizeof(err)) == CW_OK);
  CHECK_INT(produce_once(bs, 0), RD_KAFKA_RESP_ERR_INVALID_RECORD);

  /* A leader that is down takes its partition's writes with it until it is back. */
  CHECK(cw_broker_control(b, "down 2", err, sizeof(err)) == CW_OK);
  CHECK(cw_broker_control(b, "up 2", err, sizeof(err)) == CW_OK);
  CHECK(produce_once(bs, 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
}

int main(void) {
  char err[256];
  cw_broker_t *b = NULL;
  cw_config_t *cfg = cw_config_new_defaults();
  cfg->broker_count = 3;
  CHECK(cw_broker_start(cfg, &b, err, sizeof(err)) == CW_OK);
  if (b) {
    test_syntax(b);
    test_effects(b);
  }
  cw_broker_destroy(&b);
  cw_config_destroy(&cfg);
  return TEST_REPORT();
}
