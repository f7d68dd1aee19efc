/* cw_str.c - small string helpers (see cw_str.h). */
#include "cw_str.h"

#include <string.h>

size_t cw_str_lower(const char *s, char *out, size_t n) {
  size_t i = 0;
  if (!s)
    s = "";
  for (; s[i] && i + 1 < n; i++) {
    unsigned char c = (unsigned char)s[i];
    out[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  out[i] = '\0';
  return i + strlen(s + i);
}
