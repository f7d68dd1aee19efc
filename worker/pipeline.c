/* pipeline.c - the worker loop: consume -> parse -> extract -> encode -> produce, with
 * dead letters, delivery tracking, offset storing, rebalances and ordered shutdown.
 *
 * Delivery guarantee (at-least-once): enable.auto.offset.store=false; an input offset is stored
 * (and later committed by the auto-commit timer, on revoke and at shutdown) only when every
 * record the message produced was acknowledged by the brokers (offsets.c). A record that fails
 * for good stops the worker with an error and its offset is never committed, so a restart
 * reprocesses it.
 *
 * Threads: the calling thread owns both Kafka handles (consume, produce, callbacks, commits);
 * worker.threads extraction threads, each with its own extractor and Avro codec, parse,
 * extract and encode jobs from a shared queue. Finished jobs are produced by the main thread
 * strictly in input order per partition, so output order follows input order.
 *
 * Exactly-once (worker.processing_guarantee = exactly_once): records are produced inside a
 * Kafka transaction together with the input offsets (send_offsets_to_transaction), committed
 * every worker.transaction_interval_ms, on revocation and at shutdown. An abortable error aborts
 * the transaction, drops the articles not yet produced and rewinds the consumer to the last
 * committed offsets; fencing and other fatal errors stop the worker.
 *
 * Backpressure (backpressure.c): a partition holding too many messages or bytes is paused alone,
 * every partition while the worker is over its total caps; each resumes at half. The loop keeps
 * polling throughout, so the group session and max.poll.interval.ms never expire.
 *
 * Error classes (librdkafka's): per-message (bad input, record too large) -> dead letter, go
 * on; retriable (queue full, broker transport) -> poll and retry, librdkafka retries itself;
 * fatal (ERR__FATAL, a record that cannot be delivered) -> stop, flush, exit non-zero. */
#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "article.h"
#include "avro_codec.h"
#include "backpressure.h"
#include "claimwire/extract.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_limits.h"
#include "cw_log.h"
#include "cw_time.h"
#include "deadletter.h"
#include "http.h"
#include "kafka_conf.h"
#include "metrics.h"
#include "models.h"
#include "offsets.h"
#include "pipeline.h"
#include "output.h"

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
  cw_avro_codec_t *codec;    /* writes in the output format */
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
  cw_output_t *output;      /* output format, registry ids, record keys */
  int stored_uncommitted;   /* offsets stored since the last commit */
  int64_t stop_deadline_ms; /* shutting down: monotonic ms by which the worker must be gone */
  int consumer_closed;      /* the group was left (close finished in time) */
  int64_t last_commit_ms;   /* monotonic ms of the last periodic commit */
  int commit_pending;       /* a periodic commit awaits its result */
  int64_t commit_hold_until_ms; /* after a failed commit: no periodic one before this */
};

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_us(void) { return cw_time_mono_ns() / 1000; }

static int64_t mono_ms(void) { return cw_time_mono_ns() / 1000000; }

static int finish_jobs(cw_pipeline_t *p, int64_t timeout_ms);
static void apply_backpressure(cw_pipeline_t *p);
static cw_err_t txn_commit(cw_pipeline_t *p, const char *why);
static void txn_abort(cw_pipeline_t *p, int rewind, const char *why);

static void set_fatal(cw_pipeline_t *p, const char *reason) {
  if (!p->fatal) {
    p->fatal = 1;
    snprintf(p->fatal_reason, sizeof(p->fatal_reason), "%.500s", reason);
    CW_ERROR("pipeline", "fatal: %s", reason);
  }
}

/* Readiness (/readyz, claimwire_ready): the group joined and the brokers reachable, and not
 * shutting down. */
static void update_ready(cw_pipeline_t *p) {
  int64_t why = (p->joined ? 0 : CW_NOT_READY_GROUP) |
                (p->brokers_down ? CW_NOT_READY_BROKERS : 0) |
                (p->stop_fetching ? CW_NOT_READY_STOPPING : 0);
  cw_metrics_set(p->metrics, CW_G_NOT_READY, why);
  cw_metrics_set(p->metrics, CW_G_READY, why == 0);
}

/* ==== Callbacks (served on the pipeline thread by rd_kafka_poll / consumer_poll) ==== */

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *rkm, void *opaque) {
  cw_pipeline_t *p = opaque;
  cw_inflight_t *m = rkm->_private;
  (void)rk;
  if (rkm->err && p->eos) {
    /* Inside a transaction a failed record dooms it: the loop aborts and rewinds. Records
     * purged by that abort report too; they must not doom the next transaction. */
    p->st.delivery_failed++;
    cw_metrics_inc(p->metrics, CW_M_DELIVERY_FAILED, 1);
    if (rkm->err != RD_KAFKA_RESP_ERR__PURGE_QUEUE &&
        rkm->err != RD_KAFKA_RESP_ERR__PURGE_INFLIGHT && p->in_txn && !p->txn_failed) {
      CW_WARN("pipeline", "record for %s failed inside the transaction: %s; aborting it",
              rd_kafka_topic_name(rkm->rkt), rd_kafka_err2str(rkm->err));
      p->txn_failed = 1;
    }
  } else if (rkm->err) {
    char reason[512];
    p->st.delivery_failed++;
    snprintf(reason, sizeof(reason),
             "record for %s could not be delivered: %s; its input offset will not be "
             "committed",
             rd_kafka_topic_name(rkm->rkt), rd_kafka_err2str(rkm->err));
    set_fatal(p, reason);
    cw_metrics_inc(p->metrics, CW_M_DELIVERY_FAILED, 1);
  } else {
    p->st.delivered++;
    cw_metrics_inc(p->metrics, CW_M_DELIVERED, 1);
    if (p->brokers_down) { /* a delivery is proof enough that the brokers are back */
      p->brokers_down = 0;
      update_ready(p);
    }
  }
  if (m)
    cw_offsets_ack(p->offsets, m, rkm->err == RD_KAFKA_RESP_ERR_NO_ERROR);
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
  cw_pipeline_t *p = opaque;
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512], msg[600];
    rd_kafka_fatal_error(rk, buf, sizeof(buf));
    snprintf(msg, sizeof(msg), "%s: librdkafka fatal error: %s", rd_kafka_name(rk), buf);
    set_fatal(p, msg);
    return;
  }
  cw_metrics_inc(p->metrics, CW_M_KAFKA_ERRORS, 1);
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
    p->brokers_down = 1;
    update_ready(p);
  }
  /* Everything else is informational: librdkafka recovers by itself (broker down, etc.). */
  CW_WARN("kafka", "%s: %s: %s", rd_kafka_name(rk), rd_kafka_err2name((rd_kafka_resp_err_t)err),
          reason);
}

/* Every offset commit, the auto-commit timer's and commit_sync's: counts the outcome. A failed
 * commit loses nothing: the stored offsets stay and the next commit carries them. */
static void offset_commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t *offsets, void *opaque) {
  cw_pipeline_t *p = opaque;
  (void)rk;
  p->commit_pending = 0;
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET)
    return; /* nothing new to commit */
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    cw_metrics_inc(p->metrics, CW_M_COMMITS, 1);
    return;
  }
  /* Most failures mean a rebalance is under way: a commit with the old generation would get
   * ILLEGAL_GENERATION, which librdkafka takes for a lost assignment. No periodic commit until
   * the rebalance is done (rebalance_cb) or COMMIT_HOLD_MS have passed. */
  p->commit_hold_until_ms = mono_ms() + COMMIT_HOLD_MS;
  cw_metrics_inc(p->metrics, CW_M_COMMIT_ERRORS, 1);
  CW_WARN("pipeline", "offset commit failed for %d partition(s), retried with the next commit: %s",
          offsets ? offsets->cnt : 0, rd_kafka_err2str(err));
}

static int stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque) {
  cw_pipeline_t *p = opaque;
  (void)rk;
  if (cw_metrics_from_rdkafka_stats(p->metrics, json, len) != CW_OK)
    CW_DEBUG("pipeline", "unreadable librdkafka statistics");
  return 0; /* librdkafka frees json */
}

/* The producer's statistics: a broker connection is up again after an outage. */
static int producer_stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque) {
  cw_pipeline_t *p = opaque;
  (void)rk;
  if (p->brokers_down && cw_rdkafka_stats_brokers_up(json, len) > 0) {
    p->brokers_down = 0;
    update_ready(p);
  }
  return 0;
}

/* A message finished: all its records acknowledged. */
static void done_cb(void *opaque, int64_t ts_ms) {
  cw_pipeline_t *p = opaque;
  if (p->done_hook)
    p->done_hook(p->done_opaque, ts_ms);
  if (ts_ms > 0) {
    int64_t d = now_ms() - ts_ms;
    cw_metrics_observe(p->metrics, CW_H_END_TO_END, d > 0 ? (double)d / 1000.0 : 0.0);
  }
}

static void store_cb(void *opaque, const char *topic, int32_t partition, int64_t next) {
  cw_pipeline_t *p = opaque;
  rd_kafka_topic_partition_list_add(p->to_store, topic, partition)->offset = next;
}

/* Stores the offsets that became safe; the auto-commit timer commits them. */
static void store_offsets(cw_pipeline_t *p) {
  if (!cw_offsets_collect(p->offsets, store_cb, done_cb, p))
    return;
  if (p->eos) { /* offsets are committed by the transaction, not stored */
    rd_kafka_topic_partition_list_destroy(p->to_store);
    p->to_store = rd_kafka_topic_partition_list_new(8);
    return;
  }
  rd_kafka_resp_err_t err = rd_kafka_offsets_store(p->consumer, p->to_store);
  for (int i = 0; i < p->to_store->cnt; i++) {
    rd_kafka_topic_partition_t *tp = &p->to_store->elems[i];
    if (tp->err)
      CW_DEBUG("pipeline", "offset %s/%" PRId32 "@%" PRId64 " not stored: %s", tp->topic,
               tp->partition, tp->offset, rd_kafka_err2str(tp->err));
    else {
      p->st.offsets_stored++;
      p->stored_uncommitted = 1;
      cw_metrics_inc(p->metrics, CW_M_OFFSETS_STORED, 1);
    }
  }
  if (err && err != RD_KAFKA_RESP_ERR__STATE)
    CW_WARN("pipeline", "storing offsets: %s", rd_kafka_err2str(err));
  rd_kafka_topic_partition_list_destroy(p->to_store);
  p->to_store = rd_kafka_topic_partition_list_new(8);
}

static void format_parts(const rd_kafka_topic_partition_list_t *parts, char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < parts->cnt && used + 1 < n; i++) {
    int w = snprintf(buf + used, n - used, "%s%s/%" PRId32, i ? "," : "", parts->elems[i].topic,
                     parts->elems[i].partition);
    if (w < 0)
      break;
    used += (size_t)w;
  }
}

/* Waits for outstanding deliveries and stores the offsets they free. @returns 0 if all
 * outputs were acknowledged in time. */
static int drain_outputs(cw_pipeline_t *p, int timeout_ms) {
  rd_kafka_resp_err_t err = rd_kafka_flush(p->producer, timeout_ms);
  store_offsets(p);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
}

/* Commits the stored offsets asynchronously every worker.commit_interval_ms while new ones
 * were stored, so a crash replays at most about that much input (librdkafka's own auto-commit
 * timer, 5 s by default, stays as a fallback). offset_commit_cb counts the result. */
static void commit_periodic(cw_pipeline_t *p) {
  int64_t now = mono_ms();
  if (p->eos || !p->stored_uncommitted || now - p->last_commit_ms < p->cfg->commit_interval_ms ||
      now < p->commit_hold_until_ms ||
      (p->commit_pending && now - p->last_commit_ms < COMMIT_HOLD_MS))
    return;
  p->stored_uncommitted = 0;
  p->commit_pending = 1;
  p->last_commit_ms = now;
  rd_kafka_resp_err_t err = rd_kafka_commit(p->consumer, NULL, 1 /* async */);
  if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
    CW_DEBUG("pipeline", "periodic commit: %s", rd_kafka_err2str(err));
}

/* @returns the ms left of @p cap, less if the shutdown deadline comes first (never < 0). */
static int64_t time_left(const cw_pipeline_t *p, int64_t cap) {
  if (p->stop_deadline_ms) {
    int64_t left = p->stop_deadline_ms - mono_ms();
    if (left < cap)
      cap = left;
  }
  return cap > 0 ? cap : 0;
}

/* Commits the stored offsets and waits for the result at most @p timeout_ms: a synchronous
 * commit would wait for a coordinator that may be gone for much longer. Counted here, as
 * offset_commit_cb does for the others. */
static void commit_sync(cw_pipeline_t *p, const char *why, int64_t timeout_ms) {
  int done = 0;
  int64_t deadline = mono_ms() + timeout_ms;
  rd_kafka_queue_t *q = rd_kafka_queue_new(p->consumer);
  /* Event API: the result comes back as an RD_KAFKA_EVENT_OFFSET_COMMIT on q. */
  rd_kafka_resp_err_t err = rd_kafka_commit_queue(p->consumer, NULL, q, NULL, NULL);
  while (!err && !done && mono_ms() < deadline) {
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 10);
    if (ev && rd_kafka_event_type(ev) == RD_KAFKA_EVENT_OFFSET_COMMIT) {
      done = 1;
      err = rd_kafka_event_error(ev);
    }
    rd_kafka_event_destroy(ev); /* accepts NULL */
  }
  rd_kafka_queue_destroy(q);
  if (!err && !done) {
    CW_WARN("pipeline", "committing offsets (%s): no answer within %" PRId64 " ms", why,
            timeout_ms);
    return;
  }
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    p->stored_uncommitted = 0;
    cw_metrics_inc(p->metrics, CW_M_COMMITS, 1);
    CW_INFO("pipeline", "offsets committed (%s)", why);
  } else if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    cw_metrics_inc(p->metrics, CW_M_COMMIT_ERRORS, 1);
    CW_WARN("pipeline", "committing offsets (%s): %s", why, rd_kafka_err2str(err));
  }
}

static void update_assigned(cw_pipeline_t *p) {
  rd_kafka_topic_partition_list_t *parts = NULL;
  if (rd_kafka_assignment(p->consumer, &parts) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    cw_metrics_set(p->metrics, CW_G_ASSIGNED, parts->cnt);
    rd_kafka_topic_partition_list_destroy(parts);
  }
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque) {
  cw_pipeline_t *p = opaque;
  int coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
  char list[1024];
  p->commit_hold_until_ms = 0; /* the new generation is known: periodic commits may go on */
  format_parts(parts, list, sizeof(list));
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    CW_INFO("pipeline", "assigned %d partition(s): %s", parts->cnt, list);
    if (coop) {
      rd_kafka_error_t *e = rd_kafka_incremental_assign(rk, parts);
      if (e) {
        CW_ERROR("pipeline", "incremental assign: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, parts);
    }
    /* New partitions start paused if the worker is over its total caps (or stopping), and a
     * partition this worker left paused when it lost it is resumed. */
    for (int i = 0; i < parts->cnt; i++)
      cw_bp_assign(p->bp, parts->elems[i].topic, parts->elems[i].partition);
    apply_backpressure(p);
    cw_metrics_inc(p->metrics, CW_M_REBALANCES_ASSIGN, 1);
    p->joined = 1;
    update_ready(p);
    update_assigned(p);
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    int lost = rd_kafka_assignment_lost(rk);
    CW_INFO("pipeline", "revoked %d partition(s)%s: %s", parts->cnt, lost ? " (lost)" : "",
            list);
    if (!lost) {
      /* Finish what these partitions have in flight so their offsets can be committed before
       * another member takes over; what does not finish in time is reprocessed there. */
      int64_t t = time_left(p, p->cfg->shutdown_timeout_ms < 10000 ? p->cfg->shutdown_timeout_ms
                                                                   : 10000);
      /* At shutdown the extraction had its time already: produce what is done, no more. */
      if (finish_jobs(p, p->stop_deadline_ms ? 0 : t) != 0 && !p->stop_deadline_ms)
        CW_WARN("pipeline", "revoke: extraction still running after %" PRId64 " ms", t);
      if (p->eos) {
        if (txn_commit(p, "revoke") != CW_OK)
          CW_WARN("pipeline", "revoke: transaction not committed; another member reprocesses");
      } else {
        if (drain_outputs(p, (int)time_left(p, t)) != 0)
          CW_WARN("pipeline", "revoke: outputs still in flight after %" PRId64 " ms", t);
        commit_sync(p, "revoke", time_left(p, t));
      }
    } else if (p->eos && p->in_txn) {
      txn_abort(p, 0, "partitions lost");
    }
    for (int i = 0; i < parts->cnt; i++) {
      cw_offsets_drop_partition(p->offsets, parts->elems[i].topic, parts->elems[i].partition);
      cw_bp_revoke(p->bp, parts->elems[i].topic, parts->elems[i].partition);
    }
    if (coop) {
      rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
      if (e) {
        CW_ERROR("pipeline", "incremental unassign: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, NULL);
    }
    for (int i = 0; i < parts->cnt; i++)
      cw_metrics_set_lag(p->metrics, parts->elems[i].topic, parts->elems[i].partition, -1);
    cw_metrics_inc(p->metrics, CW_M_REBALANCES_REVOKE, 1);
    /* A lost session (or an eager rebalance, which revokes everything) leaves the group
     * until the next assignment; a cooperative revoke keeps the membership. */
    if (lost || !coop) {
      p->joined = 0;
      update_ready(p);
    }
    update_assigned(p);
    return;
  }
  CW_ERROR("pipeline", "rebalance error: %s", rd_kafka_err2str(err));
  rd_kafka_assign(rk, NULL);
  p->joined = 0;
  update_ready(p);
}

/* ==== Producing ==== */

/* Produces one record for input message @p m. Takes ownership of @p hdrs (may be NULL).
 * @returns 0, or -1 when the record was refused for good (m is then marked failed). */
static int produce(cw_pipeline_t *p, const char *topic, const void *key, size_t key_len,
                   const void *val, size_t len, rd_kafka_headers_t *hdrs, cw_inflight_t *m) {
  cw_offsets_add_pending(m);
  for (;;) {
    rd_kafka_resp_err_t err;
    if (hdrs)
      err = rd_kafka_producev(p->producer, RD_KAFKA_V_TOPIC(topic),
                              RD_KAFKA_V_KEY((void *)key, key_len),
                              RD_KAFKA_V_VALUE((void *)val, len),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(m),
                              RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
    else
      err = rd_kafka_producev(p->producer, RD_KAFKA_V_TOPIC(topic),
                              RD_KAFKA_V_KEY((void *)key, key_len),
                              RD_KAFKA_V_VALUE((void *)val, len),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(m),
                              RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      p->st.records_out++;
      cw_metrics_inc(p->metrics,
                     hdrs ? CW_M_RECORDS_DLQ
                     : strcmp(topic, p->cfg->entities_topic) ? CW_M_RECORDS_CLAIMS
                                                             : CW_M_RECORDS_ENTITIES,
                     1);
      return 0;
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      /* Retriable: serve delivery reports to make room, then try again. */
      rd_kafka_poll(p->producer, 100);
      continue;
    }
    if (hdrs)
      rd_kafka_headers_destroy(hdrs);
    cw_offsets_ack(p->offsets, m, 0);
    /* A transaction in an abortable error state refuses new records until it is aborted;
     * the loop does that and rewinds. A fatal producer error (fencing) stops the worker. */
    if (p->eos && err == RD_KAFKA_RESP_ERR__STATE && !rd_kafka_fatal_error(p->producer, NULL, 0)) {
      if (!p->txn_failed)
        CW_WARN("pipeline", "the transaction failed (%s refused a record); aborting it", topic);
      p->txn_failed = 1;
      return -1;
    }
    char reason[512];
    snprintf(reason, sizeof(reason), "cannot produce to %s: %s", topic, rd_kafka_err2str(err));
    set_fatal(p, reason);
    return -1;
  }
}

static void dead_letter(cw_pipeline_t *p, const rd_kafka_message_t *rkm, cw_inflight_t *m,
                        cw_err_t err, const char *reason) {
  CW_WARN("pipeline", "%s/%" PRId32 "@%" PRId64 ": dead-lettered (%s): %s",
          rd_kafka_topic_name(rkm->rkt), rkm->partition, rkm->offset, cw_dlq_code(err), reason);
  rd_kafka_headers_t *h = cw_dlq_headers(rkm, err, reason);
  size_t len = rkm->len;
  /* A value the producer cannot send whole (an oversized article) is dead-lettered truncated,
   * with its original size in a header, rather than lost or made fatal. */
  if (len + rkm->key_len + 8192 > p->max_msg_bytes) {
    char num[32];
    snprintf(num, sizeof(num), "%zu", len);
    rd_kafka_header_add(h, CW_DLQ_HDR_ORIGINAL_SIZE, -1, num, -1);
    len = CW_DLQ_TRUNCATED_BYTES;
  }
  if (produce(p, p->cfg->dead_letter_topic, rkm->key, rkm->key_len, rkm->payload, len, h,
              m) == 0) {
    p->st.dead_lettered++;
    cw_metrics_inc(p->metrics, err == CW_ERR_INVALID     ? CW_M_DLQ_INVALID_INPUT
                               : err == CW_ERR_UTF8      ? CW_M_DLQ_INVALID_UTF8
                               : err == CW_ERR_TOO_LARGE ? CW_M_DLQ_TOO_LARGE
                               : err == CW_ERR_AVRO      ? CW_M_DLQ_ENCODING
                               : err == CW_ERR_BUDGET    ? CW_M_DLQ_BUDGET
                                                         : CW_M_DLQ_OTHER,
                   1);
  }
}

/* ==== Extraction threads ==== */

/* Parses, extracts and encodes one job. Runs on an extraction thread; touches only the job,
 * the thread's extractor and codec, and the thread-safe metrics. */
static void job_run(xthread_t *x, job_t *j) {
  static const cw_result_t empty; /* passthrough mode: no extraction */
  cw_pipeline_t *p = x->p;
  const rd_kafka_message_t *rkm = j->rkm;
  const cw_result_t *r = &empty;
  cw_article_t *a = NULL;
  cw_origin_t origin = {rd_kafka_topic_name(rkm->rkt), rkm->partition, rkm->offset,
                        rd_kafka_message_timestamp(rkm, NULL)};
  cw_err_t err = cw_article_parse(rkm->payload, rkm->len, rkm->key, rkm->key_len, &origin,
                                  (size_t)p->cfg->max_message_bytes, &a, j->reason,
                                  sizeof(j->reason));
  if (!err && x->ex) {
    cw_doc_t doc = {a->id, a->body, a->body_len, a->published_at};
    int64_t t0 = mono_us();
    int64_t budget_ms = cw_config_extract_budget_ms(p->cfg, a->body_len);
    cw_extractor_set_deadline(x->ex, budget_ms ? t0 * 1000 + budget_ms * 1000000 : 0);
    err = cw_extractor_run(x->ex, &doc, &r, j->reason, sizeof(j->reason));
    cw_metrics_observe(p->metrics, CW_H_EXTRACT, (double)(mono_us() - t0) / 1e6);
    if (err == CW_ERR_BUDGET) {
      size_t used = strlen(j->reason);
      snprintf(j->reason + used, sizeof(j->reason) - used,
               " (%" PRId64 " ms for %zu bytes, spent %" PRId64 " ms)", budget_ms, a->body_len,
               (mono_us() - t0) / 1000);
    }
  }
  if (!err) {
    /* Encode every record before any is produced: an article gets all its records or a
     * dead letter. */
    err = cw_output_encode(p->output, x->codec, a, r, now_ms(), MAX_RECORD_BYTES, &j->recs,
                           &j->n_recs, j->reason, sizeof(j->reason));
    if (err == CW_ERR_TOO_LARGE)
      snprintf(j->reason, sizeof(j->reason), "an output record exceeds %u bytes",
               MAX_RECORD_BYTES);
    j->key = cw_strdup(a->id);
    j->n_entities = r->n_entities;
    j->n_claims = r->n_claims;
  }
  j->err = err;
  /* A huge article grew the extractor's arena (kept across articles) and the heap: give that
   * memory back now instead of holding the peak until the process ends. */
  if (a && a->body_len >= LARGE_ARTICLE_BYTES && x->ex) {
    cw_extractor_destroy(&x->ex);
    x->ex = cw_extractor_create(p->engine);
  }
  int trim = a && a->body_len >= LARGE_ARTICLE_BYTES;
  cw_article_destroy(&a);
#ifdef __GLIBC__
  if (trim)
    malloc_trim(0);
#else
  (void)trim;
#endif
}

static void *xthread_main(void *arg) {
  xthread_t *x = arg;
  cw_pipeline_t *p = x->p;
  for (;;) {
    atomic_store_explicit(&x->busy, 0, memory_order_release);
    pthread_mutex_lock(&p->qlock);
    while (!p->qhead && !p->qstop)
      pthread_cond_wait(&p->qcond, &p->qlock);
    job_t *j = p->qstop ? NULL : p->qhead;
    if (!j) { /* stopping: queued jobs are dropped, their offsets were not committed */
      pthread_mutex_unlock(&p->qlock);
      break;
    }
    p->qhead = j->next_queue;
    if (!p->qhead)
      p->qtail = NULL;
    atomic_store_explicit(&x->busy, 1, memory_order_release);
    pthread_mutex_unlock(&p->qlock);
    job_run(x, j);
    atomic_store_explicit(&j->done, 1, memory_order_release);
    /* Wake the main thread out of consumer_poll() to produce the result. */
    rd_kafka_yield(p->consumer);
  }
  return NULL;
}

static void enqueue(cw_pipeline_t *p, job_t *j) {
  pthread_mutex_lock(&p->qlock);
  if (p->qtail)
    p->qtail->next_queue = j;
  else
    p->qhead = j;
  p->qtail = j;
  pthread_cond_signal(&p->qcond);
  pthread_mutex_unlock(&p->qlock);
}

/* ==== Jobs in input order (main thread) ==== */

static porder_t *porder_get(cw_pipeline_t *p, const char *topic, int32_t partition) {
  for (size_t i = 0; i < p->n_porder; i++)
    if (p->porder[i].partition == partition && !strcmp(p->porder[i].topic, topic))
      return &p->porder[i];
  p->porder = cw_realloc(p->porder, (p->n_porder + 1) * sizeof(*p->porder));
  porder_t *o = &p->porder[p->n_porder++];
  o->topic = cw_strdup(topic);
  o->partition = partition;
  o->head = o->tail = NULL;
  return o;
}

static void job_free(cw_pipeline_t *p, job_t *j) {
  p->jobs_out--;
  cw_bp_remove(p->bp, rd_kafka_topic_name(j->rkm->rkt), j->rkm->partition, (int64_t)j->rkm->len);
  cw_output_recs_free(&j->recs, j->n_recs);
  free(j->key);
  rd_kafka_message_destroy(j->rkm);
  free(j);
}

/* Takes a consumed message (ownership of rkm) and queues it for extraction. */
static void submit(cw_pipeline_t *p, rd_kafka_message_t *rkm) {
  job_t *j = cw_calloc(1, sizeof(*j));
  const char *topic = rd_kafka_topic_name(rkm->rkt);
  j->rkm = rkm;
  j->m = cw_offsets_begin(p->offsets, topic, rkm->partition, rkm->offset,
                          rd_kafka_message_timestamp(rkm, NULL));
  porder_t *o = porder_get(p, topic, rkm->partition);
  if (o->tail)
    o->tail->next_part = j;
  else
    o->head = j;
  o->tail = j;
  p->jobs_out++;
  cw_bp_add(p->bp, topic, rkm->partition, (int64_t)rkm->len);
  p->st.consumed++;
  cw_metrics_inc(p->metrics, CW_M_CONSUMED, 1);
  enqueue(p, j);
}

/* Produces the records (or the dead letter) of one finished job. */
static void txn_begin(cw_pipeline_t *p);

static void job_produce(cw_pipeline_t *p, job_t *j) {
  const rd_kafka_message_t *rkm = j->rkm;
  if (p->discard || p->txn_failed) {
    cw_offsets_seal(p->offsets, j->m);
    return;
  }
  if (p->eos) {
    if (!p->in_txn)
      txn_begin(p);
    rd_kafka_topic_partition_t *tp = rd_kafka_topic_partition_list_find(
        p->txn_offsets, rd_kafka_topic_name(rkm->rkt), rkm->partition);
    if (!tp)
      tp = rd_kafka_topic_partition_list_add(p->txn_offsets, rd_kafka_topic_name(rkm->rkt),
                                             rkm->partition);
    tp->offset = rkm->offset + 1;
  }
  if (j->err) {
    dead_letter(p, rkm, j->m, j->err, j->reason);
  } else {
    for (size_t i = 0; i < j->n_recs; i++) {
      const cw_output_rec_t *rec = &j->recs[i];
      if (produce(p, rec->topic, rec->key.p, rec->key.len, rec->value.p, rec->value.len, NULL,
                  j->m) != 0)
        break;
    }
    p->st.processed++;
    p->st.claims_out += j->n_claims;
    cw_metrics_inc(p->metrics, CW_M_PROCESSED, 1);
    CW_DEBUG("pipeline", "%s/%" PRId32 "@%" PRId64 ": article %s: %zu entities, %zu claims",
             rd_kafka_topic_name(rkm->rkt), rkm->partition, rkm->offset, j->key, j->n_entities,
             j->n_claims);
  }
  cw_offsets_seal(p->offsets, j->m);
}

/* Produces every finished job that is next in its partition's input order.
 * @p only: restrict to these partitions (NULL = all). @returns jobs produced. */
static size_t produce_ready(cw_pipeline_t *p) {
  size_t n = 0;
  for (size_t i = 0; i < p->n_porder; i++) {
    porder_t *o = &p->porder[i];
    while (o->head && atomic_load_explicit(&o->head->done, memory_order_acquire)) {
      job_t *j = o->head;
      o->head = j->next_part;
      if (!o->head)
        o->tail = NULL;
      job_produce(p, j);
      job_free(p, j);
      n++;
    }
  }
  return n;
}

/* Waits (bounded) until every queued job is produced. @returns 0, or -1 on timeout. */
static int finish_jobs(cw_pipeline_t *p, int64_t timeout_ms) {
  int64_t deadline = mono_ms() + timeout_ms;
  for (;;) {
    produce_ready(p);
    if (p->jobs_out == 0)
      return 0;
    if (mono_ms() >= deadline)
      return -1;
    rd_kafka_poll(p->producer, 1);
  }
}

/* ==== Transactions (exactly_once) ==== */

static void txn_begin(cw_pipeline_t *p) {
  rd_kafka_error_t *e = rd_kafka_begin_transaction(p->producer);
  if (e) {
    char msg[600];
    snprintf(msg, sizeof(msg), "begin transaction: %s", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    set_fatal(p, msg);
    return;
  }
  p->in_txn = 1;
  p->txn_started_ms = mono_ms();
}

/* Sends the open transaction's input offsets and commits it. Abortable errors abort and
 * rewind; retriable ones are retried; anything else is fatal (e.g. fenced by a newer
 * instance with the same transactional.id). */
static cw_err_t txn_commit(cw_pipeline_t *p, const char *why) {
  if (!p->eos || !p->in_txn || p->fatal)
    return CW_OK;
  int timeout = (int)(p->cfg->shutdown_timeout_ms < 30000 ? p->cfg->shutdown_timeout_ms : 30000);
  rd_kafka_error_t *e = NULL;
  for (int attempt = 0; attempt < 5; attempt++) {
    if (p->txn_offsets->cnt > 0 && attempt == 0) {
      rd_kafka_consumer_group_metadata_t *cgmd = rd_kafka_consumer_group_metadata(p->consumer);
      e = rd_kafka_send_offsets_to_transaction(p->producer, p->txn_offsets, cgmd, timeout);
      rd_kafka_consumer_group_metadata_destroy(cgmd);
    }
    if (!e)
      e = rd_kafka_commit_transaction(p->producer, timeout);
    if (!e) {
      CW_DEBUG("pipeline", "transaction committed (%s): %d partition(s)", why,
               p->txn_offsets->cnt);
      cw_metrics_inc(p->metrics, CW_M_COMMITS, 1);
      p->in_txn = 0;
      rd_kafka_topic_partition_list_destroy(p->txn_offsets);
      p->txn_offsets = rd_kafka_topic_partition_list_new(8);
      return CW_OK;
    }
    cw_metrics_inc(p->metrics, CW_M_COMMIT_ERRORS, 1);
    if (rd_kafka_error_txn_requires_abort(e)) {
      CW_WARN("pipeline", "transaction (%s) must be aborted: %s", why, rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
      txn_abort(p, 1, why);
      return CW_ERR_KAFKA;
    }
    if (!rd_kafka_error_is_retriable(e))
      break;
    CW_WARN("pipeline", "transaction commit (%s), retrying: %s", why, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    e = NULL;
  }
  char msg[600];
  snprintf(msg, sizeof(msg), "transaction commit (%s): %s", why,
           e ? rd_kafka_error_string(e) : "retries exhausted");
  if (e)
    rd_kafka_error_destroy(e);
  set_fatal(p, msg);
  return CW_ERR_FATAL;
}

/* Aborts the open transaction. Articles not yet produced belong to it and are dropped; with
 * @p rewind the consumer goes back to the last committed offsets to process them again. */
static void txn_abort(cw_pipeline_t *p, int rewind, const char *why) {
  int timeout = (int)(p->cfg->shutdown_timeout_ms < 30000 ? p->cfg->shutdown_timeout_ms : 30000);
  rd_kafka_error_t *e = rd_kafka_abort_transaction(p->producer, timeout);
  /* A timed-out abort may be called again (librdkafka's contract); serve delivery reports
   * in between so purged records can report. */
  for (int attempt = 1; e && rd_kafka_error_is_retriable(e) && attempt < 3; attempt++) {
    CW_WARN("pipeline", "abort transaction (%s), retrying: %s", why, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    rd_kafka_poll(p->producer, 100);
    e = rd_kafka_abort_transaction(p->producer, timeout);
  }
  if (e) {
    char msg[600];
    snprintf(msg, sizeof(msg), "abort transaction (%s): %s", why, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    set_fatal(p, msg);
    return;
  }
  p->in_txn = 0;
  p->txn_failed = 0;
  rd_kafka_topic_partition_list_destroy(p->txn_offsets);
  p->txn_offsets = rd_kafka_topic_partition_list_new(8);
  p->discard = 1;
  finish_jobs(p, timeout);
  p->discard = 0;
  CW_WARN("pipeline", "transaction aborted (%s)%s", why, rewind ? "; rewinding" : "");
  if (!rewind)
    return;
  rd_kafka_topic_partition_list_t *parts = NULL;
  if (rd_kafka_assignment(p->consumer, &parts) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return;
  /* The aborted messages are consumed again: forget them, or they would stay in flight
   * (their records failed) and hold the caps for good. */
  for (int i = 0; i < parts->cnt; i++)
    cw_offsets_drop_partition(p->offsets, parts->elems[i].topic, parts->elems[i].partition);
  if (rd_kafka_committed(p->consumer, parts, timeout) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < parts->cnt; i++)
      if (parts->elems[i].offset < 0)
        parts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_error_t *se = rd_kafka_seek_partitions(p->consumer, parts, timeout);
    if (se) {
      CW_ERROR("pipeline", "rewind after abort: %s", rd_kafka_error_string(se));
      rd_kafka_error_destroy(se);
    }
  } else {
    set_fatal(p, "rewind after abort: cannot read committed offsets");
  }
  rd_kafka_topic_partition_list_destroy(parts);
}

/* ==== Backpressure ==== */

typedef struct {
  cw_pipeline_t *p;
  rd_kafka_topic_partition_list_t *pause, *resume, *wake; /* created on first use */
} bp_changes_t;

static void list_add(rd_kafka_topic_partition_list_t **l, const char *topic, int32_t partition) {
  if (!*l)
    *l = rd_kafka_topic_partition_list_new(8);
  rd_kafka_topic_partition_list_add(*l, topic, partition);
}

static void bp_collect(void *opaque, const cw_bp_change_t *ch) {
  bp_changes_t *c = opaque;
  list_add(ch->pause ? &c->pause : &c->resume, ch->topic, ch->partition);
  if (!ch->pause && ch->consumed)
    list_add(&c->wake, ch->topic, ch->partition);
  CW_DEBUG("pipeline", "%s fetching %s/%" PRId32 ": it holds %" PRId64 " messages, %" PRId64
           " bytes; the worker %zu in flight%s", ch->pause ? "paused" : "resumed", ch->topic,
           ch->partition, ch->load.msgs, ch->load.bytes, cw_offsets_in_flight(c->p->offsets),
           cw_bp_total_paused(c->p->bp) ? " (over the total caps)" : "");
}

/* librdkafka 2.0.2 does not wake its broker thread on a resume: when no other partition of
 * that broker is being fetched, a resumed partition waits for the thread's next periodic wake-up
 * (up to a second) before it is fetched again, which throttles small caps. A seek does wake it;
 * seeking a resumed partition to its own position (the next message the worker would get) moves
 * nothing. Only partitions @p l that consumed since their latest assignment are woken: their
 * position is then that of this assignment (librdkafka also clears it on every seek, such as
 * the rewind after an aborted transaction, and the check below skips it then). Frees @p l. */
static void wake_fetcher(cw_pipeline_t *p, rd_kafka_topic_partition_list_t *l) {
  if (!l)
    return;
  if (rd_kafka_position(p->consumer, l) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_topic_partition_list_destroy(l);
    return;
  }
  rd_kafka_topic_partition_list_t *seek = rd_kafka_topic_partition_list_new(l->cnt);
  for (int i = 0; i < l->cnt; i++)
    if (!l->elems[i].err && l->elems[i].offset >= 0)
      rd_kafka_topic_partition_list_add(seek, l->elems[i].topic, l->elems[i].partition)->offset =
          l->elems[i].offset;
  if (seek->cnt > 0) {
    rd_kafka_error_t *e = rd_kafka_seek_partitions(p->consumer, seek, 0 /* asynchronous */);
    if (e) {
      CW_DEBUG("pipeline", "waking the fetcher after a resume: %s", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  }
  rd_kafka_topic_partition_list_destroy(seek);
  rd_kafka_topic_partition_list_destroy(l);
}

/* Pauses or resumes @p l (may be NULL) and frees it. @returns non-zero if that worked. */
static int bp_apply_list(cw_pipeline_t *p, rd_kafka_topic_partition_list_t *l, int pause) {
  if (!l)
    return 1;
  rd_kafka_resp_err_t err = pause ? rd_kafka_pause_partitions(p->consumer, l)
                                  : rd_kafka_resume_partitions(p->consumer, l);
  for (int i = 0; i < l->cnt; i++)
    if (l->elems[i].err)
      CW_DEBUG("pipeline", "%s %s/%" PRId32 ": %s", pause ? "pause" : "resume", l->elems[i].topic,
               l->elems[i].partition, rd_kafka_err2str(l->elems[i].err));
  if (err)
    CW_WARN("pipeline", "%s partitions: %s", pause ? "pause" : "resume", rd_kafka_err2str(err));
  rd_kafka_topic_partition_list_destroy(l);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

/* Pauses the partitions over their own caps, every partition while the worker is over its
 * total caps or stopping, and resumes those back under half their caps. The consumer keeps
 * polling all along, so the worker stays in its group. */
static void apply_backpressure(cw_pipeline_t *p) {
  bp_changes_t c = {p, NULL, NULL, NULL};
  uint64_t part_before = cw_bp_partition_pauses(p->bp), total_before = cw_bp_total_pauses(p->bp);
  cw_bp_plan(p->bp, (int64_t)cw_offsets_in_flight(p->offsets), p->stop_fetching, bp_collect, &c);
  bp_apply_list(p, c.pause, 1);
  if (bp_apply_list(p, c.resume, 0))
    wake_fetcher(p, c.wake);
  else if (c.wake)
    rd_kafka_topic_partition_list_destroy(c.wake);
  cw_metrics_inc(p->metrics, CW_M_PARTITION_PAUSES, cw_bp_partition_pauses(p->bp) - part_before);
  cw_metrics_inc(p->metrics, CW_M_PAUSES, cw_bp_total_pauses(p->bp) - total_before);
  cw_metrics_set(p->metrics, CW_G_PAUSED, cw_bp_total_paused(p->bp) || p->stop_fetching);
  cw_metrics_set(p->metrics, CW_G_PAUSED_PARTITIONS, (int64_t)cw_bp_paused_partitions(p->bp));
}

/* ==== Life cycle ==== */

cw_err_t cw_pipeline_create(const cw_config_t *cfg, cw_pipeline_t **out, char *errstr,
                            size_t errsz) {
  cw_err_t err = CW_OK;
  char rderr[512];
  rd_kafka_conf_t *conf = NULL;
  cw_pipeline_t *p = cw_calloc(1, sizeof(*p));
  p->cfg = cfg;
  p->offsets = cw_offsets_create();
  p->metrics = cw_metrics_create();
  cw_metrics_set(p->metrics, CW_G_START_TIME, now_ms() / 1000);
  if (cfg->http_listen[0]) {
    err = cw_http_start(cfg->http_listen, p->metrics, &p->http, errstr, errsz);
    if (err)
      goto out;
    CW_INFO("pipeline", "HTTP /metrics /healthz /readyz on port %d", cw_http_port(p->http));
  }
  p->to_store = rd_kafka_topic_partition_list_new(8);
  cw_bp_load_t total_cap = {cfg->max_in_flight, cfg->max_in_flight_bytes};
  cw_bp_load_t part_cap = {
      cw_bp_partition_cap(cfg->max_in_flight_per_partition, cfg->max_in_flight),
      cw_bp_partition_cap(cfg->max_in_flight_bytes_per_partition, cfg->max_in_flight_bytes)};
  p->bp = cw_bp_create(total_cap, part_cap);
  CW_INFO("pipeline", "backpressure: at most %" PRId64 " messages / %" PRId64 " bytes in flight, "
          "%" PRId64 " / %" PRId64 " per partition", total_cap.msgs, total_cap.bytes,
          part_cap.msgs, part_cap.bytes);

  pthread_mutex_init(&p->qlock, NULL);
  pthread_cond_init(&p->qcond, NULL);
  if (cfg->extract) {
    err = cw_models_open(cfg, NULL, &p->engine, errstr, errsz);
    if (err)
      goto out;
    char desc[512];
    cw_engine_describe(p->engine, desc, sizeof(desc));
    CW_INFO("pipeline", "engine: %s", desc);
  } else {
    CW_INFO("pipeline", "extraction disabled (worker.extract = false): passthrough mode");
  }
  p->n_threads = cfg->threads > 0 ? (size_t)cfg->threads : (size_t)sysconf(_SC_NPROCESSORS_ONLN);
  if (p->n_threads < 1)
    p->n_threads = 1;
  err = cw_output_create(cfg, &p->output, errstr, errsz);
  if (err)
    goto out;
  p->threads = cw_calloc(p->n_threads, sizeof(*p->threads));
  for (size_t i = 0; i < p->n_threads; i++) {
    p->threads[i].p = p;
    if (p->engine)
      p->threads[i].ex = cw_extractor_create(p->engine);
    err = cw_output_codec_create(p->output, p->engine ? cw_engine_version(p->engine) : NULL,
                                 &p->threads[i].codec, errstr, errsz);
    if (err)
      goto out;
  }

  p->eos = cfg->guarantee == CW_GUARANTEE_EXACTLY_ONCE;
  p->txn_offsets = rd_kafka_topic_partition_list_new(8);
  const char *prod_extra[] = {"client.id", "claimwire-producer",
                              p->eos ? "transactional.id" : NULL, cfg->transactional_id, NULL};
  err = cw_kafka_conf_build(cfg, CW_KAFKA_PRODUCER, prod_extra, &conf, errstr, errsz);
  if (err)
    goto out;
  char mmb[32];
  size_t mmb_len = sizeof(mmb);
  p->max_msg_bytes = 1000000;
  if (rd_kafka_conf_get(conf, "message.max.bytes", mmb, &mmb_len) == RD_KAFKA_CONF_OK)
    p->max_msg_bytes = (size_t)strtoull(mmb, NULL, 10);
  rd_kafka_conf_set_opaque(conf, p);
  rd_kafka_conf_set_dr_msg_cb(conf, dr_msg_cb);
  rd_kafka_conf_set_error_cb(conf, error_cb);
  if (cfg->stats_interval_ms > 0) { /* readiness: brokers reachable again (producer_stats_cb) */
    char iv[32];
    snprintf(iv, sizeof(iv), "%lld", (long long)cfg->stats_interval_ms);
    rd_kafka_conf_set(conf, "statistics.interval.ms", iv, rderr, sizeof(rderr));
    rd_kafka_conf_set_stats_cb(conf, producer_stats_cb);
  }
  p->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, rderr, sizeof(rderr));
  if (!p->producer) {
    snprintf(errstr, errsz, "cannot create producer: %s", rderr);
    err = CW_ERR_KAFKA;
    goto out;
  }
  conf = NULL; /* owned by the producer now */
  if (p->eos) {
    rd_kafka_error_t *te = rd_kafka_init_transactions(p->producer, 60000);
    if (te) {
      snprintf(errstr, errsz, "init transactions (transactional.id %s): %s",
               cfg->transactional_id, rd_kafka_error_string(te));
      rd_kafka_error_destroy(te);
      err = CW_ERR_KAFKA;
      goto out;
    }
    CW_INFO("pipeline", "exactly-once: transactional.id %s, transactions every %lld ms",
            cfg->transactional_id, (long long)cfg->transaction_interval_ms);
  }

  const char *cons_extra[] = {"group.id", cfg->group_id,
                              "enable.auto.offset.store", "false",
                              "client.id", "claimwire-consumer",
                              "isolation.level", "read_committed",
                              p->eos ? "enable.auto.commit" : NULL, "false",
                              NULL};
  err = cw_kafka_conf_build(cfg, CW_KAFKA_CONSUMER, cons_extra, &conf, errstr, errsz);
  if (err)
    goto out;
  /* A group.id in kafka.consumer wins over worker.group_id only if set there explicitly. */
  const char *gid = cw_kvlist_get(&cfg->kafka_consumer, "group.id");
  if (gid && rd_kafka_conf_set(conf, "group.id", gid, rderr, sizeof(rderr)) != RD_KAFKA_CONF_OK) {
    snprintf(errstr, errsz, "group.id: %s", rderr);
    err = CW_ERR_CONFIG;
    goto out;
  }
  rd_kafka_conf_set_opaque(conf, p);
  rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
  if (!p->eos) /* transactions commit offsets themselves; txn_commit counts them */
    rd_kafka_conf_set_offset_commit_cb(conf, offset_commit_cb);
  if (cfg->stats_interval_ms > 0) {
    char iv[32];
    snprintf(iv, sizeof(iv), "%lld", (long long)cfg->stats_interval_ms);
    rd_kafka_conf_set(conf, "statistics.interval.ms", iv, rderr, sizeof(rderr));
    rd_kafka_conf_set_stats_cb(conf, stats_cb);
  }
  rd_kafka_conf_set_error_cb(conf, error_cb);
  p->consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, rderr, sizeof(rderr));
  if (!p->consumer) {
    snprintf(errstr, errsz, "cannot create consumer: %s", rderr);
    err = CW_ERR_KAFKA;
    goto out;
  }
  conf = NULL;
  rd_kafka_poll_set_consumer(p->consumer);

  for (size_t i = 0; i < p->n_threads; i++) {
    if (pthread_create(&p->threads[i].tid, NULL, xthread_main, &p->threads[i]) != 0) {
      snprintf(errstr, errsz, "cannot start extraction thread %zu", i);
      err = CW_ERR_FATAL;
      goto out;
    }
    p->threads[i].started = 1;
  }

  rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(sub, cfg->input_topic, RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t rerr = rd_kafka_subscribe(p->consumer, sub);
  rd_kafka_topic_partition_list_destroy(sub);
  if (rerr) {
    snprintf(errstr, errsz, "cannot subscribe to %s: %s", cfg->input_topic,
             rd_kafka_err2str(rerr));
    err = CW_ERR_KAFKA;
    goto out;
  }
out:
  if (conf)
    rd_kafka_conf_destroy(conf);
  if (err)
    cw_pipeline_destroy(&p);
  *out = p;
  return err;
}

/* Leaves the group (revocation callbacks included) within @p timeout_ms; librdkafka's own
 * close waits for the group coordinator as long as it takes. @returns 0 once closed. */
static int close_consumer(cw_pipeline_t *p, int64_t timeout_ms) {
  int64_t deadline = mono_ms() + timeout_ms;
  rd_kafka_queue_t *q = rd_kafka_queue_new(p->consumer);
  rd_kafka_error_t *e = rd_kafka_consumer_close_queue(p->consumer, q);
  if (e) {
    CW_WARN("pipeline", "closing consumer: %s", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
  } else {
    /* Event API, as librdkafka's own close serves it: rebalance events go to rebalance_cb,
     * anything else (errors, stray fetches) is dropped. */
    while (!rd_kafka_consumer_closed(p->consumer) && mono_ms() < deadline) {
      rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 10);
      if (ev && rd_kafka_event_type(ev) == RD_KAFKA_EVENT_REBALANCE)
        rebalance_cb(p->consumer, rd_kafka_event_error(ev),
                     rd_kafka_event_topic_partition_list(ev), p);
      rd_kafka_event_destroy(ev);
    }
  }
  p->consumer_closed = rd_kafka_consumer_closed(p->consumer);
  rd_kafka_queue_destroy(q);
  if (!p->consumer_closed)
    CW_WARN("pipeline", "closing consumer: still not closed after %" PRId64 " ms; leaving "
            "without it (the group notices when the session times out)", timeout_ms);
  return p->consumer_closed ? 0 : -1;
}

static void log_progress(cw_pipeline_t *p, const char *what) {
  CW_INFO("pipeline",
          "%s: consumed=%" PRIu64 " processed=%" PRIu64 " dead_lettered=%" PRIu64
          " records_out=%" PRIu64 " claims=%" PRIu64 " delivered=%" PRIu64
          " delivery_failed=%" PRIu64 " in_flight=%zu paused_partitions=%zu"
          " partition_pauses=%" PRIu64 " total_pauses=%" PRIu64,
          what, p->st.consumed, p->st.processed, p->st.dead_lettered, p->st.records_out,
          p->st.claims_out, p->st.delivered, p->st.delivery_failed,
          cw_offsets_in_flight(p->offsets), cw_bp_paused_partitions(p->bp),
          cw_bp_partition_pauses(p->bp), cw_bp_total_pauses(p->bp));
}

cw_err_t cw_pipeline_run(cw_pipeline_t *p, volatile sig_atomic_t *stop, char *errstr,
                         size_t errsz) {
  cw_err_t err = CW_OK;
  int64_t next_progress = mono_ms() + PROGRESS_INTERVAL_MS;
  CW_INFO("pipeline", "worker started: group %s, input %s, outputs %s %s, dead letters %s",
          p->cfg->group_id, p->cfg->input_topic, p->cfg->entities_topic, p->cfg->claims_topic,
          p->cfg->dead_letter_topic);
  update_ready(p);

  while (!*stop && !p->fatal) {
    size_t in_flight = cw_offsets_in_flight(p->offsets);
    cw_metrics_set(p->metrics, CW_G_IN_FLIGHT, (int64_t)in_flight);
    cw_metrics_set(p->metrics, CW_G_LAST_LOOP_MS, mono_ms());
    apply_backpressure(p);
    int all_paused = cw_bp_total_paused(p->bp);
    int wait_ms = all_paused || p->jobs_out || cw_bp_paused_partitions(p->bp) ? 1 : 100;
    rd_kafka_message_t *rkm = rd_kafka_consumer_poll(p->consumer, wait_ms);
    if (rkm) {
      if (!rkm->err) {
        submit(p, rkm); /* the job owns rkm now */
      } else {
        if (rkm->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
          CW_WARN("pipeline", "consumer: %s", rd_kafka_message_errstr(rkm));
        rd_kafka_message_destroy(rkm);
      }
    }
    produce_ready(p);
    rd_kafka_poll(p->producer, all_paused ? 10 : 0);
    store_offsets(p);
    commit_periodic(p);
    if (p->eos && p->txn_failed)
      txn_abort(p, 1, "a record failed");
    else if (p->eos && p->in_txn &&
             mono_ms() - p->txn_started_ms >= p->cfg->transaction_interval_ms)
      (void)txn_commit(p, "interval");
    if (mono_ms() >= next_progress) {
      log_progress(p, "progress");
      next_progress = mono_ms() + PROGRESS_INTERVAL_MS;
    }
  }

  /* Ordered shutdown: stop fetching, finish in-flight outputs, commit, leave the group, all
   * within shutdown_timeout_ms. Extraction gets the time up to the last quarter (at most 3 s
   * of it), kept for committing what finished and leaving the group; whatever does not
   * finish is reprocessed after the restart, and the worker exits non-zero. */
  int64_t timeout = p->cfg->shutdown_timeout_ms;
  int64_t reserve = timeout / 4 < 3000 ? timeout / 4 : 3000;
  p->stop_deadline_ms = mono_ms() + timeout;
  CW_INFO("pipeline", "shutting down: %zu messages in flight, timeout %" PRId64 " ms",
          cw_offsets_in_flight(p->offsets), timeout);
  p->stop_fetching = 1;
  update_ready(p);
  apply_backpressure(p);
  if (finish_jobs(p, time_left(p, timeout - reserve)) != 0) {
    snprintf(errstr, errsz, "shutdown timeout: %zu articles not finished after %" PRId64
             " ms; they are reprocessed after the restart", p->jobs_out, timeout - reserve);
    CW_WARN("pipeline", "%s", errstr);
    err = CW_ERR_TIMEOUT;
  }
  if (p->eos) {
    if (txn_commit(p, "shutdown") != CW_OK && !p->fatal && !err) {
      snprintf(errstr, errsz, "the last transaction was aborted; its input is reprocessed "
               "after restart");
      err = CW_ERR_KAFKA;
    }
  } else {
    if (drain_outputs(p, (int)time_left(p, timeout)) != 0 && !err) {
      snprintf(errstr, errsz, "shutdown timeout: %d output records still undelivered; their "
               "input offsets are not committed", rd_kafka_outq_len(p->producer));
      err = CW_ERR_TIMEOUT;
    }
    commit_sync(p, "shutdown", time_left(p, timeout));
  }
  if (close_consumer(p, time_left(p, timeout)) != 0 && !err) {
    snprintf(errstr, errsz, "shutdown timeout: the consumer did not leave its group within "
             "%" PRId64 " ms", timeout);
    err = CW_ERR_TIMEOUT;
  }
  if (p->fatal) {
    snprintf(errstr, errsz, "%s", p->fatal_reason);
    err = CW_ERR_FATAL;
  }
  log_progress(p, "worker stopped");
  return err;
}

void cw_pipeline_stats(const cw_pipeline_t *p, cw_pipeline_stats_t *out) { *out = p->st; }

int cw_pipeline_is_ready(const cw_pipeline_t *p) {
  return cw_metrics_gauge(p->metrics, CW_G_READY) != 0;
}

void cw_pipeline_set_done_hook(cw_pipeline_t *p, cw_pipeline_done_hook_t fn, void *opaque) {
  p->done_hook = fn;
  p->done_opaque = opaque;
}

/* A pipeline left behind by cw_pipeline_destroy() with an extraction thread still busy: kept
 * reachable for the rest of the process, since the thread may still use it and a leak checker
 * at exit must not take the deliberate abandonment for a leak. */
static cw_pipeline_t *abandoned;

/* Joins @p x's thread if it is idle or finishes within @p ms. @returns 0 if it is still busy
 * (then not joined). An idle thread exits at once once qstop is set. */
static int join_within(xthread_t *x, int64_t ms) {
  int64_t deadline = mono_ms() + ms;
  while (atomic_load_explicit(&x->busy, memory_order_acquire) && mono_ms() < deadline) {
    struct timespec ts = {0, 5 * 1000000};
    nanosleep(&ts, NULL);
  }
  if (atomic_load_explicit(&x->busy, memory_order_acquire))
    return 0;
  pthread_join(x->tid, NULL);
  return 1;
}

void cw_pipeline_destroy(cw_pipeline_t **pp) {
  if (!pp || !*pp)
    return;
  cw_pipeline_t *p = *pp;
  cw_http_stop(&p->http);
  pthread_mutex_lock(&p->qlock);
  p->qstop = 1;
  pthread_cond_broadcast(&p->qcond);
  pthread_mutex_unlock(&p->qlock);
  /* A thread still extracting after a timed-out shutdown would hold the exit until its article
   * is done: the process leaves it behind, with everything it may touch, rather than wait. */
  for (size_t i = 0; p->threads && i < p->n_threads; i++)
    if (p->threads[i].started && !join_within(&p->threads[i], 200)) {
      CW_WARN("pipeline", "extraction thread %zu is still busy; exiting without it", i);
      abandoned = p;
      *pp = NULL;
      return;
    }
  for (size_t i = 0; p->threads && i < p->n_threads; i++) {
    cw_extractor_destroy(&p->threads[i].ex);
    cw_avro_codec_destroy(&p->threads[i].codec);
  }
  free(p->threads);
  cw_output_destroy(&p->output);
  /* Jobs never produced (fatal stop): their offsets were not stored, nothing is lost. */
  for (size_t i = 0; i < p->n_porder; i++) {
    job_t *j = p->porder[i].head;
    while (j) {
      job_t *n = j->next_part;
      job_free(p, j);
      j = n;
    }
    free(p->porder[i].topic);
  }
  free(p->porder);
  /* A consumer whose close did not finish in time (coordinator unreachable) would hold
   * rd_kafka_destroy() until the close gives up: the exiting process leaves it instead. */
  if (p->consumer && p->consumer_closed)
    rd_kafka_destroy(p->consumer);
  else if (p->consumer && p->stop_deadline_ms)
    CW_WARN("pipeline", "consumer left open: its close did not finish");
  else if (p->consumer)
    rd_kafka_destroy(p->consumer);
  if (p->producer) {
    if (rd_kafka_flush(p->producer, 0) != RD_KAFKA_RESP_ERR_NO_ERROR)
      rd_kafka_purge(p->producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_destroy(p->producer);
  }
  cw_engine_destroy(&p->engine);
  cw_offsets_destroy(&p->offsets);
  cw_bp_destroy(&p->bp);
  if (p->to_store)
    rd_kafka_topic_partition_list_destroy(p->to_store);
  if (p->txn_offsets)
    rd_kafka_topic_partition_list_destroy(p->txn_offsets);
  pthread_mutex_destroy(&p->qlock);
  pthread_cond_destroy(&p->qcond);
  cw_metrics_destroy(&p->metrics);
  free(p);
  *pp = NULL;
}
