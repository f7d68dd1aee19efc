/* pipeline_out.c - the output side of the pipeline: a finished job's records (or its dead
 * letter) go to the producer, and delivery reports settle each record: acknowledged records free
 * their input offset (offsets.c), a failed one dooms the open transaction (exactly-once) or stops
 * the worker (at-least-once), so its input offset is never committed.
 *
 * Error classes (librdkafka's): per-message (bad input, record too large) -> dead letter, go
 * on; retriable (queue full) -> poll and retry, librdkafka retries transport errors itself;
 * fatal (a record that cannot be delivered) -> stop, exit non-zero. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "cw_limits.h"
#include "cw_log.h"
#include "deadletter.h"
#include "pipeline_int.h"

/* ==== Delivery reports (served on the pipeline thread by rd_kafka_poll) ==== */

void cw_pl_dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *rkm, void *opaque) {
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
      CW_WARN("output", "record for %s failed inside the transaction: %s; aborting it",
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
    cw_pl_set_fatal(p, reason);
    cw_metrics_inc(p->metrics, CW_M_DELIVERY_FAILED, 1);
  } else {
    p->st.delivered++;
    cw_metrics_inc(p->metrics, CW_M_DELIVERED, 1);
    if (p->brokers_down) { /* a delivery is proof enough that the brokers are back */
      p->brokers_down = 0;
      cw_pl_update_ready(p);
    }
  }
  if (m)
    cw_offsets_ack(p->offsets, m, rkm->err == RD_KAFKA_RESP_ERR_NO_ERROR);
}

void cw_pl_warm_outputs(cw_pipeline_t *p, int64_t timeout_ms) {
  const char *names[3] = {p->cfg->entities_topic, p->cfg->claims_topic,
                          p->cfg->dead_letter_topic};
  int64_t deadline = mono_ms() + timeout_ms;
  for (int i = 0; i < 3; i++) {
    const struct rd_kafka_metadata *md = NULL;
    if (!p->out_topics[i])
      p->out_topics[i] = rd_kafka_topic_new(p->producer, names[i], NULL);
    int64_t left = deadline - mono_ms();
    rd_kafka_resp_err_t err =
        !p->out_topics[i] ? rd_kafka_last_error()
        : left <= 0       ? RD_KAFKA_RESP_ERR__TIMED_OUT
                          : rd_kafka_metadata(p->producer, 0, p->out_topics[i], &md, (int)left);
    if (!err && md && md->topic_cnt == 1)
      err = md->topics[0].err;
    if (err)
      CW_WARN("output", "topic %s: metadata not known yet (%s); its first records wait for it",
              names[i], rd_kafka_err2str(err));
    else
      CW_DEBUG("output", "topic %s: %d partition(s)", names[i], md->topics[0].partition_cnt);
    if (md)
      rd_kafka_metadata_destroy(md);
  }
}

/* Waits for outstanding deliveries and stores the offsets they free. */
cw_err_t cw_pl_drain_outputs(cw_pipeline_t *p, int timeout_ms) {
  rd_kafka_resp_err_t err = rd_kafka_flush(p->producer, timeout_ms);
  cw_pl_store_offsets(p);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR ? CW_OK : CW_ERR_TIMEOUT;
}

/* ==== Producing ==== */

/* Produces one record for input message @p m. Takes ownership of @p hdrs (may be NULL).
 * @returns CW_OK, or CW_ERR_KAFKA when the record was refused for good (m is then marked
 * failed; the transaction is doomed or the worker stops). */
static cw_err_t produce(cw_pipeline_t *p, const char *topic, const void *key, size_t key_len,
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
      return CW_OK;
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      /* Retriable: serve delivery reports to make room, then try again. */
      rd_kafka_poll(p->producer, QUEUE_FULL_POLL_MS);
      continue;
    }
    if (hdrs)
      rd_kafka_headers_destroy(hdrs);
    cw_offsets_ack(p->offsets, m, 0);
    /* A transaction in an abortable error state refuses new records until it is aborted;
     * the loop does that and rewinds. A fatal producer error (fencing) stops the worker. */
    if (p->eos && err == RD_KAFKA_RESP_ERR__STATE && !rd_kafka_fatal_error(p->producer, NULL, 0)) {
      if (!p->txn_failed)
        CW_WARN("output", "the transaction failed (%s refused a record); aborting it", topic);
      p->txn_failed = 1;
      return CW_ERR_KAFKA;
    }
    char reason[512];
    snprintf(reason, sizeof(reason), "cannot produce to %s: %s", topic, rd_kafka_err2str(err));
    cw_pl_set_fatal(p, reason);
    return CW_ERR_KAFKA;
  }
}

static void dead_letter(cw_pipeline_t *p, const rd_kafka_message_t *rkm, cw_inflight_t *m,
                        cw_err_t err, const char *reason) {
  CW_WARN("output", "%s/%" PRId32 "@%" PRId64 ": dead-lettered (%s): %s",
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
              m) == CW_OK) {
    p->st.dead_lettered++;
    cw_metrics_inc(p->metrics, err == CW_ERR_INVALID     ? CW_M_DLQ_INVALID_INPUT
                               : err == CW_ERR_UTF8      ? CW_M_DLQ_INVALID_UTF8
                               : err == CW_ERR_TOO_LARGE ? CW_M_DLQ_TOO_LARGE
                               : err == CW_ERR_AVRO      ? CW_M_DLQ_ENCODING
                               : err == CW_ERR_BUDGET    ? CW_M_DLQ_BUDGET
                               : err == CW_ERR_LANGUAGE  ? CW_M_DLQ_LANGUAGE
                                                         : CW_M_DLQ_OTHER,
                   1);
  }
}

/* ==== Finished jobs ==== */

/* Produces the records (or the dead letter) of one finished job. A job of an aborted
 * transaction, or of the open one once it failed, is dropped: its input is consumed again. */
void cw_pl_job_produce(cw_pipeline_t *p, job_t *j) {
  const rd_kafka_message_t *rkm = j->rkm;
  if (j->discard || p->txn_failed) {
    cw_offsets_seal(p->offsets, j->m);
    return;
  }
  if (p->eos) {
    if (!p->in_txn)
      cw_pl_txn_begin(p);
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
                  j->m) != CW_OK)
        break;
    }
    p->st.processed++;
    p->st.claims_out += j->n_claims;
    cw_metrics_inc(p->metrics, CW_M_PROCESSED, 1);
    CW_DEBUG("output", "%s/%" PRId32 "@%" PRId64 ": article %s: %zu entities, %zu claims",
             rd_kafka_topic_name(rkm->rkt), rkm->partition, rkm->offset, j->key, j->n_entities,
             j->n_claims);
  }
  cw_offsets_seal(p->offsets, j->m);
}

