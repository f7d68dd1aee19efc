/* cp1252.h - repairing text that is UTF-8 except for Windows-1252 bytes (a feed that pasted a
 * curly quote or an accented letter from a Windows-1252 source into UTF-8 text, or a whole
 * article in Windows-1252). */
#ifndef CW_CP1252_H
#define CW_CP1252_H
#include <stddef.h>

/**
 * @brief Copies @p n bytes of @p s into new valid UTF-8: every well-formed UTF-8 sequence is
 * kept as it is, every other byte is read as Windows-1252 (WHATWG mapping: 0x80-0x9F are the
 * typographic characters, the five undefined bytes become U+0081, U+008D, U+008F, U+0090,
 * U+009D) and written in UTF-8.
 * @returns the new string (NUL-terminated, free() it) and its length in *@p out_len.
 */
char *cw_cp1252_repair(const char *s, size_t n, size_t *out_len);

#endif
