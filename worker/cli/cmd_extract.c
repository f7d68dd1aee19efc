/* cmd_extract.c - `claimwire extract`: runs the extraction engine on one article file (or
 * stdin) and prints the result as one JSON object. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "claimwire/extract.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_buf.h"
#include "cw_limits.h"
#include "cw_time.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: claimwire extract [options] FILE|-\n\n"
          "Extracts entities and claims from one article body (UTF-8 text; '-' reads stdin)\n"
          "and prints them as JSON.\n\n"
          "options:\n"
          "  --published-at T   publication time (RFC 3339) anchoring relative dates\n"
          "  --id ID            article id (used for claim ids)\n"
          "  -c, --config FILE  configuration: worker.model_dir, worker.rules_only (as `run`)\n"
          "  --model-dir DIR    models and gazetteers (default: CLAIMWIRE_WORKER_MODEL_DIR,\n"
          "                     worker.model_dir, then ../share/claimwire/models beside the\n"
          "                     executable)\n"
          "  --tokens           also print sentences and tokens\n"
          "  -h, --help         show this help\n");
}

/* Reads all of @p f up to CW_MAX_BODY_BYTES. */
static int read_all(FILE *f, const char *name, cw_buf_t *b) {
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if (cw_buf_append(b, chunk, n) != CW_OK) {
      fprintf(stderr, "claimwire extract: %s: more than %u bytes (CW_MAX_BODY_BYTES)\n", name,
              (unsigned)CW_MAX_BODY_BYTES);
      return -1;
    }
  }
  if (ferror(f)) {
    fprintf(stderr, "claimwire extract: %s: %s\n", name, strerror(errno));
    return -1;
  }
  return 0;
}

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
      err = cw_buf_printf(o, ",\"speaker_entity\":%d,\"entities\":[", (int)c->speaker_entity);
    for (size_t k = 0; !err && k < c->n_entities; k++)
      err = cw_buf_printf(o, "%s%d", k ? "," : "", (int)c->entities[k]);
    if (!err)
      err = cw_buf_printf(o, "],\"content_truncated\":%s}",
                          c->content_truncated ? "true" : "false");
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

int cmd_extract(int argc, char **argv) {
  static const struct option opts[] = {{"published-at", required_argument, NULL, 'p'},
                                       {"id", required_argument, NULL, 'i'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"tokens", no_argument, NULL, 't'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *published = NULL, *id = NULL, *model_dir = NULL, *config = NULL;
  int tokens = 0, c, rc = CW_EXIT_FAILURE;
  cw_engine_t *engine = NULL;
  cw_extractor_t *ex = NULL;
  cw_buf_t body, out;
  char errstr[512];
  FILE *f = NULL;
  cw_buf_init(&body, CW_MAX_BODY_BYTES);
  cw_buf_init(&out, (size_t)1 << 30);
  optind = 1;
  while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': config = optarg; break;
    case 'p': published = optarg; break;
    case 'i': id = optarg; break;
    case 'm': model_dir = optarg; break;
    case 't': tokens = 1; break;
    case 'h':
      usage(stdout);
      rc = CW_EXIT_OK;
      goto out;
    default:
      usage(stderr);
      rc = CW_EXIT_USAGE;
      goto out;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, "claimwire extract: expected exactly one FILE (or '-')\n");
    usage(stderr);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  cw_datetime_t pub;
  if (published && cw_time_parse_rfc3339(published, &pub) != CW_OK) {
    fprintf(stderr, "claimwire extract: --published-at: not an RFC 3339 time: %s\n", published);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  const char *path = argv[optind];
  if (strcmp(path, "-") == 0) {
    if (read_all(stdin, "stdin", &body) != 0)
      goto out;
  } else {
    f = fopen(path, "rb");
    if (!f) {
      fprintf(stderr, "claimwire extract: %s: %s\n", path, strerror(errno));
      goto out;
    }
    if (read_all(f, path, &body) != 0)
      goto out;
  }
  rc = cli_open_engine("extract", config, model_dir, &engine);
  if (rc != CW_EXIT_OK)
    goto out;
  rc = CW_EXIT_FAILURE;
  ex = cw_extractor_create(engine);
  cw_doc_t doc = {.id = id, .body = body.p ? body.p : "", .body_len = body.len,
                  .published_at = published};
  const cw_result_t *r;
  cw_err_t err = cw_extractor_run(ex, &doc, &r, errstr, sizeof(errstr));
  if (err) {
    fprintf(stderr, "claimwire extract: %s: %s: %s\n", path, cw_err2str(err), errstr);
    goto out;
  }
  if (result_json(&out, id, cw_engine_version(engine), r, tokens) != CW_OK) {
    fprintf(stderr, "claimwire extract: output too large\n");
    goto out;
  }
  if (fwrite(out.p, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
    fprintf(stderr, "claimwire extract: writing stdout: %s\n", strerror(errno));
    goto out;
  }
  rc = CW_EXIT_OK;
out:
  if (f)
    fclose(f);
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&engine);
  cw_buf_free(&body);
  cw_buf_free(&out);
  return rc;
}
