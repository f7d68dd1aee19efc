/* input.h - how input articles are read (config section input { }, README "Input"): which JSON
 * members hold each article field (a list of candidate names, the first one present wins),
 * what happens to bytes that are not UTF-8, and what happens to articles not in English. */
#ifndef CW_INPUT_H
#define CW_INPUT_H
#include <stddef.h>
#include "cw_err.h"

typedef enum {
  CW_FIELD_ID = 0,
  CW_FIELD_BODY,
  CW_FIELD_TITLE,
  CW_FIELD_URL,
  CW_FIELD_SOURCE,
  CW_FIELD_TIME,
  CW_FIELD_LANGUAGE,
  CW_FIELD__COUNT
} cw_field_t;

/* Default candidate names, comma-separated: the names of the original contract first, then the
 * names common feeds and feed-to-JSON converters use. */
#define CW_INPUT_DEFAULT_ID "id"
#define CW_INPUT_DEFAULT_BODY "body,text,content"
#define CW_INPUT_DEFAULT_TITLE "title,headline"
#define CW_INPUT_DEFAULT_URL "url,link"
#define CW_INPUT_DEFAULT_SOURCE "source"
#define CW_INPUT_DEFAULT_TIME "published_at,published,pubDate"
#define CW_INPUT_DEFAULT_LANGUAGE "language,lang"

/** What the article's language decides. */
typedef enum {
  CW_LANG_PROCESS = 0, /* English, or not known to be anything else: run the models */
  CW_LANG_SKIP,        /* not English: an entities record without entities, no claims */
  CW_LANG_DEAD_LETTER, /* not English, and input.unsupported_language = "dead_letter" */
} cw_lang_action_t;

typedef struct cw_input_s cw_input_t;

/**
 * @brief Builds the input settings.
 * @param names per field, comma-separated candidate member names (NULL: the default).
 * @param invalid_utf8 "dead_letter" or "windows_1252".
 * @param detect_language non-zero: guess the language of articles that do not give one.
 * @param unsupported_language "empty_record" or "dead_letter".
 * @returns CW_OK, or CW_ERR_CONFIG with "input.<key> ..." in @p errstr.
 */
cw_err_t cw_input_create(const char *const names[CW_FIELD__COUNT], const char *invalid_utf8,
                         int detect_language, const char *unsupported_language,
                         cw_input_t **out, char *errstr, size_t errstr_size) CW_WUR;
/** @returns the settings every default gives (same as cw_input_create with NULLs). */
cw_input_t *cw_input_new_defaults(void);
void cw_input_destroy(cw_input_t **in);

/** @returns the config key of @p f's list ("body_fields", ...). */
const char *cw_input_field_key(cw_field_t f);
/** @returns the number of candidate names of @p f, and them in *@p names. */
size_t cw_input_names(const cw_input_t *in, cw_field_t f, const char *const **names);
/** @returns non-zero if bytes that are not UTF-8 are read as Windows-1252. */
int cw_input_windows_1252(const cw_input_t *in);

/**
 * @brief Decides what the language of an article (tag @p *language from the input, or NULL)
 * makes of it. Without a tag and with detection on, the body @p body is looked at and a clear
 * guess is stored as a new string in *@p language (free()d by the caller with the article).
 * @returns the action; for anything but CW_LANG_PROCESS a one-line reason in @p reason.
 */
cw_lang_action_t cw_input_language(const cw_input_t *in, char **language, const char *body,
                                   size_t body_len, char *reason, size_t reason_size);

#endif
