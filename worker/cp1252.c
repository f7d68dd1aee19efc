/* cp1252.c - Windows-1252 bytes in UTF-8 text, transcoded (see cp1252.h). */
#include <stdint.h>
#include <string.h>
#include "cp1252.h"
#include "cw_alloc.h"
#include "cw_utf8.h"

/* Code points of 0x80-0x9F (WHATWG encoding standard, index windows-1252); 0xA0-0xFF are
 * Latin-1, the same code point as the byte. */
static const uint16_t c1[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

char *cw_cp1252_repair(const char *s, size_t n, size_t *out_len) {
  /* Each byte becomes at most 3 bytes (U+20AC and the other 0x80-0x9F characters). */
  char *out = cw_malloc(n * 3 + 1);
  size_t i = 0, o = 0, bad;
  while (i < n) {
    if (cw_utf8_validate(s + i, n - i, NULL, &bad) == CW_OK)
      bad = n - i;
    memcpy(out + o, s + i, bad);
    o += bad;
    i += bad;
    if (i < n) {
      unsigned char b = (unsigned char)s[i++];
      o += cw_utf8_encode(b >= 0x80 && b < 0xA0 ? c1[b - 0x80] : b, out + o);
    }
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}
