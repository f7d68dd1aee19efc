/* cmd_produce.c - `claimwire produce -t TOPIC PATH...`: send article files to a topic.
 * .json files go as they are, .jsonl/.ndjson files one message per line, anything else as plain
 * text; directories are walked in name order. The key is the article id ("id" in the JSON, else
 * the file name without extension, or file:line for JSON lines without an id). */
#include <getopt.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "cli_common.h"
#include "cw_alloc.h"
#include "cw_file.h"
#include "cw_log.h"
#include "cw_time.h"
#include "kafka_conf.h"
#include "signals.h"

typedef struct {
  rd_kafka_t *rk;
  const char *topic;
  unsigned long sent, delivered, failed;
  double start, last_report; /* cw_time_mono_s() */
} producer_t;

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  producer_t *p = opaque;
  (void)rk;
  if (m->err) {
    p->failed++;
    CW_ERROR("produce", "delivery failed: %s", rd_kafka_err2str(m->err));
  } else {
    p->delivered++;
  }
}

static void progress(producer_t *p, int final) {
  if (!final && cw_time_mono_s() - p->last_report < 1.0)
    return;
  p->last_report = cw_time_mono_s();
  double t = p->last_report - p->start;
  fprintf(stderr, "produce: %lu sent, %lu delivered, %lu failed, %.0f msg/s%s\n", p->sent,
          p->delivered, p->failed, t > 0 ? (double)p->sent / t : 0.0, final ? " (done)" : "");
}

static int send_one(producer_t *p, const char *key, const void *val, size_t len) {
  for (;;) {
    rd_kafka_resp_err_t err = rd_kafka_producev(
        p->rk, RD_KAFKA_V_TOPIC(p->topic), RD_KAFKA_V_KEY((void *)key, key ? strlen(key) : 0),
        RD_KAFKA_V_VALUE((void *)val, len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(p->rk, 100);
      continue;
    }
    if (err) {
      CW_ERROR("produce", "cannot produce key %s: %s", key ? key : "-", rd_kafka_err2str(err));
      p->failed++;
      return -1;
    }
    p->sent++;
    rd_kafka_poll(p->rk, 0);
    progress(p, 0);
    return 0;
  }
}

/* @returns a new string: the "id" member of JSON text, or NULL. */
static char *json_id(const char *text, size_t len) {
  json_t *root = json_loadb(text, len, 0, NULL);
  char *id = NULL;
  if (root && json_is_object(root)) {
    json_t *v = json_object_get(root, "id");
    if (json_is_string(v))
      id = cw_strdup(json_string_value(v));
    else if (json_is_integer(v)) {
      char buf[32];
      snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
      id = cw_strdup(buf);
    }
  }
  json_decref(root);
  return id;
}

static int send_lines(producer_t *p, FILE *f, const char *name) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  unsigned long lineno = 0;
  int rc = 0;
  while (!cw_shutdown_requested && (n = getline(&line, &cap, f)) >= 0) {
    lineno++;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = '\0';
    if (n == 0)
      continue;
    char *id = json_id(line, (size_t)n);
    if (!id) {
      char buf[600];
      snprintf(buf, sizeof(buf), "%s:%lu", name, lineno);
      id = cw_strdup(buf);
    }
    rc |= send_one(p, id, line, (size_t)n);
    free(id);
  }
  free(line);
  return rc;
}

static int send_path(producer_t *p, const char *path);

/* The entries of directory @p path in name order, subdirectories walked the same way. */
static int send_dir(producer_t *p, const char *path) {
  cw_strlist_t names = {0};
  char err[1024];
  if (cw_dir_list(path, NULL, 0, &names, err, sizeof err) != CW_OK) {
    CW_ERROR("produce", "cannot open directory %s", path);
    cw_strlist_free(&names);
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < names.n && !cw_shutdown_requested; i++)
    rc |= send_path(p, names.v[i]);
  cw_strlist_free(&names);
  return rc;
}

static int send_path(producer_t *p, const char *path) {
  if (!strcmp(path, "-"))
    return send_lines(p, stdin, "stdin");
  struct stat st;
  if (stat(path, &st) != 0) {
    CW_ERROR("produce", "cannot read %s", path);
    return -1;
  }
  if (S_ISDIR(st.st_mode))
    return send_dir(p, path);
  FILE *f = fopen(path, "rb");
  if (!f) {
    CW_ERROR("produce", "cannot open %s", path);
    return -1;
  }
  int rc = 0;
  if (cw_has_suffix(path, ".jsonl") || cw_has_suffix(path, ".ndjson")) {
    rc = send_lines(p, f, path);
  } else {
    char *buf = cw_malloc((size_t)st.st_size + 1);
    size_t len = fread(buf, 1, (size_t)st.st_size, f);
    char *id = cw_has_suffix(path, ".json") ? json_id(buf, len) : NULL;
    if (!id)
      id = cw_path_stem(path);
    rc = send_one(p, id, buf, len);
    free(id);
    free(buf);
  }
  fclose(f);
  return rc;
}

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire produce [-c FILE] [-b BOOTSTRAP] -t TOPIC PATH...\n\n"
          "Sends articles to TOPIC: .json files as they are, .jsonl/.ndjson files one\n"
          "message per line, other files as plain text, directories recursively in name\n"
          "order, '-' JSON lines from stdin. The key is the article id. Progress goes to\n"
          "stderr; exits 0 once every message is acknowledged, 1 if any failed.\n\n"
          "  -c, --config FILE      configuration file (kafka.common and kafka.producer)\n"
          "  -b, --bootstrap LIST   override kafka bootstrap.servers\n"
          "  -t, --topic TOPIC      destination topic (default: worker.input_topic)\n"
          "  -h, --help             this text\n");
}

int cmd_produce(int argc, char **argv) {
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"bootstrap", required_argument, NULL, 'b'},
                                       {"topic", required_argument, NULL, 't'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *path = NULL, *bootstrap = NULL, *topic = NULL;
  int c, rc = CW_EXIT_OK;
  while ((c = getopt_long(argc, argv, "c:b:t:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': path = optarg; break;
    case 'b': bootstrap = optarg; break;
    case 't': topic = optarg; break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    fprintf(stderr, "claimwire produce: no PATH given\n");
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  cw_config_t *cfg = cli_load_config(path, bootstrap);
  if (!cfg)
    return CW_EXIT_USAGE;
  producer_t p = {0};
  p.topic = topic ? topic : cfg->input_topic;
  char errstr[512];
  rd_kafka_conf_t *conf = NULL;
  if (cw_kafka_conf_build(cfg, CW_KAFKA_PRODUCER, NULL, &conf, errstr, sizeof(errstr))) {
    fprintf(stderr, "claimwire produce: %s\n", errstr);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  rd_kafka_conf_set_opaque(conf, &p);
  rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
  p.rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!p.rk) {
    rd_kafka_conf_destroy(conf);
    fprintf(stderr, "claimwire produce: %s\n", errstr);
    rc = CW_EXIT_FAILURE;
    goto out;
  }
  cw_signals_install();
  p.start = cw_time_mono_s();
  p.last_report = p.start;
  int err = 0;
  for (int i = optind; i < argc && !cw_shutdown_requested; i++)
    err |= send_path(&p, argv[i]);
  while (rd_kafka_outq_len(p.rk) > 0 && !cw_shutdown_requested) {
    rd_kafka_poll(p.rk, 100);
    progress(&p, 0);
  }
  progress(&p, 1);
  if (err || p.failed || p.delivered != p.sent)
    rc = CW_EXIT_FAILURE;
out:
  if (p.rk)
    rd_kafka_destroy(p.rk);
  cw_config_destroy(&cfg);
  return rc;
}
