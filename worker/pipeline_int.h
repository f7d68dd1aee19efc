/* pipeline_int.h - the pipeline's private parts, shared by pipeline.c (loop, life cycle),
 * pipeline_jobs.c (job pool), pipeline_out.c (output side), pipeline_in.c (input side) and
 * pipeline_txn.c (transactions), and nothing else. */
#ifndef CW_PIPELINE_INT_H
#define CW_PIPELINE_INT_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <librdkafka/rdkafka.h>
#include "avro_codec.h"
#include "backpressure.h"
#include "claimwire/extract.h"
#include "cw_buf.h"
#include "cw_time.h"
#include "http.h"
#include "metrics.h"
#include "offsets.h"
#include "pipeline.h"

/* The largest record the producer accepts by default (message.max.bytes) minus room for the
 * key and headers. Larger outputs dead-letter their article instead of failing delivery. */
#define MAX_RECORD_BYTES (1000000u - 4096u)
#define PROGRESS_INTERVAL_MS 10000
/* After a failed offset commit (a rebalance, usually), periodic commits wait this long at most. */
#define COMMIT_HOLD_MS 5000
/* After an article this large the extraction thread returns its working memory to the system. */
#define LARGE_ARTICLE_BYTES (256u * 1024u)

/* One input message from consumption until its records are handed to the producer. */
typedef struct job_s {
  struct job_s *next_queue;  /* work queue link */
  struct job_s *next_part;   /* input-order link within its partition */
  rd_kafka_message_t *rkm;   /* kept until produced: a dead letter needs the original bytes */
  cw_inflight_t *m;
  _Atomic int done;          /* set (release) by the extraction thread */
  cw_err_t err;              /* != CW_OK: dead-letter with reason */
  char reason[512];
  char *key;                 /* article id */
  size_t n_recs;             /* records[0] = entities, then claims */
  cw_buf_t *recs;
  size_t n_entities, n_claims;
} job_t;

typedef struct {
  char *topic;
  int32_t partition;
  job_t *head, *tail;
} porder_t;

typedef struct xthread_s {
  struct cw_pipeline_s *p;
  pthread_t tid;
  int started;
  cw_extractor_t *ex;
  cw_avro_codec_t *codec;
  _Atomic int busy;          /* inside job_run */
} xthread_t;

struct cw_pipeline_s {
  const cw_config_t *cfg;
  rd_kafka_t *consumer;
  rd_kafka_t *producer;
  cw_engine_t *engine;
  cw_offsets_t *offsets;
  /* extraction threads and their queue */
  xthread_t *threads;
  size_t n_threads;
  pthread_mutex_t qlock;
  pthread_cond_t qcond;
  job_t *qhead, *qtail;
  int qstop;
  /* jobs in input order per partition; only the main thread touches these */
  porder_t *porder;
  size_t n_porder;
  size_t jobs_out;          /* jobs consumed but not yet produced */
  cw_bp_t *bp;              /* held messages and bytes per partition; pause/resume decisions */
  int stop_fetching;        /* shutting down: every partition stays paused */
  rd_kafka_topic_partition_list_t *to_store;
  cw_pipeline_stats_t st;
  cw_metrics_t *metrics;
  cw_http_t *http;
  cw_pipeline_done_hook_t done_hook;
  void *done_opaque;
  size_t max_msg_bytes;      /* the producer's message.max.bytes */
  int eos;                   /* exactly-once: transactional producer */
  int in_txn;
  int64_t txn_started_ms;
  rd_kafka_topic_partition_list_t *txn_offsets; /* next input offsets of the open transaction */
  int discard;               /* produce nothing: the jobs belong to an aborted transaction */
  int txn_failed;            /* a record of the open transaction failed: abort and rewind */
  int fatal;
  char fatal_reason[512];
  int joined;                /* readiness: assigned since joining, session not lost */
  int brokers_down;          /* readiness: a client reported all brokers down, no sign since */
  int32_t key_ids[2]; /* schema ids of Avro-framed keys on entities/claims; -1: plain keys */
  int stored_uncommitted;   /* offsets stored since the last commit */
  int64_t stop_deadline_ms; /* shutting down: monotonic ms by which the worker must be gone */
  int consumer_closed;      /* the group was left (close finished in time) */
  int64_t last_commit_ms;   /* monotonic ms of the last periodic commit */
  int commit_pending;       /* a periodic commit awaits its result */
  int64_t commit_hold_until_ms; /* after a failed commit: no periodic one before this */
};

/* ==== Clocks ==== */

/* Wall-clock ms (record and input timestamps). */
static inline int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline int64_t mono_us(void) { return cw_time_mono_ns() / 1000; }

static inline int64_t mono_ms(void) { return cw_time_mono_ns() / 1000000; }

/* ==== pipeline.c ==== */

void cw_pl_set_fatal(cw_pipeline_t *p, const char *reason);
void cw_pl_update_ready(cw_pipeline_t *p);
int64_t cw_pl_time_left(const cw_pipeline_t *p, int64_t cap);

/* ==== pipeline_jobs.c ==== */

void *cw_pl_xthread_main(void *arg);
void cw_pl_submit(cw_pipeline_t *p, rd_kafka_message_t *rkm);
size_t cw_pl_produce_ready(cw_pipeline_t *p);
int cw_pl_finish_jobs(cw_pipeline_t *p, int64_t timeout_ms);
void cw_pl_job_free(cw_pipeline_t *p, job_t *j);

/* ==== pipeline_out.c ==== */

void cw_pl_dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *rkm, void *opaque);
void cw_pl_job_produce(cw_pipeline_t *p, job_t *j);
int cw_pl_drain_outputs(cw_pipeline_t *p, int timeout_ms);

/* ==== pipeline_in.c ==== */

void cw_pl_rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t *parts, void *opaque);
void cw_pl_offset_commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t *offsets, void *opaque);
void cw_pl_store_offsets(cw_pipeline_t *p);
void cw_pl_commit_periodic(cw_pipeline_t *p);
void cw_pl_commit_sync(cw_pipeline_t *p, const char *why, int64_t timeout_ms);
void cw_pl_apply_backpressure(cw_pipeline_t *p);
int cw_pl_close_consumer(cw_pipeline_t *p, int64_t timeout_ms);

/* ==== pipeline_txn.c ==== */

void cw_pl_txn_begin(cw_pipeline_t *p);
cw_err_t cw_pl_txn_commit(cw_pipeline_t *p, const char *why);
void cw_pl_txn_abort(cw_pipeline_t *p, int rewind, const char *why);

#endif
