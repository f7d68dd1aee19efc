/* cmd_tail.c - `claimwire tail -t TOPIC`: print a topic's records as JSON lines. Avro records
 * (single-object encoding, or the Confluent wire format with a schema registry) are decoded
 * against the embedded schemas; records written with output_format json print as they are;
 * other values (dead letters) print with their key, headers and value as text. Reads all partitions from the beginning without joining a group, so it never
 * disturbs the workers' offsets. */
#include <getopt.h>
#include <jansson.h>
#include <inttypes.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "avro_canon.h"
#include "avro_codec.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_buf.h"
#include "cw_log.h"
#include "cw_utf8.h"
#include "kafka_conf.h"
#include "registry.h"
#include "signals.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire tail [-c FILE] [-b BOOTSTRAP] -t TOPIC [-n N] [-f] [--envelope]\n"
          "                      [--timeout-ms MS] [--registry URL]\n\n"
          "Prints TOPIC's records from the beginning, one JSON object per line: Avro records\n"
          "decoded, anything else (dead letters) with key, headers and value.\n"
          "Records in the Confluent wire format (00 + schema id) need a registry: the schema\n"
          "of each id is fetched from the registry and must be one of claimwire's own schemas\n"
          "(same canonical-form fingerprint).\n\n"
          "  -t, --topic TOPIC      topic to read (default: worker.entities_topic)\n"
          "  -n, --count N          stop after N records\n"
          "  -f, --follow           keep waiting for new records at the end of the topic\n"
          "  -e, --envelope         wrap decoded values with topic, partition, offset, key\n"
          "      --timeout-ms MS    give up after MS milliseconds (exit 1 if -n not reached)\n"
          "      --registry URL     schema registry for Confluent-framed records (default:\n"
          "                         worker.schema_registry_url; user, password and CA from\n"
          "                         the worker.schema_registry_* settings)\n"
          "  -c, --config FILE      configuration file\n"
          "  -b, --bootstrap LIST   override kafka bootstrap.servers\n"
          "  -h, --help             this text\n");
}

static cw_err_t text_json(cw_buf_t *b, const void *p, size_t n) {
  if (!p)
    return cw_buf_puts(b, "null");
  if (cw_utf8_validate(p, n, NULL, NULL) == CW_OK)
    return cw_buf_json_str(b, p, n);
  cw_err_t err = cw_buf_puts(b, "{\"hex\":\"");
  for (size_t i = 0; !err && i < n; i++)
    err = cw_buf_printf(b, "%02x", ((const unsigned char *)p)[i]);
  return err ? err : cw_buf_puts(b, "\"}");
}

/* A record of output_format json: one JSON object, UTF-8. */
static int is_json_record(const void *p, size_t n) {
  json_t *j;
  int ok;
  if (n < 2 || ((const char *)p)[0] != '{' || cw_utf8_validate(p, n, NULL, NULL) != CW_OK)
    return 0;
  j = json_loadb(p, n, 0, NULL);
  ok = json_is_object(j);
  json_decref(j);
  return ok;
}

/* Writes the record's envelope up to the value member; the caller appends the value and '}'. */
static cw_err_t envelope(cw_buf_t *b, const rd_kafka_message_t *m) {
  cw_err_t err = cw_buf_printf(b, "{\"topic\":\"%s\",\"partition\":%" PRId32
                               ",\"offset\":%" PRId64 ",\"key\":",
                               rd_kafka_topic_name(m->rkt), m->partition, m->offset);
  if (!err)
    err = text_json(b, m->key, m->key_len);
  rd_kafka_headers_t *h = NULL;
  if (!err && rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR && h) {
    err = cw_buf_puts(b, ",\"headers\":{");
    const char *name;
    const void *val;
    size_t sz;
    for (size_t i = 0; !err && !rd_kafka_header_get_all(h, i, &name, &val, &sz); i++) {
      if (i)
        err = cw_buf_putc(b, ',');
      if (!err)
        err = cw_buf_json_str(b, name, strlen(name));
      if (!err)
        err = cw_buf_putc(b, ':');
      if (!err)
        err = text_json(b, val, sz);
    }
    if (!err)
      err = cw_buf_putc(b, '}');
  }
  return err ? err : cw_buf_puts(b, ",\"value\":");
}

/* Confluent-framed records carry a registry id instead of a fingerprint. Each id's schema is
 * fetched once and accepted only if its canonical form is one of the codec's own schemas, so a
 * record is never decoded with a schema other than the one that wrote it; the record is then
 * re-framed as single-object encoding for the codec's decoder. */
#define TAIL_MAX_IDS 32

typedef struct {
  cw_registry_t *reg; /* NULL: no --registry given */
  int32_t ids[TAIL_MAX_IDS];
  uint64_t fps[TAIL_MAX_IDS];
  size_t n;
  cw_buf_t soe;
} confluent_t;

static cw_err_t id_fingerprint(confluent_t *cf, const cw_avro_codec_t *codec, int32_t id,
                               uint64_t *fp, char *errstr, size_t errstr_size) {
  const char *schema = NULL;
  cw_err_t err;
  for (size_t i = 0; i < cf->n; i++) {
    if (cf->ids[i] == id) {
      *fp = cf->fps[i];
      return CW_OK;
    }
  }
  if (!cf->reg) {
    snprintf(errstr, errstr_size, "record is framed for a schema registry (schema id %" PRId32
             "); pass --registry URL", id);
    return CW_ERR_CONFIG;
  }
  if ((err = cw_registry_schema_by_id(cf->reg, id, &schema, errstr, errstr_size)) ||
      (err = cw_avro_fingerprint(schema, strlen(schema), fp, errstr, errstr_size)))
    return err;
  if (*fp != cw_avro_codec_fingerprint(codec, CW_AVRO_SCHEMA_ENTITIES) &&
      *fp != cw_avro_codec_fingerprint(codec, CW_AVRO_SCHEMA_CLAIMS)) {
    snprintf(errstr, errstr_size, "schema id %" PRId32 " (fingerprint %016" PRIx64
             ") is neither %s nor %s of this claimwire", id, *fp, CW_AVRO_SCHEMA_ENTITIES,
             CW_AVRO_SCHEMA_CLAIMS);
    return CW_ERR_FORMAT;
  }
  if (cf->n < TAIL_MAX_IDS) {
    cf->ids[cf->n] = id;
    cf->fps[cf->n++] = *fp;
  }
  return CW_OK;
}

static cw_err_t decode_confluent(confluent_t *cf, cw_avro_codec_t *codec,
                                 const unsigned char *v, size_t len, cw_buf_t *json,
                                 char *errstr, size_t errstr_size) {
  int32_t id = (int32_t)(((uint32_t)v[1] << 24) | ((uint32_t)v[2] << 16) |
                         ((uint32_t)v[3] << 8) | v[4]);
  uint64_t fp = 0;
  unsigned char hdr[CW_AVRO_SOE_HEADER_LEN] = {0xC3, 0x01};
  cw_err_t err = id_fingerprint(cf, codec, id, &fp, errstr, errstr_size);
  if (err)
    return err;
  for (int i = 0; i < 8; i++)
    hdr[2 + i] = (unsigned char)(fp >> (8 * i));
  cw_buf_reset(&cf->soe);
  if (cw_buf_append(&cf->soe, hdr, sizeof(hdr)) ||
      cw_buf_append(&cf->soe, v + CW_AVRO_CONFLUENT_HEADER_LEN,
                    len - CW_AVRO_CONFLUENT_HEADER_LEN)) {
    snprintf(errstr, errstr_size, "record of %zu bytes too large", len);
    return CW_ERR_TOO_LARGE;
  }
  return cw_avro_decode_to_json(codec, cf->soe.p, cf->soe.len, json, errstr, errstr_size);
}

int cmd_tail(int argc, char **argv) {
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"bootstrap", required_argument, NULL, 'b'},
                                       {"topic", required_argument, NULL, 't'},
                                       {"count", required_argument, NULL, 'n'},
                                       {"follow", no_argument, NULL, 'f'},
                                       {"envelope", no_argument, NULL, 'e'},
                                       {"timeout-ms", required_argument, NULL, 'T'},
                                       {"registry", required_argument, NULL, 'R'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *path = NULL, *bootstrap = NULL, *topic = NULL, *registry_url = NULL;
  long count = -1, timeout_ms = -1;
  int follow = 0, env = 0, c, rc = CW_EXIT_OK;
  while ((c = getopt_long(argc, argv, "c:b:t:n:feh", opts, NULL)) != -1) {
    switch (c) {
    case 'c': path = optarg; break;
    case 'b': bootstrap = optarg; break;
    case 't': topic = optarg; break;
    case 'n': count = strtol(optarg, NULL, 10); break;
    case 'f': follow = 1; break;
    case 'e': env = 1; break;
    case 'T': timeout_ms = strtol(optarg, NULL, 10); break;
    case 'R': registry_url = optarg; break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  cw_config_t *cfg = cli_load_config(path, bootstrap);
  if (!cfg)
    return CW_EXIT_USAGE;
  if (!topic)
    topic = cfg->entities_topic;
  char errstr[512];
  rd_kafka_t *rk = NULL;
  rd_kafka_topic_partition_list_t *parts = NULL;
  cw_avro_codec_t *codec = NULL;
  confluent_t cf = {0};
  cw_buf_t out;
  cw_buf_init(&out, 64u * 1024 * 1024);
  cw_buf_init(&cf.soe, 64u * 1024 * 1024);
  rd_kafka_conf_t *conf = NULL;
  const char *extra[] = {"enable.partition.eof", "true", "enable.auto.commit", "false",
                         "group.id", "claimwire-tail", NULL};
  if (cw_kafka_conf_build(cfg, CW_KAFKA_CONSUMER, extra, &conf, errstr, sizeof(errstr)) ||
      cw_avro_codec_create(&codec, errstr, sizeof(errstr))) {
    fprintf(stderr, "claimwire tail: %s\n", errstr);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  if (!registry_url)
    registry_url = cfg->schema_registry_url;
  if (registry_url && *registry_url) {
    cw_registry_opts_t ro = {registry_url, cfg->schema_registry_user,
                             cfg->schema_registry_password, cfg->schema_registry_ca_location,
                             CW_REGISTRY_SUBJECT_TOPIC, cfg->schema_registry_timeout_ms};
    if (cw_registry_create(&cf.reg, &ro, errstr, sizeof(errstr))) {
      fprintf(stderr, "claimwire tail: %s\n", errstr);
      rc = CW_EXIT_USAGE;
      goto out;
    }
  }
  rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    fprintf(stderr, "claimwire tail: %s\n", errstr);
    rc = CW_EXIT_FAILURE;
    goto out;
  }
  rd_kafka_poll_set_consumer(rk);
  cw_signals_install();

  /* All partitions of the topic, from the beginning. */
  const struct rd_kafka_metadata *md = NULL;
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  rd_kafka_resp_err_t merr = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
  rd_kafka_topic_destroy(rkt);
  if (merr || md->topic_cnt != 1 || md->topics[0].err) {
    fprintf(stderr, "claimwire tail: no metadata for topic %s: %s\n", topic,
            rd_kafka_err2str(merr ? merr : md->topics[0].err));
    if (md)
      rd_kafka_metadata_destroy(md);
    rc = CW_EXIT_FAILURE;
    goto out;
  }
  int n_parts = md->topics[0].partition_cnt;
  parts = rd_kafka_topic_partition_list_new(n_parts);
  for (int i = 0; i < n_parts; i++)
    rd_kafka_topic_partition_list_add(parts, topic, md->topics[0].partitions[i].id)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_metadata_destroy(md);
  rd_kafka_assign(rk, parts);

  struct timespec t0, now;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long seen = 0;
  int at_eof = 0;
  while (!cw_shutdown_requested && (count < 0 || seen < count)) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    long el = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
    if (timeout_ms >= 0 && el >= timeout_ms) {
      if (count >= 0)
        rc = CW_EXIT_FAILURE;
      break;
    }
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
    if (!m)
      continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      rd_kafka_message_destroy(m);
      if (++at_eof >= n_parts && !follow && count < 0)
        break;
      continue;
    }
    if (m->err) {
      CW_WARN("tail", "%s", rd_kafka_message_errstr(m));
      rd_kafka_message_destroy(m);
      continue;
    }
    cw_buf_reset(&out);
    const unsigned char *v = m->payload;
    int soe = m->len >= CW_AVRO_SOE_HEADER_LEN && v[0] == 0xC3 && v[1] == 0x01;
    int confluent = !soe && m->len >= CW_AVRO_CONFLUENT_HEADER_LEN && v[0] == 0x00;
    int avro = soe || confluent;
    /* Dead letters carry headers and the article as it came (often JSON): envelope them. */
    rd_kafka_headers_t *hdrs = NULL;
    int has_headers = rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs &&
                      rd_kafka_header_cnt(hdrs) > 0;
    int record = avro || (!has_headers && is_json_record(m->payload, m->len));
    cw_err_t err = CW_OK;
    if (env || !record)
      err = envelope(&out, m);
    if (!err && soe)
      err = cw_avro_decode_to_json(codec, m->payload, m->len, &out, errstr, sizeof(errstr));
    else if (!err && confluent)
      err = decode_confluent(&cf, codec, v, m->len, &out, errstr, sizeof(errstr));
    else if (!err && record)
      err = cw_buf_append(&out, m->payload, m->len);
    else if (!err)
      err = text_json(&out, m->payload, m->len);
    if (!err && (env || !record))
      err = cw_buf_putc(&out, '}');
    if (err) {
      CW_WARN("tail", "%s/%" PRId32 "@%" PRId64 ": cannot decode: %s", topic, m->partition,
              m->offset, errstr);
    } else {
      fwrite(out.p, 1, out.len, stdout);
      fputc('\n', stdout);
      fflush(stdout);
      seen++;
    }
    rd_kafka_message_destroy(m);
  }
out:
  if (parts)
    rd_kafka_topic_partition_list_destroy(parts);
  if (rk) {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
  cw_avro_codec_destroy(&codec);
  cw_registry_destroy(&cf.reg);
  cw_buf_free(&cf.soe);
  cw_buf_free(&out);
  cw_config_destroy(&cfg);
  return rc;
}
