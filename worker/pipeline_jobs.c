/* pipeline_jobs.c - the job pool: worker.threads extraction threads, each with its own extractor
 * and Avro codec, parse, extract and encode jobs from a shared queue; the pipeline thread keeps
 * the jobs in input order per partition and hands each finished one to the output side
 * (pipeline_out.c) only when every earlier job of its partition went first, so output order
 * follows input order. */
#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "article.h"
#include "cw_alloc.h"
#include "pipeline_int.h"

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
  int run_models = 0; /* 0: not English, input.unsupported_language = empty_record */
  cw_err_t err = cw_article_read(rkm->payload, rkm->len, rkm->key, rkm->key_len, &origin,
                                 (size_t)p->cfg->max_message_bytes, p->cfg->input, &a,
                                 &run_models, j->reason, sizeof(j->reason));
  if (!err && a->transcoded)
    cw_metrics_inc(p->metrics, CW_M_TRANSCODED, 1);
  if (!err && !run_models)
    cw_metrics_inc(p->metrics, CW_M_SKIPPED_LANGUAGE, 1);
  if (!err && x->ex && run_models) {
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
    err = cw_output_encode(p->output, x->codec, a, r, now_ms(), CW_RECORD_MAX_BYTES, &j->recs,
                           &j->n_recs, j->reason, sizeof(j->reason));
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

void *cw_pl_xthread_main(void *arg) {
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

void cw_pl_job_free(cw_pipeline_t *p, job_t *j) {
  p->jobs_out--;
  cw_bp_remove(p->bp, rd_kafka_topic_name(j->rkm->rkt), j->rkm->partition, (int64_t)j->rkm->len);
  cw_output_recs_free(&j->recs, j->n_recs);
  free(j->key);
  rd_kafka_message_destroy(j->rkm);
  free(j);
}

/* Takes a consumed message (ownership of rkm) and queues it for extraction. */
void cw_pl_submit(cw_pipeline_t *p, rd_kafka_message_t *rkm) {
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

/* Produces every finished job that is next in its partition's input order, in every partition.
 * @returns jobs produced. */
size_t cw_pl_produce_ready(cw_pipeline_t *p) {
  size_t n = 0;
  for (size_t i = 0; i < p->n_porder; i++) {
    porder_t *o = &p->porder[i];
    while (o->head && atomic_load_explicit(&o->head->done, memory_order_acquire)) {
      job_t *j = o->head;
      o->head = j->next_part;
      if (!o->head)
        o->tail = NULL;
      cw_pl_job_produce(p, j);
      cw_pl_job_free(p, j);
      n++;
    }
  }
  return n;
}

/* Waits (bounded) until every consumed job is produced. @returns CW_OK, or CW_ERR_TIMEOUT. */
cw_err_t cw_pl_finish_jobs(cw_pipeline_t *p, int64_t timeout_ms) {
  int64_t deadline = mono_ms() + timeout_ms;
  for (;;) {
    cw_pl_produce_ready(p);
    if (p->jobs_out == 0)
      return CW_OK;
    if (mono_ms() >= deadline)
      return CW_ERR_TIMEOUT;
    rd_kafka_poll(p->producer, FINISH_JOBS_POLL_MS);
  }
}

/* Marks every job not yet produced, finished or still extracting; cw_pl_job_produce() drops
 * them whenever they come out, however late. Jobs consumed afterwards are not affected. */
size_t cw_pl_discard_jobs(cw_pipeline_t *p) {
  size_t n = 0;
  for (size_t i = 0; i < p->n_porder; i++)
    for (job_t *j = p->porder[i].head; j; j = j->next_part) {
      j->discard = 1;
      n++;
    }
  return n;
}
