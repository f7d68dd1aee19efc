/* cmd_eval.c - `claimwire eval ner|attribution`: scores the engine against labelled data. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "claimwire/train.h"
#include "cli.h"
#include "cli_common.h"
#include "models.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: claimwire eval ner --data FILE [--predictions OUT] [--model-dir DIR] [-c FILE]\n"
          "       claimwire eval attribution ...   (claimwire eval attribution --help)\n"
          "  eval ner tags the words of a CoNLL-2003 style file (word POS chunk NER, BIO) with\n"
          "  the POS and NER models of DIR (default: the model directory of `run` with the\n"
          "  configuration FILE and the environment) and prints conlleval-style\n"
          "  precision, recall and F1, overall and per entity type. --predictions writes\n"
          "  \"token gold predicted\" lines, a blank line after each sentence.\n");
}

static void print_scores(const cw_chunk_score_t *sc) {
  double p, r, f;
  cw_chunk_prf(sc->correct, sc->pred, sc->gold, &p, &r, &f);
  printf("processed %zu tokens with %zu phrases; found: %zu phrases; correct: %zu.\n", sc->tokens,
         sc->gold, sc->pred, sc->correct);
  printf("accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
         sc->tokens ? 100.0 * (double)sc->tok_correct / (double)sc->tokens : 0.0, 100 * p,
         100 * r, 100 * f);
  for (size_t k = 0; k < sc->ntypes; k++) {
    const cw_chunk_count_t *t = &sc->t[k];
    cw_chunk_prf(t->correct, t->pred, t->gold, &p, &r, &f);
    printf("%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %zu\n", t->type, 100 * p,
           100 * r, 100 * f, t->pred);
  }
}

static int eval_ner(int argc, char **argv) {
  const char *data = NULL, *pred_path = NULL, *model_dir = NULL, *config = NULL;
  static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                       {"predictions", required_argument, NULL, 'p'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
    switch (o) {
    case 'c': config = optarg; break;
    case 'd': data = optarg; break;
    case 'p': pred_path = optarg; break;
    case 'm': model_dir = optarg; break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (optind != argc || !data) {
    fprintf(stderr, "claimwire eval ner: --data is required\n");
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  char err[1024], dir[4096];
  const char *how = "";
  cw_config_t *cfg = cli_load_config(config, NULL);
  if (!cfg)
    return CW_EXIT_USAGE;
  cw_err_t lerr = cw_models_locate(cfg, model_dir, dir, sizeof dir, &how, err, sizeof err);
  cw_config_destroy(&cfg);
  if (lerr != CW_OK) {
    fprintf(stderr, "claimwire eval ner: %s\n", err);
    return CW_EXIT_USAGE;
  }
  cw_chunk_score_t sc;
  double tag_time = 0;
  if (cw_eval_ner(dir, data, pred_path, &sc, &tag_time, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire eval ner: %s\n", err);
    return CW_EXIT_FAILURE;
  }
  print_scores(&sc);
  fprintf(stderr, "tagged %zu tokens in %.3fs (POS + NER): %.0f tokens/s\n", sc.tokens, tag_time,
          tag_time > 0 ? (double)sc.tokens / tag_time : 0.0);
  return CW_EXIT_OK;
}

static void print_score(const char *title, const cw_attr_score_t *s) {
  static const char *names[CW_PART__COUNT] = {"cue", "source", "content", "attribution"};
  printf("%s\n", title);
  printf("  %-12s %-8s %7s %7s %7s %7s %7s\n", "part", "match", "P", "R", "F1", "pred", "gold");
  for (int p = 0; p < CW_PART__COUNT; p++) {
    for (int ov = 0; ov < 2; ov++) {
      double pr, rc, f1;
      cw_match_prf(&s->m[p][ov], &pr, &rc, &f1);
      printf("  %-12s %-8s %7.4f %7.4f %7.4f %7zu %7zu\n", names[p], ov ? "overlap" : "exact", pr,
             rc, f1, s->m[p][ov].n_pred, s->m[p][ov].n_gold);
    }
  }
}

static void usage_attribution(void) {
  fprintf(stderr,
          "usage: claimwire eval attribution --data DIR [--predictions OUTDIR] "
          "[--model-dir DIR] [-c FILE]\n"
          "  DIR holds text/<stem>.txt and attributions/<stem>_<annotator>.ann; the first\n"
          "  annotator file of each article (name order) is gold.\n");
}

/* `eval attribution`: runs the full engine over every text and scores cue, source, content and
 * whole attributions, exact and overlapping, plus inter-annotator agreement where available. */
static int eval_attribution(int argc, char **argv) {
  static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                       {"predictions", required_argument, NULL, 'p'},
                                       {"model-dir", required_argument, NULL, 'm'},
                                       {"config", required_argument, NULL, 'c'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *data = NULL, *pred_dir = NULL, *model_dir = NULL, *config = NULL;
  int c;
  char err[1024];
  cw_engine_t *engine = NULL;
  cw_attr_eval_t ev;
  optind = 1;
  while ((c = getopt_long(argc, argv, "d:p:m:c:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': config = optarg; break;
    case 'd': data = optarg; break;
    case 'p': pred_dir = optarg; break;
    case 'm': model_dir = optarg; break;
    case 'h': usage_attribution(); return CW_EXIT_OK;
    default: usage_attribution(); return CW_EXIT_USAGE;
    }
  }
  if (!data || optind != argc) {
    usage_attribution();
    return CW_EXIT_USAGE;
  }
  if (pred_dir && mkdir(pred_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "claimwire eval attribution: cannot create %s: %s\n", pred_dir,
            strerror(errno));
    return CW_EXIT_FAILURE;
  }
  int rc = cli_open_engine("eval attribution", config, model_dir, &engine);
  if (rc != CW_EXIT_OK)
    return rc;
  cw_engine_describe(engine, err, sizeof err);
  printf("engine: %s\n", err);
  cw_err_t e = cw_eval_attribution(engine, data, pred_dir, &ev, err, sizeof err);
  cw_engine_destroy(&engine);
  if (e != CW_OK) {
    fprintf(stderr, "claimwire eval attribution: %s\n", err);
    return e == CW_ERR_NOT_FOUND ? CW_EXIT_USAGE : CW_EXIT_FAILURE;
  }
  printf("articles: %zu, tokens: %zu, extraction: %.3f s (%.0f tokens/s)\n", ev.n_docs,
         ev.n_tokens, ev.secs, ev.secs > 0 ? (double)ev.n_tokens / ev.secs : 0.0);
  print_score("engine vs gold (first annotator), all claims", &ev.all);
  print_score("engine vs gold, claims with a cue (UNATTRIBUTED quotations left out)", &ev.cued);
  if (ev.n_human) {
    char title[128];
    snprintf(title, sizeof title, "human agreement: second annotator vs first (%zu articles)",
             ev.n_human);
    print_score(title, &ev.human);
  }
  size_t missed = 0;
  for (size_t k = 0; k < ev.n_miss_classes; k++)
    missed += ev.misses[k];
  printf("gold attributions missed (whole, overlap): %zu, by why\n", missed);
  for (size_t k = 0; k < ev.n_miss_classes; k++)
    printf("  %6zu  %s\n", ev.misses[k], ev.miss_name[k]);
  return CW_EXIT_OK;
}

int cmd_eval(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? CW_EXIT_USAGE : CW_EXIT_OK;
  }
  if (strcmp(argv[1], "ner") == 0)
    return eval_ner(argc - 1, argv + 1);
  if (strcmp(argv[1], "attribution") == 0)
    return eval_attribution(argc - 1, argv + 1);
  fprintf(stderr, "claimwire eval: unknown evaluation \"%s\" (ner or attribution)\n", argv[1]);
  usage(stderr);
  return CW_EXIT_USAGE;
}
