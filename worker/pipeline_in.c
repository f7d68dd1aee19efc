/* pipeline_in.c - the input side of the pipeline: rebalances, offset storing and commits,
 * pause/resume, and leaving the group.
 *
 * Delivery guarantee (at-least-once): enable.auto.offset.store=false; an input offset is stored
 * only when every record the message produced was acknowledged by the brokers (offsets.c), then
 * committed every worker.commit_interval_ms (librdkafka's auto-commit timer as a fallback), on
 * revoke and at shutdown. A record that fails for good stops the worker with an error and its
 * offset is never committed, so a restart reprocesses it.
 *
 * Backpressure (backpressure.c): a partition holding too many messages or bytes is paused alone,
 * every partition while the worker is over its total caps; each resumes at half. The loop keeps
 * polling throughout, so the group session and max.poll.interval.ms never expire. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "cw_log.h"
#include "pipeline_int.h"

/* ==== Offsets: storing and committing ==== */

/* Every offset commit but cw_pl_commit_sync's (the periodic ones, the auto-commit timer's):
 * counts the outcome. A failed commit loses nothing: the stored offsets stay and the next commit
 * carries them. */
void cw_pl_offset_commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t *offsets, void *opaque) {
  cw_pipeline_t *p = opaque;
  (void)rk;
  p->commit_pending = 0;
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET)
    return; /* nothing new to commit */
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    cw_metrics_inc(p->metrics, CW_M_COMMITS, 1);
    CW_DEBUG("input", "offsets committed for %d partition(s), %lld ms after the request",
             offsets ? offsets->cnt : 0, (long long)(mono_ms() - p->last_commit_ms));
    return;
  }
  /* Most failures mean a rebalance is under way: a commit with the old generation would get
   * ILLEGAL_GENERATION, which librdkafka takes for a lost assignment. No periodic commit until
   * the rebalance is done (cw_pl_rebalance_cb) or COMMIT_HOLD_MS have passed. */
  p->commit_hold_until_ms = mono_ms() + COMMIT_HOLD_MS;
  cw_metrics_inc(p->metrics, CW_M_COMMIT_ERRORS, 1);
  CW_WARN("input", "offset commit failed for %d partition(s), retried with the next commit: %s",
          offsets ? offsets->cnt : 0, rd_kafka_err2str(err));
}

/* A message finished: all its records acknowledged. */
static void done_cb(void *opaque, int64_t ts_ms) {
  cw_pipeline_t *p = opaque;
  p->done_since_commit++;
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

/* Stores the offsets that became safe; cw_pl_commit_periodic() commits them (librdkafka's
 * auto-commit timer too, as a fallback), and revocation and shutdown commit them at once. */
void cw_pl_store_offsets(cw_pipeline_t *p) {
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
      CW_DEBUG("input", "offset %s/%" PRId32 "@%" PRId64 " not stored: %s", tp->topic,
               tp->partition, tp->offset, rd_kafka_err2str(tp->err));
    else {
      p->st.offsets_stored++;
      p->stored_uncommitted = 1;
      cw_metrics_inc(p->metrics, CW_M_OFFSETS_STORED, 1);
    }
  }
  if (err && err != RD_KAFKA_RESP_ERR__STATE)
    CW_WARN("input", "storing offsets: %s", rd_kafka_err2str(err));
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

/* Commits the stored offsets asynchronously every worker.commit_interval_ms, or sooner once
 * COMMIT_EVERY_MESSAGES messages finished since the last commit, while new ones were stored: a
 * crash replays at most about that much input however fast the worker runs (a worker catching
 * up on a backlog finishes a thousand messages a second and more). librdkafka's own
 * auto-commit timer, 5 s by default, stays as a fallback. cw_pl_offset_commit_cb counts the
 * result. */
#define COMMIT_EVERY_MESSAGES 100
void cw_pl_commit_periodic(cw_pipeline_t *p) {
  int64_t now = mono_ms();
  if (p->eos || !p->stored_uncommitted ||
      (now - p->last_commit_ms < p->cfg->commit_interval_ms &&
       p->done_since_commit < COMMIT_EVERY_MESSAGES) ||
      now < p->commit_hold_until_ms ||
      (p->commit_pending && now - p->last_commit_ms < COMMIT_HOLD_MS))
    return;
  p->stored_uncommitted = 0;
  p->done_since_commit = 0;
  p->commit_pending = 1;
  p->last_commit_ms = now;
  rd_kafka_resp_err_t err = rd_kafka_commit(p->consumer, NULL, 1 /* async */);
  CW_DEBUG("input", "periodic commit requested");
  if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
    CW_DEBUG("input", "periodic commit: %s", rd_kafka_err2str(err));
}

/* Commits the stored offsets and waits for the result at most @p timeout_ms: a synchronous
 * commit would wait for a coordinator that may be gone for much longer. Counted here, as
 * cw_pl_offset_commit_cb does for the others. */
void cw_pl_commit_sync(cw_pipeline_t *p, const char *why, int64_t timeout_ms) {
  int done = 0;
  int64_t deadline = mono_ms() + timeout_ms;
  rd_kafka_queue_t *q = rd_kafka_queue_new(p->consumer);
  /* Event API: the result comes back as an RD_KAFKA_EVENT_OFFSET_COMMIT on q. */
  rd_kafka_resp_err_t err = rd_kafka_commit_queue(p->consumer, NULL, q, NULL, NULL);
  while (!err && !done && mono_ms() < deadline) {
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, EVENT_POLL_MS);
    if (ev && rd_kafka_event_type(ev) == RD_KAFKA_EVENT_OFFSET_COMMIT) {
      done = 1;
      err = rd_kafka_event_error(ev);
    }
    rd_kafka_event_destroy(ev); /* accepts NULL */
  }
  rd_kafka_queue_destroy(q);
  if (!err && !done) {
    CW_WARN("input", "committing offsets (%s): no answer within %" PRId64 " ms", why,
            timeout_ms);
    return;
  }
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    p->stored_uncommitted = 0;
    p->done_since_commit = 0;
    cw_metrics_inc(p->metrics, CW_M_COMMITS, 1);
    CW_INFO("input", "offsets committed (%s)", why);
  } else if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    cw_metrics_inc(p->metrics, CW_M_COMMIT_ERRORS, 1);
    CW_WARN("input", "committing offsets (%s): %s", why, rd_kafka_err2str(err));
  }
}

/* The assigned-partitions gauge, kept from the callbacks' own lists: rd_kafka_assignment() and
 * rd_kafka_rebalance_protocol() wait for the group's thread without a timeout, and inside the
 * revocation that rd_kafka_consumer_close_queue() delivers that thread may already have
 * finished with the group and never answer (the close then hung until the watchdog). */
static void set_assigned(cw_pipeline_t *p, int n) {
  p->n_assigned = n < 0 ? 0 : n;
  cw_metrics_set(p->metrics, CW_G_ASSIGNED, p->n_assigned);
}

/* An assignment librdkafka refused: the worker would hold partitions it never fetches, so it
 * stops (a restart rejoins the group cleanly). While shutting down it only logs: the consumer
 * is leaving and refuses new assignments. */
static void assign_failed(cw_pipeline_t *p, const char *what, const char *why) {
  char msg[600];
  snprintf(msg, sizeof(msg), "%s: %s; the worker would never fetch these partitions", what, why);
  if (p->stop_deadline_ms)
    CW_WARN("input", "%s", msg);
  else
    cw_pl_set_fatal(p, msg);
}

/* ==== Rebalances ==== */

static void rebalance(cw_pipeline_t *p, rd_kafka_t *rk, rd_kafka_resp_err_t err,
                      rd_kafka_topic_partition_list_t *parts) {
  int coop = p->coop;
  char list[1024];
  p->commit_hold_until_ms = 0; /* the new generation is known: periodic commits may go on */
  format_parts(parts, list, sizeof(list));
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    CW_INFO("input", "assigned %d partition(s): %s", parts->cnt, list);
    if (coop) {
      rd_kafka_error_t *e = rd_kafka_incremental_assign(rk, parts);
      if (e) {
        assign_failed(p, "incremental assign", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      } else {
        set_assigned(p, p->n_assigned + parts->cnt);
      }
    } else {
      rd_kafka_resp_err_t aerr = rd_kafka_assign(rk, parts);
      if (aerr)
        assign_failed(p, "assign", rd_kafka_err2str(aerr));
      else
        set_assigned(p, parts->cnt);
    }
    /* New partitions start paused if the worker is over its total caps (or stopping), and a
     * partition this worker left paused when it lost it is resumed. */
    for (int i = 0; i < parts->cnt; i++)
      cw_bp_assign(p->bp, parts->elems[i].topic, parts->elems[i].partition);
    cw_pl_apply_backpressure(p);
    cw_metrics_inc(p->metrics, CW_M_REBALANCES_ASSIGN, 1);
    p->joined = 1;
    cw_pl_update_ready(p);
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    int lost = rd_kafka_assignment_lost(rk);
    CW_INFO("input", "revoked %d partition(s)%s: %s", parts->cnt, lost ? " (lost)" : "",
            list);
    if (!lost) {
      /* Finish what these partitions have in flight so their offsets can be committed before
       * another member takes over; what does not finish in time is reprocessed there. */
      int64_t t = cw_pl_time_left(p, p->cfg->shutdown_timeout_ms < REVOKE_TIMEOUT_CAP_MS
                                         ? p->cfg->shutdown_timeout_ms
                                         : REVOKE_TIMEOUT_CAP_MS);
      /* At shutdown the extraction had its time already: produce what is done, no more. */
      if (cw_pl_finish_jobs(p, p->stop_deadline_ms ? 0 : t) != CW_OK && !p->stop_deadline_ms)
        CW_WARN("input", "revoke: extraction still running after %" PRId64 " ms", t);
      if (p->eos) {
        if (cw_pl_txn_commit(p, "revoke") != CW_OK)
          CW_WARN("input", "revoke: transaction not committed; another member reprocesses");
      } else {
        if (cw_pl_drain_outputs(p, (int)cw_pl_time_left(p, t)) != CW_OK)
          CW_WARN("input", "revoke: outputs still in flight after %" PRId64 " ms", t);
        cw_pl_commit_sync(p, "revoke", cw_pl_time_left(p, t));
      }
    } else if (p->eos && p->in_txn) {
      cw_pl_txn_abort(p, 0, "partitions lost");
    }
    for (int i = 0; i < parts->cnt; i++) {
      cw_offsets_drop_partition(p->offsets, parts->elems[i].topic, parts->elems[i].partition);
      cw_bp_revoke(p->bp, parts->elems[i].topic, parts->elems[i].partition);
    }
    /* A failed unassign is logged, not fatal: the worker has let go of these partitions on its
     * side already, and a stop would only add a restart to the rebalance. */
    if (coop) {
      rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
      if (e) {
        CW_ERROR("input", "incremental unassign: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_resp_err_t uerr = rd_kafka_assign(rk, NULL);
      if (uerr)
        CW_ERROR("input", "unassign: %s", rd_kafka_err2str(uerr));
    }
    for (int i = 0; i < parts->cnt; i++)
      cw_metrics_set_lag(p->metrics, parts->elems[i].topic, parts->elems[i].partition, -1);
    cw_metrics_inc(p->metrics, CW_M_REBALANCES_REVOKE, 1);
    /* A lost session (or an eager rebalance, which revokes everything) leaves the group
     * until the next assignment; a cooperative revoke keeps the membership. */
    if (lost || !coop) {
      p->joined = 0;
      cw_pl_update_ready(p);
    }
    set_assigned(p, coop ? p->n_assigned - parts->cnt : 0);
    return;
  }
  CW_ERROR("input", "rebalance error: %s", rd_kafka_err2str(err));
  rd_kafka_resp_err_t uerr = rd_kafka_assign(rk, NULL);
  if (uerr)
    CW_ERROR("input", "unassign after the rebalance error: %s", rd_kafka_err2str(uerr));
  set_assigned(p, 0);
  p->joined = 0;
  cw_pl_update_ready(p);
}

void cw_pl_rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t *parts, void *opaque) {
  cw_pipeline_t *p = opaque;
  p->in_rebalance = 1;
  rebalance(p, rk, err, parts);
  p->in_rebalance = 0;
}

/* ==== Pause and resume (backpressure) ==== */

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
  CW_DEBUG("input", "%s fetching %s/%" PRId32 ": it holds %" PRId64 " messages, %" PRId64
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
      CW_DEBUG("input", "waking the fetcher after a resume: %s", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  }
  rd_kafka_topic_partition_list_destroy(seek);
  rd_kafka_topic_partition_list_destroy(l);
}

/* Pauses or resumes @p l (may be NULL) and frees it. @returns CW_OK, or CW_ERR_KAFKA (logged). */
static cw_err_t bp_apply_list(cw_pipeline_t *p, rd_kafka_topic_partition_list_t *l, int pause) {
  if (!l)
    return CW_OK;
  rd_kafka_resp_err_t err = pause ? rd_kafka_pause_partitions(p->consumer, l)
                                  : rd_kafka_resume_partitions(p->consumer, l);
  for (int i = 0; i < l->cnt; i++)
    if (l->elems[i].err)
      CW_DEBUG("input", "%s %s/%" PRId32 ": %s", pause ? "pause" : "resume", l->elems[i].topic,
               l->elems[i].partition, rd_kafka_err2str(l->elems[i].err));
  if (err)
    CW_WARN("input", "%s partitions: %s", pause ? "pause" : "resume", rd_kafka_err2str(err));
  rd_kafka_topic_partition_list_destroy(l);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR ? CW_OK : CW_ERR_KAFKA;
}

/* Pauses the partitions over their own caps, every partition while the worker is over its
 * total caps or stopping, and resumes those back under half their caps. The consumer keeps
 * polling all along, so the worker stays in its group. */
void cw_pl_apply_backpressure(cw_pipeline_t *p) {
  bp_changes_t c = {p, NULL, NULL, NULL};
  uint64_t part_before = cw_bp_partition_pauses(p->bp), total_before = cw_bp_total_pauses(p->bp);
  cw_bp_plan(p->bp, (int64_t)cw_offsets_in_flight(p->offsets), p->stop_fetching, bp_collect, &c);
  (void)bp_apply_list(p, c.pause, 1); /* logged; the next plan pauses again */
  if (bp_apply_list(p, c.resume, 0) == CW_OK)
    wake_fetcher(p, c.wake);
  else if (c.wake)
    rd_kafka_topic_partition_list_destroy(c.wake);
  cw_metrics_inc(p->metrics, CW_M_PARTITION_PAUSES, cw_bp_partition_pauses(p->bp) - part_before);
  cw_metrics_inc(p->metrics, CW_M_PAUSES, cw_bp_total_pauses(p->bp) - total_before);
  cw_metrics_set(p->metrics, CW_G_PAUSED, cw_bp_total_paused(p->bp) || p->stop_fetching);
  cw_metrics_set(p->metrics, CW_G_PAUSED_PARTITIONS, (int64_t)cw_bp_paused_partitions(p->bp));
}

/* ==== Leaving the group ==== */

/* Leaves the group (revocation callbacks included) within @p timeout_ms; librdkafka's own
 * close waits for the group coordinator as long as it takes. @returns CW_OK once closed,
 * CW_ERR_TIMEOUT if not (a failed close is logged and counts as not closed). */
cw_err_t cw_pl_close_consumer(cw_pipeline_t *p, int64_t timeout_ms) {
  int64_t deadline = mono_ms() + timeout_ms;
  rd_kafka_queue_t *q = rd_kafka_queue_new(p->consumer);
  rd_kafka_error_t *e = rd_kafka_consumer_close_queue(p->consumer, q);
  if (e) {
    CW_WARN("input", "closing consumer: %s", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
  } else {
    /* Event API, as librdkafka's own close serves it: rebalance events go to cw_pl_rebalance_cb,
     * anything else (errors, stray fetches) is dropped. */
    while (!rd_kafka_consumer_closed(p->consumer) && mono_ms() < deadline) {
      rd_kafka_event_t *ev = rd_kafka_queue_poll(q, EVENT_POLL_MS);
      if (ev && rd_kafka_event_type(ev) == RD_KAFKA_EVENT_REBALANCE)
        cw_pl_rebalance_cb(p->consumer, rd_kafka_event_error(ev),
                           rd_kafka_event_topic_partition_list(ev), p);
      rd_kafka_event_destroy(ev);
    }
  }
  p->consumer_closed = rd_kafka_consumer_closed(p->consumer);
  rd_kafka_queue_destroy(q);
  if (!p->consumer_closed)
    CW_WARN("input", "closing consumer: still not closed after %" PRId64 " ms; leaving "
            "without it (the group notices when the session times out)", timeout_ms);
  return p->consumer_closed ? CW_OK : CW_ERR_TIMEOUT;
}
