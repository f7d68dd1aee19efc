/* cmd_broker.c - `claimwire broker`: run the embedded broker until SIGTERM/SIGINT. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "broker.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_log.h"
#include "signals.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire broker [-c FILE] [--bootstrap-file PATH] [--control FIFO]\n\n"
          "Runs a Kafka-protocol broker in this process (librdkafka's mock cluster) on\n"
          "loopback ports, creates the configured topics (broker.topics; by default the\n"
          "worker's input, output and dead-letter topics), prints the bootstrap list on\n"
          "stdout and runs until SIGTERM or SIGINT. For local runs, demos and tests;\n"
          "production points bootstrap.servers at a real cluster.\n\n"
          "  -c, --config FILE        configuration file (broker { } section)\n"
          "  -f, --bootstrap-file P   also write the bootstrap list to P (atomically)\n"
          "  -C, --control FIFO       read fault-injection commands, one a line, from the\n"
          "                           named pipe FIFO (created if missing), for tests:\n"
          "                             down ID | up ID      take broker ID (1..count) down/up\n"
          "                             rtt ID MS            add MS ms round-trip to broker ID\n"
          "                             produce-errors N ERR [ID]  fail the next N Produce\n"
          "                                                  requests (on broker ID only)\n"
          "                             commit-errors N ERR [ID]   ... OffsetCommit requests\n"
          "                             leader TOPIC PART ID move a partition's leader to ID\n"
          "                             errors-pending ID produce|commit   how many of the\n"
          "                                                  errors queued on ID are left\n"
          "                             coordinator GROUP ID move GROUP's coordinator to ID\n"
          "                           ERR is a Kafka error name, e.g. NOT_LEADER_FOR_PARTITION,\n"
          "                           REQUEST_TIMED_OUT, NOT_COORDINATOR. Each command is\n"
          "                           logged as 'control #N ok: ...' or 'control #N failed: ...'\n"
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

/* The control channel: a named pipe opened read-write so that it never reports end-of-file
 * when a writer closes it, and non-blocking so the 100 ms main loop never stalls on it. */
typedef struct {
  int fd;
  char buf[1024];
  size_t len;
  long seq;
} control_t;

static int control_open(control_t *ctl, const char *path) {
  struct stat st;
  ctl->fd = -1;
  ctl->len = 0;
  ctl->seq = 0;
  if (mkfifo(path, 0600) != 0 && errno != EEXIST) {
    CW_ERROR("broker", "cannot create control pipe %s: %s", path, strerror(errno));
    return -1;
  }
  if (stat(path, &st) != 0 || !S_ISFIFO(st.st_mode)) {
    CW_ERROR("broker", "control path %s is not a named pipe", path);
    return -1;
  }
  ctl->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (ctl->fd < 0) {
    CW_ERROR("broker", "cannot open control pipe %s: %s", path, strerror(errno));
    return -1;
  }
  return 0;
}

static void control_apply(control_t *ctl, cw_broker_t *b, const char *line) {
  char errstr[256];
  if (!line[strspn(line, " \t\r")])
    return; /* blank line */
  ctl->seq++;
  if (cw_broker_control(b, line, errstr, sizeof(errstr)) == CW_OK)
    CW_INFO("broker", "control #%ld ok: %s%s%s", ctl->seq, line, errstr[0] ? " => " : "",
            errstr);
  else
    CW_WARN("broker", "control #%ld failed: %s: %s", ctl->seq, line, errstr);
}

/* Reads what is available and applies every complete line. */
static void control_poll(control_t *ctl, cw_broker_t *b) {
  for (;;) {
    ssize_t n = read(ctl->fd, ctl->buf + ctl->len, sizeof(ctl->buf) - 1 - ctl->len);
    if (n <= 0)
      return; /* EAGAIN: nothing more for now */
    ctl->len += (size_t)n;
    ctl->buf[ctl->len] = '\0';
    char *start = ctl->buf, *nl;
    while ((nl = strchr(start, '\n')) != NULL) {
      *nl = '\0';
      control_apply(ctl, b, start);
      start = nl + 1;
    }
    ctl->len -= (size_t)(start - ctl->buf);
    memmove(ctl->buf, start, ctl->len);
    if (ctl->len == sizeof(ctl->buf) - 1) {
      CW_WARN("broker", "control line longer than %zu bytes dropped", ctl->len);
      ctl->len = 0;
    }
  }
}

int cmd_broker(int argc, char **argv) {
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"bootstrap-file", required_argument, NULL, 'f'},
                                       {"control", required_argument, NULL, 'C'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *path = NULL, *bfile = NULL, *cpath = NULL;
  control_t ctl = {.fd = -1};
  int c, rc = CW_EXIT_OK;
  while ((c = getopt_long(argc, argv, "c:f:C:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': path = optarg; break;
    case 'f': bfile = optarg; break;
    case 'C': cpath = optarg; break;
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
  /* Before the bootstrap list appears, so a test that waits for it can write commands at once. */
  if (cpath && control_open(&ctl, cpath) != 0) {
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
  while (!cw_shutdown_requested) {
    if (ctl.fd >= 0)
      control_poll(&ctl, b);
    usleep(100 * 1000);
  }
  CW_INFO("broker", "embedded broker stopping");
out:
  if (ctl.fd >= 0)
    close(ctl.fd);
  cw_broker_destroy(&b);
  cw_config_destroy(&cfg);
  return rc;
}
