/* metrics.h - the worker's Prometheus metrics: counters, gauges, histograms and per-partition
 * consumer lag, rendered in the Prometheus text exposition format (version 0.0.4).
 * @locality updated by the pipeline thread, read by the HTTP thread: counters and gauges are
 * atomics, histograms and the lag table take a mutex. */
#ifndef CW_METRICS_H
#define CW_METRICS_H
#include <stdint.h>
#include "cw_buf.h"
#include "cw_err.h"

typedef enum {
  CW_M_CONSUMED = 0,
  CW_M_PROCESSED,
  CW_M_DLQ_INVALID_INPUT,
  CW_M_DLQ_INVALID_UTF8,
  CW_M_DLQ_TOO_LARGE,
  CW_M_DLQ_ENCODING,
  CW_M_DLQ_OTHER,
  CW_M_DLQ_BUDGET,        /* the article used up its extraction time budget */
  CW_M_DLQ_LANGUAGE,      /* not English, input.unsupported_language = dead_letter */
  CW_M_RECORDS_ENTITIES,
  CW_M_RECORDS_CLAIMS,
  CW_M_RECORDS_DLQ,
  CW_M_DELIVERED,
  CW_M_DELIVERY_FAILED,
  CW_M_OFFSETS_STORED,
  CW_M_COMMITS,
  CW_M_COMMIT_ERRORS,
  CW_M_REBALANCES_ASSIGN,
  CW_M_REBALANCES_REVOKE,
  CW_M_KAFKA_ERRORS,
  CW_M_PAUSES,            /* the total caps paused every partition */
  CW_M_PARTITION_PAUSES,  /* a partition went over its own cap and was paused alone */
  CW_M_SKIPPED_LANGUAGE,  /* not English: an entities record without entities, no claims */
  CW_M_TRANSCODED,        /* bytes that were not UTF-8 read as Windows-1252 (input.h) */
  CW_M__COUNT
} cw_counter_t;

typedef enum {
  CW_G_IN_FLIGHT = 0,
  CW_G_ASSIGNED,
  CW_G_PAUSED,
  CW_G_READY,
  CW_G_LAST_LOOP_MS,  /* monotonic ms of the last pipeline loop iteration (liveness) */
  CW_G_START_TIME,    /* unix seconds */
  CW_G_PAUSED_PARTITIONS, /* assigned partitions paused, for any reason */
  CW_G_NOT_READY,     /* why not ready: CW_NOT_READY_* bits (not exported; /readyz says it) */
  CW_G__COUNT
} cw_gauge_t;

/* Reasons the worker is not ready (CW_G_NOT_READY); the pipeline sets CW_G_READY to 1 when
 * none holds. */
#define CW_NOT_READY_GROUP 1    /* no assignment since joining, or the group session was lost */
#define CW_NOT_READY_BROKERS 2  /* the clients report every broker down */
#define CW_NOT_READY_STOPPING 4 /* shutting down */

typedef enum { CW_H_EXTRACT = 0, CW_H_END_TO_END, CW_H__COUNT } cw_histogram_t;

typedef struct cw_metrics_s cw_metrics_t;

cw_metrics_t *cw_metrics_create(void);
void cw_metrics_destroy(cw_metrics_t **m);

void cw_metrics_inc(cw_metrics_t *m, cw_counter_t c, uint64_t n);
uint64_t cw_metrics_get(const cw_metrics_t *m, cw_counter_t c);
void cw_metrics_set(cw_metrics_t *m, cw_gauge_t g, int64_t v);
int64_t cw_metrics_gauge(const cw_metrics_t *m, cw_gauge_t g);
/** Records one observation of @p seconds in histogram @p h. */
void cw_metrics_observe(cw_metrics_t *m, cw_histogram_t h, double seconds);
/** Sets the consumer lag of one partition (from librdkafka statistics); lag < 0 removes it. */
void cw_metrics_set_lag(cw_metrics_t *m, const char *topic, int32_t partition, int64_t lag);

/** @brief Appends all metrics in Prometheus text format to @p out: the worker's, then
 * claimwire_build_info and the process_* metrics of the calling process (from /proc). */
cw_err_t cw_metrics_render(cw_metrics_t *m, cw_buf_t *out) CW_WUR;

/** @brief Feeds a librdkafka statistics JSON document (consumer): updates the lag table.
 * @returns CW_OK, or CW_ERR_INVALID if it is not valid statistics JSON. */
cw_err_t cw_metrics_from_rdkafka_stats(cw_metrics_t *m, const char *json, size_t len);

/** @returns how many brokers a librdkafka statistics JSON document reports in state "UP"
 * (bootstrap and learned brokers alike), or -1 if it is not statistics JSON. */
int cw_rdkafka_stats_brokers_up(const char *json, size_t len);

#endif
