/* pipeline_txn.c - exactly-once (worker.processing_guarantee = exactly_once): records are
 * produced inside a Kafka transaction together with the input offsets
 * (send_offsets_to_transaction), committed every worker.transaction_interval_ms, on revocation
 * and at shutdown. An abortable error aborts the transaction, drops the articles not yet produced
 * and rewinds the consumer to the last committed offsets; fencing and other fatal errors stop
 * the worker. */
#include <stdio.h>
#include "cw_log.h"
#include "pipeline_int.h"

/* Begins the transaction the next produced records belong to. */
void cw_pl_txn_begin(cw_pipeline_t *p) {
  rd_kafka_error_t *e = rd_kafka_begin_transaction(p->producer);
  if (e) {
    char msg[600];
    snprintf(msg, sizeof(msg), "begin transaction: %s", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    cw_pl_set_fatal(p, msg);
    return;
  }
  p->in_txn = 1;
  p->txn_started_ms = mono_ms();
}

/* Sends the open transaction's input offsets and commits it. Abortable errors abort and
 * rewind; retriable ones are retried; anything else is fatal (e.g. fenced by a newer
 * instance with the same transactional.id). */
cw_err_t cw_pl_txn_commit(cw_pipeline_t *p, const char *why) {
  if (!p->eos || !p->in_txn || p->fatal)
    return CW_OK;
  int timeout = (int)(p->cfg->shutdown_timeout_ms < TXN_TIMEOUT_CAP_MS ? p->cfg->shutdown_timeout_ms
                                                                      : TXN_TIMEOUT_CAP_MS);
  rd_kafka_error_t *e = NULL;
  for (int attempt = 0; attempt < TXN_COMMIT_ATTEMPTS; attempt++) {
    if (p->txn_offsets->cnt > 0 && attempt == 0) {
      rd_kafka_consumer_group_metadata_t *cgmd = rd_kafka_consumer_group_metadata(p->consumer);
      e = rd_kafka_send_offsets_to_transaction(p->producer, p->txn_offsets, cgmd, timeout);
      rd_kafka_consumer_group_metadata_destroy(cgmd);
    }
    if (!e)
      e = rd_kafka_commit_transaction(p->producer, timeout);
    if (!e) {
      CW_DEBUG("txn", "transaction committed (%s): %d partition(s)", why,
               p->txn_offsets->cnt);
      cw_metrics_inc(p->metrics, CW_M_COMMITS, 1);
      p->in_txn = 0;
      rd_kafka_topic_partition_list_destroy(p->txn_offsets);
      p->txn_offsets = rd_kafka_topic_partition_list_new(8);
      return CW_OK;
    }
    cw_metrics_inc(p->metrics, CW_M_COMMIT_ERRORS, 1);
    if (rd_kafka_error_txn_requires_abort(e)) {
      CW_WARN("txn", "transaction (%s) must be aborted: %s", why, rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
      cw_pl_txn_abort(p, 1, why);
      return CW_ERR_KAFKA;
    }
    if (!rd_kafka_error_is_retriable(e))
      break;
    CW_WARN("txn", "transaction commit (%s), retrying: %s", why, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    e = NULL;
  }
  char msg[600];
  snprintf(msg, sizeof(msg), "transaction commit (%s): %s", why,
           e ? rd_kafka_error_string(e) : "retries exhausted");
  if (e)
    rd_kafka_error_destroy(e);
  cw_pl_set_fatal(p, msg);
  return CW_ERR_FATAL;
}

/* Aborts the open transaction. Articles not yet produced belong to it and are dropped; with
 * @p rewind the consumer goes back to the last committed offsets to process them again. */
void cw_pl_txn_abort(cw_pipeline_t *p, int rewind, const char *why) {
  int timeout = (int)(p->cfg->shutdown_timeout_ms < TXN_TIMEOUT_CAP_MS ? p->cfg->shutdown_timeout_ms
                                                                      : TXN_TIMEOUT_CAP_MS);
  rd_kafka_error_t *e = rd_kafka_abort_transaction(p->producer, timeout);
  /* A timed-out abort may be called again (librdkafka's contract); serve delivery reports
   * in between so purged records can report. */
  for (int attempt = 1; e && rd_kafka_error_is_retriable(e) && attempt < TXN_ABORT_ATTEMPTS; attempt++) {
    CW_WARN("txn", "abort transaction (%s), retrying: %s", why, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    rd_kafka_poll(p->producer, TXN_ABORT_RETRY_POLL_MS);
    e = rd_kafka_abort_transaction(p->producer, timeout);
  }
  if (e) {
    char msg[600];
    snprintf(msg, sizeof(msg), "abort transaction (%s): %s", why, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    cw_pl_set_fatal(p, msg);
    return;
  }
  p->in_txn = 0;
  p->txn_failed = 0;
  rd_kafka_topic_partition_list_destroy(p->txn_offsets);
  p->txn_offsets = rd_kafka_topic_partition_list_new(8);
  /* The jobs not yet produced belong to the aborted transaction, those still extracting too:
   * they stay marked until they come out, so none of them is produced into the next one. */
  cw_pl_discard_jobs(p);
  if (cw_pl_finish_jobs(p, timeout) != CW_OK)
    CW_WARN("txn", "abort (%s): %zu articles of the aborted transaction still extracting after "
            "%d ms; they are dropped when they finish", why, p->jobs_out, timeout);
  CW_WARN("txn", "transaction aborted (%s)%s", why,
          !rewind ? "" : p->in_rebalance ? "; rewinding after the rebalance" : "; rewinding");
  if (!rewind)
    return;
  /* Inside a rebalance callback the assignment must not be asked for (see
   * cw_pl_txn_rewind()): the main loop rewinds once the callback has returned. */
  p->rewind_pending = 1;
  if (!p->in_rebalance)
    cw_pl_txn_rewind(p);
}

void cw_pl_txn_rewind(cw_pipeline_t *p) {
  int timeout = (int)(p->cfg->shutdown_timeout_ms < TXN_TIMEOUT_CAP_MS ? p->cfg->shutdown_timeout_ms
                                                                      : TXN_TIMEOUT_CAP_MS);
  p->rewind_pending = 0;
  rd_kafka_topic_partition_list_t *parts = NULL;
  /* checksrc: allow rd_kafka_assignment (never inside a rebalance callback: in_rebalance) */
  rd_kafka_resp_err_t aerr = rd_kafka_assignment(p->consumer, &parts);
  if (aerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
    char msg[600];
    snprintf(msg, sizeof(msg), "rewind after abort: cannot read the assignment: %s",
             rd_kafka_err2str(aerr));
    cw_pl_set_fatal(p, msg); /* without the rewind the aborted input would be skipped */
    return;
  }
  /* The aborted messages are consumed again: forget them, or they would stay in flight
   * (their records failed) and hold the caps for good. */
  for (int i = 0; i < parts->cnt; i++)
    cw_offsets_drop_partition(p->offsets, parts->elems[i].topic, parts->elems[i].partition);
  if (rd_kafka_committed(p->consumer, parts, timeout) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < parts->cnt; i++)
      if (parts->elems[i].offset < 0)
        parts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    /* On a loaded machine the seeks can outlast one wait; seeking again to the same offsets
     * is harmless, so a timed-out rewind is retried rather than taken for a failure. */
    int wait = timeout > REWIND_SEEK_MIN_WAIT_MS ? timeout : REWIND_SEEK_MIN_WAIT_MS;
    rd_kafka_error_t *se = rd_kafka_seek_partitions(p->consumer, parts, wait);
    for (int attempt = 1; se && attempt < REWIND_SEEK_ATTEMPTS &&
                          rd_kafka_error_code(se) == RD_KAFKA_RESP_ERR__TIMED_OUT;
         attempt++) {
      CW_WARN("txn", "rewind after abort, seeking again: %s", rd_kafka_error_string(se));
      rd_kafka_error_destroy(se);
      for (int i = 0; i < parts->cnt; i++)
        parts->elems[i].err = RD_KAFKA_RESP_ERR_NO_ERROR;
      se = rd_kafka_seek_partitions(p->consumer, parts, wait);
    }
    if (se) {
      char msg[600];
      snprintf(msg, sizeof(msg), "rewind after abort: %s", rd_kafka_error_string(se));
      rd_kafka_error_destroy(se);
      cw_pl_set_fatal(p, msg); /* without the rewind the aborted input would be skipped */
    }
  } else {
    cw_pl_set_fatal(p, "rewind after abort: cannot read committed offsets");
  }
  rd_kafka_topic_partition_list_destroy(parts);
}
