/* test_tagger.c - the committed POS and NER models tag a few hand-written sentences. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gaz.h"
#include "nerdoc.h"
#include "tagfeat.h"
#include "tagfeat_int.h"
#include "tagger.h"
#include "testhelp.h"
#include "wclust.h"

#define MODEL_DIR CW_SOURCE_DIR "/worker/extract/models"

/* Splits @p text at spaces into @p w (views into text); returns the word count. */
static size_t words(const char *text, tagger_word_t *w, size_t max) {
  size_t n = 0;
  const char *p = text;
  while (*p && n < max) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    const char *e = strchr(p, ' ');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    w[n].s = p;
    w[n].len = (uint32_t)len;
    n++;
    p += len;
  }
  return n;
}

/*
 * tagger_tag() keeps words it has seen in its scratch: with more distinct words than the cache
 * holds (so words evict each other, also within one sentence), tagged twice, and with a
 * second tagger alternating on the same scratch, its labels equal tagger_pos() and
 * tagger_ner(), which compute every feature afresh.
 */
static void test_word_cache(const tagger_t *t, const char *dir) {
  enum { NW = 40000, SENT = 40 };
  static char text[NW][16];
  static const char *const stems[] = {"Berlin", "said", "the", "market", "Smith", "rose", "of",
                                      "Corp", "in", "2024", "McDonald", "talks"};
  tagger_word_t *w = calloc(NW, sizeof(*w));
  for (size_t i = 0; i < NW; i++) {
    const char *st = stems[(i * 7) % 12];
    /* a third of the words repeat a stem alone, the rest are distinct forms */
    if (i % 3 == 0)
      snprintf(text[i], sizeof text[i], "%s", st);
    else
      snprintf(text[i], sizeof text[i], "%s%zu", st, i);
    w[i].s = text[i];
    w[i].len = (uint32_t)strlen(text[i]);
  }
  char err[256];
  tagger_t *t2 = NULL;
  CHECK_INT(tagger_load(dir, &t2, err, sizeof err), CW_OK);
  tagger_scratch_t *cached = tagger_scratch_create(), *fresh = tagger_scratch_create();
  int same = 1;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k + SENT <= NW; k += SENT) {
      const tagger_t *tg = (k / SENT) % 5 == 4 && t2 ? t2 : t;
      uint8_t p1[SENT], n1[SENT], p2[SENT], n2[SENT];
      CHECK_INT(tagger_tag(tg, cached, w + k, SENT, p1, n1), CW_OK);
      CHECK_INT(tagger_pos(tg, fresh, w + k, SENT, p2), CW_OK);
      CHECK_INT(tagger_ner(tg, fresh, w + k, SENT, p2, n2), CW_OK);
      same &= memcmp(p1, p2, SENT) == 0 && memcmp(n1, n2, SENT) == 0;
    }
  }
  /* all-caps sentences (the templates that pair a word with the sentence being all caps):
   * the same words in capitals, and the headline words also cached in mixed case */
  static const char *const heads[] = {"PARIS", "SAID", "THE", "MINISTER", "JOHN", "SMITH",
                                      "OF", "ACME", "CORP", "IN", "LONDON", "ON", "MONDAY"};
  for (size_t i = 0; i < NW; i++) {
    for (char *c = text[i]; *c; c++)
      if (*c >= 'a' && *c <= 'z')
        *c = (char)(*c - 32);
    if (i % 4 == 1) {
      w[i].s = heads[(i / 4) % 13];
      w[i].len = (uint32_t)strlen(w[i].s);
    }
  }
  for (size_t k = 0; k + SENT <= NW; k += SENT) {
    uint8_t p1[SENT], n1[SENT], p2[SENT], n2[SENT];
    CHECK_INT(tagger_tag(t, cached, w + k, SENT, p1, n1), CW_OK);
    CHECK_INT(tagger_pos(t, fresh, w + k, SENT, p2), CW_OK);
    CHECK_INT(tagger_ner(t, fresh, w + k, SENT, p2, n2), CW_OK);
    same &= memcmp(p1, p2, SENT) == 0 && memcmp(n1, n2, SENT) == 0;
  }
  CHECK(same);
  tagger_scratch_destroy(&cached);
  tagger_scratch_destroy(&fresh);
  tagger_destroy(&t2);
  free(w);
}

/* A word's facts carry the count of its own NER features (the fast path's cap on the
 * gazetteer features reads it, also for cached words whose affixes are not kept): it is what
 * feat_ner_local() lists, for words of every length, and for the boundary tokens. */
static void test_ner_local_count(void) {
  static const char *const ws[] = {"", "a", "of", "the", "Corp", "market", "über", "x-ray",
                                   "McDonald", "2024", "Ö", "internationalisation"};
  uint64_t o[FEAT_MAX_PER_TOKEN];
  tokfact_t f;
  for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
    memset(&f, 0xa5, sizeof f);
    feat_fact_word(&f, ws[i], strlen(ws[i]));
    CHECK_INT((int)feat_ner_local_count(&f), (int)feat_ner_local(&f, o));
  }
  memset(&f, 0xa5, sizeof f);
  feat_fact_boundary(&f, BOS_TAG);
  CHECK_INT((int)feat_ner_local_count(&f), (int)feat_ner_local(&f, o));
}

/* Tags @p text and compares the space-separated POS tags and NER labels (either may be NULL). */
static void expect(const tagger_t *t, tagger_scratch_t *s, const char *text, const char *want_pos,
                   const char *want_ner) {
  tagger_word_t w[64];
  uint8_t pos[64], ner[64];
  char got_pos[1024] = "", got_ner[1024] = "";
  size_t n = words(text, w, 64);
  CHECK_INT(tagger_pos(t, s, w, n, pos), CW_OK);
  CHECK_INT(tagger_ner(t, s, w, n, pos, ner), CW_OK);
  for (size_t i = 0; i < n; i++) {
    if (i) {
      strcat(got_pos, " ");
      strcat(got_ner, " ");
    }
    strcat(got_pos, tagger_pos_name(t, pos[i]));
    strcat(got_ner, tagger_ner_name(t, ner[i]));
  }
  /* the combined call agrees with the two separate ones */
  uint8_t pos2[64], ner2[64];
  CHECK_INT(tagger_tag(t, s, w, n, pos2, ner2), CW_OK);
  CHECK(memcmp(pos, pos2, n) == 0);
  CHECK(memcmp(ner, ner2, n) == 0);
  if (want_pos)
    CHECK_MSG(strcmp(got_pos, want_pos) == 0, "%s\n  POS %s\n  want %s", text, got_pos, want_pos);
  if (want_ner)
    CHECK_MSG(strcmp(got_ner, want_ner) == 0, "%s\n  NER %s\n  want %s", text, got_ner, want_ner);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* Word clusters: induced from a toy corpus where days and cities fill the same slots, written,
 * loaded back; malformed files are refused with file:line. */
static void test_clusters(void) {
  static const char *const days[] = {"Monday", "Tuesday", "Friday"};
  static const char *const cities[] = {"Paris", "Berlin", "Madrid"};
  wclust_builder_t *b = wclust_builder_create();
  for (int r = 0; r < 40; r++) {
    for (int k = 0; k < 3; k++) {
      const char *s1[] = {"they", "met", "on", days[(r + k) % 3], "morning"};
      const char *s2[] = {"police", "in", cities[(r + 2 * k) % 3], "said", "."};
      size_t l1[5], l2[5];
      for (int i = 0; i < 5; i++) {
        l1[i] = strlen(s1[i]);
        l2[i] = strlen(s2[i]);
      }
      wclust_builder_add(b, s1, l1, 5);
      wclust_builder_add(b, s2, l2, 5);
    }
  }
  char path[] = "/tmp/cw_test_wclust_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0)
    return;
  close(fd);
  char err[256] = "";
  unsigned k[WCLUST_LEVELS] = {6, 2};
  CHECK_INT(wclust_builder_write(b, k, 1, 10, NULL, path, err, sizeof err), CW_OK);
  unsigned bad[WCLUST_LEVELS] = {1, 2};
  CHECK_INT(wclust_builder_write(b, bad, 1, 10, NULL, path, err, sizeof err), CW_ERR_INVALID);
  wclust_builder_destroy(&b);
  CHECK(b == NULL);
  wclust_t *wc = NULL;
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_OK);
  if (wc) {
    CHECK_INT(wclust_size(wc), 14);
    uint16_t a[WCLUST_LEVELS], c[WCLUST_LEVELS];
    CHECK(wclust_lookup(wc, "Monday", 6, a));
    CHECK(wclust_lookup(wc, "Friday", 6, c));
    CHECK_MSG(a[0] == c[0], "Monday %u, Friday %u", a[0], c[0]);
    CHECK(wclust_lookup(wc, "Paris", 5, a));
    CHECK(wclust_lookup(wc, "Madrid", 6, c));
    CHECK_MSG(a[0] == c[0], "Paris %u, Madrid %u", a[0], c[0]);
    CHECK(wclust_lookup(wc, "Berlin", 6, c) && a[0] == c[0]);
    CHECK(wclust_lookup(wc, "Monday", 6, c) && a[0] != c[0]); /* cities are not days */
    CHECK(!wclust_lookup(wc, "Tokyo", 5, a));
  }
  /* the checksum tells files apart: same file, same sum; one cluster changed, another */
  uint64_t sum = wclust_checksum(wc);
  CHECK(sum != 0 && wclust_checksum(NULL) == 0);
  wclust_destroy(&wc);
  wclust_destroy(&wc);
  write_file(path, "# wclust 1 4 2\nalpha\t1\t0\nbeta\t2\t1\n");
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_OK);
  uint64_t s1 = wclust_checksum(wc);
  wclust_destroy(&wc);
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_OK);
  CHECK(wclust_checksum(wc) == s1 && s1 != sum);
  wclust_destroy(&wc);
  write_file(path, "# wclust 1 4 2\nalpha\t1\t0\nbeta\t3\t1\n");
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_OK);
  CHECK(wclust_checksum(wc) != s1);
  wclust_destroy(&wc);

  write_file(path, "# wclust 1 4 2\nalpha\t1\t0\nbeta\t9\t0\n");
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_ERR_FORMAT);
  CHECK(wc == NULL && strstr(err, ":3:") != NULL);
  write_file(path, "# wclust 1 4 2\nalpha\t1\t0\nalpha\t2\t1\n");
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_ERR_FORMAT);
  CHECK(strstr(err, "duplicate") != NULL);
  write_file(path, "# wclust 1 4 2\nalpha\t1\t0\nbeta\t1"); /* truncated */
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_ERR_FORMAT);
  write_file(path, "alpha\t1\t0\n");
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_ERR_FORMAT);
  CHECK(strstr(err, ":1:") != NULL);
  remove(path);
  CHECK_INT(wclust_load(path, &wc, err, sizeof err), CW_ERR_NOT_FOUND);
  CHECK(wc == NULL);
}

/*
 * The committed NER model reads the document: a club name alone ("Rotor rose") is read as the
 * rest of the article names it ("Rotor Volgograd said", an organisation), after the first pass
 * over every sentence; a document that says nothing more of a sentence's words leaves its
 * labels as tagger_tag() gave them.
 */
static void test_document(const tagger_t *t, tagger_scratch_t *s) {
  static const char *doc[] = {"Shares in Rotor rose .", "Rotor Volgograd said profits rose ."};
  tagger_word_t w[2][8];
  uint8_t pos[2][8], lab[2][8], first[2][8];
  size_t n[2];
  CHECK(tagger_ner_uses_doc(t));
  int borg = tagger_ner_id(t, "B-ORG");
  tagger_doc_begin(s);
  for (int k = 0; k < 2; k++) {
    n[k] = words(doc[k], w[k], 8);
    CHECK_INT(tagger_tag(t, s, w[k], n[k], pos[k], lab[k]), CW_OK);
    memcpy(first[k], lab[k], n[k]);
    tagger_doc_add(s, w[k], n[k], lab[k]);
  }
  for (int k = 0; k < 2; k++)
    CHECK_INT(tagger_ner_doc(t, s, w[k], n[k], pos[k], lab[k]), CW_OK);
  CHECK_MSG(lab[0][2] == borg, "\"Rotor\" alone: %s", tagger_ner_name(t, lab[0][2]));
  CHECK_STR(tagger_ner_name(t, lab[1][0]), "B-ORG");
  CHECK_STR(tagger_ner_name(t, lab[1][1]), "I-ORG");

  /* the first sentence alone: nothing more to know */
  tagger_doc_begin(s);
  tagger_doc_add(s, w[0], n[0], first[0]);
  memcpy(lab[0], first[0], n[0]);
  CHECK_INT(tagger_ner_doc(t, s, w[0], n[0], pos[0], lab[0]), CW_OK);
  CHECK(memcmp(lab[0], first[0], n[0]) == 0);
  CHECK_INT(tagger_ner_doc(t, s, w[0], TAGGER_MAX_WORDS + 1, pos[0], lab[0]), CW_ERR_TOO_LARGE);
  CHECK_INT(tagger_ner_doc(t, s, w[0], 0, pos[0], lab[0]), CW_OK);
}

/*
 * The second pass relabels a sentence from the first pass's scores plus the document
 * features' (tagger_ner_doc() right after tagger_tag() and tagger_doc_add(), in order): the
 * labels equal those of the second pass that computes every feature again (the sentences
 * added without the scores of tagger_tag() just before, or relabelled out of order), which
 * holds only while the document features are the last features of a word.
 */
static void test_document_reuse(const tagger_t *t) {
  static const char *const docs[][5] = {
      {"Shares in Rotor rose .", "Rotor Volgograd said profits rose .", NULL},
      {"Alden Creel met officials in Varnholt on Monday .",
       "Creel said Varnholt would sign the accord .", "The Varnholt Trading Company rose 4 % .",
       "Shares of Varnholt fell as Creel spoke in Osgood .", NULL},
      {"TELLMAR WINS CUP FINAL", "Tellmar beat Osgood United 2-1 on Sunday .",
       "Osgood manager Piet Harlan said Tellmar deserved it .",
       "Harlan , 54 , joined Osgood from Tellmar Rovers in 2019 .", NULL},
  };
  enum { NS = 5, NW = 16 };
  tagger_scratch_t *a = tagger_scratch_create(), *b = tagger_scratch_create(),
                   *c = tagger_scratch_create();
  size_t reused = 0, relabelled = 0;
  for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
    tagger_word_t w[NS][NW];
    uint8_t pos[NS][NW], first[NS][NW], la[NS][NW], lb[NS][NW], lc[NS][NW];
    size_t n[NS], ns = 0;
    tagger_doc_begin(a);
    tagger_doc_begin(b);
    tagger_doc_begin(c);
    for (; ns < NS && docs[d][ns]; ns++) {
      n[ns] = words(docs[d][ns], w[ns], NW);
      CHECK_INT(tagger_tag(t, a, w[ns], n[ns], pos[ns], first[ns]), CW_OK);
      tagger_doc_add(a, w[ns], n[ns], first[ns]);
      CHECK_INT(tagger_tag(t, c, w[ns], n[ns], pos[ns], first[ns]), CW_OK);
      tagger_doc_add(c, w[ns], n[ns], first[ns]);
    }
    /* b: every sentence tagged before any is added, so no scores are kept */
    for (size_t k = 0; k < ns; k++)
      CHECK_INT(tagger_tag(t, b, w[k], n[k], pos[k], lb[k]), CW_OK);
    for (size_t k = 0; k < ns; k++)
      tagger_doc_add(b, w[k], n[k], first[k]);
    memcpy(la, first, sizeof first);
    memcpy(lb, first, sizeof first);
    memcpy(lc, first, sizeof first);
    for (size_t k = 0; k < ns; k++) {
      CHECK_INT(tagger_ner_doc(t, a, w[k], n[k], pos[k], la[k]), CW_OK);
      CHECK_INT(tagger_ner_doc(t, b, w[k], n[k], pos[k], lb[k]), CW_OK);
      size_t r = ns - 1 - k; /* c: last sentence first */
      CHECK_INT(tagger_ner_doc(t, c, w[r], n[r], pos[r], lc[r]), CW_OK);
    }
    for (size_t k = 0; k < ns; k++) {
      CHECK_MSG(memcmp(la[k], lb[k], n[k]) == 0, "document %zu sentence %zu", d, k);
      CHECK_MSG(memcmp(la[k], lc[k], n[k]) == 0, "document %zu sentence %zu", d, k);
      relabelled += memcmp(la[k], first[k], n[k]) != 0;
    }
    reused += tagger_doc_reused(a);
    CHECK_INT(tagger_doc_reused(b), 0);
    /* out of order: only a middle sentence can meet its own scores */
    CHECK(tagger_doc_reused(c) <= 1);
  }
  CHECK_MSG(reused >= 6, "%zu sentences relabelled from the first pass's scores", reused);
  CHECK(relabelled >= 1); /* the document features did change labels */
  tagger_scratch_destroy(&a);
  tagger_scratch_destroy(&b);
  tagger_scratch_destroy(&c);
}

/* Copies @p seq's features into @p out (off: n + 1 offsets from 0). */
static void copy_seq(const perc_seq_t *seq, uint32_t *off, uint64_t *out) {
  for (size_t i = 0; i <= seq->n; i++)
    off[i] = seq->off[i] - seq->off[0];
  memcpy(out, seq->feats + seq->off[0], off[seq->n] * sizeof(uint64_t));
}

/* Token @p i's features in @p all are those in @p head followed by those in @p tail. */
static int concat_at(size_t i, const uint32_t *oa, const uint64_t *all, const uint32_t *oh,
                     const uint64_t *head, const uint32_t *ot, const uint64_t *tail) {
  size_t nh = oh[i + 1] - oh[i], nt = ot[i + 1] - ot[i];
  return oa[i + 1] - oa[i] == nh + nt &&
         memcmp(all + oa[i], head + oh[i], nh * sizeof(uint64_t)) == 0 &&
         memcmp(all + oa[i] + nh, tail + ot[i], nt * sizeof(uint64_t)) == 0;
}

/*
 * The second NER pass adds the document features to the first pass's scores, which is exact
 * only while a word's features with the document are its features without it followed by
 * feat_ner_doc()'s: on both feature paths (feat_ner() and feat_tag_words() with
 * feat_ner_context()), with gazetteers and clusters.
 */
static void test_doc_features_last(const tagger_t *t) {
  enum { N = 9, CAP = N * 160 };
  static const char *const text = "Mr Alden Creel of Varnholt said Paris and Volgograd rose";
  static const char *const pos[N] = {"NNP", "NNP", "NNP", "IN", "NNP", "VBD", "NNP", "CC", "NNP"};
  tagger_word_t w[N + 2];
  size_t n = words(text, w, N);
  CHECK_INT(n, N);
  char err[256];
  gaz_t *g = NULL;
  wclust_t *wc = NULL;
  perc_model_t *pm = NULL, *nm = NULL;
  CHECK_INT(gaz_load(MODEL_DIR "/gaz", &g, err, sizeof err), CW_OK);
  CHECK_INT(wclust_load(MODEL_DIR "/clusters.txt", &wc, err, sizeof err), CW_OK);
  CHECK_INT(perc_model_load(MODEL_DIR "/pos.model", &pm, err, sizeof err), CW_OK);
  CHECK_INT(perc_model_load(MODEL_DIR "/ner.model", &nm, err, sizeof err), CW_OK);
  uint32_t doc[N] = {0};
  doc[1] = (1u << 1) | (2u << NERDOC_MAJ_SHIFT);
  doc[2] = (1u << 1) | (1u << 2) | NERDOC_LOWER | (2u << NERDOC_MAJ_SHIFT);
  doc[4] = (1u << 5) | (6u << NERDOC_MAJ_SHIFT);
  doc[8] = NERDOC_LOWER;
  uint8_t tags[N];
  for (size_t i = 0; i < N; i++)
    tags[i] = (uint8_t)tagger_pos_id(t, pos[i]);
  static uint64_t fa[CAP], fh[CAP], fd[CAP];
  uint32_t oa[N + 1], oh[N + 1], od[N + 1];
  uint64_t ss[N];
  feat_buf_t *b = feat_buf_create();
  perc_seq_t seq;
  const uint32_t *refs;
  const float *ip, *in;
  int ok = 1, some = 0;
  for (int path = 0; path < 2; path++) {
    for (int with = 0; with < 2; with++) {
      if (path == 0) {
        feat_ner(b, w, n, pos, g, wc, with ? doc : NULL, &seq);
      } else {
        feat_tag_words(b, pm, nm, wc, w, n, &ip, &in);
        feat_ner_context(b, w, n, tags, g, wc, with ? doc : NULL, &seq, &refs);
      }
      copy_seq(&seq, with ? oa : oh, with ? fa : fh);
    }
    feat_sshapes(b, n, ss);
    feat_ner_doc(b, doc, n, ss, &seq);
    copy_seq(&seq, od, fd);
    for (size_t i = 0; i < n; i++) {
      ok &= concat_at(i, oa, fa, oh, fh, od, fd);
      some += od[i + 1] > od[i];
    }
  }
  CHECK(ok);
  CHECK(some >= 8); /* words with document features, on both paths */
  feat_buf_destroy(&b);
  perc_model_destroy(&pm);
  perc_model_destroy(&nm);
  gaz_destroy(&g);
  wclust_destroy(&wc);
}

int main(void) {
  char err[512] = "";
  test_clusters();
  tagger_t *t = NULL;
  cw_err_t rc = tagger_load(MODEL_DIR, &t, err, sizeof err);
  CHECK_MSG(rc == CW_OK, "tagger_load(%s): %s", MODEL_DIR, err);
  if (rc != CW_OK)
    return TEST_REPORT();

  CHECK(tagger_pos_count(t) >= 40);
  CHECK_INT(tagger_ner_count(t), 9);
  CHECK_STR(tagger_ner_name(t, 0), "O");
  CHECK(tagger_pos_id(t, "NNP") >= 0);
  CHECK_INT(tagger_pos_id(t, "NOT-A-TAG"), -1);
  int bper = tagger_ner_id(t, "B-PER");
  CHECK(bper > 0);
  char bio = 0;
  const char *type = NULL;
  tagger_ner_split(t, (uint8_t)bper, &bio, &type);
  CHECK(bio == 'B');
  CHECK_STR(type, "PER");
  tagger_ner_split(t, 0, &bio, &type);
  CHECK(bio == 'O');
  CHECK_STR(type, "");
  CHECK_STR(tagger_ner_name(t, 200), "?");

  tagger_scratch_t *s = tagger_scratch_create();
  expect(t, s, "The committee approved the new budget on Monday .",
         "DT NN VBD DT JJ NN IN NNP .", "O O O O O O O O O");
  expect(t, s, "Angela Merkel met Emmanuel Macron in Paris on Tuesday .", NULL,
         "B-PER I-PER O B-PER I-PER O B-LOC O O O");
  expect(t, s, "The European Union imposed new sanctions on Russia .", NULL,
         "O B-ORG I-ORG O O O O B-LOC O");
  expect(t, s, "Shares of Microsoft fell 3 percent in New York on Friday .", NULL,
         "O O B-ORG O O O O B-LOC I-LOC O O O");
  expect(t, s, "German officials said the talks in Brussels would resume .", NULL,
         "B-MISC O O O O O B-LOC O O O");

  test_ner_local_count();
  test_word_cache(t, MODEL_DIR);
  test_document(t, s);
  test_document_reuse(t);
  test_doc_features_last(t);

  /* edge cases: empty sentence, too long, bad arguments */
  uint8_t one[1];
  CHECK_INT(tagger_pos(t, s, NULL, 0, one), CW_OK);
  CHECK_INT(tagger_ner(t, s, NULL, 0, one, one), CW_OK);
  tagger_word_t *big = calloc(TAGGER_MAX_WORDS + 1, sizeof(*big));
  uint8_t *tags = calloc(TAGGER_MAX_WORDS + 1, 1);
  for (size_t i = 0; i <= TAGGER_MAX_WORDS; i++) {
    big[i].s = "word";
    big[i].len = 4;
  }
  CHECK_INT(tagger_pos(t, s, big, TAGGER_MAX_WORDS + 1, tags), CW_ERR_TOO_LARGE);
  CHECK_INT(tagger_pos(t, s, big, TAGGER_MAX_WORDS, tags), CW_OK);
  CHECK_INT(tagger_ner(t, s, big, TAGGER_MAX_WORDS, tags, tags), CW_OK);
  CHECK_INT(tagger_pos(t, NULL, big, 1, tags), CW_ERR_INVALID);
  /* odd bytes: empty words, invalid UTF-8, a very long word */
  static char longw[5000];
  memset(longw, 'A', sizeof longw - 1);
  tagger_word_t odd[4] = {{"", 0}, {"\xff\xfe", 2}, {longw, (uint32_t)(sizeof longw - 1)},
                          {".", 1}};
  CHECK_INT(tagger_pos(t, s, odd, 4, tags), CW_OK);
  CHECK_INT(tagger_ner(t, s, odd, 4, tags, tags), CW_OK);
  uint8_t lab4[4];
  CHECK_INT(tagger_tag(t, s, odd, 4, tags, lab4), CW_OK);
  CHECK_INT(tagger_tag(t, s, big, TAGGER_MAX_WORDS + 1, tags, tags), CW_ERR_TOO_LARGE);
  CHECK_INT(tagger_tag(NULL, s, odd, 4, tags, lab4), CW_ERR_INVALID);
  free(big);
  free(tags);
  tagger_scratch_destroy(&s);
  CHECK(s == NULL);
  tagger_destroy(&t);
  CHECK(t == NULL);
  tagger_destroy(&t);

  rc = tagger_load("/nonexistent/model/dir", &t, err, sizeof err);
  CHECK_INT(rc, CW_ERR_NOT_FOUND);
  CHECK(t == NULL);
  CHECK(strstr(err, "pos.model") != NULL);
  return TEST_REPORT();
}
