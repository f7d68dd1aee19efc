/* train_attribution.c - `claimwire train attribution --data DIR --out FILE`: counts, for every
 * word form, how often it opens an annotated cue, and writes attr.model. */
#include "train_attribution.h"
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../extract/attr.h"  /* internal to the engine library */
#include "../extract/attr_eval.h"
#include "../extract/attr_train.h"
#include "cli.h"
#include "cw_alloc.h"
#include "cw_buf.h"

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in @p dir ending with @p suffix; *@p n set. NULL when unreadable. */
static char **list_dir(const char *dir, const char *suffix, size_t *n) {
  DIR *d = opendir(dir);
  if (!d) return NULL;
  size_t cap = 64, sl = strlen(suffix);
  char **v = cw_malloc(cap * sizeof *v);
  *n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0) continue;
    if (*n == cap) v = cw_realloc(v, (cap *= 2) * sizeof *v);
    v[(*n)++] = cw_strdup(e->d_name);
  }
  closedir(d);
  qsort(v, *n, sizeof *v, cmp_str);
  return v;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; v && i < n; i++) free(v[i]);
  free(v);
}

static char *slurp(const char *path, size_t *len) {
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

static void usage(void) {
  fprintf(stderr,
          "usage: claimwire train attribution --data DIR --out FILE [--add-min P] "
          "[--keep-min P] [--min-count N] [--prec-min P] [--epochs N]\n"
          "       [--threshold S] [--seed N]\n"
          "  DIR holds text/<stem>.txt and attributions/<stem>_<annotator>.ann (first\n"
          "  annotator per article). A form outside the built-in cue lexicon becomes a cue\n"
          "  when it opened a cue in at least P of its occurrences (default 0.15); a built-in\n"
          "  form is dropped below --keep-min (default 0.05); forms need N cue occurrences\n"
          "  (default 3). A second pass runs the rules with that table over the same articles\n"
          "  and drops cue forms whose claims matched gold less often than --prec-min\n"
          "  (default 0: off), and trains an averaged perceptron on its candidate claims for\n"
          "  --epochs rounds (default 10; 0 = no learned claim scorer); candidates scoring\n"
          "  below --threshold (default -6) are dropped. --seed N (default 0) changes the\n"
          "  order the perceptron visits the candidates in.\n");
}

int train_attribution(int argc, char **argv) {
  static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                       {"out", required_argument, NULL, 'o'},
                                       {"add-min", required_argument, NULL, 'a'},
                                       {"keep-min", required_argument, NULL, 'k'},
                                       {"min-count", required_argument, NULL, 'c'},
                                       {"prec-min", required_argument, NULL, 'p'},
                                       {"epochs", required_argument, NULL, 'e'},
                                       {"threshold", required_argument, NULL, 't'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *data = NULL, *out = NULL;
  cw_attr_train_params_t prm = {0.15, 0.05, 3, 0.0, 10, -6.0, 0};
  long min_count = 3, epochs = 10, seed = 0;
  char *end, err[512], path[4096];
  int c, rc = CW_EXIT_FAILURE;
  size_t nt = 0, na = 0, used = 0;
  char **texts = NULL, **anns = NULL;
  cw_attr_trainer_t *tr = NULL;
  cw_attr_model_t *model = NULL;
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:o:a:k:c:p:e:t:s:h", opts, NULL)) != -1) {
    switch (c) {
      case 'd': data = optarg; break;
      case 'o': out = optarg; break;
      case 'a':
        prm.add_min = strtod(optarg, &end);
        if (*end || prm.add_min < 0 || prm.add_min > 1) goto bad_usage;
        break;
      case 'k':
        prm.keep_min = strtod(optarg, &end);
        if (*end || prm.keep_min < 0 || prm.keep_min > 1) goto bad_usage;
        break;
      case 'p':
        prm.prec_min = strtod(optarg, &end);
        if (*end || prm.prec_min < 0 || prm.prec_min > 1) goto bad_usage;
        break;
      case 'e':
        epochs = strtol(optarg, &end, 10);
        if (*end || epochs < 0 || epochs > 1000) goto bad_usage;
        prm.epochs = (unsigned)epochs;
        break;
      case 't':
        prm.threshold = strtod(optarg, &end);
        if (*end) goto bad_usage;
        break;
      case 's':
        seed = strtol(optarg, &end, 10);
        if (*end || seed < 0 || seed > 1000000) goto bad_usage;
        prm.seed = (unsigned)seed;
        break;
      case 'c':
        min_count = strtol(optarg, &end, 10);
        if (*end || min_count < 1 || min_count > 1000000) goto bad_usage;
        break;
      case 'h': usage(); return CW_EXIT_OK;
      default: goto bad_usage;
    }
  }
  if (!data || !out || optind != argc) goto bad_usage;
  snprintf(path, sizeof path, "%s/text", data);
  texts = list_dir(path, ".txt", &nt);
  snprintf(path, sizeof path, "%s/attributions", data);
  anns = list_dir(path, ".ann", &na);
  if (!texts || !anns || nt == 0) {
    fprintf(stderr, "claimwire train attribution: no text/ and attributions/ in %s\n", data);
    rc = CW_EXIT_USAGE;
    goto done;
  }
  prm.min_count = (unsigned)min_count;
  tr = cw_attr_trainer_create();
  /* Pass 1 counts cue openings; pass 2 measures the rules using the pass-1 table. */
  for (int pass = 1; pass <= 2; pass++) {
    if (pass == 2) {
      cw_attr_train_params_t first = prm;
      first.prec_min = 0;
      first.epochs = 0;
      if (cw_attr_trainer_write(tr, out, &first, err, sizeof err) != CW_OK ||
          cw_attr_model_load(out, &model, err, sizeof err) != CW_OK) {
        fprintf(stderr, "claimwire train attribution: %s\n", err);
        goto done;
      }
    }
    used = 0;
    for (size_t t = 0; t < nt; t++) {
      size_t sl = strlen(texts[t]) - 4;
      const char *ann_name = NULL;
      for (size_t a = 0; a < na && !ann_name; a++)
        if (strncmp(anns[a], texts[t], sl) == 0 && anns[a][sl] == '_' &&
            !strchr(anns[a] + sl + 1, '_'))
          ann_name = anns[a];
      if (!ann_name) continue;
      size_t blen = 0, alen = 0;
      snprintf(path, sizeof path, "%s/text/%s", data, texts[t]);
      char *body = slurp(path, &blen);
      snprintf(path, sizeof path, "%s/attributions/%s", data, ann_name);
      char *ann = body ? slurp(path, &alen) : NULL;
      cw_ann_doc_t gold = {0};
      cw_err_t e = CW_ERR_IO;
      if (ann) {
        e = cw_ann_parse(ann, alen, &gold, err, sizeof err);
        if (!e && pass == 1) e = cw_attr_trainer_add(tr, body, blen, &gold, err, sizeof err);
        if (!e && pass == 2)
          e = cw_attr_trainer_measure(tr, model, body, blen, &gold, err, sizeof err);
      } else {
        snprintf(err, sizeof err, "cannot read: %s", strerror(errno));
      }
      cw_ann_free(&gold);
      free(body);
      free(ann);
      if (e) {
        fprintf(stderr, "claimwire train attribution: %s: %s\n", texts[t], err);
        goto done;
      }
      used++;
    }
  }
  if (cw_attr_trainer_write(tr, out, &prm, err, sizeof err)) {
    fprintf(stderr, "claimwire train attribution: %s\n", err);
    goto done;
  }
  printf("trained on %zu articles; wrote %s\n", used, out);
  rc = CW_EXIT_OK;
  goto done;
bad_usage:
  usage();
  rc = CW_EXIT_USAGE;
done:
  cw_attr_model_destroy(&model);
  cw_attr_trainer_destroy(&tr);
  free_list(texts, nt);
  free_list(anns, na);
  return rc;
}
