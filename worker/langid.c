/* langid.c - function-word language guess (see langid.h). Each list holds a language's most
 * frequent short words in news text, leaving out words another listed language uses as often
 * (English "in", "is", "a", "on", "as", "was", "will", "also" are German, Dutch, Romance or
 * Portuguese words too), so a hit says something. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "cw_utf8.h"
#include "langid.h"

typedef struct {
  const char *code;
  const char *words; /* space-separated, with a space at both ends */
} lang_t;

static const lang_t langs[] = {
  {"en", " the of and to that for it with he by at said his be from has have are this not but "
         "they were which had who been their its would after more than about there or her she "
         "we can into over when what up out you our says them could these should because while "
         "him those being my how did does "},
  {"de", " der die das und ist nicht mit sich des auf für dem ein eine einer eines zu von den "
         "im auch wird werden sie es hat nach bei wurde aus als noch wie am über dass sind um "
         "oder aber vor zum zur sei seine ihre wir ich uns haben nur einem "},
  {"fr", " le la les des et est une du que qui dans pour pas sur au avec il ce sont par plus "
         "ont aux été cette ses leur mais ou son elle nous selon l qu ne se lui était sa "},
  {"es", " el la los las de que y en del se por con una para es al lo como más pero sus su "
         "fue ha este esta según también entre sobre han ya muy desde sin le hay "},
  {"it", " il di che e della per non un del sono con le gli ha nel dei alla anche si più "
         "questo delle è una al da dalla degli nella ma come stato ad "},
  {"nl", " de het een van en in is dat op te zijn met voor niet aan er ook om door naar bij "
         "werd maar heeft worden hij wordt nog dan tot uit kan "},
  {"pt", " o os de que e do da em um para com uma não no na dos se por mais as foi ao das "
         "pelo sua seu também é pela como mas ele "},
};
#define N_LANGS (sizeof(langs) / sizeof(langs[0]))

/* Latin letters: ASCII, Latin-1 and Latin Extended-A/B (the languages above). */
static int is_latin_letter(uint32_t cp) {
  return (cp < 0x80 && isalpha((int)cp)) ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* Letters of other scripts: Greek, Cyrillic, Hebrew, Arabic, Indic, ..., CJK, Hangul. */
static int is_other_letter(uint32_t cp) {
  return (cp >= 0x370 && cp < 0x2000) || (cp >= 0x3040 && cp < 0xA000) ||
         (cp >= 0xAC00 && cp < 0xD7B0);
}

/* Lower-cases a Latin letter (ASCII and Latin-1; the rest is left alone). */
static uint32_t lower(uint32_t cp) {
  if (cp < 0x80)
    return (uint32_t)tolower((int)cp);
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
    return cp + 0x20;
  return cp;
}

const char *cw_langid_detect(const char *s, size_t n) {
  unsigned hits[N_LANGS] = {0};
  size_t i = 0, tokens = 0, latin = 0, other = 0;
  char tok[32]; /* " word " */
  size_t tl = 0;
  int too_long = 0;
  while (i <= n && tokens < CW_LANGID_MAX_TOKENS) {
    uint32_t cp = i < n ? cw_utf8_next(s, n, &i) : (i++, 0);
    if (is_latin_letter(cp)) {
      latin++;
      char enc[4];
      size_t k = cw_utf8_encode(lower(cp), enc);
      if (tl + k + 3 > sizeof(tok))
        too_long = 1;
      else {
        memcpy(tok + 1 + tl, enc, k);
        tl += k;
      }
      continue;
    }
    if (is_other_letter(cp))
      other++;
    if (tl) { /* a word ended */
      tokens++;
      if (!too_long) {
        tok[0] = ' ';
        tok[tl + 1] = ' ';
        tok[tl + 2] = '\0';
        for (size_t l = 0; l < N_LANGS; l++)
          hits[l] += strstr(langs[l].words, tok) != NULL;
      }
      tl = 0;
      too_long = 0;
    }
  }
  if (other >= 20 && other > 2 * latin)
    return "und";
  if (tokens < CW_LANGID_MIN_TOKENS)
    return NULL;
  size_t best = 1;
  for (size_t l = 2; l < N_LANGS; l++)
    if (hits[l] > hits[best])
      best = l;
  unsigned en = hits[0], xx = hits[best];
  /* Running text is 30-50 % function words; ask for a tenth, and a clear lead. */
  if (xx >= 3 && xx * 10 >= tokens && xx >= 2 * en + 1)
    return langs[best].code;
  if (en >= 2 && en * 10 >= tokens && en >= 2 * xx)
    return langs[0].code;
  return NULL;
}

int cw_langid_is_english(const char *tag) {
  if (!tag)
    return 0;
  size_t n = strcspn(tag, "-_");
  return (n == 2 && !strncasecmp(tag, "en", 2)) || (n == 3 && !strncasecmp(tag, "eng", 3)) ||
         !strcasecmp(tag, "english");
}
