/* cmd_broker.c - `claimwire broker`: run the embedded broker until SIGTERM/SIGINT. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "broker.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_log.h"
#include "signals.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire broker [-c FILE] [--bootstrap-file PATH]\n\n"
          "Runs a Kafka-protocol broker in this process (librdkafka's mock cluster) on\n"
          "loopback ports, creates the configured topics (broker.topics; by default the\n"
          "worker's input, output and dead-letter topics), prints the bootstrap list on\n"
          "stdout and runs until SIGTERM or SIGINT. For local runs, demos and tests;\n"
          "production points bootstrap.servers at a real cluster.\n\n"
          "  -c, --config FILE        configuration file (broker { } section)\n"
          "  -f, --bootstrap-file P   also write the bootstrap list to P (atomically)\n"
          "  -h, --help               this text\n");
}

static int write_atomically(const char *path, const char *text) {
  char tmp[4096];
  snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f)
    return -1;
  int ok = fprintf(f, "%s\n", text) > 0;
  ok = (fclose(f) == 0) && ok;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

int cmd_broker(int argc, char **argv) {
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"bootstrap-file", required_argument, NULL, 'f'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *path = NULL, *bfile = NULL;
  int c, rc = CW_EXIT_OK;
  while ((c = getopt_long(argc, argv, "c:f:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': path = optarg; break;
    case 'f': bfile = optarg; break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  cw_config_t *cfg = cli_load_config(path, NULL);
  if (!cfg)
    return CW_EXIT_USAGE;
  if (!bfile && cfg->bootstrap_file[0])
    bfile = cfg->bootstrap_file;
  cw_signals_install();
  char errstr[512];
  cw_broker_t *b = NULL;
  if (cw_broker_start(cfg, &b, errstr, sizeof(errstr)) != CW_OK) {
    CW_ERROR("broker", "%s", errstr);
    rc = CW_EXIT_FAILURE;
    goto out;
  }
  printf("%s\n", cw_broker_bootstraps(b));
  fflush(stdout);
  if (bfile && write_atomically(bfile, cw_broker_bootstraps(b)) != 0) {
    CW_ERROR("broker", "cannot write bootstrap file %s", bfile);
    rc = CW_EXIT_FAILURE;
    goto out;
  }
  CW_INFO("broker", "embedded broker ready on %s (%lld brokers)", cw_broker_bootstraps(b),
          (long long)cfg->broker_count);
  while (!cw_shutdown_requested)
    usleep(100 * 1000);
  CW_INFO("broker", "embedded broker stopping");
out:
  cw_broker_destroy(&b);
  cw_config_destroy(&cfg);
  return rc;
}
