/* cmd_train.c - `claimwire train pos|ner|clusters|attribution`: the command line of the
 * engine's training entry points (claimwire/train.h). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimwire/train.h"
#include "cli.h"
#include "cli_common.h"
#include "cw_alloc.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: claimwire train pos|ner --train FILE --dev FILE --out MODEL [options]\n"
          "       claimwire train attribution --data DIR --out MODEL [options] (see --help)\n"
          "       claimwire train clusters --text FILE... [--conll FILE...] --out FILE [options]\n"
          "  Trains an averaged-perceptron tagger on CoNLL-2003 style files (word POS chunk NER;\n"
          "  pos learns column 2, ner the last column, in BIO). Prints progress and dev accuracy\n"
          "  (pos) or entity F1 (ner) per epoch on stderr and writes the best epoch's model.\n"
          "options:\n"
          "  --epochs N      training epochs (default 8)\n"
          "  --pos-model F   ner: POS tags from this pos.model instead of the file's column 2\n"
          "  --gaz DIR       ner: gazetteer features from DIR (e.g. worker/extract/models/gaz)\n"
          "  --min-count N   drop features seen fewer than N times (default 1)\n"
          "  --prune X       drop averaged weights with |w| <= X (default 0.01)\n"
          "  --seed N        shuffling seed (default 1)\n"
          "  --clusters F    ner: word-cluster features from F (claimwire train clusters)\n"
          "  --doc-folds K   ner: document features (a second pass that reads what the first\n"
          "                  said of the other occurrences of each word in the document), the\n"
          "                  training documents' first pass from K models each trained without\n"
          "                  their K-th of the documents; 0 (default): none. CoNLL documents\n"
          "                  start at -DOCSTART- lines\n"
          "  --orders K      train K copies, each in its own visiting orders, and average their\n"
          "                  weights (default 1)\n"
          "  --help          this text\n"
          "train clusters: word clusters for the NER features by the exchange algorithm over raw\n"
          "  text (one document or paragraph per line) and the words of CoNLL files.\n"
          "  --classes K1,K2 fine and coarse cluster counts (default 256,64)\n"
          "  --min-count N   cluster words seen at least N times (default 3)\n"
          "  --iters N       exchange passes per clustering (default 8)\n");
}

/* "K1,K2": two whole numbers of classes; 0, or -1 if that is not what @p arg holds. */
static int parse_classes(const char *arg, unsigned k[2]) {
  char *end;
  errno = 0;
  unsigned long a = strtoul(arg, &end, 10);
  if (end == arg || *end != ',' || errno || a > UINT32_MAX)
    return -1;
  const char *second = end + 1;
  unsigned long b = strtoul(second, &end, 10);
  if (end == second || *end || errno || b > UINT32_MAX || *arg == '-' || *second == '-')
    return -1;
  k[0] = (unsigned)a;
  k[1] = (unsigned)b;
  return 0;
}

static int train_clusters(int argc, char **argv) {
  static const struct option opts[] = {
    {"text", required_argument, NULL, 't'},    {"conll", required_argument, NULL, 'c'},
    {"out", required_argument, NULL, 'o'},     {"classes", required_argument, NULL, 'k'},
    {"min-count", required_argument, NULL, 'm'}, {"iters", required_argument, NULL, 'i'},
    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
  const char *out = NULL;
  unsigned k[2] = {256, 64}, min_count = 3, iters = 8;
  int o, ntext = 0, rc = CW_EXIT_FAILURE;
  char err[512], *end;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 't': ntext++; break;
    case 'c': ntext++; break;
    case 'o': out = optarg; break;
    case 'k':
      if (parse_classes(optarg, k) != 0) {
        fprintf(stderr, "claimwire train clusters: --classes K1,K2\n");
        return CW_EXIT_USAGE;
      }
      break;
    case 'm':
    case 'i': {
      unsigned long v = strtoul(optarg, &end, 10);
      if (*end || v < 1 || v > 1000000) {
        fprintf(stderr, "claimwire train clusters: bad number \"%s\"\n", optarg);
        return CW_EXIT_USAGE;
      }
      *(o == 'm' ? &min_count : &iters) = (unsigned)v;
      break;
    }
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (optind != argc || !out || ntext == 0) {
    fprintf(stderr, "claimwire train clusters: --out and at least one --text or --conll\n");
    return CW_EXIT_USAGE;
  }
  cw_cluster_input_t *in = cw_malloc((size_t)ntext * sizeof *in);
  size_t n = 0;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1)
    if (o == 'c' || o == 't')
      in[n++] = (cw_cluster_input_t){optarg, o == 'c'};
  cw_train_clusters_opts_t co = {in, n, out, {k[0], k[1]}, min_count, iters, stderr};
  if (cw_train_clusters(&co, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train clusters: %s\n", err);
  } else {
    fprintf(stderr, "wrote %s\n", out);
    rc = CW_EXIT_OK;
  }
  free(in);
  return rc;
}

static void usage_attribution(void) {
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

/* A number in [@p lo, @p hi] into *@p out. @returns 0, or -1 when @p arg is not one. */
static int num_arg(const char *arg, double lo, double hi, double *out) {
  char *end;
  double v = strtod(arg, &end);
  if (end == arg || *end || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

static int whole_arg(const char *arg, long lo, long hi, unsigned *out) {
  char *end;
  long v = strtol(arg, &end, 10);
  if (end == arg || *end || v < lo || v > hi)
    return -1;
  *out = (unsigned)v;
  return 0;
}

/* `train attribution`: learns attr.model (cue table, cue classifier, claim scorer) from
 * PolNeAR-style annotated articles. */
static int train_attribution(int argc, char **argv) {
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
  cw_train_attr_opts_t o;
  cw_train_attr_defaults(&o);
  o.log = stderr;
  char err[1024];
  int c, bad = 0;
  optind = 1;
  while (!bad && (c = getopt_long(argc, argv, "d:o:a:k:c:p:e:t:s:O:f:E:T:m:h", opts, NULL)) != -1) {
    switch (c) {
    case 'd': data = optarg; break;
    case 'o': out = optarg; break;
    case 'm': model_dir = optarg; break;
    case 'a': bad = num_arg(optarg, 0, 1, &o.add_min); break;
    case 'k': bad = num_arg(optarg, 0, 1, &o.keep_min); break;
    case 'p': bad = num_arg(optarg, 0, 1, &o.prec_min); break;
    case 't': bad = num_arg(optarg, -HUGE_VAL, HUGE_VAL, &o.threshold); break;
    case 'T': bad = num_arg(optarg, -HUGE_VAL, HUGE_VAL, &o.cue_threshold); break;
    case 'e': bad = whole_arg(optarg, 0, 1000, &o.epochs); break;
    case 'E': bad = whole_arg(optarg, 0, 1000, &o.cue_epochs); break;
    case 's': bad = whole_arg(optarg, 0, 1000000, &o.seed); break;
    case 'O': bad = whole_arg(optarg, 1, 100, &o.orders); break;
    case 'c': bad = whole_arg(optarg, 1, 1000000, &o.min_count); break;
    case 'f': bad = whole_arg(optarg, 1, 100, &o.folds); break;
    case 'h': usage_attribution(); return CW_EXIT_OK;
    default: bad = 1;
    }
  }
  if (bad || !data || !out || optind != argc) {
    usage_attribution();
    return CW_EXIT_USAGE;
  }
  /* The learned parts train on what extraction produces: tokens, tags and entities. */
  cw_engine_t *engine = NULL;
  if (cli_open_engine("train attribution", NULL, model_dir, &engine) != CW_EXIT_OK)
    return CW_EXIT_FAILURE;
  size_t used = 0;
  cw_err_t e = cw_train_attribution(engine, data, out, &o, &used, err, sizeof err);
  cw_engine_destroy(&engine);
  if (e != CW_OK) {
    fprintf(stderr, "claimwire train attribution: %s\n", err);
    return e == CW_ERR_NOT_FOUND ? CW_EXIT_USAGE : CW_EXIT_FAILURE;
  }
  printf("trained on %zu articles; wrote %s\n", used, out);
  return CW_EXIT_OK;
}

int cmd_train(int argc, char **argv) {
  cw_train_tagger_opts_t t;
  cw_train_tagger_defaults(&t);
  t.log = stderr;
  char err[1024];
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? CW_EXIT_USAGE : CW_EXIT_OK;
  }
  if (strcmp(argv[1], "clusters") == 0)
    return train_clusters(argc - 1, argv + 1);
  if (strcmp(argv[1], "attribution") == 0)
    return train_attribution(argc - 1, argv + 1);
  if (strcmp(argv[1], "pos") == 0) {
    t.kind = CW_TAGGER_POS;
  } else if (strcmp(argv[1], "ner") == 0) {
    t.kind = CW_TAGGER_NER;
  } else {
    fprintf(stderr, "claimwire train: unknown model kind \"%s\" (pos or ner)\n", argv[1]);
    return CW_EXIT_USAGE;
  }
  static const struct option opts[] = {
    {"train", required_argument, NULL, 't'},  {"dev", required_argument, NULL, 'd'},
    {"out", required_argument, NULL, 'o'},    {"epochs", required_argument, NULL, 'e'},
    {"pos-model", required_argument, NULL, 'p'}, {"gaz", required_argument, NULL, 'g'},
    {"min-count", required_argument, NULL, 'm'}, {"prune", required_argument, NULL, 'x'},
    {"seed", required_argument, NULL, 's'},   {"help", no_argument, NULL, 'h'},
    {"clusters", required_argument, NULL, 'c'}, {"doc-folds", required_argument, NULL, 'f'},
    {"orders", required_argument, NULL, 'r'},
    {NULL, 0, NULL, 0}};
  optind = 1;
  int o;
  char *end;
  while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
    switch (o) {
    case 't': t.train_path = optarg; break;
    case 'd': t.dev_path = optarg; break;
    case 'o': t.out_path = optarg; break;
    case 'p': t.pos_model = optarg; break;
    case 'g': t.gaz_dir = optarg; break;
    case 'c': t.clusters = optarg; break;
    case 'e':
    case 'm':
    case 'r':
    case 'f':
    case 's': {
      long v = strtol(optarg, &end, 10);
      if (*end || v < (o == 's' || o == 'f' ? 0 : 1) || v > (o == 'f' ? 100 : o == 'r' ? 16 : 1000000) ||
          (o == 'f' && v == 1)) {
        fprintf(stderr, "claimwire train: bad number \"%s\"\n", optarg);
        return CW_EXIT_USAGE;
      }
      *(o == 'e'   ? &t.epochs
        : o == 'm' ? &t.min_count
        : o == 'f' ? &t.doc_folds
        : o == 'r' ? &t.orders
                   : &t.seed) = (unsigned)v;
      break;
    }
    case 'x':
      t.prune = strtod(optarg, &end);
      if (*end || t.prune < 0 || t.prune > 1e6) {
        fprintf(stderr, "claimwire train: bad --prune \"%s\"\n", optarg);
        return CW_EXIT_USAGE;
      }
      break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (optind != argc - 1 || !t.train_path || !t.dev_path || !t.out_path) {
    fprintf(stderr, "claimwire train: --train, --dev and --out are required\n");
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  if (t.kind == CW_TAGGER_POS && (t.pos_model || t.gaz_dir || t.clusters || t.doc_folds)) {
    fprintf(stderr,
            "claimwire train: --pos-model, --gaz, --clusters and --doc-folds apply to ner only\n");
    return CW_EXIT_USAGE;
  }
  if (cw_train_tagger(&t, NULL, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train: %s\n", err);
    return CW_EXIT_FAILURE;
  }
  return CW_EXIT_OK;
}
