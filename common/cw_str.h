/* cw_str.h - small string helpers the engine and the tools share. */
#ifndef CW_STR_H
#define CW_STR_H
#include <stddef.h>

/**
 * @brief Copies @p s (NULL counts as "") into @p out with ASCII letters lower-cased, at most
 * @p n - 1 bytes and always NUL-terminated (@p n > 0). Bytes of multi-byte UTF-8 sequences are
 * copied unchanged.
 * @returns the length of @p s, so that a result >= @p n means the copy was cut short.
 */
size_t cw_str_lower(const char *s, char *out, size_t n);

#endif
