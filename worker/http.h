/* http.h - the worker's HTTP endpoints (libmicrohttpd, own thread): GET /metrics (Prometheus
 * text), /healthz (the pipeline loop is alive), /readyz (joined the group and not stopping). */
#ifndef CW_HTTP_H
#define CW_HTTP_H
#include "cw_err.h"
#include "metrics.h"

typedef struct cw_http_s cw_http_t;

/**
 * @brief Serves @p m on @p listen ("HOST:PORT", e.g. "127.0.0.1:9464"; port 0 picks a free one).
 * @returns CW_OK and *@p out, or CW_ERR_CONFIG (bad address) / CW_ERR_IO (cannot bind).
 */
cw_err_t cw_http_start(const char *listen, cw_metrics_t *m, cw_http_t **out, char *errstr,
                       size_t errstr_size) CW_WUR;

/** @returns the bound port. */
int cw_http_port(const cw_http_t *h);

/** Stops serving and frees; sets *@p h to NULL. Accepts NULL. */
void cw_http_stop(cw_http_t **h);

#endif
