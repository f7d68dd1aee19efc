/* cmd_bench.c - `claimwire bench extract|pipeline`: `extract` measures the extraction engine
 * alone on a corpus of .txt files held in memory (articles/s, tokens/s, MB/s, peak RSS);
 * `pipeline` (bench_pipeline.c) measures the worker end to end through Kafka. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "bench_pipeline.h"
#include "claimwire/extract.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_alloc.h"
#include "cw_file.h"
#include "cw_limits.h"
#include "cw_time.h"

typedef struct {
  char *body;
  size_t len;
  char *path;
} article_t;

typedef struct {
  article_t *v;
  size_t n, cap, limit;
  size_t bytes;
} corpus_t;

/* Loads *.txt under @p dir recursively (at most c->limit), in sorted order so runs are
 * comparable. */
static int load_dir(corpus_t *c, const char *dir) {
  cw_strlist_t paths = {0};
  char err[1024];
  int rc = 0;
  if (cw_dir_list(dir, ".txt", CW_DIR_RECURSIVE, &paths, err, sizeof err) != CW_OK) {
    fprintf(stderr, "bench extract: %s\n", err);
    rc = -1;
  }
  for (size_t i = 0; rc == 0 && i < paths.n && c->n < c->limit; i++) {
    char *buf;
    size_t n;
    if (cw_file_read(paths.v[i], CW_MAX_BODY_BYTES, &buf, &n, err, sizeof err) != CW_OK) {
      fprintf(stderr, "bench extract: %s\n", err);
      rc = -1;
      break;
    }
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 256;
      c->v = cw_realloc(c->v, c->cap * sizeof(*c->v));
    }
    c->v[c->n].body = buf;
    c->v[c->n].len = n;
    c->v[c->n].path = cw_strdup(paths.v[i]);
    c->n++;
    c->bytes += n;
  }
  cw_strlist_free(&paths);
  return rc;
}

typedef struct {
  const cw_engine_t *engine;
  const corpus_t *corpus;
  size_t first, step;
  int stages;                        /* --stages: time each stage */
  uint64_t stage_ns[CW_STAGE_COUNT];
  size_t tokens, entities, claims, failed;
} worker_t;

static void *bench_thread(void *arg) {
  worker_t *w = arg;
  cw_extractor_t *ex = cw_extractor_create(w->engine);
  cw_extractor_set_profiling(ex, w->stages);
  char errstr[256];
  for (size_t i = w->first; i < w->corpus->n; i += w->step) {
    cw_doc_t doc = {.body = w->corpus->v[i].body, .body_len = w->corpus->v[i].len,
                    .published_at = "2005-01-01T00:00:00Z"};
    const cw_result_t *r;
    if (cw_extractor_run(ex, &doc, &r, errstr, sizeof(errstr)) != CW_OK) {
      fprintf(stderr, "bench extract: %s: %s\n", w->corpus->v[i].path, errstr);
      w->failed++;
      continue;
    }
    w->tokens += r->n_tokens;
    w->entities += r->n_entities;
    w->claims += r->n_claims;
  }
  cw_extractor_stage_ns(ex, w->stage_ns);
  cw_extractor_destroy(&ex);
  return NULL;
}

/* The --stages table: each stage's share of the time spent inside the engine. */
static void print_stages(const worker_t *ws, size_t n_threads, size_t articles, size_t tokens) {
  uint64_t ns[CW_STAGE_COUNT] = {0}, total = 0;
  for (size_t i = 0; i < n_threads; i++)
    for (int s = 0; s < CW_STAGE_COUNT; s++)
      ns[s] += ws[i].stage_ns[s];
  for (int s = 0; s < CW_STAGE_COUNT; s++)
    total += ns[s];
  if (!total)
    total = 1;
  printf("%-12s %10s %7s %12s %12s\n", "stage", "seconds", "share", "us/article",
         "ns/token");
  for (int s = 0; s < CW_STAGE_COUNT; s++)
    printf("%-12s %10.3f %6.1f%% %12.1f %12.1f\n", cw_stage_name((cw_stage_t)s),
           (double)ns[s] / 1e9, 100.0 * (double)ns[s] / (double)total,
           articles ? (double)ns[s] / 1e3 / (double)articles : 0.0,
           tokens ? (double)ns[s] / (double)tokens : 0.0);
  printf("%-12s %10.3f %6.1f%% %12.1f %12.1f\n", "engine", (double)total / 1e9, 100.0,
         articles ? (double)total / 1e3 / (double)articles : 0.0,
         tokens ? (double)total / (double)tokens : 0.0);
}

static void usage_extract(FILE *out) {
  fprintf(out,
          "usage: claimwire bench extract --corpus DIR [--threads N] [--limit N] [--stages]\n"
          "                               [--model-dir DIR] [-c FILE]\n\n"
          "Loads up to --limit *.txt files found under DIR (recursively) into memory and\n"
          "extracts each once on N threads; prints articles/s, tokens/s, MB/s and peak RSS.\n"
          "--stages also prints where the extraction time went, stage by stage (tokenize,\n"
          "sentences, tagging, mentions, rules, resolve, attribution), summed over threads.\n");
}

static int bench_extract(int argc, char **argv) {
  static const struct option opts[] = {{"corpus", required_argument, NULL, 'C'},
                                       {"threads", required_argument, NULL, 'T'},
                                       {"limit", required_argument, NULL, 'L'},
                                       {"stages", no_argument, NULL, 'S'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *dir = NULL, *model_dir = NULL, *config = NULL;
  long threads = 1, limit = -1;
  int c, rc = CW_EXIT_FAILURE, stages = 0;
  corpus_t corpus = {0};
  cw_engine_t *engine = NULL;
  worker_t *ws = NULL;
  pthread_t *tids = NULL;
  char *end;
  optind = 1;
  while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': config = optarg; break;
    case 'C': dir = optarg; break;
    case 'm': model_dir = optarg; break;
    case 'S': stages = 1; break;
    case 'T':
      threads = strtol(optarg, &end, 10);
      if (*end || threads < 1 || threads > 256) {
        fprintf(stderr, "bench extract: --threads must be 1-256\n");
        return CW_EXIT_USAGE;
      }
      break;
    case 'L':
      limit = strtol(optarg, &end, 10);
      if (*end || limit < 1) {
        fprintf(stderr, "bench extract: --limit must be a positive number\n");
        return CW_EXIT_USAGE;
      }
      break;
    case 'h': usage_extract(stdout); return CW_EXIT_OK;
    default: usage_extract(stderr); return CW_EXIT_USAGE;
    }
  }
  if (!dir || optind != argc) {
    usage_extract(stderr);
    return CW_EXIT_USAGE;
  }
  corpus.limit = limit > 0 ? (size_t)limit : SIZE_MAX;
  if (load_dir(&corpus, dir) != 0)
    goto out;
  if (corpus.n == 0) {
    fprintf(stderr, "bench extract: no .txt files under %s\n", dir);
    goto out;
  }
  rc = cli_open_engine("bench extract", config, model_dir, &engine);
  if (rc != CW_EXIT_OK)
    goto out;
  rc = CW_EXIT_FAILURE;
  char desc[1024];
  cw_engine_describe(engine, desc, sizeof(desc));
  printf("engine: %s\n", desc);
  ws = cw_calloc((size_t)threads, sizeof(*ws));
  tids = cw_calloc((size_t)threads, sizeof(*tids));
  double t0 = cw_time_mono_s();
  for (long i = 0; i < threads; i++) {
    ws[i] = (worker_t){.engine = engine, .corpus = &corpus, .first = (size_t)i,
                       .step = (size_t)threads, .stages = stages};
    if (pthread_create(&tids[i], NULL, bench_thread, &ws[i]) != 0) {
      fprintf(stderr, "bench extract: cannot start thread %ld\n", i);
      for (long k = 0; k < i; k++)
        pthread_join(tids[k], NULL);
      goto out;
    }
  }
  size_t tokens = 0, ents = 0, claims = 0, failed = 0;
  for (long i = 0; i < threads; i++) {
    pthread_join(tids[i], NULL);
    tokens += ws[i].tokens;
    ents += ws[i].entities;
    claims += ws[i].claims;
    failed += ws[i].failed;
  }
  double secs = cw_time_mono_s() - t0;
  if (secs <= 0)
    secs = 1e-9;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("corpus: %s: %zu articles, %.2f MB, %zu tokens, %zu entities, %zu claims, %zu failed\n",
         dir, corpus.n, (double)corpus.bytes / 1e6, tokens, ents, claims, failed);
  printf("threads: %ld  time: %.3f s\n", threads, secs);
  printf("articles/s: %.0f\ntokens/s: %.0f\nMB/s: %.2f\npeak RSS: %.1f MB\n",
         (double)corpus.n / secs, (double)tokens / secs, (double)corpus.bytes / 1e6 / secs,
         (double)ru.ru_maxrss / 1024.0);
  if (stages)
    print_stages(ws, (size_t)threads, corpus.n, tokens);
  rc = failed ? CW_EXIT_FAILURE : CW_EXIT_OK;
out:
  free(ws);
  free(tids);
  cw_engine_destroy(&engine);
  for (size_t i = 0; i < corpus.n; i++) {
    free(corpus.v[i].body);
    free(corpus.v[i].path);
  }
  free(corpus.v);
  return rc;
}

static void usage(FILE *out) {
  fprintf(out, "usage: claimwire bench extract|pipeline [options]\n\n"
               "  extract    the extraction engine alone on a corpus held in memory\n"
               "  pipeline   the worker end to end through the embedded broker\n\n"
               "'claimwire bench <name> --help' describes the options.\n");
}

int cmd_bench(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  if (strcmp(argv[1], "extract") == 0)
    return bench_extract(argc - 1, argv + 1);
  if (strcmp(argv[1], "pipeline") == 0)
    return bench_pipeline(argc - 1, argv + 1);
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return CW_EXIT_OK;
  }
  fprintf(stderr, "claimwire bench: unknown benchmark '%s'\n", argv[1]);
  usage(stderr);
  return CW_EXIT_USAGE;
}
