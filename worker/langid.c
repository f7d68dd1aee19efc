/* langid.c - function-word language guess (see langid.h). For each language its most frequent
 * short words in news text, leaving out English words another listed language uses as often
 * ("in", "is", "a", "on", "as", "was", "will", "also", "i", "me", "do" are German, Dutch,
 * Romance or Portuguese words too), so an English hit says something. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cw_alloc.h"
#include "cw_utf8.h"
#include "langid.h"

/* Language bits, in the order of codes[]. */
enum { EN = 1 << 0, DE = 1 << 1, FR = 1 << 2, ES = 1 << 3, IT = 1 << 4, NL = 1 << 5, PT = 1 << 6 };
static const char *const codes[] = {"en", "de", "fr", "es", "it", "nl", "pt"};
#define N_LANGS (sizeof(codes) / sizeof(codes[0]))

/* The function words, each with the languages that use it (alphabetical, for the reader). */
typedef struct {
  const char *word;
  unsigned langs;
} fword_t;

static const fword_t fwords[] = {
  {"aan", NL}, {"aber", DE}, {"about", EN}, {"ad", IT}, {"after", EN}, {"al", ES | IT},
  {"alla", IT}, {"als", DE}, {"am", DE}, {"anche", IT}, {"and", EN}, {"ao", PT}, {"are", EN},
  {"as", PT}, {"at", EN}, {"au", FR}, {"auch", DE}, {"auf", DE}, {"aus", DE}, {"aux", FR},
  {"avec", FR}, {"be", EN}, {"because", EN}, {"been", EN}, {"bei", DE}, {"being", EN},
  {"bij", NL}, {"but", EN}, {"by", EN}, {"can", EN}, {"ce", FR}, {"cette", FR}, {"che", IT},
  {"com", PT}, {"come", IT}, {"como", ES | PT}, {"con", ES | IT}, {"could", EN}, {"da", IT | PT},
  {"dalla", IT}, {"dan", NL}, {"dans", FR}, {"das", DE | PT}, {"dass", DE}, {"dat", NL},
  {"de", ES | NL | PT}, {"degli", IT}, {"dei", IT}, {"del", ES | IT}, {"della", IT},
  {"delle", IT}, {"dem", DE}, {"den", DE}, {"der", DE}, {"des", DE | FR}, {"desde", ES},
  {"di", IT}, {"did", EN}, {"die", DE}, {"do", PT}, {"does", EN}, {"door", NL}, {"dos", PT},
  {"du", FR}, {"e", IT | PT}, {"een", NL}, {"ein", DE}, {"eine", DE}, {"einem", DE},
  {"einer", DE}, {"eines", DE}, {"el", ES}, {"ele", PT}, {"elle", FR}, {"em", PT},
  {"en", ES | NL}, {"entre", ES}, {"er", NL}, {"es", DE | ES}, {"est", FR}, {"esta", ES},
  {"este", ES}, {"et", FR}, {"foi", PT}, {"for", EN}, {"from", EN}, {"fue", ES}, {"für", DE},
  {"gli", IT}, {"ha", ES | IT}, {"haben", DE}, {"had", EN}, {"han", ES}, {"has", EN}, {"hat", DE},
  {"have", EN}, {"hay", ES}, {"he", EN}, {"heeft", NL}, {"her", EN}, {"het", NL}, {"hij", NL},
  {"him", EN}, {"his", EN}, {"how", EN}, {"ich", DE}, {"ihre", DE}, {"il", FR | IT}, {"im", DE},
  {"in", NL}, {"into", EN}, {"is", NL}, {"ist", DE}, {"it", EN}, {"its", EN}, {"kan", NL},
  {"l", FR}, {"la", FR | ES}, {"las", ES}, {"le", FR | ES | IT}, {"les", FR}, {"leur", FR},
  {"lo", ES}, {"los", ES}, {"lui", FR}, {"ma", IT}, {"maar", NL}, {"mais", FR | PT}, {"mas", PT},
  {"met", NL}, {"mit", DE}, {"more", EN}, {"muy", ES}, {"my", EN}, {"más", ES}, {"na", PT},
  {"naar", NL}, {"nach", DE}, {"ne", FR}, {"nel", IT}, {"nella", IT}, {"nicht", DE}, {"niet", NL},
  {"no", PT}, {"noch", DE}, {"nog", NL}, {"non", IT}, {"not", EN}, {"nous", FR}, {"nur", DE},
  {"não", PT}, {"o", PT}, {"oder", DE}, {"of", EN}, {"om", NL}, {"ont", FR}, {"ook", NL},
  {"op", NL}, {"or", EN}, {"os", PT}, {"ou", FR}, {"our", EN}, {"out", EN}, {"over", EN},
  {"par", FR}, {"para", ES | PT}, {"pas", FR}, {"pela", PT}, {"pelo", PT}, {"per", IT},
  {"pero", ES}, {"più", IT}, {"plus", FR}, {"por", ES | PT}, {"pour", FR}, {"qu", FR},
  {"que", FR | ES | PT}, {"questo", IT}, {"qui", FR}, {"sa", FR}, {"said", EN}, {"says", EN},
  {"se", FR | ES | PT}, {"según", ES}, {"sei", DE}, {"seine", DE}, {"selon", FR}, {"ses", FR},
  {"seu", PT}, {"she", EN}, {"should", EN}, {"si", IT}, {"sich", DE}, {"sie", DE}, {"sin", ES},
  {"sind", DE}, {"sobre", ES}, {"son", FR}, {"sono", IT}, {"sont", FR}, {"stato", IT}, {"su", ES},
  {"sua", PT}, {"sur", FR}, {"sus", ES}, {"también", ES}, {"também", PT}, {"te", NL},
  {"than", EN}, {"that", EN}, {"the", EN}, {"their", EN}, {"them", EN}, {"there", EN},
  {"these", EN}, {"they", EN}, {"this", EN}, {"those", EN}, {"to", EN}, {"tot", NL}, {"uit", NL},
  {"um", DE | PT}, {"uma", PT}, {"un", IT}, {"una", ES | IT}, {"und", DE}, {"une", FR},
  {"uns", DE}, {"up", EN}, {"van", NL}, {"von", DE}, {"voor", NL}, {"vor", DE}, {"we", EN},
  {"werd", NL}, {"werden", DE}, {"were", EN}, {"what", EN}, {"when", EN}, {"which", EN},
  {"while", EN}, {"who", EN}, {"wie", DE}, {"wir", DE}, {"wird", DE}, {"with", EN},
  {"worden", NL}, {"wordt", NL}, {"would", EN}, {"wurde", DE}, {"y", ES}, {"ya", ES}, {"you", EN},
  {"zijn", NL}, {"zu", DE}, {"zum", DE}, {"zur", DE}, {"è", IT}, {"é", PT}, {"était", FR},
  {"été", FR}, {"über", DE},
};

#define N_FWORDS (sizeof(fwords) / sizeof(fwords[0]))

/* Longest function word, bytes ("también"): longer words are not looked up. */
#define MAX_FWORD_BYTES 8

/* Function words in an open-addressing hash table keyed by the word's bytes packed into 64
 * bits (every function word fits in MAX_FWORD_BYTES = 8): a lookup is a multiplication and
 * one or two compares instead of a binary search over strings. */
#define SLOTS 1024u /* a power of two, over three times the words */

struct cw_langid_s {
  uint64_t key[SLOTS]; /* 0: empty slot (a word has at least one byte) */
  uint8_t langs[SLOTS];
};

/* The word @p w of @p n <= 8 bytes as a key (bytes in order, zero-padded). */
static uint64_t word_key(const char *w, size_t n) {
  uint64_t k = 0;
  memcpy(&k, w, n);
  return k;
}

static size_t slot_of(uint64_t k) { return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 54); }

cw_langid_t *cw_langid_create(void) {
  cw_langid_t *l = cw_calloc(1, sizeof(*l));
  for (size_t w = 0; w < N_FWORDS; w++) {
    size_t n = strlen(fwords[w].word);
    if (n > MAX_FWORD_BYTES) /* could never match a token: they are cut at that length */
      continue;
    uint64_t k = word_key(fwords[w].word, n);
    size_t i = slot_of(k);
    while (l->key[i] && l->key[i] != k)
      i = (i + 1) & (SLOTS - 1);
    l->key[i] = k;
    l->langs[i] = (uint8_t)(l->langs[i] | fwords[w].langs);
  }
  return l;
}

void cw_langid_destroy(cw_langid_t **pl) {
  if (!pl || !*pl)
    return;
  free(*pl);
  *pl = NULL;
}

/* @returns the languages of the function word @p w (@p n <= 8 bytes), 0 if it is none. */
static unsigned fword_langs(const cw_langid_t *l, const char *w, size_t n) {
  uint64_t k = word_key(w, n);
  for (size_t i = slot_of(k); l->key[i]; i = (i + 1) & (SLOTS - 1))
    if (l->key[i] == k)
      return l->langs[i];
  return 0;
}

/* Latin letters: ASCII, Latin-1 and Latin Extended-A/B (the languages above). */
static int is_latin_letter(uint32_t cp) {
  return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
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

const char *cw_langid_detect(const cw_langid_t *lid, const char *s, size_t n) {
  unsigned hits[N_LANGS] = {0};
  size_t i = 0, tokens = 0, latin = 0, other = 0;
  char tok[MAX_FWORD_BYTES]; /* the word, lower-cased */
  size_t tl = 0;
  int too_long = 0;
  while (i <= n && tokens < CW_LANGID_MAX_TOKENS) {
    uint32_t cp;
    if (i == n)
      cp = 0, i++;
    else if ((unsigned char)s[i] < 0x80) /* ASCII: most of the text, no decoding */
      cp = (unsigned char)s[i++];
    else
      cp = cw_utf8_next(s, n, &i);
    if (is_latin_letter(cp)) {
      latin++;
      if (cp < 0x80 && tl < MAX_FWORD_BYTES) {
        tok[tl++] = (char)(cp | 0x20); /* ASCII lower case */
      } else if (cp >= 0x80 && tl + 2 <= MAX_FWORD_BYTES) {
        tl += cw_utf8_encode(lower(cp), tok + tl); /* Latin-1 / Extended: 2 bytes */
      } else {
        too_long = 1; /* longer than any function word: not looked up */
      }
      continue;
    }
    if (is_other_letter(cp))
      other++;
    if (tl) { /* a word ended */
      tokens++;
      unsigned langs = too_long ? 0 : fword_langs(lid, tok, tl);
      for (size_t l = 0; langs && l < N_LANGS; l++)
        hits[l] += (langs >> l) & 1u;
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
    return codes[best];
  if (en >= 2 && en * 10 >= tokens && en >= 2 * xx)
    return codes[0];
  return NULL;
}

int cw_langid_is_english(const char *tag) {
  if (!tag)
    return 0;
  size_t n = strcspn(tag, "-_");
  return (n == 2 && !strncasecmp(tag, "en", 2)) || (n == 3 && !strncasecmp(tag, "eng", 3)) ||
         !strcasecmp(tag, "english");
}
