/* cw_utf8.c - UTF-8 validation and decoding (RFC 3629). */
#include "cw_utf8.h"

cw_err_t cw_utf8_validate(const char *str, size_t n, size_t *ncp, size_t *bad_at) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, count = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) {
      i++;
      count++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2; cp = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3; cp = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4; cp = c & 0x07; min = 0x10000;
    } else {
      goto bad;
    }
    if (n - i < len)
      goto bad;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        goto bad;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      goto bad;
    i += len;
    count++;
  }
  if (ncp)
    *ncp = count;
  return CW_OK;
bad:
  if (bad_at)
    *bad_at = i;
  return CW_ERR_UTF8;
}

uint32_t cw_utf8_next(const char *str, size_t n, size_t *i) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[*i];
  if (c < 0x80) {
    (*i)++;
    return c;
  }
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len && *i + k < n; k++)
    cp = (cp << 6) | (s[*i + k] & 0x3F);
  *i += len;
  return cp;
}

size_t cw_utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}
