/* cmd_train.c - `claimwire train pos|ner`: trains a perceptron tagger model from CoNLL files. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "conll.h"
#include "train_attribution.h"
#include "cw_alloc.h"
#include "../extract/tagfeat.h" /* internal to the engine library */
#include "../extract/wclust.h"
#include "../extract/gaz.h"
#include "../extract/perceptron.h"

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
          "  --help          this text\n"
          "train clusters: word clusters for the NER features by the exchange algorithm over raw\n"
          "  text (one document or paragraph per line) and the words of CoNLL files.\n"
          "  --classes K1,K2 fine and coarse cluster counts (default 256,64)\n"
          "  --min-count N   cluster words seen at least N times (default 3)\n"
          "  --iters N       exchange passes per clustering (default 8)\n");
}

/* Splits a raw text line into tokens roughly the way the CoNLL data is tokenized: punctuation
 * peeled off word edges, "'s" and "n't" split off. Token views point into @p line. */
static size_t raw_tokens(const char *line, size_t len, const char **tok, size_t *tl, size_t max) {
  size_t n = 0, i = 0;
  while (i < len && n + 8 < max) {
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
      i++;
    size_t b = i;
    while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      i++;
    size_t e = i;
    while (b < e && e - b > 1 && strchr("\"'([{`", line[b])) {
      tok[n] = line + b;
      tl[n++] = 1;
      b++;
    }
    size_t ntail = 0;
    const char *tail[6];
    while (e - b > 1 && ntail < 6 && strchr("\"')]},;:!?.", line[e - 1])) {
      if (line[e - 1] == '.' && memchr(line + b, '.', e - 1 - b))
        break; /* U.S. */
      tail[ntail++] = line + e - 1;
      e--;
    }
    if (e - b > 3 && memcmp(line + e - 2, "'s", 2) == 0) {
      tok[n] = line + b;
      tl[n++] = e - 2 - b;
      tok[n] = line + e - 2;
      tl[n++] = 2;
    } else if (e - b > 3 && memcmp(line + e - 3, "n't", 3) == 0) {
      tok[n] = line + b;
      tl[n++] = e - 3 - b;
      tok[n] = line + e - 3;
      tl[n++] = 3;
    } else if (e > b) {
      tok[n] = line + b;
      tl[n++] = e - b;
    }
    while (ntail > 0) {
      tok[n] = tail[--ntail];
      tl[n++] = 1;
    }
  }
  return n;
}

/* "K1,K2": two whole numbers of classes; 0, or -1 if that is not what @p arg holds. */
static int parse_classes(const char *arg, unsigned k[WCLUST_LEVELS]) {
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
  unsigned k[WCLUST_LEVELS] = {256, 64}, min_count = 3, iters = 8;
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
  wclust_builder_t *b = wclust_builder_create();
  enum { MAXTOK = 1 << 16 };
  const char **tok = cw_malloc(MAXTOK * sizeof(char *));
  size_t *tl = cw_malloc(MAXTOK * sizeof(size_t));
  char *line = NULL;
  size_t cap = 0;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (o == 'c') {
      conll_t *c = NULL;
      if (conll_read(optarg, &c, err, sizeof err) != CW_OK) {
        fprintf(stderr, "claimwire train clusters: %s\n", err);
        goto done;
      }
      for (size_t s = 0; s < c->nsent; s++) {
        size_t n = c->sent[s].n < MAXTOK ? c->sent[s].n : MAXTOK;
        for (size_t i = 0; i < n; i++) {
          tok[i] = c->sent[s].word[i];
          tl[i] = strlen(tok[i]);
        }
        wclust_builder_add(b, tok, tl, n);
      }
      conll_destroy(&c);
    } else if (o == 't') {
      FILE *f = fopen(optarg, "r");
      if (!f) {
        fprintf(stderr, "claimwire train clusters: cannot read %s\n", optarg);
        goto done;
      }
      ssize_t len;
      while ((len = getline(&line, &cap, f)) > 0) {
        size_t n = raw_tokens(line, (size_t)len - (line[len - 1] == '\n'), tok, tl, MAXTOK);
        wclust_builder_add(b, tok, tl, n);
      }
      fclose(f);
    }
  }
  if (wclust_builder_write(b, k, min_count, iters, stderr, out, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train clusters: %s\n", err);
    goto done;
  }
  fprintf(stderr, "wrote %s\n", out);
  rc = CW_EXIT_OK;
done:
  free(line);
  free(tok);
  free(tl);
  wclust_builder_destroy(&b);
  return rc;
}

typedef struct {
  int ner;
  perc_model_t *posm; /* optional, ner only */
  gaz_t *gaz;
  wclust_t *wc;
  feat_buf_t *fb;
  perc_scratch_t *ps;
  const char **posname;
  uint8_t *tmp;
} trainctx_t;

/* Features of one sentence into seq (valid until the next call). */
static void sent_features(trainctx_t *c, const conll_sent_t *s, tagger_word_t *w,
                          perc_seq_t *seq) {
  for (size_t i = 0; i < s->n; i++) {
    w[i].s = s->word[i];
    w[i].len = (uint32_t)strlen(s->word[i]);
  }
  if (!c->ner) {
    feat_pos(c->fb, w, s->n, seq);
    return;
  }
  if (c->posm) {
    perc_seq_t ps;
    feat_pos(c->fb, w, s->n, &ps);
    perc_decode(c->posm, c->ps, &ps, FEAT_POS_BEAM, c->tmp);
    for (size_t i = 0; i < s->n; i++)
      c->posname[i] = perc_model_label(c->posm, c->tmp[i]);
  } else {
    for (size_t i = 0; i < s->n; i++)
      c->posname[i] = s->pos[i];
  }
  feat_ner(c->fb, w, s->n, c->posname, c->gaz, c->wc, seq);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The label set of the training data: sorted, with "O" first for NER. */
static size_t label_set(const conll_t *c, int ner, const char **names) {
  size_t n = 0;
  for (size_t s = 0; s < c->nsent; s++) {
    for (size_t i = 0; i < c->sent[s].n; i++) {
      const char *l = ner ? c->sent[s].ner[i] : c->sent[s].pos[i];
      size_t k = 0;
      while (k < n && strcmp(names[k], l) != 0)
        k++;
      if (k == n) {
        if (n == PERC_MAX_LABELS)
          return n + 1;
        names[n++] = l;
      }
    }
  }
  qsort(names, n, sizeof(char *), cmp_str);
  if (ner)
    for (size_t k = 0; k < n; k++)
      if (strcmp(names[k], "O") == 0) {
        memmove(names + 1, names, k * sizeof(char *));
        names[0] = "O";
      }
  return n;
}

static int label_of(const char **names, size_t n, const char *l) {
  for (size_t k = 0; k < n; k++)
    if (strcmp(names[k], l) == 0)
      return (int)k;
  return -1;
}

/* Dev score of model m: token accuracy (pos) or entity F1 (ner), both 0..1. */
static double dev_score(trainctx_t *c, const perc_model_t *m, const conll_t *dev, tagger_word_t *w,
                        uint8_t *out, const char **pred, conll_score_t *sc) {
  size_t tok = 0, ok = 0;
  memset(sc, 0, sizeof *sc);
  for (size_t s = 0; s < dev->nsent; s++) {
    const conll_sent_t *st = &dev->sent[s];
    perc_seq_t seq;
    sent_features(c, st, w, &seq);
    perc_decode(m, c->ps, &seq, c->ner ? FEAT_NER_BEAM : FEAT_POS_BEAM, out);
    for (size_t i = 0; i < st->n; i++) {
      pred[i] = perc_model_label(m, out[i]);
      tok++;
      ok += strcmp(pred[i], c->ner ? st->ner[i] : st->pos[i]) == 0;
    }
    if (c->ner)
      conll_score_add(sc, (const char *const *)st->ner, pred, st->n);
  }
  if (!c->ner)
    return tok ? (double)ok / (double)tok : 0.0;
  double p, r, f;
  conll_prf(sc->correct, sc->pred, sc->gold, &p, &r, &f);
  return f;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_train(int argc, char **argv) {
  int rc = CW_EXIT_USAGE;
  const char *train_path = NULL, *dev_path = NULL, *out_path = NULL, *pos_model = NULL,
             *gaz_dir = NULL, *clusters = NULL;
  long epochs = 8, min_count = 1, seed = 1;
  double prune = 0.01;
  char err[512];
  conll_t *train = NULL, *dev = NULL;
  perc_trainer_t *tr = NULL;
  perc_model_t *best = NULL;
  trainctx_t c = {0};
  tagger_word_t *w = NULL;
  uint8_t *gold = NULL, *out = NULL;
  const char **pred = NULL, **names = NULL;

  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? CW_EXIT_USAGE : CW_EXIT_OK;
  }
  if (strcmp(argv[1], "clusters") == 0)
    return train_clusters(argc - 1, argv + 1);
  if (strcmp(argv[1], "attribution") == 0)
    return train_attribution(argc - 1, argv + 1);
  if (strcmp(argv[1], "pos") == 0) {
    c.ner = 0;
  } else if (strcmp(argv[1], "ner") == 0) {
    c.ner = 1;
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
    {"clusters", required_argument, NULL, 'c'},
    {NULL, 0, NULL, 0}};
  optind = 1;
  int o;
  char *end;
  while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
    switch (o) {
    case 't': train_path = optarg; break;
    case 'd': dev_path = optarg; break;
    case 'o': out_path = optarg; break;
    case 'p': pos_model = optarg; break;
    case 'g': gaz_dir = optarg; break;
    case 'c': clusters = optarg; break;
    case 'e':
    case 'm':
    case 's': {
      long v = strtol(optarg, &end, 10);
      if (*end || v < (o == 's' ? 0 : 1) || v > 1000000) {
        fprintf(stderr, "claimwire train: bad number \"%s\"\n", optarg);
        return CW_EXIT_USAGE;
      }
      *(o == 'e' ? &epochs : o == 'm' ? &min_count : &seed) = v;
      break;
    }
    case 'x':
      prune = strtod(optarg, &end);
      if (*end || prune < 0 || prune > 1e6) {
        fprintf(stderr, "claimwire train: bad --prune \"%s\"\n", optarg);
        return CW_EXIT_USAGE;
      }
      break;
    case 'h': usage(stdout); return CW_EXIT_OK;
    default: usage(stderr); return CW_EXIT_USAGE;
    }
  }
  if (optind != argc - 1 || !train_path || !dev_path || !out_path) {
    fprintf(stderr, "claimwire train: --train, --dev and --out are required\n");
    usage(stderr);
    return CW_EXIT_USAGE;
  }
  if (!c.ner && (pos_model || gaz_dir || clusters)) {
    fprintf(stderr, "claimwire train: --pos-model, --gaz and --clusters apply to ner only\n");
    return CW_EXIT_USAGE;
  }
  rc = CW_EXIT_FAILURE;
  if (conll_read(train_path, &train, err, sizeof err) != CW_OK ||
      conll_read(dev_path, &dev, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train: %s\n", err);
    goto done;
  }
  if (pos_model && perc_model_load(pos_model, &c.posm, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train: %s\n", err);
    goto done;
  }
  if (c.posm && (perc_model_type(c.posm) != FEAT_MODEL_POS ||
                 perc_model_feature_version(c.posm) != FEAT_POS_VERSION)) {
    fprintf(stderr, "claimwire train: %s is not a pos model of this build\n", pos_model);
    goto done;
  }
  if (gaz_dir && gaz_load(gaz_dir, &c.gaz, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train: %s\n", err);
    goto done;
  }
  if (clusters && wclust_load(clusters, &c.wc, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train: %s\n", err);
    goto done;
  }
  names = cw_calloc(PERC_MAX_LABELS + 1, sizeof(char *));
  size_t L = label_set(train, c.ner, names);
  if (L < 2 || L > PERC_MAX_LABELS) {
    fprintf(stderr, "claimwire train: %zu labels in %s (need 2..%u)\n", L, train_path,
            PERC_MAX_LABELS);
    goto done;
  }
  size_t maxn = 1;
  for (size_t s = 0; s < train->nsent; s++)
    maxn = train->sent[s].n > maxn ? train->sent[s].n : maxn;
  for (size_t s = 0; s < dev->nsent; s++)
    maxn = dev->sent[s].n > maxn ? dev->sent[s].n : maxn;
  w = cw_malloc(maxn * sizeof(tagger_word_t));
  gold = cw_malloc(maxn);
  out = cw_malloc(maxn);
  pred = cw_malloc(maxn * sizeof(char *));
  c.posname = cw_malloc(maxn * sizeof(char *));
  c.tmp = cw_malloc(maxn);
  c.fb = feat_buf_create();
  c.ps = perc_scratch_create();
  uint32_t fver = c.ner ? FEAT_NER_VERSION | (c.gaz ? FEAT_NER_GAZ : 0) |
                              (c.wc ? FEAT_NER_CLUSTERS : 0)
                        : FEAT_POS_VERSION;
  tr = perc_trainer_create(L, names, c.ner ? FEAT_MODEL_NER : FEAT_MODEL_POS, fver);
  double t0 = now_s();
  for (size_t s = 0; s < train->nsent; s++) {
    const conll_sent_t *st = &train->sent[s];
    perc_seq_t seq;
    sent_features(&c, st, w, &seq);
    for (size_t i = 0; i < st->n; i++)
      gold[i] = (uint8_t)label_of(names, L, c.ner ? st->ner[i] : st->pos[i]);
    if (perc_trainer_add(tr, &seq, gold) != CW_OK) {
      fprintf(stderr, "claimwire train: bad sentence %zu\n", s);
      goto done;
    }
  }
  perc_trainer_freeze(tr, (unsigned)min_count);
  fprintf(stderr, "train %s: %zu sentences, %zu tokens, %zu labels; dev %zu sentences; features "
          "in %.1fs\n", c.ner ? "ner" : "pos", train->nsent, train->ntok, L, dev->nsent,
          now_s() - t0);
  double best_score = -1;
  long best_epoch = 0;
  conll_score_t sc;
  for (long e = 1; e <= epochs; e++) {
    double te = now_s();
    size_t ntok = 0;
    size_t ok = perc_trainer_epoch(tr, (uint64_t)(seed * 1000 + e),
                                   c.ner ? FEAT_NER_BEAM : FEAT_POS_BEAM, &ntok);
    perc_model_t *m = perc_trainer_model(tr, (float)prune);
    double score = dev_score(&c, m, dev, w, out, pred, &sc);
    fprintf(stderr, "epoch %ld/%ld: train acc %.4f, dev %s %.4f, %zu features (%.1fs)\n", e,
            epochs, ntok ? (double)ok / (double)ntok : 0.0, c.ner ? "F1" : "acc", score,
            perc_model_nfeatures(m), now_s() - te);
    if (c.ner) {
      for (size_t k = 0; k < sc.ntypes; k++) {
        double p, r, f;
        conll_prf(sc.t[k].correct, sc.t[k].pred, sc.t[k].gold, &p, &r, &f);
        fprintf(stderr, "  %-5s P %.4f R %.4f F1 %.4f\n", sc.t[k].type, p, r, f);
      }
    }
    if (score > best_score) {
      best_score = score;
      best_epoch = e;
      perc_model_destroy(&best);
      best = m;
    } else {
      perc_model_destroy(&m);
    }
  }
  if (perc_model_save(best, out_path, err, sizeof err) != CW_OK) {
    fprintf(stderr, "claimwire train: %s\n", err);
    goto done;
  }
  fprintf(stderr, "wrote %s: epoch %ld, dev %s %.4f, %zu features\n", out_path, best_epoch,
          c.ner ? "F1" : "acc", best_score, perc_model_nfeatures(best));
  rc = CW_EXIT_OK;
done:
  perc_model_destroy(&best);
  perc_trainer_destroy(&tr);
  perc_model_destroy(&c.posm);
  gaz_destroy(&c.gaz);
  wclust_destroy(&c.wc);
  feat_buf_destroy(&c.fb);
  perc_scratch_destroy(&c.ps);
  free(c.posname);
  free(c.tmp);
  free(w);
  free(gold);
  free(out);
  free(pred);
  free(names);
  conll_destroy(&train);
  conll_destroy(&dev);
  return rc;
}
