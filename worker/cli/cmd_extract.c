/* cmd_extract.c - `claimwire extract`: runs articles through the worker's own steps offline
 * (parse the message value, extract, encode the output records) and prints the records as
 * `claimwire tail` prints them, one JSON object per line. Inputs are named like those of
 * `claimwire produce`: .json files are one message, .jsonl/.ndjson files one message per line,
 * anything else one plain-text message; directories are walked in name order. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "article.h"
#include "avro_codec.h"
#include "claimwire/extract.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_file.h"
#include "cw_limits.h"
#include "cw_time.h"
#include "deadletter.h"
#include "models.h"
#include "output.h"

/* Largest input file or stdin read at once; JSON lines files are split after reading. */
#define EXTRACT_MAX_INPUT_BYTES ((size_t)1 << 32)

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire extract [options] PATH...|-\n\n"
          "Runs articles through the worker's steps offline (parse the message value, extract,\n"
          "encode) and prints the records the worker would produce, one JSON object per line,\n"
          "as `claimwire tail` prints them: per article the entities record, then one claims\n"
          "record per claim. PATH is read as `claimwire produce` sends it: a .jsonl/.ndjson\n"
          "file is one message per line, any other file one message (a JSON article, or else\n"
          "plain text whose first line is the title, as the worker reads a message); a\n"
          "directory is walked in name order, hidden files skipped. '-' reads stdin: one\n"
          "message, or JSON lines when it holds more than one JSON value. Articles without\n"
          "an id get the key `produce` would give them: the file name without extension, or\n"
          "FILE:LINE for a JSON line. The records equal the worker's but for processed_at\n"
          "and the fields naming the input message (ingested_at, origin_*: null here); no\n"
          "extraction time budget applies.\n\n"
          "options:\n"
          "  -e, --envelope       print {\"topic\":T,\"key\":K,\"value\":RECORD} per record (as\n"
          "                       `tail --envelope`, without partition and offset); topics are\n"
          "                       worker.entities_topic and worker.claims_topic\n"
          "  --lines              read every PATH as JSON lines, whatever its name\n"
          "  --published-at T     publication time (RFC 3339) of articles that carry none\n"
          "  --id ID              id of articles that carry none (the message key)\n"
          "  --processed-at T     processed_at of every record: epoch milliseconds or RFC 3339\n"
          "                       (default: now); `--processed-at 0` gives stable output\n"
          "  -c, --config FILE    configuration: worker.model_dir, worker.rules_only,\n"
          "                       worker.max_message_bytes and the topic names (as `run`)\n"
          "  --model-dir DIR      models and gazetteers (default: CLAIMWIRE_WORKER_MODEL_DIR,\n"
          "                       worker.model_dir, then ../share/claimwire/models beside the\n"
          "                       executable)\n"
          "  --result             print the engine's result object per article instead of\n"
          "                       records (the shape earlier versions of `extract` printed:\n"
          "                       content_text, speaker_entity as an index or -1)\n"
          "  --tokens             with --result: also print sentences and tokens\n"
          "  -h, --help           show this help\n\n"
          "exit status: 0 every article gave its records; 1 an article would be dead-lettered\n"
          "(reason on stderr; the other articles are still printed) or an input could not be\n"
          "read or stdout written; 2 usage, configuration or models.\n");
}

/* --result: the engine's result object (not a record; kept for comparing engine builds). */
static cw_err_t json_str_or_null(cw_buf_t *o, const char *s) {
  return s ? cw_buf_json_str(o, s, strlen(s)) : cw_buf_puts(o, "null");
}

static cw_err_t span_json(cw_buf_t *o, const char *name, cw_span_t s) {
  return cw_buf_printf(o, "\"%s\":{\"start\":%u,\"end\":%u}", name, (unsigned)s.start,
                       (unsigned)s.end);
}

static cw_err_t result_json(cw_buf_t *o, const char *id, const char *version,
                            const cw_result_t *r, int tokens) {
  cw_err_t err = cw_buf_puts(o, "{\"id\":");
  if (!err)
    err = json_str_or_null(o, id);
  if (!err)
    err = cw_buf_printf(o, ",\"extractor\":\"%s\",\"entities\":[", version);
  for (size_t i = 0; !err && i < r->n_entities; i++) {
    const cw_entity_t *e = &r->entities[i];
    err = cw_buf_printf(o, "%s\n {\"index\":%zu,\"canonical\":", i ? "," : "", i);
    if (!err)
      err = cw_buf_json_str(o, e->canonical, strlen(e->canonical));
    if (!err)
      err = cw_buf_printf(o, ",\"type\":\"%s\",\"salience\":%.4f,\"normalized\":",
                          cw_entity_type_name(e->type), e->salience);
    if (!err)
      err = json_str_or_null(o, e->normalized);
    if (!err)
      err = cw_buf_puts(o, ",\"qualifier\":");
    if (!err)
      err = json_str_or_null(o, e->qualifier);
    if (!err)
      err = cw_buf_puts(o, ",\"mentions\":[");
    for (size_t m = 0; !err && m < e->n_mentions; m++) {
      const cw_mention_t *mt = &e->mentions[m];
      err = cw_buf_printf(o, "%s{\"start\":%u,\"end\":%u,\"sentence\":%u,\"text\":",
                          m ? "," : "", (unsigned)mt->span.start, (unsigned)mt->span.end,
                          (unsigned)mt->sentence);
      if (!err)
        err = cw_buf_json_str(o, mt->text, strlen(mt->text));
      if (!err)
        err = cw_buf_putc(o, '}');
    }
    if (!err)
      err = cw_buf_puts(o, "]}");
  }
  if (!err)
    err = cw_buf_puts(o, "],\n\"claims\":[");
  for (size_t i = 0; !err && i < r->n_claims; i++) {
    const cw_claim_t *c = &r->claims[i];
    err = cw_buf_printf(o, "%s\n {\"id\":\"%s\",\"kind\":\"%s\",", i ? "," : "", c->id,
                        cw_claim_kind_name(c->kind));
    if (!err)
      err = span_json(o, "content", c->content);
    if (!err)
      err = cw_buf_puts(o, ",\"content_text\":");
    if (!err)
      err = json_str_or_null(o, c->content_text);
    if (!err && c->has_cue) {
      err = cw_buf_putc(o, ',');
      if (!err)
        err = span_json(o, "cue", c->cue);
      if (!err)
        err = cw_buf_puts(o, ",\"cue_text\":");
      if (!err)
        err = json_str_or_null(o, c->cue_text);
      if (!err)
        err = cw_buf_puts(o, ",\"cue_lemma\":");
      if (!err)
        err = json_str_or_null(o, c->cue_lemma);
    }
    if (!err && c->has_source) {
      err = cw_buf_putc(o, ',');
      if (!err)
        err = span_json(o, "source", c->source);
      if (!err)
        err = cw_buf_puts(o, ",\"source_text\":");
      if (!err)
        err = json_str_or_null(o, c->source_text);
    }
    if (!err)
      err = cw_buf_printf(o, ",\"speaker_entity\":%d,\"speaker_resolution\":\"%s\",\"entities\":[",
                          (int)c->speaker_entity,
                          cw_speaker_resolution_name(c->speaker_resolution));
    for (size_t k = 0; !err && k < c->n_entities; k++)
      err = cw_buf_printf(o, "%s%d", k ? "," : "", (int)c->entities[k]);
    if (!err)
      err = cw_buf_printf(o, "],\"content_truncated\":%s,\"content_parts\":[",
                          c->content_truncated ? "true" : "false");
    for (size_t k = 0; !err && k < c->n_content_parts; k++) {
      err = cw_buf_puts(o, k ? ",{" : "{");
      if (!err)
        err = span_json(o, "span", c->content_parts[k]);
      if (!err)
        err = cw_buf_puts(o, ",\"text\":");
      if (!err)
        err = json_str_or_null(o, c->content_part_texts[k]);
      if (!err)
        err = cw_buf_putc(o, '}');
    }
    if (!err)
      err = cw_buf_puts(o, "]}");
  }
  if (!err)
    err = cw_buf_printf(o, "],\n\"capped\":%s", r->capped ? "true" : "false");
  if (!err && tokens) {
    err = cw_buf_puts(o, ",\n\"sentences\":[");
    for (size_t i = 0; !err && i < r->n_sentences; i++)
      err = cw_buf_printf(o, "%s{\"start\":%u,\"end\":%u}", i ? "," : "",
                          (unsigned)r->sentences[i].span.start,
                          (unsigned)r->sentences[i].span.end);
    if (!err)
      err = cw_buf_puts(o, "],\n\"tokens\":[");
    for (size_t i = 0; !err && i < r->n_tokens; i++) {
      const cw_token_t *t = &r->tokens[i];
      err = cw_buf_printf(o, "%s{\"start\":%u,\"end\":%u,\"sentence\":%u,\"text\":",
                          i ? "," : "", (unsigned)t->span.start, (unsigned)t->span.end,
                          (unsigned)t->sentence);
      if (!err)
        err = cw_buf_json_str(o, t->text, strlen(t->text));
      if (!err)
        err = cw_buf_puts(o, ",\"pos\":");
      if (!err)
        err = json_str_or_null(o, t->pos);
      if (!err)
        err = cw_buf_putc(o, '}');
    }
    if (!err)
      err = cw_buf_putc(o, ']');
  }
  if (!err)
    err = cw_buf_puts(o, "}\n");
  return err;
}

/* One run: the engine, the worker's codec, and what the options fixed. */
typedef struct {
  cw_config_t *cfg;
  cw_engine_t *engine;
  cw_extractor_t *ex;
  cw_output_t *output;   /* the worker's records and keys, Avro-encoded to be decoded */
  cw_avro_codec_t *codec;
  const char *published; /* for articles without published_at, or NULL */
  int64_t published_ms;
  const char *id;        /* key for articles without an id, or NULL */
  int64_t processed_ms;  /* -1: the wall clock at each article */
  int envelope, result, tokens, lines;
  cw_buf_t out;
  unsigned long articles, dead;
  int io_failed;
} extract_t;

/* --processed-at: epoch milliseconds (digits) or an RFC 3339 time. */
static int parse_processed_at(const char *s, int64_t *ms) {
  char *end;
  cw_datetime_t dt;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (*s && !*end && !errno && v >= 0) {
    *ms = v;
    return 0;
  }
  if (cw_time_parse_rfc3339(s, &dt) != CW_OK)
    return -1;
  *ms = cw_time_to_epoch_ms(&dt);
  return 0;
}

static cw_err_t envelope_open(cw_buf_t *o, const char *topic, const cw_buf_t *key) {
  cw_err_t err = cw_buf_puts(o, "{\"topic\":");
  if (!err)
    err = cw_buf_json_str(o, topic, strlen(topic));
  if (!err)
    err = cw_buf_puts(o, ",\"key\":");
  if (!err)
    err = cw_buf_json_str(o, key->p ? key->p : "", key->len);
  return err ? err : cw_buf_puts(o, ",\"value\":");
}

/* Appends one article's records to x->out as JSON lines, decoded by the function `tail` uses. */
static cw_err_t records_json(extract_t *x, const cw_article_t *a, const cw_result_t *r,
                             char *errstr, size_t errsz) {
  cw_output_rec_t *recs = NULL;
  size_t n = 0;
  int64_t t = x->processed_ms >= 0 ? x->processed_ms : cw_time_wall_ms();
  cw_err_t err = cw_output_encode(x->output, x->codec, a, r, t, CW_RECORD_MAX_BYTES, &recs, &n,
                                  errstr, errsz);
  for (size_t i = 0; !err && i < n; i++) {
    if (x->envelope)
      err = envelope_open(&x->out, recs[i].topic, &recs[i].key);
    if (!err)
      err = cw_avro_decode_to_json(x->codec, recs[i].value.p, recs[i].value.len, &x->out,
                                   errstr, errsz);
    if (!err && x->envelope)
      err = cw_buf_putc(&x->out, '}');
    if (!err)
      err = cw_buf_putc(&x->out, '\n');
  }
  cw_output_recs_free(&recs, n);
  return err;
}

/* Runs one message value through parse, extract and encode, as the worker does, and writes the
 * records to stdout. @p where names the message in errors; @p key is its key (NULL: none).
 * A message the worker would dead-letter is reported on stderr and counted. */
static void extract_message(extract_t *x, const char *where, const char *value, size_t len,
                            const char *key) {
  cw_origin_t origin = {NULL, -1, -1, -1}; /* not read from a topic */
  static const cw_result_t empty; /* an article the models do not read (its language) */
  cw_article_t *a = NULL;
  const cw_result_t *r = &empty;
  int run_models = 0;
  char errstr[512];
  if (x->id)
    key = x->id;
  x->articles++;
  cw_buf_reset(&x->out);
  cw_err_t err = cw_article_read(value, len, key, key ? strlen(key) : 0, &origin,
                                 (size_t)x->cfg->max_message_bytes, x->cfg->input, &a,
                                 &run_models, errstr, sizeof(errstr));
  if (!err && x->published && !a->published_at) {
    a->published_at = cw_strdup(x->published);
    a->published_at_ms = x->published_ms;
  }
  if (!err && run_models) {
    cw_doc_t doc = {a->id, a->body, a->body_len, a->published_at};
    err = cw_extractor_run(x->ex, &doc, &r, errstr, sizeof(errstr));
  }
  if (!err && x->result)
    err = result_json(&x->out, a->id, cw_engine_version(x->engine), r, x->tokens);
  else if (!err)
    err = records_json(x, a, r, errstr, sizeof(errstr));
  if (err) {
    x->dead++;
    fprintf(stderr, "claimwire extract: %s: would be dead-lettered (%s): %s\n", where,
            cw_dlq_code(err), err == CW_ERR_TOO_LARGE && x->result ? "output too large" : errstr);
  } else if (x->out.len && fwrite(x->out.p, 1, x->out.len, stdout) != x->out.len) {
    x->io_failed = 1;
  }
  cw_article_destroy(&a);
}

/* One message per non-empty line; a line's key is NAME:LINE, as `produce` sends them. */
static void extract_lines(extract_t *x, const char *name, const char *p, size_t len) {
  unsigned long lineno = 0;
  size_t i = 0;
  while (i < len && !x->io_failed) {
    const char *nl = memchr(p + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - p) : len, n = e - i;
    lineno++;
    while (n > 0 && p[i + n - 1] == '\r')
      n--;
    if (n > 0) {
      char where[600];
      snprintf(where, sizeof(where), "%s:%lu", name, lineno);
      extract_message(x, where, p + i, n, where);
    }
    i = e + 1;
  }
}

/* stdin without --lines: JSON lines when it holds more than one JSON value. */
static int several_json_values(const char *p, size_t len) {
  json_error_t jerr;
  size_t i = 0;
  while (i < len && strchr(" \t\r\n", p[i]))
    i++;
  if (i == len || p[i] != '{')
    return 0;
  json_t *v = json_loadb(p + i, len - i, JSON_DISABLE_EOF_CHECK, &jerr);
  if (!v)
    return 0;
  json_decref(v);
  for (size_t k = i + (size_t)jerr.position; k < len; k++)
    if (!strchr(" \t\r\n", p[k]))
      return 1;
  return 0;
}

static int read_all(FILE *f, const char *name, cw_buf_t *b) {
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if (cw_buf_append(b, chunk, n) != CW_OK) {
      fprintf(stderr, "claimwire extract: %s: more than %zu bytes\n", name,
              EXTRACT_MAX_INPUT_BYTES);
      return -1;
    }
  }
  if (ferror(f)) {
    fprintf(stderr, "claimwire extract: %s: %s\n", name, strerror(errno));
    return -1;
  }
  return 0;
}

static int extract_path(extract_t *x, const char *path);

/* The entries of directory @p path in name order, subdirectories walked the same way. */
static int extract_dir(extract_t *x, const char *path) {
  cw_strlist_t names = {0};
  char err[1024];
  int rc = 0;
  if (cw_dir_list(path, NULL, 0, &names, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire extract: %s\n", err);
    rc = -1;
  }
  for (size_t i = 0; i < names.n; i++)
    if (!x->io_failed && extract_path(x, names.v[i]) != 0)
      rc = -1;
  cw_strlist_free(&names);
  return rc;
}

/* @returns 0, or -1 if @p path (or a file under it) could not be read. */
static int extract_path(extract_t *x, const char *path) {
  int is_stdin = !strcmp(path, "-");
  struct stat st;
  FILE *f = stdin;
  cw_buf_t in;
  int rc = -1;
  if (!is_stdin) {
    if (stat(path, &st) != 0) {
      fprintf(stderr, "claimwire extract: %s: %s\n", path, strerror(errno));
      return -1;
    }
    if (S_ISDIR(st.st_mode))
      return extract_dir(x, path);
    if (!(f = fopen(path, "rb"))) {
      fprintf(stderr, "claimwire extract: %s: %s\n", path, strerror(errno));
      return -1;
    }
  }
  cw_buf_init(&in, EXTRACT_MAX_INPUT_BYTES);
  if (read_all(f, is_stdin ? "stdin" : path, &in) != 0)
    goto out;
  const char *p = in.p ? in.p : "";
  if (x->lines || cw_has_suffix(path, ".jsonl") || cw_has_suffix(path, ".ndjson") ||
      (is_stdin && several_json_values(p, in.len))) {
    extract_lines(x, is_stdin ? "stdin" : path, p, in.len);
  } else {
    char *key = is_stdin ? cw_strdup("stdin") : cw_path_stem(path);
    extract_message(x, is_stdin ? "stdin" : path, p, in.len, key);
    free(key);
  }
  rc = 0;
out:
  if (!is_stdin)
    fclose(f);
  cw_buf_free(&in);
  return rc;
}

int cmd_extract(int argc, char **argv) {
  static const struct option opts[] = {{"published-at", required_argument, NULL, 'p'},
                                       {"processed-at", required_argument, NULL, 'P'},
                                       {"id", required_argument, NULL, 'i'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"envelope", no_argument, NULL, 'e'},
                                       {"lines", no_argument, NULL, 'l'},
                                       {"result", no_argument, NULL, 'r'},
                                       {"tokens", no_argument, NULL, 't'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *model_dir = NULL, *config = NULL, *processed = NULL;
  extract_t x = {.processed_ms = -1};
  int c, rc = CW_EXIT_USAGE;
  char errstr[1024];
  cw_buf_init(&x.out, (size_t)1 << 30);
  optind = 1;
  while ((c = getopt_long(argc, argv, "c:eh", opts, NULL)) != -1) {
    switch (c) {
    case 'c': config = optarg; break;
    case 'p': x.published = optarg; break;
    case 'P': processed = optarg; break;
    case 'i': x.id = optarg; break;
    case 'm': model_dir = optarg; break;
    case 'e': x.envelope = 1; break;
    case 'l': x.lines = 1; break;
    case 'r': x.result = 1; break;
    case 't': x.tokens = 1; break;
    case 'h':
      usage(stdout);
      rc = CW_EXIT_OK;
      goto out;
    default: usage(stderr); goto out;
    }
  }
  if (optind >= argc) {
    fprintf(stderr, "claimwire extract: expected at least one PATH (or '-')\n");
    usage(stderr);
    goto out;
  }
  if (x.tokens && !x.result) {
    fprintf(stderr, "claimwire extract: --tokens needs --result (records carry no tokens)\n");
    goto out;
  }
  if (x.result && x.envelope) {
    fprintf(stderr, "claimwire extract: --envelope wraps records; --result prints none\n");
    goto out;
  }
  cw_datetime_t pub;
  if (x.published && cw_time_parse_rfc3339(x.published, &pub) != CW_OK) {
    fprintf(stderr, "claimwire extract: --published-at: not an RFC 3339 time: %s\n",
            x.published);
    goto out;
  }
  if (x.published)
    x.published_ms = cw_time_to_epoch_ms(&pub);
  if (processed && parse_processed_at(processed, &x.processed_ms) != 0) {
    fprintf(stderr,
            "claimwire extract: --processed-at: neither epoch milliseconds nor RFC 3339: %s\n",
            processed);
    goto out;
  }
  if (!(x.cfg = cli_load_config(config, NULL)))
    goto out;
  /* The worker's records and keys, encoded as single-object Avro whatever the configured
   * format (no registry is contacted) and printed as JSON by the decoder `tail` uses. */
  x.cfg->format = CW_FORMAT_SINGLE_OBJECT;
  if (cw_models_open(x.cfg, model_dir, &x.engine, errstr, sizeof(errstr)) ||
      cw_output_create(x.cfg, &x.output, errstr, sizeof(errstr)) ||
      cw_output_codec_create(x.output, cw_engine_version(x.engine), &x.codec, errstr,
                             sizeof(errstr))) {
    fprintf(stderr, "claimwire extract: %s\n", errstr);
    goto out;
  }
  x.ex = cw_extractor_create(x.engine);
  rc = CW_EXIT_OK;
  for (int i = optind; i < argc && !x.io_failed; i++)
    if (extract_path(&x, argv[i]) != 0)
      rc = CW_EXIT_FAILURE;
  if (x.io_failed || fflush(stdout) != 0) {
    fprintf(stderr, "claimwire extract: writing stdout: %s\n", strerror(errno));
    rc = CW_EXIT_FAILURE;
  }
  if (x.dead) {
    fprintf(stderr, "claimwire extract: %lu of %lu articles would be dead-lettered\n", x.dead,
            x.articles);
    rc = CW_EXIT_FAILURE;
  }
out:
  cw_extractor_destroy(&x.ex);
  cw_avro_codec_destroy(&x.codec);
  cw_output_destroy(&x.output);
  cw_engine_destroy(&x.engine);
  cw_config_destroy(&x.cfg);
  cw_buf_free(&x.out);
  return rc;
}
