/* input.c - the input settings: field names, invalid UTF-8, language (see input.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "input.h"
#include "langid.h"

#define MAX_NAMES 16
#define MAX_NAME_BYTES 128

struct cw_input_s {
  char **names[CW_FIELD__COUNT];
  size_t n_names[CW_FIELD__COUNT];
  int windows_1252;
  int detect_language;
  int dead_letter_language;
  cw_langid_t *langid;
};

static const char *const keys[CW_FIELD__COUNT] = {
  [CW_FIELD_ID] = "id_fields",       [CW_FIELD_BODY] = "body_fields",
  [CW_FIELD_TITLE] = "title_fields", [CW_FIELD_URL] = "url_fields",
  [CW_FIELD_SOURCE] = "source_fields", [CW_FIELD_TIME] = "time_fields",
  [CW_FIELD_LANGUAGE] = "language_fields",
};

static const char *const defaults[CW_FIELD__COUNT] = {
  [CW_FIELD_ID] = CW_INPUT_DEFAULT_ID,         [CW_FIELD_BODY] = CW_INPUT_DEFAULT_BODY,
  [CW_FIELD_TITLE] = CW_INPUT_DEFAULT_TITLE,   [CW_FIELD_URL] = CW_INPUT_DEFAULT_URL,
  [CW_FIELD_SOURCE] = CW_INPUT_DEFAULT_SOURCE, [CW_FIELD_TIME] = CW_INPUT_DEFAULT_TIME,
  [CW_FIELD_LANGUAGE] = CW_INPUT_DEFAULT_LANGUAGE,
};

const char *cw_input_field_key(cw_field_t f) { return f < CW_FIELD__COUNT ? keys[f] : "?"; }

void cw_input_destroy(cw_input_t **pin) {
  if (!pin || !*pin)
    return;
  cw_input_t *in = *pin;
  for (int f = 0; f < CW_FIELD__COUNT; f++) {
    for (size_t i = 0; i < in->n_names[f]; i++)
      free(in->names[f][i]);
    free(in->names[f]);
  }
  cw_langid_destroy(&in->langid);
  free(in);
  *pin = NULL;
}

/* Splits "a, b,c" into names; refuses empty names, duplicates and too many or too long ones. */
static cw_err_t split_names(cw_input_t *in, cw_field_t f, const char *list, char *errstr,
                            size_t errsz) {
  const char *p = list;
  in->names[f] = cw_calloc(MAX_NAMES, sizeof(char *));
  for (;;) {
    while (*p == ' ')
      p++;
    size_t len = strcspn(p, ",");
    size_t end = len;
    while (end && p[end - 1] == ' ')
      end--;
    if (!end) {
      snprintf(errstr, errsz, "input.%s: an empty field name in \"%.200s\"", keys[f], list);
      return CW_ERR_CONFIG;
    }
    if (end > MAX_NAME_BYTES || in->n_names[f] == MAX_NAMES) {
      snprintf(errstr, errsz, "input.%s: at most %d names of at most %d bytes", keys[f],
               MAX_NAMES, MAX_NAME_BYTES);
      return CW_ERR_CONFIG;
    }
    for (size_t i = 0; i < in->n_names[f]; i++)
      if (strlen(in->names[f][i]) == end && !strncmp(in->names[f][i], p, end)) {
        snprintf(errstr, errsz, "input.%s: field name \"%.*s\" given twice", keys[f], (int)end,
                 p);
        return CW_ERR_CONFIG;
      }
    in->names[f][in->n_names[f]++] = cw_strndup(p, end);
    if (!p[len])
      break;
    p += len + 1;
  }
  return CW_OK;
}

cw_err_t cw_input_create(const char *const names[CW_FIELD__COUNT], const char *invalid_utf8,
                         int detect_language, const char *unsupported_language,
                         cw_input_t **out, char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  cw_input_t *in = cw_calloc(1, sizeof(*in));
  for (int f = 0; f < CW_FIELD__COUNT && !err; f++)
    err = split_names(in, (cw_field_t)f, names && names[f] ? names[f] : defaults[f], errstr,
                      errsz);
  if (err)
    goto out;
  if (!invalid_utf8 || !strcmp(invalid_utf8, "dead_letter")) {
    in->windows_1252 = 0;
  } else if (!strcmp(invalid_utf8, "windows_1252")) {
    in->windows_1252 = 1;
  } else {
    snprintf(errstr, errsz, "input.invalid_utf8 \"%.100s\" is not dead_letter or windows_1252",
             invalid_utf8);
    err = CW_ERR_CONFIG;
    goto out;
  }
  in->detect_language = detect_language;
  if (detect_language)
    in->langid = cw_langid_create();
  if (!unsupported_language || !strcmp(unsupported_language, "empty_record")) {
    in->dead_letter_language = 0;
  } else if (!strcmp(unsupported_language, "dead_letter")) {
    in->dead_letter_language = 1;
  } else {
    snprintf(errstr, errsz, "input.unsupported_language \"%.100s\" is not empty_record or "
             "dead_letter", unsupported_language);
    err = CW_ERR_CONFIG;
  }
out:
  if (err)
    cw_input_destroy(&in);
  *out = in;
  return err;
}

cw_input_t *cw_input_new_defaults(void) {
  cw_input_t *in = NULL;
  char errstr[256];
  if (cw_input_create(NULL, NULL, 1, NULL, &in, errstr, sizeof(errstr)) != CW_OK)
    abort(); /* the defaults are valid: test_input checks it */
  return in;
}

size_t cw_input_names(const cw_input_t *in, cw_field_t f, const char *const **names) {
  *names = (const char *const *)in->names[f];
  return in->n_names[f];
}

int cw_input_windows_1252(const cw_input_t *in) { return in->windows_1252; }

cw_lang_action_t cw_input_language(const cw_input_t *in, char **language, const char *body,
                                   size_t body_len, char *reason, size_t reason_size) {
  const char *how = "given";
  if (*language && !(*language)[0]) { /* "" says nothing */
    free(*language);
    *language = NULL;
  }
  if (!*language && in->detect_language) {
    const char *guess = cw_langid_detect(in->langid, body, body_len);
    if (guess)
      *language = cw_strdup(guess);
    how = "detected";
  }
  if (!*language || cw_langid_is_english(*language))
    return CW_LANG_PROCESS;
  snprintf(reason, reason_size, "unsupported language \"%.64s\" (%s); the models read English",
           *language, how);
  return in->dead_letter_language ? CW_LANG_DEAD_LETTER : CW_LANG_SKIP;
}
