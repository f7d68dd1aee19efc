/* test_tok.c - the tokenizer: token boundaries, code-point offsets, flags and limits. */
#include <stdlib.h>
#include <string.h>
#include "cw_arena.h"
#include "cw_limits.h"
#include "testhelp.h"
#include "tok.h"

/* Tokenizes @p s and joins the token texts with '|'. */
static const char *joined(cw_arena_t *a, const char *s, tok_result_t *tr) {
  static char buf[4096];
  char err[256];
  cw_arena_reset(a);
  if (tok_run(s, strlen(s), a, tr, err, sizeof(err)) != CW_OK)
    return "(error)";
  size_t o = 0;
  for (size_t i = 0; i < tr->n; i++) {
    size_t l = strlen(tr->tokens[i].text);
    if (o + l + 2 >= sizeof(buf))
      break;
    if (i)
      buf[o++] = '|';
    memcpy(buf + o, tr->tokens[i].text, l);
    o += l;
  }
  buf[o] = '\0';
  return buf;
}

static void test_boundaries(cw_arena_t *a) {
  tok_result_t tr;
  static const struct {
    const char *in, *out;
  } cases[] = {
    {"China's health system", "China|'s|health|system"},
    {"China\xE2\x80\x99s plan", "China|\xE2\x80\x99s|plan"},
    {"We don't know", "We|do|n't|know"},
    {"They can't, won't.", "They|ca|n't|,|wo|n't|."},
    {"more than 2,700 attacks", "more|than|2,700|attacks"},
    {"rose 3.5% to $1.5 billion", "rose|3.5|%|to|$|1.5|billion"},
    {"\xC2\xA3" "20m deal", "\xC2\xA3|20|m|deal"},
    {"Mr. Smith met Dr. Jones in the U.S. on Jan. 5.",
     "Mr.|Smith|met|Dr.|Jones|in|the|U.S.|on|Jan.|5|."},
    {"anti-virus firm APT-10 and COVID-19", "anti-virus|firm|APT-10|and|COVID-19"},
    {"a thief \xE2\x80\x94 or not \xE2\x80\x93 here", "a|thief|\xE2\x80\x94|or|not|\xE2\x80\x93|here"},
    {"see https://example.com/a?b=1, or www.example.org.",
     "see|https://example.com/a?b=1|,|or|www.example.org|."},
    {"mail press@example.co.uk today", "mail|press@example.co.uk|today"},
    {"follow @claim_wire now", "follow|@claim_wire|now"},
    {"\"a thief was crying 'stop thief',\" said",
     "\"|a|thief|was|crying|'|stop|thief|'|,|\"|said"},
    {"\xE2\x80\x9CSteal\xE2\x80\x9D \xE2\x80\x98it\xE2\x80\x99", "\xE2\x80\x9C|Steal|\xE2\x80\x9D|\xE2\x80\x98|it|\xE2\x80\x99"},
    {"analysts' view", "analysts|'|view"},
    {"O'Brien said... no?!", "O'Brien|said|...|no|?!"},
    {"J. K. Rowling", "J.|K.|Rowling"},
    {"at 10:33 PM", "at|10:33|PM"},
    {"Sen. Lee (R-S.C.) and Rep. Ruiz (D-N.Y.) said", "Sen.|Lee|(|R-S.C.|)|and|Rep.|Ruiz|(|D-N.Y.|)|said"},
    {"an X-ray. A grade-A. Then", "an|X-ray|.|A|grade-A|.|Then"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    CHECK_STR(joined(a, cases[i].in, &tr), cases[i].out);
}

static void test_offsets(cw_arena_t *a) {
  tok_result_t tr;
  char err[256];
  /* Curly quotes (3 bytes) and an emoji (4 bytes) each count as one code point. */
  const char *s = "\xE2\x80\x9CHi\xE2\x80\x9D \xF0\x9F\x98\x80 caf\xC3\xA9 ok";
  cw_arena_reset(a);
  CHECK_INT(tok_run(s, strlen(s), a, &tr, err, sizeof(err)), CW_OK);
  CHECK_INT(tr.n, 6);
  CHECK_INT(tr.n_cp, 14);
  CHECK_INT(tr.tokens[0].span.start, 0);
  CHECK_INT(tr.tokens[0].span.end, 1);
  CHECK_STR(tr.tokens[1].text, "Hi");
  CHECK_INT(tr.tokens[1].span.start, 1);
  CHECK_INT(tr.tokens[1].span.end, 3);
  CHECK_INT(tr.tokens[2].span.start, 3);
  CHECK_INT(tr.tokens[3].span.start, 5);
  CHECK_INT(tr.tokens[3].span.end, 6);
  CHECK_STR(tr.tokens[4].text, "caf\xC3\xA9");
  CHECK_INT(tr.tokens[4].span.start, 7);
  CHECK_INT(tr.tokens[4].span.end, 11);
  CHECK_INT(tr.tokens[5].span.start, 12);
  CHECK_INT(tr.tokens[5].span.end, 14);
  /* Byte offsets and the code point table agree. */
  CHECK_INT(tr.info[4].b0, tr.cp_byte[7]);
  CHECK_INT(tr.cp_byte[tr.n_cp], strlen(s));
  /* Flags: quote, capitalization, layout. */
  CHECK(tr.info[0].flags & TOK_F_QUOTE);
  CHECK(tr.info[1].flags & TOK_F_CAP);
  CHECK(tr.info[4].flags & TOK_F_LOWER);
  CHECK(tr.info[4].flags & TOK_F_SPACE_BEFORE);
}

static void test_flags(cw_arena_t *a) {
  tok_result_t tr;
  CHECK_STR(joined(a, "Title\n\nBody 2,700 U.S. NATO", &tr), "Title|Body|2,700|U.S.|NATO");
  CHECK(tr.info[1].flags & TOK_F_NL_BEFORE);
  CHECK(tr.info[1].flags & TOK_F_PARA_BEFORE);
  CHECK(tr.info[2].flags & TOK_F_NUM);
  CHECK(tr.info[3].flags & TOK_F_ABBR);
  CHECK(tr.info[4].flags & TOK_F_ALLCAP);
  CHECK(!(tr.info[0].flags & TOK_F_NL_BEFORE));
  CHECK_STR(joined(a, "a\r\nb", &tr), "a|b");
  CHECK(tr.info[1].flags & TOK_F_NL_BEFORE);
  CHECK(!(tr.info[1].flags & TOK_F_PARA_BEFORE));
  CHECK_STR(joined(a, "", &tr), "");
  CHECK_INT(tr.n, 0);
}

static void test_errors(cw_arena_t *a) {
  tok_result_t tr;
  char err[256] = "";
  cw_arena_reset(a);
  const char bad[] = "ok \xC3\x28 no";
  CHECK_INT(tok_run(bad, sizeof(bad) - 1, a, &tr, err, sizeof(err)), CW_ERR_UTF8);
  CHECK_MSG(strstr(err, "byte offset 3") != NULL, "reason: %s", err);
  /* Overlong encoding and a lone surrogate are invalid too. */
  CHECK_INT(tok_run("\xC0\xAF", 2, a, &tr, err, sizeof(err)), CW_ERR_UTF8);
  CHECK_INT(tok_run("\xED\xA0\x80", 3, a, &tr, err, sizeof(err)), CW_ERR_UTF8);

  /* Past CW_MAX_TOKENS: "a " repeated; refused with a reason, not truncated. */
  size_t n = (CW_MAX_TOKENS + 10) * 2;
  char *big = malloc(n);
  for (size_t i = 0; i < n; i += 2) {
    big[i] = 'a';
    big[i + 1] = ' ';
  }
  cw_arena_reset(a);
  CHECK_INT(tok_run(big, n, a, &tr, err, sizeof(err)), CW_ERR_TOO_LARGE);
  CHECK(strstr(err, "CW_MAX_TOKENS") != NULL);
  free(big);
  big = malloc(CW_MAX_BODY_BYTES + 1);
  memset(big, 'a', CW_MAX_BODY_BYTES + 1);
  CHECK_INT(tok_run(big, CW_MAX_BODY_BYTES + 1, a, &tr, err, sizeof(err)), CW_ERR_TOO_LARGE);
  CHECK(strstr(err, "CW_MAX_BODY_BYTES") != NULL);
  free(big);
}

/* Abbreviations by their exact bytes: not a prefix, an extension or another case. */
static void test_abbrevs(void) {
  CHECK(tok_is_title_abbrev("Mr", 2));
  CHECK(tok_is_title_abbrev("Mrs", 3));
  CHECK(tok_is_title_abbrev("Messrs", 6));
  CHECK(!tok_is_title_abbrev("Mrx", 3));
  CHECK(tok_is_title_abbrev("Mrs", 2)); /* its first two bytes, "Mr" */
  CHECK(!tok_is_title_abbrev("mr", 2));
  CHECK(!tok_is_title_abbrev("", 0));
  CHECK(tok_is_abbrev("Sept", 4));
  CHECK(tok_is_abbrev("Sep", 3));
  CHECK(tok_is_abbrev("etc", 3));
  CHECK(tok_is_abbrev("pp", 2));
  CHECK(tok_is_abbrev("Dr", 2));
  CHECK(!tok_is_abbrev("Etc", 3));
  CHECK(!tok_is_abbrev("Septe", 5));
  CHECK(!tok_is_abbrev("p", 1));
  CHECK(!tok_is_abbrev("", 0));
}

int main(void) {
  cw_arena_t *a = cw_arena_create(0);
  test_abbrevs();
  test_boundaries(a);
  test_offsets(a);
  test_flags(a);
  test_errors(a);
  cw_arena_destroy(&a);
  return TEST_REPORT();
}
