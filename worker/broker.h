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

void cw_broker_destroy(cw_broker_t **b);

#endif
