/* cmd_run.c - `claimwire run -c FILE`: the worker. Exit codes: 0 clean shutdown, 1 runtime
 * failure (fatal Kafka error, undeliverable output, shutdown timeout), 2 configuration error. */
#include <getopt.h>
#include <stdio.h>
#include "cli.h"
#include "cli_common.h"
#include "cw_alloc.h"
#include "cw_log.h"
#include "pipeline.h"
#include "signals.h"
#include "watchdog.h"

/* After the shutdown timeout, the time left to destroy the clients and exit before the
 * watchdog ends the process. */
#define SHUTDOWN_GRACE_MS 3000

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire run [-c FILE] [-b BOOTSTRAP]\n\n"
          "Joins the consumer group worker.group_id, reads articles from worker.input_topic,\n"
          "extracts entities and claims, and produces Avro records keyed by article id to\n"
          "worker.entities_topic and worker.claims_topic. Bad input goes to\n"
          "worker.dead_letter_topic with the reason in headers. An input offset is committed\n"
          "only after every record it produced is acknowledged (at-least-once).\n"
          "SIGTERM/SIGINT drain, flush, commit and exit 0 within worker.shutdown_timeout_ms;\n"
          "a second signal exits at once, and so does a shutdown still running 3 s after the\n"
          "timeout (exit 1; unfinished input is reprocessed after the restart).\n\n"
          "  -c, --config FILE      configuration file (see config/claimwire.cfg)\n"
          "  -b, --bootstrap LIST   override kafka bootstrap.servers\n"
          "  -h, --help             this text\n\n"
          "Environment: CLAIMWIRE_BOOTSTRAP_SERVERS, CLAIMWIRE_WORKER_<KEY>,\n"
          "CLAIMWIRE_KAFKA_<COMMON|CONSUMER|PRODUCER>_<PROPERTY>[_FILE] override the file.\n"
          "Models: --model-dir is not taken here; CLAIMWIRE_WORKER_MODEL_DIR, worker.model_dir,\n"
          "then ../share/claimwire/models beside the binary. Every model file must match its\n"
          "SHA256SUMS line; worker.rules_only = true runs without the statistical models.\n"
          "Exit status: 0 clean stop, 1 runtime failure, 2 configuration error (a missing,\n"
          "unreadable or corrupted model file included).\n");
}

int cmd_run(int argc, char **argv) {
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"bootstrap", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *path = NULL, *bootstrap = NULL;
  int c, rc = CW_EXIT_OK;
  while ((c = getopt_long(argc, argv, "c:b:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': path = optarg; break;
    case 'b': bootstrap = optarg; break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "claimwire run: unexpected argument '%s'\n", argv[optind]);
    return CW_EXIT_USAGE;
  }
  cw_config_t *cfg = cli_load_config(path, bootstrap);
  if (!cfg)
    return CW_EXIT_USAGE;
  if (cfg->warning)
    CW_WARN("run", "%s", cfg->warning);
  cw_signals_install();
  cw_alloc_limit_arenas();
  char errstr[1024];
  cw_pipeline_t *p = NULL;
  cw_watchdog_t *wd = NULL;
  cw_err_t err = cw_pipeline_create(cfg, &p, errstr, sizeof(errstr));
  if (err) {
    CW_ERROR("run", "cannot start: %s", errstr);
    rc = err == CW_ERR_CONFIG ? CW_EXIT_USAGE : CW_EXIT_FAILURE;
    goto out;
  }
  err = cw_watchdog_start(&cw_shutdown_requested, cfg->shutdown_timeout_ms + SHUTDOWN_GRACE_MS,
                          CW_EXIT_FAILURE, &wd, errstr, sizeof(errstr));
  if (err) {
    CW_ERROR("run", "cannot start: %s", errstr);
    rc = CW_EXIT_FAILURE;
    goto out;
  }
  err = cw_pipeline_run(p, &cw_shutdown_requested, errstr, sizeof(errstr));
  cw_watchdog_arm(wd); /* a stop without a signal (fatal error) is bounded too */
  if (err) {
    CW_ERROR("run", "stopped with an error: %s", errstr);
    rc = CW_EXIT_FAILURE;
  }
out:;
  /* A thread left running reads the configuration until the process exits: keep it. */
  int left_running = cw_pipeline_destroy(&p);
  cw_watchdog_destroy(&wd);
  if (!left_running)
    cw_config_destroy(&cfg);
  return rc;
}
