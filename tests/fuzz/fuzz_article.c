/* fuzz_article.c - libFuzzer target for cw_article_parse (worker/article.h), with the default
 * input settings or with Windows-1252 repair, and the language guess on what it parsed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "article.h"
#include "cw_utf8.h"
#include "cw_time.h"
#include "langid.h"
#include "fuzz_check.h"

static int article_valid_cstr(const char *s) {
  return cw_utf8_validate(s, strlen(s), NULL, NULL) == CW_OK;
}

/* Input layout: byte 0 = flags (bit 0: a key follows; bits 1-2: max_bytes choice; bit 3:
 * input.invalid_utf8 = windows_1252), then, with a
 * key, one length byte and the key, then the message value. The value is copied into a buffer
 * of exactly its size so that a read past its end is caught by AddressSanitizer. */
static int fuzz_article_one(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  const uint8_t flags = data[0];
  size_t pos = 1;
  const uint8_t *key = NULL;
  size_t key_len = 0;
  if ((flags & 1) && pos < size) {
    key_len = data[pos++];
    if (key_len > size - pos)
      key_len = size - pos;
    key = data + pos;
    pos += key_len;
  }
  const size_t len = size - pos;
  static const size_t limits[4] = {1024, 64, 1048576, 0};
  size_t max_bytes = limits[(flags >> 1) & 3];
  if (max_bytes == 0)
    max_bytes = len;

  uint8_t *value = malloc(len ? len : 1);
  FUZZ_CHECK(value != NULL);
  if (len)
    memcpy(value, data + pos, len);
  const cw_origin_t origin = {.topic = "articles", .partition = 3, .offset = 42,
                              .timestamp_ms = -1};
  cw_article_t *a = (cw_article_t *)(uintptr_t)1;
  char errstr[512];
  errstr[0] = '\0';
  const int cp1252 = (flags >> 3) & 1;
  cw_input_t *in = NULL;
  FUZZ_CHECK(cw_input_create(NULL, cp1252 ? "windows_1252" : "dead_letter", 1, NULL, &in,
                             errstr, sizeof(errstr)) == CW_OK);
  cw_err_t err = cw_article_parse_with(len ? value : NULL, len, key, key_len, &origin, max_bytes,
                                       in, &a, errstr, sizeof(errstr));
  if (err == CW_OK) {
    FUZZ_CHECK(a != NULL);
    FUZZ_CHECK(a->id != NULL && a->id[0] != '\0' && article_valid_cstr(a->id));
    /* A repaired byte takes up to 3 bytes of UTF-8 (U+20AC). */
    FUZZ_CHECK(a->body != NULL && a->body_len > 0 && a->body_len <= (cp1252 ? 3 * len : len));
    FUZZ_CHECK(cp1252 || !a->transcoded);
    FUZZ_CHECK(a->body[a->body_len] == '\0' && strlen(a->body) == a->body_len);
    FUZZ_CHECK(article_valid_cstr(a->body));
    FUZZ_CHECK(!a->url || article_valid_cstr(a->url));
    FUZZ_CHECK(!a->source || article_valid_cstr(a->source));
    FUZZ_CHECK(!a->title || article_valid_cstr(a->title));
    FUZZ_CHECK(!a->language || article_valid_cstr(a->language));
    FUZZ_CHECK(!a->published_at || a->published_at_ms != INT64_MIN);
    cw_datetime_t dt; /* the engine reads published_at as RFC 3339 */
    FUZZ_CHECK(!a->published_at || cw_time_parse_rfc3339(a->published_at, &dt) == CW_OK);
    cw_langid_t *lid = cw_langid_create();
    const char *lang = cw_langid_detect(lid, a->body, a->body_len);
    cw_langid_destroy(&lid);
    FUZZ_CHECK(!lang || strlen(lang) <= 3);
    FUZZ_CHECK(a->origin.partition == 3 && a->origin.offset == 42);
    FUZZ_CHECK(len <= max_bytes);
    cw_article_destroy(&a);
    FUZZ_CHECK(a == NULL);
  } else {
    FUZZ_CHECK(a == NULL);
    /* The reason becomes a dead-letter header: one line of UTF-8. */
    FUZZ_CHECK(errstr[0] != '\0');
    FUZZ_CHECK(strchr(errstr, '\n') == NULL);
    FUZZ_CHECK(article_valid_cstr(errstr));
  }
  cw_input_destroy(&in);
  free(value);
  return 0;
}

#ifndef CW_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_article_one(data, size);
}
#endif
