/* train_attribution.c - `claimwire train attribution --data DIR --out FILE`: learns attr.model
 * (cue table, cue classifier, claim scorer) from PolNeAR-style annotated articles. */
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
#include "../extract/engine_train.h"
#include "cli.h"
#include "cli_common.h"
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

typedef struct {
  char *body;
  size_t len;
  cw_ann_doc_t gold;
} train_doc_t;

/* Runs extraction over one article while @p t records, against its gold attributions, the
 * cue-classifier tokens (@p cands 0) or the candidate claims found with @p m (@p cands 1). */
static cw_err_t run_doc(cw_extractor_t *ex, const cw_attr_model_t *m, cw_attr_trainer_t *t,
                        const train_doc_t *d, int cands, char *err, size_t err_size) {
  cw_attr_observer_t obs;
  cw_attr_trainer_observer(t, &d->gold, &obs);
  if (cands) obs.on_token = NULL;
  else obs.on_cand = NULL;
  cw_extractor_observe_attr(ex, m, &obs);
  const cw_result_t *r = NULL;
  cw_doc_t doc = {NULL, d->body, d->len, NULL};
  cw_err_t e = cw_extractor_run(ex, &doc, &r, err, err_size);
  cw_extractor_observe_attr(ex, NULL, NULL);
  if (!e && cands) cw_attr_trainer_claims(t, r->tokens, r->n_tokens, r->claims, r->n_claims, &d->gold);
  return e;
}

static void usage(void) {
  fprintf(stderr,
          "usage: claimwire train attribution --data DIR --out FILE [--model-dir DIR]\n"
          "       [--add-min P] [--keep-min P] [--min-count N] [--prec-min P] [--epochs N]\n"
          "       [--threshold S] [--cue-epochs N] [--cue-threshold S] [--folds K] [--seed S]\n"
          "       [--orders K]\n"
          "  DIR holds text/<stem>.txt and attributions/<stem>_<annotator>.ann (first\n"
          "  annotator per article). Articles run through the full engine of --model-dir\n"
          "  (POS, NER, entities; default: the installed models).\n"
          "  Cue table: a form outside the built-in cue lexicon becomes a cue when it opened a\n"
          "  cue in at least P of its occurrences (default 0.15); a built-in form is dropped\n"
          "  below --keep-min (default 0.05); forms need N cue occurrences (default 3).\n"
          "  Cue classifier: an averaged perceptron over the words around each open-class\n"
          "  token, --cue-epochs rounds (default 10; 0 = none); it proposes cues scoring at\n"
          "  least --cue-threshold (default 0).\n"
          "  Claim scorer: the rules run over each of K folds of the articles (default 5)\n"
          "  with a table and classifier learned on the other folds; an averaged perceptron\n"
          "  learns from those candidate claims for --epochs rounds (default 10; 0 = none);\n"
          "  candidates scoring below --threshold (default -13) are dropped. --prec-min\n"
          "  (default 0: off) drops cue forms whose claims matched gold less often.\n"
          "  --seed S (default 0) sets the order the perceptrons visit examples in;\n"
          "  --orders K (default 3) averages their weights over the orders of seeds S to\n"
          "  S+K-1.\n");
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
                                       {"orders", required_argument, NULL, 'O'},
                                       {"folds", required_argument, NULL, 'f'},
                                       {"cue-epochs", required_argument, NULL, 'E'},
                                       {"cue-threshold", required_argument, NULL, 'T'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *data = NULL, *out = NULL, *model_dir = NULL;
  cw_attr_train_params_t prm = {0.15, 0.05, 3, 0.0, 10, -13.0, 0, 10, 0.0, 3};
  long min_count = 3, epochs = 10, seed = 0;
  char *end, err[512], path[4096];
  int c, rc = CW_EXIT_FAILURE;
  size_t nt = 0, na = 0, used = 0;
  char **texts = NULL, **anns = NULL;
  cw_attr_trainer_t *tr = NULL;
  cw_attr_model_t *model = NULL;
  cw_engine_t *engine = NULL;
  cw_extractor_t *ex = NULL;
  cw_attr_trainer_t *fold = NULL;
  train_doc_t *docs = NULL;
  unsigned folds = 5;
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:o:a:k:c:p:e:t:s:O:f:E:T:m:h", opts, NULL)) != -1) {
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
      case 'O': {
        long v = strtol(optarg, &end, 10);
        if (*end || v < 1 || v > 100) goto bad_usage;
        prm.orders = (unsigned)v;
        break;
      }
      case 'c':
        min_count = strtol(optarg, &end, 10);
        if (*end || min_count < 1 || min_count > 1000000) goto bad_usage;
        break;
      case 'f': {
        long v = strtol(optarg, &end, 10);
        if (*end || v < 1 || v > 100) goto bad_usage;
        folds = (unsigned)v;
        break;
      }
      case 'E':
        epochs = strtol(optarg, &end, 10);
        if (*end || epochs < 0 || epochs > 1000) goto bad_usage;
        prm.cue_epochs = (unsigned)epochs;
        break;
      case 'T':
        prm.cue_threshold = strtod(optarg, &end);
        if (*end) goto bad_usage;
        break;
      case 'm': model_dir = optarg; break;
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
  /* Every annotated article is read once. */
  docs = cw_calloc(nt, sizeof *docs);
  for (size_t t = 0; t < nt; t++) {
    size_t sl = strlen(texts[t]) - 4;
    const char *ann_name = NULL;
    for (size_t a = 0; a < na && !ann_name; a++)
      if (strncmp(anns[a], texts[t], sl) == 0 && anns[a][sl] == '_' &&
          !strchr(anns[a] + sl + 1, '_'))
        ann_name = anns[a];
    if (!ann_name) continue;
    train_doc_t *d = &docs[used];
    size_t alen = 0;
    snprintf(path, sizeof path, "%s/text/%s", data, texts[t]);
    d->body = slurp(path, &d->len);
    snprintf(path, sizeof path, "%s/attributions/%s", data, ann_name);
    char *ann = d->body ? slurp(path, &alen) : NULL;
    cw_err_t e = CW_ERR_IO;
    if (ann) e = cw_ann_parse(ann, alen, &d->gold, err, sizeof err);
    else snprintf(err, sizeof err, "cannot read %s: %s", ann_name, strerror(errno));
    free(ann);
    used++;
    if (e) {
      fprintf(stderr, "claimwire train attribution: %s: %s\n", texts[t], err);
      goto done;
    }
  }
  /* The learned parts train on what extraction produces: tokens, tags and entities. */
  if (cli_open_engine("train attribution", NULL, model_dir, &engine) != CW_EXIT_OK)
    goto done;
  ex = cw_extractor_create(engine);
  /* The cue table and the cue classifier the model ships come from all articles. The claim
   * scorer learns from the candidates of each fold of articles found with a table and a
   * classifier learned on the other folds, so that its candidates look like those of unseen
   * text (a table counted on the same article would vouch for its own rare cues). */
  tr = cw_attr_trainer_create();
  for (size_t i = 0; i < used; i++)
    if (cw_attr_trainer_add(tr, docs[i].body, docs[i].len, &docs[i].gold, err, sizeof err) ||
        run_doc(ex, NULL, tr, &docs[i], 0, err, sizeof err))
      goto doc_error;
  for (unsigned k = 0; k < folds; k++) {
    cw_attr_trainer_t *from = tr;
    if (folds > 1) {
      from = fold = cw_attr_trainer_create();
      for (size_t i = 0; i < used; i++)
        if (i % folds != k &&
            (cw_attr_trainer_add(fold, docs[i].body, docs[i].len, &docs[i].gold, err, sizeof err) ||
             run_doc(ex, NULL, fold, &docs[i], 0, err, sizeof err)))
          goto doc_error;
    }
    cw_attr_train_params_t first = prm;
    first.prec_min = 0;
    first.epochs = 0;
    if (cw_attr_trainer_write(from, out, &first, err, sizeof err) != CW_OK ||
        cw_attr_model_load(out, &model, err, sizeof err) != CW_OK) {
      fprintf(stderr, "claimwire train attribution: %s\n", err);
      goto done;
    }
    cw_attr_trainer_destroy(&fold);
    for (size_t i = k; i < used; i += folds)
      if (run_doc(ex, model, tr, &docs[i], 1, err, sizeof err)) goto doc_error;
    cw_attr_model_destroy(&model);
    fprintf(stderr, "claimwire train attribution: fold %u of %u measured\n", k + 1, folds);
  }
  if (cw_attr_trainer_write(tr, out, &prm, err, sizeof err)) {
    fprintf(stderr, "claimwire train attribution: %s\n", err);
    goto done;
  }
  printf("trained on %zu articles; wrote %s\n", used, out);
  rc = CW_EXIT_OK;
  goto done;
doc_error:
  fprintf(stderr, "claimwire train attribution: %s\n", err);
  goto done;
bad_usage:
  usage();
  rc = CW_EXIT_USAGE;
done:
  for (size_t i = 0; docs && i < used; i++) {
    free(docs[i].body);
    cw_ann_free(&docs[i].gold);
  }
  free(docs);
  cw_attr_trainer_destroy(&fold);
  cw_extractor_destroy(&ex);
  cw_engine_destroy(&engine);
  cw_attr_model_destroy(&model);
  cw_attr_trainer_destroy(&tr);
  free_list(texts, nt);
  free_list(anns, na);
  return rc;
}
