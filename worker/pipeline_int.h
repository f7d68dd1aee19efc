/* pipeline_int.h - the pipeline's private parts, shared by its files and nothing else:
 *   pipeline.c        the loop and the life cycle (create, run, ordered shutdown, destroy),
 *                     readiness and the clients' error and statistics callbacks;
 *   pipeline_jobs.c   the extraction threads, their job queue, and the jobs kept in input order
 *                     per partition;
 *   pipeline_out.c    the output side: producing records, dead letters, delivery reports;
 *   pipeline_in.c     the input side: rebalances, offset storing and commits, pause/resume
 *                     (backpressure), leaving the group;
 *   pipeline_txn.c    transactions (worker.processing_guarantee = exactly_once).
 * Each file logs under its own tag: "pipeline", "jobs", "output", "input", "txn".
 *
 * Return conventions of the functions below: a function that can fail returns cw_err_t, CW_OK on
 * success, never non-zero for success. A failure that must stop the worker is recorded with
 * cw_pl_set_fatal() (the loop then shuts down); a function whose every failure goes that way
 * returns void. Counts are returned as size_t.
 *
 * @locality everything here runs on the pipeline thread, except cw_pl_xthread_main() and what
 * it calls (the extraction threads; they touch only their job, their own extractor and codec,
 * the queue under qlock, and the thread-safe metrics). */
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
#include "output.h"
#include "pipeline.h"

/* ==== Limits and timeouts, all in one place ==== */

/* After an article this large the extraction thread returns its working memory to the system. */
#define LARGE_ARTICLE_BYTES (256u * 1024u)

#define PROGRESS_INTERVAL_MS 10000
/* After a failed offset commit (a rebalance, usually), periodic commits wait this long at most;
 * a periodic commit without an answer is not repeated before this either. */
#define COMMIT_HOLD_MS 5000
/* Start-up: the longest the output topics' metadata lookup may take (cw_pl_warm_outputs). */
#define OUTPUT_METADATA_TIMEOUT_MS 3000
/* Consumer poll of the loop: idle, and while jobs are out or partitions paused. */
#define LOOP_POLL_IDLE_MS 100
#define LOOP_POLL_BUSY_MS 1
/* Producer poll of the loop while every partition is paused (nothing else to wait on). */
#define LOOP_PRODUCER_POLL_PAUSED_MS 10
/* Producer poll while waiting for jobs to finish (cw_pl_finish_jobs). */
#define FINISH_JOBS_POLL_MS 1
/* Producer poll to make room when its queue is full, before producing again. */
#define QUEUE_FULL_POLL_MS 100
/* Event-queue poll while waiting for a commit result or for the consumer close. */
#define EVENT_POLL_MS 10
/* Revocation: time to finish the revoked partitions' jobs, outputs and commit, at most (and
 * never more than shutdown_timeout_ms). */
#define REVOKE_TIMEOUT_CAP_MS 10000
/* Shutdown: the part of shutdown_timeout_ms kept for commits and leaving the group, at most this
 * much (otherwise a quarter). */
#define SHUTDOWN_RESERVE_CAP_MS 3000
/* Destroy: how long an extraction thread may still take to finish its article. */
#define THREAD_JOIN_TIMEOUT_MS 200
#define THREAD_JOIN_POLL_MS 5
/* Transactions: init_transactions at start; commit, abort and the rewind's committed-offsets
 * lookup each take at most this (and never more than shutdown_timeout_ms). */
#define TXN_INIT_TIMEOUT_MS 60000
#define TXN_TIMEOUT_CAP_MS 30000
/* Producer poll between two attempts to abort a transaction. */
#define TXN_ABORT_RETRY_POLL_MS 100
#define TXN_COMMIT_ATTEMPTS 5
#define TXN_ABORT_ATTEMPTS 3
/* The rewind after an abort seeks every assigned partition; a seek that has not finished in
 * its wait is asked again (same offsets), each wait at least REWIND_SEEK_MIN_WAIT_MS, before the
 * worker gives up (fatal: without the rewind the aborted input would be skipped). */
#define REWIND_SEEK_ATTEMPTS 5
#define REWIND_SEEK_MIN_WAIT_MS 2000

/* ==== Types ==== */

/* One input message from consumption until its records are handed to the producer. */
typedef struct job_s {
  struct job_s *next_queue;  /* work queue link */
  struct job_s *next_part;   /* input-order link within its partition */
  rd_kafka_message_t *rkm;   /* kept until produced: a dead letter needs the original bytes */
  cw_inflight_t *m;
  _Atomic int done;          /* set (release) by the extraction thread */
  int discard;               /* produce nothing: it belongs to an aborted transaction */
  cw_err_t err;              /* != CW_OK: dead-letter with reason */
  char reason[512];
  char *key;                 /* article id */
  size_t n_recs;             /* records[0] = entities, then claims */
  cw_output_rec_t *recs;
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
  rd_kafka_topic_t *out_topics[3]; /* entities, claims, dead letters: their metadata is known */
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
  int txn_failed;            /* a record of the open transaction failed: abort and rewind */
  int fatal;
  char fatal_reason[512];
  int coop;                  /* cooperative rebalancing (incremental assign and unassign) */
  int n_assigned;            /* partitions assigned, as the rebalance callbacks counted them */
  int in_rebalance;          /* inside cw_pl_rebalance_cb */
  int rewind_pending;        /* an abort's rewind waits for the rebalance callback to return */
  int joined;                /* readiness: assigned since joining, session not lost */
  int brokers_down;          /* readiness: a client reported all brokers down, no sign since */
  cw_output_t *output;      /* output format, registry ids, record keys */
  int stored_uncommitted;   /* offsets stored since the last commit */
  int64_t done_since_commit; /* messages finished since the last commit request */
  int64_t stop_deadline_ms; /* shutting down: monotonic ms by which the worker must be gone */
  int consumer_closed;      /* the group was left (close finished in time) */
  int64_t last_commit_ms;   /* monotonic ms of the last periodic commit */
  int commit_pending;       /* a periodic commit awaits its result */
  int64_t commit_hold_until_ms; /* after a failed commit: no periodic one before this */
};

/* ==== Clocks ==== */

/* Wall-clock ms (record and input timestamps). */
static inline int64_t now_ms(void) { return cw_time_wall_ms(); }

static inline int64_t mono_us(void) { return cw_time_mono_ns() / 1000; }

static inline int64_t mono_ms(void) { return cw_time_mono_ns() / 1000000; }

/* ==== pipeline.c ==== */

/** Records the first fatal error: the loop stops and cw_pipeline_run() returns CW_ERR_FATAL. */
void cw_pl_set_fatal(cw_pipeline_t *p, const char *reason);
/** Publishes readiness (/readyz, claimwire_ready) from joined, brokers_down, stop_fetching. */
void cw_pl_update_ready(cw_pipeline_t *p);
/** @returns the ms left of @p cap, less if the shutdown deadline comes first (never < 0). */
int64_t cw_pl_time_left(const cw_pipeline_t *p, int64_t cap);

/* ==== pipeline_jobs.c ==== */

/** The extraction threads' main function (pthread_create argument: its xthread_t). */
void *cw_pl_xthread_main(void *arg);
/** Takes a consumed message (ownership of @p rkm) and queues it for extraction. */
void cw_pl_submit(cw_pipeline_t *p, rd_kafka_message_t *rkm);
/** Produces every finished job that is next in its partition's input order.
 * @returns the number of jobs produced. */
size_t cw_pl_produce_ready(cw_pipeline_t *p);
/** Waits at most @p timeout_ms until every consumed job is produced.
 * @returns CW_OK, or CW_ERR_TIMEOUT with jobs still out. */
cw_err_t cw_pl_finish_jobs(cw_pipeline_t *p, int64_t timeout_ms);
/** Marks every job consumed so far to be dropped, not produced, whenever it finishes.
 * @returns the number of jobs marked. */
size_t cw_pl_discard_jobs(cw_pipeline_t *p);
/** Frees a job that left its partition's order (produced, or never to be). */
void cw_pl_job_free(cw_pipeline_t *p, job_t *j);

/* ==== pipeline_out.c ==== */

/** Delivery report callback of the producer (opaque: the pipeline). */
void cw_pl_dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *rkm, void *opaque);
/** Produces the records (or the dead letter) of one finished job; drops a discarded one. */
void cw_pl_job_produce(cw_pipeline_t *p, job_t *j);
/** Looks up the output topics' metadata once before consuming (at most @p timeout_ms in all),
 * keeping their handles, so the first records after a start do not wait for the producer's
 * once-a-second scan of unknown topics (up to 1 s of output that a crash would replay). A
 * failure is logged and changes nothing: the producer learns the topics later. */
void cw_pl_warm_outputs(cw_pipeline_t *p, int64_t timeout_ms);
/** Waits for outstanding deliveries and stores the offsets they free.
 * @returns CW_OK if all outputs were acknowledged within @p timeout_ms, else CW_ERR_TIMEOUT. */
cw_err_t cw_pl_drain_outputs(cw_pipeline_t *p, int timeout_ms);

/* ==== pipeline_in.c ==== */

/** Rebalance callback of the consumer (opaque: the pipeline). */
void cw_pl_rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t *parts, void *opaque);
/** Offset commit callback of the consumer (opaque: the pipeline); counts the outcome. */
void cw_pl_offset_commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t *offsets, void *opaque);
/** Stores the offsets that became safe to commit (not with exactly-once: the transaction
 * commits them). */
void cw_pl_store_offsets(cw_pipeline_t *p);
/** Commits the stored offsets asynchronously every worker.commit_interval_ms. */
void cw_pl_commit_periodic(cw_pipeline_t *p);
/** Commits the stored offsets, waiting for the result at most @p timeout_ms; logs the outcome. */
void cw_pl_commit_sync(cw_pipeline_t *p, const char *why, int64_t timeout_ms);
/** Pauses and resumes partitions as backpressure.c decides. */
void cw_pl_apply_backpressure(cw_pipeline_t *p);
/** Leaves the group within @p timeout_ms. @returns CW_OK once closed, else CW_ERR_TIMEOUT. */
cw_err_t cw_pl_close_consumer(cw_pipeline_t *p, int64_t timeout_ms);

/* ==== pipeline_txn.c ==== */

/** Begins a transaction; a failure is fatal. */
void cw_pl_txn_begin(cw_pipeline_t *p);
/** Commits the open transaction with its input offsets (no-op without one).
 * @returns CW_OK; CW_ERR_KAFKA when it had to be aborted; CW_ERR_FATAL when the worker stops. */
cw_err_t cw_pl_txn_commit(cw_pipeline_t *p, const char *why);
/** Aborts the open transaction, drops its articles not yet produced and, with @p rewind, seeks
 * the consumer back to the committed offsets. A failure is fatal. */
void cw_pl_txn_abort(cw_pipeline_t *p, int rewind, const char *why);
/** Seeks the assigned partitions back to their committed offsets after an abort, so the
 * aborted input is processed again (failing that, the worker stops: it would be skipped). An
 * abort inside a rebalance callback only sets rewind_pending; the main loop calls this. */
void cw_pl_txn_rewind(cw_pipeline_t *p);

#endif
