/* pipeline.h - the worker: consume articles as a consumer-group member, parse, extract, encode,
 * produce the records, dead-letter bad input, and store each input offset only after every
 * record it produced was acknowledged (at-least-once). */
#ifndef CW_PIPELINE_H
#define CW_PIPELINE_H
#include <stdatomic.h>
#include <stdint.h>
#include "config.h"

typedef struct cw_pipeline_s cw_pipeline_t;

/** Counters since start, for logs and tests. */
typedef struct {
  uint64_t consumed;       /* input messages taken from Kafka */
  uint64_t processed;      /* articles whose records were produced */
  uint64_t dead_lettered;  /* messages sent to the dead-letter topic */
  uint64_t records_out;    /* entities + claims records produced */
  uint64_t claims_out;
  uint64_t delivered;      /* records acknowledged by the brokers */
  uint64_t delivery_failed;
  uint64_t offsets_stored;
} cw_pipeline_stats_t;

/**
 * @brief Loads the engine and codec and creates the Kafka clients (nothing is consumed yet).
 * @returns CW_OK and *@p out, or an error with the reason in @p errstr.
 */
cw_err_t cw_pipeline_create(const cw_config_t *cfg, cw_pipeline_t **out, char *errstr,
                            size_t errstr_size) CW_WUR;

/**
 * @brief Runs until *@p stop becomes non-zero or a fatal error, then shuts down in order: stop
 * fetching, flush the producer, store and commit offsets, leave the group. Bounded by
 * cfg->shutdown_timeout_ms from the moment *@p stop is seen.
 * @returns CW_OK after a clean shutdown; CW_ERR_FATAL / CW_ERR_TIMEOUT / CW_ERR_KAFKA otherwise
 *          (reason in @p errstr).
 * @locality the calling thread runs the whole pipeline.
 */
cw_err_t cw_pipeline_run(cw_pipeline_t *p, atomic_int *stop, char *errstr,
                         size_t errstr_size) CW_WUR;

/** @brief Snapshot of the counters. @locality the pipeline thread (or after run returned). */
void cw_pipeline_stats(const cw_pipeline_t *p, cw_pipeline_stats_t *out);

/** @returns non-zero once the consumer joined its group and got an assignment.
 * @locality any thread. */
int cw_pipeline_is_ready(const cw_pipeline_t *p);

/** Called on the pipeline thread when an input message is finished (all records acknowledged),
 * with its input timestamp. For benchmarks and tests. */
typedef void (*cw_pipeline_done_hook_t)(void *opaque, int64_t input_timestamp_ms);
void cw_pipeline_set_done_hook(cw_pipeline_t *p, cw_pipeline_done_hook_t fn, void *opaque);

/** Stops the extraction threads and frees the pipeline; sets *@p p to NULL.
 * @returns 0 when everything was freed; 1 when an extraction thread was still busy after a
 * timed-out shutdown and was left running: the process should exit, and the configuration
 * given to cw_pipeline_create() must stay valid until it does (the thread may still read it). */
int cw_pipeline_destroy(cw_pipeline_t **p);

#endif
