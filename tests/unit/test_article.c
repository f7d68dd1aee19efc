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

  /* JSON after a UTF-8 byte-order mark is JSON, not plain text. */
  CHECK_INT(P("\xEF\xBB\xBF{\"id\":\"b1\",\"title\":\"T\",\"body\":\"Hello.\"}", NULL, &a, err),
            CW_OK);
  CHECK_STR(a ? a->id : NULL, "b1");
  CHECK_STR(a ? a->title : NULL, "T");
  CHECK_STR(a ? a->body : NULL, "Hello.");
  cw_article_destroy(&a);
  CHECK_INT(P("\xEF\xBB\xBF \n{\"title\":\"no body\"}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: missing required field 'body'");
  /* Plain text after a byte-order mark: the mark is no part of the title. */
  CHECK_INT(P("\xEF\xBB\xBFHeadline\nBody.", NULL, &a, err), CW_OK);
  CHECK_STR(a ? a->title : NULL, "Headline");
  cw_article_destroy(&a);

  /* A JSON scalar is JSON of the wrong shape, like an array. */
  const char *scalars[][2] = {{"null", "null"}, {"42", "a number"}, {" -1.5e3\n", "a number"},
                              {"true", "a boolean"}, {"false", "a boolean"},
                              {"\"str\"", "a string"}, {"\xEF\xBB\xBFnull", "null"}};
  for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
    CHECK_INT(P(scalars[i][0], NULL, &a, err), CW_ERR_INVALID);
    CHECK_MSG(strstr(err, "wrong shape: expected a JSON object, got ") == err &&
                  strstr(err, scalars[i][1]) != NULL, "%s: %s", scalars[i][0], err);
    CHECK(a == NULL);
  }
  /* Text that merely starts like a scalar stays text. */
  const char *texts[] = {"\"We will win,\" she said.", "42 people were hurt.", "null and void",
                         "true story"};
  for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
    CHECK_INT(P(texts[i], NULL, &a, err), CW_OK);
    CHECK_STR(a ? a->body : NULL, texts[i]);
    cw_article_destroy(&a);
  }

  /* Bodies of only non-ASCII spaces, invisible format characters or controls are blank. */
  const char *blanks[] = {
      "{\"body\":\"\\u00a0\\u2003\\u3000\"}",         /* no-break, em, ideographic space */
      "{\"body\":\"\\u200b\\u2060\\ufeff \\u00ad\"}",  /* zero-width, joiner, BOM, soft hyphen */
      "{\"body\":\"\\u0001\\u0002\\u001f\\u007f\\u0085\"}", /* controls */
      "\xC2\xA0\xE3\x80\x80\n\xE2\x80\x8B\x01",           /* plain text of the same */
  };
  for (size_t i = 0; i < sizeof(blanks) / sizeof(blanks[0]); i++) {
    CHECK_INT(P(blanks[i], NULL, &a, err), CW_ERR_INVALID);
    CHECK_MSG(strcmp(err, "empty body") == 0, "%zu: %s", i, err);
    CHECK(a == NULL);
  }
  /* One visible character among them is a body. */
  CHECK_INT(P("{\"body\":\"\\u00a0\\u00e9\\u3000\"}", NULL, &a, err), CW_OK);
  cw_article_destroy(&a);

  /* JSON nesting is limited to CW_MAX_JSON_DEPTH levels (brackets inside strings don't count). */
  char deep[512];
  for (unsigned depth = 31; depth <= 33; depth++) {
    size_t n = (size_t)snprintf(deep, sizeof(deep), "{\"body\":\"[[{{x\",\"x\":");
    for (unsigned d = 1; d < depth; d++)
      deep[n++] = '[';
    for (unsigned d = 1; d < depth; d++)
      deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    cw_err_t e = P(deep, NULL, &a, err);
    if (depth <= 32) {
      CHECK_MSG(e == CW_OK, "depth %u: %s", depth, err);
    } else {
      CHECK_INT(e, CW_ERR_INVALID);
      CHECK_MSG(strstr(err, "nested deeper than 32 levels") != NULL, "%s", err);
    }
    cw_article_destroy(&a);
  }
  /* Field names: the defaults take today's names and the common alternatives, first present
   * (and not null) wins. */
  CHECK_INT(P("{\"text\":\"From text.\",\"headline\":\"H\",\"link\":\"https://x/1\","
              "\"lang\":\"de\"}", NULL, &a, err), CW_OK);
  CHECK_STR(a ? a->body : NULL, "From text.");
  CHECK_STR(a ? a->title : NULL, "H");
  CHECK_STR(a ? a->url : NULL, "https://x/1");
  CHECK_STR(a ? a->language : NULL, "de");
  cw_article_destroy(&a);
  CHECK_INT(P("{\"content\":\"C\",\"body\":\"B\",\"title\":null,\"headline\":\"H\"}", NULL,
              &a, err), CW_OK);
  CHECK_STR(a ? a->body : NULL, "B");
  CHECK_STR(a ? a->title : NULL, "H");
  cw_article_destroy(&a);
  CHECK_INT(P("{\"body\":null,\"content\":\"C\"}", NULL, &a, err), CW_OK);
  CHECK_STR(a ? a->body : NULL, "C");
  cw_article_destroy(&a);
  /* A shape error names the member that was read. */
  CHECK_INT(P("{\"text\":[\"x\"]}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: field 'text' must be a string");
  CHECK_INT(P("{\"body\":\"x\",\"headline\":7}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: field 'headline' must be a string");

  /* Configured names replace the defaults. */
  cw_input_t *in = NULL;
  const char *names[CW_FIELD__COUNT] = {
    [CW_FIELD_ID] = "guid", [CW_FIELD_BODY] = "description, summary", [CW_FIELD_TITLE] = "name",
    [CW_FIELD_TIME] = "pubDate",
  };
  CHECK_INT(cw_input_create(names, "dead_letter", 1, "empty_record", &in, err, 256), CW_OK);
  const char *feed = "{\"guid\":\"g-9\",\"summary\":\"S.\",\"name\":\"N\",\"title\":\"T\","
                     "\"body\":\"ignored\",\"pubDate\":\"Thu, 06 Jun 2024 12:45:00 +0200\"}";
  CHECK_INT(cw_article_parse_with(feed, strlen(feed), NULL, 0, &origin, 1 << 20, in, &a, err,
                                  256), CW_OK);
  CHECK_STR(a ? a->id : NULL, "g-9");
  CHECK_STR(a ? a->body : NULL, "S.");
  CHECK_STR(a ? a->title : NULL, "N");
  CHECK_STR(a ? a->published_at : NULL, "2024-06-06T12:45:00+02:00");
  CHECK_INT(a ? a->published_at_ms : 0, 1717670700000LL);
  cw_article_destroy(&a);
  const char *nobody = "{\"body\":\"x\"}";
  CHECK_INT(cw_article_parse_with(nobody, strlen(nobody), NULL, 0, &origin, 1 << 20, in, &a, err,
                                  256), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: missing required field 'description'");
  cw_input_destroy(&in);

  /* Publication times: every accepted form gives the same instant; the engine gets RFC 3339. */
  static const struct {
    const char *json, *rfc3339;
  } times[] = {
    {"\"2024-06-06T10:45:00Z\"", "2024-06-06T10:45:00Z"},
    {"\"Thu, 06 Jun 2024 10:45:00 GMT\"", "2024-06-06T10:45:00Z"},
    {"\"Thu, 06 Jun 2024 12:45:00 +0200\"", "2024-06-06T12:45:00+02:00"},
    {"\"2024-06-06 10:45:00\"", "2024-06-06T10:45:00Z"},
    {"1717670700", "2024-06-06T10:45:00Z"},
    {"1717670700000", "2024-06-06T10:45:00Z"},
    {"1717670700.0", "2024-06-06T10:45:00Z"},
    {"\"1717670700\"", "2024-06-06T10:45:00Z"},
    {"\"1717670700000\"", "2024-06-06T10:45:00Z"},
  };
  for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
    char doc[200];
    snprintf(doc, sizeof(doc), "{\"body\":\"x\",\"published_at\":%s}", times[i].json);
    CHECK_INT(P(doc, NULL, &a, err), CW_OK);
    CHECK_MSG(a && a->published_at_ms == 1717670700000LL, "%s: %lld", times[i].json,
              a ? (long long)a->published_at_ms : 0LL);
    CHECK_STR(a ? a->published_at : NULL, times[i].rfc3339);
    cw_article_destroy(&a);
  }
  CHECK_INT(P("{\"body\":\"x\",\"pubDate\":\"Thu, 06 Jun 2024 10:45:00 GMT\"}", NULL, &a, err),
            CW_OK);
  CHECK_INT(a ? a->published_at_ms : 0, 1717670700000LL);
  cw_article_destroy(&a);
  CHECK_INT(P("{\"body\":\"x\",\"published_at\":true}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_STR(err, "wrong shape: field 'published_at' must be a string or a number");
  CHECK_INT(P("{\"body\":\"x\",\"published_at\":1e300}", NULL, &a, err), CW_ERR_INVALID);
  CHECK_MSG(strstr(err, "out of range") != NULL, "%s", err);

  /* Windows-1252: dead-lettered by default; repaired with invalid_utf8 = windows_1252. */
  const char w1252[] = "{\"body\":\"Caf\xe9 \x93quoted\x94 \xe2\x82\xac" "5\",\"title\":\"Na\xef" "ve\"}";
  CHECK_INT(parse(w1252, sizeof(w1252) - 1, NULL, &a, err), CW_ERR_UTF8);
  CHECK_STR(err, "invalid UTF-8 at byte 12");
  CHECK_INT(cw_input_create(NULL, "windows_1252", 1, "empty_record", &in, err, 256), CW_OK);
  CHECK_INT(cw_article_parse_with(w1252, sizeof(w1252) - 1, NULL, 0, &origin, 1 << 20, in, &a,
                                  err, 256), CW_OK);
  /* é, curly quotes; the euro sign that was already UTF-8 stays as it was */
  CHECK_STR(a ? a->body : NULL, "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac" "5");
  CHECK_STR(a ? a->title : NULL, "Na\xc3\xaf" "ve");
  CHECK_INT(a ? a->transcoded : 0, 1);
  cw_article_destroy(&a);
  const char wtext[] = "Stra\xdf" "e \x80 \x81 \x9c\nBody";
  CHECK_INT(cw_article_parse_with(wtext, sizeof(wtext) - 1, NULL, 0, &origin, 1 << 20, in, &a,
                                  err, 256), CW_OK);
  CHECK_STR(a ? a->title : NULL, "Stra\xc3\x9f" "e \xe2\x82\xac \xc2\x81 \xc5\x93");
  cw_article_destroy(&a);
  CHECK_INT(cw_article_parse_with("{\"body\":\"fine\"}", 15, NULL, 0, &origin, 1 << 20, in, &a,
                                  err, 256), CW_OK);
  CHECK_INT(a ? a->transcoded : 1, 0);
  cw_article_destroy(&a);
  cw_input_destroy(&in);
  /* What the worker does: read, then decide by language. */
  int run = -1;
  const char *de_json = "{\"id\":\"d1\",\"body\":\"Die Regierung will die Steuern f\u00fcr kleine "
                        "Unternehmen am Montag senken, sagte der Minister.\"}";
  CHECK_INT(cw_article_read(de_json, strlen(de_json), NULL, 0, &origin, 1 << 20, NULL, &a, &run,
                            err, 256), CW_OK);
  CHECK_INT(run, 0);
  CHECK_STR(a ? a->language : NULL, "de");
  cw_article_destroy(&a);
  const char *en_json = "{\"id\":\"e1\",\"body\":\"The minister said on Monday that the tax "
                        "cut would be paid for by the end of the year.\"}";
  CHECK_INT(cw_article_read(en_json, strlen(en_json), NULL, 0, &origin, 1 << 20, NULL, &a, &run,
                            err, 256), CW_OK);
  CHECK_INT(run, 1);
  CHECK_STR(a ? a->language : NULL, "en");
  cw_article_destroy(&a);
  const char *fr_tag = "{\"body\":\"The minister said on Monday that it was done.\","
                       "\"language\":\"fr-CA\"}";
  CHECK_INT(cw_article_read(fr_tag, strlen(fr_tag), NULL, 0, &origin, 1 << 20, NULL, &a, &run,
                            err, 256), CW_OK);
  CHECK_INT(run, 0);
  CHECK_STR(a ? a->language : NULL, "fr-CA");
  cw_article_destroy(&a);
  CHECK_INT(cw_input_create(NULL, NULL, 1, "dead_letter", &in, err, 256), CW_OK);
  CHECK_INT(cw_article_read(de_json, strlen(de_json), NULL, 0, &origin, 1 << 20, in, &a, &run,
                            err, 256), CW_ERR_LANGUAGE);
  CHECK(a == NULL);
  CHECK_STR(err, "unsupported language \"de\" (detected); the models read English");
  CHECK_INT(cw_article_read(en_json, strlen(en_json), NULL, 0, &origin, 1 << 20, in, &a, &run,
                            err, 256), CW_OK);
  CHECK_INT(run, 1);
  cw_article_destroy(&a);
  cw_input_destroy(&in);
  CHECK_INT(cw_input_create(NULL, NULL, 0, "dead_letter", &in, err, 256), CW_OK);
  CHECK_INT(cw_article_read(de_json, strlen(de_json), NULL, 0, &origin, 1 << 20, in, &a, &run,
                            err, 256), CW_OK); /* detection off: no tag, processed */
  CHECK_INT(run, 1);
  CHECK(a && a->language == NULL);
  cw_article_destroy(&a);
  cw_input_destroy(&in);
  /* A parse error stays a parse error. */
  CHECK_INT(cw_article_read("{\"title\":\"x\"}", 13, NULL, 0, &origin, 1 << 20, NULL, &a, &run,
                            err, 256), CW_ERR_INVALID);
  CHECK(a == NULL && run == 0);
  return TEST_REPORT();
}
