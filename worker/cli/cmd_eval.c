/* cmd_eval.c - `claimwire eval ner|attribution`: scores the engine against labelled data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../extract/tagger.h" /* internal to the engine library */
#include "cli.h"
#include "cli_common.h"
#include "conll.h"
#include "cw_alloc.h"
#include "eval_attribution.h"
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

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_scores(const conll_score_t *sc) {
  double p, r, f;
  conll_prf(sc->correct, sc->pred, sc->gold, &p, &r, &f);
  printf("processed %zu tokens with %zu phrases; found: %zu phrases; correct: %zu.\n", sc->tokens,
         sc->gold, sc->pred, sc->correct);
  printf("accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
         sc->tokens ? 100.0 * (double)sc->tok_correct / (double)sc->tokens : 0.0, 100 * p,
         100 * r, 100 * f);
  for (size_t k = 0; k < sc->ntypes; k++) {
    const conll_type_count_t *t = &sc->t[k];
    conll_prf(t->correct, t->pred, t->gold, &p, &r, &f);
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
  int o, rc = CW_EXIT_FAILURE;
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
  model_dir = dir;
  conll_t *c = NULL;
  tagger_t *tg = NULL;
  tagger_scratch_t *ts = NULL;
  FILE *pf = NULL;
  tagger_word_t *w = NULL;
  uint8_t *pos = NULL, *lab = NULL;
  const char **pred = NULL;
  if (conll_read(data, &c, err, sizeof err) != CW_OK ||
      tagger_load(model_dir, &tg, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire eval ner: %s\n", err);
    goto done;
  }
  if (pred_path && !(pf = fopen(pred_path, "w"))) {
    fprintf(stderr, "claimwire eval ner: cannot write %s\n", pred_path);
    goto done;
  }
  ts = tagger_scratch_create();
  w = cw_malloc(TAGGER_MAX_WORDS * sizeof(*w));
  pos = cw_malloc(TAGGER_MAX_WORDS);
  lab = cw_malloc(TAGGER_MAX_WORDS);
  pred = cw_malloc(TAGGER_MAX_WORDS * sizeof(char *));
  conll_score_t sc;
  memset(&sc, 0, sizeof sc);
  double tag_time = 0;
  for (size_t s = 0; s < c->nsent; s++) {
    const conll_sent_t *st = &c->sent[s];
    /* sentences longer than the tagger accepts are tagged in pieces */
    for (size_t b = 0; b < st->n; b += TAGGER_MAX_WORDS) {
      size_t n = st->n - b < TAGGER_MAX_WORDS ? st->n - b : TAGGER_MAX_WORDS;
      for (size_t i = 0; i < n; i++) {
        w[i].s = st->word[b + i];
        w[i].len = (uint32_t)strlen(st->word[b + i]);
      }
      double t0 = now_s();
      if (tagger_tag(tg, ts, w, n, pos, lab) != CW_OK) {
        fprintf(stderr, "claimwire eval ner: tagging sentence %zu failed\n", s + 1);
        goto done;
      }
      tag_time += now_s() - t0;
      for (size_t i = 0; i < n; i++)
        pred[i] = tagger_ner_name(tg, lab[i]);
      conll_score_add(&sc, (const char *const *)st->ner + b, pred, n);
      for (size_t i = 0; pf && i < n; i++)
        fprintf(pf, "%s %s %s\n", st->word[b + i], st->ner[b + i], pred[i]);
    }
    if (pf)
      fputc('\n', pf);
  }
  if (pf && (ferror(pf) || fclose(pf) != 0)) {
    pf = NULL;
    fprintf(stderr, "claimwire eval ner: writing %s failed\n", pred_path);
    goto done;
  }
  pf = NULL;
  print_scores(&sc);
  fprintf(stderr, "tagged %zu tokens in %.3fs (POS + NER): %.0f tokens/s\n", sc.tokens, tag_time,
          tag_time > 0 ? (double)sc.tokens / tag_time : 0.0);
  rc = CW_EXIT_OK;
done:
  if (pf)
    fclose(pf);
  free(w);
  free(pos);
  free(lab);
  free(pred);
  tagger_scratch_destroy(&ts);
  tagger_destroy(&tg);
  conll_destroy(&c);
  return rc;
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
