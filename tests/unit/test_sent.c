/* test_sent.c - sentence boundaries: abbreviations, initials, quotes, line breaks. */
#include <string.h>
#include "cw_arena.h"
#include "sent.h"
#include "testhelp.h"
#include "tok.h"

/* Splits @p s and returns the sentences as "text|text|...", cut at code-point spans. */
static const char *split(cw_arena_t *a, const char *s) {
  static char buf[4096];
  char err[256];
  tok_result_t tr;
  cw_sentence_t *ss;
  size_t n;
  cw_arena_reset(a);
  if (tok_run(s, strlen(s), a, &tr, err, sizeof(err)) != CW_OK ||
      sent_split(&tr, a, &ss, &n, err, sizeof(err)) != CW_OK)
    return "(error)";
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    size_t b0 = tr.cp_byte[ss[i].span.start], b1 = tr.cp_byte[ss[i].span.end];
    if (o + (b1 - b0) + 2 >= sizeof(buf))
      break;
    if (i)
      buf[o++] = '|';
    memcpy(buf + o, s + b0, b1 - b0);
    o += b1 - b0;
  }
  buf[o] = '\0';
  /* Every token's sentence index points at the sentence covering it. */
  for (size_t k = 0; k < tr.n; k++) {
    const cw_sentence_t *q = &ss[tr.tokens[k].sentence];
    CHECK(tr.tokens[k].span.start >= q->span.start && tr.tokens[k].span.end <= q->span.end);
  }
  return buf;
}

int main(void) {
  cw_arena_t *a = cw_arena_create(0);
  static const struct {
    const char *in, *out;
  } cases[] = {
    {"It rained. Then it stopped.", "It rained.|Then it stopped."},
    {"Mr. Smith met Gen. Lee on Jan. 5 in Paris. They talked.",
     "Mr. Smith met Gen. Lee on Jan. 5 in Paris.|They talked."},
    {"He lives in the U.S. The weather is fine.", "He lives in the U.S.|The weather is fine."},
    {"The U.S. Army said so.", "The U.S. Army said so."},
    {"J. K. Rowling wrote it. Fans cheered.", "J. K. Rowling wrote it.|Fans cheered."},
    {"\"We won.\" He smiled.", "\"We won.\"|He smiled."},
    {"She said \xE2\x80\x9CNo!\xE2\x80\x9D and left. Why? Nobody knows.",
     "She said \xE2\x80\x9CNo!\xE2\x80\x9D and left.|Why?|Nobody knows."},
    {"TWO SESSIONS 2021\nChinese institutes attacked\n\nBody text here. More.",
     "TWO SESSIONS 2021|Chinese institutes attacked|Body text here.|More."},
    {"It costs 3.5 dollars. e.g. this one.", "It costs 3.5 dollars. e.g. this one."},
    {"Wait... what happened?", "Wait... what happened?"},
    {"Sen. Tim Lee (R-S.C.) told reporters it was over. They left.",
     "Sen. Tim Lee (R-S.C.) told reporters it was over.|They left."},
    {"A line that wraps\nin lower case continues.", "A line that wraps\nin lower case continues."},
    {"", ""},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    CHECK_STR(split(a, cases[i].in), cases[i].out);
  cw_arena_destroy(&a);
  return TEST_REPORT();
}
