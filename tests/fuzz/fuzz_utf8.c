/* fuzz_utf8.c - libFuzzer target for common/cw_utf8: validation, decoding and encoding agree. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "cw_utf8.h"
#include "fuzz_check.h"

/* Valid input: decoding every code point and re-encoding it gives the input back, and the
 * count matches. Invalid input: the reported offset is inside the input and the prefix before
 * it is valid. Independently, the first 4 bytes read as a code point round-trip through
 * encode/validate/next when the code point is a Unicode scalar value. */
static int fuzz_utf8_one(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  size_t ncp = 0, bad_at = (size_t)-1;
  if (cw_utf8_validate(s, size, &ncp, &bad_at) == CW_OK) {
    FUZZ_CHECK(ncp <= size);
    size_t i = 0, count = 0;
    while (i < size) {
      size_t at = i;
      uint32_t cp = cw_utf8_next(s, size, &i);
      FUZZ_CHECK(i > at && i <= size);
      FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
      char enc[4];
      size_t n = cw_utf8_encode(cp, enc);
      FUZZ_CHECK(n == i - at);
      FUZZ_CHECK(memcmp(enc, s + at, n) == 0);
      count++;
    }
    FUZZ_CHECK(count == ncp);
  } else {
    FUZZ_CHECK(bad_at < size);
    size_t prefix_cp = 0;
    FUZZ_CHECK(cw_utf8_validate(s, bad_at, &prefix_cp, NULL) == CW_OK);
  }

  if (size >= 4) {
    uint32_t cp = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                  (uint32_t)(data[3] & 0x1F) << 24;
    if (cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
      char enc[4];
      size_t n = cw_utf8_encode(cp, enc), one = 0, i = 0;
      FUZZ_CHECK(n >= 1 && n <= 4);
      FUZZ_CHECK(cw_utf8_validate(enc, n, &one, NULL) == CW_OK && one == 1);
      FUZZ_CHECK(cw_utf8_next(enc, n, &i) == cp && i == n);
    }
  }
  return 0;
}

#ifndef CW_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_utf8_one(data, size);
}
#endif
