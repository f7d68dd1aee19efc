/* test_cw_str.c - the inline word tests agree with strcmp() / strcasecmp() and tolower() of
 * the C locale on every pair of a set of words: empty, one byte, case variants, prefixes,
 * UTF-8 letters and bytes past ASCII; cw_str_lower() lower-cases ASCII letters only;
 * cw_fnv1a64_str() hashes a string as cw_fnv1a64() over its strlen() bytes does. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "cw_hash.h"
#include "cw_str.h"
#include "testhelp.h"

int main(void) {
  static const char *const w[] = {
      "",     "a",     "A",      "b",         "said",  "Said",  "SAID",   "sai",
      "saids", "sAId", "the",    "The",       "they",  "@",     "`",      "[",
      "{",    "Z",     "z",      "\xC3\x89",  "\xC3\xA9", "\xE2\x80\x99s", "'s", "0",
      "US",   "us",    "per",    "percent",   "Percent", ",",   ";",      "\x7f"};
  size_t n = sizeof w / sizeof w[0];
  int eq_ok = 1, ieq_ok = 1, matched = 0, imatched = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      int eq = strcmp(w[i], w[j]) == 0, ieq = strcasecmp(w[i], w[j]) == 0;
      eq_ok &= cw_str_eq(w[i], w[j]) == eq;
      ieq_ok &= cw_str_ieq(w[i], w[j]) == ieq;
      matched += eq;
      imatched += ieq && !eq;
    }
  CHECK(eq_ok);
  CHECK(ieq_ok);
  CHECK_INT(matched, (int)n);  /* each word with itself only */
  CHECK(imatched >= 8);        /* "said"/"Said"/"SAID"/"sAId", "the"/"The", "a"/"A", ... */
  CHECK(cw_str_ieq("SAID", "said") && !cw_str_ieq("said", "saids") && !cw_str_eq("a", "A"));
  int lower_ok = 1;
  for (int c = 0; c < 256; c++)
    lower_ok &= cw_ascii_lower(c) == tolower(c);
  CHECK(lower_ok);
  CHECK_INT(cw_ascii_lower('Q'), 'q');
  CHECK_INT(cw_ascii_lower(0xC9), 0xC9); /* a byte past ASCII is no letter of its own */
  int fnv_ok = 1;
  for (size_t i = 0; i < n; i++)
    for (uint64_t h0 = CW_FNV64_OFFSET; h0 < CW_FNV64_OFFSET + 3; h0++)
      fnv_ok &= cw_fnv1a64_str(h0, w[i]) == cw_fnv1a64(h0, w[i], strlen(w[i]));
  CHECK(fnv_ok);
  CHECK(cw_fnv1a64_str(CW_FNV64_OFFSET, "a") == 0xaf63dc4c8601ec8cULL); /* FNV-1a 64 of "a" */
  CHECK(cw_fnv1a64_str(CW_FNV64_OFFSET, "") == CW_FNV64_OFFSET);
  return TEST_REPORT();
}
