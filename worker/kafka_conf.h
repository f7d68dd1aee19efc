/* kafka_conf.h - librdkafka configuration from the worker config: kafka.common plus the
 * consumer or producer group, verbatim, and librdkafka's logs routed to cw_log. */
#ifndef CW_KAFKA_CONF_H
#define CW_KAFKA_CONF_H
#include <librdkafka/rdkafka.h>
#include "config.h"

typedef enum { CW_KAFKA_CONSUMER, CW_KAFKA_PRODUCER } cw_kafka_role_t;

/**
 * @brief Builds a librdkafka conf for @p role from @p cfg, then applies @p extra (may be NULL)
 * name/value pairs, NULL-terminated, on top.
 * @returns CW_OK and a new conf in *@p out (the caller owns it until rd_kafka_new), or
 *          CW_ERR_CONFIG with the reason.
 */
cw_err_t cw_kafka_conf_build(const cw_config_t *cfg, cw_kafka_role_t role,
                             const char *const *extra, rd_kafka_conf_t **out, char *errstr,
                             size_t errstr_size) CW_WUR;

/** librdkafka log callback that writes through cw_log with module "rdkafka". */
void cw_kafka_log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf);

#endif
