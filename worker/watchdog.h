/* watchdog.h - a hard bound on shutdown. Once the stop flag is set (SIGTERM/SIGINT) or the
 * watchdog is armed (the pipeline stopped by itself), the process has @p limit_ms to finish;
 * past that, one line is logged and the process exits at once with the given status. The
 * ordered shutdown bounds each of its steps by worker.shutdown_timeout_ms; this catches a
 * library call that does not return (a Kafka client waiting on a coordinator it lost). */
#ifndef CW_WATCHDOG_H
#define CW_WATCHDOG_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"

typedef struct cw_watchdog_s cw_watchdog_t;

/**
 * @brief Starts the watchdog thread: it waits for *@p stop to become nonzero (checked every
 * 20 ms) or for cw_watchdog_arm(), then for @p limit_ms, and exits the process with
 * @p exit_status unless cw_watchdog_destroy() came first.
 * @returns CW_OK; CW_ERR_NOMEM/CW_ERR_IO with the reason when the thread cannot start.
 */
cw_err_t cw_watchdog_start(atomic_int *stop, int64_t limit_ms, int exit_status,
                           cw_watchdog_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Starts the countdown now if it has not started yet. */
void cw_watchdog_arm(cw_watchdog_t *w);

/** @brief Stops and joins the thread (the process finished in time); frees @p *w, sets NULL. */
void cw_watchdog_destroy(cw_watchdog_t **w);

#endif
