/* article.c - parses a raw message value into an article (contract: PRODUCT.md "Input").
 * Refusals carry a one-line reason that becomes the dead-letter header. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "article.h"
#include "cw_alloc.h"
#include "cw_limits.h"
#include "cw_time.h"
#include "cw_utf8.h"
#include "cp1252.h"
#include "pubtime.h"

void cw_article_destroy(cw_article_t **pa) {
  if (!pa || !*pa)
    return;
  cw_article_t *a = *pa;
  free(a->id);
  free(a->url);
  free(a->source);
  free(a->title);
  free(a->body);
  free(a->published_at);
  free(a->language);
  free(a);
  *pa = NULL;
}

/* Code points that show nothing: Unicode White_Space, controls (Cc) and the invisible format
 * characters (zero-width spaces and joiners, word joiner, BOM, soft hyphen). */
static int is_invisible(uint32_t cp) {
  return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD || cp == 0x1680 ||
         cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0xFEFF;
}

/* @returns non-zero if the valid UTF-8 @p s holds nothing visible. */
static int is_blank(const char *s, size_t n) {
  size_t i = 0;
  while (i < n)
    if (!is_invisible(cw_utf8_next(s, n, &i)))
      return 0;
  return 1;
}

/* @returns 0 if no array or object of the JSON text @p s nests deeper than CW_MAX_JSON_DEPTH
 * (strings skipped), else -1. Invalid JSON passes; the parser reports it. */
static int json_depth_ok(const char *s, size_t n) {
  unsigned depth = 0;
  int in_str = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = 0;
    } else if (c == '"') {
      in_str = 1;
    } else if (c == '{' || c == '[') {
      if (++depth > CW_MAX_JSON_DEPTH)
        return -1;
    } else if ((c == '}' || c == ']') && depth > 0) {
      depth--;
    }
  }
  return 0;
}

/* @returns the JSON type name of @p v for a reason ("a number", ...). */
static const char *json_kind(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER:
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  case JSON_NULL: return "null";
  default: return "an object";
  }
}

/* The first member of @p obj named in the candidate list of @p f that is present and not null,
 * or NULL; its name in *@p name. */
static json_t *member(json_t *obj, const cw_input_t *in, cw_field_t f, const char **name) {
  const char *const *names;
  size_t n = cw_input_names(in, f, &names);
  *name = n ? names[0] : cw_input_field_key(f);
  for (size_t i = 0; i < n; i++) {
    json_t *v = json_object_get(obj, names[i]);
    if (v && !json_is_null(v)) {
      *name = names[i];
      return v;
    }
  }
  return NULL;
}

/* Optional string field: absent or null -> NULL; a string -> copy; else a shape error. */
static cw_err_t opt_string(json_t *obj, const cw_input_t *in, cw_field_t f, size_t max,
                           char **out, char *errstr, size_t errsz) {
  const char *name;
  json_t *v = member(obj, in, f, &name);
  *out = NULL;
  if (!v)
    return CW_OK;
  if (!json_is_string(v)) {
    snprintf(errstr, errsz, "wrong shape: field '%s' must be a string", name);
    return CW_ERR_INVALID;
  }
  if (json_string_length(v) > max) {
    snprintf(errstr, errsz, "field '%s' is %zu bytes, over the limit of %zu", name,
             json_string_length(v), max);
    return CW_ERR_TOO_LARGE;
  }
  *out = cw_strndup(json_string_value(v), json_string_length(v));
  return CW_OK;
}

/* The publication time: RFC 3339 kept as given, any other accepted form (pubtime.h) rewritten
 * in RFC 3339 for the engine, and its epoch milliseconds. */
static cw_err_t parse_time(json_t *root, const cw_input_t *in, cw_article_t *a, char *errstr,
                           size_t errsz) {
  const char *name;
  json_t *v = member(root, in, CW_FIELD_TIME, &name);
  cw_datetime_t dt;
  char buf[64];
  if (!v)
    return CW_OK;
  if (json_is_number(v)) {
    if (cw_pubtime_from_epoch(json_number_value(v), &dt) != CW_OK) {
      snprintf(errstr, errsz, "wrong shape: %s %.17g is out of range as epoch seconds or "
               "milliseconds", name, json_number_value(v));
      return CW_ERR_INVALID;
    }
  } else if (json_is_string(v)) {
    const char *s = json_string_value(v);
    if (json_string_length(v) > 64 || cw_pubtime_parse(s, &dt) != CW_OK) {
      snprintf(errstr, errsz, "wrong shape: %s '%.40s' is not RFC 3339, RFC 2822, ISO 8601 or "
               "an epoch in seconds or milliseconds", name, s);
      return CW_ERR_INVALID;
    }
    cw_datetime_t as_given;
    if (cw_time_parse_rfc3339(s, &as_given) == CW_OK)
      a->published_at = cw_strdup(s);
  } else {
    snprintf(errstr, errsz, "wrong shape: field '%s' must be a string or a number", name);
    return CW_ERR_INVALID;
  }
  if (!a->published_at) {
    cw_pubtime_format(&dt, buf, sizeof(buf));
    a->published_at = cw_strdup(buf);
  }
  a->published_at_ms = cw_time_to_epoch_ms(&dt);
  return CW_OK;
}

static cw_err_t parse_json(const char *value, size_t len, const cw_input_t *in, cw_article_t *a,
                           char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  json_error_t jerr;
  const char *bname;
  if (json_depth_ok(value, len) != 0) {
    snprintf(errstr, errsz, "invalid JSON: nested deeper than %u levels", CW_MAX_JSON_DEPTH);
    return CW_ERR_INVALID;
  }
  json_t *root = json_loadb(value, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
  if (!root) {
    snprintf(errstr, errsz, "invalid JSON at line %d column %d: %s", jerr.line, jerr.column,
             jerr.text);
    return CW_ERR_INVALID;
  }
  if (!json_is_object(root)) {
    snprintf(errstr, errsz, "wrong shape: expected a JSON object, got %s", json_kind(root));
    err = CW_ERR_INVALID;
    goto out;
  }
  json_t *body = member(root, in, CW_FIELD_BODY, &bname);
  if (!body) {
    const char *const *names;
    cw_input_names(in, CW_FIELD_BODY, &names); /* one name at least (input.c) */
    snprintf(errstr, errsz, "wrong shape: missing required field '%s'", names[0]);
    err = CW_ERR_INVALID;
    goto out;
  }
  if (!json_is_string(body)) {
    snprintf(errstr, errsz, "wrong shape: field '%s' must be a string", bname);
    err = CW_ERR_INVALID;
    goto out;
  }
  if (is_blank(json_string_value(body), json_string_length(body))) {
    snprintf(errstr, errsz, "empty body");
    err = CW_ERR_INVALID;
    goto out;
  }
  if (memchr(json_string_value(body), '\0', json_string_length(body))) {
    snprintf(errstr, errsz, "body contains a NUL character");
    err = CW_ERR_INVALID;
    goto out;
  }
  a->body_len = json_string_length(body);
  a->body = cw_strndup(json_string_value(body), a->body_len);

  const char *iname;
  json_t *id = member(root, in, CW_FIELD_ID, &iname);
  if (id && json_is_integer(id)) {
    char buf[32];
    snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(id));
    a->id = cw_strdup(buf);
  } else if ((err = opt_string(root, in, CW_FIELD_ID, CW_MAX_ID_BYTES, &a->id, errstr, errsz))) {
    goto out;
  }
  if ((err = opt_string(root, in, CW_FIELD_URL, CW_MAX_META_BYTES, &a->url, errstr, errsz)) ||
      (err = opt_string(root, in, CW_FIELD_SOURCE, CW_MAX_META_BYTES, &a->source, errstr,
                        errsz)) ||
      (err = opt_string(root, in, CW_FIELD_TITLE, CW_MAX_META_BYTES, &a->title, errstr,
                        errsz)) ||
      (err = opt_string(root, in, CW_FIELD_LANGUAGE, 64, &a->language, errstr, errsz)) ||
      (err = parse_time(root, in, a, errstr, errsz)))
    goto out;
  if (a->id && !a->id[0]) {
    free(a->id);
    a->id = NULL;
  }
out:
  json_decref(root);
  return err;
}

/* Plain text: the whole value is the body (offsets stay those of the message); the first
 * non-blank line, trimmed, is the title. */
static cw_err_t parse_text(const char *value, size_t len, size_t skip, cw_article_t *a,
                           char *errstr, size_t errsz) {
  if (is_blank(value, len)) {
    snprintf(errstr, errsz, "empty body");
    return CW_ERR_INVALID;
  }
  if (memchr(value, '\0', len)) {
    snprintf(errstr, errsz, "body contains a NUL character");
    return CW_ERR_INVALID;
  }
  a->body = cw_strndup(value, len);
  a->body_len = len;
  size_t i = skip; /* a byte-order mark is no part of the title */
  while (i < len && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n'))
    i++;
  size_t e = i;
  while (e < len && value[e] != '\n' && e - i < CW_MAX_META_BYTES)
    e++;
  while (e > i && (value[e - 1] == ' ' || value[e - 1] == '\r' || value[e - 1] == '\t'))
    e--;
  /* Cutting at the byte limit may split a code point; back up to a boundary. */
  while (e > i && e < len && ((unsigned char)value[e] & 0xC0) == 0x80)
    e--;
  a->title = cw_strndup(value + i, e - i);
  return CW_OK;
}

/* @returns non-zero if @p s (starting at its first non-blank byte) is one JSON scalar and
 * nothing else: "null", "42", "true", "\"text\"" are refused as JSON of the wrong shape, not
 * taken as plain-text articles. */
static int looks_like_json_scalar(const char *s, size_t n) {
  if (!s[0] || !strchr("\"-0123456789tfn", s[0]))
    return 0;
  json_t *v = json_loadb(s, n, JSON_DECODE_ANY, NULL);
  int scalar = v != NULL;
  json_decref(v);
  return scalar;
}

/* A reason becomes a dead-letter header and a log line: make it one line of valid UTF-8, whatever
 * input bytes (quoted by jansson or by us) or truncation left in it. */
static void clean_reason(char *s) {
  size_t n = strlen(s), i = 0, o = 0, bad;
  while (i < n) {
    if (cw_utf8_validate(s + i, n - i, NULL, &bad) == CW_OK)
      bad = n - i;
    for (size_t k = 0; k < bad; k++, i++)
      s[o++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
    if (i < n) { /* one byte of a broken or cut sequence */
      s[o++] = '?';
      i++;
    }
  }
  s[o] = '\0';
}

cw_err_t cw_article_parse_with(const void *value, size_t len, const void *key, size_t key_len,
                               const cw_origin_t *origin, size_t max_bytes, const cw_input_t *in,
                               cw_article_t **out, char *errstr, size_t errsz) {
  cw_err_t err = CW_OK;
  size_t bad_at = 0;
  char *repaired = NULL;
  cw_input_t *own = in ? NULL : cw_input_new_defaults();
  cw_article_t *a = cw_calloc(1, sizeof(*a));
  a->published_at_ms = INT64_MIN;
  if (origin)
    a->origin = *origin;
  if (!in)
    in = own;
  *out = NULL;
  if (!value || len == 0) {
    snprintf(errstr, errsz, "empty message");
    err = CW_ERR_INVALID;
    goto out;
  }
  if (len > max_bytes) {
    snprintf(errstr, errsz, "message of %zu bytes is over the limit of %zu bytes", len,
             max_bytes);
    err = CW_ERR_TOO_LARGE;
    goto out;
  }
  if (cw_utf8_validate(value, len, NULL, &bad_at) != CW_OK) {
    if (!cw_input_windows_1252(in)) {
      snprintf(errstr, errsz, "invalid UTF-8 at byte %zu", bad_at);
      err = CW_ERR_UTF8;
      goto out;
    }
    /* input.invalid_utf8 = windows_1252: the bytes that are not UTF-8 are read as
     * Windows-1252; the article is the repaired text (plain-text offsets are into it). */
    repaired = cw_cp1252_repair(value, len, &len);
    value = repaired;
    a->transcoded = 1;
  }
  const char *v = value;
  size_t bom = len >= 3 && !memcmp(v, "\xEF\xBB\xBF", 3) ? 3 : 0, i = bom;
  while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n'))
    i++;
  if (i < len && (v[i] == '{' || v[i] == '[' || looks_like_json_scalar(v + i, len - i)))
    err = parse_json(v + bom, len - bom, in, a, errstr, errsz);
  else
    err = parse_text(v, len, bom, a, errstr, errsz);
  if (err)
    goto out;
  if (!a->id && key && key_len > 0 && key_len <= CW_MAX_ID_BYTES &&
      cw_utf8_validate(key, key_len, NULL, NULL) == CW_OK && !memchr(key, '\0', key_len))
    a->id = cw_strndup(key, key_len);
  if (!a->id) {
    char buf[600];
    snprintf(buf, sizeof(buf), "%s/%" PRId32 "/%" PRId64,
             origin && origin->topic ? origin->topic : "-", origin ? origin->partition : -1,
             origin ? origin->offset : (int64_t)-1);
    a->id = cw_strdup(buf);
  }
out:
  if (err) {
    cw_article_destroy(&a);
    clean_reason(errstr);
  }
  free(repaired);
  cw_input_destroy(&own);
  *out = a;
  return err;
}

cw_err_t cw_article_parse(const void *value, size_t len, const void *key, size_t key_len,
                          const cw_origin_t *origin, size_t max_bytes, cw_article_t **out,
                          char *errstr, size_t errsz) {
  return cw_article_parse_with(value, len, key, key_len, origin, max_bytes, NULL, out, errstr,
                               errsz);
}

cw_err_t cw_article_read(const void *value, size_t len, const void *key, size_t key_len,
                         const cw_origin_t *origin, size_t max_bytes, const cw_input_t *in,
                         cw_article_t **out, int *run_models, char *errstr, size_t errsz) {
  cw_input_t *own = in ? NULL : cw_input_new_defaults();
  cw_err_t err = cw_article_parse_with(value, len, key, key_len, origin, max_bytes,
                                       in ? in : own, out, errstr, errsz);
  *run_models = 0;
  if (!err) {
    cw_article_t *a = *out;
    cw_lang_action_t act = cw_input_language(in ? in : own, &a->language, a->body, a->body_len,
                                             errstr, errsz);
    *run_models = act == CW_LANG_PROCESS;
    if (act == CW_LANG_DEAD_LETTER) {
      cw_article_destroy(out);
      err = CW_ERR_LANGUAGE;
    }
  }
  cw_input_destroy(&own);
  return err;
}
