/* test_langid.c - the language guess on news texts written for this test (tests/data/langid),
 * on short and mixed texts, and what the input settings make of an article's language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "input.h"
#include "langid.h"
#include "testhelp.h"

static char *slurp(const char *name, size_t *n) {
  char path[512];
  snprintf(path, sizeof(path), "%s/langid/%s", CW_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = malloc(1 << 16);
  *n = fread(buf, 1, (1 << 16) - 1, f);
  buf[*n] = '\0';
  fclose(f);
  return buf;
}

static cw_langid_t *lid;

static const char *detect(const char *s) { return cw_langid_detect(lid, s, strlen(s)); }

#define CHECK_LANG(got, want) CHECK_STR((got) ? (got) : "(none)", (want) ? (want) : "(none)")

int main(void) {
  lid = cw_langid_create();
  static const char *files[][2] = {
    {"en.txt", "en"}, {"en-quotes.txt", "en"}, {"de.txt", "de"}, {"fr.txt", "fr"},
    {"es.txt", "es"}, {"it.txt", "it"}, {"nl.txt", "nl"}, {"pt.txt", "pt"}, {"ru.txt", "und"},
  };
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    size_t n = 0;
    char *text = slurp(files[i][0], &n);
    CHECK_MSG(text != NULL, "cannot read %s", files[i][0]);
    if (!text)
      continue;
    const char *got = cw_langid_detect(lid, text, n);
    CHECK_MSG(got && !strcmp(got, files[i][1]), "%s: %s, expected %s", files[i][0],
              got ? got : "(none)", files[i][1]);
    /* The first sentence alone says as much. */
    size_t first = strcspn(text, ".");
    got = cw_langid_detect(lid, text, first + 1);
    CHECK_MSG(got && !strcmp(got, files[i][1]), "%s first sentence: %s, expected %s",
              files[i][0], got ? got : "(none)", files[i][1]);
    free(text);
  }

  /* Too short, or words that belong to no language: no answer (the article is processed). */
  CHECK_LANG(detect(""), NULL);
  CHECK_LANG(detect("Merkel trifft Macron"), NULL);
  CHECK_LANG(detect("Breaking: markets fall"), NULL);
  CHECK_LANG(detect("Angela Merkel, Emmanuel Macron, Pedro Sánchez, Giorgia Meloni, Berlin, "
                    "Paris, Madrid, Rom, Brüssel, NATO, G7, 2024"), NULL);
  CHECK_LANG(detect("12 345 678 9 10 11 12 13 14 15 16 17"), NULL);
  /* Half English, half German: no clear lead either way. */
  CHECK_LANG(detect("The minister said that the plan was not ready. Der Minister sagte, dass "
                    "der Plan nicht fertig sei."), NULL);
  /* English naming German things is English. */
  CHECK_LANG(detect("The Bundestag passed the Klimaschutzgesetz on Thursday, and the chancellor "
                    "said that it would be signed by the president."), "en");
  /* A German headline-length sentence is enough. */
  CHECK_LANG(detect("Die Regierung will die Steuern für kleine Unternehmen am Montag senken."),
             "de");
  /* Capitals and Latin-1 capitals are folded: "ÜBER" is "über". */
  CHECK_LANG(detect("DER STREIT ÜBER DIE RENTE IST NOCH NICHT BEENDET, SAGT DIE MINISTERIN."),
             "de");

  /* Language tags naming English. */
  const char *en_tags[] = {"en", "EN", "en-GB", "en_US", "eng", "English"};
  for (size_t i = 0; i < sizeof(en_tags) / sizeof(en_tags[0]); i++)
    CHECK_MSG(cw_langid_is_english(en_tags[i]), "%s", en_tags[i]);
  const char *other_tags[] = {"de", "de-AT", "fr", "enx", "e", "", "german"};
  for (size_t i = 0; i < sizeof(other_tags) / sizeof(other_tags[0]); i++)
    CHECK_MSG(!cw_langid_is_english(other_tags[i]), "%s", other_tags[i]);
  CHECK(!cw_langid_is_english(NULL));

  /* What the input settings make of it. */
  char reason[256] = "";
  cw_input_t *in = cw_input_new_defaults();
  char *lang = NULL;
  const char *de = "Die Regierung will die Steuern für kleine Unternehmen am Montag senken.";
  CHECK_INT(cw_input_language(in, &lang, de, strlen(de), reason, sizeof(reason)), CW_LANG_SKIP);
  CHECK_STR(lang, "de");
  CHECK_MSG(strstr(reason, "\"de\" (detected)") != NULL, "%s", reason);
  free(lang);
  /* A given tag wins over the text. */
  lang = strdup("en-GB");
  CHECK_INT(cw_input_language(in, &lang, de, strlen(de), reason, sizeof(reason)),
            CW_LANG_PROCESS);
  CHECK_STR(lang, "en-GB");
  free(lang);
  lang = strdup("fr");
  const char *en = "The minister said on Monday that the plan would be ready by the end of it.";
  CHECK_INT(cw_input_language(in, &lang, en, strlen(en), reason, sizeof(reason)), CW_LANG_SKIP);
  CHECK_MSG(strstr(reason, "\"fr\" (given)") != NULL, "%s", reason);
  free(lang);
  /* English, or no answer: processed; a clear English guess is recorded. */
  lang = NULL;
  CHECK_INT(cw_input_language(in, &lang, en, strlen(en), reason, sizeof(reason)),
            CW_LANG_PROCESS);
  CHECK_STR(lang, "en");
  free(lang);
  lang = NULL;
  CHECK_INT(cw_input_language(in, &lang, "Merkel trifft Macron", 20, reason, sizeof(reason)),
            CW_LANG_PROCESS);
  CHECK(lang == NULL);
  /* An empty tag is no tag. */
  lang = strdup("");
  CHECK_INT(cw_input_language(in, &lang, de, strlen(de), reason, sizeof(reason)), CW_LANG_SKIP);
  CHECK_STR(lang, "de");
  free(lang);
  cw_input_destroy(&in);

  /* Detection off: only a given tag counts. Dead-letter mode. */
  char err[256];
  CHECK_INT(cw_input_create(NULL, "dead_letter", 0, "dead_letter", &in, err, sizeof(err)), CW_OK);
  lang = NULL;
  CHECK_INT(cw_input_language(in, &lang, de, strlen(de), reason, sizeof(reason)),
            CW_LANG_PROCESS);
  CHECK(lang == NULL);
  lang = strdup("de");
  CHECK_INT(cw_input_language(in, &lang, de, strlen(de), reason, sizeof(reason)),
            CW_LANG_DEAD_LETTER);
  free(lang);
  cw_input_destroy(&in);
  cw_langid_destroy(&lid);
  CHECK(lid == NULL);
  return TEST_REPORT();
}
