/* cw_utf8.h - UTF-8 validation and decoding with code-point offsets (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF). */
#ifndef CW_UTF8_H
#define CW_UTF8_H
#include <stddef.h>
#include <stdint.h>
#include "cw_err.h"

/**
 * @brief Validates @p n bytes of @p s.
 * @returns CW_OK and the number of code points in *@p ncp (may be NULL), or CW_ERR_UTF8 and the
 *          byte offset of the first bad sequence in *@p bad_at (may be NULL).
 */
cw_err_t cw_utf8_validate(const char *s, size_t n, size_t *ncp, size_t *bad_at);

/**
 * @brief Decodes one code point at s[*i] (input already validated), advancing *i.
 * @returns the code point.
 */
uint32_t cw_utf8_next(const char *s, size_t n, size_t *i);

/** @brief Encodes @p cp into @p out (4 bytes room). @returns bytes written (1-4). */
size_t cw_utf8_encode(uint32_t cp, char *out);

#endif
