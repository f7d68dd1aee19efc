/* cw_buf.h - a bounded growable byte buffer (after curl's dynbuf): every buffer has a maximum
 * size and appends past it fail with CW_ERR_TOO_LARGE instead of growing without bound. */
#ifndef CW_BUF_H
#define CW_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include "cw_err.h"

typedef struct {
  char *p;     /* always NUL-terminated when non-NULL */
  size_t len;  /* bytes used, excluding the NUL */
  size_t cap;  /* bytes allocated */
  size_t max;  /* largest len allowed */
} cw_buf_t;

/** Initializes an empty buffer that may grow to @p max bytes. */
void cw_buf_init(cw_buf_t *b, size_t max);
/** Frees the memory; the buffer is empty and reusable afterwards. */
void cw_buf_free(cw_buf_t *b);
/** Empties the buffer, keeping its memory. */
void cw_buf_reset(cw_buf_t *b);
/** Makes room for @p extra more bytes at once (CW_ERR_TOO_LARGE past the maximum). */
cw_err_t cw_buf_reserve(cw_buf_t *b, size_t extra) CW_WUR;
cw_err_t cw_buf_append(cw_buf_t *b, const void *data, size_t n) CW_WUR;
cw_err_t cw_buf_puts(cw_buf_t *b, const char *s) CW_WUR;
cw_err_t cw_buf_putc(cw_buf_t *b, char c) CW_WUR;
cw_err_t cw_buf_printf(cw_buf_t *b, const char *fmt, ...) CW_WUR CW_PRINTF(2, 3);
cw_err_t cw_buf_vprintf(cw_buf_t *b, const char *fmt, va_list ap) CW_WUR;
/** Appends @p s (n bytes of UTF-8) as a JSON string literal with quotes. */
cw_err_t cw_buf_json_str(cw_buf_t *b, const char *s, size_t n) CW_WUR;

#endif
