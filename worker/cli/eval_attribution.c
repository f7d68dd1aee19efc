/* eval_attribution.c - `claimwire eval attribution --data DIR [--predictions OUTDIR]
 * [--model-dir DIR]`: runs the full engine over every text and scores cue, source, content and
 * whole attributions, exact and overlapping, plus inter-annotator agreement where available. */
#include "eval_attribution.h"
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "../extract/attr_eval.h" /* internal to the engine library */
#include "claimwire/extract.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_alloc.h"
#include "cw_buf.h"
#include "cw_utf8.h"

typedef struct {
  char **v;
  size_t n, cap;
} strlist_t;

static void sl_push(strlist_t *l, const char *s) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->v = cw_realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = cw_strdup(s);
}

static void sl_free(strlist_t *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in @p dir ending with @p suffix, sorted. */
static int list_dir(const char *dir, const char *suffix, strlist_t *out) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  size_t sl = strlen(suffix);
  for (struct dirent *e; (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    if (n > sl && strcmp(e->d_name + n - sl, suffix) == 0) sl_push(out, e->d_name);
  }
  closedir(d);
  if (out->n) qsort(out->v, out->n, sizeof *out->v, cmp_str);
  return 0;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  cw_buf_t b;
  cw_buf_init(&b, 64u * 1024u * 1024u);
  char chunk[65536];
  size_t n;
  int ok = 1;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (cw_buf_append(&b, chunk, n) != CW_OK) ok = 0;
  if (ferror(f)) ok = 0;
  fclose(f);
  if (!ok) {
    cw_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.p ? b.p : cw_strdup("");
}

static void one_span(cw_ann_span_t *s, cw_span_t sp) {
  s->n = 1;
  s->start[0] = sp.start;
  s->end[0] = sp.end;
}

/* Claims as attributions; with @p cued_only, only claims that have a cue (the
 * UNATTRIBUTED quotations are not attribution relations in PolNeAR's sense). */
static void claims_to_ann(const cw_result_t *r, int cued_only, cw_ann_doc_t *d) {
  for (size_t i = 0; i < r->n_claims; i++) {
    const cw_claim_t *c = &r->claims[i];
    if (cued_only && !c->has_cue) continue;
    cw_ann_attr_t a;
    memset(&a, 0, sizeof a);
    one_span(&a.content, c->content);
    if (c->has_cue) one_span(&a.cue, c->cue);
    if (c->has_source) one_span(&a.source, c->source);
    cw_ann_add(d, &a);
  }
}

static void print_score(const char *title, const cw_ann_score_t *s) {
  static const char *names[CW_ANN__PARTS] = {"cue", "source", "content", "attribution"};
  printf("%s\n", title);
  printf("  %-12s %-8s %7s %7s %7s %7s %7s\n", "part", "match", "P", "R", "F1", "pred", "gold");
  for (int p = 0; p < CW_ANN__PARTS; p++) {
    for (int ov = 0; ov < 2; ov++) {
      double pr, rc, f1;
      cw_prf(&s->m[p][ov], &pr, &rc, &f1);
      printf("  %-12s %-8s %7.4f %7.4f %7.4f %7zu %7zu\n", names[p], ov ? "overlap" : "exact", pr,
             rc, f1, s->m[p][ov].n_pred, s->m[p][ov].n_gold);
    }
  }
}

/* Code point -> byte map of @p body for writing covered text. */
static uint32_t *cp_map(const char *body, size_t len, size_t *n_cp) {
  uint32_t *m = cw_malloc((len + 1) * sizeof *m);
  size_t i = 0, k = 0;
  while (i < len) {
    m[k++] = (uint32_t)i;
    (void)cw_utf8_next(body, len, &i);
  }
  m[k] = (uint32_t)len;
  *n_cp = k;
  return m;
}

static void usage(void) {
  fprintf(stderr,
          "usage: claimwire eval attribution --data DIR [--predictions OUTDIR] "
          "[--model-dir DIR] [-c FILE]\n"
          "  DIR holds text/<stem>.txt and attributions/<stem>_<annotator>.ann; the first\n"
          "  annotator file of each article (name order) is gold.\n");
}

int eval_attribution(int argc, char **argv) {
  static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                       {"predictions", required_argument, NULL, 'p'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *data = NULL, *pred_dir = NULL, *model_dir = NULL, *config = NULL;
  int rc = CW_EXIT_FAILURE, c;
  char err[512], path[4096];
  strlist_t texts = {0}, anns = {0};
  cw_engine_t *engine = NULL;
  cw_extractor_t *ex = NULL;
  cw_ann_score_t score, score_cued, human;
  size_t n_human = 0, n_docs = 0, n_tokens = 0;
  double secs = 0;
  memset(&score, 0, sizeof score);
  memset(&score_cued, 0, sizeof score_cued);
  memset(&human, 0, sizeof human);
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:p:m:c:h", opts, NULL)) != -1) {
    switch (c) {
      case 'c': config = optarg; break;
      case 'd': data = optarg; break;
      case 'p': pred_dir = optarg; break;
      case 'm': model_dir = optarg; break;
      case 'h': usage(); return CW_EXIT_OK;
      default: usage(); return CW_EXIT_USAGE;
    }
  }
  if (!data || optind != argc) {
    usage();
    return CW_EXIT_USAGE;
  }
  snprintf(path, sizeof path, "%s/text", data);
  if (list_dir(path, ".txt", &texts) != 0 || texts.n == 0) {
    fprintf(stderr, "claimwire eval attribution: no texts in %s\n", path);
    rc = CW_EXIT_USAGE;
    goto out;
  }
  snprintf(path, sizeof path, "%s/attributions", data);
  if (list_dir(path, ".ann", &anns) != 0) {
    fprintf(stderr, "claimwire eval attribution: cannot read %s: %s\n", path, strerror(errno));
    rc = CW_EXIT_USAGE;
    goto out;
  }
  if (pred_dir && mkdir(pred_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "claimwire eval attribution: cannot create %s: %s\n", pred_dir,
            strerror(errno));
    goto out;
  }
  rc = cli_open_engine("eval attribution", config, model_dir, &engine);
  if (rc != CW_EXIT_OK)
    goto out;
  rc = CW_EXIT_FAILURE;
  cw_engine_describe(engine, err, sizeof err);
  printf("engine: %s\n", err);
  ex = cw_extractor_create(engine);
  for (size_t t = 0; t < texts.n; t++) {
    char stem[1024];
    size_t sl = strlen(texts.v[t]) - 4;
    if (sl >= sizeof stem) continue;
    memcpy(stem, texts.v[t], sl);
    stem[sl] = 0;
    /* The annotator files of this article: "<stem>_<id>.ann" with no further underscore. */
    strlist_t mine = {0};
    for (size_t a = 0; a < anns.n; a++) {
      const char *nm = anns.v[a];
      if (strncmp(nm, stem, sl) == 0 && nm[sl] == '_' && !strchr(nm + sl + 1, '_'))
        sl_push(&mine, nm);
    }
    if (mine.n == 0) {
      sl_free(&mine);
      continue;
    }
    size_t blen = 0;
    snprintf(path, sizeof path, "%s/text/%s", data, texts.v[t]);
    char *body = read_file(path, &blen);
    cw_ann_doc_t gold = {0}, second = {0}, pred = {0};
    int ok = body != NULL;
    for (size_t a = 0; ok && a < mine.n && a < 2; a++) {
      size_t alen = 0;
      snprintf(path, sizeof path, "%s/attributions/%s", data, mine.v[a]);
      char *ann = read_file(path, &alen);
      if (!ann || cw_ann_parse(ann, alen, a ? &second : &gold, err, sizeof err) != CW_OK) {
        fprintf(stderr, "claimwire eval attribution: %s: %s\n", path, ann ? err : strerror(errno));
        ok = 0;
      }
      free(ann);
    }
    if (ok) {
      const cw_result_t *r;
      cw_doc_t doc = {stem, body, blen, NULL};
      struct timespec t0, t1;
      clock_gettime(CLOCK_MONOTONIC, &t0);
      cw_err_t e = cw_extractor_run(ex, &doc, &r, err, sizeof err);
      clock_gettime(CLOCK_MONOTONIC, &t1);
      secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
      if (e != CW_OK) {
        fprintf(stderr, "claimwire eval attribution: %s: %s\n", texts.v[t], err);
        ok = 0;
      } else {
        n_docs++;
        n_tokens += r->n_tokens;
        claims_to_ann(r, 0, &pred);
        cw_ann_score(&gold, &pred, &score);
        cw_ann_doc_t cued = {0};
        claims_to_ann(r, 1, &cued);
        cw_ann_score(&gold, &cued, &score_cued);
        cw_ann_free(&cued);
        if (mine.n > 1) {
          cw_ann_score(&gold, &second, &human);
          n_human++;
        }
        if (pred_dir) {
          size_t n_cp;
          uint32_t *map = cp_map(body, blen, &n_cp);
          cw_buf_t out;
          cw_buf_init(&out, 64u * 1024u * 1024u);
          FILE *f = NULL;
          snprintf(path, sizeof path, "%s/%s.ann", pred_dir, stem);
          if (cw_ann_write(&pred, body, blen, map, n_cp, &out) != CW_OK || !(f = fopen(path, "w")) ||
              fwrite(out.p ? out.p : "", 1, out.len, f) != out.len) {
            fprintf(stderr, "claimwire eval attribution: cannot write %s\n", path);
            ok = 0;
          }
          if (f && fclose(f) != 0) ok = 0;
          cw_buf_free(&out);
          free(map);
        }
      }
    }
    cw_ann_free(&gold);
    cw_ann_free(&second);
    cw_ann_free(&pred);
    free(body);
    sl_free(&mine);
    if (!ok) goto out;
  }
  printf("articles: %zu, tokens: %zu, extraction: %.3f s (%.0f tokens/s)\n", n_docs, n_tokens,
         secs, secs > 0 ? (double)n_tokens / secs : 0.0);
  print_score("engine vs gold (first annotator), all claims", &score);
  print_score("engine vs gold, claims with a cue (UNATTRIBUTED quotations left out)", &score_cued);
  if (n_human) {
    char title[128];
    snprintf(title, sizeof title, "human agreement: second annotator vs first (%zu articles)",
             n_human);
    print_score(title, &human);
  }
  rc = CW_EXIT_OK;
out:
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&engine);
  sl_free(&texts);
  sl_free(&anns);
  return rc;
}
