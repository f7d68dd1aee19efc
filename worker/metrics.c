/* metrics.c - Prometheus metrics of the worker (see metrics.h). Text format reference:
 * https://prometheus.io/docs/instrumenting/exposition_formats/ */
#include <dirent.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cw_alloc.h"
#include "metrics.h"

#ifndef CW_VERSION
#define CW_VERSION "unknown"
#endif

typedef struct {
  const char *name, *help, *labels; /* labels: "" or e.g. code="too_large" */
} cdesc_t;

/* Rows with the same name must be adjacent: HELP/TYPE are written once per name. */
static const cdesc_t counters[CW_M__COUNT] = {
  [CW_M_CONSUMED] = {"claimwire_messages_consumed_total", "Input messages consumed.", ""},
  [CW_M_PROCESSED] = {"claimwire_messages_processed_total",
                      "Articles extracted and produced.", ""},
  [CW_M_DLQ_INVALID_INPUT] = {"claimwire_dead_letters_total",
                              "Messages sent to the dead-letter topic, by reason code.",
                              "code=\"invalid_input\""},
  [CW_M_DLQ_INVALID_UTF8] = {"claimwire_dead_letters_total", NULL, "code=\"invalid_utf8\""},
  [CW_M_DLQ_TOO_LARGE] = {"claimwire_dead_letters_total", NULL, "code=\"too_large\""},
  [CW_M_DLQ_ENCODING] = {"claimwire_dead_letters_total", NULL, "code=\"encoding_failed\""},
  [CW_M_DLQ_OTHER] = {"claimwire_dead_letters_total", NULL, "code=\"processing_failed\""},
  [CW_M_DLQ_BUDGET] = {"claimwire_dead_letters_total", NULL, "code=\"extraction_budget\""},
  [CW_M_DLQ_LANGUAGE] = {"claimwire_dead_letters_total", NULL,
                         "code=\"unsupported_language\""},
  [CW_M_RECORDS_ENTITIES] = {"claimwire_records_produced_total",
                             "Records handed to the producer, by output.",
                             "output=\"entities\""},
  [CW_M_RECORDS_CLAIMS] = {"claimwire_records_produced_total", NULL, "output=\"claims\""},
  [CW_M_RECORDS_DLQ] = {"claimwire_records_produced_total", NULL, "output=\"deadletter\""},
  [CW_M_DELIVERED] = {"claimwire_records_delivered_total",
                      "Records acknowledged by the brokers.", ""},
  [CW_M_DELIVERY_FAILED] = {"claimwire_delivery_failures_total",
                            "Records that could not be delivered.", ""},
  [CW_M_OFFSETS_STORED] = {"claimwire_offsets_stored_total",
                           "Input offsets stored for commit after full delivery.", ""},
  [CW_M_COMMITS] = {"claimwire_commits_total", "Synchronous offset commits.", ""},
  [CW_M_COMMIT_ERRORS] = {"claimwire_commit_errors_total", "Failed offset commits.", ""},
  [CW_M_REBALANCES_ASSIGN] = {"claimwire_rebalances_total", "Rebalance events, by kind.",
                              "kind=\"assign\""},
  [CW_M_REBALANCES_REVOKE] = {"claimwire_rebalances_total", NULL, "kind=\"revoke\""},
  [CW_M_KAFKA_ERRORS] = {"claimwire_kafka_errors_total",
                         "Errors reported by librdkafka (most are recovered from).", ""},
  [CW_M_PAUSES] = {"claimwire_backpressure_pauses_total",
                   "Times fetching was paused because too many messages were in flight.", ""},
  [CW_M_PARTITION_PAUSES] = {"claimwire_backpressure_partition_pauses_total",
                             "Times one input partition was paused alone because it held too "
                             "many messages or bytes.", ""},
  [CW_M_SKIPPED_LANGUAGE] = {"claimwire_articles_skipped_total",
                             "Articles not run through the models, by reason (an entities "
                             "record without entities was produced).",
                             "reason=\"unsupported_language\""},
  [CW_M_TRANSCODED] = {"claimwire_articles_transcoded_total",
                       "Articles with bytes that were not UTF-8, read as Windows-1252 "
                       "(input.invalid_utf8 = windows_1252).", ""},
};

static const cdesc_t gauges[CW_G__COUNT] = {
  [CW_G_IN_FLIGHT] = {"claimwire_in_flight_messages",
                      "Input messages whose outputs are not yet acknowledged.", ""},
  [CW_G_ASSIGNED] = {"claimwire_assigned_partitions", "Input partitions assigned.", ""},
  [CW_G_PAUSED] = {"claimwire_fetch_paused",
                   "1 while fetching is paused on every partition (total caps, shutdown).", ""},
  [CW_G_READY] = {"claimwire_ready",
                  "1 when the worker is ready: main loop running, consumer group joined "
                  "(partitions assigned), brokers reachable.", ""},
  [CW_G_LAST_LOOP_MS] = {NULL, NULL, NULL},
  [CW_G_START_TIME] = {"claimwire_start_time_seconds", "Start time, unix seconds.", ""},
  [CW_G_PAUSED_PARTITIONS] = {"claimwire_paused_partitions",
                              "Assigned input partitions whose fetching is paused "
                              "(backpressure, per partition or total).", ""},
  [CW_G_NOT_READY] = {NULL, NULL, NULL},
};

#define N_BUCKETS 14
static const struct {
  const char *name, *help;
  double bounds[N_BUCKETS];
} hdesc[CW_H__COUNT] = {
  [CW_H_EXTRACT] = {"claimwire_extract_seconds", "Extraction time per article.",
                    {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                     0.5, 1, 5}},
  [CW_H_END_TO_END] = {"claimwire_end_to_end_seconds",
                       "From the input message's timestamp to the acknowledgement of its "
                       "last record.",
                       {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30,
                        120}},
};

typedef struct {
  uint64_t buckets[N_BUCKETS + 1]; /* last = +Inf */
  uint64_t count;
  double sum;
} hist_t;

typedef struct {
  char *topic;
  int32_t partition;
  int64_t lag;
} lag_t;

struct cw_metrics_s {
  _Atomic uint64_t c[CW_M__COUNT];
  _Atomic int64_t g[CW_G__COUNT];
  pthread_mutex_t lock; /* histograms and lags */
  hist_t h[CW_H__COUNT];
  lag_t *lags;
  size_t n_lags;
};

cw_metrics_t *cw_metrics_create(void) {
  cw_metrics_t *m = cw_calloc(1, sizeof(*m));
  pthread_mutex_init(&m->lock, NULL);
  return m;
}

void cw_metrics_destroy(cw_metrics_t **pm) {
  if (!pm || !*pm)
    return;
  cw_metrics_t *m = *pm;
  for (size_t i = 0; i < m->n_lags; i++)
    free(m->lags[i].topic);
  free(m->lags);
  pthread_mutex_destroy(&m->lock);
  free(m);
  *pm = NULL;
}

void cw_metrics_inc(cw_metrics_t *m, cw_counter_t c, uint64_t n) { atomic_fetch_add(&m->c[c], n); }
uint64_t cw_metrics_get(const cw_metrics_t *m, cw_counter_t c) {
  return atomic_load(&((cw_metrics_t *)m)->c[c]);
}
void cw_metrics_set(cw_metrics_t *m, cw_gauge_t g, int64_t v) { atomic_store(&m->g[g], v); }
int64_t cw_metrics_gauge(const cw_metrics_t *m, cw_gauge_t g) {
  return atomic_load(&((cw_metrics_t *)m)->g[g]);
}

void cw_metrics_observe(cw_metrics_t *m, cw_histogram_t h, double s) {
  pthread_mutex_lock(&m->lock);
  hist_t *x = &m->h[h];
  size_t i = 0;
  while (i < N_BUCKETS && s > hdesc[h].bounds[i])
    i++;
  x->buckets[i]++;
  x->count++;
  x->sum += s;
  pthread_mutex_unlock(&m->lock);
}

void cw_metrics_set_lag(cw_metrics_t *m, const char *topic, int32_t partition, int64_t lag) {
  pthread_mutex_lock(&m->lock);
  size_t i = 0;
  while (i < m->n_lags && (m->lags[i].partition != partition || strcmp(m->lags[i].topic, topic)))
    i++;
  if (lag < 0) {
    if (i < m->n_lags) {
      free(m->lags[i].topic);
      m->lags[i] = m->lags[--m->n_lags];
    }
  } else {
    if (i == m->n_lags) {
      m->lags = cw_realloc(m->lags, (m->n_lags + 1) * sizeof(*m->lags));
      m->lags[i].topic = cw_strdup(topic);
      m->lags[i].partition = partition;
      m->n_lags++;
    }
    m->lags[i].lag = lag;
  }
  pthread_mutex_unlock(&m->lock);
}

static cw_err_t render_counter_like(cw_buf_t *o, const cdesc_t *d, size_t n, const char *type,
                                    cw_metrics_t *m, int gauge) {
  cw_err_t err = CW_OK;
  for (size_t i = 0; !err && i < n; i++) {
    if (!d[i].name)
      continue;
    if (d[i].help)
      err = cw_buf_printf(o, "# HELP %s %s\n# TYPE %s %s\n", d[i].name, d[i].help, d[i].name,
                          type);
    if (err)
      break;
    long long v = gauge ? (long long)atomic_load(&m->g[i]) : (long long)atomic_load(&m->c[i]);
    if (d[i].labels[0])
      err = cw_buf_printf(o, "%s{%s} %lld\n", d[i].name, d[i].labels, v);
    else
      err = cw_buf_printf(o, "%s %lld\n", d[i].name, v);
  }
  return err;
}

/* ==== Build and process metrics (the usual names of Prometheus client libraries) ==== */

/* Fields 14 (utime), 15 (stime), 22 (starttime, clock ticks after boot) of /proc/self/stat. */
static int proc_stat_times(unsigned long long *utime, unsigned long long *stime,
                           unsigned long long *start) {
  char buf[1024];
  FILE *f = fopen("/proc/self/stat", "r");
  if (!f)
    return -1;
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
  if (!p)
    return -1;
  /* After ")": field 3 (state) onwards. checksrc: allow sscanf (the kernel's format) */
  return sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d "
                       "%*d %*d %llu", utime, stime, start) == 3 ? 0 : -1;
}

static long long boot_time(void) {
  char line[256];
  long long bt = -1;
  FILE *f = fopen("/proc/stat", "r");
  if (!f)
    return -1;
  while (fgets(line, sizeof(line), f))
    if (sscanf(line, "btime %lld", &bt) == 1) /* checksrc: allow sscanf (the kernel's) */
      break;
  fclose(f);
  return bt;
}

static long count_open_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d)
    return -1;
  long n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.')
      n++;
  closedir(d);
  return n - 1; /* the directory stream's own descriptor */
}

static cw_err_t render_process(cw_buf_t *o) {
  cw_err_t err = cw_buf_printf(
      o, "# HELP claimwire_build_info Version of the worker and of librdkafka.\n"
         "# TYPE claimwire_build_info gauge\n"
         "claimwire_build_info{version=\"%s\",librdkafka=\"%s\"} 1\n",
      CW_VERSION, rd_kafka_version_str());
  long ticks = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
  unsigned long long ut, st, start;
  if (!err && ticks > 0 && proc_stat_times(&ut, &st, &start) == 0) {
    err = cw_buf_printf(o, "# HELP process_cpu_seconds_total Total user and system CPU time "
                           "spent in seconds.\n# TYPE process_cpu_seconds_total counter\n"
                           "process_cpu_seconds_total %.2f\n", (double)(ut + st) / (double)ticks);
    long long bt = boot_time();
    if (!err && bt > 0)
      err = cw_buf_printf(o, "# HELP process_start_time_seconds Start time of the process since "
                             "unix epoch in seconds.\n# TYPE process_start_time_seconds gauge\n"
                             "process_start_time_seconds %.2f\n",
                          (double)bt + (double)start / (double)ticks);
  }
  unsigned long long vsz, rss;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (!err && page > 0 && fscanf(f, "%llu %llu", &vsz, &rss) == 2)
      err = cw_buf_printf(o, "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                             "# TYPE process_resident_memory_bytes gauge\n"
                             "process_resident_memory_bytes %llu\n"
                             "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
                             "# TYPE process_virtual_memory_bytes gauge\n"
                             "process_virtual_memory_bytes %llu\n",
                          rss * (unsigned long long)page, vsz * (unsigned long long)page);
    fclose(f);
  }
  long fds = count_open_fds();
  if (!err && fds >= 0)
    err = cw_buf_printf(o, "# HELP process_open_fds Number of open file descriptors.\n"
                           "# TYPE process_open_fds gauge\nprocess_open_fds %ld\n", fds);
  long maxfds = sysconf(_SC_OPEN_MAX);
  if (!err && maxfds > 0)
    err = cw_buf_printf(o, "# HELP process_max_fds Maximum number of open file descriptors.\n"
                           "# TYPE process_max_fds gauge\nprocess_max_fds %ld\n", maxfds);
  return err;
}

cw_err_t cw_metrics_render(cw_metrics_t *m, cw_buf_t *o) {
  cw_err_t err = render_counter_like(o, counters, CW_M__COUNT, "counter", m, 0);
  if (!err)
    err = render_counter_like(o, gauges, CW_G__COUNT, "gauge", m, 1);
  pthread_mutex_lock(&m->lock);
  for (int h = 0; !err && h < CW_H__COUNT; h++) {
    const hist_t *x = &m->h[h];
    err = cw_buf_printf(o, "# HELP %s %s\n# TYPE %s histogram\n", hdesc[h].name, hdesc[h].help,
                        hdesc[h].name);
    uint64_t cum = 0;
    for (int b = 0; !err && b < N_BUCKETS; b++) {
      cum += x->buckets[b];
      err = cw_buf_printf(o, "%s_bucket{le=\"%g\"} %llu\n", hdesc[h].name, hdesc[h].bounds[b],
                          (unsigned long long)cum);
    }
    if (!err)
      err = cw_buf_printf(o, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.9g\n%s_count %llu\n",
                          hdesc[h].name, (unsigned long long)x->count, hdesc[h].name, x->sum,
                          hdesc[h].name, (unsigned long long)x->count);
  }
  if (!err)
    err = cw_buf_puts(o, "# HELP claimwire_consumer_lag Messages behind the end of each assigned "
                         "input partition (librdkafka statistics).\n"
                         "# TYPE claimwire_consumer_lag gauge\n");
  for (size_t i = 0; !err && i < m->n_lags; i++)
    err = cw_buf_printf(o, "claimwire_consumer_lag{topic=\"%s\",partition=\"%d\"} %lld\n",
                        m->lags[i].topic, (int)m->lags[i].partition, (long long)m->lags[i].lag);
  pthread_mutex_unlock(&m->lock);
  if (!err)
    err = render_process(o);
  return err;
}

cw_err_t cw_metrics_from_rdkafka_stats(cw_metrics_t *m, const char *json, size_t len) {
  json_t *root = json_loadb(json, len, 0, NULL);
  json_t *topics = root ? json_object_get(root, "topics") : NULL;
  if (!json_is_object(topics)) {
    json_decref(root);
    return CW_ERR_INVALID;
  }
  const char *tname;
  json_t *t;
  json_object_foreach(topics, tname, t) {
    const char *pname;
    json_t *part;
    json_t *parts = json_object_get(t, "partitions");
    json_object_foreach(parts, pname, part) {
      int32_t pid = (int32_t)strtol(pname, NULL, 10);
      if (pid < 0)
        continue; /* the internal "-1" UA partition */
      json_t *lag = json_object_get(part, "consumer_lag");
      json_t *state = json_object_get(part, "fetch_state");
      int active = json_is_string(state) && strcmp(json_string_value(state), "none") != 0 &&
                   strcmp(json_string_value(state), "stopped") != 0;
      if (active && json_is_integer(lag) && json_integer_value(lag) >= 0)
        cw_metrics_set_lag(m, tname, pid, json_integer_value(lag));
      else
        cw_metrics_set_lag(m, tname, pid, -1);
    }
  }
  json_decref(root);
  return CW_OK;
}

int cw_rdkafka_stats_brokers_up(const char *json, size_t len) {
  json_t *root = json_loadb(json, len, 0, NULL);
  json_t *brokers = root ? json_object_get(root, "brokers") : NULL;
  if (!json_is_object(brokers)) {
    json_decref(root);
    return -1;
  }
  int up = 0;
  const char *name;
  json_t *b;
  json_object_foreach(brokers, name, b) {
    json_t *state = json_object_get(b, "state");
    if (json_is_string(state) && !strcmp(json_string_value(state), "UP"))
      up++;
  }
  json_decref(root);
  return up;
}
