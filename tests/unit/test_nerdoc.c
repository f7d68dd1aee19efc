/* test_nerdoc.c - the document memory of the NER second pass: per word, the first-pass labels
 * of the other occurrences of its case-folded form, their majority and lower-case uses. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nerdoc.h"
#include "testhelp.h"

/* Label ids as in a BIO NER model: O first. */
enum { O = 0, BLOC = 1, BPER = 4, IPER = 8 };

static size_t split(char *text, tagger_word_t *w, size_t max) {
  size_t n = 0;
  for (char *p = strtok(text, " "); p && n < max; p = strtok(NULL, " ")) {
    w[n].s = p;
    w[n].len = (uint32_t)strlen(p);
    n++;
  }
  return n;
}

static void test_counts(void) {
  nerdoc_t *d = nerdoc_create();
  tagger_word_t w[16], q[16];
  uint32_t info[16];
  char s1[] = "Ben King met the king in Paris";
  const uint8_t l1[] = {BPER, IPER, O, O, O, O, BLOC};
  char s2[] = "KING said PARIS and King";
  const uint8_t l2[] = {BPER, O, BLOC, O, BPER};
  size_t n1 = split(s1, w, 16);
  nerdoc_add(d, w, n1, l1);
  size_t n2 = split(s2, q, 16);
  nerdoc_add(d, q, n2, l2);

  /* "King" (I-PER) in sentence 1: the others are KING and King, both B-PER; "king" is a
   * lower-case use. Two words of the sentence have information. */
  CHECK_INT(nerdoc_info(d, w, n1, l1, info), 2);
  CHECK_INT(info[1], (1u << BPER) | NERDOC_LOWER | (uint32_t)(BPER + 1) << NERDOC_MAJ_SHIFT);
  /* "Ben" and "met" occur once: nothing; lower-case words never get information. */
  CHECK_INT(info[0], 0);
  CHECK_INT(info[2], 0);
  CHECK_INT(info[4], 0);
  /* "Paris" sees "PARIS" (B-LOC) */
  CHECK_INT(info[6], (1u << BLOC) | (uint32_t)(BLOC + 1) << NERDOC_MAJ_SHIFT);

  /* "KING" in sentence 2: I-PER once, B-PER once (its own B-PER left out): a tie goes to the
   * lower label id. */
  CHECK_INT(nerdoc_info(d, q, n2, l2, info), 3);
  CHECK_INT(info[0], (1u << BPER) | (1u << IPER) | NERDOC_LOWER |
                         (uint32_t)(BPER + 1) << NERDOC_MAJ_SHIFT);

  /* A word asked about with another first-pass label than it was added with: every
   * occurrence of that label counts, none is its own. */
  const uint8_t other[] = {O, O, O, O, O, O, O};
  CHECK_INT(nerdoc_info(d, w, n1, other, info), 3); /* "Ben" now sees its B-PER */
  CHECK_INT(info[1] & 0xffffu, (1u << BPER) | (1u << IPER) | NERDOC_LOWER);
  CHECK_INT(NERDOC_MAJ(info[1]), BPER + 1);

  /* A new document forgets the words. */
  nerdoc_reset(d);
  CHECK_INT(nerdoc_info(d, w, n1, l1, info), 0);
  nerdoc_destroy(&d);
  CHECK(d == NULL);
  nerdoc_destroy(&d);
}

/* Past the first table size: many forms, each found again. */
static void test_growth(void) {
  nerdoc_t *d = nerdoc_create();
  enum { N = 3000 };
  static char buf[N][8];
  tagger_word_t w[1];
  uint8_t lab[1] = {BPER};
  uint32_t info[1];
  for (int r = 0; r < 2; r++)
    for (int i = 0; i < N; i++) {
      snprintf(buf[i], sizeof buf[i], "W%d", i);
      w[0].s = buf[i];
      w[0].len = (uint32_t)strlen(buf[i]);
      nerdoc_add(d, w, 1, lab);
    }
  size_t found = 0;
  for (int i = 0; i < N; i++) {
    w[0].s = buf[i];
    w[0].len = (uint32_t)strlen(buf[i]);
    found += nerdoc_info(d, w, 1, lab, info) == 1 &&
             info[0] == ((1u << BPER) | (uint32_t)(BPER + 1) << NERDOC_MAJ_SHIFT);
  }
  CHECK_INT(found, N);
  /* A new document after a large one: every form of the old one is forgotten (the reset
   * clears the slots the document filled, through the table's growths), and the new one's
   * forms count from zero. */
  nerdoc_reset(d);
  size_t stale = 0;
  for (int i = 0; i < N; i++) {
    w[0].s = buf[i];
    w[0].len = (uint32_t)strlen(buf[i]);
    stale += nerdoc_info(d, w, 1, lab, info) != 0;
  }
  CHECK_INT(stale, 0);
  for (int r = 0; r < 2; r++)
    for (int i = 0; i < N; i += 7) {
      w[0].s = buf[i];
      w[0].len = (uint32_t)strlen(buf[i]);
      nerdoc_add(d, w, 1, lab);
    }
  size_t again = 0, others = 0;
  for (int i = 0; i < N; i++) {
    w[0].s = buf[i];
    w[0].len = (uint32_t)strlen(buf[i]);
    size_t k = nerdoc_info(d, w, 1, lab, info);
    if (i % 7 == 0)
      again += k == 1 && info[0] == ((1u << BPER) | (uint32_t)(BPER + 1) << NERDOC_MAJ_SHIFT);
    else
      others += k != 0;
  }
  CHECK_INT(again, (N + 6) / 7);
  CHECK_INT(others, 0);
  nerdoc_destroy(&d);
}

/* Labels O, B-LOC, B-MISC, B-ORG, B-PER, I-LOC, I-MISC, I-ORG, I-PER (ids 0..8). */
static void test_keep_spans(void) {
  static const char *const names[] = {"O",     "B-LOC", "B-MISC", "B-ORG", "B-PER",
                                      "I-LOC", "I-MISC", "I-ORG", "I-PER"};
  char bio[9];
  uint8_t type[9];
  nerdoc_label_kinds(names, 9, bio, type);
  CHECK(bio[0] == 'O' && type[0] == 0);
  CHECK(bio[4] == 'B' && bio[8] == 'I' && type[4] == type[8] && type[4] != type[1]);
  enum { BORG = 3, ILOC = 5, IORG = 7 };

  /* "President George W Bush said": the second pass made two persons of one */
  const uint8_t f1[] = {O, BPER, IPER, IPER, O};
  uint8_t s1[] = {O, BPER, O, BPER, O};
  nerdoc_keep_spans(bio, type, f1, s1, 5);
  CHECK(memcmp(s1, f1, 5) == 0);
  /* "Port of Rotterdam": two places inside one organisation */
  const uint8_t f2[] = {BORG, IORG, IORG};
  uint8_t s2[] = {BLOC, ILOC, BLOC};
  nerdoc_keep_spans(bio, type, f2, s2, 3);
  CHECK(memcmp(s2, f2, 3) == 0);
  /* kept: a place and an organisation ("U.S. Treasury"), a title dropped ("Cardinal X"), a
   * whole name retyped, a word alone retyped */
  const uint8_t f3[] = {BORG, IORG, O, BPER, IPER, O, BLOC, ILOC, O, BLOC};
  uint8_t s3[] = {BLOC, BORG, O, O, BPER, O, BORG, IORG, O, BORG};
  uint8_t want3[sizeof s3];
  memcpy(want3, s3, sizeof s3);
  nerdoc_keep_spans(bio, type, f3, s3, sizeof s3);
  CHECK(memcmp(s3, want3, sizeof s3) == 0);
}

int main(void) {
  test_counts();
  test_keep_spans();
  test_growth();
  return TEST_REPORT();
}
