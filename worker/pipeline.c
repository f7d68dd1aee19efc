/* pipeline.c - the worker loop: consume -> parse -> extract -> encode -> produce, and its life
 * cycle: creating the clients and threads, the loop, the ordered shutdown, destruction. The
 * parts live beside it (pipeline_int.h lists them): the job pool (pipeline_jobs.c), the output
 * side (pipeline_out.c), the input side (pipeline_in.c) and transactions (pipeline_txn.c).
 *
 * Threads: the calling thread owns both Kafka handles (consume, produce, callbacks, commits);
 * worker.threads extraction threads, each with its own extractor and Avro codec, parse,
 * extract and encode jobs from a shared queue. Finished jobs are produced by the main thread
 * strictly in input order per partition, so output order follows input order.
 *
 * Guarantees: at-least-once by default (pipeline_in.c: an input offset is committed only after
 * every record it produced was acknowledged); exactly-once with transactions (pipeline_txn.c).
 * A fatal error (ERR__FATAL, a record that cannot be delivered) stops the loop; the worker then
 * shuts down in order and exits non-zero. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cw_alloc.h"
#include "cw_log.h"
#include "kafka_conf.h"
#include "models.h"
#include "pipeline_int.h"
#include "output.h"

/* ==== Shared state ==== */

void cw_pl_set_fatal(cw_pipeline_t *p, const char *reason) {
  if (!p->fatal) {
    p->fatal = 1;
    snprintf(p->fatal_reason, sizeof(p->fatal_reason), "%.500s", reason);
    CW_ERROR("pipeline", "fatal: %s", reason);
  }
}

/* Readiness (/readyz, claimwire_ready): the group joined and the brokers reachable, and not
 * shutting down. */
void cw_pl_update_ready(cw_pipeline_t *p) {
  int64_t why = (p->joined ? 0 : CW_NOT_READY_GROUP) |
                (p->brokers_down ? CW_NOT_READY_BROKERS : 0) |
                (p->stop_fetching ? CW_NOT_READY_STOPPING : 0);
  cw_metrics_set(p->metrics, CW_G_NOT_READY, why);
  cw_metrics_set(p->metrics, CW_G_READY, why == 0);
}

/* ==== Client callbacks (served on the pipeline thread by rd_kafka_poll / consumer_poll) ==== */

/* Both clients' errors: fatal ones stop the worker, all brokers down lowers readiness. */
static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
  cw_pipeline_t *p = opaque;
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512], msg[600];
    rd_kafka_fatal_error(rk, buf, sizeof(buf));
    snprintf(msg, sizeof(msg), "%s: librdkafka fatal error: %s", rd_kafka_name(rk), buf);
    cw_pl_set_fatal(p, msg);
    return;
  }
  cw_metrics_inc(p->metrics, CW_M_KAFKA_ERRORS, 1);
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
    p->brokers_down = 1;
    cw_pl_update_ready(p);
  }
  /* Everything else is informational: librdkafka recovers by itself (broker down, etc.). */
  CW_WARN("kafka", "%s: %s: %s", rd_kafka_name(rk), rd_kafka_err2name((rd_kafka_resp_err_t)err),
          reason);
}

/* The consumer's statistics feed the metrics (lag, broker state). */
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
    cw_pl_update_ready(p);
  }
  return 0;
}

/* @returns the ms left of @p cap, less if the shutdown deadline comes first (never < 0). */
int64_t cw_pl_time_left(const cw_pipeline_t *p, int64_t cap) {
  if (p->stop_deadline_ms) {
    int64_t left = p->stop_deadline_ms - mono_ms();
    if (left < cap)
      cap = left;
  }
  return cap > 0 ? cap : 0;
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
  rd_kafka_conf_set_dr_msg_cb(conf, cw_pl_dr_msg_cb);
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
    rd_kafka_error_t *te = rd_kafka_init_transactions(p->producer, TXN_INIT_TIMEOUT_MS);
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
  /* librdkafka refuses assignors of different protocol types in one list, so the configured
   * list says the protocol; asking rd_kafka_rebalance_protocol() in the callback may block. */
  char strategy[256];
  size_t strategy_sz = sizeof(strategy);
  p->coop = rd_kafka_conf_get(conf, "partition.assignment.strategy", strategy, &strategy_sz) ==
                RD_KAFKA_CONF_OK &&
            strstr(strategy, "cooperative") != NULL;
  rd_kafka_conf_set_opaque(conf, p);
  rd_kafka_conf_set_rebalance_cb(conf, cw_pl_rebalance_cb);
  if (!p->eos) /* transactions commit offsets themselves; cw_pl_txn_commit counts them */
    rd_kafka_conf_set_offset_commit_cb(conf, cw_pl_offset_commit_cb);
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
    if (pthread_create(&p->threads[i].tid, NULL, cw_pl_xthread_main, &p->threads[i]) != 0) {
      snprintf(errstr, errsz, "cannot start extraction thread %zu", i);
      err = CW_ERR_FATAL;
      goto out;
    }
    p->threads[i].started = 1;
  }

  cw_pl_warm_outputs(p, OUTPUT_METADATA_TIMEOUT_MS);
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

cw_err_t cw_pipeline_run(cw_pipeline_t *p, atomic_int *stop, char *errstr,
                         size_t errsz) {
  cw_err_t err = CW_OK;
  int64_t next_progress = mono_ms() + PROGRESS_INTERVAL_MS;
  CW_INFO("pipeline", "worker started: group %s, input %s, outputs %s %s, dead letters %s",
          p->cfg->group_id, p->cfg->input_topic, p->cfg->entities_topic, p->cfg->claims_topic,
          p->cfg->dead_letter_topic);
  cw_pl_update_ready(p);

  while (!atomic_load(stop) && !p->fatal) {
    size_t in_flight = cw_offsets_in_flight(p->offsets);
    cw_metrics_set(p->metrics, CW_G_IN_FLIGHT, (int64_t)in_flight);
    cw_metrics_set(p->metrics, CW_G_LAST_LOOP_MS, mono_ms());
    cw_pl_apply_backpressure(p);
    int all_paused = cw_bp_total_paused(p->bp);
    int wait_ms = all_paused || p->jobs_out || cw_bp_paused_partitions(p->bp) ? LOOP_POLL_BUSY_MS
                                                                            : LOOP_POLL_IDLE_MS;
    rd_kafka_message_t *rkm = rd_kafka_consumer_poll(p->consumer, wait_ms);
    if (p->rewind_pending) {
      /* A transaction aborted inside the rebalance callback: a message fetched past the
       * aborted input comes again after the rewind. */
      if (rkm)
        rd_kafka_message_destroy(rkm);
      rkm = NULL;
      cw_pl_txn_rewind(p);
    }
    if (rkm) {
      if (!rkm->err) {
        cw_pl_submit(p, rkm); /* the job owns rkm now */
      } else {
        if (rkm->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
          CW_WARN("pipeline", "consumer: %s", rd_kafka_message_errstr(rkm));
        rd_kafka_message_destroy(rkm);
      }
    }
    cw_pl_produce_ready(p);
    rd_kafka_poll(p->producer, all_paused ? LOOP_PRODUCER_POLL_PAUSED_MS : 0);
    cw_pl_store_offsets(p);
    cw_pl_commit_periodic(p);
    if (p->eos && p->txn_failed)
      cw_pl_txn_abort(p, 1, "a record failed");
    else if (p->eos && p->in_txn &&
             mono_ms() - p->txn_started_ms >= p->cfg->transaction_interval_ms)
      (void)cw_pl_txn_commit(p, "interval");
    if (mono_ms() >= next_progress) {
      log_progress(p, "progress");
      next_progress = mono_ms() + PROGRESS_INTERVAL_MS;
    }
  }

  /* Ordered shutdown: stop fetching, finish in-flight outputs, commit, leave the group, all
   * within shutdown_timeout_ms. Extraction gets the time up to the last quarter (at most
   * SHUTDOWN_RESERVE_CAP_MS of it), kept for committing what finished and leaving the group;
   * whatever does not finish is reprocessed after the restart, and the worker exits non-zero. */
  int64_t timeout = p->cfg->shutdown_timeout_ms;
  int64_t reserve = timeout / 4 < SHUTDOWN_RESERVE_CAP_MS ? timeout / 4 : SHUTDOWN_RESERVE_CAP_MS;
  p->stop_deadline_ms = mono_ms() + timeout;
  CW_INFO("pipeline", "shutting down: %zu messages in flight, timeout %" PRId64 " ms",
          cw_offsets_in_flight(p->offsets), timeout);
  p->stop_fetching = 1;
  cw_pl_update_ready(p);
  cw_pl_apply_backpressure(p);
  if (cw_pl_finish_jobs(p, cw_pl_time_left(p, timeout - reserve)) != CW_OK) {
    snprintf(errstr, errsz, "shutdown timeout: %zu articles not finished after %" PRId64
             " ms; they are reprocessed after the restart", p->jobs_out, timeout - reserve);
    CW_WARN("pipeline", "%s", errstr);
    err = CW_ERR_TIMEOUT;
  }
  if (p->eos) {
    if (cw_pl_txn_commit(p, "shutdown") != CW_OK && !p->fatal && !err) {
      snprintf(errstr, errsz, "the last transaction was aborted; its input is reprocessed "
               "after restart");
      err = CW_ERR_KAFKA;
    }
  } else {
    if (cw_pl_drain_outputs(p, (int)cw_pl_time_left(p, timeout)) != CW_OK && !err) {
      snprintf(errstr, errsz, "shutdown timeout: %d output records still undelivered; their "
               "input offsets are not committed", rd_kafka_outq_len(p->producer));
      err = CW_ERR_TIMEOUT;
    }
    cw_pl_commit_sync(p, "shutdown", cw_pl_time_left(p, timeout));
  }
  if (cw_pl_close_consumer(p, cw_pl_time_left(p, timeout)) != CW_OK && !err) {
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
 * at exit must not take the deliberate abandonment for a leak. volatile: a variable that is
 * only ever written would otherwise be optimised away, and with it the reference. */
static cw_pipeline_t *volatile abandoned;

/* Joins @p x's thread if it is idle or finishes within @p ms. @returns CW_OK once joined, or
 * CW_ERR_TIMEOUT if it is still busy (then not joined). An idle thread exits at once once qstop
 * is set. */
static cw_err_t join_within(xthread_t *x, int64_t ms) {
  int64_t deadline = mono_ms() + ms;
  while (atomic_load_explicit(&x->busy, memory_order_acquire) && mono_ms() < deadline) {
    struct timespec ts = {0, THREAD_JOIN_POLL_MS * 1000000};
    nanosleep(&ts, NULL);
  }
  if (atomic_load_explicit(&x->busy, memory_order_acquire))
    return CW_ERR_TIMEOUT;
  pthread_join(x->tid, NULL);
  return CW_OK;
}

int cw_pipeline_destroy(cw_pipeline_t **pp) {
  if (!pp || !*pp)
    return 0;
  cw_pipeline_t *p = *pp;
  cw_http_stop(&p->http);
  pthread_mutex_lock(&p->qlock);
  p->qstop = 1;
  pthread_cond_broadcast(&p->qcond);
  pthread_mutex_unlock(&p->qlock);
  /* A thread still extracting after a timed-out shutdown would hold the exit until its article
   * is done: the process leaves it behind, with everything it may touch, rather than wait. */
  for (size_t i = 0; p->threads && i < p->n_threads; i++)
    if (p->threads[i].started && join_within(&p->threads[i], THREAD_JOIN_TIMEOUT_MS) != CW_OK) {
      CW_WARN("pipeline", "extraction thread %zu is still busy; exiting without it", i);
      abandoned = p;
      *pp = NULL;
      return 1;
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
      cw_pl_job_free(p, j);
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
  for (int i = 0; i < 3; i++)
    if (p->out_topics[i])
      rd_kafka_topic_destroy(p->out_topics[i]);
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
  return 0;
}
