/* broker.h - the embedded Kafka-protocol broker: librdkafka's mock cluster, listening on real
 * loopback ports so other processes can use it. For local runs, demos and tests only. */
#ifndef CW_BROKER_H
#define CW_BROKER_H
#include "config.h"

typedef struct cw_broker_s cw_broker_t;

/** @brief Starts @p cfg->broker_count brokers and creates @p cfg->topics.
 * @returns CW_OK and *@p out, or an error with the reason. */
cw_err_t cw_broker_start(const cw_config_t *cfg, cw_broker_t **out, char *errstr,
                         size_t errstr_size) CW_WUR;

/** @returns the bootstrap.servers list of the running cluster. */
const char *cw_broker_bootstraps(const cw_broker_t *b);

/** @brief Applies one fault-injection command to the running cluster, for tests:
 *   down ID | up ID | rtt ID MS | produce-errors COUNT ERROR [ID] |
 *   commit-errors COUNT ERROR [ID] | errors-pending ID produce|commit |
 *   leader TOPIC PARTITION ID | coordinator GROUP ID
 * The error commands fail the next COUNT requests of that kind on broker ID, or on any broker
 * when ID is left out.
 * ERROR is a Kafka error name as librdkafka spells it (NOT_LEADER_FOR_PARTITION,
 * REQUEST_TIMED_OUT, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, ...). Broker ids start at 1.
 * errors-pending answers how many errors queued on broker ID are not used up yet.
 * @returns CW_OK with the answer (if any, else "") in @p errstr, or CW_ERR_INVALID/CW_ERR_KAFKA
 * with the reason there. */
cw_err_t cw_broker_control(cw_broker_t *b, const char *command, char *errstr,
                           size_t errstr_size) CW_WUR;

void cw_broker_destroy(cw_broker_t **b);

#endif
