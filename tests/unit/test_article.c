/* test_article.c - message values -> articles, and the reasons bad ones are refused with. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "article.h"
#include "testhelp.h"

static cw_origin_t origin = {"articles", 2, 41, -1};

static cw_err_t parse(const char *v, size_t len, const char *key, cw_article_t **a, char *err) {
  return cw_article_parse(v, len, key, key ? strlen(key) : 0, &origin, 1024 * 1024, a, err, 256);
}

#define P(s, key, a, err) parse((s), strlen(s), (key), (a), (err))

int main(void) {
  char err[256];
  cw_article_t *a = NULL;

  /* Full JSON. */
  CHECK_INT(P("{\"id\":\"a1\",\"title\":\"T\",\"body\":\"Hello world.\",\"url\":\"u\","
              "\"source\":\"s\",\"published_at\":\"2021-03-07T22:33:00+08:00\",\"language\":\"en\"}",
              "k", &a, err),
            CW_OK);
  CHECK_STR(a->id, "a1");
  CHECK_STR(a->body, "Hello world.");
  CHECK_STR(a->language, "en");
  CHECK_INT(a->published_at_ms, 1615127580000LL);
  cw_article_destroy(&a);
  CHECK(a == NULL);

  /* Id falls back to the key, then topic/partition/offset; numeric ids are accepted. */
  CHECK_INT(P("{\"body\":\"x\"}", "key-7", &a, err), CW_OK);
  CHECK_STR(a->id, "key-7");
  cw_article_destroy(&a);
  CHECK_INT(P("{\"body\":\"x\"}", NULL, &a, err), CW_OK);
  CHECK_STR(a->id, "articles/2/41");
  CHECK(a->published_at == NULL && a->published_at_ms == INT64_MIN);
  cw_article_destroy(&a);
  CHECK_INT(P("{\"id\":12,\"body\":\"x\"}", NULL, &a, err), CW_OK);
  CHECK_STR(a->id, "12");
  cw_article_destroy(&a);

  /* Plain text: whole value is the body, first line the title. */
  CHECK_INT(P("\n  Headline here  \nBody text.\n", "k", &a, err), CW_OK);
  CHECK_STR(a->title, "Headline here");
  CHECK_INT(a->body_len, strlen("\n  Headline here  \nBody text.\n"));
  cw_article_destroy(&a);

  /* Refusals, each with a reason. */
  CHECK_INT(parse("", 0, NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "empty message");
  CHECK(a == NULL);
  CHECK_INT(P("{\"body\": \"x\",", NULL, &a, err), CW_ERR_INVALID);
  CHECK_MSG(strncmp(err, "invalid JSON", 12) == 0, "%s", err);
  CHECK_INT(P("[1,2]", NULL, &a, err), CW_ERR_INVALID);
  CHECK_MSG(strstr(err, "expected a JSON object") != NULL, "%s", err);
  CHECK_INT(P("{\"title\":\"x\"}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: missing required field 'body'");
  CHECK_INT(P("{\"body\":42}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: field 'body' must be a string");
  CHECK_INT(P("{\"body\":\"  \\n \"}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "empty body");
  CHECK_INT(P("{\"body\":\"x\",\"title\":[1]}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: field 'title' must be a string");
  CHECK_INT(P("{\"body\":\"x\",\"published_at\":\"last tuesday\"}", NULL, &a, err),
            CW_ERR_INVALID);
  CHECK_MSG(strstr(err, "not RFC 3339") != NULL, "%s", err);
  CHECK_INT(P("{\"body\":\"a\\u0000b\"}", NULL, &a, err), CW_ERR_INVALID);
  const char bad[] = "caf\xc3\x28 au lait";
  CHECK_INT(parse(bad, sizeof(bad) - 1, NULL, &a, err), CW_ERR_UTF8);
  CHECK_STR(err, "invalid UTF-8 at byte 3");
  char *big = malloc(2 * 1024 * 1024);
  memset(big, 'a', 2 * 1024 * 1024);
  CHECK_INT(parse(big, 2 * 1024 * 1024, NULL, &a, err), CW_ERR_TOO_LARGE);
  CHECK_MSG(strstr(err, "over the limit") != NULL, "%s", err);
  free(big);
  CHECK(a == NULL);
  return TEST_REPORT();
}
