/* langid.h - a cheap guess of an article's language: is it English? The share of very common
 * function words of English and of German, French, Spanish, Italian, Dutch and Portuguese among
 * the first CW_LANGID_MAX_TOKENS words, and the share of letters outside the Latin script. It
 * answers only when the text says so clearly; short or mixed texts get no answer. */
#ifndef CW_LANGID_H
#define CW_LANGID_H
#include <stddef.h>

/** Words looked at: the text's start is enough and keeps the cost flat (microseconds). */
#define CW_LANGID_MAX_TOKENS 400
/** Fewer words than this: no answer. */
#define CW_LANGID_MIN_TOKENS 6

typedef struct cw_langid_s cw_langid_t;

/** @returns a language guesser (its function-word table built); free with cw_langid_destroy().
 * @locality any thread; read-only afterwards, so threads may share it. */
cw_langid_t *cw_langid_create(void);

/** @brief Frees *@p l and sets it to NULL. Accepts NULL. */
void cw_langid_destroy(cw_langid_t **l);

/**
 * @brief Guesses the language of the UTF-8 text @p s (@p n bytes, already validated).
 * @returns a static ISO 639-1 code ("en", "de", "fr", "es", "it", "nl", "pt"), "und" for a text
 *          mostly in a non-Latin script (not English, language not told apart), or NULL when the
 *          text is too short or its function words point nowhere clearly.
 */
const char *cw_langid_detect(const cw_langid_t *l, const char *s, size_t n);

/** @returns non-zero if the language tag @p tag ("en", "EN", "en-GB", "en_US", "eng",
 * "English") names English. */
int cw_langid_is_english(const char *tag);

#endif
