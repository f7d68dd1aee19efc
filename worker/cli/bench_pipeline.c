/* bench_pipeline.c - `claimwire bench pipeline --corpus DIR`: starts the embedded broker in this
 * process, streams N articles into it at the pace one worker drains them (the mock broker keeps
 * only 5 MiB per partition, so the backlog is bounded), runs the real pipeline on a thread, and
 * prints articles/s, tokens/s, p50/p99 end-to-end latency (input timestamp -> last record
 * acknowledged) and peak RSS; then the same with extraction off (passthrough) and the ratio.
 * --rss samples the process's RSS during each run and prints it at 10 %, 50 % and 100 % of the
 * messages, its maximum, and the growth over the second half (flat = bounded memory). */
#include <getopt.h>
#include <inttypes.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "bench_pipeline.h"
#include "cli_common.h"
#include "broker.h"
#include "claimwire/extract.h"
#include "cli.h"
#include "config.h"
#include "cw_alloc.h"
#include "cw_file.h"
#include "cw_log.h"
#include "cw_time.h"
#include "kafka_conf.h"
#include "models.h"
#include "pipeline.h"

#define BENCH_PARTITIONS 8
/* Unconsumed backlog allowed, in bytes, across all partitions. The mock keeps the newest 5 MiB
 * per partition; keeping the whole backlog under that stays safe even if one partition falls
 * behind the others. */
#define BENCH_BACKLOG_BYTES (4u * 1024 * 1024)
/* How often the producer looks whether the backlog has room again, at most. */
#define BENCH_PACE_POLL_MS 10

typedef struct {
  char **texts;
  size_t *lens;
  size_t n;
  uint64_t tokens;   /* tokens of all texts once */
  size_t bytes;
} corpus_t;

/* Latencies in a fixed histogram of 1 ms buckets (the last one: LAT_MAX_MS and more), so that
 * the bench's own memory does not grow with the number of messages. */
#define LAT_MAX_MS 120000
typedef struct {
  _Atomic uint64_t done;
  uint64_t *lat_hist; /* LAT_MAX_MS + 1 buckets */
  uint64_t n_lat;
} sink_t;

/* RSS samples taken while a run goes on, with the messages finished at that moment. */
typedef struct {
  uint64_t done;
  long kb;
} rss_sample_t;

typedef struct {
  const sink_t *sink;
  _Atomic int stop;
  rss_sample_t *v;
  size_t n, cap;
  pthread_t tid;
  int started;
} rss_t;

typedef struct {
  cw_pipeline_t *p;
  atomic_int stop;           /* set by the main thread, read by the pipeline's */
  cw_err_t err;
  char errstr[512];
} runner_t;

#define BENCH "bench pipeline"
#define BENCH_MAX_TEXT (512u * 1024u) /* larger texts are left out of the corpus */

static void on_done(void *opaque, int64_t ts) {
  sink_t *s = opaque;
  int64_t ms = ts > 0 ? cw_time_wall_ms() - ts : 0;
  s->lat_hist[ms < 0 ? 0 : ms > LAT_MAX_MS ? LAT_MAX_MS : ms]++;
  s->n_lat++;
  atomic_fetch_add(&s->done, 1);
}

/* @returns the latency (ms) below which @p pct % of the messages finished. */
static double lat_pct(const sink_t *s, unsigned pct) {
  uint64_t want = s->n_lat * pct / 100, cum = 0;
  for (size_t ms = 0; ms <= LAT_MAX_MS; ms++) {
    cum += s->lat_hist[ms];
    if (cum > want)
      return (double)ms;
  }
  return LAT_MAX_MS;
}

static void *run_thread(void *arg) {
  runner_t *r = arg;
  r->err = cw_pipeline_run(r->p, &r->stop, r->errstr, sizeof(r->errstr));
  return NULL;
}

/* Loads the non-empty *.txt files of at most 512 kB under @p dir recursively, in sorted order,
 * until there are @p limit. */
static void load_dir(corpus_t *c, const char *dir, size_t limit) {
  cw_strlist_t paths = {0};
  char err[1024];
  if (cw_dir_list(dir, ".txt", CW_DIR_RECURSIVE, &paths, err, sizeof err) != CW_OK)
    CW_WARN(BENCH, "%s", err);
  for (size_t i = 0; i < paths.n && c->n < limit; i++) {
    char *buf;
    size_t n;
    if (cw_file_read(paths.v[i], BENCH_MAX_TEXT, &buf, &n, err, sizeof err) != CW_OK)
      continue;
    if (n == 0) {
      free(buf);
      continue;
    }
    c->texts = cw_realloc(c->texts, (c->n + 1) * sizeof(*c->texts));
    c->lens = cw_realloc(c->lens, (c->n + 1) * sizeof(*c->lens));
    c->texts[c->n] = buf;
    c->lens[c->n] = n;
    c->bytes += n;
    c->n++;
  }
  cw_strlist_free(&paths);
}

/* @returns this process's resident set in kB (VmRSS), or -1. */
static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  if (!f)
    return -1;
  while (fgets(line, sizeof(line), f))
    if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) /* checksrc: allow sscanf (the kernel's) */
      break;
  fclose(f);
  return kb;
}

static void rss_add(rss_t *r, uint64_t done, long kb) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 1024;
    r->v = cw_realloc(r->v, r->cap * sizeof(*r->v));
  }
  r->v[r->n].done = done;
  r->v[r->n].kb = kb;
  r->n++;
}

/* Samples every 100 ms until stopped. */
static void *rss_thread(void *arg) {
  rss_t *r = arg;
  while (!atomic_load(&r->stop)) {
    uint64_t done = atomic_load(&((sink_t *)r->sink)->done);
    long kb = rss_kb();
    if (kb >= 0)
      rss_add(r, done, kb);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return NULL;
}

/* The first sample taken once @p pct % of @p n messages were finished (the last one for 100). */
static const rss_sample_t *rss_at(const rss_t *r, size_t n, unsigned pct) {
  for (size_t i = 0; i < r->n; i++)
    if (r->v[i].done * 100 >= (uint64_t)n * pct)
      return &r->v[i];
  return r->n ? &r->v[r->n - 1] : NULL;
}

static void rss_report(const rss_t *r, size_t n, const char *label) {
  const rss_sample_t *p10 = rss_at(r, n, 10), *p50 = rss_at(r, n, 50);
  const rss_sample_t *end = r->n ? &r->v[r->n - 1] : NULL;
  long max = 0;
  for (size_t i = 0; i < r->n; i++)
    if (r->v[i].kb > max)
      max = r->v[i].kb;
  if (!p10 || !p50 || !end) {
    printf("%s RSS: no samples\n", label);
    return;
  }
  printf("%s RSS (whole process, %zu samples): at 10%% %.1f MB, 50%% %.1f MB, 100%% %.1f MB, "
         "max %.1f MB; second half growth %+.1f MB (%+.1f%%)\n",
         label, r->n, p10->kb / 1024.0, p50->kb / 1024.0, end->kb / 1024.0, max / 1024.0,
         (end->kb - p50->kb) / 1024.0, 100.0 * (double)(end->kb - p50->kb) / (double)p50->kb);
}

static long peak_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

typedef struct {
  double secs;
  double p50, p99;
  uint64_t n;
} result_t;

/* One run: a fresh group on the running broker, N messages, one pipeline. */
static int run_once(const cw_config_t *user, const char *bootstrap, const corpus_t *c,
                    size_t n_msgs, int extract, int threads, size_t max_window,
                    const char *group, int sample_rss, result_t *res) {
  int rc = 1;
  char errstr[512];
  cw_config_t *cfg = cw_config_new_defaults();
  /* The models of the user's configuration (-c and the environment), as `run` would use. */
  free(cfg->model_dir);
  cfg->model_dir = cw_strdup(user->model_dir);
  cfg->rules_only = user->rules_only;
  sink_t sink = {0};
  sink.lat_hist = cw_calloc(LAT_MAX_MS + 1, sizeof(*sink.lat_hist));
  rss_t rss = {.sink = &sink};
  runner_t runner = {0};
  rd_kafka_t *prod = NULL;
  pthread_t tid;
  int started = 0;
  cw_kvlist_set(&cfg->kafka_common, "bootstrap.servers", bootstrap);
  free(cfg->group_id);
  cfg->group_id = cw_strdup(group);
  free(cfg->http_listen);
  cfg->http_listen = cw_strdup("");
  cfg->extract = extract;
  cfg->threads = threads;
  cfg->stats_interval_ms = 0;
  cfg->max_in_flight = 2000;
  /* The mock broker answers a fetch that finds no data only after the full fetch.wait.max.ms
   * (default 500 ms), even if data arrives meanwhile; a short wait keeps that artefact of the
   * embedded broker out of the latency figures. */
  cw_kvlist_set(&cfg->kafka_consumer, "fetch.wait.max.ms", "10");

  cw_alloc_limit_arenas(); /* as `run` does: the figures are the worker's */
  if (cw_pipeline_create(cfg, &runner.p, errstr, sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "bench pipeline: %s\n", errstr);
    goto out;
  }
  cw_pipeline_set_done_hook(runner.p, on_done, &sink);
  if (pthread_create(&tid, NULL, run_thread, &runner) != 0)
    goto out;
  started = 1;
  /* Start the clock once the group is joined (the mock delays a new group's first assignment
   * by about 3 s), so the figures measure the steady state. */
  double ready_deadline = cw_time_mono_s() + 60;
  while (!cw_pipeline_is_ready(runner.p) && cw_time_mono_s() < ready_deadline && !runner.err) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }

  rd_kafka_conf_t *conf = NULL;
  const char *extra[] = {"linger.ms", "50", "batch.num.messages", "10000", "batch.size", "4000000", NULL};
  if (cw_kafka_conf_build(cfg, CW_KAFKA_PRODUCER, extra, &conf, errstr, sizeof(errstr)))
    goto out;
  prod = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!prod) {
    rd_kafka_conf_destroy(conf);
    goto out;
  }
  size_t avg = c->bytes / c->n + 1;
  uint64_t window = BENCH_BACKLOG_BYTES / avg;
  if (window > max_window)
    window = max_window;
  if (window < 16)
    window = 16;
  if (sample_rss) {
    rss.started = pthread_create(&rss.tid, NULL, rss_thread, &rss) == 0;
    if (!rss.started)
      fprintf(stderr, "bench pipeline: cannot start the RSS sampler\n");
  }
  double t0 = cw_time_mono_s(), last_report = t0;
  for (size_t i = 0; i < n_msgs; i++) {
    /* Pace: keep the unconsumed backlog under the mock's retention. The check comes every
     * BENCH_PACE_POLL_MS (sooner on a delivery report): the worker drains a few dozen articles
     * meanwhile, so it still always has hundreds waiting, and this producer, which shares the
     * cores with the worker, does not wake a thousand times a second to look. */
    while (i - atomic_load(&sink.done) >= window && !runner.err)
      rd_kafka_poll(prod, BENCH_PACE_POLL_MS);
    char key[32];
    snprintf(key, sizeof(key), "bench-%zu", i);
    const char *text = c->texts[i % c->n];
    size_t len = c->lens[i % c->n];
    while (rd_kafka_producev(prod, RD_KAFKA_V_TOPIC(cfg->input_topic),
                             RD_KAFKA_V_KEY(key, strlen(key)), RD_KAFKA_V_VALUE((void *)text, len),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) ==
           RD_KAFKA_RESP_ERR__QUEUE_FULL)
      rd_kafka_poll(prod, 10);
    rd_kafka_poll(prod, 0);
    if (cw_time_mono_s() - last_report > 2.0) {
      last_report = cw_time_mono_s();
      fprintf(stderr, "  %s: %" PRIu64 "/%zu done\n", extract ? "pipeline" : "passthrough",
              atomic_load(&sink.done), n_msgs);
    }
  }
  rd_kafka_flush(prod, 30000);
  double deadline = cw_time_mono_s() + 300;
  while (atomic_load(&sink.done) < n_msgs && cw_time_mono_s() < deadline)
    rd_kafka_poll(prod, 10);
  res->secs = cw_time_mono_s() - t0;
  res->n = atomic_load(&sink.done);
  if (rss.started) {
    atomic_store(&rss.stop, 1);
    pthread_join(rss.tid, NULL);
    rss.started = 0;
    rss_add(&rss, res->n, rss_kb()); /* the end of the run */
    rss_report(&rss, n_msgs, extract ? "pipeline:   " : "passthrough:");
  }
  atomic_store(&runner.stop, 1);
  pthread_join(tid, NULL);
  started = 0;
  if (res->n < n_msgs) {
    fprintf(stderr, "bench pipeline: only %" PRIu64 " of %zu articles finished\n", res->n,
            n_msgs);
    goto out;
  }
  res->p50 = lat_pct(&sink, 50);
  res->p99 = lat_pct(&sink, 99);
  rc = 0;
out:
  if (rss.started) {
    atomic_store(&rss.stop, 1);
    pthread_join(rss.tid, NULL);
  }
  free(rss.v);
  if (started) {
    atomic_store(&runner.stop, 1);
    pthread_join(tid, NULL);
  }
  if (prod)
    rd_kafka_destroy(prod);
  if (!cw_pipeline_destroy(&runner.p)) /* else a thread left running still reads it */
    cw_config_destroy(&cfg);
  free(sink.lat_hist);
  return rc;
}

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire bench pipeline --corpus DIR [-n N] [--threads T] [--window W]\n"
          "                                [--limit FILES] [--rss] [--only pipeline|passthrough]\n\n"
          "Runs the worker end to end through an embedded broker in this process: N\n"
          "articles (the corpus's .txt files, cycled) are produced at the pace the worker\n"
          "drains them; prints articles/s, tokens/s, p50/p99 end-to-end latency and peak\n"
          "RSS, then the same for a passthrough run (extraction off) and the ratio.\n\n"
          "  --corpus DIR     directory of .txt articles (searched recursively)\n"
          "  -c, --config F   configuration: worker.model_dir, worker.rules_only (as `run`)\n"
          "  -n N             articles per run (default 5000)\n"
          "  --threads T      extraction threads (default 1, to compare with one core)\n"
          "  --window W       most articles produced but not finished (default 500; also\n"
          "                   capped so the backlog stays under the broker's retention).\n"
          "                   Latency includes the time spent waiting in this backlog.\n"
          "  --limit FILES    read at most FILES files (default 5000)\n"
          "  --rss            sample RSS every 100 ms during each run; print it at 10%%, 50%%\n"
          "                   and 100%% of the articles, the maximum and the growth over the\n"
          "                   second half (bounded memory: about zero)\n"
          "  --only MODE      run only the pipeline (extraction) or the passthrough run\n");
}

int bench_pipeline(int argc, char **argv) {
  static const struct option opts[] = {{"corpus", required_argument, NULL, 'C'},
                                       {"threads", required_argument, NULL, 'T'},
                                       {"limit", required_argument, NULL, 'L'},
                                       {"window", required_argument, NULL, 'W'},
                                       {"rss", no_argument, NULL, 'R'},
                                       {"only", required_argument, NULL, 'O'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *dir = NULL, *config = NULL;
  long n_msgs = 5000, limit = 5000, window = 500, threads = 1;
  int c, rc = CW_EXIT_FAILURE, sample_rss = 0, run_full = 1, run_pass = 1;
  optind = 1;
  while ((c = getopt_long(argc, argv, "c:n:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': config = optarg; break;
    case 'C': dir = optarg; break;
    case 'n':
      if (cli_parse_long(BENCH, "-n", optarg, 1, 100000000, &n_msgs))
        return CW_EXIT_USAGE;
      break;
    case 'T':
      if (cli_parse_long(BENCH, "--threads", optarg, 1, 256, &threads))
        return CW_EXIT_USAGE;
      break;
    case 'L':
      if (cli_parse_long(BENCH, "--limit", optarg, 1, 100000000, &limit))
        return CW_EXIT_USAGE;
      break;
    case 'W':
      if (cli_parse_long(BENCH, "--window", optarg, 1, 1000000, &window))
        return CW_EXIT_USAGE;
      break;
    case 'R': sample_rss = 1; break;
    case 'O':
      run_full = !strcmp(optarg, "pipeline");
      run_pass = !strcmp(optarg, "passthrough");
      if (!run_full && !run_pass) {
        usage(stderr);
        return CW_EXIT_USAGE;
      }
      break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (!dir) {
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  cw_log_setup(CW_LOG_WARN, 0);
  corpus_t corpus = {0};
  load_dir(&corpus, dir, (size_t)limit);
  if (corpus.n == 0) {
    fprintf(stderr, "bench pipeline: no .txt files under %s\n", dir);
    return CW_EXIT_USAGE;
  }
  /* Tokens per corpus pass, counted by the engine itself. */
  char errstr[512];
  cw_engine_t *engine = NULL;
  cw_config_t *cfg = cw_config_new_defaults(), *user = NULL;
  cw_broker_t *broker = NULL;
  if (cw_config_load(config, &user, errstr, sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "bench pipeline: %s\n", errstr);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  if (cw_models_open(user, NULL, &engine, errstr, sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "bench pipeline: %s\n", errstr);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  cw_extractor_t *ex = cw_extractor_create(engine);
  /* Two passes over the corpus: the first counts tokens and warms caches and the arena, the
   * second is timed (the same work as `claimwire bench extract`). */
  double tx = 0;
  for (int pass = 0; pass < 2; pass++) {
    tx = cw_time_mono_s();
    for (size_t i = 0; i < corpus.n; i++) {
      cw_doc_t doc = {NULL, corpus.texts[i], corpus.lens[i], NULL};
      const cw_result_t *r;
      if (cw_extractor_run(ex, &doc, &r, errstr, sizeof(errstr)) == CW_OK && pass == 0)
        corpus.tokens += r->n_tokens;
    }
  }
  double extract_rate = (double)corpus.n / (cw_time_mono_s() - tx);
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&engine);

  for (size_t i = 0; i < cfg->n_topics; i++)
    cfg->topics[i].partitions = BENCH_PARTITIONS;
  cfg->broker_count = 1;
  if (cw_broker_start(cfg, &broker, errstr, sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "bench pipeline: %s\n", errstr);
    goto out;
  }
  double tok_per_article = (double)corpus.tokens / (double)corpus.n;
  printf("corpus: %zu articles, %.0f tokens/article, %.1f KB/article; %zu articles per run, "
         "%d extraction thread(s)\n",
         corpus.n, tok_per_article, (double)corpus.bytes / corpus.n / 1024.0, (size_t)n_msgs,
         (int)threads);
  result_t full = {0}, pass = {0};
  printf("peak RSS is the whole bench process: embedded broker, producer and worker\n");
  if (run_full) {
    if (run_once(user, cw_broker_bootstraps(broker), &corpus, (size_t)n_msgs, 1, (int)threads, (size_t)window,
                 "bench-full",
                 sample_rss, &full))
      goto out;
    printf("pipeline:    %8.0f articles/s %10.0f tokens/s  p50 %5.0f ms  p99 %5.0f ms  "
           "peak RSS %ld MB\n",
           full.n / full.secs, full.n * tok_per_article / full.secs, full.p50, full.p99,
           peak_rss_mb());
    fflush(stdout);
  }
  if (!run_pass) {
    rc = CW_EXIT_OK;
    goto out;
  }
  /* Passthrough reads a second copy of the stream from a fresh topic offset: new group, the
   * same topic, so it starts at the beginning and sees 2N messages; produce N more. */
  cw_broker_destroy(&broker);
  if (cw_broker_start(cfg, &broker, errstr, sizeof(errstr)) != CW_OK) {
    fprintf(stderr, "bench pipeline: %s\n", errstr);
    goto out;
  }
  if (run_once(user, cw_broker_bootstraps(broker), &corpus, (size_t)n_msgs, 0, (int)threads, (size_t)window,
               "bench-pass",
               sample_rss, &pass))
    goto out;
  printf("passthrough: %8.0f articles/s %10.0f tokens/s  p50 %5.0f ms  p99 %5.0f ms  "
         "peak RSS %ld MB\n",
         pass.n / pass.secs, pass.n * tok_per_article / pass.secs, pass.p50, pass.p99,
         peak_rss_mb());
  printf("extraction only (1 thread, no Kafka): %.0f articles/s %.0f tokens/s\n", extract_rate,
         extract_rate * tok_per_article);
  if (run_full) {
    printf("ratio pipeline/passthrough: %.3f\n", (full.n / full.secs) / (pass.n / pass.secs));
    printf("ratio pipeline/extraction-only per thread: %.3f\n",
           (full.n / full.secs) / threads / extract_rate);
  }
  rc = CW_EXIT_OK;
out:
  cw_broker_destroy(&broker);
  cw_config_destroy(&cfg);
  cw_config_destroy(&user);
  for (size_t i = 0; i < corpus.n; i++)
    free(corpus.texts[i]);
  free(corpus.texts);
  free(corpus.lens);
  return rc;
}
