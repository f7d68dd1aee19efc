/* cw_str.h - small string helpers the engine and the tools share. */
#ifndef CW_STR_H
#define CW_STR_H
#include <stddef.h>
#include <string.h>
#include <strings.h>

/**
 * @brief Copies @p s (NULL counts as "") into @p out with ASCII letters lower-cased, at most
 * @p n - 1 bytes and always NUL-terminated (@p n > 0). Bytes of multi-byte UTF-8 sequences are
 * copied unchanged.
 * @returns the length of @p s, so that a result >= @p n means the copy was cut short.
 */
size_t cw_str_lower(const char *s, char *out, size_t n);

/** @returns @p c with an ASCII upper-case letter lower-cased: tolower() in the C locale. */
static inline int cw_ascii_lower(int c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * Word tests. Most of the engine's tests of a token against a word or a word list fail on the
 * first byte: these compare it inline and call the library only when it matches.
 */

/** @returns strcmp(@p a, @p b) == 0. */
static inline int cw_str_eq(const char *a, const char *b) {
  return a[0] == b[0] && strcmp(a, b) == 0;
}

/** @returns strcasecmp(@p a, @p b) == 0: equal but for the case of ASCII letters. */
static inline int cw_str_ieq(const char *a, const char *b) {
  return cw_ascii_lower((unsigned char)a[0]) == cw_ascii_lower((unsigned char)b[0]) &&
         strcasecmp(a, b) == 0;
}

#endif
